import Domain
import Engine
import Foundation
import Store
import Testing
import Workbench

/// A demo hall of 60 orders at a fixed clock, and an app with the desk registered, as the supervisor
/// (`zhaomin`), the auditor (`sunhao`) or the clerk (`wangli`).
enum DeskFixture {
  static let now = ClerkFixture.now
  static let supervisor = "zhaomin"
  static let auditor = "sunhao"
  static let clerk = "wangli"

  static func engine(login: String = supervisor) throws -> Engine {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("griddesk-desk-\(UUID().uuidString)").path
    let store = try LogStore.open(directory: directory, demo: true)
    let setup = try Engine(store: store, login: "admin", clock: { now })
    try setup.bootstrapIfNew(name: "管理员")
    try DemoHall(orders: 60, seed: 1, now: now).populate(setup)
    return try Engine(store: store, login: login, clock: { now })
  }

  /// Another engine over the same store acting as `login`.
  static func engine(_ other: Engine, login: String) throws -> Engine {
    try Engine(store: other.store, login: login, clock: { now })
  }

  static func app(
    _ engine: Engine, lang: Lang = .zh, readOnly: Bool = false, figuresInBackground: Bool = false
  ) -> App {
    let queue = QueueScreen(source: { [] })
    let me = engine.me
    let session = SessionInfo(
      userName: me?.name, roleTitle: me?.primaryRole.title, site: Localized("城东营业厅", "Chengdong hall"),
      storePath: "/srv/griddesk", lang: lang)
    let app = App(session: session, root: queue, timeZone: ClerkFixture.chinaTime, clock: { now })
    app.registerRoot(MainScreens.queue)
    SupervisorScreens.registerSupervisorScreens(
      app: app, engine: engine, readOnly: readOnly, figuresInBackground: figuresInBackground)
    return app
  }

  static func text(_ app: App, width: Int = 80, height: Int = 24) -> String {
    app.render(width: width, height: height).lines().joined(separator: "\n")
  }

  static func type(_ text: String, _ app: App) {
    for ch in text { app.handle(.character(ch)) }
  }

  /// Snapshots the app at 80×24 and 120×40 as `desk-NAME-LANG-WxH`.
  static func snapshots(_ app: App, _ name: String, lang: Lang, sourceLocation: SourceLocation = #_sourceLocation) {
    snapshot(app.render(width: 80, height: 24), "\(name)-\(lang)-80x24", styles: lang == .zh, sourceLocation)
    snapshot(app.render(width: 120, height: 40), "\(name)-\(lang)-120x40", styles: false, sourceLocation)
  }

  /// `desk-NAME.txt` beside the other snapshots (in `Tests/WorkbenchTests/Snapshots`, not under `Desk`).
  static func snapshot(
    _ canvas: Canvas, _ name: String, styles: Bool = false, _ sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let parent = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    assertSnapshot(
      canvas, named: "desk-\(name)", styles: styles, filePath: parent.appendingPathComponent("Snapshot.swift").path,
      sourceLocation: sourceLocation)
  }
}
