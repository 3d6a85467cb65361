import Foundation

/// An action of a new plan, as typed: what and by when.
public struct PlanActionForm: Codable, Sendable, Hashable {
  public var title: String
  public var due: Day

  public init(title: String, due: Day) {
    self.title = title
    self.due = due
  }
}

/// Creates a PDCA improvement plan (guide ch. 5, 8) linked to problems and/or a KPI.
public struct CreateImprovementPlan: CommandBody {
  public static let name = "create-improvement-plan"
  public static let roles: [Role] = [.supervisor]
  public var title: String
  public var problems: [String]
  public var kpi: String?
  public var owner: String
  public var target: Double?
  public var actions: [PlanActionForm]

  public init(
    title: String, problems: [String] = [], kpi: String? = nil, owner: String, target: Double? = nil,
    actions: [PlanActionForm] = []
  ) {
    self.title = title
    self.problems = problems
    self.kpi = kpi
    self.owner = owner
    self.target = target
    self.actions = actions
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let title = try FreeText.required(title, field: Fields.title)
    guard !problems.isEmpty || kpi != nil else { throw .planNeedsLink }
    for id in problems where state.problems[id] == nil { throw .problemNotFound(id) }
    if let kpi, !DomainState.knownKPI(kpi) { throw .unknownKPI(kpi) }
    guard state.staff[owner] != nil else { throw .staffNotFound(owner) }
    if let target, !target.isFinite { throw .badTarget }
    var actions: [PlanAction] = []
    for a in self.actions {
      actions.append(PlanAction(title: try FreeText.required(a.title, field: Fields.title), due: a.due))
    }
    return [
      .planCreated(
        PlanCreated(
          id: state.supervision.nextPlanID, title: title, problems: problems, kpi: kpi, owner: owner, target: target,
          actions: actions))
    ]
  }
}

extension DomainState {
  /// Whether a KPI id is one `kpis(from:to:scope:)` computes.
  public static func knownKPI(_ id: String) -> Bool {
    let ids = [
      KPI.onTimeCompletion, KPI.connectionOnTime, KPI.stageOnTime, KPI.cycleTime, KPI.appointmentSuccess,
      KPI.followUpRate, KPI.satisfaction, KPI.complaintsPer10k, KPI.repeatComplaints, KPI.closedLoop, KPI.violations,
    ]
    return ids.contains(id) || StageKind.allCases.contains { "\(KPI.stageOnTime).\($0.rawValue)" == id }
  }

  func openPlan(_ id: String, _ ctx: DecisionContext) throws(DomainError) -> ImprovementPlan {
    guard let plan = supervision.plan(id) else { throw .planNotFound(id) }
    guard plan.phase != .closed else { throw .planClosed(id) }
    guard plan.owner == ctx.login || ctx.actor.has(.supervisor) else { throw .notPlanOwner(id) }
    return plan
  }
}

/// Adds an action to a plan, or records progress on one (same title); the owner or a supervisor.
public struct RecordPlanAction: CommandBody {
  public static let name = "record-plan-action"
  public static let roles: [Role] = []
  public var id: String
  public var title: String
  public var due: Day
  public var done: Bool?
  public var note: String?

  public init(id: String, title: String, due: Day, done: Bool = false, note: String = "") {
    self.id = id
    self.title = title
    self.due = due
    self.done = done
    self.note = note
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    _ = try state.openPlan(id, ctx)
    let title = try FreeText.required(title, field: Fields.title)
    return [
      .planActionRecorded(
        PlanActionRecorded(
          id: id, title: title, due: due, done: done ?? false, note: FreeText.text(note ?? "")))
    ]
  }
}

/// Moves a plan through plan → do → check → act (or closes it); the owner or a supervisor.
public struct UpdatePlanStatus: CommandBody {
  public static let name = "update-plan-status"
  public static let roles: [Role] = []
  public var id: String
  public var phase: PlanPhase

  public init(id: String, phase: PlanPhase) {
    self.id = id
    self.phase = phase
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let plan = try state.openPlan(id, ctx)
    guard plan.phase != phase else { throw .planAlreadyIn(id, phase) }
    return [.planPhaseChanged(PlanPhaseChanged(id: id, phase: phase))]
  }
}

/// Measures the plan's KPI over a period before and a period after (hall-wide), and records whether the
/// plan reached its target (or, without a target, improved on before).
public struct EvaluatePlan: CommandBody {
  public static let name = "evaluate-plan"
  public static let roles: [Role] = [.supervisor]
  public var id: String
  public var beforeFrom: Day
  public var beforeTo: Day
  public var afterFrom: Day
  public var afterTo: Day

  public init(id: String, beforeFrom: Day, beforeTo: Day, afterFrom: Day, afterTo: Day) {
    self.id = id
    self.beforeFrom = beforeFrom
    self.beforeTo = beforeTo
    self.afterFrom = afterFrom
    self.afterTo = afterTo
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard let plan = state.supervision.plan(id) else { throw .planNotFound(id) }
    guard let kpi = plan.kpi else { throw .planWithoutKPI(id) }
    guard beforeFrom <= beforeTo else { throw .periodOrder(beforeFrom, beforeTo) }
    guard afterFrom <= afterTo else { throw .periodOrder(afterFrom, afterTo) }
    let before = state.kpi(kpi, from: beforeFrom, to: beforeTo)
    let after = state.kpi(kpi, from: afterFrom, to: afterTo)
    let higher = after?.higherIsBetter ?? true
    var met = false
    if let a = after?.value {
      if let target = plan.target {
        met = higher ? a >= target : a <= target
      } else if let b = before?.value {
        met = higher ? a > b : a < b
      }
    }
    return [
      .planEvaluated(
        PlanEvaluated(
          id: id, kpi: kpi, beforeFrom: beforeFrom, beforeTo: beforeTo, afterFrom: afterFrom, afterTo: afterTo,
          before: before?.value, after: after?.value, met: met))
    ]
  }
}

/// Awards incentive points (negative: a deduction) to a staff member, with the reason.
public struct AwardPoints: CommandBody {
  public static let name = "award-points"
  public static let roles: [Role] = [.supervisor]
  public var login: String
  public var points: Int
  public var reason: String
  public var plan: String?

  public init(login: String, points: Int, reason: String, plan: String? = nil) {
    self.login = login
    self.points = points
    self.reason = reason
    self.plan = plan
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard state.staff[login] != nil else { throw .staffNotFound(login) }
    guard points != 0, (-100...100).contains(points) else { throw .badPoints(points) }
    if let plan, state.supervision.plan(plan) == nil { throw .planNotFound(plan) }
    let reason = try FreeText.required(reason, field: Fields.reason)
    return [.pointsAwarded(PointsAwarded(login: login, points: points, reason: reason, plan: plan))]
  }
}

/// Marks a plan that worked (its last evaluation met) as promoted into the next standard draft, with
/// the text to include there.
public struct PromotePlan: CommandBody {
  public static let name = "promote-plan"
  public static let roles: [Role] = [.supervisor]
  public var id: String
  public var text: String

  public init(id: String, text: String) {
    self.id = id
    self.text = text
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard let plan = state.supervision.plan(id) else { throw .planNotFound(id) }
    guard plan.evaluations.last?.met == true else { throw .planNotProven(id) }
    let text = try FreeText.required(text, field: Fields.text, maxLength: 2000)
    return [.planPromoted(PlanPromoted(id: id, text: text))]
  }
}
