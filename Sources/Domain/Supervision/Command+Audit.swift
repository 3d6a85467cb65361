import Foundation

/// Starts a compliance audit (guide ch. 4.4) over a reproducible sample of the orders archived in a
/// period: the same period, log and seed always give the same sample.
public struct StartAudit: CommandBody {
  public static let name = "start-audit"
  public static let roles: [Role] = [.auditor, .supervisor]
  public var from: Day
  public var to: Day
  public var sampleSize: Int
  public var seed: UInt64

  public init(from: Day, to: Day, sampleSize: Int, seed: UInt64) {
    self.from = from
    self.to = to
    self.sampleSize = sampleSize
    self.seed = seed
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard from <= to else { throw .periodOrder(from, to) }
    guard (1...500).contains(sampleSize) else { throw .sampleSize(sampleSize) }
    let sample = state.auditSample(from: from, to: to, size: sampleSize, seed: seed)
    guard !sample.isEmpty else { throw .nothingToAudit(from, to) }
    return [
      .auditStarted(
        AuditStarted(
          id: state.supervision.nextAuditID, from: from, to: to, sampleSize: sampleSize, seed: seed, sample: sample,
          head: ctx.head))
    ]
  }
}

extension DomainState {
  func openAudit(_ id: String) throws(DomainError) -> Audit {
    guard let audit = supervision.audit(id) else { throw .auditNotFound(id) }
    guard audit.status == .open else { throw .auditClosed(id) }
    return audit
  }

  /// An open audit that the deciding person started: only its auditor writes into it (guide ch. 4.4).
  func ownAudit(_ id: String, _ ctx: DecisionContext) throws(DomainError) -> Audit {
    let audit = try openAudit(id)
    guard audit.startedBy == ctx.login else {
      throw .notYourAudit(id, auditor: staff[audit.startedBy]?.name ?? audit.startedBy)
    }
    return audit
  }
}

extension DomainError {
  static func notYourAudit(_ id: String, auditor: String) -> DomainError {
    DomainError(
      .auditNotYours, "稽查 \(id) 由 \(auditor) 发起, 只有发起人可以录入; 请另行发起稽查",
      "Audit \(id) was started by \(auditor): only they may write into it; start an audit of your own")
  }
}

/// Records the compliance checklist of one sampled order. An answer left out takes the system's
/// suggestion (`DomainState.auditSuggestion`).
public struct RecordAuditCheck: CommandBody {
  public static let name = "record-audit-check"
  public static let roles: [Role] = [.auditor, .supervisor]
  public var id: String
  public var order: String
  public var deadlinesMet: Bool?
  public var checklistsComplete: Bool?
  public var followUpDone: Bool?
  public var dataComplete: Bool?
  public var revealsJustified: Bool?
  public var note: String?

  public init(
    id: String, order: String, deadlinesMet: Bool? = nil, checklistsComplete: Bool? = nil, followUpDone: Bool? = nil,
    dataComplete: Bool? = nil, revealsJustified: Bool? = nil, note: String = ""
  ) {
    self.id = id
    self.order = order
    self.deadlinesMet = deadlinesMet
    self.checklistsComplete = checklistsComplete
    self.followUpDone = followUpDone
    self.dataComplete = dataComplete
    self.revealsJustified = revealsJustified
    self.note = note
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let audit = try state.ownAudit(id, ctx)
    guard audit.sample.contains(order), let record = state.orders[order] else { throw .notInSample(order, id) }
    let s = state.auditSuggestion(record)
    return [
      .auditCheckRecorded(
        AuditCheckRecorded(
          id: id, order: order, deadlinesMet: deadlinesMet ?? s.deadlinesMet,
          checklistsComplete: checklistsComplete ?? s.checklistsComplete, followUpDone: followUpDone ?? s.followUpDone,
          dataComplete: dataComplete ?? s.dataComplete, revealsJustified: revealsJustified ?? s.revealsJustified,
          note: FreeText.text(note ?? "")))
    ]
  }
}

/// A finding of an audit, which becomes a problem (source audit) or a violation.
public struct RecordAuditFinding: CommandBody {
  public static let name = "record-audit-finding"
  public static let roles: [Role] = [.auditor, .supervisor]
  public var id: String
  public var kind: FindingKind
  public var order: String?
  public var text: String
  /// Problem: who must act on it, and by when.
  public var owner: String?
  public var due: Day?
  /// Violation: whom it concerns, its category, severity, split and decision.
  public var staff: String?
  public var category: String?
  public var severity: ViolationSeverity?
  public var shares: [ResponsibilityShare]?
  public var decision: String?

  public init(
    id: String, kind: FindingKind, order: String? = nil, text: String, owner: String? = nil, due: Day? = nil,
    staff: String? = nil, category: String? = nil, severity: ViolationSeverity? = nil,
    shares: [ResponsibilityShare]? = nil, decision: String? = nil
  ) {
    self.id = id
    self.kind = kind
    self.order = order
    self.text = text
    self.owner = owner
    self.due = due
    self.staff = staff
    self.category = category
    self.severity = severity
    self.shares = shares
    self.decision = decision
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    _ = try state.ownAudit(id, ctx)
    if let order, state.orders[order] == nil { throw .orderNotFound(order) }
    let text = try FreeText.required(text, field: Fields.text, maxLength: 1000)
    switch kind {
    case .problem:
      if let owner, state.staff[owner] == nil { throw .staffNotFound(owner) }
      let problem = state.nextProblemID
      return [
        .problemOpened(ProblemOpened(id: problem, source: .audit, order: order, title: text, owner: owner, due: due)),
        .auditFindingRecorded(AuditFindingRecorded(id: id, kind: .problem, order: order, text: text, ref: problem)),
      ]
    case .violation:
      guard let staff else { throw .fieldRequired(SupervisionFields.staff) }
      let violation = try RecordViolation(
        staff: staff, category: category ?? "稽查发现", severity: severity ?? .general, description: text,
        shares: shares ?? [], decision: decision ?? "待定", order: order
      ).event(state, audit: id)
      return [
        .violationRecorded(violation),
        .auditFindingRecorded(
          AuditFindingRecorded(id: id, kind: .violation, order: order, text: text, ref: violation.id)),
      ]
    }
  }
}

/// Closes an audit once every sampled order has been checked.
public struct CloseAudit: CommandBody {
  public static let name = "close-audit"
  public static let roles: [Role] = [.auditor, .supervisor]
  public var id: String
  public var conclusion: String

  public init(id: String, conclusion: String) {
    self.id = id
    self.conclusion = conclusion
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let audit = try state.ownAudit(id, ctx)
    if let missing = audit.sample.first(where: { audit.check($0) == nil }) { throw .auditUnchecked(missing) }
    let text = try FreeText.required(conclusion, field: SupervisionFields.conclusion, maxLength: 2000)
    return [.auditClosed(AuditClosed(id: id, conclusion: text, head: ctx.head))]
  }
}

/// Publishes a new version of the standard (guide ch. 6.1–6.2): the next version number, checked by
/// `Standard.parse`, in force from `effective`. Orders keep the version they were received under.
public struct PublishStandard: CommandBody {
  public static let name = "publish-standard"
  public static let roles: [Role] = [.supervisor]
  public var toml: String
  public var effective: Day

  public init(toml: String, effective: Day) {
    self.toml = toml
    self.effective = effective
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    var standard = try Standard.parse(toml: toml)
    let current = state.standards.map(\.version).max() ?? 0
    guard standard.version == current + 1 else { throw .standardVersionNext(standard.version, expected: current + 1) }
    guard effective >= ctx.today else { throw .effectiveInPast(effective) }
    let latest = state.standards.map(\.effective).max() ?? effective
    guard effective >= latest else { throw .effectiveBeforePrevious(effective, latest) }
    standard.effective = effective
    return [
      .standardPublished(StandardPublished(version: standard.version, effective: effective, toml: standard.toTOML()))
    ]
  }
}
