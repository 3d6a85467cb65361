import Foundation

/// Records the site survey (guide ch. 2.2) with the instruments used; only usable instruments
/// (calibrated, not overdue, within ±1 %) may be recorded.
public struct RecordSurvey: CommandBody {
  public static let name = "record-survey"
  public static let roles: [Role] = [.field, .supervisor]
  public var number: String
  public var started: Date
  public var ended: Date
  public var findings: String
  public var hazards: String
  public var instruments: [String]

  public init(number: String, started: Date, ended: Date, findings: String, hazards: String, instruments: [String]) {
    self.number = number
    self.started = started
    self.ended = ended
    self.findings = findings
    self.hazards = hazards
    self.instruments = instruments
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.order(number, at: .survey)
    try state.requireMayAct(.survey, on: order, ctx)
    guard state.isSiteVisit(order, stage: order.current) else {
      throw .notASiteVisit(state.template(of: order, stage: order.current)?.name ?? Localized("调查", "investigation"))
    }
    guard ended > started, ended <= ctx.now.addingTimeInterval(300) else { throw .surveyTimes }
    guard !instruments.isEmpty else { throw .surveyNeedsInstrument }
    let tolerance = state.standard(version: order.standardVersion)?.calibrationTolerancePercent ?? 1.0
    var calibrations: [InstrumentCalibration] = []
    for asset in instruments {
      guard let equipment = state.equipment[asset] else { throw .equipmentNotFound(asset) }
      if let why = equipment.unusableReason(on: ctx.today, tolerancePercent: tolerance) {
        throw .equipmentUnusable(asset, why: why)
      }
      calibrations.append(InstrumentCalibration(equipment))
    }
    let findings = try FreeText.required(self.findings, field: Localized("勘查结论", "findings"))
    var events: [Event] = [
      .surveyRecorded(
        SurveyRecorded(
          number: number, started: started, ended: ended, findings: findings,
          hazards: FreeText.text(hazards), instruments: instruments, calibrations: calibrations))
    ]
    // No double entry: every instrument recorded is usable (checked above), so the survey itself ticks the
    // stage's item asking for calibrated instruments.
    let item = DomainState.calibratedInstrumentsItem
    if let template = state.template(of: order, stage: order.current),
      template.checklist.contains(where: { $0.id == item }),
      order.currentStage?.mark(item) == nil
    {
      events.append(.checklistItemMarked(ChecklistItemMarked(number: number, stage: order.current, item: item)))
    }
    return events
  }
}

extension DomainState {
  /// Whether a stage is a visit to the customer's site, where instruments are used: a survey stage,
  /// except the contact and investigation of the customer-service types (complaints, reports), which
  /// record a contact instead.
  public func isSiteVisit(_ order: Order, stage index: Int) -> Bool {
    guard let template = template(of: order, stage: index), template.kind == .survey else { return false }
    return businessType(of: order)?.group != DomainState.serviceGroup
  }

  /// The business-type group of customer service (咨询, 投诉, 举报, 建议, 表扬).
  public static let serviceGroup = "service"

  /// The id of the survey checklist item 「使用已校验仪器」 (guide ch. 1.2), ticked by recording the survey.
  public static let calibratedInstrumentsItem = "calibrated-instruments"
}

/// Records the contact and investigation of a complaint or report (95598: contact the customer within
/// 24 h, then establish the facts): who (the actor), when, how, with whom, and what was found.
public struct RecordContact: CommandBody {
  public static let name = "record-contact"
  public static let roles: [Role] = [.clerk, .field, .supervisor]
  public var number: String
  public var contacted: Date
  public var method: ContactMethod
  public var person: String
  public var findings: String

  public init(number: String, contacted: Date, method: ContactMethod, person: String, findings: String) {
    self.number = number
    self.contacted = contacted
    self.method = method
    self.person = person
    self.findings = findings
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.order(number, at: .survey)
    try state.requireMayAct(.contact, on: order, ctx)
    guard !state.isSiteVisit(order, stage: order.current) else { throw .siteVisitNeedsSurvey }
    guard contacted >= order.received.addingTimeInterval(-300), contacted <= ctx.now.addingTimeInterval(300) else {
      throw .contactTime
    }
    let person = try FreeText.required(self.person, field: Localized("联系对象", "person contacted"))
    let findings = try FreeText.required(self.findings, field: Localized("调查结果", "findings"))
    return [
      .contactRecorded(
        ContactRecorded(number: number, contacted: contacted, method: method, person: person, findings: findings))
    ]
  }
}

extension DomainError {
  static func notASiteVisit(_ stage: Localized) -> DomainError {
    DomainError(
      .stageNotSiteVisit,
      "「\(stage.zh)」不是现场勘查, 不使用仪器: 请记录联系与调查 (何时、以何方式、与谁联系、查明了什么)",
      "\(stage.en) is not a site visit and uses no instruments: record the contact and investigation (when, how, with whom, what was found)"
    )
  }
  static let siteVisitNeedsSurvey = DomainError(
    .stageSiteVisit, "本环节是现场勘查: 请记录勘查和所用仪器", "This stage is a site visit: record the survey with its instruments")
  static let contactTime = DomainError(
    .contactTime, "联系时间须在受理之后、不晚于现在", "The contact time must be after the order was received and not in the future")
  static let stageNeedsContact = DomainError(
    .stageContact, "请先记录联系与调查结果", "Record the contact and investigation first")
}

extension DomainState {
  /// The day the execution of an order is due: its stage limit or the whole process's, whichever ends
  /// first (as if any open suspension ended now); nil when neither has a limit.
  public func executionDeadline(_ order: Order, now: Date) -> Day? {
    let dues = [stageClock(order, stage: order.current), totalClock(order)].compactMap {
      $0?.projectedDue(at: now, calendar: calendar).date
    }
    return dues.min().map { Day(containing: $0) }
  }
}

/// Records the scheme (guide ch. 2.3): supply plan, advice, an itemised budget and a timetable.
public struct RecordScheme: CommandBody {
  public static let name = "record-scheme"
  public static let roles: [Role] = [.field, .supervisor]
  public var number: String
  public var plan: String
  public var advice: String
  public var budget: [BudgetItem]
  public var timetable: [TimetableEntry]

  public init(number: String, plan: String, advice: String, budget: [BudgetItem], timetable: [TimetableEntry]) {
    self.number = number
    self.plan = plan
    self.advice = advice
    self.budget = budget
    self.timetable = timetable
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.order(number, at: .scheme)
    try state.requireMayAct(.scheme, on: order, ctx)
    let checked = try DomainState.checkedScheme(plan: plan, advice: advice, budget: budget, timetable: timetable)
    return [
      .schemeRecorded(
        SchemeRecorded(
          number: number, plan: checked.plan, advice: checked.advice, budget: budget, timetable: timetable))
    ]
  }
}

/// One round of the customer's confirmation (guide ch. 2.3: several rounds until agreed).
public struct RecordConfirmation: CommandBody {
  public static let name = "record-confirmation"
  public static let roles: [Role] = [.clerk, .field, .supervisor]
  public var number: String
  public var accepted: Bool
  public var comment: String
  /// The scheme version the customer was shown; when given, the round is refused if the scheme has been
  /// revised since (so an answer is never recorded against a version the customer did not see).
  public var schemeVersion: Int?

  public init(number: String, accepted: Bool, comment: String, schemeVersion: Int? = nil) {
    self.number = number
    self.accepted = accepted
    self.comment = comment
    self.schemeVersion = schemeVersion
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.order(number, at: .confirmation)
    try state.requireMayAct(.confirmation, on: order, ctx)
    guard let scheme = order.scheme else { throw .confirmationNeedsScheme }
    if let shown = schemeVersion, shown != scheme.version {
      throw .schemeVersionChanged(shown: shown, onFile: scheme.version)
    }
    let comment = FreeText.text(self.comment)
    if !accepted && comment.isEmpty { throw .rejectionNeedsComment }
    return [.confirmationRecorded(ConfirmationRecorded(number: number, accepted: accepted, comment: comment))]
  }
}

public struct PlanMilestone: CommandBody {
  public static let name = "plan-milestone"
  public static let roles: [Role] = [.field, .supervisor]
  public var number: String
  public var title: String
  public var planned: Day
  /// Why a milestone is planned after the execution deadline; required then, ignored otherwise.
  public var reason: String?

  public init(number: String, title: String, planned: Day, reason: String? = nil) {
    self.number = number
    self.title = title
    self.planned = planned
    self.reason = reason
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.order(number, at: .execution)
    try state.requireMayAct(.planMilestone, on: order, ctx)
    let title = try FreeText.required(self.title, field: Fields.title)
    var why: String?
    if let due = state.executionDeadline(order, now: ctx.now), planned > due {
      let text = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
      guard !text.isEmpty else { throw .milestoneAfterDeadline(planned, due) }
      why = reason
    }
    return [.milestonePlanned(MilestonePlanned(number: number, title: title, planned: planned, reason: why))]
  }
}

public struct ReachMilestone: CommandBody {
  public static let name = "reach-milestone"
  public static let roles: [Role] = [.field, .supervisor]
  public var number: String
  public var id: Int
  public var note: String

  public init(number: String, id: Int, note: String) {
    self.number = number
    self.id = id
    self.note = note
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.order(number, at: .execution)
    try state.requireMayAct(.reachMilestone, on: order, ctx)
    guard let milestone = order.milestones.first(where: { $0.id == id }) else { throw .milestoneNotFound(id) }
    guard milestone.reached == nil else { throw .milestoneAlreadyReached(milestone.title) }
    return [.milestoneReached(MilestoneReached(number: number, id: id, note: FreeText.text(note)))]
  }
}

public struct ReceiveFeedback: CommandBody {
  public static let name = "receive-feedback"
  public static let roles: [Role] = [.clerk, .field, .supervisor]
  public var number: String
  public var text: String

  public init(number: String, text: String) {
    self.number = number
    self.text = text
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    _ = try state.openOrder(number)
    try state.requireTrained(.receiveFeedback, ctx)
    let text = try FreeText.required(self.text, field: Fields.text)
    return [.feedbackReceived(FeedbackReceived(number: number, text: text))]
  }
}

public struct HandleFeedback: CommandBody {
  public static let name = "handle-feedback"
  public static let roles: [Role] = [.clerk, .field, .supervisor]
  public var number: String
  public var id: Int
  public var response: String

  public init(number: String, id: Int, response: String) {
    self.number = number
    self.id = id
    self.response = response
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.openOrder(number)
    try state.requireMayAct(.handleFeedback, on: order, ctx)
    guard let item = order.feedback.first(where: { $0.id == id }) else { throw .feedbackNotFound(id) }
    guard item.handled == nil else { throw .feedbackAlreadyHandled(id) }
    let response = try FreeText.required(self.response, field: Localized("处理结果", "response"))
    return [.feedbackHandled(FeedbackHandled(number: number, id: id, response: response))]
  }
}

/// The follow-up visit and satisfaction survey (guide ch. 3.1). A dissatisfied answer (score below 3)
/// opens a problem for the closed loop at once.
public struct RecordFollowUp: CommandBody {
  public static let name = "record-follow-up"
  public static let roles: [Role] = [.clerk, .supervisor]
  public var number: String
  public var method: FollowUpMethod
  public var score: Int
  public var comment: String

  public init(number: String, method: FollowUpMethod, score: Int, comment: String) {
    self.number = number
    self.method = method
    self.score = score
    self.comment = comment
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.order(number, at: .followUp)
    try state.requireMayAct(.followUp, on: order, ctx)
    guard (1...5).contains(score) else { throw .badScore(score) }
    let comment = FreeText.text(self.comment)
    if score < 3 && comment.isEmpty { throw .dissatisfiedNeedsComment }
    var events: [Event] = [
      .followUpRecorded(FollowUpRecorded(number: number, method: method, score: score, comment: comment))
    ]
    if score < 3 {
      let owner = order.stages.last(where: { $0.assignee != nil && $0.kind == .execution })?.assignee
      events.append(
        .problemOpened(
          ProblemOpened(
            id: state.nextProblemID, source: .followUp, order: number, title: "回访不满意: \(comment)", owner: owner,
            due: state.calendar.addingWorkingDays(5, to: ctx.today).day)))
    }
    return events
  }
}

/// Completes the current stage and starts the next, when everything the stage requires is done.
public struct AdvanceStage: CommandBody {
  public static let name = "advance-stage"
  public static let roles: [Role] = []
  public var number: String

  public init(number: String) { self.number = number }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.openOrder(number)
    try state.requireMayAct(.advance, on: order, ctx)
    guard !order.isSuspended else { throw .orderSuspended(number) }
    guard let kind = order.currentKind else { throw .orderComplete(number) }
    guard kind != .archive else { throw .useArchive }
    if let item = state.missingChecklistItems(order).first { throw .checklistIncomplete(item.title) }
    switch kind {
    case .intake:
      if order.appointment != nil && order.appointmentConfirmed == nil { throw .appointmentUnconfirmed }
    case .archive: break
    case .survey:
      if state.isSiteVisit(order, stage: order.current) {
        if order.survey == nil { throw .stageNeeds(.survey) }
      } else if order.contact == nil {
        throw .stageNeedsContact
      }
    case .scheme: if order.scheme == nil { throw .stageNeeds(.scheme) }
    case .confirmation: if order.rounds.last?.accepted != true { throw .stageNeeds(.confirmation) }
    case .execution:
      if order.milestones.isEmpty { throw .stageNeeds(.execution) }
      if let open = order.milestones.first(where: { $0.reached == nil }) { throw .milestoneOpen(open.title) }
    case .feedback:
      if let open = order.feedback.first(where: { $0.handled == nil }) { throw .feedbackOpen(open.text) }
    case .followUp: if order.followUp == nil { throw .stageNeeds(.followUp) }
    }
    var events: [Event] = [.stageAdvanced(StageAdvanced(number: number, stage: order.current))]
    // A counter stage that follows (follow-up, archive) goes back to the clerk who received the order.
    let next = order.current + 1
    if next < order.stages.count, order.stages[next].assignee == nil,
      let template = state.template(of: order, stage: next), template.role == .clerk,
      let clerk = state.staff[order.receivedBy], clerk.active,
      state.qualificationGaps(clerk, for: template, on: ctx.today).isEmpty
    {
      events.append(
        .stageAssigned(StageAssigned(number: number, stage: next, assignee: clerk.login, reason: "")))
    }
    events += state.milestonesFromScheme(order, startingStage: next, now: ctx.now)
    return events
  }
}

extension DomainState {
  /// No double entry: when an execution stage starts with nothing planned, the timetable of the scheme on
  /// file (the version the customer accepted) becomes its planned milestones. A step due after the
  /// execution deadline is planned with that said as its reason.
  func milestonesFromScheme(_ order: Order, startingStage next: Int, now: Date) -> [Event] {
    guard next < order.stages.count, order.stages[next].kind == .execution, order.milestones.isEmpty,
      let scheme = order.acceptedScheme ?? order.scheme
    else { return [] }
    // The order as it will be once the stage starts, for the execution deadline.
    var started = order
    started.stages[order.current].completed = now
    started.current = next
    started.stages[next].started = now
    let due = executionDeadline(started, now: now)
    return scheme.timetable.map { entry in
      let late = due.map { entry.due > $0 } ?? false
      let reason = late ? "客户确认的方案第\(scheme.version)版进度, 晚于执行时限 \(due!)" : nil
      return .milestonePlanned(
        MilestonePlanned(number: order.number, title: entry.step, planned: entry.due, reason: reason))
    }
  }
}

/// Stops the clock while the customer is the cause (waiting for documents, access, payment …).
public struct SuspendOrder: CommandBody {
  public static let name = "suspend-order"
  public static let roles: [Role] = [.clerk, .field, .supervisor]
  public var number: String
  public var reason: String

  public init(number: String, reason: String) {
    self.number = number
    self.reason = reason
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.openOrder(number)
    try state.requireTrained(.suspend, ctx)
    guard !order.isSuspended else { throw .orderSuspended(number) }
    guard order.currentStage != nil else { throw .orderComplete(number) }
    let reason = try FreeText.required(self.reason, field: Fields.reason)
    return [.orderSuspended(OrderSuspended(number: number, reason: reason))]
  }
}

public struct ResumeOrder: CommandBody {
  public static let name = "resume-order"
  public static let roles: [Role] = [.clerk, .field, .supervisor]
  public var number: String
  public var note: String

  public init(number: String, note: String) {
    self.number = number
    self.note = note
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.openOrder(number)
    try state.requireTrained(.resume, ctx)
    guard order.isSuspended else { throw .orderNotSuspended(number) }
    let note = try FreeText.required(self.note, field: Fields.reason)
    return [.orderResumed(OrderResumed(number: number, note: note))]
  }
}

/// Archives an order (guide ch. 3.2): only when complete; afterwards it is read-only.
public struct ArchiveOrder: CommandBody {
  public static let name = "archive-order"
  public static let roles: [Role] = [.clerk, .supervisor]
  public var number: String

  public init(number: String) { self.number = number }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.order(number, at: .archive)
    try state.requireMayAct(.archive, on: order, ctx)
    guard !order.isSuspended else { throw .orderSuspended(number) }
    if let gap = state.archiveGaps(order).first { throw .archiveIncomplete(gap) }
    return [
      .stageAdvanced(StageAdvanced(number: number, stage: order.current)),
      .orderArchived(OrderArchived(number: number)),
    ]
  }
}

extension DomainState {
  /// What is missing before an order may be archived; empty when it is complete.
  public func archiveGaps(_ order: Order) -> [Localized] {
    var gaps: [Localized] = []
    for (i, stage) in order.stages.enumerated() where stage.kind != .archive {
      if stage.completed == nil {
        gaps.append(
          Localized("环节\(i + 1) \(stage.kind.title(.zh))未完成", "stage \(i + 1) \(stage.kind.title(.en)) not done"))
      }
    }
    if let item = missingChecklistItems(order).first {
      gaps.append(Localized("检查单: \(item.title.zh)", "checklist: \(item.title.en)"))
    }
    if customers[order.customer] == nil { gaps.append(Localized("缺客户档案", "no customer file")) }
    if order.feedback.contains(where: { $0.handled == nil }) {
      gaps.append(Localized("有未处理的反馈", "feedback not handled"))
    }
    // Guide ch. 3.3: a problem the follow-up opened closes the loop before the file is closed.
    for id in order.problems {
      guard let problem = problems[id], problem.source == .followUp, problem.status != .closed else { continue }
      gaps.append(
        Localized(
          "回访问题 \(id)「\(problem.title)」尚未闭环 (\(problem.status.title.zh)), 请先关闭该问题",
          "follow-up problem \(id) \"\(problem.title)\" is not closed (\(problem.status.title.en)): close it first"))
    }
    return gaps
  }
}

public struct SetPriority: CommandBody {
  public static let name = "set-priority"
  public static let roles: [Role] = [.supervisor]
  public var number: String
  public var priority: Bool

  public init(number: String, priority: Bool) {
    self.number = number
    self.priority = priority
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    _ = try state.openOrder(number)
    return [.orderPrioritySet(OrderPrioritySet(number: number, priority: priority))]
  }
}
