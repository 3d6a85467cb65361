import Domain
import Engine
import Foundation
import PostgresTestServer
import Store
import Testing

@testable import PostgresStore

/// A database of its own on the test process's server, with the GridDesk tables and a hall.
struct Hall {
  let server: PostgresTestServer
  let database: String
  let name: String

  init(_ name: String = "east", demo: Bool = true) throws {
    server = try PostgresTestServer.shared()
    database = try server.createDatabase()
    self.name = name
    // Roles are the cluster's: two databases installing the schema at once would both create them.
    Hall.installing.lock()
    defer { Hall.installing.unlock() }
    _ = try PostgresLog.open(address(), createIfMissing: true, demo: demo)
  }

  static let installing = NSLock()

  /// The hall's address, as the superuser by default.
  func address(user: String? = nil, password: String? = nil, hall: String? = nil) -> PostgresAddress {
    PostgresAddress(
      url: server.url(user: user ?? server.superuser, password: password, database: database), hall: hall ?? name)
  }

  func open(user: String? = nil, password: String? = nil, readOnly: Bool = false) throws -> PostgresLog {
    try PostgresLog.open(address(user: user, password: password), readOnly: readOnly)
  }

  /// A staff login of this hall (unique across the server's databases: roles are cluster-wide).
  func staff(_ prefix: String, halls: [String]? = nil) throws -> String {
    let login = "\(prefix)_\(database)"
    try server.createLogin(login, password: "pw")
    for hall in halls ?? [name] { try server.psql("GRANT griddesk_hall_\(hall) TO \(login)", database: database) }
    return login
  }
}

func pending(_ type: String, _ payload: String, login: String = "admin", ms: Int64 = 1_764_672_000_123) -> PendingRecord
{
  PendingRecord(
    time: Date(timeIntervalSince1970: Double(ms) / 1000), actor: StoreActor(login: login, uid: 1000, tty: "/dev/pts/1"),
    type: type, payload: Array(payload.utf8))
}

@Suite struct PostgresLogTests {
  @Test func appendsReadsAndVerifiesTheChain() throws {
    let hall = try Hall()
    let log = try hall.open()
    let first = try log.append([pending("a", "one"), pending("b", "two")], expectingHead: 0)
    let second = try log.append([pending("c", "three")], expectingHead: 2)
    #expect(first.map(\.seq) == [1, 2])
    #expect(second[0].prevHash == first[1].hash)
    var read: [Record] = []
    try log.read(from: 1) { read.append($0) }
    #expect(read.map(\.type) == ["a", "b", "c"])
    #expect(read.map(\.hash) == (first + second).map(\.hash))
    let report = log.verify(since: first[1].head)
    #expect(report.ok && report.head == second[0].head && report.records == 3)
    // Reopened, the hall starts at its head.
    #expect(try hall.open().head == second[0].head)
  }

  @Test func aDecisionIsAppendedOnlyOnItsHead() throws {
    let hall = try Hall()
    let a = try hall.open()
    let b = try hall.open()
    try a.append([pending("a", "1")], expectingHead: 0)
    #expect(throws: StoreError.self) { try b.append([pending("b", "2")], expectingHead: 0) }
    do {
      try b.append([pending("b", "2")], expectingHead: 0)
    } catch let error as StoreError {
      #expect(error.code == .headMoved)
    }
    #expect(try b.append([pending("b", "2")], expectingHead: 1).first?.seq == 2)
    #expect(a.verify().head.seq == 2)
  }

  @Test func theSameRecordsHashAsInADirectory() throws {
    let hall = try Hall()
    let log = try hall.open()
    let dir = NSTemporaryDirectory() + "griddesk-pg-dir-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let store = try LogStore.open(directory: dir, createIfMissing: true)
    let batch = [pending("a", "one"), pending("b", "two")]
    #expect(try log.append(batch).map(\.hash) == (try store.append(batch)).map(\.hash))
  }

  /// The database is not trusted to keep bytes: an event changed by a superuser (behind the trigger)
  /// fails verify, which names its seq.
  @Test func anUpdatedEventFailsVerifyWithItsSeq() throws {
    let hall = try Hall()
    let log = try hall.open()
    for n in 1...5 { try log.append([pending("t", "record \(n)")]) }
    try hall.server.psql(
      """
      SET session_replication_role = replica;
      UPDATE griddesk.events SET payload = convert_to('changed', 'UTF8') WHERE hall = '\(hall.name)' AND seq = 3;
      """, database: hall.database)
    let report = try hall.open().verify()
    #expect(!report.ok)
    #expect(report.firstDamage?.expectedSeq == 3)
    #expect(report.head.seq == 2)
    #expect(report.firstDamage?.error.en.contains("record 3") == true)
    // Reading stops there too, and the handle becomes read-only.
    let reader = try hall.open()
    #expect(throws: StoreError.self) { try reader.read(from: 1) { _ in } }
    #expect(reader.isReadOnly)
  }

  @Test func removedLastEventsFailVerify() throws {
    let hall = try Hall()
    let log = try hall.open()
    for n in 1...3 { try log.append([pending("t", "\(n)")]) }
    try hall.server.psql(
      "SET session_replication_role = replica; DELETE FROM griddesk.events WHERE hall = '\(hall.name)' AND seq = 3",
      database: hall.database)
    let report = try hall.open().verify()
    #expect(report.firstDamage?.expectedSeq == 3)
  }

  /// Staff insert and read, never update or delete (grants plus a trigger); each sees only its halls.
  @Test func staffAppendButNeverChangeAndSeeOnlyTheirHall() throws {
    let hall = try Hall(demo: false)
    _ = try PostgresLog.open(hall.address(hall: "west"), createIfMissing: true)
    let clerk = try hall.staff("clerk")
    let log = try hall.open(user: clerk, password: "pw")
    #expect(log.login == clerk)
    try log.append([pending("t", "mine", login: clerk)], expectingHead: 0)
    // Another login than the session's is refused (identity comes from the database).
    #expect(throws: StoreError.self) { try log.append([pending("t", "other", login: "someone")]) }
    let connection = try Connection(hall.address(user: clerk, password: "pw"))
    for sql in [
      "UPDATE griddesk.events SET payload = '\\x00' WHERE seq = 1", "DELETE FROM griddesk.events",
      "UPDATE griddesk.halls SET head_seq = 0", "TRUNCATE griddesk.events",
    ] {
      do {
        try connection.query(sql)
        Issue.record("\(sql) was allowed")
      } catch let error as StoreError {
        #expect(error.code == .permission, "\(sql): \(error.en)")
      }
    }
    #expect(try connection.query("SELECT count(*) FROM griddesk.events").int(0, 0) == 1)
    do {
      _ = try PostgresLog.open(hall.address(user: clerk, password: "pw", hall: "west"))
      Issue.record("a hall without rights opened")
    } catch let error as StoreError {
      #expect(error.code == .notFound)
      #expect(error.en.contains("Halls you can open: east"))
    }
    // The owner (superuser) cannot change an event either without switching the trigger off.
    #expect(throws: (any Error).self) {
      try hall.server.psql("UPDATE griddesk.events SET type = 'x'", database: hall.database)
    }
  }

  @Test func badConditionsGetClearWords() throws {
    let hall = try Hall()
    let clerk = try hall.staff("words")
    func code(_ address: PostgresAddress) -> StoreError.Code? {
      do {
        _ = try PostgresLog.open(address)
        return nil
      } catch let error as StoreError {
        #expect(!error.zh.isEmpty && !error.en.isEmpty)
        return error.code
      } catch {
        return nil
      }
    }
    #expect(code(hall.address(user: clerk, password: "wrong")) == .authentication)
    #expect(code(hall.address(user: "nobody_\(hall.database)", password: "pw")) == .authentication)
    let nowhere = PostgresAddress(
      url: "postgresql://x@/db?host=\(hall.server.socketDirectory)&port=\(hall.server.port + 1)", hall: "east")
    #expect(code(nowhere) == .unreachable)
    do {
      _ = try PostgresLog.open(nowhere)
    } catch let error as StoreError {
      #expect(error.en.contains(":\(hall.server.port + 1)") && error.en.contains("pg_isready"))
    }
    #expect(code(hall.address(hall: "nosuch")) == .notFound)
    #expect(code(hall.address(hall: "Bad-Name")) == .invalidArgument)
    #expect(code(hall.address(hall: "")) == .invalidArgument)
  }

  /// A lost connection: the append in flight is refused (not acknowledged), the next call reconnects.
  @Test func aLostConnectionIsNotAnAcknowledgementAndIsMadeAgain() throws {
    let hall = try Hall()
    let log = try hall.open()
    try log.append([pending("t", "1")])
    try hall.server.psql(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(hall.database)' AND pid <> pg_backend_pid()",
      database: hall.database)
    do {
      try log.append([pending("t", "2")], expectingHead: 1)
      Issue.record("an append on a dead connection was acknowledged")
    } catch let error as StoreError {
      #expect(error.code == .connectionLost)
      #expect(error.en.contains("not confirmed"))
    }
    #expect(try log.append([pending("t", "2")], expectingHead: 1).first?.seq == 2)
    #expect(log.verify().head.seq == 2)
  }

  @Test func notificationsTellOtherHandlesOfNewRecords() throws {
    let hall = try Hall()
    let writer = try hall.open()
    let reader = try hall.open()
    #expect(try reader.catchUp { _ in } == 0)
    #expect(try reader.catchUp { _ in } == 0)
    #expect(!reader.mayHaveChanged())
    try writer.append([pending("t", "1"), pending("t", "2")])
    var waited = 0
    while !reader.mayHaveChanged() && waited < 1_000 {
      usleep(5_000)
      waited += 1
    }
    #expect(reader.mayHaveChanged())
    var seen: [UInt64] = []
    #expect(try reader.catchUp { seen.append($0.seq) } == 2)
    #expect(seen == [1, 2])
    #expect(reader.head.seq == 2)
  }

  @Test func snapshotsMatchTheChain() throws {
    let hall = try Hall()
    let log = try hall.open()
    let records = try log.append([pending("t", "1")])
    #expect(log.latestSnapshot() == nil)
    try log.writeSnapshot([1, 2, 3], covering: records[0].head)
    #expect(log.latestSnapshot()?.bytes == [1, 2, 3])
    #expect(throws: StoreError.self) { try log.writeSnapshot([4], covering: Head(seq: 1, hash: .zero)) }
    let more = try log.append([pending("t", "2")])
    try log.writeSnapshot([5], covering: more[0].head)
    #expect(log.latestSnapshot()?.head == more[0].head)
  }

  @Test func aHallMovesBothWaysAndVerifiesToTheSameHead() throws {
    let hall = try Hall()
    let dir = NSTemporaryDirectory() + "griddesk-pg-copy-" + UUID().uuidString
    defer {
      try? FileManager.default.removeItem(atPath: dir)
      try? FileManager.default.removeItem(atPath: dir + "-back")
    }
    let store = try LogStore.open(directory: dir, createIfMissing: true)
    for n in 1...30 {
      try store.append((0..<(n % 3 + 1)).map { pending("t", "\(n).\($0)", ms: 1_764_672_000_000 + Int64(n * 7)) })
    }
    try store.writeSnapshot([9, 9], covering: store.head)
    let target = try PostgresLog.open(hall.address(hall: "moved"), createIfMissing: true)
    let head = try StoreCopy.copy(from: store, to: target)
    #expect(head == store.head)
    #expect(target.verify().head == store.verify().head)
    #expect(target.latestSnapshot()?.bytes == [9, 9])
    // And back, as a backup of the PostgreSQL hall: a verified directory.
    let report = try target.backup(to: dir + "-back")
    #expect(report.head == head)
    #expect(LogStore.verify(directory: dir + "-back").head == head)
    #expect(target.lastBackup?.backedUpHead == head)
    // Into a store that has records: refused.
    #expect(throws: StoreError.self) { try StoreCopy.copy(from: store, to: target) }
  }

  /// The engine does not know which backend it uses.
  @Test func theEngineRunsOnAPostgresHall() throws {
    let hall = try Hall()
    let keyDir = NSTemporaryDirectory() + "griddesk-pg-key-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: keyDir) }
    try FileManager.default.createDirectory(atPath: keyDir, withIntermediateDirectories: true)
    let now = Day(2026, 11, 27).start.addingTimeInterval(14 * 3600)
    let log = try hall.open()
    let engine = try Engine(store: log, login: log.login, clock: { now }, keyFile: keyDir + "/hall.key")
    try engine.bootstrapIfNew(name: "管理员", sealPersonalData: true)
    try engine.execute(Command(RegisterStaff(login: "wangli", name: "王丽", roles: [.clerk], team: "城东")))
    try engine.writeSnapshot()
    let other = try Engine(store: try hall.open(), login: log.login, clock: { now }, keyFile: keyDir + "/hall.key")
    #expect(other.state.staff["wangli"]?.name == "王丽")
    #expect(other.state.seq == engine.state.seq)
    try engine.execute(Command(RegisterStaff(login: "zhaomin", name: "赵敏", roles: [.clerk], team: "城东")))
    var waited = 0
    while !other.store.mayHaveChanged() && waited < 1_000 {
      usleep(5_000)
      waited += 1
    }
    #expect(try other.catchUp() > 0)
    #expect(other.state.staff["zhaomin"] != nil)
    #expect(other.store.verify().ok)
  }
}
