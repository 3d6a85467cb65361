import Foundation

/// The tagged binary encoding of event payloads (docs/store-format.md, "Event payloads"): every field is
/// written with its number from `EventSchema`, never by its place in the declaration, so a field may be
/// added (optional, with a new number) and old records still decode, and the order of declarations does
/// not matter.
///
/// A payload is `TaggedEncoder.marker` followed by one message. A message is fields back to back, each a
/// varint key `number << 3 | wire` and a value:
///
/// | wire | value | used for |
/// |---:|---|---|
/// | 0 | varint | integers (zig-zag; unsigned plain), `Bool` (0/1), `Date` (zig-zag ms), `Day` (zig-zag days) |
/// | 1 | 8 bytes little-endian | `Double` |
/// | 2 | varint length, then bytes | `String` (UTF-8), nested struct (a message), array (a list) |
///
/// An array is a list: a message whose every field has number 1, one per element, in order. An absent
/// optional is not written; a present one is, even when it is an empty array. A field that is not
/// optional is always written. Reading, a field number the schema does not know is refused
/// (`TaggedCodecError.unknownField`): a newer GridDesk wrote it, and the engine stops there read-only.
public struct TaggedEncoder {
  /// The first bytes of every tagged payload. A positional payload (`BinaryEncoder`) can never start with
  /// them: its first value is a varint, a `Bool` or an optional's presence byte, and none of those is ever
  /// written as nine 0xFF bytes. Builds that know only the positional encoding fail at their very first
  /// read of it (a varint over 64 bits, or a bad Boolean), so they stop at a tagged record instead of
  /// misreading it.
  public static let marker: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]

  public init() {}

  public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
    let sink = TaggedSink()
    try value.encode(to: sink)
    guard case .message = sink.mode else { throw TaggedCodecError.notAMessage(String(describing: T.self)) }
    return TaggedEncoder.marker + sink.bytes
  }

  /// Whether `payload` is in this encoding (otherwise it is positional).
  public static func isTagged(_ payload: [UInt8]) -> Bool {
    payload.count >= marker.count && payload.prefix(marker.count).elementsEqual(marker)
  }
}

/// Reads what `TaggedEncoder` wrote. Malformed input throws; nothing traps.
public struct TaggedDecoder {
  public init() {}

  public func decode<T: Decodable>(_ type: T.Type, from payload: [UInt8]) throws -> T {
    guard TaggedEncoder.isTagged(payload) else { throw TaggedCodecError.malformed("no tagged marker") }
    let message = try TaggedMessage(Array(payload.dropFirst(TaggedEncoder.marker.count)))
    return try T(from: TaggedSource(message))
  }
}

public enum TaggedCodecError: Error, CustomStringConvertible {
  /// The bytes hold a field this build's schema does not have: written by a newer GridDesk.
  case unknownField(schema: String, number: Int)
  /// A type or field without a number in `EventSchema` (a programming error, caught by the schema test).
  case unnumbered(schema: String, field: String?)
  case missingField(schema: String, field: String)
  case notAMessage(String)
  case malformed(String)

  public var description: String {
    switch self {
    case .unknownField(let schema, let number): "tagged payload: \(schema) has no field \(number) in this build"
    case .unnumbered(let schema, let field): "tagged payload: \(schema).\(field ?? "?") has no number in EventSchema"
    case .missingField(let schema, let field): "tagged payload: \(schema).\(field) is missing"
    case .notAMessage(let type): "tagged payload: \(type) is not a struct"
    case .malformed(let what): "tagged payload: \(what)"
    }
  }
}

/// The schema name of a struct: its coding keys' type, without the module, `CodingKeys` and the private
/// context the compiler gives synthesized keys (`OrderReceived`, `Customer.Fields`).
func schemaName<Key: CodingKey>(_ key: Key.Type) -> String {
  SchemaNames.shared.name(of: key)
}

/// Schema names by coding-key type, worked out once each (`String(reflecting:)` is slow).
/// `@unchecked Sendable` is safe because its cache is read and written only under its lock.
private final class SchemaNames: @unchecked Sendable {
  static let shared = SchemaNames()
  private let lock = NSLock()
  private var names: [ObjectIdentifier: String] = [:]

  func name<Key: CodingKey>(of key: Key.Type) -> String {
    let id = ObjectIdentifier(key)
    if let name = lock.withLock({ names[id] }) { return name }
    var parts = String(reflecting: key).split(separator: ".").map(String.init)
    parts.removeAll { $0.hasPrefix("(unknown context") }
    if parts.first == "Domain" { parts.removeFirst() }
    if parts.last == "CodingKeys" { parts.removeLast() }
    let name = parts.joined(separator: ".")
    lock.withLock { names[id] = name }
    return name
  }
}

// MARK: Writing

private enum Wire: UInt64 {
  case varint = 0
  case fixed64 = 1
  case bytes = 2
}

/// One value as it goes on the wire.
private enum TaggedScalar {
  case varint(UInt64)
  case fixed64(UInt64)
  case bytes([UInt8])
}

/// Arrays write themselves as lists.
private protocol TaggedList {
  func encodeList(into sink: TaggedSink) throws
}

extension Array: TaggedList where Element: Encodable {
  fileprivate func encodeList(into sink: TaggedSink) throws {
    for element in self { try sink.writeField(1, element) }
  }
}

private final class TaggedSink: Encoder {
  enum Mode {
    case empty
    case message
    case scalar(TaggedScalar)
  }

  var bytes: [UInt8] = []
  var mode = Mode.empty
  var codingPath: [CodingKey] = []
  var userInfo: [CodingUserInfoKey: Any] = [:]

  func writeVarint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }

  static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

  /// A value as one scalar, when it is one; nil for structs and arrays.
  static func scalar<T: Encodable>(_ value: T) throws -> TaggedScalar? {
    switch value {
    case let v as String: return .bytes(Array(v.utf8))
    case let v as Int: return .varint(zigzag(Int64(v)))
    case let v as Int64: return .varint(zigzag(v))
    case let v as Int32: return .varint(zigzag(Int64(v)))
    case let v as UInt64: return .varint(v)
    case let v as UInt32: return .varint(UInt64(v))
    case let v as UInt8: return .varint(UInt64(v))
    case let v as Bool: return .varint(v ? 1 : 0)
    case let v as Double: return .fixed64(v.bitPattern)
    case let v as Date: return .varint(zigzag(Int64((v.timeIntervalSince1970 * 1000).rounded())))
    case let v as Day: return .varint(zigzag(Int64(v.daysSinceEpoch)))
    case let v as [UInt8]: return .bytes(v)
    default: return nil
    }
  }

  func writeScalar(_ number: Int, _ scalar: TaggedScalar) {
    switch scalar {
    case .varint(let v):
      writeVarint(UInt64(number) << 3 | Wire.varint.rawValue)
      writeVarint(v)
    case .fixed64(let bits):
      writeVarint(UInt64(number) << 3 | Wire.fixed64.rawValue)
      for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(i)))) }
    case .bytes(let b):
      writeVarint(UInt64(number) << 3 | Wire.bytes.rawValue)
      writeVarint(UInt64(b.count))
      bytes.append(contentsOf: b)
    }
  }

  /// Writes `value` as field `number`: a scalar as itself, a struct as a message, an array as a list.
  func writeField<T: Encodable>(_ number: Int, _ value: T) throws {
    if let scalar = try TaggedSink.scalar(value) {
      writeScalar(number, scalar)
      return
    }
    let child = TaggedSink()
    if let list = value as? TaggedList {
      try list.encodeList(into: child)
      writeScalar(number, .bytes(child.bytes))
      return
    }
    try value.encode(to: child)
    switch child.mode {
    case .scalar(let scalar): writeScalar(number, scalar)
    case .message, .empty: writeScalar(number, .bytes(child.bytes))
    }
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    mode = .message
    return KeyedEncodingContainer(TaggedKeyedSink<Key>(sink: self, numbers: EventSchema.numbers(of: Key.self)))
  }

  func unkeyedContainer() -> UnkeyedEncodingContainer { TaggedUnkeyedSink(sink: self) }

  func singleValueContainer() -> SingleValueEncodingContainer { TaggedSingleSink(sink: self) }
}

private struct TaggedKeyedSink<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let sink: TaggedSink
  let numbers: [String: Int]?
  var codingPath: [CodingKey] { [] }

  func number(_ key: Key) throws -> Int {
    guard let n = numbers?[key.stringValue] else {
      throw TaggedCodecError.unnumbered(schema: schemaName(Key.self), field: key.stringValue)
    }
    return n
  }

  // An absent optional is not written.
  mutating func encodeNil(forKey key: Key) throws {}
  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try sink.writeField(number(key), value) }
  mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
    if let value { try sink.writeField(number(key), value) }
  }
  mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
    if let value { try sink.writeField(number(key), value) }
  }
  mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
    if let value { try sink.writeField(number(key), value) }
  }
  mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
    if let value { try sink.writeField(number(key), value) }
  }
  mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws {
    if let value { try sink.writeField(number(key), value) }
  }
  mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws {
    if let value { try sink.writeField(number(key), value) }
  }
  mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
    if let value { try sink.writeField(number(key), value) }
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
    -> KeyedEncodingContainer<NestedKey>
  {
    KeyedEncodingContainer(TaggedKeyedSink<NestedKey>(sink: sink, numbers: nil))
  }
  mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer { TaggedUnkeyedSink(sink: sink) }
  mutating func superEncoder() -> Encoder { sink }
  mutating func superEncoder(forKey key: Key) -> Encoder { sink }
}

/// Unkeyed containers are not part of the encoding (arrays go through `TaggedList`); writing one fails.
private struct TaggedUnkeyedSink: UnkeyedEncodingContainer {
  let sink: TaggedSink
  var codingPath: [CodingKey] { [] }
  var count: Int { 0 }
  mutating func encodeNil() throws { throw TaggedCodecError.unnumbered(schema: "unkeyed", field: nil) }
  mutating func encode<T: Encodable>(_ value: T) throws {
    throw TaggedCodecError.unnumbered(schema: "unkeyed", field: nil)
  }
  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    KeyedEncodingContainer(TaggedKeyedSink<NestedKey>(sink: sink, numbers: nil))
  }
  mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { self }
  mutating func superEncoder() -> Encoder { sink }
}

/// A value that encodes itself as one value (an enum with a raw value): recorded, then written as the
/// field that holds it.
private struct TaggedSingleSink: SingleValueEncodingContainer {
  let sink: TaggedSink
  var codingPath: [CodingKey] { [] }
  mutating func encodeNil() throws { throw TaggedCodecError.unnumbered(schema: "nil", field: nil) }
  mutating func encode<T: Encodable>(_ value: T) throws {
    guard let scalar = try TaggedSink.scalar(value) else {
      try value.encode(to: sink)
      return
    }
    sink.mode = .scalar(scalar)
  }
}

// MARK: Reading

/// One message's fields by number, each with its values in order (a field appears once, except in lists).
private struct TaggedMessage {
  var fields: [Int: [TaggedScalar]] = [:]

  init(_ bytes: [UInt8]) throws {
    var reader = TaggedReader(bytes: bytes)
    while !reader.isAtEnd {
      let key = try reader.varint()
      guard let wire = Wire(rawValue: key & 7) else { throw TaggedCodecError.malformed("wire type \(key & 7)") }
      guard let number = Int(exactly: key >> 3), number > 0 else { throw TaggedCodecError.malformed("field 0") }
      let value: TaggedScalar
      switch wire {
      case .varint: value = .varint(try reader.varint())
      case .fixed64: value = .fixed64(try reader.fixed64())
      case .bytes: value = .bytes(try reader.lengthDelimited())
      }
      fields[number, default: []].append(value)
    }
  }
}

private struct TaggedReader {
  let bytes: [UInt8]
  var index = 0

  var isAtEnd: Bool { index == bytes.count }

  mutating func varint() throws -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard index < bytes.count else { throw TaggedCodecError.malformed("unexpected end") }
      let b = bytes[index]
      index += 1
      if shift == 63 && b > 1 { throw TaggedCodecError.malformed("varint overflow") }
      result |= UInt64(b & 0x7f) << shift
      if b < 0x80 { return result }
      shift += 7
      if shift > 63 { throw TaggedCodecError.malformed("varint overflow") }
    }
  }

  mutating func fixed64() throws -> UInt64 {
    guard bytes.count - index >= 8 else { throw TaggedCodecError.malformed("unexpected end") }
    var bits: UInt64 = 0
    for i in 0..<8 { bits |= UInt64(bytes[index + i]) << (8 * UInt64(i)) }
    index += 8
    return bits
  }

  mutating func lengthDelimited() throws -> [UInt8] {
    let n = try varint()
    guard n <= UInt64(bytes.count - index) else { throw TaggedCodecError.malformed("length \(n) beyond the payload") }
    defer { index += Int(n) }
    return Array(bytes[index..<index + Int(n)])
  }
}

private protocol TaggedDecodableList {
  static func decodeList(_ message: TaggedMessage) throws -> Self
}

extension Array: TaggedDecodableList where Element: Decodable {
  fileprivate static func decodeList(_ message: TaggedMessage) throws -> [Element] {
    guard message.fields.keys.allSatisfy({ $0 == 1 }) else { throw TaggedCodecError.malformed("a list with fields") }
    return try (message.fields[1] ?? []).map { try TaggedSource.value(Element.self, from: $0) }
  }
}

private final class TaggedSource: Decoder {
  let message: TaggedMessage
  var codingPath: [CodingKey] = []
  var userInfo: [CodingUserInfoKey: Any] = [:]

  init(_ message: TaggedMessage) { self.message = message }

  static func unzigzag(_ raw: UInt64) -> Int64 { Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))) }

  /// Decodes one field value as `T`.
  static func value<T: Decodable>(_ type: T.Type, from scalar: TaggedScalar) throws -> T {
    func wrong() -> TaggedCodecError { .malformed("\(T.self) from the wrong wire type") }
    switch scalar {
    case .varint(let raw):
      if T.self == Int.self {
        guard let v = Int(exactly: unzigzag(raw)) else { throw wrong() }
        return v as! T
      }
      if T.self == Int64.self { return unzigzag(raw) as! T }
      if T.self == Int32.self {
        guard let v = Int32(exactly: unzigzag(raw)) else { throw wrong() }
        return v as! T
      }
      if T.self == UInt64.self { return raw as! T }
      if T.self == UInt32.self {
        guard let v = UInt32(exactly: raw) else { throw wrong() }
        return v as! T
      }
      if T.self == UInt8.self {
        guard let v = UInt8(exactly: raw) else { throw wrong() }
        return v as! T
      }
      if T.self == Bool.self {
        guard raw <= 1 else { throw TaggedCodecError.malformed("bad boolean") }
        return (raw == 1) as! T
      }
      if T.self == Date.self { return Date(timeIntervalSince1970: Double(unzigzag(raw)) / 1000) as! T }
      if T.self == Day.self {
        let days = unzigzag(raw)
        guard abs(days) < 3_000_000 else { throw TaggedCodecError.malformed("day out of range") }
        return Day(daysSinceEpoch: Int(days)) as! T
      }
    case .fixed64(let bits):
      if T.self == Double.self { return Double(bitPattern: bits) as! T }
    case .bytes(let bytes):
      if T.self == String.self { return String(decoding: bytes, as: UTF8.self) as! T }
      if T.self == [UInt8].self { return bytes as! T }
      if let list = T.self as? TaggedDecodableList.Type { return try list.decodeList(TaggedMessage(bytes)) as! T }
      if T.self is any RawRepresentable.Type { break }
      return try T(from: TaggedSource(TaggedMessage(bytes)))
    }
    // A value that decodes itself from one value (an enum with a raw value).
    return try T(from: TaggedScalarSource(scalar))
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    let schema = schemaName(Key.self)
    guard let numbers = EventSchema.numbers(of: Key.self) else {
      throw TaggedCodecError.unnumbered(schema: schema, field: nil)
    }
    // A field this build does not know was written by a newer one: refuse the record, never drop it.
    let known = Set(numbers.values)
    if let unknown = message.fields.keys.sorted().first(where: { !known.contains($0) }) {
      throw TaggedCodecError.unknownField(schema: schema, number: unknown)
    }
    return KeyedDecodingContainer(TaggedKeyedSource<Key>(message: message, numbers: numbers, schema: schema))
  }

  func unkeyedContainer() throws -> UnkeyedDecodingContainer {
    throw TaggedCodecError.malformed("unkeyed containers are not supported")
  }

  func singleValueContainer() throws -> SingleValueDecodingContainer {
    throw TaggedCodecError.malformed("a message where a single value belongs")
  }
}

private struct TaggedKeyedSource<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let message: TaggedMessage
  let numbers: [String: Int]
  let schema: String
  var codingPath: [CodingKey] { [] }
  var allKeys: [Key] { numbers.compactMap { message.fields[$0.value] == nil ? nil : Key(stringValue: $0.key) } }

  func scalar(_ key: Key) throws -> TaggedScalar? {
    guard let n = numbers[key.stringValue] else {
      throw TaggedCodecError.unnumbered(schema: schema, field: key.stringValue)
    }
    return message.fields[n]?.last
  }

  // try? is safe: only whether the field is present matters here; reading it reports any error.
  func contains(_ key: Key) -> Bool { (try? scalar(key)) != nil }
  func decodeNil(forKey key: Key) throws -> Bool { try scalar(key) == nil }
  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
    guard let value = try scalar(key) else {
      // A list with no elements may be left out.
      if let list = T.self as? TaggedDecodableList.Type { return try list.decodeList(TaggedMessage([])) as! T }
      throw TaggedCodecError.missingField(schema: schema, field: key.stringValue)
    }
    return try TaggedSource.value(type, from: value)
  }
  func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
    guard let value = try scalar(key) else { return nil }
    return try TaggedSource.value(type, from: value)
  }
  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    throw TaggedCodecError.malformed("nested containers are not supported")
  }
  func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
    throw TaggedCodecError.malformed("unkeyed containers are not supported")
  }
  func superDecoder() throws -> Decoder { TaggedSource(message) }
  func superDecoder(forKey key: Key) throws -> Decoder { TaggedSource(message) }
}

/// The decoder a raw-value enum reads its one value from.
private struct TaggedScalarSource: Decoder, SingleValueDecodingContainer {
  let scalar: TaggedScalar
  var codingPath: [CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  init(_ scalar: TaggedScalar) { self.scalar = scalar }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    throw TaggedCodecError.malformed("a single value where a message belongs")
  }
  func unkeyedContainer() throws -> UnkeyedDecodingContainer {
    throw TaggedCodecError.malformed("unkeyed containers are not supported")
  }
  func singleValueContainer() throws -> SingleValueDecodingContainer { self }
  func decodeNil() -> Bool { false }
  func decode<T: Decodable>(_ type: T.Type) throws -> T { try TaggedSource.value(type, from: scalar) }
}
