import Domain
import Engine
import Foundation

/// The shape most desk screens share: a heading line, an optional row of tabs (Tab/Left/Right switch),
/// a table of rows with a selection (and marks), and the detail of the selected row at the bottom.
/// Subclasses give the rows, the columns, the detail and what their commands do; every change goes
/// through `Desk.run` / `Desk.form`, so read-only and the Domain's refusals are handled once.
class DeskListScreen: Screen {
  let title: Localized
  let engine: Engine
  /// Refuse every change with a message (also when `engine.isReadOnly`).
  var readOnly = false
  var table = DeskTable()
  var tab = 0
  /// Rows of detail under the table (the selected row's plan, statements, actions).
  var detailHeight = 4
  /// What the last form recorded, shown on the bottom row until the next key.
  var result: Localized?

  init(engine: Engine, title: Localized) {
    self.engine = engine
    self.title = title
  }

  var isReadOnly: Bool { readOnly || engine.isReadOnly }

  /// Whether warnings are worked out again off the main thread once the first are shown (the
  /// workbench); tests compute them at once.
  var computesInBackground = false
  private let background = BackgroundFigures<[Warning]>()

  /// The early warnings now, worked out once per change of the log or of the minute: a screen asks for
  /// them on every draw and every key, and on a large hall they take a noticeable time to compute. In
  /// the background, the last ones worked out are shown until newer ones are ready.
  var currentWarnings: [Warning] {
    let now = engine.now
    let state = engine.state
    return background.value(
      for: "\(state.version)-\(Int(now.timeIntervalSince1970 / 60))", inBackground: computesInBackground
    ) { state.warnings(now: now) }
  }

  /// Waits for warnings being worked out in the background (tests).
  func waitForWarnings() { background.wait() }

  // MARK: To override

  var tabs: [Localized] { [] }
  /// The screen's own commands, before navigation.
  var actions: [CommandID] { [] }
  var helpIntro: Localized? { nil }
  func heading(_ lang: Lang) -> String { title.text(lang) }
  func columns() -> [TableColumn] { [] }
  func rows(_ lang: Lang) -> [DeskRow] { [] }
  func detail(_ row: DeskRow, _ lang: Lang) -> [(String, StyleRole)] { [] }
  func act(_ id: CommandID, row: DeskRow?, context: ScreenContext) -> Outcome { .ignored }
  /// The Domain command behind one of the screen's own commands, so that the shell offers it only to a
  /// person the Domain lets record it (`permissionRefusal`: role, auditor, active account) and refuses it,
  /// in the command's own words, before any form opens.
  func commandType(for id: CommandID) -> (any CommandBody.Type)? { nil }
  var emptyText: Localized { Localized("没有记录", "Nothing here") }
  /// Lines drawn between the heading and the table (a matrix, a summary); returns the rows used.
  func drawTop(into canvas: inout Canvas, y: Int, context: ScreenContext) -> Int { 0 }
  /// Whether the tab shows a table at all (a matrix tab may not).
  var showsTable: Bool { true }

  // MARK: Screen

  var commands: [CommandID] {
    actions + (tabs.isEmpty ? [] : [.nextTab, .previousTab]) + [.move, .page]
  }

  func handle(_ key: Key, context: ScreenContext) -> Outcome {
    result = nil
    return table.move(key, pageSize: pageSize(context)) { rows(context.lang).count } ? .handled : .ignored
  }

  func refusal(for command: CommandID, context: ScreenContext) -> Localized? {
    guard let type = commandType(for: command) else { return nil }
    return engine.state.permissionRefusal(type, for: engine.login)?.message
  }

  func pageSize(_ context: ScreenContext) -> Int { max(1, context.height - 4 - detailHeight) }

  func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome {
    switch invocation.id {
    case .nextTab, .previousTab:
      guard !tabs.isEmpty else { return .ignored }
      let step = invocation.id == .nextTab ? 1 : tabs.count - 1
      tab = (tab + step) % tabs.count
      table = DeskTable()
      return .handled
    default:
      return act(invocation.id, row: table.selected(rows(context.lang)), context: context)
    }
  }

  func render(into canvas: inout Canvas, context: ScreenContext) {
    draw(into: &canvas, context: context)
    if let result {
      let y = canvas.height - 1
      canvas.fill(Rect(x: 0, y: y, width: canvas.width, height: 1), style: .normal)
      canvas.write(" " + context(result), x: 0, y: y, style: .ok, maxWidth: canvas.width - 1)
    }
  }

  private func draw(into canvas: inout Canvas, context: ScreenContext) {
    canvas.write(" " + heading(context.lang), x: 0, y: 0, style: .title, maxWidth: canvas.width)
    if isReadOnly {
      let text = context(Localized("只读", "read-only"))
      canvas.write(text, x: canvas.width - text.displayWidth - 1, y: 0, style: .muted)
    }
    var y = 1
    if !tabs.isEmpty {
      var x = 1
      for (i, name) in tabs.enumerated() {
        let text = i == tab ? "[\(context(name))]" : " \(context(name)) "
        x = canvas.write(text, x: x, y: y, style: i == tab ? .tabActive : .tab) + 1
      }
      y += 1
    }
    y += 1
    y += drawTop(into: &canvas, y: y, context: context)
    guard showsTable else { return }
    let rows = rows(context.lang)
    let detailRows = detailHeight
    let height = max(2, canvas.height - y - detailRows - (detailRows > 0 ? 1 : 0))
    table.draw(
      rows, columns: columns(), into: &canvas, rect: Rect(x: 0, y: y, width: canvas.width, height: height),
      context: context, emptyText: emptyText)
    guard detailRows > 0, let row = table.selected(rows) else { return }
    var dy = y + height + 1
    for (text, style) in detail(row, context.lang) {
      for line in DisplayWidth.wrap(text, toWidth: canvas.width - 2) {
        guard dy < canvas.height else { return }
        canvas.write(line, x: 1, y: dy, style: style, maxWidth: canvas.width - 2)
        dy += 1
      }
    }
  }

  // MARK: Helpers for subclasses

  func run(_ body: any CommandBody, done: Localized) -> Outcome {
    Desk.run(engine, readOnly: readOnly, body, done: done)
  }

  func form(
    _ title: Localized, intro: [(Localized, StyleRole)] = [], _ fields: [FormField],
    submit: @escaping (Form) -> (any CommandBody)?, done: Localized
  ) -> Outcome {
    Desk.form(
      engine, readOnly: readOnly, title: title, intro: intro, fields: fields,
      report: { [weak self] in self?.result = $0 }
    ) { [engine, readOnly] form in
      guard let body = submit(form) else {
        return .refused(Localized("请检查填写的内容", "Please check what was typed"), field: nil)
      }
      return Desk.submit(engine, readOnly: readOnly, body, done: done)
    }
  }

  var today: Day { Day(containing: engine.now) }

  func name(_ login: String?) -> String { Desk.name(login, engine.state) }

  /// Staff as choice options (`赵敏 zhaomin`), active first.
  func staffOptions(selected: String? = nil) -> [FormOption] {
    engine.state.staff.values.filter(\.active).sorted { $0.login < $1.login }.map {
      FormOption($0.login, Localized("\($0.name) \($0.login)", "\($0.name) \($0.login)"))
    }
  }
}

extension FormField {
  /// A choice of 1…5 (likelihood, impact).
  static func scale(_ id: String, _ label: Localized, selected: Int = 3) -> FormField {
    .choice(
      id, label, options: (1...5).map { FormOption("\($0)", Localized("\($0)", "\($0)")) }, selected: "\(selected)")
  }

  /// A day, typed (`2026-12-01`, `12-01`).
  static func day(_ id: String, _ label: Localized, value: Day?, required: Bool = true, now: Date) -> FormField {
    .date(id, label, value: value?.description ?? "", required: required, now: now)
  }
}

extension Form {
  /// The day typed in a date field, parsed as the field checked it.
  func day(_ id: String, now: Date) -> Day? {
    let text = self.text(id)
    guard !text.isEmpty else { return nil }
    return try? FormParse.day(text, now: now)
  }
}
