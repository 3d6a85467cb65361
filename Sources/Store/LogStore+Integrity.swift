import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Opening's check of the closed segments (every segment but the last), run on a thread of its own so
/// that opening does not wait for it. Appending waits for it (a writer never writes on a log it has not
/// checked), and so do readers that must not present a damaged log as whole (`LogStore.integrityDamage`).
final class IntegrityCheck: @unchecked Sendable {
  private let condition = NSCondition()
  private var finished = false
  private var found: Damage?
  private var took: Double = 0

  /// Records the outcome and wakes whoever waits.
  func finish(_ damage: Damage?, seconds: Double) {
    condition.lock()
    found = damage
    took = seconds
    finished = true
    condition.broadcast()
    condition.unlock()
  }

  /// Waits until the check has finished; the damage it found, if any.
  func wait() -> Damage? {
    condition.lock()
    defer { condition.unlock() }
    while !finished { condition.wait() }
    return found
  }

  /// The damage found so far (nil while running or when none was found), without waiting.
  var damage: Damage? {
    condition.lock()
    defer { condition.unlock() }
    return found
  }

  /// Whether it has finished, and how long it took (seconds).
  var outcome: (finished: Bool, seconds: Double) {
    condition.lock()
    defer { condition.unlock() }
    return (finished, took)
  }
}

extension LogStore {
  /// Starts the check of the segments before the last one. Opening walks the last segment itself, and a
  /// snapshot spares the reading of the records it covers: without this check a damaged byte there would
  /// go unnoticed (and be appended after) until `griddesk verify`.
  func startIntegrityCheck() {
    io.lock()
    let segments = state.segments
    let damaged = state.damage != nil
    io.unlock()
    guard segments.count > 1, !damaged else {
      integrity.finish(nil, seconds: 0)
      return
    }
    let check = integrity
    Thread.detachNewThread { [weak self] in
      let started = DispatchTime.now().uptimeNanoseconds
      let damage = Self.checkClosedSegments(segments)
      if let damage, let self {
        self.io.lock()
        if self.state.damage == nil { self.state.damage = damage }
        self.state.notes.append(Self.note(for: damage))
        self.io.unlock()
      }
      check.finish(damage, seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
    }
  }

  /// Checks every segment but the last: each frame's CRC-32C (which finds any damaged byte, every burst
  /// of up to 32 bits for certain), the gapless seq and the previous-hash links from record to record and
  /// into the next segment's header, the commit of the last batch, and that only zeros follow the records
  /// of a preallocated segment. The SHA-256 of each record is not recomputed (a third of the cost of
  /// reading; `griddesk verify` does it): this finds damage, and only `verify --since` finds a rewrite.
  static func checkClosedSegments(_ segments: [Segment]) -> Damage? {
    let buffer = RegionBuffer(capacity: checkWindow)
    for index in 0..<segments.count - 1 {
      let segment = segments[index]
      let fd: Int32
      do {
        fd = try FS.open(segment.path, O_RDONLY)
      } catch let error as StoreError where error.code == .notFound {
        return nil  // moved aside by `griddesk repair` meanwhile: there is nothing left to check
      } catch {
        return Damage(
          kind: .corrupt, segment: segment.path, offset: 0, expectedSeq: segment.header.firstSeq,
          reason: "cannot read: \(error)")
      }
      defer { FS.close(fd) }
      if let damage = checkClosed(segment, fd: fd, next: segments[index + 1], buffer: buffer) { return damage }
    }
    return nil
  }

  /// Bytes read at a time by the check: a window that stays in the processor's cache while it is checked
  /// (measured: 1 MiB reads of the page cache cost a third of the system time of 8 MiB ones).
  static let checkWindow = 1 << 20

  /// Checks one closed segment, window by window (a window ends at a batch boundary; one that holds no
  /// whole batch is grown), and its link into the next segment's header.
  static func checkClosed(_ segment: Segment, fd: Int32, next: Segment, buffer: RegionBuffer) -> Damage? {
    var head = Head(seq: segment.header.firstSeq - 1, hash: segment.header.prevHash)
    var position = SegmentHeader.size
    var window = checkWindow
    func damage(_ offset: Int, _ reason: String) -> Damage {
      Damage(kind: .corrupt, segment: segment.path, offset: offset, expectedSeq: head.seq + 1, reason: reason)
    }
    do {
      let size = try FS.size(fd, path: segment.path)
      while true {
        let got = try buffer.load(fd, from: position, to: min(size, position + window), path: segment.path)
        let atEnd = got == size
        if got == position && !atEnd { return damage(position, "the file is shorter than it was") }
        let outcome = Scan.walk(
          buffer.base, origin: position, start: position, limit: got, expected: head,
          zeroEnds: segment.header.preallocated, hashes: false)
        let moved = outcome.committedEnd > position
        position = outcome.committedEnd
        head = outcome.committedHead
        if let problem = outcome.problem, !(outcome.incomplete && !atEnd) { return damage(outcome.stop, problem) }
        if outcome.endMark && outcome.committedEnd == outcome.stop {
          // The records end here: only zeros may follow, to the end of the file.
          let rest = Scan.isZero(buffer.base + (outcome.stop - buffer.origin), count: got - outcome.stop)
          if try !rest || !(atEnd || zeroFrom(fd, got, path: segment.path)) {
            return damage(outcome.stop, "bytes that are not zero after the end of the records")
          }
          break
        }
        if outcome.clean && atEnd { break }
        if atEnd { return damage(outcome.committedEnd, outcome.problem ?? "batch without its last record") }
        // A frame or a batch goes on past the window: read on from the last batch boundary.
        window = moved ? checkWindow : window * 2
      }
    } catch {
      return damage(position, "cannot read: \(error)")
    }
    guard next.header.firstSeq == head.seq + 1, next.header.prevHash == head.hash else {
      return Damage(
        kind: .corrupt, segment: next.path, offset: 0, expectedSeq: head.seq + 1,
        reason: "segment does not continue the chain")
    }
    return nil
  }

  /// Waits for opening's check of the earlier segments, then returns the first damage this handle knows
  /// of (nil when the log is intact as far as it was read and checked). A reader that prints a whole
  /// result (an export, a report) calls it first, so that it never presents a log cut short as whole.
  public func integrityDamage() -> Damage? {
    let found = integrity.wait()
    return damage ?? found
  }

  /// Whether opening's check of the earlier segments has finished, and how long it took (seconds).
  public var integrityCheck: (finished: Bool, seconds: Double) { integrity.outcome }
}
