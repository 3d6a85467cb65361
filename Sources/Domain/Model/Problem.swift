import Foundation

/// Where a problem came from (guide ch. 3.3).
public enum ProblemSource: String, Sendable, Hashable, Codable, CaseIterable {
  case feedback
  case followUp = "follow-up"
  case audit
  case manual

  public var title: Localized {
    switch self {
    case .feedback: Localized("反馈", "feedback")
    case .followUp: Localized("回访不满意", "dissatisfied follow-up")
    case .audit: Localized("稽查", "audit")
    case .manual: Localized("手工", "manual")
    }
  }
}

public enum ProblemStatus: String, Sendable, Hashable, Codable, CaseIterable {
  /// Opened; cause and corrective action not yet recorded.
  case open
  /// Cause and action recorded; awaiting verification.
  case actionTaken = "action-taken"
  /// Verified by someone; may be closed.
  case verified
  case closed

  public var title: Localized {
    switch self {
    case .open: Localized("待处理", "open")
    case .actionTaken: Localized("待验证", "awaiting verification")
    case .verified: Localized("已验证", "verified")
    case .closed: Localized("已闭环", "closed")
    }
  }
}

/// A problem in the closed loop of ch. 3.3: cause, corrective action, owner, due date, verification.
public struct Problem: Sendable, Hashable, Codable {
  public var id: String
  public var source: ProblemSource
  public var order: String?
  public var title: String
  public var owner: String?
  public var due: Day?
  public var cause: String?
  public var action: String?
  public var verification: String?
  public var verifiedBy: String?
  public var status: ProblemStatus
  public var opened: Date
  public var closed: Date?
}

/// A clerk's daily readiness check (guide ch. 1.2).
public struct ReadinessCheck: Sendable, Hashable, Codable {
  public var login: String
  public var day: Day
  public var equipmentOK: Bool
  public var networkOK: Bool
  public var loginRightsOK: Bool
  /// The last verified backup as the store reported it when the check was made (not typed).
  public var backup: String
  public var note: String
  public var at: Date

  public var allOK: Bool { equipmentOK && networkOK && loginRightsOK }
}
