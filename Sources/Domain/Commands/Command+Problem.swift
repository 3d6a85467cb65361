import Foundation

extension DomainState {
  public var nextProblemID: String { String(format: "WT%05d", problemCount + 1) }
}

/// Opens a problem by hand (guide ch. 3.3); feedback, follow-ups and audits open theirs themselves.
public struct OpenProblem: CommandBody {
  public static let name = "open-problem"
  public static let roles: [Role] = [.clerk, .supervisor, .auditor]
  public var order: String?
  public var title: String
  public var owner: String?
  public var due: Day?

  public init(order: String? = nil, title: String, owner: String? = nil, due: Day? = nil) {
    self.order = order
    self.title = title
    self.owner = owner
    self.due = due
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    if let order, state.orders[order] == nil { throw .orderNotFound(order) }
    if let owner, state.staff[owner] == nil { throw .staffNotFound(owner) }
    let title = try FreeText.required(self.title, field: Fields.title)
    return [
      .problemOpened(
        ProblemOpened(
          id: state.nextProblemID, source: ctx.actor.has(.auditor) ? .audit : .manual, order: order, title: title,
          owner: owner, due: due))
    ]
  }
}

public struct RecordProblemAction: CommandBody {
  public static let name = "record-problem-action"
  public static let roles: [Role] = []
  public var id: String
  public var cause: String
  public var action: String

  public init(id: String, cause: String, action: String) {
    self.id = id
    self.cause = cause
    self.action = action
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard let problem = state.problems[id] else { throw .problemNotFound(id) }
    guard problem.status != .closed else { throw .problemClosed(id) }
    guard problem.owner == ctx.login || ctx.actor.has(.supervisor) else { throw .notProblemOwner(id) }
    let cause = try FreeText.required(self.cause, field: Localized("原因", "cause"))
    let action = try FreeText.required(self.action, field: Localized("整改措施", "corrective action"))
    return [.problemActionRecorded(ProblemActionRecorded(id: id, cause: cause, action: action))]
  }
}

public struct VerifyProblem: CommandBody {
  public static let name = "verify-problem"
  public static let roles: [Role] = [.supervisor, .auditor]
  public var id: String
  public var verification: String

  public init(id: String, verification: String) {
    self.id = id
    self.verification = verification
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard let problem = state.problems[id] else { throw .problemNotFound(id) }
    guard problem.status == .actionTaken else { throw .problemNeedsAction(id) }
    let text = try FreeText.required(verification, field: Localized("验证结果", "verification"))
    return [.problemVerified(ProblemVerified(id: id, verification: text))]
  }
}

/// Closes a problem: only with its cause, corrective action and verification recorded.
public struct CloseProblem: CommandBody {
  public static let name = "close-problem"
  public static let roles: [Role] = [.supervisor]
  public var id: String

  public init(id: String) { self.id = id }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard let problem = state.problems[id] else { throw .problemNotFound(id) }
    guard problem.status != .closed else { throw .problemClosed(id) }
    guard problem.cause != nil, problem.action != nil else { throw .problemNeedsAction(id) }
    guard problem.status == .verified else { throw .problemNeedsVerification(id) }
    return [.problemClosed(ProblemClosed(id: id))]
  }
}

/// The daily readiness check (guide ch. 1.2). `backup` is filled by the engine from the store.
public struct RecordReadiness: CommandBody {
  public static let name = "record-readiness"
  public static let roles: [Role] = []
  public var equipmentOK: Bool
  public var networkOK: Bool
  public var loginRightsOK: Bool
  public var backup: String
  public var note: String

  public init(equipmentOK: Bool, networkOK: Bool, loginRightsOK: Bool, backup: String, note: String) {
    self.equipmentOK = equipmentOK
    self.networkOK = networkOK
    self.loginRightsOK = loginRightsOK
    self.backup = backup
    self.note = note
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let note = FreeText.text(self.note)
    // Equipment that is not usable today is never reported ready (guide ch. 1.2).
    let unusable = state.unusableEquipment(on: ctx.today)
    if equipmentOK && !unusable.isEmpty { throw .readinessEquipmentUnusable(unusable) }
    if !(equipmentOK && networkOK && loginRightsOK) && note.isEmpty { throw .readinessNeedsNote }
    return [
      .readinessChecked(
        ReadinessChecked(
          check: ReadinessCheck(
            login: ctx.login, day: ctx.today, equipmentOK: equipmentOK, networkOK: networkOK,
            loginRightsOK: loginRightsOK, backup: backup, note: note, at: ctx.now)))
    ]
  }
}
