import ArgumentParser
import Domain
import Foundation
import PostgresStore

@main
struct GridDesk: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "griddesk",
    abstract: "GridDesk 电力营销服务工作台 — a keyboard-first terminal workbench for a service hall.",
    discussion: """
      Without a subcommand GridDesk opens the workbench on the store.
      不带子命令时打开工作台。
      """,
    version: version,
    subcommands: [
      Open.self, Init.self, Demo.self, Apply.self, QueueCommand.self, Export.self, CalendarCommand.self, Verify.self,
      Backup.self, Repair.self, Copy.self, ReportCommand.self, StandardCommand.self, KeyCommand.self,
    ],
    defaultSubcommand: Open.self
  )

  /// Parses and runs like `ParsableCommand.main()`, but the argument parser's own errors (a missing
  /// argument, an unknown option …) follow `--lang` like every other message: Chinese by default.
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
    } catch {
      let code = exitCode(for: error)
      var text = fullMessage(for: error)
      if code == .success {
        // --help and --version: their text goes to standard output, as the parser does.
        print(text)
        Foundation.exit(code.rawValue)
      }
      if ParserMessages.language(arguments: arguments, environment: ProcessInfo.processInfo.environment) == .zh {
        text = ParserMessages.chinese(text)
      }
      if !text.isEmpty { FileHandle.standardError.write(Data((text + "\n").utf8)) }
      Foundation.exit(code.rawValue)
    }
  }
}

/// The argument parser's messages in the user's language. The parser (swift-argument-parser) writes
/// English; its few message shapes are put into Chinese here, and `--lang` is read from the raw
/// arguments because parsing may have failed before it was seen.
enum ParserMessages {
  /// `--lang X` or `--lang=X` among the arguments, else as `Lang.resolve` decides (GRIDDESK_LANG, LANG …).
  static func language(arguments: [String], environment: [String: String]) -> Lang {
    var flag: String?
    for (i, argument) in arguments.enumerated() {
      if argument == "--" { break }
      if argument == "--lang", i + 1 < arguments.count {
        flag = arguments[i + 1]
      } else if argument.hasPrefix("--lang=") {
        flag = String(argument.dropFirst("--lang=".count))
      }
    }
    return Lang.resolve(flag: flag, environment: environment)
  }

  /// English parser message shapes and their Chinese, `$1`, `$2` standing for the quoted parts.
  static let shapes: [(pattern: String, zh: String)] = [
    (#"^Unknown option '(.*)'\. Did you mean '(.*)'\?$"#, "未知选项 $1; 是否要用 $2?"),
    (#"^Unknown option '(.*)'$"#, "未知选项 $1; 可用的选项见 --help"),
    (#"^Missing value for '(.*)'$"#, "选项 $1 缺少取值"),
    (#"^The option '(.*)' does not take any value, but '(.*)' was specified\.$"#, "选项 $1 不带取值, 却给了 $2"),
    (#"^Unexpected argument '(.*)'$"#, "多余的参数 $1"),
    (#"^([0-9]+) unexpected arguments: (.*)$"#, "多余的参数 ($1 个): $2"),
    (#"^Value to be set with (.*) had already been set with (.*)$"#, "$1 与 $2 重复"),
    (#"^Missing expected argument '(.*)'$"#, "缺少参数 $1"),
    (#"^Missing one of: (.*)$"#, "缺少其中之一: $1"),
    (#"^The value '(.*)' is invalid for '(.*)'\. Please provide one of the following:$"#, "选项 $2 的取值 $1 无效; 可用的取值:"),
    (#"^The value '(.*)' is invalid for '(.*)'\. Please provide one of (.*)\.$"#, "选项 $2 的取值 $1 无效; 可用: $3"),
    (#"^The value '(.*)' is invalid for '(.*)': (.*)$"#, "选项 $2 的取值 $1 无效: $3"),
    (#"^The value '(.*)' is invalid for '(.*)'$"#, "选项 $2 的取值 $1 无效"),
    (#"^The value '(.*)' is invalid\.(.*)$"#, "取值 $1 无效$2"),
  ]

  /// Puts the parser's English into Chinese, line by line; lines it does not know stay as they are.
  static func chinese(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      var line = String(line)
      for (english, chinese) in [("Error: ", "错误: "), ("Usage: ", "用法: "), ("Help: ", "说明: ")]
      where line.hasPrefix(english) {
        line = chinese + line.dropFirst(english.count)
      }
      if line.hasPrefix("错误: ") {
        let message = String(line.dropFirst("错误: ".count))
        for shape in shapes {
          // The patterns are the constants above; one that did not compile would only leave the English.
          guard let regex = try? NSRegularExpression(pattern: shape.pattern) else { continue }
          let range = NSRange(message.startIndex..., in: message)
          guard regex.firstMatch(in: message, range: range) != nil else { continue }
          let chinese = regex.stringByReplacingMatches(in: message, range: range, withTemplate: shape.zh)
          // A list of choices reads 'a', 'b' or 'c'.
          return "错误: "
            + chinese.replacingOccurrences(of: "' or '", with: "'、'").replacingOccurrences(of: "', '", with: "'、'")
            .replacingOccurrences(of: "' and '", with: "'、'")
        }
        return line
      }
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("See '"), trimmed.hasSuffix("' for more information.") {
        let what = trimmed.dropFirst("See '".count).dropLast("' for more information.".count)
        return String(line.prefix(while: { $0 == " " })) + "详见 \(what)"
      }
      return line
    }.joined(separator: "\n")
  }
}

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Store directory, or postgresql://USER@HOST:PORT/DB for a hall kept in PostgreSQL (default: $GRIDDESK_STORE, "
        + "else $XDG_DATA_HOME/griddesk, else ~/.local/share/griddesk)."))
  var store: String?

  @Option(name: .long, help: "The hall, for a PostgreSQL store (default: $GRIDDESK_HALL). 营业厅 (PostgreSQL 存储)。")
  var hall: String?

  @Option(name: .long, help: "Language: zh or en (default: $GRIDDESK_LANG, else from LANG, else zh).")
  var lang: String?

  @Flag(name: .long, help: "Open the store read-only: everything visible, nothing recorded. 只读方式打开。")
  var readOnly = false

  func validate() throws {
    if let lang, Lang(rawValue: lang.lowercased()) == nil {
      throw usageError("--lang 只能是 zh 或 en (现在是「\(lang)」)", "--lang must be zh or en (got \"\(lang)\")")
    }
    if let store, store.trimmingCharacters(in: .whitespaces).isEmpty {
      throw usageError(
        "--store 不能为空; 请写出数据目录, 或去掉 --store 使用默认目录",
        "--store cannot be empty: name the store directory, or leave --store out for the default")
    }
  }

  /// A mistake in the command line, in the chosen language (the parser adds the usage line).
  func usageError(_ zh: String, _ en: String) -> ValidationError {
    ValidationError(language == .zh ? zh : en)
  }

  var language: Lang { Lang.resolve(flag: lang, environment: ProcessInfo.processInfo.environment) }

  /// The store directory, resolved as documented in `--help`.
  var storePath: String {
    StoreLocation.resolve(flag: store, environment: ProcessInfo.processInfo.environment)
  }

  /// The hall named by `--hall` or `$GRIDDESK_HALL` (empty when neither).
  var hallName: String {
    if let hall, !hall.isEmpty { return hall }
    return ProcessInfo.processInfo.environment["GRIDDESK_HALL"] ?? ""
  }

  /// The PostgreSQL hall when `--store` is a `postgresql://` address; nil for a directory.
  var postgres: PostgresAddress? {
    let path = storePath
    guard PostgresAddress.isAddress(path) else { return nil }
    return PostgresAddress(url: path, hall: hallName)
  }

  /// Where the store is, for messages: the directory, or the address (no password) and hall.
  var storeDisplay: String { postgres?.description ?? storePath }
}

enum StoreLocation {
  static func resolve(flag: String?, environment env: [String: String]) -> String {
    // An empty --store is refused by `GlobalOptions.validate` before it gets here.
    if let flag, !flag.isEmpty { return flag }
    if let value = env["GRIDDESK_STORE"], !value.isEmpty { return value }
    if let xdg = env["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/griddesk" }
    let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return home + "/.local/share/griddesk"
  }
}
