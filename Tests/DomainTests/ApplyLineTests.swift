import Foundation
import Testing

@testable import Domain

/// `griddesk apply` lines: a refusal names the field in plain words, never the decoder's internals,
/// and the demo overrides are read strictly.
@Suite struct ApplyLineTests {
  func refusal(_ line: String) -> ApplyLine.Failure? {
    do {
      _ = try ApplyLine.parse(Data(line.utf8))
      return nil
    } catch {
      return error
    }
  }

  /// Words the JSON decoder uses that a person at a terminal should never see.
  static let internals = [
    "DecodingError", "debugDescription", "Debug description", "CodingKeys", "codingPath",
    "Swift.", "Index ", "keyNotFound", "typeMismatch", "dataCorrupted", "valueNotFound",
  ]

  func expectPlain(_ failure: ApplyLine.Failure, _ line: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for word in Self.internals {
      #expect(
        !failure.error.message.en.contains(word), "\(line): \(failure.error.message.en)", sourceLocation: sourceLocation
      )
      #expect(
        !failure.error.message.zh.contains(word), "\(line): \(failure.error.message.zh)", sourceLocation: sourceLocation
      )
    }
    #expect(!failure.error.message.zh.isEmpty && !failure.error.message.en.isEmpty, sourceLocation: sourceLocation)
  }

  @Test func notJSONAndNoCommand() throws {
    let notJSON = try #require(refusal("this is not json"))
    #expect(notJSON.error.code.rawValue == "command.json")
    #expect(notJSON.field == nil)
    expectPlain(notJSON, "this is not json")
    #expect(refusal("[1,2]")?.error.code.rawValue == "command.json")
    #expect(refusal(#"{"login":"x"}"#)?.error.code.rawValue == "command.missing")
    let wrong = try #require(refusal(#"{"command":7}"#))
    #expect(wrong.field == "command")
    #expect(wrong.error.message.en.contains("must be text"))
    let unknown = try #require(refusal(#"{"command":"no-such"}"#))
    #expect(unknown.error.code.rawValue == "command.unknown")
    #expect(unknown.field == "command")
  }

  @Test func aMissingFieldIsNamed() throws {
    let failure = try #require(refusal(#"{"command":"advance-stage"}"#))
    #expect(failure.error.code.rawValue == "command.field")
    #expect(failure.field == "number")
    #expect(failure.error.message.en.contains("\"number\" is missing"))
    #expect(failure.error.message.zh.contains("缺少字段「number」"))
    expectPlain(failure, "advance-stage")
  }

  @Test func aWrongTypeSaysWhatWasExpectedAndWhatCame() throws {
    let line =
      #"{"command":"record-training","login":"liqiang","topic":"规范","days":"eight","passed":true,"on":"2026-06-01"}"#
    let failure = try #require(refusal(line))
    #expect(failure.field == "days")
    #expect(failure.error.message.en.contains("must be a whole number, not text"))
    #expect(failure.error.message.zh.contains("应为整数"))
    expectPlain(failure, line)
    let null = try #require(refusal(line.replacingOccurrences(of: #""eight""#, with: "null")))
    #expect(null.field == "days")
    #expect(null.error.message.en.contains("not null"))
  }

  @Test func aBadDateOrTimeSaysHowToWriteIt() throws {
    let day = try #require(
      refusal(
        #"{"command":"record-training","login":"liqiang","topic":"规范","days":8,"passed":true,"on":"2026-13-01"}"#))
    #expect(day.field == "on")
    #expect(day.error.message.en.contains("\"2026-13-01\""))
    #expect(day.error.message.en.contains("YYYY-MM-DD"))
    let time = try #require(
      refusal(#"{"command":"confirm-appointment","number":"GD261129-0001","appointment":"tomorrow 9am"}"#))
    #expect(time.field == "appointment")
    #expect(time.error.message.en.contains("ISO 8601"))
    #expect(time.error.message.zh.contains("tomorrow 9am"))
    expectPlain(time, "confirm-appointment")
  }

  @Test func nestedAndListFieldsHaveTheirPath() throws {
    let roles = try #require(
      refusal(#"{"command":"register-staff","login":"wangli","name":"王丽","roles":["clerk",5],"team":"城东"}"#))
    #expect(roles.field == "roles[1]")
    let role = try #require(
      refusal(#"{"command":"register-staff","login":"wangli","name":"王丽","roles":["cashier"],"team":"城东"}"#))
    #expect(role.field == "roles[0]")
    #expect(role.error.message.en.contains("\"cashier\""))
    let customer = try #require(refusal(#"{"command":"register-customer","customer":{"name":"张三明"}}"#))
    #expect(customer.field?.hasPrefix("customer.") == true)
    expectPlain(customer, "register-customer")
  }

  @Test func overridesAreReadStrictly() throws {
    let base = #"{"command":"register-staff","login":"x","name":"X","roles":["clerk"],"team":"城东""#
    let good = try ApplyLine.parse(Data((base + #","as":"wangli","at":"2026-11-29T09:30:00+08:00"}"#).utf8))
    #expect(good.actingAs == "wangli")
    #expect(good.at == ISO8601DateFormatter().date(from: "2026-11-29T01:30:00Z"))
    let plain = try ApplyLine.parse(Data((base + "}").utf8))
    #expect(plain.actingAs == nil && plain.at == nil)
    for bad in [#""as":5"#, #""as":null"#, #""as":"""#, #""as":["wangli"]"#, #""as":{"login":"wangli"}"#] {
      let failure = try #require(refusal(base + "," + bad + "}"), "\(bad)")
      #expect(failure.error.code.rawValue == "override.as", "\(bad)")
      #expect(failure.field == "as")
      expectPlain(failure, bad)
    }
    for bad in [
      #""at":null"#, #""at":"yesterday""#, #""at":1764379800"#, #""at":"2026-11-29T09:30:00""#,
      #""at":"2026-11-29""#, #""at":true"#,
    ] {
      let failure = try #require(refusal(base + "," + bad + "}"), "\(bad)")
      #expect(failure.error.code.rawValue == "override.at", "\(bad)")
      #expect(failure.field == "at")
      expectPlain(failure, bad)
    }
  }

  /// Every documented example, with each of its fields replaced by values of every kind, is either
  /// accepted or refused in plain words naming a field.
  @Test func mutatedExamplesAreRefusedInPlainWords() throws {
    let replacements: [Any] = [NSNull(), 42, 1.5, "x", true, [Any](), [String: Any](), ["x"], "2026-99-99"]
    var refusals = 0
    for example in CommandDocsTests.examples {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(example.utf8)) as? [String: Any])
      for key in object.keys where key != "command" {
        for value in replacements {
          var mutated = object
          mutated[key] = value
          let data = try JSONSerialization.data(withJSONObject: mutated)
          do {
            _ = try ApplyLine.parse(data)
          } catch {
            refusals += 1
            expectPlain(error, String(decoding: data, as: UTF8.self))
          }
        }
      }
    }
    #expect(refusals > 500)
  }
}
