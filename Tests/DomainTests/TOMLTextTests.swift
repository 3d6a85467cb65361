import Foundation
import PropertyBased
import Testing

@testable import Domain

/// No TOML input aborts the program (toml++ asserts on some table headers; `TOMLText` guards it), and
/// every refusal names its line in both languages.
@Suite struct TOMLTextTests {
  static let calendar2026 = ShippedData.calendars.first { $0.file.hasPrefix("2026") }!.toml

  @Test(arguments: ["[[[", "[[[x]]]", "[*]", "[\n", "[ [x]]", "[=]", "[[\t#]]", "a = 1\n[.]\n", "[[ ]]", "[]"])
  func malformedHeadersAreRefusedWithTheirLine(_ bad: String) {
    let text = "year = 2026\nnotice = \"n\"\n" + bad + "\n"
    #expect(throws: TOMLText.Problem.self) { try TOMLText.parse(text) }
    do {
      _ = try WorkCalendar.parse(toml: text)
      Issue.record("accepted \(bad)")
    } catch {
      #expect(error.code.rawValue == "calendar.syntax")
      #expect(error.message.zh.contains("第 3 行") || error.message.zh.contains("第 4 行"), "\(error)")
      #expect(error.message.en.contains("Line 3") || error.message.en.contains("Line 4"), "\(error)")
    }
    do {
      _ = try Standard.parse(toml: "version = 2\n\n" + bad)
      Issue.record("accepted \(bad)")
    } catch {
      #expect(error.code.rawValue == "standard.syntax")
      #expect(error.message.en.contains("Line 3") || error.message.en.contains("Line 4"), "\(error)")
    }
  }

  @Test func headersInsideValuesAreNotHeaders() throws {
    // Nested arrays whose lines start with brackets, strings holding brackets and comments.
    let text = """
      a = [
        [[1, 2]],
        [ ["x"] ],
      ]
      b = "[[[ not a header"
      c = '''
      [[[ nor this
      '''
      d = { e = [1, [2]] } # [[[ comment
      [t."quoted key".u]
      f = 1979-05-27 07:32:00
      [[arr]]
      g = 1
      """
    let parsed = try TOMLText.parse(text)
    #expect(parsed.table["a"]?.array?.count == 2)
    let lines = Dictionary(parsed.keys.map { ($0.dotted, $0.line) }, uniquingKeysWith: { a, _ in a })
    #expect(lines["d.e"] == 9)
    #expect(lines["t.quoted key.u.f"] == 11)
    #expect(lines["arr.g"] == 13)
  }

  @Test func misspeltCalendarKeyIsRefusedByNameAndLine() {
    let text = Self.calendar2026.replacingOccurrences(of: "[[holidays]]", with: "[[holiday]]")
    let line = text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("[[holiday]]") }! + 1
    #expect(throws: DomainError.calendarUnknownKey("holiday", line: line, suggestion: "holidays")) {
      try WorkCalendar.parse(toml: text)
    }
    let inline = Self.calendar2026.replacingOccurrences(of: "name-en =", with: "name_en =")
    #expect(throws: DomainError.self) { try WorkCalendar.parse(toml: inline) }
    // Replay reads a recorded file as it was accepted.
    #expect((try? WorkCalendar.parse(toml: text, checkKeys: false)) != nil)
  }

  @Test func misspeltStandardKeyIsRefusedByNameAndLine() throws {
    let text = ShippedData.standardV1.replacingOccurrences(of: "follow-up-limit =", with: "follow-up-limt =")
    let line = text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("follow-up-limt") }! + 1
    do {
      _ = try Standard.parse(toml: text)
      Issue.record("accepted")
    } catch {
      #expect(error.code.rawValue == "standard.unknown-key")
      #expect(error.message.en.contains("Line \(line)") && error.message.en.contains("follow-up-limt"))
      #expect(error.message.en.contains("did you mean “follow-up-limit”"))
      #expect(error.message.zh.contains("第 \(line) 行"))
    }
    let stageKey = ShippedData.standardV1.replacingOccurrences(of: "clock-start =", with: "clockstart =")
    #expect(throws: DomainError.self) { try Standard.parse(toml: stageKey) }
    // The shipped standard and its export use only known keys.
    _ = try Standard.parse(toml: ShippedData.standardV1)
    _ = try Standard.parse(toml: Standard.defaultV1.toTOML())
  }

  /// Pieces that break TOML in every way we know of, including the ones toml++ asserts on.
  static let pieces = [
    "[", "[[", "[[[", "]", "]]", "=", "\"", "'", "'''", "\"\"\"", "{", "}", ",", ".", "#", "\n", "\r", "\r\n", " ",
    "\t", "\\", "\u{FEFF}[*]", "a", "1", "-", "_", "x.y", "é", "中", "\u{0}", "\u{7F}", "\u{FEFF}", "\u{3000}",
    "1979-05-27",
    "07:32:00", "T", "Z", "+", "inf", "nan", "true", "0x", "[*]", "[=]", "[ [", "= [", "= {", "={a=", "[a.]", "[}",
    "= [}", "\u{B}", "\u{C}",
  ]

  /// Mutates `text` `count` times: inserts a piece, deletes a range, or duplicates a line.
  static func mutate(_ text: String, _ choices: [Int]) -> String {
    var chars = Array(text)
    for c in choices {
      let at = chars.isEmpty ? 0 : (c / 7) % (chars.count + 1)
      switch c % 5 {
      case 0, 1, 2: chars.insert(contentsOf: pieces[(c / 3) % pieces.count], at: at)
      case 3 where !chars.isEmpty: chars.removeSubrange(at..<min(chars.count, at + 1 + c % 9))
      default:
        let lines = String(chars).components(separatedBy: "\n")
        guard !lines.isEmpty else { break }
        let line = lines[(c / 11) % lines.count]
        chars.insert(contentsOf: line + "\n", at: at)
      }
    }
    return String(chars)
  }

  /// Every refusal is a DomainError with a line inside the file (or a field path): never a crash.
  static func checkRefusal(_ error: DomainError, lines: Int) {
    #expect(!error.message.zh.isEmpty && !error.message.en.isEmpty)
    if error.code.rawValue.hasSuffix(".syntax") || error.code.rawValue.hasSuffix(".unknown-key") {
      let digits = error.message.en.split(separator: " ").drop { $0 != "Line" }.dropFirst().first
      let line = digits.flatMap { Int($0.trimmingCharacters(in: CharacterSet.decimalDigits.inverted)) }
      #expect(line != nil && line! >= 1 && line! <= lines + 1, "\(error)")
    }
  }

  @Test func fuzzCalendarFiles() async {
    await propertyCheck(count: 400, input: Gen.int(in: 0...100_000).array(of: 1...6)) { choices in
      let text = TOMLTextTests.mutate(TOMLTextTests.calendar2026, choices)
      do {
        _ = try WorkCalendar.parse(toml: text)
      } catch let error as DomainError {
        TOMLTextTests.checkRefusal(error, lines: text.components(separatedBy: "\n").count)
      } catch {
        Issue.record("not a DomainError: \(error)")
      }
    }
  }

  @Test func fuzzStandardFiles() async {
    await propertyCheck(count: 50, input: Gen.int(in: 0...1_000_000).array(of: 1...6)) { choices in
      let text = TOMLTextTests.mutate(ShippedData.standardV1, choices)
      do {
        _ = try Standard.parse(toml: text)
      } catch let error as DomainError {
        TOMLTextTests.checkRefusal(error, lines: text.components(separatedBy: "\n").count)
      } catch {
        Issue.record("not a DomainError: \(error)")
      }
    }
  }

  @Test func fuzzRandomText() async {
    let piece = Gen.int(in: 0...(TOMLTextTests.pieces.count - 1)).map { TOMLTextTests.pieces[$0] }
    await propertyCheck(count: 5000, input: piece.array(of: 0...24)) { pieces in
      let text = pieces.joined()
      do {
        _ = try TOMLText.parse(text)
      } catch let error as TOMLText.Problem {
        #expect(error.line >= 1 && !error.detail.isEmpty)
      } catch {
        Issue.record("not a TOMLText.Problem: \(error)")
      }
    }
  }

  /// `apply` lines carrying TOML: every one is answered, the broken ones with a refusal.
  @Test func fuzzApplyLinesCarryingTOML() async throws {
    let hall = try Harness.hall()
    await propertyCheck(count: 40, input: Gen.int(in: 0...100_000).array(of: 1...4)) { choices in
      var h = hall
      let toml = TOMLTextTests.mutate(TOMLTextTests.calendar2026, choices)
      let standard = TOMLTextTests.mutate(
        ShippedData.standardV1.replacingOccurrences(of: "version = 1", with: "version = 2"), choices)
      for body in [
        try! JSONSerialization.data(withJSONObject: ["command": "load-calendar", "toml": toml]),
        try! JSONSerialization.data(
          withJSONObject: ["command": "publish-standard", "toml": standard, "effective": "2026-12-01"]),
      ] {
        do {
          let command = try Command.decode(json: body)
          try h.run(command.body, as: "zhaomin")
        } catch let error as DomainError {
          TOMLTextTests.checkRefusal(error, lines: 2000)
        } catch {
          Issue.record("not a DomainError: \(error)")
        }
      }
    }
  }

  static let jsonPieces = [
    "{", "}", "[", "]", ":", ",", "\"", "\"command\"", "\"load-calendar\"", "\"receive-order\"", "\"toml\"",
    "\"[[[\"", "null", "true", "1", "-1", "1e999", "\"2026-13-45\"", "\"as\"", "\"at\"", "\\u0000", "\\", " ",
    "\"effective\"", "\"publish-standard\"", "\"中\"", "\"\u{FEFF}\"",
  ]

  /// JSON lines of `apply`: any text decodes to a command or is refused with a DomainError.
  @Test func fuzzJSONLines() async {
    let piece = Gen.int(in: 0...(TOMLTextTests.jsonPieces.count - 1)).map { TOMLTextTests.jsonPieces[$0] }
    await propertyCheck(count: 3000, input: piece.array(of: 0...16)) { pieces in
      let line = pieces.joined()
      do {
        _ = try Command.decode(json: Data(line.utf8))
      } catch let error as DomainError {
        #expect(!error.message.zh.isEmpty && !error.message.en.isEmpty)
      } catch {
        Issue.record("not a DomainError: \(error)")
      }
    }
  }
}
