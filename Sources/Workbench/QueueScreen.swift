import Domain
import Foundation

/// How urgent a deadline in the queue is; decides its style.
public enum DeadlineState: String, Hashable, Sendable, CaseIterable {
  case normal
  /// ≥ 80 % of the time limit used.
  case warning
  case overdue
  case suspended
  case done

  /// The deadline's colour: every state has one (time left is green, like the sketch's state colours).
  public var style: StyleRole {
    switch self {
    case .normal: .ok
    case .warning: .warning
    case .overdue: .overdue
    case .suspended: .muted
    case .done: .ok
    }
  }
}

/// The tabs of the queue: all orders, one per stage, and the user's own.
public enum QueueTab: String, Hashable, Sendable, CaseIterable {
  case all
  case intake
  case survey
  case scheme
  case confirm
  case execute
  case feedback
  case followUp
  /// Waiting to be archived (归档): with the stage tabs, the counts add up to 全部.
  case archive
  case mine

  public var title: Localized {
    switch self {
    case .all: Localized("全部", "All")
    case .intake: Localized("受理", "Intake")
    case .survey: Localized("勘查", "Survey")
    case .scheme: Localized("方案", "Design")
    case .confirm: Localized("确认", "Confirm")
    case .execute: Localized("执行", "Execute")
    case .feedback: Localized("反馈", "Feedback")
    case .followUp: Localized("回访", "Visit")
    case .archive: Localized("归档", "Archive")
    case .mine: Localized("我的", "Mine")
    }
  }

  /// The title when the tab row is too narrow for `title` (English only; Chinese titles are already short).
  public var shortTitle: Localized {
    switch self {
    case .intake: Localized("受理", "Int")
    case .survey: Localized("勘查", "Sur")
    case .scheme: Localized("方案", "Des")
    case .confirm: Localized("确认", "Con")
    case .execute: Localized("执行", "Exe")
    case .feedback: Localized("反馈", "Fbk")
    case .followUp: Localized("回访", "Vis")
    case .archive: Localized("归档", "Arc")
    default: title
    }
  }
}

/// One line of the queue, already formatted (masked names, deadlines in words), with what sorting and
/// filtering need. `QueueRow(_:lang:viewer:)` builds one from the domain's `QueueEntry`.
public struct QueueRow: Hashable, Sendable {
  /// 工单号, e.g. `GD261129-0007`.
  public var orderID: String
  /// Masked customer name.
  public var customer: String
  public var businessType: String
  public var stageName: String
  public var handler: String
  /// Time left in the current stage (`剩 4小时`, `超期 1天`).
  public var stageDue: String
  /// Time left for the whole process.
  public var processDue: String
  public var stageState: DeadlineState
  public var processState: DeadlineState
  /// The stage tab that counts this order (`.all` when it is in no stage tab, e.g. at archive).
  public var tab: QueueTab
  /// Whether the current stage is assigned to the user at the keyboard.
  public var isMine: Bool
  /// The customer's account number (户号), matched by the filter.
  public var account: String = ""
  /// The last digits of the customer's phone, matched by the filter from 3 digits on.
  public var phoneTail: String = ""
  /// What the filter searches (`QueueSearch.key`: number, full name, account); empty for rows built
  /// by hand, which are then matched on their number and masked name.
  public var searchKey: [UInt8] = []
  /// Position of the stage in the canonical order, for sorting by stage.
  public var stageOrder: Int = 0
  /// Seconds left (negative when overdue), for sorting by deadline; nil when there is no clock.
  public var stageRemaining: Double?
  public var processRemaining: Double?
  /// Position in the source's order (most urgent first); set by the screen.
  public var urgency: Int = 0

  public init(
    orderID: String, customer: String, businessType: String, stageName: String, handler: String,
    stageDue: String, processDue: String, stageState: DeadlineState = .normal, processState: DeadlineState = .normal,
    tab: QueueTab, isMine: Bool = false
  ) {
    self.orderID = orderID
    self.customer = customer
    self.businessType = businessType
    self.stageName = stageName
    self.handler = handler
    self.stageDue = stageDue
    self.processDue = processDue
    self.stageState = stageState
    self.processState = processState
    self.tab = tab
    self.isMine = isMine
  }

  var cells: [String] { [orderID, customer, businessType, stageName, handler, stageDue, processDue] }

  func belongs(to tab: QueueTab) -> Bool {
    switch tab {
    case .all: true
    case .mine: isMine
    default: self.tab == tab
    }
  }

  /// The filter of `QueueEntry.matches`: order number, customer name, account number, or the phone's
  /// last digits (from 3 typed). Full-width digits and letters typed by an input method count as ASCII.
  public func matches(_ search: QueueSearch) -> Bool {
    if search.isEmpty { return true }
    let key = searchKey.isEmpty ? QueueSearch.key(number: orderID, fullName: customer, account: account) : searchKey
    return search.matches(key: key, phoneTail: phoneTail)
  }

  public func matches(_ filter: String) -> Bool { matches(QueueSearch(filter)) }
}

/// The home screen: the work-order queue (工单队列), with stage tabs, a filter, sorting and paging.
///
/// Rows come from a `QueueFeed` and are recomputed only when its version or the minute changes; the
/// tab, filter and sort are applied to that cache only when one of them changes. The selection follows
/// the order number across reloads, so another clerk's append never moves it.
public final class QueueScreen: Screen {
  public let title = Localized("工单队列", "Work queue")
  public var helpIntro: Localized? {
    Localized(
      "最紧急的工单在前。左右键或 Tab 切换环节页签, / 按工单号、客户、户号或电话尾号筛选, "
        + "s 或 Ctrl-T 换排序列, r 或 Ctrl-R 倒序, 回车打开工单。",
      "Most urgent first. Left/Right or Tab switch stage tabs, / filters on order number, customer, "
        + "account or phone tail, s or Ctrl-T changes the sort column, r or Ctrl-R reverses it, Enter opens.")
  }
  /// While the filter is being typed, the key bar offers only accepting or dropping it.
  public var commands: [CommandID] {
    filterField == nil
      ? [.filter, .open, .sortColumn, .sortReverse, .move, .page, .nextTab, .previousTab] : [.confirm, .cancel]
  }

  /// The columns in `lang`: English deadlines (`12 d overdue`) need more room than Chinese ones.
  public static func columns(_ lang: Lang) -> [TableColumn] {
    let en = lang == .en
    return [
      TableColumn(Localized("工单号", "Order"), width: 15),
      TableColumn(Localized("客户", "Customer"), width: 9, flex: 1),
      TableColumn(Localized("业务类型", "Type"), width: 11, flex: 1),
      TableColumn(Localized("环节", "Stage"), width: en ? 9 : 6, flex: en ? 1 : 0),
      TableColumn(Localized("处理人", "Handler"), width: en ? 8 : 7),
      // Wide enough for the longest deadline text, e.g. `超期 9.5工作日`: a number is never cut.
      TableColumn(Localized("本环节", "Stage due"), width: 15),
      TableColumn(Localized("全流程", "Process due"), width: 15, flex: 1),
    ]
  }

  struct RowsKey: Hashable, Sendable {
    var version: UInt64
    var minute: Int
    var lang: Lang
  }

  private struct ViewKey: Hashable {
    var rows: RowsKey
    var tab: QueueTab
    var filter: String
    var sort: QueueSortColumn
    var descending: Bool
  }

  /// Rows worked out from a copy of the projections, with what filtering and the tabs need of them.
  struct ComputedRows: Sendable {
    var key: RowsKey
    var rows: [QueueRow]
    var filterKeys: [(tab: QueueTab, mine: Bool, key: [UInt8], phone: [UInt8])]
    var counts: [QueueTab: Int]
  }

  private let feed: QueueFeed
  private let onOpen: ((QueueRow) -> (any Screen)?)?
  /// Whether rows are computed again off the main thread once the first are shown (the workbench, on
  /// a large hall: deadlines move every minute and every change recomputes the queue); tests compute
  /// them at once.
  public var computesInBackground = false
  private let background = BackgroundFigures<ComputedRows>()
  /// Bumped by `reload()` for feeds without a version of their own.
  private var generation: UInt64 = 0
  /// Fixed-row sources have no version: they are fetched again on every tick.
  private var reloadsOnTick = false
  private var rowsKey: RowsKey?
  private var allRows: [QueueRow] = []
  private var tabCounts: [QueueTab: Int] = [:]
  private var viewKey: ViewKey?
  /// Positions in `allRows` of the rows shown, in display order (indices, not copies: a keystroke in
  /// the filter over 100,000 orders must not copy 100,000 rows).
  private var shownIndices: [Int] = []
  /// What filtering needs of each row, packed apart from the display strings so that a scan over
  /// 100,000 rows touches little memory.
  private var filterKeys: [(tab: QueueTab, mine: Bool, key: [UInt8], phone: [UInt8])] = []
  /// Recent filter results for the current rows, tab and sort (Backspace returns to one of them).
  private var recentFilters: [String: [Int]] = [:]
  /// How many times the rows were computed from the feed (tests check the cache with it).
  public private(set) var computeCount = 0
  public private(set) var tab: QueueTab = .all
  public private(set) var sort: QueueSortColumn = .urgency
  public private(set) var descending = false
  /// The order number of the selected row; the selection follows it when the rows change.
  public private(set) var selectedNumber: String?
  private var list = ListView()
  private var filter = ""
  private var filterField: TextField?
  private var caret: Position?

  /// A queue over a live feed (see `QueueFeed.engine`).
  public init(feed: QueueFeed, onOpen: ((QueueRow) -> (any Screen)?)? = nil) {
    self.feed = feed
    self.onOpen = onOpen
  }

  /// A queue over fixed rows, already in urgency order; `reload()` fetches them again.
  public convenience init(source: @escaping () -> [QueueRow], onOpen: ((QueueRow) -> (any Screen)?)? = nil) {
    self.init(feed: QueueFeed(version: { 0 }, rows: { _, _ in source() }), onOpen: onOpen)
    reloadsOnTick = true
  }

  /// Drops the cached rows so the next draw fetches them again.
  public func reload() {
    generation &+= 1
  }

  public func tick(context: ScreenContext) {
    if reloadsOnTick { reload() }
  }

  // MARK: Cache

  private func refresh(_ context: ScreenContext) {
    let wanted = RowsKey(
      version: feed.version() &+ generation, minute: Int((context.now.timeIntervalSince1970 / 60).rounded(.down)),
      lang: context.lang)
    if wanted != rowsKey {
      if computesInBackground, rowsKey != nil, let detached = feed.detachedRows {
        // Keep showing the rows there are; take newer ones once they are ready (each is newer than
        // the last: they are asked for one at a time, each for the state of its moment).
        if let done = background.current, done.value.key != rowsKey {
          install(done.value)
        }
        if wanted != rowsKey {
          let compute = detached()
          let now = context.now
          let lang = context.lang
          background.request("\(wanted)") { QueueScreen.computed(compute(now, lang), key: wanted) }
        }
      } else {
        install(Self.computed(feed.rows(context.now, context.lang), key: wanted))
      }
    }
    let key = rowsKey ?? wanted
    let text = filterField?.text ?? filter
    let view = ViewKey(rows: key, tab: tab, filter: text, sort: sort, descending: descending)
    guard view != viewKey else { return }
    let search = QueueSearch(text)
    var rows: [Int]
    let sameList =
      viewKey.map { $0.rows == key && $0.tab == tab && $0.sort == sort && $0.descending == descending } ?? false
    if !sameList { recentFilters.removeAll(keepingCapacity: true) }
    if let cached = recentFilters[search.text] {
      rows = cached
    } else if sameList, let previous = viewKey, QueueSearch(previous.filter).narrows(to: search) {
      // Typing more of the filter can only narrow what is shown: search the rows shown, in their order.
      rows = shownIndices.filter { search.matches(key: filterKeys[$0].key, phoneTail: filterKeys[$0].phone) }
    } else {
      let keys = filterKeys
      let wanted = tab
      rows = []
      rows.reserveCapacity(keys.count)
      for i in keys.indices {
        let k = keys[i]
        let inTab = wanted == .all || (wanted == .mine ? k.mine : k.tab == wanted)
        if inTab && search.matches(key: k.key, phoneTail: k.phone) { rows.append(i) }
      }
      if sort != .urgency || descending {
        let ascending = sort.ascending
        rows.sort { ascending(allRows[$0], allRows[$1]) }
        if descending { rows.reverse() }
      }
    }
    if recentFilters.count > 16 { recentFilters.removeAll(keepingCapacity: true) }
    recentFilters[search.text] = rows
    viewKey = view
    shownIndices = rows
    list.setCount(rows.count)
    if let number = selectedNumber, let index = rows.firstIndex(where: { allRows[$0].orderID == number }) {
      list.select(index, pageSize: Self.pageSize(height: context.height))
    }
    noteSelection()
  }

  /// Rows in urgency order, with what the filter and the tabs need of each.
  static func computed(_ fetched: [QueueRow], key: RowsKey) -> ComputedRows {
    var rows = fetched
    for i in rows.indices { rows[i].urgency = i }
    let keys = rows.map { row in
      (
        row.tab, row.isMine,
        row.searchKey.isEmpty
          ? QueueSearch.key(number: row.orderID, fullName: row.customer, account: row.account) : row.searchKey,
        Array(row.phoneTail.utf8)
      )
    }
    var counts: [QueueTab: Int] = [:]
    for row in rows {
      counts[.all, default: 0] += 1
      if row.tab != .all { counts[row.tab, default: 0] += 1 }
      if row.isMine { counts[.mine, default: 0] += 1 }
    }
    return ComputedRows(key: key, rows: rows, filterKeys: keys, counts: counts)
  }

  private func install(_ computed: ComputedRows) {
    rowsKey = computed.key
    computeCount += 1
    allRows = computed.rows
    filterKeys = computed.filterKeys
    tabCounts = computed.counts
  }

  /// Waits for rows being computed in the background (tests and benches).
  public func waitForRows() { background.wait() }

  private func noteSelection() {
    selectedNumber = list.selection < shownIndices.count ? allRows[shownIndices[list.selection]].orderID : nil
  }

  /// The rows shown: the current tab, then the filter, in the chosen order.
  public func visibleRows(context: ScreenContext) -> [QueueRow] {
    refresh(context)
    return shownIndices.map { allRows[$0] }
  }

  /// Rows per page for a screen area `height` rows high: tab row, gap, header and filter line.
  static func pageSize(height: Int) -> Int { max(1, height - 4) }

  // MARK: Keys

  public func handle(_ key: Key, context: ScreenContext) -> Outcome {
    guard var field = filterField else {
      // Esc first drops a kept filter (on the home screen it would otherwise do nothing).
      if key == .escape, !filter.isEmpty {
        filter = ""
        return .handled
      }
      return .ignored
    }
    let page = Self.pageSize(height: context.height)
    switch key {
    case .escape:
      filterField = nil
      filter = ""
    case .enter:
      filter = field.text
      filterField = nil
    case .up, .down, .pageUp, .pageDown:
      refresh(context)
      _ = list.handle(key, pageSize: page)
      noteSelection()
    case .resize, .tick:
      return .ignored
    default:
      guard field.handle(key) else { return .handled }
      filterField = field
      refresh(context)
      list.select(0, pageSize: page)
      noteSelection()
    }
    return .handled
  }

  public func completions(for command: CommandID, argument: String, lang: Lang) -> [String] {
    command == .sortColumn ? QueueSortColumn.completions(for: argument, lang: lang) : []
  }

  public func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome {
    let page = Self.pageSize(height: context.height)
    refresh(context)
    switch invocation.id {
    case .confirm, .cancel:
      return handle(invocation.id == .confirm ? .enter : .escape, context: context)
    case .filter:
      if let argument = invocation.argument {
        filter = argument
        refresh(context)
        list.select(0, pageSize: page)
        noteSelection()
      } else {
        filterField = TextField(filter)
      }
      return .handled
    case .open:
      guard list.selection < shownIndices.count else {
        return .message(Localized("没有可打开的工单", "No order to open"), .warning)
      }
      guard let screen = onOpen?(allRows[shownIndices[list.selection]]) else {
        return .message(Localized("工单详情尚未接入", "The order file is not available yet"), .warning)
      }
      return .push(screen)
    case .move, .page:
      if let key = invocation.key { _ = list.handle(key.normalized, pageSize: page) }
      noteSelection()
      return .handled
    case .nextTab, .previousTab:
      let all = QueueTab.allCases
      let step = invocation.id == .nextTab ? 1 : all.count - 1
      tab = all[(all.firstIndex(of: tab)! + step) % all.count]
      refresh(context)
      return .handled
    case .sortColumn:
      let all = QueueSortColumn.allCases
      if let argument = invocation.argument {
        guard let column = QueueSortColumn.named(argument) else {
          return .message(
            Localized(
              "没有这一列: \(argument) (可用: \(QueueSortColumn.completions(for: "", lang: .zh).joined(separator: "、")))",
              "No such column: \(argument) (try: \(QueueSortColumn.completions(for: "", lang: .en).joined(separator: ", ")))"
            ),
            .error)
        }
        sort = column
      } else {
        sort = all[(sort.rawValue + 1) % all.count]
      }
      descending = false
      refresh(context)
      return .message(sort.statusText(descending: descending), .normal)
    case .sortReverse:
      descending.toggle()
      refresh(context)
      return .message(sort.statusText(descending: descending), .normal)
    default:
      return .ignored
    }
  }

  public func cursor(context: ScreenContext) -> Position? { filterField == nil ? nil : caret }

  // MARK: Drawing

  public func render(into canvas: inout Canvas, context: ScreenContext) {
    var context = context
    context.height = canvas.height
    refresh(context)
    let page = Self.pageSize(height: canvas.height)
    list.keepVisible(pageSize: page)

    drawTabs(into: &canvas, context: context)

    let columns = Self.columns(context.lang)
    let widths = Table.widths(columns, totalWidth: canvas.width - 2)
    Table.drawHeader(columns, widths: widths, lang: context.lang, into: &canvas, x: 2, y: 2)

    if shownIndices.isEmpty {
      let message =
        allRows.isEmpty
        ? Localized("队列为空: 没有待办的工单。", "The queue is empty: no open orders.")
        : Localized("没有符合条件的工单。", "No order matches.")
      if allRows.isEmpty, let refusal = feed.refusal() {
        // Not registered staff: whom to ask, in place of the orders.
        for (i, line) in DisplayWidth.wrap(context(refusal), toWidth: canvas.width - 4).prefix(3).enumerated() {
          canvas.write(line, x: 2, y: 4 + i, style: .warning, maxWidth: canvas.width - 4)
        }
      } else {
        canvas.write(context(message), x: 2, y: 4, style: .muted, maxWidth: canvas.width - 4)
      }
      if allRows.isEmpty, feed.refusal() == nil, let hint = feed.emptyHint() {
        for (i, line) in DisplayWidth.wrap(context(hint), toWidth: canvas.width - 4).prefix(3).enumerated() {
          canvas.write(line, x: 2, y: 6 + i, style: .muted, maxWidth: canvas.width - 4)
        }
      }
    }
    for (line, index) in list.visibleRows(pageSize: page).enumerated() where index < shownIndices.count {
      let row = allRows[shownIndices[index]]
      let y = 3 + line
      let selected = index == list.selection
      let base: StyleRole = row.stageState == .suspended ? .muted : .normal
      // A stage without a time limit shows "-", uncoloured.
      let styles: [StyleRole?] = [
        nil, nil, nil, nil, nil, row.stageDue == "-" ? nil : row.stageState.style,
        row.processDue == "-" ? nil : row.processState.style,
      ]
      canvas.write(selected ? "> " : "  ", x: 0, y: y, style: selected ? .selected : base)
      Table.drawRow(row.cells, widths: widths, into: &canvas, x: 2, y: y, style: base, cellStyles: styles)
      // The marker and the order number are highlighted, not the whole line: the row's deadline colours
      // stay readable, and a move down the queue rewrites a few dozen bytes on a slow SSH link, not two
      // whole lines.
      if selected {
        canvas.restyle(Rect(x: 0, y: y, width: 2 + max(0, (widths.first ?? 1) - 1), height: 1), style: .selected)
      }
    }
    drawFilterLine(count: shownIndices.count, page: page, into: &canvas, context: context)
  }

  private func drawTabs(into canvas: inout Canvas, context: ScreenContext) {
    func labels(short: Bool) -> [String] {
      QueueTab.allCases.map { tab in
        let label = "\(context(short ? tab.shortTitle : tab.title)) \(tabCounts[tab] ?? 0)"
        return tab == self.tab ? "[\(label)]" : label
      }
    }
    var texts = labels(short: false)
    if texts.map(\.displayWidth).reduce(texts.count, +) > canvas.width { texts = labels(short: true) }
    var x = 1
    for (tab, text) in zip(QueueTab.allCases, texts) {
      x = canvas.write(text, x: x, y: 0, style: tab == self.tab ? .tabActive : .tab)
      x = canvas.write(" ", x: x, y: 0)
    }
  }

  private func drawFilterLine(count: Int, page: Int, into canvas: inout Canvas, context: ScreenContext) {
    let y = canvas.height - 1
    let pages = list.page(pageSize: page)
    let pageText = context(Localized("第 \(pages.current)/\(pages.total) 页", "page \(pages.current)/\(pages.total)"))
    let label = context(Localized(" 筛选: ", " Filter: "))
    var x = canvas.write(label, x: 0, y: y)
    if var field = filterField {
      let fieldWidth = 24
      let caretX = field.render(into: &canvas, x: x, y: y, width: fieldWidth, style: .fieldFocus)
      caret = Position(x: caretX, y: y)
      filterField = field
      x += fieldWidth
    } else {
      x = canvas.write(filter.isEmpty ? context(Localized("(无)", "(none)")) : filter, x: x, y: y, maxWidth: 24)
      caret = nil
    }
    let countText = context(Localized("   \(count) 条   ", "   \(count) orders   "))
    let summary = countText + context(sort.statusText(descending: descending))
    canvas.write(summary, x: x, y: y, maxWidth: max(0, canvas.width - x - pageText.displayWidth - 2))
    canvas.write(pageText, x: canvas.width - pageText.displayWidth - 1, y: y)
  }
}
