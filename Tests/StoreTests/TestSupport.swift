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

func fileBytes(_ path: String) -> [UInt8] {
  (try? Array(Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
}

func writeBytes(_ bytes: [UInt8], to path: String) {
  _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}
