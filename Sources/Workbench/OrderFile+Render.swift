import Domain
import Engine
import Foundation

/// One line of the order file's lower pane: a checklist item, a milestone, a feedback item (each
/// selectable), or a line of information.
struct OrderLine: Equatable {
  enum Kind: Equatable {
    case item(id: String, marked: Bool)
    case milestone(Int)
    case feedback(Int)
    case info
  }

  var kind: Kind
  var text: String
  var style: StyleRole = .normal
  /// Shown after the text in `detailStyle` (who and when, a reason).
  var detail: String = ""
  var detailStyle: StyleRole = .muted
  /// `[x]`, `[-]`, `[ ]` or empty.
  var box: String = ""

  var isSelectable: Bool { kind != .info }
}

extension OrderFileScreen {
  // MARK: The lower pane's lines

  /// The current stage's checklist, then the order's records (survey, scheme, rounds, milestones,
  /// feedback, follow-up, problems) and what archiving still needs.
  func lowerLines(_ order: Order, lang: Lang) -> [OrderLine] {
    let state = engine.state
    func t(_ l: Localized) -> String { l.text(lang) }
    func who(_ login: String?, _ date: Date?) -> String {
      [OrderText.person(login, state), date.map(OrderText.time)].compactMap { $0 }.joined(separator: " ")
    }
    var lines: [OrderLine] = []
    if let stage = order.currentStage, let template = state.template(of: order, stage: order.current) {
      for item in template.checklist {
        let title = t(item.title) + (item.required ? t(Localized(" (必填)", " (required)")) : "")
        if let mark = stage.mark(item.id) {
          if let reason = mark.notApplicable {
            lines.append(
              OrderLine(
                kind: .item(id: item.id, marked: true), text: title, style: .muted,
                detail: t(Localized("不适用: ", "n/a: ")) + reason + "  " + who(mark.by, mark.at), box: "[-]"))
          } else {
            lines.append(
              OrderLine(
                kind: .item(id: item.id, marked: true), text: title, style: .ok, detail: who(mark.by, mark.at),
                box: "[x]"))
          }
        } else {
          lines.append(
            OrderLine(
              kind: .item(id: item.id, marked: false), text: title, style: item.required ? .warning : .normal,
              box: "[ ]"))
        }
      }
      if template.checklist.isEmpty {
        lines.append(
          OrderLine(kind: .info, text: t(Localized("本环节没有检查项", "No checklist at this stage")), style: .muted))
      }
    }
    lines += recordLines(order, lang: lang)
    return lines
  }

  private func recordLines(_ order: Order, lang: Lang) -> [OrderLine] {
    let state = engine.state
    func t(_ l: Localized) -> String { l.text(lang) }
    func info(_ text: String, _ style: StyleRole = .normal, detail: String = "") -> OrderLine {
      OrderLine(kind: .info, text: text, style: style, detail: detail)
    }
    var lines: [OrderLine] = []
    if let s = order.survey {
      // The guide's target for the time on site (ch. 2.2): over it, the line says so in the warning colour.
      let target = state.standard(version: order.standardVersion)?.surveyOnSiteLimit
      let over = target.map { s.ended.timeIntervalSince(s.started) > $0.seconds } ?? false
      let minutes = Int(s.ended.timeIntervalSince(s.started) / 60)
      let spent = t(Localized("用时\(minutes)分钟", "\(minutes) min on site"))
      let beyond = over ? t(Localized(" 超出现场目标", " over the on-site target")) : ""
      lines.append(
        info(
          t(Localized("勘查 ", "Survey "))
            + "\(OrderText.time(s.started)) ~ \(OrderText.clock(s.ended)) \(spent)\(beyond)  "
            + Masking.freeText(s.findings), over ? .warning : .normal, detail: OrderText.person(s.by, state)))
      if !s.hazards.isEmpty {
        lines.append(info(t(Localized("  隐患: ", "  Hazards: ")) + Masking.freeText(s.hazards), .warning))
      }
      // The calibration as it stood at the survey, never the instrument's current one.
      let instruments = s.instruments.map { asset -> String in
        guard let c = s.calibration(asset) else {
          let name = state.equipment[asset]?.name ?? ""
          return "\(name) \(asset) (\(t(Localized("校验情况当时未记录", "calibration not recorded at the time"))))"
        }
        return "\(c.name) \(asset) (\(t(Localized("校验", "calibrated"))) \(c.calibratedOn), "
          + "\(t(Localized("有效至", "due"))) \(c.dueOn), \(t(Localized("误差", "error"))) \(c.errorPercent)%)"
      }
      lines.append(info(t(Localized("  仪器: ", "  Instruments: ")) + instruments.joined(separator: ", ")))
    } else if let c = order.contact {
      lines.append(
        info(
          t(Localized("联系 ", "Contact ")) + "\(OrderText.time(c.contacted)) \(t(c.method.title)) \(c.person)  "
            + Masking.freeText(c.findings),
          detail: OrderText.person(c.by, state)))
    } else if order.currentKind == .survey && !state.isSiteVisit(order, stage: order.current) {
      lines.append(info(t(Localized("尚未记录联系与调查: F6 记录", "No contact recorded yet: F6 records it")), .muted))
    } else if order.currentKind == .survey {
      lines.append(info(t(Localized("尚无勘查记录: F6 记录 (仪器只能选已校验的)", "No survey yet: F6 records it")), .muted))
    }
    // Earlier versions of the scheme, each rejected: one line each, with its total and the round that
    // rejected it.
    for old in order.earlierSchemes {
      let rejected = order.rounds.filter { $0.schemeVersion == old.version && !$0.accepted }.map(\.round)
      let by =
        rejected.isEmpty
        ? ""
        : t(
          Localized(
            "  第\(rejected.map(String.init).joined(separator: "、"))轮不同意",
            "  rejected in round \(rejected.map(String.init).joined(separator: ", "))"))
      lines.append(
        info(
          t(Localized("方案第\(old.version)版 (已修订) ", "Scheme v\(old.version) (revised) ")) + Masking.freeText(old.plan)
            + t(Localized("  合计 ", "  total ")) + OrderText.yuan(old.totalFen, lang) + by, .muted,
          detail: "\(OrderText.person(old.by, state)) \(OrderText.time(old.at))"))
    }
    if let s = order.scheme {
      let version = s.version > 1 ? t(Localized("第\(s.version)版 ", "v\(s.version) ")) : ""
      lines.append(
        info(
          t(Localized("方案 ", "Scheme ")) + version + Masking.freeText(s.plan), detail: OrderText.person(s.by, state)))
      if !s.note.isEmpty { lines.append(info(t(Localized("  修订: ", "  Changed: ")) + Masking.freeText(s.note))) }
      if !s.advice.isEmpty { lines.append(info(t(Localized("  建议: ", "  Advice: ")) + Masking.freeText(s.advice))) }
      let budget = s.budget.map { "\($0.name) \(OrderText.yuan($0.fen, lang))" }.joined(separator: "; ")
      lines.append(
        info(
          t(Localized("  预算: ", "  Budget: ")) + budget + t(Localized("  合计 ", "  total "))
            + OrderText.yuan(s.totalFen, lang)))
      let steps = s.timetable.map { "\($0.step) \(OrderText.day($0.due))" }.joined(separator: "; ")
      lines.append(info(t(Localized("  进度: ", "  Timetable: ")) + steps))
    } else if order.currentKind == .scheme {
      lines.append(
        info(t(Localized("尚无方案: F6 记录方案、预算与进度", "No scheme yet: F6 records plan, budget, timetable")), .muted))
    }
    // Each round names the version it answered, so the accepted budget is the one on file.
    let versioned = order.scheme.map { $0.version > 1 } ?? false
    for r in order.rounds {
      let verdict = r.accepted ? Localized("同意", "accepted") : Localized("不同意", "rejected")
      var answered = ""
      if versioned || r.accepted, let v = order.schemeVersions.first(where: { $0.version == r.schemeVersion }) {
        answered = t(
          Localized(
            " (方案第\(v.version)版 合计 \(OrderText.yuan(v.totalFen, .zh)))",
            " (scheme v\(v.version), total \(OrderText.yuan(v.totalFen, .en)))"))
      }
      lines.append(
        info(
          t(Localized("第\(r.round)轮确认 \(verdict.zh)", "Round \(r.round) \(verdict.en)")) + answered
            + (r.comment.isEmpty ? "" : ": " + Masking.freeText(r.comment)), r.accepted ? .ok : .warning,
          detail: "\(OrderText.person(r.by, state)) \(OrderText.time(r.at))"))
    }
    if order.currentKind == .confirmation && order.rounds.last?.accepted != true {
      if state.schemeRevisionRefusal(order) == nil, let s = order.scheme {
        lines.append(
          info(
            t(
              Localized(
                "客户不同意第\(s.version)版: Ctrl-R 修订方案 (第\(s.version + 1)版), 再 F6 记录下一轮",
                "Version \(s.version) rejected: Ctrl-R revises it (v\(s.version + 1)), then F6 records the next round")),
            .muted))
      } else {
        lines.append(info(t(Localized("F6 记录客户本轮确认意见", "F6 records this round's answer")), .muted))
      }
    }
    for m in order.milestones {
      let planned = t(Localized("计划 ", "planned ")) + OrderText.day(m.planned)
      let reached = m.reached.map { t(Localized("  完成 ", "  reached ")) + OrderText.time($0) } ?? ""
      lines.append(
        OrderLine(
          kind: m.reached == nil && order.currentKind == .execution ? .milestone(m.id) : .info, text: m.title,
          style: m.reached == nil ? .normal : .ok,
          detail: planned + reached + (m.note.isEmpty ? "" : "  " + Masking.freeText(m.note)),
          box: m.reached == nil ? "[ ]" : "[x]"))
    }
    if order.currentKind == .execution && order.milestones.isEmpty {
      lines.append(
        info(t(Localized("尚无执行节点: F6 计划节点, 空格标记完成", "No milestones: F6 plans one, Space marks it reached")), .muted))
    }
    for f in order.feedback {
      let handled =
        f.response.map { t(Localized("处理: ", "response: ")) + Masking.freeText($0) } ?? t(Localized("待处理", "open"))
      lines.append(
        OrderLine(
          kind: f.handled == nil && !order.isArchived ? .feedback(f.id) : .info, text: Masking.freeText(f.text),
          style: f.handled == nil ? .warning : .ok,
          detail: OrderText.time(f.received) + "  " + handled, box: f.handled == nil ? "[ ]" : "[x]"))
    }
    if order.currentKind == .feedback && order.feedback.isEmpty {
      lines.append(info(t(Localized("尚无反馈: F6 登记, 空格处理选中的反馈", "No feedback: F6 adds, Space handles")), .muted))
    }
    if let f = order.followUp {
      let verdict = f.satisfied ? Localized("满意", "satisfied") : Localized("不满意", "dissatisfied")
      lines.append(
        info(
          t(
            Localized(
              "回访 \(f.method.title.zh) 评分 \(f.score)/5 \(verdict.zh)",
              "Follow-up by \(f.method.title.en): \(f.score)/5 \(verdict.en)"))
            + (f.comment.isEmpty ? "" : ": " + Masking.freeText(f.comment)), f.satisfied ? .ok : .overdue,
          detail: "\(OrderText.person(f.by, state)) \(OrderText.time(f.at))"))
    } else if order.currentKind == .followUp {
      lines.append(info(t(Localized("尚未回访: F6 记录方式与满意度", "No follow-up yet: F6 records method and score")), .muted))
    }
    for id in order.problems {
      guard let p = state.problems[id] else { continue }
      lines.append(
        info(
          t(Localized("问题 ", "Problem ")) + "\(id) \(p.title)", p.status == .closed ? .ok : .overdue,
          detail: t(p.status.title) + "  " + OrderText.person(p.owner, state)))
    }
    if order.currentKind == .archive {
      let gaps = state.archiveGaps(order)
      if gaps.isEmpty {
        lines.append(info(t(Localized("资料齐全, F9 归档 (归档后只读)", "Complete: F9 archives it (read-only afterwards)")), .ok))
      } else {
        lines.append(
          info(t(Localized("归档前还缺: ", "Before archiving: ")) + gaps.map(t).joined(separator: "; "), .warning))
      }
    }
    return lines
  }

  // MARK: Drawing

  public func render(into canvas: inout Canvas, context: ScreenContext) {
    guard let order else {
      canvas.write(
        context(Localized("工单 \(number) 不存在", "No order \(number)")), x: 1, y: 0, style: .error,
        maxWidth: canvas.width - 2)
      return
    }
    let lang = context.lang
    drawHeader(order, into: &canvas, context: context)
    let y = 3
    switch pane {
    case .plan:
      let after = drawPlan(order, at: y, into: &canvas, context: context)
      drawLower(order, from: canvas.height >= 30 ? after + 1 : after, into: &canvas, context: context)
    case .timeline:
      drawTimeline(order, from: y, into: &canvas, context: context)
    }
    if let notice {
      let prefix = notice.style == .error ? context(Localized("提示: ", "Note: ")) : ""
      canvas.write(
        " " + prefix + context(notice.text), x: 0, y: canvas.height - 1, style: notice.style, maxWidth: canvas.width)
    }
    _ = lang
    if let dialog {
      caret = dialog.render(into: &canvas, context: context)
    } else {
      caret = nil
    }
  }

  /// Three lines: what (type, use category, state), who (masked customer), how it came in.
  private func drawHeader(_ order: Order, into canvas: inout Canvas, context: ScreenContext) {
    let state = engine.state
    let type = state.businessType(of: order)
    let customer = state.customers[order.customer]
    var parts = [type.map { context($0.short) } ?? order.type, customer.map { context($0.useCategory.title) } ?? ""]
    if order.priority { parts.append(context(Localized("优先", "priority"))) }
    let end = canvas.write(" " + parts.filter { !$0.isEmpty }.joined(separator: "  "), x: 0, y: 0, style: .title)
    if let s = order.suspensions.last, s.to == nil {
      canvas.write(
        "  " + context(Localized("挂起中: ", "Suspended: ")) + Masking.freeText(s.reason), x: end, y: 0, style: .muted,
        maxWidth: canvas.width - end)
    } else if let archived = order.archived {
      canvas.write(
        "  "
          + context(
            Localized("已归档 \(OrderText.time(archived)), 只读", "archived \(OrderText.time(archived)), read-only")),
        x: end, y: 0, style: .muted, maxWidth: canvas.width - end)
    }
    // A long name is cut (the customer file has it whole), so the account, the phone and the needs
    // stay in view; the needs take the rest of the line.
    let who = [
      context(Localized("客户 ", "Customer ")) + (customer?.maskedName ?? "?").truncated(toWidth: 10),
      context(Localized("户号 ", "Account ")) + order.customer,
      context(Localized("电话 ", "Phone ")) + Masking.phone(customer?.phone ?? ""),
    ]
    let whoEnd = canvas.write(" " + who.joined(separator: "  "), x: 0, y: 1, maxWidth: canvas.width - 1)
    if !order.needs.isEmpty {
      let needs = "  " + context(Localized("需求: ", "Needs: ")) + Masking.freeText(order.needs)
      canvas.write(
        needs.truncated(toWidth: max(0, canvas.width - 1 - whoEnd)), x: whoEnd, y: 1, style: .accent,
        maxWidth: canvas.width - 1 - whoEnd)
    }
    var line =
      context(Localized("受理 ", "Received ")) + OrderText.time(order.received) + " " + context(order.channel.title)
    line += " " + OrderText.person(order.receivedBy, state)
    let y = 2
    let x = canvas.write(" " + line, x: 0, y: y, style: .muted, maxWidth: canvas.width - 1)
    // The appointment must be confirmed within the standard's limit (guide ch. 2.1): another deadline.
    if let appointment = order.appointment {
      if let confirmed = order.appointmentConfirmed {
        canvas.write(
          context(
            Localized("  预约 \(OrderText.time(confirmed)) 已确认", "  appointment \(OrderText.time(confirmed)) confirmed")),
          x: x, y: y, style: .ok, maxWidth: canvas.width - x)
      } else if let standard = state.standard(version: order.standardVersion) {
        let clock = DeadlineClock(start: order.received, limit: standard.appointmentConfirmLimit)
        let due = clock.projectedDue(at: engine.now, calendar: state.calendar).date
        let status = order.isArchived ? DeadlineStatus.done : clock.status(at: engine.now, calendar: state.calendar)
        canvas.write(
          context(
            Localized(
              "  预约 \(OrderText.time(appointment)) 待确认, 截止 \(OrderText.time(due))",
              "  appointment \(OrderText.time(appointment)) to confirm by \(OrderText.time(due))")),
          x: x, y: y, style: DeadlineState(status).style, maxWidth: canvas.width - x)
      }
    }
  }

  /// `限5工作日` / `≤5 wd`: a limit in a narrow column.
  static func limitText(_ limit: TimeLimit, _ lang: Lang) -> String {
    guard lang == .en else { return "限" + limit.text(.zh) }
    switch limit.unit {
    case .workingDays: return "within \(limit.amount) wd"
    case .hours: return "within \(limit.amount) h"
    case .minutes: return "within \(limit.amount) min"
    }
  }

  static func planColumns(_ lang: Lang) -> [TableColumn] {
    let en = lang == .en
    return [
      TableColumn(Localized("环节", "Stage"), width: en ? 15 : 9),
      TableColumn(Localized("负责", "Owner"), width: 8),
      TableColumn(Localized("时限", "Due"), width: 13),
      TableColumn(Localized("预期成果", "Expected outcome"), width: 16, flex: 1),
      TableColumn(Localized("状态", "State"), width: en ? 21 : 19),
    ]
  }

  /// The stage plan: one row per stage and one for the whole process. Returns the row after it.
  private func drawPlan(_ order: Order, at top: Int, into canvas: inout Canvas, context: ScreenContext) -> Int {
    let state = engine.state
    let now = context.now
    let lang = context.lang
    canvas.write(context(Localized(" 流程计划", " Stage plan")), x: 0, y: top, style: .title)
    let columns = Self.planColumns(lang)
    let widths = Table.widths(columns, totalWidth: canvas.width - 2)
    Table.drawHeader(columns, widths: widths, lang: lang, into: &canvas, x: 2, y: top + 1)
    var y = top + 2
    // Years with no calendar loaded that a running deadline depends on: its due time is marked `?`.
    var missing: Set<Int> = []
    // Whether the whole process's limit binds some stage (its due time is marked `*`).
    var processBinds = false
    for (i, stage) in order.stages.enumerated() {
      let template = state.template(of: order, stage: i)
      let clock = state.stageClock(order, stage: i)
      let isCurrent = i == order.current
      var due = "-"
      var status: (String, StyleRole)
      if let completed = stage.completed {
        due = context(Localized("\(OrderText.day(completed)) 完成", "done \(OrderText.day(completed))"))
        if let clock {
          let c = clock.completion(at: completed, calendar: state.calendar)
          status = (
            c.onTime
              ? context(Localized("已完成 按时", "done, on time"))
              : context(Localized("已完成 ", "done, "))
                + (c.overrun > 0
                  ? DeadlineFormat.late(c.overrun, unit: c.unit, lang: lang) : DeadlineFormat.late(c.late, lang: lang)),
            c.onTime ? .ok : .warning
          )
        } else {
          status = (context(Localized("已完成", "done")), .ok)
        }
      } else {
        if let effective = state.effectiveDue(order, stage: i, now: now) {
          due = OrderText.time(effective.date)
          if effective.binding == .process {
            due += "*"
            processBinds = true
          }
          let years = clock?.missingYears(at: now, calendar: state.calendar) ?? []
          if !years.isEmpty || effective.flagged {
            due += DeadlineFormat.provisionalMark
            missing.formUnion(years)
          }
        }
        if due == "-", let limit = template?.limit { due = Self.limitText(limit, lang) }
        if isCurrent && order.isSuspended {
          status = (context(Localized("挂起", "suspended")), .muted)
        } else if isCurrent, let clock {
          switch clock.status(at: now, calendar: state.calendar) {
          case .overdue:
            status = (DeadlineFormat.text(clock, at: now, calendar: state.calendar, lang: lang), .overdue)
          case .warning:
            status = (
              context(Localized("进行中 ", "running, "))
                + DeadlineFormat.text(clock, at: now, calendar: state.calendar, lang: lang),
              .warning
            )
          default:
            status = (
              context(Localized("进行中 ", "running, "))
                + DeadlineFormat.text(clock, at: now, calendar: state.calendar, lang: lang),
              .normal
            )
          }
        } else if isCurrent {
          status = (context(Localized("进行中", "running")), .normal)
        } else {
          status = (context(Localized("待开始", "not started")), .muted)
        }
      }
      let name = "\(i + 1) \(stage.kind.title(lang))"
      let cells = [
        name, OrderText.person(stage.assignee, state), due, template.map { context($0.outcome) } ?? "", status.0,
      ]
      let base: StyleRole = isCurrent ? .accent : .normal
      canvas.write(isCurrent ? ">" : " ", x: 1, y: y, style: base)
      Table.drawRow(
        cells, widths: widths, into: &canvas, x: 2, y: y, style: .normal,
        cellStyles: [base, nil, nil, .muted, status.1])
      y += 1
    }
    // The whole process.
    if let clock = state.totalClock(order) {
      let d = clock.due(calendar: state.calendar).date ?? clock.projectedDue(at: now, calendar: state.calendar).date
      let status: (String, StyleRole)
      if order.isArchived {
        status = (context(Localized("已归档", "archived")), .ok)
      } else {
        let s = order.isSuspended ? DeadlineStatus.suspended : clock.status(at: now, calendar: state.calendar)
        status = (DeadlineFormat.text(clock, at: now, calendar: state.calendar, lang: lang), DeadlineState(s).style)
      }
      let limit = context(Localized("限", "within ")) + clock.limit.text(lang)
      let years = order.isArchived ? [] : clock.missingYears(at: now, calendar: state.calendar)
      missing.formUnion(years)
      let dueText = OrderText.time(d) + (years.isEmpty ? "" : DeadlineFormat.provisionalMark)
      Table.drawRow(
        [context(Localized("全流程", "Whole process")), "", dueText, limit, status.0],
        widths: widths, into: &canvas, x: 2, y: y, cellStyles: [.title, nil, nil, .muted, status.1])
      y += 1
    }
    if processBinds {
      canvas.write(
        "  " + context(Localized("* 全流程时限先到: 该环节须在全流程截止前完成", "* the whole process's limit comes first and binds")),
        x: 0, y: y, style: .muted, maxWidth: canvas.width)
      y += 1
    }
    if !missing.isEmpty {
      canvas.write(
        "  " + context(DeadlineFormat.provisionalNote(missing.sorted())), x: 0, y: y, style: .warning,
        maxWidth: canvas.width)
      y += 1
    }
    return y
  }

  private func drawLower(_ order: Order, from top: Int, into canvas: inout Canvas, context: ScreenContext) {
    let state = engine.state
    let lines = lowerLines(order, lang: context.lang)
    var heading: String
    if let stage = order.currentStage, let template = state.template(of: order, stage: order.current) {
      let required = template.checklist.filter(\.required)
      let done = required.filter { stage.mark($0.id) != nil }.count
      heading = context(
        Localized(
          " 当前环节 \(stage.kind.title(.zh)) 检查单 (必填 \(done)/\(required.count))",
          " Current stage \(stage.kind.title(.en)): checklist (required \(done)/\(required.count))"))
      heading += "  " + context(Localized("负责 ", "owner ")) + OrderText.person(stage.assignee, state)
    } else {
      heading = context(Localized(" 已归档, 只读: 记录如下", " Archived, read-only: the records"))
    }
    canvas.write(heading, x: 0, y: top, style: .title, maxWidth: canvas.width)
    let bottom = canvas.height - 2  // the notice line stays free
    let rows = max(1, bottom - top)
    lowerRows = rows
    let selectable = lines.indices.filter { lines[$0].isSelectable }
    if !selectable.isEmpty { selectedIndex = min(selectedIndex, selectable.count - 1) }
    let chosenLine: Int? = selectable.isEmpty ? nil : selectable[selectedIndex]
    lowerTop = max(0, min(lowerTop, max(0, lines.count - rows)))
    for (row, index) in (lowerTop..<min(lines.count, lowerTop + rows)).enumerated() {
      let line = lines[index]
      let y = top + 1 + row
      let isSelected = index == chosenLine && dialog == nil
      var x = canvas.write(isSelected ? "> " : "  ", x: 0, y: y, style: .accent)
      if !line.box.isEmpty { x = canvas.write(line.box + " ", x: x, y: y, style: line.style) }
      x = canvas.write(line.text, x: x, y: y, style: line.style, maxWidth: canvas.width - x)
      if !line.detail.isEmpty {
        canvas.write("  " + line.detail, x: x, y: y, style: line.detailStyle, maxWidth: canvas.width - x)
      }
      if isSelected { canvas.restyle(Rect(x: 0, y: y, width: canvas.width, height: 1), style: .selected) }
    }
    if lines.count > rows {
      let more = context(
        Localized(
          "第 \(lowerTop + 1)-\(min(lines.count, lowerTop + rows)) 行, 共 \(lines.count) 行",
          "lines \(lowerTop + 1)-\(min(lines.count, lowerTop + rows)) of \(lines.count)"))
      canvas.write(more, x: canvas.width - more.displayWidth - 1, y: top, style: .muted)
    }
  }

  private func drawTimeline(_ order: Order, from top: Int, into canvas: inout Canvas, context: ScreenContext) {
    let state = engine.state
    let lang = context.lang
    let entries = order.timeline
    canvas.write(
      context(
        Localized(" 时间线 (\(entries.count) 条事件, Tab 回到流程计划)", " Timeline (\(entries.count) events; Tab for the plan)")),
      x: 0, y: top, style: .title, maxWidth: canvas.width)
    let columns = [
      TableColumn(Localized("时间", "When"), width: 13),
      TableColumn(Localized("人员", "Who"), width: 8),
      TableColumn(Localized("事件", "Event"), width: lang == .en ? 24 : 12),
      TableColumn(Localized("内容", "Details"), width: 10, flex: 1),
    ]
    let widths = Table.widths(columns, totalWidth: canvas.width - 2)
    Table.drawHeader(columns, widths: widths, lang: lang, into: &canvas, x: 2, y: top + 1)
    let rows = max(1, canvas.height - 1 - (top + 2))
    let first = timelineTop ?? max(0, entries.count - rows)
    if entries.count > rows {
      let last = min(entries.count, first + rows)
      let more = context(Localized("第 \(first + 1)-\(last) 条", "\(first + 1)-\(last) of \(entries.count)"))
      canvas.write(more, x: canvas.width - more.displayWidth - 1, y: top, style: .muted)
    }
    for (row, entry) in entries.dropFirst(first).prefix(rows).enumerated() {
      // Titles and details (free text masked) are the Domain's (`timelineLine`), in each language's words.
      let line = state.timelineLine(entry, of: order)
      let rejected = entry.type == "confirmation-recorded" && entry.variant == TimelineEntry.rejected
      let style: StyleRole =
        ["order-suspended", "problem-opened"].contains(entry.type) || rejected
        ? .warning : (entry.type == "stage-advanced" || entry.type == "order-archived" ? .ok : .normal)
      Table.drawRow(
        [OrderText.time(entry.at), OrderText.person(entry.by, state), context(line.title), context(line.detail)],
        widths: widths, into: &canvas, x: 2, y: top + 2 + row, cellStyles: [.muted, nil, style, nil])
    }
  }

}
