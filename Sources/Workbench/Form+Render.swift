import Domain

extension Form {
  /// Columns for the labels in a form `width` wide: the widest shown label plus its required mark.
  func labelWidth(context: ScreenContext, width: Int) -> Int {
    let widest =
      fields.indices.filter { fields[$0].kind != .section && isShown($0) }
      .map { context(fields[$0].label).displayWidth }.max() ?? 8
    return min(max(8, widest + 3), max(8, width / 3))
  }

  /// Draws the form in `rect` — fields in one column, each error beside its field (or under it when too
  /// long), and on the last row how to use the focused field — and returns the caret of the focused field (where the terminal
  /// cursor goes, so an input method composes in place), or `nil`.
  @discardableResult
  public mutating func render(into canvas: inout Canvas, in rect: Rect, context: ScreenContext) -> Position? {
    guard rect.width > 10, rect.height > 1 else { return nil }
    let labelWidth = labelWidth(context: context, width: rect.width)
    let available = rect.width - 1 - labelWidth
    // The value takes most of the width; an error too long for the rest goes under its field.
    let valueWidth = min(44, max(16, available * 3 / 5))
    let valueX = rect.x + 1 + labelWidth
    let errorX = valueX + valueWidth + 2
    let errorWidth = rect.maxX - errorX

    // One line per shown field; a message too long to stand beside its field goes under it instead.
    var lines: [(index: Int, message: (text: String, style: StyleRole)?)] = []
    for index in fields.indices where isShown(index) {
      lines.append((index, nil))
      // A long value stays readable after leaving its field: the rest follows on up to two lines.
      for part in continuation(of: index, width: valueWidth) { lines.append((index, (part, .field))) }
      guard let (text, style) = message(at: index, context: context), text.displayWidth > errorWidth else { continue }
      for part in DisplayWidth.wrap(text, toWidth: max(8, rect.maxX - valueX)).prefix(2) {
        lines.append((index, (part, style)))
      }
    }
    let visible = rect.height - 1
    if let first = lines.firstIndex(where: { $0.index == focus }),
      let last = lines.lastIndex(where: { $0.index == focus })
    {
      // Keep the focused field, its message and the heading just above it in view.
      let top = first > 0 && fields[lines[first - 1].index].kind == .section ? first - 1 : first
      if top < scrollOffset { scrollOffset = top }
      if last >= scrollOffset + visible { scrollOffset = last - visible + 1 }
    }
    scrollOffset = max(0, min(scrollOffset, max(0, lines.count - visible)))

    var caret: Position?
    for (row, line) in lines.dropFirst(scrollOffset).prefix(visible).enumerated() {
      let y = rect.y + row
      let index = line.index
      let field = fields[index]
      if let message = line.message {
        canvas.write(message.text, x: valueX, y: y, style: message.style, maxWidth: rect.maxX - valueX)
        continue
      }
      let focused = index == focus && leavePrompt == nil
      if field.kind == .section {
        canvas.write(context(field.label), x: rect.x, y: y, style: .title, maxWidth: rect.width)
        continue
      }
      var x = canvas.write(
        context(field.label), x: rect.x + 1, y: y, style: focused ? .accent : .normal, maxWidth: labelWidth - 2)
      if field.isRequired { x = canvas.write("*", x: x, y: y, style: .muted) }
      let fieldCaret = drawValue(index, into: &canvas, x: valueX, y: y, width: valueWidth, focused: focused, context)
      if focused { caret = fieldCaret }
      if let (text, style) = message(at: index, context: context), text.displayWidth <= errorWidth {
        canvas.write(text, x: errorX, y: y, style: style)
      } else if focused, field.kind == .text, (field.input.maxLength ?? 0) >= Form.countFrom,
        let count = field.input.countText, count.displayWidth <= errorWidth
      {
        // How much of the Domain's limit is used, as you type.
        canvas.write(count, x: errorX, y: y, style: field.input.isFull ? .warning : .muted)
      }
    }
    if lines.count > visible {
      let more = "\(scrollOffset + 1)-\(min(lines.count, scrollOffset + visible))/\(lines.count)"
      canvas.write(more, x: rect.maxX - more.displayWidth - 1, y: rect.y, style: .muted)
    }
    drawStatus(into: &canvas, x: rect.x, y: rect.maxY - 1, width: rect.width, context: context)
    if let caret, showsOptionList {
      drawOptionList(into: &canvas, in: rect, anchor: caret, besideX: errorX, context: context)
    }
    if leavePrompt != nil {
      drawLeavePrompt(into: &canvas, in: rect, context: context)
      return nil
    }
    return caret
  }

  /// The lines after the first of an unfocused text field's value too wide for its field (at most two;
  /// the last ends in `…` when even they do not hold it).
  func continuation(of index: Int, width: Int) -> [String] {
    let field = fields[index]
    guard field.kind == .text, index != focus, field.input.text.displayWidth > width else { return [] }
    let parts = DisplayWidth.wrap(field.input.text, toWidth: max(4, width))
    guard parts.count > 1 else { return [] }
    var rest = Array(parts.dropFirst().prefix(2))
    if parts.count > 3, let last = rest.popLast() {
      rest.append(last.truncated(toWidth: max(1, width - 1)) + "…")
    }
    return rest
  }

  /// A text field that takes at least this many characters is free text (a name, a note, a reason) and
  /// shows its count as you type; shorter ones are codes, numbers and dates with a fixed form.
  static let countFrom = 30

  /// A choice with more options than this shows them in a list while it has the focus.
  static let pickerThreshold = 5

  /// The options of the focused choice in a box beside it (or, when there is no room, under or over
  /// it), the chosen one highlighted: a picker that needs no extra key, since Left/Right and typing
  /// already choose.
  private func drawOptionList(
    into canvas: inout Canvas, in rect: Rect, anchor: Position, besideX: Int, context: ScreenContext
  ) {
    let field = fields[focus]
    let texts = field.options.map { (context($0.title), $0.detail.map { context($0) } ?? "") }
    let titleWidth = texts.map(\.0.displayWidth).max() ?? 0
    let detailWidth = texts.map(\.1.displayWidth).max() ?? 0
    let naturalWidth = titleWidth + (detailWidth > 0 ? detailWidth + 2 : 0) + 4
    let wanted = min(field.options.count, 10) + 2
    let box: Rect
    if besideX + titleWidth + 4 <= rect.maxX {
      // Beside the field (the group cut short if need be), from its row down, moved up when the form
      // ends first.
      let height = min(wanted, rect.height - 1)
      let y = max(rect.y, min(anchor.y, rect.maxY - 1 - height))
      box = Rect(x: besideX, y: y, width: min(naturalWidth, rect.maxX - besideX), height: height)
    } else {
      let x = max(rect.x, anchor.x - 2)
      let width = min(rect.maxX - x, naturalWidth)
      let spaceBelow = rect.maxY - 1 - (anchor.y + 1)
      let spaceAbove = anchor.y - rect.y
      let below = spaceBelow >= wanted || spaceBelow >= spaceAbove
      let height = min(wanted, below ? spaceBelow : spaceAbove)
      box = Rect(x: x, y: below ? anchor.y + 1 : anchor.y - height, width: width, height: height)
    }
    let width = box.width
    let height = box.height
    guard width > 6, height > 2 else { return }
    canvas.fill(box, style: .overlay)
    canvas.drawBox(box, lines: context.lines)
    let rows = height - 2
    let first = max(0, min(field.selected - rows / 2, field.options.count - rows))
    for (row, index) in (first..<min(field.options.count, first + rows)).enumerated() {
      let y = box.y + 1 + row
      let selected = index == field.selected
      let (title, detail) = texts[index]
      let style: StyleRole = selected ? .selected : .overlay
      canvas.fill(Rect(x: box.x + 1, y: y, width: width - 2, height: 1), style: style)
      canvas.write(title, x: box.x + 2, y: y, style: style, maxWidth: width - 4)
      if !detail.isEmpty, titleWidth + 4 < width - 2 {
        canvas.write(
          detail.truncated(toWidth: width - titleWidth - 6), x: box.x + 2 + titleWidth + 2, y: y,
          style: selected ? .selected : .muted)
      }
    }
  }

  /// What stands beside (or under) field `index`: its shown error, else its note.
  private func message(at index: Int, context: ScreenContext) -> (String, StyleRole)? {
    guard fields[index].kind != .section, fields[index].kind != .info else { return nil }
    if let error = shownError(at: index) { return (context(error), .error) }
    if let note = fields[index].note?(values) { return (context(note), .warning) }
    return nil
  }

  private func drawValue(
    _ index: Int, into canvas: inout Canvas, x: Int, y: Int, width: Int, focused: Bool, _ context: ScreenContext
  ) -> Position {
    var field = fields[index]
    let style: StyleRole = focused ? .fieldFocus : .field
    switch field.kind {
    case .section:
      return Position(x: x, y: y)
    case .info:
      let text = context(field.info ?? Localized("", "")).truncated(toWidth: max(0, canvas.width - x - 1))
      canvas.write(text, x: x, y: y, style: field.infoStyle)
      return Position(x: x, y: y)
    case .text:
      if field.input.text.isEmpty {
        canvas.fill(Rect(x: x, y: y, width: width, height: 1), style: style)
        if let placeholder = field.placeholder {
          canvas.write(context(placeholder).truncated(toWidth: width), x: x, y: y, style: .muted)
        }
        return Position(x: x, y: y)
      }
      if !focused, field.input.text.displayWidth > width {
        // Left, the value reads from its start, the rest on the lines below (`continuation`).
        let first = DisplayWidth.wrap(field.input.text, toWidth: max(4, width)).first ?? ""
        canvas.fill(Rect(x: x, y: y, width: width, height: 1), style: style)
        canvas.write(first, x: x, y: y, style: style, maxWidth: width)
        return Position(x: x, y: y)
      }
      let caretX = field.input.render(into: &canvas, x: x, y: y, width: width, style: style)
      return Position(x: caretX, y: y)
    case .choice:
      canvas.fill(Rect(x: x, y: y, width: width, height: 1), style: style)
      guard let option = field.option else {
        canvas.write(context(Localized("(无可选项)", "(no options)")), x: x, y: y, style: .muted, maxWidth: width)
        return Position(x: x, y: y)
      }
      var end = canvas.write("< ", x: x, y: y, style: style)
      let titleX = end
      let title = context(option.title).truncated(toWidth: max(1, width - 4))
      end = canvas.write(title, x: end, y: y, style: style)
      end = canvas.write(" >", x: end, y: y, style: style)
      if let detail = option.detail, end + 2 < x + width {
        canvas.write(
          context(detail).truncated(toWidth: x + width - end - 2), x: end + 2, y: y, style: .muted)
      }
      return Position(x: titleX, y: y)
    case .toggle:
      let yes = context(Localized("是", "Yes"))
      let no = context(Localized("否", "No"))
      let text = field.isOn ? "[\(yes)]  \(no) " : " \(yes)  [\(no)]"
      canvas.fill(Rect(x: x, y: y, width: min(width, text.displayWidth + 1), height: 1), style: style)
      canvas.write(text, x: x, y: y, style: style, maxWidth: width)
      return Position(x: x + (field.isOn ? 1 : yes.displayWidth + 4), y: y)
    }
  }

  /// The last row: how to use the focused field (its error already stands beside or under it).
  private func drawStatus(into canvas: inout Canvas, x: Int, y: Int, width: Int, context: ScreenContext) {
    guard fields.indices.contains(focus) else { return }
    let field = fields[focus]
    let hint: Localized
    switch field.kind {
    case .choice:
      let search = field.input.text
      if !search.isEmpty {
        hint = Localized("查找: \(search)  回车选定  Esc 收起", "Find: \(search)  Enter chooses  Esc closes")
      } else if showsOptionList {
        hint = Localized(
          "左右键选择或输入文字查找, 回车选定, Esc 收起列表", "Left/Right or type to find; Enter chooses, Esc closes the list")
      } else {
        hint = Localized("左右键或空格选择, 也可输入文字查找", "Left/Right or Space to choose, or type to find")
      }
    case .toggle:
      hint = Localized("左右键或空格切换 是/否", "Left/Right or Space switch Yes/No")
    default:
      hint = Localized(
        "Tab/上下键换栏  F9 提交  Esc 返回", "Tab/Up/Down: next field   F9: submit   Esc: back")
    }
    canvas.write(" " + context(hint), x: x, y: y, style: .muted, maxWidth: width)
  }

  private func drawLeavePrompt(into canvas: inout Canvas, in rect: Rect, context: ScreenContext) {
    let question = context(Localized("有未提交的修改, 要保存吗?", "There are unsaved changes. Save them?"))
    let buttons = LeaveAnswer.allCases.map { "[ \(context($0.title)) ]" }
    let keys = context(Localized("左右键选择, 回车确定; F9 保存, Esc 继续编辑", "Left/Right, Enter; F9 saves, Esc keeps editing"))
    let buttonsWidth = buttons.map(\.displayWidth).reduce(0, +) + 2 * (buttons.count - 1)
    let width = min(rect.width, max(question.displayWidth, buttonsWidth, keys.displayWidth) + 4)
    let box = Rect(
      x: rect.x + (rect.width - width) / 2, y: rect.y + max(0, (rect.height - 6) / 2), width: width, height: 6)
    canvas.fill(box, style: .overlay)
    canvas.drawBox(box, lines: context.lines, style: .border, title: context(Localized("离开表单", "Leave the form")))
    canvas.write(question, x: box.x + 2, y: box.y + 1, style: .overlay, maxWidth: width - 4)
    var x = box.x + (width - buttonsWidth) / 2
    for (answer, text) in zip(LeaveAnswer.allCases, buttons) {
      x = canvas.write(text, x: x, y: box.y + 3, style: answer == leavePrompt ? .selected : .overlay)
      x += 2
    }
    canvas.write(keys, x: box.x + 2, y: box.y + 4, style: .muted, maxWidth: width - 4)
  }
}
