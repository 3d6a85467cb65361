/// Walking the frames of a segment and telling a torn tail from corruption.
enum Scan {
  struct Outcome {
    /// File offset just after the last record that ends a committed batch.
    var committedEnd: Int
    /// The head at `committedEnd`.
    var committedHead: Head
    /// File offset where walking stopped (`limit` when every frame was good).
    var stop: Int
    /// Why walking stopped before `limit`.
    var problem: String?
    /// True when the problem is in the framing (incomplete, bad length, checksum): only such a problem
    /// can be a torn write. Chain and content problems in a frame whose checksum holds never are.
    var framingProblem: Bool
    var records: UInt64
    /// True when walking stopped at zero bytes where a frame would start: in a preallocated segment, the
    /// end of what was written (`zeroEnds`). The caller checks that what follows is zero too.
    var endMark = false
    /// True when walking stopped at a frame that goes on past `limit`.
    var incomplete = false
    /// True when `deliver` asked to stop.
    var aborted = false

    var clean: Bool { problem == nil && committedEnd == stop }
  }

  /// Walks frames from file offset `start` to `limit` over `base`, which holds the file's bytes from file
  /// offset `origin`. Verifies the CRC, the SHA-256, the chain from `expected` and the body layout. Hands
  /// each record of a committed batch to `deliver`, in order, until it returns false. With `zeroEnds` (a
  /// preallocated segment), a zero frame header where a frame would start ends the walk (`endMark`).
  /// Without `hashes`, the SHA-256 of each record is not recomputed (the CRC-32C still covers every byte,
  /// and the chain is still followed through the stored hashes).
  static func walk(
    _ base: UnsafeRawPointer, origin: Int, start: Int, limit: Int, expected: Head, zeroEnds: Bool = false,
    hashes: Bool = true, deliver: (Frame.View) -> Bool = { _ in true }
  ) -> Outcome {
    var outcome = Outcome(
      committedEnd: start, committedHead: expected, stop: start, problem: nil, framingProblem: false, records: 0)
    var offset = start
    var last = expected
    var pending: [Frame.View] = []
    while offset < limit {
      if zeroEnds && isZero(base + (offset - origin), count: min(Frame.headerSize, limit - offset)) {
        outcome.stop = offset
        outcome.endMark = true
        return outcome
      }
      switch Frame.check(base, offset: offset - origin, limit: limit - origin) {
      case .incomplete:
        outcome.stop = offset
        outcome.problem = "incomplete record"
        outcome.framingProblem = true
        outcome.incomplete = true
        return outcome
      case .bad(let why):
        outcome.stop = offset
        outcome.problem = why
        outcome.framingProblem = true
        return outcome
      case .ok(let size, let commit):
        let view = Frame.View(pointer: base + (offset - origin), size: size)
        var problem: String?
        if view.seq != last.seq &+ 1 {
          problem = "seq \(view.seq) where \(last.seq &+ 1) was expected"
        } else if view.prevHash != last.hash {
          problem = "hash chain broken (previous hash does not match)"
        } else if hashes && !view.hashMatches {
          problem = "record hash mismatch"
        } else if view.layout() == nil {
          problem = "malformed record body"
        }
        if let problem {
          outcome.stop = offset
          outcome.problem = problem
          outcome.framingProblem = false
          return outcome
        }
        last = Head(seq: view.seq, hash: view.hash)
        offset += size
        outcome.stop = offset
        if commit {
          for earlier in pending where !deliver(earlier) {
            outcome.aborted = true
            return outcome
          }
          if !deliver(view) {
            outcome.aborted = true
            return outcome
          }
          outcome.records += UInt64(pending.count + 1)
          pending.removeAll(keepingCapacity: true)
          outcome.committedEnd = offset
          outcome.committedHead = last
        } else {
          pending.append(view)
        }
      }
    }
    return outcome
  }

  /// Whether all `count` bytes at `pointer` are zero.
  static func isZero(_ pointer: UnsafeRawPointer, count: Int) -> Bool {
    var at = 0
    while at + 8 <= count {
      if pointer.loadUnaligned(fromByteOffset: at, as: UInt64.self) != 0 { return false }
      at += 8
    }
    while at < count {
      if pointer.load(fromByteOffset: at, as: UInt8.self) != 0 { return false }
      at += 1
    }
    return true
  }

  /// The offset just after the last non-zero byte of `count` bytes at `pointer` (0 when all are zero).
  static func nonZeroEnd(_ pointer: UnsafeRawPointer, count: Int) -> Int {
    var end = count
    while end >= 8 && pointer.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self) == 0 { end -= 8 }
    while end > 0 && pointer.load(fromByteOffset: end - 1, as: UInt8.self) == 0 { end -= 1 }
    return end
  }

  /// Whether the bad frame at `stop` is an *incomplete* record, the start of a frame whose writing stopped
  /// (a torn write): what was written is a prefix of a frame, and only zero bytes (or the end of the file)
  /// follow it. A *full* record that fails its checksum is damage, never a torn write, even at the very end:
  /// it was acknowledged, and cutting it would hand its seq to another record.
  ///
  /// `base` holds the file's bytes from `origin` to `end`; `dataEnd` is the end of the last byte that is
  /// not zero (nothing but zeros from there to `end`). A complete record ends with its SHA-256, which is not
  /// zero, so a frame whose declared end lies past `dataEnd` was not written whole, unless its length field
  /// is the damaged part (checked: a complete record ending right at `dataEnd`, with another length).
  static func isIncompleteRecord(_ base: UnsafeRawPointer, origin: Int, stop: Int, dataEnd: Int, end: Int) -> Bool {
    func byte(_ offset: Int) -> UInt8 {
      offset < dataEnd ? base.load(fromByteOffset: offset - origin, as: UInt8.self) : 0
    }
    let written = dataEnd - stop
    if written <= 0 { return true }  // nothing but zeros
    // The header's first bytes, as far as they were written: version, flags, reserved.
    guard byte(stop) == Frame.version, byte(stop + 1) & ~Frame.flagCommit == 0, byte(stop + 2) == 0,
      byte(stop + 3) == 0
    else { return false }
    if written <= 8 { return true }  // the length (or less) written, nothing after it
    var lengthBytes: UInt32 = 0
    for index in 0..<4 { lengthBytes |= UInt32(byte(stop + 4 + index)) << (8 * index) }
    let length = Int(lengthBytes)
    guard length >= Frame.minBody, length <= Frame.maxBody else { return false }
    let frameEnd = stop + Frame.overhead + length
    if dataEnd >= frameEnd { return false }  // written whole: damage
    let hashStart = frameEnd - 32
    if dataEnd > hashStart {
      // Stopped inside the hash: header and body are there, so the hash written so far must be the start
      // of the right one. When the file holds the whole frame (zeros at its end), at least two bytes must
      // be zero: a single damaged byte could have zeroed the last one of a complete record.
      guard frameEnd - dataEnd >= 2 || end < frameEnd else { return false }
      let computed = Frame.hashOf(
        header: UnsafeRawBufferPointer(start: base + (stop - origin), count: 8),
        body: UnsafeRawBufferPointer(start: base + (stop + Frame.headerSize - origin), count: length)
      ).bytes
      return (hashStart..<dataEnd).allSatisfy { computed[$0 - hashStart] == byte($0) }
    }
    // The hash is all zero: not a complete record of this length. A complete record whose length field was
    // damaged would end at `dataEnd` (or a few bytes later, if its hash ends with zero bytes).
    for candidateEnd in dataEnd..<min(dataEnd + 8, frameEnd) {
      let candidate = candidateEnd - stop - Frame.overhead
      guard candidate >= Frame.minBody else { continue }
      var header = (0..<4).map { byte(stop + $0) }
      Frame.appendLE(UInt32(candidate), to: &header)
      let hash = header.withUnsafeBytes {
        Frame.hashOf(
          header: $0, body: UnsafeRawBufferPointer(start: base + (stop + Frame.headerSize - origin), count: candidate))
      }
      if hash.bytes == (candidateEnd - 32..<candidateEnd).map(byte) { return false }
    }
    return true
  }

  /// The reason given for a bad frame at the end that is not an incomplete record.
  static func completeRecordReason(_ problem: String) -> String {
    "\(problem) in a record written whole (not a torn write)"
  }

  /// Whether any frame with a good checksum starts after `offset` (then the damage is not a torn tail).
  static func validFrameExists(_ base: UnsafeRawPointer, origin: Int, after offset: Int, limit: Int) -> Bool {
    var candidate = offset + 1
    while candidate + Frame.overhead + Frame.minBody <= limit {
      if case .ok = Frame.check(base, offset: candidate - origin, limit: limit - origin) { return true }
      candidate += 1
    }
    return false
  }
}

/// Bytes of one file region, read with one big `pread`.
final class RegionBuffer {
  private(set) var memory: UnsafeMutableRawBufferPointer
  private(set) var origin = 0
  private(set) var count = 0

  init(capacity: Int = 1 << 20) {
    memory = .allocate(byteCount: max(capacity, 4096), alignment: 16)
  }

  deinit { memory.deallocate() }

  var base: UnsafeRawPointer { UnsafeRawPointer(memory.baseAddress!) }

  /// Reads file bytes `from..<to` (fewer if the file is shorter); returns the end actually read.
  @discardableResult
  func load(_ fd: Int32, from: Int, to: Int, path: String) throws -> Int {
    let wanted = max(0, to - from)
    if wanted > memory.count {
      memory.deallocate()
      memory = .allocate(byteCount: wanted, alignment: 16)
    }
    origin = from
    count = try FS.pread(fd, UnsafeMutableRawBufferPointer(rebasing: memory[0..<wanted]), offset: from, path: path)
    return from + count
  }
}
