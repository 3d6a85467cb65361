import Domain
import Engine
import Foundation
import Store
import Testing
import Workbench

/// A demo hall in a fresh temporary store, seen by the clerk wangli at a fixed moment.
final class DemoStore {
  /// 2026-11-29 14:05 China Standard Time.
  static let now = Date(timeIntervalSince1970: 1_795_932_300)
  static let timeZone = TimeZone(secondsFromGMT: Day.offset)!

  let directory: String
  let engine: Engine

  /// - Parameter viewedAt: the clock of the engine the screens use (the hall is made at `now`).
  init(orders: Int = 40, login: String = DemoHall.clerk, viewedAt: Date = DemoStore.now) throws {
    directory = NSTemporaryDirectory() + "griddesk-orders-\(UUID().uuidString)"
    let setup = try Engine(
      store: try LogStore.open(directory: directory, demo: true), login: "admin", clock: { DemoStore.now })
    try setup.bootstrapIfNew(name: "管理员")
    try DemoHall(orders: orders, seed: 1, now: DemoStore.now).populate(setup)
    engine = try Engine(store: try LogStore.open(directory: directory), login: login, clock: { viewedAt })
  }

  deinit {
    try? FileManager.default.removeItem(atPath: directory)
  }

  /// Another process records `count` urban repairs (which sort before most orders) for the first customer.
  func anotherClerkReceivesRepairs(_ count: Int) throws {
    let other = try otherEngine()
    let account = try #require(engine.state.customers.keys.sorted().first)
    for _ in 0..<count {
      try other.execute(Command(ReceiveOrder(account: account, type: "repair-urban", channel: .phone, needs: "停电")))
    }
  }

  /// Another process's engine on the same store (as the supervisor), for appends the screen must catch.
  func otherEngine(login: String = DemoHall.supervisor) throws -> Engine {
    try Engine(store: try LogStore.open(directory: directory), login: login, clock: { DemoStore.now })
  }

  func session(_ lang: Lang) -> SessionInfo {
    let me = engine.me
    return SessionInfo(
      userName: me?.name, roleTitle: me?.primaryRole.title, site: Localized("城东营业厅", "Chengdong hall"),
      storePath: "/srv/griddesk", lang: lang)
  }

  /// The workbench as `griddesk` wires it: the live queue at home, Enter opening the order file.
  func app(_ lang: Lang = .zh) -> (App, QueueScreen) {
    let engine = self.engine
    let queue = QueueScreen(feed: .engine(engine)) { row in OrderFileScreen(engine: engine, number: row.orderID) }
    let app = App(session: session(lang), root: queue, timeZone: DemoStore.timeZone, clock: { DemoStore.now })
    app.registerRoot(MainScreens.queue)
    app.onTick = { _ = try? engine.catchUp() }
    return (app, queue)
  }
}

extension App {
  /// Types each character of `text` as a key.
  func type(_ text: String) {
    for ch in text { handle(.character(ch)) }
  }

  func lines(_ width: Int = 80, _ height: Int = 24) -> [String] {
    render(width: width, height: height).lines()
  }
}

@Suite struct QueueDemoTests {
  @Test(arguments: [(Lang.zh, 80, 24), (.en, 80, 24), (.zh, 120, 40), (.en, 120, 40)])
  func snapshot(lang: Lang, width: Int, height: Int) throws {
    let demo = try DemoStore()
    let (app, _) = demo.app(lang)
    assertSnapshot(
      app.render(width: width, height: height), named: "queue-demo-\(lang)-\(width)x\(height)", styles: width == 80)
  }

  @Test func sameOrderAsTheDomainQueue() throws {
    let demo = try DemoStore()
    let (app, queue) = demo.app()
    _ = app.lines()
    let ctx = app.context()
    let expected = demo.engine.state.queue(QueueQuery(), viewer: demo.engine.login, now: DemoStore.now).map(\.number)
    #expect(queue.visibleRows(context: ctx).map(\.orderID) == expected)
  }

  @Test func filterNarrowsRowsIncrementally() throws {
    let demo = try DemoStore()
    let (app, queue) = demo.app()
    let all = queue.visibleRows(context: app.context()).count
    let first = queue.visibleRows(context: app.context())[3]
    app.handle(.character("、"))
    app.type(String(first.orderID.suffix(4)))
    let narrowed = queue.visibleRows(context: app.context())
    #expect(narrowed.count < all)
    #expect(narrowed.contains { $0.orderID == first.orderID })
    #expect(narrowed.allSatisfy { $0.matches(String(first.orderID.suffix(4))) })
    // An account number narrows to that customer's orders.
    app.handle(.escape)
    app.handle(.character("/"))
    app.type(first.account)
    #expect(queue.visibleRows(context: app.context()).allSatisfy { $0.account == first.account })
    // Full-width digits from an input method count as ASCII.
    app.handle(.escape)
    app.handle(.character("/"))
    let wide = String(first.orderID.suffix(4).unicodeScalars.map { Character(Unicode.Scalar($0.value + 0xFEE0)!) })
    app.type(wide)
    #expect(queue.visibleRows(context: app.context()).contains { $0.orderID == first.orderID })
  }

  /// The filter finds an order by its customer's phone: the last digits typed one by one (each
  /// intermediate filter drawn, as on screen), or the whole number.
  @Test func filterMatchesThePhonesTail() throws {
    let demo = try DemoStore()
    let (app, queue) = demo.app()
    let target = queue.visibleRows(context: app.context())[5]
    let phone = try #require(demo.engine.state.customers[target.account]?.phone)
    for typed in [String(phone.suffix(4)), String(phone.suffix(6)), phone] {
      app.handle(.character("/"))
      for ch in typed {
        app.handle(.character(ch))
        _ = queue.visibleRows(context: app.context())
      }
      let rows = queue.visibleRows(context: app.context())
      #expect(rows.contains { $0.orderID == target.orderID }, "typed \(typed)")
      app.handle(.escape)
    }
  }

  /// The stage tabs, 归档 included, add up to 全部 (我的 is a view across them).
  @Test func tabCountsAddUpToAll() throws {
    let demo = try DemoStore()
    let (app, _) = demo.app()
    let tabs = try #require(app.lines().first { $0.contains("全部") })
    let numbers = tabs.split(separator: " ").compactMap { Int($0.filter(\.isNumber)) }
    #expect(tabs.contains("归档"))
    #expect(numbers.count == 10)
    #expect(numbers[1..<9].reduce(0, +) == numbers[0])
  }

  @Test func movingTheSelectionComputesNothing() throws {
    let demo = try DemoStore()
    let (app, queue) = demo.app()
    _ = app.lines()
    let before = queue.computeCount
    for _ in 0..<30 {
      app.handle(.down)
      _ = app.lines()
    }
    app.handle(.pageDown)
    app.handle(.character("/"))
    app.type("GD")
    _ = app.lines()
    #expect(queue.computeCount == before)
  }

  @Test func selectionAndTypedFilterSurviveAppendsFromAnotherProcess() throws {
    let demo = try DemoStore()
    let (app, queue) = demo.app()
    app.handle(.down)
    app.handle(.down)
    app.handle(.down)
    _ = app.lines()
    let selected = try #require(queue.selectedNumber)
    app.handle(.character("/"))
    app.type("GD")
    app.handle(.up)
    app.handle(.down)
    let selectedWhileTyping = try #require(queue.selectedNumber)
    let before = queue.visibleRows(context: app.context()).count

    // Another clerk receives orders that sort before the selected one.
    try demo.anotherClerkReceivesRepairs(3)
    app.handle(.tick)
    let lines = app.lines()
    #expect(queue.visibleRows(context: app.context()).count == before + 3)
    #expect(queue.selectedNumber == selectedWhileTyping)
    #expect(lines.contains { $0.hasPrefix("> \(selectedWhileTyping)") })
    #expect(lines[22].contains("GD"))
    #expect(app.cursor != nil)
    _ = selected
  }

  @Test func sortCyclesAndReverses() throws {
    let demo = try DemoStore()
    let (app, queue) = demo.app(.en)
    app.handle(.control("t"))
    #expect(app.lines()[23].contains("sorted by order number"))
    let numbers = queue.visibleRows(context: app.context()).map(\.orderID)
    #expect(numbers == numbers.sorted())
    app.handle(.control("r"))
    #expect(queue.visibleRows(context: app.context()).map(\.orderID) == numbers.sorted().reversed())
    #expect(app.lines()[22].contains("sorted by order number, reversed"))
    app.execute("sort urgency")
    #expect(app.lines()[22].contains("sorted by urgency"))
  }

  @Test func tabsCountLive() throws {
    let demo = try DemoStore()
    let (app, _) = demo.app()
    let counts = demo.engine.state.queueCounts(viewer: demo.engine.login)
    let tabs = app.lines()[1]
    #expect(tabs.contains("[全部 \(counts.all)]"))
    #expect(tabs.contains("勘查 \(counts.byStage[.survey] ?? 0)"))
    #expect(tabs.contains("我的 \(counts.mine)"))
  }
}

/// The workbench computes the queue again off the main thread (deadlines move each minute, and every
/// change recomputes it): frames keep the rows they have until the new ones are in.
@Suite struct QueueBackgroundTests {
  @Test func newRowsReplaceTheShownOnesWhenReadyAndTheSelectionStays() throws {
    let demo = try DemoStore()
    let (app, queue) = demo.app()
    queue.computesInBackground = true
    // The first rows are computed at once: the first screen must show the queue.
    let first = app.lines()
    #expect(queue.computeCount == 1)
    #expect(first.contains { $0.hasPrefix("> GD") })
    app.handle(.down)
    app.handle(.down)
    let selected = try #require(queue.selectedNumber)
    let before = queue.visibleRows(context: app.context()).count

    try demo.anotherClerkReceivesRepairs(3)
    app.handle(.tick)
    // This frame starts the computation and still shows the rows it had.
    _ = app.lines()
    queue.waitForRows()
    let after = app.lines()
    #expect(queue.computeCount == 2)
    #expect(queue.visibleRows(context: app.context()).count == before + 3)
    #expect(queue.selectedNumber == selected)
    #expect(after.contains { $0.hasPrefix("> \(selected)") })
    // The same rows as a queue that computes them at once.
    let (reference, referenceQueue) = demo.app()
    #expect(referenceQueue.visibleRows(context: reference.context()) == queue.visibleRows(context: app.context()))
  }
}
