import Domain
import Engine
import Foundation

/// 稽查 (F8): the audits. Ins starts one over a period with a sample size and a seed (the same seed
/// draws the same sample); Enter opens it.
final class AuditScreen: DeskListScreen {
  var openOrder: ((String) -> (any Screen)?)?

  init(engine: Engine) {
    super.init(engine: engine, title: Localized("稽查", "Audit"))
    detailHeight = 2
  }

  override var actions: [CommandID] { [.open, .deskNew] }

  override var helpIntro: Localized? {
    Localized(
      "稽查从期间内已归档的工单中按种子抽样 (同一种子得到同一样本), 逐单核对合规检查单, 发现记为问题或违规, 最后填写结论关闭。",
      "An audit samples the orders archived in a period by a seed (the same seed gives the same sample), checks each "
        + "against the compliance checklist, records findings as problems or violations, and closes with a conclusion.")
  }

  override func heading(_ lang: Lang) -> String {
    lang == .zh ? "稽查 \(engine.state.supervision.audits.count) 次" : "Audits: \(engine.state.supervision.audits.count)"
  }

  override func columns() -> [TableColumn] {
    [
      TableColumn(Localized("编号", "Id"), width: 8),
      TableColumn(Localized("期间", "Period"), width: 24),
      TableColumn(Localized("抽样", "Sample"), width: 6, alignment: .right),
      // Ten columns: nine digits and the gap, so a date as seed (20261130, as in docs/commands.md) shows whole.
      TableColumn(Localized("种子", "Seed"), width: 10, alignment: .right),
      TableColumn(Localized("已查", "Checked"), width: 8, alignment: .right),
      TableColumn(Localized("发现", "Finds"), width: 6, alignment: .right),
      TableColumn(Localized("状态", "Status"), width: 8),
      TableColumn(Localized("稽查人", "Auditor"), width: 8, flex: 1),
    ]
  }

  override func rows(_ lang: Lang) -> [DeskRow] {
    engine.state.supervision.audits.reversed().map { a in
      DeskRow(
        id: a.id,
        cells: [
          a.id, "\(a.from) - \(a.to)", "\(a.sample.count)", "\(a.seed)", "\(a.checks.count)/\(a.sample.count)",
          "\(a.findings.count)", AuditDetailScreen.status(a).text(lang), name(a.startedBy),
        ], style: a.status == .closed ? .muted : .normal)
    }
  }

  override func detail(_ row: DeskRow, _ lang: Lang) -> [(String, StyleRole)] {
    guard let a = engine.state.supervision.audit(row.id), let conclusion = a.conclusion else { return [] }
    return [((lang == .zh ? "结论: " : "Conclusion: ") + conclusion, .normal)]
  }

  override func commandType(for id: CommandID) -> (any CommandBody.Type)? {
    switch id {
    case .deskNew: StartAudit.self
    case .deskFinding: RecordAuditFinding.self
    case .deskClose: CloseAudit.self
    default: nil
    }
  }

  override func act(_ id: CommandID, row: DeskRow?, context: ScreenContext) -> Outcome {
    switch id {
    case .open:
      guard let row else { return .handled }
      let screen = AuditDetailScreen(engine: engine, id: row.id)
      screen.readOnly = readOnly
      screen.openOrder = openOrder
      return .push(screen)
    case .deskNew:
      let now = engine.now
      let next = engine.state.supervision.nextAuditID
      return form(
        Localized("开始稽查", "Start an audit"),
        intro: [
          (
            Localized(
              "从期间内已归档的工单中抽样; 同一期间、同一种子总是得到同一样本。",
              "Samples the orders archived in the period; the same period and seed always give the same sample."),
            .muted
          )
        ],
        [
          .day("from", Localized("起始日", "From"), value: today.adding(days: -30), now: now),
          .day("to", Localized("截止日", "To"), value: today, now: now),
          .text(
            "size", Localized("抽样数", "Sample size"), value: "5", required: true, maxLength: 3,
            check: { text, _ in
              Int(text).map { (1...500).contains($0) } == true ? nil : Localized("1 到 500", "1 to 500")
            }),
          .text(
            "seed", Localized("种子", "Seed"), value: "1", required: true, maxLength: 19,
            check: { text, _ in UInt64(text) == nil ? Localized("非负整数", "a whole number") : nil }),
        ],
        submit: { form in
          guard let from = form.day("from", now: now), let to = form.day("to", now: now),
            let size = Int(form.text("size")), let seed = UInt64(form.text("seed"))
          else { return nil }
          return StartAudit(from: from, to: to, sampleSize: size, seed: seed)
        }, done: Localized("已开始稽查 \(next)", "Audit \(next) started"))
    default:
      return .ignored
    }
  }
}

/// One audit: the log's verification and head, the sample with each order's checks, the findings.
/// Enter steps into the selected order's checklist; Ctrl-F records a finding; Ctrl-D closes.
final class AuditDetailScreen: DeskListScreen {
  let id: String
  var openOrder: ((String) -> (any Screen)?)?
  private var verified: (seq: UInt64, ok: Bool, text: Localized, head: String, records: UInt64)?

  init(engine: Engine, id: String) {
    self.id = id
    super.init(engine: engine, title: Localized("稽查 \(id)", "Audit \(id)"))
    detailHeight = 5
  }

  static func status(_ a: Audit) -> Localized {
    a.status == .open ? Localized("进行中", "open") : Localized("已结束", "closed")
  }

  var audit: Audit? { engine.state.supervision.audit(id) }

  override var actions: [CommandID] { [.open, .deskFinding, .deskClose] }

  override var helpIntro: Localized? {
    Localized(
      "回车逐单核对合规检查单 (系统建议已预填, 可修改)。Ctrl-F 记录发现 (问题或违规), Ctrl-D 填写结论并关闭稽查。",
      "Enter checks the selected order (the system's suggestions are filled in; change them if wrong). Ctrl-F records "
        + "a finding (problem or violation); Ctrl-D closes the audit with a conclusion.")
  }

  /// The log's verification, once per head (it reads the whole log).
  func verification() -> (ok: Bool, text: Localized, head: String, records: UInt64) {
    let seq = engine.state.seq
    if let verified, verified.seq == seq { return (verified.ok, verified.text, verified.head, verified.records) }
    let report = engine.store.verify()
    let text = report.firstDamage.map { Localized($0.error.zh, $0.error.en) } ?? Localized("完好", "intact")
    verified = (seq, report.ok, text, report.head.description, report.records)
    return (report.ok, text, report.head.description, report.records)
  }

  override func heading(_ lang: Lang) -> String {
    guard let a = audit else { return title.text(lang) }
    return lang == .zh
      ? "稽查 \(a.id)  期间 \(a.from) 至 \(a.to)  抽样 \(a.sample.count)/\(a.sampleSize)  种子 \(a.seed)  \(Self.status(a).zh)"
      : "Audit \(a.id)  \(a.from) to \(a.to)  sample \(a.sample.count)/\(a.sampleSize)  seed \(a.seed)  \(Self.status(a).en)"
  }

  override func drawTop(into canvas: inout Canvas, y: Int, context: ScreenContext) -> Int {
    let v = verification()
    let text = context(
      Localized(
        "日志校验: \(v.text.zh)  记录 \(v.records) 条  日志头 \(v.head)",
        "Log verification: \(v.text.en)  \(v.records) records  head \(v.head)"))
    // The head is long (seq:64 hex digits): wrapped rather than cut, so it can be compared by eye.
    var row = y - 1
    for line in DisplayWidth.wrap(text, toWidth: canvas.width - 2) {
      canvas.write(" " + line, x: 0, y: row, style: v.ok ? .ok : .error, maxWidth: canvas.width - 1)
      row += 1
    }
    if let conclusion = audit?.conclusion {
      canvas.write(
        " " + context(Localized("结论: ", "Conclusion: ")) + conclusion, x: 0, y: row, style: .normal,
        maxWidth: canvas.width - 1)
      row += 1
    }
    return row - y + 1
  }

  override func columns() -> [TableColumn] {
    [
      TableColumn(Localized("工单", "Order"), width: 15),
      TableColumn(Localized("时限", "Deadln"), width: 7),
      TableColumn(Localized("检查单", "Checks"), width: 7),
      TableColumn(Localized("回访", "Follow"), width: 7),
      TableColumn(Localized("资料", "Data"), width: 6),
      TableColumn(Localized("查看", "Reveal"), width: 7),
      TableColumn(Localized("合规", "Result"), width: 9),
      TableColumn(Localized("备注", "Note"), width: 8, flex: 1),
    ]
  }

  static func yesNo(_ value: Bool?, _ lang: Lang) -> String {
    guard let value else { return "-" }
    return lang == .zh ? (value ? "是" : "否") : (value ? "yes" : "no")
  }

  override func rows(_ lang: Lang) -> [DeskRow] {
    guard let a = audit else { return [] }
    let state = engine.state
    return a.sample.map { number in
      let reveals = state.orders[number].map { state.auditSuggestion($0).reveals.count } ?? 0
      guard let c = a.check(number) else {
        return DeskRow(
          id: number,
          cells: [number, "-", "-", "-", "-", "\(reveals)", lang == .zh ? "未检查" : "to check", ""], style: .muted)
      }
      // A violation found on the order makes it non-compliant whatever the checklist says (Domain's rule).
      let compliant = a.compliant(number) ?? c.compliant
      let result = compliant ? (lang == .zh ? "合规" : "compliant") : (lang == .zh ? "不合规" : "not compl.")
      func s(_ ok: Bool) -> StyleRole? { ok ? nil : .overdue }
      return DeskRow(
        id: number,
        cells: [
          number, Self.yesNo(c.deadlinesMet, lang), Self.yesNo(c.checklistsComplete, lang),
          Self.yesNo(c.followUpDone, lang), Self.yesNo(c.dataComplete, lang),
          "\(reveals)" + (c.revealsJustified ? "" : "!"), result, Masking.freeText(c.note),
        ],
        cellStyles: [
          nil, s(c.deadlinesMet), s(c.checklistsComplete), s(c.followUpDone), s(c.dataComplete), s(c.revealsJustified),
          compliant ? .ok : .overdue,
        ])
    }
  }

  override func detail(_ row: DeskRow, _ lang: Lang) -> [(String, StyleRole)] {
    guard let a = audit else { return [] }
    var lines: [(String, StyleRole)] = []
    let findings = a.findings
    lines.append(
      (
        lang == .zh
          ? "发现 \(findings.count) 项  已检查 \(a.checks.count)/\(a.sample.count)"
          : "\(findings.count) findings  checked \(a.checks.count)/\(a.sample.count)", .header
      ))
    for f in findings.suffix(4) {
      let kind = f.kind == .problem ? Localized("问题", "problem") : Localized("违规", "violation")
      lines.append(("  \(f.ref) \(kind.text(lang)) \(f.order ?? "-")  \(f.text)", .normal))
    }
    return lines
  }

  override func commandType(for id: CommandID) -> (any CommandBody.Type)? {
    switch id {
    case .deskFinding: RecordAuditFinding.self
    case .deskClose: CloseAudit.self
    default: nil
    }
  }

  override func act(_ id: CommandID, row: DeskRow?, context: ScreenContext) -> Outcome {
    guard let a = audit else { return .ignored }
    switch id {
    case .open:
      guard let row, let order = engine.state.orders[row.id] else { return .handled }
      return step(a, order, context: context)
    case .deskFinding:
      let now = engine.now
      let auditID = a.id
      return form(
        Localized("记录稽查发现", "Record a finding"),
        [
          .choice(
            "kind", Localized("记为", "Record as"),
            options: [
              FormOption(FindingKind.problem.rawValue, Localized("问题 (整改闭环)", "problem (closed loop)")),
              FormOption(FindingKind.violation.rawValue, Localized("违规", "violation")),
            ]),
          .text("order", Localized("工单", "Order"), value: row?.id ?? "", maxLength: 20),
          .text("text", Localized("发现", "Finding"), required: true, maxLength: 500),
          .choice(
            "person", Localized("责任人/违规人", "Owner/staff"), options: staffOptions(),
            selected: row.flatMap { engine.state.orders[$0.id]?.receivedBy }),
          .day("due", Localized("整改期限", "Due"), value: today.adding(days: 7), required: false, now: now),
          .choice(
            "severity", Localized("严重程度", "Severity"),
            options: ViolationSeverity.allCases.map { FormOption($0.rawValue, $0.title) }),
          .text("decision", Localized("处理决定", "Decision"), maxLength: 200),
        ],
        submit: { form in
          let kind = FindingKind(rawValue: form.choice("kind") ?? "") ?? .problem
          let order = form.text("order").isEmpty ? nil : form.text("order")
          let person = form.choice("person")
          if kind == .problem {
            return RecordAuditFinding(
              id: auditID, kind: .problem, order: order, text: form.text("text"), owner: person,
              due: form.day("due", now: now))
          }
          return RecordAuditFinding(
            id: auditID, kind: .violation, order: order, text: form.text("text"), staff: person,
            severity: ViolationSeverity(rawValue: form.choice("severity") ?? ""),
            decision: form.text("decision").isEmpty ? nil : form.text("decision"))
        }, done: Localized("已记录发现", "Finding recorded"))
    case .deskClose:
      let auditID = a.id
      return form(
        Localized("结束稽查 \(a.id)", "Close audit \(a.id)"),
        [.text("conclusion", Localized("结论", "Conclusion"), required: true, maxLength: 1000)],
        submit: { form in CloseAudit(id: auditID, conclusion: form.text("conclusion")) },
        done: Localized("稽查 \(a.id) 已结束", "Audit \(a.id) closed"))
    default:
      return .ignored
    }
  }

  /// The compliance checklist of one sampled order, pre-filled with the recorded answers or else the
  /// system's suggestions; the reveals of the customer's data while it was open are listed above.
  func step(_ a: Audit, _ order: Order, context: ScreenContext) -> Outcome {
    let state = engine.state
    let suggestion = state.auditSuggestion(order)
    let check = a.check(order.number)
    let type = state.businessType(of: order)?.name ?? Localized(order.type, order.type)
    let customer = state.customers[order.customer]?.maskedName ?? order.customer
    var intro: [(Localized, StyleRole)] = [
      (
        Localized(
          "\(order.number)  \(type.zh)  客户 \(customer)  受理 \(Desk.time(order.received))  归档 \(Desk.time(order.archived))",
          "\(order.number)  \(type.en)  customer \(customer)  received \(Desk.time(order.received))  archived \(Desk.time(order.archived))"
        ), .header
      ),
      (
        Localized(
          "系统建议: 时限 \(Self.yesNo(suggestion.deadlinesMet, .zh)) 检查单 \(Self.yesNo(suggestion.checklistsComplete, .zh)) 回访 \(Self.yesNo(suggestion.followUpDone, .zh)) 资料 \(Self.yesNo(suggestion.dataComplete, .zh)) 查看理由 \(Self.yesNo(suggestion.revealsJustified, .zh))",
          "Suggested: deadlines \(Self.yesNo(suggestion.deadlinesMet, .en)), checklists \(Self.yesNo(suggestion.checklistsComplete, .en)), follow-up \(Self.yesNo(suggestion.followUpDone, .en)), data \(Self.yesNo(suggestion.dataComplete, .en)), reveals justified \(Self.yesNo(suggestion.revealsJustified, .en))"
        ), .accent
      ),
    ]
    if suggestion.reveals.isEmpty {
      intro.append((Localized("办理期间无个人信息查看记录", "No personal data was revealed while it was open"), .muted))
    }
    for r in suggestion.reveals.prefix(3) {
      intro.append(
        (
          Localized(
            "查看 #\(r.seq) \(Desk.shortTime(r.at)) \(Desk.name(r.by, state)) \(r.fields.joined(separator: ",")) 理由: \(Masking.freeText(r.reason))",
            "Reveal #\(r.seq) \(Desk.shortTime(r.at)) \(Desk.name(r.by, state)) \(r.fields.joined(separator: ",")) reason: \(Masking.freeText(r.reason))"
          ), r.reason.isEmpty ? .warning : .normal
        ))
    }
    let auditID = a.id
    let number = order.number
    let fields: [FormField] = [
      .toggle("deadlines", Localized("各环节按时", "Deadlines met"), isOn: check?.deadlinesMet ?? suggestion.deadlinesMet),
      .toggle(
        "checklists", Localized("检查单完整", "Checklists complete"),
        isOn: check?.checklistsComplete ?? suggestion.checklistsComplete),
      .toggle("followup", Localized("已回访", "Follow-up done"), isOn: check?.followUpDone ?? suggestion.followUpDone),
      .toggle("data", Localized("资料完整", "Data complete"), isOn: check?.dataComplete ?? suggestion.dataComplete),
      .toggle(
        "reveals", Localized("查看理由充分", "Reveals justified"),
        isOn: check?.revealsJustified ?? suggestion.revealsJustified),
      .text("note", Localized("备注", "Note"), value: check?.note ?? "", maxLength: 200),
    ]
    let selection = table.list.selection
    return Desk.form(
      engine, readOnly: readOnly, title: Localized("合规检查 \(number)", "Compliance check \(number)"), intro: intro,
      fields: fields, report: { [weak self] in self?.result = $0 }
    ) { [weak self, engine, readOnly] form in
      let result = Desk.submit(
        engine, readOnly: readOnly,
        RecordAuditCheck(
          id: auditID, order: number, deadlinesMet: form.flag("deadlines"),
          checklistsComplete: form.flag("checklists"), followUpDone: form.flag("followup"),
          dataComplete: form.flag("data"), revealsJustified: form.flag("reveals"), note: form.text("note")),
        done: Localized("已记录 \(number) 的检查", "Check of \(number) recorded"))
      // Step on to the next sampled order.
      if case .done = result { self?.table.list.select(selection + 1, pageSize: 100) }
      return result
    }
  }
}
