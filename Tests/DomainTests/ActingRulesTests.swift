import Foundation
import Testing

@testable import Domain

/// Who may act on a stage, and qualification on every act (guide ch. 1.1): one rule, in Domain.
@Suite struct ActingRulesTests {
  static func refused(
    _ code: String, _ contains: [String] = [], sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
  ) {
    do {
      try body()
      Issue.record("expected \(code), but it was accepted", sourceLocation: sourceLocation)
    } catch let error as DomainError {
      #expect(error.code.rawValue == code, "\(error)", sourceLocation: sourceLocation)
      for text in contains {
        #expect(
          error.message.zh.contains(text) || error.message.en.contains(text), "\(error) lacks \(text)",
          sourceLocation: sourceLocation)
      }
    } catch {
      Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
    }
  }

  /// A hall plus a field worker with 6 days of training (and every certificate), and an untrained clerk.
  static func hall() throws -> Harness {
    var h = try Harness.hall()
    let today = Day(containing: h.now)
    try h.run(RegisterStaff(login: "sixdays", name: "钱六", roles: [.field], team: "城东"), as: "admin")
    try h.run(
      RecordTraining(login: "sixdays", topic: "规范", days: 6, passed: true, on: today.adding(days: -30)), as: "admin")
    for kind in ["safety", "electrician"] {
      try h.run(
        RecordCertificate(login: "sixdays", kind: kind, number: "Z-6", validUntil: today.adding(days: 300)), as: "admin"
      )
    }
    try h.run(RegisterStaff(login: "newclerk", name: "新柜员", roles: [.clerk], team: "城东"), as: "admin")
    return h
  }

  /// An order at the survey stage, the survey stage left unassigned.
  static func atSurvey(_ h: inout Harness) throws -> String {
    let number = try h.receive()
    try h.completeCurrentStage(number)
    #expect(h.state.orders[number]?.currentKind == .survey)
    #expect(h.state.orders[number]?.currentStage?.assignee == nil)
    return number
  }

  static func survey(_ number: String, _ h: Harness) -> RecordSurvey {
    RecordSurvey(
      number: number, started: h.now.addingTimeInterval(-3600), ended: h.now, findings: "具备条件", hazards: "",
      instruments: ["M-0031"])
  }

  @Test func sixDaysOfTrainingDoNotRecordASurveyOnAnUnassignedStage() throws {
    var h = try ActingRulesTests.hall()
    let number = try ActingRulesTests.atSurvey(&h)
    ActingRulesTests.refused("act.not-qualified", ["钱六", "记录勘查", "培训6天, 需≥7天", "trained 6 d", "record the survey"]) {
      try h.run(ActingRulesTests.survey(number, h), as: "sixdays")
    }
    // Ticking and advancing are acts too.
    ActingRulesTests.refused("act.not-qualified", ["勾选检查项"]) {
      try h.run(MarkChecklistItem(number: number, item: "safety-check"), as: "sixdays")
    }
    // The right person, on the same unassigned stage, is accepted.
    try h.run(ActingRulesTests.survey(number, h), as: "liqiang")
    #expect(h.state.orders[number]?.survey?.by == "liqiang")
  }

  @Test func aFailedAssessmentDoesNotAdvance() throws {
    var h = try ActingRulesTests.hall()
    let number = try ActingRulesTests.atSurvey(&h)
    ActingRulesTests.refused("act.not-qualified", ["考核未通过", "assessment not passed", "完成本环节"]) {
      try h.run(AdvanceStage(number: number), as: "zhoupeng")
    }
  }

  @Test func anExpiredOrMissingCertificateIsNamedNotItsId() throws {
    var h = try ActingRulesTests.hall()
    let number = try ActingRulesTests.atSurvey(&h)
    ActingRulesTests.refused("act.not-qualified", ["电工进网作业许可证", "Electrician grid-work licence"]) {
      try h.run(ActingRulesTests.survey(number, h), as: "oldcert")
    }
    do {
      try h.run(ActingRulesTests.survey(number, h), as: "oldcert")
    } catch {
      #expect(!error.message.zh.contains("electrician") && !error.message.en.contains(" electrician "))
    }
  }

  @Test func anUntrainedClerkReceivesNothingUntilTrained() throws {
    var h = try ActingRulesTests.hall()
    let type = h.newConnectionType()
    let receive = ReceiveOrder(newCustomer: Harness.person, type: type.id, channel: .counter, needs: "新装")
    ActingRulesTests.refused("act.not-qualified", ["新柜员", "受理工单", "培训0天", "考核未通过"]) {
      try h.run(receive, as: "newclerk")
    }
    // A failed assessment of 8 days is still not enough; a passed one is.
    let today = Day(containing: h.now)
    try h.run(RecordTraining(login: "newclerk", topic: "规范", days: 8, passed: false, on: today), as: "admin")
    ActingRulesTests.refused("act.not-qualified", ["考核未通过"]) { try h.run(receive, as: "newclerk") }
    try h.run(RecordTraining(login: "newclerk", topic: "复考", days: 1, passed: true, on: today), as: "admin")
    try h.run(receive, as: "newclerk")
    // Training dated later than today does not count yet.
    try h.run(RegisterStaff(login: "future", name: "未来", roles: [.clerk], team: "城东"), as: "admin")
    try h.run(
      RecordTraining(login: "future", topic: "规范", days: 8, passed: true, on: today.adding(days: 3)), as: "admin")
    ActingRulesTests.refused("act.not-qualified") { try h.run(receive, as: "future") }
  }

  @Test func aClerkDoesNotTickAStageAssignedToAnotherClerk() throws {
    var h = try ActingRulesTests.hall()
    let number = try h.receive()  // intake held by wangli, who received it
    ActingRulesTests.refused("order.not-yours", ["王丽", "勾选检查项", "tick a checklist item"]) {
      try h.run(MarkChecklistItem(number: number, item: "verify-identity"), as: "liuyang")
    }
    // Never the login, always the name.
    do {
      try h.run(MarkChecklistItem(number: number, item: "verify-identity"), as: "liuyang")
    } catch {
      #expect(!error.message.zh.contains("wangli"))
    }
    try h.run(MarkChecklistItem(number: number, item: "verify-identity"), as: "wangli")
    try h.run(MarkChecklistItem(number: number, item: "verify-use-category"), as: "zhaomin")  // a supervisor
  }

  @Test func aFieldWorkerDoesNotAdvanceAColleaguesStage() throws {
    var h = try ActingRulesTests.hall()
    let number = try ActingRulesTests.atSurvey(&h)
    try h.run(RegisterStaff(login: "chenfang", name: "陈芳", roles: [.field], team: "城东"), as: "admin")
    let today = Day(containing: h.now)
    try h.run(
      RecordTraining(login: "chenfang", topic: "规范", days: 9, passed: true, on: today.adding(days: -60)), as: "admin")
    try h.run(
      RecordCertificate(login: "chenfang", kind: "electrician", number: "D-1", validUntil: today.adding(days: 99)),
      as: "admin")
    try h.run(AssignStage(number: number, assignee: "liqiang"), as: "zhaomin")
    ActingRulesTests.refused("order.not-yours", ["李强", "完成本环节"]) {
      try h.run(AdvanceStage(number: number), as: "chenfang")
    }
    ActingRulesTests.refused("order.not-yours", ["李强"]) {
      try h.run(ActingRulesTests.survey(number, h), as: "chenfang")
    }
    // The rule the screens ask agrees with the commands.
    let order = h.state.orders[number]!
    #expect(!h.state.mayAct("chenfang", .advance, on: order, on: today))
    #expect(h.state.mayAct("liqiang", .advance, on: order, on: today))
    #expect(h.state.mayAct("zhaomin", .advance, on: order, on: today))
    #expect(!h.state.mayAct("zhoupeng", .advance, on: order, on: today))
  }

  @Test func anUnassignedStageIsForItsRoleOnly() throws {
    var h = try ActingRulesTests.hall()
    let number = try ActingRulesTests.atSurvey(&h)
    ActingRulesTests.refused("order.not-yours", ["外勤", "field"]) {
      try h.run(MarkChecklistItem(number: number, item: "safety-check"), as: "liuyang")
    }
  }

  @Test func actsOnNoOneStageStillNeedTraining() throws {
    var h = try ActingRulesTests.hall()
    let number = try h.receive()
    ActingRulesTests.refused("act.not-trained", ["挂起工单"]) {
      try h.run(SuspendOrder(number: number, reason: "等资料"), as: "newclerk")
    }
    ActingRulesTests.refused("act.not-trained", ["登记反馈"]) {
      try h.run(ReceiveFeedback(number: number, text: "催办"), as: "newclerk")
    }
  }
}

/// Records keep the facts as they were.
@Suite struct RecordsKeepFactsTests {
  @Test func aSurveyKeepsTheCalibrationItWasDoneWith() throws {
    var h = try ActingRulesTests.hall()
    let number = try ActingRulesTests.atSurvey(&h)
    try h.run(ActingRulesTests.survey(number, h), as: "liqiang")
    // Recalibrated later, out of tolerance: the old survey still shows what it was done with.
    let today = Day(containing: h.now)
    try h.run(
      CalibrateEquipment(assetNo: "M-0031", calibratedOn: today, dueOn: today.adding(days: 365), errorPercent: 1.8),
      as: "admin")
    let kept = try #require(h.state.orders[number]?.survey?.calibration("M-0031"))
    #expect(kept.errorPercent == 0.3 && kept.calibratedOn == today.adding(days: -10))
    #expect(kept.dueOn == today.adding(days: 300) && kept.name == "表计校验仪")
    #expect(h.state.equipment["M-0031"]?.errorPercent == 1.8)
  }

  /// The layout of `survey-recorded` before it kept calibrations.
  struct OldSurveyRecorded: Codable {
    var number: String
    var started: Date
    var ended: Date
    var findings: String
    var hazards: String
    var instruments: [String]
  }

  @Test func oldEventsWithoutTheNewFieldsStillDecode() throws {
    let at = Date(timeIntervalSince1970: 1_800_000_000)
    let old = try BinaryEncoder().encode(
      OldSurveyRecorded(number: "GD1", started: at, ended: at, findings: "f", hazards: "", instruments: ["M-1"]))
    guard case .surveyRecorded(let e) = try Event(type: "survey-recorded", payload: old) else {
      Issue.record("not a survey")
      return
    }
    #expect(e.calibrations == nil && e.instruments == ["M-1"])
    var state = DomainState()
    state.apply(.surveyRecorded(e), EventMeta(seq: 1, at: at, by: "x"))  // unknown order: skipped, no trap
    // The new layout round-trips with its field.
    let new = SurveyRecorded(
      number: "GD1", started: at, ended: at, findings: "f", hazards: "", instruments: ["M-1"],
      calibrations: [
        InstrumentCalibration(
          assetNo: "M-1", name: "n", calibratedOn: Day(2026, 1, 1), dueOn: Day(2027, 1, 1), errorPercent: 0.2)
      ])
    #expect(try Event(type: "survey-recorded", payload: Event.surveyRecorded(new).payload()) == .surveyRecorded(new))
    // Audits and milestones of the old layout too.
    struct OldAuditClosed: Codable {
      var id: String
      var conclusion: String
    }
    let closed = try BinaryEncoder().encode(OldAuditClosed(id: "JC0001", conclusion: "合规"))
    #expect(
      try Event(type: "audit-closed", payload: closed) == .auditClosed(AuditClosed(id: "JC0001", conclusion: "合规")))
    struct OldMilestone: Codable {
      var number: String
      var title: String
      var planned: Day
    }
    let planned = try BinaryEncoder().encode(OldMilestone(number: "GD1", title: "装表", planned: Day(2026, 12, 1)))
    #expect(
      try Event(type: "milestone-planned", payload: planned)
        == .milestonePlanned(MilestonePlanned(number: "GD1", title: "装表", planned: Day(2026, 12, 1))))
  }

  @Test func freeTextIsKeptAsTypedAndIdentifiersAreNormalised() throws {
    var h = try ActingRulesTests.hall()
    let type = h.newConnectionType()
    var form = Harness.person
    form.address = "城东区解放路１号，３楼"
    form.phone = "１３８１２３４５６７８"
    try h.run(
      ReceiveOrder(newCustomer: form, type: type.id, channel: .counter, needs: "新装，电缆 16mm²，ＡＢ相"), as: "wangli")
    let order = try #require(h.state.orders.values.first)
    #expect(order.needs == "新装，电缆 16mm²，ＡＢ相")
    let customer = try #require(h.state.customers[order.customer])
    #expect(customer.address == "城东区解放路１号，３楼")
    #expect(customer.phone == "13812345678")
  }

  @Test func anAuditRecordsTheHeadWhenStartedAndClosed() throws {
    var (h, _) = try AuditTests.archived(2)
    h.head = "41:aaaa"
    try h.run(StartAudit(from: AuditTests.from, to: AuditTests.to, sampleSize: 2, seed: 1), as: "sunhao")
    let audit = try #require(h.state.supervision.audit("JC0001"))
    #expect(audit.startHead == "41:aaaa" && audit.closeHead == nil)
    for number in audit.sample { try h.run(RecordAuditCheck(id: audit.id, order: number), as: "sunhao") }
    h.head = "45:bbbb"
    try h.run(CloseAudit(id: audit.id, conclusion: "合规"), as: "sunhao")
    let closed = try #require(h.state.supervision.audit("JC0001"))
    #expect(closed.startHead == "41:aaaa" && closed.closeHead == "45:bbbb")
    #expect(try DomainState(snapshot: h.state.snapshotBytes()).supervision.audit("JC0001") == closed)
  }
}
