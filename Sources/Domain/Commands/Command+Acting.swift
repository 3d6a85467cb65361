import Foundation

/// The acts on an order, in the words a refusal uses ("王丽 may not *record the survey* …").
public enum Act: String, Sendable, CaseIterable {
  case receive, confirmAppointment, assign, mark, clear, survey, contact, scheme, reviseScheme, confirmation
  case planMilestone
  case reachMilestone, receiveFeedback, handleFeedback, followUp, advance, suspend, resume, archive

  public var words: Localized {
    switch self {
    case .receive: Localized("受理工单", "receive the order")
    case .confirmAppointment: Localized("确认预约", "confirm the appointment")
    case .assign: Localized("指派环节", "assign the stage")
    case .mark: Localized("勾选检查项", "tick a checklist item")
    case .clear: Localized("取消检查项", "clear a checklist item")
    case .survey: Localized("记录勘查", "record the survey")
    case .contact: Localized("记录联系与调查", "record the contact and investigation")
    case .scheme: Localized("记录方案", "record the scheme")
    case .reviseScheme: Localized("修订方案", "revise the scheme")
    case .confirmation: Localized("记录客户确认", "record the customer's confirmation")
    case .planMilestone: Localized("计划里程碑", "plan a milestone")
    case .reachMilestone: Localized("完成里程碑", "reach a milestone")
    case .receiveFeedback: Localized("登记反馈", "record feedback")
    case .handleFeedback: Localized("处理反馈", "handle feedback")
    case .followUp: Localized("记录回访", "record the follow-up")
    case .advance: Localized("完成本环节", "complete the stage")
    case .suspend: Localized("挂起工单", "suspend the order")
    case .resume: Localized("恢复工单", "resume the order")
    case .archive: Localized("归档", "archive the order")
    }
  }
}

extension Act {
  /// Whether the act belongs to the order's current stage (its holder, role and qualification decide)
  /// or to no one stage (anyone trained may): confirming the appointment belongs to intake, handling
  /// feedback to the feedback stage; assigning, suspending, resuming and taking feedback to none.
  public func bindsToStage(of order: Order) -> Bool {
    switch self {
    case .confirmAppointment: order.currentKind == .intake
    case .handleFeedback: order.currentKind == .feedback
    case .assign, .suspend, .resume, .receiveFeedback, .receive: false
    default: true
    }
  }
}

// Guide ch. 1.1: 培训周期不少于7天, 且需通过考核才能上岗; 从业人员需持有效资格证书. Who may act on a stage,
// and whether they are qualified to, is decided here and only here: by every command that acts on an
// order (and so by `griddesk apply`), by the order file and by the pickers.
extension DomainState {
  /// What a person lacks to work at all on a day (every staff member, clerks included): the minimum
  /// training of the standard in force and a passed assessment. Empty when nothing is missing.
  public func trainingGaps(_ member: StaffMember, on day: Day) -> [QualificationGap] {
    var gaps: [QualificationGap] = []
    if !member.active { gaps.append(.inactive) }
    let need = standard(on: day).minimumTrainingDays
    let have = member.trainingDays(by: day)
    if have < need { gaps.append(.trainingDays(have: have, need: need)) }
    if !member.passedAssessment(by: day) { gaps.append(.assessmentNotPassed) }
    return gaps
  }

  /// Why a person may not take or work a stage (guide ch. 1.1); empty when they may: the training and
  /// assessment everyone needs, the stage's role (or supervisor), and a valid certificate of the kind
  /// the stage names, if it names one.
  public func qualificationGaps(_ member: StaffMember, for stage: StageTemplate, on day: Day) -> [QualificationGap] {
    var gaps = trainingGaps(member, on: day)
    if !member.has(stage.role) && !member.has(.supervisor) { gaps.append(.missingRole(stage.role)) }
    if let kind = stage.qualification, member.certificate(kind, validOn: day) == nil {
      let name = certificateTitle(kind)
      if let expired = member.certificates.filter({ $0.kind == kind }).map(\.validUntil).max() {
        gaps.append(.certificateExpired(kind: name, on: expired))
      } else {
        gaps.append(.noCertificate(kind: name))
      }
    }
    return gaps
  }

  /// A certificate kind's name in both languages (the id itself only if no standard knows it).
  public func certificateTitle(_ kind: String) -> Localized {
    standards.lazy.flatMap(\.certificateKinds).first { $0.id == kind }?.name ?? Localized(kind, kind)
  }

  /// Whether `member` may act on a stage: its assignee; on an unassigned stage, anyone who holds the
  /// stage's role; a supervisor — in every case only when qualified for the stage on that day.
  /// - Returns: the refusal, naming the act, the stage and what is missing; nil when they may.
  public func refusal(
    _ member: StaffMember, _ act: Act, stage template: StageTemplate, assignee: String?, on day: Day
  ) -> DomainError? {
    let holds =
      assignee == member.login || member.has(.supervisor) || (assignee == nil && member.has(template.role))
    if !holds {
      if let assignee {
        return .stageHeldByOther(act.words, stage: template.name, holder: staff[assignee]?.name ?? assignee)
      }
      return .stageNeedsRole(act.words, stage: template.name, role: template.role)
    }
    let gaps = qualificationGaps(member, for: template, on: day)
    guard gaps.isEmpty else { return .notQualifiedToAct(member.name, act.words, stage: template.name, gaps: gaps) }
    return nil
  }

  /// The refusal for `member` acting on an order's current stage, or nil when they may.
  public func refusal(_ member: StaffMember, _ act: Act, on order: Order, on day: Day) -> DomainError? {
    guard let stage = order.currentStage, let template = template(of: order, stage: order.current) else {
      return .orderComplete(order.number)
    }
    return refusal(member, act, stage: template, assignee: stage.assignee, on: day)
  }

  /// Whether the login may act on the order's current stage now (for screens: the same rule as the
  /// commands).
  public func mayAct(_ login: String, _ act: Act, on order: Order, on day: Day) -> Bool {
    guard let member = staff[login], member.active else { return false }
    return refusal(member, act, on: order, on: day) == nil
  }

  /// Throws the refusal for the deciding actor on the order's current stage; for an act that belongs to
  /// no one stage now (`Act.bindsToStage`), the actor must still be trained.
  func requireMayAct(_ act: Act, on order: Order, _ ctx: DecisionContext) throws(DomainError) {
    guard act.bindsToStage(of: order) else { return try requireTrained(act, ctx) }
    if let refusal = refusal(ctx.actor, act, on: order, on: ctx.today) { throw refusal }
  }

  /// Why `login` may not start `act` on `order` now — the command's roles (`permissionRefusal`), an
  /// archived or finished order, the stage's holder, role and qualification, or the training everyone
  /// needs — or nil when they may. The workbench asks it before it opens a form, so that the refusal
  /// comes in the clerk's words before anything is typed; the command applies the same rule.
  public func actingRefusal(
    _ login: String, _ type: any CommandBody.Type, _ act: Act, on order: Order, on day: Day
  ) -> DomainError? {
    if let refusal = permissionRefusal(type, for: login) { return refusal }
    if order.isArchived { return .orderArchived(order.number) }
    guard let member = staff[login] else { return .staffNotFound(login) }
    if act.bindsToStage(of: order) { return refusal(member, act, on: order, on: day) }
    let gaps = trainingGaps(member, on: day)
    return gaps.isEmpty ? nil : .notTrainedToAct(member.name, act.words, gaps: gaps)
  }

  /// For acts on an order that belong to no one stage (assigning, suspending, taking feedback): the
  /// actor must still be trained and assessed.
  func requireTrained(_ act: Act, _ ctx: DecisionContext) throws(DomainError) {
    let gaps = trainingGaps(ctx.actor, on: ctx.today)
    guard gaps.isEmpty else { throw .notTrainedToAct(ctx.actor.name, act.words, gaps: gaps) }
  }
}

extension DomainError {
  static func notQualifiedToAct(_ name: String, _ act: Localized, stage: Localized, gaps: [QualificationGap])
    -> DomainError
  {
    DomainError(
      .actNotQualified,
      "\(name) 不能\(act.zh)（「\(stage.zh)」）: \(gaps.map(\.message.zh).joined(separator: "; ")); 请先补齐培训考核或证书, 或请班长改派",
      "\(name) may not \(act.en) (\(stage.en)): \(gaps.map(\.message.en).joined(separator: "; ")); complete the training, assessment or certificate first, or ask a supervisor to reassign it"
    )
  }

  static func notTrainedToAct(_ name: String, _ act: Localized, gaps: [QualificationGap]) -> DomainError {
    DomainError(
      .actNotTrained,
      "\(name) 不能\(act.zh): \(gaps.map(\.message.zh).joined(separator: "; ")); 须培训满期并通过考核后上岗",
      "\(name) may not \(act.en): \(gaps.map(\.message.en).joined(separator: "; ")); staff work only after the full training and a passed assessment"
    )
  }

  static func stageHeldByOther(_ act: Localized, stage: Localized, holder: String) -> DomainError {
    DomainError(
      .orderNotYours, "「\(stage.zh)」已指派给 \(holder), 您不能\(act.zh); 请联系班长改派",
      "\(stage.en) is assigned to \(holder): you may not \(act.en); ask a supervisor to reassign it")
  }

  static func stageNeedsRole(_ act: Localized, stage: Localized, role: Role) -> DomainError {
    DomainError(
      .orderNotYours, "「\(stage.zh)」尚未指派, 由\(role.title.zh)办理; 您不能\(act.zh), 请班长指派",
      "\(stage.en) is not assigned and is for \(role.title.en.lowercased()) staff: you may not \(act.en); ask a supervisor to assign it"
    )
  }
}
