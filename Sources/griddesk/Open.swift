import ArgumentParser
import Terminal

/// Opens the workbench (the default when no subcommand is given).
struct Open: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "open", abstract: "Open the workbench (default). 打开工作台。")

  @OptionGroup var global: GlobalOptions

  func run() throws {
    print("GridDesk \(GridDesk.version) — store \(global.storePath)")
  }
}
