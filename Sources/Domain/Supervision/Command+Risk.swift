import Foundation

/// Registers a risk (guide ch. 4.1): likelihood × impact (1–5 each) gives its level.
public struct RegisterRisk: CommandBody {
  public static let name = "register-risk"
  public static let roles: [Role] = [.supervisor]
  public var source: RiskSource
  public var category: String
  public var title: String
  public var likelihood: Int
  public var impact: Int
  public var owner: String
  public var plan: String

  public init(
    source: RiskSource, category: String, title: String, likelihood: Int, impact: Int, owner: String, plan: String
  ) {
    self.source = source
    self.category = category
    self.title = title
    self.likelihood = likelihood
    self.impact = impact
    self.owner = owner
    self.plan = plan
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    try RegisterRisk.checkScale(likelihood, impact)
    guard state.staff[owner] != nil else { throw .staffNotFound(owner) }
    return [
      .riskRegistered(
        RiskRegistered(
          id: state.supervision.nextRiskID, source: source,
          category: try FreeText.required(category, field: SupervisionFields.category),
          title: try FreeText.required(title, field: Fields.title), likelihood: likelihood, impact: impact,
          owner: owner, plan: try FreeText.required(plan, field: SupervisionFields.responsePlan, maxLength: 1000)))
    ]
  }

  static func checkScale(_ likelihood: Int, _ impact: Int) throws(DomainError) {
    guard (1...5).contains(likelihood) else { throw .riskScale(SupervisionFields.likelihood, likelihood) }
    guard (1...5).contains(impact) else { throw .riskScale(SupervisionFields.impact, impact) }
  }
}

/// Re-rates a risk, changes its owner or plan, or moves it between open and mitigating.
public struct UpdateRisk: CommandBody {
  public static let name = "update-risk"
  public static let roles: [Role] = [.supervisor]
  public var id: String
  public var likelihood: Int
  public var impact: Int
  public var owner: String
  public var plan: String
  public var status: RiskStatus

  public init(id: String, likelihood: Int, impact: Int, owner: String, plan: String, status: RiskStatus) {
    self.id = id
    self.likelihood = likelihood
    self.impact = impact
    self.owner = owner
    self.plan = plan
    self.status = status
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard let risk = state.supervision.risk(id) else { throw .riskNotFound(id) }
    guard risk.status != .closed else { throw .riskClosed(id) }
    guard status != .closed else { throw .useCloseRisk }
    try RegisterRisk.checkScale(likelihood, impact)
    guard state.staff[owner] != nil else { throw .staffNotFound(owner) }
    let plan = try FreeText.required(plan, field: SupervisionFields.responsePlan, maxLength: 1000)
    return [
      .riskUpdated(
        RiskUpdated(id: id, likelihood: likelihood, impact: impact, owner: owner, plan: plan, status: status))
    ]
  }
}

public struct CloseRisk: CommandBody {
  public static let name = "close-risk"
  public static let roles: [Role] = [.supervisor]
  public var id: String
  public var note: String

  public init(id: String, note: String) {
    self.id = id
    self.note = note
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard let risk = state.supervision.risk(id) else { throw .riskNotFound(id) }
    guard risk.status != .closed else { throw .riskClosed(id) }
    return [.riskClosed(RiskClosed(id: id, note: try FreeText.required(note, field: SupervisionFields.closingNote)))]
  }
}

/// Records a response action on a risk (its owner or a supervisor) or on an early warning that is
/// raised now (a supervisor).
public struct RecordRiskResponse: CommandBody {
  public static let name = "record-risk-response"
  public static let roles: [Role] = []
  public var risk: String?
  public var warning: String?
  public var action: String

  public init(risk: String? = nil, warning: String? = nil, action: String) {
    self.risk = risk
    self.warning = warning
    self.action = action
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let action = try FreeText.required(action, field: SupervisionFields.responseAction, maxLength: 1000)
    switch (risk, warning) {
    case (let id?, nil):
      guard let risk = state.supervision.risk(id) else { throw .riskNotFound(id) }
      guard risk.status != .closed else { throw .riskClosed(id) }
      guard risk.owner == ctx.login || ctx.actor.has(.supervisor) else { throw .notRiskOwner(id) }
    case (nil, let id?):
      guard ctx.actor.has(.supervisor) else { throw .roleNotAllowed(command: Self.title, roles: [.supervisor]) }
      guard state.warnings(now: ctx.now).contains(where: { $0.id == id }) else { throw .warningNotFound(id) }
    default:
      throw .responseNeedsOneSubject
    }
    return [.riskResponseRecorded(RiskResponseRecorded(risk: risk, warning: warning, action: action))]
  }
}

/// Records a violation (guide ch. 4.3) with its responsibility split; supervisors and auditors.
public struct RecordViolation: CommandBody {
  public static let name = "record-violation"
  public static let roles: [Role] = [.supervisor, .auditor]
  public var staff: String
  public var category: String
  public var severity: ViolationSeverity
  public var description: String
  /// Who bears which responsibility; empty means the staff member bears the main responsibility.
  public var shares: [ResponsibilityShare]?
  public var decision: String
  public var order: String?

  public init(
    staff: String, category: String, severity: ViolationSeverity, description: String,
    shares: [ResponsibilityShare]? = nil, decision: String, order: String? = nil
  ) {
    self.staff = staff
    self.category = category
    self.severity = severity
    self.description = description
    self.shares = shares
    self.decision = decision
    self.order = order
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    [.violationRecorded(try event(state, audit: nil))]
  }

  func event(_ state: DomainState, audit: String?) throws(DomainError) -> ViolationRecorded {
    guard state.staff[staff] != nil else { throw .staffNotFound(staff) }
    if let order, state.orders[order] == nil { throw .orderNotFound(order) }
    let given = self.shares ?? []
    let shares = given.isEmpty ? [ResponsibilityShare(login: staff, responsibility: .main)] : given
    var seen: [String] = []
    for share in shares {
      guard state.staff[share.login] != nil else { throw .staffNotFound(share.login) }
      guard !seen.contains(share.login) else { throw .shareTwice(share.login) }
      seen.append(share.login)
    }
    guard shares.contains(where: { $0.responsibility == .main }) else { throw .violationNeedsMain }
    return ViolationRecorded(
      id: state.supervision.nextViolationID, staff: staff,
      category: try FreeText.required(category, field: SupervisionFields.category), severity: severity,
      description: try FreeText.required(description, field: SupervisionFields.description, maxLength: 1000),
      shares: shares, decision: try FreeText.required(decision, field: SupervisionFields.decision, maxLength: 1000),
      order: order, audit: audit)
  }
}

/// The statement of a staff member a violation concerns (陈述申辩); only they may record it.
public struct RecordViolationStatement: CommandBody {
  public static let name = "record-violation-statement"
  public static let roles: [Role] = []
  public var id: String
  public var text: String

  public init(id: String, text: String) {
    self.id = id
    self.text = text
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard let violation = state.supervision.violation(id) else { throw .violationNotFound(id) }
    guard violation.concerned.contains(ctx.login) else { throw .notConcerned(id) }
    let text = try FreeText.required(text, field: Fields.text, maxLength: 2000)
    return [.violationStatementRecorded(ViolationStatementRecorded(id: id, text: text))]
  }
}
