import Domain
import Engine
import Foundation
import Testing

@testable import Workbench

/// The workbench offers screens as Domain's visibility rule allows (issue 12, item 11): a clerk gets the
/// desk's screens only as far as a clerk may see them; an account that is not staff sees no order.
@Suite struct VisibilityScreenTests {
  typealias F = DeskFixture

  /// An app with the clerk's and the desk's screens registered, as the workbench wires them.
  static func app(_ engine: Engine, lang: Lang = .zh) -> App {
    let queue = QueueScreen(feed: .engine(engine)) { _ in nil }
    let session = SessionInfo(
      userName: engine.me?.name, roleTitle: engine.me?.primaryRole.title, site: nil, storePath: "/srv/griddesk",
      lang: lang)
    let app = App(session: session, root: queue, timeZone: ClerkFixture.chinaTime, clock: { F.now })
    app.registerRoot(MainScreens.queue)
    ClerkScreens.registerClerkScreens(app: app, engine: engine)
    SupervisorScreens.registerSupervisorScreens(app: app, engine: engine)
    return app
  }

  @Test func aClerkIsOfferedOnlyWhatAClerkMaySee() throws {
    let supervisor = try F.engine()
    let clerk = try F.engine(supervisor, login: F.clerk)
    let app = Self.app(clerk)
    let offered = Set(app.availableCommands)
    for id in [MainScreens.intake.id, MainScreens.customers.id, MainScreens.checklist.id, MainScreens.standard.id] {
      #expect(offered.contains(id), "\(id)")
    }
    for id in [CommandID.deskKPIs, .deskNotices, .deskProblems, .deskViolations] {
      #expect(offered.contains(id), "\(id)")
    }
    for id in [
      MainScreens.dashboard.id, MainScreens.risk.id, MainScreens.audit.id, CommandID.deskOversight, .deskStaff,
      .deskPlans,
    ] {
      #expect(!offered.contains(id), "\(id)")
      #expect(!app.keyBarCommands.contains(id), "\(id)")
    }
    // F7 (risk) and F8 (audit) do nothing on the home screen; `:risk` says why.
    app.handle(.function(7))
    app.handle(.function(8))
    #expect(app.stack.count == 1)
    app.execute("risk")
    #expect(app.stack.count == 1)
    let bar = app.render(width: 200, height: 24).lines()[23]
    #expect(bar.contains("您的角色不能查看风险台账与预警; 如需查看请找班长"), "\(bar)")
    #expect(bar.contains("赵敏 (zhaomin)"), "\(bar)")
    // Tab completion does not offer them either.
    #expect(app.commands.completions(for: "au", among: app.availableCommands, lang: .en).isEmpty)
    // The help lists no hidden screen.
    app.handle(.function(1))
    let help = F.text(app, width: 120, height: 40)
    #expect(!help.contains("风险登记与预警"))
    #expect(help.contains("受理新的工单"))
  }

  @Test func aClerksKPIsAreTheirOwn() throws {
    let supervisor = try F.engine()
    let clerk = try F.engine(supervisor, login: F.clerk)
    let app = Self.app(clerk, lang: .en)
    app.execute("kpis")
    let screen = try #require(app.top as? KPIScreen)
    #expect(screen.tabs.count == 1)
    let text = F.text(app, width: 120, height: 40)
    #expect(text.contains("王丽"))
    #expect(!text.contains("李强"))
    // The supervisor's KPIs screen has the hall, each person and each team.
    let desk = Self.app(supervisor, lang: .en)
    desk.execute("kpis")
    #expect((desk.top as? KPIScreen)?.tabs.count == 3)
  }

  @Test func aClerkSeesOnlyTheProblemsTheyOwn() throws {
    let supervisor = try F.engine()
    let due = Day(containing: F.now).adding(days: 7)
    try supervisor.execute(Command(OpenProblem(title: "柜台叫号机故障", owner: F.clerk, due: due)))
    try supervisor.execute(Command(OpenProblem(title: "外勤车辆不足", owner: "liqiang", due: due)))
    try supervisor.execute(Command(OpenProblem(title: "未指定责任人的问题")))
    let clerk = try F.engine(supervisor, login: F.clerk)
    let app = Self.app(clerk)
    app.execute("problems")
    let screen = try #require(app.top as? ProblemsScreen)
    let board = screen.board
    #expect(board.open.map(\.title) == ["柜台叫号机故障"])
    for problem in board.open + board.closed { #expect(problem.owner == F.clerk) }
    // The hall has problems owned by others (or by no one), which the clerk does not see.
    let all = supervisor.state.problemBoard(today: Day(containing: F.now))
    #expect((all.open + all.closed).contains { $0.owner != F.clerk })
    #expect(all.open.count + all.closed.count > board.open.count + board.closed.count)
    #expect(!F.text(app, width: 120, height: 40).contains("外勤车辆不足"))
  }

  @Test func aSupervisorIsOfferedEverything() throws {
    let supervisor = try F.engine()
    let app = Self.app(supervisor)
    let offered = Set(app.availableCommands)
    for spec in MainScreens.all { #expect(offered.contains(spec.id), "\(spec.id)") }
    app.handle(.function(7))
    #expect(app.top is RiskScreen)
  }

  @Test func anAccountThatIsNotStaffSeesNoOrderAndIsToldWhomToAsk() throws {
    let supervisor = try F.engine()
    let stranger = try F.engine(supervisor, login: "stranger")
    for lang in Lang.allCases {
      let app = Self.app(stranger, lang: lang)
      app.warningCount = 19
      let text = F.text(app, width: 120, height: 40)
      #expect(!supervisor.state.orders.keys.contains { text.contains($0) }, "an order shows to a stranger")
      #expect(!text.contains("19"), "the hall's warning count shows to a stranger")
      #expect(text.contains(lang == .zh ? "预警 -" : "warnings -"))
      #expect(
        text.contains(lang == .zh ? "账号 stranger 未登记为员工, 请联系管理员" : "The account stranger is not registered as staff"))
      // No other screen is offered: only the queue (home), help, the command line and quit.
      let screens = app.availableCommands.filter { id in MainScreens.all.contains { $0.id == id } }
      #expect(screens == [MainScreens.queue.id])
      for key in 3...9 { app.handle(.function(key)) }
      #expect(app.stack.count == 1)
    }
  }
}
