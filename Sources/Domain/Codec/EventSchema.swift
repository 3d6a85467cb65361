/// The field numbers of every struct an event payload holds, by schema name (the struct's name; a
/// nested struct's with its parent's, as `Customer.Fields`). The tagged encoding (`TaggedEncoder`) writes
/// each field with its number here, never with its place in the declaration.
///
/// Rules (docs/store-format.md, "Changing an event"): a number, once shipped, always means the same field;
/// a field is never renumbered, and a removed field's number is never given to another (list it in
/// `retired`). A new field is optional (or an array) and takes the next unused number. A new struct or event
/// gets a row. `EventSchemaTests` compares this table with the numbers shipped
/// (Tests/DomainTests/ShippedEventSchema.swift) and fails when one changed.
enum EventSchema {
  static let table: [String: [String: Int]] = [
    "AdminBootstrapped": ["login": 1, "name": 2],
    "StaffRegistered": ["login": 1, "name": 2, "roles": 3, "team": 4],
    "StaffUpdated": ["login": 1, "name": 2, "roles": 3, "team": 4],
    "StaffActivationChanged": ["login": 1, "active": 2, "reason": 3],
    "TrainingRecorded": ["login": 1, "record": 2],
    "TrainingRecord": ["topic": 1, "days": 2, "passed": 3, "on": 4],
    "CertificateRecorded": ["login": 1, "certificate": 2],
    "Certificate": ["kind": 1, "number": 2, "validUntil": 3],
    "EquipmentRegistered": ["equipment": 1],
    "Equipment": ["assetNo": 1, "kind": 2, "name": 3, "calibratedOn": 4, "dueOn": 5, "errorPercent": 6, "active": 7],
    "EquipmentCalibrated": ["assetNo": 1, "calibratedOn": 2, "dueOn": 3, "errorPercent": 4],
    "CalendarLoaded": ["year": 1, "toml": 2],
    "CustomerRegistered": ["customer": 1],
    "Customer.Fields": [
      "account": 1, "name": 2, "kind": 3, "idKind": 4, "idNumber": 5, "idOverride": 6, "phone": 7, "address": 8,
      "useCategory": 9, "voltage": 10, "capacityKVA": 11, "meters": 12, "lastVerified": 13, "created": 14, "orders": 15,
    ],
    "CustomerUpdated": ["customer": 1, "fields": 2],
    "PersonalDataRevealed": ["account": 1, "fields": 2, "reason": 3],
    "OrderReceived": [
      "number": 1, "account": 2, "type": 3, "standardVersion": 4, "channel": 5, "needs": 6, "appointment": 7,
    ],
    "AppointmentConfirmed": ["number": 1, "appointment": 2],
    "StageAssigned": ["number": 1, "stage": 2, "assignee": 3, "reason": 4],
    "ChecklistItemMarked": ["number": 1, "stage": 2, "item": 3, "notApplicable": 4],
    "ChecklistItemCleared": ["number": 1, "stage": 2, "item": 3],
    "SurveyRecorded": [
      "number": 1, "started": 2, "ended": 3, "findings": 4, "hazards": 5, "instruments": 6, "calibrations": 7,
    ],
    "InstrumentCalibration": ["assetNo": 1, "name": 2, "calibratedOn": 3, "dueOn": 4, "errorPercent": 5],
    "SchemeRecorded": ["number": 1, "plan": 2, "advice": 3, "budget": 4, "timetable": 5],
    "SchemeRevised": ["number": 1, "version": 2, "plan": 3, "advice": 4, "budget": 5, "timetable": 6, "note": 7],
    "BudgetItem": ["name": 1, "fen": 2],
    "TimetableEntry": ["step": 1, "due": 2],
    "ConfirmationRecorded": ["number": 1, "accepted": 2, "comment": 3],
    "MilestonePlanned": ["number": 1, "title": 2, "planned": 3, "reason": 4],
    "MilestoneReached": ["number": 1, "id": 2, "note": 3],
    "FeedbackReceived": ["number": 1, "text": 2],
    "FeedbackHandled": ["number": 1, "id": 2, "response": 3],
    "FollowUpRecorded": ["number": 1, "method": 2, "score": 3, "comment": 4],
    "StageAdvanced": ["number": 1, "stage": 2],
    "OrderSuspended": ["number": 1, "reason": 2],
    "OrderResumed": ["number": 1, "note": 2],
    "OrderArchived": ["number": 1],
    "OrderPrioritySet": ["number": 1, "priority": 2],
    "ProblemOpened": ["id": 1, "source": 2, "order": 3, "title": 4, "owner": 5, "due": 6],
    "ProblemActionRecorded": ["id": 1, "cause": 2, "action": 3],
    "ProblemVerified": ["id": 1, "verification": 2],
    "ProblemClosed": ["id": 1],
    "ReadinessChecked": ["check": 1],
    "ReadinessCheck": [
      "login": 1, "day": 2, "equipmentOK": 3, "networkOK": 4, "loginRightsOK": 5, "backup": 6, "note": 7, "at": 8,
    ],
    "RiskRegistered": [
      "id": 1, "source": 2, "category": 3, "title": 4, "likelihood": 5, "impact": 6, "owner": 7, "plan": 8,
    ],
    "RiskUpdated": ["id": 1, "likelihood": 2, "impact": 3, "owner": 4, "plan": 5, "status": 6],
    "RiskClosed": ["id": 1, "note": 2],
    "RiskResponseRecorded": ["risk": 1, "warning": 2, "action": 3],
    "ViolationRecorded": [
      "id": 1, "staff": 2, "category": 3, "severity": 4, "description": 5, "shares": 6, "decision": 7, "order": 8,
      "audit": 9,
    ],
    "ResponsibilityShare": ["login": 1, "responsibility": 2],
    "ViolationStatementRecorded": ["id": 1, "text": 2],
    "AuditStarted": ["id": 1, "from": 2, "to": 3, "sampleSize": 4, "seed": 5, "sample": 6, "head": 7],
    "AuditCheckRecorded": [
      "id": 1, "order": 2, "deadlinesMet": 3, "checklistsComplete": 4, "followUpDone": 5, "dataComplete": 6,
      "revealsJustified": 7, "note": 8,
    ],
    "AuditFindingRecorded": ["id": 1, "kind": 2, "order": 3, "text": 4, "ref": 5],
    "AuditClosed": ["id": 1, "conclusion": 2, "head": 3],
    "StandardPublished": ["version": 1, "effective": 2, "toml": 3],
    "NoticeSent": ["id": 1, "team": 2, "recipients": 3, "text": 4],
    "NoticeAcknowledged": ["id": 1],
    "PlanCreated": ["id": 1, "title": 2, "problems": 3, "kpi": 4, "owner": 5, "target": 6, "actions": 7],
    "PlanAction": ["title": 1, "due": 2, "done": 3, "note": 4],
    "PlanActionRecorded": ["id": 1, "title": 2, "due": 3, "done": 4, "note": 5],
    "PlanPhaseChanged": ["id": 1, "phase": 2],
    "PlanEvaluated": [
      "id": 1, "kpi": 2, "beforeFrom": 3, "beforeTo": 4, "afterFrom": 5, "afterTo": 6, "before": 7, "after": 8,
      "met": 9,
    ],
    "PointsAwarded": ["login": 1, "points": 2, "reason": 3, "plan": 4],
    "PlanPromoted": ["id": 1, "text": 2],
    "PersonalDataKeyAdded": ["version": 1, "fingerprint": 2],
    "ContactRecorded": ["number": 1, "contacted": 2, "method": 3, "person": 4, "findings": 5],
    "KPIsPublished": ["month": 1, "head": 2, "figures": 3],
    "KPIScopeFigures": ["scope": 1, "values": 2],
    "KPIValue": [
      "id": 1, "name": 2, "numerator": 3, "denominator": 4, "value": 5, "unit": 6, "target": 7, "higherIsBetter": 8,
      "met": 9,
    ],
    "Localized": ["zh": 1, "en": 2],
  ]

  /// Numbers that belonged to fields since removed, by schema: never to be given to another field.
  static let retired: [String: [Int]] = [:]

  /// The numbers of the struct whose coding keys are `Key`, if it has a row.
  static func numbers<Key: CodingKey>(of key: Key.Type) -> [String: Int]? { table[schemaName(key)] }
}
