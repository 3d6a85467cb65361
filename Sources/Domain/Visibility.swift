/// What a person may see is a rule, as what they may do is (guide ch. 1.1, 7; PIPL art. 51): the
/// workbench offers a screen, and `griddesk queue`, `export` and `report` print, only as far as this
/// table allows. An account that is not registered staff (or is disabled) sees nothing but whom to ask.
public enum Area: String, Sendable, CaseIterable, Hashable {
  /// The work queue and the order files (`griddesk queue`, `export --what orders`).
  case orders
  /// Receiving orders (F3).
  case intake
  /// Customer files (F4, `export --what customers`).
  case customers
  /// The daily readiness checklist (F5): one's own.
  case readiness
  /// The dashboard (F6): load, warnings, the hall's KPIs; `report overdue`.
  case dashboard
  /// The risk register and early warnings (F7, `report risks`, `report warnings`).
  case risks
  /// Audits (F8, `report audit`).
  case audits
  /// The process standard and its versions (F9, `griddesk standard show|export|diff`).
  case standard
  /// Oversight and reassignment (`:oversight`).
  case oversight
  /// Staff and equipment (`:staff`).
  case staff
  /// Violations (`:violations`, `report violations`); one's own: those that concern one.
  case violations
  /// The problems board (`:problems`, `report problems`); one's own: those one owns.
  case problems
  /// KPIs (`:kpis`, `report kpi`); one's own: one's own figures.
  case kpis
  /// Supervision notices (`:notices`, `report notices`); one's own: those sent to one.
  case notices
  /// Improvement plans (`:plans`, `report plans`).
  case plans
  /// The event log itself (`export --what events`).
  case events

  public var title: Localized {
    switch self {
    case .orders: Localized("工单", "orders")
    case .intake: Localized("受理", "intake")
    case .customers: Localized("客户档案", "customer files")
    case .readiness: Localized("班前检查", "readiness checks")
    case .dashboard: Localized("监控", "the dashboard")
    case .risks: Localized("风险台账与预警", "the risk register and warnings")
    case .audits: Localized("稽查", "audits")
    case .standard: Localized("流程标准", "the process standard")
    case .oversight: Localized("督办", "oversight")
    case .staff: Localized("人员与设备", "staff and equipment")
    case .violations: Localized("违规记录", "violations")
    case .problems: Localized("问题看板", "the problems board")
    case .kpis: Localized("考核指标", "KPIs")
    case .notices: Localized("督办通知", "notices")
    case .plans: Localized("改进计划", "improvement plans")
    case .events: Localized("事件日志", "the event log")
    }
  }
}

/// How much of an area a person sees.
public enum Sight: Int, Sendable, Comparable, Hashable {
  /// Nothing.
  case none
  /// Only what concerns them (their own KPIs, notices, problems, violations, checks).
  case own
  /// Everything.
  case all

  public static func < (a: Sight, b: Sight) -> Bool { a.rawValue < b.rawValue }
}

extension Role {
  /// What this role sees of `area`. Supervisors, auditors ("see everything, change only audit
  /// records") and admins see every area; clerks and field staff see the orders, the standard they
  /// work under and what concerns them, not the risk register, audits, oversight, staff or plans.
  public func sight(_ area: Area) -> Sight {
    switch self {
    case .supervisor, .auditor, .admin:
      return .all
    case .clerk, .field:
      switch area {
      case .orders, .standard: return .all
      case .intake, .customers: return self == .clerk ? .all : .none
      case .readiness, .kpis, .notices, .problems, .violations: return .own
      case .dashboard, .risks, .audits, .oversight, .staff, .plans, .events: return .none
      }
    }
  }
}

extension DomainState {
  /// What `login` sees of `area`: the most any of their roles sees; nothing for an account that is
  /// not registered staff or is disabled.
  public func sight(_ area: Area, for login: String) -> Sight {
    guard let member = staff[login], member.active else { return .none }
    return member.roles.map { $0.sight(area) }.max() ?? .none
  }

  /// Why `login` may read nothing at all, saying whom to ask; nil for active staff.
  public func readingRefusal(for login: String) -> DomainError? {
    guard let member = staff[login] else {
      return .unknownAccount(login, admins: admins.map { "\($0.name) (\($0.login))" })
    }
    return member.active ? nil : .accountDisabled(login)
  }

  /// Why `login` may not see `area` (at least as far as `needs`), saying whom to ask; nil when they may.
  public func sightRefusal(_ area: Area, for login: String, needs: Sight = .own) -> DomainError? {
    if let refusal = readingRefusal(for: login) { return refusal }
    let sight = sight(area, for: login)
    guard sight < needs else { return nil }
    let supervisors = staff.values.filter { $0.active && $0.has(.supervisor) }.sorted { $0.login < $1.login }
      .map { "\($0.name) (\($0.login))" }
    return .areaNotVisible(area, ownOnly: sight == .own, ask: supervisors)
  }
}

extension DomainError {
  static func areaNotVisible(_ area: Area, ownOnly: Bool, ask: [String]) -> DomainError {
    let who = ask.joined(separator: ", ")
    if ownOnly {
      return DomainError(
        .authSight, "您的角色只能查看与自己有关的\(area.title.zh); 全部内容请找班长\(who.isEmpty ? "" : " \(who) ")查看",
        "Your role sees only your own part of \(area.title.en); for all of it ask a supervisor\(who.isEmpty ? "" : " (\(who))")"
      )
    }
    return DomainError(
      .authSight, "您的角色不能查看\(area.title.zh); 如需查看请找班长\(who.isEmpty ? "" : " \(who) ")",
      "Your role may not see \(area.title.en); ask a supervisor\(who.isEmpty ? "" : " (\(who))") if you need it")
  }
}
