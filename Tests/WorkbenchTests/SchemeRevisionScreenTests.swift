import Domain
import Engine
import Foundation
import Testing
import Workbench

/// Issue 14 items 9 and 10 on screen, at 80×24 in both languages: after a rejection Ctrl-R revises the
/// scheme into the next version (filled with the version on file), rounds name the version they answered,
/// the survey ticks 「使用已校验仪器」, and the accepted timetable becomes the execution's milestones.
@Suite struct SchemeRevisionScreenTests {
  /// Every line of the order file's lower pane, scrolled through at 80×24 with Down.
  static func allLines(_ app: App, count: Int = 40) -> String {
    var seen: [String] = []
    app.handle(.home)
    for _ in 0..<count {
      seen += app.render(width: 80, height: 24).lines()
      app.handle(.down)
    }
    return seen.joined(separator: "\n")
  }

  @Test(arguments: Lang.allCases)
  func aRejectedSchemeIsRevisedAndTheAcceptedVersionIsOnFile(lang: Lang) throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .confirmation) { !$0.isSuspended && $0.rounds.isEmpty }
    let number = order.number
    let (app, screen) = demo.appOnOrder(number, lang)
    let v1 = try #require(order.scheme)
    #expect(!screen.commands.contains(.orderReviseScheme), "nothing to revise before a rejection")
    // Round 1: rejected with the customer's comment.
    app.handle(.function(6))
    app.handle(.down)
    app.handle(.enter)
    app.type("希望降低材料费")
    app.handle(.enter)
    #expect(demo.engine.state.orders[number]?.rounds.last?.accepted == false)
    // Now the key bar offers the revision.
    let bar = app.render(width: 80, height: 24).lines()[23]
    #expect(bar.contains(lang == .zh ? "修订方案" : "Revise"), "\(bar)")
    app.handle(.control("r"))
    let form = try #require(screen.dialog as? Prompt)
    #expect(form.texts[0] == v1.plan, "filled with the version on file")
    #expect(!form.texts[2].isEmpty && !form.texts[3].isEmpty)
    assertSnapshot(app.render(width: 80, height: 24), named: "order-revise-scheme-\(lang)-80x24")
    // Change the budget only, and say why.
    app.handle(.tab)
    app.handle(.tab)
    app.handle(.end)
    app.handle(.control("u"))
    app.type("材料费 600")
    app.handle(.tab)
    app.handle(.tab)
    app.handle(.enter)
    #expect(screen.dialog != nil, "the note of what changed is required")
    app.type("按客户意见利旧表箱")
    app.handle(.enter)
    #expect(screen.dialog == nil)
    let revised = try #require(demo.engine.state.orders[number])
    #expect(revised.scheme?.version == 2)
    #expect(revised.scheme?.totalFen == 60_000)
    #expect(revised.earlierSchemes.first == v1)
    #expect(!screen.commands.contains(.orderReviseScheme), "one revision per rejection")
    // Round 2 accepts version 2: the order file says so, and the budget on file is that one.
    app.handle(.function(6))
    app.handle(.enter)
    app.handle(.enter)
    let accepted = try #require(demo.engine.state.orders[number])
    #expect(accepted.rounds.map(\.schemeVersion) == [1, 2])
    #expect(accepted.acceptedScheme?.totalFen == 60_000)
    let text = Self.allLines(app)
    if lang == .zh {
      #expect(text.contains("方案 第2版"))
      #expect(text.contains("方案第1版 (已修订)"))
      #expect(text.contains("第2轮确认 同意 (方案第2版 合计 600.00元)"))
    } else {
      #expect(text.contains("Scheme v2"))
      #expect(text.contains("Scheme v1 (revised)"))
      #expect(text.contains("Round 2 accepted (scheme v2, total CNY 600.00)"))
    }
    // Advancing into execution plans version 2's timetable as the milestones.
    for (index, item) in demo.engine.state.template(of: accepted, stage: accepted.current)!.checklist.enumerated() {
      guard demo.engine.state.orders[number]?.currentStage?.mark(item.id) == nil else { continue }
      app.handle(.home)
      for _ in 0..<index { app.handle(.down) }
      app.handle(.character(" "))
    }
    app.handle(.function(9))
    let executing = try #require(demo.engine.state.orders[number])
    #expect(executing.currentKind == .execution)
    #expect(executing.milestones.map(\.title) == (revised.scheme?.timetable.map(\.step) ?? []))
    #expect(Self.allLines(app).contains(revised.scheme!.timetable[0].step))
  }

  @Test(arguments: Lang.allCases)
  func theSurveyTicksTheCalibratedInstrumentsItem(lang: Lang) throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .survey) {
      !$0.isSuspended && $0.survey == nil && $0.currentStage?.mark(DomainState.calibratedInstrumentsItem) == nil
        && demo.engine.state.isSiteVisit($0, stage: $0.current)
        && demo.engine.state.template(of: $0, stage: $0.current)?.checklist.contains {
          $0.id == DomainState.calibratedInstrumentsItem
        } == true
    }
    let (app, screen) = demo.appOnOrder(order.number, lang)
    app.handle(.function(6))
    app.handle(.character(" "))
    app.handle(.enter)
    app.handle(.enter)
    app.handle(.enter)
    app.type("现场具备接电条件")
    app.handle(.enter)
    app.handle(.enter)
    #expect(screen.dialog == nil)
    let mark = demo.engine.state.orders[order.number]?.currentStage?.mark(DomainState.calibratedInstrumentsItem)
    #expect(mark != nil)
    let line = Self.allLines(app, count: 10).split(separator: "\n").first {
      $0.contains(lang == .zh ? "使用已校验仪器" : "Use calibrated instruments only")
    }
    #expect(line?.contains("[x]") == true, "\(String(describing: line))")
  }
}
