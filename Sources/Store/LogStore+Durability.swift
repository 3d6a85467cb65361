import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A batch written to the log by `LogStore.write`, not yet acknowledged: `LogStore.awaitDurable` returns its
/// records once a flush covers them.
public struct WrittenBatch: Sendable {
  /// The records as written, with their seq and hashes.
  public let records: [Record]
  /// The segment (its first seq) and the byte offset where the batch ends.
  let segment: UInt64
  let end: Int
  /// The board's cut counter when the batch was written.
  let cuts: UInt32
  /// Already flushed when written (no board, or nothing to write).
  let durable: Bool

  /// A batch that was durable when written (a backend whose write is its commit).
  public static func acknowledged(_ records: [Record]) -> WrittenBatch {
    WrittenBatch(records: records, segment: 0, end: 0, cuts: 0, durable: true)
  }
}

/// Group commit across processes (docs/store-format.md, "Group commit across processes").
///
/// A writer writes its batch under `DIR/LOCK` and lets the lock go without flushing. It then waits until
/// the board's durable mark covers its last record: it takes `flock` on `DIR/FLUSH` (one process at a time
/// flushes), and if the mark still does not cover it, it becomes the flusher: it finds the end of the log
/// (every batch written so far, by any process), `fdatasync`s the segment, and moves the mark to that end.
/// The appenders that waited for the board's lock meanwhile find their records covered and return without a
/// flush of their own. A flush carries every record written before it started, and records are written in
/// log order, so the mark is a prefix of the log: a record is acknowledged only once every record before it
/// is durable too.
extension LogStore {
  /// Returns the batch's records once they are durable (at once when they already are).
  ///
  /// - Throws: `StoreError` — the flush failed: the records were cut from the log (with every other record
  ///   not yet durable, whose writers get the same error) and are not acknowledged.
  @discardableResult
  public func awaitDurable(_ batch: WrittenBatch) throws -> [Record] {
    guard !batch.durable, let board, let last = batch.records.last else { return batch.records }
    var cuts = batch.cuts
    while true {
      let now = board.cuts
      if now != cuts {
        // A flush failed and cut the log back to its mark since we last looked: are our records still there?
        guard stillInLog(batch) else {
          // Learn now whether this handle must stop writing (it read records that are gone). What to
          // report is the cut's error; a failure to read the state again shows at the next use of the handle.
          io.lock()
          try? refreshTail(exclusive: false)
          io.unlock()
          throw board.lastCutError
        }
        cuts = now
        continue
      }
      if board.durableSeq >= last.seq {
        if board.cuts == cuts { return batch.records }
        continue  // a cut came in between: look again
      }
      try flush(covering: last.seq, board)
    }
  }

  /// Takes the board's lock and, unless a flush that covers `seq` finished meanwhile, flushes the log to its
  /// end and moves the mark there.
  private func flush(covering seq: UInt64, _ board: FlushBoard) throws {
    flushing.lock()
    defer { flushing.unlock() }
    let cuts = board.cuts
    do {
      try FS.flock(board.fd, LOCK_EX, path: board.path)
    } catch {
      // Without the board's lock (it cannot be taken: ENOLCK), flush this handle's tail directly; the mark
      // is left alone (only the lock's holder moves it), and the waiter then flushes itself every time.
      io.lock()
      defer { io.unlock() }
      try FS.fdatasync(state.tailFD, path: state.segments[state.tail.segment].path)
      if board.durableSeq < seq { throw error }
      return
    }
    // Letting go of a lock this descriptor holds does not fail in a way a caller could act on; closing the
    // descriptor (with the handle) releases it in any case.
    defer { try? FS.flock(board.fd, LOCK_UN, path: board.path) }
    if board.durableSeq >= seq || board.cuts != cuts { return }
    io.lock()
    defer { io.unlock() }
    if let crash = Self.testCrash, manifest.demo, crash.mode == "flush", crash.at <= 1 { _exit(86) }
    do {
      try refreshTail(exclusive: false)
    } catch {
      // The end of the log could not be read further (damage after our records, or a failed read): flush
      // what this handle knows, which holds the records waited for.
    }
    let target = state.tail
    let mark = board.mark
    guard target.head.seq > mark.seq, target.segment >= 0 else { return }
    let segment = state.segments[target.segment]
    do {
      if let failure = failNextFlush {
        failNextFlush = nil
        throw failure
      }
      // A segment started since the mark was flushed when the next one was started (`rotate`); flushing it
      // again costs nothing and covers a segment an older program started without it.
      for earlier in state.segments[..<target.segment] where earlier.header.firstSeq >= mark.segment {
        let fd = try FS.open(earlier.path, O_RDWR)
        defer { FS.close(fd) }
        try FS.fdatasync(fd, path: earlier.path)
      }
      try FS.fdatasync(state.tailFD, path: segment.path)
    } catch {
      let failure = error as? StoreError ?? StoreError.system("fdatasync", path: segment.path, errno: EIO)
      cutAfterFailedFlush(board, failure)
      throw failure
    }
    flushes += 1
    board.setMark(FlushBoard.Mark(seq: target.head.seq, segment: segment.header.firstSeq, offset: target.offset))
  }

  /// A flush failed (holding the board's lock and `io`): what it was to cover may not be on the disk, and
  /// is not flushed again (after a failed `fdatasync` the system may have dropped the pages). Under
  /// `DIR/LOCK` the log is cut back to the mark (every record not yet durable goes, with the records
  /// decided on them), the cut is flushed and the error put on the board; the writers still waiting find
  /// their records gone and fail with it. If even the cut fails, this handle stops writing (`poisoned`).
  private func cutAfterFailedFlush(_ board: FlushBoard, _ failure: StoreError) {
    do {
      try FS.flock(lockFD, LOCK_EX, path: lockPath)
    } catch {
      state.poisoned = failure
      return
    }
    // As elsewhere: letting go of a held lock does not fail in a way that could be acted on.
    defer { try? FS.flock(lockFD, LOCK_UN, path: lockPath) }
    do {
      try refreshTail(exclusive: true)
      let mark = board.mark
      let segment = state.segments[state.tail.segment]
      // The mark is in an earlier segment only when this one was started since; the segment before it was
      // flushed then, so the cut is at this segment's start.
      let cut = mark.segment == segment.header.firstSeq ? mark.offset : SegmentHeader.size
      if mark.segment != segment.header.firstSeq {
        board.setMark(
          FlushBoard.Mark(seq: segment.header.firstSeq - 1, segment: segment.header.firstSeq, offset: cut))
      }
      let cutRecords = state.tail.head.seq - board.durableSeq
      state.notes.append(
        StoreNote(
          kind: .writeFailed,
          zh: "写入磁盘失败，日志末尾 \(cutRecords) 条未确认的记录已撤回（各终端已被告知未保存）：\(failure.zh)",
          en: "A write to the disk failed; \(cutRecords) unacknowledged records at the end of the log were withdrawn "
            + "(their terminals were told nothing was saved): \(failure.en)",
          segment: segment.path, offset: cut, bytes: state.tail.offset - cut, sideFile: nil))
      if state.tail.offset > cut {
        try FS.truncate(state.tailFD, to: cut, path: segment.path)
        try FS.fdatasync(state.tailFD, path: segment.path)
      }
      board.recordCut(failure)
      try reload(exclusive: true)
    } catch {
      board.recordCut(failure)
      state.poisoned = failure
    }
  }

  /// Whether the batch's last record is still in the log where it was written (its hash, which commits to
  /// every record before it, is at the batch's end).
  func stillInLog(_ batch: WrittenBatch) -> Bool {
    guard let last = batch.records.last else { return true }
    let path = logDirectory + "/" + SegmentHeader.fileName(firstSeq: batch.segment)
    guard let fd = try? FS.open(path, O_RDONLY) else { return false }
    defer { FS.close(fd) }
    var bytes = [UInt8](repeating: 0, count: 32)
    let got = bytes.withUnsafeMutableBytes { raw in
      (try? FS.pread(fd, raw, offset: batch.end - 32, path: path)) ?? 0
    }
    return got == 32 && bytes == last.hash.bytes
  }
}
