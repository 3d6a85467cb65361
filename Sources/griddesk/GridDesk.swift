import ArgumentParser
import Domain
import Foundation

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
      Backup.self, Repair.self, ReportCommand.self, StandardCommand.self, KeyCommand.self,
    ],
    defaultSubcommand: Open.self
  )
}

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
  @Option(
    name: .long,
    help: "Store directory (default: $GRIDDESK_STORE, else $XDG_DATA_HOME/griddesk, else ~/.local/share/griddesk).")
  var store: String?

  @Option(name: .long, help: "Language: zh or en (default: $GRIDDESK_LANG, else from LANG, else zh).")
  var lang: String?

  @Flag(name: .long, help: "Open the store read-only: everything visible, nothing recorded. 只读方式打开。")
  var readOnly = false

  func validate() throws {
    if let lang, Lang(rawValue: lang.lowercased()) == nil {
      throw ValidationError("--lang 只能是 zh 或 en / --lang must be zh or en (got \"\(lang)\")")
    }
  }

  var language: Lang { Lang.resolve(flag: lang, environment: ProcessInfo.processInfo.environment) }

  /// The store directory, resolved as documented in `--help`.
  var storePath: String {
    StoreLocation.resolve(flag: store, environment: ProcessInfo.processInfo.environment)
  }
}

enum StoreLocation {
  static func resolve(flag: String?, environment env: [String: String]) -> String {
    if let flag, !flag.isEmpty { return flag }
    if let value = env["GRIDDESK_STORE"], !value.isEmpty { return value }
    if let xdg = env["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/griddesk" }
    let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return home + "/.local/share/griddesk"
  }
}
