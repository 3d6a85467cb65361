import Foundation

/// Who is deciding, and when. Identity comes from the operating-system account; `decide` looks the
/// staff record up and refuses unknown or disabled accounts.
public struct DecisionContext: Sendable {
  public var login: String
  public var now: Date
  /// The log head (`seq:hash`) the decision is made on, when the caller has a log (the engine does);
  /// audits record it.
  public var head: String?
  /// The staff record of `login`, filled in by `decide`.
  public internal(set) var actor: StaffMember!

  public init(login: String, now: Date) {
    self.login = login
    self.now = now
  }

  public var today: Day { Day(containing: now) }
}

/// One thing a person asks the system to do. Each command states who may issue it and decides,
/// against the current projections, which events record it — or refuses with a `DomainError`.
public protocol CommandBody: Codable, Sendable {
  /// The name used by `griddesk apply` (`{"command": "receive-order", …}`).
  static var name: String { get }
  /// Roles that may issue the command; empty means any active staff member.
  static var roles: [Role] { get }
  func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event]
}

/// A command of any kind, as the workbench and `griddesk apply` hand it to the engine.
public struct Command: Sendable {
  public let body: any CommandBody

  public init(_ body: any CommandBody) { self.body = body }

  public var name: String { type(of: body).name }

  /// Every command type, for `griddesk apply` and docs/commands.md.
  public static let all: [any CommandBody.Type] = [
    BootstrapAdmin.self, RegisterStaff.self, UpdateStaff.self, SetStaffActive.self, RecordTraining.self,
    RecordCertificate.self, RegisterEquipment.self, CalibrateEquipment.self, LoadCalendar.self,
    RegisterCustomer.self, UpdateCustomer.self, RevealPersonalData.self,
    ReceiveOrder.self, ConfirmAppointment.self, AssignStage.self, MarkChecklistItem.self, ClearChecklistItem.self,
    RecordSurvey.self, RecordContact.self, RecordScheme.self, ReviseScheme.self, RecordConfirmation.self,
    PlanMilestone.self,
    ReachMilestone.self,
    ReceiveFeedback.self, HandleFeedback.self, RecordFollowUp.self, AdvanceStage.self, SuspendOrder.self,
    ResumeOrder.self, ArchiveOrder.self, SetPriority.self,
    OpenProblem.self, RecordProblemAction.self, VerifyProblem.self, CloseProblem.self,
    RecordReadiness.self,
    RegisterRisk.self, UpdateRisk.self, CloseRisk.self, RecordRiskResponse.self, RecordViolation.self,
    RecordViolationStatement.self, StartAudit.self, RecordAuditCheck.self, RecordAuditFinding.self, CloseAudit.self,
    PublishStandard.self, SendNotice.self, AcknowledgeNotice.self, CreateImprovementPlan.self, RecordPlanAction.self,
    UpdatePlanStatus.self, EvaluatePlan.self, AwardPoints.self, PromotePlan.self, ReassignOrders.self,
    PublishKPIs.self,
  ]

  static let byName: [String: any CommandBody.Type] = Dictionary(
    uniqueKeysWithValues: all.map { ($0.name, $0) })

  /// Decodes one JSON object `{"command": NAME, …fields}`; a refusal names the field in plain words
  /// (see `ApplyLine`).
  public static func decode(json data: Data) throws(DomainError) -> Command {
    do {
      return try ApplyLine.decodeCommand(data)
    } catch {
      throw error.error
    }
  }
}

extension JSONDecoder {
  /// Dates in commands are ISO 8601 (`2026-11-29T09:30:00+08:00`).
  static func commandDecoder(_ data: Data) throws -> Decoder {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try decoder.decode(DecoderBox.self, from: data).decoder
  }
}

private struct DecoderBox: Decodable {
  let decoder: Decoder
  init(from decoder: Decoder) throws { self.decoder = decoder }
}

/// Decides a command: checks the actor and the role, then the command's own rules.
/// - Returns: the events to append, in order; never empty.
public func decide(
  _ command: Command, state: DomainState, login: String, now: Date, head: String? = nil
) throws(DomainError) -> [Event] {
  var ctx = DecisionContext(login: login, now: now)
  ctx.head = head
  let type = type(of: command.body)
  if type != BootstrapAdmin.self {
    if let refusal = state.permissionRefusal(type, for: login) { throw refusal }
    ctx.actor = state.staff[login]
  }
  return try command.body.decide(state, ctx)
}
