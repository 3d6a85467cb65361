import Domain

/// What a form screen's submit handler decided.
public enum FormSubmission {
  /// Accepted: the shell does `outcome` (usually `.pop`, or a message after popping via `then`).
  case done(Outcome)
  /// Refused: `message` shows in the key bar; with `field`, it also stands beside that field.
  case refused(Localized, field: String?)
}

/// A screen that is only a form: a title line, an optional intro, the form, and `onSubmit`.
///
/// Used for editing a customer file, the reason for a reveal, and anywhere a small form is pushed.
/// Esc on a changed form asks first (保存 / 放弃 / 继续编辑); leaving pops the screen.
public final class FormScreen: Screen {
  public let title: Localized
  public var form: Form
  /// Lines above the form (what it is for, a warning).
  public var intro: [(Localized, StyleRole)]
  private let onSubmit: (Form) -> FormSubmission
  private var caret: Position?
  /// Called after every key the form used: lets one field follow another.
  public var onChange: ((inout Form) -> Void)?

  public init(
    title: Localized, intro: [(Localized, StyleRole)] = [], form: Form, onSubmit: @escaping (Form) -> FormSubmission
  ) {
    self.title = title
    self.intro = intro
    self.form = form
    self.onSubmit = onSubmit
  }

  public var hasUnsavedInput: Bool { form.isDirty }

  public var commands: [CommandID] { [.submit, .nextField, .previousField, .chooseOption] }

  public var helpIntro: Localized? {
    Localized(
      "每一栏输入时即检查, 错误显示在栏旁。F9 或 Ctrl-S 提交; Esc 离开前会询问是否保存。",
      "Each field is checked as you type; its error stands beside it. F9 or Ctrl-S submits; Esc asks before leaving.")
  }

  public func handle(_ key: Key, context: ScreenContext) -> Outcome {
    let event = form.handle(key, commands: context.commands)
    if event == .handled { onChange?(&form) }
    return outcome(of: event)
  }

  public func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome {
    switch invocation.id {
    case .submit: return outcome(of: form.trySubmit())
    case .nextField: return outcome(of: form.handle(.tab, commands: context.commands))
    case .previousField: return outcome(of: form.handle(.backTab, commands: context.commands))
    case .chooseOption: return outcome(of: form.handle(invocation.key ?? .right, commands: context.commands))
    default: return .ignored
    }
  }

  private func outcome(of event: FormEvent) -> Outcome {
    switch event {
    case .handled: return .handled
    case .ignored: return .ignored
    case .leave, .discard: return .pop
    case .refused(let message): return .message(message, .error)
    case .submit:
      switch onSubmit(form) {
      case .done(let outcome):
        form.markClean()
        return outcome
      case .refused(let message, let field):
        if let field {
          form.setError(field, message)
          form.focus(field)
        }
        return .message(message, .error)
      }
    }
  }

  public func cursor(context: ScreenContext) -> Position? { caret }

  public func render(into canvas: inout Canvas, context: ScreenContext) {
    canvas.write(" " + context(title), x: 0, y: 0, style: .title, maxWidth: canvas.width)
    var y = 1
    for (text, style) in intro {
      for line in DisplayWidth.wrap(context(text), toWidth: canvas.width - 2) {
        canvas.write(line, x: 1, y: y, style: style)
        y += 1
      }
    }
    y += 1
    caret = form.render(
      into: &canvas, in: Rect(x: 1, y: y, width: canvas.width - 2, height: canvas.height - y), context: context)
  }
}
