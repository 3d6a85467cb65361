import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading many segments on two cores: a worker thread loads and verifies segments (CRC-32C, SHA-256,
/// chain, segment links) up to two ahead, while the caller's thread decodes and delivers the records of
/// segments already verified. Nothing is delivered before it has been verified.
/// Sendable: `ready`, `consumed` and `cancelled` (and the regions handed over) are guarded by `condition`.
final class ReadPipeline: @unchecked Sendable {
  /// One segment loaded and verified by the worker.
  final class Region {
    let index: Int
    let buffer: RegionBuffer
    let start: Int
    var outcome: Scan.Outcome?
    var failure: Error?

    init(index: Int, start: Int, capacity: Int) {
      self.index = index
      self.start = start
      self.buffer = RegionBuffer(capacity: capacity)
    }
  }

  private let segments: [LogStore.Segment]
  private let from: LogStore.Position
  private let to: LogStore.Position
  private let condition = NSCondition()
  private var ready: [Int: Region] = [:]
  private var consumed: Int
  private var cancelled = false
  private static let ahead = 2

  init(segments: [LogStore.Segment], from: LogStore.Position, to: LogStore.Position) {
    self.segments = segments
    self.from = from
    self.to = to
    self.consumed = from.segment
  }

  /// Delivers the records with seq ≥ `skipBelow`, in order; throws the first damage after delivering every
  /// good record before it.
  func run(skipBelow: UInt64, _ body: (Record) throws -> Void) throws {
    let worker = Thread { [self] in produce() }
    worker.stackSize = 1 << 20
    worker.start()
    defer {
      condition.lock()
      cancelled = true
      condition.broadcast()
      condition.unlock()
    }
    var cache = Frame.ActorCache()
    for index in from.segment...to.segment {
      condition.lock()
      while ready[index] == nil { condition.wait() }
      let region = ready.removeValue(forKey: index)!
      consumed = index + 1
      condition.broadcast()
      condition.unlock()
      if let outcome = region.outcome {
        var offset = region.start
        let base = region.buffer.base
        let origin = region.buffer.origin
        while offset < outcome.committedEnd {
          let pointer = base + (offset - origin)
          let length = Int(UInt32(littleEndian: pointer.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
          let view = Frame.View(pointer: pointer, size: Frame.overhead + length)
          if view.seq >= skipBelow, let record = view.record(reusing: &cache) { try body(record) }
          offset += view.size
        }
      }
      if let failure = region.failure { throw failure }
    }
  }

  private func produce() {
    var position = from
    for index in from.segment...to.segment {
      condition.lock()
      while !cancelled && index - consumed >= Self.ahead { condition.wait() }
      let stop = cancelled
      condition.unlock()
      if stop { return }
      let segment = segments[index]
      let isLast = index == to.segment
      var region = Region(index: index, start: position.offset, capacity: 0)
      do {
        let fd = try FS.open(segment.path, O_RDONLY)
        defer { FS.close(fd) }
        let end = isLast ? to.offset : try FS.size(fd, path: segment.path)
        region = Region(index: index, start: position.offset, capacity: end - position.offset)
        let got = try region.buffer.load(fd, from: position.offset, to: end, path: segment.path)
        let outcome = Scan.walk(
          region.buffer.base, origin: region.buffer.origin, start: position.offset, limit: got, expected: position.head,
          zeroEnds: segment.header.preallocated)
        region.outcome = outcome
        if !outcome.clean || got < end {
          region.failure = Damage(
            kind: .corrupt, segment: segment.path, offset: outcome.problem == nil ? outcome.committedEnd : outcome.stop,
            expectedSeq: outcome.committedHead.seq + 1, reason: outcome.problem ?? "record not committed")
        } else if !isLast {
          let next = segments[index + 1]
          if next.header.firstSeq != outcome.committedHead.seq + 1 || next.header.prevHash != outcome.committedHead.hash
          {
            region.failure = Damage(
              kind: .corrupt, segment: next.path, offset: 0, expectedSeq: outcome.committedHead.seq + 1,
              reason: "segment does not continue the chain")
          }
        }
        position = LogStore.Position(segment: index + 1, offset: SegmentHeader.size, head: outcome.committedHead)
      } catch {
        region.failure = error
      }
      condition.lock()
      ready[index] = region
      condition.broadcast()
      condition.unlock()
      if region.failure != nil { return }
    }
  }
}
