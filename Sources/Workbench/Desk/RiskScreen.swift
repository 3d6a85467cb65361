import Domain
import Engine
import Foundation

/// 风险 (F7): the risk register, the 5×5 matrix of open risks coloured by level, and the early warnings
/// with their rules. Ins registers a risk, Enter re-rates it (likelihood, impact, owner, plan, status),
/// Ctrl-E records a response (on a risk or a warning), Ctrl-D closes a risk.
final class RiskScreen: DeskListScreen {
  init(engine: Engine) {
    super.init(engine: engine, title: Localized("风险", "Risk"))
  }

  override var tabs: [Localized] {
    [Localized("风险台账", "Register"), Localized("风险矩阵", "Matrix"), Localized("预警", "Warnings")]
  }

  override var actions: [CommandID] {
    switch tab {
    case 0: [.deskNew, .deskEdit, .deskRecord, .deskClose]
    case 2: [.deskRecord]
    default: [.deskNew]
    }
  }

  override var helpIntro: Localized? {
    Localized(
      "风险等级 = 可能性 x 影响 (1-25): 1-4 低, 5-9 中, 10-16 高, 20-25 极高。Ins 登记风险, 回车修改选中风险的可能性、影响、"
        + "责任人、计划与状态 (班长), Ctrl-E 记录应对, Ctrl-D 关闭。",
      "Level = likelihood x impact (1-25): 1-4 low, 5-9 medium, 10-16 high, 20-25 extreme. Ins registers a risk, "
        + "Enter changes the selected risk's likelihood, impact, owner, plan and status (supervisors), "
        + "Ctrl-E records a response, Ctrl-D closes it.")
  }

  override var showsTable: Bool { tab != 1 }
  override var detailHeight: Int {
    get { tab == 0 ? 4 : 2 }
    set {}
  }

  override func heading(_ lang: Lang) -> String {
    let s = engine.state.supervision
    let open = s.risks.filter { $0.status != .closed }.count
    return lang == .zh
      ? "风险 \(s.risks.count) 项, 未关闭 \(open)  预警 \(currentWarnings.count)"
      : "Risks \(s.risks.count), \(open) open  warnings \(currentWarnings.count)"
  }

  static func style(_ level: RiskLevel) -> StyleRole {
    switch level {
    case .low: .ok
    case .medium: .warning
    case .high: .overdue
    case .extreme: .error
    }
  }

  override func columns() -> [TableColumn] {
    if tab == 2 {
      return [
        TableColumn(Localized("级别", "Level"), width: 5),
        TableColumn(Localized("规则", "Rule"), width: 18),
        TableColumn(Localized("对象", "Subject"), width: 20),
        TableColumn(Localized("说明", "Detail"), width: 24, flex: 1),
        TableColumn(Localized("应对", "Resp."), width: 6, alignment: .right),
      ]
    }
    return [
      TableColumn(Localized("编号", "Id"), width: 7),
      TableColumn(Localized("来源", "Source"), width: 9),
      TableColumn(Localized("类别", "Category"), width: 9),
      TableColumn(Localized("风险", "Risk"), width: 14, flex: 1),
      TableColumn(Localized("可能", "L"), width: 5, alignment: .right),
      TableColumn(Localized("影响", "I"), width: 5, alignment: .right),
      TableColumn(Localized("等级", "Level"), width: 8),
      TableColumn(Localized("责任人", "Owner"), width: 7),
      TableColumn(Localized("状态", "Status"), width: 9),
    ]
  }

  override func rows(_ lang: Lang) -> [DeskRow] {
    let state = engine.state
    if tab == 2 {
      return currentWarnings.map { w in
        DeskRow(
          id: w.id,
          cells: [
            (lang == .zh ? (w.level == .red ? "红" : "黄") : (w.level == .red ? "red" : "yel")), w.ruleText.text(lang),
            w.subject, w.detail.text(lang), "\(w.responses)",
          ], cellStyles: [w.level == .red ? .overdue : .warning])
      }
    }
    return state.supervision.risks.map { r in
      DeskRow(
        id: r.id,
        cells: [
          r.id, r.source.title.text(lang), r.category, r.title, "\(r.likelihood)", "\(r.impact)",
          "\(r.level.title.text(lang)) \(r.score)", name(r.owner), r.status.title.text(lang),
        ], style: r.status == .closed ? .muted : .normal,
        cellStyles: r.status == .closed ? [] : [nil, nil, nil, nil, nil, nil, Self.style(r.level)])
    }
  }

  override func detail(_ row: DeskRow, _ lang: Lang) -> [(String, StyleRole)] {
    let state = engine.state
    if tab == 2 {
      let responses = state.supervision.warningResponses.first { $0.warning == row.id }?.responses ?? []
      guard let last = responses.last else {
        return [(lang == .zh ? "尚无应对 (Ctrl-E 记录)" : "No response yet (Ctrl-E records one)", .muted)]
      }
      return [
        (
          (lang == .zh ? "最近应对: " : "Last response: ") + "\(last.action)  \(name(last.by)) \(Desk.time(last.at))",
          .normal
        )
      ]
    }
    guard let r = state.supervision.risk(row.id) else { return [] }
    var lines: [(String, StyleRole)] = [((lang == .zh ? "应对计划: " : "Plan: ") + r.plan, .normal)]
    for response in r.responses.suffix(2) {
      lines.append(("  \(Desk.shortTime(response.at)) \(name(response.by)): \(response.action)", .normal))
    }
    if let note = r.closingNote {
      lines.append(((lang == .zh ? "关闭说明: " : "Closed: ") + note, .muted))
    }
    return lines
  }

  /// The matrix: likelihood 5→1 down the side, impact 1→5 across, each cell the count of open risks,
  /// coloured by the level of its score.
  override func drawTop(into canvas: inout Canvas, y: Int, context: ScreenContext) -> Int {
    guard tab == 1 else { return 0 }
    let matrix = engine.state.supervision.matrix
    let cell = canvas.width >= 110 ? 10 : 8
    let x0 = 14
    canvas.write(context(Localized("影响 (1-5)", "Impact (1-5)")), x: x0, y: y, style: .header)
    for i in 1...5 {
      canvas.write(
        String(i).padded(toWidth: cell, alignment: .center), x: x0 + (i - 1) * cell, y: y + 1, style: .header)
    }
    for (row, l) in stride(from: 5, through: 1, by: -1).enumerated() {
      let ry = y + 2 + row * 2
      let label = context(Localized("可能性 \(l)", "Likely \(l)"))
      canvas.write(label.padded(toWidth: x0 - 2, alignment: .right), x: 0, y: ry, style: .header)
      for i in 1...5 {
        let count = matrix[l - 1][i - 1]
        let level = RiskLevel(score: l * i)
        let text = count > 0 ? "\(count)" : "."
        canvas.write(
          text.padded(toWidth: cell - 1, alignment: .center), x: x0 + (i - 1) * cell, y: ry, style: Self.style(level))
      }
    }
    let legendY = y + 13
    var x = 1
    x = canvas.write(context(Localized("等级: ", "Levels: ")), x: x, y: legendY, style: .header)
    for level in RiskLevel.allCases {
      x = canvas.write(" " + context(level.title) + " ", x: x, y: legendY, style: Self.style(level)) + 1
    }
    let open = matrix.flatMap { $0 }.reduce(0, +)
    canvas.write(
      context(Localized("  未关闭风险 \(open) 项 (每格为件数)", "  \(open) open risks (count per cell)")), x: x, y: legendY,
      style: .muted)
    return 14
  }

  override func commandType(for id: CommandID) -> (any CommandBody.Type)? {
    switch id {
    case .deskNew: RegisterRisk.self
    case .deskEdit: UpdateRisk.self
    case .deskRecord: RecordRiskResponse.self
    case .deskClose: CloseRisk.self
    default: nil
    }
  }

  override func act(_ id: CommandID, row: DeskRow?, context: ScreenContext) -> Outcome {
    let state = engine.state
    switch id {
    case .deskNew:
      return form(
        Localized("登记风险", "Register a risk"),
        [
          .choice(
            "source", Localized("来源", "Source"),
            options: RiskSource.allCases.map { FormOption($0.rawValue, $0.title) }),
          .text("category", Localized("类别", "Category"), required: true, maxLength: 40),
          .text("title", Localized("风险", "Risk"), required: true, maxLength: 200),
          .scale("likelihood", Localized("可能性 1-5", "Likelihood 1-5")),
          .scale("impact", Localized("影响 1-5", "Impact 1-5")),
          .choice("owner", Localized("责任人", "Owner"), options: staffOptions(), selected: engine.login),
          .text("plan", Localized("应对计划", "Plan"), required: true, maxLength: 200),
        ],
        submit: { form in
          RegisterRisk(
            source: RiskSource(rawValue: form.choice("source") ?? "") ?? .manual, category: form.text("category"),
            title: form.text("title"), likelihood: Int(form.choice("likelihood") ?? "") ?? 0,
            impact: Int(form.choice("impact") ?? "") ?? 0, owner: form.choice("owner") ?? "", plan: form.text("plan"))
        }, done: Localized("已登记风险 \(state.supervision.nextRiskID)", "Risk \(state.supervision.nextRiskID) registered"))
    case .deskEdit:
      guard let row, tab == 0, let risk = state.supervision.risk(row.id) else {
        return Desk.need(Localized("一项风险", "a risk"))
      }
      return edit(risk)
    case .deskRecord:
      guard let row else { return Desk.need(Localized(tab == 2 ? "一条预警" : "一项风险", tab == 2 ? "a warning" : "a risk")) }
      let isWarning = tab == 2
      return form(
        Localized("记录应对: \(row.id)", "Response: \(row.id)"),
        [.text("action", Localized("应对措施", "Action"), required: true, maxLength: 200)],
        submit: { form in
          isWarning
            ? RecordRiskResponse(warning: row.id, action: form.text("action"))
            : RecordRiskResponse(risk: row.id, action: form.text("action"))
        }, done: Localized("已记录应对", "Response recorded"))
    case .deskClose:
      guard let row, tab == 0 else { return Desk.need(Localized("一项风险", "a risk")) }
      return form(
        Localized("关闭风险 \(row.id)", "Close risk \(row.id)"),
        [.text("note", Localized("关闭说明", "Closing note"), required: true, maxLength: 200)],
        submit: { form in CloseRisk(id: row.id, note: form.text("note")) },
        done: Localized("已关闭 \(row.id)", "Closed \(row.id)"))
    default:
      return .ignored
    }
  }

  /// The form that re-rates `risk`, filled with what it holds now; the impact field says what the level
  /// becomes once likelihood or impact differs. The Domain refuses anyone but a supervisor, a closed risk
  /// and an owner who is not on the staff; the refusal stays on the form with what was typed.
  func edit(_ risk: Risk) -> Outcome {
    func level(_ score: Int) -> Localized {
      let level = RiskLevel(score: score)
      return Localized("\(level.title.zh) \(score)", "\(level.title.en) \(score)")
    }
    var impact = FormField.scale("impact", Localized("影响 1-5", "Impact 1-5"), selected: risk.impact)
    impact.note = { values in
      let score = (Int(values.choice("likelihood") ?? "") ?? 0) * (Int(values.choice("impact") ?? "") ?? 0)
      guard score != risk.score, score > 0 else { return nil }
      let now = level(score)
      let was = level(risk.score)
      return Localized("等级将变为 \(now.zh) (原为 \(was.zh))", "level becomes \(now.en) (was \(was.en))")
    }
    // A disabled owner is not among the staff offered, but stays the owner until changed.
    var owners = staffOptions()
    if !owners.contains(where: { $0.value == risk.owner }) {
      owners.insert(
        FormOption(risk.owner, Localized("\(name(risk.owner)) \(risk.owner)", "\(name(risk.owner)) \(risk.owner)")),
        at: 0)
    }
    let open = RiskStatus.allCases.filter { $0 != .closed }
    return form(
      Localized("修改风险 \(risk.id)", "Edit risk \(risk.id)"),
      intro: [
        (
          Localized(
            "\(risk.title)  (\(risk.source.title.zh), \(risk.category))  现等级 \(level(risk.score).zh)",
            "\(risk.title)  (\(risk.source.title.en), \(risk.category))  level now \(level(risk.score).en)"), .normal
        )
      ],
      [
        .scale("likelihood", Localized("可能性 1-5", "Likelihood 1-5"), selected: risk.likelihood),
        impact,
        .choice("owner", Localized("责任人", "Owner"), options: owners, selected: risk.owner),
        .text("plan", Localized("应对计划", "Plan"), value: risk.plan, required: true, maxLength: 1000),
        .choice(
          "status", Localized("状态", "Status"), options: open.map { FormOption($0.rawValue, $0.title) },
          selected: risk.status.rawValue),
      ],
      submit: { form in
        UpdateRisk(
          id: risk.id, likelihood: Int(form.choice("likelihood") ?? "") ?? 0,
          impact: Int(form.choice("impact") ?? "") ?? 0, owner: form.choice("owner") ?? "", plan: form.text("plan"),
          status: RiskStatus(rawValue: form.choice("status") ?? "") ?? .open)
      }, done: Localized("已修改风险 \(risk.id)", "Risk \(risk.id) updated"))
  }
}
