import Domain
import Engine
import Foundation

// The actions of the order file. Each builds a domain command and hands it to the engine; dialogs
// stay open with what was typed when the domain refuses.
extension OrderFileScreen {
  /// The selected line of the lower pane, if any.
  func selectedLine(_ order: Order, lang: Lang) -> OrderLine? {
    let all = lowerLines(order, lang: lang)
    guard selectionInView(all) else { return nil }
    let lines = all.filter(\.isSelectable)
    return lines[min(selectedIndex, lines.count - 1)]
  }

  // MARK: Space: tick, reach, handle

  func tick(_ order: Order, context: ScreenContext) {
    guard pane == .plan, let line = selectedLine(order, lang: context.lang) else {
      notice = (Localized("没有可勾选的项目", "Nothing to tick here"), .warning)
      return
    }
    switch line.kind {
    case .item(let id, let marked):
      if marked {
        runShowing(ClearChecklistItem(number: number, item: id), done: Localized("已取消勾选", "Unticked"))
      } else {
        runShowing(MarkChecklistItem(number: number, item: id), done: Localized("已勾选", "Ticked"))
      }
    case .milestone(let id):
      open(
        Prompt(
          Localized("节点完成: \(line.text)", "Milestone reached: \(line.text)"),
          fields: [Prompt.Field(Localized("说明 (可空)", "Note (optional)"))]
        ) { [unowned self] texts in
          run(ReachMilestone(number: number, id: id, note: texts[0]))
        })
    case .feedback(let id):
      open(
        Prompt(
          Localized("处理反馈: \(line.text)", "Handle feedback: \(line.text)"),
          fields: [Prompt.Field(Localized("处理结果", "Response"))]
        ) { [unowned self] texts in
          run(HandleFeedback(number: number, id: id, response: texts[0]))
        })
    case .info:
      break
    }
  }

  // MARK: F7: not applicable

  func notApplicable(_ order: Order, reason: String?, context: ScreenContext) {
    guard pane == .plan, let line = selectedLine(order, lang: context.lang), case .item(let id, _) = line.kind else {
      notice = (Localized("请先选中一个检查项", "Select a checklist item first"), .warning)
      return
    }
    if let reason {
      runShowing(
        MarkChecklistItem(number: number, item: id, notApplicable: reason),
        done: Localized("已标记不适用", "Marked not applicable"))
      return
    }
    let title = line.text
    open(
      Prompt(
        Localized("不适用: \(title)", "Not applicable: \(title)"),
        fields: [Prompt.Field(Localized("原因", "Reason"))]
      ) { [unowned self] texts in
        run(MarkChecklistItem(number: number, item: id, notApplicable: texts[0]))
      })
  }

  // MARK: F8: assign

  func assign(_ order: Order, context: ScreenContext) {
    let state = engine.state
    guard let template = state.template(of: order, stage: order.current) else {
      notice = (run(AssignStage(number: number, assignee: engine.login)) ?? Localized("", ""), .error)
      return
    }
    let today = Day(containing: engine.now)
    // Those who may take the stage first, then the others with the reason they may not.
    let people = state.staff.values.filter(\.active).sorted {
      let a = state.qualificationGaps($0, for: template, on: today).isEmpty
      let b = state.qualificationGaps($1, for: template, on: today).isEmpty
      return a != b ? a : $0.login < $1.login
    }
    let items = people.map { member in
      let gaps = state.qualificationGaps(member, for: template, on: today)
      let roles = member.roles.map { context($0.title) }.joined(separator: "/")
      let why =
        gaps.isEmpty
        ? nil
        : Localized(
          gaps.map(\.message.zh).joined(separator: "; "), gaps.map(\.message.en).joined(separator: "; "))
      let mark = member.login == order.currentStage?.assignee ? context(Localized("  (当前)", "  (current)")) : ""
      return Picker.Item(member.name, detail: "\(roles) \(member.team)\(mark)", unavailable: why)
    }
    let current = order.currentStage?.assignee
    let stageName = template.name
    open(
      Picker(Localized("指派 \(stageName.zh)", "Assign \(stageName.en)"), items: items) { [unowned self] picks in
        guard let pick = picks.first else { return nil }
        let login = people[pick].login
        if let current, current != login, !(engine.me?.has(.supervisor) ?? false) {
          // A reassignment needs a reason: ask for it next, keeping the choice.
          let name = people[pick].name
          dialog = nil
          open(
            Prompt(
              Localized("改派给 \(name)", "Reassign to \(name)"),
              fields: [Prompt.Field(Localized("改派原因", "Reason for reassigning"))]
            ) { [unowned self] texts in
              run(AssignStage(number: number, assignee: login, reason: texts[0]))
            })
          return nil
        }
        if let refusal = run(AssignStage(number: number, assignee: login)) { return refusal }
        notice = (Localized("已指派给 \(people[pick].name)", "Assigned to \(people[pick].name)"), .ok)
        return nil
      })
  }

  // MARK: F9: advance or archive

  func advance(_ order: Order) {
    if order.currentKind == .archive {
      runShowing(ArchiveOrder(number: number), done: Localized("已归档, 工单只读", "Archived: the order is read-only"))
      return
    }
    if let refusal = run(AdvanceStage(number: number)) {
      notice = (refusal, .error)
      return
    }
    selectedIndex = 0
    lowerTop = 0
    let next = engine.state.orders[number]?.currentKind
    let name = next.map { Localized($0.title(.zh), $0.title(.en)) } ?? Localized("完成", "done")
    notice = (Localized("已进入下一环节: \(name.zh)", "Moved on to: \(name.en)"), .ok)
  }

  // MARK: F5: suspend or resume

  func suspendOrResume(_ order: Order, text: String?) {
    let resume = order.isSuspended
    let title =
      resume ? Localized("恢复计时", "Resume the clock") : Localized("挂起 (客户原因, 停止计时)", "Suspend (customer's cause)")
    let label = resume ? Localized("说明", "Note") : Localized("挂起原因", "Reason")
    let body: (String) -> any CommandBody = { [number] text in
      if resume { return ResumeOrder(number: number, note: text) }
      return SuspendOrder(number: number, reason: text)
    }
    if let text {
      runShowing(body(text), done: resume ? Localized("已恢复", "Resumed") : Localized("已挂起", "Suspended"))
      return
    }
    open(Prompt(title, fields: [Prompt.Field(label)]) { [unowned self] texts in run(body(texts[0])) })
  }

  // MARK: a: the appointment

  /// Confirms the appointment agreed with the customer: the one asked for at intake, or another time.
  func confirmAppointment(_ order: Order) {
    guard !order.isArchived else {
      notice = (Localized("工单已归档, 只能查看", "The order is archived: read-only"), .error)
      return
    }
    let now = engine.now
    let suggested = order.appointmentConfirmed ?? order.appointment ?? now
    let title =
      order.appointmentConfirmed == nil
      ? Localized("确认预约", "Confirm the appointment") : Localized("改约", "Move the appointment")
    open(
      Prompt(
        title,
        fields: [
          Prompt.Field(
            Localized("预约时间", "Appointment"), text: OrderText.typed(suggested, now: now),
            hint: Localized("HH:mm 或 MM-dd HH:mm", "HH:mm or MM-dd HH:mm"))
        ]
      ) { [unowned self] texts in
        guard let at = OrderText.parseTime(texts[0], today: now) else {
          return OrderText.notATime(Localized("预约时间", "Appointment"), texts[0])
        }
        return run(ConfirmAppointment(number: number, appointment: at))
      })
  }

  // MARK: F6: the stage's record

  func record(_ order: Order, context: ScreenContext) {
    guard !order.isArchived else {
      notice = (run(AdvanceStage(number: number)) ?? Localized("已归档", "Archived"), .error)
      return
    }
    // Refused before anything is typed, by the same rule the command applies (the shell asks
    // `refusal(for:)` first; this covers a direct call).
    if let refusal = refusal(for: .orderRecord, context: context) {
      notice = (refusal, .error)
      return
    }
    switch order.currentKind {
    case .survey where !engine.state.isSiteVisit(order, stage: order.current): recordContact(order)
    case .survey: recordSurvey(order, context: context)
    case .scheme: recordScheme(order)
    case .confirmation: recordConfirmation(order, lang: context.lang)
    case .execution: planMilestone(order)
    case .feedback: receiveFeedback(order)
    case .followUp: recordFollowUp(order, lang: context.lang)
    case .intake, .archive, .none:
      notice = (
        Localized("本环节没有要记录的内容: 勾选检查单后按 F9 推进", "Nothing to record at this stage: tick the checklist, then F9"),
        .warning
      )
    }
  }

  private func recordSurvey(_ order: Order, context: ScreenContext) {
    let state = engine.state
    let today = Day(containing: engine.now)
    let tolerance = state.standard(version: order.standardVersion)?.calibrationTolerancePercent ?? 1.0
    let equipment = state.equipment.values.sorted { $0.assetNo < $1.assetNo }
    let items = equipment.map { e in
      Picker.Item(
        "\(e.name) \(e.assetNo)", detail: context(Localized("误差 \(e.errorPercent)%", "error \(e.errorPercent)%")),
        unavailable: e.unusableReason(on: today, tolerancePercent: tolerance))
    }
    let now = engine.now
    open(
      Picker(
        Localized("勘查: 选择使用的仪器 (只能选已校验的)", "Survey: instruments used (calibrated only)"), items: items,
        multiple: true
      ) { [unowned self] picks in
        guard !picks.isEmpty else {
          return Localized("请用空格勾选至少一件仪器", "Tick at least one instrument with Space")
        }
        let assets = picks.map { equipment[$0].assetNo }
        dialog = nil
        open(
          Prompt(
            Localized("勘查记录", "Survey record"),
            fields: [
              Prompt.Field(
                Localized("开始时间", "Started"), text: OrderText.typed(now.addingTimeInterval(-3600), now: now),
                hint: Localized("HH:mm 或 MM-dd HH:mm", "HH:mm or MM-dd HH:mm")),
              Prompt.Field(Localized("结束时间", "Ended"), text: OrderText.clock(now)),
              Prompt.Field(Localized("勘查结论", "Findings")),
              Prompt.Field(Localized("安全隐患 (可空)", "Hazards (optional)")),
            ]
          ) { [unowned self] texts in
            guard let started = OrderText.parseTime(texts[0], today: now) else {
              return OrderText.notATime(Localized("开始时间", "Start time"), texts[0])
            }
            guard let ended = OrderText.parseTime(texts[1], today: now) else {
              return OrderText.notATime(Localized("结束时间", "End time"), texts[1])
            }
            return run(
              RecordSurvey(
                number: number, started: started, ended: ended, findings: texts[2], hazards: texts[3],
                instruments: assets))
          })
        return nil
      })
  }

  /// A complaint's or report's contact and investigation: when, how, with whom, what was found.
  private func recordContact(_ order: Order) {
    let now = engine.now
    let methods = ContactMethod.allCases.map(\.rawValue).joined(separator: "/")
    open(
      Prompt(
        Localized("联系与调查", "Contact and investigation"),
        fields: [
          Prompt.Field(
            Localized("联系时间", "Contacted"), text: OrderText.clock(now),
            hint: Localized("HH:mm 或 MM-dd HH:mm", "HH:mm or MM-dd HH:mm")),
          Prompt.Field(
            Localized("方式", "Method"), text: ContactMethod.phone.rawValue, hint: Localized(methods, methods)),
          Prompt.Field(Localized("联系对象", "Person contacted")),
          Prompt.Field(Localized("调查结果", "Findings")),
        ]
      ) { [unowned self] texts in
        guard let at = OrderText.parseTime(texts[0], today: now) else {
          return OrderText.notATime(Localized("联系时间", "Contact time"), texts[0])
        }
        guard let method = ContactMethod(rawValue: texts[1].trimmingCharacters(in: .whitespaces).lowercased()) else {
          return Localized("方式须是 \(methods) 之一", "Method must be one of \(methods)")
        }
        return run(RecordContact(number: number, contacted: at, method: method, person: texts[2], findings: texts[3]))
      })
  }

  /// The scheme form's fields: plan, advice, budget, timetable (filled with `scheme`'s when revising).
  private func schemeFields(_ scheme: Scheme?) -> [Prompt.Field] {
    let budget = scheme?.budget.map { "\($0.name) \(OrderFileScreen.typedYuan($0.fen))" }.joined(separator: "; ") ?? ""
    let steps = scheme?.timetable.map { "\($0.step) \(OrderText.day($0.due))" }.joined(separator: "; ") ?? ""
    return [
      Prompt.Field(Localized("供电方案", "Supply plan"), text: scheme?.plan ?? ""),
      Prompt.Field(Localized("改造建议 (可空)", "Advice (optional)"), text: scheme?.advice ?? ""),
      Prompt.Field(
        Localized("预算", "Budget"), text: budget, hint: Localized("名称 金额(元); 名称 金额", "item yuan; item yuan")),
      Prompt.Field(
        Localized("进度安排", "Timetable"), text: steps,
        hint: Localized("步骤 MM-dd; 步骤 MM-dd", "step MM-dd; step MM-dd")),
    ]
  }

  /// Reads the budget and timetable typed in the scheme form, or the refusal naming the piece not understood.
  private func parseScheme(_ texts: [String]) -> Result<([BudgetItem], [TimetableEntry]), SchemeTextError> {
    let now = engine.now
    var budget: [BudgetItem] = []
    for part in OrderFileScreen.pieces(texts[2]) {
      guard let (name, amount) = OrderFileScreen.splitLast(part) else {
        return .failure(SchemeTextError(Localized("预算项缺金额: \(part)", "Budget item without an amount: \(part)")))
      }
      do throws(DomainError) {
        budget.append(BudgetItem(name: name, fen: try Validation.money(amount).fen))
      } catch {
        return .failure(SchemeTextError(error.message))
      }
    }
    var timetable: [TimetableEntry] = []
    for part in OrderFileScreen.pieces(texts[3]) {
      guard let (step, date) = OrderFileScreen.splitLast(part), let day = OrderText.parseDay(date, today: now) else {
        return .failure(
          SchemeTextError(Localized("进度项需要日期 (MM-dd): \(part)", "A timetable step needs a date (MM-dd): \(part)")))
      }
      timetable.append(TimetableEntry(step: step, due: day))
    }
    return .success((budget, timetable))
  }

  private func recordScheme(_ order: Order) {
    open(
      Prompt(Localized("供电方案", "Scheme"), fields: schemeFields(nil)) { [unowned self] texts in
        switch parseScheme(texts) {
        case .failure(let refusal): return refusal.message
        case .success(let (budget, timetable)):
          return run(
            RecordScheme(number: number, plan: texts[0], advice: texts[1], budget: budget, timetable: timetable))
        }
      })
  }

  // MARK: Ctrl-R: revise the scheme

  /// After the customer rejected the scheme: the form filled with the version on file, to change what the
  /// customer asked for, with a note of what changed; it becomes the next version.
  func reviseScheme(_ order: Order) {
    if let refusal = engine.state.schemeRevisionRefusal(order) {
      notice = (refusal.message, .error)
      return
    }
    // Refused before anything is typed, by the same rule the command applies.
    if let me = engine.me, let refusal = engine.state.schemeRevisionRefusal(me, order, on: Day(containing: engine.now))
    {
      notice = (refusal.message, .error)
      return
    }
    guard let scheme = order.scheme else { return }
    let next = scheme.version + 1
    let comment = order.rounds.last?.comment ?? ""
    open(
      Prompt(
        Localized("修订方案: 第\(next)版 (客户意见: \(comment))", "Revise the scheme: version \(next) (customer: \(comment))"),
        fields: schemeFields(scheme) + [Prompt.Field(Localized("修订说明 (改了什么, 为什么)", "What changed, and why"))]
      ) { [unowned self] texts in
        switch parseScheme(texts) {
        case .failure(let refusal): return refusal.message
        case .success(let (budget, timetable)):
          if let refusal = run(
            ReviseScheme(
              number: number, plan: texts[0], advice: texts[1], budget: budget, timetable: timetable, note: texts[4]))
          {
            return refusal
          }
          notice = (
            Localized(
              "已修订为方案第\(next)版: 请向客户出示后 F6 记录下一轮意见",
              "Scheme version \(next) on file: show it to the customer, then F6 records the next round"),
            .ok
          )
          return nil
        }
      })
  }

  private func recordConfirmation(_ order: Order, lang: Lang) {
    let choices = [Localized("客户同意方案", "Customer accepts"), Localized("客户不同意 (需说明)", "Customer rejects (comment)")]
    // The round answers the version shown here; if it is revised meanwhile, the domain refuses the answer.
    let version = order.scheme?.version
    let shown =
      order.scheme.map {
        Localized(
          " (方案第\($0.version)版 合计 \(OrderText.yuan($0.totalFen, .zh)))",
          " (scheme v\($0.version), total \(OrderText.yuan($0.totalFen, .en)))")
      } ?? Localized("", "")
    open(
      Picker(
        Localized(
          "第 \(order.rounds.count + 1) 轮确认\(shown.zh)", "Confirmation round \(order.rounds.count + 1)\(shown.en)"),
        items: choices.map { Picker.Item($0.text(lang)) }
      ) { [unowned self] picks in
        let accepted = picks.first == 0
        dialog = nil
        open(
          Prompt(
            accepted ? Localized("客户同意", "Accepted") : Localized("客户不同意", "Rejected"),
            fields: [Prompt.Field(accepted ? Localized("意见 (可空)", "Comment (optional)") : Localized("意见", "Comment"))]
          ) { [unowned self] texts in
            run(RecordConfirmation(number: number, accepted: accepted, comment: texts[0], schemeVersion: version))
          })
        return nil
      })
  }

  private func planMilestone(_ order: Order) {
    let now = engine.now
    open(
      Prompt(
        Localized("计划执行节点", "Plan a milestone"),
        fields: [
          Prompt.Field(Localized("节点", "Milestone")),
          Prompt.Field(Localized("计划日期", "Planned"), hint: Localized("MM-dd 或 yyyy-MM-dd", "MM-dd or yyyy-MM-dd")),
          Prompt.Field(Localized("原因 (晚于执行时限时必填)", "Reason (if after the execution deadline)")),
        ]
      ) { [unowned self] texts in
        guard let day = OrderText.parseDay(texts[1], today: now) else {
          return OrderText.notADay(Localized("计划日期", "Planned date"), texts[1])
        }
        return run(PlanMilestone(number: number, title: texts[0], planned: day, reason: texts[2]))
      })
  }

  private func receiveFeedback(_ order: Order) {
    open(
      Prompt(Localized("客户反馈", "Customer feedback"), fields: [Prompt.Field(Localized("反馈内容", "Feedback"))]) {
        [unowned self] texts in
        run(ReceiveFeedback(number: number, text: texts[0]))
      })
  }

  private func recordFollowUp(_ order: Order, lang: Lang) {
    let methods = FollowUpMethod.allCases
    open(
      Picker(
        Localized("回访方式", "Follow-up method"), items: methods.map { Picker.Item($0.title.text(lang)) }
      ) {
        [unowned self] picks in
        let method = methods[picks.first ?? 0]
        dialog = nil
        open(
          Prompt(
            Localized("回访与满意度 (\(method.title.zh))", "Follow-up (\(method.title.en))"),
            fields: [
              Prompt.Field(
                Localized("满意度评分", "Score"), hint: Localized("1-5, 3 以下为不满意", "1-5; below 3 is dissatisfied")),
              Prompt.Field(Localized("客户意见 (不满意时必填)", "Comment (required when dissatisfied)")),
            ]
          ) { [unowned self] texts in
            let typed = texts[0].precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
            guard let score = Int(typed) else {
              return Localized("评分请填 1-5 的数字", "The score is a number from 1 to 5")
            }
            let before = engine.state.orders[number]?.problems ?? []
            if let refusal = run(RecordFollowUp(number: number, method: method, score: score, comment: texts[1])) {
              return refusal
            }
            let opened = (engine.state.orders[number]?.problems ?? []).filter { !before.contains($0) }
            if let id = opened.first {
              notice = (
                Localized("客户不满意: 已自动开启问题 \(id), 进入闭环处理", "Dissatisfied: problem \(id) opened for the closed loop"),
                .warning
              )
            }
            return nil
          })
        return nil
      })
  }

  /// An amount in fen as a clerk types it back: `1200.5` → `1200.50`.
  static func typedYuan(_ fen: Int64) -> String {
    let cents = abs(fen) % 100
    return "\(fen < 0 ? "-" : "")\(abs(fen) / 100).\(cents < 10 ? "0" : "")\(cents)"
  }

  /// `a 1; b 2` → `["a 1", "b 2"]` (also split on the full-width `；` and `，`).
  static func pieces(_ text: String) -> [String] {
    text.split(whereSeparator: { ";；，,".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }

  /// `电缆 1200.50` → `("电缆", "1200.50")`.
  static func splitLast(_ text: String) -> (String, String)? {
    let normalized = text.replacingOccurrences(of: "\u{3000}", with: " ")
    guard let space = normalized.lastIndex(of: " ") else { return nil }
    let head = normalized[..<space].trimmingCharacters(in: .whitespaces)
    let tail = normalized[normalized.index(after: space)...].trimmingCharacters(in: .whitespaces)
    guard !head.isEmpty, !tail.isEmpty else { return nil }
    return (head, tail)
  }
}

/// A piece of the scheme form that could not be read, with what to type instead.
struct SchemeTextError: Error {
  var message: Localized
  init(_ message: Localized) { self.message = message }
}
