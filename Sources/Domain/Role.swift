/// What a staff member may do. A person may hold several roles.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
  /// 柜员: intake, customer files, follow-up, archive.
  case clerk
  /// 外勤: site survey and execution.
  case field
  /// 班长/主管: assignment, oversight, risk, standards, KPIs.
  case supervisor
  /// 稽查: audits; sees everything, changes only audit records.
  case auditor
  /// 管理员: staff, equipment and calendars.
  case admin

  public var title: Localized {
    switch self {
    case .clerk: Localized("柜员", "Clerk")
    case .field: Localized("外勤", "Field staff")
    case .supervisor: Localized("班长", "Supervisor")
    case .auditor: Localized("稽查", "Auditor")
    case .admin: Localized("管理员", "Admin")
    }
  }

  public static func < (a: Role, b: Role) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}
