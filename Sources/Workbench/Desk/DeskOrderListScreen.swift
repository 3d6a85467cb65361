import Domain
import Engine
import Foundation

/// The orders behind a figure of the dashboard: open orders (and archived ones when asked) matching a
/// filter, most urgent first, with both deadlines. Enter opens the order file when it exists.
final class DeskOrderListScreen: Screen {
  let title: Localized
  let engine: Engine
  /// Which orders: decided on their briefs, so that listing never decodes every order of a large hall.
  let filter: (OrderBrief) -> Bool
  let includeArchived: Bool
  let openOrder: ((String) -> (any Screen)?)?
  var table = DeskTable()

  init(
    engine: Engine, title: Localized, includeArchived: Bool = false, openOrder: ((String) -> (any Screen)?)? = nil,
    filter: @escaping (OrderBrief) -> Bool
  ) {
    self.engine = engine
    self.title = title
    self.includeArchived = includeArchived
    self.openOrder = openOrder
    self.filter = filter
  }

  var commands: [CommandID] { [.open, .move, .page] }

  static let columns = [
    TableColumn(Localized("工单号", "Order"), width: 15),
    TableColumn(Localized("客户", "Customer"), width: 10, flex: 1),
    TableColumn(Localized("业务类型", "Type"), width: 11, flex: 1),
    TableColumn(Localized("环节", "Stage"), width: 6),
    TableColumn(Localized("处理人", "Handler"), width: 8),
    TableColumn(Localized("本环节", "Stage due"), width: 12),
    TableColumn(Localized("全流程", "Process due"), width: 12),
  ]

  private var cache: (key: String, rows: [DeskRow])?

  /// The rows, worked out once per change of the log, of the minute or of the language (a screen asks
  /// for them on every draw and every key).
  func rows(_ lang: Lang) -> [DeskRow] {
    let state = engine.state
    let now = engine.now
    let key = "\(state.version)-\(Int(now.timeIntervalSince1970 / 60))-\(lang)"
    if let cache, cache.key == key { return cache.rows }
    var entries: [QueueEntry] = []
    for order in state.orders.briefs.values where (includeArchived || !order.isArchived) && filter(order) {
      entries.append(state.queueRow(order, now: now))
    }
    let rows = Self.rows(entries, state: state, lang: lang)
    cache = (key, rows)
    return rows
  }

  private static func rows(_ entries: [QueueEntry], state: DomainState, lang: Lang) -> [DeskRow] {
    return DomainState.sorted(entries, by: .urgency).map { e in
      let archived = state.orders.brief(e.number)?.isArchived ?? false
      let stageStyle: StyleRole =
        switch e.stageStatus {
        case .overdue: .overdue
        case .warning: .warning
        case .suspended: .muted
        default: .normal
        }
      let totalStyle: StyleRole =
        e.totalStatus == .overdue ? .overdue : (e.totalStatus == .warning ? .warning : .normal)
      return DeskRow(
        id: e.number,
        cells: [
          (e.priority ? "!" : "") + e.number, e.customerName, e.type.text(lang), e.stageName.text(lang), e.assignee,
          archived ? (lang == .zh ? "已归档" : "archived") : e.stageText(lang),
          archived ? "-" : e.totalText(lang),
        ], style: archived ? .muted : .normal,
        cellStyles: archived ? [] : [nil, nil, nil, nil, nil, stageStyle, totalStyle])
    }
  }

  func handle(_ key: Key, context: ScreenContext) -> Outcome {
    table.move(key, pageSize: max(1, context.height - 3)) { rows(context.lang).count } ? .handled : .ignored
  }

  func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome {
    guard invocation.id == .open, let row = table.selected(rows(context.lang)) else { return .ignored }
    if let screen = openOrder?(row.id) { return .push(screen) }
    return .message(Localized("工单 \(row.id)", "Order \(row.id)"), .normal)
  }

  func render(into canvas: inout Canvas, context: ScreenContext) {
    let rows = rows(context.lang)
    canvas.write(" " + context(title) + "  (\(rows.count))", x: 0, y: 0, style: .title, maxWidth: canvas.width)
    table.draw(
      rows, columns: Self.columns, into: &canvas,
      rect: Rect(x: 0, y: 2, width: canvas.width, height: canvas.height - 2),
      context: context, emptyText: Localized("没有工单", "No orders"))
  }
}

/// The other screens of the supervisor's desk, as a list to open from (Ctrl-O).
final class DeskMenuScreen: Screen {
  let title = Localized("班长工作台", "Supervisor's desk")
  let open: (CommandID) -> (any Screen)?
  var list = ListView(count: SupervisorScreens.deskScreenIDs.count)

  init(open: @escaping (CommandID) -> (any Screen)?) {
    self.open = open
  }

  var commands: [CommandID] { [.open, .move] }

  func handle(_ key: Key, context: ScreenContext) -> Outcome {
    list.handle(key, pageSize: 20) ? .handled : .ignored
  }

  func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome {
    guard invocation.id == .open else { return .ignored }
    let id = SupervisorScreens.deskScreenIDs[list.selection]
    return open(id).map { .push($0) } ?? .handled
  }

  func render(into canvas: inout Canvas, context: ScreenContext) {
    canvas.write(" " + context(title), x: 0, y: 0, style: .title)
    for (i, id) in SupervisorScreens.deskScreenIDs.enumerated() {
      guard let spec = context.commands[id] else { continue }
      let selected = i == list.selection
      let y = 2 + i
      canvas.write(selected ? ">" : " ", x: 1, y: y, style: selected ? .selected : .accent)
      canvas.write(
        (context(spec.title).padded(toWidth: 12) + context(spec.help)).padded(toWidth: canvas.width - 4), x: 3, y: y,
        style: selected ? .selected : .normal, maxWidth: canvas.width - 4)
    }
  }
}
