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

  @Option(name: .customLong("as"), help: "Demo stores only: open as this staff login (e.g. wangli). 仅演示库: 以该员工身份打开。")
  var actingAs: String?

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
      engine = try Session.open(global, actingAs: actingAs, stopped: true)
    } catch let failure as CLIFailure {
      FileHandle.standardError.write(Data((failure.description + "\n").utf8))
      throw ExitCode(2)
    }
    let session = SessionInfo(
      engine: engine, storePath: engine.store.location, isSSH: SessionInfo.isSSH(environment: environment),
      lang: global.language)
    let queue = QueueScreen(feed: .engine(engine)) { row in OrderFileScreen(engine: engine, number: row.orderID) }
    // After the first rows, the queue is computed again off the main thread (each minute and after
    // every change: about 0.15 s at 100,000 orders), so typing and moving never wait for it.
    queue.computesInBackground = true
    let app = App(
      session: session, root: queue, theme: chosenTheme, timeZone: TimeZone(secondsFromGMT: Day.offset)!)
    app.registerRoot(MainScreens.queue)
    let openOrder: (String) -> (any Screen)? = { number in OrderFileScreen(engine: engine, number: number) }
    ClerkScreens.registerClerkScreens(app: app, engine: engine, openOrder: openOrder)
    SupervisorScreens.registerSupervisorScreens(
      app: app, engine: engine, readOnly: engine.isReadOnly, openOrder: openOrder, figuresInBackground: true)
    // The status bar names a damaged store next to its head; the message line says where and what to do.
    let lang = global.language
    func storeHead() -> String {
      let head = engine.store.head.description
      guard engine.store.damage != nil else { return head }
      return head + (lang == .zh ? " 已损坏, 只读" : " damaged, read-only")
    }
    app.storeHead = storeHead()
    // The status bar's warning count is worked out in the background (at 100,000 orders it takes about
    // 50 ms, after every change and each minute); it shows "…" until the first count is in.
    let counter = BackgroundFigures<Int>()
    var countedFor = ""
    app.warningCount = nil
    func refreshWarnings() {
      if let done = counter.current { app.warningCount = done.value }
      let now = engine.now
      app.statusNotice = engine.state.statusNotice(for: engine.me, now: now)
      let key = "\(engine.state.version)-\(Int(now.timeIntervalSince1970 / 60))"
      guard key != countedFor else { return }
      let state = engine.state
      if counter.request(key, { state.warningCount(now: now) }) { countedFor = key }
    }
    refreshWarnings()
    for note in engine.notes { app.show(note, style: .warning) }
    // The segments before the last are checked in the background; damage found there shows when known.
    var damageShown = false
    func showDamage() {
      guard !damageShown, let damage = engine.store.damage else { return }
      damageShown = true
      app.show(Session.damageLine(damage), style: .error)
    }
    if engine.store.damage != nil {
      showDamage()
    } else if let refusal = engine.recordingRefusal {
      app.show(refusal, style: .warning)
    }
    // The head, and what stops recording (records of a newer GridDesk), in the status bar.
    app.followStore(engine)
    app.storeHead = storeHead()
    // Supervision notices are shown until acknowledged (guide ch. 7.3).
    if SupervisorScreens.pendingNotices(engine: engine) > 0 {
      app.push(SupervisorScreens.noticesScreen(engine: engine, readOnly: engine.isReadOnly))
    }
    // The first start of the day greets a clerk with the readiness checklist (guide ch. 1.2).
    if !engine.isReadOnly, engine.me?.has(.clerk) == true, ReadinessScreen.isDue(engine: engine) {
      app.push(ReadinessScreen(engine: engine))
    }
    app.onTick = {
      // The orders the snapshot holds are decoded once the first screen is up, while the clerk reads it.
      engine.state.orders.prefetch()
      app.followStore(engine)
      app.storeHead = storeHead()
      showDamage()
      // A name or role changed on the staff screen (by this account or another), or the hall's first
      // clerks registered, show in the status bar.
      app.session.follow(engine)
      refreshWarnings()
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
