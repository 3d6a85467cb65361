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

/// Whatever anyone tries, in any order, no act on a stage is recorded for someone unqualified for it
/// (guide ch. 1.1), nor for someone else's stage. The oracle below restates the rule independently.
@Suite struct QualificationPropertyTests {
  static let actors = ["wangli", "liuyang", "liqiang", "zhoupeng", "zhaomin", "oldcert", "sixdays", "newclerk"]

  /// The rule, restated from the guide and the issue, without the domain's code.
  static func mayAct(_ s: DomainState, _ login: String, _ template: StageTemplate, assignee: String?, on day: Day)
    -> Bool
  {
    guard let m = s.staff[login], m.active else { return false }
    let trained = m.training.filter { $0.on <= day }.reduce(0) { $0 + $1.days } >= 7
    let passed = m.training.contains { $0.passed && $0.on <= day }
    let supervisor = m.roles.contains(.supervisor)
    let role = m.roles.contains(template.role) || supervisor
    let certified =
      template.qualification.map { kind in m.certificates.contains { $0.kind == kind && $0.validUntil >= day } }
      ?? true
    let holds = assignee == login || supervisor || (assignee == nil && m.roles.contains(template.role))
    return trained && passed && role && certified && holds
  }

  /// The order and stage an event acts on, from the state before it.
  static func actedStage(_ s: DomainState, _ event: Event) -> (template: StageTemplate, assignee: String?)? {
    func current(_ number: String) -> (StageTemplate, String?)? {
      guard let o = s.orders[number], let t = s.template(of: o, stage: o.current) else { return nil }
      return (t, o.currentStage?.assignee)
    }
    switch event {
    case .orderReceived(let e):
      guard let t = s.standard(version: e.standardVersion)?.businessType(e.type)?.stages.first else { return nil }
      return (t, nil)
    case .checklistItemMarked(let e):
      guard let o = s.orders[e.number], let t = s.template(of: o, stage: e.stage) else { return nil }
      return (t, o.stages[e.stage].assignee)
    case .checklistItemCleared(let e):
      guard let o = s.orders[e.number], let t = s.template(of: o, stage: e.stage) else { return nil }
      return (t, o.stages[e.stage].assignee)
    case .surveyRecorded(let e): return current(e.number)
    case .contactRecorded(let e): return current(e.number)
    case .schemeRecorded(let e): return current(e.number)
    case .confirmationRecorded(let e): return current(e.number)
    case .milestonePlanned(let e): return current(e.number)
    case .milestoneReached(let e): return current(e.number)
    case .followUpRecorded(let e): return current(e.number)
    case .stageAdvanced(let e): return current(e.number)
    case .orderArchived(let e): return current(e.number)
    default: return nil
    }
  }

  static func step(_ h: inout Harness, _ c: Int, _ numbers: inout [String]) -> (any CommandBody)? {
    let pick: String? = numbers.isEmpty ? nil : numbers[(c / 7) % numbers.count]
    let order = pick.flatMap { h.state.orders[$0] }
    let template = order.flatMap { h.state.template(of: $0, stage: $0.current) }
    switch (c / QualificationPropertyTests.actors.count) % 12 {
    case 0, 1:
      var form = Harness.person
      let body = String(format: "11010519%02d1231%03d", 40 + c % 50, c % 7)
      form.idNumber = body + String(Validation.residentIDCheckCharacter(body)!)
      let type = h.state.standard(on: Day(containing: h.now)).businessTypes[c % 5 == 0 ? 0 : 1]
      return ReceiveOrder(newCustomer: form, type: type.id, channel: .counter, needs: "需求\(c)")
    case 2, 3:
      guard let pick, let items = template?.checklist, !items.isEmpty else { return nil }
      return MarkChecklistItem(number: pick, item: items[c % items.count].id)
    case 4:
      guard let pick else { return nil }
      return RecordSurvey(
        number: pick, started: h.now.addingTimeInterval(-3600), ended: h.now, findings: "f", hazards: "",
        instruments: ["M-0031"])
    case 5:
      guard let pick else { return nil }
      return AdvanceStage(number: pick)
    case 6:
      guard let pick else { return nil }
      return AssignStage(number: pick, assignee: QualificationPropertyTests.actors[(c / 3) % 8], reason: "调整")
    case 7:
      guard let pick else { return nil }
      return ConfirmAppointment(number: pick, appointment: h.nextServiceTime())
    case 8:
      guard let pick else { return nil }
      return RecordScheme(
        number: pick, plan: "p", advice: "", budget: [BudgetItem(name: "b", fen: 1)],
        timetable: [TimetableEntry(step: "s", due: Day(containing: h.now).adding(days: 2))])
    case 9:
      guard let pick else { return nil }
      return c % 2 == 0
        ? RecordConfirmation(number: pick, accepted: true, comment: "同意")
        : PlanMilestone(number: pick, title: "t", planned: Day(containing: h.now))
    case 10:
      guard let pick else { return nil }
      return c % 2 == 0
        ? ReachMilestone(number: pick, id: 1, note: "")
        : RecordFollowUp(number: pick, method: .phone, score: 4, comment: "")
    default:
      guard let pick else { return nil }
      return c % 2 == 0 ? ArchiveOrder(number: pick) : ClearChecklistItem(number: pick, item: "verify-identity")
    }
  }

  @Test func noActIsRecordedForSomeoneUnqualified() async throws {
    let hall = try ActingRulesTests.hall()
    await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000).array(of: 1...60)) { choices in
      var h = hall
      var numbers: [String] = []
      for c in choices {
        let actor = QualificationPropertyTests.actors[c % QualificationPropertyTests.actors.count]
        guard let body = QualificationPropertyTests.step(&h, c, &numbers) else { continue }
        let before = h.state
        let day = Day(containing: h.now)
        guard let events = try? h.run(body, as: actor) else { continue }
        for event in events {
          if case .orderReceived(let e) = event { numbers.append(e.number) }
          guard let (template, assignee) = QualificationPropertyTests.actedStage(before, event) else { continue }
          let assigned = event.type == "order-received" ? actor : assignee
          let ok = QualificationPropertyTests.mayAct(before, actor, template, assignee: assigned, on: day)
          #expect(ok, "\(actor) recorded \(event.type) on \(template.name.en)")
        }
        h.advance(hours: Double(c % 3))
      }
    }
  }
}
