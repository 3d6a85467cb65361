import ArgumentParser
import Domain
import Engine
import Foundation
import Workbench

/// `griddesk queue`: the queue as the home screen shows it, for scripts and SSH pipes.
struct QueueCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "queue", abstract: "The work queue, most urgent first (masked). 工单队列 (脱敏)。")

  enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

  @OptionGroup var global: GlobalOptions
  @Option(
    help: "Only orders at this stage: \(StageKind.allCases.map(\.rawValue).joined(separator: ", ")) (or 受理, 勘查 …)")
  var stage: String?
  @Flag(help: "Only orders whose current stage is assigned to me.") var mine = false
  @Flag(help: "Only overdue orders.") var overdue = false
  @Option(help: "Sort: \(QueueSort.allCases.map(\.rawValue).joined(separator: ", "))") var sort: String = "urgency"
  @Option(help: "table, csv or json") var format: Format = .table

  static func stageKind(_ text: String) -> StageKind? {
    if let kind = StageKind(rawValue: text.lowercased()) { return kind }
    return StageKind.allCases.first { $0.title(.zh) == text || $0.title(.en).lowercased() == text.lowercased() }
  }

  func validate() throws {
    if let stage, QueueCommand.stageKind(stage) == nil {
      let known = StageKind.allCases.map(\.rawValue).joined(separator: ", ")
      throw global.usageError("未知环节「\(stage)」; 可用: \(known)", "Unknown stage \"\(stage)\"; use: \(known)")
    }
    if QueueSort(rawValue: sort) == nil {
      let known = QueueSort.allCases.map(\.rawValue).joined(separator: ", ")
      throw global.usageError("未知排序「\(sort)」; 可用: \(known)", "Unknown sort \"\(sort)\"; use: \(known)")
    }
  }

  func run() throws {
    let engine = try Session.open(global, reading: .orders)
    let lang = global.language
    let query = QueueQuery(
      stage: stage.flatMap(QueueCommand.stageKind), mine: mine, overdue: overdue,
      sort: QueueSort(rawValue: sort) ?? .urgency)
    let rows = engine.state.queue(query, viewer: engine.login, now: engine.now)
    let columns = QueueCommand.columns.map { $0.text(lang) }
    let cells = rows.map { r in
      [
        r.number, r.customerName, r.type.text(lang), r.stageName.text(lang), r.assignee, r.stageText(lang),
        r.totalText(lang),
      ]
    }
    switch format {
    case .table:
      print(QueueCommand.plainTable(header: columns, rows: cells))
      let missing = Set(rows.flatMap(\.missingCalendarYears)).sorted()
      if !missing.isEmpty { print(DeadlineFormat.provisionalNote(missing).text(lang)) }
    case .csv:
      print(columns.map(Export.csvField).joined(separator: ","))
      for row in cells { print(row.map(Export.csvField).joined(separator: ",")) }
    case .json:
      let keys = ["number", "customer", "type", "stage", "assignee", "stage_left", "total_left"]
      let objects: [[String: Any]] = zip(rows, cells).map { row, cell in
        var o: [String: Any] = Dictionary(uniqueKeysWithValues: zip(keys, cell))
        o["stage_status"] = row.stageStatus.rawValue
        o["total_status"] = row.totalStatus.rawValue
        o["account"] = row.account
        o["priority"] = row.priority
        return o
      }
      let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
      print(String(decoding: data, as: UTF8.self))
    }
  }

  static let columns = [
    Localized("工单号", "Order"), Localized("客户", "Customer"), Localized("业务类型", "Type"), Localized("环节", "Stage"),
    Localized("处理人", "Handler"), Localized("本环节", "Stage due"), Localized("全流程", "Process due"),
  ]

  /// Columns aligned by display width (a Chinese character takes two columns).
  static func plainTable(header: [String], rows: [[String]]) -> String {
    var widths = header.map { DisplayWidth.of($0) }
    for row in rows {
      for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
    }
    func line(_ cells: [String]) -> String {
      zip(cells, widths).map { DisplayWidth.pad($0, toWidth: $1) }.joined(separator: "  ")
        .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
  }
}
