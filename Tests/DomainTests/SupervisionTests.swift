import Foundation
import Testing

@testable import Domain

/// Risks, warnings, violations, notices, improvement plans, standards and queue oversight (guide ch. 4–8).
@Suite struct SupervisionTests {
  static func refusal(_ code: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
      try body()
      Issue.record("expected \(code), but it was accepted", sourceLocation: sourceLocation)
    } catch let error as DomainError {
      #expect(error.code.rawValue == code, "\(error)", sourceLocation: sourceLocation)
    } catch {
      Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
    }
  }

  // MARK: Risks

  @Test func riskLevelsFollowTheScore() {
    #expect(RiskLevel(score: 1) == .low)
    #expect(RiskLevel(score: 4) == .low)
    #expect(RiskLevel(score: 5) == .medium)
    #expect(RiskLevel(score: 9) == .medium)
    #expect(RiskLevel(score: 10) == .high)
    #expect(RiskLevel(score: 16) == .high)
    #expect(RiskLevel(score: 20) == .extreme)
    #expect(RiskLevel(score: 25) == .extreme)
  }

  @Test func riskRegisterUpdateCloseAndMatrix() throws {
    var h = try Harness.hall()
    try h.run(
      RegisterRisk(
        source: .complaint, category: "服务质量", title: "重复投诉", likelihood: 3, impact: 4, owner: "wangli",
        plan: "班长回访"), as: "zhaomin")
    let risk = try #require(h.state.supervision.risk("FX0001"))
    #expect(risk.score == 12 && risk.level == .high && risk.status == .open)
    #expect(h.state.supervision.matrix[2][3] == 1)
    #expect(h.state.supervision.matrix.joined().reduce(0, +) == 1)
    // The owner may record a response; that moves the risk to mitigating.
    try h.run(RecordRiskResponse(risk: "FX0001", action: "电话回访客户"), as: "wangli")
    #expect(h.state.supervision.risk("FX0001")?.status == .mitigating)
    #expect(h.state.supervision.risk("FX0001")?.responses.count == 1)
    SupervisionTests.refusal("risk.owner") { try h.run(RecordRiskResponse(risk: "FX0001", action: "x"), as: "liuyang") }
    try h.run(
      UpdateRisk(id: "FX0001", likelihood: 1, impact: 4, owner: "wangli", plan: "已整改", status: .mitigating),
      as: "zhaomin")
    #expect(h.state.supervision.risk("FX0001")?.level == .low)
    #expect(h.state.supervision.matrix[0][3] == 1)
    SupervisionTests.refusal("risk.use-close") {
      try h.run(
        UpdateRisk(id: "FX0001", likelihood: 1, impact: 1, owner: "wangli", plan: "x", status: .closed), as: "zhaomin")
    }
    try h.run(CloseRisk(id: "FX0001", note: "两月无复发"), as: "zhaomin")
    #expect(h.state.supervision.risk("FX0001")?.status == .closed)
    #expect(h.state.supervision.matrix.joined().reduce(0, +) == 0)
    SupervisionTests.refusal("risk.closed") { try h.run(CloseRisk(id: "FX0001", note: "再关"), as: "zhaomin") }
  }

  @Test func riskRefusals() throws {
    var h = try Harness.hall()
    let risk = RegisterRisk(
      source: .manual, category: "设备", title: "仪器老化", likelihood: 2, impact: 2, owner: "zhaomin", plan: "送检")
    SupervisionTests.refusal("auth.role") { try h.run(risk, as: "wangli") }
    SupervisionTests.refusal("auth.role") { try h.run(risk, as: "sunhao") }
    var bad = risk
    bad.likelihood = 6
    SupervisionTests.refusal("risk.scale") { try h.run(bad, as: "zhaomin") }
    bad = risk
    bad.owner = "nobody"
    SupervisionTests.refusal("staff.not-found") { try h.run(bad, as: "zhaomin") }
    SupervisionTests.refusal("risk.not-found") { try h.run(CloseRisk(id: "FX0099", note: "x"), as: "zhaomin") }
    SupervisionTests.refusal("risk.response-subject") { try h.run(RecordRiskResponse(action: "x"), as: "zhaomin") }
  }

  // MARK: Early warnings

  @Test func warningsOfTheHallAsBuilt() throws {
    let h = try Harness.hall()
    let ids = h.state.warnings(now: h.now).map { "\($0.level.rawValue) \($0.id)" }
    // oldcert's certificates expired yesterday; M-0033 is out of tolerance; M-0035 is overdue.
    #expect(ids.contains("red certificate-expiring:oldcert/electrician"))
    #expect(ids.contains("red calibration-due:M-0033"))
    #expect(ids.contains("red calibration-due:M-0035"))
    #expect(!ids.contains { $0.contains("M-0031") })
    // Red comes first.
    let levels = h.state.warnings(now: h.now).map(\.level)
    #expect(levels == levels.sorted(by: >))
  }

  @Test func certificateAndCalibrationComingDue() throws {
    var h = try Harness.hall()
    let today = Day(containing: h.now)
    try h.run(RegisterStaff(login: "newbie", name: "新人", roles: [.clerk], team: "城东"), as: "admin")
    try h.run(
      RecordCertificate(login: "newbie", kind: "safety", number: "N1", validUntil: today.adding(days: 20)), as: "admin")
    try h.run(
      RecordCertificate(login: "newbie", kind: "marketing", number: "N2", validUntil: today.adding(days: 31)),
      as: "admin")
    try h.run(
      RegisterEquipment(
        assetNo: "M-0040", kind: "clamp", name: "钳形表", calibratedOn: today.adding(days: -300),
        dueOn: today.adding(days: 10), errorPercent: 0.1), as: "admin")
    try h.run(
      RegisterEquipment(
        assetNo: "M-0041", kind: "clamp", name: "钳形表", calibratedOn: today.adding(days: -300),
        dueOn: today.adding(days: 16), errorPercent: 0.1), as: "admin")
    let w = h.state.warnings(now: h.now)
    #expect(w.first { $0.id == "certificate-expiring:newbie/safety" }?.level == .yellow)
    #expect(!w.contains { $0.id == "certificate-expiring:newbie/marketing" })
    #expect(w.first { $0.id == "calibration-due:M-0040" }?.level == .yellow)
    #expect(!w.contains { $0.id == "calibration-due:M-0041" })
    // A renewed certificate clears the warning.
    try h.run(
      RecordCertificate(login: "newbie", kind: "safety", number: "N3", validUntil: today.adding(days: 400)), as: "admin"
    )
    #expect(!h.state.warnings(now: h.now).contains { $0.id == "certificate-expiring:newbie/safety" })
  }

  @Test func stageDeadlineTurnsYellowThenRed() throws {
    var h = try Harness.hall()
    let number = try h.receive()  // intake: 3 working days from Monday 09:00
    #expect(!h.state.warnings(now: h.now).contains { $0.rule == .stageDeadline })
    let wednesdayLate = h.now.addingTimeInterval(62 * 3600)  // Wed 23:00: 2 d 14 h of 3 d used
    #expect(h.state.warnings(now: wednesdayLate).first { $0.subject == number }?.level == .yellow)
    let thursday = h.now.addingTimeInterval(73 * 3600)  // Thu 10:00: an hour late
    let red = try #require(h.state.warnings(now: thursday).first { $0.subject == number })
    #expect(red.level == .red && red.rule == .stageDeadline)
    // A suspended order raises nothing: the clock stands still.
    try h.run(SuspendOrder(number: number, reason: "等客户资料"), as: "wangli")
    #expect(!h.state.warnings(now: thursday).contains { $0.subject == number })
  }

  @Test func twoComplaintsWithinNinetyDays() throws {
    var h = try Harness.hall()
    let complaint = h.state.standard(on: Day(containing: h.now)).businessType("complaint")!
    let first = try h.receive(type: complaint)
    let account = h.state.orders[first]!.customer
    #expect(!h.state.warnings(now: h.now).contains { $0.rule == .repeatComplaints })
    h.advance(hours: 24 * 30)
    _ = try h.receive(type: complaint)
    let w = try #require(h.state.warnings(now: h.now).first { $0.rule == .repeatComplaints })
    #expect(w.level == .yellow && w.subject == account)
    #expect(!w.detail.zh.contains("张三明"))  // masked
    _ = try h.receive(type: complaint)
    #expect(h.state.warnings(now: h.now).first { $0.rule == .repeatComplaints }?.level == .red)
    // 91 days after the last, all have left the window.
    #expect(!h.state.warnings(now: h.now.addingTimeInterval(91 * 86400)).contains { $0.rule == .repeatComplaints })
    // A supervisor records a response on the warning.
    try h.run(RecordRiskResponse(warning: w.id, action: "班长上门致歉"), as: "zhaomin")
    #expect(h.state.warnings(now: h.now).first { $0.id == w.id }?.responses == 1)
    SupervisionTests.refusal("auth.role") { try h.run(RecordRiskResponse(warning: w.id, action: "x"), as: "wangli") }
    SupervisionTests.refusal("warning.not-found") {
      try h.run(RecordRiskResponse(warning: "calibration-due:M-0031", action: "x"), as: "zhaomin")
    }
  }

  @Test func complaintsOfAnotherTypeNamedComplaintCount() throws {
    var h = try Harness.hall()
    var draft = Standard.defaultV1
    draft.version = 2
    var quality = draft.businessType("complaint")!
    quality.id = "complaint-quality"
    quality.name = Localized("投诉（供电质量）", "Complaint (supply quality)")
    draft.businessTypes.append(quality)
    try h.run(PublishStandard(toml: draft.toTOML(), effective: Day(containing: h.now)), as: "zhaomin")
    _ = try h.receive(type: draft.businessType("complaint")!)
    _ = try h.receive(type: quality)
    #expect(h.state.warnings(now: h.now).contains { $0.rule == .repeatComplaints })
    let k = h.state.kpi(KPI.complaintsPer10k, from: Day(2026, 11, 1), to: Day(2026, 11, 30))
    #expect(k?.numerator == 2)
  }

  // MARK: Violations

  @Test func violationsWithResponsibilityAndStatements() throws {
    var h = try Harness.hall()
    let shares = [
      ResponsibilityShare(login: "wangli", responsibility: .main),
      ResponsibilityShare(login: "zhaomin", responsibility: .leadership),
    ]
    let record = RecordViolation(
      staff: "wangli", category: "服务规范", severity: .serious, description: "未核实身份即受理", shares: shares,
      decision: "通报批评")
    SupervisionTests.refusal("auth.role") { try h.run(record, as: "liuyang") }
    SupervisionTests.refusal("auth.role") { try h.run(record, as: "liqiang") }
    try h.run(record, as: "zhaomin")
    try h.run(
      RecordViolation(staff: "liuyang", category: "纪律", severity: .general, description: "迟到", decision: "提醒"),
      as: "sunhao")
    let v = try #require(h.state.supervision.violation("WG0001"))
    #expect(v.severity == .serious && v.shares == shares && v.recordedBy == "zhaomin")
    #expect(
      h.state.supervision.violation("WG0002")?.shares == [ResponsibilityShare(login: "liuyang", responsibility: .main)])
    // Only the people it concerns may state their case.
    try h.run(RecordViolationStatement(id: "WG0001", text: "当日系统故障"), as: "wangli")
    try h.run(RecordViolationStatement(id: "WG0001", text: "已督促"), as: "zhaomin")
    SupervisionTests.refusal("violation.not-concerned") {
      try h.run(RecordViolationStatement(id: "WG0001", text: "路过"), as: "liuyang")
    }
    #expect(h.state.supervision.violation("WG0001")?.statements.map(\.by) == ["wangli", "zhaomin"])
    var noMain = record
    noMain.shares = [ResponsibilityShare(login: "wangli", responsibility: .secondary)]
    SupervisionTests.refusal("violation.main") { try h.run(noMain, as: "zhaomin") }
    var twice = record
    twice.shares = [shares[0], ResponsibilityShare(login: "wangli", responsibility: .leadership)]
    SupervisionTests.refusal("violation.share-twice") { try h.run(twice, as: "zhaomin") }
  }

  // MARK: Notices

  @Test func noticesAreAcknowledgedByTheirRecipients() throws {
    var h = try Harness.hall()
    try h.run(SendNotice(to: "wangli", text: "今日内处理超期工单"), as: "zhaomin")
    try h.run(SendNotice(team: "城东", text: "周五前补齐回访"), as: "zhaomin")
    let team = try #require(h.state.supervision.notice("DB0002"))
    #expect(
      team.recipients.contains("wangli") && team.recipients.contains("sunhao") && !team.recipients.contains("zhaomin"))
    #expect(h.state.supervision.unacknowledged("wangli").map(\.id) == ["DB0001", "DB0002"])
    try h.run(AcknowledgeNotice(id: "DB0001"), as: "wangli")
    #expect(h.state.supervision.unacknowledged("wangli").map(\.id) == ["DB0002"])
    SupervisionTests.refusal("notice.acknowledged") { try h.run(AcknowledgeNotice(id: "DB0001"), as: "wangli") }
    SupervisionTests.refusal("notice.not-recipient") { try h.run(AcknowledgeNotice(id: "DB0001"), as: "liuyang") }
    try h.run(AcknowledgeNotice(id: "DB0002"), as: "sunhao")  // an auditor acknowledges too
    SupervisionTests.refusal("auth.role") { try h.run(SendNotice(to: "liuyang", text: "x"), as: "wangli") }
    SupervisionTests.refusal("notice.recipient") { try h.run(SendNotice(text: "x"), as: "zhaomin") }
    SupervisionTests.refusal("notice.team-empty") { try h.run(SendNotice(team: "城西", text: "x"), as: "zhaomin") }
  }

  // MARK: Queue oversight and auditors

  static func twoAtSurvey(_ h: inout Harness) throws -> [String] {
    var numbers: [String] = []
    for _ in 0..<2 {
      let n = try h.receive()
      try h.completeCurrentStage(n)
      #expect(h.state.orders[n]?.currentKind == .survey)
      numbers.append(n)
    }
    return numbers
  }

  @Test func bulkReassignIsAllOrNothing() throws {
    var h = try Harness.hall()
    let numbers = try SupervisionTests.twoAtSurvey(&h)
    do {
      try h.run(ReassignOrders(numbers: numbers, assignee: "zhoupeng", reason: "李强休假"), as: "zhaomin")
      Issue.record("an unqualified assignee was accepted")
    } catch {
      #expect(error.code.rawValue == "assign.bulk-not-qualified")
      #expect(numbers.allSatisfy { error.message.zh.contains($0) })
    }
    #expect(numbers.allSatisfy { h.state.orders[$0]?.currentStage?.assignee == nil })
    SupervisionTests.refusal("field.required") {
      try h.run(ReassignOrders(numbers: numbers, assignee: "liqiang", reason: " "), as: "zhaomin")
    }
    let events = try h.run(ReassignOrders(numbers: numbers, assignee: "liqiang", reason: "均衡工作量"), as: "zhaomin")
    #expect(events.count == 2)
    for case .stageAssigned(let e) in events { #expect(e.reason == "均衡工作量" && e.assignee == "liqiang") }
    #expect(numbers.allSatisfy { h.state.orders[$0]?.currentStage?.assignee == "liqiang" })
    SupervisionTests.refusal("auth.role") {
      try h.run(ReassignOrders(numbers: numbers, assignee: "liqiang", reason: "x"), as: "wangli")
    }
  }

  @Test func anAuditorCannotReassignOrWorkOrders() throws {
    var h = try Harness.hall()
    let numbers = try SupervisionTests.twoAtSurvey(&h)
    SupervisionTests.refusal("auth.role") {
      try h.run(ReassignOrders(numbers: numbers, assignee: "liqiang", reason: "x"), as: "sunhao")
    }
    SupervisionTests.refusal("auth.role") {
      try h.run(AssignStage(number: numbers[0], assignee: "liqiang"), as: "sunhao")
    }
    SupervisionTests.refusal("auth.auditor") { try h.run(AdvanceStage(number: numbers[0]), as: "sunhao") }
    SupervisionTests.refusal("auth.auditor") {
      try h.run(MarkChecklistItem(number: numbers[0], item: "check-equipment"), as: "sunhao")
    }
    SupervisionTests.refusal("auth.auditor") {
      try h.run(
        RecordReadiness(equipmentOK: true, networkOK: true, loginRightsOK: true, backup: "", note: ""), as: "sunhao")
    }
    // What an auditor may do: reveal with a reason, open a problem (source audit).
    let account = h.state.orders[numbers[0]]!.customer
    try h.run(RevealPersonalData(account: account, reason: "稽查核对身份"), as: "sunhao")
    try h.run(OpenProblem(order: numbers[0], title: "勘查记录缺失"), as: "sunhao")
    #expect(h.state.problems.values.contains { $0.source == .audit })
    // Every command an auditor may issue exists.
    let names = Command.all.map { $0.name }
    for name in Command.auditorCommands { #expect(names.contains(name), "\(name)") }
  }

  // MARK: Standards

  static func draftV2() -> Standard {
    var draft = Standard.defaultV1
    draft.version = 2
    let i = draft.businessTypes.firstIndex { $0.id == "new-low-resident" }!
    draft.businessTypes[i].stages[0].limit = .workingDays(2)
    draft.businessTypes[i].stages[0].checklist.append(
      ChecklistItemTemplate(id: "explain-fees", title: Localized("告知收费标准", "Explain the fees"), required: false))
    draft.businessTypes.removeAll { $0.id == "praise" }
    let t = draft.targets.firstIndex { $0.id == "follow-up-rate" }!
    draft.targets[t].target = 98
    return draft
  }

  @Test func publishingAStandard() throws {
    var h = try Harness.hall()
    let today = Day(containing: h.now)
    let text = SupervisionTests.draftV2().toTOML()
    let effective = today.adding(days: 7)
    SupervisionTests.refusal("auth.role") { try h.run(PublishStandard(toml: text, effective: effective), as: "wangli") }
    SupervisionTests.refusal("auth.role") { try h.run(PublishStandard(toml: text, effective: effective), as: "sunhao") }
    var v3 = SupervisionTests.draftV2()
    v3.version = 3
    SupervisionTests.refusal("standard.version-next") {
      try h.run(PublishStandard(toml: v3.toTOML(), effective: effective), as: "zhaomin")
    }
    SupervisionTests.refusal("standard.effective-past") {
      try h.run(PublishStandard(toml: text, effective: today.adding(days: -1)), as: "zhaomin")
    }
    SupervisionTests.refusal("standard.syntax") {
      try h.run(PublishStandard(toml: "version = ", effective: effective), as: "zhaomin")
    }
    try h.run(PublishStandard(toml: text, effective: effective), as: "zhaomin")
    #expect(h.state.standards.map(\.version) == [1, 2])
    #expect(h.state.standard(version: 2)?.effective == effective)
    // Received before the effective date: v1, and it keeps it; after: v2.
    let before = try h.receive()
    h.advance(hours: 7 * 24)
    let after = try h.receive()
    #expect(h.state.orders[before]?.standardVersion == 1)
    #expect(h.state.orders[after]?.standardVersion == 2)
    #expect(h.state.template(of: h.state.orders[before]!, stage: 0)?.limit == .workingDays(3))
    #expect(h.state.template(of: h.state.orders[after]!, stage: 0)?.limit == .workingDays(2))
    // The snapshot keeps both versions.
    let back = try DomainState(snapshot: try h.state.snapshotBytes())
    #expect(back.standards == h.state.standards)
  }

  @Test func standardDiff() {
    let changes = Standard.defaultV1.diff(to: SupervisionTests.draftV2())
    let kinds = changes.map { "\($0.kind.rawValue) \($0.subject)" }
    #expect(kinds.contains("limit-changed new-low-resident/intake"))
    #expect(kinds.contains("checklist-added new-low-resident/intake/explain-fees"))
    #expect(kinds.contains("type-removed praise"))
    #expect(kinds.contains("target-changed follow-up-rate"))
    #expect(changes.count == 4)
    #expect(Standard.defaultV1.diff(to: Standard.defaultV1).isEmpty)
    let back = SupervisionTests.draftV2().diff(to: Standard.defaultV1).map { "\($0.kind.rawValue) \($0.subject)" }
    #expect(
      back.contains("type-added praise") && back.contains("checklist-removed new-low-resident/intake/explain-fees"))
  }

  // MARK: Improvement

  @Test func improvementPlanThroughPDCA() throws {
    var (h, _, _, c, _) = try KPITests.fixture()
    let problem = h.state.orders[c]!.problems.first!
    SupervisionTests.refusal("plan.link") {
      try h.run(CreateImprovementPlan(title: "x", owner: "wangli"), as: "zhaomin")
    }
    SupervisionTests.refusal("kpi.unknown") {
      try h.run(CreateImprovementPlan(title: "x", kpi: "happiness", owner: "wangli"), as: "zhaomin")
    }
    SupervisionTests.refusal("auth.role") {
      try h.run(CreateImprovementPlan(title: "x", kpi: KPI.satisfaction, owner: "wangli"), as: "wangli")
    }
    let due = Day(2026, 12, 15)
    try h.run(
      CreateImprovementPlan(
        title: "提升回访满意率", problems: [problem], kpi: KPI.satisfaction, owner: "wangli", target: 40,
        actions: [PlanActionForm(title: "回访话术培训", due: due)]), as: "zhaomin")
    let id = "GJ0001"
    try h.run(RecordPlanAction(id: id, title: "回访话术培训", due: due, done: true, note: "已培训"), as: "wangli")
    try h.run(RecordPlanAction(id: id, title: "每周抽听录音", due: due), as: "wangli")
    SupervisionTests.refusal("plan.owner") { try h.run(UpdatePlanStatus(id: id, phase: .do), as: "liuyang") }
    try h.run(UpdatePlanStatus(id: id, phase: .do), as: "wangli")
    SupervisionTests.refusal("plan.phase") { try h.run(UpdatePlanStatus(id: id, phase: .do), as: "wangli") }
    var plan = try #require(h.state.supervision.plan(id))
    #expect(plan.actions.count == 2 && plan.actions[0].done != nil && plan.actions[0].note == "已培训")
    #expect(plan.phase == .do)
    SupervisionTests.refusal("plan.not-proven") { try h.run(PromotePlan(id: id, text: "x"), as: "zhaomin") }
    // Before: October (no follow-ups); after: November, 1 of 2 satisfied = 50 % ≥ target 40.
    try h.run(
      EvaluatePlan(
        id: id, beforeFrom: Day(2026, 10, 1), beforeTo: Day(2026, 10, 31), afterFrom: Day(2026, 11, 1),
        afterTo: Day(2026, 11, 30)), as: "zhaomin")
    plan = try #require(h.state.supervision.plan(id))
    let evaluation = try #require(plan.evaluations.last)
    #expect(evaluation.before == nil && evaluation.after == 50 && evaluation.met)
    try h.run(AwardPoints(login: "wangli", points: 5, reason: "满意率达标", plan: id), as: "zhaomin")
    try h.run(AwardPoints(login: "wangli", points: -2, reason: "迟到"), as: "zhaomin")
    #expect(h.state.supervision.points(of: "wangli") == 3)
    SupervisionTests.refusal("points.range") {
      try h.run(AwardPoints(login: "wangli", points: 0, reason: "x"), as: "zhaomin")
    }
    try h.run(PromotePlan(id: id, text: "回访环节增加话术检查"), as: "zhaomin")
    #expect(h.state.supervision.plan(id)?.promotion == "回访环节增加话术检查")
  }

  // MARK: Persistence

  @Test func supervisionSurvivesSnapshotAndReplay() throws {
    var (h, _, _, c, _) = try KPITests.fixture()
    try h.run(
      RegisterRisk(
        source: .warning, category: "时限", title: "勘查超期", likelihood: 4, impact: 3, owner: "zhaomin", plan: "督办"),
      as: "zhaomin")
    try h.run(RecordRiskResponse(risk: "FX0001", action: "已督办"), as: "zhaomin")
    try h.run(RecordRiskResponse(warning: "calibration-due:M-0033", action: "已停用待修"), as: "zhaomin")
    try h.run(
      RecordViolation(
        staff: "wangli", category: "服务规范", severity: .general, description: "话术不规范", decision: "提醒", order: c),
      as: "zhaomin")
    try h.run(RecordViolationStatement(id: "WG0001", text: "已改正"), as: "wangli")
    try h.run(SendNotice(team: "城东", text: "注意回访话术"), as: "zhaomin")
    try h.run(AcknowledgeNotice(id: "DB0001"), as: "wangli")
    try h.run(
      CreateImprovementPlan(
        title: "提升满意率", kpi: KPI.satisfaction, owner: "wangli", target: 90,
        actions: [PlanActionForm(title: "培训", due: Day(2026, 12, 1))]), as: "zhaomin")
    try h.run(AwardPoints(login: "wangli", points: 3, reason: "积极整改"), as: "zhaomin")
    try h.run(StartAudit(from: Day(2026, 11, 1), to: Day(2026, 11, 30), sampleSize: 2, seed: 7), as: "sunhao")
    let sampled = h.state.supervision.audits[0].sample[0]
    try h.run(RecordAuditCheck(id: "JC0001", order: sampled, note: "抽查"), as: "sunhao")
    try h.run(RecordAuditFinding(id: "JC0001", kind: .problem, order: sampled, text: "归档资料不全"), as: "sunhao")

    let back = try DomainState(snapshot: try h.state.snapshotBytes())
    #expect(back.supervision == h.state.supervision)
    #expect(back.problems == h.state.problems)
    var replayed = DomainState()
    for (event, meta) in h.log {
      replayed.apply(try Event(type: event.type, payload: try event.payload()), meta)
    }
    #expect(replayed.supervision == h.state.supervision)
    #expect(Set(Event.allTypes).count == Event.allTypes.count)
  }
}
