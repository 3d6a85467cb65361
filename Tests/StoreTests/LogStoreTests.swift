import Foundation
import Testing

@testable import Store

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct LogStoreTests {
  @Test func crc32cKnownValue() {
    #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    #expect(CRC32C.checksum([]) == 0)
    var generator = SystemRandomNumberGenerator()
    for length in [1, 7, 8, 9, 63, 64, 65, 300, 4099] {
      let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
      bytes.withUnsafeBytes { raw in
        #expect(CRC32C.software(0, raw) == CRC32C.update(0, raw))
        let split = length / 3
        let first = CRC32C.update(0, UnsafeRawBufferPointer(rebasing: raw[0..<split]))
        #expect(CRC32C.update(first, UnsafeRawBufferPointer(rebasing: raw[split...])) == CRC32C.software(0, raw))
      }
    }
    #expect(Array("123456789".utf8).withUnsafeBytes { CRC32C.software(0, $0) } == 0xE306_9283)
  }

  @Test func headParsesWhatItPrints() throws {
    let hash = try #require(ChainHash(hex: String(repeating: "ab", count: 32)))
    let head = Head(seq: 42, hash: hash)
    #expect(Head(parsing: head.description) == head)
    #expect(Head(parsing: "42") == nil)
    #expect(Head(parsing: "x:\(hash.hex)") == nil)
    #expect(ChainHash(hex: "zz") == nil)
    #expect(ChainHash.zero.hex == String(repeating: "0", count: 64))
  }

  @Test func appendReadReopen() throws {
    let dir = TempDir()
    var appended: [Record] = []
    do {
      let store = try LogStore.open(directory: dir.store)
      #expect(store.head == .empty)
      #expect(!store.isReadOnly)
      appended += try store.append([pending(1)])
      appended += try store.append([pending(2), pending(3), pending(4)])
      #expect(appended.map(\.seq) == [1, 2, 3, 4])
      #expect(appended[1].prevHash == appended[0].hash)
      #expect(store.head == appended[3].head)
      let read = try allRecords(store)
      #expect(read.map(\.hash) == appended.map(\.hash))
      #expect(read[2].payload == pending(3).payload)
      #expect(read[2].actor == testActor)
      #expect(read[2].type == "orderReceived")
      #expect(read[2].time == pending(3).time)
      var fromThree: [UInt64] = []
      try store.read(from: 3) { fromThree.append($0.seq) }
      #expect(fromThree == [3, 4])
    }
    let again = try LogStore.open(directory: dir.store)
    #expect(again.head == appended[3].head)
    #expect(again.openNotes.isEmpty)
    let report = again.verify()
    #expect(report.ok)
    #expect(report.head == appended[3].head)
    #expect(report.records == 4)
    #expect(again.verify(since: appended[1].head).extendsSince == true)
    #expect(again.verify(since: Head(seq: 2, hash: appended[0].hash)).extendsSince == false)
    #expect(again.verify(since: Head(seq: 9, hash: appended[0].hash)).ok == false)
  }

  @Test func readOnlyHandleRefusesAppends() throws {
    let dir = TempDir()
    _ = try LogStore.open(directory: dir.store).append([pending(1)])
    let store = try LogStore.open(directory: dir.store, readOnly: true)
    #expect(store.isReadOnly)
    #expect(store.head.seq == 1)
    #expect(throws: StoreError.self) { try store.append([pending(2)]) }
    #expect(throws: StoreError.self) { try LogStore.open(directory: dir.path + "/missing", readOnly: true) }
  }

  @Test func twoHandlesSeeEachOther() throws {
    let dir = TempDir()
    let writer = try LogStore.open(directory: dir.store)
    let reader = try LogStore.open(directory: dir.store)
    #expect(try reader.catchUp().isEmpty)
    try writer.append([pending(1)])
    try writer.append([pending(2)])
    #expect(try reader.catchUp().map(\.seq) == [1, 2])
    #expect(try reader.catchUp().isEmpty)
    try reader.append([pending(3)])
    try writer.append([pending(4)])
    #expect(writer.head.seq == 4)
    #expect(try reader.catchUp().map(\.seq) == [3, 4])
    #expect(try writer.catchUp().map(\.seq) == [1, 2, 3, 4])
    #expect(writer.verify().ok)
  }

  @Test func manyThreadsGroupCommit() async throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    await withTaskGroup(of: Void.self) { group in
      for worker in 0..<8 {
        group.addTask {
          for index in 0..<25 { _ = try? store.append([pending(worker * 1000 + index)]) }
        }
      }
    }
    #expect(store.head.seq == 200)
    let records = try allRecords(store)
    #expect(records.map(\.seq) == Array(1...200))
    #expect(store.verify().ok)
  }

  @Test func rotatesSegments() throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    let big = PendingRecord(time: Date(), actor: testActor, type: "big", payload: [UInt8](repeating: 7, count: 3 << 20))
    for _ in 0..<6 { try store.append([big]) }
    try store.append([pending(1)])
    #expect(segmentPaths(dir.store).count >= 2)
    #expect(try allRecords(store).count == 7)
    let reopened = try LogStore.open(directory: dir.store)
    #expect(reopened.head == store.head)
    var seqs: [UInt64] = []
    try reopened.read(from: 5) { seqs.append($0.seq) }
    #expect(seqs == [5, 6, 7])
    #expect(reopened.verify().ok)
    #expect(reopened.verify().segments == segmentPaths(dir.store).count)

    // Damage in the second segment: the records before it are delivered, then the damage is thrown.
    let second = segmentPaths(dir.store)[1]
    var bytes = fileBytes(second)
    bytes[SegmentHeader.size + 100] ^= 0x01
    writeBytes(bytes, to: second)
    var delivered: [UInt64] = []
    let damaged = try LogStore.open(directory: dir.store)
    #expect(throws: StoreError.self) { try damaged.read(from: 1) { delivered.append($0.seq) } }
    #expect(!delivered.isEmpty && delivered == Array(1...UInt64(delivered.count)))
    #expect(damaged.isReadOnly)
    #expect(damaged.damage?.segment == second)
    #expect(damaged.damage?.offset == SegmentHeader.size)
    #expect(damaged.verify().firstDamage?.segment == second)
  }
}

@Suite struct SegmentRolloverTests {
  /// Another handle (as another process would) fills the segment and starts the next one; this handle
  /// first meets the new segment while catching up or reading without the lock, and must still write to it.
  @Test(arguments: ["catchUp", "read", "append"])
  func writerSurvivesAnotherStartingANewSegment(firstMeeting: String) throws {
    let dir = TempDir()
    let writer = try LogStore.open(directory: dir.store)
    let other = try LogStore.open(directory: dir.store)
    _ = try writer.append([pending(0)])
    _ = try writer.catchUp()
    let big = 256 << 10
    var index = 1
    while segmentPaths(dir.store).count < 2 {
      _ = try other.append([pending(index, size: big)])
      index += 1
    }
    switch firstMeeting {
    case "catchUp": #expect(try writer.catchUp().count == index - 1)
    case "read": #expect(try allRecords(writer).count == index)
    default: break
    }
    let mine = try writer.append([pending(index)])
    #expect(mine.first?.seq == UInt64(index + 1))
    let again = try writer.append([pending(index + 1)], expectingHead: UInt64(index + 1))
    #expect(again.first?.seq == UInt64(index + 2))
    // The other handle goes on too, and a fresh handle verifies everything.
    _ = try other.append([pending(index + 2)])
    let fresh = try LogStore.open(directory: dir.store, readOnly: true)
    #expect(try allRecords(fresh).count == index + 3)
    #expect(!writer.isReadOnly && writer.damage == nil)
  }

  @Test func currentActorComesFromTheProcess() {
    let actor = StoreActor.current(login: "clerk07", environment: ["SSH_CLIENT": "192.0.2.7 52311 22"])
    #expect(actor.login == "clerk07")
    #expect(actor.uid == UInt32(getuid()))
    #expect(actor.sshClient == "192.0.2.7")
    #expect(StoreActor.current(login: "x", environment: [:]).sshClient == "")
  }
}
