import Domain
import Engine
import Foundation

/// The figures of the dashboard (监控), computed from the Domain's queue rows, warnings and KPIs; the
/// screen only lays them out.
struct DashboardData: Sendable {
  struct StageLine {
    var kind: StageKind
    var open = 0
    var warning = 0
    var overdue = 0
  }

  struct StaffLine {
    var login: String
    var name: String
    var open = 0
    var overdue = 0
  }

  struct KPILine {
    var now: KPIValue
    var last: KPIValue?
  }

  var stages: [StageLine]
  var staff: [StaffLine]
  /// New orders per day, the oldest of the last 30 days first, today last.
  var intake: [Int]
  var kpis: [KPILine]
  var warnings: [Warning]
  var month: (from: Day, to: Day)
  /// Last month's KPIs, kept by the screen for later computations (they change only with the day).
  var lastMonth: [KPIValue] = []
  var lastMonthKey = ""

  /// - Parameter lastMonth: last month's KPIs when the caller has them (they do not change while the
  ///   month is over, so the screen computes them once a day, not on every change).
  init(state: DomainState, now: Date, lastMonth: [KPIValue]? = nil) {
    let today = Day(containing: now)
    var byStage: [StageKind: StageLine] = [:]
    var byStaff: [String: StaffLine] = [:]
    // Every open order's deadlines, from the briefs (the queue's rows are not needed to count).
    for (order, deadlines) in state.openDeadlines(now: now) {
      if let kind = order.currentKind {
        byStage[kind, default: StageLine(kind: kind)].open += 1
        if deadlines.isWarning { byStage[kind]!.warning += 1 }
        if deadlines.isOverdue { byStage[kind]!.overdue += 1 }
      }
      if let login = order.assignee {
        byStaff[login, default: StaffLine(login: login, name: Desk.name(login, state))].open += 1
        if deadlines.isOverdue { byStaff[login]!.overdue += 1 }
      }
    }
    // Every stage but archive (an archived order is no longer open), in the process's order.
    stages = StageKind.allCases.filter { $0 != .archive }.map { byStage[$0] ?? StageLine(kind: $0) }
    // Everyone who can hold a stage, busiest first; supervisors and auditors only when they hold one.
    for member in state.staff.values
    where member.active && (member.has(.clerk) || member.has(.field)) && byStaff[member.login] == nil {
      byStaff[member.login] = StaffLine(login: member.login, name: member.name)
    }
    staff = byStaff.values.sorted { ($0.open, $1.login) > ($1.open, $0.login) }
    intake = (0..<30).map { state.ordersPerDay[today.adding(days: $0 - 29).daysSinceEpoch] ?? 0 }
    month = Desk.month(of: today)
    let previous = Desk.previousMonth(of: today)
    let last = lastMonth ?? state.kpis(from: previous.from, to: previous.to)
    self.lastMonth = last
    kpis = state.kpis(from: month.from, to: month.to).filter { !$0.id.hasPrefix(KPI.stageOnTime + ".") }.map { k in
      KPILine(now: k, last: last.first { $0.id == k.id })
    }
    warnings = state.warnings(now: now)
  }
}
