import ArgumentParser
import Domain
import Engine
import Foundation
import Store

/// `griddesk report …`: the supervisor's reports (KPIs, overdue work, warnings, risks, problems, audits)
/// for scripts and SSH pipes. Customer names are masked as on screen; no report shows identity numbers
/// or phone numbers.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Supervision reports: KPIs, overdue, warnings, risks, problems, audits. 督导报表。",
    subcommands: [
      KPIReport.self, OverdueReport.self, WarningsReport.self, RisksReport.self, ProblemsReport.self,
      AuditReport.self, NoticesReport.self, ViolationsReport.self, PlansReport.self,
    ])
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

/// A report as columns and rows; printed as an aligned table, CSV, or JSON objects keyed by `keys`.
struct ReportTable {
  var keys: [String]
  var headers: [Localized]
  /// Cells: String, Int, Double or NSNull (JSON keeps the type; table and CSV print text).
  var rows: [[Any]]

  static func text(_ cell: Any) -> String {
    switch cell {
    case let d as Double: return d.rounded() == d && abs(d) < 1e12 ? String(Int(d)) : String(format: "%.2f", d)
    case let i as Int: return String(i)
    case let b as Bool: return b ? "✓" : "✗"
    case is NSNull: return "-"
    default: return "\(cell)"
    }
  }

  func print(_ format: ReportFormat, _ lang: Lang) throws {
    switch format {
    case .table:
      Swift.print(QueueCommand.plainTable(header: headers.map { $0.text(lang) }, rows: rows.map { $0.map(Self.text) }))
    case .csv:
      Swift.print(keys.map(Export.csvField).joined(separator: ","))
      for row in rows { Swift.print(row.map { Export.csvField(Self.text($0)) }.joined(separator: ",")) }
    case .json:
      let objects = rows.map { Dictionary(uniqueKeysWithValues: zip(keys, $0)) }
      Swift.print(try ReportTable.json(objects))
    }
  }

  static func json(_ object: Any) throws -> String {
    let data = try JSONSerialization.data(
      withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self)
  }
}

/// `2026-11` (a month), `2026-11-01..2026-11-15`, or `2026-11-23` (one day).
enum Period {
  static func parse(_ text: String) -> (from: Day, to: Day)? {
    let parts = text.components(separatedBy: "..")
    if parts.count == 2, let a = Day(parts[0]), let b = Day(parts[1]), a <= b { return (a, b) }
    if let day = Day(text) { return (day, day) }
    let ym = text.split(separator: "-")
    guard ym.count == 2, ym[0].count == 4, ym[1].count == 2, let y = Int(ym[0]), let m = Int(ym[1]),
      Day.isValid(y, m, 1)
    else { return nil }
    let first = Day(y, m, 1)
    let next = m == 12 ? Day(y + 1, 1, 1) : Day(y, m + 1, 1)
    return (first, next.adding(days: -1))
  }

  static func month(of day: Day) -> (from: Day, to: Day) {
    parse(String(format: "%04d-%02d", day.year, day.month))!
  }
}

struct KPIReport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kpi", abstract: "KPIs of a period against the standard's targets (docs/kpis.md). 指标报表。")

  enum By: String, ExpressibleByArgument, CaseIterable { case hall, staff, team }

  @OptionGroup var global: GlobalOptions
  @Option(help: "2026-11, 2026-11-01..2026-11-15 or a day (default: this month).") var period: String?
  @Option(help: "hall, staff or team") var by: By = .hall
  @Flag(help: "Only my own figures (all that clerks and field staff may see). 仅本人的指标。") var mine = false
  @Option(help: "table, csv or json") var format: ReportFormat = .table

  func validate() throws {
    if let period, Period.parse(period) == nil {
      throw global.usageError("期间格式应为 2026-11 或 2026-11-01..2026-11-15", "--period must be 2026-11 or FROM..TO")
    }
  }

  func run() throws {
    let engine = try Session.open(global, reading: .kpis, needs: mine ? .own : .all)
    let state = engine.state
    let (from, to) = period.flatMap(Period.parse) ?? Period.month(of: Day(containing: engine.now))
    var scopes: [(key: String, scope: KPIScope)] = []
    switch by {
    case .hall: scopes = [("hall", .hall)]
    case .staff:
      // Nobody registered after the period's end (the rule is Domain's `kpiPeople`).
      scopes = state.kpiPeople(through: to).map { ($0, .staff($0)) }
    case .team:
      scopes = state.kpiTeams(through: to).map { ($0, .team($0)) }
    }
    if mine { scopes = [(engine.login, .staff(engine.login))] }
    let lang = global.language
    var rows: [[Any]] = []
    for (key, scope) in scopes {
      for k in state.kpis(from: from, to: to, scope: scope) {
        rows.append([
          key, k.id, k.name.text(lang), k.numerator, k.denominator ?? NSNull(), k.value ?? NSNull(), k.unit,
          k.target ?? NSNull(), k.met ?? NSNull(),
        ])
      }
    }
    // A published month (a whole calendar month asked for as such) shows the frozen figures.
    if let month = period.flatMap(KPIMonth.init), let publication = state.kpiPublication(month) {
      try printPublished(publication, state: state, scopes: scopes, lang: lang)
      return
    }
    if format == .table {
      print(lang == .zh ? "期间 \(from) 至 \(to)" : "Period \(from) to \(to)")
    }
    try ReportTable(
      keys: ["scope", "kpi", "name", "numerator", "denominator", "value", "unit", "target", "met"],
      headers: [
        Localized("范围", "Scope"), Localized("指标", "KPI"), Localized("名称", "Name"), Localized("分子", "Num."),
        Localized("分母", "Den."), Localized("值", "Value"), Localized("单位", "Unit"), Localized("目标", "Target"),
        Localized("达标", "Met"),
      ], rows: rows
    ).print(format, lang)
  }
}

extension KPIReport {
  static let kpiKeys = ["scope", "kpi", "name", "numerator", "denominator", "value", "unit", "target", "met"]
  static let kpiHeaders = [
    Localized("范围", "Scope"), Localized("指标", "KPI"), Localized("名称", "Name"), Localized("分子", "Num."),
    Localized("分母", "Den."), Localized("值", "Value"), Localized("单位", "Unit"), Localized("目标", "Target"),
    Localized("达标", "Met"),
  ]

  /// The published figures of the asked scopes, who published them and on which head, then every
  /// figure that a fresh computation gives differently now.
  func printPublished(
    _ publication: KPIPublication, state: DomainState, scopes: [(key: String, scope: KPIScope)], lang: Lang
  ) throws {
    func scopeKey(_ scope: KPIScope) -> String {
      switch scope {
      case .hall: "hall"
      case .staff(let login): "staff:\(login)"
      case .team(let team): "team:\(team)"
      }
    }
    let wanted = Dictionary(scopes.map { (scopeKey($0.scope), $0.key) }, uniquingKeysWith: { a, _ in a })
    func row(_ key: String, _ k: KPIValue) -> [Any] {
      [
        key, k.id, k.name.text(lang), k.numerator, k.denominator ?? NSNull(), k.value ?? NSNull(), k.unit,
        k.target ?? NSNull(), k.met ?? NSNull(),
      ]
    }
    var rows: [[Any]] = []
    for set in publication.figures {
      guard let key = wanted[set.scope] else { continue }
      for k in set.values { rows.append(row(key, k)) }
    }
    let changes = state.kpiChanges(since: publication).filter { wanted[$0.scope] != nil }
    let month = publication.month
    let who = state.staff[publication.by]?.name ?? publication.by
    let when = Export.iso(publication.at)
    let head = publication.head ?? (lang == .zh ? "未记录" : "not recorded")
    let superseded = KPIMonth(month).map { state.kpiPublicationCount($0) - 1 } ?? 0
    if format == .json {
      func value(_ k: KPIValue?) -> Any {
        guard let k else { return NSNull() }
        let denominator: Any = k.denominator ?? NSNull()
        let value: Any = k.value ?? NSNull()
        return ["numerator": k.numerator, "denominator": denominator, "value": value]
      }
      let object: [String: Any] = [
        "month": month, "published_at": when, "published_by": publication.by, "head": publication.head ?? NSNull(),
        "superseded": superseded,
        "figures": rows.map { Dictionary(uniqueKeysWithValues: zip(Self.kpiKeys, $0)) },
        "changes": changes.map {
          [
            "scope": wanted[$0.scope] ?? $0.scope, "kpi": $0.kpi, "published": value($0.published),
            "now": value($0.now),
          ]
        },
      ]
      let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
      print(String(decoding: data, as: UTF8.self))
      return
    }
    if format == .table {
      print(
        lang == .zh
          ? "\(month) 指标已发布: \(when) 由 \(who) 发布, 日志头 \(head)"
            + (superseded > 0 ? " (取代之前的 \(superseded) 次发布)" : "")
          : "\(month) KPIs published \(when) by \(who) at log head \(head)"
            + (superseded > 0 ? " (supersedes \(superseded) earlier publication(s))" : ""))
    }
    try ReportTable(keys: Self.kpiKeys, headers: Self.kpiHeaders, rows: rows).print(format, lang)
    guard format == .table else { return }
    if changes.isEmpty {
      print(lang == .zh ? "发布以来没有变化。" : "Nothing has changed since publication.")
      return
    }
    print(
      lang == .zh
        ? "发布以来的变化 (现在重新计算, 共 \(changes.count) 项):"
        : "Changed since publication (a fresh computation now, \(changes.count)):")
    func text(_ k: KPIValue?) -> String {
      guard let k else { return "-" }
      let ratio = k.denominator.map { "\(Self.number(k.numerator))/\(Self.number($0))" } ?? Self.number(k.numerator)
      return k.value.map { "\(Self.number($0)) (\(ratio))" } ?? "- (\(ratio))"
    }
    try ReportTable(
      keys: ["scope", "kpi", "published", "now"],
      headers: [
        Localized("范围", "Scope"), Localized("指标", "KPI"), Localized("发布值", "Published"), Localized("现值", "Now"),
      ],
      rows: changes.map { [wanted[$0.scope] ?? $0.scope, $0.kpi, text($0.published), text($0.now)] }
    ).print(format, lang)
  }

  static func number(_ x: Double) -> String {
    x == x.rounded() ? String(Int(x)) : String(format: "%.2f", x)
  }
}

struct OverdueReport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "overdue", abstract: "Overdue orders (stage or whole process) and overdue problems. 超期清单。")

  @OptionGroup var global: GlobalOptions
  @Option(help: "table, csv or json") var format: ReportFormat = .table

  func run() throws {
    let engine = try Session.open(global, reading: .dashboard)
    let state = engine.state
    let lang = global.language
    var rows: [[Any]] = []
    for r in state.queue(QueueQuery(overdue: true), viewer: nil, now: engine.now) {
      rows.append([
        "order", r.number, r.customerName, r.stageName.text(lang), r.assignee, r.stageText(lang), r.totalText(lang),
      ])
    }
    let today = Day(containing: engine.now)
    for p in state.problemBoard(today: today).overdue {
      let owner = p.owner.map { state.staff[$0]?.name ?? $0 } ?? "-"
      rows.append(["problem", p.id, p.title, p.status.title.text(lang), owner, "\(p.due!)", p.order ?? "-"])
    }
    try ReportTable(
      keys: ["kind", "id", "subject", "stage", "assignee", "stage_due", "total_due"],
      headers: [
        Localized("类别", "Kind"), Localized("编号", "Id"), Localized("客户/问题", "Customer/problem"),
        Localized("环节/状态", "Stage/status"), Localized("处理人", "Handler"), Localized("本环节", "Stage due"),
        Localized("全流程/工单", "Process due/order"),
      ], rows: rows
    ).print(format, lang)
  }
}

struct WarningsReport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "warnings", abstract: "Early warnings raised now, red first (guide ch. 4.2). 风险预警。")

  @OptionGroup var global: GlobalOptions
  @Option(help: "table, csv or json") var format: ReportFormat = .table

  func run() throws {
    let engine = try Session.open(global, reading: .risks)
    let lang = global.language
    let rows: [[Any]] = engine.state.warnings(now: engine.now).map {
      [$0.id, $0.level.title.text(lang), $0.rule.title.text(lang), $0.subject, $0.detail.text(lang), $0.responses]
    }
    try ReportTable(
      keys: ["id", "level", "rule", "subject", "detail", "responses"],
      headers: [
        Localized("预警编号", "Warning"), Localized("级别", "Level"), Localized("规则", "Rule"), Localized("对象", "Subject"),
        Localized("说明", "Detail"), Localized("应对", "Responses"),
      ], rows: rows
    ).print(format, lang)
  }
}

struct RisksReport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "risks", abstract: "The risk register and the 5×5 matrix of open risks. 风险台账与矩阵。")

  @OptionGroup var global: GlobalOptions
  @Option(help: "table, csv or json") var format: ReportFormat = .table

  func run() throws {
    let engine = try Session.open(global, reading: .risks)
    let state = engine.state
    let lang = global.language
    let rows: [[Any]] = state.supervision.risks.map { r in
      [
        r.id, r.source.title.text(lang), r.category, r.title, r.likelihood, r.impact, r.score,
        r.level.title.text(lang), state.staff[r.owner]?.name ?? r.owner, r.status.title.text(lang), r.responses.count,
      ]
    }
    let table = ReportTable(
      keys: [
        "id", "source", "category", "title", "likelihood", "impact", "score", "level", "owner", "status", "responses",
      ],
      headers: [
        Localized("编号", "Id"), Localized("来源", "Source"), Localized("类别", "Category"), Localized("风险", "Risk"),
        Localized("可能性", "L"), Localized("影响", "I"), Localized("分值", "Score"), Localized("等级", "Level"),
        Localized("责任人", "Owner"), Localized("状态", "Status"), Localized("应对", "Responses"),
      ], rows: rows)
    let matrix = state.supervision.matrix
    if format == .json {
      let objects = rows.map { Dictionary(uniqueKeysWithValues: zip(table.keys, $0)) }
      print(try ReportTable.json(["risks": objects, "matrix": matrix]))
      return
    }
    try table.print(format, lang)
    guard format == .table else { return }
    print("")
    print(
      lang == .zh
        ? "风险矩阵 (未关闭; 行 = 可能性 5→1, 列 = 影响 1→5)" : "Matrix of open risks (rows: likelihood 5→1, columns: impact 1→5)")
    for l in stride(from: 5, through: 1, by: -1) {
      print("\(l) | " + matrix[l - 1].map { String(format: "%3d", $0) }.joined(separator: " "))
    }
  }
}

struct ProblemsReport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "problems", abstract: "The problems board: open, overdue, awaiting verification, closed. 问题看板。")

  @OptionGroup var global: GlobalOptions
  @Option(help: "table, csv or json") var format: ReportFormat = .table

  func run() throws {
    let engine = try Session.open(global, reading: .problems)
    let state = engine.state
    let lang = global.language
    let board = state.problemBoard(today: Day(containing: engine.now))
    let overdue = Set(board.overdue.map(\.id))
    let rows: [[Any]] = (board.open + board.closed).map { p in
      [
        p.id, p.source.title.text(lang), p.title, p.order ?? "-", p.owner.map { state.staff[$0]?.name ?? $0 } ?? "-",
        p.due.map(\.description) ?? "-", p.status.title.text(lang), overdue.contains(p.id),
      ]
    }
    if format == .table {
      print(
        lang == .zh
          ? "未闭环 \(board.open.count)  超期 \(board.overdue.count)  待验证 \(board.awaitingVerification.count)  已闭环 \(board.closed.count)"
          : "Open \(board.open.count)  overdue \(board.overdue.count)  awaiting verification \(board.awaitingVerification.count)  closed \(board.closed.count)"
      )
    }
    try ReportTable(
      keys: ["id", "source", "title", "order", "owner", "due", "status", "overdue"],
      headers: [
        Localized("编号", "Id"), Localized("来源", "Source"), Localized("问题", "Problem"), Localized("工单", "Order"),
        Localized("责任人", "Owner"), Localized("期限", "Due"), Localized("状态", "Status"), Localized("超期", "Overdue"),
      ], rows: rows
    ).print(format, lang)
  }
}

struct AuditReport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "An audit: its sample, checks, findings, and the log's verification and head. 稽查报告。")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The audit id, e.g. JC0001.") var id: String
  @Option(help: "table, csv or json") var format: ReportFormat = .table

  func run() throws {
    let engine = try Session.open(global, reading: .audits)
    let state = engine.state
    let lang = global.language
    guard let audit = state.supervision.audit(id) else {
      throw CLIFailure(message: Localized("没有稽查 \(id)", "No audit \(id)"), lang: lang)
    }
    let verify = engine.store.verify()
    let integrity = verify.firstDamage.map { Localized($0.error.zh, $0.error.en) } ?? Localized("完好", "intact")
    // The reveals of each sampled order's customer while it was open (who, when, what, why; no values).
    var reveals: [String: [RevealRecord]] = [:]
    for number in audit.sample {
      if let order = state.orders[number] { reveals[number] = state.auditSuggestion(order).reveals }
    }
    let rows: [[Any]] = audit.sample.map { number in
      let count = reveals[number]?.count ?? 0
      guard let c = audit.check(number) else {
        return [number, false, NSNull(), NSNull(), NSNull(), NSNull(), count, NSNull(), NSNull(), ""] as [Any]
      }
      return [
        number, true, c.deadlinesMet, c.checklistsComplete, c.followUpDone, c.dataComplete, count,
        c.revealsJustified, audit.compliant(number) ?? c.compliant, c.note,
      ]
    }
    let keys = [
      "order", "checked", "deadlines_met", "checklists_complete", "follow_up_done", "data_complete", "reveals",
      "reveals_justified", "compliant", "note",
    ]
    let revealObjects: [[String: Any]] = audit.sample.flatMap { number in
      (reveals[number] ?? []).map {
        [
          "order": number, "seq": $0.seq, "at": Export.iso($0.at), "by": $0.by, "fields": $0.fields,
          "reason": $0.reason,
        ] as [String: Any]
      }
    }
    let findings: [[String: Any]] = audit.findings.map {
      ["kind": $0.kind.rawValue, "order": $0.order ?? NSNull(), "text": $0.text, "ref": $0.ref]
    }
    switch format {
    case .json:
      let object: [String: Any] = [
        "id": audit.id, "from": audit.from.description, "to": audit.to.description, "sample_size": audit.sampleSize,
        "seed": audit.seed, "status": audit.status.rawValue, "started_by": audit.startedBy,
        "conclusion": audit.conclusion ?? NSNull(),
        "sample": rows.map { Dictionary(uniqueKeysWithValues: zip(keys, $0)) }, "findings": findings,
        "reveals": revealObjects,
        "log": ["ok": verify.ok, "head": verify.head.description, "records": verify.records, "result": integrity.en],
        "started_head": audit.startHead ?? NSNull(), "closed_head": audit.closeHead ?? NSNull(),
      ]
      print(try ReportTable.json(object))
    case .csv, .table:
      if format == .table {
        let status = audit.status == .open ? Localized("进行中", "open") : Localized("已结束", "closed")
        print(
          lang == .zh
            ? "稽查 \(audit.id)  期间 \(audit.from) 至 \(audit.to)  抽样 \(audit.sample.count)/\(audit.sampleSize)  种子 \(audit.seed)  \(status.zh)"
            : "Audit \(audit.id)  period \(audit.from) to \(audit.to)  sample \(audit.sample.count)/\(audit.sampleSize)  seed \(audit.seed)  \(status.en)"
        )
        print(
          lang == .zh
            ? "日志校验: \(integrity.zh)  日志头 \(verify.head)  记录 \(verify.records) 条"
            : "Log verification: \(integrity.en)  head \(verify.head)  \(verify.records) records")
        // The heads recorded when the audit was started and closed, beside the fresh verification above.
        let unrecorded = Localized("未记录", "not recorded")
        let started = audit.startHead ?? unrecorded.text(lang)
        let closed = audit.closeHead ?? (audit.status == .open ? "-" : unrecorded.text(lang))
        print(
          lang == .zh
            ? "开始时日志头 \(started)  结束时日志头 \(closed)" : "Head when started \(started)  when closed \(closed)")
        if let conclusion = audit.conclusion { print((lang == .zh ? "结论: " : "Conclusion: ") + conclusion) }
      }
      try ReportTable(
        keys: keys,
        headers: [
          Localized("工单", "Order"), Localized("已检查", "Checked"), Localized("时限", "Deadlines"),
          Localized("检查单", "Checklists"), Localized("回访", "Follow-up"), Localized("资料", "Data"),
          Localized("查看次数", "Reveals"), Localized("查看理由", "Justified"), Localized("合规", "Compliant"),
          Localized("备注", "Note"),
        ], rows: rows
      ).print(format, lang)
      if format == .table && !audit.findings.isEmpty {
        print("")
        print(lang == .zh ? "发现:" : "Findings:")
        for f in audit.findings { print("  \(f.ref)  \(f.kind.rawValue)  \(f.order ?? "-")  \(f.text)") }
      }
      if format == .table && !revealObjects.isEmpty {
        print("")
        print(lang == .zh ? "个人信息查看记录:" : "Personal data reveals:")
        for number in audit.sample {
          for r in reveals[number] ?? [] {
            print(
              "  \(number)  #\(r.seq)  \(Export.iso(r.at))  \(r.by)  \(r.fields.joined(separator: ","))  \(r.reason)")
          }
        }
      }
    }
  }
}

struct NoticesReport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "notices", abstract: "Supervision notices and who has not acknowledged them. 督办通知。")

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Only the notices I have not acknowledged.") var mine = false
  @Option(help: "table, csv or json") var format: ReportFormat = .table

  func run() throws {
    let engine = try Session.open(global, reading: .notices, needs: mine ? .own : .all)
    let state = engine.state
    let notices = mine ? state.supervision.unacknowledged(engine.login) : state.supervision.notices
    func names(_ logins: [String]) -> String { logins.map { state.staff[$0]?.name ?? $0 }.joined(separator: ",") }
    let rows: [[Any]] = notices.map { n in
      [
        n.id, Export.iso(n.sent), state.staff[n.by]?.name ?? n.by, n.team ?? names(n.recipients), n.text,
        n.acknowledged.count, n.recipients.count, names(n.pending),
      ]
    }
    try ReportTable(
      keys: ["id", "sent", "by", "to", "text", "acknowledged", "recipients", "pending"],
      headers: [
        Localized("编号", "Id"), Localized("发送时间", "Sent"), Localized("发送人", "By"), Localized("接收", "To"),
        Localized("内容", "Text"), Localized("已确认", "Ack."), Localized("人数", "Of"), Localized("未确认", "Pending"),
      ], rows: rows
    ).print(format, global.language)
  }
}

struct ViolationsReport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "violations", abstract: "Violations with their responsibility split and decision. 违规记录。")

  @OptionGroup var global: GlobalOptions
  @Option(help: "Only those recorded in this period (2026-11 or FROM..TO).") var period: String?
  @Option(help: "table, csv or json") var format: ReportFormat = .table

  func validate() throws {
    if let period, Period.parse(period) == nil {
      throw global.usageError("期间格式应为 2026-11 或 2026-11-01..2026-11-15", "--period must be 2026-11 or FROM..TO")
    }
  }

  func run() throws {
    let engine = try Session.open(global, reading: .violations)
    let state = engine.state
    let lang = global.language
    let range = period.flatMap(Period.parse)
    let list = state.supervision.violations.filter { v in
      guard let range else { return true }
      let day = Day(containing: v.recorded)
      return range.from <= day && day <= range.to
    }
    let rows: [[Any]] = list.map { v in
      let split = v.shares.map { "\(state.staff[$0.login]?.name ?? $0.login):\($0.responsibility.title.text(lang))" }
      return [
        v.id, Export.iso(v.recorded), state.staff[v.staff]?.name ?? v.staff, v.category, v.severity.title.text(lang),
        v.description, split.joined(separator: "; "), v.decision, v.order ?? "-", v.audit ?? "-", v.statements.count,
      ]
    }
    try ReportTable(
      keys: [
        "id", "recorded", "staff", "category", "severity", "description", "responsibility", "decision", "order",
        "audit",
        "statements",
      ],
      headers: [
        Localized("编号", "Id"), Localized("记录时间", "Recorded"), Localized("当事人", "Staff"), Localized("类别", "Category"),
        Localized("程度", "Severity"), Localized("事实", "Description"), Localized("责任划分", "Responsibility"),
        Localized("处理决定", "Decision"), Localized("工单", "Order"), Localized("稽查", "Audit"),
        Localized("申辩", "Statements"),
      ], rows: rows
    ).print(format, lang)
  }
}

struct PlansReport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plans", abstract: "Improvement plans: phase, actions, evaluations, promotion; points. 改进计划。")

  @OptionGroup var global: GlobalOptions
  @Option(help: "table, csv or json") var format: ReportFormat = .table

  func run() throws {
    let engine = try Session.open(global, reading: .plans)
    let state = engine.state
    let lang = global.language
    let rows: [[Any]] = state.supervision.plans.map { p in
      let last = p.evaluations.last
      return [
        p.id, p.title, p.phase.title.text(lang), state.staff[p.owner]?.name ?? p.owner, p.kpi ?? "-",
        p.target ?? NSNull(), p.problems.joined(separator: ","), p.actions.filter { $0.done != nil }.count,
        p.actions.count, last?.before ?? NSNull(), last?.after ?? NSNull(), last.map { $0.met } ?? NSNull(),
        p.promotion ?? "",
      ]
    }
    try ReportTable(
      keys: [
        "id", "title", "phase", "owner", "kpi", "target", "problems", "actions_done", "actions", "before", "after",
        "met",
        "promotion",
      ],
      headers: [
        Localized("编号", "Id"), Localized("计划", "Plan"), Localized("阶段", "Phase"), Localized("负责人", "Owner"),
        Localized("指标", "KPI"), Localized("目标", "Target"), Localized("问题", "Problems"), Localized("已完成", "Done"),
        Localized("措施", "Actions"), Localized("改进前", "Before"), Localized("改进后", "After"), Localized("达标", "Met"),
        Localized("纳入标准", "Promoted"),
      ], rows: rows
    ).print(format, lang)
    guard format == .table else { return }
    let totals = Dictionary(grouping: state.supervision.points, by: \.login).mapValues {
      $0.reduce(0) { $0 + $1.points }
    }
    guard !totals.isEmpty else { return }
    print("")
    print(lang == .zh ? "激励积分:" : "Incentive points:")
    for login in totals.keys.sorted() { print("  \(state.staff[login]?.name ?? login)  \(totals[login]!)") }
  }
}
