import Domain
import Foundation
import Store
import Testing

@testable import Engine

/// Records in the tagged encoding (fields by number) beside positional ones in one store, and a tagged
/// record with a field this build does not know.
@Suite struct TaggedRecordTests {
  static func liuyang() throws -> StaffRegistered {
    try JSONDecoder().decode(
      StaffRegistered.self, from: Data(#"{"login":"liuyang","name":"刘洋","roles":["clerk"],"team":"城东营业厅"}"#.utf8))
  }

  @Test func newRecordsAreTaggedAndReplayWithOlderOnes() throws {
    let dir = TempDir()
    do {
      let engine = try openEngine(dir)
      try engine.execute(VersionSkewTests.staff)
    }
    // An older GridDesk's record (positional) after the tagged ones.
    let old = try Event.staffRegistered(Self.liuyang()).positionalPayload()
    _ = try VersionSkewTests.appendNewerRecord(dir, type: "staff-registered", payload: old)
    let store = try LogStore.open(directory: dir.path + "/store", createIfMissing: false)
    var tagged = 0
    try store.read(from: 1) { record in if TaggedEncoder.isTagged(record.payload) { tagged += 1 } }
    #expect(tagged == Int(store.head.seq) - 1)
    let engine = try Engine(store: store, login: "admin", clock: { fixedNow })
    #expect(!engine.isReadOnly)
    #expect(engine.state.staff["xulei"] != nil && engine.state.staff["liuyang"] != nil)
  }

  @Test func aTaggedRecordWithAnUnknownFieldStopsTheEngineReadOnly() throws {
    let dir = TempDir()
    let seqBefore: UInt64
    do {
      let engine = try openEngine(dir)
      try engine.execute(VersionSkewTests.staff)
      seqBefore = engine.state.seq
    }
    // A newer GridDesk's staff-registered with a field 99 this build has no number for.
    var payload = try Event.staffRegistered(Self.liuyang()).payload()
    payload += [0x9A, 0x06, 0x01, 0x78]
    let newer = try VersionSkewTests.appendNewerRecord(dir, type: "staff-registered", payload: payload)
    let store = try LogStore.open(directory: dir.path + "/store", createIfMissing: false)
    let engine = try Engine(store: store, login: "admin", clock: { fixedNow })
    #expect(engine.state.seq == seqBefore)
    #expect(engine.isReadOnly)
    #expect(engine.unreadable?.seq == newer)
    #expect(engine.unreadable?.knownType == true)
    let message = try #require(engine.stopMessage)
    VersionSkewTests.expectUpgradeMessage(message, seq: newer)
    #expect(throws: EngineError.self) { try engine.execute(VersionSkewTests.staff) }
  }
}
