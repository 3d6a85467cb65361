import Foundation

// The supervisor's desk (guide ch. 4–8): risks, violations, audits, notices, improvement plans and
// incentive points. Plain values, arrays only (the snapshot codec is positional).

/// Where a risk was noticed (guide ch. 4.1).
public enum RiskSource: String, Sendable, Hashable, Codable, CaseIterable {
  case manual
  case warning
  case audit
  case complaint
  case inspection

  public var title: Localized {
    switch self {
    case .manual: Localized("手工登记", "manual")
    case .warning: Localized("预警", "early warning")
    case .audit: Localized("稽查", "audit")
    case .complaint: Localized("投诉", "complaint")
    case .inspection: Localized("检查", "inspection")
    }
  }
}

/// 低 / 中 / 高 / 极高 from likelihood × impact (guide ch. 4.2).
public enum RiskLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  case low
  case medium
  case high
  case extreme

  /// Score = likelihood × impact (1–25): 1–4 低, 5–9 中, 10–16 高, 20–25 极高 (no product lies in 17–19).
  public init(score: Int) {
    switch score {
    case ...4: self = .low
    case 5...9: self = .medium
    case 10...16: self = .high
    default: self = .extreme
    }
  }

  public var title: Localized {
    switch self {
    case .low: Localized("低", "low")
    case .medium: Localized("中", "medium")
    case .high: Localized("高", "high")
    case .extreme: Localized("极高", "extreme")
    }
  }

  public static func < (a: RiskLevel, b: RiskLevel) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}

public enum RiskStatus: String, Sendable, Hashable, Codable, CaseIterable {
  case open
  case mitigating
  case closed

  public var title: Localized {
    switch self {
    case .open: Localized("未处置", "open")
    case .mitigating: Localized("处置中", "mitigating")
    case .closed: Localized("已关闭", "closed")
    }
  }
}

/// A response action taken on a risk or an early warning (guide ch. 4.2).
public struct RiskResponse: Sendable, Hashable, Codable {
  public var action: String
  public var by: String
  public var at: Date
}

/// An entry of the risk register.
public struct Risk: Sendable, Hashable, Codable {
  public var id: String
  public var source: RiskSource
  public var category: String
  public var title: String
  public var likelihood: Int
  public var impact: Int
  public var owner: String
  public var plan: String
  public var status: RiskStatus
  public var opened: Date
  public var closed: Date?
  public var closingNote: String?
  public var responses: [RiskResponse]

  public var score: Int { likelihood * impact }
  public var level: RiskLevel { RiskLevel(score: score) }
}

/// The responses recorded on one early warning, which is computed, not stored.
public struct WarningResponses: Sendable, Hashable, Codable {
  public var warning: String
  public var responses: [RiskResponse]
}

/// 一般 / 较重 / 严重 (guide ch. 4.3).
public enum ViolationSeverity: String, Sendable, Hashable, Codable, CaseIterable {
  case general
  case serious
  case severe

  public var title: Localized {
    switch self {
    case .general: Localized("一般", "general")
    case .serious: Localized("较重", "serious")
    case .severe: Localized("严重", "severe")
    }
  }
}

/// 主要责任 / 次要责任 / 领导责任.
public enum Responsibility: String, Sendable, Hashable, Codable, CaseIterable {
  case main
  case secondary
  case leadership

  public var title: Localized {
    switch self {
    case .main: Localized("主要责任", "main responsibility")
    case .secondary: Localized("次要责任", "secondary responsibility")
    case .leadership: Localized("领导责任", "leadership responsibility")
    }
  }
}

public struct ResponsibilityShare: Sendable, Hashable, Codable {
  public var login: String
  public var responsibility: Responsibility

  public init(login: String, responsibility: Responsibility) {
    self.login = login
    self.responsibility = responsibility
  }
}

public struct ViolationStatement: Sendable, Hashable, Codable {
  public var by: String
  public var at: Date
  public var text: String
}

/// A violation (违规) with its responsibility split and decision (guide ch. 4.3).
public struct Violation: Sendable, Hashable, Codable {
  public var id: String
  public var staff: String
  public var category: String
  public var severity: ViolationSeverity
  public var description: String
  public var shares: [ResponsibilityShare]
  public var decision: String
  public var order: String?
  public var audit: String?
  public var recorded: Date
  public var recordedBy: String
  public var statements: [ViolationStatement]

  /// Everyone the violation concerns: the staff member and each person sharing responsibility.
  public var concerned: [String] { [staff] + shares.map(\.login).filter { $0 != staff } }
}

/// The compliance checklist of one sampled order (guide ch. 4.4).
public struct AuditCheck: Sendable, Hashable, Codable {
  public var order: String
  public var deadlinesMet: Bool
  public var checklistsComplete: Bool
  public var followUpDone: Bool
  public var dataComplete: Bool
  public var revealsJustified: Bool
  public var note: String
  public var by: String
  public var at: Date

  public var compliant: Bool { deadlinesMet && checklistsComplete && followUpDone && dataComplete && revealsJustified }
}

public enum FindingKind: String, Sendable, Hashable, Codable, CaseIterable {
  case problem
  case violation
}

/// A finding of an audit, and the problem or violation it became.
public struct AuditFinding: Sendable, Hashable, Codable {
  public var kind: FindingKind
  public var order: String?
  public var text: String
  /// The problem id or violation id.
  public var ref: String
}

public enum AuditStatus: String, Sendable, Hashable, Codable, CaseIterable {
  case open
  case closed
}

/// A compliance audit over a reproducible sample of archived orders (guide ch. 4.4).
public struct Audit: Sendable, Hashable, Codable {
  public var id: String
  public var from: Day
  public var to: Day
  public var sampleSize: Int
  public var seed: UInt64
  /// Order numbers, in the order drawn.
  public var sample: [String]
  public var checks: [AuditCheck]
  public var findings: [AuditFinding]
  public var status: AuditStatus
  public var started: Date
  public var startedBy: String
  public var conclusion: String?
  public var closed: Date?
  /// The log head (`seq:hash`) when the audit was started and when it was closed; nil when the log
  /// did not record it (older audits, or decided without a store).
  public var startHead: String? = nil
  public var closeHead: String? = nil

  public func check(_ order: String) -> AuditCheck? { checks.last { $0.order == order } }

  /// Whether a sampled order is compliant in this audit (guide ch. 4.3, 4.4): its check passed and no
  /// violation was found on it. nil while it is unchecked and nothing was found.
  public func compliant(_ order: String) -> Bool? {
    if findings.contains(where: { $0.kind == .violation && $0.order == order }) { return false }
    return check(order)?.compliant
  }
}

/// A supervision notice (督办通知, guide ch. 7.3).
public struct Notice: Sendable, Hashable, Codable {
  public var id: String
  public var team: String?
  public var recipients: [String]
  public var text: String
  public var sent: Date
  public var by: String
  /// Logins that acknowledged, in order.
  public var acknowledged: [String]

  public var pending: [String] { recipients.filter { !acknowledged.contains($0) } }
}

/// PDCA phase of an improvement plan (guide ch. 5, 8).
public enum PlanPhase: String, Sendable, Hashable, Codable, CaseIterable {
  case plan
  case `do`
  case check
  case act
  case closed

  public var title: Localized {
    switch self {
    case .plan: Localized("计划", "plan")
    case .do: Localized("执行", "do")
    case .check: Localized("检查", "check")
    case .act: Localized("处理", "act")
    case .closed: Localized("已结束", "closed")
    }
  }
}

public struct PlanAction: Sendable, Hashable, Codable {
  public var title: String
  public var due: Day
  public var done: Date?
  public var note: String

  public init(title: String, due: Day, done: Date? = nil, note: String = "") {
    self.title = title
    self.due = due
    self.done = done
    self.note = note
  }
}

/// The KPI of a plan measured over a period before and a period after (guide ch. 8).
public struct PlanEvaluation: Sendable, Hashable, Codable {
  public var kpi: String
  public var beforeFrom: Day
  public var beforeTo: Day
  public var afterFrom: Day
  public var afterTo: Day
  public var before: Double?
  public var after: Double?
  /// The after value reached the plan's target (or improved on before when the plan has no target).
  public var met: Bool
  public var at: Date
}

/// An improvement plan (整改/改进计划) linked to problems and/or a KPI.
public struct ImprovementPlan: Sendable, Hashable, Codable {
  public var id: String
  public var title: String
  public var problems: [String]
  public var kpi: String?
  public var owner: String
  public var target: Double?
  public var actions: [PlanAction]
  public var phase: PlanPhase
  public var created: Date
  public var evaluations: [PlanEvaluation]
  /// Text to include in the next standard draft, once promoted.
  public var promotion: String?
}

/// Incentive points awarded to a staff member (guide ch. 8).
public struct PointsAward: Sendable, Hashable, Codable {
  public var login: String
  public var points: Int
  public var reason: String
  public var plan: String?
  public var by: String
  public var at: Date
}

/// Everything on the supervisor's desk, as one projection of `DomainState`.
public struct SupervisionState: Sendable, Hashable, Codable {
  public var risks: [Risk] = []
  public var warningResponses: [WarningResponses] = []
  public var violations: [Violation] = []
  public var audits: [Audit] = []
  public var notices: [Notice] = []
  public var plans: [ImprovementPlan] = []
  public var points: [PointsAward] = []
  /// Every `publish-kpis`, in log order; a later publication of a month supersedes an earlier one.
  public var kpiPublications: [KPIPublication] = []

  public init() {}

  public func risk(_ id: String) -> Risk? { risks.first { $0.id == id } }
  public func violation(_ id: String) -> Violation? { violations.first { $0.id == id } }
  public func audit(_ id: String) -> Audit? { audits.first { $0.id == id } }
  public func notice(_ id: String) -> Notice? { notices.first { $0.id == id } }
  public func plan(_ id: String) -> ImprovementPlan? { plans.first { $0.id == id } }

  public var nextRiskID: String { String(format: "FX%04d", risks.count + 1) }
  public var nextViolationID: String { String(format: "WG%04d", violations.count + 1) }
  public var nextAuditID: String { String(format: "JC%04d", audits.count + 1) }
  public var nextNoticeID: String { String(format: "DB%04d", notices.count + 1) }
  public var nextPlanID: String { String(format: "GJ%04d", plans.count + 1) }

  /// The notices a login has not acknowledged yet, oldest first.
  public func unacknowledged(_ login: String) -> [Notice] { notices.filter { $0.pending.contains(login) } }

  /// Total incentive points of a login.
  public func points(of login: String) -> Int { points.filter { $0.login == login }.reduce(0) { $0 + $1.points } }

  /// Open (not closed) risks counted per cell: `[likelihood − 1][impact − 1]`.
  public var matrix: [[Int]] {
    var cells = Array(repeating: Array(repeating: 0, count: 5), count: 5)
    for r in risks where r.status != .closed && (1...5).contains(r.likelihood) && (1...5).contains(r.impact) {
      cells[r.likelihood - 1][r.impact - 1] += 1
    }
    return cells
  }
}
