import Domain

/// What a dialog did with a key.
public enum DialogOutcome: Equatable {
  /// Still open (a key was typed, or the submission was refused and the text is kept).
  case open
  /// Closed: submitted successfully or cancelled.
  case closed
}

/// A small modal dialog drawn over a screen: a prompt (text fields) or a picker (a list).
public protocol Dialog: AnyObject {
  var title: Localized { get }
  /// The refusal of the last submission, shown inside the dialog until the next key.
  var error: Localized? { get }
  func handle(_ key: Key) -> DialogOutcome
  /// Draws over `canvas` and returns the caret of the focused field, if any.
  func render(into canvas: inout Canvas, context: ScreenContext) -> Position?
  /// Whether closing now would drop something the user typed.
  var hasUnsavedInput: Bool { get }
  /// What F1 shows while the dialog is open: what it records and how its keys work.
  var help: Localized { get }
}

extension Dialog {
  public var hasUnsavedInput: Bool { false }
}

/// A box centred on `canvas`, `height` rows high, drawn with the overlay style; returns its inner area.
func dialogBox(_ title: String, height: Int, into canvas: inout Canvas, lines: LineSet) -> Rect {
  let width = min(canvas.width - 2, max(76, min(90, canvas.width * 3 / 4)))
  let h = min(canvas.height, height + 2)
  let box = Rect(x: (canvas.width - width) / 2, y: max(0, (canvas.height - h) / 2), width: width, height: h)
  canvas.fill(box, style: .overlay)
  canvas.drawBox(box, lines: lines, title: title)
  return box.insetBy(dx: 2, dy: 1)
}

/// A form of one or more text fields: a reason, a comment, or a stage's record.
///
/// Enter moves to the next field and submits on the last; Tab/Down and Shift-Tab/Up move between
/// fields; Esc cancels, and when something was typed asks first (回车 保存 / Esc 放弃 / other keys keep
/// editing). `submit` gets the texts and returns a refusal to show (the dialog stays open
/// with everything typed) or nil when done.
public final class Prompt: Dialog {
  public struct Field {
    public var label: Localized
    public var field: TextField
    /// A word on the format (`HH:mm`, `名称 金额; …`), shown after the label.
    public var hint: Localized?

    /// - Parameter maxLength: the longest text the field takes (the Domain's limit for such text,
    ///   `Validation.textMaxLength` by default); the count shows as you type (`12/200`).
    public init(
      _ label: Localized, text: String = "", hint: Localized? = nil, maxLength: Int = Validation.textMaxLength
    ) {
      self.label = label
      self.field = TextField(text, maxLength: maxLength)
      self.hint = hint
    }
  }

  public let title: Localized
  public private(set) var fields: [Field]
  public private(set) var focus = 0
  public private(set) var error: Localized?
  /// Esc was pressed with something typed: the dialog asks before dropping it.
  public private(set) var askingToDiscard = false
  private let initialTexts: [String]
  private let submit: ([String]) -> Localized?

  public init(_ title: Localized, fields: [Field], submit: @escaping ([String]) -> Localized?) {
    self.title = title
    self.fields = fields.isEmpty ? [Field(Localized("内容", "Text"))] : fields
    self.initialTexts = self.fields.map(\.field.text)
    self.submit = submit
  }

  public var texts: [String] { fields.map(\.field.text) }

  /// The dialog's help: its title, each field with its format, and the keys.
  public var help: Localized {
    func line(_ lang: Lang) -> String {
      let items = fields.map { field in
        field.label.text(lang) + (field.hint.map { " (\($0.text(lang)))" } ?? "")
      }
      return lang == .zh
        ? "「\(title.zh)」: 依次填写 \(items.joined(separator: "、"))。回车到下一项, 最后一项回车提交; "
          + "Tab 或上下键换项; Esc 取消, 已输入时先询问保存还是放弃。提交被拒绝时, 原因显示在框内, 已填内容保留。"
        : "\(title.en): fill in \(items.joined(separator: ", ")). Enter moves on and submits on the last field; "
          + "Tab or Up/Down switch fields; Esc cancels, asking first when something was typed. A refusal shows in the "
          + "box and keeps what was typed."
    }
    return Localized(line(.zh), line(.en))
  }

  public var hasUnsavedInput: Bool { texts != initialTexts }

  private func trySubmit() -> DialogOutcome {
    if let refusal = submit(texts) {
      error = refusal
      return .open
    }
    return .closed
  }

  public func handle(_ key: Key) -> DialogOutcome {
    if askingToDiscard {
      switch key {
      case .resize, .tick: return .open
      case .escape: return .closed
      case .enter:
        askingToDiscard = false
        return trySubmit()
      default:
        askingToDiscard = false
        return .open
      }
    }
    error = nil
    switch key {
    case .escape:
      if hasUnsavedInput {
        askingToDiscard = true
        return .open
      }
      return .closed
    case .enter:
      if focus < fields.count - 1 {
        focus += 1
        return .open
      }
      return trySubmit()
    case .tab, .down:
      focus = (focus + 1) % fields.count
    case .backTab, .up:
      focus = (focus + fields.count - 1) % fields.count
    case .resize, .tick:
      break
    default:
      _ = fields[focus].field.handle(key)
    }
    return .open
  }

  public func render(into canvas: inout Canvas, context: ScreenContext) -> Position? {
    let rows = fields.count * 2 + 2
    let area = dialogBox(context(title), height: rows, into: &canvas, lines: context.lines)
    var caret: Position?
    for (i, field) in fields.enumerated() {
      let y = area.y + i * 2
      var label = context(field.label)
      if let hint = field.hint { label += "  (\(context(hint)))" }
      canvas.write(label, x: area.x, y: y, style: i == focus ? .accent : .overlay, maxWidth: area.width)
      if i == focus, let count = field.field.countText {
        canvas.write(count, x: area.maxX - count.displayWidth, y: y, style: field.field.isFull ? .warning : .muted)
      }
      var text = field.field
      let x = canvas.write(i == focus ? "> " : "  ", x: area.x, y: y + 1, style: .overlay)
      let column = text.render(
        into: &canvas, x: x, y: y + 1, width: area.maxX - x, style: i == focus ? .fieldFocus : .field)
      fields[i].field = text
      if i == focus { caret = Position(x: column, y: y + 1) }
    }
    let footer = area.y + fields.count * 2
    if askingToDiscard {
      let question = Localized(
        "已输入的内容尚未保存: 回车 保存  Esc 放弃  其他键 继续编辑",
        "What you typed is not saved: Enter save  Esc discard  other keys keep editing")
      canvas.write(context(question), x: area.x, y: footer, style: .warning, maxWidth: area.width)
      canvas.write("", x: area.x, y: footer + 1, style: .overlay)
      return caret
    }
    if let error {
      canvas.write(context(error), x: area.x, y: footer, style: .error, maxWidth: area.width)
    }
    let keys =
      fields.count > 1
      ? Localized("回车 下一项/提交  Tab 切换  Esc 取消  F1 帮助", "Enter next/submit  Tab switch  Esc cancel  F1 help")
      : Localized("回车 提交  Esc 取消  F1 帮助", "Enter submit  Esc cancel  F1 help")
    canvas.write(context(keys), x: area.x, y: footer + 1, style: .muted, maxWidth: area.width)
    return caret
  }
}
