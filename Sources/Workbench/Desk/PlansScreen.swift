import Domain
import Engine
import Foundation

/// 改进计划 (PDCA, guide ch. 5, 8): plans linked to problems or a KPI, with owner, target, actions,
/// evaluations of the KPI before and after, incentive points and promotion into the next standard.
final class PlansScreen: DeskListScreen {
  init(engine: Engine) {
    super.init(engine: engine, title: Localized("改进计划", "Improvement plans"))
    detailHeight = 6
  }

  override var actions: [CommandID] { [.deskNew, .deskRecord, .deskPhase, .deskVerify, .deskPoints, .deskPromote] }

  override var helpIntro: Localized? {
    Localized(
      "PDCA 改进计划: Ins 新建, Ctrl-E 记录措施, Ctrl-P 改变阶段, Ctrl-V 评估指标前后对比, Ctrl-W 奖励积分, Ctrl-T 纳入下一版标准。",
      "PDCA plans: Ins creates one, Ctrl-E records an action, Ctrl-P changes the phase, Ctrl-V evaluates the KPI "
        + "before and after, Ctrl-W awards points, Ctrl-T promotes it into the next standard.")
  }

  override func heading(_ lang: Lang) -> String {
    let plans = engine.state.supervision.plans
    let open = plans.filter { $0.phase != .closed }.count
    return lang == .zh ? "改进计划 \(plans.count) 项, 进行中 \(open)" : "Plans: \(plans.count), \(open) in progress"
  }

  override func columns() -> [TableColumn] {
    [
      TableColumn(Localized("编号", "Id"), width: 8),
      TableColumn(Localized("计划", "Plan"), width: 16, flex: 1),
      TableColumn(Localized("阶段", "Phase"), width: 7),
      TableColumn(Localized("负责人", "Owner"), width: 7),
      TableColumn(Localized("指标", "KPI"), width: 12),
      TableColumn(Localized("目标", "Target"), width: 7, alignment: .right),
      TableColumn(Localized("措施", "Actions"), width: 8, alignment: .right),
      TableColumn(Localized("评估", "Eval."), width: 7),
    ]
  }

  func kpiName(_ id: String?, _ lang: Lang) -> String {
    guard let id else { return "-" }
    return engine.state.standard(on: today).target(id)?.name.text(lang) ?? id
  }

  override func rows(_ lang: Lang) -> [DeskRow] {
    engine.state.supervision.plans.reversed().map { p in
      let done = p.actions.filter { $0.done != nil }.count
      let eval =
        p.evaluations.last.map { $0.met ? (lang == .zh ? "达标" : "met") : (lang == .zh ? "未达标" : "not met") } ?? "-"
      return DeskRow(
        id: p.id,
        cells: [
          p.id, p.title, p.phase.title.text(lang), name(p.owner), kpiName(p.kpi, lang),
          p.target.map { Desk.target($0, unit: "") } ?? "-", "\(done)/\(p.actions.count)", eval,
        ], style: p.phase == .closed ? .muted : .normal,
        cellStyles: [nil, nil, nil, nil, nil, nil, nil, p.evaluations.last.map { $0.met ? .ok : .warning }])
    }
  }

  override func detail(_ row: DeskRow, _ lang: Lang) -> [(String, StyleRole)] {
    guard let p = engine.state.supervision.plan(row.id) else { return [] }
    var lines: [(String, StyleRole)] = []
    if !p.problems.isEmpty {
      lines.append(((lang == .zh ? "关联问题: " : "Problems: ") + p.problems.joined(separator: ", "), .normal))
    }
    for a in p.actions.prefix(3) {
      let state =
        a.done != nil
        ? (lang == .zh ? "已完成" : "done")
        : (a.due < today ? (lang == .zh ? "超期" : "late") : (lang == .zh ? "进行中" : "open"))
      lines.append(("  \(a.title)  \(a.due)  \(state)", a.done != nil ? .ok : (a.due < today ? .overdue : .normal)))
    }
    if let e = p.evaluations.last {
      lines.append(
        (
          (lang == .zh ? "评估: " : "Evaluation: ")
            + "\(e.beforeFrom)..\(e.beforeTo) \(Desk.figure(e.before, unit: "%")) -> \(e.afterFrom)..\(e.afterTo) \(Desk.figure(e.after, unit: "%"))",
          e.met ? .ok : .warning
        ))
    }
    let points = engine.state.supervision.points.filter { $0.plan == p.id }
    if !points.isEmpty {
      lines.append(
        (
          (lang == .zh ? "积分: " : "Points: ")
            + points.map { "\(name($0.login)) +\($0.points)" }.joined(separator: ", "), .accent
        ))
    }
    if let promotion = p.promotion {
      lines.append(((lang == .zh ? "已纳入标准: " : "Promoted: ") + promotion, .accent))
    }
    return lines
  }

  override func commandType(for id: CommandID) -> (any CommandBody.Type)? {
    switch id {
    case .deskNew: CreateImprovementPlan.self
    case .deskRecord: RecordPlanAction.self
    case .deskPhase: UpdatePlanStatus.self
    case .deskVerify: EvaluatePlan.self
    case .deskPoints: AwardPoints.self
    case .deskPromote: PromotePlan.self
    default: nil
    }
  }

  override func act(_ id: CommandID, row: DeskRow?, context: ScreenContext) -> Outcome {
    let now = engine.now
    let state = engine.state
    let kpis = state.standard(on: today).targets.map { FormOption($0.id, $0.name) }
    switch id {
    case .deskNew:
      return form(
        Localized("新建改进计划", "New improvement plan"),
        [
          .text("title", Localized("计划", "Plan"), required: true, maxLength: 200),
          .choice("kpi", Localized("关联指标", "KPI"), options: [FormOption("", Localized("(无)", "(none)"))] + kpis),
          .text("problems", Localized("关联问题 (编号, 逗号分隔)", "Problems (ids, comma-separated)"), maxLength: 200),
          .choice("owner", Localized("负责人", "Owner"), options: staffOptions(), selected: engine.login),
          .text(
            "target", Localized("目标值", "Target"), maxLength: 10,
            check: { text, _ in text.isEmpty || Double(text) != nil ? nil : Localized("数字", "a number") }),
          .text("action", Localized("第一项措施", "First action"), maxLength: 200),
          .day("due", Localized("措施期限", "Action due"), value: today.adding(days: 14), required: false, now: now),
        ],
        submit: { form in
          let problems = form.text("problems").split(whereSeparator: { ",， ".contains($0) }).map(String.init)
          var actions: [PlanActionForm] = []
          if !form.text("action").isEmpty, let due = form.day("due", now: now) {
            actions.append(PlanActionForm(title: form.text("action"), due: due))
          }
          let kpi = form.choice("kpi") ?? ""
          return CreateImprovementPlan(
            title: form.text("title"), problems: problems, kpi: kpi.isEmpty ? nil : kpi,
            owner: form.choice("owner") ?? "",
            target: Double(form.text("target")), actions: actions)
        }, done: Localized("已新建 \(state.supervision.nextPlanID)", "\(state.supervision.nextPlanID) created"))
    case .deskRecord:
      guard let row else { return Desk.need(Localized("一项计划", "a plan")) }
      return form(
        Localized("记录措施 \(row.id)", "Action on \(row.id)"),
        [
          .text("title", Localized("措施 (同名则更新)", "Action (same title updates it)"), required: true, maxLength: 200),
          .day("due", Localized("期限", "Due"), value: today.adding(days: 7), now: now),
          .toggle("done", Localized("已完成", "Done")),
          .text("note", Localized("说明", "Note"), maxLength: 200),
        ],
        submit: { form in
          guard let due = form.day("due", now: now) else { return nil }
          return RecordPlanAction(
            id: row.id, title: form.text("title"), due: due, done: form.flag("done"), note: form.text("note"))
        }, done: Localized("已记录措施", "Action recorded"))
    case .deskPhase:
      guard let row, let plan = state.supervision.plan(row.id) else { return Desk.need(Localized("一项计划", "a plan")) }
      let next = PlanPhase.allCases.firstIndex(of: plan.phase).map {
        PlanPhase.allCases[min($0 + 1, PlanPhase.allCases.count - 1)]
      }
      return form(
        Localized("改变阶段 \(row.id)", "Phase of \(row.id)"),
        [
          .choice(
            "phase", Localized("阶段", "Phase"), options: PlanPhase.allCases.map { FormOption($0.rawValue, $0.title) },
            selected: next?.rawValue)
        ],
        submit: { form in UpdatePlanStatus(id: row.id, phase: PlanPhase(rawValue: form.choice("phase") ?? "") ?? .plan)
        },
        done: Localized("已更新阶段", "Phase changed"))
    case .deskVerify:
      guard let row else { return Desk.need(Localized("一项计划", "a plan")) }
      let this = Desk.month(of: today)
      let last = Desk.previousMonth(of: today)
      return form(
        Localized("评估 \(row.id)", "Evaluate \(row.id)"),
        intro: [(Localized("比较改进前后两个期间的指标 (全厅)。", "Compares the KPI over a period before and after (hall)."), .muted)],
        [
          .day("bf", Localized("改进前 起", "Before from"), value: last.from, now: now),
          .day("bt", Localized("改进前 止", "Before to"), value: last.to, now: now),
          .day("af", Localized("改进后 起", "After from"), value: this.from, now: now),
          .day("at", Localized("改进后 止", "After to"), value: today, now: now),
        ],
        submit: { form in
          guard let bf = form.day("bf", now: now), let bt = form.day("bt", now: now), let af = form.day("af", now: now),
            let at = form.day("at", now: now)
          else { return nil }
          return EvaluatePlan(id: row.id, beforeFrom: bf, beforeTo: bt, afterFrom: af, afterTo: at)
        }, done: Localized("已评估", "Evaluated"))
    case .deskPoints:
      guard let row else { return Desk.need(Localized("一项计划", "a plan")) }
      return form(
        Localized("奖励积分 (\(row.id))", "Award points (\(row.id))"),
        [
          .choice("login", Localized("人员", "Person"), options: staffOptions()),
          .text(
            "points", Localized("积分", "Points"), value: "5", required: true, maxLength: 4,
            check: { text, _ in Int(text) == nil ? Localized("整数", "a whole number") : nil }),
          .text("reason", Localized("理由", "Reason"), required: true, maxLength: 200),
        ],
        submit: { form in
          guard let points = Int(form.text("points")) else { return nil }
          return AwardPoints(
            login: form.choice("login") ?? "", points: points, reason: form.text("reason"), plan: row.id)
        }, done: Localized("已奖励积分", "Points awarded"))
    case .deskPromote:
      guard let row else { return Desk.need(Localized("一项计划", "a plan")) }
      return form(
        Localized("纳入标准 (\(row.id))", "Promote (\(row.id))"),
        [.text("text", Localized("写入下一版标准的内容", "Text for the next standard"), required: true, maxLength: 1000)],
        submit: { form in PromotePlan(id: row.id, text: form.text("text")) },
        done: Localized("已纳入下一版标准草稿", "Promoted into the next standard draft"))
    default:
      return .ignored
    }
  }
}
