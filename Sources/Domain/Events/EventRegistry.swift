import Foundation

/// The payload of one event type: the fields an event stores.
public protocol EventPayload: Codable, Sendable, Hashable {}

/// One event type: the name stored in the log record, its payload type and how an order's timeline
/// calls it.
public struct EventType: Sendable {
  /// The type string stored beside the payload in the log (`order-received`); never changes.
  public let name: String
  /// The payload's Swift type.
  public let payload: any EventPayload.Type
  /// What an order's timeline calls the event, by variant (`TimelineEntry.variant`: 0 usually, others
  /// where one type tells several outcomes apart); empty: it never appears on an order's timeline.
  public let timeline: [Localized]
  /// Reads a positional payload (records written before the tagged encoding).
  let decodePositional: @Sendable (BinaryDecoder, [UInt8]) throws -> Event
  /// Reads a tagged payload.
  let decodeTagged: @Sendable ([UInt8]) throws -> Event

  init<P: EventPayload>(_ name: String, _ wrap: @escaping @Sendable (P) -> Event, timeline: Localized...) {
    self.name = name
    self.payload = P.self
    self.timeline = timeline
    self.decodePositional = { decoder, bytes in wrap(try decoder.decode(P.self, from: bytes)) }
    self.decodeTagged = { bytes in wrap(try TaggedDecoder().decode(P.self, from: bytes)) }
  }
}

extension Event {
  /// Every event type, one row each. **Append only**: snapshots store a timeline entry's type as its
  /// index here, so a row is never moved, removed or renamed (a test pins every name to its index).
  public static let registry: [EventType] = [
    EventType("admin-bootstrapped", Event.adminBootstrapped),
    EventType("staff-registered", Event.staffRegistered),
    EventType("staff-updated", Event.staffUpdated),
    EventType("staff-activation-changed", Event.staffActivationChanged),
    EventType("training-recorded", Event.trainingRecorded),
    EventType("certificate-recorded", Event.certificateRecorded),
    EventType("equipment-registered", Event.equipmentRegistered),
    EventType("equipment-calibrated", Event.equipmentCalibrated),
    EventType("calendar-loaded", Event.calendarLoaded),
    EventType("customer-registered", Event.customerRegistered),
    EventType("customer-updated", Event.customerUpdated),
    EventType("personal-data-revealed", Event.personalDataRevealed),
    EventType("order-received", Event.orderReceived, timeline: Localized("受理工单", "order received")),
    EventType(
      "appointment-confirmed", Event.appointmentConfirmed, timeline: Localized("确认预约", "appointment confirmed")),
    EventType("stage-assigned", Event.stageAssigned, timeline: Localized("指派环节", "stage assigned")),
    EventType(
      "checklist-item-marked", Event.checklistItemMarked, timeline: Localized("勾选检查项", "checklist item ticked"),
      Localized("检查项不适用", "item not applicable")),
    EventType(
      "checklist-item-cleared", Event.checklistItemCleared, timeline: Localized("取消勾选", "checklist item cleared")),
    EventType("survey-recorded", Event.surveyRecorded, timeline: Localized("记录勘查", "survey recorded")),
    EventType("scheme-recorded", Event.schemeRecorded, timeline: Localized("记录方案", "scheme recorded")),
    EventType(
      "confirmation-recorded", Event.confirmationRecorded, timeline: Localized("客户同意", "scheme accepted"),
      Localized("客户不同意", "scheme rejected")),
    EventType("milestone-planned", Event.milestonePlanned, timeline: Localized("计划节点", "milestone planned")),
    EventType("milestone-reached", Event.milestoneReached, timeline: Localized("节点完成", "milestone reached")),
    EventType("feedback-received", Event.feedbackReceived, timeline: Localized("收到反馈", "feedback received")),
    EventType("feedback-handled", Event.feedbackHandled, timeline: Localized("反馈已处理", "feedback handled")),
    EventType("follow-up-recorded", Event.followUpRecorded, timeline: Localized("回访评分", "follow-up score")),
    EventType("stage-advanced", Event.stageAdvanced, timeline: Localized("完成环节", "stage completed")),
    EventType("order-suspended", Event.orderSuspended, timeline: Localized("挂起", "suspended")),
    EventType("order-resumed", Event.orderResumed, timeline: Localized("恢复", "resumed")),
    EventType("order-archived", Event.orderArchived, timeline: Localized("归档", "archived")),
    EventType("order-priority-set", Event.orderPrioritySet, timeline: Localized("设置优先", "priority changed")),
    EventType("problem-opened", Event.problemOpened, timeline: Localized("开启问题", "problem opened")),
    EventType("problem-action-recorded", Event.problemActionRecorded),
    EventType("problem-verified", Event.problemVerified),
    EventType("problem-closed", Event.problemClosed),
    EventType("readiness-checked", Event.readinessChecked),
    EventType("risk-registered", Event.riskRegistered),
    EventType("risk-updated", Event.riskUpdated),
    EventType("risk-closed", Event.riskClosed),
    EventType("risk-response-recorded", Event.riskResponseRecorded),
    EventType("violation-recorded", Event.violationRecorded),
    EventType("violation-statement-recorded", Event.violationStatementRecorded),
    EventType("audit-started", Event.auditStarted),
    EventType("audit-check-recorded", Event.auditCheckRecorded),
    EventType("audit-finding-recorded", Event.auditFindingRecorded),
    EventType("audit-closed", Event.auditClosed),
    EventType("standard-published", Event.standardPublished),
    EventType("notice-sent", Event.noticeSent),
    EventType("notice-acknowledged", Event.noticeAcknowledged),
    EventType("plan-created", Event.planCreated),
    EventType("plan-action-recorded", Event.planActionRecorded),
    EventType("plan-phase-changed", Event.planPhaseChanged),
    EventType("plan-evaluated", Event.planEvaluated),
    EventType("points-awarded", Event.pointsAwarded),
    EventType("plan-promoted", Event.planPromoted),
    EventType("personal-data-key-added", Event.personalDataKeyAdded),
    EventType("contact-recorded", Event.contactRecorded, timeline: Localized("联系与调查", "contact recorded")),
    EventType("kpis-published", Event.kpisPublished),
    EventType("scheme-revised", Event.schemeRevised, timeline: Localized("修订方案", "scheme revised")),
  ]

  /// Every event type string, in registry order (append only, see `registry`).
  public static let allTypes: [String] = registry.map(\.name)

  /// Position of each type string in `registry`.
  static let typeIndex: [String: Int] = Dictionary(
    uniqueKeysWithValues: registry.enumerated().map { ($1.name, $0) })

  private static let indexByPayload: [ObjectIdentifier: Int] = Dictionary(
    uniqueKeysWithValues: registry.enumerated().map { (ObjectIdentifier($1.payload), $0) })

  /// The registry row of this event's type.
  public var registration: EventType { Event.registry[Event.indexByPayload[ObjectIdentifier(Swift.type(of: body))]!] }

  /// The type string stored in the log record.
  public var type: String { registration.name }

  /// The registry row of a stored type string, if this build knows it.
  public static func registration(of type: String) -> EventType? { typeIndex[type].map { registry[$0] } }

  /// What an order's timeline calls an entry of this type and variant (the type string itself when this
  /// build does not know it).
  public static func timelineTitle(_ type: String, variant: Int = 0) -> Localized {
    guard let titles = registration(of: type)?.timeline, !titles.isEmpty else { return Localized(type, type) }
    return titles[variant < titles.count ? variant : 0]
  }

  /// The payload as the log stores it: the tagged encoding (`TaggedEncoder`, fields by number).
  public func payload() throws -> [UInt8] { try TaggedEncoder().encode(body) }

  /// The payload in the positional encoding that records before the tagged one use (`BinaryEncoder`).
  public func positionalPayload() throws -> [UInt8] { try BinaryEncoder().encode(body) }

  /// Decodes a log record's payload, tagged or (written before the tagged encoding) positional, told
  /// apart by `TaggedEncoder.marker`; an unknown type, an unknown field or bad bytes throw.
  public init(type: String, payload: [UInt8]) throws {
    try self.init(type: type, payload: payload, decoder: BinaryDecoder())
  }

  init(type: String, payload: [UInt8], decoder: BinaryDecoder) throws {
    guard let registration = Event.registration(of: type) else { throw DomainError.unknownEventType(type) }
    self =
      TaggedEncoder.isTagged(payload)
      ? try registration.decodeTagged(payload) : try registration.decodePositional(decoder, payload)
  }

  /// The event's fields as JSON, for `griddesk export` (the log itself stays binary).
  public func jsonData(_ encoder: JSONEncoder) throws -> Data { try encoder.encode(body) }
}
