import Foundation
import Testing

@testable import Domain

@Suite struct EventSchemaTests {
  /// Every number shipped keeps its field: a renumbered or removed field fails here.
  @Test func shippedNumbersNeverChange() throws {
    for line in ShippedEventSchema.lines.split(separator: "\n") {
      let parts = line.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
      try #require(parts.count == 2, "\(line)")
      let path = parts[0]
      let dot = try #require(path.lastIndex(of: "."))
      let schema = String(path[..<dot])
      let field = String(path[path.index(after: dot)...])
      #expect(EventSchema.table[schema]?[field] == Int(parts[1]), "\(schema).\(field) must stay number \(parts[1])")
    }
  }

  @Test func numbersAreUniqueAndNeverReused() {
    for (schema, fields) in EventSchema.table {
      let numbers = Array(fields.values)
      #expect(Set(numbers).count == numbers.count, "\(schema) gives a number to two fields")
      #expect(numbers.allSatisfy { $0 > 0 }, "\(schema)")
      let retired = Set(EventSchema.retired[schema] ?? [])
      #expect(retired.isDisjoint(with: numbers), "\(schema) reuses a retired number")
    }
  }

  /// Every field of every event (optionals present) has a number, and every event comes back as it was.
  @Test func everyEventRoundTripsTagged() throws {
    for event in try EventSamples.all() {
      let bytes = try event.payload()
      #expect(TaggedEncoder.isTagged(bytes))
      #expect(try Event(type: event.type, payload: bytes) == event, "\(event.type)")
    }
  }

  /// Records written before the tagged encoding still decode; the two are told apart by the marker.
  @Test func positionalRecordsStillDecode() throws {
    for event in try EventSamples.all() {
      let old = try event.positionalPayload()
      #expect(!TaggedEncoder.isTagged(old), "\(event.type)")
      #expect(try Event(type: event.type, payload: old) == event, "\(event.type)")
    }
  }

  /// A build that knows only the positional encoding fails at a tagged record instead of misreading it.
  @Test func thePositionalReaderRefusesEveryTaggedRecord() throws {
    for event in try EventSamples.all() {
      let tagged = try event.payload()
      let row = try #require(Event.registration(of: event.type))
      #expect(throws: (any Error).self, "\(event.type)") { try row.decodePositional(BinaryDecoder(), tagged) }
    }
  }

  /// The bytes do not depend on the order of the fields: the same fields in reverse decode the same.
  @Test func fieldOrderDoesNotMatter() throws {
    for event in try EventSamples.all() {
      let fields = try TaggedFields(event.payload())
      let reversed = TaggedEncoder.marker + fields.items.reversed().flatMap(\.bytes)
      #expect(try Event(type: event.type, payload: reversed) == event, "\(event.type)")
    }
  }

  /// An optional field added later is absent from older records: they decode with it nil.
  @Test func aRecordWithoutALaterOptionalFieldDecodes() throws {
    let survey = SurveyRecorded(
      number: "GD1", started: Date(timeIntervalSince1970: 1_764_000_000),
      ended: Date(timeIntervalSince1970: 1_764_003_600),
      findings: "f", hazards: "h", instruments: ["A-1"],
      calibrations: [
        InstrumentCalibration(
          assetNo: "A-1", name: "n", calibratedOn: Day(2026, 1, 1), dueOn: Day(2027, 1, 1), errorPercent: 0.5)
      ])
    let bytes = try Event.surveyRecorded(survey).payload()
    let number = try #require(EventSchema.table["SurveyRecorded"]?["calibrations"])
    let fields = try TaggedFields(bytes)
    let older = TaggedEncoder.marker + fields.items.filter { $0.number != number }.flatMap(\.bytes)
    var expected = survey
    expected.calibrations = nil
    #expect(try Event(type: "survey-recorded", payload: older) == .surveyRecorded(expected))
  }

  /// A field this build does not know (a newer GridDesk wrote it) is refused, never dropped.
  @Test func anUnknownFieldIsRefused() throws {
    let bytes = try Event.orderArchived(OrderArchived(number: "GD1")).payload()
    // Field 99, a string "x": key 99 << 3 | 2, length 1, "x".
    var newer = bytes
    newer += [0x9A, 0x06, 0x01, 0x78]
    #expect(throws: (any Error).self) { try Event(type: "order-archived", payload: newer) }
    do {
      _ = try Event(type: "order-archived", payload: newer)
    } catch let error as TaggedCodecError {
      guard case .unknownField(let schema, let number) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(schema == "OrderArchived" && number == 99)
    }
  }

  /// A payload cut inside a field throws. (Cut between two fields it is a shorter valid record, as with any
  /// tagged encoding: the store's CRC-32C and hash chain, not the payload, protect against truncation.)
  @Test func aPayloadCutInsideAFieldThrows() throws {
    for event in try EventSamples.all() {
      let bytes = try event.payload()
      var boundaries: Set<Int> = [TaggedEncoder.marker.count]
      var end = TaggedEncoder.marker.count
      for item in try TaggedFields(bytes).items {
        end += item.bytes.count
        boundaries.insert(end)
      }
      for n in TaggedEncoder.marker.count..<bytes.count where !boundaries.contains(n) {
        #expect(throws: (any Error).self, "\(event.type) cut at \(n)") {
          try Event(type: event.type, payload: Array(bytes[0..<n]))
        }
      }
    }
  }
}

/// The top-level fields of a tagged payload, each as its bytes (key and value), for tests that take a
/// record apart.
struct TaggedFields {
  struct Item {
    var number: Int
    var bytes: [UInt8]
  }
  var items: [Item] = []

  init(_ payload: [UInt8]) throws {
    let body = Array(payload.dropFirst(TaggedEncoder.marker.count))
    var i = 0
    func varint() throws -> UInt64 {
      var result: UInt64 = 0
      var shift: UInt64 = 0
      while true {
        try #require(i < body.count)
        let b = body[i]
        i += 1
        result |= UInt64(b & 0x7f) << shift
        if b < 0x80 { return result }
        shift += 7
      }
    }
    while i < body.count {
      let start = i
      let key = try varint()
      switch key & 7 {
      case 0: _ = try varint()
      case 1: i += 8
      default: i += Int(try varint())
      }
      items.append(Item(number: Int(key >> 3), bytes: Array(body[start..<i])))
    }
  }
}
