/// Every code a `DomainError` can have. The raw value is the stable text scripts and `griddesk apply`
/// print (`id.check-digit`); screens and callers switch on the case, never on a message's text.
/// A code is never renamed or reused for another meaning: add a case instead.
extension DomainError {
  public enum Code: String, Sendable, Hashable, CaseIterable {
    // act
    case actNotQualified = "act.not-qualified"
    case actNotTrained = "act.not-trained"
    // archive
    case archiveIncomplete = "archive.incomplete"
    // assign
    case assignBulkNotQualified = "assign.bulk-not-qualified"
    case assignNotQualified = "assign.not-qualified"
    case assignReason = "assign.reason"
    // audit
    case auditClosed = "audit.closed"
    case auditEmpty = "audit.empty"
    case auditNotFound = "audit.not-found"
    case auditNotInSample = "audit.not-in-sample"
    case auditNotYours = "audit.not-yours"
    case auditSampleSize = "audit.sample-size"
    case auditUnchecked = "audit.unchecked"
    // auth
    case authAuditor = "auth.auditor"
    case authBootstrapped = "auth.bootstrapped"
    case authDisabled = "auth.disabled"
    case authRole = "auth.role"
    case authSight = "auth.sight"
    case authUnknownAccount = "auth.unknown-account"
    // calendar
    case calendarClash = "calendar.clash"
    case calendarEmpty = "calendar.empty"
    case calendarField = "calendar.field"
    case calendarOutsideYear = "calendar.outside-year"
    case calendarRange = "calendar.range"
    case calendarSyntax = "calendar.syntax"
    case calendarUnknownKey = "calendar.unknown-key"
    case calendarWorkingNotWeekend = "calendar.working-not-weekend"
    case calendarYear = "calendar.year"
    // checklist
    case checklistAppointment = "checklist.appointment"
    case checklistAppointmentRequested = "checklist.appointment-requested"
    case checklistIncomplete = "checklist.incomplete"
    case checklistItem = "checklist.item"
    case checklistNaReason = "checklist.na-reason"
    // command
    case commandField = "command.field"
    case commandJson = "command.json"
    case commandMissing = "command.missing"
    case commandUnknown = "command.unknown"
    // confirmation
    case confirmationComment = "confirmation.comment"
    case confirmationScheme = "confirmation.scheme"
    case confirmationSchemeVersion = "confirmation.scheme-version"
    // contact
    case contactTime = "contact.time"
    // credit
    case creditCharacters = "credit.characters"
    case creditCheckDigit = "credit.check-digit"
    case creditLength = "credit.length"
    // customer
    case customerCapacity = "customer.capacity"
    case customerExists = "customer.exists"
    case customerNotFound = "customer.not-found"
    // equipment
    case equipmentCalibrationInFuture = "equipment.calibration-in-future"
    case equipmentDates = "equipment.dates"
    case equipmentDueBeforeDone = "equipment.due-before-done"
    case equipmentExists = "equipment.exists"
    case equipmentNotFound = "equipment.not-found"
    case equipmentUnusable = "equipment.unusable"
    // event
    case eventUnknown = "event.unknown"
    // feedback
    case feedbackHandled = "feedback.handled"
    case feedbackNotFound = "feedback.not-found"
    case feedbackOpen = "feedback.open"
    // field
    case fieldCharacters = "field.characters"
    case fieldRequired = "field.required"
    case fieldTooLong = "field.too-long"
    // follow-up
    case followUpComment = "follow-up.comment"
    case followUpScore = "follow-up.score"
    // form
    case formDate = "form-date"
    case formTime = "form-time"
    // id
    case idArea = "id.area"
    case idBirthDate = "id.birth-date"
    case idBirthInFuture = "id.birth-in-future"
    case idCharacters = "id.characters"
    case idCheckDigit = "id.check-digit"
    case idCreditCodeCheck = "id.credit-code-check"
    case idCreditCodeOverride = "id.credit-code-override"
    case idLength = "id.length"
    case idOverrideRole = "id.override-role"
    // intake
    case intakeAppointment = "intake.appointment"
    // key
    case keyVersion = "key.version"
    // kpi
    case kpiMonth = "kpi.month"
    case kpiMonthOpen = "kpi.month-open"
    case kpiUnknown = "kpi.unknown"
    // milestone
    case milestoneAfterDeadline = "milestone.after-deadline"
    case milestoneNotFound = "milestone.not-found"
    case milestoneOpen = "milestone.open"
    case milestoneReached = "milestone.reached"
    // money
    case moneyInvalid = "money.invalid"
    case moneyNegative = "money.negative"
    case moneyTooLarge = "money.too-large"
    // notice
    case noticeAcknowledged = "notice.acknowledged"
    case noticeNotFound = "notice.not-found"
    case noticeNotRecipient = "notice.not-recipient"
    case noticeRecipient = "notice.recipient"
    case noticeTeamEmpty = "notice.team-empty"
    // order
    case orderAppointment = "order.appointment"
    case orderAppointmentHours = "order.appointment-hours"
    case orderArchived = "order.archived"
    case orderComplete = "order.complete"
    case orderCustomer = "order.customer"
    case orderNotFound = "order.not-found"
    case orderNotSuspended = "order.not-suspended"
    case orderNotYours = "order.not-yours"
    case orderStage = "order.stage"
    case orderSuspended = "order.suspended"
    case orderType = "order.type"
    // override
    case overrideAs = "override.as"
    case overrideAt = "override.at"
    // period
    case periodOrder = "period.order"
    // phone
    case phoneEmpty = "phone.empty"
    case phoneInvalid = "phone.invalid"
    case phoneLocalLength = "phone.local-length"
    // plan
    case planClosed = "plan.closed"
    case planLink = "plan.link"
    case planNoKpi = "plan.no-kpi"
    case planNotFound = "plan.not-found"
    case planNotProven = "plan.not-proven"
    case planOwner = "plan.owner"
    case planPhase = "plan.phase"
    case planTarget = "plan.target"
    // points
    case pointsRange = "points.range"
    // privacy
    case privacyField = "privacy.field"
    case privacyReason = "privacy.reason"
    // problem
    case problemAction = "problem.action"
    case problemClosed = "problem.closed"
    case problemNotFound = "problem.not-found"
    case problemOwner = "problem.owner"
    case problemVerify = "problem.verify"
    // quantity
    case quantityInvalid = "quantity.invalid"
    case quantityNotPositive = "quantity.not-positive"
    case quantityTooLarge = "quantity.too-large"
    // readiness
    case readinessEquipment = "readiness.equipment"
    case readinessNote = "readiness.note"
    // risk
    case riskClosed = "risk.closed"
    case riskNotFound = "risk.not-found"
    case riskOwner = "risk.owner"
    case riskResponseSubject = "risk.response-subject"
    case riskScale = "risk.scale"
    case riskUseClose = "risk.use-close"
    // scheme
    case schemeAccepted = "scheme.accepted"
    case schemeBudget = "scheme.budget"
    case schemeBudgetItem = "scheme.budget-item"
    case schemeReviseNotRejected = "scheme.revise-not-rejected"
    case schemeReviseStage = "scheme.revise-stage"
    case schemeTimetable = "scheme.timetable"
    // snapshot
    case snapshotKey = "snapshot.key"
    case snapshotVersion = "snapshot.version"
    // staff
    case staffCertificateKind = "staff.certificate-kind"
    case staffExists = "staff.exists"
    case staffLastAdmin = "staff.last-admin"
    case staffLogin = "staff.login"
    case staffNotFound = "staff.not-found"
    case staffRoles = "staff.roles"
    case staffTrainingDays = "staff.training-days"
    // stage
    case stageArchive = "stage.archive"
    case stageConfirmation = "stage.confirmation"
    case stageContact = "stage.contact"
    case stageExecution = "stage.execution"
    case stageFollowUp = "stage.follow-up"
    case stageIncomplete = "stage.incomplete"
    case stageNotSiteVisit = "stage.not-site-visit"
    case stageScheme = "stage.scheme"
    case stageSiteVisit = "stage.site-visit"
    case stageSurvey = "stage.survey"
    // standard
    case standardDuplicateId = "standard.duplicate-id"
    case standardEffectiveOrder = "standard.effective-order"
    case standardEffectivePast = "standard.effective-past"
    case standardField = "standard.field"
    case standardFirstStage = "standard.first-stage"
    case standardId = "standard.id"
    case standardLimit = "standard.limit"
    case standardQualification = "standard.qualification"
    case standardStageOrder = "standard.stage-order"
    case standardSyntax = "standard.syntax"
    case standardUnknownKey = "standard.unknown-key"
    case standardValue = "standard.value"
    case standardVersionNext = "standard.version-next"
    // survey
    case surveyInstrument = "survey.instrument"
    case surveyTimes = "survey.times"
    // violation
    case violationMain = "violation.main"
    case violationNotConcerned = "violation.not-concerned"
    case violationNotFound = "violation.not-found"
    case violationShareTwice = "violation.share-twice"
    // voltage
    case voltageUnknown = "voltage.unknown"
    // warning
    case warningNotFound = "warning.not-found"
  }
}
