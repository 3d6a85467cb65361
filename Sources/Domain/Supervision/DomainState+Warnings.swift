import Foundation

/// The early-warning rules (guide ch. 4.2).
public enum WarningRule: String, Sendable, Hashable, Codable, CaseIterable {
  /// The current stage's deadline is 80 % used (yellow) or passed (red).
  case stageDeadline = "stage-deadline"
  /// Two or more complaints from one customer within 90 days (yellow; red from three).
  case repeatComplaints = "repeat-complaints"
  /// A certificate expires within 30 days (yellow) or has expired with no newer one (red).
  case certificateExpiring = "certificate-expiring"
  /// Calibration due within 15 days (yellow); overdue or out of tolerance (red).
  case calibrationDue = "calibration-due"
  /// Open deadlines run into a year whose holiday calendar is not loaded (red), or it is November or
  /// December and next year's calendar is not loaded yet (yellow). The subject is the year.
  case calendarMissing = "calendar-missing"

  public var title: Localized {
    switch self {
    case .stageDeadline: Localized("环节时限", "stage deadline")
    case .repeatComplaints: Localized("重复投诉", "repeat complaints")
    case .certificateExpiring: Localized("证书到期", "certificate expiring")
    case .calibrationDue: Localized("仪器校验", "calibration due")
    case .calendarMissing: Localized("日历未载入", "calendar not loaded")
    }
  }
}

public enum WarningLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  case yellow
  case red

  public var title: Localized { self == .red ? Localized("红色", "red") : Localized("黄色", "yellow") }

  public static func < (a: WarningLevel, b: WarningLevel) -> Bool { a == .yellow && b == .red }
}

/// A warning raised by a rule at a moment; computed from the state, never stored. Its `id`
/// (`rule:subject`) is stable, so that responses recorded on it find it again.
public struct Warning: Sendable, Hashable, Codable {
  public var rule: WarningRule
  public var level: WarningLevel
  /// An order number, `account`, `login/certificate-kind` or an asset number.
  public var subject: String
  public var detail: Localized
  /// Responses recorded on this warning so far.
  public var responses: Int

  public var id: String { "\(rule.rawValue):\(subject)" }
}

extension DomainState {
  /// The window of the repeat-complaint rule, in calendar days.
  public static let complaintWindowDays = 90
  public static let certificateWarningDays = 30
  public static let calibrationWarningDays = 15
  /// The business type id of complaints (投诉) in the default standard.
  public static let complaintType = "complaint"

  /// Whether an order is a complaint: of the type `complaint`, or of a type named 投诉… in the standard
  /// version it was received under (a later standard may split complaints by class).
  public func isComplaint(_ order: Order) -> Bool { isComplaint(type: order.type, version: order.standardVersion) }

  public func isComplaint(type: String, version: Int) -> Bool {
    type == DomainState.complaintType
      || (standard(version: version)?.businessType(type)?.name.zh.hasPrefix("投诉") ?? false)
  }

  /// Every early warning at `now`, red first, then by rule and subject.
  public func warnings(now: Date) -> [Warning] {
    var list = raised(now: now, details: true)
    for i in list.indices {
      let id = list[i].id
      list[i].responses = supervision.warningResponses.first { $0.warning == id }?.responses.count ?? 0
    }
    let rules = WarningRule.allCases
    return list.sorted {
      if $0.level != $1.level { return $0.level > $1.level }
      if $0.rule != $1.rule { return rules.firstIndex(of: $0.rule)! < rules.firstIndex(of: $1.rule)! }
      return $0.subject < $1.subject
    }
  }

  /// How many early warnings are raised at `now` (the status bar's count): the same rules, without
  /// writing their texts.
  public func warningCount(now: Date) -> Int { raised(now: now, details: false).count }

  private func raised(now: Date, details: Bool) -> [Warning] {
    var list: [Warning] = []
    let today = Day(containing: now)
    // Stage deadlines of open orders.
    for order in orders.briefs.values where !order.isArchived && !order.isSuspended {
      let type = standard(version: order.standardVersion)?.businessType(order.type)
      guard let clock = currentStageClock(order, type: type) else { continue }
      let status = clock.status(at: now, calendar: calendar)
      guard details else {
        if status == .warning || status == .overdue {
          list.append(
            Warning(rule: .stageDeadline, level: .red, subject: order.number, detail: Localized("", ""), responses: 0))
        }
        continue
      }
      let name = type?.stages[order.current].name ?? Localized("?", "?")
      switch status {
      case .warning:
        let pct = Int((clock.used(at: now, calendar: calendar) * 100).rounded(.down))
        list.append(
          Warning(
            rule: .stageDeadline, level: .yellow, subject: order.number,
            detail: Localized("\(name.zh) 时限已用 \(pct)%", "\(name.en): \(pct) % of the limit used"), responses: 0))
      case .overdue:
        let late = DeadlineFormat.late(-clock.remaining(at: now, calendar: calendar), unit: clock.limit.unit, lang: .zh)
        let lateEn = DeadlineFormat.late(
          -clock.remaining(at: now, calendar: calendar), unit: clock.limit.unit, lang: .en)
        list.append(
          Warning(
            rule: .stageDeadline, level: .red, subject: order.number,
            detail: Localized("\(name.zh) \(late)", "\(name.en) \(lateEn)"), responses: 0))
      default:
        break
      }
    }
    list += calendarWarnings(now: now)
    // Complaints per customer within the window.
    let windowStart = now.addingTimeInterval(-Double(DomainState.complaintWindowDays) * 86400)
    var complaints: [String: Int] = [:]
    for order in orders.briefs.values
    where order.received > windowStart && order.received <= now
      && isComplaint(type: order.type, version: order.standardVersion)
    {
      complaints[order.customer, default: 0] += 1
    }
    for (account, n) in complaints where n >= 2 {
      let name = customers[account]?.maskedName ?? account
      list.append(
        Warning(
          rule: .repeatComplaints, level: n >= 3 ? .red : .yellow, subject: account,
          detail: Localized(
            "\(name) \(DomainState.complaintWindowDays)天内投诉 \(n) 次",
            "\(name): \(n) complaints within \(DomainState.complaintWindowDays) days"), responses: 0))
    }
    // Certificates of active staff: the newest of each kind.
    for member in staff.values where member.active {
      for kind in Set(member.certificates.map(\.kind)) {
        guard let until = member.certificates.filter({ $0.kind == kind }).map(\.validUntil).max() else { continue }
        let name = certificateName(kind)
        let nameEn = standards.lazy.flatMap(\.certificateKinds).first { $0.id == kind }?.name.en ?? kind
        if until < today {
          list.append(
            Warning(
              rule: .certificateExpiring, level: .red, subject: "\(member.login)/\(kind)",
              detail: Localized("\(member.name) \(name) 已于 \(until) 过期", "\(member.name): \(nameEn) expired \(until)"),
              responses: 0))
        } else if until <= today.adding(days: DomainState.certificateWarningDays) {
          list.append(
            Warning(
              rule: .certificateExpiring, level: .yellow, subject: "\(member.login)/\(kind)",
              detail: Localized("\(member.name) \(name) 将于 \(until) 到期", "\(member.name): \(nameEn) expires \(until)"),
              responses: 0))
        }
      }
    }
    // Equipment calibration.
    let tolerance = standard(on: today).calibrationTolerancePercent
    for item in equipment.values where item.active {
      if let why = item.unusableReason(on: today, tolerancePercent: tolerance) {
        list.append(
          Warning(
            rule: .calibrationDue, level: .red, subject: item.assetNo,
            detail: Localized("\(item.name) 不可用: \(why.zh)", "\(item.name) unusable: \(why.en)"), responses: 0))
      } else if item.dueOn <= today.adding(days: DomainState.calibrationWarningDays) {
        list.append(
          Warning(
            rule: .calibrationDue, level: .yellow, subject: item.assetNo,
            detail: Localized("\(item.name) 将于 \(item.dueOn) 到期校验", "\(item.name): calibration due \(item.dueOn)"),
            responses: 0))
      }
    }
    return list
  }

  /// From this day of the year on, next year's calendar is expected: the State Council publishes the
  /// notice in November (2024-11-12 for 2025, 2025-11-04 for 2026).
  public static let nextYearCalendarDue = (month: 11, day: 1)

  /// The years with no calendar loaded that open orders' deadlines depend on at `now`, with how many
  /// deadlines depend on each.
  public func missingCalendarYears(now: Date) -> [Int: Int] {
    var years: [Int: Int] = [:]
    let types = businessTypeTable()
    for order in orders.briefs.values where !order.isArchived {
      let type = types[order.standardVersion]?[order.type]
      var clocks: [DeadlineClock] = []
      if let clock = currentStageClock(order, type: type) { clocks.append(clock) }
      if let limit = type?.totalLimit {
        clocks.append(DeadlineClock(start: order.received, limit: limit, suspensions: order.suspensions))
      }
      for year in Set(clocks.flatMap { $0.missingYears(at: now, calendar: calendar) }) { years[year, default: 0] += 1 }
    }
    return years
  }

  /// The year whose calendar should be loaded by now and is not: next year, from 1 November. nil otherwise.
  public func nextYearCalendarMissing(now: Date) -> Int? {
    let today = Day(containing: now)
    let due = Day(today.year, DomainState.nextYearCalendarDue.month, DomainState.nextYearCalendarDue.day)
    guard today >= due, !calendar.isKnown(year: today.year + 1) else { return nil }
    return today.year + 1
  }

  private func calendarWarnings(now: Date) -> [Warning] {
    var list: [Warning] = []
    let missing = missingCalendarYears(now: now)
    let this = Day(containing: now).year
    if !calendar.isKnown(year: this), missing[this] == nil {
      list.append(
        Warning(
          rule: .calendarMissing, level: .red, subject: String(this),
          detail: Localized(
            "\(this) 年日历未载入: 工作日暂按周一至周五计算; 请管理员载入 \(this) 年日历",
            "The \(this) calendar is not loaded: working days are counted Monday to Friday. Load the \(this) calendar."),
          responses: 0))
    }
    for (year, n) in missing.sorted(by: { $0.key < $1.key }) {
      list.append(
        Warning(
          rule: .calendarMissing, level: .red, subject: String(year),
          detail: Localized(
            "\(n) 个在办工单的时限用到 \(year) 年, 该年日历未载入, 暂按周一至周五计算; 请管理员载入 \(year) 年日历",
            "\(n) open deadline(s) run into \(year), whose calendar is not loaded: counted Monday to Friday. "
              + "Load the \(year) calendar."),
          responses: 0))
    }
    if let next = nextYearCalendarMissing(now: now), missing[next] == nil {
      list.append(
        Warning(
          rule: .calendarMissing, level: .yellow, subject: String(next),
          detail: Localized(
            "\(next) 年日历尚未载入: 国务院节假日安排通知发布后请管理员载入",
            "The \(next) calendar is not loaded yet: load it once the State Council's holiday notice is out."),
          responses: 0))
    }
    for record in unreadableRecords {
      list.append(
        Warning(
          rule: .calendarMissing, level: .red, subject: "seq-\(record.seq)",
          detail: Localized(
            "记录 \(record.seq) (\(record.event)) 无法读取, 未生效: \(record.error.message.zh)",
            "Record \(record.seq) (\(record.event)) could not be read and changed nothing: \(record.error.message.en)"),
          responses: 0))
    }
    return list
  }

  /// What the status bar tells `member` beyond the warning count: an administrator, from 1 November,
  /// that next year's calendar is not loaded (`2027年日历未载入`). nil when there is nothing to say.
  public func statusNotice(for member: StaffMember?, now: Date) -> Localized? {
    guard let member, member.active, member.has(.admin), let year = nextYearCalendarMissing(now: now) else {
      return nil
    }
    return Localized("\(year)年日历未载入", "\(year) calendar not loaded")
  }
}
