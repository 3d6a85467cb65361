import Foundation
import Testing

@testable import Domain

/// KPIs on a small hand-computed hall (formulas in docs/kpis.md).
@Suite struct KPITests {
  static let november = (from: Day(2026, 11, 1), to: Day(2026, 11, 30))

  /// Monday 2026-11-23 09:00 (T0):
  /// - A: inquiry with an appointment confirmed at T0; archived at T0 (0 working days).
  /// - D: inquiry with an appointment never confirmed; left open.
  /// - B: complaint, every stage done at T0, follow-up score 5, archived at T0.
  /// - C: complaint received at T0, intake done at T0; the rest on Tuesday 15:00 (T1): the survey stage
  ///   (24 h from receipt) is 6 h late, the follow-up scores 2 (a problem opens, and is closed before C is
  ///   archived); archived at T1 (1 day).
  /// All for the same customer, received by wangli; the complaint stages held by zhaomin.
  static func fixture() throws -> (Harness, a: String, b: String, c: String, d: String) {
    var h = try Harness.hall()
    let inquiry = h.state.standard(on: Day(containing: h.now)).businessType("inquiry")!
    let complaint = h.state.standard(on: Day(containing: h.now)).businessType("complaint")!
    try h.run(
      ReceiveOrder(
        newCustomer: Harness.person, type: "inquiry", channel: .counter, needs: "咨询电价",
        appointment: h.now.addingTimeInterval(86400)), as: "wangli")
    let a = h.state.orders.keys.sorted().last!
    try h.run(ConfirmAppointment(number: a, appointment: h.now.addingTimeInterval(86400)), as: "wangli")
    try h.completeCurrentStage(a)
    try h.completeCurrentStage(a)
    let account = h.state.orders[a]!.customer
    try h.run(
      ReceiveOrder(
        account: account, type: "inquiry", channel: .phone, needs: "咨询",
        appointment: h.now.addingTimeInterval(86400)), as: "wangli")
    let d = h.state.orders.keys.sorted().last!
    let b = try h.receive(type: complaint)
    for _ in 0..<complaint.stages.count { try h.completeCurrentStage(b) }
    let c = try h.receive(type: complaint)
    try h.completeCurrentStage(c)  // intake at T0
    h.advance(hours: 30)  // Tuesday 15:00
    try h.completeCurrentStage(c)  // survey: late
    try h.completeCurrentStage(c)  // feedback
    let followUp = h.state.template(of: h.state.orders[c]!, stage: h.state.orders[c]!.current)!
    for item in followUp.checklist { try h.run(MarkChecklistItem(number: c, item: item.id), as: "wangli") }
    try h.run(RecordFollowUp(number: c, method: .phone, score: 2, comment: "答复太慢"), as: "wangli")
    try h.run(AdvanceStage(number: c), as: "wangli")
    // The follow-up's problem is closed (guide ch. 3.3) before the order may be archived.
    let problem = h.state.orders[c]!.problems.first!
    #expect(throws: DomainError.self) { try h.completeCurrentStage(c) }
    try h.run(RecordProblemAction(id: problem, cause: "答复慢", action: "专人跟进"), as: "zhaomin")
    try h.run(VerifyProblem(id: problem, verification: "已复核"), as: "zhaomin")
    try h.run(CloseProblem(id: problem), as: "zhaomin")
    try h.completeCurrentStage(c)  // archive
    _ = inquiry
    #expect(h.state.orders[a]!.isArchived && h.state.orders[b]!.isArchived && h.state.orders[c]!.isArchived)
    #expect(!h.state.orders[d]!.isArchived)
    return (h, a, b, c, d)
  }

  static func value(_ list: [KPIValue], _ id: String) -> KPIValue? { list.first { $0.id == id } }

  @Test func hallKPIsMatchTheHandComputedFixture() throws {
    let (h, _, _, _, _) = try KPITests.fixture()
    let k = h.state.kpis(from: KPITests.november.from, to: KPITests.november.to)
    func check(
      _ id: String, _ num: Double, _ den: Double?, _ value: Double?, sourceLocation: SourceLocation = #_sourceLocation
    ) {
      guard let v = KPITests.value(k, id) else {
        Issue.record("no KPI \(id)", sourceLocation: sourceLocation)
        return
      }
      #expect(v.numerator == num, "\(id) numerator", sourceLocation: sourceLocation)
      #expect(v.denominator == den, "\(id) denominator", sourceLocation: sourceLocation)
      if let value, let got = v.value {
        #expect(abs(got - value) < 0.001, "\(id) value \(got)", sourceLocation: sourceLocation)
      } else {
        #expect(v.value == value, "\(id) value", sourceLocation: sourceLocation)
      }
    }
    check(KPI.onTimeCompletion, 2, 3, 200.0 / 3)
    check(KPI.stageOnTime, 5, 6, 500.0 / 6)
    check("stage-on-time.survey", 1, 2, 50)
    check("stage-on-time.feedback", 2, 2, 100)
    check("stage-on-time.follow-up", 2, 2, 100)
    check(KPI.cycleTime, 1, 3, 1.0 / 3)
    check(KPI.appointmentSuccess, 1, 2, 50)
    check(KPI.followUpRate, 2, 2, 100)
    check(KPI.satisfaction, 1, 2, 50)
    check(KPI.complaintsPer10k, 2, 1, 20_000)
    check(KPI.repeatComplaints, 1, 2, 50)
    check(KPI.closedLoop, 1, 1, 100)
    check(KPI.violations, 0, nil, 0)
    check(KPI.connectionOnTime, 0, 0, nil)
    // Targets come from the standard.
    let onTime = KPITests.value(k, KPI.onTimeCompletion)!
    #expect(onTime.target == 95 && onTime.met == false)
    let appointments = KPITests.value(k, KPI.appointmentSuccess)!
    #expect(appointments.target == 75 && appointments.met == false)
    #expect(KPITests.value(k, KPI.complaintsPer10k)?.higherIsBetter == false)
    #expect(KPITests.value(k, KPI.cycleTime)?.target == nil)
  }

  @Test func closingTheProblemAndRecordingAViolationMoveTheirKPIs() throws {
    var (h, _, _, c, _) = try KPITests.fixture()
    try h.run(OpenProblem(order: c, title: "答复口径不一"), as: "zhaomin")
    #expect(
      KPITests.value(h.state.kpis(from: KPITests.november.from, to: KPITests.november.to), KPI.closedLoop)?.value == 50)
    let problem = h.state.orders[c]!.problems.last!
    try h.run(RecordProblemAction(id: problem, cause: "答复慢", action: "专人跟进"), as: "zhaomin")
    try h.run(VerifyProblem(id: problem, verification: "已复核"), as: "zhaomin")
    try h.run(CloseProblem(id: problem), as: "zhaomin")
    try h.run(
      RecordViolation(staff: "wangli", category: "服务规范", severity: .general, description: "回访话术不规范", decision: "提醒"),
      as: "zhaomin")
    let k = h.state.kpis(from: KPITests.november.from, to: KPITests.november.to)
    #expect(KPITests.value(k, KPI.closedLoop)?.value == 100)
    #expect(KPITests.value(k, KPI.violations)?.numerator == 1)
    // A problem closed after the period ends does not count for that period.
    let october = h.state.kpis(from: Day(2026, 10, 1), to: Day(2026, 10, 31))
    #expect(KPITests.value(october, KPI.closedLoop)?.denominator == 0)
    #expect(KPITests.value(october, KPI.closedLoop)?.value == nil)
  }

  @Test func staffAndTeamScopes() throws {
    let (h, _, _, _, _) = try KPITests.fixture()
    let (from, to) = KPITests.november
    let zhaomin = h.state.kpis(from: from, to: to, scope: .staff("zhaomin"))
    // zhaomin held the survey and feedback stages of B and C only.
    #expect(KPITests.value(zhaomin, KPI.onTimeCompletion)?.numerator == 1)
    #expect(KPITests.value(zhaomin, KPI.onTimeCompletion)?.denominator == 2)
    #expect(KPITests.value(zhaomin, KPI.stageOnTime)?.numerator == 3)
    #expect(KPITests.value(zhaomin, KPI.stageOnTime)?.denominator == 4)
    // No complaint rate for one person.
    #expect(KPITests.value(zhaomin, KPI.complaintsPer10k) == nil)
    let nobody = h.state.kpis(from: from, to: to, scope: .staff("zhoupeng"))
    #expect(KPITests.value(nobody, KPI.onTimeCompletion)?.denominator == 0)
    let team = h.state.kpis(from: from, to: to, scope: .team("城东"))
    #expect(KPITests.value(team, KPI.onTimeCompletion)?.denominator == 3)
  }

  @Test func periodsOutsideTheOrdersAreEmpty() throws {
    let (h, _, _, _, _) = try KPITests.fixture()
    let december = h.state.kpis(from: Day(2026, 12, 1), to: Day(2026, 12, 31))
    #expect(KPITests.value(december, KPI.onTimeCompletion)?.denominator == 0)
    #expect(KPITests.value(december, KPI.onTimeCompletion)?.met == nil)
    #expect(KPITests.value(december, KPI.complaintsPer10k)?.numerator == 0)
  }

  @Test func appointmentConfirmedByTheIntakeChecklist() throws {
    var h = try Harness.hall()
    let type = h.newConnectionType()
    var numbers: [String] = []
    for _ in 0..<2 {
      let events = try h.run(
        ReceiveOrder(
          newCustomer: Harness.person, type: type.id, channel: .phone, needs: "新装",
          appointment: h.now.addingTimeInterval(2 * 86400)), as: "wangli")
      for case .orderReceived(let e) in events { numbers.append(e.number) }
    }
    h.advance(hours: 2)
    // Confirming the appointment ticks the intake item (the one fact).
    try h.run(ConfirmAppointment(number: numbers[0], appointment: h.now.addingTimeInterval(2 * 86400)), as: "wangli")
    #expect(h.state.orders[numbers[0]]?.currentStage?.mark("confirm-appointment") != nil)
    h.advance(hours: 24 * 7)  // the next Monday: 5 working days after receipt, too late
    try h.run(ConfirmAppointment(number: numbers[1], appointment: h.nextServiceTime()), as: "wangli")
    let k = try #require(h.state.kpi(KPI.appointmentSuccess, from: KPITests.november.from, to: KPITests.november.to))
    #expect(k.numerator == 1 && k.denominator == 2 && k.value == 50)
  }
}
