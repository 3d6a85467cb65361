import ArgumentParser
import Domain
import Engine
import Foundation
import Store
import Workbench

/// `griddesk-bench desk`: the supervisor's dashboard on a large store — the time to draw a frame, a
/// month's KPI report, and the bytes sent to a terminal when the clock ticks and one figure changes.
struct DeskBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "desk", abstract: "Dashboard frame time, KPI report time, bytes per clock tick.")

  @Option(help: "Orders in the generated store (shared with the tui bench).") var orders = 100_000
  @Option(help: "Directory for the store.") var dir = "/dev/shm/griddesk-bench-tui"
  @Option(help: "The griddesk binary for the pty measurement.") var binary = ".build/release/griddesk"

  func run() throws {
    let now = Day(2026, 11, 27).start.addingTimeInterval(14 * 3600)
    let path = dir + "/store"
    if !FileManager.default.fileExists(atPath: path) {
      print("generating \(orders) orders in \(path) …")
      let store = try LogStore.open(directory: path, createIfMissing: true, demo: true)
      let engine = try Engine(store: store, login: "bench", clock: { now })
      try engine.bootstrapIfNew(name: "bench")
      try DemoHall(orders: orders, seed: 42, now: now).populate(engine)
      try engine.writeSnapshot()
    }
    let store = try LogStore.open(directory: path, createIfMissing: false)
    var clock = now
    let engine = try Engine(store: store, login: DemoHall.supervisor, clock: { clock })
    print("store: \(engine.state.orders.count) orders, \(store.head.seq) events")

    // Orders stay encoded in the snapshot until first used; the workbench decodes them in the background
    // once its first screen is up. Decode them here first, so that the report is measured on its own.
    report("decoding every order on first use", measure { _ = engine.state.orders.values.count } * 1000, unit: "ms")
    // A month's KPI report, as `griddesk report kpi --period 2026-11` computes it.
    var values = 0
    let kpiSeconds = measure { values = engine.state.kpis(from: Day(2026, 11, 1), to: Day(2026, 11, 30)).count }
    report("KPI report for a month (\(values) KPIs)", kpiSeconds, unit: "s", target: 1, higher: false)

    var warned = 0
    let warningsMS = median(3) { warned = engine.state.warnings(now: now).count }
    report("every warning with its text (\(warned)), median", warningsMS, unit: "ms")

    let session = SessionInfo(userName: "赵敏", roleTitle: Role.supervisor.title, storePath: path, lang: .zh)
    let queue = QueueScreen(feed: .engine(engine))
    let app = App(session: session, root: queue, clock: { clock })
    app.registerRoot(MainScreens.queue)
    // As in the workbench, the dashboard works out its figures off the main thread.
    SupervisorScreens.registerSupervisorScreens(app: app, engine: engine, figuresInBackground: true)
    app.handle(.function(6))
    guard let dashboard = app.top as? DashboardScreen else { throw ValidationError("no dashboard") }
    let firstFrame = measure { _ = app.render(width: 120, height: 40) }
    report("dashboard first frame (figures not ready yet)", firstFrame * 1000, unit: "ms")
    report("  its figures ready after", measure { dashboard.waitForFigures() } * 1000, unit: "ms")
    var cached: [Double] = []
    for _ in 0..<200 {
      let t0 = DispatchTime.now().uptimeNanoseconds
      app.handle(.down)
      _ = app.render(width: 120, height: 40)
      cached.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
    }
    reportPercentiles("dashboard frame, figures cached (a key)", cached, target: 50)
    var frames: [Double] = []
    var refresh: [Double] = []
    for i in 0..<20 {
      // Every frame a new minute: the figures must be recomputed (the worst case, as at each clock tick).
      // The frame shows the figures it has and starts the computation; the next frames take the new ones.
      clock = now.addingTimeInterval(Double(i + 1) * 60)
      let t0 = DispatchTime.now().uptimeNanoseconds
      _ = app.render(width: 120, height: 40)
      frames.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
      refresh.append(measure { dashboard.waitForFigures() } * 1000)
      let t1 = DispatchTime.now().uptimeNanoseconds
      _ = app.render(width: 120, height: 40)
      frames.append(Double(DispatchTime.now().uptimeNanoseconds - t1) / 1e6)
      if i % 5 == 4 { app.handle(.down) }
    }
    reportPercentiles("dashboard frame, figures recomputed", frames, target: 50)
    report(
      "  new figures on screen after (median)", refresh.sorted()[refresh.count / 2], unit: "ms",
      note: "computed in the background; the screen is redrawn 4 times a second")

    guard FileManager.default.isExecutableFile(atPath: binary) else {
      print("(skipping the pty measurement: no binary at \(binary); build it with swift build -c release)")
      return
    }
    // The real binary on the dashboard; another process records one order; the bytes until the screen
    // is idle again are what one changed figure (and the clock) cost on an SSH link.
    let pty = try PTY.spawn([binary, "--store", path, "--as", DemoHall.supervisor], columns: 120, rows: 40)
    defer { pty.stop() }
    _ = pty.readUntil(contains: "工单队列", timeout: 20)
    _ = pty.readUntilIdle(idle: 0.5)
    pty.write("\u{1B}[17~")  // F6
    _ = pty.readUntil(contains: "监控", timeout: 10)
    // The figures are worked out in the background: wait until they are on the screen.
    _ = pty.readUntil(contains: "近30天受理", timeout: 30)
    _ = pty.readUntilIdle(idle: 1.5)
    let other = try Engine(store: LogStore.open(directory: path, createIfMissing: false), login: DemoHall.supervisor)
    let type = other.state.standard(on: Day(containing: now)).businessTypes[0].id
    if let account = other.state.customers.keys.min() {
      _ = try? other.execute(
        Command(ReceiveOrder(account: account, type: type, channel: .counter, needs: "基准测试")), as: nil, at: nil)
    }
    // The screen notices within a second (it polls the store) and then recomputes its figures: wait
    // for the first byte, then until it is idle again.
    let first = pty.readUntilIdle(idle: 10).count
    let bytes = first + pty.readUntilIdle(idle: 1).count
    report(
      "bytes when one figure changes (and the clock ticks)", Double(bytes), unit: "bytes", target: 300,
      higher: false)
  }
}
