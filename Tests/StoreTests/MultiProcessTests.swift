import Foundation
import Testing

@testable import Store

@Suite struct MultiProcessTests {
  /// Plain appends (`append`), and decisions as the engine makes them (`decide`: conditional, under
  /// DIR/DECIDE, acknowledged after the flush that follows).
  @Test(arguments: ["append", "decide"])
  func severalProcessesAppendGaplessly(mode: String) throws {
    let dir = TempDir()
    _ = try LogStore.open(directory: dir.store)
    let probes = try (0..<4).map { index in
      try Probe(
        mode == "append"
          ? ["append", dir.store, "60", "w\(index)", index == 3 ? "3" : "1"] : ["decide", dir.store, "60", "w\(index)"])
    }
    for probe in probes { #expect(probe.finish()) }
    for probe in probes { #expect(probe.process.terminationStatus == 0) }
    let store = try LogStore.open(directory: dir.store)
    let records = try allRecords(store)
    #expect(records.map(\.seq) == Array(1...240))
    let payloads = records.map { String(decoding: $0.payload, as: UTF8.self) }
    #expect(Set(payloads).count == 240)
    if mode == "decide" {
      // Each decision was written on the head it was made on: the record just before it.
      for record in records {
        #expect(String(decoding: record.payload, as: UTF8.self).hasSuffix("@\(record.seq - 1)"))
      }
    }
    for probe in probes {
      for (seq, payload) in probe.acks { #expect(payloads[Int(seq) - 1] == payload) }
    }
    #expect(store.verify().ok)
  }

  /// kill -9 at random moments of concurrent appends (plain ones, and decisions as the engine makes them:
  /// written under DIR/DECIDE, acknowledged after a shared flush): nothing acknowledged is lost, the log
  /// verifies, and each decision kept is on the record before it.
  @Test(arguments: ["append", "decide"])
  func killedAppendersLoseNoAcknowledgedRecord(mode: String) throws {
    let dir = TempDir()
    _ = try LogStore.open(directory: dir.store)
    var acked: [(UInt64, String)] = []
    for round in 0..<6 {
      let probes = try (0..<4).map { index in
        try Probe(
          mode == "append"
            ? ["append", dir.store, "100000", "r\(round)p\(index)", String(1 + index % 3)]
            : ["decide", dir.store, "100000", "r\(round)p\(index)"])
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
      if mode == "decide" {
        for record in records where String(decoding: record.payload, as: UTF8.self).hasPrefix("r") {
          #expect(String(decoding: record.payload, as: UTF8.self).hasSuffix("@\(record.seq - 1)"))
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
