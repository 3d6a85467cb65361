import Foundation
import Testing

@testable import Store

@Suite struct MultiProcessTests {
  @Test(arguments: ["always", "never"])
  func severalProcessesAppendGaplessly(staging: String) throws {
    let dir = TempDir()
    _ = try LogStore.open(directory: dir.store)
    let probes = try (0..<4).map { index in
      try Probe(["append", dir.store, "60", "w\(index)", index == 3 ? "3" : "1"], staging: staging)
    }
    for probe in probes { #expect(probe.finish()) }
    for probe in probes { #expect(probe.process.terminationStatus == 0) }
    let store = try LogStore.open(directory: dir.store)
    let records = try allRecords(store)
    #expect(records.map(\.seq) == Array(1...240))
    let payloads = records.map { String(decoding: $0.payload, as: UTF8.self) }
    #expect(Set(payloads).count == 240)
    for probe in probes {
      for (seq, payload) in probe.acks { #expect(payloads[Int(seq) - 1] == payload) }
    }
    #expect(store.verify().ok)
  }

  @Test func killedAppendersLoseNoAcknowledgedRecord() throws {
    let dir = TempDir()
    _ = try LogStore.open(directory: dir.store)
    var acked: [(UInt64, String)] = []
    for round in 0..<6 {
      let probes = try (0..<4).map { index in
        try Probe(["append", dir.store, "100000", "r\(round)p\(index)", String(1 + index % 3)])
      }
      for probe in probes {
        let target = Int.random(in: 1...40)
        #expect(probe.wait(until: { probe.ackCount >= target }))
        probe.kill()
      }
      for probe in probes {
        #expect(probe.finish())
        acked += probe.acks
      }
      let store = try LogStore.open(directory: dir.store)
      #expect(!store.isReadOnly)
      let records = try allRecords(store)
      #expect(records.map(\.seq) == Array(1...UInt64(records.count)))
      for (seq, payload) in acked {
        #expect(seq <= UInt64(records.count))
        if seq <= UInt64(records.count) {
          #expect(String(decoding: records[Int(seq) - 1].payload, as: UTF8.self) == payload)
        }
      }
      #expect(store.verify().ok)
    }
  }

  @Test func fileSizeLimitFailsCleanlyAndLeavesAValidStore() throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    try store.append([pending(1)])
    let probe = try Probe(["fsize", dir.store, "6000"])
    #expect(probe.finish())
    #expect(probe.process.terminationStatus == 1)
    let lines = probe.lines
    let error = try #require(lines.first { $0.hasPrefix("error") })
    #expect(error.hasPrefix("error fileTooLarge"), "\(error)")
    #expect(error.contains("ulimit"))
    let acks = probe.acks
    #expect(acks.count > 5)
    // The same handle appends again once the limit is lifted: next seq, nothing lost or duplicated.
    #expect(lines.last == "recovered \(acks.count + 2)")
    let reopened = try LogStore.open(directory: dir.store)
    #expect(!reopened.isReadOnly)
    #expect(reopened.head.seq == UInt64(acks.count) + 2)
    let records = try allRecords(reopened)
    for (seq, payload) in acks { #expect(String(decoding: records[Int(seq) - 1].payload, as: UTF8.self) == payload) }
    #expect(String(decoding: records.last?.payload ?? [], as: UTF8.self) == "after")
    #expect(reopened.verify().ok)
    #expect(try reopened.append([pending(2)])[0].seq == UInt64(acks.count) + 3)
  }

  @Test func liveReaderSeesOtherProcessWithinASecond() throws {
    let dir = TempDir()
    let reader = try LogStore.open(directory: dir.store)
    let follower = try Probe(["follow", dir.store, "5"])
    let writer = try Probe(["append", dir.store, "5", "live"])
    #expect(writer.finish())
    let appendedAt = Date()
    var seen: UInt64 = 0
    while seen < 5 && Date().timeIntervalSince(appendedAt) < 1 {
      for record in try reader.catchUp() { seen = record.seq }
    }
    #expect(seen == 5)
    #expect(follower.finish(seconds: 5), "\(follower.lines) running=\(follower.process.isRunning)")
    #expect(follower.lines.last == "seen 5")
  }
}

@Suite struct SnapshotAndBackupTests {
  /// A toy projection: count, sum of payload bytes, last seq.
  struct Totals: Equatable {
    var count: UInt64 = 0
    var sum: UInt64 = 0
    var last: UInt64 = 0

    mutating func apply(_ record: Record) {
      count += 1
      sum += record.payload.reduce(0) { $0 + UInt64($1) }
      last = record.seq
    }

    var bytes: [UInt8] { [count, sum, last].flatMap { value in withUnsafeBytes(of: value) { Array($0) } } }

    init() {}
    init(bytes: [UInt8]) {
      let values = bytes.withUnsafeBytes { raw in
        (0..<3).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) }
      }
      count = values[0]
      sum = values[1]
      last = values[2]
    }
  }

  @Test func snapshotPlusTailEqualsFullReplay() throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    #expect(store.latestSnapshot() == nil)
    var totals = Totals()
    for index in 1...30 { try store.append([pending(index)]) }
    try store.read(from: 1) { totals.apply($0) }
    try store.writeSnapshot(totals.bytes, covering: store.head)
    for index in 31...50 { try store.append([pending(index)]) }
    let early = Totals()
    try store.writeSnapshot(early.bytes, covering: .empty)

    let reopened = try LogStore.open(directory: dir.store)
    let snapshot = try #require(reopened.latestSnapshot())
    #expect(snapshot.head.seq == 30)
    var fromSnapshot = Totals(bytes: snapshot.bytes)
    try reopened.read(from: snapshot.head.seq + 1) { fromSnapshot.apply($0) }
    var full = Totals()
    try reopened.read(from: 1) { full.apply($0) }
    #expect(fromSnapshot == full)
    #expect(full.count == 50)

    #expect(throws: StoreError.self) {
      try store.writeSnapshot([], covering: Head(seq: 10, hash: .zero))
    }
    // A snapshot file that does not match the chain is ignored.
    let forged = SnapshotFile.encode([1, 2, 3], covering: Head(seq: 40, hash: .zero))
    writeBytes(forged, to: dir.store + "/snapshots/" + SnapshotFile.fileName(seq: 40))
    #expect(reopened.latestSnapshot()?.head.seq == 30)
  }

  @Test func backupWhileAppendingVerifies() async throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    for index in 1...200 { try store.append([pending(index)]) }
    try store.writeSnapshot([9, 9], covering: store.head)
    let writer = Task.detached {
      for index in 201...400 { _ = try? store.append([pending(index)]) }
    }
    let report = try store.backup(to: dir.path + "/backup1")
    await writer.value
    #expect(report.verified)
    #expect(report.head.seq >= 200)
    let check = LogStore.verify(directory: dir.path + "/backup1")
    #expect(check.ok)
    #expect(check.head == report.head)
    let info = try #require(store.lastBackup)
    #expect(info.backedUpHead == report.head)
    let copy = try LogStore.open(directory: dir.path + "/backup1", readOnly: true)
    #expect(copy.latestSnapshot()?.bytes == [9, 9])
    #expect(throws: StoreError.self) { try store.backup(to: dir.path + "/backup1") }
  }
}

@Suite struct RingCrashTests {
  /// Probes appending 5 records each whose first append is staged in the ring: they open the store, then
  /// this process takes the lock and lets them go. Returns with the lock held and their slots ready.
  func stagedWaiters(_ dir: TempDir, _ store: LogStore, _ ids: [String]) throws -> [Probe] {
    let go = dir.path + "/go"
    let waiters = try ids.map { try Probe(["append", dir.store, "5", $0], environment: ["GRIDDESK_PROBE_GO": go]) }
    #expect(Probe.poll { waiters.allSatisfy { $0.lines.contains("opened") } })
    try FS.flock(store.lockFD, LOCK_EX, path: dir.store + "/LOCK")
    writeBytes([], to: go)
    #expect(Probe.poll { store.ring?.slots(in: .ready).count == ids.count })
    return waiters
  }

  /// A holder dies in the middle of a group (after writing all or half of it, before its fdatasync and
  /// before marking the waiters' slots): the waiters settle their slots themselves. Every acknowledged
  /// record is in the log once, nothing is duplicated, seq stays gapless.
  @Test(arguments: ["written", "torn"])
  func holderDiesMidGroup(mode: String) throws {
    var crashes = 0
    for attempt in 0..<3 {
      let dir = TempDir("holderDiesMidGroup\(mode)\(attempt)")
      // A demo store: the crash hook is honoured only there.
      let store = try LogStore.open(directory: dir.store, demo: true)
      try store.append([pending(1)])
      let waiters = try stagedWaiters(dir, store, ["w0", "w1", "w2"])
      // The holder to be: it queues for the lock (never stages) and dies while writing the group.
      let holder = try Probe(
        ["append", dir.store, "3", "h"], staging: "never", environment: ["GRIDDESK_TEST_CRASH": mode])
      #expect(Probe.poll { blockedOnFlock(dir.store + "/LOCK") })
      try FS.flock(store.lockFD, LOCK_UN, path: dir.store + "/LOCK")
      #expect(holder.finish())
      if holder.process.terminationStatus == 86 { crashes += 1 }
      for waiter in waiters { #expect(waiter.finish()) }
      for waiter in waiters { #expect(waiter.process.terminationStatus == 0, "\(waiter.lines)") }
      let reopened = try LogStore.open(directory: dir.store)
      let records = try allRecords(reopened)
      #expect(records.map(\.seq) == Array(1...UInt64(records.count)))
      let payloads = records.map { String(decoding: $0.payload, as: UTF8.self) }
      #expect(Set(payloads).count == payloads.count, "nothing duplicated")
      for probe in waiters + [holder] {
        for (seq, payload) in probe.acks { #expect(payloads[Int(seq) - 1] == payload) }
      }
      for index in 0..<3 {
        for item in 0..<5 { #expect(payloads.contains("w\(index)-\(item)")) }
      }
      #expect(reopened.verify().ok)
    }
    #expect(crashes > 0, "the holder never took the lock before the waiters")
  }

  /// Waiters killed while staged, or after their slot was written, leave nothing behind that blocks others.
  @Test func killedWaitersLeaveUsableSlots() throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    let ring = try #require(store.ring)
    let waiters = try stagedWaiters(dir, store, ["k0", "k1", "k2"])
    for waiter in waiters { waiter.kill() }
    for waiter in waiters { #expect(waiter.finish()) }
    try FS.flock(store.lockFD, LOCK_UN, path: dir.store + "/LOCK")
    // Their staged records may be written (an append in flight when its process died), once each.
    try store.append([pending(1)])
    for index in 0..<40 { try store.append([pending(index + 2)]) }
    let records = try allRecords(store)
    let payloads = records.map(\.payload)
    #expect(Set(payloads.map { Data($0) }).count == payloads.count)
    #expect(records.count >= 41 && records.count <= 44)
    #expect(ring.slots(in: .ready).isEmpty && ring.slots(in: .claimed).isEmpty)
    #expect(store.verify().ok)
  }
}
