import Domain
import Engine
import Foundation
import Testing
import Workbench

@Suite struct DashboardScreenTests {
  typealias F = DeskFixture

  @Test func snapshots() throws {
    let engine = try F.engine()
    for lang in Lang.allCases {
      let app = F.app(engine, lang: lang)
      app.handle(.function(6))
      let text = F.text(app)
      #expect(text.contains(lang == .zh ? "近30天受理" : "Intake 30d"))
      #expect(text.contains(lang == .zh ? "规则:" : "rule:"))
      F.snapshots(app, "dashboard", lang: lang)
    }
  }

  @Test func aStageFigureDrillsIntoItsOrders() throws {
    let engine = try F.engine()
    let app = F.app(engine)
    app.handle(.function(6))
    // The second stage row (勘查): its open count, then the list behind it.
    app.handle(.down)
    let open = engine.state.orders.values.filter { !$0.isArchived && $0.currentKind == .survey }
    app.handle(.enter)
    let text = F.text(app, width: 120, height: 40)
    #expect(text.contains("在办工单: 勘查  (\(open.count))"))
    for order in open { #expect(text.contains(order.number)) }
    app.handle(.escape)
    #expect(F.text(app).contains("近30天受理"))
  }

  @Test func aStaffFigureDrillsIntoTheirOrders() throws {
    let engine = try F.engine()
    let app = F.app(engine)
    app.handle(.function(6))
    app.handle(.tab)
    app.handle(.enter)
    // The busiest person comes first.
    var load: [String: Int] = [:]
    for order in engine.state.orders.values where !order.isArchived {
      if let login = order.currentStage?.assignee { load[login, default: 0] += 1 }
    }
    let busiest = try #require(load.max { ($0.value, $1.key) < ($1.value, $0.key) })
    let name = engine.state.staff[busiest.key]?.name ?? busiest.key
    let text = F.text(app, width: 120, height: 40)
    #expect(text.contains("在办工单: \(name)  (\(busiest.value))"))
  }

  @Test func aWarningOpensItsOrder() throws {
    let engine = try F.engine()
    let warnings = engine.state.warnings(now: F.now)
    let first = try #require(warnings.first { $0.rule == .stageDeadline })
    let index = warnings.firstIndex(of: first)!
    let app = F.app(engine)
    app.handle(.function(6))
    app.handle(.tab)
    app.handle(.tab)
    app.handle(.tab)
    for _ in 0..<index { app.handle(.down) }
    app.handle(.enter)
    #expect(F.text(app).contains(first.subject))
    #expect(F.text(app).contains("(1)"))
  }

  @Test func readOnlyRefusesAResponse() throws {
    let engine = try F.engine()
    let app = F.app(engine, readOnly: true)
    app.handle(.function(6))
    for _ in 0..<3 { app.handle(.tab) }
    app.handle(.control("e"))
    #expect(F.text(app).contains("只读模式"))
    #expect(engine.state.supervision.warningResponses.isEmpty)
  }
}

/// The workbench's dashboard works out its figures off the main thread: a frame never waits for them.
@Suite struct DashboardBackgroundTests {
  typealias F = DeskFixture

  @Test func framesShowTheLastFiguresWhileNewOnesAreComputed() throws {
    let engine = try F.engine()
    let app = F.app(engine, figuresInBackground: true)
    let reference = F.app(engine)
    app.handle(.function(6))
    reference.handle(.function(6))
    let screen = try #require(app.top as? DashboardScreen)
    // The first frame cannot have figures yet: it says so instead of waiting.
    let first = F.text(app)
    screen.waitForFigures()
    let ready = F.text(app)
    #expect(ready == F.text(reference))
    #expect(first.contains("正在统计监控数据") || first == ready)
    // Another clerk records an order: the next frame still shows the figures it has, then the new ones.
    let clerk = try F.engine(engine, login: "wangli")
    let type = engine.state.standard(on: Day(containing: F.now)).businessTypes[0].id
    let account = try #require(engine.state.customers.keys.min())
    try clerk.execute(Command(ReceiveOrder(account: account, type: type, channel: .counter, needs: "测试")))
    _ = try engine.catchUp()
    let stale = F.text(app)
    #expect(stale == ready || stale == F.text(reference))
    screen.waitForFigures()
    #expect(F.text(app) == F.text(reference))
    #expect(F.text(app) != ready)
  }
}
