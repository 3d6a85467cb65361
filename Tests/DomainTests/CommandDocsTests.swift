import Foundation
import Testing

@testable import Domain

/// docs/commands.md documents every command with an example that parses.
@Suite struct CommandDocsTests {
  static let doc: String = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("docs/commands.md")
    return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
  }()

  static var examples: [String] {
    var result: [String] = []
    var inside = false
    for line in doc.split(separator: "\n", omittingEmptySubsequences: false) {
      if line == "```json" {
        inside = true
      } else if line == "```" {
        inside = false
      } else if inside {
        result.append(String(line))
      }
    }
    return result
  }

  @Test func everyCommandHasAnExample() {
    let names = Set(CommandDocsTests.examples.compactMap { try? Command.decode(json: Data($0.utf8)).name })
    for type in Command.all {
      #expect(names.contains(type.name), "docs/commands.md has no parsing example of \(type.name)")
    }
  }

  @Test func everyExampleParses() {
    #expect(CommandDocsTests.examples.count >= Command.all.count)
    for line in CommandDocsTests.examples {
      #expect(throws: Never.self, "\(line)") { _ = try Command.decode(json: Data(line.utf8)) }
    }
  }

  @Test func badLinesGiveClearErrors() {
    #expect(throws: DomainError.self) { try Command.decode(json: Data("not json".utf8)) }
    #expect(throws: DomainError.self) { try Command.decode(json: Data(#"{"command":"no-such"}"#.utf8)) }
    do {
      _ = try Command.decode(json: Data(#"{"command":"advance-stage"}"#.utf8))
      Issue.record("accepted a command without its fields")
    } catch {
      #expect(error.message.en.contains("number"))
    }
  }
}
