import Domain
import Engine
import Foundation

/// What the desk screens share: running a command with read-only and refusal handling, formatting of
/// figures, and the drawing of a titled line.
enum Desk {
  static let readOnlyMessage = Localized(
    "只读模式: 不能修改, 只能查看", "Read-only mode: you can look, but nothing can be changed")

  /// Why a change is refused: a newer GridDesk's records (upgrade first), or read-only mode.
  static func readOnlyMessage(_ engine: Engine) -> Localized { engine.recordingRefusal ?? readOnlyMessage }

  /// Runs `body` as the process's account. A refusal (the Domain's, or read-only) comes back as an error
  /// message naming what was wrong; success as `done` in the ok style.
  static func run(_ engine: Engine, readOnly: Bool, _ body: any CommandBody, done: Localized) -> Outcome {
    if readOnly || engine.isReadOnly { return .message(readOnlyMessage(engine), .error) }
    do {
      try engine.execute(Command(body))
      return .message(done, .ok)
    } catch {
      return .message(error.message, .error)
    }
  }

  /// The same for a form's submit handler: refusals stay on the form.
  static func submit(_ engine: Engine, readOnly: Bool, _ body: any CommandBody, done: Localized) -> FormSubmission {
    if readOnly || engine.isReadOnly { return .refused(readOnlyMessage(engine), field: nil) }
    do {
      try engine.execute(Command(body))
      return .done(.message(done, .ok))
    } catch {
      return .refused(error.message, field: nil)
    }
  }

  /// A form screen pushed for a change, unless the desk is read-only (then the refusal instead). When
  /// the submit succeeds with a message, the form closes and `report` gets the message, for the screen
  /// below to show (an `Outcome` cannot both pop and show).
  static func form(
    _ engine: Engine, readOnly: Bool, title: Localized, intro: [(Localized, StyleRole)] = [], fields: [FormField],
    report: ((Localized) -> Void)? = nil, onSubmit: @escaping (Form) -> FormSubmission
  ) -> Outcome {
    if readOnly || engine.isReadOnly { return .message(readOnlyMessage(engine), .error) }
    return .push(
      FormScreen(title: title, intro: intro, form: Form(fields)) { form in
        let result = onSubmit(form)
        if case .done(.message(let text, _)) = result {
          report?(text)
          return .done(.pop)
        }
        return result
      })
  }

  /// `96.1%`, `0.8`, `-` for no value.
  static func figure(_ value: Double?, unit: String) -> String {
    guard let value else { return "-" }
    if unit == "%" { return String(format: "%.1f%%", value) }
    if value == value.rounded() && abs(value) < 1e9 { return String(Int(value)) }
    return String(format: "%.1f", value)
  }

  /// A target as the standard states it: `95%`, `1.0`.
  static func target(_ value: Double?, unit: String) -> String {
    guard let value else { return "-" }
    let number = value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    return unit == "%" ? number + "%" : number
  }

  /// The first and last day of the month containing `day`.
  static func month(of day: Day) -> (from: Day, to: Day) {
    let first = Day(day.year, day.month, 1)
    let next = day.month == 12 ? Day(day.year + 1, 1, 1) : Day(day.year, day.month + 1, 1)
    return (first, next.adding(days: -1))
  }

  /// The month before the one containing `day`.
  static func previousMonth(of day: Day) -> (from: Day, to: Day) {
    month(of: Day(day.year, day.month, 1).adding(days: -1))
  }

  /// A staff member's display name, or the login when unknown.
  static func name(_ login: String?, _ state: DomainState) -> String {
    guard let login else { return "-" }
    return state.staff[login]?.name ?? login
  }

  /// `2026-11-29 14:05` in China time.
  static func time(_ date: Date?) -> String {
    date.map { FormParse.format($0) } ?? "-"
  }

  /// Short `11-29 14:05`.
  static func shortTime(_ date: Date?) -> String {
    guard let date else { return "-" }
    let text = FormParse.format(date)
    return String(text.dropFirst(5))
  }

  /// A refusal that names what is missing, for the key bar.
  static func need(_ what: Localized) -> Outcome {
    .message(Localized("请先选择\(what.zh)", "Select \(what.en) first"), .error)
  }

  static let choose = Localized("左右键选择", "Left/Right to choose")
}

/// One row of a desk table: an id the screen acts on, its cells, and styles.
struct DeskRow {
  var id: String
  var cells: [String]
  var style: StyleRole = .normal
  var cellStyles: [StyleRole?] = []
}

/// A scrolling, selectable table drawn in a rectangle: column titles, rows, a marker on the selection.
struct DeskTable {
  var list = ListView()
  var marked: Set<String> = []

  /// Draws `rows` under `columns` in `rect`; returns the page size used.
  @discardableResult
  mutating func draw(
    _ rows: [DeskRow], columns: [TableColumn], into canvas: inout Canvas, rect: Rect, context: ScreenContext,
    focused: Bool = true, emptyText: Localized? = nil
  ) -> Int {
    list.setCount(rows.count)
    let widths = Table.widths(columns, totalWidth: rect.width - 2)
    guard rect.height >= 1 else { return 1 }
    Table.drawHeader(columns, widths: widths, lang: context.lang, into: &canvas, x: rect.x + 2, y: rect.y)
    canvas.restyle(Rect(x: rect.x, y: rect.y, width: 2, height: 1), style: .header)
    let page = max(1, rect.height - 1)
    list.keepVisible(pageSize: page)
    if rows.isEmpty, let emptyText {
      canvas.write(context(emptyText), x: rect.x + 2, y: rect.y + 1, style: .muted, maxWidth: rect.width - 2)
    }
    for (line, index) in list.visibleRows(pageSize: page).enumerated() {
      let row = rows[index]
      let y = rect.y + 1 + line
      let selected = focused && index == list.selection
      let mark = marked.contains(row.id) ? "*" : " "
      let style: StyleRole = selected ? .selected : row.style
      canvas.write((selected ? ">" : " ") + mark, x: rect.x, y: y, style: selected ? .selected : .accent)
      Table.drawRow(
        row.cells, widths: widths, alignments: columns.map(\.alignment), into: &canvas, x: rect.x + 2, y: y,
        style: style, cellStyles: selected ? [] : row.cellStyles)
    }
    return page
  }

  /// Applies a movement key to the selection, counting `rows()` first (the list may not have been drawn
  /// since it changed). Returns false for other keys.
  mutating func move(_ key: Key, pageSize: Int, rows: () -> Int) -> Bool {
    switch key {
    case .up, .down, .character("k"), .character("j"), .pageUp, .pageDown, .home, .end:
      list.setCount(rows())
      return list.handle(key, pageSize: pageSize)
    default:
      return false
    }
  }

  func selected(_ rows: [DeskRow]) -> DeskRow? {
    rows.indices.contains(list.selection) ? rows[list.selection] : nil
  }
}

extension Canvas {
  /// Writes a section heading `text` at `(x, y)`; returns the next row.
  @discardableResult
  mutating func heading(_ text: String, x: Int, y: Int, width: Int) -> Int {
    write(text, x: x, y: y, style: .title, maxWidth: width)
    return y + 1
  }
}

extension Warning {
  /// The rule as a sentence with its threshold, from the Domain's constants (`规则: 环节时限用时达80%`).
  var ruleText: Localized {
    switch (rule, level) {
    case (.stageDeadline, .red): Localized("环节时限已过", "stage limit passed")
    case (.stageDeadline, .yellow): Localized("环节时限用时达80%", "80% of stage limit used")
    case (.repeatComplaints, _):
      Localized(
        "\(DomainState.complaintWindowDays)天内重复投诉", "repeat complaints in \(DomainState.complaintWindowDays) days")
    case (.certificateExpiring, .red): Localized("证书已过期", "certificate expired")
    case (.certificateExpiring, .yellow):
      Localized(
        "证书\(DomainState.certificateWarningDays)天内到期",
        "certificate expires in \(DomainState.certificateWarningDays) days")
    case (.calibrationDue, .red): Localized("校验过期或误差超限", "calibration overdue or out of tolerance")
    case (.calibrationDue, .yellow):
      Localized(
        "校验\(DomainState.calibrationWarningDays)天内到期", "calibration due in \(DomainState.calibrationWarningDays) days")
    case (.calendarMissing, .red): Localized("时限所需年份的日历未载入", "calendar needed by deadlines not loaded")
    case (.calendarMissing, .yellow): Localized("11月起须载入次年日历", "next year's calendar due from November")
    }
  }
}
