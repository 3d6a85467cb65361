import Foundation
import Testing

@testable import Domain

/// Publishing a month's KPIs (docs/kpis.md, "Publication"): frozen figures with their head, and what a
/// fresh computation gives differently later.
@Suite struct KPIPublicationTests {
  static let november = KPIMonth("2026-11")!

  /// A complaint received in November whose follow-up stage starts in November with no follow-up
  /// recorded yet; the clock then moves to Wednesday 2026-12-02 09:00.
  static func fixture() throws -> (Harness, order: String) {
    var h = try Harness.hall()
    let complaint = h.state.standard(on: Day(containing: h.now)).businessType("complaint")!
    let order = try h.receive(type: complaint)
    while let o = h.state.orders[order], o.currentStage?.kind != .followUp {
      try h.completeCurrentStage(order)
    }
    h.head = "\(h.seq):abcdef0123456789"
    h.now = Day(2026, 12, 2).start.addingTimeInterval(9 * 3600)
    return (h, order)
  }

  static func figure(_ figures: [KPIScopeFigures], _ scope: String, _ id: String) -> KPIValue? {
    figures.first { $0.scope == scope }?.values.first { $0.id == id }
  }

  @Test func publishedFiguresStayWhenAFollowUpIsRecordedInDecember() throws {
    var (h, order) = try KPIPublicationTests.fixture()
    let head = h.head
    try h.run(PublishKPIs(month: "2026-11"), as: "zhaomin")
    let publication = try #require(h.state.kpiPublication(KPIPublicationTests.november))
    #expect(publication.head == head && publication.by == "zhaomin" && publication.at == h.now)
    let published = KPIPublicationTests.figure(publication.figures, "hall", KPI.followUpRate)
    #expect(published?.numerator == 0 && published?.denominator == 1 && published?.value == 0)
    #expect(publication.figures.contains { $0.scope == "staff:wangli" })
    #expect(publication.figures.contains { $0.scope == "team:城东" })
    #expect(h.state.kpiChanges(since: publication).isEmpty)

    // The follow-up is recorded in December on the November order.
    let template = h.state.template(of: h.state.orders[order]!, stage: h.state.orders[order]!.current)!
    for item in template.checklist where h.state.orders[order]?.currentStage?.mark(item.id) == nil {
      try h.run(MarkChecklistItem(number: order, item: item.id), as: "wangli")
    }
    try h.run(RecordFollowUp(number: order, method: .phone, score: 5, comment: "满意"), as: "wangli")

    // A fresh computation moves; the publication does not.
    let fresh = h.state.kpi(KPI.followUpRate, from: KPIPublicationTests.november.first, to: Day(2026, 11, 30))
    #expect(fresh?.value == 100)
    let kept = try #require(h.state.kpiPublication(KPIPublicationTests.november))
    #expect(KPIPublicationTests.figure(kept.figures, "hall", KPI.followUpRate)?.value == 0)
    let changes = h.state.kpiChanges(since: kept)
    let change = try #require(changes.first { $0.scope == "hall" && $0.kpi == KPI.followUpRate })
    #expect(change.published?.value == 0 && change.now?.value == 100)
    #expect(changes.contains { $0.scope == "staff:wangli" && $0.kpi == KPI.followUpRate })
    // The follow-up happened in December: November's satisfaction rate is untouched, so not listed.
    #expect(!changes.contains { $0.scope == "hall" && $0.kpi == KPI.satisfaction })
  }

  @Test func aPersonRegisteredInDecemberIsAbsentFromNovember() throws {
    var (h, _) = try KPIPublicationTests.fixture()
    try h.run(RegisterStaff(login: "xinren", name: "新人", roles: [.clerk], team: "城西"), as: "admin")
    #expect(!h.state.kpiPeople(through: Day(2026, 11, 30)).contains("xinren"))
    #expect(h.state.kpiPeople(through: Day(2026, 11, 30)).contains("wangli"))
    #expect(!h.state.kpiTeams(through: Day(2026, 11, 30)).contains("城西"))
    #expect(h.state.kpiPeople(through: Day(2026, 12, 31)).contains("xinren"))
    #expect(h.state.kpiTeams(through: Day(2026, 12, 31)).contains("城西"))
    try h.run(PublishKPIs(month: "2026-11"), as: "admin")
    let publication = try #require(h.state.kpiPublication(KPIPublicationTests.november))
    #expect(!publication.figures.contains { $0.scope == "staff:xinren" || $0.scope == "team:城西" })
  }

  @Test func refusalsSayWhatToDoInBothLanguages() throws {
    var (h, _) = try KPIPublicationTests.fixture()
    do {
      try h.run(PublishKPIs(month: "2026-12"), as: "zhaomin")
      Issue.record("an open month was published")
    } catch {
      #expect(error.code.rawValue == "kpi.month-open")
      #expect(error.message.zh.contains("2026-12-31") && error.message.zh.contains("月份结束后"))
      #expect(error.message.en.contains("has not ended") && error.message.en.contains("after the month ends"))
    }
    do {
      try h.run(PublishKPIs(month: "2026-11"), as: "wangli")
      Issue.record("a clerk published")
    } catch {
      #expect(error.code.rawValue == "auth.role")
      #expect(!error.message.zh.isEmpty && !error.message.en.isEmpty)
    }
    do {
      try h.run(PublishKPIs(month: "2026-13"), as: "zhaomin")
      Issue.record("month 13 was published")
    } catch {
      #expect(error.code.rawValue == "kpi.month")
      #expect(error.message.zh.contains("2026-11") && error.message.en.contains("year-month"))
    }
    #expect(h.state.supervision.kpiPublications.isEmpty)
  }

  @Test func aSecondPublicationSupersedesTheFirst() throws {
    var (h, order) = try KPIPublicationTests.fixture()
    try h.run(PublishKPIs(month: "2026-11"), as: "zhaomin")
    let template = h.state.template(of: h.state.orders[order]!, stage: h.state.orders[order]!.current)!
    for item in template.checklist where h.state.orders[order]?.currentStage?.mark(item.id) == nil {
      try h.run(MarkChecklistItem(number: order, item: item.id), as: "wangli")
    }
    try h.run(RecordFollowUp(number: order, method: .phone, score: 5, comment: "满意"), as: "wangli")
    h.head = "\(h.seq):0123"
    try h.run(PublishKPIs(month: "2026-11"), as: "admin")
    let latest = try #require(h.state.kpiPublication(KPIPublicationTests.november))
    #expect(latest.by == "admin" && latest.head == "\(h.seq - 1):0123")
    #expect(h.state.kpiPublicationCount(KPIPublicationTests.november) == 2)
    #expect(KPIPublicationTests.figure(latest.figures, "hall", KPI.followUpRate)?.value == 100)
    #expect(h.state.kpiChanges(since: latest).isEmpty)
  }

  @Test func publicationsSurviveTheSnapshotAndTheLog() throws {
    var (h, _) = try KPIPublicationTests.fixture()
    try h.run(PublishKPIs(month: "2026-11"), as: "zhaomin")
    let restored = try DomainState(snapshot: h.state.snapshotBytes())
    #expect(restored.supervision.kpiPublications == h.state.supervision.kpiPublications)
    #expect(restored.staff["wangli"]?.registered == h.state.staff["wangli"]?.registered)
    // The event's payload round-trips through the log encoding.
    let (event, _) = h.log.last!
    #expect(try Event(type: event.type, payload: event.payload()) == event)
    #expect(Event.allTypes.contains("kpis-published"))
  }
}
