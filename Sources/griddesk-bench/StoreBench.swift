import ArgumentParser
import CSQLite
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

/// SQLite with the same rows: WAL, synchronous=FULL, one transaction per row.
private final class SQLiteLog {
  var db: OpaquePointer?
  var insert: OpaquePointer?

  init(path: String) throws {
    guard sqlite3_open(path, &db) == SQLITE_OK else { throw ValidationError("sqlite open \(path)") }
    sqlite3_busy_timeout(db, 60_000)
    exec("PRAGMA journal_mode=WAL")
    exec("PRAGMA synchronous=FULL")
    exec(
      "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, time INTEGER, login TEXT, uid INTEGER, tty TEXT, "
        + "ssh TEXT, type TEXT, payload BLOB)")
    sqlite3_prepare_v2(
      db, "INSERT INTO events (time, login, uid, tty, ssh, type, payload) VALUES (?,?,?,?,?,?,?)", -1, &insert, nil)
  }

  deinit {
    sqlite3_finalize(insert)
    sqlite3_close(db)
  }

  func exec(_ sql: String) {
    while sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_BUSY { usleep(100) }
  }

  func append(_ record: PendingRecord) {
    exec("BEGIN IMMEDIATE")
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    sqlite3_bind_int64(insert, 1, Int64(record.time.timeIntervalSince1970 * 1000))
    sqlite3_bind_text(insert, 2, record.actor.login, -1, transient)
    sqlite3_bind_int64(insert, 3, Int64(record.actor.uid))
    sqlite3_bind_text(insert, 4, record.actor.tty, -1, transient)
    sqlite3_bind_text(insert, 5, record.actor.sshClient, -1, transient)
    sqlite3_bind_text(insert, 6, record.type, -1, transient)
    _ = record.payload.withUnsafeBytes { sqlite3_bind_blob(insert, 7, $0.baseAddress, Int32($0.count), transient) }
    while sqlite3_step(insert) == SQLITE_BUSY { usleep(100) }
    sqlite3_reset(insert)
    exec("COMMIT")
  }
}

/// `griddesk-bench store`: the figures of issue 3, each beside its comparison, ratio and target.
struct StoreBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "store", abstract: "Append, multi-process append and open figures of the log store.")

  @Option(help: "Durable appends per measurement.") var appends = 3000
  @Option(help: "Events in the store that is opened.") var events = 1_000_000
  @Option(help: "Processes appending at once.") var processes = 4
  @Option(help: "Work directory (default: a new temporary directory, removed afterwards).") var dir: String?

  func run() throws {
    let work = dir ?? NSTemporaryDirectory() + "griddesk-bench-store-\(getpid())"
    try? FileManager.default.removeItem(atPath: work)
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    defer { if dir == nil { try? FileManager.default.removeItem(atPath: work) } }
    print("GridDesk store benchmark — \(appends) appends, \(processes) processes, \(events) events; work dir \(work)")
    print("payload \(BenchPayload.size) bytes; SQLite \(String(cString: sqlite3_libversion())) WAL synchronous=FULL")
    print("")

    // 1. One process, one event per commit. The disk is shared and its flush time varies from second to
    // second, so the two run in many short alternating rounds (each pair in the same moment, the order
    // swapped every round), after one warm-up round each; the target is judged on the median of the
    // per-round ratios, and the totals are shown beside it.
    let store = try LogStore.open(directory: work + "/one")
    let sqlite = try SQLiteLog(path: work + "/one.sqlite")
    let rounds = 20
    let perRound = max(1, appends / rounds)
    for index in 0..<perRound {
      try store.append([pendingRecord(10_000_000 + index)])
      sqlite.append(pendingRecord(10_000_000 + index))
    }
    var storeTimes: [Double] = []
    var sqliteTimes: [Double] = []
    for round in 0..<rounds {
      let base = round * perRound
      let storeRun = {
        try measure { for index in base..<base + perRound { try store.append([pendingRecord(index)]) } }
      }
      let sqliteRun = { measure { for index in base..<base + perRound { sqlite.append(pendingRecord(index)) } } }
      if round % 2 == 0 {
        storeTimes.append(try storeRun())
        sqliteTimes.append(sqliteRun())
      } else {
        sqliteTimes.append(sqliteRun())
        storeTimes.append(try storeRun())
      }
    }
    row(
      "durable appends/s, 1 process", count: Double(perRound), storeTimes, sqliteTimes, target: 1.0)

    // 2. Several processes at once, alternating rounds again (order swapped every round).
    var multiTimes: [Double] = []
    var multiSQLiteTimes: [Double] = []
    let multiRounds = 8
    for round in 0..<multiRounds {
      if round % 2 == 0 {
        multiTimes.append(try runWorkers(kind: "store", path: work + "/multi\(round)"))
        multiSQLiteTimes.append(try runWorkers(kind: "sqlite", path: work + "/multi\(round).sqlite"))
      } else {
        multiSQLiteTimes.append(try runWorkers(kind: "sqlite", path: work + "/multi\(round).sqlite"))
        multiTimes.append(try runWorkers(kind: "store", path: work + "/multi\(round)"))
      }
    }
    row(
      "durable appends/s, \(processes) processes", count: Double(processes * max(1, appends / 10)), multiTimes,
      multiSQLiteTimes, target: 2.0)

    // 3. Open a big store with no snapshot, then with a snapshot at the head (each in a fresh process).
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

  /// One figure from alternating rounds of `count` appends each: the total rates and their ratio, and the
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

  /// Starts `processes` copies of this binary appending `appends / 10` each at once; returns the seconds from
  /// the first start to the last end.
  func runWorkers(kind: String, path: String) throws -> Double {
    let count = max(1, appends / 10)
    if kind == "store" { _ = try LogStore.open(directory: path) } else { _ = try SQLiteLog(path: path) }
    let go = path + ".go"
    var children: [(Process, Pipe)] = []
    for _ in 0..<processes {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
      process.arguments = ["store-worker", kind, path, String(count), go]
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
      guard check.ok, check.head.seq == UInt64(processes * count) else {
        throw ValidationError("multi-process store did not verify: \(check.firstDamage?.description ?? "count")")
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

/// Hidden: one appending process of the multi-process figure. Prints "START_MS END_MS".
struct StoreWorker: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "store-worker", shouldDisplay: false)

  @Argument var kind: String
  @Argument var path: String
  @Argument var count: Int
  @Argument var go: String

  func run() throws {
    let store = kind == "store" ? try LogStore.open(directory: path) : nil
    let sqlite = kind == "sqlite" ? try SQLiteLog(path: path) : nil
    while !FileManager.default.fileExists(atPath: go) { usleep(1000) }
    let start = nowMs()
    for index in 0..<count {
      if let store { try store.append([pendingRecord(index)]) }
      sqlite?.append(pendingRecord(index))
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
