import Foundation

/// One line of the queue, already masked for the person looking at it.
public struct QueueEntry: Sendable, Hashable {
  public var number: String
  public var customerName: String
  /// What the filter searches (see `QueueSearch.key`); the full name in it is never shown.
  public var searchKey: [UInt8]
  public var account: String
  /// The phone's digits, matched from the end by a filter of 3 or more digits; never shown.
  public var phoneTail: String
  public var type: Localized
  public var stage: StageKind?
  public var stageName: Localized
  public var assignee: String
  public var assigneeLogin: String?
  public var stageStatus: DeadlineStatus
  public var stageRemaining: TimeInterval?
  public var stageUnit: TimeUnit?
  public var totalStatus: DeadlineStatus
  public var totalRemaining: TimeInterval?
  public var totalUnit: TimeUnit?
  /// The years with no calendar loaded that the stage's or the whole process's deadline depends on (their
  /// texts are then marked `?`: counted Monday to Friday for now).
  public var missingCalendarYears: [Int] = []
  /// The stage's deadline depends on a year with no calendar loaded.
  public var stageProvisional = false
  /// The whole process's deadline depends on a year with no calendar loaded.
  public var totalProvisional = false
  /// Fraction of the stage's time used, for urgency.
  public var used: Double
  public var priority: Bool
  public var received: Date

  public func stageText(_ lang: Lang) -> String {
    let text = QueueEntry.text(stageStatus, stageRemaining, stageUnit, lang)
    return DeadlineFormat.marked(text, provisional: stageProvisional && stageStatus != .suspended)
  }

  public func totalText(_ lang: Lang) -> String {
    let text = QueueEntry.text(totalStatus, totalRemaining, totalUnit, lang)
    return DeadlineFormat.marked(text, provisional: totalProvisional && totalStatus != .suspended)
  }

  static func text(_ status: DeadlineStatus, _ remaining: TimeInterval?, _ unit: TimeUnit?, _ lang: Lang) -> String {
    switch status {
    case .suspended: return lang == .zh ? "挂起" : "suspended"
    case .done: return lang == .zh ? "已完成" : "done"
    default:
      guard let remaining, let unit else { return "-" }
      return DeadlineFormat.remaining(remaining, unit: unit, lang: lang)
    }
  }

  /// Whether a typed filter matches: order number, customer name, account number, or the phone's last digits.
  public func matches(_ search: QueueSearch) -> Bool { search.matches(key: searchKey, phoneTail: phoneTail) }
}

public enum QueueSort: String, Sendable, Hashable, Codable, CaseIterable {
  case urgency, number, customer, type, stage, assignee, stageLeft = "stage-left", totalLeft = "total-left"
}

/// What the queue shows: a stage tab, "mine", overdue only, a typed filter, a sort.
public struct QueueQuery: Sendable, Hashable {
  public var stage: StageKind?
  public var mine: Bool
  public var overdue: Bool
  public var text: String
  public var sort: QueueSort
  public var descending: Bool

  public init(
    stage: StageKind? = nil, mine: Bool = false, overdue: Bool = false, text: String = "",
    sort: QueueSort = .urgency, descending: Bool = false
  ) {
    self.stage = stage
    self.mine = mine
    self.overdue = overdue
    self.text = text
    self.sort = sort
    self.descending = descending
  }
}

extension DomainState {
  /// The queue row of an open order, as of `now`. Customer data is masked: a list never needs it whole.
  public func queueRow(_ order: Order, now: Date) -> QueueEntry { queueRow(OrderBrief(order), now: now) }

  /// The queue row of an order from its brief (what the queue reads: never the whole order).
  public func queueRow(_ order: OrderBrief, now: Date) -> QueueEntry {
    queueRow(order, type: standard(version: order.standardVersion)?.businessType(order.type), now: now)
  }

  /// Business types by standard version and id, for looking up many orders' types.
  func businessTypeTable() -> [Int: [String: BusinessType]] {
    var table: [Int: [String: BusinessType]] = [:]
    for standard in standards {
      table[standard.version] = Dictionary(standard.businessTypes.map { ($0.id, $0) }) { a, _ in a }
    }
    return table
  }

  /// Where an open order's two deadlines stand at `now`: its current stage's and its whole process's.
  public struct OpenDeadlines: Sendable {
    public var stageClock: DeadlineClock?
    public var totalClock: DeadlineClock?
    public var stageNow: (status: DeadlineStatus, remaining: TimeInterval, used: Double)?
    public var totalNow: (status: DeadlineStatus, remaining: TimeInterval, used: Double)?
    public var stageStatus: DeadlineStatus
    public var totalStatus: DeadlineStatus

    /// Overdue: the stage or the whole process is past its limit.
    public var isOverdue: Bool { stageStatus == .overdue || totalStatus == .overdue }
    /// Warned: 80 % of the stage's limit used, not yet overdue.
    public var isWarning: Bool { stageStatus == .warning && !isOverdue }
  }

  /// An open order's deadlines at `now`, from its brief (`type`: its business type, when looked up).
  public func deadlines(_ order: OrderBrief, type: BusinessType?, now: Date) -> OpenDeadlines {
    let stageClock = currentStageClock(order, type: type)
    let totalClock = type?.totalLimit.map {
      DeadlineClock(start: order.received, limit: $0, suspensions: order.suspensions)
    }
    let suspended = order.isSuspended
    let stageNow = stageClock?.evaluate(at: now, calendar: calendar)
    let totalNow = totalClock?.evaluate(at: now, calendar: calendar)
    return OpenDeadlines(
      stageClock: stageClock, totalClock: totalClock, stageNow: stageNow, totalNow: totalNow,
      stageStatus: suspended ? .suspended : (stageNow?.status ?? .ok),
      totalStatus: suspended ? .suspended : (totalNow?.status ?? .ok))
  }

  /// Every open order's brief with its deadlines at `now` (what counts per stage and per person need).
  public func openDeadlines(now: Date) -> [(order: OrderBrief, deadlines: OpenDeadlines)] {
    let types = businessTypeTable()
    return orders.briefs.values.filter { !$0.isArchived }.map {
      ($0, deadlines($0, type: types[$0.standardVersion]?[$0.type], now: now))
    }
  }

  func queueRow(_ order: OrderBrief, type: BusinessType?, now: Date) -> QueueEntry {
    let customer = customers[order.customer]
    let stageKind = order.currentKind
    let d = deadlines(order, type: type, now: now)
    let (stageClock, totalClock, stageNow, totalNow) = (d.stageClock, d.totalClock, d.stageNow, d.totalNow)
    let (stageStatus, totalStatus) = (d.stageStatus, d.totalStatus)
    let assigneeLogin = order.assignee
    let phone = customer?.phone ?? ""
    var entry = QueueEntry(
      number: order.number,
      customerName: customer.map(\.maskedName) ?? "?",
      searchKey: QueueSearch.key(number: order.number, fullName: customer?.name ?? "", account: order.customer),
      account: order.customer,
      phoneTail: String(phone.filter(\.isASCII).filter(\.isNumber)),
      type: type?.short ?? Localized(order.type, order.type),
      stage: stageKind,
      stageName: stageKind.map { Localized($0.title(.zh), $0.title(.en)) } ?? Localized("完成", "done"),
      assignee: assigneeLogin.map { staff[$0]?.name ?? $0 } ?? "-",
      assigneeLogin: assigneeLogin,
      stageStatus: stageStatus,
      stageRemaining: stageNow?.remaining,
      stageUnit: stageClock?.limit.unit,
      totalStatus: totalStatus,
      totalRemaining: totalNow?.remaining,
      totalUnit: totalClock?.limit.unit,
      used: stageNow?.used ?? 0,
      priority: order.priority,
      received: order.received)
    let stageYears = stageClock?.missingYears(at: now, calendar: calendar) ?? []
    let totalYears = totalClock?.missingYears(at: now, calendar: calendar) ?? []
    entry.stageProvisional = !stageYears.isEmpty
    entry.totalProvisional = !totalYears.isEmpty
    if entry.stageProvisional || entry.totalProvisional {
      entry.missingCalendarYears = Set(stageYears + totalYears).sorted()
    }
    return entry
  }

  /// The open (not archived) orders matching a query, most urgent first unless another sort is asked.
  public func queue(_ query: QueueQuery, viewer: String?, now: Date) -> [QueueEntry] {
    let search = QueueSearch(query.text)
    let briefs = orders.briefs.values
    let indices = Array(briefs.indices)
    // Working out every deadline and row is most of the cost: on a large hall it is shared between cores.
    let chunks = indices.count < 4_000 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
    let size = (indices.count + chunks - 1) / max(chunks, 1)
    let parts = QueueParts(count: chunks)
    let types = businessTypeTable()
    DispatchQueue.concurrentPerform(iterations: chunks) { part in
      var rows: [QueueEntry] = []
      let range = min(indices.count, part * size)..<min(indices.count, (part + 1) * size)
      rows.reserveCapacity(range.count)
      for i in range {
        let order = briefs[indices[i]]
        guard !order.isArchived, query.stage.map({ order.currentKind == $0 }) ?? true,
          !query.mine || order.assignee == viewer
        else { continue }
        let row = queueRow(order, type: types[order.standardVersion]?[order.type], now: now)
        if query.overdue && row.stageStatus != .overdue && row.totalStatus != .overdue { continue }
        if !row.matches(search) { continue }
        rows.append(row)
      }
      parts.set(part, rows)
    }
    let rows = parts.joined()
    guard query.sort == .urgency else { return DomainState.sorted(rows, by: query.sort, descending: query.descending) }
    // Sorted as small keys rather than whole rows, which are costly to move.
    let keys = rows.indices.map { UrgencyKey(rows[$0], index: $0) }.sorted { a, b in
      a.comesBefore(b) ?? (rows[Int(a.index)].number < rows[Int(b.index)].number)
    }
    let ordered = keys.map { rows[Int($0.index)] }
    return query.descending ? ordered.reversed() : ordered
  }

  public static func sorted(_ rows: [QueueEntry], by sort: QueueSort, descending: Bool = false) -> [QueueEntry] {
    func urgency(_ a: QueueEntry, _ b: QueueEntry) -> Bool {
      UrgencyKey(a, index: 0).comesBefore(UrgencyKey(b, index: 0)) ?? (a.number < b.number)
    }
    let ordered: (QueueEntry, QueueEntry) -> Bool
    switch sort {
    case .urgency: ordered = urgency
    case .number: ordered = { $0.number < $1.number }
    case .customer: ordered = { PinyinOrder.precedes($0.customerName, $1.customerName) ?? ($0.number < $1.number) }
    case .type: ordered = { ($0.type.zh, $0.number) < ($1.type.zh, $1.number) }
    case .stage:
      ordered = {
        let a = $0.stage.map { StageKind.allCases.firstIndex(of: $0)! } ?? 99
        let b = $1.stage.map { StageKind.allCases.firstIndex(of: $0)! } ?? 99
        return a != b ? a < b : urgency($0, $1)
      }
    case .assignee: ordered = { PinyinOrder.precedes($0.assignee, $1.assignee) ?? ($0.number < $1.number) }
    case .stageLeft:
      ordered = { ($0.stageRemaining ?? .infinity, $0.number) < ($1.stageRemaining ?? .infinity, $1.number) }
    case .totalLeft:
      ordered = { ($0.totalRemaining ?? .infinity, $0.number) < ($1.totalRemaining ?? .infinity, $1.number) }
    }
    let result = rows.sorted(by: ordered)
    return descending ? result.reversed() : result
  }

  /// Open orders per current stage, plus "mine", for the queue's tab row.
  public func queueCounts(viewer: String?) -> (all: Int, byStage: [StageKind: Int], mine: Int) {
    var all = 0
    var mine = 0
    var by: [StageKind: Int] = [:]
    for order in orders.briefs.values where !order.isArchived {
      all += 1
      if let kind = order.currentKind { by[kind, default: 0] += 1 }
      if viewer != nil && order.assignee == viewer { mine += 1 }
    }
    return (all, by, mine)
  }
}

/// What the urgency order compares, apart from the order number on a tie (guide: overdue first, the most
/// overdue first, then by the time left, on the stage's limit or the whole process's, whichever binds;
/// urgent orders before the rest, suspended ones last).
private struct UrgencyKey {
  var priority: Bool
  /// 0 overdue, 1 running, 2 suspended, 3 done.
  var group: Int8
  /// The stage's time left (negative: how long overdue); none sorts last within its group.
  var remaining: Double
  /// Then the stage's own time left.
  var stageLeft: Double
  var index: Int32

  init(_ row: QueueEntry, index: Int) {
    priority = row.priority
    // The binding limit counts: the stage's or the whole process's, whichever has less time left.
    let overdue = row.stageStatus == .overdue || row.totalStatus == .overdue
    switch row.stageStatus {
    case _ where overdue: group = 0
    case .warning, .ok, .overdue: group = 1
    case .suspended: group = 2
    case .done: group = 3
    }
    remaining = min(row.stageRemaining ?? .infinity, row.totalRemaining ?? .infinity)
    stageLeft = row.stageRemaining ?? .infinity
    self.index = Int32(index)
  }

  /// Whether this row is more urgent than `other`; nil on a tie.
  func comesBefore(_ other: UrgencyKey) -> Bool? {
    if priority != other.priority { return priority }
    if group != other.group { return group < other.group }
    if remaining != other.remaining { return remaining < other.remaining }
    if stageLeft != other.stageLeft { return stageLeft < other.stageLeft }
    return nil
  }
}

/// The rows computed by each worker of `queue`, joined in order afterwards.
private final class QueueParts: @unchecked Sendable {
  private var parts: [[QueueEntry]]
  private let lock = NSLock()

  init(count: Int) { parts = Array(repeating: [], count: count) }

  func set(_ index: Int, _ rows: [QueueEntry]) {
    lock.lock()
    parts[index] = rows
    lock.unlock()
  }

  func joined() -> [QueueEntry] { lock.withLock { parts.flatMap { $0 } } }
}
