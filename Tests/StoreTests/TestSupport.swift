import Foundation
import Testing

@testable import Store

/// A fresh temporary directory for one test, removed when the value goes away.
final class TempDir {
  let path: String

  init(_ name: String = #function) {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    path = NSTemporaryDirectory() + "griddesk-store-\(safe)-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  var store: String { path + "/store" }
}

let testActor = StoreActor(login: "clerk01", uid: 1000, tty: "/dev/pts/3", sshClient: "10.0.0.5")

/// A record with a recognisable payload.
func pending(_ index: Int, type: String = "orderReceived", size: Int = 40) -> PendingRecord {
  var payload = Array("event-\(index)-".utf8)
  while payload.count < size { payload.append(UInt8(truncatingIfNeeded: index &+ payload.count)) }
  return PendingRecord(
    time: Date(timeIntervalSince1970: 1_700_000_000 + Double(index)), actor: testActor, type: type, payload: payload)
}

/// All records of a store, read through a handle.
func allRecords(_ store: LogStore) throws -> [Record] {
  var out: [Record] = []
  try store.read(from: 1) { out.append($0) }
  return out
}

/// Paths of the segment files, in order.
func segmentPaths(_ storeDir: String) -> [String] {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: storeDir + "/log")) ?? []
  return names.filter { $0.hasSuffix(".seg") }.sorted().map { storeDir + "/log/" + $0 }
}

/// The bytes of a segment up to the end of its records (a preallocated segment is zero after them).
func segmentData(_ path: String) -> [UInt8] {
  let bytes = fileBytes(path)
  var offset = SegmentHeader.size
  while offset + Frame.headerSize <= bytes.count, bytes[offset] != 0 {
    let length = bytes.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)) }
    offset += Frame.overhead + length
  }
  return Array(bytes[0..<min(offset, bytes.count)])
}

func fileBytes(_ path: String) -> [UInt8] {
  (try? Array(Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
}

func writeBytes(_ bytes: [UInt8], to path: String) {
  _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

/// The `griddesk-store-probe` helper, built next to the test bundle by `swift test`.
func probePath(filePath: String = #filePath) throws -> String {
  var candidates: [String] = []
  let bundleDir = (Bundle.main.bundlePath as NSString)
  candidates.append(bundleDir.appendingPathComponent("griddesk-store-probe"))
  candidates.append((bundleDir.deletingLastPathComponent as NSString).appendingPathComponent("griddesk-store-probe"))
  let exe = (CommandLine.arguments.first ?? "") as NSString
  candidates.append((exe.deletingLastPathComponent as NSString).appendingPathComponent("griddesk-store-probe"))
  var root = (filePath as NSString).deletingLastPathComponent
  for _ in 0..<3 { root = (root as NSString).deletingLastPathComponent }
  for config in ["debug", "release"] {
    candidates.append(root + "/.build/\(config)/griddesk-store-probe")
  }
  for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
  throw StoreError(.notFound, zh: "找不到测试助手", en: "griddesk-store-probe not found; run swift build first")
}

/// A running probe process; its stdout goes to a file, read as lines.
final class Probe: @unchecked Sendable {
  let process = Process()
  let outputPath: String

  init(_ arguments: [String], environment extra: [String: String] = [:]) throws {
    outputPath = NSTemporaryDirectory() + "griddesk-probe-\(UUID().uuidString).out"
    _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
    process.executableURL = URL(fileURLWithPath: try probePath())
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment.merge(extra) { $1 }
    process.environment = environment
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
    process.standardError = FileHandle.nullDevice
    try process.run()
  }

  deinit {
    if process.isRunning { kill() }
    try? FileManager.default.removeItem(atPath: outputPath)
  }

  var lines: [String] {
    String(decoding: fileBytes(outputPath), as: UTF8.self).split(separator: "\n").map(String.init)
  }

  var ackCount: Int { lines.filter { $0.hasPrefix("ack ") }.count }

  /// Polls (bounded) until `condition` holds; false on timeout.
  static func poll(seconds: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if condition() { return true }
      usleep(1_000)
    }
    return condition()
  }

  /// Waits (polling, bounded) until `condition` holds; false on timeout.
  func wait(until condition: () -> Bool, seconds: Double = 10) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if condition() { return true }
      usleep(2_000)
    }
    return condition()
  }

  /// Waits (polling, bounded) for the process to exit.
  func finish(seconds: Double = 20) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { usleep(2_000) }
    if process.isRunning { return false }
    process.waitUntilExit()
    return true
  }

  func kill() { Glibc.kill(process.processIdentifier, SIGKILL) }

  /// "ack SEQ PAYLOAD" lines as (seq, payload).
  var acks: [(UInt64, String)] {
    lines.compactMap { line in
      let parts = line.split(separator: " ")
      guard parts.count == 3, parts[0] == "ack", let seq = UInt64(parts[1]) else { return nil }
      return (seq, String(parts[2]))
    }
  }
}

/// Whether some process waits in `flock` for the file at `path` (a "->" line of /proc/locks for its inode).
func blockedOnFlock(_ path: String) -> Bool {
  var info = stat()
  guard stat(path, &info) == 0, let text = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else {
    return false
  }
  return text.split(separator: "\n").contains { line in
    line.contains("->") && line.contains("FLOCK") && line.contains(":\(info.st_ino) ")
  }
}
