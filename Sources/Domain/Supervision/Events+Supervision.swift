import Foundation

// Events of the supervisor's desk (guide ch. 4–8). As with every event: a shipped event's fields never
// change; arrays only, no dictionaries or sets.

public struct RiskRegistered: EventPayload {
  public var id: String
  public var source: RiskSource
  public var category: String
  public var title: String
  public var likelihood: Int
  public var impact: Int
  public var owner: String
  public var plan: String
}

public struct RiskUpdated: EventPayload {
  public var id: String
  public var likelihood: Int
  public var impact: Int
  public var owner: String
  public var plan: String
  public var status: RiskStatus
}

public struct RiskClosed: EventPayload {
  public var id: String
  public var note: String
}

/// A response action on a risk (`risk`) or on an early warning (`warning`, its id); exactly one is set.
public struct RiskResponseRecorded: EventPayload {
  public var risk: String?
  public var warning: String?
  public var action: String
}

public struct ViolationRecorded: EventPayload {
  public var id: String
  public var staff: String
  public var category: String
  public var severity: ViolationSeverity
  public var description: String
  public var shares: [ResponsibilityShare]
  public var decision: String
  public var order: String?
  public var audit: String?
}

public struct ViolationStatementRecorded: EventPayload {
  public var id: String
  public var text: String
}

public struct AuditStarted: EventPayload {
  public var id: String
  public var from: Day
  public var to: Day
  public var sampleSize: Int
  public var seed: UInt64
  /// The sample as drawn at the decision (reproducible from the period and the seed).
  public var sample: [String]
  /// Added later (absent from older records): the log head (`seq:hash`) the audit was started on.
  public var head: String? = nil
}

public struct AuditCheckRecorded: EventPayload {
  public var id: String
  public var order: String
  public var deadlinesMet: Bool
  public var checklistsComplete: Bool
  public var followUpDone: Bool
  public var dataComplete: Bool
  public var revealsJustified: Bool
  public var note: String
}

/// A finding; the problem or violation it becomes is recorded by the event that follows it.
public struct AuditFindingRecorded: EventPayload {
  public var id: String
  public var kind: FindingKind
  public var order: String?
  public var text: String
  public var ref: String
}

public struct AuditClosed: EventPayload {
  public var id: String
  public var conclusion: String
  /// Added later (absent from older records): the log head (`seq:hash`) the audit was closed on.
  public var head: String? = nil
}

public struct StandardPublished: EventPayload {
  public var version: Int
  public var effective: Day
  /// The standard as published, so that replay rebuilds exactly the same version.
  public var toml: String
}

public struct NoticeSent: EventPayload {
  public var id: String
  public var team: String?
  public var recipients: [String]
  public var text: String
}

public struct NoticeAcknowledged: EventPayload {
  public var id: String
}

public struct PlanCreated: EventPayload {
  public var id: String
  public var title: String
  public var problems: [String]
  public var kpi: String?
  public var owner: String
  public var target: Double?
  public var actions: [PlanAction]
}

/// Adds an action to a plan, or (same title) records progress on it.
public struct PlanActionRecorded: EventPayload {
  public var id: String
  public var title: String
  public var due: Day
  public var done: Bool
  public var note: String
}

public struct PlanPhaseChanged: EventPayload {
  public var id: String
  public var phase: PlanPhase
}

public struct PlanEvaluated: EventPayload {
  public var id: String
  public var kpi: String
  public var beforeFrom: Day
  public var beforeTo: Day
  public var afterFrom: Day
  public var afterTo: Day
  public var before: Double?
  public var after: Double?
  public var met: Bool
}

public struct PointsAwarded: EventPayload {
  public var login: String
  public var points: Int
  public var reason: String
  public var plan: String?
}

public struct PlanPromoted: EventPayload {
  public var id: String
  public var text: String
}
