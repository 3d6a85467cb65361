import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Snapshot file `DIR/snapshots/<seq, 20 digits>.snap` (little-endian):
///
///     0   8   magic "GDSNAP01"
///     8   u32 format version (1)
///     12  u32 CRC-32C of bytes 16..<end
///     16  u64 seq covered
///     24  32  hash of record `seq` (zero for seq 0)
///     56  u64 length of the projection bytes
///     64  ... projection bytes (opaque to the store)
enum SnapshotFile {
  static let magic = Array("GDSNAP01".utf8)
  static let headerSize = 64

  static func encode(_ bytes: [UInt8], covering head: Head) -> [UInt8] {
    var out = magic
    Frame.appendLE(UInt32(1), to: &out)
    Frame.appendLE(UInt32(0), to: &out)
    Frame.appendLE(head.seq, to: &out)
    out.append(contentsOf: head.hash.bytes)
    Frame.appendLE(UInt64(bytes.count), to: &out)
    out.append(contentsOf: bytes)
    let crc = out.withUnsafeBytes { CRC32C.update(0, UnsafeRawBufferPointer(rebasing: $0[16...])) }
    withUnsafeBytes(of: crc.littleEndian) { for index in 0..<4 { out[12 + index] = $0[index] } }
    return out
  }

  /// Reads and checks a snapshot file: the projection bytes are read straight into their own array
  /// (a snapshot of a large hall is over 100 MiB: no second copy), and the CRC covers header and body.
  /// nil when the file is short, of another format, or fails its CRC.
  static func read(_ path: String) -> (head: Head, bytes: [UInt8])? {
    guard let fd = try? FS.open(path, O_RDONLY) else { return nil }
    defer { FS.close(fd) }
    guard let size = try? FS.size(fd, path: path), size >= headerSize else { return nil }
    var header = [UInt8](repeating: 0, count: headerSize)
    guard (try? header.withUnsafeMutableBytes { try FS.pread(fd, $0, offset: 0, path: path) }) == headerSize,
      header.prefix(8).elementsEqual(magic)
    else { return nil }
    return header.withUnsafeBytes { buffer -> (Head, [UInt8])? in
      let base = buffer.baseAddress!
      guard UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) == 1 else { return nil }
      let crc = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
      let seq = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
      let length = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 56, as: UInt64.self))
      guard length == UInt64(size - headerSize) else { return nil }
      guard
        let body = try? [UInt8](
          unsafeUninitializedCapacity: Int(length),
          initializingWith: { target, count in
            count = try FS.pread(fd, UnsafeMutableRawBufferPointer(target), offset: headerSize, path: path)
          }), body.count == Int(length)
      else { return nil }
      let headerCRC = CRC32C.update(0, UnsafeRawBufferPointer(rebasing: buffer[16...]))
      guard crc == body.withUnsafeBytes({ CRC32C.update(headerCRC, $0) }) else { return nil }
      return (Head(seq: seq, hash: ChainHash(pointer: base + 24)), body)
    }
  }

  static func fileName(seq: UInt64) -> String {
    let digits = String(seq)
    return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".snap"
  }
}

extension LogStore {
  /// Writes the projections' state covering `head` durably and atomically (temp file, fsync, rename,
  /// directory fsync). Older snapshots are removed only after the new one is durable; the previous one is kept.
  ///
  /// - Throws: `StoreError` with `.snapshotMismatch` when `head` is not a head of this log.
  public func writeSnapshot(_ bytes: [UInt8], covering head: Head) throws {
    if openedReadOnly { throw StoreError.readOnly(directory, because: nil) }
    guard try hash(at: head.seq) == head.hash else {
      throw StoreError(
        .snapshotMismatch, zh: "快照对应的日志头 \(head) 与日志不符，未写入。",
        en: "The snapshot's head \(head) is not in the log; not written.")
    }
    let path = snapshotDirectory + "/" + SnapshotFile.fileName(seq: head.seq)
    try FS.writeAtomically(path, SnapshotFile.encode(bytes, covering: head))
    let older = snapshotSeqs().filter { $0 < head.seq }
    for seq in older.dropFirst() { unlink(snapshotDirectory + "/" + SnapshotFile.fileName(seq: seq)) }
  }

  /// The newest snapshot whose head is in the chain (its seq's record has its hash); a snapshot that does
  /// not match is ignored, never trusted.
  public func latestSnapshot() -> (head: Head, bytes: [UInt8])? {
    for seq in snapshotSeqs() {
      guard let decoded = SnapshotFile.read(snapshotDirectory + "/" + SnapshotFile.fileName(seq: seq)),
        decoded.head.seq == seq,
        (try? hash(at: seq)) == decoded.head.hash
      else { continue }
      return decoded
    }
    return nil
  }

  /// Snapshot seqs on disk, newest first.
  func snapshotSeqs() -> [UInt64] {
    let names = (try? FS.list(snapshotDirectory)) ?? []
    return names.compactMap { name -> UInt64? in
      guard name.hasSuffix(".snap"), name.utf8.count == 25 else { return nil }
      return UInt64(name.prefix(20))
    }.sorted(by: >)
  }

  /// The verified hash of record `seq` (`.zero` for 0), or nil past the head.
  func hash(at seq: UInt64) throws -> ChainHash? {
    if seq == 0 { return .zero }
    io.lock()
    try? refreshTail(exclusive: false)
    let head = state.tail.head
    io.unlock()
    if seq > head.seq { return nil }
    if seq == head.seq { return head.hash }
    var found: ChainHash?
    try readUntil(seq) { found = $0 }
    return found
  }

  /// Verifies the segment holding `seq` from its start and reports the hash of record `seq`.
  private func readUntil(_ seq: UInt64, _ found: (ChainHash) -> Void) throws {
    io.lock()
    let segments = state.segments
    let tail = state.tail
    io.unlock()
    var index = 0
    while index + 1 < segments.count && segments[index + 1].header.firstSeq <= seq { index += 1 }
    let segment = segments[index]
    let fd = try FS.open(segment.path, O_RDONLY)
    defer { FS.close(fd) }
    let end = index == tail.segment ? tail.offset : try FS.size(fd, path: segment.path)
    let buffer = RegionBuffer()
    let got = try buffer.load(fd, from: 0, to: end, path: segment.path)
    _ = Scan.walk(
      buffer.base, origin: 0, start: SegmentHeader.size, limit: got,
      expected: Head(seq: segment.header.firstSeq - 1, hash: segment.header.prevHash),
      zeroEnds: segment.header.preallocated
    ) { view in
      if view.seq == seq {
        found(view.hash)
        return false
      }
      return true
    }
  }
}
