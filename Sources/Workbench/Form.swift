import Domain
import Foundation

/// What a form's current values are, by field id: what checks and visibility rules look at.
public struct FormValues: Hashable, Sendable {
  /// Text fields (and dates), as typed.
  public var texts: [String: String] = [:]
  /// Choice fields: the `value` of the chosen option.
  public var choices: [String: String] = [:]
  /// Yes/no fields.
  public var flags: [String: Bool] = [:]

  public init() {}

  public func text(_ id: String) -> String { texts[id] ?? "" }
  public func choice(_ id: String) -> String? { choices[id] }
  public func flag(_ id: String) -> Bool { flags[id] ?? false }
}

/// Checks a field's text as it is typed: `nil` when fine, else the message to show beside the field.
/// Build one from a Domain validator with `FormCheck.rule`, so screens hold no rule of their own.
public typealias FormCheck = (_ text: String, _ values: FormValues) -> Localized?

/// Helpers that turn Domain validators into `FormCheck`s.
public enum FormRule {
  /// Runs `validate`; a thrown `DomainError` becomes its bilingual message.
  public static func domain(_ validate: @escaping (String) throws -> Void) -> FormCheck {
    { text, _ in message(of: { try validate(text) }) }
  }

  /// Like `domain(_:)`, but only when the text is not empty (optional fields).
  public static func optional(_ validate: @escaping (String) throws -> Void) -> FormCheck {
    { text, _ in text.isEmpty ? nil : message(of: { try validate(text) }) }
  }

  /// The message of the error `body` throws, or `nil`.
  public static func message(of body: () throws -> Void) -> Localized? {
    do {
      try body()
      return nil
    } catch let error as DomainError {
      return error.message
    } catch {
      return Localized("输入无效", "Not valid")
    }
  }
}

/// One option of a choice field.
public struct FormOption: Hashable, Sendable {
  /// What the screen reads back (`Channel.rawValue`, a business type id…).
  public var value: String
  public var title: Localized
  /// Shown after the title, muted (a short name, the group).
  public var detail: Localized?

  public init(_ value: String, _ title: Localized, detail: Localized? = nil) {
    self.value = value
    self.title = title
    self.detail = detail
  }
}

/// One line of a form: a section heading, a text field, a choice or a yes/no.
public struct FormField {
  public enum Kind: Hashable, Sendable {
    /// A heading between groups of fields; never focused.
    case section
    case text
    /// One of `options`, cycled with Left/Right or Space, or found by typing.
    case choice
    /// Yes or no.
    case toggle
    /// A line of information (a label and a value the user cannot change); never focused.
    case info
  }

  public let id: String
  public var label: Localized
  public let kind: Kind
  /// The text of a text field; the search typed into a choice field.
  public var input: TextField
  public var options: [FormOption]
  /// The chosen option of a choice field.
  public var selected: Int
  public var isOn: Bool
  /// Empty is an error (the Domain's `Validation.required` message).
  public var isRequired: Bool
  /// Shown muted in an empty text field (`YYYY-MM-DD HH:MM`).
  public var placeholder: Localized?
  /// Checks the text as it is typed.
  public var check: FormCheck?
  /// A field hidden by this rule is not drawn, not focused and not checked.
  public var isShown: ((FormValues) -> Bool)?
  /// An error from outside the form (a refused submit): shown until the field changes.
  public var externalError: Localized?
  /// A warning that does not block submitting (shown in the warning style).
  public var note: ((FormValues) -> Localized?)?
  /// The text of an info line, and its style.
  public var info: Localized?
  public var infoStyle: StyleRole = .normal
  /// Whether the user has typed into the field or left it: only then is its error shown.
  public internal(set) var touched = false

  init(id: String, label: Localized, kind: Kind) {
    self.id = id
    self.label = label
    self.kind = kind
    self.input = TextField()
    self.options = []
    self.selected = 0
    self.isOn = false
    self.isRequired = false
  }

  /// A section heading.
  public static func section(_ label: Localized) -> FormField {
    FormField(id: "§" + label.en, label: label, kind: .section)
  }

  /// A line of information: `label` and `value`, not editable (what a checklist shows, not types).
  public static func info(_ id: String, _ label: Localized, value: Localized, style: StyleRole = .normal) -> FormField {
    var field = FormField(id: id, label: label, kind: .info)
    field.info = value
    field.infoStyle = style
    return field
  }

  /// A text field.
  public static func text(
    _ id: String, _ label: Localized, value: String = "", required: Bool = false, maxLength: Int? = nil,
    placeholder: Localized? = nil, check: FormCheck? = nil
  ) -> FormField {
    var field = FormField(id: id, label: label, kind: .text)
    field.input = TextField(value, maxLength: maxLength)
    field.isRequired = required
    field.placeholder = placeholder
    field.check = check
    return field
  }

  /// A choice among `options`, starting at the one whose value is `selected` (else the first).
  public static func choice(
    _ id: String, _ label: Localized, options: [FormOption], selected: String? = nil
  ) -> FormField {
    var field = FormField(id: id, label: label, kind: .choice)
    field.options = options
    field.selected = options.firstIndex { $0.value == selected } ?? 0
    return field
  }

  /// A yes/no field.
  public static func toggle(_ id: String, _ label: Localized, isOn: Bool = false) -> FormField {
    var field = FormField(id: id, label: label, kind: .toggle)
    field.isOn = isOn
    return field
  }

  /// A date and time typed as text (`2026-12-01 09:30`, `12-01 9:30`, full-width digits too), parsed in
  /// China time by `FormParse.dateTime`.
  public static func dateTime(
    _ id: String, _ label: Localized, value: String = "", required: Bool = false, now: Date
  ) -> FormField {
    text(
      id, label, value: value, required: required, maxLength: 20,
      placeholder: Localized("年-月-日 时:分", "YYYY-MM-DD HH:MM"),
      check: { text, _ in
        guard !text.isEmpty else { return nil }
        return FormRule.message { _ = try FormParse.dateTime(text, now: now) }
      })
  }

  /// A date typed as text (`2026-12-01`, `12-01`).
  public static func date(_ id: String, _ label: Localized, value: String = "", required: Bool = false, now: Date)
    -> FormField
  {
    text(
      id, label, value: value, required: required, maxLength: 12, placeholder: Localized("年-月-日", "YYYY-MM-DD"),
      check: { text, _ in
        guard !text.isEmpty else { return nil }
        return FormRule.message { _ = try FormParse.day(text, now: now) }
      })
  }

  var isFocusable: Bool { kind != .section && kind != .info }

  /// The value as `FormValues` holds it.
  var option: FormOption? { options.indices.contains(selected) ? options[selected] : nil }
}

/// What a key did to a form; the screen acts on the last four.
public enum FormEvent: Equatable {
  case handled
  /// Not a form key (F1, F2…, PgUp): let the shell have it.
  case ignored
  /// Every shown field is valid and the user asked to submit (F9, Ctrl-S, Enter on the last field, or
  /// 保存 when asked on leaving).
  case submit
  /// Submitting was asked for but a field is wrong: the focus moved to it; show the message.
  case refused(Localized)
  /// Esc on a form without changes: leave.
  case leave
  /// Esc on a form with changes, then 放弃: leave without saving.
  case discard
}

/// A form: labelled fields in one column, each checked as it is typed, its error beside it.
///
/// Keys: Tab/Down and Shift-Tab/Up move between fields; Enter moves on, and on the last field submits;
/// F9 or Ctrl-S submit (`CommandID.submit`); Left/Right/Space change a choice or a yes/no; typing into a
/// choice finds an option; Esc leaves, and with changes asks first (保存 / 放弃 / 继续编辑).
///
/// A value type: the screen keeps one, passes it keys with `handle(_:commands:)` and draws it with
/// `render(into:in:context:)`, which returns where the hardware cursor goes.
public struct Form {
  public private(set) var fields: [FormField]
  /// Index in `fields` of the focused field.
  public private(set) var focus: Int = 0
  /// Whether the leave question (保存 / 放弃 / 继续编辑) is showing, and which answer is selected.
  public private(set) var leavePrompt: LeaveAnswer?
  /// Set after a refused submit: every field shows its error, touched or not.
  public private(set) var submitAttempted = false
  /// The first row of the field list that is visible.
  var scrollOffset = 0
  /// The option list of the focused choice was closed (Esc or Enter chose); typing or Left/Right open
  /// it again, and so does coming back to the field.
  public private(set) var listClosed = false
  private var initial: FormValues

  /// The answers to the question asked when leaving a changed form.
  public enum LeaveAnswer: Int, CaseIterable, Sendable {
    case save
    case discard
    case keepEditing

    var title: Localized {
      switch self {
      case .save: Localized("保存", "Save")
      case .discard: Localized("放弃", "Discard")
      case .keepEditing: Localized("继续编辑", "Keep editing")
      }
    }
  }

  public init(_ fields: [FormField]) {
    self.fields = fields
    self.initial = FormValues()
    self.initial = values
    focus = firstFocusable(from: 0, step: 1) ?? 0
  }

  // MARK: Values

  /// Every shown field's value.
  public var values: FormValues {
    var values = FormValues()
    for field in fields {
      switch field.kind {
      case .section, .info: break
      case .text: values.texts[field.id] = field.input.text
      case .choice: values.choices[field.id] = field.option?.value
      case .toggle: values.flags[field.id] = field.isOn
      }
    }
    return values
  }

  public func text(_ id: String) -> String { fields.first { $0.id == id }?.input.text ?? "" }
  public func choice(_ id: String) -> String? { fields.first { $0.id == id }?.option?.value }
  public func flag(_ id: String) -> Bool { fields.first { $0.id == id }?.isOn ?? false }
  public func field(_ id: String) -> FormField? { fields.first { $0.id == id } }
  /// The id of the focused field.
  public var focusedID: String? { fields.indices.contains(focus) ? fields[focus].id : nil }

  /// Whether any value differs from when the form was made (or last `markClean()`).
  public var isDirty: Bool { values != initial }

  /// Takes the current values as the unchanged state (after a save).
  public mutating func markClean() {
    initial = values
    submitAttempted = false
  }

  public mutating func setText(_ id: String, _ text: String) {
    update(id) { $0.input.setText(text) }
  }

  /// Shows the field's error from now on, as if the user had typed it (for a value carried over).
  public mutating func markTouched(_ id: String) {
    update(id) { $0.touched = true }
  }

  public mutating func setChoice(_ id: String, _ value: String) {
    update(id) { field in
      if let i = field.options.firstIndex(where: { $0.value == value }) { field.selected = i }
    }
  }

  /// Replaces a choice's options, keeping the chosen value when it is still there.
  public mutating func setOptions(_ id: String, _ options: [FormOption]) {
    update(id) { field in
      let old = field.option?.value
      field.options = options
      field.selected = options.firstIndex { $0.value == old } ?? 0
    }
  }

  public mutating func setFlag(_ id: String, _ isOn: Bool) {
    update(id) { $0.isOn = isOn }
  }

  /// Shows `error` beside the field until it changes (a refusal from the Domain on submit); `nil` clears.
  public mutating func setError(_ id: String, _ error: Localized?) {
    update(id) {
      $0.externalError = error
      $0.touched = true
    }
  }

  /// Moves the focus to a field.
  public mutating func focus(_ id: String) {
    if let i = fields.firstIndex(where: { $0.id == id }), fields[i].isFocusable, isShown(i) { focus = i }
  }

  private mutating func update(_ id: String, _ change: (inout FormField) -> Void) {
    guard let i = fields.firstIndex(where: { $0.id == id }) else { return }
    change(&fields[i])
  }

  // MARK: Checks

  func isShown(_ index: Int) -> Bool {
    fields[index].isShown?(values) ?? true
  }

  /// The error of field `index` now, shown or not: the outside error, the required check, its own check.
  public func error(at index: Int) -> Localized? {
    let field = fields[index]
    guard field.kind == .text, isShown(index) else { return field.externalError }
    if let external = field.externalError { return external }
    if field.isRequired {
      if let message = FormRule.message(of: { _ = try Validation.required(field.input.text, field: field.label) }) {
        return message
      }
    }
    return field.check?(field.input.text, values)
  }

  /// The error of the field called `id`.
  public func error(_ id: String) -> Localized? {
    fields.firstIndex { $0.id == id }.flatMap { error(at: $0) }
  }

  /// The error shown beside field `index`: only once the field was touched or a submit was refused.
  public func shownError(at index: Int) -> Localized? {
    guard fields[index].touched || submitAttempted else { return nil }
    return error(at: index)
  }

  /// The first shown field with an error.
  public var firstInvalid: Int? {
    fields.indices.first { isShown($0) && error(at: $0) != nil }
  }

  public var isValid: Bool { firstInvalid == nil }

  // MARK: Keys

  /// Applies a key. `commands` gives the submit keys (`CommandID.submit`).
  public mutating func handle(_ key: Key, commands: CommandTable = .clerk) -> FormEvent {
    if leavePrompt != nil { return handleLeavePrompt(key, commands: commands) }
    if isSubmitKey(key, commands: commands) { return trySubmit() }
    if showsOptionList, key == .escape || key == .enter {
      // Esc closes the list, not the form; Enter chooses the highlighted option and stays on the field.
      listClosed = true
      fields[focus].input.setText("")
      return .handled
    }
    switch key {
    case .tab:
      move(1)
      return .handled
    case .backTab:
      move(-1)
      return .handled
    case .down:
      // Down stops at the last field (Tab goes round to the first).
      move(1, wrapping: false)
      return .handled
    case .up:
      move(-1, wrapping: false)
      return .handled
    case .enter:
      if let next = firstFocusable(from: focus + 1, step: 1) {
        leave(focus)
        focus = next
        return .handled
      }
      return trySubmit()
    case .escape:
      if isDirty {
        leavePrompt = .keepEditing
        return .handled
      }
      return .leave
    case .resize, .tick, .function, .pageUp, .pageDown, .insert:
      return .ignored
    default:
      break
    }
    guard fields.indices.contains(focus) else { return .ignored }
    switch fields[focus].kind {
    case .section, .info:
      return .ignored
    case .text:
      var input = fields[focus].input
      if input.handle(key) {
        if input.text != fields[focus].input.text {
          fields[focus].touched = true
          fields[focus].externalError = nil
        }
        fields[focus].input = input
      }
      // Swallow every other key: a letter must never reach the command table from a field.
      return .handled
    case .choice:
      handleChoice(key)
      return .handled
    case .toggle:
      handleToggle(key)
      return .handled
    }
  }

  /// Checks every shown field; submits when all pass, else focuses the first wrong one.
  public mutating func trySubmit() -> FormEvent {
    submitAttempted = true
    leavePrompt = nil
    if let bad = firstInvalid {
      focus = bad
      let field = fields[bad]
      let message = error(at: bad) ?? Localized("", "")
      return .refused(Localized("\(field.label.zh): \(message.zh)", "\(field.label.en): \(message.en)"))
    }
    return .submit
  }

  private func isSubmitKey(_ key: Key, commands: CommandTable) -> Bool {
    let keys = commands[.submit]?.keys ?? CommandSpec.clerkCommands[0].keys
    return keys.contains(key.normalized)
  }

  private mutating func handleLeavePrompt(_ key: Key, commands: CommandTable) -> FormEvent {
    guard let answer = leavePrompt else { return .ignored }
    if isSubmitKey(key, commands: commands) { return trySubmit() }
    let all = LeaveAnswer.allCases
    switch key {
    case .left, .backTab, .up:
      leavePrompt = all[(answer.rawValue + all.count - 1) % all.count]
    case .right, .tab, .down:
      leavePrompt = all[(answer.rawValue + 1) % all.count]
    case .escape:
      leavePrompt = nil
    case .enter:
      leavePrompt = nil
      switch answer {
      case .save: return trySubmit()
      case .discard: return .discard
      case .keepEditing: return .handled
      }
    case .resize, .tick, .function:
      return .ignored
    default:
      break
    }
    return .handled
  }

  private mutating func move(_ step: Int, wrapping: Bool = true) {
    var next = firstFocusable(from: focus + step, step: step)
    if next == nil, wrapping { next = firstFocusable(from: step > 0 ? 0 : fields.count - 1, step: step) }
    guard let next else { return }
    leave(focus)
    focus = next
  }

  /// Whether the focused field is a choice whose option list is showing (more options than
  /// `pickerThreshold`, and not closed with Esc or Enter).
  public var showsOptionList: Bool {
    guard leavePrompt == nil, fields.indices.contains(focus), fields[focus].kind == .choice else { return false }
    return fields[focus].options.count > Form.pickerThreshold && !listClosed
  }

  /// Leaving a text field with something in it shows its error from then on.
  private mutating func leave(_ index: Int) {
    guard fields.indices.contains(index) else { return }
    if fields[index].kind == .text, !fields[index].input.text.isEmpty { fields[index].touched = true }
    if fields[index].kind == .choice { fields[index].input.setText("") }
    listClosed = false
  }

  private func firstFocusable(from start: Int, step: Int) -> Int? {
    var i = start
    while fields.indices.contains(i) {
      if fields[i].isFocusable, isShown(i) { return i }
      i += step
    }
    return nil
  }

  private mutating func handleChoice(_ key: Key) {
    var field = fields[focus]
    let count = field.options.count
    guard count > 0 else { return }
    listClosed = false
    switch key {
    case .left:
      field.selected = (field.selected + count - 1) % count
      field.input.setText("")
    case .right, .character(" "):
      field.selected = (field.selected + 1) % count
      field.input.setText("")
    case .home:
      field.selected = 0
    case .end:
      field.selected = count - 1
    case .backspace, .character:
      var search = field.input
      _ = search.handle(key)
      let needle = Form.matchKey(search.text)
      if needle.isEmpty {
        field.input = search
      } else if let match = field.options.firstIndex(where: { Form.option($0, matches: needle) }) {
        field.input = search
        field.selected = match
      }
    default:
      break
    }
    field.touched = true
    fields[focus] = field
  }

  /// Matches an option when `needle` (already a `matchKey`) is in its value, title or detail, spaces and
  /// punctuation ignored on both sides: 新装低压 finds 「新装 低压」, `low-voltage` finds `low voltage`.
  static func option(_ option: FormOption, matches needle: String) -> Bool {
    let texts = [option.value, option.title.zh, option.title.en, option.detail?.zh ?? "", option.detail?.en ?? ""]
    return texts.contains { matchKey($0).contains(needle) }
  }

  /// `text` as typed searches compare it: input-method forms normalised, lower-cased, without spaces,
  /// punctuation or symbols.
  static func matchKey(_ text: String) -> String {
    String(
      Validation.normalizeText(text).lowercased().filter { !($0.isWhitespace || $0.isPunctuation || $0.isSymbol) })
  }

  private mutating func handleToggle(_ key: Key) {
    switch key {
    case .left, .right, .character(" "): fields[focus].isOn.toggle()
    case .character("y"), .character("Y"), .character("是"): fields[focus].isOn = true
    case .character("n"), .character("N"), .character("否"): fields[focus].isOn = false
    default: break
    }
    fields[focus].touched = true
  }
}
