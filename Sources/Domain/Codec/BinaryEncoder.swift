import Foundation

/// A compact positional binary encoding for `Codable` values: keys are not written, fields follow in
/// declaration order (the order synthesized `Codable` uses for both encoding and decoding), so a
/// record is little more than its values. It is the payload encoding of events in the log and of
/// projection snapshots; docs/store-format.md describes it byte by byte.
///
/// - `Day`: zig-zag varint of days since 1970-01-01.
/// - Integers: zig-zag LEB128 varints (unsigned ones plain LEB128).
/// - `Double`: 8 bytes little-endian IEEE 754. `Bool`: one byte 0/1.
/// - `String`: varint byte count, then UTF-8. `Date`: varint of milliseconds since 1970 (zig-zag).
/// - Optional: one byte 0 (absent) or 1 (present) before the value.
/// - Array: varint element count, then the elements. Dictionaries are not supported (use arrays).
/// - Enums with raw values encode as their raw value; enums with associated values are not used.
///
/// A shipped layout is never changed, except that an event may gain optional fields at its end: a
/// record written before them ends where they would begin, and decodes them as absent.
public struct BinaryEncoder {
  public init() {}

  public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
    let sink = BinarySink()
    try sink.encodeValue(value)
    return sink.bytes
  }
}

/// Values that encode their element count before their elements.
protocol BinaryCountedSequence {
  func encodeCounted(into sink: BinarySink) throws
}

extension Array: BinaryCountedSequence where Element: Encodable {
  func encodeCounted(into sink: BinarySink) throws {
    sink.writeVarint(UInt64(count))
    for element in self { try sink.encodeValue(element) }
  }
}

/// Optionals anywhere but a keyed field (where `encodeIfPresent` does it) still get their presence byte.
protocol BinaryOptional {
  func encodeFlagged(into sink: BinarySink) throws
}

extension Optional: BinaryOptional where Wrapped: Encodable {
  func encodeFlagged(into sink: BinarySink) throws {
    if let value = self {
      sink.bytes.append(1)
      try sink.encodeValue(value)
    } else {
      sink.bytes.append(0)
    }
  }
}

final class BinarySink: Encoder {
  var bytes: [UInt8] = []
  var codingPath: [CodingKey] = []
  var userInfo: [CodingUserInfoKey: Any] = [:]

  init() { bytes.reserveCapacity(128) }

  func writeVarint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }

  func writeSigned(_ value: Int64) {
    writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
  }

  func writeString(_ value: String) {
    var s = value
    s.withUTF8 { buf in
      writeVarint(UInt64(buf.count))
      bytes.append(contentsOf: buf)
    }
  }

  /// See `BinarySource.readTimeline`: an event type is written as its index in `Event.allTypes`
  /// (an unknown one as the index past the end, then the string), then its variant, note and detail.
  func writeTimeline(_ entries: [TimelineEntry]) {
    writeVarint(UInt64(entries.count))
    for e in entries {
      writeVarint(e.seq)
      writeSigned(Int64((e.at.timeIntervalSince1970 * 1000).rounded()))
      writeString(e.by)
      if let index = Event.typeIndex[e.type] {
        writeVarint(UInt64(index))
      } else {
        writeVarint(UInt64(Event.allTypes.count))
        writeString(e.type)
      }
      writeVarint(UInt64(e.variant))
      writeString(e.note)
      writeString(e.detail)
    }
  }

  func writeDouble(_ value: Double) {
    var bits = value.bitPattern.littleEndian
    withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
  }

  func encodeValue<T: Encodable>(_ value: T) throws {
    // Optionals first: `as` would otherwise unwrap a present value and lose its presence byte.
    if let v = value as? BinaryOptional {
      try v.encodeFlagged(into: self)
      return
    }
    switch value {
    case let v as String: writeString(v)
    case let v as [TimelineEntry]: writeTimeline(v)
    case let v as Int: writeSigned(Int64(v))
    case let v as Int64: writeSigned(v)
    case let v as Int32: writeSigned(Int64(v))
    case let v as UInt64: writeVarint(v)
    case let v as UInt32: writeVarint(UInt64(v))
    case let v as UInt8: writeVarint(UInt64(v))
    case let v as Bool: bytes.append(v ? 1 : 0)
    case let v as Double: writeDouble(v)
    case let v as Date: writeSigned(Int64((v.timeIntervalSince1970 * 1000).rounded()))
    case let v as Day: writeSigned(Int64(v.daysSinceEpoch))
    case let v as [UInt8]: writeVarint(UInt64(v.count)); bytes.append(contentsOf: v)
    case let v as BinaryCountedSequence: try v.encodeCounted(into: self)
    default: try value.encode(to: self)
    }
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    KeyedEncodingContainer(KeyedSink<Key>(sink: self))
  }

  func unkeyedContainer() -> UnkeyedEncodingContainer {
    UnkeyedSink(sink: self)
  }

  func singleValueContainer() -> SingleValueEncodingContainer { SingleSink(sink: self) }
}

private struct KeyedSink<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let sink: BinarySink
  var codingPath: [CodingKey] { sink.codingPath }

  mutating func encodeNil(forKey key: Key) throws { sink.bytes.append(0) }
  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try sink.encodeValue(value) }
  mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
    if let value {
      sink.bytes.append(1)
      try sink.encodeValue(value)
    } else {
      sink.bytes.append(0)
    }
  }
  mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
    if let value {
      sink.bytes.append(1)
      sink.writeString(value)
    } else {
      sink.bytes.append(0)
    }
  }
  // The standard library's defaults for these write nothing for nil; a positional format needs the flag.
  mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try flagged(value) }
  mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try flagged(value) }
  mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try flagged(value) }
  mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try flagged(value) }
  mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try flagged(value) }
  mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try flagged(value) }
  mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try flagged(value) }
  mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try flagged(value) }
  mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try flagged(value) }
  mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try flagged(value) }
  mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try flagged(value) }
  mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try flagged(value) }
  mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try flagged(value) }
  private func flagged<T: Encodable>(_ value: T?) throws {
    if let value {
      sink.bytes.append(1)
      try sink.encodeValue(value)
    } else {
      sink.bytes.append(0)
    }
  }
  mutating func encode(_ value: String, forKey key: Key) throws { sink.writeString(value) }
  mutating func encode(_ value: Int, forKey key: Key) throws { sink.writeSigned(Int64(value)) }
  mutating func encode(_ value: Bool, forKey key: Key) throws { sink.bytes.append(value ? 1 : 0) }
  mutating func encode(_ value: Double, forKey key: Key) throws { sink.writeDouble(value) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
    -> KeyedEncodingContainer<NestedKey>
  {
    KeyedEncodingContainer(KeyedSink<NestedKey>(sink: sink))
  }
  mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer { UnkeyedSink(sink: sink) }
  mutating func superEncoder() -> Encoder { sink }
  mutating func superEncoder(forKey key: Key) -> Encoder { sink }
}

/// Only reached by hand-written `encode(to:)` that ask for an unkeyed container; arrays go through
/// `BinaryCountedSequence`. The caller must write the count itself.
private struct UnkeyedSink: UnkeyedEncodingContainer {
  let sink: BinarySink
  var codingPath: [CodingKey] { sink.codingPath }
  var count: Int = 0

  mutating func encodeNil() throws {
    sink.bytes.append(0)
    count += 1
  }
  mutating func encode<T: Encodable>(_ value: T) throws {
    try sink.encodeValue(value)
    count += 1
  }
  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    KeyedEncodingContainer(KeyedSink<NestedKey>(sink: sink))
  }
  mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { UnkeyedSink(sink: sink) }
  mutating func superEncoder() -> Encoder { sink }
}

private struct SingleSink: SingleValueEncodingContainer {
  let sink: BinarySink
  var codingPath: [CodingKey] { sink.codingPath }
  mutating func encodeNil() throws { sink.bytes.append(0) }
  mutating func encode<T: Encodable>(_ value: T) throws { try sink.encodeValue(value) }
  mutating func encode(_ value: String) throws { sink.writeString(value) }
  mutating func encode(_ value: Int) throws { sink.writeSigned(Int64(value)) }
  mutating func encode(_ value: Bool) throws { sink.bytes.append(value ? 1 : 0) }
  mutating func encode(_ value: Double) throws { sink.writeDouble(value) }
}
