import Foundation

/// How a request reached the hall (guide ch. 2.1).
public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
  case counter
  case phone
  case online
  case app

  public var title: Localized {
    switch self {
    case .counter: Localized("柜台", "counter")
    case .phone: Localized("95598", "95598")
    case .online: Localized("网上", "online")
    case .app: Localized("网上国网", "app")
    }
  }
}

/// A ticked or not-applicable checklist item: who and when are kept.
public struct CheckMark: Sendable, Hashable, Codable {
  public var item: String
  public var by: String
  public var at: Date
  /// Set when the item was marked not applicable, with the reason given.
  public var notApplicable: String?
}

/// One stage of an order, following its template.
public struct StageRecord: Sendable, Hashable, Codable {
  public var kind: StageKind
  public var assignee: String?
  public var started: Date?
  public var completed: Date?
  public var marks: [CheckMark]

  public init(kind: StageKind) {
    self.kind = kind
    self.marks = []
  }

  public func mark(_ item: String) -> CheckMark? { marks.first { $0.item == item } }
}

/// A period during which the clock stood still because the customer was the cause.
public struct OrderSuspension: Sendable, Hashable, Codable {
  public var from: Date
  public var to: Date?
  public var reason: String
  public var by: String
}

public struct SurveyRecord: Sendable, Hashable, Codable {
  public var started: Date
  public var ended: Date
  public var findings: String
  public var hazards: String
  /// Asset numbers of the instruments used; each was usable when recorded.
  public var instruments: [String]
  public var by: String
  public var at: Date
}

public struct BudgetItem: Sendable, Hashable, Codable {
  public var name: String
  /// In fen (1/100 yuan), never floating point.
  public var fen: Int64

  public init(name: String, fen: Int64) {
    self.name = name
    self.fen = fen
  }
}

public struct TimetableEntry: Sendable, Hashable, Codable {
  public var step: String
  public var due: Day

  public init(step: String, due: Day) {
    self.step = step
    self.due = due
  }
}

public struct Scheme: Sendable, Hashable, Codable {
  public var plan: String
  public var advice: String
  public var budget: [BudgetItem]
  public var timetable: [TimetableEntry]
  public var by: String
  public var at: Date

  public var totalFen: Int64 { budget.reduce(0) { $0 + $1.fen } }
}

public struct ConfirmationRound: Sendable, Hashable, Codable {
  public var round: Int
  public var accepted: Bool
  public var comment: String
  public var by: String
  public var at: Date
}

public struct Milestone: Sendable, Hashable, Codable {
  public var id: Int
  public var title: String
  public var planned: Day
  public var reached: Date?
  public var note: String
}

public struct FeedbackItem: Sendable, Hashable, Codable {
  public var id: Int
  public var text: String
  public var received: Date
  public var handled: Date?
  public var response: String?
}

public enum FollowUpMethod: String, Sendable, Hashable, Codable, CaseIterable {
  case phone
  case visit
  case sms

  public var title: Localized {
    switch self {
    case .phone: Localized("电话", "phone")
    case .visit: Localized("上门", "visit")
    case .sms: Localized("短信", "SMS")
    }
  }
}

public struct FollowUp: Sendable, Hashable, Codable {
  public var method: FollowUpMethod
  /// 1 (very dissatisfied) … 5 (very satisfied); 3 and above counts as satisfied.
  public var score: Int
  public var comment: String
  public var by: String
  public var at: Date

  public var satisfied: Bool { score >= 3 }
}

/// One line of an order's timeline: who did what, when, from the log.
public struct TimelineEntry: Sendable, Hashable, Codable {
  public var seq: UInt64
  public var at: Date
  public var by: String
  public var type: String
  public var note: String
}

/// A work order (工单): a request carried through the stages of its business type's template.
public struct Order: Sendable, Hashable, Codable {
  public var number: String
  public var customer: String
  public var type: String
  public var standardVersion: Int
  public var channel: Channel
  public var needs: String
  public var appointment: Date?
  public var appointmentConfirmed: Date?
  public var received: Date
  public var receivedBy: String
  public var priority: Bool
  public var stages: [StageRecord]
  /// Index into `stages` of the stage in progress; equals `stages.count` once every stage is done.
  public var current: Int
  public var suspensions: [OrderSuspension]
  public var archived: Date?
  public var survey: SurveyRecord?
  public var scheme: Scheme?
  public var rounds: [ConfirmationRound]
  public var milestones: [Milestone]
  public var feedback: [FeedbackItem]
  public var followUp: FollowUp?
  public var problems: [String]
  public var timeline: [TimelineEntry]

  public var isArchived: Bool { archived != nil }
  public var isSuspended: Bool { suspensions.last.map { $0.to == nil } ?? false }
  public var currentStage: StageRecord? { current < stages.count ? stages[current] : nil }
  public var currentKind: StageKind? { currentStage?.kind }

  /// Everyone who holds or held a stage of the order.
  public var assignees: [String] { stages.compactMap(\.assignee) }
}
