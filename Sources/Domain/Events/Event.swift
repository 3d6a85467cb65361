import Foundation

/// Everything that can happen, as stored in the log. Generated list: keep `Event+Codec.swift` in step.
public enum Event: Sendable, Hashable {
  case adminBootstrapped(AdminBootstrapped)
  case staffRegistered(StaffRegistered)
  case staffUpdated(StaffUpdated)
  case staffActivationChanged(StaffActivationChanged)
  case trainingRecorded(TrainingRecorded)
  case certificateRecorded(CertificateRecorded)
  case equipmentRegistered(EquipmentRegistered)
  case equipmentCalibrated(EquipmentCalibrated)
  case calendarLoaded(CalendarLoaded)
  case customerRegistered(CustomerRegistered)
  case customerUpdated(CustomerUpdated)
  case personalDataRevealed(PersonalDataRevealed)
  case orderReceived(OrderReceived)
  case appointmentConfirmed(AppointmentConfirmed)
  case stageAssigned(StageAssigned)
  case checklistItemMarked(ChecklistItemMarked)
  case checklistItemCleared(ChecklistItemCleared)
  case surveyRecorded(SurveyRecorded)
  case schemeRecorded(SchemeRecorded)
  case confirmationRecorded(ConfirmationRecorded)
  case milestonePlanned(MilestonePlanned)
  case milestoneReached(MilestoneReached)
  case feedbackReceived(FeedbackReceived)
  case feedbackHandled(FeedbackHandled)
  case followUpRecorded(FollowUpRecorded)
  case stageAdvanced(StageAdvanced)
  case orderSuspended(OrderSuspended)
  case orderResumed(OrderResumed)
  case orderArchived(OrderArchived)
  case orderPrioritySet(OrderPrioritySet)
  case problemOpened(ProblemOpened)
  case problemActionRecorded(ProblemActionRecorded)
  case problemVerified(ProblemVerified)
  case problemClosed(ProblemClosed)
  case readinessChecked(ReadinessChecked)
}

extension Event {
  /// The type string stored in the log record.
  public var type: String {
    switch self {
    case .adminBootstrapped: "admin-bootstrapped"
    case .staffRegistered: "staff-registered"
    case .staffUpdated: "staff-updated"
    case .staffActivationChanged: "staff-activation-changed"
    case .trainingRecorded: "training-recorded"
    case .certificateRecorded: "certificate-recorded"
    case .equipmentRegistered: "equipment-registered"
    case .equipmentCalibrated: "equipment-calibrated"
    case .calendarLoaded: "calendar-loaded"
    case .customerRegistered: "customer-registered"
    case .customerUpdated: "customer-updated"
    case .personalDataRevealed: "personal-data-revealed"
    case .orderReceived: "order-received"
    case .appointmentConfirmed: "appointment-confirmed"
    case .stageAssigned: "stage-assigned"
    case .checklistItemMarked: "checklist-item-marked"
    case .checklistItemCleared: "checklist-item-cleared"
    case .surveyRecorded: "survey-recorded"
    case .schemeRecorded: "scheme-recorded"
    case .confirmationRecorded: "confirmation-recorded"
    case .milestonePlanned: "milestone-planned"
    case .milestoneReached: "milestone-reached"
    case .feedbackReceived: "feedback-received"
    case .feedbackHandled: "feedback-handled"
    case .followUpRecorded: "follow-up-recorded"
    case .stageAdvanced: "stage-advanced"
    case .orderSuspended: "order-suspended"
    case .orderResumed: "order-resumed"
    case .orderArchived: "order-archived"
    case .orderPrioritySet: "order-priority-set"
    case .problemOpened: "problem-opened"
    case .problemActionRecorded: "problem-action-recorded"
    case .problemVerified: "problem-verified"
    case .problemClosed: "problem-closed"
    case .readinessChecked: "readiness-checked"
    }
  }

  /// Every event type string, in declaration order.
  public static let allTypes: [String] = [
    "admin-bootstrapped",
    "staff-registered",
    "staff-updated",
    "staff-activation-changed",
    "training-recorded",
    "certificate-recorded",
    "equipment-registered",
    "equipment-calibrated",
    "calendar-loaded",
    "customer-registered",
    "customer-updated",
    "personal-data-revealed",
    "order-received",
    "appointment-confirmed",
    "stage-assigned",
    "checklist-item-marked",
    "checklist-item-cleared",
    "survey-recorded",
    "scheme-recorded",
    "confirmation-recorded",
    "milestone-planned",
    "milestone-reached",
    "feedback-received",
    "feedback-handled",
    "follow-up-recorded",
    "stage-advanced",
    "order-suspended",
    "order-resumed",
    "order-archived",
    "order-priority-set",
    "problem-opened",
    "problem-action-recorded",
    "problem-verified",
    "problem-closed",
    "readiness-checked",
  ]

  /// The payload in the log's compact binary encoding.
  public func payload() throws -> [UInt8] {
    let encoder = BinaryEncoder()
    switch self {
    case .adminBootstrapped(let e): return try encoder.encode(e)
    case .staffRegistered(let e): return try encoder.encode(e)
    case .staffUpdated(let e): return try encoder.encode(e)
    case .staffActivationChanged(let e): return try encoder.encode(e)
    case .trainingRecorded(let e): return try encoder.encode(e)
    case .certificateRecorded(let e): return try encoder.encode(e)
    case .equipmentRegistered(let e): return try encoder.encode(e)
    case .equipmentCalibrated(let e): return try encoder.encode(e)
    case .calendarLoaded(let e): return try encoder.encode(e)
    case .customerRegistered(let e): return try encoder.encode(e)
    case .customerUpdated(let e): return try encoder.encode(e)
    case .personalDataRevealed(let e): return try encoder.encode(e)
    case .orderReceived(let e): return try encoder.encode(e)
    case .appointmentConfirmed(let e): return try encoder.encode(e)
    case .stageAssigned(let e): return try encoder.encode(e)
    case .checklistItemMarked(let e): return try encoder.encode(e)
    case .checklistItemCleared(let e): return try encoder.encode(e)
    case .surveyRecorded(let e): return try encoder.encode(e)
    case .schemeRecorded(let e): return try encoder.encode(e)
    case .confirmationRecorded(let e): return try encoder.encode(e)
    case .milestonePlanned(let e): return try encoder.encode(e)
    case .milestoneReached(let e): return try encoder.encode(e)
    case .feedbackReceived(let e): return try encoder.encode(e)
    case .feedbackHandled(let e): return try encoder.encode(e)
    case .followUpRecorded(let e): return try encoder.encode(e)
    case .stageAdvanced(let e): return try encoder.encode(e)
    case .orderSuspended(let e): return try encoder.encode(e)
    case .orderResumed(let e): return try encoder.encode(e)
    case .orderArchived(let e): return try encoder.encode(e)
    case .orderPrioritySet(let e): return try encoder.encode(e)
    case .problemOpened(let e): return try encoder.encode(e)
    case .problemActionRecorded(let e): return try encoder.encode(e)
    case .problemVerified(let e): return try encoder.encode(e)
    case .problemClosed(let e): return try encoder.encode(e)
    case .readinessChecked(let e): return try encoder.encode(e)
    }
  }

  /// Decodes a log record's payload; an unknown type or bad bytes throw.
  public init(type: String, payload: [UInt8]) throws {
    let d = BinaryDecoder()
    switch type {
    case "admin-bootstrapped": self = .adminBootstrapped(try d.decode(AdminBootstrapped.self, from: payload))
    case "staff-registered": self = .staffRegistered(try d.decode(StaffRegistered.self, from: payload))
    case "staff-updated": self = .staffUpdated(try d.decode(StaffUpdated.self, from: payload))
    case "staff-activation-changed":
      self = .staffActivationChanged(try d.decode(StaffActivationChanged.self, from: payload))
    case "training-recorded": self = .trainingRecorded(try d.decode(TrainingRecorded.self, from: payload))
    case "certificate-recorded": self = .certificateRecorded(try d.decode(CertificateRecorded.self, from: payload))
    case "equipment-registered": self = .equipmentRegistered(try d.decode(EquipmentRegistered.self, from: payload))
    case "equipment-calibrated": self = .equipmentCalibrated(try d.decode(EquipmentCalibrated.self, from: payload))
    case "calendar-loaded": self = .calendarLoaded(try d.decode(CalendarLoaded.self, from: payload))
    case "customer-registered": self = .customerRegistered(try d.decode(CustomerRegistered.self, from: payload))
    case "customer-updated": self = .customerUpdated(try d.decode(CustomerUpdated.self, from: payload))
    case "personal-data-revealed": self = .personalDataRevealed(try d.decode(PersonalDataRevealed.self, from: payload))
    case "order-received": self = .orderReceived(try d.decode(OrderReceived.self, from: payload))
    case "appointment-confirmed": self = .appointmentConfirmed(try d.decode(AppointmentConfirmed.self, from: payload))
    case "stage-assigned": self = .stageAssigned(try d.decode(StageAssigned.self, from: payload))
    case "checklist-item-marked": self = .checklistItemMarked(try d.decode(ChecklistItemMarked.self, from: payload))
    case "checklist-item-cleared": self = .checklistItemCleared(try d.decode(ChecklistItemCleared.self, from: payload))
    case "survey-recorded": self = .surveyRecorded(try d.decode(SurveyRecorded.self, from: payload))
    case "scheme-recorded": self = .schemeRecorded(try d.decode(SchemeRecorded.self, from: payload))
    case "confirmation-recorded": self = .confirmationRecorded(try d.decode(ConfirmationRecorded.self, from: payload))
    case "milestone-planned": self = .milestonePlanned(try d.decode(MilestonePlanned.self, from: payload))
    case "milestone-reached": self = .milestoneReached(try d.decode(MilestoneReached.self, from: payload))
    case "feedback-received": self = .feedbackReceived(try d.decode(FeedbackReceived.self, from: payload))
    case "feedback-handled": self = .feedbackHandled(try d.decode(FeedbackHandled.self, from: payload))
    case "follow-up-recorded": self = .followUpRecorded(try d.decode(FollowUpRecorded.self, from: payload))
    case "stage-advanced": self = .stageAdvanced(try d.decode(StageAdvanced.self, from: payload))
    case "order-suspended": self = .orderSuspended(try d.decode(OrderSuspended.self, from: payload))
    case "order-resumed": self = .orderResumed(try d.decode(OrderResumed.self, from: payload))
    case "order-archived": self = .orderArchived(try d.decode(OrderArchived.self, from: payload))
    case "order-priority-set": self = .orderPrioritySet(try d.decode(OrderPrioritySet.self, from: payload))
    case "problem-opened": self = .problemOpened(try d.decode(ProblemOpened.self, from: payload))
    case "problem-action-recorded":
      self = .problemActionRecorded(try d.decode(ProblemActionRecorded.self, from: payload))
    case "problem-verified": self = .problemVerified(try d.decode(ProblemVerified.self, from: payload))
    case "problem-closed": self = .problemClosed(try d.decode(ProblemClosed.self, from: payload))
    case "readiness-checked": self = .readinessChecked(try d.decode(ReadinessChecked.self, from: payload))
    default: throw DomainError.unknownEventType(type)
    }
  }

  /// The event's fields as JSON, for `griddesk export` (the log itself stays binary).
  public func jsonData(_ encoder: JSONEncoder) throws -> Data {
    switch self {
    case .adminBootstrapped(let e): return try encoder.encode(e)
    case .staffRegistered(let e): return try encoder.encode(e)
    case .staffUpdated(let e): return try encoder.encode(e)
    case .staffActivationChanged(let e): return try encoder.encode(e)
    case .trainingRecorded(let e): return try encoder.encode(e)
    case .certificateRecorded(let e): return try encoder.encode(e)
    case .equipmentRegistered(let e): return try encoder.encode(e)
    case .equipmentCalibrated(let e): return try encoder.encode(e)
    case .calendarLoaded(let e): return try encoder.encode(e)
    case .customerRegistered(let e): return try encoder.encode(e)
    case .customerUpdated(let e): return try encoder.encode(e)
    case .personalDataRevealed(let e): return try encoder.encode(e)
    case .orderReceived(let e): return try encoder.encode(e)
    case .appointmentConfirmed(let e): return try encoder.encode(e)
    case .stageAssigned(let e): return try encoder.encode(e)
    case .checklistItemMarked(let e): return try encoder.encode(e)
    case .checklistItemCleared(let e): return try encoder.encode(e)
    case .surveyRecorded(let e): return try encoder.encode(e)
    case .schemeRecorded(let e): return try encoder.encode(e)
    case .confirmationRecorded(let e): return try encoder.encode(e)
    case .milestonePlanned(let e): return try encoder.encode(e)
    case .milestoneReached(let e): return try encoder.encode(e)
    case .feedbackReceived(let e): return try encoder.encode(e)
    case .feedbackHandled(let e): return try encoder.encode(e)
    case .followUpRecorded(let e): return try encoder.encode(e)
    case .stageAdvanced(let e): return try encoder.encode(e)
    case .orderSuspended(let e): return try encoder.encode(e)
    case .orderResumed(let e): return try encoder.encode(e)
    case .orderArchived(let e): return try encoder.encode(e)
    case .orderPrioritySet(let e): return try encoder.encode(e)
    case .problemOpened(let e): return try encoder.encode(e)
    case .problemActionRecorded(let e): return try encoder.encode(e)
    case .problemVerified(let e): return try encoder.encode(e)
    case .problemClosed(let e): return try encoder.encode(e)
    case .readinessChecked(let e): return try encoder.encode(e)
    }
  }
}
