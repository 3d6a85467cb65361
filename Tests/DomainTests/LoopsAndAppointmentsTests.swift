import Foundation
import Testing

@testable import Domain

/// Complaints record a contact; audits and closed loops (guide ch. 3.3, 4.4); the appointment is one fact.
@Suite struct LoopsAndAppointmentsTests {
  static func complaintAtContact(_ h: inout Harness) throws -> String {
    let complaint = h.state.standard(on: Day(containing: h.now)).businessType("complaint")!
    let number = try h.receive(type: complaint)
    try h.completeCurrentStage(number)
    #expect(h.state.orders[number]?.currentKind == .survey)
    try h.run(AssignStage(number: number, assignee: "zhaomin"), as: "zhaomin")
    return number
  }

  @Test func aComplaintRecordsAContactNotASurvey() throws {
    var h = try ActingRulesTests.hall()
    let number = try LoopsAndAppointmentsTests.complaintAtContact(&h)
    for item in ["contact-customer", "investigate"] {
      try h.run(MarkChecklistItem(number: number, item: item), as: "zhaomin")
    }
    ActingRulesTests.refused("stage.contact", ["联系与调查"]) { try h.run(AdvanceStage(number: number), as: "zhaomin") }
    // Instruments belong to site visits only.
    ActingRulesTests.refused("stage.not-site-visit", ["联系客户并调查", "不使用仪器"]) {
      try h.run(ActingRulesTests.survey(number, h), as: "zhaomin")
    }
    try h.run(
      RecordContact(number: number, contacted: h.now, method: .phone, person: "投诉人 李女士", findings: "抄表员未按约上门，属实"),
      as: "zhaomin")
    let contact = try #require(h.state.orders[number]?.contact)
    #expect(contact.by == "zhaomin" && contact.method == .phone && contact.findings == "抄表员未按约上门，属实")
    try h.run(AdvanceStage(number: number), as: "zhaomin")
    #expect(h.state.orders[number]?.currentKind == .feedback)
    // And a site survey takes no contact record.
    let survey = try ActingRulesTests.atSurvey(&h)
    ActingRulesTests.refused("stage.site-visit") {
      try h.run(
        RecordContact(number: survey, contacted: h.now, method: .visit, person: "x", findings: "y"), as: "liqiang")
    }
  }

  @Test func anAuditorWritesOnlyIntoTheirOwnAudit() throws {
    var (h, _) = try AuditTests.archived(3)
    try h.run(StartAudit(from: AuditTests.from, to: AuditTests.to, sampleSize: 2, seed: 7), as: "zhaomin")
    let audit = try #require(h.state.supervision.audit("JC0001"))
    ActingRulesTests.refused("audit.not-yours", ["赵敏", "JC0001"]) {
      try h.run(RecordAuditCheck(id: audit.id, order: audit.sample[0]), as: "sunhao")
    }
    ActingRulesTests.refused("audit.not-yours") {
      try h.run(RecordAuditFinding(id: audit.id, kind: .problem, order: audit.sample[0], text: "x"), as: "sunhao")
    }
    ActingRulesTests.refused("audit.not-yours") { try h.run(CloseAudit(id: audit.id, conclusion: "x"), as: "sunhao") }
    try h.run(RecordAuditCheck(id: audit.id, order: audit.sample[0]), as: "zhaomin")
  }

  @Test func aViolationFindingMakesItsOrderNonCompliant() throws {
    var (h, _) = try AuditTests.archived(2)
    try h.run(StartAudit(from: AuditTests.from, to: AuditTests.to, sampleSize: 2, seed: 7), as: "sunhao")
    let audit = try #require(h.state.supervision.audit("JC0001"))
    let (bad, good) = (audit.sample[0], audit.sample[1])
    for number in audit.sample { try h.run(RecordAuditCheck(id: audit.id, order: number), as: "sunhao") }
    #expect(h.state.supervision.audit("JC0001")?.compliant(bad) == true)
    try h.run(
      RecordAuditFinding(id: audit.id, kind: .violation, order: bad, text: "未核实证件", staff: "wangli"), as: "sunhao")
    let after = try #require(h.state.supervision.audit("JC0001"))
    #expect(after.compliant(bad) == false && after.compliant(good) == true)
  }

  @Test func anOrderWhoseFollowUpOpenedAProblemWaitsForItToClose() throws {
    var h = try Harness.hall()
    let inquiry = try #require(h.state.standard(on: Day(containing: h.now)).businessType("complaint"))
    let number = try h.receive(type: inquiry)
    while let order = h.state.orders[number], order.currentKind != .followUp { try h.completeCurrentStage(number) }
    let template = h.state.template(of: h.state.orders[number]!, stage: h.state.orders[number]!.current)!
    for item in template.checklist { try h.run(MarkChecklistItem(number: number, item: item.id), as: "wangli") }
    try h.run(RecordFollowUp(number: number, method: .phone, score: 1, comment: "没人理"), as: "wangli")
    try h.run(AdvanceStage(number: number), as: "wangli")
    let problem = try #require(h.state.orders[number]?.problems.first)
    ActingRulesTests.refused("archive.incomplete", [problem, "没人理", "close it first"]) {
      try h.completeCurrentStage(number)
    }
    try h.run(RecordProblemAction(id: problem, cause: "漏派", action: "专人回复"), as: "zhaomin")
    try h.run(VerifyProblem(id: problem, verification: "客户认可"), as: "zhaomin")
    ActingRulesTests.refused("archive.incomplete", ["已验证"]) { try h.completeCurrentStage(number) }
    try h.run(CloseProblem(id: problem), as: "zhaomin")
    try h.completeCurrentStage(number)
    #expect(h.state.orders[number]?.isArchived == true)
  }

  @Test func confirmingTheAppointmentTicksItsItemAndIntakeWaitsForIt() throws {
    var h = try Harness.hall()
    let type = h.newConnectionType()
    let wednesday = Day(2026, 11, 25).start.addingTimeInterval(10 * 3600)
    try h.run(
      ReceiveOrder(newCustomer: Harness.person, type: type.id, channel: .phone, needs: "新装", appointment: wednesday),
      as: "wangli")
    let number = try #require(h.state.orders.keys.first)
    let intake = h.state.template(of: h.state.orders[number]!, stage: 0)!
    for item in intake.checklist where item.id != DomainState.appointmentItem {
      try h.run(MarkChecklistItem(number: number, item: item.id), as: "wangli")
    }
    ActingRulesTests.refused("checklist.appointment", ["确认预约"]) {
      try h.run(MarkChecklistItem(number: number, item: DomainState.appointmentItem), as: "wangli")
    }
    ActingRulesTests.refused("checklist.appointment-requested") {
      try h.run(
        MarkChecklistItem(number: number, item: DomainState.appointmentItem, notApplicable: "不需要"), as: "wangli")
    }
    ActingRulesTests.refused("checklist.incomplete") { try h.run(AdvanceStage(number: number), as: "wangli") }
    try h.run(ConfirmAppointment(number: number, appointment: wednesday), as: "wangli")
    let order = try #require(h.state.orders[number])
    #expect(order.appointmentConfirmed == wednesday)
    #expect(order.currentStage?.mark(DomainState.appointmentItem)?.by == "wangli")
    try h.run(AdvanceStage(number: number), as: "wangli")
  }

  @Test func intakeDoesNotCompleteWhileAnAppointmentIsUnconfirmed() throws {
    var h = try Harness.hall()
    let repair = try #require(
      h.state.standard(on: Day(containing: h.now)).businessTypes.first { t in
        t.group == "repair" && !t.stages[0].checklist.contains { $0.id == DomainState.appointmentItem }
      })
    try h.run(
      ReceiveOrder(
        newCustomer: Harness.person, type: repair.id, channel: .phone, needs: "停电",
        appointment: h.now.addingTimeInterval(3600)), as: "wangli")
    let number = try #require(h.state.orders.keys.first)
    for item in repair.stages[0].checklist { try h.run(MarkChecklistItem(number: number, item: item.id), as: "wangli") }
    ActingRulesTests.refused("intake.appointment") { try h.run(AdvanceStage(number: number), as: "wangli") }
    // A repair may be at any hour: 22:00 is accepted.
    let night = Day(containing: h.now).start.addingTimeInterval(22 * 3600)
    try h.run(ConfirmAppointment(number: number, appointment: night), as: "wangli")
    try h.run(AdvanceStage(number: number), as: "wangli")
  }

  @Test func anAppointmentInThePastOrOutOfHoursSaysWhatToEnter() throws {
    var h = try Harness.hall()
    let type = h.newConnectionType()
    func receive(_ at: Date) throws {
      try h.run(
        ReceiveOrder(newCustomer: Harness.person, type: type.id, channel: .phone, needs: "新装", appointment: at),
        as: "wangli")
    }
    ActingRulesTests.refused("order.appointment", ["今后", "08:30–17:30"]) {
      try receive(h.now.addingTimeInterval(-3600))
    }
    let evening = Day(2026, 11, 24).start.addingTimeInterval(19 * 3600)
    ActingRulesTests.refused("order.appointment-hours", ["2026-11-24 19:00", "工作日 08:30–17:30"]) {
      try receive(evening)
    }
    let saturday = Day(2026, 11, 28).start.addingTimeInterval(10 * 3600)
    ActingRulesTests.refused("order.appointment-hours") { try receive(saturday) }
    try receive(Day(2026, 11, 24).start.addingTimeInterval(17 * 3600))
    // The standard's own hours count.
    var standard = Standard.defaultV1
    standard.serviceHours = ServiceHours(open: "09:00", close: "12:00")
    #expect(!standard.hours.contains(Day(2026, 11, 24).start.addingTimeInterval(13 * 3600), calendar: h.state.calendar))
    #expect(try Standard.parse(toml: standard.toTOML()).hours == standard.hours)
  }

  @Test func aMilestoneAfterTheExecutionDeadlineNeedsAReason() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    while let order = h.state.orders[number], order.currentKind != .execution { try h.completeCurrentStage(number) }
    try h.run(AssignStage(number: number, assignee: "liqiang"), as: "zhaomin")
    let due = try #require(h.state.executionDeadline(h.state.orders[number]!, now: h.now))
    let late = due.adding(days: 3)
    ActingRulesTests.refused("milestone.after-deadline", ["\(due)", "原因"]) {
      try h.run(PlanMilestone(number: number, title: "装表", planned: late), as: "liqiang")
    }
    try h.run(PlanMilestone(number: number, title: "装表", planned: due), as: "liqiang")
    try h.run(PlanMilestone(number: number, title: "送电", planned: late, reason: "客户配电房未完工"), as: "liqiang")
    let entry = try #require(h.state.orders[number]?.timeline.last)
    #expect(entry.note == "送电" && entry.detail == "客户配电房未完工")
    let line = h.state.timelineLine(entry, of: try #require(h.state.orders[number]))
    #expect(line.detail == Localized("送电（原因：客户配电房未完工）", "送电 (reason: 客户配电房未完工)"))
  }
}
