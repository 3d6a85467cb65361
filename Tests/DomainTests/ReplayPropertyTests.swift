import Foundation
import PropertyBased
import Testing

@testable import Domain

/// Any sequence of accepted commands, replayed from its events (through the binary codec, as from
/// the log), gives the same projections as incremental apply.
@Suite struct ReplayPropertyTests {
  /// One step a random clerk, crew or supervisor might take; refusals are part of the game.
  static func step(_ h: inout Harness, _ choice: Int, _ numbers: inout [String]) {
    let pick: String? = numbers.isEmpty ? nil : numbers[choice % numbers.count]
    switch choice % 8 {
    case 0, 1:
      var form = Harness.person
      // A different valid identity per step, sometimes the same person again.
      let body = String(format: "11010519%02d1231%03d", 40 + choice % 50, choice % 7)
      form.idNumber = body + String(Validation.residentIDCheckCharacter(body)!)
      if let n = try? h.receive(customer: form) { numbers.append(n) }
    case 2, 3, 4:
      if let pick { try? h.completeCurrentStage(pick) }
    case 5:
      if let pick { _ = try? h.run(SuspendOrder(number: pick, reason: "客户原因"), as: "wangli") }
    case 6:
      if let pick { _ = try? h.run(ResumeOrder(number: pick, note: "恢复"), as: "wangli") }
    default:
      if let pick { _ = try? h.run(ReceiveFeedback(number: pick, text: "反馈\(choice)"), as: "wangli") }
    }
    h.advance(hours: Double(choice % 5))
  }

  @Test func replayEqualsIncrementalApply() async throws {
    let hall = try Harness.hall()
    await propertyCheck(count: 40, input: Gen.int(in: 0...10_000).array(of: 1...40)) { choices in
      var h = hall
      var numbers: [String] = []
      for c in choices { ReplayPropertyTests.step(&h, c, &numbers) }
      var replayed = DomainState()
      for (event, meta) in h.log {
        let decoded = try! Event(type: event.type, payload: try! event.payload())
        replayed.apply(decoded, meta)
      }
      #expect(replayed.orders == h.state.orders)
      #expect(replayed.customers == h.state.customers)
      #expect(replayed.staff == h.state.staff)
      #expect(replayed.problems == h.state.problems)
      #expect(replayed.equipment == h.state.equipment)
      #expect(replayed.seq == h.state.seq)
      let fromSnapshot = try! DomainState(snapshot: try! h.state.snapshotBytes())
      #expect(fromSnapshot.orders == h.state.orders)
      // A snapshot taken part-way, with the rest applied on top of its still-encoded orders, agrees.
      let split = hall.log.count + (h.log.count - hall.log.count) / 2
      var early = DomainState()
      for (event, meta) in h.log[..<split] { early.apply(event, meta) }
      var resumed = try! DomainState(snapshot: try! early.snapshotBytes())
      for (event, meta) in h.log[split...] { resumed.apply(event, meta) }
      resumed.checkInvariants()
      #expect(resumed.orders == h.state.orders)
      #expect(
        resumed.queue(QueueQuery(), viewer: nil, now: h.now) == h.state.queue(QueueQuery(), viewer: nil, now: h.now))
      // The hand-written snapshot codecs write exactly what the generic encoder writes.
      let orders = Array(h.state.orders.values)
      #expect(Order.encodeArray(orders) == (try! BinaryEncoder().encode(orders)))
      let customers = Array(h.state.customers.values)
      #expect(Customer.encodeArray(customers) == (try! BinaryEncoder().encode(customers)))
    }
  }
}
