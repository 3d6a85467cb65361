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
  /// Each instrument's calibration as it stood at the survey; nil for a survey recorded before the
  /// log kept it ("not recorded at the time").
  public var calibrations: [InstrumentCalibration]?

  /// The calibration of an instrument used, as recorded at the survey, if it was recorded.
  public func calibration(_ asset: String) -> InstrumentCalibration? {
    calibrations?.first { $0.assetNo == asset }
  }
}

/// How a complaint's or report's handler reached the customer or the facts.
public enum ContactMethod: String, Sendable, Hashable, Codable, CaseIterable {
  case phone
  case visit
  case counter
  case letter
  case online

  public var title: Localized {
    switch self {
    case .phone: Localized("电话", "phone")
    case .visit: Localized("上门", "visit")
    case .counter: Localized("来厅面谈", "at the counter")
    case .letter: Localized("信函", "letter")
    case .online: Localized("网络/短信", "online or SMS")
    }
  }
}

/// The contact and investigation of a complaint or report (no site survey, no instruments): who
/// made contact, when, how, with whom, and what was found.
public struct ContactRecord: Sendable, Hashable, Codable {
  public var contacted: Date
  public var method: ContactMethod
  /// Whom the handler spoke with (the customer, a witness …), as typed.
  public var person: String
  public var findings: String
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
  /// 1 for the scheme as first recorded; each revision after a customer's rejection is the next
  /// version, shown to the customer in the next confirmation round (guide ch. 2.3: 多轮沟通).
  public var version: Int = 1
  /// What the revision changed and why (empty for the first version).
  public var note: String = ""

  public var totalFen: Int64 { budget.reduce(0) { $0 + $1.fen } }
}

public struct ConfirmationRound: Sendable, Hashable, Codable {
  public var round: Int
  public var accepted: Bool
  public var comment: String
  public var by: String
  public var at: Date
  /// The scheme version the customer answered: an accepted round names the budget on file.
  public var schemeVersion: Int = 1
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
  /// Which of its type's timeline titles tells it (`EventType.timeline`); 0 for most.
  public var variant: Int
  /// What the entry is about: a checklist item id, a milestone's title, a round number, a login, free text.
  public var note: String
  /// Free text beside it (a reason, a comment), empty when there is none.
  public var detail: String

  public init(seq: UInt64, at: Date, by: String, type: String, variant: Int = 0, note: String, detail: String = "") {
    self.seq = seq
    self.at = at
    self.by = by
    self.type = type
    self.variant = variant
    self.note = note
    self.detail = detail
  }
}

/// A work order (工单): a request carried through the stages of its business type's template.
///
/// A value with copy-on-write storage: its fields live in one shared box, so copying an order (lists,
/// reports and projections copy many) costs one reference count, not one per field; a change copies the
/// box first when it is shared. Encoded exactly as its fields in order (`Fields`).
public struct Order: Sendable, Hashable, Codable {
  struct Fields: Sendable, Hashable, Codable {
    var number: String
    var customer: String
    var type: String
    var standardVersion: Int
    var channel: Channel
    var needs: String
    var appointment: Date?
    var appointmentConfirmed: Date?
    var received: Date
    var receivedBy: String
    var priority: Bool
    var stages: [StageRecord]
    var current: Int
    var suspensions: [OrderSuspension]
    var archived: Date?
    var survey: SurveyRecord?
    var scheme: Scheme?
    var rounds: [ConfirmationRound]
    var milestones: [Milestone]
    var feedback: [FeedbackItem]
    var followUp: FollowUp?
    var problems: [String]
    var timeline: [TimelineEntry]
    var contact: ContactRecord?
    var earlierSchemes: [Scheme] = []
  }

  /// Sendable without a lock: copy-on-write; a box is changed only while `isKnownUniquelyReferenced`
  /// (held by one value, so by one thread); a box shared between values, hence threads, is never changed.
  private final class Box: @unchecked Sendable {
    var fields: Fields
    init(_ fields: Fields) { self.fields = fields }
  }

  private var box: Box

  init(fields: Fields) { box = Box(fields) }

  init(
    number: String,
    customer: String,
    type: String,
    standardVersion: Int,
    channel: Channel,
    needs: String,
    appointment: Date?,
    appointmentConfirmed: Date?,
    received: Date,
    receivedBy: String,
    priority: Bool,
    stages: [StageRecord],
    current: Int,
    suspensions: [OrderSuspension],
    archived: Date?,
    survey: SurveyRecord?,
    scheme: Scheme?,
    rounds: [ConfirmationRound],
    milestones: [Milestone],
    feedback: [FeedbackItem],
    followUp: FollowUp?,
    problems: [String],
    timeline: [TimelineEntry],
    contact: ContactRecord? = nil,
    earlierSchemes: [Scheme] = []
  ) {
    box = Box(
      Fields(
        number: number,
        customer: customer,
        type: type,
        standardVersion: standardVersion,
        channel: channel,
        needs: needs,
        appointment: appointment,
        appointmentConfirmed: appointmentConfirmed,
        received: received,
        receivedBy: receivedBy,
        priority: priority,
        stages: stages,
        current: current,
        suspensions: suspensions,
        archived: archived,
        survey: survey,
        scheme: scheme,
        rounds: rounds,
        milestones: milestones,
        feedback: feedback,
        followUp: followUp,
        problems: problems,
        timeline: timeline,
        contact: contact,
        earlierSchemes: earlierSchemes))
  }

  public var number: String {
    get { box.fields.number }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.number
    }
  }
  public var customer: String {
    get { box.fields.customer }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.customer
    }
  }
  public var type: String {
    get { box.fields.type }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.type
    }
  }
  public var standardVersion: Int {
    get { box.fields.standardVersion }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.standardVersion
    }
  }
  public var channel: Channel {
    get { box.fields.channel }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.channel
    }
  }
  public var needs: String {
    get { box.fields.needs }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.needs
    }
  }
  public var appointment: Date? {
    get { box.fields.appointment }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.appointment
    }
  }
  public var appointmentConfirmed: Date? {
    get { box.fields.appointmentConfirmed }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.appointmentConfirmed
    }
  }
  public var received: Date {
    get { box.fields.received }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.received
    }
  }
  public var receivedBy: String {
    get { box.fields.receivedBy }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.receivedBy
    }
  }
  public var priority: Bool {
    get { box.fields.priority }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.priority
    }
  }
  public var stages: [StageRecord] {
    get { box.fields.stages }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.stages
    }
  }
  /// Index into `stages` of the stage in progress; equals `stages.count` once every stage is done.
  public var current: Int {
    get { box.fields.current }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.current
    }
  }
  public var suspensions: [OrderSuspension] {
    get { box.fields.suspensions }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.suspensions
    }
  }
  public var archived: Date? {
    get { box.fields.archived }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.archived
    }
  }
  public var survey: SurveyRecord? {
    get { box.fields.survey }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.survey
    }
  }
  public var scheme: Scheme? {
    get { box.fields.scheme }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.scheme
    }
  }
  public var rounds: [ConfirmationRound] {
    get { box.fields.rounds }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.rounds
    }
  }
  public var milestones: [Milestone] {
    get { box.fields.milestones }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.milestones
    }
  }
  public var feedback: [FeedbackItem] {
    get { box.fields.feedback }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.feedback
    }
  }
  public var followUp: FollowUp? {
    get { box.fields.followUp }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.followUp
    }
  }
  public var problems: [String] {
    get { box.fields.problems }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.problems
    }
  }
  public var timeline: [TimelineEntry] {
    get { box.fields.timeline }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.timeline
    }
  }

  /// The contact and investigation of a complaint or report, when recorded.
  public var contact: ContactRecord? {
    get { box.fields.contact }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.contact
    }
  }

  /// The versions of the scheme before the current one, oldest first (each rejected by the customer).
  public var earlierSchemes: [Scheme] {
    get { box.fields.earlierSchemes }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.earlierSchemes
    }
  }

  /// Every version of the scheme, oldest first; the last is the one on file.
  public var schemeVersions: [Scheme] { earlierSchemes + (scheme.map { [$0] } ?? []) }

  /// The version of the scheme the customer accepted, when the last round accepted one.
  public var acceptedScheme: Scheme? {
    guard let round = rounds.last, round.accepted else { return nil }
    return schemeVersions.first { $0.version == round.schemeVersion }
  }

  public static func == (a: Order, b: Order) -> Bool { a.box === b.box || a.box.fields == b.box.fields }
  public func hash(into hasher: inout Hasher) { hasher.combine(box.fields) }
  public init(from decoder: Decoder) throws { box = Box(try Fields(from: decoder)) }
  public func encode(to encoder: Encoder) throws { try box.fields.encode(to: encoder) }

  public var isArchived: Bool { archived != nil }
  public var isSuspended: Bool { suspensions.last.map { $0.to == nil } ?? false }
  public var currentStage: StageRecord? { current < stages.count ? stages[current] : nil }
  public var currentKind: StageKind? { currentStage?.kind }

  /// Everyone who holds or held a stage of the order.
  public var assignees: [String] { stages.compactMap(\.assignee) }
}
