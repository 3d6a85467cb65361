import Foundation

/// Decodes what `BinaryEncoder` wrote. Any malformed input throws; it never traps.
public struct BinaryDecoder {
  /// Applied to every string read (`Event.masked` masks free text with it); nil: strings as stored.
  var stringTransform: ((String) -> String)?

  public init() {}

  public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
    let source = BinarySource(bytes)
    source.stringTransform = stringTransform
    let value = try source.decodeValue(type)
    guard source.index == bytes.count else { throw source.failure("trailing bytes") }
    return value
  }
}

protocol BinaryDecodableArray {
  static func decodeCounted(from source: BinarySource) throws -> Self
}

extension Array: BinaryDecodableArray where Element: Decodable {
  static func decodeCounted(from source: BinarySource) throws -> [Element] {
    let count = try source.readCount()
    var result: [Element] = []
    result.reserveCapacity(count)
    for _ in 0..<count { result.append(try source.decodeValue(Element.self)) }
    return result
  }
}

protocol BinaryDecodableOptional {
  static func decodeFlagged(from source: BinarySource) throws -> Self
}

extension Optional: BinaryDecodableOptional where Wrapped: Decodable {
  static func decodeFlagged(from source: BinarySource) throws -> Wrapped? {
    try source.readBool() ? try source.decodeValue(Wrapped.self) : nil
  }
}

final class BinarySource: Decoder {
  let bytes: [UInt8]
  var index = 0
  var codingPath: [CodingKey] = []
  var userInfo: [CodingUserInfoKey: Any] = [:]
  var stringTransform: ((String) -> String)?

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  func failure(_ what: String) -> DecodingError {
    DecodingError.dataCorrupted(
      .init(codingPath: codingPath, debugDescription: "binary payload: \(what) at byte \(index)"))
  }

  /// Reads with the shared primitives of `FastReader` (OrderCodec.swift), from `index` on.
  func read<T>(_ body: (inout FastReader) throws -> T) throws -> T {
    try bytes.withUnsafeBufferPointer { buffer in
      var reader = FastReader(buffer, at: index)
      let value = try body(&reader)
      index = reader.index
      return value
    }
  }

  func readVarint() throws -> UInt64 { try read { try $0.varint() } }
  func readSigned() throws -> Int64 { try read { try $0.signed() } }
  func readCount() throws -> Int { try read { try $0.count() } }
  func readBool() throws -> Bool { try read { try $0.bool() } }
  func readString() throws -> String {
    let s = try read { try $0.string() }
    return stringTransform.map { $0(s) } ?? s
  }
  func readDouble() throws -> Double { try read { try $0.double() } }
  func readInt() throws -> Int { try read { try $0.int() } }

  func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
    if T.self == String.self { return try readString() as! T }
    if T.self == [TimelineEntry].self { return try read { try $0.timeline() } as! T }
    if T.self == Int.self { return try readInt() as! T }
    if T.self == Bool.self { return try readBool() as! T }
    if T.self == Date.self { return try read { try $0.date() } as! T }
    if T.self == Day.self { return try read { try $0.day() } as! T }
    if T.self == Double.self { return try readDouble() as! T }
    if T.self == Int64.self { return try readSigned() as! T }
    if T.self == UInt64.self { return try readVarint() as! T }
    if T.self == Int32.self {
      guard let v = Int32(exactly: try readSigned()) else { throw failure("integer out of range") }
      return v as! T
    }
    if T.self == UInt32.self {
      guard let v = UInt32(exactly: try readVarint()) else { throw failure("integer out of range") }
      return v as! T
    }
    if T.self == UInt8.self {
      guard let v = UInt8(exactly: try readVarint()) else { throw failure("integer out of range") }
      return v as! T
    }
    if T.self == [UInt8].self {
      let n = try readCount()
      defer { index += n }
      return Array(bytes[index..<index + n]) as! T
    }
    if let array = T.self as? BinaryDecodableArray.Type { return try array.decodeCounted(from: self) as! T }
    if let optional = T.self as? BinaryDecodableOptional.Type { return try optional.decodeFlagged(from: self) as! T }
    return try T(from: self)
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    KeyedDecodingContainer(KeyedSource<Key>(source: self))
  }

  func unkeyedContainer() throws -> UnkeyedDecodingContainer {
    throw failure("unkeyed containers are not supported")
  }

  func singleValueContainer() throws -> SingleValueDecodingContainer { SingleSource(source: self) }
}

private struct KeyedSource<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let source: BinarySource
  var codingPath: [CodingKey] { source.codingPath }
  // Positional: every key is taken to be present; a layout never changes once shipped.
  var allKeys: [Key] { [] }
  func contains(_ key: Key) -> Bool { true }

  func decodeNil(forKey key: Key) throws -> Bool { try !source.readBool() }
  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try source.decodeValue(type) }
  func decode(_ type: String.Type, forKey key: Key) throws -> String { try source.readString() }
  func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try source.readInt() }
  func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try source.readBool() }
  func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try source.readDouble() }
  // An optional field added to the end of an event after it shipped is absent from older records:
  // a payload that ends where such a field would begin decodes it as nil (docs/store-format.md).
  func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
    if source.index == source.bytes.count { return nil }
    return try source.readBool() ? try source.decodeValue(type) : nil
  }
  func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
    if source.index == source.bytes.count { return nil }
    return try source.readBool() ? try source.readString() : nil
  }
  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    KeyedDecodingContainer(KeyedSource<NestedKey>(source: source))
  }
  func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
    throw source.failure("unkeyed containers are not supported")
  }
  func superDecoder() throws -> Decoder { source }
  func superDecoder(forKey key: Key) throws -> Decoder { source }
}

private struct SingleSource: SingleValueDecodingContainer {
  let source: BinarySource
  var codingPath: [CodingKey] { source.codingPath }
  func decodeNil() -> Bool {
    // Optionals are handled by BinaryDecodableOptional before reaching here.
    false
  }
  func decode<T: Decodable>(_ type: T.Type) throws -> T { try source.decodeValue(type) }
  func decode(_ type: String.Type) throws -> String { try source.readString() }
  func decode(_ type: Int.Type) throws -> Int { try source.readInt() }
  func decode(_ type: Bool.Type) throws -> Bool { try source.readBool() }
  func decode(_ type: Double.Type) throws -> Double { try source.readDouble() }
}
