import Domain
import Engine
import Foundation

/// 考核指标: every KPI of a month for the hall, each person or each team — numerator, denominator,
/// value and the standard's target (`DomainState.kpis`). Tab switches the scope; `[` and `]` (or `,`
/// and `.`, and their full-width forms from an input method) change the month.
final class KPIScreen: DeskListScreen {
  /// The first day of the month shown.
  var month: Day

  init(engine: Engine) {
    let today = Day(containing: engine.now)
    month = Day(today.year, today.month, 1)
    super.init(engine: engine, title: Localized("考核指标", "KPIs"))
    detailHeight = 0
  }

  /// The login whose figures alone are shown, when the account may see only its own KPIs (a clerk or
  /// field staff: Domain's visibility rule); nil when it sees the hall's.
  var ownLogin: String? { Visibility.sight(.kpis, engine) == .all ? nil : engine.login }

  override var tabs: [Localized] {
    ownLogin != nil
      ? [Localized("本人", "Mine")]
      : [Localized("全厅", "Hall"), Localized("按人员", "By staff"), Localized("按班组", "By team")]
  }

  override var helpIntro: Localized? {
    Localized(
      "考核指标 = 分子 / 分母, 与现行标准的目标比较 (绿色达标, 黄色未达标)。Tab 切换全厅、人员、班组; [ 和 ] (或 , 和 .) 切换上月、下月。",
      "Each KPI is numerator / denominator against the standard's target (green met, yellow not). Tab switches hall, "
        + "staff and team; [ and ] (or , and .) change the month.")
  }

  override var commands: [CommandID] { [.nextTab, .previousTab, .move, .page] }

  override func handle(_ key: Key, context: ScreenContext) -> Outcome {
    switch key {
    case .character("["), .character(","), .character("【"), .character("，"):
      month = Desk.previousMonth(of: month).from
      return .handled
    case .character("]"), .character("."), .character("】"), .character("。"):
      let next = Desk.month(of: month).to.adding(days: 1)
      if next <= Day(containing: engine.now) { month = next }
      return .handled
    default:
      return super.handle(key, context: context)
    }
  }

  override func heading(_ lang: Lang) -> String {
    let period = Desk.month(of: month)
    return lang == .zh
      ? "考核指标  \(month.year)年\(month.month)月 (\(period.from) 至 \(period.to))   [ 上月  ] 下月"
      : "KPIs  \(month.year)-\(month.month) (\(period.from) to \(period.to))   [ previous  ] next"
  }

  override func columns() -> [TableColumn] {
    [
      TableColumn(Localized("范围", "Scope"), width: tab == 0 ? 0 : 10),
      TableColumn(Localized("指标", "KPI"), width: 20, flex: 1),
      TableColumn(Localized("分子", "Num."), width: 7, alignment: .right),
      TableColumn(Localized("分母", "Den."), width: 7, alignment: .right),
      TableColumn(Localized("值", "Value"), width: 13, alignment: .right),
      TableColumn(Localized("目标", "Target"), width: 8, alignment: .right),
      TableColumn(Localized("达标", "Met"), width: 7),
    ]
  }

  static func scopes(_ state: DomainState, tab: Int, own: String? = nil) -> [(name: String, scope: KPIScope)] {
    if let own { return [(state.staff[own]?.name ?? own, .staff(own))] }
    switch tab {
    case 1:
      return state.staff.values.filter { $0.active && ($0.has(.clerk) || $0.has(.field)) }.sorted {
        $0.login < $1.login
      }
      .map { ($0.name, .staff($0.login)) }
    case 2:
      return Set(state.staff.values.map(\.team)).filter { !$0.isEmpty }.sorted().map { ($0, .team($0)) }
    default:
      return [("", .hall)]
    }
  }

  private let figures = BackgroundFigures<[DeskRow]>()
  /// The month, tab and language of the rows shown last: moving to another is worked out at once.
  private var shownView = ""

  /// The rows, worked out once per change of the log, month, tab and language: a month's KPIs over a
  /// large hall take a noticeable time (per person, several seconds at 100,000 orders), and the screen
  /// asks for its rows on every draw and key. In the workbench, a change of the log is worked out in
  /// the background while the rows shown stay.
  override func rows(_ lang: Lang) -> [DeskRow] {
    let own = ownLogin
    let view = "\(month)-\(tab)-\(lang)-\(own ?? "")"
    let inBackground = computesInBackground && view == shownView
    shownView = view
    let state = engine.state
    let (month, tab) = (self.month, self.tab)
    return figures.value(for: "\(state.version)-\(view)", inBackground: inBackground) {
      KPIScreen.rows(state, month: month, tab: tab, own: own, lang)
    }
  }

  /// Waits for rows being worked out in the background (tests).
  func waitForRows() { figures.wait() }

  private static func rows(_ state: DomainState, month: Day, tab: Int, own: String?, _ lang: Lang) -> [DeskRow] {
    let period = Desk.month(of: month)
    var rows: [DeskRow] = []
    for (name, scope) in scopes(state, tab: tab, own: own) {
      for k in state.kpis(from: period.from, to: period.to, scope: scope) {
        let met: String =
          switch k.met {
          case true?: lang == .zh ? "达标" : "yes"
          case false?: lang == .zh ? "未达标" : "no"
          case nil: "-"
          }
        rows.append(
          DeskRow(
            id: "\(name)|\(k.id)",
            cells: [
              name, k.name.text(lang), Desk.figure(k.numerator, unit: ""),
              k.denominator.map { Desk.figure($0, unit: "") } ?? "-",
              Desk.figure(k.value, unit: k.unit) + (k.unit == "%" || k.value == nil ? "" : " " + k.unit),
              Desk.target(k.target, unit: k.unit), met,
            ],
            cellStyles: [nil, nil, nil, nil, k.met.map { $0 ? .ok : .warning }, nil, k.met.map { $0 ? .ok : .warning }])
        )
      }
    }
    return rows
  }
}

/// 督办通知 (guide ch. 7.3): a supervisor sends a notice to a person or a team (Ins); a recipient sees
/// the ones not yet acknowledged first and acknowledges with Enter.
final class NoticesScreen: DeskListScreen {
  init(engine: Engine) {
    super.init(engine: engine, title: Localized("督办通知", "Notices"))
    detailHeight = 3
  }

  override var actions: [CommandID] { [.confirm, .deskNew] }

  override var helpIntro: Localized? {
    Localized(
      "班长向个人或班组发送督办通知 (Ins); 收到的人在通知上按回车确认收到。未确认的通知排在前面。",
      "A supervisor sends a notice to a person or a team (Ins); a recipient acknowledges it with Enter. "
        + "Notices not yet acknowledged come first.")
  }

  /// Whether the account sees every notice, or only those sent to it (Domain's visibility rule).
  var seesAll: Bool { Visibility.sight(.notices, engine) == .all }

  var notices: [Notice] {
    let login = engine.login
    let mine = engine.state.supervision.notices.filter { seesAll || $0.recipients.contains(login) }
    let pending = mine.filter { $0.pending.contains(login) }.reversed()
    let rest = mine.filter { !$0.pending.contains(login) }.reversed()
    return Array(pending) + Array(rest)
  }

  override func heading(_ lang: Lang) -> String {
    let pending = SupervisorScreens.pendingNotices(engine: engine)
    return lang == .zh ? "督办通知  待我确认 \(pending) 条" : "Notices: \(pending) to acknowledge"
  }

  override func columns() -> [TableColumn] {
    [
      TableColumn(Localized("编号", "Id"), width: 8),
      TableColumn(Localized("发送", "Sent"), width: 12),
      TableColumn(Localized("发送人", "From"), width: 7),
      TableColumn(Localized("接收", "To"), width: 11),
      TableColumn(Localized("内容", "Notice"), width: 20, flex: 1),
      TableColumn(Localized("确认", "Ack."), width: 6, alignment: .right),
    ]
  }

  override func rows(_ lang: Lang) -> [DeskRow] {
    let login = engine.login
    return notices.map { n in
      let pending = n.pending.contains(login)
      let to = n.team ?? n.recipients.map { name($0) }.joined(separator: ",")
      return DeskRow(
        id: n.id,
        cells: [
          n.id, Desk.shortTime(n.sent), name(n.by), to, n.text, "\(n.acknowledged.count)/\(n.recipients.count)",
        ], style: pending ? .warning : .normal,
        cellStyles: [nil, nil, nil, nil, nil, n.pending.isEmpty ? .ok : nil])
    }
  }

  override func detail(_ row: DeskRow, _ lang: Lang) -> [(String, StyleRole)] {
    guard let n = engine.state.supervision.notice(row.id) else { return [] }
    var lines: [(String, StyleRole)] = [(n.text, .normal)]
    if !n.pending.isEmpty {
      lines.append(
        ((lang == .zh ? "未确认: " : "Not acknowledged: ") + n.pending.map { name($0) }.joined(separator: ", "), .warning))
    }
    if n.pending.contains(engine.login) {
      lines.append((lang == .zh ? "请按回车确认收到" : "Enter acknowledges it", .accent))
    }
    return lines
  }

  override func act(_ id: CommandID, row: DeskRow?, context: ScreenContext) -> Outcome {
    switch id {
    case .deskNew:
      let teams = Set(engine.state.staff.values.map(\.team)).filter { !$0.isEmpty }.sorted()
      let options =
        staffOptions().map { FormOption("p:" + $0.value, $0.title) }
        + teams.map { FormOption("t:" + $0, Localized("班组 \($0)", "team \($0)")) }
      return form(
        Localized("发送督办通知", "Send a notice"),
        [
          .choice("to", Localized("接收人/班组", "To (person or team)"), options: options),
          .text("text", Localized("内容", "Notice"), required: true, maxLength: 500),
        ],
        submit: { form in
          let to = form.choice("to") ?? ""
          let value = String(to.dropFirst(2))
          return to.hasPrefix("t:")
            ? SendNotice(team: value, text: form.text("text")) : SendNotice(to: value, text: form.text("text"))
        }, done: Localized("已发送", "Notice sent"))
    case .confirm:
      guard let row else { return Desk.need(Localized("一条通知", "a notice")) }
      return run(AcknowledgeNotice(id: row.id), done: Localized("已确认 \(row.id)", "\(row.id) acknowledged"))
    default:
      return .ignored
    }
  }
}
