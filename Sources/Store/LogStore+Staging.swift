import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Group commit across processes, through the staging ring (`StageRing`, `DIR/RING`).
///
/// An appender that finds the lock taken places its batches in a free slot of the ring (`ready`) and sleeps
/// on the ring's futex. The lock holder, after catching up, claims every ready slot (`claimed`, with the
/// place where its records will be), writes its own batches and all claimed ones with one `pwrite` and one
/// `fdatasync`, marks the slots `done` (or `failed`), and wakes the sleepers. A waiter whose slot is `done`
/// reads its records back from the log at the claimed place (verified, content compared) and returns; one
/// whose slot is still staged when the lock comes free takes the lock itself. A slot found `claimed` by a
/// lock holder was claimed by a holder that died: the new holder settles it before it writes anything
/// (records found in the log are kept and made durable, the rest written after them, or the slot is staged
/// again), so no acknowledged record is lost and none is written twice.
extension LogStore {
  /// What became of batches staged in the ring.
  enum RingOutcome {
    /// Durable in the log: the records.
    case done([[Record]])
    case failed(StoreError)
    /// The lock was free before a holder took the slot: the caller now holds the lock; the slot (still
    /// staged, or claimed by a holder that died) is settled by the caller as the new holder.
    case locked(slot: Int)
    /// Not staged (no ring, no free slot, or too big): queue for the lock.
    case notStaged
  }

  static let stageMagic = Array("GDSTG001".utf8)

  static func encodeUnit(_ batches: [[PendingRecord]]) -> [UInt8] {
    var out = stageMagic
    Frame.appendLE(UInt32(batches.count), to: &out)
    for batch in batches {
      Frame.appendLE(UInt32(batch.count), to: &out)
      for record in batch {
        Frame.appendLE(UInt64(bitPattern: Frame.milliseconds(record.time)), to: &out)
        Frame.appendLE(record.actor.uid, to: &out)
        for text in [record.actor.login, record.actor.tty, record.actor.sshClient, record.type] {
          let bytes = Array(text.utf8)
          Frame.appendLE(UInt32(bytes.count), to: &out)
          out.append(contentsOf: bytes)
        }
        Frame.appendLE(UInt32(record.payload.count), to: &out)
        out.append(contentsOf: record.payload)
      }
    }
    return out
  }

  static func decodeUnit(_ raw: [UInt8]) -> [[PendingRecord]]? {
    var at = 0
    func take(_ count: Int) -> ArraySlice<UInt8>? {
      guard count >= 0, at + count <= raw.count else { return nil }
      defer { at += count }
      return raw[at..<at + count]
    }
    func int<T: FixedWidthInteger>(_ type: T.Type) -> T? {
      guard let bytes = take(MemoryLayout<T>.size) else { return nil }
      return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) }
    }
    guard take(8).map({ $0.elementsEqual(stageMagic) }) == true, let batchCount = int(UInt32.self),
      batchCount <= 1 << 16
    else { return nil }
    var batches: [[PendingRecord]] = []
    for _ in 0..<batchCount {
      guard let count = int(UInt32.self), count <= 1 << 20 else { return nil }
      var batch: [PendingRecord] = []
      for _ in 0..<count {
        guard let ms = int(UInt64.self), let uid = int(UInt32.self) else { return nil }
        var texts: [String] = []
        for _ in 0..<4 {
          guard let length = int(UInt32.self), let bytes = take(Int(length)) else { return nil }
          texts.append(String(decoding: bytes, as: UTF8.self))
        }
        guard let length = int(UInt32.self), let payload = take(Int(length)) else { return nil }
        batch.append(
          PendingRecord(
            time: Date(timeIntervalSince1970: Double(Int64(bitPattern: ms)) / 1000),
            actor: StoreActor(login: texts[0], uid: uid, tty: texts[1], sshClient: texts[2]), type: texts[3],
            payload: Array(payload)))
      }
      batches.append(batch)
    }
    return at == raw.count ? batches : nil
  }

  /// Stages `batches` in the ring and sleeps until a holder has written them, or the lock comes free.
  func stageInRing(_ batches: [[PendingRecord]]) -> RingOutcome {
    guard let ring, let slot = ring.stage(Self.encodeUnit(batches)) else { return .notStaged }
    var timedOut = false
    while true {
      let seen = ring.wakeCount(slot)
      switch ring.state(slot) {
      case .done:
        let claim = ring.claim(slot)
        ring.setState(slot, .free)
        let found = readBack(claim, batches: batches).found
        if found.count == batches.count { return .done(found) }
        return .failed(
          StoreError(
            .corrupt, zh: "已提交的记录在日志中找不到，请运行 griddesk verify。",
            en: "Records reported committed are not in the log; run griddesk verify."))
      case .failed:
        let error = ring.error(slot)
        ring.setState(slot, .free)
        return .failed(error)
      case let current:
        // Still staged (the holder let the lock go, or it went before we staged), or claimed by a holder that
        // has not finished for a while (it may have died): if the lock is free, take it and settle the slot
        // ourselves. A claimed slot is otherwise simply waited for: its holder wakes us.
        if current == .ready || timedOut, (try? FS.tryLock(lockFD, path: lockPath)) == true {
          return .locked(slot: slot)
        }
        timedOut = ring.sleep(slot: slot, seen: seen, nanoseconds: 5_000_000)
      }
    }
  }

  /// A claimed unit the holder settles: `found` leading batches are in the log at `claim`; `rest` is written
  /// right after them in this round (empty when all were found).
  struct Settled {
    var slot: Int
    var claim: StageRing.Claim
    var rest: [[PendingRecord]]
  }

  /// Under the lock, after catching up: slots left `claimed` by a holder that died. Batches found in the log
  /// at the claim are kept (they become durable with this round's `fdatasync`); if some are missing and the
  /// found ones end the log, the rest is written right after them; if none is there the slot is staged again.
  func settleDeadClaims() -> [Settled] {
    guard let ring else { return [] }
    var settled: [Settled] = []
    for slot in ring.slots(in: .claimed) {
      guard let batches = ring.unit(slot) else {
        ring.fail(slot, .invalidRecord("暂存的记录无法读取", "the staged records cannot be read"))
        continue
      }
      let claim = ring.claim(slot)
      let (found, end) = readBack(claim, batches: batches)
      let tailSegment = state.segments[state.tail.segment].header.firstSeq
      if !found.isEmpty && claim.segmentFirstSeq != tailSegment {
        // In an earlier segment: this round's fdatasync does not cover it.
        let path = logDirectory + "/" + SegmentHeader.fileName(firstSeq: claim.segmentFirstSeq)
        guard let fd = try? FS.open(path, O_RDWR) else {
          ring.fail(slot, .system("open", path: path, errno: errno))
          continue
        }
        defer { FS.close(fd) }
        do {
          try FS.fdatasync(fd, path: path)
        } catch {
          ring.fail(slot, error as? StoreError ?? .system("fdatasync", path: path, errno: EIO))
          continue
        }
      }
      if found.isEmpty && (claim.segmentFirstSeq != tailSegment || claim.offset >= state.tail.offset) {
        ring.setState(slot, .ready)
      } else if found.count == batches.count
        || (claim.segmentFirstSeq == tailSegment && end == state.tail.offset && settled.allSatisfy(\.rest.isEmpty))
      {
        settled.append(Settled(slot: slot, claim: claim, rest: Array(batches[found.count...])))
      } else {
        ring.fail(
          slot,
          StoreError(
            .io, zh: "提交这些记录的进程中途退出，记录未全部写入。", en: "The process committing these records died before writing them all.")
        )
      }
    }
    return settled
  }

  /// Reads back, from the place in a claim, the leading batches of `batches` that are in the log with exactly
  /// this content, verified; and the file offset where they end.
  func readBack(_ claim: StageRing.Claim, batches: [[PendingRecord]]) -> (found: [[Record]], end: Int) {
    let first = readBackOnce(claim, batches: batches)
    if first.found.count == batches.count { return first }
    // The cached descriptor may be of a file that repair moved away: once more with a fresh one.
    if let old = readBackFD { FS.close(old.fd) }
    readBackFD = nil
    return readBackOnce(claim, batches: batches)
  }

  private func readBackOnce(_ claim: StageRing.Claim, batches: [[PendingRecord]]) -> (found: [[Record]], end: Int) {
    let offset = claim.offset
    let firstSeq = claim.firstSeq
    let path = logDirectory + "/" + SegmentHeader.fileName(firstSeq: claim.segmentFirstSeq)
    if readBackFD?.segment != claim.segmentFirstSeq {
      if let old = readBackFD { FS.close(old.fd) }
      readBackFD = (try? FS.open(path, O_RDONLY)).map { (claim.segmentFirstSeq, $0) }
    }
    guard let fd = readBackFD?.fd else { return ([], offset) }
    var foundEnd = offset
    var total = 0
    for batch in batches {
      for record in batch {
        total +=
          Frame.overhead + Frame.minBody + record.actor.login.utf8.count + record.actor.tty.utf8.count
          + record.actor.sshClient.utf8.count + record.type.utf8.count + record.payload.count
      }
    }
    let buffer = RegionBuffer(capacity: total)
    guard let end = try? buffer.load(fd, from: offset, to: offset + total, path: path) else { return ([], offset) }
    var cursor = offset
    var seq = firstSeq
    var previous: ChainHash?
    var cache = Frame.ActorCache()
    var found: [[Record]] = []
    for batch in batches {
      var records: [Record] = []
      for (index, pending) in batch.enumerated() {
        guard case .ok(let size, let commit) = Frame.check(buffer.base, offset: cursor - offset, limit: end - offset)
        else { return (found, foundEnd) }
        let view = Frame.View(pointer: buffer.base + (cursor - offset), size: size)
        guard view.seq == seq, commit == (index == batch.count - 1), previous == nil || view.prevHash == previous,
          view.hashMatches, let record = view.record(reusing: &cache),
          Frame.milliseconds(record.time) == Frame.milliseconds(pending.time), record.actor == pending.actor,
          record.type == pending.type, record.payload == pending.payload
        else { return (found, foundEnd) }
        records.append(record)
        previous = record.hash
        seq += 1
        cursor += size
      }
      found.append(records)
      foundEnd = cursor
    }
    return (found, foundEnd)
  }
}
