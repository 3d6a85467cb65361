import Foundation

// Each event is named for what happened. Its type string is what the log stores beside the payload;
// a shipped event's fields never change (a changed meaning gets a new type); an event may only gain
// optional fields at its end, which older records lack and decode as nil.

public struct AdminBootstrapped: EventPayload {
  public var login: String
  public var name: String
}

public struct StaffRegistered: EventPayload {
  public var login: String
  public var name: String
  public var roles: [Role]
  public var team: String
}

public struct StaffUpdated: EventPayload {
  public var login: String
  public var name: String
  public var roles: [Role]
  public var team: String
}

public struct StaffActivationChanged: EventPayload {
  public var login: String
  public var active: Bool
  public var reason: String
}

public struct TrainingRecorded: EventPayload {
  public var login: String
  public var record: TrainingRecord
}

public struct CertificateRecorded: EventPayload {
  public var login: String
  public var certificate: Certificate
}

public struct EquipmentRegistered: EventPayload {
  public var equipment: Equipment
}

public struct EquipmentCalibrated: EventPayload {
  public var assetNo: String
  public var calibratedOn: Day
  public var dueOn: Day
  public var errorPercent: Double
}

public struct CalendarLoaded: EventPayload {
  public var year: Int
  /// The calendar file as loaded, so that replay rebuilds exactly the same calendar.
  public var toml: String
}

public struct CustomerRegistered: EventPayload {
  public var customer: Customer
}

public struct CustomerUpdated: EventPayload {
  public var customer: Customer
  /// What changed, for the timeline (field names).
  public var fields: [String]
}

public struct PersonalDataRevealed: EventPayload {
  public var account: String
  public var fields: [String]
  public var reason: String
}

public struct OrderReceived: EventPayload {
  public var number: String
  public var account: String
  public var type: String
  public var standardVersion: Int
  public var channel: Channel
  public var needs: String
  public var appointment: Date?
}

public struct AppointmentConfirmed: EventPayload {
  public var number: String
  public var appointment: Date
}

public struct StageAssigned: EventPayload {
  public var number: String
  public var stage: Int
  public var assignee: String
  public var reason: String
}

public struct ChecklistItemMarked: EventPayload {
  public var number: String
  public var stage: Int
  public var item: String
  /// nil: done; otherwise marked not applicable for this reason.
  public var notApplicable: String?
}

public struct ChecklistItemCleared: EventPayload {
  public var number: String
  public var stage: Int
  public var item: String
}

public struct SurveyRecorded: EventPayload {
  public var number: String
  public var started: Date
  public var ended: Date
  public var findings: String
  public var hazards: String
  public var instruments: [String]
  /// Added later (a trailing optional, absent from older records): each instrument's calibration at the survey.
  public var calibrations: [InstrumentCalibration]? = nil
}

/// The contact and investigation of a complaint or report (instead of a site survey).
public struct ContactRecorded: EventPayload {
  public var number: String
  public var contacted: Date
  public var method: ContactMethod
  public var person: String
  public var findings: String
}

public struct SchemeRecorded: EventPayload {
  public var number: String
  public var plan: String
  public var advice: String
  public var budget: [BudgetItem]
  public var timetable: [TimetableEntry]
}

/// A new version of the scheme after the customer rejected the one shown (guide ch. 2.3: several rounds
/// until agreed); the next confirmation round answers this version.
public struct SchemeRevised: EventPayload {
  public var number: String
  /// The new version: the previous one plus 1.
  public var version: Int
  public var plan: String
  public var advice: String
  public var budget: [BudgetItem]
  public var timetable: [TimetableEntry]
  /// What changed and why, in answer to the customer's comment.
  public var note: String
}

public struct ConfirmationRecorded: EventPayload {
  public var number: String
  public var accepted: Bool
  public var comment: String
}

public struct MilestonePlanned: EventPayload {
  public var number: String
  public var title: String
  public var planned: Day
  /// Added later (absent from older records): why it is planned after the execution deadline.
  public var reason: String? = nil
}

public struct MilestoneReached: EventPayload {
  public var number: String
  public var id: Int
  public var note: String
}

public struct FeedbackReceived: EventPayload {
  public var number: String
  public var text: String
}

public struct FeedbackHandled: EventPayload {
  public var number: String
  public var id: Int
  public var response: String
}

public struct FollowUpRecorded: EventPayload {
  public var number: String
  public var method: FollowUpMethod
  public var score: Int
  public var comment: String
}

public struct StageAdvanced: EventPayload {
  public var number: String
  /// The stage completed; the next one (if any) starts.
  public var stage: Int
}

public struct OrderSuspended: EventPayload {
  public var number: String
  public var reason: String
}

public struct OrderResumed: EventPayload {
  public var number: String
  public var note: String
}

public struct OrderArchived: EventPayload {
  public var number: String
}

public struct OrderPrioritySet: EventPayload {
  public var number: String
  public var priority: Bool
}

public struct ProblemOpened: EventPayload {
  public var id: String
  public var source: ProblemSource
  public var order: String?
  public var title: String
  public var owner: String?
  public var due: Day?
}

public struct ProblemActionRecorded: EventPayload {
  public var id: String
  public var cause: String
  public var action: String
}

public struct ProblemVerified: EventPayload {
  public var id: String
  public var verification: String
}

public struct ProblemClosed: EventPayload {
  public var id: String
}

public struct ReadinessChecked: EventPayload {
  public var check: ReadinessCheck
}
