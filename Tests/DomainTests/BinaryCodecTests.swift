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

/// The hand-written order and customer codecs of snapshots (OrderCodec.swift) against the generic path.
@Suite struct SnapshotCodecTests {
  static let t = Date(timeIntervalSince1970: 1_764_400_000.5)

  /// An order with every optional part present and every list non-empty.
  static let full: Order = {
    var stage = StageRecord(kind: .survey)
    stage.assignee = "liqiang"
    stage.started = t
    stage.completed = t.addingTimeInterval(60)
    stage.marks = [
      CheckMark(item: "id", by: "wangli", at: t, notApplicable: nil),
      CheckMark(item: "site", by: "wangli", at: t, notApplicable: "无需 N/A"),
    ]
    return Order(
      number: "GD20261127-0001", customer: "0101000001", type: "lv-new", standardVersion: 1, channel: .app,
      needs: "新装 10 kVA", appointment: t, appointmentConfirmed: nil, received: t, receivedBy: "wangli",
      priority: true, stages: [stage, StageRecord(kind: .scheme)], current: 1,
      suspensions: [OrderSuspension(from: t, to: t.addingTimeInterval(5), reason: "等资料", by: "wangli")],
      archived: nil,
      survey: SurveyRecord(
        started: t, ended: t, findings: "良好", hazards: "无", instruments: ["M-0031"], by: "liqiang", at: t),
      scheme: Scheme(
        plan: "接入", advice: "—", budget: [BudgetItem(name: "电缆", fen: -1_234_567_890_123)],
        timetable: [TimetableEntry(step: "施工", due: Day(2026, 12, 1))], by: "zhaomin", at: t),
      rounds: [ConfirmationRound(round: 1, accepted: false, comment: "再议", by: "wangli", at: t)],
      milestones: [Milestone(id: 1, title: "开工", planned: Day(2026, 12, 2), reached: t, note: "")],
      feedback: [FeedbackItem(id: 1, text: "慢", received: t, handled: t, response: "已处理")],
      followUp: FollowUp(method: .visit, score: 4, comment: "满意", by: "wangli", at: t),
      problems: ["P-1"],
      timeline: [
        TimelineEntry(seq: 1, at: t, by: "wangli", type: "order-received", note: "受理"),
        TimelineEntry(seq: 300, at: t, by: "x", type: "a-type-from-the-future", note: ""),
      ])
  }()

  static let customer: Customer = {
    var c = Customer(
      account: "0101000001", name: "张三明", kind: .organisation, idKind: .creditCode, idNumber: "91350100M000100Y43",
      phone: "13812345678", address: "城东区", useCategory: .commercial, voltage: "10kV", capacityKVA: 315.5,
      meters: ["E1", "E2"], lastVerified: Day(2026, 1, 2), created: t)
    c.idOverride = "supervisor override"
    c.orders = ["GD20261127-0001"]
    return c
  }()

  @Test func ordersMatchTheGenericEncoding() throws {
    let orders = [SnapshotCodecTests.full, SnapshotCodecTests.full]
    let generic = try BinaryEncoder().encode(orders)
    #expect(Order.encodeArray(orders) == generic)
    #expect(try Order.decodeArray(generic) == orders)
  }

  @Test func customersMatchTheGenericEncoding() throws {
    let customers = [SnapshotCodecTests.customer]
    let generic = try BinaryEncoder().encode(customers)
    #expect(Customer.encodeArray(customers) == generic)
    #expect(try Customer.decodeArray(generic) == customers)
  }

  @Test func truncatedOrGarbledInputThrows() throws {
    let bytes = Order.encodeArray([SnapshotCodecTests.full])
    for n in 0..<bytes.count {
      #expect(throws: (any Error).self) { try Order.decodeArray(Array(bytes[0..<n])) }
    }
    var rng = SplitMix(seed: 11)
    for _ in 0..<2000 {
      var garbled = bytes
      garbled[Int(rng.next() % UInt64(garbled.count))] = UInt8(truncatingIfNeeded: rng.next())
      _ = try? Order.decodeArray(garbled)
      _ = try? Customer.decodeArray(garbled)
    }
  }
}
