import ArgumentParser
import Domain
import Engine
import Foundation
import Store

/// `griddesk-bench domain`: commands decided and applied per second through the whole path (decide,
/// encode, durable append, apply), then events decoded and applied per second on replay, and the
/// projection memory per event — at 100,000 orders by default.
struct DomainBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "domain", abstract: "Decide/apply throughput and projection memory.")

  @Option(help: "Orders to generate (the demo hall; about ten events each).") var orders = 100_000
  @Option(help: "Directory for the generated store (tmpfs keeps fsync out of the domain figures).")
  var dir = "/dev/shm/griddesk-bench-domain"
  @Flag(help: "Reuse the store in --dir if it exists.") var reuse = false

  func run() throws {
    let now = Day(2026, 11, 27).start.addingTimeInterval(14 * 3600)
    let path = dir + "/store"
    if !reuse { try? FileManager.default.removeItem(atPath: dir) }
    if !FileManager.default.fileExists(atPath: path) {
      let store = try LogStore.open(directory: path, createIfMissing: true, demo: true)
      let engine = try Engine(store: store, login: "bench", clock: { now })
      try engine.bootstrapIfNew(name: "bench")
      var commands = 0
      let seconds = try measure {
        let before = store.head.seq
        try DemoHall(orders: orders, seed: 42, now: now).populate(engine)
        commands = Int(store.head.seq - before)
      }
      try engine.writeSnapshot()
      report(
        "decide+append+apply (whole path, tmpfs)", Double(commands) / seconds, unit: "events/s",
        note: "\(commands) events, \(orders) orders, \(String(format: "%.1f", seconds)) s")
    }
    // Replay: decode and apply every event into fresh projections.
    let store = try LogStore.open(directory: path, createIfMissing: false)
    var state = DomainState()
    let rssBefore = currentRSS()
    var events = 0
    var decodeSeconds = 0.0
    let seconds = try measure {
      try store.read(from: 1) { record in
        let t0 = DispatchTime.now().uptimeNanoseconds
        let event = try Event(type: record.type, payload: record.payload)
        decodeSeconds += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        state.apply(event, EventMeta(seq: record.seq, at: record.time, by: record.actor.login))
        events += 1
      }
    }
    let rssAfter = currentRSS()
    let applied = Double(events) / seconds
    report("replay: read + decode + apply", applied, unit: "events/s", target: 100_000, higher: true)
    report("  of which decode alone", Double(events) / decodeSeconds, unit: "events/s")
    let perEvent = Double(max(0, rssAfter - rssBefore)) / Double(max(events, 1))
    report(
      "projection memory", perEvent, unit: "bytes/event", target: 1024, higher: false,
      note: "\(state.orders.count) orders, \(events) events, \((rssAfter - rssBefore) / 1_048_576) MiB")
    // The queue at this size, as the home screen computes it.
    var rows = 0
    let queueSeconds = measure { rows = state.queue(QueueQuery(), viewer: nil, now: now).count }
    report("queue of \(rows) open orders", queueSeconds * 1000, unit: "ms")
    let snapBytes = try state.snapshotBytes()
    var back: DomainState?
    let snapSeconds = try measure { back = try DomainState(snapshot: snapBytes) }
    report(
      "projections from snapshot", snapSeconds * 1000, unit: "ms",
      note: "\(snapBytes.count / 1_048_576) MiB, \(back?.orders.count ?? 0) orders, kept encoded until used")
    report("  then every order decoded", measure { _ = back?.orders.values.count } * 1000, unit: "ms")
  }
}

/// Resident set size now, in bytes (VmRSS).
func currentRSS() -> Int {
  guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
  for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
    return (line.split(separator: " ").compactMap { Int($0) }.first ?? 0) * 1024
  }
  return 0
}

/// One figure, beside its target when it has one.
func report(
  _ what: String, _ value: Double, unit: String, target: Double? = nil, higher: Bool = true, note: String = ""
) {
  var line = what.padding(toLength: 44, withPad: " ", startingAt: 0)
  line += String(format: "%14.1f %@", value, unit)
  if let target {
    let ok = higher ? value >= target : value <= target
    line += String(format: "   target %@ %g  %@", higher ? "≥" : "≤", target, ok ? "OK" : "MISSED")
  }
  if !note.isEmpty { line += "   (\(note))" }
  print(line)
}
