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
