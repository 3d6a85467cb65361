import Domain
import Engine
import Foundation
import Testing

@testable import Workbench

/// The risk and staff screens, as the workbench runs them, work their warnings out again off the main
/// thread after the first: a frame shows the last ones until the new ones are in.
@Suite struct DeskBackgroundTests {
  typealias F = DeskFixture

  @Test func riskWarningsKeepTheLastListUntilTheNewOneIsIn() throws {
    let engine = try F.engine()
    let app = F.app(engine, figuresInBackground: true)
    app.handle(.function(7))
    let screen = try #require(app.top as? RiskScreen)
    app.handle(.tab)
    app.handle(.tab)
    // The first list is worked out at once.
    let first = screen.currentWarnings
    let warning = try #require(first.first)
    #expect(warning.responses == 0)
    try engine.execute(Command(RecordRiskResponse(warning: warning.id, action: "电话督办")))
    // The next frame asks again and gets the list it had, or the new one if that is in already (the
    // computation runs meanwhile on another thread); it never waits for it.
    _ = F.text(app)
    let shown = screen.currentWarnings.first { $0.id == warning.id }?.responses
    #expect(shown == 0 || shown == 1)
    // The new list is in once the computation is done.
    screen.waitForWarnings()
    _ = F.text(app)
    #expect(screen.currentWarnings.first { $0.id == warning.id }?.responses == 1)
    #expect(screen.currentWarnings == engine.state.warnings(now: F.now))
  }
}

extension DeskBackgroundTests {
  /// The KPI screen: another tab or month is worked out at once (its columns differ); a change of the
  /// log is worked out in the background, and the rows then agree with a screen that computes at once.
  @Test func kpiRowsFollowTabsAtOnceAndChangesInTheBackground() throws {
    let engine = try F.engine()
    let app = F.app(engine, figuresInBackground: true)
    let reference = F.app(engine)
    app.execute("kpis")
    reference.execute("kpis")
    let screen = try #require(app.top as? KPIScreen)
    #expect(F.text(app) == F.text(reference))
    app.handle(.tab)
    reference.handle(.tab)
    #expect(F.text(app) == F.text(reference))
    let clerk = try F.engine(engine, login: "wangli")
    let type = engine.state.standard(on: Day(containing: F.now)).businessTypes[0].id
    let account = try #require(engine.state.customers.keys.min())
    try clerk.execute(Command(ReceiveOrder(account: account, type: type, channel: .counter, needs: "测试")))
    _ = try engine.catchUp()
    _ = F.text(app)
    screen.waitForRows()
    #expect(F.text(app) == F.text(reference))
  }
}
