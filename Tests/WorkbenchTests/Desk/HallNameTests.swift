import Domain
import Engine
import Foundation
import Store
import Testing
import Workbench

/// The status bar names the hall for every account (#15 item 14): the creator of the store, who has no
/// team, and field staff, whose team is their crew, see the hall's name as the clerks do.
@Suite struct HallNameTests {
  typealias F = DeskFixture

  /// The app as `griddesk` opens it for `engine`'s account, its session made from the engine.
  static func app(_ engine: Engine, lang: Lang) -> App {
    let session = SessionInfo(engine: engine, storePath: "/srv/griddesk", lang: lang)
    let app = App(
      session: session, root: QueueScreen(source: { [] }), timeZone: ClerkFixture.chinaTime, clock: { F.now })
    app.registerRoot(MainScreens.queue)
    return app
  }

  @Test(arguments: ["admin", "liqiang", "sunhao", "wangli"])
  func everyAccountSeesTheHallsName(login: String) throws {
    let setup = try F.engine()
    let engine = try F.engine(setup, login: login)
    let session = SessionInfo(engine: engine, storePath: "/srv/griddesk", lang: .zh)
    #expect(session.site?.zh == "城东营业厅")
    let top = try #require(Self.app(engine, lang: .zh).render(width: 80, height: 24).lines().first)
    #expect(top.contains("城东营业厅"), "\(login): \(top)")
  }

  @Test(arguments: [Lang.zh, .en])
  func theCreatorsStatusBar(lang: Lang) throws {
    let setup = try F.engine()
    let admin = try F.engine(setup, login: "admin")
    let app = Self.app(admin, lang: lang)
    F.snapshot(app.render(width: 80, height: 24), "hall-name-admin-\(lang)-80x24")
  }

  /// On a new store the creator sees no hall until the first staff are registered, then it follows.
  @Test func theNameFollowsTheFirstStaff() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("griddesk-hall-\(UUID())").path
    defer {
      // A temporary directory: failing to remove it leaves litter, not a wrong result.
      try? FileManager.default.removeItem(atPath: directory)
    }
    let engine = try Engine(store: try LogStore.open(directory: directory), login: "admin", clock: { F.now })
    try engine.bootstrapIfNew(name: "管理员")
    var session = SessionInfo(engine: engine, storePath: directory, lang: .zh)
    #expect(session.site == nil)
    try engine.execute(Command(RegisterStaff(login: "crew", name: "外勤", roles: [.field], team: "城西外勤班")))
    session.follow(engine)
    #expect(session.site?.zh == "城西外勤班", "no clerk yet: the only team there is")
    for (login, name) in [("c1", "柜员一"), ("c2", "柜员二")] {
      try engine.execute(Command(RegisterStaff(login: login, name: name, roles: [.clerk], team: "城西营业厅")))
    }
    session.follow(engine)
    #expect(session.site?.zh == "城西营业厅", "the clerks' team is the hall")
  }
}
