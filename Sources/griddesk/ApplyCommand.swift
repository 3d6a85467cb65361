import ArgumentParser
import Domain
import Engine
import Foundation

/// `griddesk apply`: one command per JSON line on standard input, one JSON answer per line.
struct Apply: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apply",
    abstract: "Apply commands given as JSON lines on standard input. 从标准输入逐行执行 JSON 命令。",
    discussion: """
      Each line is one object {"command": NAME, …fields}; on a demo store it may also carry
      "as": LOGIN and "at": ISO-8601 time. Each line is answered by one line:
      {"ok":true,"line":N,"seqs":[…]} or {"ok":false,"line":N,"code":…,"field":…,"message":…}.
      A summary (applied, refused) goes to standard error. See docs/commands.md.
      Exit status: 0 when every line was applied, 1 when any line was refused, 2 when the store cannot
      be opened.
      退出码: 0 全部执行; 1 有行被拒绝; 2 无法打开存储库。
      """)

  @OptionGroup var global: GlobalOptions

  @Flag(
    name: .long,
    help: "Stop at the first refused line; the lines after it are not read. 遇到第一条被拒绝的行即停止。")
  var stopOnError = false

  func run() throws {
    let lang = global.language
    let engine: Engine
    do {
      engine = try Session.open(global)
    } catch let failure as CLIFailure {
      Apply.printError(failure.description)
      throw ExitCode(2)
    }
    var applied = 0
    var refused: [Int] = []
    var number = 0
    var stoppedAt: Int?
    while let text = readLine(strippingNewline: true) {
      number += 1
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let answer = Apply.answer(Data(trimmed.utf8), line: number, engine: engine, lang: lang)
      let out = try JSONSerialization.data(
        withJSONObject: answer.json, options: [.sortedKeys, .withoutEscapingSlashes])
      FileHandle.standardOutput.write(out + Data("\n".utf8))
      if let refusal = answer.refusal {
        refused.append(number)
        Apply.printError(refusal.text(lang))
        if stopOnError {
          stoppedAt = number
          break
        }
      } else {
        applied += 1
      }
    }
    engine.snapshotIfWorthIt()
    Apply.printError(Apply.summary(applied: applied, refused: refused, stoppedAt: stoppedAt).text(lang))
    // A newer GridDesk wrote to the store meanwhile: the lines after it were refused; say so and fail.
    if let stop = engine.stopMessage { throw CLIFailure(message: stop, lang: lang) }
    if !refused.isEmpty { throw ExitCode(1) }
  }

  /// One line's answer: the JSON object printed for it, and the refusal (with its line number) if any.
  static func answer(_ data: Data, line: Int, engine: Engine, lang: Lang) -> (json: [String: Any], refusal: Localized?)
  {
    let parsed: ApplyLine
    do {
      parsed = try ApplyLine.parse(data)
    } catch {
      return failure(error.error.code.rawValue, error.error.message, field: error.field, line: line, lang)
    }
    do {
      let seqs = try engine.execute(parsed.command, as: parsed.actingAs, at: parsed.at)
      return (["ok": true, "line": line, "command": parsed.command.name, "seqs": seqs], nil)
    } catch {
      return failure(error.code, error.message, field: nil, line: line, lang)
    }
  }

  static func failure(_ code: String, _ message: Localized, field: String?, line: Int, _ lang: Lang)
    -> (json: [String: Any], refusal: Localized?)
  {
    let named = Localized("第 \(line) 行: \(message.zh)", "Line \(line): \(message.en)")
    var json: [String: Any] = [
      "ok": false, "line": line, "code": code, "message": named.text(lang), "message_zh": named.zh,
      "message_en": named.en,
    ]
    if let field { json["field"] = field }
    return (json, named)
  }

  /// What `apply` did, for standard error.
  static func summary(applied: Int, refused: [Int], stoppedAt: Int?) -> Localized {
    var zh = "apply: 已执行 \(applied) 行, 拒绝 \(refused.count) 行"
    var en = "apply: applied \(applied), refused \(refused.count)"
    if !refused.isEmpty {
      let shown = refused.prefix(20).map(String.init)
      let more = refused.count > 20 ? " …" : ""
      zh += " (第 \(shown.joined(separator: "、")) 行\(more))"
      en += " (line\(refused.count == 1 ? "" : "s") \(shown.joined(separator: ", "))\(more))"
    }
    if let stoppedAt {
      zh += "; 按 --stop-on-error 在第 \(stoppedAt) 行停止, 其后的行未读取"
      en += "; stopped at line \(stoppedAt) (--stop-on-error): the lines after it were not read"
    }
    return Localized(zh, en)
  }

  static func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }
}
