import Foundation
import Testing

@testable import Domain

@Suite struct StandardTests {
  let standard = Standard.defaultV1

  @Test func bundledStandardLoadsAndValidates() throws {
    #expect(standard.version == 1)
    #expect(standard.effective == Day(2026, 1, 1))
    try standard.validate()
    #expect(standard.certificateKinds.map(\.id) == ["marketing", "safety", "electrician"])
  }

  @Test func shipsTheBusinessTypesOfTheDesign() {
    let ids = Set(standard.businessTypes.map(\.id))
    for id in [
      "new-low-resident", "new-low-nonresident", "new-high-single", "new-high-dual", "increase-low", "increase-high",
      "reduce", "suspend", "transfer", "rename", "change-category", "close-account", "repair-urban", "inquiry",
      "complaint", "suggestion", "praise",
    ] {
      #expect(ids.contains(id), "\(id)")
    }
    #expect(standard.businessType("new-low-resident")?.name == Localized("新装", "New connection"))
    #expect(standard.businessType("new-low-resident")?.short.zh == "新装 居民")
    #expect(standard.businessType("nonexistent") == nil)
  }

  @Test func everyTypeStartsWithIntakeAndKeepsTheOrder() {
    for type in standard.businessTypes {
      #expect(type.stages.first?.kind == .intake, "\(type.id)")
      #expect(type.stages.map(\.kind) == type.stages.map(\.kind).sorted(), "\(type.id)")
      #expect(Set(type.stages.map(\.kind)).count == type.stages.count, "\(type.id)")
    }
  }

  @Test func newConnectionLimitsMatchDomainFacts() {
    let expected: [(String, Int, Int)] = [
      ("new-low-resident", 3, 5), ("new-low-nonresident", 7, 6), ("new-high-single", 15, 22), ("new-high-dual", 30, 32),
    ]
    for (id, scheme, total) in expected {
      let type = standard.businessType(id)
      #expect(type?.stage(.scheme)?.limit == .workingDays(scheme), "\(id)")
      #expect(type?.stage(.scheme)?.clockStart == .orderReceived, "\(id)")
      #expect(type?.totalLimit == .workingDays(total), "\(id)")
      #expect(type?.stage(.execution)?.limit == .workingDays(5), "\(id)")
      #expect(type?.stage(.execution)?.qualification == "electrician", "\(id)")
    }
    let resident = standard.businessType("new-low-resident")!
    #expect(resident.stages.map(\.kind) == [.intake, .survey, .scheme, .confirmation, .execution, .followUp, .archive])
    #expect(resident.stage(.execution)?.name.zh == "装表接电")
    #expect(resident.stage(.intake)?.role == .clerk)
    #expect(resident.stage(.survey)?.role == .field)
    let survey = resident.stage(.survey)!.checklist
    #expect(survey.first { $0.id == "assess-load-hazards" }?.required == true)
    #expect(survey.first { $0.id == "check-substation" }?.required == false)
    #expect(survey.first { $0.id == "calibrated-instruments" }?.required == true)
    let hv = standard.businessType("new-high-single")!.stage(.execution)!.checklist.map(\.id)
    #expect(hv.contains("design-review") && hv.contains("mid-inspection") && hv.contains("completion-inspection"))
  }

  @Test func serviceLimitsMatchDomainFacts() {
    let repair = standard.businessType("repair-urban")!
    #expect(repair.stage(.survey)?.limit == .minutes(45))
    #expect(repair.stage(.survey)?.clockStart == .orderReceived)
    #expect(standard.businessType("repair-rural")?.stage(.survey)?.limit == .minutes(90))
    #expect(standard.businessType("repair-remote")?.stage(.survey)?.limit == .minutes(120))
    let complaint = standard.businessType("complaint")!
    #expect(complaint.stage(.survey)?.limit == .hours(24))
    #expect(complaint.stage(.feedback)?.limit == .workingDays(4))
    #expect(standard.businessType("report")?.stage(.feedback)?.limit == .workingDays(9))
    #expect(standard.businessType("meter-check")?.stage(.execution)?.limit == .workingDays(5))
    #expect(standard.businessType("inquiry")?.stages.map(\.kind) == [.intake, .archive])
  }

  @Test func settingsFromTheGuide() {
    #expect(standard.appointmentConfirmLimit == .workingDays(3))
    #expect(standard.surveyOnSiteLimit == .hours(2))
    #expect(standard.followUpLimit == .workingDays(1))
    #expect(standard.calibrationTolerancePercent == 1.0)
    #expect(standard.minimumTrainingDays == 7)
  }

  @Test func targets() {
    #expect(standard.target("appointment-success")?.target == 75)
    #expect(standard.target("on-time-completion")?.target == 95)
    #expect(standard.target("satisfaction")?.target == 98)
    #expect(standard.target("closed-loop")?.target == 95)
    #expect(standard.target("follow-up-rate")?.target == 100)
    let complaints = standard.target("complaints-per-10k")!
    #expect(complaints.target == 1.0)
    #expect(!complaints.higherIsBetter)
    #expect(complaints.isMet(by: 0.8))
    #expect(!complaints.isMet(by: 1.2))
    #expect(standard.target("satisfaction")!.isMet(by: 98.5))
  }

  @Test func stageTitles() {
    #expect(StageKind.allCases.map { $0.title(.zh) } == ["受理", "勘查", "方案", "确认", "执行", "反馈", "回访", "归档"])
    #expect(StageKind.followUp.rawValue == "follow-up")
    #expect(StageKind.followUp.title(.en) == "Follow-up")
  }

  @Test func roundTripsThroughTOML() throws {
    let text = standard.toTOML()
    #expect(text.hasPrefix("# GridDesk service standard, version 1"))
    let back = try Standard.parse(toml: text)
    #expect(back == standard)
  }

  @Test func exportKeepsChineseReadableAndEscapesOddText() throws {
    var draft = standard
    draft.version = 2
    draft.title = Localized("第2版 \"草案\" C:\\标准\n第二行\t", "Draft \"2\"")
    draft.targets[0].target = 96.5
    let text = draft.toTOML()
    #expect(text.contains("新装"))
    #expect(!text.contains("\\u65B0"))
    #expect(try Standard.parse(toml: text) == draft)
  }

  @Test func codableAsJSON() throws {
    let data = try JSONEncoder().encode(standard)
    #expect(try JSONDecoder().decode(Standard.self, from: data) == standard)
  }

  // MARK: Bad files

  /// The bundled file with one edit applied.
  private func edited(_ transform: (inout Standard) -> Void) -> String {
    var copy = standard
    transform(&copy)
    return copy.toTOML()
  }

  @Test func badFilesGiveClearErrors() throws {
    #expect(thrownCode { try Standard.parse(toml: "version = ") } == "standard.syntax")
    #expect(thrownCode { try Standard.parse(toml: "version = 1") } == "standard.field")
    let noIntake = edited { $0.businessTypes[0].stages.removeFirst() }
    #expect(thrownCode { try Standard.parse(toml: noIntake) } == "standard.first-stage")
    let swapped = edited { $0.businessTypes[0].stages.swapAt(1, 2) }
    #expect(thrownCode { try Standard.parse(toml: swapped) } == "standard.stage-order")
    let twice = edited { $0.businessTypes[0].stages.insert($0.businessTypes[0].stages[1], at: 1) }
    #expect(thrownCode { try Standard.parse(toml: twice) } == "standard.stage-order")
    let duplicate = edited { $0.businessTypes.append($0.businessTypes[0]) }
    #expect(thrownCode { try Standard.parse(toml: duplicate) } == "standard.duplicate-id")
    let zero = edited { $0.businessTypes[0].stages[0].limit = .workingDays(0) }
    #expect(thrownCode { try Standard.parse(toml: zero) } == "standard.limit")
    let negativeTotal = edited { $0.businessTypes[0].totalLimit = .hours(-1) }
    #expect(thrownCode { try Standard.parse(toml: negativeTotal) } == "standard.limit")
    let unknownCertificate = edited { $0.businessTypes[0].stages[1].qualification = "pilot" }
    #expect(thrownCode { try Standard.parse(toml: unknownCertificate) } == "standard.qualification")
    let badID = edited { $0.businessTypes[0].id = "New Low" }
    #expect(thrownCode { try Standard.parse(toml: badID) } == "standard.id")
    let badVoltage = edited { $0.businessTypes[0].voltage = "medium" }
    #expect(thrownCode { try Standard.parse(toml: badVoltage) } == "standard.value")
    let emptyName = edited { $0.businessTypes[0].name = Localized("新装", " ") }
    #expect(thrownCode { try Standard.parse(toml: emptyName) } == "standard.value")
    let duplicateItem = edited {
      $0.businessTypes[0].stages[0].checklist.append($0.businessTypes[0].stages[0].checklist[0])
    }
    #expect(thrownCode { try Standard.parse(toml: duplicateItem) } == "standard.duplicate-id")
  }

  @Test func unknownRoleNamesTheField() throws {
    let text = standard.toTOML().replacingOccurrences(of: "role = \"clerk\"", with: "role = \"cashier\"")
    do {
      _ = try Standard.parse(toml: text)
      Issue.record("accepted an unknown role")
    } catch {
      #expect(error.code.rawValue == "standard.field")
      #expect(error.message.en.contains("role"))
      #expect(error.message.en.contains("supervisor"))
    }
  }
}

/// Every setting of a standard counts, and a stage's deadline is never later than the whole process's
/// (issue 10, item 4).
@Suite struct StandardConsistencyTests {
  @Test func followUpLimitTakesEffect() throws {
    let text = ShippedData.standardV1.replacingOccurrences(
      of: "follow-up-limit = { amount = 1, unit = \"working-days\" }",
      with: "follow-up-limit = { amount = 3, unit = \"working-days\" }")
    let standard = try Standard.parse(toml: text)
    let followUps = standard.businessTypes.compactMap { $0.stage(.followUp) }
    #expect(!followUps.isEmpty)
    #expect(followUps.allSatisfy { $0.limit == .workingDays(3) })
    #expect(
      Standard.defaultV1.businessTypes.compactMap { $0.stage(.followUp) }.allSatisfy { $0.limit == .workingDays(1) })
    // The export writes the limit out, and reads back the same.
    #expect(try Standard.parse(toml: standard.toTOML()) == standard)
  }

  /// In the default standard, for an order of every business type received now, each stage's effective
  /// deadline (as if it started at receipt) is never after the whole process's.
  @Test func defaultStandardStagesNeverOutlastTheProcess() throws {
    var h = try Harness.hall()
    var bound = 0
    for type in Standard.defaultV1.businessTypes where type.totalLimit != nil {
      guard let number = try? h.receive(type: type), let order = h.state.orders[number] else {
        continue
      }
      let total = try #require(h.state.totalClock(order)?.due(calendar: h.state.calendar).date)
      for i in order.stages.indices {
        var o = order
        o.stages[i].started = o.received
        guard let e = h.state.effectiveDue(o, stage: i, now: h.now) else { continue }
        #expect(e.date <= total, "\(type.id) stage \(i)")
        if let own = h.state.stageClock(o, stage: i)?.due(calendar: h.state.calendar).date, own > total {
          #expect(e.binding == .process)
          bound += 1
        }
      }
    }
    // The low-voltage non-resident scheme reply (7 working days) is bound by the 6-day whole process.
    #expect(bound > 0)
  }
}
