import Domain
import Foundation
import Store
import Testing

@testable import Engine

/// A store written by a format version GridDesk has shipped, kept under `Fixtures/` (see its README.md).
/// These files are never re-recorded: a change that breaks one of these tests breaks the stores of halls
/// that run that version.
struct FrozenFixture: CustomTestStringConvertible, Sendable {
  /// The folder under `Fixtures/`.
  var name: String
  /// The store's `formatVersion`, which appending must keep.
  var formatVersion: Int
  /// The seq its snapshot covers.
  var snapshotSeq: UInt64
  /// The projection layout (`DomainState.snapshotVersion`) of the program that wrote the snapshot: this
  /// build must use the snapshot while it has the same layout, and otherwise ignore it and replay the log.
  var snapshotLayout: Int
  /// Whether it seals personal data (its key is kept beside the store as `store.key`).
  var sealed = false

  var testDescription: String { name }

  static let all = [
    // Written by ef21116 (the parent of ea28919, which introduced format 2).
    FrozenFixture(name: "format1", formatVersion: 1, snapshotSeq: 487, snapshotLayout: 4),
    // Written by 118dfb4.
    FrozenFixture(name: "format2", formatVersion: 2, snapshotSeq: 487, snapshotLayout: 6),
    // Written by b3ab58f: event payloads in the tagged encoding (fields by number), personal data sealed.
    FrozenFixture(name: "format2-tagged", formatVersion: 2, snapshotSeq: 502, snapshotLayout: 10, sealed: true),
  ]

  /// The fixture's folder: in the source tree, or the copy bundled with the tests when that is gone.
  var folder: String {
    get throws {
      let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/" + name)
      if FileManager.default.fileExists(atPath: source.path) { return source.path }
      let bundled = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
      return bundled.path
    }
  }

  /// The head `griddesk verify` printed when the fixture was recorded.
  var head: Head {
    get throws {
      let text = try String(contentsOfFile: try folder + "/head.txt", encoding: .utf8)
      return try #require(Head(parsing: text))
    }
  }

  /// `griddesk export --what events --format jsonl` as the recording program printed it, one object a line.
  var exportedEvents: [NSDictionary] {
    get throws {
      let text = try String(contentsOfFile: try folder + "/events.jsonl", encoding: .utf8)
      return try text.split(separator: "\n").map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? NSDictionary)
      }
    }
  }

  /// Copies the fixture's store into a fresh directory: the fixture itself is never opened, let alone
  /// written to.
  func copy(into dir: TempDir) throws -> String {
    let path = dir.path + "/store"
    try FileManager.default.copyItem(atPath: try folder + "/store", toPath: path)
    // A store that seals personal data has its key beside it (`DIR.key`), kept with the fixture.
    if FileManager.default.fileExists(atPath: try folder + "/store.key") {
      try FileManager.default.copyItem(atPath: try folder + "/store.key", toPath: path + ".key")
      // Git keeps no file modes: the key gets the mode a key file must have.
      try FileManager.default.setAttributes([.posixPermissions: 0o440], ofItemAtPath: path + ".key")
    }
    return path
  }
}

@Suite struct FrozenFixtureTests {
  /// A time after everything in the fixtures, for the records the tests append.
  static let later = Day(2026, 12, 3).start.addingTimeInterval(10 * 3600)

  @Test(arguments: FrozenFixture.all) func verifiesToItsHead(_ fixture: FrozenFixture) throws {
    let dir = TempDir()
    let path = try fixture.copy(into: dir)
    let expected = try fixture.head
    let report = LogStore.verify(directory: path)
    #expect(report.firstDamage == nil)
    #expect(report.head == expected)
    #expect(UInt64(report.records) == expected.seq)
    let store = try LogStore.open(directory: path, createIfMissing: false)
    #expect(store.head == expected)
    #expect(!store.isReadOnly)
    // Nothing was cut or found damaged on opening (a format-2 segment's zeros are unused space).
    #expect(store.openNotes.isEmpty)
    #expect(store.manifest.formatVersion == fixture.formatVersion)
    #expect(store.manifest.demo)
  }

  @Test(arguments: FrozenFixture.all) func replaysTheSameWithAndWithoutItsSnapshot(_ fixture: FrozenFixture) throws {
    let dir = TempDir()
    let path = try fixture.copy(into: dir)
    let head = try fixture.head
    let withSnapshot = try Engine(
      store: try LogStore.open(directory: path, createIfMissing: false), login: "root", clock: { Self.later })
    #expect(withSnapshot.store.latestSnapshot()?.head.seq == fixture.snapshotSeq)
    #expect(withSnapshot.state.seq == head.seq)
    #expect(!withSnapshot.isReadOnly)
    let usedSnapshot = withSnapshot.sinceSnapshot == Int(head.seq - fixture.snapshotSeq)
    if fixture.snapshotLayout == DomainState.snapshotVersion {
      #expect(usedSnapshot, "a snapshot of this build's own layout must be used")
    } else {
      // Another layout is ignored, said so, and the projections replayed from the whole log.
      #expect(!usedSnapshot)
      #expect(withSnapshot.sinceSnapshot == Int(head.seq))
      #expect(!withSnapshot.notes.isEmpty)
    }

    try FileManager.default.removeItem(atPath: path + "/snapshots")
    let replayed = try Engine(
      store: try LogStore.open(directory: path, createIfMissing: false), login: "root", clock: { Self.later })
    #expect(replayed.store.latestSnapshot() == nil)
    #expect(replayed.state.seq == head.seq)
    #expect(replayed.sinceSnapshot == Int(head.seq))
    #expect(replayed.notes.isEmpty)
    #expect(replayed.state.orders == withSnapshot.state.orders)
    #expect(replayed.state.staff == withSnapshot.state.staff)
    if fixture.sealed {
      // A sealed snapshot's bytes differ with every seal (fresh nonces): the customers are compared instead.
      #expect(replayed.state.customers == withSnapshot.state.customers)
    } else {
      #expect(try replayed.state.snapshotBytes() == withSnapshot.state.snapshotBytes())
    }
    replayed.state.checkInvariants()

    // What the fixtures hold: orders in several stages, customers, supervision records.
    let state = replayed.state
    #expect(state.orders.count == 15)
    #expect(state.customers.count == 15)
    #expect(state.staff.count == 9)
    #expect(state.orders.values.contains { $0.isArchived })
    #expect(Set(state.orders.values.compactMap(\.currentKind)).count >= 4)
    #expect(state.supervision.notices.count == 3)
    #expect(!state.supervision.risks.isEmpty)
    #expect(state.customers["3100000015"]?.phone == "13912345678")
  }

  @Test(arguments: FrozenFixture.all) func exportsTheSameEvents(_ fixture: FrozenFixture) throws {
    let dir = TempDir()
    let path = try fixture.copy(into: dir)
    let store = try LogStore.open(directory: path, createIfMissing: false, readOnly: true)
    let expected = try fixture.exportedEvents
    // `griddesk export` opens sealed fields with the key before masking them, as an engine does.
    let opener = fixture.sealed ? try Engine(store: store, login: "root", clock: { Self.later }) : nil
    let actual = try Self.exportEvents(store, opening: opener)
    #expect(actual.count == expected.count)
    #expect(UInt64(actual.count) == (try fixture.head).seq)
    for (a, e) in zip(actual, expected) where !a.isEqual(e) {
      Issue.record("record \(e["seq"] ?? "?") exports differently:\nexpected \(e)\nactual   \(a)")
      break
    }
  }

  @Test(arguments: FrozenFixture.all) func takesNewRecords(_ fixture: FrozenFixture) throws {
    let dir = TempDir()
    let path = try fixture.copy(into: dir)
    let head = try fixture.head
    do {
      let engine = try Engine(
        store: try LogStore.open(directory: path, createIfMissing: false), login: "root", clock: { Self.later })
      try engine.execute(
        Command(RegisterStaff(login: "xulei", name: "徐磊", roles: [.clerk], team: "城东营业厅")), as: "root",
        at: Self.later)
      try engine.execute(
        Command(SendNotice(to: "xulei", team: nil, text: "欢迎加入城东营业厅")), as: "zhaomin",
        at: Self.later.addingTimeInterval(60))
      #expect(engine.store.head.seq == head.seq + 2)
      try engine.writeSnapshot()
    }
    let report = LogStore.verify(directory: path, since: head)
    #expect(report.firstDamage == nil)
    #expect(report.extendsSince == true)
    #expect(report.head.seq == head.seq + 2)
    let reopened = try Engine(
      store: try LogStore.open(directory: path, createIfMissing: false), login: "root", clock: { Self.later })
    // The store keeps its format, so that programs of that version still running on it understand it.
    #expect(reopened.store.manifest.formatVersion == fixture.formatVersion)
    #expect(reopened.state.seq == head.seq + 2)
    #expect(reopened.sinceSnapshot == 0)
    #expect(reopened.state.staff["xulei"]?.name == "徐磊")
    #expect(reopened.state.supervision.notices.count == 4)
    // The records from before are untouched.
    #expect(
      try Self.exportEvents(reopened.store, opening: fixture.sealed ? reopened : nil).prefix(Int(head.seq))
        .elementsEqual(fixture.exportedEvents))
  }

  /// The events as `griddesk export --what events --format jsonl` prints them: one object per record with
  /// its seq, time (China Standard Time), actor login and uid, type, and the event's fields, masked as on
  /// screen. Each object goes through JSON text and back, as the recorded lines did.
  static func exportEvents(_ store: any EventLog, opening engine: Engine? = nil) throws -> [NSDictionary] {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(secondsFromGMT: Day.offset)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    var objects: [NSDictionary] = []
    try store.read(from: 1) { record in
      let event = try engine?.event(of: record) ?? Event(type: record.type, payload: record.payload)
      let data = try JSONSerialization.jsonObject(with: try event.masked().jsonData(encoder))
      let object: [String: Any] = [
        "seq": Int(record.seq), "time": formatter.string(from: record.time), "actor": record.actor.login,
        "uid": Int(record.actor.uid), "type": record.type, "data": data,
      ]
      let text = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
      objects.append(try #require(try JSONSerialization.jsonObject(with: text) as? NSDictionary))
    }
    return objects
  }
}
