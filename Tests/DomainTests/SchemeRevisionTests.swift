import Foundation
import Testing

@testable import Domain

/// Issue 14 items 9 and 10: a rejected scheme is revised into a new version for the next round, the
/// accepted round names the version (and so the budget) on file; the survey ticks the calibrated-instruments
/// item; the accepted timetable becomes the execution's milestones.
@Suite struct SchemeRevisionTests {
  /// An order at the confirmation stage, its scheme (version 1, 500 yuan) recorded by the supervisor.
  static func atConfirmation() throws -> (Harness, String) {
    var h = try Harness.hall()
    let number = try h.receive()
    for _ in 0..<3 { try h.completeCurrentStage(number) }  // intake, survey, scheme
    #expect(h.state.orders[number]?.currentKind == .confirmation)
    return (h, number)
  }

  static func revision(_ number: String, fen: Int64 = 30_000, note: String = "按客户意见利旧表箱") -> ReviseScheme {
    ReviseScheme(
      number: number, plan: "低压接入, 利旧表箱", advice: "", budget: [BudgetItem(name: "材料费", fen: fen)],
      timetable: [
        TimetableEntry(step: "材料到位", due: Day(2026, 11, 26)), TimetableEntry(step: "装表接电", due: Day(2026, 11, 27)),
      ], note: note)
  }

  func code(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch let error as DomainError {
      return error.code.rawValue
    } catch {
      return "\(error)"
    }
  }

  @Test func aRejectedSchemeIsRevisedIntoTheNextVersion() throws {
    var (h, number) = try Self.atConfirmation()
    // Nothing to revise before the customer has said no.
    #expect(code { try h.run(Self.revision(number), as: "zhaomin") } == "scheme.revise-not-rejected")
    try h.run(RecordConfirmation(number: number, accepted: false, comment: "希望降低材料费"), as: "wangli")
    #expect(h.state.orders[number]?.rounds.last?.schemeVersion == 1)
    // The note says what changed; it is required.
    #expect(code { try h.run(Self.revision(number, note: "  "), as: "zhaomin") } == "field.required")
    let events = try h.run(Self.revision(number), as: "zhaomin")
    guard case .schemeRevised(let e) = try #require(events.first) else {
      Issue.record("not a scheme-revised event: \(events)")
      return
    }
    #expect(e.version == 2)
    let order = try #require(h.state.orders[number])
    #expect(order.scheme?.version == 2)
    #expect(order.scheme?.totalFen == 30_000)
    #expect(order.scheme?.note == "按客户意见利旧表箱")
    #expect(order.earlierSchemes.map(\.version) == [1])
    #expect(order.earlierSchemes.first?.totalFen == 50_000)
    #expect(order.timeline.last?.type == "scheme-revised")
    // One revision per rejection: the new version waits for the customer's answer.
    #expect(code { try h.run(Self.revision(number), as: "zhaomin") } == "scheme.revise-not-rejected")
  }

  @Test func theAcceptedRoundNamesTheVersionAndItsBudgetIsOnFile() throws {
    var (h, number) = try Self.atConfirmation()
    try h.run(RecordConfirmation(number: number, accepted: false, comment: "太贵"), as: "wangli")
    try h.run(Self.revision(number, fen: 42_000), as: "zhaomin")
    // An answer for the version the clerk was shown before the revision is refused.
    #expect(
      code {
        try h.run(RecordConfirmation(number: number, accepted: true, comment: "", schemeVersion: 1), as: "wangli")
      }
        == "confirmation.scheme-version")
    try h.run(RecordConfirmation(number: number, accepted: true, comment: "同意", schemeVersion: 2), as: "wangli")
    let order = try #require(h.state.orders[number])
    #expect(order.rounds.map(\.schemeVersion) == [1, 2])
    #expect(order.acceptedScheme?.version == 2)
    #expect(order.acceptedScheme?.totalFen == 42_000)
    #expect(order.scheme == order.acceptedScheme)
    // Accepted: no more revisions.
    #expect(code { try h.run(Self.revision(number), as: "zhaomin") } == "scheme.accepted")
  }

  @Test func onlyTheSchemesDesignerOrASupervisorRevises() throws {
    var (h, number) = try Self.atConfirmation()
    try h.run(RecordConfirmation(number: number, accepted: false, comment: "太贵"), as: "wangli")
    // The clerk holding the confirmation stage has no role to design a scheme.
    #expect(code { try h.run(Self.revision(number), as: "wangli") } == "auth.role")
    // A field worker may not take over a scheme stage held by the supervisor.
    #expect(code { try h.run(Self.revision(number), as: "liqiang") } == "order.not-yours")
    #expect(
      h.state.refusal(h.state.staff["liqiang"]!, .reviseScheme, on: h.state.orders[number]!, on: Day(2026, 11, 23))
        != nil)
    try h.run(Self.revision(number), as: "zhaomin")
  }

  @Test func notAtOtherStages() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    #expect(code { try h.run(Self.revision(number), as: "zhaomin") } == "scheme.revise-stage")
  }

  @Test func revisionsReplayAndSnapshotToTheSameState() throws {
    var (h, number) = try Self.atConfirmation()
    try h.run(RecordConfirmation(number: number, accepted: false, comment: "太贵"), as: "wangli")
    try h.run(Self.revision(number), as: "zhaomin")
    try h.run(RecordConfirmation(number: number, accepted: true, comment: "同意"), as: "wangli")
    var replayed = DomainState()
    for (event, meta) in h.log {
      let decoded = try Event(type: event.type, payload: try event.payload())
      #expect(decoded == event)
      replayed.apply(decoded, meta)
    }
    #expect(replayed.orders[number] == h.state.orders[number])
    let restored = try DomainState(snapshot: try h.state.snapshotBytes())
    #expect(restored.orders[number] == h.state.orders[number])
    let orders = Array(h.state.orders.values)
    #expect(Order.encodeArray(orders) == (try BinaryEncoder().encode(orders)))
  }

  @Test func applyReadsARevision() throws {
    let line = #"""
      {"command":"revise-scheme","number":"GD1","plan":"p","advice":"","budget":[{"name":"b","fen":1}],"timetable":[{"step":"s","due":"2026-12-08"}],"note":"n"}
      """#
    let command = try Command.decode(json: Data(line.utf8))
    let body = try #require(command.body as? ReviseScheme)
    #expect(body.timetable.first?.due == Day(2026, 12, 8))
    #expect(body.note == "n")
  }
}

@Suite struct NoDoubleEntryTests {
  @Test func theSurveyTicksTheCalibratedInstrumentsItem() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    try h.completeCurrentStage(number)  // intake
    try h.run(AssignStage(number: number, assignee: "liqiang"), as: "zhaomin")
    let item = DomainState.calibratedInstrumentsItem
    #expect(h.state.orders[number]?.currentStage?.mark(item) == nil)
    try h.run(
      RecordSurvey(
        number: number, started: h.now.addingTimeInterval(-3600), ended: h.now, findings: "具备条件", hazards: "",
        instruments: ["M-0031"]), as: "liqiang")
    let mark = try #require(h.state.orders[number]?.currentStage?.mark(item))
    #expect(mark.by == "liqiang")
    #expect(mark.notApplicable == nil)
    // A survey recorded again does not tick it twice.
    let again = try h.run(
      RecordSurvey(
        number: number, started: h.now.addingTimeInterval(-3600), ended: h.now, findings: "复核", hazards: "",
        instruments: ["M-0031"]), as: "liqiang")
    #expect(again.count == 1)
  }

  @Test func theAcceptedTimetableBecomesTheExecutionsMilestones() throws {
    var (h, number) = try SchemeRevisionTests.atConfirmation()
    try h.run(RecordConfirmation(number: number, accepted: false, comment: "太贵"), as: "wangli")
    try h.run(SchemeRevisionTests.revision(number), as: "zhaomin")
    try h.run(RecordConfirmation(number: number, accepted: true, comment: "同意"), as: "wangli")
    for item in h.state.template(of: h.state.orders[number]!, stage: h.state.orders[number]!.current)!.checklist {
      try h.run(MarkChecklistItem(number: number, item: item.id), as: "wangli")
    }
    try h.run(AdvanceStage(number: number), as: "wangli")
    let order = try #require(h.state.orders[number])
    #expect(order.currentKind == .execution)
    // Version 2's timetable, not version 1's.
    #expect(order.milestones.map(\.title) == ["材料到位", "装表接电"])
    #expect(order.milestones.map(\.planned) == [Day(2026, 11, 26), Day(2026, 11, 27)])
    #expect(order.milestones.allSatisfy { $0.reached == nil })
  }

  @Test func aStepAfterTheExecutionDeadlineSaysSo() throws {
    var (h, number) = try SchemeRevisionTests.atConfirmation()
    try h.run(RecordConfirmation(number: number, accepted: false, comment: "晚点装"), as: "wangli")
    var late = SchemeRevisionTests.revision(number)
    late.timetable = [TimetableEntry(step: "装表接电", due: Day(2027, 3, 1))]
    try h.run(late, as: "zhaomin")
    try h.run(RecordConfirmation(number: number, accepted: true, comment: "同意"), as: "wangli")
    for item in h.state.template(of: h.state.orders[number]!, stage: h.state.orders[number]!.current)!.checklist {
      try h.run(MarkChecklistItem(number: number, item: item.id), as: "wangli")
    }
    let events = try h.run(AdvanceStage(number: number), as: "wangli")
    let planned = events.compactMap { event -> MilestonePlanned? in
      if case .milestonePlanned(let e) = event { return e }
      return nil
    }
    #expect(planned.count == 1)
    #expect(planned.first?.reason?.contains("晚于执行时限") == true)
  }

  @Test func nothingIsPlannedWithoutAScheme() throws {
    var h = try Harness.hall()
    let types = h.state.standard(on: Day(containing: h.now)).businessTypes
    let repair = try #require(
      types.first { t in t.stages.contains { $0.kind == .execution } && !t.stages.contains { $0.kind == .scheme } })
    let number = try h.receive(type: repair)
    while let order = h.state.orders[number], order.currentKind != .execution, !order.isArchived {
      try h.completeCurrentStage(number)
    }
    #expect(h.state.orders[number]?.milestones.isEmpty == true)
  }
}

/// Issue 14 item 17: an organisation's usual use category; a credit code failing its check digit is first
/// checked by the clerk, and only a code confirmed as printed goes to a supervisor's override.
@Suite struct CustomerCategoryAndCreditCodeTests {
  static let org = CustomerForm(
    name: "城东商贸有限公司", kind: .organisation, idKind: .creditCode, idNumber: "91350100M0001TGQXM",
    phone: "0571-87654321", address: "城东区人民路8号", useCategory: .commercial, voltage: "380V", capacityKVA: 50)

  @Test func usualCategories() {
    #expect(CustomerKind.individual.usualUseCategory == .residential)
    #expect(CustomerKind.organisation.usualUseCategory == .commercial)
  }

  @Test func theClerkChecksTheCodeFirstThenTheSupervisorOverrides() throws {
    var h = try Harness.hall()
    var org = Self.org
    // First: check the code against the licence (a field error on the code, for anyone).
    for login in ["wangli", "zhaomin"] {
      do {
        try h.run(RegisterCustomer(customer: org), as: login)
        Issue.record("accepted a code failing its check digit")
      } catch {
        #expect(error.code.rawValue == "id.credit-code-check")
        #expect(error.message.zh.contains("核对"))
      }
    }
    #expect(CustomerForm.creditCodeRefusal(org.idNumber, asPrinted: false)?.code.rawValue == "id.credit-code-check")
    #expect(CustomerForm.creditCodeRefusal(org.idNumber, asPrinted: true) == nil)
    #expect(CustomerForm.creditCodeRefusal("91110000600037341L", asPrinted: false) == nil)
    // Then: as printed, it needs a supervisor's reason.
    org.codeAsPrinted = true
    #expect(throws: DomainError.creditCodeNeedsOverride("91350100M0001TGQXM")) {
      try h.run(RegisterCustomer(customer: org), as: "zhaomin")
    }
    org.overrideReason = "早期试点代码, 已核营业执照"
    #expect(throws: DomainError.overrideNeedsSupervisor) { try h.run(RegisterCustomer(customer: org), as: "wangli") }
    try h.run(RegisterCustomer(customer: org), as: "zhaomin")
    #expect(h.state.customers.values.first?.idOverride == "早期试点代码, 已核营业执照")
  }
}

/// Issue 14 item 11: the daily check is all ready only with a current backup; unusable equipment is never
/// reported ready.
@Suite struct ReadinessRuleTests {
  func check(day: Day, backup: String) -> ReadinessCheck {
    ReadinessCheck(
      login: "wangli", day: day, equipmentOK: true, networkOK: true, loginRightsOK: true, backup: backup, note: "",
      at: day.start)
  }

  @Test func allReadyNeedsABackupSinceThePreviousWorkingDay() {
    let calendar = DomainState().calendar
    let monday = Day(2026, 11, 23)
    #expect(!check(day: monday, backup: ReadinessCheck.neverBackedUp).allReady(calendar: calendar))
    #expect(check(day: monday, backup: ReadinessCheck.neverBackedUp).allOK)
    let friday = ReadinessCheck.backupText(time: Day(2026, 11, 20).start.addingTimeInterval(22 * 3600), head: "9:ab")
    #expect(friday == "2026-11-20 22:00 9:ab")
    #expect(check(day: monday, backup: friday).allReady(calendar: calendar))
    let thursday = ReadinessCheck.backupText(time: Day(2026, 11, 19).start.addingTimeInterval(3600), head: "9:ab")
    #expect(!check(day: monday, backup: thursday).allReady(calendar: calendar))
    #expect(!check(day: monday, backup: "").allReady(calendar: calendar))
  }

  @Test func unusableEquipmentIsNeverReportedReady() throws {
    var h = try Harness.hall()  // M-0033 out of tolerance, M-0035 overdue
    do {
      try h.run(
        RecordReadiness(equipmentOK: true, networkOK: true, loginRightsOK: true, backup: "never", note: ""),
        as: "wangli")
      Issue.record("unusable equipment reported ready")
    } catch {
      #expect(error.code.rawValue == "readiness.equipment")
      #expect(error.message.zh.contains("M-0035"))
      #expect(error.message.en.contains("M-0033"))
    }
    try h.run(
      RecordReadiness(equipmentOK: false, networkOK: true, loginRightsOK: true, backup: "never", note: "M-0035 已送检"),
      as: "wangli")
    let recorded = try #require(h.state.readiness(login: "wangli", day: Day(containing: h.now)))
    #expect(!recorded.allReady(calendar: h.state.calendar))
  }
}
