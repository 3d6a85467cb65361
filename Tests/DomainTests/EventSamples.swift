import Foundation

@testable import Domain

/// One event of every registered type, with every field present (optionals too) and values that differ
/// from field to field, made by `Fabricator` from the payload types themselves: a type added to the
/// registry gets its sample without anyone writing one.
enum EventSamples {
  static func all() throws -> [Event] {
    try Event.registry.enumerated().map { index, row in
      let payload = try row.payload.init(from: Fabricator(seed: index * 1_000))
      return try Event(type: row.name, payload: BinaryEncoder().encode(payload))
    }
  }
}

/// A `Decoder` that invents a value of any `Decodable` type: every key present, arrays of two, enums
/// cycling through their cases, numbers and texts counting up.
final class Fabricator: Decoder {
  var counter: Int
  var codingPath: [CodingKey] = []
  var userInfo: [CodingUserInfoKey: Any] = [:]

  init(seed: Int) { counter = seed }

  func make<T: Decodable>(_ type: T.Type) throws -> T {
    counter += 1
    let n = counter
    if let cases = T.self as? any CaseIterable.Type { return pick(cases, n) as! T }
    switch T.self {
    case is String.Type: return "文本\(n) text" as! T
    case is Int.Type: return n as! T
    case is Int64.Type: return Int64(n) * 1_000_003 as! T
    case is UInt64.Type: return UInt64(n) * 7 as! T
    case is Bool.Type: return (n % 2 == 1) as! T
    case is Double.Type: return (Double(n) + 0.25) as! T
    case is Date.Type: return Date(timeIntervalSince1970: 1_764_000_000 + Double(n) * 61.5) as! T
    case is Day.Type: return Day(daysSinceEpoch: 20_000 + n) as! T
    default: return try T(from: self)
    }
  }

  private func pick<C: CaseIterable>(_ type: C.Type, _ n: Int) -> Any {
    let all = Array(C.allCases)
    return all[n % all.count]
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    KeyedDecodingContainer(Keyed<Key>(fabricator: self))
  }
  func unkeyedContainer() throws -> UnkeyedDecodingContainer { Unkeyed(fabricator: self) }
  func singleValueContainer() throws -> SingleValueDecodingContainer { Single(fabricator: self) }

  private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let fabricator: Fabricator
    var codingPath: [CodingKey] { [] }
    var allKeys: [Key] { [] }
    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try fabricator.make(type) }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
      -> KeyedDecodingContainer<NestedKey>
    { try fabricator.container(keyedBy: type) }
    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer { Unkeyed(fabricator: fabricator) }
    func superDecoder() throws -> Decoder { fabricator }
    func superDecoder(forKey key: Key) throws -> Decoder { fabricator }
  }

  private struct Unkeyed: UnkeyedDecodingContainer {
    let fabricator: Fabricator
    var codingPath: [CodingKey] { [] }
    var count: Int? { 2 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= 2 }
    init(fabricator: Fabricator) { self.fabricator = fabricator }
    mutating func decodeNil() throws -> Bool { false }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
      currentIndex += 1
      return try fabricator.make(type)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
      -> KeyedDecodingContainer<NestedKey>
    {
      currentIndex += 1
      return try fabricator.container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
      currentIndex += 1
      return Unkeyed(fabricator: fabricator)
    }
    mutating func superDecoder() throws -> Decoder { fabricator }
  }

  private struct Single: SingleValueDecodingContainer {
    let fabricator: Fabricator
    var codingPath: [CodingKey] { [] }
    func decodeNil() -> Bool { false }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try fabricator.make(type) }
  }
}
