import Foundation
import Testing

@testable import Domain

@Suite struct IdentityTests {
  @Test func firstAccountBecomesAdminOnce() throws {
    var h = Harness()
    try h.run(BootstrapAdmin(name: "管理员"), as: "root")
    #expect(h.state.staff["root"]?.has(.admin) == true)
    #expect(throws: DomainError.alreadyBootstrapped) { try h.run(BootstrapAdmin(name: "x"), as: "other") }
  }

  @Test func unknownAccountIsToldWhomToAsk() throws {
    var h = try Harness.hall()
    do {
      try h.run(ReceiveOrder(newCustomer: Harness.person, type: "x", channel: .counter, needs: "n"), as: "stranger")
      Issue.record("accepted an unknown account")
    } catch {
      #expect(error.code.rawValue == "auth.unknown-account")
      #expect(error.message.zh.contains("管理员"))
      #expect(error.message.en.contains("admin"))
    }
  }

  @Test func disabledAccountIsRefused() throws {
    var h = try Harness.hall()
    try h.run(SetStaffActive(login: "wangli", active: false, reason: "离职"), as: "admin")
    #expect(throws: DomainError.accountDisabled("wangli")) { try h.receive() }
  }

  @Test(arguments: [
    ("wangli", RegisterStaff(login: "x", name: "X", roles: [.clerk], team: "") as any CommandBody),
    ("liqiang", ReceiveOrder(newCustomer: Harness.person, type: "t", channel: .counter, needs: "n")),
    ("sunhao", AssignStage(number: "GD1", assignee: "liqiang")),
    ("wangli", SetPriority(number: "GD1", priority: true)),
    ("zhaomin", RegisterStaff(login: "y", name: "Y", roles: [.clerk], team: "")),
    (
      "zhaomin",
      RegisterEquipment(
        assetNo: "M-9", kind: "k", name: "n", calibratedOn: Day(2026, 1, 1), dueOn: Day(2027, 1, 1), errorPercent: 0)
    ),
    ("liqiang", RecordFollowUp(number: "GD1", method: .phone, score: 5, comment: "")),
  ])
  func rolesAreEnforced(login: String, body: any CommandBody) throws {
    var h = try Harness.hall()
    do {
      try h.run(body, as: login)
      Issue.record("\(login) was allowed \(type(of: body).name)")
    } catch {
      #expect(error.code.rawValue == "auth.role")
    }
  }

  @Test func lastAdminCannotBeDisabled() throws {
    var h = try Harness.hall()
    #expect(throws: DomainError.lastAdmin) {
      try h.run(SetStaffActive(login: "admin", active: false, reason: "x"), as: "admin")
    }
  }
}

@Suite struct IntakeTests {
  @Test func newCustomerAndOrderNumber() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    #expect(number == "GD261123-0001")
    let order = try #require(h.state.orders[number])
    #expect(order.standardVersion == 1)
    #expect(h.state.customers[order.customer]?.orders == [number])
    #expect(try h.receive() == "GD261123-0002")
  }

  @Test func knownIdentityFindsTheCustomer() throws {
    var h = try Harness.hall()
    _ = try h.receive()
    var sameID = Harness.person
    sameID.idNumber = "11010519491231002x"  // lowercase x, same person
    _ = try h.receive(customer: sameID)
    #expect(h.state.customers.count == 1)
    #expect(h.state.customers.values.first?.orders.count == 2)
  }

  @Test func badFieldsAreRefusedWithTheirMessage() throws {
    var h = try Harness.hall()
    var bad = Harness.person
    bad.idNumber = "230307196304054513"
    #expect(throws: DomainError.self) { try h.receive(customer: bad) }
    bad = Harness.person
    bad.phone = "12345"
    #expect(throws: DomainError.self) { try h.receive(customer: bad) }
    #expect(h.state.orders.isEmpty)
  }

  @Test func pilotCreditCodeNeedsSupervisorAndReason() throws {
    var h = try Harness.hall()
    var org = CustomerForm(
      name: "城东商贸有限公司", kind: .organisation, idKind: .creditCode, idNumber: "91350100M0001TGQXM",
      phone: "0571-87654321", address: "城东区人民路8号", useCategory: .commercial, voltage: "380V", capacityKVA: 50)
    #expect(throws: DomainError.self) { try h.run(RegisterCustomer(customer: org), as: "zhaomin") }
    org.overrideReason = "早期试点代码, 已核营业执照"
    #expect(throws: DomainError.overrideNeedsSupervisor) { try h.run(RegisterCustomer(customer: org), as: "wangli") }
    try h.run(RegisterCustomer(customer: org), as: "zhaomin")
    #expect(h.state.customers.values.first?.idOverride == "早期试点代码, 已核营业执照")
  }

  @Test func revealNeedsReasonAndIsRecorded() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    let account = h.state.orders[number]!.customer
    #expect(throws: DomainError.revealNeedsReason) {
      try h.run(RevealPersonalData(account: account, reason: " "), as: "wangli")
    }
    try h.run(RevealPersonalData(account: account, reason: "核对身份办理过户"), as: "wangli")
    #expect(h.state.reveals.count == 1)
    #expect(h.state.reveals[0].by == "wangli")
    #expect(throws: DomainError.self) { try h.run(RevealPersonalData(account: account, reason: "看看"), as: "liqiang") }
  }

  @Test func customerGoesStaleAfterTwelveMonths() {
    let c = Customer(
      account: "1", name: "n", kind: .individual, idKind: .other, idNumber: "x", phone: "", address: "",
      useCategory: .residential, voltage: "220V", capacityKVA: 1, meters: [], lastVerified: Day(2025, 11, 1),
      created: Date())
    #expect(c.isStale(on: Day(2026, 11, 29)))
    #expect(!c.isStale(on: Day(2026, 10, 1)))
  }
}

@Suite struct ProcessRuleTests {
  @Test func assignmentOnlyToQualifiedStaffAndSaysWhy() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    try h.completeCurrentStage(number)  // intake
    do {
      try h.run(AssignStage(number: number, assignee: "zhoupeng"), as: "zhaomin")
      Issue.record("unqualified assignee accepted")
    } catch {
      #expect(error.code.rawValue == "assign.not-qualified")
      #expect(error.message.zh.contains("培训3天"))
      #expect(error.message.zh.contains("考核未通过"))
    }
    do {
      try h.run(AssignStage(number: number, assignee: "oldcert"), as: "zhaomin")
      Issue.record("expired certificate accepted")
    } catch {
      #expect(error.message.en.contains("expired"))
    }
    try h.run(AssignStage(number: number, assignee: "liqiang"), as: "zhaomin")
    #expect(h.state.orders[number]?.currentStage?.assignee == "liqiang")
  }

  @Test func stageAdvancesOnlyWithRequiredItemsAndNamesTheMissingOne() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    try h.completeCurrentStage(number)
    let order = h.state.orders[number]!
    let template = h.state.template(of: order, stage: order.current)!
    try h.run(AssignStage(number: number, assignee: "liqiang"), as: "zhaomin")
    let required = template.checklist.filter(\.required)
    try #require(!required.isEmpty)
    do {
      try h.run(AdvanceStage(number: number), as: "liqiang")
      Issue.record("advanced with required items missing")
    } catch {
      #expect(error.code.rawValue == "checklist.incomplete")
      #expect(error.message.zh.contains(required[0].title.zh))
    }
    #expect(throws: DomainError.notApplicableNeedsReason) {
      try h.run(MarkChecklistItem(number: number, item: required[0].id, notApplicable: "  "), as: "liqiang")
    }
    try h.run(MarkChecklistItem(number: number, item: required[0].id, notApplicable: "无配电房"), as: "liqiang")
    let mark = h.state.orders[number]!.currentStage!.mark(required[0].id)
    #expect(mark?.by == "liqiang")
    #expect(mark?.notApplicable == "无配电房")
  }

  @Test func surveyRecordsOnlyUsableInstruments() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    try h.completeCurrentStage(number)
    try h.run(AssignStage(number: number, assignee: "liqiang"), as: "zhaomin")
    func survey(_ asset: String) -> RecordSurvey {
      RecordSurvey(
        number: number, started: h.now.addingTimeInterval(-3600), ended: h.now, findings: "ok", hazards: "",
        instruments: [asset])
    }
    for asset in ["M-0033", "M-0035", "M-9999"] {
      #expect(throws: DomainError.self) { try h.run(survey(asset), as: "liqiang") }
    }
    try h.run(survey("M-0031"), as: "liqiang")
    #expect(h.state.orders[number]?.survey?.instruments == ["M-0031"])
  }

  @Test func wholeProcessToArchiveThenReadOnly() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    var steps = 0
    while !(h.state.orders[number]?.isArchived ?? true) {
      try h.completeCurrentStage(number)
      h.advance(hours: 2)
      steps += 1
      try #require(steps < 20)
    }
    let order = h.state.orders[number]!
    #expect(order.stages.allSatisfy { $0.completed != nil })
    #expect(throws: DomainError.orderArchived(number)) {
      try h.run(ReceiveFeedback(number: number, text: "再说一句"), as: "wangli")
    }
    #expect(throws: DomainError.orderArchived(number)) {
      try h.run(SuspendOrder(number: number, reason: "x"), as: "wangli")
    }
  }

  @Test func archiveRefusedWhileIncomplete() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    #expect(throws: DomainError.self) { try h.run(ArchiveOrder(number: number), as: "wangli") }
  }

  @Test func confirmationGoesRoundByRound() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    while h.state.orders[number]?.currentKind != .confirmation {
      try h.completeCurrentStage(number)
    }
    let order = h.state.orders[number]!
    for item in h.state.template(of: order, stage: order.current)!.checklist {
      try h.run(MarkChecklistItem(number: number, item: item.id), as: "wangli")
    }
    #expect(throws: DomainError.rejectionNeedsComment) {
      try h.run(RecordConfirmation(number: number, accepted: false, comment: ""), as: "wangli")
    }
    try h.run(RecordConfirmation(number: number, accepted: false, comment: "费用太高"), as: "wangli")
    #expect(throws: DomainError.stageNeeds(.confirmation)) { try h.run(AdvanceStage(number: number), as: "wangli") }
    try h.run(RecordConfirmation(number: number, accepted: true, comment: "同意"), as: "wangli")
    #expect(h.state.orders[number]?.rounds.map(\.round) == [1, 2])
    try h.run(AdvanceStage(number: number), as: "wangli")
  }

  @Test func schemeNeedsBudgetAndTimetable() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    while h.state.orders[number]?.currentKind != .scheme { try h.completeCurrentStage(number) }
    #expect(throws: DomainError.schemeNeedsBudget) {
      try h.run(RecordScheme(number: number, plan: "p", advice: "", budget: [], timetable: []), as: "zhaomin")
    }
    #expect(throws: DomainError.schemeNeedsTimetable) {
      try h.run(
        RecordScheme(number: number, plan: "p", advice: "", budget: [BudgetItem(name: "a", fen: 1)], timetable: []),
        as: "zhaomin")
    }
  }

  @Test func dissatisfiedFollowUpOpensProblemAndItClosesOnlyWhenVerified() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    while h.state.orders[number]?.currentKind != .followUp { try h.completeCurrentStage(number) }
    #expect(throws: DomainError.dissatisfiedNeedsComment) {
      try h.run(RecordFollowUp(number: number, method: .phone, score: 2, comment: ""), as: "wangli")
    }
    try h.run(RecordFollowUp(number: number, method: .phone, score: 2, comment: "等待太久"), as: "wangli")
    let problem = try #require(h.state.problems.values.first)
    #expect(problem.source == .followUp)
    #expect(problem.order == number)
    #expect(throws: DomainError.problemNeedsAction(problem.id)) {
      try h.run(CloseProblem(id: problem.id), as: "zhaomin")
    }
    try h.run(RecordProblemAction(id: problem.id, cause: "派工慢", action: "每日早会督办"), as: "zhaomin")
    #expect(throws: DomainError.problemNeedsVerification(problem.id)) {
      try h.run(CloseProblem(id: problem.id), as: "zhaomin")
    }
    try h.run(VerifyProblem(id: problem.id, verification: "回访客户已满意"), as: "zhaomin")
    try h.run(CloseProblem(id: problem.id), as: "zhaomin")
    #expect(h.state.problems[problem.id]?.status == .closed)
  }

  @Test func feedbackMustBeHandledBeforeAdvancing() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    try h.run(ReceiveFeedback(number: number, text: "希望提前告知"), as: "wangli")
    #expect(throws: DomainError.self) { try h.run(ArchiveOrder(number: number), as: "wangli") }
    try h.run(HandleFeedback(number: number, id: 1, response: "已告知"), as: "wangli")
    #expect(throws: DomainError.feedbackAlreadyHandled(1)) {
      try h.run(HandleFeedback(number: number, id: 1, response: "again"), as: "wangli")
    }
  }

  @Test func suspensionStopsTheClock() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    try h.run(SuspendOrder(number: number, reason: "客户外出"), as: "wangli")
    #expect(throws: DomainError.orderSuspended(number)) { try h.run(AdvanceStage(number: number), as: "wangli") }
    let clockBefore = try #require(h.state.stageClock(h.state.orders[number]!, stage: 0))
    h.advance(hours: 24 * 14)
    #expect(h.state.stageStatus(h.state.orders[number]!, stage: 0, now: h.now) == .suspended)
    try h.run(ResumeOrder(number: number, note: "客户回来了"), as: "wangli")
    let clockAfter = try #require(h.state.stageClock(h.state.orders[number]!, stage: 0))
    let usedAfter = clockAfter.used(at: h.now, calendar: h.state.calendar)
    #expect(usedAfter < 0.05, "two suspended weeks must not count (used \(usedAfter))")
    #expect(clockBefore.limit == clockAfter.limit)
  }

  @Test func checkInvariantsHoldThroughAWholeProcess() throws {
    var h = try Harness.hall()
    for _ in 0..<3 {
      let number = try h.receive()
      for _ in 0..<3 { try h.completeCurrentStage(number) }
    }
    h.state.checkInvariants()
  }
}

@Suite struct EventCodecTests {
  @Test func everyEventOfAWholeProcessRoundTrips() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    while !(h.state.orders[number]?.isArchived ?? true) { try h.completeCurrentStage(number) }
    var types = Set<String>()
    for (event, _) in h.log {
      let back = try Event(type: event.type, payload: try event.payload())
      #expect(back == event)
      types.insert(event.type)
    }
    #expect(types.count >= 15)
    #expect(Set(Event.allTypes).count == Event.allTypes.count)
  }

  @Test func unknownTypeIsAClearError() {
    #expect(throws: DomainError.self) { try Event(type: "no-such-event", payload: []) }
  }

  @Test func snapshotRoundTrips() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    for _ in 0..<3 { try h.completeCurrentStage(number) }
    let back = try DomainState(snapshot: try h.state.snapshotBytes())
    #expect(back.orders == h.state.orders)
    #expect(back.customers == h.state.customers)
    #expect(back.staff == h.state.staff)
    #expect(back.customerByID == h.state.customerByID)
    #expect(back.seq == h.state.seq)
  }
}

@Suite struct QueueTests {
  @Test func evaluateAgreesWithTheSeparateMeasures() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    try h.run(SuspendOrder(number: number, reason: "客户外出"), as: "wangli")
    h.advance(hours: 30)
    try h.run(ResumeOrder(number: number, note: "回来"), as: "wangli")
    let order = h.state.orders[number]!
    let clock = try #require(h.state.stageClock(order, stage: 0))
    for hours in stride(from: 0.0, through: 24 * 20, by: 7.5) {
      let at = h.now.addingTimeInterval(hours * 3600)
      let e = clock.evaluate(at: at, calendar: h.state.calendar)
      #expect(e.status == clock.status(at: at, calendar: h.state.calendar))
      #expect(e.remaining == clock.remaining(at: at, calendar: h.state.calendar))
      #expect(e.used == clock.used(at: at, calendar: h.state.calendar))
    }
  }

  @Test func mostUrgentFirstAndFilters() throws {
    var h = try Harness.hall()
    let a = try h.receive()
    h.advance(hours: 24 * 10)
    var other = Harness.person
    other.name = "李四"
    other.phone = "13900001111"
    other.idNumber = "11010519800101001" + String(Validation.residentIDCheckCharacter("11010519800101001")!)
    let b = try h.receive(customer: other)
    let rows = h.state.queue(QueueQuery(), viewer: "wangli", now: h.now)
    #expect(rows.map(\.number) == [a, b])
    #expect(rows[0].stageStatus == .overdue)
    #expect(rows[0].customerName == "张*明")
    #expect(h.state.queue(QueueQuery(text: "1111"), viewer: nil, now: h.now).map(\.number) == [b])
    #expect(h.state.queue(QueueQuery(text: "李四"), viewer: nil, now: h.now).map(\.number) == [b])
    #expect(h.state.queue(QueueQuery(text: "*"), viewer: nil, now: h.now).isEmpty)  // the mask is not searchable
    #expect(h.state.queue(QueueQuery(overdue: true), viewer: nil, now: h.now).map(\.number) == [a])
    #expect(
      h.state.queue(QueueQuery(sort: .number, descending: true), viewer: nil, now: h.now).map(\.number) == [b, a])
  }
}

@Suite struct QueueUrgencyTests {
  static func entry(_ number: String, _ status: DeadlineStatus, days: Double, used: Double, priority: Bool = false)
    -> QueueEntry
  {
    QueueEntry(
      number: number, customerName: "张*", searchKey: [], account: "1", phoneTail: "", type: Localized("新装", "New"),
      stage: .survey, stageName: Localized("勘查", "Survey"), assignee: "-", assigneeLogin: nil, stageStatus: status,
      stageRemaining: days * 86_400, stageUnit: .workingDays, totalStatus: .ok, totalRemaining: nil, totalUnit: nil,
      used: used, priority: priority, received: Date(timeIntervalSince1970: 0))
  }

  /// Guide: overdue first, the most overdue first, then by the time left (not by the fraction used: a
  /// short stage 5 days late is less urgent than a long one 19 days late).
  @Test func overdueMostFirstThenByTimeLeft() {
    let rows = [
      Self.entry("A", .overdue, days: -5, used: 6),
      Self.entry("B", .overdue, days: -19, used: 2),
      Self.entry("C", .ok, days: 22, used: 0.1),
      Self.entry("D", .warning, days: 3, used: 0.85),
      Self.entry("E", .ok, days: 2, used: 0.3),
      Self.entry("F", .suspended, days: 1, used: 0.5),
      Self.entry("G", .ok, days: 30, used: 0.0, priority: true),
    ]
    #expect(DomainState.sorted(rows, by: .urgency).map(\.number) == ["G", "B", "A", "E", "D", "C", "F"])
    #expect(DomainState.sorted(rows.reversed(), by: .urgency).map(\.number) == ["G", "B", "A", "E", "D", "C", "F"])
    // The whole process's limit binds when it has less time left than the stage's.
    var late = Self.entry("H", .ok, days: 10, used: 0.2)
    late.totalStatus = .overdue
    late.totalRemaining = -3 * 86_400
    var soon = Self.entry("I", .ok, days: 10, used: 0.2)
    soon.totalRemaining = 86_400
    #expect(
      DomainState.sorted(rows + [late, soon], by: .urgency).map(\.number) == [
        "G", "B", "A", "H", "I", "E", "D", "C", "F",
      ])
  }
}

@Suite struct QueueSearchTests {
  let key = QueueSearch.key(number: "GD261129-0007", fullName: "张三明", account: "3100000031")

  @Test func matchesNumberNameAccountAndPhoneTail() {
    #expect(QueueSearch("gd2611").matches(key: key, phoneTail: "5678"))
    #expect(QueueSearch("三明").matches(key: key, phoneTail: "5678"))
    #expect(QueueSearch("310000").matches(key: key, phoneTail: "5678"))
    #expect(QueueSearch("678").matches(key: key, phoneTail: "5678"))
    #expect(!QueueSearch("67").matches(key: key, phoneTail: "5679"))
    #expect(!QueueSearch("李").matches(key: key, phoneTail: "5678"))
  }

  @Test func fullWidthInputCountsAsASCII() {
    #expect(QueueSearch("ＧＤ２６１１").matches(key: key, phoneTail: ""))
    #expect(QueueSearch(" ５６７８ ").matches(key: key, phoneTail: "5678"))
  }

  @Test func narrowing() {
    #expect(QueueSearch("GD").narrows(to: QueueSearch("GD26")))
    #expect(!QueueSearch("GD26").narrows(to: QueueSearch("GD")))
    #expect(!QueueSearch("").narrows(to: QueueSearch("G")))
  }
}

@Suite struct SnapshotChunkTests {
  @Test func manyOrdersRoundTripThroughChunksInOrder() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    for _ in 0..<3 { try h.completeCurrentStage(number) }
    let template = h.state.orders[number]!
    let orders = (0..<(DomainState.ordersPerChunk * 2 + 17)).map { i -> Order in
      var o = template
      o.number = String(format: "GD261123-%05d", i)
      return o
    }
    let chunks = DomainState.encodeChunks(orders, Order.encodeArray)
    #expect(chunks.count == 3)
    #expect(try DomainState.decodeChunks(chunks.map(ByteSlice.init), Order.decodeArray).flatMap { $0 } == orders)
  }
}

@Suite struct PinyinOrderTests {
  @Test func namesSortByPinyin() {
    let names = ["华", "卢", "史", "吕", "周", "安", "张三", "赵敏", "王丽", "刘洋", "张*明", "Li Lei"]
    let sorted = names.sorted { PinyinOrder.precedes($0, $1) ?? false }
    #expect(sorted == ["安", "华", "Li Lei", "刘洋", "卢", "吕", "史", "王丽", "张*明", "张三", "赵敏", "周"])
  }
}
