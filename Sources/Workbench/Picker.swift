import Domain

/// A list to choose from: staff to assign, instruments used, a follow-up method.
///
/// Items that may not be chosen are greyed with the reason beside them; choosing one shows the reason
/// instead. Up/Down move; in a multi-choice picker Space ticks; Enter chooses (or submits the ticks);
/// Esc cancels. `submit` returns a refusal to show (the picker stays open) or nil when done.
public final class Picker: Dialog {
  public struct Item {
    public var text: String
    /// Shown after the text (e.g. the role and team).
    public var detail: String
    /// Why it may not be chosen; nil when it may.
    public var unavailable: Localized?

    public init(_ text: String, detail: String = "", unavailable: Localized? = nil) {
      self.text = text
      self.detail = detail
      self.unavailable = unavailable
    }
  }

  public let title: Localized
  public let items: [Item]
  public let multiple: Bool
  public private(set) var chosen: Set<Int> = []
  public private(set) var error: Localized?
  private var list: ListView
  private let submit: ([Int]) -> Localized?

  public init(
    _ title: Localized, items: [Item], multiple: Bool = false, submit: @escaping ([Int]) -> Localized?
  ) {
    self.title = title
    self.items = items
    self.multiple = multiple
    self.submit = submit
    list = ListView(count: items.count)
    if let first = items.firstIndex(where: { $0.unavailable == nil }) { list.select(first, pageSize: 1) }
  }

  public var selection: Int { list.selection }

  /// The picker's help: what is chosen, the keys, and why some items are grey.
  public var help: Localized {
    let tick = multiple ? Localized("空格勾选, 回车确定", "Space ticks, Enter confirms") : Localized("回车选定", "Enter chooses")
    return Localized(
      "「\(title.zh)」: 上下键移动, \(tick.zh); Esc 取消。灰色的项不能选, 旁边写明原因。",
      "\(title.en): Up/Down move, \(tick.en); Esc cancels. Grey items cannot be chosen; why is beside them.")
  }

  private var pageSize: Int { 10 }

  public func handle(_ key: Key) -> DialogOutcome {
    error = nil
    switch key.normalized {
    case .escape:
      return .closed
    case .character(" ") where multiple:
      guard list.selection < items.count else { return .open }
      if let why = items[list.selection].unavailable {
        error = refusal(items[list.selection], why)
      } else if chosen.contains(list.selection) {
        chosen.remove(list.selection)
      } else {
        chosen.insert(list.selection)
      }
    case .enter:
      guard list.selection < items.count else { return .closed }
      var picks = chosen.sorted()
      if !multiple {
        let item = items[list.selection]
        if let why = item.unavailable {
          error = refusal(item, why)
          return .open
        }
        picks = [list.selection]
      }
      if let refusal = submit(picks) {
        error = refusal
        return .open
      }
      return .closed
    default:
      _ = list.handle(key.normalized, pageSize: pageSize)
    }
    return .open
  }

  private func refusal(_ item: Item, _ why: Localized) -> Localized {
    Localized("不能选 \(item.text): \(why.zh)", "\(item.text) cannot be chosen: \(why.en)")
  }

  public func render(into canvas: inout Canvas, context: ScreenContext) -> Position? {
    let shown = min(items.count, pageSize)
    let area = dialogBox(context(title), height: max(1, shown) + 2, into: &canvas, lines: context.lines)
    list.keepVisible(pageSize: pageSize)
    let textWidth = min(20, (items.map { $0.text.displayWidth }.max() ?? 0) + 2)
    for (line, index) in list.visibleRows(pageSize: pageSize).enumerated() {
      let item = items[index]
      let y = area.y + line
      let selected = index == list.selection
      let base: StyleRole = item.unavailable == nil ? .overlay : .muted
      var x = canvas.write(selected ? "> " : "  ", x: area.x, y: y, style: base)
      if multiple { x = canvas.write(chosen.contains(index) ? "[x] " : "[ ] ", x: x, y: y, style: base) }
      canvas.write(item.text, x: x, y: y, width: textWidth, style: base)
      // For someone who cannot be chosen, the reason matters more than the detail.
      let rest = item.unavailable.map { context($0) } ?? item.detail
      canvas.write(rest, x: x + textWidth, y: y, style: base, maxWidth: area.maxX - x - textWidth)
      if selected { canvas.restyle(Rect(x: area.x, y: y, width: area.width, height: 1), style: .selected) }
    }
    let footer = area.y + shown
    if let error {
      canvas.write(context(error), x: area.x, y: footer, style: .error, maxWidth: area.width)
    }
    let keys =
      multiple
      ? Localized("空格 勾选  回车 确定  Esc 取消  F1 帮助", "Space tick  Enter done  Esc cancel  F1 help")
      : Localized("回车 选定  Esc 取消  F1 帮助", "Enter choose  Esc cancel  F1 help")
    canvas.write(context(keys), x: area.x, y: footer + 1, style: .muted, maxWidth: area.width)
    return nil
  }
}
