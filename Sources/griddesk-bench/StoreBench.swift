import ArgumentParser
import CSQLite
import Domain
import Engine
import Foundation
import Store

#if canImport(Glibc)
  import Glibc
#endif

/// The payloads of the benchmark: ~150 bytes of a simple binary event.
///
/// INTEGRATOR: replace `make`/`decode` with an encoded domain event and the domain's payload decoder, so
/// the "open" figure includes real decoding.
enum BenchPayload {
  static let size = 150

  /// kind u16, amount u64, account u64, text length u16, text.
  static func make(_ index: Int) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(size)
    withUnsafeBytes(of: UInt16(index % 12).littleEndian) { out.append(contentsOf: $0) }
    withUnsafeBytes(of: UInt64(index &* 7919).littleEndian) { out.append(contentsOf: $0) }
    withUnsafeBytes(of: UInt64(1_000_000 + index).littleEndian) { out.append(contentsOf: $0) }
    let text = Array("客户 \(index) 办理新装，地址 某区某路 \(index % 977) 号".utf8)
    let room = size - out.count - 2
    let body = Array((text + [UInt8](repeating: 0x20, count: max(0, room - text.count))).prefix(room))
    withUnsafeBytes(of: UInt16(body.count).littleEndian) { out.append(contentsOf: $0) }
    out.append(contentsOf: body)
    return out
  }

  /// Decodes one payload; returns a number so the work cannot be optimised away.
  static func decode(_ payload: [UInt8]) -> UInt64 {
    payload.withUnsafeBytes { raw -> UInt64 in
      guard raw.count >= 20 else { return 0 }
      let kind = UInt64(UInt16(littleEndian: raw.loadUnaligned(as: UInt16.self)))
      let amount = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 2, as: UInt64.self))
      let account = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 10, as: UInt64.self))
      let length = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 18, as: UInt16.self)))
      guard 20 + length <= raw.count else { return 0 }
      let text = String(decoding: UnsafeRawBufferPointer(rebasing: raw[20..<20 + length]), as: UTF8.self)
      return kind &+ amount &+ account &+ UInt64(text.utf8.count)
    }
  }
}

private let benchActor = StoreActor(login: "clerk01", uid: 1000, tty: "/dev/pts/3", sshClient: "")

private func pendingRecord(_ index: Int) -> PendingRecord {
  PendingRecord(time: Date(), actor: benchActor, type: "orderReceived", payload: BenchPayload.make(index))
}

private func nowMs() -> Double { Date().timeIntervalSince1970 * 1000 }

/// The hall of the application-path figures: an administrator, one trained clerk per process, one customer;
/// every command is the intake of an order for that customer (`ReceiveOrder`: read the customer and the
/// day's order count, check, record `order-received`).
enum BenchHall {
  /// Friday 2026-11-27, 14:05 in the hall (China Standard Time): every order of the run is on that day.
  static let now = Day(2026, 11, 27).start.addingTimeInterval(14 * 3600 + 5 * 60)
  static let account = "3100000001"

  static func clerk(_ index: Int) -> String { "clerk\(index)" }

  /// Creates the store and its hall; returns the business type and a sample payload of `order-received`.
  static func create(_ path: String, clerks: Int) throws -> (type: String, payload: [UInt8]) {
    let store = try LogStore.open(directory: path)
    let admin = try Engine(store: store, login: "admin", clock: { now })
    try admin.bootstrapIfNew(name: "管理员")
    for index in 0..<clerks {
      try admin.execute(
        Command(RegisterStaff(login: clerk(index), name: "营业员\(index)", roles: [.clerk], team: "城东营业厅")))
      try admin.execute(
        Command(
          RecordTraining(
            login: clerk(index), topic: "业扩规范", days: 8, passed: true, on: Day(containing: now).adding(days: -30))))
    }
    try admin.execute(
      Command(
        RegisterCustomer(
          customer: CustomerForm(
            name: "张三", kind: .individual, idKind: .resident, idNumber: "11010519491231002X", phone: "13812345678",
            address: "城东区解放路1号", useCategory: .residential))))
    guard admin.state.customers[account] != nil else { throw ValidationError("bench customer not \(account)") }
    let type = admin.state.standard(on: Day(containing: now)).businessTypes[0].id
    let clerk0 = try Engine(store: store, login: clerk(0), clock: { now })
    try clerk0.execute(receive(type, 0))
    var payload: [UInt8] = []
    try store.read(from: store.head.seq) { payload = $0.payload }
    return (type, payload)
  }

  static func receive(_ type: String, _ index: Int) -> Command {
    Command(ReceiveOrder(account: account, type: type, channel: .counter, needs: "新装 \(index)"))
  }
}

/// SQLite doing what the engine does for an intake, in one transaction: WAL, synchronous=FULL; `BEGIN
/// IMMEDIATE`, read the customer and the day's order count, check, insert the event row and count the order,
/// `COMMIT`.
private final class SQLiteHall {
  var db: OpaquePointer?
  var customer: OpaquePointer?
  var dayCount: OpaquePointer?
  var insert: OpaquePointer?
  var count: OpaquePointer?
  let payload: [UInt8]

  init(path: String, payload: [UInt8], create: Bool) throws {
    self.payload = payload
    guard sqlite3_open(path, &db) == SQLITE_OK else { throw ValidationError("sqlite open \(path)") }
    sqlite3_busy_timeout(db, 60_000)
    exec("PRAGMA journal_mode=WAL")
    exec("PRAGMA synchronous=FULL")
    if create {
      exec(
        "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, time INTEGER, login TEXT, uid INTEGER, tty TEXT, "
          + "ssh TEXT, type TEXT, payload BLOB)")
      exec("CREATE TABLE IF NOT EXISTS customers (account TEXT PRIMARY KEY, name TEXT)")
      exec("CREATE TABLE IF NOT EXISTS order_days (day INTEGER PRIMARY KEY, orders INTEGER)")
      exec("INSERT OR IGNORE INTO customers VALUES ('\(BenchHall.account)', '张三')")
    }
    sqlite3_prepare_v2(db, "SELECT 1 FROM customers WHERE account = ?", -1, &customer, nil)
    sqlite3_prepare_v2(db, "SELECT orders FROM order_days WHERE day = ?", -1, &dayCount, nil)
    sqlite3_prepare_v2(
      db, "INSERT INTO events (time, login, uid, tty, ssh, type, payload) VALUES (?,?,?,?,?,?,?)", -1, &insert, nil)
    sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO order_days VALUES (?, ?)", -1, &count, nil)
  }

  deinit {
    for statement in [customer, dayCount, insert, count] { sqlite3_finalize(statement) }
    sqlite3_close(db)
  }

  func exec(_ sql: String) {
    while sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_BUSY { usleep(100) }
  }

  func step(_ statement: OpaquePointer?) -> Int32 {
    var result = sqlite3_step(statement)
    while result == SQLITE_BUSY {
      usleep(100)
      result = sqlite3_step(statement)
    }
    return result
  }

  /// One intake: read, check, insert, commit (durable when it returns).
  func receive(login: String) throws {
    exec("BEGIN IMMEDIATE")
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    sqlite3_bind_text(customer, 1, BenchHall.account, -1, transient)
    let known = step(customer) == SQLITE_ROW
    sqlite3_reset(customer)
    guard known else {
      exec("ROLLBACK")
      throw ValidationError("no customer")
    }
    let day = Int64(Day(containing: BenchHall.now).daysSinceEpoch)
    sqlite3_bind_int64(dayCount, 1, day)
    let orders = step(dayCount) == SQLITE_ROW ? sqlite3_column_int64(dayCount, 0) : 0
    sqlite3_reset(dayCount)
    sqlite3_bind_int64(insert, 1, Int64(Date().timeIntervalSince1970 * 1000))
    sqlite3_bind_text(insert, 2, login, -1, transient)
    sqlite3_bind_int64(insert, 3, Int64(getuid()))
    sqlite3_bind_text(insert, 4, "/dev/pts/3", -1, transient)
    sqlite3_bind_text(insert, 5, "", -1, transient)
    sqlite3_bind_text(insert, 6, "order-received", -1, transient)
    _ = payload.withUnsafeBytes { sqlite3_bind_blob(insert, 7, $0.baseAddress, Int32($0.count), transient) }
    let inserted = step(insert)
    sqlite3_reset(insert)
    sqlite3_bind_int64(count, 1, day)
    sqlite3_bind_int64(count, 2, orders + 1)
    let counted = step(count)
    sqlite3_reset(count)
    guard inserted == SQLITE_DONE, counted == SQLITE_DONE else {
      exec("ROLLBACK")
      throw ValidationError("sqlite insert failed")
    }
    exec("COMMIT")
  }

  var orders: Int64 {
    sqlite3_bind_int64(dayCount, 1, Int64(Day(containing: BenchHall.now).daysSinceEpoch))
    defer { sqlite3_reset(dayCount) }
    return step(dayCount) == SQLITE_ROW ? sqlite3_column_int64(dayCount, 0) : 0
  }
}

/// `griddesk-bench store`: the figures of issue 3 and 11, each beside its comparison, ratio and target.
struct StoreBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "store", abstract: "Commands through the engine against SQLite, and open figures of the log store.")

  @Option(help: "Commands per process per round.") var commands = 300
  @Option(help: "Alternating rounds of each figure.") var rounds = 10
  @Option(help: "Events in the store that is opened.") var events = 1_000_000
  @Option(help: "Processes executing commands at once (the second figure; the first is 1).") var processes = 4
  @Option(help: "Work directory (default: a new temporary directory, removed afterwards).") var dir: String?

  func run() throws {
    let work = dir ?? NSTemporaryDirectory() + "griddesk-bench-store-\(getpid())"
    // A directory left by an earlier run is replaced: removing a missing one fails, which does not matter.
    try? FileManager.default.removeItem(atPath: work)
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    // Removing the work directory at the end is tidying only.
    defer { if dir == nil { try? FileManager.default.removeItem(atPath: work) } }
    print(
      "GridDesk store benchmark — \(commands) commands per process per round, \(rounds) rounds, 1 and \(processes) "
        + "processes, \(events) events; work dir \(work)")
    print(
      "each command: ReceiveOrder through the Engine (DIR/DECIDE, catch up, decide, write, durable) against SQLite "
        + "\(String(cString: sqlite3_libversion())) WAL synchronous=FULL, BEGIN IMMEDIATE read-check-insert COMMIT")
    print("")

    // 1 and N processes, each executing commands one after another, each acknowledged only once durable. The
    // disk is shared and its flush time varies from second to second, so the two systems run in alternating
    // rounds (the order swapped every round), each round on a new store or database, after a warm-up round
    // each; the target is judged on the median of the per-round ratios, and the totals are shown beside it.
    for (count, target) in [(1, 1.0), (processes, 2.0)] {
      var ours: [Double] = []
      var theirs: [Double] = []
      _ = try runWorkers(kind: "store", count: count, path: work + "/warm\(count)")
      _ = try runWorkers(kind: "sqlite", count: count, path: work + "/warm\(count).sqlite")
      for round in 0..<rounds {
        let storeRun = { try runWorkers(kind: "store", count: count, path: work + "/p\(count)r\(round)") }
        let sqliteRun = { try runWorkers(kind: "sqlite", count: count, path: work + "/p\(count)r\(round).sqlite") }
        if round % 2 == 0 {
          ours.append(try storeRun())
          theirs.append(try sqliteRun())
        } else {
          theirs.append(try sqliteRun())
          ours.append(try storeRun())
        }
      }
      row(
        "commands/s, \(count) process\(count == 1 ? "" : "es")", count: Double(count * commands), ours, theirs,
        target: target)
    }

    // Open a big store with no snapshot, then with a snapshot at the head (each in a fresh process).
    let big = work + "/big"
    let buildTime = try measure {
      let bigStore = try LogStore.open(directory: big)
      var index = 0
      while index < events {
        let count = min(1000, events - index)
        try bigStore.append((index..<index + count).map(pendingRecord))
        index += count
      }
    }
    print(String(format: "(built %d events in %.1f s)", events, buildTime))
    // Three fresh processes each: the host is shared, so the median and the best are shown.
    let fulls = try (0..<3).map { _ in try openInChild(big, snapshot: false) }.sorted { $0.seconds < $1.seconds }
    let median = Double(fulls[1].events) / fulls[1].seconds
    let best = Double(fulls[0].events) / fulls[0].seconds
    print(
      pad("open \(events) events, no snapshot")
        + String(
          format: "%9.0f events/s median (%.3f s), best %.0f/s  target ≥ 1,000,000/s  ", median, fulls[1].seconds, best)
        + (median >= 1_000_000 ? "ok" : "MISSED"))
    let peak = fulls.map(\.peak).max() ?? 0
    print(
      pad("peak RSS of that open") + String(format: "%9.1f MB  target ≤ 500 MB  ", Double(peak) / 1e6)
        + (peak <= 500_000_000 ? "ok" : "MISSED"))
    let bigStore = try LogStore.open(directory: big)
    try bigStore.writeSnapshot([UInt8](repeating: 1, count: 1 << 20), covering: bigStore.head)
    let snaps = try (0..<3).map { _ in try openInChild(big, snapshot: true) }.sorted { $0.seconds < $1.seconds }
    print(
      pad("open with a snapshot at the head")
        + String(format: "%9.3f s median, best %.3f s  target ≤ 0.3 s  ", snaps[1].seconds, snaps[0].seconds)
        + (snaps[1].seconds <= 0.3 ? "ok" : "MISSED"))
  }

  /// One figure from alternating rounds of `count` commands each: the total rates and their ratio, and the
  /// median of the per-round ratios (store round against the SQLite round run next to it), which the
  /// target is judged on.
  func row(_ name: String, count: Double, _ ours: [Double], _ theirs: [Double], target: Double) {
    let rate = count * Double(ours.count) / ours.reduce(0, +)
    let theirRate = count * Double(theirs.count) / theirs.reduce(0, +)
    let ratios = zip(ours, theirs).map { $1 / $0 }.sorted()
    let median =
      ratios.count % 2 == 1
      ? ratios[ratios.count / 2] : (ratios[ratios.count / 2 - 1] + ratios[ratios.count / 2]) / 2
    print(
      pad(name)
        + String(
          format: "%9.0f /s  SQLite %9.0f /s  ratio %5.2f×, median of %d rounds %5.2f× (%.2f–%.2f)  target ≥ %.1f×  ",
          rate, theirRate, rate / theirRate, ratios.count, median, ratios.first ?? 0, ratios.last ?? 0, target)
        + (median >= target ? "ok" : "MISSED"))
  }

  func pad(_ text: String) -> String {
    text.count >= 40 ? text + " " : text + String(repeating: " ", count: 40 - text.count)
  }

  /// Creates a store (or database) with the bench hall, starts `count` copies of this binary executing
  /// `commands` intakes each at once, and returns the seconds from the first start to the last end, after
  /// checking that every order is there (and, for the store, that the log verifies).
  func runWorkers(kind: String, count: Int, path: String) throws -> Double {
    let (type, payload) = try BenchHall.create(kind == "store" ? path : path + ".hall", clerks: count)
    if kind == "sqlite" {
      _ = try SQLiteHall(path: path, payload: payload, create: true)
      try Data(payload).write(to: URL(fileURLWithPath: path + ".payload"))
    }
    let before = kind == "store" ? try LogStore.open(directory: path).head.seq : 0
    let go = path + ".go"
    var children: [(Process, Pipe)] = []
    for index in 0..<count {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
      process.arguments = ["store-worker", kind, path, String(commands), go, BenchHall.clerk(index), type]
      let pipe = Pipe()
      process.standardOutput = pipe
      try process.run()
      children.append((process, pipe))
    }
    usleep(300_000)
    _ = FileManager.default.createFile(atPath: go, contents: nil)
    var starts: [Double] = []
    var ends: [Double] = []
    for (process, pipe) in children {
      let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      let parts = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
      guard parts.count == 2 else { throw ValidationError("worker failed: \(output)") }
      starts.append(parts[0])
      ends.append(parts[1])
    }
    let seconds = (ends.max()! - starts.min()!) / 1000
    if kind == "store" {
      let check = LogStore.verify(directory: path)
      let engine = try Engine(store: try LogStore.open(directory: path), login: "admin", clock: { BenchHall.now })
      guard check.ok, check.head.seq == before + UInt64(count * commands),
        engine.state.orders.count == 1 + count * commands
      else {
        throw ValidationError("store after the run: \(check.firstDamage?.description ?? "wrong count")")
      }
    } else {
      guard try SQLiteHall(path: path, payload: payload, create: false).orders == Int64(count * commands) else {
        throw ValidationError("sqlite after the run: wrong count")
      }
    }
    return seconds
  }

  func openInChild(_ path: String, snapshot: Bool) throws -> (seconds: Double, events: Int, peak: Int) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = ["store-open", path] + (snapshot ? ["--snapshot"] : [])
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let parts = output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    guard parts.count == 3, let seconds = Double(parts[0]), let events = Int(parts[1]), let peak = Int(parts[2]) else {
      throw ValidationError("open child failed: \(output)")
    }
    return (seconds, events, peak)
  }
}

/// Hidden: one process of the command figures: executes COUNT intakes as LOGIN, each durable before the
/// next. Prints "START_MS END_MS".
struct StoreWorker: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "store-worker", shouldDisplay: false)

  @Argument var kind: String
  @Argument var path: String
  @Argument var count: Int
  @Argument var go: String
  @Argument var login: String
  @Argument var type: String

  func run() throws {
    let engine =
      kind == "store"
      ? try Engine(store: try LogStore.open(directory: path), login: login, clock: { BenchHall.now }) : nil
    let sqlite =
      kind == "sqlite"
      ? try SQLiteHall(
        path: path, payload: Array(try Data(contentsOf: URL(fileURLWithPath: path + ".payload"))), create: false)
      : nil
    while !FileManager.default.fileExists(atPath: go) { usleep(1000) }
    let start = nowMs()
    for index in 0..<count {
      if let engine { try engine.execute(BenchHall.receive(type, index)) }
      try sqlite?.receive(login: login)
    }
    print(String(format: "%.3f %.3f", start, nowMs()))
  }
}

/// Hidden: opens a store as the workbench would (snapshot, then replay with decoding). Prints
/// "SECONDS EVENTS PEAK_RSS".
struct StoreOpen: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "store-open", shouldDisplay: false)

  @Argument var path: String
  @Flag var snapshot = false

  func run() throws {
    var events = 0
    var checksum: UInt64 = 0
    let seconds = try measure {
      let store = try LogStore.open(directory: path)
      var from: UInt64 = 1
      if snapshot, let loaded = store.latestSnapshot() {
        from = loaded.head.seq + 1
        checksum &+= UInt64(loaded.bytes.count)
      }
      try store.read(from: from) { record in
        checksum &+= BenchPayload.decode(record.payload)
        events += 1
      }
    }
    if checksum == 42 { print("") }
    print("\(seconds) \(snapshot ? events : events) \(peakRSS())")
  }
}
