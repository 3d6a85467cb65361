import Domain
import Engine
import Foundation

/// 问题看板 (guide ch. 3.3): the problems of every order, open / overdue / awaiting verification /
/// closed (`DomainState.problemBoard`). Ins opens a problem by hand, Ctrl-E records cause and action,
/// Ctrl-V verifies, Ctrl-D closes.
final class ProblemsScreen: DeskListScreen {
  init(engine: Engine) {
    super.init(engine: engine, title: Localized("问题看板", "Problems"))
    detailHeight = 3
  }

  /// The board, or only the problems the account owns when that is all it may see (Domain's
  /// visibility rule: a clerk or field staff).
  var board: ProblemBoard {
    var board = engine.state.problemBoard(today: today)
    guard Visibility.sight(.problems, engine) < .all else { return board }
    let login = engine.login
    func mine(_ list: [Problem]) -> [Problem] { list.filter { $0.owner == login } }
    board.open = mine(board.open)
    board.overdue = mine(board.overdue)
    board.awaitingVerification = mine(board.awaitingVerification)
    board.closed = mine(board.closed)
    return board
  }

  override var tabs: [Localized] {
    let b = board
    return [
      Localized("未闭环 \(b.open.count)", "Open \(b.open.count)"),
      Localized("超期 \(b.overdue.count)", "Overdue \(b.overdue.count)"),
      Localized("待验证 \(b.awaitingVerification.count)", "To verify \(b.awaitingVerification.count)"),
      Localized("已闭环 \(b.closed.count)", "Closed \(b.closed.count)"),
    ]
  }

  override var actions: [CommandID] { [.deskNew, .deskRecord, .deskVerify, .deskClose] }

  override var helpIntro: Localized? {
    Localized(
      "问题闭环: 记录原因与整改措施 (Ctrl-E), 由他人验证 (Ctrl-V), 然后关闭 (Ctrl-D)。Ins 手工登记问题。",
      "Closed loop: record cause and action (Ctrl-E), have it verified (Ctrl-V), then close it (Ctrl-D). Ins opens one."
    )
  }

  override func heading(_ lang: Lang) -> String {
    let b = board
    let total = b.open.count + b.closed.count
    let rate = total > 0 ? String(format: "%.1f%%", Double(b.closed.count) / Double(total) * 100) : "-"
    return lang == .zh ? "问题看板  共 \(total) 项  已闭环 \(rate)" : "Problems: \(total), \(rate) closed"
  }

  override func columns() -> [TableColumn] {
    [
      TableColumn(Localized("编号", "Id"), width: 8),
      TableColumn(Localized("来源", "Source"), width: 7),
      TableColumn(Localized("问题", "Problem"), width: 18, flex: 1),
      TableColumn(Localized("工单", "Order"), width: 15),
      TableColumn(Localized("责任人", "Owner"), width: 7),
      TableColumn(Localized("期限", "Due"), width: 11),
      TableColumn(Localized("状态", "Status"), width: 8),
    ]
  }

  override func rows(_ lang: Lang) -> [DeskRow] {
    let b = board
    let list = [b.open, b.overdue, b.awaitingVerification, b.closed][min(tab, 3)]
    let overdue = Set(b.overdue.map(\.id))
    return list.map { p in
      DeskRow(
        id: p.id,
        cells: [
          p.id, p.source.title.text(lang), p.title, p.order ?? "-", name(p.owner), p.due?.description ?? "-",
          p.status.title.text(lang),
        ], style: p.status == .closed ? .muted : .normal,
        cellStyles: [nil, nil, nil, nil, nil, overdue.contains(p.id) ? .overdue : nil])
    }
  }

  override func detail(_ row: DeskRow, _ lang: Lang) -> [(String, StyleRole)] {
    guard let p = engine.state.problems[row.id] else { return [] }
    var lines: [(String, StyleRole)] = []
    lines.append(
      (
        (lang == .zh ? "原因: " : "Cause: ") + (p.cause ?? "-") + "  " + (lang == .zh ? "措施: " : "Action: ")
          + (p.action ?? "-"), .normal
      ))
    if let v = p.verification {
      lines.append(((lang == .zh ? "验证: " : "Verified: ") + v + " " + name(p.verifiedBy), .normal))
    }
    return lines
  }

  override func commandType(for id: CommandID) -> (any CommandBody.Type)? {
    switch id {
    case .deskNew: OpenProblem.self
    case .deskRecord: RecordProblemAction.self
    case .deskVerify: VerifyProblem.self
    case .deskClose: CloseProblem.self
    default: nil
    }
  }

  override func act(_ id: CommandID, row: DeskRow?, context: ScreenContext) -> Outcome {
    let now = engine.now
    switch id {
    case .deskNew:
      return form(
        Localized("登记问题", "Open a problem"),
        [
          .text("title", Localized("问题", "Problem"), required: true, maxLength: 200),
          .text("order", Localized("工单", "Order"), maxLength: 20),
          .choice("owner", Localized("责任人", "Owner"), options: staffOptions()),
          .day("due", Localized("期限", "Due"), value: today.adding(days: 7), required: false, now: now),
        ],
        submit: { form in
          OpenProblem(
            order: form.text("order").isEmpty ? nil : form.text("order"), title: form.text("title"),
            owner: form.choice("owner"), due: form.day("due", now: now))
        }, done: Localized("已登记问题", "Problem opened"))
    case .deskRecord:
      guard let row else { return Desk.need(Localized("一个问题", "a problem")) }
      return form(
        Localized("整改措施 \(row.id)", "Action on \(row.id)"),
        [
          .text("cause", Localized("原因", "Cause"), required: true, maxLength: 500),
          .text("action", Localized("整改措施", "Corrective action"), required: true, maxLength: 500),
        ],
        submit: { form in RecordProblemAction(id: row.id, cause: form.text("cause"), action: form.text("action")) },
        done: Localized("已记录 \(row.id) 的整改", "Action on \(row.id) recorded"))
    case .deskVerify:
      guard let row else { return Desk.need(Localized("一个问题", "a problem")) }
      return form(
        Localized("验证 \(row.id)", "Verify \(row.id)"),
        [.text("verification", Localized("验证结果", "Verification"), required: true, maxLength: 500)],
        submit: { form in VerifyProblem(id: row.id, verification: form.text("verification")) },
        done: Localized("已验证 \(row.id)", "\(row.id) verified"))
    case .deskClose:
      guard let row else { return Desk.need(Localized("一个问题", "a problem")) }
      return run(CloseProblem(id: row.id), done: Localized("\(row.id) 已闭环", "\(row.id) closed"))
    default:
      return .ignored
    }
  }
}

/// 违规 (guide ch. 4.3): violations with category, severity, the responsibility split and the decision.
/// A supervisor records them (Ins); the staff member concerned sees their own and records a statement
/// (Ctrl-E).
final class ViolationsScreen: DeskListScreen {
  init(engine: Engine) {
    super.init(engine: engine, title: Localized("违规", "Violations"))
    detailHeight = 5
  }

  override var actions: [CommandID] { [.deskNew, .deskRecord] }

  override var helpIntro: Localized? {
    Localized(
      "违规记录与责任划分 (主要/次要/领导责任)。Ins 记录违规 (班长); 当事人按 Ctrl-E 填写本人陈述。",
      "Violations with the responsibility split (main/secondary/leadership). Ins records one (supervisor); the person "
        + "concerned records a statement with Ctrl-E.")
  }

  /// Supervisors, auditors and admins see every violation; anyone else only those that concern them
  /// (Domain's visibility rule).
  var seesAll: Bool { Visibility.sight(.violations, engine) == .all }

  var violations: [Violation] {
    let all = engine.state.supervision.violations.reversed()
    return seesAll ? Array(all) : all.filter { $0.concerned.contains(engine.login) }
  }

  override func heading(_ lang: Lang) -> String {
    let n = violations.count
    return seesAll
      ? (lang == .zh ? "违规记录 \(n) 条" : "Violations: \(n)")
      : (lang == .zh ? "与我有关的违规 \(n) 条" : "Violations concerning me: \(n)")
  }

  override func columns() -> [TableColumn] {
    [
      TableColumn(Localized("编号", "Id"), width: 8),
      TableColumn(Localized("当事人", "Staff"), width: 7),
      TableColumn(Localized("类别", "Category"), width: 10),
      TableColumn(Localized("程度", "Severity"), width: 8),
      TableColumn(Localized("情况", "What"), width: 16, flex: 1),
      TableColumn(Localized("记录", "Recorded"), width: 12),
      TableColumn(Localized("陈述", "Stmt."), width: 6, alignment: .right),
    ]
  }

  override func rows(_ lang: Lang) -> [DeskRow] {
    violations.map { v in
      DeskRow(
        id: v.id,
        cells: [
          v.id, name(v.staff), v.category, v.severity.title.text(lang), Masking.freeText(v.description),
          Desk.shortTime(v.recorded),
          "\(v.statements.count)",
        ], cellStyles: [nil, nil, nil, v.severity == .general ? .warning : .overdue])
    }
  }

  override func detail(_ row: DeskRow, _ lang: Lang) -> [(String, StyleRole)] {
    guard let v = engine.state.supervision.violation(row.id) else { return [] }
    let shares = v.shares.map { "\(name($0.login)) \($0.responsibility.title.text(lang))" }.joined(separator: ", ")
    var lines: [(String, StyleRole)] = [
      ((lang == .zh ? "责任: " : "Responsibility: ") + shares, .normal),
      ((lang == .zh ? "决定: " : "Decision: ") + v.decision + (v.order.map { "  \($0)" } ?? ""), .normal),
    ]
    for s in v.statements.suffix(2) {
      lines.append(((lang == .zh ? "陈述 " : "Statement ") + "\(name(s.by)) \(Desk.shortTime(s.at)): \(s.text)", .accent))
    }
    return lines
  }

  override func commandType(for id: CommandID) -> (any CommandBody.Type)? {
    switch id {
    case .deskNew: RecordViolation.self
    case .deskRecord: RecordViolationStatement.self
    default: nil
    }
  }

  override func act(_ id: CommandID, row: DeskRow?, context: ScreenContext) -> Outcome {
    switch id {
    case .deskNew:
      let none = FormOption("", Localized("(无)", "(none)"))
      return form(
        Localized("记录违规", "Record a violation"),
        [
          .choice("staff", Localized("当事人 (主要责任)", "Staff (main resp.)"), options: staffOptions()),
          .text("category", Localized("类别", "Category"), required: true, maxLength: 40),
          .choice(
            "severity", Localized("严重程度", "Severity"),
            options: ViolationSeverity.allCases.map { FormOption($0.rawValue, $0.title) }),
          .text("description", Localized("情况", "What happened"), required: true, maxLength: 500),
          .choice("secondary", Localized("次要责任", "Secondary resp."), options: [none] + staffOptions()),
          .choice("leadership", Localized("领导责任", "Leadership resp."), options: [none] + staffOptions()),
          .text("decision", Localized("处理决定", "Decision"), required: true, maxLength: 200),
          .text("order", Localized("工单", "Order"), maxLength: 20),
        ],
        submit: { form in
          let staff = form.choice("staff") ?? ""
          var shares = [ResponsibilityShare(login: staff, responsibility: .main)]
          if let s = form.choice("secondary"), !s.isEmpty { shares.append(.init(login: s, responsibility: .secondary)) }
          if let l = form.choice("leadership"), !l.isEmpty {
            shares.append(.init(login: l, responsibility: .leadership))
          }
          return RecordViolation(
            staff: staff, category: form.text("category"),
            severity: ViolationSeverity(rawValue: form.choice("severity") ?? "") ?? .general,
            description: form.text("description"), shares: shares, decision: form.text("decision"),
            order: form.text("order").isEmpty ? nil : form.text("order"))
        }, done: Localized("已记录违规", "Violation recorded"))
    case .deskRecord:
      guard let row else { return Desk.need(Localized("一条违规", "a violation")) }
      return form(
        Localized("本人陈述 \(row.id)", "Statement on \(row.id)"),
        [.text("text", Localized("陈述", "Statement"), required: true, maxLength: 1000)],
        submit: { form in RecordViolationStatement(id: row.id, text: form.text("text")) },
        done: Localized("已记录陈述", "Statement recorded"))
    default:
      return .ignored
    }
  }
}
