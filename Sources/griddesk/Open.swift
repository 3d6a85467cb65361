import ArgumentParser
import Domain
import Foundation
import Terminal
import Workbench

/// Opens the workbench (the default when no subcommand is given).
struct Open: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "open", abstract: "Open the workbench (default). 打开工作台。")

  @OptionGroup var global: GlobalOptions

  @Option(
    name: .long,
    help: "Theme: default, high-contrast, light, mono, ascii, or a TOML file; add ,ascii for ASCII lines. 主题。")
  var theme: String?

  func run() throws {
    let environment = ProcessInfo.processInfo.environment
    let chosenTheme: Theme
    do {
      chosenTheme = try Theme.load(theme ?? environment["GRIDDESK_THEME"])
    } catch {
      throw ValidationError(error.description)
    }
    let store = global.storePath
    do {
      try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
    } catch {
      throw ValidationError("无法创建数据目录 \(store) / Cannot create the store directory \(store): \(error)")
    }
    let session = SessionInfo(
      storePath: store, isSSH: SessionInfo.isSSH(environment: environment), lang: global.language)
    let queue = QueueScreen(source: { [] })
    let app = App(session: session, root: queue, theme: chosenTheme)
    app.registerRoot(MainScreens.queue)
    do {
      let reason = try TerminalRunner.run(app: app, environment: environment)
      if case .signal(let signo) = reason { throw ExitCode(128 + signo) }
    } catch let error as TerminalError {
      FileHandle.standardError.write(Data((error.description + "\n").utf8))
      throw ExitCode(2)
    }
  }
}
