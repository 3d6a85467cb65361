import Foundation
import Testing

@testable import Domain

@Suite struct BinaryCodecTests {
  struct Sample: Codable, Equatable {
    var text: String
    var number: Int
    var big: Int64
    var flag: Bool
    var ratio: Double
    var when: Date
    var maybe: String?
    var maybeNot: Int?
    var list: [String]
    var nested: [Inner]
    var day: Day
    var role: Role
  }

  struct Inner: Codable, Equatable {
    var a: UInt64
    var b: [Int?]
  }

  let sample = Sample(
    text: "张三 ＡＢＣ", number: -42, big: Int64.max, flag: true, ratio: 0.125,
    when: Date(timeIntervalSince1970: 1_764_400_000.123), maybe: "有", maybeNot: nil, list: ["", "x", "中文"],
    nested: [Inner(a: 300, b: [1, nil, -3])], day: Day(2026, 2, 15), role: .supervisor)

  @Test func roundTrips() throws {
    let bytes = try BinaryEncoder().encode(sample)
    let back = try BinaryDecoder().decode(Sample.self, from: bytes)
    #expect(back == sample)
  }

  @Test func isCompact() throws {
    let bytes = try BinaryEncoder().encode(Inner(a: 1, b: []))
    #expect(bytes == [1, 0])
  }

  @Test func truncatedInputThrowsAtEveryLength() throws {
    let bytes = try BinaryEncoder().encode(sample)
    for n in 0..<bytes.count {
      #expect(throws: (any Error).self) { try BinaryDecoder().decode(Sample.self, from: Array(bytes[0..<n])) }
    }
  }

  @Test func garbageNeverTraps() throws {
    var rng = SplitMix(seed: 7)
    for _ in 0..<2000 {
      let n = Int(rng.next() % 64)
      let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
      _ = try? BinaryDecoder().decode(Sample.self, from: bytes)
    }
  }

  @Test func trailingBytesAreRejected() throws {
    var bytes = try BinaryEncoder().encode(Inner(a: 1, b: []))
    bytes.append(0)
    #expect(throws: (any Error).self) { try BinaryDecoder().decode(Inner.self, from: bytes) }
  }
}

/// A small deterministic generator for tests.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
