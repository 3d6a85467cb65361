import ArgumentParser
import Foundation

/// The benchmark: release build only (`swift run -c release griddesk-bench …`). Each subcommand
/// prints its figures beside the comparison, the ratio and the target; docs/performance.md keeps them.
@main
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "griddesk-bench",
    abstract: "GridDesk benchmarks (run with -c release).",
    subcommands: [StoreBench.self, StoreWorker.self, StoreOpen.self, DomainBench.self, TUIBench.self, DeskBench.self]
  )
}

/// Wall-clock time of `body`, in seconds.
func measure(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Peak resident set size of this process so far, in bytes (VmHWM from /proc).
func peakRSS() -> Int {
  guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
  for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    let digits = line.split(separator: " ").compactMap { Int($0) }
    return (digits.first ?? 0) * 1024
  }
  return 0
}
