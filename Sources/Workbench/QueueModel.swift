import Domain
import Engine
import Foundation

/// Where the queue screen gets its rows: a version that changes whenever the rows may have, and the
/// rows themselves for a moment and a language, most urgent first.
///
/// The screen calls `rows` only when `version` or the minute of `now` (or the language) changed, so
/// moving the selection or redrawing never recomputes the queue.
public struct QueueFeed {
  public var version: () -> UInt64
  public var rows: (_ now: Date, _ lang: Lang) -> [QueueRow]
  /// What to suggest when the queue is empty (a new store whose only staff member is its admin).
  public var emptyHint: () -> Localized? = { nil }
  /// Why the person at the keyboard may see no orders at all (not registered staff, or disabled), with
  /// whom to ask; shown instead of the rows. Nil when they may see them.
  public var refusal: () -> Localized? = { nil }
  /// For feeds over projections: the rows as a computation that may run on another thread (it works on
  /// a copy of the projections taken now). The queue uses it, when asked to, to compute rows again
  /// without making a frame wait; the first rows are always computed at once.
  public var detachedRows: (() -> @Sendable (_ now: Date, _ lang: Lang) -> [QueueRow])?

  public init(version: @escaping () -> UInt64, rows: @escaping (_ now: Date, _ lang: Lang) -> [QueueRow]) {
    self.version = version
    self.rows = rows
  }

  /// The open orders of an engine's projections, as `griddesk queue` lists them (same order), masked
  /// for the engine's login. `engine.state.version` changes with every applied event, including those
  /// `catchUp()` brings in from other processes.
  public static func engine(_ engine: Engine) -> QueueFeed {
    // What the account may see is Domain's rule: an account that is not registered staff sees no order.
    var feed = QueueFeed(
      version: { engine.state.version },
      rows: { now, lang in
        guard engine.state.sight(.orders, for: engine.login) > .none else { return [] }
        return engine.state.queue(QueueQuery(), viewer: engine.login, now: now).map {
          QueueRow($0, lang: lang, viewer: engine.login)
        }
      })
    feed.detachedRows = {
      let state = engine.state
      let login = engine.login
      return { now, lang in
        guard state.sight(.orders, for: login) > .none else { return [] }
        return state.queue(QueueQuery(), viewer: login, now: now).map { QueueRow($0, lang: lang, viewer: login) }
      }
    }
    feed.refusal = { engine.state.sightRefusal(.orders, for: engine.login)?.message }
    feed.emptyHint = {
      guard engine.state.orders.isEmpty, engine.state.staff.count <= 1, engine.me?.has(.admin) == true else {
        return nil
      }
      return Localized(
        "新库: 请先登记员工 (输入 :staff 后按 Ins, 或用 griddesk apply); 或用 griddesk demo --store 目录 试用演示营业厅。",
        "A new store: register the staff first (type :staff, then Ins; or griddesk apply), "
          + "or try a demo hall with griddesk demo --store DIR.")
    }
    return feed
  }
}

extension QueueRow {
  /// A queue line from the domain's entry, in `lang`.
  public init(_ entry: QueueEntry, lang: Lang, viewer: String?) {
    self.init(
      orderID: entry.number, customer: entry.customerName, businessType: entry.type.text(lang),
      stageName: lang == .en ? QueueRow.shortStageName(entry.stage) ?? entry.stageName.en : entry.stageName.zh,
      handler: entry.assignee, stageDue: entry.stageText(lang),
      processDue: entry.totalText(lang), stageState: DeadlineState(entry.stageStatus),
      processState: DeadlineState(entry.totalStatus), tab: QueueTab(entry.stage),
      isMine: viewer != nil && entry.assigneeLogin == viewer)
    account = entry.account
    phoneTail = entry.phoneTail
    searchKey = entry.searchKey
    stageOrder = entry.stage?.order ?? StageKind.allCases.count
    stageRemaining = entry.stageRemaining
    processRemaining = entry.totalRemaining
  }
}

extension QueueRow {
  /// English stage names short enough for the queue's column (the tabs use the same words).
  static func shortStageName(_ stage: StageKind?) -> String? {
    switch stage {
    case .confirmation: "Confirm"
    case .execution: "Execute"
    case .followUp: "Visit"
    default: nil
    }
  }
}

extension DeadlineState {
  public init(_ status: DeadlineStatus) {
    switch status {
    case .ok: self = .normal
    case .warning: self = .warning
    case .overdue: self = .overdue
    case .suspended: self = .suspended
    case .done: self = .done
    }
  }
}

extension QueueTab {
  /// The tab that counts an order at `stage`; a finished order only in 全部.
  public init(_ stage: StageKind?) {
    switch stage {
    case .intake: self = .intake
    case .survey: self = .survey
    case .scheme: self = .scheme
    case .confirmation: self = .confirm
    case .execution: self = .execute
    case .feedback: self = .feedback
    case .followUp: self = .followUp
    case .archive: self = .archive
    case .none: self = .all
    }
  }
}

/// The column the queue is sorted by; `urgency` is the domain's order (most urgent first).
public enum QueueSortColumn: Int, Hashable, Sendable, CaseIterable {
  case urgency
  case number
  case customer
  case type
  case stage
  case handler
  case stageDue
  case processDue

  public var title: Localized {
    switch self {
    case .urgency: Localized("紧急程度", "urgency")
    case .number: Localized("工单号", "order number")
    case .customer: Localized("客户", "customer")
    case .type: Localized("业务类型", "type")
    case .stage: Localized("环节", "stage")
    case .handler: Localized("处理人", "handler")
    case .stageDue: Localized("本环节时限", "stage deadline")
    case .processDue: Localized("全流程时限", "process deadline")
    }
  }

  /// The column's heading as the queue shows it (`本环节`, `Process due`); urgency has none.
  public var heading: Localized? {
    switch self {
    case .urgency: nil
    case .number: Localized("工单号", "Order")
    case .customer: Localized("客户", "Customer")
    case .type: Localized("业务类型", "Type")
    case .stage: Localized("环节", "Stage")
    case .handler: Localized("处理人", "Handler")
    case .stageDue: Localized("本环节", "Stage due")
    case .processDue: Localized("全流程", "Process due")
    }
  }

  /// The column named by `text`: its title or its heading, in either language (English in any case).
  public static func named(_ text: String) -> QueueSortColumn? {
    let lower = text.lowercased()
    return allCases.first { column in
      [column.title, column.heading].compactMap { $0 }.contains { $0.zh == text || $0.en.lowercased() == lower }
    }
  }

  /// What Tab offers after `:排序 `: the titles in the interface's language.
  public static func completions(for prefix: String, lang: Lang) -> [String] {
    let lower = prefix.lowercased()
    return allCases.flatMap { [$0.title.text(lang)] + ($0.heading.map { [$0.text(lang)] } ?? []) }
      .filter { $0.lowercased().hasPrefix(lower) }.reduce(into: [String]()) { names, name in
        if !names.contains(where: { $0.lowercased() == name.lowercased() }) { names.append(name) }
      }
  }

  /// `按紧急程度排序` / `sorted by urgency`, with the direction when it is reversed.
  public func statusText(descending: Bool) -> Localized {
    let zh = "按\(title.zh)排序" + (descending ? " (倒序)" : "")
    let en = "sorted by \(title.en)" + (descending ? ", reversed" : "")
    return Localized(zh, en)
  }

  /// Whether `a` comes before `b` (ties fall back to urgency, so the order is stable and predictable).
  func ascending(_ a: QueueRow, _ b: QueueRow) -> Bool {
    func compare<T: Comparable>(_ x: T, _ y: T) -> Bool? { x == y ? nil : x < y }
    let decided: Bool?
    switch self {
    case .urgency: decided = nil
    case .number: decided = compare(a.orderID, b.orderID)
    case .customer: decided = PinyinOrder.precedes(a.customer, b.customer)
    case .type: decided = compare(a.businessType, b.businessType)
    case .stage: decided = compare(a.stageOrder, b.stageOrder)
    case .handler: decided = PinyinOrder.precedes(a.handler, b.handler)
    case .stageDue: decided = compare(a.stageRemaining ?? .infinity, b.stageRemaining ?? .infinity)
    case .processDue: decided = compare(a.processRemaining ?? .infinity, b.processRemaining ?? .infinity)
    }
    return decided ?? (a.urgency < b.urgency)
  }
}

extension CommandID {
  // The queue (branch orders).
  public static let sortColumn: CommandID = "sort"
  public static let sortReverse: CommandID = "reverse"
}
