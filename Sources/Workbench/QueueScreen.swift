import Domain

/// How urgent a deadline in the queue is; decides its style.
public enum DeadlineState: String, Hashable, Sendable, CaseIterable {
  case normal
  /// ≥ 80 % of the time limit used.
  case warning
  case overdue
  case suspended
  case done

  public var style: StyleRole {
    switch self {
    case .normal: .normal
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
    default: title
    }
  }
}

/// One line of the queue, already formatted (masked names, deadlines in words): the integrator builds
/// these from the order projection, most urgent first.
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
  /// The stage tab that counts this order (never `.all` or `.mine`).
  public var tab: QueueTab
  /// Whether the current stage is assigned to the user at the keyboard.
  public var isMine: Bool

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

  func matches(_ filter: String) -> Bool {
    let needle = filter.lowercased()
    return cells.contains { $0.lowercased().contains(needle) }
  }
}

/// The home screen: the work-order queue (工单队列), with stage tabs, a filter and paging.
///
/// Rows come from `source`, called when the screen appears, on every tick and after `reload()`;
/// `onOpen` turns the selected row into the screen that opens on Enter.
public final class QueueScreen: Screen {
  public let title = Localized("工单队列", "Work queue")
  public var helpIntro: Localized? {
    Localized(
      "最紧急的工单在前。左右键或 Tab 切换环节页签, / 筛选, 回车打开工单。",
      "Most urgent first. Left/Right or Tab switch stage tabs, / filters, Enter opens the order.")
  }
  /// While the filter is being typed, the key bar offers only accepting or dropping it.
  public var commands: [CommandID] {
    filterField == nil ? [.filter, .open, .move, .page, .nextTab, .previousTab] : [.confirm, .cancel]
  }

  public static let columns: [TableColumn] = [
    TableColumn(Localized("工单号", "Order"), width: 15),
    TableColumn(Localized("客户", "Customer"), width: 9, flex: 1),
    TableColumn(Localized("业务类型", "Type"), width: 11, flex: 1),
    TableColumn(Localized("环节", "Stage"), width: 8),
    TableColumn(Localized("处理人", "Handler"), width: 8),
    TableColumn(Localized("本环节", "Stage due"), width: 11),
    TableColumn(Localized("全流程", "Process due"), width: 11, flex: 1),
  ]

  private let source: () -> [QueueRow]
  private let onOpen: ((QueueRow) -> (any Screen)?)?
  private var allRows: [QueueRow]?
  public private(set) var tab: QueueTab = .all
  private var list = ListView()
  private var filter = ""
  private var filterField: TextField?
  private var caret: Position?

  public init(source: @escaping () -> [QueueRow], onOpen: ((QueueRow) -> (any Screen)?)? = nil) {
    self.source = source
    self.onOpen = onOpen
  }

  /// Fetches the rows again (the integrator calls this when the store changed).
  public func reload() {
    allRows = source()
  }

  private var rows: [QueueRow] {
    if allRows == nil { reload() }
    return allRows ?? []
  }

  /// The rows shown: the current tab, then the filter.
  public var visibleRows: [QueueRow] {
    let text = filterField?.text ?? filter
    return rows.filter { $0.belongs(to: tab) && (text.isEmpty || $0.matches(text)) }
  }

  /// Rows per page for a screen area `height` rows high: tab row, gap, header and filter line.
  static func pageSize(height: Int) -> Int { max(1, height - 4) }

  public func tick(context: ScreenContext) {
    reload()
  }

  // MARK: Keys

  public func handle(_ key: Key, context: ScreenContext) -> Outcome {
    guard var field = filterField else { return .ignored }
    switch key {
    case .escape:
      filterField = nil
      filter = ""
    case .enter:
      filter = field.text
      filterField = nil
    case .up, .down, .pageUp, .pageDown:
      _ = list.handle(key, pageSize: Self.pageSize(height: context.height))
    default:
      guard field.handle(key) else { return .handled }
      filterField = field
      list.select(0, pageSize: Self.pageSize(height: context.height))
    }
    return .handled
  }

  public func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome {
    let page = Self.pageSize(height: context.height)
    switch invocation.id {
    case .confirm, .cancel:
      return handle(invocation.id == .confirm ? .enter : .escape, context: context)
    case .filter:
      if let argument = invocation.argument {
        filter = argument
      } else {
        filterField = TextField(filter)
      }
      list.select(0, pageSize: page)
      return .handled
    case .open:
      let shown = visibleRows
      guard list.selection < shown.count else {
        return .message(Localized("没有可打开的工单", "No order to open"), .warning)
      }
      guard let screen = onOpen?(shown[list.selection]) else {
        return .message(Localized("工单详情尚未接入", "The order file is not available yet"), .warning)
      }
      return .push(screen)
    case .move, .page:
      list.setCount(visibleRows.count)
      if let key = invocation.key { _ = list.handle(key, pageSize: page) }
      return .handled
    case .nextTab, .previousTab:
      let all = QueueTab.allCases
      let step = invocation.id == .nextTab ? 1 : all.count - 1
      tab = all[(all.firstIndex(of: tab)! + step) % all.count]
      list = ListView(count: visibleRows.count)
      return .handled
    default:
      return .ignored
    }
  }

  public func cursor(context: ScreenContext) -> Position? { filterField == nil ? nil : caret }

  // MARK: Drawing

  public func render(into canvas: inout Canvas, context: ScreenContext) {
    let rows = self.rows
    let shown = visibleRows
    let page = Self.pageSize(height: canvas.height)
    list.setCount(shown.count)
    list.keepVisible(pageSize: page)

    drawTabs(rows, into: &canvas, context: context)

    let widths = Table.widths(Self.columns, totalWidth: canvas.width - 2)
    Table.drawHeader(Self.columns, widths: widths, lang: context.lang, into: &canvas, x: 2, y: 2)

    if shown.isEmpty {
      let message =
        rows.isEmpty
        ? Localized("队列为空: 没有待办的工单。", "The queue is empty: no open orders.")
        : Localized("没有符合条件的工单。", "No order matches.")
      canvas.write(context(message), x: 2, y: 4, style: .muted, maxWidth: canvas.width - 4)
    }
    for (line, index) in list.visibleRows(pageSize: page).enumerated() {
      let row = shown[index]
      let y = 3 + line
      let selected = index == list.selection
      let base: StyleRole = row.stageState == .suspended ? .muted : .normal
      let styles: [StyleRole?] = [nil, nil, nil, nil, nil, row.stageState.style, row.processState.style]
      canvas.write(selected ? "> " : "  ", x: 0, y: y, style: selected ? .selected : base)
      Table.drawRow(row.cells, widths: widths, into: &canvas, x: 2, y: y, style: base, cellStyles: styles)
      if selected { canvas.restyle(Rect(x: 0, y: y, width: canvas.width, height: 1), style: .selected) }
    }
    drawFilterLine(count: shown.count, page: page, into: &canvas, context: context)
  }

  private func drawTabs(_ rows: [QueueRow], into canvas: inout Canvas, context: ScreenContext) {
    func labels(short: Bool) -> [String] {
      QueueTab.allCases.map { tab in
        let count = rows.filter { $0.belongs(to: tab) }.count
        let label = "\(context(short ? tab.shortTitle : tab.title)) \(count)"
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
    let summary = context(Localized("   \(count) 条   按紧急程度排序", "   \(count) orders   most urgent first"))
    canvas.write(summary, x: x, y: y, maxWidth: max(0, canvas.width - x - pageText.displayWidth - 2))
    canvas.write(pageText, x: canvas.width - pageText.displayWidth - 1, y: y)
  }
}
