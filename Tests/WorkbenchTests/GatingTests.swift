import Domain
import Engine
import Foundation
import Store
import Testing

@testable import Workbench

/// Each screen offers a person only what they may do now (#14 item 5, #15 item 8): the key bar, the
/// help and `:` completion leave out or grey what their role, the order's state or read-only mode
/// refuses, and a refused key says why in the action's title before any form opens.
@Suite struct GatingTests {
  /// The clerk's app over a demo store, with the clerk screens registered.
  static func clerkApp(_ demo: DemoStore, _ lang: Lang = .zh) -> App {
    let (app, _) = demo.app(lang)
    ClerkScreens.registerClerkScreens(app: app, engine: demo.engine) { number in
      OrderFileScreen(engine: demo.engine, number: number)
    }
    return app
  }

  static func keyBar(_ app: App) -> String { app.lines().last ?? "" }

  @Test(arguments: [Lang.zh, .en])
  func aClerkIsNotOfferedTheSurveyAndIsToldWhyInItsTitle(lang: Lang) throws {
    let demo = try DemoStore(login: DemoHall.clerk)
    let order = try demo.order(at: .survey) { demo.engine.state.isSiteVisit($0, stage: $0.current) }
    let app = Self.clerkApp(demo, lang)
    let screen = OrderFileScreen(engine: demo.engine, number: order.number)
    app.push(screen)
    let bar = Self.keyBar(app)
    #expect(!bar.contains(lang == .zh ? "F6记录" : "F6 Record"))
    #expect(bar.contains(lang == .zh ? "F1帮助" : "F1 Help"))
    app.handle(.function(6))
    #expect(screen.dialog == nil)
    // A refusal longer than the bottom line wraps upwards into a message pane: read the pane whole.
    let refusal = app.lines().suffix(4).joined().filter { !$0.isWhitespace }
    #expect(!refusal.contains("record-survey"))
    let expected =
      lang == .zh ? "您的角色不能记录勘查, 需要: 外勤/班长" : "Your role may not record the survey; it needs: Field staff/Supervisor"
    #expect(refusal.contains(expected.filter { !$0.isWhitespace }))
    // The help lists it greyed, with the reason.
    app.handle(.function(1))
    let help = app.lines(120, 40).joined(separator: "\n")
    #expect(help.contains(lang == .zh ? "现在不能用: 您的角色不能记录勘查" : "Not now: Your role may not record the survey"))
    app.handle(.escape)
    // `:` completion does not offer it either.
    app.handle(.character(":"))
    app.type("rec")
    app.handle(.tab)
    #expect(!app.lines().joined().contains(":record"))
  }

  @Test func anArchivedOrderOffersOnlyReadingAndASuspendedOneResume() throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let app = Self.clerkApp(demo)
    let open = try demo.order(at: .survey) { !$0.isSuspended }
    let screen = OrderFileScreen(engine: demo.engine, number: open.number)
    app.push(screen)
    app.execute("suspend 客户要求暂缓")
    #expect(demo.engine.state.orders[open.number]?.isSuspended == true)
    let bar = Self.keyBar(app)
    #expect(bar.contains("F5恢复") && !bar.contains("F5挂起"))
  }

  @Test(arguments: [Lang.zh, .en])
  func readOnlyByChoiceSaysSoMarksItAndOpensNoForm(lang: Lang) throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .survey)
    let engine = try Engine(
      store: try LogStore.open(directory: demo.directory, readOnly: true), login: DemoHall.supervisor,
      clock: { DemoStore.now })
    #expect(engine.isReadOnlyByChoice)
    let queue = QueueScreen(feed: .engine(engine)) { row in OrderFileScreen(engine: engine, number: row.orderID) }
    let app = App(session: demo.session(lang), root: queue, timeZone: DemoStore.timeZone, clock: { DemoStore.now })
    app.registerRoot(MainScreens.queue)
    ClerkScreens.registerClerkScreens(app: app, engine: engine)
    SupervisorScreens.registerSupervisorScreens(app: app, engine: engine, readOnly: true)
    let status = app.lines().first ?? ""
    #expect(status.contains(lang == .zh ? "只读模式" : "read-only"))
    #expect(!Self.keyBar(app).contains(lang == .zh ? "F3受理" : "F3 Intake"))
    app.handle(.function(3))
    #expect(app.stack.count == 1)
    let said = Self.keyBar(app)
    #expect(said.contains(lang == .zh ? "只读模式 (以 --read-only 打开)" : "Read-only by choice"))
    #expect(!said.contains(lang == .zh ? "损坏" : "damaged"))
    // The order file offers no action that records; F9 says why instead of trying.
    let screen = OrderFileScreen(engine: engine, number: order.number)
    app.push(screen)
    #expect(!Self.keyBar(app).contains(lang == .zh ? "F9推进" : "F9 Advance"))
    app.handle(.function(8))
    #expect(screen.dialog == nil)
    #expect(Self.keyBar(app).contains(lang == .zh ? "只读模式" : "Read-only by choice"))
    #expect((app.lines().first ?? "").contains(lang == .zh ? "只读模式" : "read-only"))
    // A desk form does not open either (Ins on the risk register).
    app.run(Invocation(MainScreens.risk.id))
    let risk = app.top
    app.handle(.insert)
    #expect(app.top === risk)
    #expect(Self.keyBar(app).contains(lang == .zh ? "只读模式" : "Read-only by choice"))
  }

  @Test func anAuditorIsNotOfferedIntakeAndIsToldWhy() throws {
    let demo = try DemoStore(login: "sunhao")
    let app = Self.clerkApp(demo)
    #expect(!Self.keyBar(app).contains("F3受理"))
    app.handle(.function(3))
    #expect(app.stack.count == 1)
    #expect(Self.keyBar(app).contains("您的角色不能受理工单, 需要: 柜员/班长"))
    app.handle(.function(1))
    #expect(app.lines(120, 40).joined(separator: "\n").contains("现在不能用: 您的角色不能受理工单"))
  }

  /// A desk screen offers its own forms only to a role that may record them: an auditor on the risks is
  /// not offered 新建 (Ins) and is told why before any form opens; a supervisor is. (A clerk does not see
  /// the risks at all: `Visibility`.)
  @Test(arguments: [Lang.zh, .en])
  func anAuditorIsNotOfferedANewRiskAndIsToldWhy(lang: Lang) throws {
    let demo = try DemoStore(login: "sunhao")
    let (app, _) = demo.app(lang)
    SupervisorScreens.registerSupervisorScreens(app: app, engine: demo.engine)
    app.handle(.function(7))
    let risks = app.top
    #expect(risks.title.zh.contains("风险"))
    #expect(!Self.keyBar(app).contains(lang == .zh ? "Ins新建" : "Ins New"))
    app.handle(.insert)
    #expect(app.top === risks)
    let pane = app.lines().suffix(4).joined().filter { !$0.isWhitespace }
    let expected = lang == .zh ? "您的角色不能登记风险, 需要: 班长" : "Your role may not register a risk; it needs: Supervisor"
    #expect(pane.contains(expected.filter { !$0.isWhitespace }), "\(pane)")

    let supervisor = try DemoStore(login: DemoHall.supervisor)
    let (boss, _) = supervisor.app(lang)
    SupervisorScreens.registerSupervisorScreens(app: boss, engine: supervisor.engine)
    boss.handle(.function(7))
    #expect(Self.keyBar(boss).contains(lang == .zh ? "Ins新建" : "Ins New"))
  }
}
