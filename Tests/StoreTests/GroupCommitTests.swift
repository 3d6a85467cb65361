import Foundation
import Testing

@testable import Store

#if canImport(Glibc)
  import Glibc
#endif

/// Group commit across processes: batches written without waiting for the disk, acknowledged once the
/// flush board's mark covers them; one flush for several writers (each handle here stands for a process:
/// its own descriptors and `flock`s).
@Suite struct GroupCommitTests {
  @Test func batchesWrittenMeanwhileShareOneFlush() throws {
    let dir = TempDir()
    let a = try LogStore.open(directory: dir.store)
    let b = try LogStore.open(directory: dir.store)
    let reader = try LogStore.open(directory: dir.store)
    let first = try a.write([pending(1)], expectingHead: 0)
    // Written, not yet durable: others read it and decide on it.
    #expect(try reader.catchUp().map(\.seq) == [1])
    #expect(try b.catchUp().map(\.seq) == [1])
    let second = try b.write([pending(2), pending(3)], expectingHead: 1)
    let board = try #require(a.board)
    #expect(board.durableSeq == 0)
    // One flush by b carries a's batch too; a then returns without flushing.
    #expect(try b.awaitDurable(second).map(\.seq) == [2, 3])
    #expect(board.durableSeq == 3)
    #expect(try a.awaitDurable(first).map(\.seq) == [1])
    #expect(b.flushes == 1 && a.flushes == 0)
    // A conditional write on a stale head is refused and writes nothing.
    #expect(throws: StoreError.self) { try a.write([pending(4)], expectingHead: 1) }
    #expect(try a.append([pending(4)], expectingHead: 3).map(\.seq) == [4])
    #expect(board.mark == FlushBoard.Mark(seq: 4, segment: 1, offset: segmentData(segmentPaths(dir.store)[0]).count))
    #expect(a.verify().ok)
  }

  /// A failed flush (an `fdatasync` error) acknowledges nothing it was to cover: every record not yet
  /// durable is cut (with the decision made on it), each writer still waiting gets the error, every handle
  /// that had read a record now gone refuses to write (its projections hold it), and the log goes on from
  /// the last durable record.
  @Test func aFailedFlushCutsWhatWasNotDurableAndFailsItsWriters() throws {
    let dir = TempDir()
    let a = try LogStore.open(directory: dir.store)
    let b = try LogStore.open(directory: dir.store)
    let reader = try LogStore.open(directory: dir.store)
    try a.append([pending(1)], expectingHead: 0)
    _ = try b.catchUp()
    let second = try b.write([pending(2)], expectingHead: 1)
    _ = try a.catchUp()
    let third = try a.write([pending(3)], expectingHead: 2)  // decided on record 2
    #expect(try reader.catchUp().map(\.seq) == [1, 2, 3])
    b.failNextFlush = StoreError.system("fdatasync", path: "x", errno: EIO)
    #expect {
      try b.awaitDurable(second)
    } throws: { error in
      (error as? StoreError)?.code == .io
    }
    #expect(b.openNotes.contains { $0.kind == .writeFailed && $0.en.contains("2 unacknowledged records") })
    #expect {
      try a.awaitDurable(third)
    } throws: { error in
      (error as? StoreError)?.code == .io
    }
    #expect(try allRecords(b).map(\.payload) == [pending(1).payload])
    // a decided on record 2 and the reader showed it: both stop writing and say why.
    #expect {
      try reader.catchUp()
    } throws: { error in
      (error as? StoreError)?.zh.contains("请退出并重新启动 GridDesk") == true
    }
    for handle in [a, reader] {
      #expect(handle.isReadOnly)
      #expect {
        try handle.append([pending(9)])
      } throws: { error in
        (error as? StoreError)?.en.contains("Quit and start GridDesk again") == true
      }
    }
    // b had read only record 1: it goes on from there, and so does a handle opened afresh.
    #expect(!b.isReadOnly)
    #expect(try b.append([pending(4)], expectingHead: 1).map(\.seq) == [2])
    let reopened = try LogStore.open(directory: dir.store)
    #expect(try reopened.append([pending(5)]).map(\.seq) == [3])
    #expect(try allRecords(reopened).map(\.payload) == [1, 4, 5].map { pending($0).payload })
    #expect(reopened.board?.durableSeq == 3)
    #expect(reopened.verify().ok)
  }

  /// The board is laid out anew when missing, and its mark pulled back when the log is shorter (repair).
  @Test func boardMarkFollowsTheLog() throws {
    let dir = TempDir()
    do {
      let store = try LogStore.open(directory: dir.store)
      for index in 1...3 { try store.append([pending(index)]) }
      #expect(store.board?.durableSeq == 3)
    }
    // As if a repair had cut the log to one record: the mark is not left beyond it.
    let segment = segmentPaths(dir.store)[0]
    let bytes = segmentData(segment)
    let other = TempDir()
    try LogStore.open(directory: other.store).append([pending(1)])
    let one = segmentData(segmentPaths(other.store)[0]).count
    #expect(Array(bytes[0..<one]) == segmentData(segmentPaths(other.store)[0]))
    writeBytes(Array(bytes[0..<one]), to: segment)
    let store = try LogStore.open(directory: dir.store)
    #expect(store.head.seq == 1)
    #expect(store.board?.mark == FlushBoard.Mark(seq: 1, segment: 1, offset: one))
    // A new record gets seq 2 and is flushed, not taken for durable by the old mark.
    let batch = try store.write([pending(7)], expectingHead: 1)
    #expect(store.board?.durableSeq == 1)
    #expect(try store.awaitDurable(batch).map(\.seq) == [2])
    #expect(store.flushes == 1)
    unlink(dir.store + "/FLUSH")
    let again = try LogStore.open(directory: dir.store)
    #expect(again.board?.durableSeq == 2)
  }

  /// A writer dies after writing (all or half of its batch) or as the flusher before its `fdatasync`, while
  /// another writer's batch waits for a flush: that batch is acknowledged by the next flush, the dead
  /// writer's torn piece is cut, the log verifies, and appending goes on.
  @Test(arguments: ["written", "torn", "flush"])
  func aWriterDiesWhileAnotherWaitsForTheFlush(mode: String) throws {
    let dir = TempDir()
    // A demo store: the crash hook is honoured only there.
    let store = try LogStore.open(directory: dir.store, demo: true)
    try store.append([pending(1)])
    let waiting = try store.write([pending(2)], expectingHead: 1)
    let dying = try Probe(["decide", dir.store, "3", "x"], environment: ["GRIDDESK_TEST_CRASH": mode])
    #expect(dying.finish())
    #expect(dying.process.terminationStatus == 86)
    #expect(dying.acks.isEmpty)
    #expect(try store.awaitDurable(waiting).map(\.seq) == [2])
    let reopened = try LogStore.open(directory: dir.store)
    let payloads = try allRecords(reopened).map { String(decoding: $0.payload, as: UTF8.self) }
    #expect(try allRecords(reopened).prefix(2).map(\.payload) == [pending(1).payload, pending(2).payload])
    // The dead writer's record was never acknowledged: whole, it may stay; torn, it is cut.
    #expect(payloads.count == (mode == "torn" ? 2 : 3))
    if mode == "torn" { #expect(reopened.openNotes.contains { $0.kind == .tornTailCut }) }
    #expect(!reopened.isReadOnly)
    #expect(try reopened.append([pending(9)]).map(\.seq) == [UInt64(payloads.count + 1)])
    #expect(reopened.verify().ok)
  }
}
