import Domain
import Engine
import Foundation
import Testing
import Workbench

extension DemoStore {
  /// The most urgent open order at `stage`, as the queue lists them.
  func order(at stage: StageKind, where condition: (Order) -> Bool = { _ in true }) throws -> Order {
    let numbers = engine.state.queue(QueueQuery(stage: stage), viewer: engine.login, now: DemoStore.now).map(\.number)
    let order = numbers.compactMap { engine.state.orders[$0] }.first(where: condition)
    return try #require(order, "no order at \(stage)")
  }

  /// The app with the order file of `number` open on top of the queue.
  func appOnOrder(_ number: String, _ lang: Lang = .zh) -> (App, OrderFileScreen) {
    let (app, _) = app(lang)
    let screen = OrderFileScreen(engine: engine, number: number)
    app.push(screen)
    return (app, screen)
  }
}

@Suite struct OrderFileTests {
  static let sizes = [(Lang.zh, 80, 24), (.en, 80, 24), (.zh, 120, 40), (.en, 120, 40)]

  @Test(arguments: sizes)
  func planAndChecklist(lang: Lang, width: Int, height: Int) throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .survey)
    let (app, _) = demo.appOnOrder(order.number, lang)
    assertSnapshot(
      app.render(width: width, height: height), named: "order-plan-\(lang)-\(width)x\(height)", styles: width == 80)
  }

  @Test(arguments: sizes)
  func timeline(lang: Lang, width: Int, height: Int) throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .followUp)
    let (app, screen) = demo.appOnOrder(order.number, lang)
    app.handle(.tab)
    #expect(screen.pane == .timeline)
    assertSnapshot(app.render(width: width, height: height), named: "order-timeline-\(lang)-\(width)x\(height)")
  }

  @Test(arguments: [Lang.zh, .en])
  func assignPickerShowsWhyPeopleAreUnqualified(lang: Lang) throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .survey)
    let (app, screen) = demo.appOnOrder(order.number, lang)
    app.handle(.function(8))
    let canvas = app.render(width: 80, height: 24)
    assertSnapshot(canvas, named: "order-assign-\(lang)-80x24")
    let text = canvas.lines().joined(separator: "\n")
    #expect(text.contains(lang == .zh ? "培训3天, 需≥7天" : "trained 3 d, needs ≥ 7 d"))
    #expect(screen.dialog != nil)
  }

  @Test func assignPickerRefusesTheUnqualifiedAndAssignsTheQualified() throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .survey)
    let (app, screen) = demo.appOnOrder(order.number)
    app.handle(.function(8))
    let picker = try #require(screen.dialog as? Picker)
    let unqualified = try #require(picker.items.firstIndex { $0.text == "周鹏" })
    #expect(picker.items[unqualified].unavailable != nil)
    while picker.selection < unqualified { app.handle(.down) }
    let head = demo.engine.store.head
    app.handle(.enter)
    #expect(screen.dialog != nil, "the picker stays open")
    #expect(demo.engine.store.head == head, "nothing recorded")
    #expect(app.lines().joined().contains("不能选 周鹏"))
    // The first qualified person is assigned.
    app.handle(.home)
    while let p = screen.dialog as? Picker, p.items[p.selection].unavailable != nil { app.handle(.down) }
    let chosen = picker.items[picker.selection].text
    app.handle(.enter)
    #expect(screen.dialog == nil)
    let assignee = try #require(demo.engine.state.orders[order.number]?.currentStage?.assignee)
    #expect(demo.engine.state.staff[assignee]?.name == chosen)
  }

  @Test func spaceTicksAndUnticksTheSelectedItem() throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .survey) { $0.currentStage?.marks.isEmpty ?? false }
    let (app, _) = demo.appOnOrder(order.number)
    let seq = demo.engine.state.seq
    app.handle(.character(" "))
    #expect(demo.engine.state.seq == seq + 1)
    guard case .checklistItemMarked(let marked) = demo.engine.lastEvents.first else {
      Issue.record("expected a checklist mark, got \(demo.engine.lastEvents)")
      return
    }
    #expect(marked.number == order.number)
    #expect(app.lines().contains { $0.hasPrefix("> [x]") })
    app.handle(.character(" "))
    guard case .checklistItemCleared = demo.engine.lastEvents.first else {
      Issue.record("expected a clear, got \(demo.engine.lastEvents)")
      return
    }
  }

  @Test func notApplicableAsksForAReasonAndShowsIt() throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .survey) { $0.currentStage?.marks.isEmpty ?? false }
    let (app, screen) = demo.appOnOrder(order.number)
    app.handle(.down)
    app.handle(.function(7))
    app.handle(.enter)
    #expect((screen.dialog as? Prompt)?.error != nil, "a reason is required")
    app.type("无配电房")
    app.handle(.enter)
    #expect(screen.dialog == nil)
    let line = try #require(app.lines().first { $0.contains("[-]") })
    #expect(line.contains("不适用: 无配电房") && line.contains("赵敏 11-29 14:05"))
  }

  @Test func advancingWithARequiredItemMissingShowsTheDomainsMessage() throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .survey) { !demo.engine.state.missingChecklistItems($0).isEmpty }
    let expected: DomainError
    do {
      _ = try decide(
        Command(AdvanceStage(number: order.number)), state: demo.engine.state, login: DemoHall.supervisor,
        now: DemoStore.now)
      Issue.record("the domain accepted the advance")
      return
    } catch {
      expected = error
    }
    for lang in [Lang.zh, .en] {
      let (app, screen) = demo.appOnOrder(order.number, lang)
      let seq = demo.engine.state.seq
      app.handle(.function(9))
      #expect(demo.engine.state.seq == seq)
      #expect(screen.notice?.text == expected.message)
      let lines = app.render(width: 120, height: 40).lines()
      let missing = try #require(demo.engine.state.missingChecklistItems(order).first)
      #expect(lines[38].contains(missing.title.text(lang)))
    }
  }

  @Test func aRefusedPromptKeepsWhatWasTyped() throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .survey) { !$0.isSuspended }
    let (app, screen) = demo.appOnOrder(order.number)
    app.handle(.function(5))
    app.type("  ")
    app.handle(.enter)
    let prompt = try #require(screen.dialog as? Prompt)
    #expect(prompt.error != nil)
    #expect(prompt.texts == ["  "])
    app.handle(.backspace)
    app.handle(.backspace)
    app.type("等客户资料")
    app.handle(.enter)
    #expect(screen.dialog == nil)
    #expect(demo.engine.state.orders[order.number]?.isSuspended == true)
    #expect(app.lines()[1].contains("挂起中: 等客户资料"))
  }

  @Test func surveyOffersOnlyUsableInstruments() throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .survey) { $0.survey == nil }
    let (app, screen) = demo.appOnOrder(order.number, .en)
    app.handle(.function(6))
    let picker = try #require(screen.dialog as? Picker)
    let bad = try #require(picker.items.firstIndex { $0.unavailable != nil })
    #expect(app.lines().joined().contains("outside ±1.0%") || app.lines().joined().contains("overdue"))
    while picker.selection < bad { app.handle(.down) }
    app.handle(.character(" "))
    #expect(picker.chosen.isEmpty)
    app.handle(.home)
    app.handle(.character(" "))
    #expect(picker.chosen == [0])
    app.handle(.enter)
    let form = try #require(screen.dialog as? Prompt)
    #expect(form.fields.count == 4)
    app.handle(.enter)
    app.handle(.enter)
    app.type("线路老化, 需更换进户线")
    app.handle(.enter)
    app.handle(.enter)
    #expect(screen.dialog == nil, "\(String(describing: (screen.dialog as? Prompt)?.error))")
    #expect(demo.engine.state.orders[order.number]?.survey?.instruments == [picker.items.isEmpty ? "" : "M-0031"])
  }

  @Test func surveyJustAfterMidnightDefaultsToAStartTheDayBefore() throws {
    // 2026-11-30 00:20 China time: an hour earlier is 23:20 the day before, which "23:20" alone would
    // read as tonight, after the end, and the domain would refuse the clerk's untouched defaults.
    let midnight = DemoStore.now.addingTimeInterval(10 * 3600 + 15 * 60)
    let demo = try DemoStore(login: DemoHall.supervisor, viewedAt: midnight)
    let order = try demo.order(at: .survey) { $0.survey == nil && !$0.isSuspended }
    let (app, screen) = demo.appOnOrder(order.number)
    app.handle(.function(6))
    _ = try #require(screen.dialog as? Picker)
    app.handle(.home)
    app.handle(.character(" "))
    app.handle(.enter)
    let form = try #require(screen.dialog as? Prompt)
    #expect(form.texts[0] == "2026-11-29 23:20")
    #expect(form.texts[1] == "00:20")
    app.handle(.enter)
    app.handle(.enter)
    app.type("具备接电条件")
    app.handle(.enter)
    app.handle(.enter)
    #expect(screen.dialog == nil, "\(String(describing: (screen.dialog as? Prompt)?.error))")
    let survey = try #require(demo.engine.state.orders[order.number]?.survey)
    #expect(survey.started == midnight.addingTimeInterval(-3600))
    #expect(survey.ended == midnight)
  }

  @Test func aMilestoneTypedWithoutTheYearInLateDecemberIsNextJanuary() throws {
    // 2026-12-28: "01-05" means the coming 5 January, not the one eleven months ago.
    let demo = try DemoStore(login: DemoHall.supervisor, viewedAt: DemoStore.now.addingTimeInterval(29 * 86400))
    let order = try demo.order(at: .execution) { !$0.isSuspended }
    let (app, screen) = demo.appOnOrder(order.number)
    app.handle(.function(6))
    _ = try #require(screen.dialog as? Prompt)
    app.type("装表接电")
    app.handle(.enter)
    app.type("01-05")
    app.handle(.enter)
    // After the execution deadline: refused until a reason is given.
    app.handle(.enter)
    #expect(screen.dialog != nil)
    app.type("客户配电房年后完工")
    app.handle(.enter)
    #expect(screen.dialog == nil, "\(String(describing: (screen.dialog as? Prompt)?.error))")
    #expect(demo.engine.state.orders[order.number]?.milestones.last?.planned == Day(2027, 1, 5))
  }

  @Test func dissatisfiedFollowUpOpensAProblem() throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .followUp) { $0.followUp == nil && !$0.isSuspended }
    let (app, screen) = demo.appOnOrder(order.number)
    app.handle(.function(6))
    app.handle(.enter)
    app.type("２")
    app.handle(.enter)
    app.type("上门太晚")
    app.handle(.enter)
    #expect(screen.dialog == nil, "\(String(describing: (screen.dialog as? Prompt)?.error))")
    let problems = try #require(demo.engine.state.orders[order.number]?.problems)
    #expect(!problems.isEmpty)
    // At 120×40 the order's problems show under a plan of seven stages with its whole-process line.
    let lines = app.lines(120, 40)
    #expect(lines.joined().contains("已自动开启问题"))
    #expect(lines.joined().contains("回访不满意"))
  }

  @Test(arguments: [Lang.zh, .en])
  func theAppointmentIsConfirmedOnScreen(lang: Lang) throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    // Intake waits for the appointment to be confirmed, so only an order at intake can lack it: one
    // received now, with the appointment the customer asked for (Tuesday 10:00, within service hours).
    let account = try #require(demo.engine.state.customers.keys.sorted().first)
    try demo.engine.execute(
      Command(
        ReceiveOrder(
          account: account, type: "new-low-resident", channel: .phone, needs: "新装",
          appointment: Day(2026, 12, 1).start.addingTimeInterval(10 * 3600))))
    let order = try demo.order(at: .intake) { $0.appointment != nil && $0.appointmentConfirmed == nil }
    let (app, screen) = demo.appOnOrder(order.number, lang)
    #expect(app.lines().joined().contains(lang == .zh ? "待确认" : "to confirm by"))
    app.handle(.character("a"))
    assertSnapshot(app.render(width: 80, height: 24), named: "order-appointment-\(lang)-80x24")
    // A time that is not one is refused at the field, and nothing is recorded.
    let field = try #require(screen.dialog as? Prompt)
    for _ in 0..<20 { app.handle(.backspace) }
    app.type("明天")
    app.handle(.enter)
    #expect(field.error != nil && screen.dialog != nil)
    #expect(field.error?.en.contains("type HH:mm or MM-dd HH:mm") == true)
    #expect(demo.engine.state.orders[order.number]?.appointmentConfirmed == nil)
    for _ in 0..<20 { app.handle(.backspace) }
    // Sunday afternoon is outside the service hours: refused, saying what to enter.
    app.type("16:30")
    app.handle(.enter)
    #expect(screen.dialog != nil)
    #expect(demo.engine.state.orders[order.number]?.appointmentConfirmed == nil)
    for _ in 0..<20 { app.handle(.backspace) }
    app.type("12-01 16:30")
    app.handle(.enter)
    #expect(screen.dialog == nil)
    let confirmed = try #require(demo.engine.state.orders[order.number]?.appointmentConfirmed)
    #expect(confirmed == Day(2026, 12, 1).start.addingTimeInterval(16.5 * 3600))
    #expect(app.lines().joined().contains(lang == .zh ? "已确认" : "confirmed"))
  }

  @Test func archivedOrdersAreReadOnly() throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let orders = demo.engine.state.orders.values.sorted { $0.number < $1.number }
    let found = orders.first { $0.isArchived }
    let archived = try #require(found)
    let (app, screen) = demo.appOnOrder(archived.number)
    let seq = demo.engine.state.seq
    for key in [Key.function(9), .function(5), .function(8), .function(6)] {
      app.handle(key)
      if screen.dialog != nil {
        app.type("x")
        app.handle(.enter)
        app.handle(.escape)
      }
    }
    #expect(demo.engine.state.seq == seq)
    #expect(app.lines()[1].contains("只读"))
    // Nothing it cannot do is offered: no tick, F5–F9 or appointment in the key bar, F5 opens no dialog.
    let keyBar = app.lines().last ?? ""
    for offered in ["勾选", "不适用", "指派", "推进", "记录", "挂起", "恢复", "预约"] {
      #expect(!keyBar.contains(offered), "\(offered) offered on an archived order: \(keyBar)")
    }
    app.handle(.function(5))
    #expect(screen.dialog == nil)
  }

  /// Each language shows its own words only: the confirmation and follow-up pickers were "zh / en".
  @Test(arguments: [Lang.zh, .en])
  func pickersSpeakOneLanguage(lang: Lang) throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    for stage in [StageKind.confirmation, .followUp] {
      let order = try demo.order(at: stage) { !$0.isSuspended }
      let (app, screen) = demo.appOnOrder(order.number, lang)
      app.handle(.function(6))
      #expect(screen.dialog is Picker)
      // Below the header, whose needs line is the customer's own words (e.g. 已电话预约).
      let text = app.lines().dropFirst(4).joined(separator: "\n")
      let (mine, other) = lang == .zh ? ("电话", "phone") : ("phone", "电话")
      if stage == .followUp { #expect(text.contains(mine)) }
      #expect(!text.contains(other) && !text.contains(lang == .zh ? "Customer accepts" : "客户同意"), "\(text)")
    }
  }

  @Test(arguments: [Lang.zh, .en])
  func aSuspendedOrderOffersResume(lang: Lang) throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .survey) { !$0.isSuspended }
    let (app, _) = demo.appOnOrder(order.number, lang)
    #expect(app.lines().last?.contains(lang == .zh ? "F5挂起" : "F5 Suspend") == true)
    app.execute("suspend 客户未备齐资料")
    #expect(demo.engine.state.orders[order.number]?.isSuspended == true)
    let keyBar = app.lines().last ?? ""
    #expect(keyBar.contains(lang == .zh ? "F5恢复" : "F5 Resume"), "\(keyBar)")
    #expect(!keyBar.contains(lang == .zh ? "挂起" : "Suspend"))
    app.handle(.function(5))
    app.type("资料已备齐")
    app.handle(.enter)
    #expect(demo.engine.state.orders[order.number]?.isSuspended == false)
  }

  @Test func everyActionHasACommandLineName() throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .survey) { !$0.isSuspended }
    let (app, screen) = demo.appOnOrder(order.number)
    app.execute("suspend 客户未备齐资料")
    #expect(demo.engine.state.orders[order.number]?.isSuspended == true)
    app.execute("timeline")
    #expect(screen.pane == .timeline)
    app.execute("时间线")
    #expect(screen.pane == .plan)
    for name in ["tick", "not-applicable", "assign", "advance", "record"] {
      #expect(app.commands.resolve(name, among: app.availableCommands) != nil, "\(name)")
    }
    app.handle(.function(1))
    let help = app.render(width: 120, height: 40).lines().joined(separator: "\n")
    #expect(help.contains("F8") && help.contains("指派"))
  }
}

/// One order carried from survey to archive through the order file's keys only.
@Suite struct OrderFileLifecycleTests {
  /// Ticks every checklist item of the current stage with Home, Down and Space.
  func tickAll(_ app: App, _ demo: DemoStore, _ number: String) throws {
    let order = try #require(demo.engine.state.orders[number])
    let template = try #require(demo.engine.state.template(of: order, stage: order.current))
    for (index, item) in template.checklist.enumerated() {
      guard demo.engine.state.orders[number]?.currentStage?.mark(item.id) == nil else { continue }
      app.handle(.home)
      for _ in 0..<index { app.handle(.down) }
      app.handle(.character(" "))
    }
    #expect(demo.engine.state.missingChecklistItems(try #require(demo.engine.state.orders[number])).isEmpty)
  }

  func advance(_ app: App, _ screen: OrderFileScreen, to kind: StageKind?, _ demo: DemoStore, _ number: String) {
    app.handle(.function(9))
    #expect(screen.notice?.style == .ok, "\(String(describing: screen.notice?.text.en))")
    #expect(demo.engine.state.orders[number]?.currentKind == kind)
  }

  @Test func surveyToArchive() throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    // A running order at a site survey not yet recorded, with a scheme, its confirmation and an execution
    // to come, of a high-voltage connection (a process long enough that a milestone a week on is in time).
    let state = demo.engine.state
    let order = try demo.order(at: .survey) { order in
      let kinds = order.stages.map(\.kind)
      return !order.isSuspended && order.survey == nil && state.isSiteVisit(order, stage: order.current)
        && [.scheme, .confirmation, .execution].allSatisfy(kinds.contains)
        && state.businessType(of: order)?.voltage == "high"
    }
    let number = order.number
    let (app, screen) = demo.appOnOrder(number)

    // Survey: instruments, then times and findings.
    try tickAll(app, demo, number)
    app.handle(.function(9))
    #expect(screen.notice?.style == .error, "no survey yet")
    app.handle(.function(6))
    app.handle(.character(" "))
    app.handle(.enter)
    app.handle(.enter)
    app.handle(.enter)
    app.type("现场具备接电条件")
    app.handle(.enter)
    app.handle(.enter)
    #expect(screen.dialog == nil)
    advance(app, screen, to: .scheme, demo, number)

    // Scheme: a bad amount is refused and nothing typed is lost.
    try tickAll(app, demo, number)
    app.handle(.function(6))
    app.type("10kV 单电源供电")
    app.handle(.enter)
    app.handle(.enter)
    app.type("电缆 十元")
    app.handle(.enter)
    app.type("施工 12-05")
    app.handle(.enter)
    let form = try #require(screen.dialog as? Prompt)
    #expect(form.error != nil)
    #expect(form.texts == ["10kV 单电源供电", "", "电缆 十元", "施工 12-05"])
    app.handle(.backTab)
    app.handle(.end)
    app.handle(.control("u"))
    app.type("电缆 1200.50； 表箱 300")
    app.handle(.tab)
    app.handle(.enter)
    #expect(screen.dialog == nil, "\(String(describing: form.error?.en))")
    #expect(demo.engine.state.orders[number]?.scheme?.totalFen == 150_050)
    #expect(app.lines(120, 40).joined().contains("1,500.50元"))
    advance(app, screen, to: .confirmation, demo, number)

    // Confirmation: a rejection needs a comment; then a second round accepts.
    try tickAll(app, demo, number)
    app.handle(.function(6))
    app.handle(.down)
    app.handle(.enter)
    app.handle(.enter)
    #expect((screen.dialog as? Prompt)?.error != nil)
    app.type("价格太高")
    app.handle(.enter)
    app.handle(.function(9))
    #expect(screen.notice?.style == .error)
    app.handle(.function(6))
    app.handle(.enter)
    app.handle(.enter)
    #expect(demo.engine.state.orders[number]?.rounds.map(\.accepted) == [false, true])
    advance(app, screen, to: .execution, demo, number)

    // Execution: the accepted timetable (施工 12-05) is planned already; plan one more, then Space on
    // each marks it reached.
    #expect(demo.engine.state.orders[number]?.milestones.map(\.title) == ["施工"])
    try tickAll(app, demo, number)
    app.handle(.function(6))
    app.type("装表接电")
    app.handle(.enter)
    app.type("１２-05")
    app.handle(.enter)
    app.handle(.enter)  // no reason: within the execution deadline
    #expect(demo.engine.state.orders[number]?.milestones.count == 2)
    for _ in 0..<2 {
      app.handle(.end)
      app.handle(.character(" "))
      app.handle(.enter)
    }
    #expect(demo.engine.state.orders[number]?.milestones.allSatisfy { $0.reached != nil } == true)
    advance(app, screen, to: .followUp, demo, number)

    // Follow-up: satisfied.
    try tickAll(app, demo, number)
    app.handle(.function(6))
    app.handle(.enter)
    app.type("5")
    app.handle(.enter)
    app.handle(.enter)
    #expect(demo.engine.state.orders[number]?.followUp?.score == 5)
    advance(app, screen, to: .archive, demo, number)

    // Archive: afterwards read-only.
    try tickAll(app, demo, number)
    app.handle(.function(9))
    #expect(demo.engine.state.orders[number]?.isArchived == true)
    let seq = demo.engine.state.seq
    app.handle(.character(" "))
    app.handle(.function(9))
    #expect(demo.engine.state.seq == seq, "an archived order offers no action")
    #expect(app.lines()[1].contains("只读"))
    app.handle(.tab)
    #expect(app.lines().joined().contains("归档"))
  }
}

@Suite struct OrderFileScrollTests {
  /// The lines of the lower pane as a tall screen shows them at once (from its heading to the notice line).
  static func lowerPane(_ app: App, height: Int) -> [String] {
    let lines = app.render(width: 80, height: height).lines()
    guard let heading = lines.firstIndex(where: { $0.contains("检查单") || $0.contains("已归档") }) else { return [] }
    return lines[(heading + 1)...].map { $0.trimmingCharacters(in: .whitespaces) }.filter {
      !$0.isEmpty && !$0.hasPrefix(">") && !$0.contains("F1")
    }
  }

  /// Every line of the order file is reachable at 80×24 with Down alone, and End shows the last one.
  @Test func everyLineIsReachableAt80x24() throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let order = try demo.order(at: .archive)
    let (tall, _) = demo.appOnOrder(order.number)
    let wanted = Self.lowerPane(tall, height: 80)
    #expect(wanted.count > 8, "an order with more lines than 80×24 shows at once")
    let (app, _) = demo.appOnOrder(order.number)
    var seen = Set<String>()
    for _ in 0..<(wanted.count + 5) {
      for line in app.render(width: 80, height: 24).lines() {
        seen.insert(line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "> ", with: ""))
      }
      app.handle(.down)
    }
    let joined = seen.joined(separator: "\n")
    for line in wanted { #expect(joined.contains(line), "not reachable at 80×24: \(line)") }
    app.handle(.home)
    app.handle(.end)
    let last = try #require(wanted.last)
    #expect(app.render(width: 80, height: 24).lines().joined(separator: "\n").contains(last))
    app.handle(.home)
    #expect(!app.render(width: 80, height: 24).lines().joined(separator: "\n").contains(last))
  }
}
