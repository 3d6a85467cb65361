import ArgumentParser
import Domain
import Engine
import Foundation
import Store
import Workbench

#if canImport(Glibc)
  import Glibc
#endif

/// `griddesk-bench tui`: on a large store, the time from a key to a finished frame (moving in the
/// queue, typing a filter), the bytes ncurses writes to the terminal for one move down (read from a
/// pseudo-terminal running the real binary), and the launch time to the first usable screen.
struct TUIBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tui", abstract: "Key-to-frame latency, bytes per move, launch time.")

  @Option(help: "Orders in the generated store.") var orders = 100_000
  @Option(help: "Directory for the store (kept between runs; --fresh rebuilds it).")
  var dir = "/dev/shm/griddesk-bench-tui"
  @Flag(help: "Rebuild the store.") var fresh = false
  @Option(help: "The griddesk binary for the pty measurements.") var binary = ".build/release/griddesk"

  func run() throws {
    let now = Day(2026, 11, 27).start.addingTimeInterval(14 * 3600)
    let path = dir + "/store"
    if fresh { try? FileManager.default.removeItem(atPath: dir) }
    if !FileManager.default.fileExists(atPath: path) {
      print("generating \(orders) orders in \(path) …")
      let store = try LogStore.open(directory: path, createIfMissing: true, demo: true)
      let engine = try Engine(store: store, login: "bench", clock: { now })
      try engine.bootstrapIfNew(name: "bench")
      try DemoHall(orders: orders, seed: 42, now: now).populate(engine)
      try engine.writeSnapshot()
    }
    // A snapshot of an older layout is rebuilt first, as the workbench would on its next exit.
    if let old = try LogStore.open(directory: path, createIfMissing: false).latestSnapshot(),
      (try? DomainState(snapshot: old.bytes)) == nil
    {
      print("rewriting the snapshot (older layout) …")
      let store = try LogStore.open(directory: path, createIfMissing: false)
      try Engine(store: store, login: "bench", clock: { now }).writeSnapshot()
    }
    // Where opening goes: the store, the snapshot file, the projections from it, the whole engine.
    var probe: LogStore?
    report(
      "open: the store", measure { probe = try? LogStore.open(directory: path, createIfMissing: false) } * 1000,
      unit: "ms")
    var snap: (head: Head, bytes: [UInt8])?
    report("open: read and check the snapshot", measure { snap = probe?.latestSnapshot() } * 1000, unit: "ms")
    if let snap {
      report(
        "open: projections from the snapshot", measure { _ = try? DomainState(snapshot: snap.bytes) } * 1000,
        unit: "ms")
    }
    let store = try LogStore.open(directory: path, createIfMissing: false)
    var opened: Engine?
    report(
      "open: the whole engine",
      try measure { opened = try Engine(store: store, login: "bench", clock: { now }) } * 1000,
      unit: "ms")
    let engine = opened!
    print("store: \(engine.state.orders.count) orders, \(store.head.seq) events")

    let session = SessionInfo(userName: "bench", storePath: path, lang: .zh)
    let queue = QueueScreen(feed: .engine(engine))
    let app = App(session: session, root: queue, clock: { now })
    app.registerRoot(MainScreens.queue)
    let first = measure { _ = app.render(width: 100, height: 30) }
    report("first frame (queue computed)", first * 1000, unit: "ms")

    // The queue is computed again each minute (deadlines move): how long that pause is.
    var again: [Double] = []
    var domainOnly: [Double] = []
    for i in 1...5 {
      domainOnly.append(
        measure { _ = engine.state.queue(QueueQuery(), viewer: "bench", now: now.addingTimeInterval(Double(i) * 60)) })
      queue.reload()
      again.append(measure { _ = app.render(width: 100, height: 30) })
    }
    report("queue computed again (each minute), median", again.sorted()[2] * 1000, unit: "ms")
    report("  of which the domain's queue, median", domainOnly.sorted()[2] * 1000, unit: "ms")
    // As the workbench runs it: computed again off the main thread, the frame keeps the rows it has.
    queue.computesInBackground = true
    var turning: [Double] = []
    for i in 1...5 {
      queue.reload()
      turning.append(measure { _ = app.render(width: 100, height: 30) } * 1000)
      queue.waitForRows()
      _ = i
    }
    queue.computesInBackground = false
    report("  a frame meanwhile (workbench), max of 5", turning.max() ?? 0, unit: "ms")
    report("warnings counted (status bar), median", median(5) { _ = engine.state.warningCount(now: now) }, unit: "ms")

    func latencies(_ keys: [Key]) -> [Double] {
      keys.map { key in
        let t0 = DispatchTime.now().uptimeNanoseconds
        app.handle(key)
        _ = app.render(width: 100, height: 30)
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
      }
    }
    let moves = latencies(Array(repeating: .down, count: 2000) + Array(repeating: .pageDown, count: 200))
    reportPercentiles("move in the queue (key → frame)", moves, target: 5)
    app.handle(.character("/"))
    var typed: [Key] = []
    for c in "GD2611" { typed.append(.character(c)) }
    typed += [.backspace, .backspace, .backspace, .backspace, .backspace, .backspace]
    for c in "张" { typed.append(.character(c)) }
    typed += [.backspace]
    for c in "5678" { typed.append(.character(c)) }
    let filters = latencies(typed + typed + typed)
    reportPercentiles("filter keystroke (key → frame)", filters, target: 5)
    app.handle(.escape)

    // The real binary in a pseudo-terminal: launch time and bytes for one move down.
    guard FileManager.default.isExecutableFile(atPath: binary) else {
      print("(skipping the pty measurements: no binary at \(binary); build it with swift build -c release)")
      return
    }
    let pty = try PTY.spawn([binary, "--store", path], columns: 100, rows: 30)
    defer { pty.stop() }
    let launch = measure { _ = pty.readUntil(contains: "工单队列", timeout: 10) }
    _ = pty.readUntilIdle(idle: 0.5)
    report("launch to first usable screen (with snapshot)", launch * 1000, unit: "ms", target: 500, higher: false)
    var bytes: [Int] = []
    for _ in 0..<20 {
      pty.write("j")
      bytes.append(pty.readUntilIdle(idle: 0.15).count)
    }
    let sorted = bytes.sorted()
    report(
      "bytes to the terminal for one move down", Double(sorted[sorted.count / 2]), unit: "bytes (median)",
      target: 200, higher: false, note: "min \(sorted.first!), max \(sorted.last!)")
  }
}

/// The median of `n` runs of `body`, in ms.
func median(_ n: Int, _ body: () -> Void) -> Double {
  (0..<n).map { _ in measure(body) * 1000 }.sorted()[n / 2]
}

func reportPercentiles(_ what: String, _ values: [Double], target: Double) {
  let sorted = values.sorted()
  let p50 = sorted[sorted.count / 2]
  let p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
  report(
    what + " p99", p99, unit: "ms", target: target, higher: false,
    note: String(format: "p50 %.2f ms, n %d", p50, sorted.count))
}

/// A child process on a pseudo-terminal, for measuring what a program writes to a terminal.
final class PTY {
  let master: Int32
  let pid: pid_t

  private init(master: Int32, pid: pid_t) {
    self.master = master
    self.pid = pid
  }

  static func spawn(_ argv: [String], columns: UInt16, rows: UInt16) throws -> PTY {
    var master: Int32 = -1
    var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    // Everything the child needs is prepared before fork: after it, only execve.
    let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    let environment = ["TERM=xterm-256color", "LANG=C.UTF-8", "HOME=/tmp", "PATH=/usr/bin:/bin"]
    let env: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
    let path = cArgs[0]!
    let pid = forkpty(&master, nil, nil, &size)
    if pid == 0 {
      execve(path, cArgs, env)
      _exit(127)
    }
    guard pid > 0 else { throw ValidationError("forkpty failed") }
    return PTY(master: master, pid: pid)
  }

  func write(_ text: String) {
    var bytes = Array(text.utf8)
    _ = Glibc.write(master, &bytes, bytes.count)
  }

  /// Reads until nothing arrives for `idle` seconds.
  func readUntilIdle(idle: Double) -> [UInt8] {
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      let ready = poll(&fds, 1, Int32(idle * 1000))
      if ready <= 0 { return out }
      let n = read(master, &buffer, buffer.count)
      if n <= 0 { return out }
      out.append(contentsOf: buffer[0..<n])
    }
  }

  /// Reads until the output so far contains `text` (as UTF-8), or the timeout passes.
  func readUntil(contains text: String, timeout: Double) -> [UInt8] {
    let needle = Array(text.utf8)
    var out: [UInt8] = []
    let deadline = Date().addingTimeInterval(timeout)
    var buffer = [UInt8](repeating: 0, count: 65536)
    while Date() < deadline {
      var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      if poll(&fds, 1, 50) <= 0 { continue }
      let n = read(master, &buffer, buffer.count)
      if n <= 0 { break }
      out.append(contentsOf: buffer[0..<n])
      if out.count >= needle.count, String(decoding: out, as: UTF8.self).contains(text) { break }
    }
    return out
  }

  func stop() {
    kill(pid, SIGTERM)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    close(master)
  }
}
