import Foundation

/// A calendar month given as `YYYY-MM`, the unit in which KPIs are published.
public struct KPIMonth: Sendable, Hashable {
  public var year: Int
  public var month: Int

  /// Parses `2026-11`; nil for anything else.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
      Day.isValid(y, m, 1)
    else { return nil }
    year = y
    month = m
  }

  public var text: String { String(format: "%04d-%02d", year, month) }
  public var first: Day { Day(year, month, 1) }
  public var last: Day { (month == 12 ? Day(year + 1, 1, 1) : Day(year, month + 1, 1)).adding(days: -1) }
}

/// The KPIs of one scope as computed (`DomainState.kpis(from:to:scope:)`). `scope` is `hall`,
/// `staff:LOGIN` or `team:TEAM`.
public struct KPIScopeFigures: Sendable, Hashable, Codable {
  public var scope: String
  public var values: [KPIValue]

  public init(scope: String, values: [KPIValue]) {
    self.scope = scope
    self.values = values
  }
}

/// `publish-kpis`: a month's figures frozen with the log head they were computed on. Every field is
/// optional so that the record can grow without breaking older readers.
public struct KPIsPublished: EventPayload {
  /// `YYYY-MM`.
  public var month: String?
  /// The log head (`seq:hash`) the figures were computed on; nil when the decision had no log.
  public var head: String?
  /// Hall, then each person, then each team.
  public var figures: [KPIScopeFigures]?
}

/// One publication of a month's KPIs, as kept in the projections.
public struct KPIPublication: Sendable, Hashable, Codable {
  public var month: String
  public var head: String?
  public var figures: [KPIScopeFigures]
  public var at: Date
  public var by: String
}

/// One figure that differs between a publication and a fresh computation; nil means the figure is
/// not there (a scope or KPI that appeared or disappeared since).
public struct KPIChange: Sendable, Hashable {
  public var scope: String
  public var kpi: String
  public var name: Localized
  public var published: KPIValue?
  public var now: KPIValue?
}

/// Publishes a month's KPIs (hall, each person, each team) as they stand now. Only a month that has
/// ended can be published; publishing it again records a newer publication that supersedes the older
/// one (both stay in the log).
public struct PublishKPIs: CommandBody {
  public static let name = "publish-kpis"
  public static let roles: [Role] = [.supervisor, .admin]
  public var month: String

  public init(month: String) { self.month = month }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard let m = KPIMonth(month) else { throw .kpiMonthFormat(month) }
    guard m.last < ctx.today else { throw .kpiMonthNotEnded(m.text, ends: m.last) }
    return [.kpisPublished(KPIsPublished(month: m.text, head: ctx.head, figures: state.kpiFigures(m)))]
  }
}

extension DomainState {
  /// The people whose figures a period's per-person report shows: active staff registered before the
  /// period's end (someone registered later did not yet work there), by login.
  public func kpiPeople(through to: Day) -> [String] {
    let end = to.adding(days: 1).start
    return staff.values.filter { member in member.active && (member.registered.map { $0 < end } ?? true) }
      .map(\.login).sorted()
  }

  /// The teams of the people `kpiPeople(through:)` counts, sorted.
  public func kpiTeams(through to: Day) -> [String] {
    Set(kpiPeople(through: to).compactMap { staff[$0]?.team }).filter { !$0.isEmpty }.sorted()
  }

  /// Every figure of a month: the hall, each person, each team.
  public func kpiFigures(_ month: KPIMonth) -> [KPIScopeFigures] {
    let (from, to) = (month.first, month.last)
    var out = [KPIScopeFigures(scope: "hall", values: kpis(from: from, to: to, scope: .hall))]
    for login in kpiPeople(through: to) {
      out.append(KPIScopeFigures(scope: "staff:\(login)", values: kpis(from: from, to: to, scope: .staff(login))))
    }
    for team in kpiTeams(through: to) {
      out.append(KPIScopeFigures(scope: "team:\(team)", values: kpis(from: from, to: to, scope: .team(team))))
    }
    return out
  }

  /// The publication in force for a month: the latest one, or nil when it was never published.
  public func kpiPublication(_ month: KPIMonth) -> KPIPublication? {
    supervision.kpiPublications.last { $0.month == month.text }
  }

  /// How many publications of a month there are (the latest supersedes the others).
  public func kpiPublicationCount(_ month: KPIMonth) -> Int {
    supervision.kpiPublications.filter { $0.month == month.text }.count
  }

  /// Every figure of the publication that differs from a fresh computation now (numerator,
  /// denominator or value), in the publication's order, then figures that are new.
  public func kpiChanges(since publication: KPIPublication) -> [KPIChange] {
    guard let month = KPIMonth(publication.month) else { return [] }
    let fresh = kpiFigures(month)
    let freshByKey = Dictionary(
      fresh.flatMap { set in set.values.map { ("\(set.scope)|\($0.id)", $0) } }, uniquingKeysWith: { a, _ in a })
    var seen: Set<String> = []
    var out: [KPIChange] = []
    for set in publication.figures {
      for old in set.values {
        let key = "\(set.scope)|\(old.id)"
        seen.insert(key)
        let new = freshByKey[key]
        if let new, new.numerator == old.numerator, new.denominator == old.denominator, new.value == old.value {
          continue
        }
        out.append(KPIChange(scope: set.scope, kpi: old.id, name: old.name, published: old, now: new))
      }
    }
    for set in fresh {
      for new in set.values where !seen.contains("\(set.scope)|\(new.id)") {
        out.append(KPIChange(scope: set.scope, kpi: new.id, name: new.name, published: nil, now: new))
      }
    }
    return out
  }
}

extension DomainError {
  static func kpiMonthFormat(_ text: String) -> DomainError {
    DomainError(
      .kpiMonth, "月份「\(text)」格式不对; 请按 2026-11 这样的年-月填写",
      "Month \"\(text)\" is not valid: give it as year-month, e.g. 2026-11")
  }

  static func kpiMonthNotEnded(_ month: String, ends: Day) -> DomainError {
    DomainError(
      .kpiMonthOpen, "\(month) 还没有结束 (到 \(ends) 为止), 指标不能发布; 请在月份结束后再发布",
      "\(month) has not ended yet (it runs to \(ends)): its KPIs cannot be published; publish them after the month ends"
    )
  }
}
