import Foundation

/// Everything that can happen, as stored in the log. Each case's payload type, stored name and timeline
/// text are in one table, `Event.registry` (EventRegistry.swift); a new event is a case here and a row
/// appended there.
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
  /// The event's payload, whatever its type: the one place that takes the enum apart (everything else
  /// about a type is in `Event.registry`).
  public var body: any EventPayload {
    switch self {
    case .adminBootstrapped(let e): e
    case .staffRegistered(let e): e
    case .staffUpdated(let e): e
    case .staffActivationChanged(let e): e
    case .trainingRecorded(let e): e
    case .certificateRecorded(let e): e
    case .equipmentRegistered(let e): e
    case .equipmentCalibrated(let e): e
    case .calendarLoaded(let e): e
    case .customerRegistered(let e): e
    case .customerUpdated(let e): e
    case .personalDataRevealed(let e): e
    case .orderReceived(let e): e
    case .appointmentConfirmed(let e): e
    case .stageAssigned(let e): e
    case .checklistItemMarked(let e): e
    case .checklistItemCleared(let e): e
    case .surveyRecorded(let e): e
    case .schemeRecorded(let e): e
    case .confirmationRecorded(let e): e
    case .milestonePlanned(let e): e
    case .milestoneReached(let e): e
    case .feedbackReceived(let e): e
    case .feedbackHandled(let e): e
    case .followUpRecorded(let e): e
    case .stageAdvanced(let e): e
    case .orderSuspended(let e): e
    case .orderResumed(let e): e
    case .orderArchived(let e): e
    case .orderPrioritySet(let e): e
    case .problemOpened(let e): e
    case .problemActionRecorded(let e): e
    case .problemVerified(let e): e
    case .problemClosed(let e): e
    case .readinessChecked(let e): e
    case .riskRegistered(let e): e
    case .riskUpdated(let e): e
    case .riskClosed(let e): e
    case .riskResponseRecorded(let e): e
    case .violationRecorded(let e): e
    case .violationStatementRecorded(let e): e
    case .auditStarted(let e): e
    case .auditCheckRecorded(let e): e
    case .auditFindingRecorded(let e): e
    case .auditClosed(let e): e
    case .standardPublished(let e): e
    case .noticeSent(let e): e
    case .noticeAcknowledged(let e): e
    case .planCreated(let e): e
    case .planActionRecorded(let e): e
    case .planPhaseChanged(let e): e
    case .planEvaluated(let e): e
    case .pointsAwarded(let e): e
    case .planPromoted(let e): e
    case .personalDataKeyAdded(let e): e
    case .contactRecorded(let e): e
    case .kpisPublished(let e): e
    case .schemeRevised(let e): e
    }
  }
}
