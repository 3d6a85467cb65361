import Foundation
import Testing

@testable import Workbench

/// Every command id is declared once: two screens sharing an id would share one spec, and the second
/// registration would silently rebind the first screen's keys (the order file's F6 once opened the
/// dashboard that way).
@Suite struct CommandIdentityTests {
  @Test func everyCommandIdIsDeclaredOnce() throws {
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources/Workbench")
    var declared: [String: Int] = [:]
    let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
    while let url = files?.nextObject() as? URL {
      guard url.pathExtension == "swift", let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
      let pattern = try NSRegularExpression(pattern: #"CommandID = "([a-z0-9-]+)""#)
      for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        if let range = Range(match.range(at: 1), in: text) { declared[String(text[range]), default: 0] += 1 }
      }
    }
    #expect(declared.count > 20)
    for (id, count) in declared where count > 1 {
      Issue.record("command id \"\(id)\" is declared \(count) times")
    }
  }
}
