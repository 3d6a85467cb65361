import ArgumentParser
import Domain
import Engine
import Foundation
import Store

/// `griddesk export`: orders, customers or raw events as JSON lines or CSV, masked as on screen.
struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export orders, customers or events (masked). 导出工单、客户或事件 (脱敏)。")

  enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }
  enum What: String, ExpressibleByArgument, CaseIterable { case orders, customers, events }

  @OptionGroup var global: GlobalOptions
  @Option(help: "jsonl or csv") var format: Format = .jsonl
  @Option(help: "orders, customers or events") var what: What = .orders

  func run() throws {
    let engine = try Session.open(
      global, reading: what == .events ? .events : what == .customers ? .customers : .orders)
    let out = FileHandle.standardOutput
    let rows: (columns: [String], records: [[String]])
    do {
      rows = try Export.rows(engine: engine, what: what, lang: global.language)
    } catch let error as StoreError {
      // Damage met while reading the events: nothing is printed rather than the events before it.
      throw engine.store.damage.map { Session.damaged($0, lang: global.language) }
        ?? CLIFailure(message: Localized(error.zh, error.en), lang: global.language)
    }
    switch format {
    case .jsonl:
      for row in rows.records {
        var object: [String: Any] = Dictionary(uniqueKeysWithValues: zip(rows.columns, row))
        if what == .events {
          // Events keep their fields as a nested object and their numbers as numbers.
          object["data"] = (row[5].data(using: .utf8)).flatMap { try? JSONSerialization.jsonObject(with: $0) } ?? [:]
          object["seq"] = Int(row[0]) ?? 0
          object["uid"] = Int(row[3]) ?? 0
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        out.write(data + Data("\n".utf8))
      }
    case .csv:
      out.write(Data((rows.columns.map(Export.csvField).joined(separator: ",") + "\n").utf8))
      for row in rows.records {
        out.write(Data((row.map(Export.csvField).joined(separator: ",") + "\n").utf8))
      }
    }
  }

  static func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  static func iso(_ date: Date?) -> String {
    guard let date else { return "" }
    let f = ISO8601DateFormatter()
    f.timeZone = TimeZone(secondsFromGMT: Day.offset)
    return f.string(from: date)
  }

  /// The rows of an export; personal data masked exactly as the screens show it.
  static func rows(engine: Engine, what: What, lang: Lang) throws -> (columns: [String], records: [[String]]) {
    let state = engine.state
    switch what {
    case .orders:
      let columns = [
        "number", "customer", "account", "type", "stage", "assignee", "stage_status", "stage_left", "total_status",
        "total_left", "received", "archived", "missing_calendar_years",
      ]
      let now = engine.now
      let open = state.queue(QueueQuery(), viewer: engine.login, now: now)
      let archived = state.orders.values.filter(\.isArchived).sorted { $0.number < $1.number }
      var records = open.map { r in
        [
          r.number, r.customerName, r.account, r.type.text(lang), r.stageName.text(lang), r.assignee,
          r.stageStatus.rawValue, r.stageText(lang), r.totalStatus.rawValue, r.totalText(lang),
          iso(r.received), "", r.missingCalendarYears.map(String.init).joined(separator: " "),
        ]
      }
      for o in archived {
        let name = state.customers[o.customer].map(\.maskedName) ?? ""
        records.append([
          o.number, name, o.customer, state.businessType(of: o)?.short.text(lang) ?? o.type, "", "", "done", "", "done",
          "", iso(o.received), iso(o.archived), "",
        ])
      }
      return (columns, records)
    case .customers:
      let columns = [
        "account", "name", "kind", "id_kind", "id_number", "phone", "address", "use_category", "voltage",
        "capacity_kva", "last_verified", "orders",
      ]
      let records = state.customers.values.sorted { $0.account < $1.account }.map { c in
        [
          c.account, c.maskedName, c.kind.rawValue, c.idKind.rawValue, Masking.idNumber(c.idNumber),
          Masking.phone(c.phone), Masking.address(c.address), c.useCategory.rawValue, c.voltage,
          String(c.capacityKVA), c.lastVerified.description, String(c.orders.count),
        ]
      }
      return (columns, records)
    case .events:
      let columns = ["seq", "time", "actor", "uid", "type", "data"]
      var records: [[String]] = []
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
      encoder.dateEncodingStrategy = .iso8601
      try engine.store.read(from: 1) { record in
        var data = ""
        if let event = try? engine.event(of: record),
          let json = try? event.masked().jsonData(encoder)
        {
          data = String(decoding: json, as: UTF8.self)
        }
        records.append([
          String(record.seq), iso(record.time), record.actor.login, String(record.actor.uid), record.type, data,
        ])
      }
      return (columns, records)
    }
  }
}
