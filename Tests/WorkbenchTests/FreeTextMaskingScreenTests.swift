import Domain
import Engine
import Foundation
import Testing
import Workbench

/// An ID or a phone typed into free text is masked on the order file as the customer's fields are.
@Suite struct FreeTextMaskingScreenTests {
  @Test(arguments: [Lang.zh, .en])
  func needsAndTimelineShowTypedNumbersMasked(lang: Lang) throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let account = try #require(demo.engine.state.customers.keys.sorted().first)
    try demo.engine.execute(
      Command(
        ReceiveOrder(
          account: account, type: "inquiry", channel: .phone, needs: "户主身份证11010519491231002X 回电13812345678")),
      as: DemoHall.clerk, at: DemoStore.now.addingTimeInterval(-600))
    let number = try #require(
      demo.engine.lastEvents.compactMap { event -> String? in
        if case .orderReceived(let e) = event { return e.number }
        return nil
      }.first)
    let (app, screen) = demo.appOnOrder(number, lang)
    let plan = app.render(width: 120, height: 40).lines().joined(separator: "\n")
    #expect(plan.contains("1101**********002X"))
    #expect(plan.contains("138****5678"))
    app.handle(.tab)
    #expect(screen.pane == .timeline)
    let timeline = app.render(width: 120, height: 40).lines().joined(separator: "\n")
    #expect(timeline.contains("1101**********002X"))
    for text in [plan, timeline] {
      #expect(!text.contains("11010519491231002X"))
      #expect(!text.contains("13812345678"))
    }
  }
}
