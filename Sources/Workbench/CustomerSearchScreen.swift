import Domain
import Engine

/// 客户 (F4): find a customer by name, account number, ID number or phone; the matches are listed
/// masked; Enter opens the customer file.
public final class CustomerSearchScreen: Screen {
  public let title = Localized("客户档案", "Customers")
  private let engine: Engine
  private let openCustomer: (String) -> any Screen
  public private(set) var searchField = TextField(maxLength: 40)
  public private(set) var results: [Customer] = []
  private var list = ListView()
  private var caret: Position?

  public init(engine: Engine, openCustomer: ((String) -> any Screen)? = nil) {
    self.engine = engine
    self.openCustomer = openCustomer ?? { CustomerFileScreen(engine: engine, account: $0) }
  }

  public var helpIntro: Localized? {
    Localized(
      "输入姓名、户号、证件号或电话查找客户, 回车打开档案。个人信息遮蔽显示。",
      "Type a name, account, ID number or phone; Enter opens the file. Personal data is masked.")
  }

  public var commands: [CommandID] { [.open, .move, .page] }

  private func pageSize(_ context: ScreenContext) -> Int { max(1, context.height - 6) }

  public func handle(_ key: Key, context: ScreenContext) -> Outcome {
    switch key {
    case .enter:
      return open()
    case .up, .down, .pageUp, .pageDown:
      _ = list.handle(key, pageSize: pageSize(context))
      return .handled
    case .escape:
      guard !searchField.text.isEmpty else { return .ignored }
      searchField.setText("")
      results = []
      return .handled
    default:
      var field = searchField
      guard field.handle(key) else { return .ignored }
      let changed = field.text != searchField.text
      searchField = field
      if changed {
        results = CustomerSearch.find(field.text, in: engine.state)
        list = ListView(count: results.count)
      }
      return .handled
    }
  }

  public func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome {
    switch invocation.id {
    case .open: return open()
    case .move, .page:
      if let key = invocation.key { _ = list.handle(key, pageSize: pageSize(context)) }
      return .handled
    default: return .ignored
    }
  }

  private func open() -> Outcome {
    guard list.selection < results.count else {
      return .message(Localized("没有选中的客户", "No customer selected"), .warning)
    }
    return .push(openCustomer(results[list.selection].account))
  }

  public func cursor(context: ScreenContext) -> Position? { caret }

  public func render(into canvas: inout Canvas, context: ScreenContext) {
    canvas.write(" " + context(title), x: 0, y: 0, style: .title)
    let x = canvas.write(context(Localized(" 查找: ", " Find: ")), x: 0, y: 2, style: .accent)
    let width = min(32, canvas.width - x - 2)
    var field = searchField
    caret = Position(x: field.render(into: &canvas, x: x, y: 2, width: width, style: .fieldFocus), y: 2)
    searchField = field
    canvas.write(
      "  " + context(Localized("姓名、户号、证件号或电话", "name, account, ID or phone")), x: x + width, y: 2,
      style: .muted, maxWidth: canvas.width - x - width)
    let page = pageSize(context)
    list.setCount(results.count)
    list.keepVisible(pageSize: page)
    let widths = Table.widths(IntakeScreen.columns, totalWidth: canvas.width - 2)
    if !results.isEmpty {
      Table.drawHeader(IntakeScreen.columns, widths: widths, lang: context.lang, into: &canvas, x: 2, y: 4)
    }
    for (line, index) in list.visibleRows(pageSize: page).enumerated() {
      let shown = CustomerDisplay(results[index])
      let y = 5 + line
      let selected = index == list.selection
      canvas.write(selected ? "> " : "  ", x: 0, y: y, style: selected ? .selected : .normal)
      Table.drawRow(
        [shown.account, shown.name, shown.idNumber, shown.phone, shown.address], widths: widths, into: &canvas, x: 2,
        y: y)
      if selected { canvas.restyle(Rect(x: 0, y: y, width: canvas.width, height: 1), style: .selected) }
    }
    let status: Localized =
      searchField.text.isEmpty
      ? Localized(
        "共 \(engine.state.customers.count) 位客户; 输入文字查找", "\(engine.state.customers.count) customers; type to find")
      : Localized("找到 \(results.count) 位", "\(results.count) found")
    canvas.write(" " + context(status), x: 0, y: canvas.height - 1, style: .muted, maxWidth: canvas.width)
  }
}
