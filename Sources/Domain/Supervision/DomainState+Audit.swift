import Foundation

/// SplitMix64: small and reproducible on every platform for a seed, so that an audit's sample can be
/// drawn again by anyone who has the log.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// What the system suggests for an audit check, from the stage clocks and the records: the auditor
/// confirms or overrides each answer.
public struct AuditSuggestion: Sendable, Hashable {
  public var deadlinesMet: Bool
  public var checklistsComplete: Bool
  public var followUpDone: Bool
  public var dataComplete: Bool
  /// Every reveal of the order's customer's personal data while the order was open.
  public var reveals: [RevealRecord]
  public var revealsJustified: Bool
}

/// The problems of ch. 3.3 across all orders, as the supervisor's board shows them.
public struct ProblemBoard: Sendable, Hashable {
  public var open: [Problem]
  /// Not closed and past the due day.
  public var overdue: [Problem]
  public var awaitingVerification: [Problem]
  public var closed: [Problem]
}

extension DomainState {
  /// The archived orders of a period (archived on a day from `from` to `to`), sorted by number.
  public func archivedOrders(from: Day, to: Day) -> [String] {
    orders.values.filter { o in
      guard let a = o.archived else { return false }
      let d = Day(containing: a)
      return from <= d && d <= to
    }.map(\.number).sorted()
  }

  /// The audit sample: the archived orders of the period, sorted by number, shuffled by a Fisher–Yates
  /// pass driven by SplitMix64 from `seed`, and the first `size` taken. Same period, log and seed:
  /// same sample.
  public func auditSample(from: Day, to: Day, size: Int, seed: UInt64) -> [String] {
    var numbers = archivedOrders(from: from, to: to)
    var rng = SplitMix64(seed: seed)
    let n = min(max(size, 0), numbers.count)
    for i in 0..<n {
      let j = i + Int(rng.next() % UInt64(numbers.count - i))
      numbers.swapAt(i, j)
    }
    return Array(numbers.prefix(n))
  }

  /// The suggested answers of the compliance checklist for one order.
  public func auditSuggestion(_ order: Order) -> AuditSuggestion {
    var checklists = true
    for (i, stage) in order.stages.enumerated() {
      guard let template = template(of: order, stage: i) else { continue }
      if template.checklist.contains(where: { $0.required && stage.mark($0.id) == nil }) { checklists = false }
    }
    let hasFollowUp = order.stages.contains { $0.kind == .followUp }
    let customer = customers[order.customer]
    let dataComplete =
      customer.map { !$0.name.isEmpty && !$0.idNumber.isEmpty && !$0.phone.isEmpty && !$0.address.isEmpty } ?? false
    let end = order.archived ?? .distantFuture
    let reveals = self.reveals.filter { $0.account == order.customer && $0.at >= order.received && $0.at <= end }
    return AuditSuggestion(
      deadlinesMet: stagesOnTime(order), checklistsComplete: checklists,
      followUpDone: !hasFollowUp || order.followUp != nil, dataComplete: dataComplete, reveals: reveals,
      revealsJustified: reveals.allSatisfy { !$0.reason.trimmingCharacters(in: .whitespaces).isEmpty })
  }

  /// The problems board on a day.
  public func problemBoard(today: Day) -> ProblemBoard {
    let all = problems.values.sorted { $0.id < $1.id }
    return ProblemBoard(
      open: all.filter { $0.status != .closed },
      overdue: all.filter { p in p.status != .closed && (p.due.map { $0 < today } ?? false) },
      awaitingVerification: all.filter { $0.status == .actionTaken },
      closed: all.filter { $0.status == .closed })
  }
}

/// One difference between two versions of the standard.
public struct StandardChange: Sendable, Hashable, Codable {
  public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
    case typeAdded = "type-added"
    case typeRemoved = "type-removed"
    case stageAdded = "stage-added"
    case stageRemoved = "stage-removed"
    case limitChanged = "limit-changed"
    case totalLimitChanged = "total-limit-changed"
    case checklistAdded = "checklist-added"
    case checklistRemoved = "checklist-removed"
    case targetChanged = "target-changed"
    case targetAdded = "target-added"
    case targetRemoved = "target-removed"
    case settingChanged = "setting-changed"
  }

  public var kind: Kind
  /// `new-low-resident`, `new-low-resident/survey`, `new-low-resident/survey/check-equipment`, a target id…
  public var subject: String
  public var old: String
  public var new: String
}

extension Standard {
  /// What changes from `self` to `other`: business types added or removed, stage limits, checklist
  /// items, KPI targets and settings.
  public func diff(to other: Standard) -> [StandardChange] {
    var out: [StandardChange] = []
    func text(_ l: TimeLimit?) -> String { l.map { $0.text(.en) } ?? "-" }
    for (name, a, b) in [
      ("appointment-confirm-limit", appointmentConfirmLimit, other.appointmentConfirmLimit),
      ("survey-on-site-limit", surveyOnSiteLimit, other.surveyOnSiteLimit),
      ("follow-up-limit", followUpLimit, other.followUpLimit),
    ] where a != b {
      out.append(StandardChange(kind: .settingChanged, subject: name, old: text(a), new: text(b)))
    }
    if calibrationTolerancePercent != other.calibrationTolerancePercent {
      out.append(
        StandardChange(
          kind: .settingChanged, subject: "calibration-tolerance-percent", old: "\(calibrationTolerancePercent)",
          new: "\(other.calibrationTolerancePercent)"))
    }
    if minimumTrainingDays != other.minimumTrainingDays {
      out.append(
        StandardChange(
          kind: .settingChanged, subject: "minimum-training-days", old: "\(minimumTrainingDays)",
          new: "\(other.minimumTrainingDays)"))
    }
    for type in businessTypes where other.businessType(type.id) == nil {
      out.append(StandardChange(kind: .typeRemoved, subject: type.id, old: type.name.zh, new: "-"))
    }
    for type in other.businessTypes {
      guard let old = businessType(type.id) else {
        out.append(StandardChange(kind: .typeAdded, subject: type.id, old: "-", new: type.name.zh))
        continue
      }
      if old.totalLimit != type.totalLimit {
        out.append(
          StandardChange(
            kind: .totalLimitChanged, subject: type.id, old: text(old.totalLimit), new: text(type.totalLimit)))
      }
      for stage in old.stages where type.stage(stage.kind) == nil {
        out.append(
          StandardChange(
            kind: .stageRemoved, subject: "\(type.id)/\(stage.kind.rawValue)", old: stage.name.zh, new: "-"))
      }
      for stage in type.stages {
        let at = "\(type.id)/\(stage.kind.rawValue)"
        guard let before = old.stage(stage.kind) else {
          out.append(StandardChange(kind: .stageAdded, subject: at, old: "-", new: stage.name.zh))
          continue
        }
        if before.limit != stage.limit || before.clockStart != stage.clockStart {
          out.append(
            StandardChange(
              kind: .limitChanged, subject: at, old: "\(text(before.limit)) (\(before.clockStart.rawValue))",
              new: "\(text(stage.limit)) (\(stage.clockStart.rawValue))"))
        }
        for item in before.checklist where !stage.checklist.contains(where: { $0.id == item.id }) {
          out.append(
            StandardChange(kind: .checklistRemoved, subject: "\(at)/\(item.id)", old: item.title.zh, new: "-"))
        }
        for item in stage.checklist where !before.checklist.contains(where: { $0.id == item.id }) {
          out.append(StandardChange(kind: .checklistAdded, subject: "\(at)/\(item.id)", old: "-", new: item.title.zh))
        }
      }
    }
    for t in targets where other.target(t.id) == nil {
      out.append(StandardChange(kind: .targetRemoved, subject: t.id, old: "\(t.target) \(t.unit)", new: "-"))
    }
    for t in other.targets {
      guard let old = target(t.id) else {
        out.append(StandardChange(kind: .targetAdded, subject: t.id, old: "-", new: "\(t.target) \(t.unit)"))
        continue
      }
      if old.target != t.target || old.higherIsBetter != t.higherIsBetter || old.unit != t.unit {
        out.append(
          StandardChange(
            kind: .targetChanged, subject: t.id, old: "\(old.target) \(old.unit)", new: "\(t.target) \(t.unit)"))
      }
    }
    return out
  }
}
