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
      {"ok":true,"seqs":[…]} or {"ok":false,"code":…,"message":…}. See docs/commands.md.
      """)

  @OptionGroup var global: GlobalOptions

  private struct Extras: Decodable {
    var `as`: String?
    var at: Date?
  }

  func run() throws {
    let engine = try Session.open(global)
    let lang = global.language
    let extrasDecoder = JSONDecoder()
    extrasDecoder.dateDecodingStrategy = .iso8601
    while let line = readLine(strippingNewline: true) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let data = Data(trimmed.utf8)
      let answer: [String: Any]
      do {
        let command = try Command.decode(json: data)
        let extras = (try? extrasDecoder.decode(Extras.self, from: data)) ?? Extras()
        let seqs = try engine.execute(command, as: extras.as, at: extras.at)
        answer = ["ok": true, "command": command.name, "seqs": seqs]
      } catch let error as DomainError {
        answer = Apply.failure(error.code, error.message, lang)
      } catch let error as EngineError {
        answer = Apply.failure(error.code, error.message, lang)
      } catch {
        answer = Apply.failure("error", Localized("\(error)", "\(error)"), lang)
      }
      let out = try JSONSerialization.data(withJSONObject: answer, options: [.sortedKeys, .withoutEscapingSlashes])
      FileHandle.standardOutput.write(out + Data("\n".utf8))
    }
    engine.snapshotIfWorthIt()
    // A newer GridDesk wrote to the store meanwhile: the lines after it were refused; say so and fail.
    if let stop = engine.stopMessage { throw CLIFailure(message: stop, lang: lang) }
  }

  static func failure(_ code: String, _ message: Localized, _ lang: Lang) -> [String: Any] {
    ["ok": false, "code": code, "message": message.text(lang), "message_zh": message.zh, "message_en": message.en]
  }
}
