import ArgumentParser
import Domain
import Engine
import Foundation

/// `griddesk standard …`: show, export, diff and publish versions of the service standard (guide ch. 6.1).
struct StandardCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "standard",
    abstract: "Show, export, diff or publish the service standard. 服务标准：查看、导出、比较、发布。",
    subcommands: [ShowStandard.self, ExportStandard.self, DiffStandard.self, PublishStandardCommand.self])

  static func pick(_ state: DomainState, version: Int?, today: Day, lang: Lang) throws -> Standard {
    guard let version else { return state.standard(on: today) }
    guard let standard = state.standard(version: version) else {
      throw CLIFailure(
        message: Localized(
          "没有第 \(version) 版标准, 现有: \(state.standards.map { String($0.version) }.joined(separator: ", "))",
          "No standard version \(version); there are: \(state.standards.map { String($0.version) }.joined(separator: ", "))"
        ),
        lang: lang)
    }
    return standard
  }

  static func read(_ path: String, lang: Lang) throws -> (text: String, standard: Standard) {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw CLIFailure(message: Localized("无法读取 \(path)", "Cannot read \(path)"), lang: lang)
    }
    do {
      return (text, try Standard.parse(toml: text))
    } catch {
      throw CLIFailure(message: error.message, lang: lang)
    }
  }
}

struct ShowStandard: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Every version with its effective date; the one in force marked. 查看标准版本。")

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let engine = try Session.open(global, reading: .standard)
    let lang = global.language
    let inForce = engine.state.standard(on: Day(containing: engine.now)).version
    for s in engine.state.standards.sorted(by: { $0.version < $1.version }) {
      let mark = s.version == inForce ? (lang == .zh ? "  ← 现行" : "  ← in force") : ""
      print(
        lang == .zh
          ? "第\(s.version)版  生效 \(s.effective)  业务类型 \(s.businessTypes.count)  指标 \(s.targets.count)  \(s.title.zh)\(mark)"
          : "v\(s.version)  effective \(s.effective)  \(s.businessTypes.count) business types  \(s.targets.count) targets  \(s.title.en)\(mark)"
      )
    }
  }
}

struct ExportStandard: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", abstract: "Write a version as TOML, to draft the next one. 导出标准 (TOML) 以起草新版。")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "File to write; - for standard output.") var file: String
  @Option(help: "Version (default: the one in force).") var version: Int?

  func run() throws {
    let engine = try Session.open(global, reading: .standard)
    let lang = global.language
    let standard = try StandardCommand.pick(
      engine.state, version: version, today: Day(containing: engine.now), lang: lang)
    let text = standard.toTOML()
    if file == "-" {
      print(text, terminator: "")
      return
    }
    do {
      try text.write(toFile: file, atomically: true, encoding: .utf8)
    } catch {
      throw CLIFailure(message: Localized("无法写入 \(file)", "Cannot write \(file)"), lang: lang)
    }
    print(lang == .zh ? "已导出第\(standard.version)版到 \(file)" : "Exported version \(standard.version) to \(file)")
  }
}

struct DiffStandard: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff", abstract: "What a draft changes against a version (default: the one in force). 比较草稿与现行标准。")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The draft TOML file.") var file: String
  @Option(help: "Compare against this version (default: the one in force).") var against: Int?
  @Option(help: "table, csv or json") var format: ReportFormat = .table

  func run() throws {
    let engine = try Session.open(global, reading: .standard)
    let lang = global.language
    let base = try StandardCommand.pick(engine.state, version: against, today: Day(containing: engine.now), lang: lang)
    let draft = try StandardCommand.read(file, lang: lang).standard
    let rows: [[Any]] = base.diff(to: draft).map { [$0.kind.rawValue, $0.subject, $0.old, $0.new] }
    if format == .table {
      print(
        lang == .zh
          ? "第\(base.version)版 → 草稿第\(draft.version)版: \(rows.count) 处变更"
          : "v\(base.version) → draft v\(draft.version): \(rows.count) changes")
    }
    try ReportTable(
      keys: ["change", "subject", "old", "new"],
      headers: [Localized("变更", "Change"), Localized("对象", "Subject"), Localized("原", "Old"), Localized("新", "New")],
      rows: rows
    ).print(format, lang)
  }
}

struct PublishStandardCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "publish",
    abstract: "Publish a draft as the next version, in force from a date (supervisor). 发布新版标准 (班长)。")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The draft TOML file; its version must be the current highest + 1.") var file: String
  @Option(help: "Effective date YYYY-MM-DD (today or later).") var effective: String

  func validate() throws {
    if Day(effective) == nil {
      throw global.usageError(
        "生效日期应为 年-月-日, 如 2027-01-01 (现在是「\(effective)」)", "--effective must be YYYY-MM-DD (got \"\(effective)\")")
    }
  }

  func run() throws {
    let lang = global.language
    let text = try StandardCommand.read(file, lang: lang).text
    let engine = try Session.open(global)
    do {
      try engine.execute(Command(PublishStandard(toml: text, effective: Day(effective)!)))
    } catch {
      throw CLIFailure(message: error.message, lang: lang)
    }
    let version = engine.state.standards.map(\.version).max() ?? 0
    print(
      lang == .zh
        ? "已发布第\(version)版标准, \(effective) 起生效; 此前受理的工单仍按原版本办理"
        : "Published standard version \(version), in force from \(effective); orders received earlier keep their version"
    )
  }
}
