import Domain
import Engine
import Foundation
import Store
import Testing
import Workbench

/// A demo hall in its own temporary directory, with the workbench on top, for the clerk screens' tests.
enum ClerkFixture {
  /// 2026-11-29 14:05 China time (a working afternoon; `Fixtures.now` is 14:05 UTC).
  static let now = Fixtures.now.addingTimeInterval(-8 * 3600)
  static let chinaTime = TimeZone(secondsFromGMT: 8 * 3600)!

  /// A demo store populated as the administrator, then an engine acting as `login` (the clerk by default).
  static func engine(login: String = DemoHall.clerk, orders: Int = 30) throws -> Engine {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("griddesk-clerk-\(UUID().uuidString)").path
    let store = try LogStore.open(directory: directory, demo: true)
    let setup = try Engine(store: store, login: "admin", clock: { now })
    try setup.bootstrapIfNew(name: "管理员")
    try DemoHall(orders: orders, seed: 1, now: now).populate(setup)
    return try Engine(store: store, login: login, clock: { now })
  }

  /// An app over the engine with the queue at home and the clerk screens registered.
  static func app(_ engine: Engine, lang: Lang = .zh) -> App {
    let queue = QueueScreen(source: { [] })
    let me = engine.me
    let session = SessionInfo(
      userName: me?.name, roleTitle: me?.primaryRole.title, site: Localized("城东营业厅", "Chengdong hall"),
      storePath: "/srv/griddesk", lang: lang)
    let app = App(session: session, root: queue, timeZone: chinaTime, clock: { now })
    app.registerRoot(MainScreens.queue)
    ClerkScreens.registerClerkScreens(app: app, engine: engine)
    return app
  }

  static func type(_ text: String, _ app: App) {
    for ch in text { app.handle(.character(ch)) }
  }

  static func screenText(_ app: App, width: Int = 80, height: Int = 24) -> String {
    app.render(width: width, height: height).lines().joined(separator: "\n")
  }
}

@Suite struct IntakeFixtureTests {
  @Test func theFixtureActsAsTheClerk() throws {
    let engine = try ClerkFixture.engine()
    #expect(engine.me?.roles == [.clerk])
    #expect(engine.state.customers.count > 10)
  }
}
