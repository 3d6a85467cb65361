import Domain
import Foundation

extension DemoHall {
  /// The supervisor's desk of the demo: risks, a repeat complaint that fires the warning rule, a
  /// violation with a statement, notices, an improvement plan and an audit. Each part is added only
  /// when it is not there yet, so that several demo processes may run it at once.
  func populateSupervision(
    _ engine: Engine, run: (any CommandBody, String, Date) throws(EngineError) -> Void
  ) throws(EngineError) {
    let today = Day(containing: now)
    let supervisor = DemoHall.supervisor
    // The desk's work of the last working day's morning (or early afternoon), within the service hours.
    let morning = lastWorkingMoment(engine, before: now.addingTimeInterval(-5 * 3600))
    // A second complaint from a customer who complained already (within 90 days): repeat-complaints fires.
    let complaints = engine.state.orders.values.filter { engine.state.isComplaint($0) }
    var perCustomer: [String: Int] = [:]
    for order in complaints { perCustomer[order.customer, default: 0] += 1 }
    if !perCustomer.values.contains(where: { $0 >= 2 }),
      let first = complaints.min(by: { $0.number < $1.number }),
      engine.state.standard(on: today).businessType(DomainState.complaintType) != nil
    {
      // Yesterday afternoon (after the first), so that today's order numbers stay as the orders phase left them.
      var previous = today.adding(days: -1)
      while !engine.state.calendar.isWorkingDay(previous) { previous = previous.adding(days: -1) }
      let yesterday = previous.start.addingTimeInterval(16 * 3600)
      try? run(
        ReceiveOrder(
          account: first.customer, type: DomainState.complaintType, channel: .phone, needs: "投诉: 上次投诉后仍未解决"),
        DemoHall.clerk, max(first.received.addingTimeInterval(3600), yesterday))
    }
    let account = complaints.min(by: { $0.number < $1.number })?.customer
    if engine.state.supervision.risks.isEmpty {
      try? run(
        RegisterRisk(
          source: .complaint, category: "服务质量", title: "同一客户90天内重复投诉 (\(account ?? "-"))", likelihood: 3,
          impact: 4, owner: supervisor, plan: "班长专人回访, 查明原因并督办整改"), supervisor, morning)
      try? run(
        RegisterRisk(
          source: .inspection, category: "计量器具", title: "钳形电流表 M-0034 即将到期校验", likelihood: 2, impact: 3,
          owner: "liqiang", plan: "本周内送检, 到期前停用"), supervisor, morning)
      try? run(RecordRiskResponse(risk: "FX0001", action: "已电话联系客户并致歉"), supervisor, morning.addingTimeInterval(600))
    }
    if engine.state.supervision.violations.isEmpty {
      try? run(
        RecordViolation(
          staff: "liuyang", category: "服务规范", severity: .general, description: "受理时未完整核实客户证件",
          shares: [
            ResponsibilityShare(login: "liuyang", responsibility: .main),
            ResponsibilityShare(login: supervisor, responsibility: .leadership),
          ], decision: "通报提醒, 补学身份核验规范"), supervisor, morning)
      try? run(
        RecordViolationStatement(id: "WG0001", text: "当时排队人多, 已补核实"), "liuyang", morning.addingTimeInterval(1800))
    }
    if engine.state.supervision.notices.isEmpty {
      try? run(SendNotice(to: DemoHall.clerk, text: "今日内处理即将超期的受理工单"), supervisor, morning)
      try? run(SendNotice(team: "城东外勤班", text: "本周勘查须使用已校验仪器, M-0033 已停用"), supervisor, morning)
      try? run(AcknowledgeNotice(id: "DB0001"), DemoHall.clerk, morning.addingTimeInterval(900))
    }
    if engine.state.supervision.plans.isEmpty {
      let problems = engine.state.problems.values.filter { $0.status != .closed }.map(\.id).sorted().prefix(2)
      try? run(
        CreateImprovementPlan(
          title: "提升回访率与满意率", problems: Array(problems), kpi: KPI.followUpRate, owner: supervisor, target: 98,
          actions: [
            PlanActionForm(title: "每日下班前清零待回访工单", due: today.adding(days: 7)),
            PlanActionForm(title: "回访话术培训", due: today.adding(days: 14)),
          ]), supervisor, morning)
      try? run(UpdatePlanStatus(id: "GJ0001", phase: .do), supervisor, morning.addingTimeInterval(600))
      try? run(AwardPoints(login: DemoHall.clerk, points: 5, reason: "主动回访, 客户表扬"), supervisor, morning)
    }
    if engine.state.supervision.audits.isEmpty {
      try? run(
        StartAudit(from: today.adding(days: -30), to: today, sampleSize: 5, seed: seed), "sunhao", morning)
      if let audit = engine.state.supervision.audit("JC0001") {
        for number in audit.sample.prefix(2) {
          // try? is safe: a sampled order that cannot be checked yet is left unchecked in the demo audit.
          try? run(
            RecordAuditCheck(id: audit.id, order: number, note: "抽查"), "sunhao", morning.addingTimeInterval(1200))
        }
      }
    }
  }
}
