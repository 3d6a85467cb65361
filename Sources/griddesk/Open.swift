import ArgumentParser
import Domain
import Engine
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
    let engine: Engine
    do {
      engine = try Session.open(global)
    } catch let failure as CLIFailure {
      FileHandle.standardError.write(Data((failure.description + "\n").utf8))
      throw ExitCode(2)
    }
    let me = engine.me
    let session = SessionInfo(
      userName: me?.name, roleTitle: me?.primaryRole.title, site: me.map { Localized($0.team, $0.team) },
      storePath: global.storePath, isSSH: SessionInfo.isSSH(environment: environment), lang: global.language)
    let queue = QueueScreen(feed: .engine(engine)) { row in OrderFileScreen(engine: engine, number: row.orderID) }
    let app = App(
      session: session, root: queue, theme: chosenTheme, timeZone: TimeZone(secondsFromGMT: Day.offset)!)
    app.registerRoot(MainScreens.queue)
    app.storeHead = engine.store.head.description
    for note in engine.notes { app.show(note, style: .warning) }
    app.onTick = {
      _ = try? engine.catchUp()
      app.storeHead = engine.store.head.description
    }
    app.onExit = { engine.snapshotIfWorthIt() }
    do {
      let reason = try TerminalRunner.run(app: app, environment: environment)
      if case .signal(let signo) = reason { throw ExitCode(128 + signo) }
    } catch let error as TerminalError {
      FileHandle.standardError.write(Data((error.description + "\n").utf8))
      throw ExitCode(2)
    }
  }
}
