import Foundation
import Testing

@testable import Store

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct StagingTests {
  @Test func stagedUnitRoundTrips() throws {
    let batches = [[pending(1), pending(2, type: "stageAdvanced", size: 0)], [pending(3, size: 500)]]
    let decoded = try #require(LogStore.decodeUnit(LogStore.encodeUnit(batches)))
    #expect(decoded.count == 2)
    #expect(decoded[0].map(\.payload) == batches[0].map(\.payload))
    #expect(decoded[0][1].type == "stageAdvanced")
    #expect(decoded[1][0].actor == testActor)
    #expect(Frame.milliseconds(decoded[1][0].time) == Frame.milliseconds(batches[1][0].time))
    #expect(LogStore.decodeUnit(Array(LogStore.encodeUnit(batches).dropLast())) == nil)
    #expect(LogStore.decodeUnit(Array("garbage".utf8)) == nil)
  }

  /// Stages `batches` in the ring of `store` as another process would; returns the slot.
  func stage(_ store: LogStore, _ batches: [[PendingRecord]]) throws -> Int {
    let ring = try #require(store.ring)
    return try #require(ring.stage(LogStore.encodeUnit(batches)))
  }

  func claim(_ store: LogStore, _ dir: TempDir) throws -> StageRing.Claim {
    let segment = try #require(segmentPaths(dir.store).last)
    let first = try #require(SegmentHeader.firstSeq(fileName: (segment as NSString).lastPathComponent))
    return StageRing.Claim(segmentFirstSeq: first, offset: segmentData(segment).count, firstSeq: store.head.seq + 1)
  }

  /// The log bytes `batches` get when appended after `pending(1)` (records are deterministic), from the
  /// end of the first record: what a holder would have written.
  func written(_ batches: [[PendingRecord]]) throws -> [UInt8] {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    try store.append([pending(1)])
    let start = segmentData(try #require(segmentPaths(dir.store).first)).count
    for batch in batches { try store.append(batch) }
    return Array(segmentData(try #require(segmentPaths(dir.store).first))[start...])
  }

  /// Writes `bytes` into the last segment at `offset`, as a holder that died afterwards would have.
  func writeAsDeadHolder(_ bytes: [UInt8], _ dir: TempDir, at offset: Int) throws {
    let segment = try #require(segmentPaths(dir.store).last)
    let handle = try #require(FileHandle(forWritingAtPath: segment))
    try handle.seek(toOffset: UInt64(offset))
    handle.write(Data(bytes))
    try handle.close()
  }

  @Test func holderWritesStagedSlotsWithItsOwn() throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    let other = try LogStore.open(directory: dir.store)
    let staged = [[pending(10)], [pending(11), pending(12)]]
    let slot = try stage(other, staged)
    let mine = try store.append([pending(1)])
    #expect(mine.map(\.seq) == [1])
    #expect(store.head.seq == 4)
    let ring = try #require(other.ring)
    #expect(ring.state(slot) == .done)
    let back = other.readBack(ring.claim(slot), batches: staged).found
    #expect(back.map { $0.map(\.seq) } == [[2], [3, 4]])
    #expect(back.flatMap { $0 }.map(\.payload) == staged.flatMap { $0 }.map(\.payload))
    ring.setState(slot, .free)
    #expect(store.verify().ok)
  }

  /// A holder claimed a slot, wrote all of it and died before marking it done: the next holder keeps the
  /// records (no duplicate) and marks the slot done.
  @Test func deadHoldersFullyWrittenClaimIsKept() throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    try store.append([pending(1)])
    let waiter = try LogStore.open(directory: dir.store)
    let staged = [[pending(2)], [pending(3), pending(4)]]
    let slot = try stage(waiter, staged)
    let ring = try #require(waiter.ring)
    let place = try claim(store, dir)
    ring.setClaim(slot, place)
    try writeAsDeadHolder(try written(staged), dir, at: place.offset)
    let next = try LogStore.open(directory: dir.store)
    #expect(try next.append([pending(5)]).map(\.seq) == [5])
    #expect(ring.state(slot) == .done)
    #expect(waiter.readBack(ring.claim(slot), batches: staged).found.map { $0.map(\.seq) } == [[2], [3, 4]])
    ring.setState(slot, .free)
    let records = try allRecords(next)
    #expect(records.map(\.seq) == [1, 2, 3, 4, 5])
    #expect(next.verify().ok)
  }

  /// The dead holder wrote the first batch only: the next holder writes the rest right after it.
  @Test func deadHoldersPartlyWrittenClaimIsCompleted() throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    try store.append([pending(1)])
    let waiter = try LogStore.open(directory: dir.store)
    let staged = [[pending(2)], [pending(3), pending(4)]]
    let slot = try stage(waiter, staged)
    let ring = try #require(waiter.ring)
    let place = try claim(store, dir)
    ring.setClaim(slot, place)
    try writeAsDeadHolder(try written([staged[0]]), dir, at: place.offset)
    let next = try LogStore.open(directory: dir.store)
    #expect(try next.append([pending(5)]).map(\.seq) == [5])
    #expect(ring.state(slot) == .done)
    let back = waiter.readBack(ring.claim(slot), batches: staged).found
    #expect(back.map { $0.map(\.seq) } == [[2], [3, 4]])
    ring.setState(slot, .free)
    let payloads = try allRecords(next).map(\.payload)
    #expect(payloads == ([pending(1)] + staged.flatMap { $0 } + [pending(5)]).map(\.payload))
    #expect(next.verify().ok)
  }

  /// The dead holder wrote nothing of the slot (or only a torn piece): it is staged again and written once.
  @Test func deadHoldersUnwrittenClaimIsStagedAgain() throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    try store.append([pending(1)])
    let waiter = try LogStore.open(directory: dir.store)
    let staged = [[pending(2), pending(3)]]
    let slot = try stage(waiter, staged)
    let ring = try #require(waiter.ring)
    let place = try claim(store, dir)
    ring.setClaim(slot, place)
    // A torn piece of the dead holder's write.
    try writeAsDeadHolder(Array(try written(staged).prefix(100)), dir, at: place.offset)
    let next = try LogStore.open(directory: dir.store)
    #expect(next.openNotes.first?.kind == .tornTailCut)
    #expect(try next.append([pending(5)]).map(\.seq) == [2])
    #expect(ring.state(slot) == .done)
    #expect(waiter.readBack(ring.claim(slot), batches: staged).found.map { $0.map(\.seq) } == [[3, 4]])
    ring.setState(slot, .free)
    #expect(try allRecords(next).count == 4)
    #expect(next.verify().ok)
  }

  /// A waiter whose slot nobody took when the lock came free takes the lock and writes its records itself.
  @Test func waiterTakesTheLockWhenItComesFree() async throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    let blocker = try LogStore.open(directory: dir.store)
    try FS.flock(blocker.lockFD, LOCK_EX, path: dir.store + "/LOCK")
    let writer = Task.detached { try store.append([pending(1)]) }
    let ring = try #require(blocker.ring)
    var staged = false
    for _ in 0..<5000 where !staged {
      staged = !ring.slots(in: .ready).isEmpty
      if !staged { await Task.yield() }
    }
    #expect(staged)
    // Let the lock go without writing the slot (as if the holder had finished just before it was staged).
    try FS.flock(blocker.lockFD, LOCK_UN, path: dir.store + "/LOCK")
    #expect(try await writer.value.map(\.seq) == [1])
    #expect(ring.slots(in: .ready).isEmpty && ring.slots(in: .done).isEmpty)
    #expect(store.verify().ok)
  }

  /// Slots left by processes that died while filling them are freed when the ring runs out of slots.
  @Test func slotsOfDeadProcessesAreReclaimed() throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    let ring = try #require(store.ring)
    var taken: [Int] = []
    while let slot = ring.stage([1, 2, 3]) { taken.append(slot) }
    #expect(taken.count == StageRing.slotCount)
    for slot in taken {
      ring.setState(slot, slot % 2 == 0 ? .filling : .done)
      (ring.slotPointer(slot) + 4).storeBytes(of: UInt32(999_999_999), as: UInt32.self)
    }
    let slot = try #require(ring.stage(LogStore.encodeUnit([[pending(1)]])))
    #expect(ring.state(slot) == .ready)
    #expect(try store.append([pending(2)]).map(\.seq) == [1])
    #expect(ring.state(slot) == .done)
  }

  @Test func currentActorComesFromTheProcess() {
    let actor = StoreActor.current(login: "clerk07", environment: ["SSH_CLIENT": "192.0.2.7 52311 22"])
    #expect(actor.login == "clerk07")
    #expect(actor.uid == UInt32(getuid()))
    #expect(actor.sshClient == "192.0.2.7")
    #expect(StoreActor.current(login: "x", environment: [:]).sshClient == "")
  }
}
