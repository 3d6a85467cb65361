import Foundation
import Testing

@testable import Domain

/// The order file's timeline names what happened (issue 14 item 8), each language in its own words.
@Suite struct TimelineTextTests {
  /// An order, with events applied to it straight (the timeline is the projection's, whatever decided them).
  static func order() throws -> (Harness, String) {
    var h = try Harness.hall()
    let number = try h.receive()
    return (h, number)
  }

  static func apply(_ h: inout Harness, _ event: Event) {
    h.seq += 1
    h.state.apply(event, EventMeta(seq: h.seq, at: h.now, by: "wangli"))
  }

  static func lastLine(_ h: Harness, _ number: String) throws -> (TimelineEntry, TimelineLine) {
    let order = try #require(h.state.orders[number])
    let entry = try #require(order.timeline.last)
    return (entry, h.state.timelineLine(entry, of: order))
  }

  @Test func aNotApplicableItemIsToldWithItsReason() throws {
    var (h, number) = try Self.order()
    let order = try #require(h.state.orders[number])
    let item = try #require(h.state.businessType(of: order)?.stages[0].checklist.first)
    Self.apply(
      &h, .checklistItemMarked(ChecklistItemMarked(number: number, stage: 0, item: item.id, notApplicable: "客户自备电表")))
    let (entry, line) = try Self.lastLine(h, number)
    #expect(entry.variant == TimelineEntry.notApplicable)
    #expect(line.title == Localized("检查项不适用", "item not applicable"))
    #expect(line.detail == Localized("\(item.title.zh)，原因：客户自备电表", "\(item.title.en), because: 客户自备电表"))

    Self.apply(&h, .checklistItemMarked(ChecklistItemMarked(number: number, stage: 0, item: item.id)))
    let (_, done) = try Self.lastLine(h, number)
    #expect(done.title == Localized("勾选检查项", "checklist item ticked"))
    #expect(done.detail == item.title)
  }

  @Test func rejectedAndAcceptedRoundsAreToldApart() throws {
    var (h, number) = try Self.order()
    Self.apply(&h, .confirmationRecorded(ConfirmationRecorded(number: number, accepted: false, comment: "预算太高")))
    let (_, rejected) = try Self.lastLine(h, number)
    #expect(rejected.title == Localized("客户不同意", "scheme rejected"))
    #expect(rejected.detail == Localized("第 1 轮：预算太高", "round 1: 预算太高"))
    Self.apply(&h, .confirmationRecorded(ConfirmationRecorded(number: number, accepted: true, comment: "")))
    let (_, accepted) = try Self.lastLine(h, number)
    #expect(accepted.title == Localized("客户同意", "scheme accepted"))
    #expect(accepted.detail == Localized("第 2 轮", "round 2"))
  }

  @Test func milestonesAreNamed() throws {
    var (h, number) = try Self.order()
    Self.apply(&h, .milestonePlanned(MilestonePlanned(number: number, title: "装表", planned: Day(2026, 12, 1))))
    let (_, planned) = try Self.lastLine(h, number)
    #expect(planned.title == Localized("计划节点", "milestone planned"))
    #expect(planned.detail == Localized("装表", "装表"))
    Self.apply(&h, .milestoneReached(MilestoneReached(number: number, id: 1, note: "已送电")))
    let (entry, reached) = try Self.lastLine(h, number)
    #expect(entry.note == "装表")
    #expect(reached.title == Localized("节点完成", "milestone reached"))
    #expect(reached.detail == Localized("装表：已送电", "装表: 已送电"))
  }

  @Test func freeTextIsMaskedAsOnScreen() throws {
    var (h, number) = try Self.order()
    Self.apply(
      &h, .confirmationRecorded(ConfirmationRecorded(number: number, accepted: false, comment: "请回电 13812345678")))
    let (_, line) = try Self.lastLine(h, number)
    #expect(!line.detail.zh.contains("13812345678") && !line.detail.en.contains("13812345678"))
  }
}
