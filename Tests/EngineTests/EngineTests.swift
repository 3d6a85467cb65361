import Domain
import Foundation
import Store
import Testing

@testable import Engine

/// A fresh directory per test, removed afterwards.
final class TempDir {
  let path: String
  init() {
    path = NSTemporaryDirectory() + "griddesk-engine-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(atPath: path) }
}

let fixedNow = Day(2026, 11, 27).start.addingTimeInterval(14 * 3600 + 5 * 60)  // Friday 14:05 CST

func openEngine(_ dir: TempDir, login: String = "admin", demo: Bool = true, now: Date = fixedNow) throws -> Engine {
  let store = try LogStore.open(directory: dir.path + "/store", createIfMissing: true, demo: demo)
  let engine = try Engine(store: store, login: login, clock: { now })
  try engine.bootstrapIfNew(name: "管理员")
  return engine
}

@Suite struct EngineTests {
  @Test func firstAccountIsAdminAndStateSurvivesReopen() throws {
    let dir = TempDir()
    do {
      let engine = try openEngine(dir)
      #expect(engine.me?.has(.admin) == true)
      try engine.execute(Command(RegisterStaff(login: "wangli", name: "王丽", roles: [.clerk], team: "城东")))
    }
    let again = try openEngine(dir)
    #expect(again.state.staff["wangli"]?.name == "王丽")
    #expect(again.state.seq == again.store.head.seq)
  }

  /// `demo --orders N` gives exactly N orders, the repeat complaint of the supervisor's desk included,
  /// and reports the progress it makes.
  @Test(arguments: [0, 1, 7, 120]) func demoGivesExactlyTheOrdersAskedFor(_ n: Int) throws {
    let dir = TempDir()
    let engine = try openEngine(dir)
    let seen = Counter()
    var hall = DemoHall(orders: n, seed: 3, now: fixedNow)
    hall.progress = { done, total in
      #expect(total == n && done <= n)
      seen.set(done)
    }
    #expect(try hall.populate(engine) == n)
    #expect(engine.state.orders.count == n)
    #expect(seen.value == n)  // the last progress report is the whole
  }

  @Test func demoPopulatesEveryBusinessTypeAndIsDeterministic() throws {
    let a = TempDir()
    let b = TempDir()
    let e1 = try openEngine(a)
    let e2 = try openEngine(b)
    let n = try DemoHall(orders: 60, seed: 7, now: fixedNow).populate(e1)
    _ = try DemoHall(orders: 60, seed: 7, now: fixedNow).populate(e2)
    #expect(n == 60)
    #expect(e1.state.orders.count == 60)
    #expect(e1.state.orders == e2.state.orders)
    let types = Set(e1.state.orders.values.map(\.type))
    #expect(types.count == e1.state.standard(on: Day(containing: fixedNow)).businessTypes.count)
    let stages = Set(e1.state.orders.values.compactMap(\.currentKind))
    #expect(stages.count >= 6)
    #expect(e1.state.orders.values.contains { $0.isSuspended })
    #expect(e1.state.orders.values.contains { $0.isArchived })
    let rows = e1.state.queue(QueueQuery(), viewer: nil, now: fixedNow)
    #expect(rows.contains { $0.stageStatus == .overdue })
    #expect(e1.state.staff["zhoupeng"].map { !$0.passedAssessment } == true)
    e1.state.checkInvariants()
  }

  @Test func snapshotThenTailEqualsFullReplay() throws {
    let dir = TempDir()
    let engine = try openEngine(dir)
    try DemoHall(orders: 20, seed: 3, now: fixedNow).populate(engine)
    try engine.writeSnapshot()
    try engine.execute(
      Command(RegisterStaff(login: "late", name: "迟到", roles: [.clerk], team: "城东")), as: nil, at: fixedNow)
    let reopened = try openEngine(dir)
    #expect(reopened.state.orders == engine.state.orders)
    #expect(reopened.state.staff == engine.state.staff)
    #expect(reopened.state.seq == engine.state.seq)
    // And a full replay without the snapshot agrees.
    try FileManager.default.removeItem(atPath: dir.path + "/store/snapshots")
    let replayed = try openEngine(dir)
    #expect(replayed.state.orders == engine.state.orders)
  }

  @Test func twoProcessesNeverTakeTheSameOrderNumber() throws {
    let dir = TempDir()
    let a = try openEngine(dir)
    try a.execute(Command(RegisterStaff(login: "wangli", name: "王丽", roles: [.clerk], team: "城东")))
    // Only trained and assessed staff receive orders (guide ch. 1.1).
    try a.execute(
      Command(
        RecordTraining(
          login: "wangli", topic: "规范", days: 8, passed: true, on: Day(containing: fixedNow).adding(days: -30))))
    let b = try openEngine(dir, login: "wangli")
    let c = try openEngine(dir, login: "wangli")
    func receive(_ e: Engine, _ id: String) throws -> String {
      var form = CustomerForm(
        name: "张三", kind: .individual, idKind: .resident, idNumber: id, phone: "13812345678",
        address: "城东区解放路1号", useCategory: .residential)
      form.meters = []
      let type = e.state.standard(on: Day(containing: fixedNow)).businessTypes[0].id
      try e.execute(Command(ReceiveOrder(newCustomer: form, type: type, channel: .counter, needs: "新装")))
      for case .orderReceived(let r) in e.lastEvents { return r.number }
      return ""
    }
    // c decides on a stale state (it has not seen b's order); the store refuses and c decides again.
    let first = try receive(b, "11010519491231002X")
    let second = try receive(c, "110105194912310029".dropLast() + "X")
    #expect(first != second)
    _ = try c.catchUp()
    #expect(c.state.orders.count == 2)
    _ = try b.catchUp()
    #expect(b.state.orders.keys.sorted() == c.state.orders.keys.sorted())
  }

  @Test func overridesOnlyOnADemoStore() throws {
    let dir = TempDir()
    let engine = try openEngine(dir, demo: false)
    let command = Command(RegisterStaff(login: "x", name: "X", roles: [.clerk], team: ""))
    #expect(throws: EngineError.self) { try engine.execute(command, as: "someone", at: nil) }
    #expect(throws: EngineError.self) { try engine.execute(command, as: nil, at: fixedNow) }
    do {
      try DemoHall(orders: 1, now: fixedNow).populate(engine)
      Issue.record("demo ran on a real store")
    } catch {
      #expect(error.code == "demo.only")
    }
  }

  @Test func unknownAccountIsRefusedWithWhomToAsk() throws {
    let dir = TempDir()
    _ = try openEngine(dir)
    let stranger = try openEngine(dir, login: "stranger")
    do {
      try stranger.execute(Command(AdvanceStage(number: "GD1")))
      Issue.record("stranger accepted")
    } catch {
      #expect(error.code == "auth.unknown-account")
      #expect(error.message.zh.contains("admin"))
    }
  }

  @Test func undecodableSnapshotOrdersMakeTheEngineReadOnlyAndAreNeverCopied() throws {
    let dir = TempDir()
    let number: String
    do {
      let engine = try openEngine(dir)
      try DemoHall(orders: 5, now: fixedNow).populate(engine)
      number = try #require(engine.state.orders.keys.min())
      // A snapshot whose checksum holds but whose first order cannot be read: the length of its number
      // (its second appearance; the first is in its customer's list of orders) points past the chunk.
      var bytes = try engine.state.snapshotBytes()
      let needle = Array(number.utf8)
      var found: [Int] = []
      for i in 0..<(bytes.count - needle.count) where bytes[i..<i + needle.count].elementsEqual(needle) {
        found.append(i)
      }
      #expect(found.count >= 2)
      bytes[found[1] - 1] = 0x7F
      try engine.store.writeSnapshot(bytes, covering: engine.store.head)
    }
    let store = try LogStore.open(directory: dir.path + "/store", createIfMissing: false)
    let engine = try Engine(store: store, login: "admin", clock: { fixedNow })
    let before = try #require(store.latestSnapshot())
    _ = engine.state.orders.values
    #expect(engine.state.orders.isDamaged && engine.isReadOnly)
    #expect(engine.state.orders[number] == nil)
    #expect(throws: EngineError.self) {
      try engine.execute(Command(RegisterStaff(login: "y", name: "Y", roles: [.clerk], team: "")))
    }
    try engine.writeSnapshot()
    #expect(store.latestSnapshot()?.bytes == before.bytes)
  }

  @Test func damagedLogOpensReadOnlyAndRefusesCommands() throws {
    let dir = TempDir()
    do {
      let engine = try openEngine(dir)
      try DemoHall(orders: 5, now: fixedNow).populate(engine)
    }
    // Flip a byte in the middle of the first segment's records (segments are preallocated: zeros follow).
    let logDir = dir.path + "/store/log"
    let segment = try #require(try FileManager.default.contentsOfDirectory(atPath: logDir).sorted().first)
    let path = logDir + "/" + segment
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let end = try #require(bytes.lastIndex { $0 != 0 })
    bytes[end / 2] ^= 0x40
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let store = try LogStore.open(directory: dir.path + "/store", createIfMissing: false)
    let engine = try Engine(store: store, login: "admin", clock: { fixedNow })
    #expect(engine.isReadOnly)
    #expect(!engine.notes.isEmpty)
    #expect(throws: EngineError.self) {
      try engine.execute(Command(RegisterStaff(login: "y", name: "Y", roles: [.clerk], team: "")))
    }
  }
}

/// The last count reported to a `@Sendable` closure.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func set(_ n: Int) { lock.withLock { count = n } }
  var value: Int { lock.withLock { count } }
}
