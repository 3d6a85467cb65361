import Domain
import Engine
import Foundation

/// 督办 (oversight): every open order with all its deadlines — the stage's and the whole process's,
/// time left and due time — most urgent first. Space marks orders; Ctrl-R reassigns the marked ones
/// (or the selected one) to a person, with a reason; Ctrl-U suspends or resumes; Ctrl-G sets priority.
final class OversightScreen: Screen {
  let title = Localized("督办", "Oversight")
  let engine: Engine
  var readOnly = false
  var openOrder: ((String) -> (any Screen)?)?
  var table = DeskTable()
  /// The outcome of the last reassignment, shown above the footer until the next key.
  var result: Localized?

  init(engine: Engine) {
    self.engine = engine
  }

  var commands: [CommandID] {
    [.deskMark, .deskReassign, .deskSuspend, .deskPriority, .open, .move, .page]
  }

  var helpIntro: Localized? {
    Localized(
      "在办工单的全部时限 (本环节与全流程)。空格选中多张工单, Ctrl-R 改派给有资格的人员 (须说明理由), Ctrl-U 挂起或恢复, Ctrl-G 加急。",
      "All deadlines of the open orders (stage and whole process). Space marks orders; Ctrl-R reassigns them to a "
        + "qualified person (with a reason); Ctrl-U suspends or resumes; Ctrl-G sets priority.")
  }

  /// The columns for a width: the customer and the business type only when there is room for them.
  static func columns(wide: Bool) -> [TableColumn] {
    var columns = [TableColumn(Localized("工单号", "Order"), width: 15)]
    if wide {
      columns += [
        TableColumn(Localized("客户", "Customer"), width: 10, flex: 1),
        TableColumn(Localized("业务类型", "Type"), width: 14, flex: 1),
      ]
    }
    columns += [
      TableColumn(Localized("环节", "Stage"), width: wide ? 13 : 5),
      TableColumn(Localized("处理人", "Handler"), width: wide ? 8 : 7),
      TableColumn(Localized("本环节", "Stage left"), width: 12),
      TableColumn(Localized("环节截止", "Stage due"), width: 12),
      TableColumn(Localized("全流程", "Process"), width: 12),
      TableColumn(Localized("全流程截止", "Process due"), width: 12, flex: wide ? 0 : 1),
    ]
    return columns
  }

  private var entriesCache: (key: String, entries: [QueueEntry])?
  private var rowsCache: (key: String, rows: [DeskRow])?

  /// The state's version and the minute: the rows change with nothing else.
  private var moment: String { "\(engine.state.version)-\(Int(engine.now.timeIntervalSince1970 / 60))" }

  /// Every open order, most urgent first; worked out once per change or minute (every draw and key
  /// asks, and on a large hall the queue takes a noticeable time).
  func entries() -> [QueueEntry] {
    let key = moment
    if let entriesCache, entriesCache.key == key { return entriesCache.entries }
    let entries = engine.state.queue(QueueQuery(), viewer: nil, now: engine.now)
    entriesCache = (key, entries)
    return entries
  }

  func rows(_ lang: Lang, wide: Bool = false) -> [DeskRow] {
    let key = "\(moment)-\(lang)-\(wide)"
    if let rowsCache, rowsCache.key == key { return rowsCache.rows }
    let state = engine.state
    let now = engine.now
    let rows = entries().map { e in
      // The due times, from the order's brief (never the whole order).
      let deadlines = state.orders.brief(e.number).map {
        state.deadlines($0, type: state.standard(version: $0.standardVersion)?.businessType($0.type), now: now)
      }
      let stageDue = deadlines?.stageClock?.projectedDue(at: now, calendar: state.calendar).date
      let totalDue = deadlines?.totalClock?.projectedDue(at: now, calendar: state.calendar).date
      let suspended = e.stageStatus == .suspended
      func style(_ status: DeadlineStatus) -> StyleRole? {
        switch status {
        case .overdue: .overdue
        case .warning: .warning
        case .suspended: .muted
        default: nil
        }
      }
      let who: [String] = wide ? [e.customerName, e.type.text(lang)] : []
      let whoStyles: [StyleRole?] = wide ? [nil, nil] : []
      return DeskRow(
        id: e.number,
        cells: [(e.priority ? "!" : "") + e.number] + who + [
          e.stageName.text(lang), e.assignee, e.stageText(lang), suspended ? "-" : Desk.shortTime(stageDue),
          e.totalText(lang), suspended ? "-" : Desk.shortTime(totalDue),
        ], style: suspended ? .muted : .normal,
        cellStyles: [e.priority ? .accent : nil] + whoStyles + [
          nil, nil, style(e.stageStatus), nil, style(e.totalStatus), nil,
        ])
    }
    rowsCache = (key, rows)
    return rows
  }

  /// The marked orders, or the selected one when none is marked.
  func targets(_ rows: [DeskRow]) -> [String] {
    let marked = rows.map(\.id).filter(table.marked.contains)
    if !marked.isEmpty { return marked }
    return table.selected(rows).map { [$0.id] } ?? []
  }

  func handle(_ key: Key, context: ScreenContext) -> Outcome {
    if key != .tick { result = nil }
    return table.move(key, pageSize: max(1, context.height - 4)) { entries().count } ? .handled : .ignored
  }

  func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome {
    let rows = rows(context.lang)
    switch invocation.id {
    case .deskMark:
      guard let row = table.selected(rows) else { return .handled }
      if table.marked.remove(row.id) == nil { table.marked.insert(row.id) }
      table.list.setCount(rows.count)
      table.list.select(table.list.selection + 1, pageSize: max(1, context.height - 4))
      return .handled
    case .deskReassign:
      let numbers = targets(rows)
      guard !numbers.isEmpty else { return Desk.need(Localized("工单", "an order")) }
      if readOnly || engine.isReadOnly { return .message(Desk.readOnlyMessage(engine), .error) }
      let screen = ReassignScreen(engine: engine, numbers: numbers)
      screen.onDone = { [weak self] text in
        self?.table.marked.removeAll()
        self?.result = text
      }
      return .push(screen)
    case .deskSuspend:
      guard let row = table.selected(rows), let order = engine.state.orders[row.id] else {
        return Desk.need(Localized("工单", "an order"))
      }
      if order.isSuspended {
        return Desk.form(
          engine, readOnly: readOnly, title: Localized("恢复工单 \(order.number)", "Resume \(order.number)"),
          fields: [.text("note", Localized("说明", "Note"), required: true, maxLength: 200)],
          report: { [weak self] in self?.result = $0 }
        ) { [engine, readOnly] form in
          Desk.submit(
            engine, readOnly: readOnly, ResumeOrder(number: order.number, note: form.text("note")),
            done: Localized("已恢复 \(order.number)", "Resumed \(order.number)"))
        }
      }
      return Desk.form(
        engine, readOnly: readOnly, title: Localized("挂起工单 \(order.number)", "Suspend \(order.number)"),
        intro: [(Localized("挂起期间时限停止计算。", "The clocks stop while the order is suspended."), .muted)],
        fields: [.text("reason", Localized("理由", "Reason"), required: true, maxLength: 200)],
        report: { [weak self] in self?.result = $0 }
      ) { [engine, readOnly] form in
        Desk.submit(
          engine, readOnly: readOnly, SuspendOrder(number: order.number, reason: form.text("reason")),
          done: Localized("已挂起 \(order.number)", "Suspended \(order.number)"))
      }
    case .deskPriority:
      let numbers = targets(rows)
      guard let first = numbers.first, let order = engine.state.orders[first] else {
        return Desk.need(Localized("工单", "an order"))
      }
      if readOnly || engine.isReadOnly { return .message(Desk.readOnlyMessage(engine), .error) }
      let priority = !order.priority
      for number in numbers {
        let outcome = Desk.run(
          engine, readOnly: readOnly, SetPriority(number: number, priority: priority), done: Localized("", ""))
        if case .message(_, .error) = outcome { return outcome }
      }
      table.marked.removeAll()
      let list = numbers.joined(separator: " ")
      return .message(
        priority
          ? Localized("已加急: \(list)", "Priority set: \(list)")
          : Localized("已取消加急: \(list)", "Priority cleared: \(list)"),
        .ok)
    case .open:
      guard let row = table.selected(rows) else { return .handled }
      if let screen = openOrder?(row.id) { return .push(screen) }
      return .message(Localized("工单 \(row.id)", "Order \(row.id)"), .normal)
    default:
      return .ignored
    }
  }

  func render(into canvas: inout Canvas, context: ScreenContext) {
    let wide = canvas.width >= 110
    let rows = rows(context.lang, wide: wide)
    let marked = table.marked.count
    var head = context(Localized("在办工单 \(rows.count) 张", "\(rows.count) open orders"))
    if marked > 0 { head += context(Localized("  已选 \(marked)", "  \(marked) marked")) }
    canvas.write(" " + head, x: 0, y: 0, style: .title, maxWidth: canvas.width)
    if readOnly || engine.isReadOnly {
      let text = context(Localized("只读", "read-only"))
      canvas.write(text, x: canvas.width - text.displayWidth - 1, y: 0, style: .muted)
    }
    let page = table.draw(
      rows, columns: Self.columns(wide: wide), into: &canvas,
      rect: Rect(x: 0, y: 2, width: canvas.width, height: canvas.height - 3), context: context,
      emptyText: Localized("没有在办工单", "No open orders"))
    let (current, total) = table.list.page(pageSize: page)
    let footer = context(Localized("空格选中  第 \(current)/\(total) 页", "Space marks  page \(current)/\(total)"))
    canvas.write(footer, x: canvas.width - footer.displayWidth - 1, y: canvas.height - 1, style: .muted)
    if let result {
      canvas.write(
        " " + context(result), x: 0, y: canvas.height - 1, style: .ok, maxWidth: canvas.width - footer.displayWidth - 2)
    }
  }
}

/// Choosing the person to reassign orders to: everyone active, the qualified first; the others greyed
/// with why (`DomainState.qualificationGaps` for each order's current stage). The reason is typed at
/// the bottom; Enter on a person reassigns, and a refusal of the Domain (naming the order) shows.
final class ReassignScreen: Screen {
  let title = Localized("改派", "Reassign")
  let engine: Engine
  let numbers: [String]
  var reason = TextField(maxLength: 200)
  var list = ListView()
  /// Called with the confirmation after a successful reassignment, before the screen pops.
  var onDone: ((Localized) -> Void)?
  private var caret: Position?

  init(engine: Engine, numbers: [String]) {
    self.engine = engine
    self.numbers = numbers
  }

  var commands: [CommandID] { [.confirm, .move] }

  var helpIntro: Localized? {
    Localized(
      "输入改派理由, 上下键选择人员, 回车改派。灰色的人员不具备资格, 旁边写明原因。",
      "Type the reason, choose a person with Up/Down, Enter reassigns. Greyed people are not qualified; why is beside them."
    )
  }

  struct Candidate {
    var login: String
    var name: String
    /// Why not, per order; empty when qualified for all.
    var gaps: [Localized]
  }

  func candidates() -> [Candidate] {
    let state = engine.state
    let today = Day(containing: engine.now)
    let people = state.staff.values.filter { $0.active && !$0.has(.auditor) }.sorted { $0.login < $1.login }
    let all = people.map { member in
      var gaps: [Localized] = []
      for number in numbers {
        guard let order = state.orders[number], let template = state.template(of: order, stage: order.current) else {
          continue
        }
        let why = state.qualificationGaps(member, for: template, on: today)
        if !why.isEmpty {
          gaps.append(
            Localized(
              "\(number) \(template.name.zh): " + why.map(\.message.zh).joined(separator: ", "),
              "\(number) \(template.name.en): " + why.map(\.message.en).joined(separator: ", ")))
        }
      }
      return Candidate(login: member.login, name: member.name, gaps: gaps)
    }
    return all.filter { $0.gaps.isEmpty } + all.filter { !$0.gaps.isEmpty }
  }

  func handle(_ key: Key, context: ScreenContext) -> Outcome {
    switch key {
    case .up, .down, .pageUp, .pageDown:
      list.setCount(candidates().count)
      _ = list.handle(key, pageSize: max(1, context.height - 8))
      return .handled
    case .enter:
      return choose()
    case .escape, .function, .control, .tab, .backTab, .resize, .tick:
      return .ignored
    default:
      return reason.handle(key) ? .handled : .ignored
    }
  }

  func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome {
    invocation.id == .confirm ? choose() : .ignored
  }

  func choose() -> Outcome {
    let people = candidates()
    guard people.indices.contains(list.selection) else { return .handled }
    let person = people[list.selection]
    let outcome = Desk.run(
      engine, readOnly: false, ReassignOrders(numbers: numbers, assignee: person.login, reason: reason.text),
      done: Localized(
        "已改派给 \(person.name): \(numbers.joined(separator: " "))",
        "Reassigned to \(person.name): \(numbers.joined(separator: " "))"))
    if case .message(let text, .ok) = outcome {
      onDone?(text)
      return .pop
    }
    return outcome
  }

  func cursor(context: ScreenContext) -> Position? { caret }

  func render(into canvas: inout Canvas, context: ScreenContext) {
    let people = candidates()
    list.setCount(people.count)
    canvas.write(
      " " + context(Localized("改派 \(numbers.count) 张工单", "Reassign \(numbers.count) orders")) + ": "
        + numbers.joined(separator: " "), x: 0, y: 0, style: .title, maxWidth: canvas.width)
    let label = context(Localized("理由: ", "Reason: "))
    canvas.write(" " + label, x: 0, y: 2, style: .header)
    let fieldX = 1 + label.displayWidth
    let caretX = reason.render(into: &canvas, x: fieldX, y: 2, width: canvas.width - fieldX - 1, style: .fieldFocus)
    caret = Position(x: caretX, y: 2)
    canvas.write(
      " " + context(Localized("人员 (灰色: 不具备资格)", "Person (grey: not qualified)")), x: 0, y: 4, style: .header)
    let page = max(1, canvas.height - 6)
    list.keepVisible(pageSize: page)
    for (line, i) in list.visibleRows(pageSize: page).enumerated() {
      let person = people[i]
      let y = 5 + line
      let selected = i == list.selection
      let style: StyleRole = selected ? .selected : (person.gaps.isEmpty ? .normal : .muted)
      let why =
        person.gaps.isEmpty
        ? context(Localized("有资格", "qualified")) : person.gaps.map(context.callAsFunction).joined(separator: "; ")
      canvas.write(
        ((selected ? ">" : " ") + " " + person.name.padded(toWidth: 8) + why).padded(toWidth: canvas.width - 1), x: 0,
        y: y, style: style, maxWidth: canvas.width - 1)
    }
  }
}
