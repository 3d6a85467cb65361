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
  case riskRegistered(RiskRegistered)
  case riskUpdated(RiskUpdated)
  case riskClosed(RiskClosed)
  case riskResponseRecorded(RiskResponseRecorded)
  case violationRecorded(ViolationRecorded)
  case violationStatementRecorded(ViolationStatementRecorded)
  case auditStarted(AuditStarted)
  case auditCheckRecorded(AuditCheckRecorded)
  case auditFindingRecorded(AuditFindingRecorded)
  case auditClosed(AuditClosed)
  case standardPublished(StandardPublished)
  case noticeSent(NoticeSent)
  case noticeAcknowledged(NoticeAcknowledged)
  case planCreated(PlanCreated)
  case planActionRecorded(PlanActionRecorded)
  case planPhaseChanged(PlanPhaseChanged)
  case planEvaluated(PlanEvaluated)
  case pointsAwarded(PointsAwarded)
  case planPromoted(PlanPromoted)
  case personalDataKeyAdded(PersonalDataKeyAdded)
  case contactRecorded(ContactRecorded)
  case kpisPublished(KPIsPublished)
  case schemeRevised(SchemeRevised)
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
    case .riskRegistered: "risk-registered"
    case .riskUpdated: "risk-updated"
    case .riskClosed: "risk-closed"
    case .riskResponseRecorded: "risk-response-recorded"
    case .violationRecorded: "violation-recorded"
    case .violationStatementRecorded: "violation-statement-recorded"
    case .auditStarted: "audit-started"
    case .auditCheckRecorded: "audit-check-recorded"
    case .auditFindingRecorded: "audit-finding-recorded"
    case .auditClosed: "audit-closed"
    case .standardPublished: "standard-published"
    case .noticeSent: "notice-sent"
    case .noticeAcknowledged: "notice-acknowledged"
    case .planCreated: "plan-created"
    case .planActionRecorded: "plan-action-recorded"
    case .planPhaseChanged: "plan-phase-changed"
    case .planEvaluated: "plan-evaluated"
    case .pointsAwarded: "points-awarded"
    case .planPromoted: "plan-promoted"
    case .personalDataKeyAdded: "personal-data-key-added"
    case .contactRecorded: "contact-recorded"
    case .kpisPublished: "kpis-published"
    case .schemeRevised: "scheme-revised"
    }
  }

  /// Every event type string, in declaration order. Append only: snapshots store a timeline entry's
  /// type as its index here (bump `DomainState.snapshotVersion` if this order ever has to change).
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
    "risk-registered",
    "risk-updated",
    "risk-closed",
    "risk-response-recorded",
    "violation-recorded",
    "violation-statement-recorded",
    "audit-started",
    "audit-check-recorded",
    "audit-finding-recorded",
    "audit-closed",
    "standard-published",
    "notice-sent",
    "notice-acknowledged",
    "plan-created",
    "plan-action-recorded",
    "plan-phase-changed",
    "plan-evaluated",
    "points-awarded",
    "plan-promoted",
    "personal-data-key-added",
    "contact-recorded",
    "kpis-published",
    "scheme-revised",
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
    case .riskRegistered(let e): return try encoder.encode(e)
    case .riskUpdated(let e): return try encoder.encode(e)
    case .riskClosed(let e): return try encoder.encode(e)
    case .riskResponseRecorded(let e): return try encoder.encode(e)
    case .violationRecorded(let e): return try encoder.encode(e)
    case .violationStatementRecorded(let e): return try encoder.encode(e)
    case .auditStarted(let e): return try encoder.encode(e)
    case .auditCheckRecorded(let e): return try encoder.encode(e)
    case .auditFindingRecorded(let e): return try encoder.encode(e)
    case .auditClosed(let e): return try encoder.encode(e)
    case .standardPublished(let e): return try encoder.encode(e)
    case .noticeSent(let e): return try encoder.encode(e)
    case .noticeAcknowledged(let e): return try encoder.encode(e)
    case .planCreated(let e): return try encoder.encode(e)
    case .planActionRecorded(let e): return try encoder.encode(e)
    case .planPhaseChanged(let e): return try encoder.encode(e)
    case .planEvaluated(let e): return try encoder.encode(e)
    case .pointsAwarded(let e): return try encoder.encode(e)
    case .planPromoted(let e): return try encoder.encode(e)
    case .personalDataKeyAdded(let e): return try encoder.encode(e)
    case .contactRecorded(let e): return try encoder.encode(e)
    case .kpisPublished(let e): return try encoder.encode(e)
    case .schemeRevised(let e): return try encoder.encode(e)
    }
  }

  /// Decodes a log record's payload; an unknown type or bad bytes throw.
  public init(type: String, payload: [UInt8]) throws {
    try self.init(type: type, payload: payload, decoder: BinaryDecoder())
  }

  init(type: String, payload: [UInt8], decoder d: BinaryDecoder) throws {
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
    case "risk-registered": self = .riskRegistered(try d.decode(RiskRegistered.self, from: payload))
    case "risk-updated": self = .riskUpdated(try d.decode(RiskUpdated.self, from: payload))
    case "risk-closed": self = .riskClosed(try d.decode(RiskClosed.self, from: payload))
    case "risk-response-recorded": self = .riskResponseRecorded(try d.decode(RiskResponseRecorded.self, from: payload))
    case "violation-recorded": self = .violationRecorded(try d.decode(ViolationRecorded.self, from: payload))
    case "violation-statement-recorded":
      self = .violationStatementRecorded(try d.decode(ViolationStatementRecorded.self, from: payload))
    case "audit-started": self = .auditStarted(try d.decode(AuditStarted.self, from: payload))
    case "audit-check-recorded": self = .auditCheckRecorded(try d.decode(AuditCheckRecorded.self, from: payload))
    case "audit-finding-recorded": self = .auditFindingRecorded(try d.decode(AuditFindingRecorded.self, from: payload))
    case "audit-closed": self = .auditClosed(try d.decode(AuditClosed.self, from: payload))
    case "standard-published": self = .standardPublished(try d.decode(StandardPublished.self, from: payload))
    case "notice-sent": self = .noticeSent(try d.decode(NoticeSent.self, from: payload))
    case "notice-acknowledged": self = .noticeAcknowledged(try d.decode(NoticeAcknowledged.self, from: payload))
    case "plan-created": self = .planCreated(try d.decode(PlanCreated.self, from: payload))
    case "plan-action-recorded": self = .planActionRecorded(try d.decode(PlanActionRecorded.self, from: payload))
    case "plan-phase-changed": self = .planPhaseChanged(try d.decode(PlanPhaseChanged.self, from: payload))
    case "plan-evaluated": self = .planEvaluated(try d.decode(PlanEvaluated.self, from: payload))
    case "points-awarded": self = .pointsAwarded(try d.decode(PointsAwarded.self, from: payload))
    case "plan-promoted": self = .planPromoted(try d.decode(PlanPromoted.self, from: payload))
    case "personal-data-key-added":
      self = .personalDataKeyAdded(try d.decode(PersonalDataKeyAdded.self, from: payload))
    case "contact-recorded": self = .contactRecorded(try d.decode(ContactRecorded.self, from: payload))
    case "kpis-published": self = .kpisPublished(try d.decode(KPIsPublished.self, from: payload))
    case "scheme-revised": self = .schemeRevised(try d.decode(SchemeRevised.self, from: payload))
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
    case .riskRegistered(let e): return try encoder.encode(e)
    case .riskUpdated(let e): return try encoder.encode(e)
    case .riskClosed(let e): return try encoder.encode(e)
    case .riskResponseRecorded(let e): return try encoder.encode(e)
    case .violationRecorded(let e): return try encoder.encode(e)
    case .violationStatementRecorded(let e): return try encoder.encode(e)
    case .auditStarted(let e): return try encoder.encode(e)
    case .auditCheckRecorded(let e): return try encoder.encode(e)
    case .auditFindingRecorded(let e): return try encoder.encode(e)
    case .auditClosed(let e): return try encoder.encode(e)
    case .standardPublished(let e): return try encoder.encode(e)
    case .noticeSent(let e): return try encoder.encode(e)
    case .noticeAcknowledged(let e): return try encoder.encode(e)
    case .planCreated(let e): return try encoder.encode(e)
    case .planActionRecorded(let e): return try encoder.encode(e)
    case .planPhaseChanged(let e): return try encoder.encode(e)
    case .planEvaluated(let e): return try encoder.encode(e)
    case .pointsAwarded(let e): return try encoder.encode(e)
    case .planPromoted(let e): return try encoder.encode(e)
    case .personalDataKeyAdded(let e): return try encoder.encode(e)
    case .contactRecorded(let e): return try encoder.encode(e)
    case .kpisPublished(let e): return try encoder.encode(e)
    case .schemeRevised(let e): return try encoder.encode(e)
    }
  }
}
