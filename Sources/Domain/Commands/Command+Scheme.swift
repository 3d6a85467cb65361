import Foundation

// Guide ch. 2.3: 方案确认阶段需与客户进行多轮沟通, 确保双方对方案内容达成一致. A rejected scheme is revised
// into a new version for the next round; every version stays on file, and each round records the version
// it answered, so the budget on file is the one the customer accepted.

extension DomainState {
  /// The index of the scheme stage an order's current stage follows from (the current one at the scheme
  /// stage; the last scheme stage before it otherwise), or nil when it has none.
  public func schemeStageIndex(_ order: Order) -> Int? {
    let upTo = min(order.current, order.stages.count - 1)
    guard upTo >= 0 else { return nil }
    return order.stages[...upTo].lastIndex { $0.kind == .scheme }
  }

  /// Why the scheme of an order cannot be revised now, or nil when it can: the order is at the scheme or
  /// confirmation stage, and the customer rejected the version on file in the last round.
  public func schemeRevisionRefusal(_ order: Order) -> DomainError? {
    if order.isArchived { return .orderArchived(order.number) }
    guard order.currentKind == .confirmation || order.currentKind == .scheme else {
      return .schemeRevisionStage(order.currentKind)
    }
    guard let scheme = order.scheme else { return .stageNeeds(.scheme) }
    guard let last = order.rounds.last, !last.accepted, last.schemeVersion == scheme.version else {
      if order.rounds.last?.accepted == true { return .schemeAlreadyAccepted(scheme.version) }
      return .schemeRevisionNeedsRejection(scheme.version)
    }
    return nil
  }

  /// The refusal for `member` revising the scheme: whoever may act on the scheme stage (its assignee, a
  /// holder of its role while unassigned, a supervisor; qualified on the day), or nil when they may.
  public func schemeRevisionRefusal(_ member: StaffMember, _ order: Order, on day: Day) -> DomainError? {
    guard let index = schemeStageIndex(order), let template = template(of: order, stage: index) else {
      return .stageNeeds(.scheme)
    }
    return refusal(member, .reviseScheme, stage: template, assignee: order.stages[index].assignee, on: day)
  }

  /// A scheme's fields checked as typed: the plan required, a budget of named items of no negative
  /// amount, a timetable of at least one step.
  static func checkedScheme(
    plan: String, advice: String, budget: [BudgetItem], timetable: [TimetableEntry]
  ) throws(DomainError) -> (plan: String, advice: String) {
    let plan = try FreeText.required(plan, field: Localized("供电方案", "supply plan"))
    guard !budget.isEmpty else { throw .schemeNeedsBudget }
    for item in budget {
      guard !Validation.normalizeText(item.name).isEmpty, item.fen >= 0 else { throw .badBudgetItem(item.name) }
    }
    guard !timetable.isEmpty else { throw .schemeNeedsTimetable }
    for entry in timetable where Validation.normalizeText(entry.step).isEmpty {
      throw .schemeNeedsTimetable
    }
    return (plan, FreeText.text(advice))
  }
}

/// Revises the scheme after the customer rejected it: a new version (plan, advice, budget, timetable) with
/// a note of what changed, for the next confirmation round. Only the scheme's designer (the scheme
/// stage's assignee, a holder of its role while unassigned) or a supervisor may.
public struct ReviseScheme: CommandBody {
  public static let name = "revise-scheme"
  public static let roles: [Role] = [.field, .supervisor]
  public var number: String
  public var plan: String
  public var advice: String
  public var budget: [BudgetItem]
  public var timetable: [TimetableEntry]
  /// What changed and why, in answer to the customer's comment (required).
  public var note: String

  public init(
    number: String, plan: String, advice: String, budget: [BudgetItem], timetable: [TimetableEntry], note: String
  ) {
    self.number = number
    self.plan = plan
    self.advice = advice
    self.budget = budget
    self.timetable = timetable
    self.note = note
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard let order = state.orders[number] else { throw .orderNotFound(number) }
    if let refusal = state.schemeRevisionRefusal(order) { throw refusal }
    if let refusal = state.schemeRevisionRefusal(ctx.actor, order, on: ctx.today) { throw refusal }
    let checked = try DomainState.checkedScheme(plan: plan, advice: advice, budget: budget, timetable: timetable)
    let note = try FreeText.required(self.note, field: Localized("修订说明", "what changed"))
    let version = (order.scheme?.version ?? 0) + 1
    return [
      .schemeRevised(
        SchemeRevised(
          number: number, version: version, plan: checked.plan, advice: checked.advice, budget: budget,
          timetable: timetable, note: note))
    ]
  }
}

extension DomainError {
  static func schemeRevisionStage(_ kind: StageKind?) -> DomainError {
    let at = kind.map { Localized($0.title(.zh), $0.title(.en)) } ?? Localized("完成", "done")
    return DomainError(
      .schemeReviseStage, "工单在「\(at.zh)」环节: 方案只在方案或确认环节、客户不同意后修订",
      "The order is at \(at.en): a scheme is revised only at the scheme or confirmation stage, after the customer rejected it"
    )
  }

  static func schemeRevisionNeedsRejection(_ version: Int) -> DomainError {
    DomainError(
      .schemeReviseNotRejected, "客户尚未对方案第\(version)版表示不同意: 先记录本轮客户意见 (F6), 不同意时再修订",
      "The customer has not rejected version \(version) of the scheme: record this round's answer first (F6), then revise if rejected"
    )
  }

  static func schemeAlreadyAccepted(_ version: Int) -> DomainError {
    DomainError(
      .schemeAccepted, "客户已同意方案第\(version)版, 不能再修订: 按已同意的方案推进 (F9)",
      "The customer accepted version \(version) of the scheme: it is no longer revised; advance with it (F9)")
  }

  static func schemeVersionChanged(shown: Int, onFile: Int) -> DomainError {
    DomainError(
      .confirmationSchemeVersion, "方案已修订为第\(onFile)版 (您看到的是第\(shown)版): 请向客户出示第\(onFile)版后再记录确认意见",
      "The scheme is now version \(onFile) (you were shown version \(shown)): show the customer version \(onFile), then record the answer"
    )
  }
}
