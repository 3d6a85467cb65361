import Foundation

/// Whose KPIs: the whole hall, one staff member, or one team (guide ch. 6.4, 7.2).
public enum KPIScope: Sendable, Hashable {
  case hall
  case staff(String)
  case team(String)
}

/// One KPI over a period: numerator, denominator, value and the standard's target. Formulas are in
/// docs/kpis.md.
public struct KPIValue: Sendable, Hashable, Codable {
  public var id: String
  public var name: Localized
  public var numerator: Double
  /// nil for a plain count (violations).
  public var denominator: Double?
  /// nil when the denominator is 0 (nothing to measure).
  public var value: Double?
  public var unit: String
  public var target: Double?
  public var higherIsBetter: Bool
  /// nil when there is no target or no value.
  public var met: Bool?
}

/// The KPI ids computed by `kpis(from:to:scope:)`; per-stage rates add `stage-on-time.<stage>`.
public enum KPI {
  public static let onTimeCompletion = "on-time-completion"
  public static let connectionOnTime = "connection-on-time"
  public static let stageOnTime = "stage-on-time"
  public static let cycleTime = "average-cycle-time"
  public static let appointmentSuccess = "appointment-success"
  public static let followUpRate = "follow-up-rate"
  public static let satisfaction = "satisfaction"
  public static let complaintsPer10k = "complaints-per-10k"
  public static let repeatComplaints = "repeat-complaints"
  public static let closedLoop = "closed-loop"
  public static let violations = "violations"
}

extension DomainState {
  /// The logins a scope covers.
  public func logins(in scope: KPIScope) -> [String]? {
    switch scope {
    case .hall: return nil
    case .staff(let login): return [login]
    case .team(let team): return staff.values.filter { $0.team == team }.map(\.login).sorted()
    }
  }

  /// Whether an order counts for a scope: received by, or any stage held by, someone in it.
  func order(_ order: Order, isIn logins: [String]?) -> Bool {
    guard let logins else { return true }
    return logins.contains(order.receivedBy) || order.stages.contains { $0.assignee.map(logins.contains) ?? false }
  }

  /// Whether every stage of the order that has a limit and is completed was completed on time.
  public func stagesOnTime(_ order: Order) -> Bool {
    for (i, stage) in order.stages.enumerated() {
      guard let completed = stage.completed, let clock = stageClock(order, stage: i) else { continue }
      if !clock.completion(at: completed, calendar: calendar).onTime { return false }
    }
    return true
  }

  /// When the appointment was confirmed: the first `confirm-appointment` command, or the intake
  /// checklist item `confirm-appointment` ticked (not marked not applicable), whichever came first.
  func appointmentConfirmedAt(_ order: Order) -> Date? {
    let command = order.timeline.first { $0.type == "appointment-confirmed" }?.at
    let tick = order.stages.first { $0.kind == .intake }?.mark("confirm-appointment").flatMap {
      $0.notApplicable == nil ? $0.at : nil
    }
    return [command, tick].compactMap { $0 }.min()
  }

  /// All KPIs of a period (both days included, China Standard Time) for a scope, with the targets of
  /// the standard in force on the period's last day.
  public func kpis(from: Day, to: Day, scope: KPIScope = .hall) -> [KPIValue] {
    let logins = logins(in: scope)
    let standard = standard(on: to)
    func inPeriod(_ date: Date?) -> Bool {
      guard let date else { return false }
      let day = Day(containing: date)
      return from <= day && day <= to
    }
    func value(_ id: String, _ name: Localized, _ num: Double, _ den: Double?, unit: String, scale: Double = 100)
      -> KPIValue
    {
      let target = standard.target(id)
      var v: Double?
      if let den { v = den > 0 ? num / den * scale : nil } else { v = num }
      return KPIValue(
        id: id, name: target?.name ?? name, numerator: num, denominator: den, value: v, unit: target?.unit ?? unit,
        target: target?.target, higherIsBetter: target?.higherIsBetter ?? true,
        met: target.flatMap { t in v.map { t.isMet(by: $0) } })
    }
    let scoped = orders.values.filter { order($0, isIn: logins) }
    var out: [KPIValue] = []

    // Completed (archived) in the period.
    let completed = scoped.filter { inPeriod($0.archived) }
    let onTime = completed.filter { stagesOnTime($0) }
    out.append(
      value(
        KPI.onTimeCompletion, Localized("工单按时办结率", "On-time completion rate"), Double(onTime.count),
        Double(completed.count), unit: "%"))
    let connections = completed.filter { businessType(of: $0)?.group == "new-connection" }
    let connectionsOnTime = connections.filter { order in
      guard stagesOnTime(order) else { return false }
      guard let total = totalClock(order), let archived = order.archived else { return true }
      return total.completion(at: archived, calendar: calendar).onTime
    }
    out.append(
      value(
        KPI.connectionOnTime, Localized("业扩报装服务时限达标率", "Connection service on-time rate"),
        Double(connectionsOnTime.count), Double(connections.count), unit: "%"))

    // Stages with a limit completed in the period, by whoever held them in the scope.
    var stageTotal = 0
    var stageOK = 0
    var byKind: [StageKind: (total: Int, ok: Int)] = [:]
    for order in scoped {
      for (i, stage) in order.stages.enumerated() where inPeriod(stage.completed) {
        if let logins, !(stage.assignee.map(logins.contains) ?? false) { continue }
        guard let clock = stageClock(order, stage: i), let done = stage.completed else { continue }
        let ok = clock.completion(at: done, calendar: calendar).onTime
        stageTotal += 1
        stageOK += ok ? 1 : 0
        byKind[stage.kind, default: (0, 0)].total += 1
        byKind[stage.kind, default: (0, 0)].ok += ok ? 1 : 0
      }
    }
    out.append(
      value(
        KPI.stageOnTime, Localized("环节按时率", "Stage on-time rate"), Double(stageOK), Double(stageTotal), unit: "%"))
    for kind in StageKind.allCases {
      guard let counts = byKind[kind] else { continue }
      out.append(
        value(
          "\(KPI.stageOnTime).\(kind.rawValue)",
          Localized("环节按时率·\(kind.title(.zh))", "Stage on-time rate: \(kind.title(.en))"), Double(counts.ok),
          Double(counts.total), unit: "%"))
    }

    // Cycle time of the orders completed in the period.
    let cycleDays = completed.reduce(0) { sum, order in
      sum + calendar.workingDays(from: Day(containing: order.received), to: Day(containing: order.archived!))
    }
    out.append(
      value(
        KPI.cycleTime, Localized("平均办理时长", "Average cycle time"), Double(cycleDays), Double(completed.count),
        unit: "工作日", scale: 1))

    // Appointments made on orders received in the period.
    let appointments = scoped.filter {
      inPeriod($0.received) && ($0.appointment != nil || $0.appointmentConfirmed != nil)
    }
    let confirmedInTime = appointments.filter { order in
      guard let at = appointmentConfirmedAt(order) else { return false }
      let limit = self.standard(version: order.standardVersion)?.appointmentConfirmLimit ?? .workingDays(3)
      let clock = DeadlineClock(
        start: order.received, limit: limit, suspensions: order.suspensions.map(\.clockSuspension))
      return clock.completion(at: at, calendar: calendar).onTime
    }
    out.append(
      value(
        KPI.appointmentSuccess, Localized("预约成功率", "Appointment success rate"), Double(confirmedInTime.count),
        Double(appointments.count), unit: "%"))

    // Follow-ups.
    let reachedFollowUp = scoped.filter { order in
      order.stages.contains { $0.kind == .followUp && inPeriod($0.started) }
    }
    out.append(
      value(
        KPI.followUpRate, Localized("回访率", "Follow-up rate"),
        Double(reachedFollowUp.filter { $0.followUp != nil }.count),
        Double(reachedFollowUp.count), unit: "%"))
    let followUps = scoped.compactMap(\.followUp).filter { inPeriod($0.at) }
    out.append(
      value(
        KPI.satisfaction, Localized("回访满意率", "Follow-up satisfaction rate"),
        Double(followUps.filter(\.satisfied).count), Double(followUps.count), unit: "%"))

    // Complaints: hall-wide only (a rate per customer base means nothing for one person).
    if logins == nil {
      let complaints = orders.values.filter { isComplaint($0) && inPeriod($0.received) }
      let end = to.adding(days: 1).start
      let base = customers.values.filter { $0.created < end }.count
      out.append(
        value(
          KPI.complaintsPer10k, Localized("万户投诉率", "Complaints per 10,000 customers"), Double(complaints.count),
          Double(base), unit: "件/万户", scale: 10_000))
      let window = Double(DomainState.complaintWindowDays) * 86400
      // Every complaint of each customer, once (not a scan of all orders per complaint).
      var byCustomer: [String: [Order]] = [:]
      for order in orders.values where isComplaint(order) { byCustomer[order.customer, default: []].append(order) }
      let repeated = complaints.filter { c in
        (byCustomer[c.customer] ?? []).contains {
          $0.number != c.number && $0.received <= c.received && c.received.timeIntervalSince($0.received) <= window
            && ($0.received < c.received || $0.number < c.number)
        }
      }
      out.append(
        value(
          KPI.repeatComplaints, Localized("重复投诉率", "Repeat complaint rate"), Double(repeated.count),
          Double(complaints.count), unit: "%"))
    }

    // Problems opened in the period and closed by its end.
    let endOfPeriod = to.adding(days: 1).start
    let opened = problems.values.filter { p in
      inPeriod(p.opened) && (logins.map { l in p.owner.map(l.contains) ?? false } ?? true)
    }
    let closed = opened.filter { ($0.closed.map { $0 < endOfPeriod }) ?? false }
    out.append(
      value(
        KPI.closedLoop, Localized("问题闭环率", "Problem closed-loop rate"), Double(closed.count),
        Double(opened.count), unit: "%"))

    let violations = supervision.violations.filter { v in
      inPeriod(v.recorded) && (logins.map { l in v.concerned.contains(where: l.contains) } ?? true)
    }
    out.append(
      value(KPI.violations, Localized("违规次数", "Violations"), Double(violations.count), nil, unit: "次"))
    return out
  }

  /// One KPI of a period, or nil when the id is not computed for that scope.
  public func kpi(_ id: String, from: Day, to: Day, scope: KPIScope = .hall) -> KPIValue? {
    kpis(from: from, to: to, scope: scope).first { $0.id == id }
  }
}
