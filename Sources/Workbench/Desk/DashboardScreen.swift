import Domain
import Engine
import Foundation

/// 监控 (F6): open orders, warnings and overdue per stage; each person's load; intake over the last 30
/// days; every KPI against its target; the early warnings with their rules. Enter on a figure opens
/// the orders behind it.
///
/// Over SSH it draws nothing that moves by itself: the figures are computed once per change of the
/// state (`DomainState.version`) or of the minute, and the terminal sends only the cells that changed.
public final class DashboardScreen: Screen {
  public let title = Localized("监控", "Dashboard")
  let engine: Engine
  /// Refuse every change (responses to warnings) when true, as in `engine.isReadOnly`.
  public var readOnly = false
  /// Opens the order file, once that screen exists.
  var openOrder: ((String) -> (any Screen)?)?
  /// Opens another desk screen (staff and equipment for a certificate or calibration warning).
  var openDesk: ((CommandID) -> (any Screen)?)?

  enum Pane: Int, CaseIterable {
    case stages, staff, kpis, warnings
  }

  var pane: Pane = .stages
  /// What the last form recorded, shown on the bottom row until the next key.
  var result: Localized?
  var lists: [Pane: ListView] = [:]
  private var cache: (key: String, data: DashboardData)?
  /// Last month's KPIs: fixed once the month is over, so computed once a day rather than on every change.
  private var lastMonthCache: (key: String, values: [KPIValue])?
  /// Whether the figures are computed off the main thread (the workbench: a frame never waits for them)
  /// or at once when drawn (tests, where every frame must show up-to-date figures).
  public var computesInBackground = false
  let background = BackgroundFigures<DashboardData>()

  init(engine: Engine) {
    self.engine = engine
  }

  public var commands: [CommandID] {
    [.open, .deskRecord, .deskMenu, .nextTab, .previousTab, .move, .page] + SupervisorScreens.deskScreenIDs
  }

  public var helpIntro: Localized? {
    Localized(
      "Tab 在环节、人员、指标、预警之间切换, 上下键选择, 回车查看背后的工单。Ctrl-E 对选中的预警记录应对。",
      "Tab moves between stages, staff, KPIs and warnings; Up/Down select; Enter lists the orders behind the figure. "
        + "Ctrl-E records a response to the selected warning.")
  }

  /// The figures, recomputed only when the state or the minute changed; in the background, the last
  /// ones computed (nil until the first are ready) while newer ones are worked out.
  var data: DashboardData? {
    let now = engine.now
    let key = "\(engine.state.version)-\(Int(now.timeIntervalSince1970) / 60)"
    if let cache, cache.key == key { return cache.data }
    let previous = Desk.previousMonth(of: Day(containing: now))
    let lastKey = "\(previous.from)-\(Day(containing: now))-\(engine.state.standards.count)"
    guard computesInBackground else {
      if lastMonthCache?.key != lastKey {
        lastMonthCache = (lastKey, engine.state.kpis(from: previous.from, to: previous.to))
      }
      let data = DashboardData(state: engine.state, now: now, lastMonth: lastMonthCache?.values)
      cache = (key, data)
      return data
    }
    if let done = background.current, done.key != cache?.key {
      cache = (done.key, done.value)
      lastMonthCache = (done.value.lastMonthKey, done.value.lastMonth)
    }
    if cache?.key != key {
      let state = engine.state
      let last = lastMonthCache?.key == lastKey ? lastMonthCache?.values : nil
      background.request(key) {
        var data = DashboardData(state: state, now: now, lastMonth: last)
        data.lastMonthKey = lastKey
        return data
      }
    }
    return cache?.data
  }

  /// Waits for figures being computed in the background (tests and benches).
  public func waitForFigures() { background.wait() }

  func count(_ pane: Pane, _ data: DashboardData) -> Int {
    switch pane {
    case .stages: data.stages.count
    case .staff: data.staff.count
    case .kpis: data.kpis.count
    case .warnings: data.warnings.count
    }
  }

  func selection(_ pane: Pane) -> Int { lists[pane]?.selection ?? 0 }

  // MARK: Keys

  public func handle(_ key: Key, context: ScreenContext) -> Outcome {
    result = nil
    switch key {
    case .up, .down, .character("k"), .character("j"), .pageUp, .pageDown, .home, .end:
      var list = lists[pane] ?? ListView()
      list.setCount(data.map { count(pane, $0) } ?? 0)
      _ = list.handle(key, pageSize: 5)
      lists[pane] = list
      return .handled
    default:
      return .ignored
    }
  }

  public func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome {
    guard let data = self.data else {
      // Still counting: only leaving for another screen makes sense.
      if case .deskMenu = invocation.id {
        return .push(DeskMenuScreen(open: { [weak self] id in self?.openDesk?(id) }))
      }
      if let screen = openDesk?(invocation.id) { return .push(screen) }
      return .handled
    }
    switch invocation.id {
    case .nextTab, .previousTab:
      let step = invocation.id == .nextTab ? 1 : Pane.allCases.count - 1
      pane = Pane(rawValue: (pane.rawValue + step) % Pane.allCases.count)!
      return .handled
    case .open:
      return drill(data)
    case .deskRecord:
      guard pane == .warnings, data.warnings.indices.contains(selection(.warnings)) else {
        return Desk.need(Localized("一条预警 (Tab 到预警栏)", "a warning (Tab to the warnings)"))
      }
      let warning = data.warnings[selection(.warnings)]
      return Desk.form(
        engine, readOnly: readOnly, title: Localized("预警应对", "Response to a warning"),
        intro: [(Localized("\(warning.level.title.zh) \(warning.detail.zh)", warning.detail.en), .warning)],
        fields: [.text("action", Localized("应对措施", "Action"), required: true, maxLength: 200)],
        report: { [weak self] in self?.result = $0 }
      ) { [engine, readOnly] form in
        Desk.submit(
          engine, readOnly: readOnly, RecordRiskResponse(warning: warning.id, action: form.text("action")),
          done: Localized("已记录应对", "Response recorded"))
      }
    case .deskMenu:
      return .push(DeskMenuScreen(open: { [weak self] id in self?.openDesk?(id) }))
    default:
      if let screen = openDesk?(invocation.id) { return .push(screen) }
      return .ignored
    }
  }

  /// The orders (or the screen) behind the selected figure.
  func drill(_ data: DashboardData) -> Outcome {
    let state = engine.state
    switch pane {
    case .stages:
      guard data.stages.indices.contains(selection(.stages)) else { return .handled }
      let kind = data.stages[selection(.stages)].kind
      return .push(
        DeskOrderListScreen(
          engine: engine,
          title: Localized("在办工单: \(kind.title(.zh))", "Open orders: \(kind.title(.en))"),
          openOrder: openOrder
        ) { order in order.currentKind == kind })
    case .staff:
      guard data.staff.indices.contains(selection(.staff)) else { return .handled }
      let line = data.staff[selection(.staff)]
      return .push(
        DeskOrderListScreen(
          engine: engine, title: Localized("在办工单: \(line.name)", "Open orders: \(line.name)"),
          openOrder: openOrder
        ) { order in order.assignee == line.login })
    case .kpis:
      return openDesk?(.deskKPIs).map { .push($0) } ?? .handled
    case .warnings:
      guard data.warnings.indices.contains(selection(.warnings)) else { return .handled }
      let warning = data.warnings[selection(.warnings)]
      switch warning.rule {
      case .stageDeadline:
        if let screen = openOrder?(warning.subject) { return .push(screen) }
        return .push(
          DeskOrderListScreen(
            engine: engine, title: Localized("预警工单 \(warning.subject)", "Warned order \(warning.subject)"),
            openOrder: openOrder
          ) { order in order.number == warning.subject })
      case .repeatComplaints:
        let name = state.customers[warning.subject]?.maskedName ?? warning.subject
        return .push(
          DeskOrderListScreen(
            engine: engine, title: Localized("客户 \(name) 的工单", "Orders of \(name)"), includeArchived: true,
            openOrder: openOrder
          ) { order in order.customer == warning.subject })
      case .certificateExpiring, .calibrationDue:
        return openDesk?(.deskStaff).map { .push($0) } ?? .handled
      case .calendarMissing:
        return .handled
      }
    }
  }

  // MARK: Drawing

  public func render(into canvas: inout Canvas, context: ScreenContext) {
    guard let data = self.data else {
      canvas.write(
        " " + context(Localized("正在统计监控数据…", "Counting the figures…")), x: 0, y: 0, style: .muted,
        maxWidth: canvas.width - 1)
      return
    }
    for pane in Pane.allCases {
      var list = lists[pane] ?? ListView()
      list.setCount(count(pane, data))
      lists[pane] = list
    }
    let wide = canvas.width >= 110
    let monthText =
      context.lang == .zh
      ? "\(data.month.from.year)年\(data.month.from.month)月" : "\(data.month.from.year)-\(data.month.from.month)"
    canvas.write(" " + context(Localized("本月", "Month")) + " " + monthText, x: 0, y: 0, style: .title)
    if readOnly || engine.isReadOnly {
      let text = context.lang == .zh ? "只读" : "read-only"
      canvas.write(text, x: canvas.width - text.displayWidth - 1, y: 0, style: .muted)
    }
    let top = 1
    // Stages: 环节 在办 预警 超期.
    // Number columns hold 4 digits and a space; a hall with more open orders widens them.
    let biggest = data.stages.map { max($0.open, $0.warning, $0.overdue) }.max() ?? 0
    let numbers = max(4, String(biggest).count) + 1
    let stageWidth = (wide ? 24 : (context.lang == .zh ? 19 : 22)) + 3 * (numbers - 5)
    let staffX = 1 + stageWidth + (wide ? 2 : 1)
    let staffWidth = wide ? 20 : 15
    let rightX = staffX + staffWidth + (wide ? 2 : 1)
    let rightWidth = canvas.width - rightX - 1
    drawStages(data, into: &canvas, x: 1, y: top, width: stageWidth, numbers: numbers, context: context)
    let staffRows = drawStaff(data, into: &canvas, x: staffX, y: top, width: staffWidth, context: context)
    let kpiRows = drawKPIs(data, into: &canvas, x: rightX, y: top, width: rightWidth, context: context)
    let blockHeight = max(data.stages.count + 1, staffRows, kpiRows)
    let warningsY = top + blockHeight + 1
    drawWarnings(data, into: &canvas, y: warningsY, context: context)
    if let result {
      let y = canvas.height - 1
      canvas.fill(Rect(x: 0, y: y, width: canvas.width, height: 1), style: .normal)
      canvas.write(" " + context(result), x: 0, y: y, style: .ok, maxWidth: canvas.width - 1)
    }
  }

  private func marker(_ pane: Pane, _ index: Int) -> Bool { self.pane == pane && selection(pane) == index }

  private func drawStages(
    _ data: DashboardData, into canvas: inout Canvas, x: Int, y: Int, width: Int, numbers: Int,
    context: ScreenContext
  ) {
    let nameWidth = width - 3 * numbers
    let header = [Localized("环节", "Stage"), Localized("在办", "Open"), Localized("预警", "Warn"), Localized("超期", "Late")]
    canvas.write(
      context(header[0]).padded(toWidth: nameWidth)
        + header.dropFirst().map { context($0).padded(toWidth: numbers, alignment: .right) }.joined(),
      x: x, y: y, style: pane == .stages ? .title : .header, maxWidth: width)
    for (i, line) in data.stages.enumerated() {
      let selected = marker(.stages, i)
      let rowY = y + 1 + i
      let base: StyleRole = selected ? .selected : (line.open == 0 ? .muted : .normal)
      var cx = canvas.write(line.kind.title(context.lang).padded(toWidth: nameWidth), x: x, y: rowY, style: base)
      cx = canvas.write(String(line.open).padded(toWidth: numbers, alignment: .right), x: cx, y: rowY, style: base)
      let warn: StyleRole = selected ? .selected : (line.warning > 0 ? .warning : base)
      cx = canvas.write(String(line.warning).padded(toWidth: numbers, alignment: .right), x: cx, y: rowY, style: warn)
      let late: StyleRole = selected ? .selected : (line.overdue > 0 ? .overdue : base)
      canvas.write(String(line.overdue).padded(toWidth: numbers, alignment: .right), x: cx, y: rowY, style: late)
    }
  }

  /// Returns the rows used (header included).
  private func drawStaff(
    _ data: DashboardData, into canvas: inout Canvas, x: Int, y: Int, width: Int, context: ScreenContext
  ) -> Int {
    let numbers = 5
    let nameWidth = width - 2 * numbers
    canvas.write(
      context(Localized("人员", "Staff")).padded(toWidth: nameWidth)
        + context(Localized("在办", "Open")).padded(toWidth: numbers, alignment: .right)
        + context(Localized("超期", "Late")).padded(toWidth: numbers, alignment: .right),
      x: x, y: y, style: pane == .staff ? .title : .header, maxWidth: width)
    // As many people as the stage block is tall; the rest scroll.
    let room = max(1, data.stages.count)
    var list = lists[.staff] ?? ListView()
    list.keepVisible(pageSize: room)
    lists[.staff] = list
    for (line, i) in list.visibleRows(pageSize: room).enumerated() {
      let member = data.staff[i]
      let selected = marker(.staff, i)
      let base: StyleRole = selected ? .selected : .normal
      let rowY = y + 1 + line
      var cx = canvas.write(
        DisplayWidth.truncate(member.name, toWidth: nameWidth - 1).padded(toWidth: nameWidth), x: x, y: rowY,
        style: base)
      cx = canvas.write(String(member.open).padded(toWidth: numbers, alignment: .right), x: cx, y: rowY, style: base)
      let late: StyleRole = selected ? .selected : (member.overdue > 0 ? .overdue : base)
      canvas.write(String(member.overdue).padded(toWidth: numbers, alignment: .right), x: cx, y: rowY, style: late)
    }
    return 1 + min(room, data.staff.count)
  }

  /// The intake sparkline and the KPI bars; returns the rows used.
  private func drawKPIs(
    _ data: DashboardData, into canvas: inout Canvas, x: Int, y: Int, width: Int, context: ScreenContext
  ) -> Int {
    let label = context(Localized("近30天受理", "Intake 30d")) + " "
    let spark = context.lines.sparkline(data.intake.map(Double.init))
    let total = data.intake.reduce(0, +)
    var cx = canvas.write(label, x: x, y: y, style: .header)
    cx = canvas.write(spark, x: cx, y: y, style: .accent, maxWidth: x + width - cx)
    canvas.write(" \(total)", x: cx, y: y, style: .normal, maxWidth: max(0, x + width - cx))
    let numbers = 7
    let targetWidth = 6
    // Names get what the figures and a bar of 10 leave, from 13 to 30 columns.
    let nameWidth = min(30, max(13, width - 2 * numbers - targetWidth - 1 - 10))
    let barWidth = max(0, width - nameWidth - 2 * numbers - targetWidth - 1)
    let headerY = y + 1
    canvas.write(
      context(Localized("考核指标", "KPI")).padded(toWidth: nameWidth)
        + context(Localized("本月", "Month")).padded(toWidth: numbers, alignment: .right)
        + context(Localized("上月", "Last")).padded(toWidth: numbers, alignment: .right)
        + context(Localized("目标", "Goal")).padded(toWidth: targetWidth, alignment: .right),
      x: x, y: headerY, style: pane == .kpis ? .title : .header, maxWidth: width)
    for (i, line) in data.kpis.enumerated() {
      let rowY = headerY + 1 + i
      let k = line.now
      let selected = marker(.kpis, i)
      let met: StyleRole = k.met.map { $0 ? .ok : .warning } ?? .normal
      let base: StyleRole = selected ? .selected : .normal
      let name = DisplayWidth.truncate(k.name.text(context.lang), toWidth: nameWidth - 1).padded(toWidth: nameWidth)
      var cx = canvas.write(name, x: x, y: rowY, style: base)
      cx = canvas.write(
        Desk.figure(k.value, unit: k.unit).padded(toWidth: numbers, alignment: .right), x: cx, y: rowY,
        style: selected ? .selected : met)
      cx = canvas.write(
        Desk.figure(line.last?.value, unit: k.unit).padded(toWidth: numbers, alignment: .right), x: cx, y: rowY,
        style: base)
      cx = canvas.write(
        Desk.target(k.target, unit: k.unit).padded(toWidth: targetWidth, alignment: .right), x: cx, y: rowY,
        style: base)
      if barWidth >= 4 {
        drawBar(k, into: &canvas, x: cx + 1, y: rowY, width: barWidth, style: met, lines: context.lines)
      }
    }
    return 2 + data.kpis.count
  }

  /// A bar of the value against the target: filled to the value, a tick at the target. Percentages are
  /// drawn on 0–100; other units on a scale of twice the target (or the value, when larger).
  private func drawBar(
    _ k: KPIValue, into canvas: inout Canvas, x: Int, y: Int, width: Int, style: StyleRole, lines: LineSet
  ) {
    guard let value = k.value else {
      canvas.write(String(repeating: lines.horizontal, count: width), x: x, y: y, style: .muted)
      return
    }
    let scale = k.unit == "%" ? 100 : max(value, (k.target ?? value) * 2, 1)
    let filled = max(0, min(width, Int((value / scale * Double(width)).rounded())))
    canvas.write(String(repeating: lines.sparkline[7], count: filled), x: x, y: y, style: style)
    canvas.write(String(repeating: lines.horizontal, count: width - filled), x: x + filled, y: y, style: .muted)
    if let target = k.target {
      let tick = max(0, min(width - 1, Int((target / scale * Double(width)).rounded()) - 1))
      canvas.write(lines.vertical, x: x + tick, y: y, style: .accent)
    }
  }

  private func drawWarnings(_ data: DashboardData, into canvas: inout Canvas, y: Int, context: ScreenContext) {
    guard y < canvas.height else { return }
    let heading = context(Localized("预警", "Warnings")) + " (\(data.warnings.count))"
    canvas.write(" " + heading, x: 0, y: y, style: pane == .warnings ? .title : .header)
    let room = max(1, canvas.height - y - 1)
    var list = lists[.warnings] ?? ListView()
    list.keepVisible(pageSize: room)
    lists[.warnings] = list
    if data.warnings.isEmpty {
      canvas.write(context(Localized("  没有预警", "  No warnings")), x: 0, y: y + 1, style: .muted)
      return
    }
    let ruleWidth = canvas.width >= 110 ? 40 : (context.lang == .zh ? 20 : 26)
    for (line, i) in list.visibleRows(pageSize: room).enumerated() {
      let w = data.warnings[i]
      let rowY = y + 1 + line
      let selected = marker(.warnings, i)
      let levelStyle: StyleRole = selected ? .selected : (w.level == .red ? .overdue : .warning)
      let base: StyleRole = selected ? .selected : .normal
      let level = context.lang == .zh ? (w.level == .red ? "红" : "黄") : (w.level == .red ? "red" : "yel")
      canvas.write(selected ? ">" : " ", x: 0, y: rowY, style: selected ? .selected : .accent)
      var cx = canvas.write(" " + level + " ", x: 1, y: rowY, style: levelStyle)
      let ruleText = context(Localized("规则: ", "rule: ")) + context(w.ruleText)
      let ruleX = canvas.width - ruleWidth - 1
      let responses = w.responses > 0 ? context(Localized(" 已应对\(w.responses)", " \(w.responses) resp.")) : ""
      cx = canvas.write(
        (w.subject + "  " + context(w.detail) + responses).padded(toWidth: max(0, ruleX - cx - 1)), x: cx, y: rowY,
        style: base, maxWidth: max(0, ruleX - cx - 1))
      canvas.write(
        ruleText.padded(toWidth: ruleWidth + 1), x: ruleX, y: rowY, style: selected ? .selected : .muted,
        maxWidth: ruleWidth + 1)
    }
  }
}
