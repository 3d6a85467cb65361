import Foundation

/// Where, when and by whom an event was recorded: the log record's frame, passed to `apply`.
public struct EventMeta: Sendable, Hashable {
  public var seq: UInt64
  public var at: Date
  public var by: String

  public init(seq: UInt64, at: Date, by: String) {
    self.seq = seq
    self.at = at
    self.by = by
  }
}

/// A reveal of personal data, kept for audits (PIPL: who saw what, when and why).
public struct RevealRecord: Sendable, Hashable, Codable {
  public var seq: UInt64
  public var at: Date
  public var by: String
  public var account: String
  public var fields: [String]
  public var reason: String
}

/// A recorded event whose content this build could not read (a calendar or standard file that no longer
/// parses), so it changed nothing. Kept so that `report warnings` says so instead of staying silent.
/// Not part of a snapshot: rebuilt by replay, it lasts from the replay that met it.
public struct UnreadableRecord: Sendable, Hashable {
  public var seq: UInt64
  public var event: String
  public var error: DomainError
}

/// The projections: everything the screens, reports and rules read, built only by applying events.
public struct DomainState: Sendable {
  public var standards: [Standard]
  public var calendar: WorkCalendar
  /// Calendar files loaded after the bundled ones, in order (kept for snapshots).
  public var calendarFiles: [String] = []
  public var staff: [String: StaffMember] = [:]
  public var customers: [String: Customer] = [:]
  /// Identity number → account, so that intake finds a known customer instead of creating another.
  public var customerByID: [String: String] = [:]
  public var equipment: [String: Equipment] = [:]
  public var orders = OrderTable()
  public var problems: [String: Problem] = [:]
  /// Keyed by `login|YYYY-MM-DD`.
  public var readiness: [String: ReadinessCheck] = [:]
  public var reveals: [RevealRecord] = []
  /// Orders received per day (days since epoch), for the daily order number.
  public var ordersPerDay: [Int: Int] = [:]
  public var customerCount = 0
  /// Risks, violations, audits, notices, improvement plans and points (guide ch. 4–8).
  public var supervision = SupervisionState()
  public var problemCount = 0
  /// The personal-data key versions in use, in the order they were added (see `Sealing.swift`).
  public internal(set) var keyVersions: [PersonalDataKeyAdded] = []
  /// Recorded events that changed nothing because their content could not be read.
  public var unreadableRecords: [UnreadableRecord] = []
  /// The seq of the last event applied.
  public var seq: UInt64 = 0
  /// Bumped by every applied event; screens cache on it.
  public var version: UInt64 = 0

  public init(standard: Standard = .defaultV1, calendar: WorkCalendar = .bundled) {
    self.standards = [standard]
    self.calendar = calendar
  }

  /// The standard in force on a day: the newest version whose effective date has come.
  public func standard(on day: Day) -> Standard {
    standards.filter { $0.effective <= day }.max { $0.version < $1.version } ?? standards[0]
  }

  public func standard(version: Int) -> Standard? { standards.first { $0.version == version } }

  /// The business type an order was received under, from the standard version it keeps.
  public func businessType(of order: Order) -> BusinessType? {
    standard(version: order.standardVersion)?.businessType(order.type)
  }

  public func template(of order: Order, stage index: Int) -> StageTemplate? {
    guard let type = businessType(of: order), index < type.stages.count else { return nil }
    return type.stages[index]
  }

  public var admins: [StaffMember] {
    staff.values.filter { $0.has(.admin) && $0.active }.sorted { $0.login < $1.login }
  }

  public func customer(idNumber: String) -> Customer? {
    customerByID[idNumber].flatMap { customers[$0] }
  }

  public func readiness(login: String, day: Day) -> ReadinessCheck? { readiness["\(login)|\(day)"] }
}
