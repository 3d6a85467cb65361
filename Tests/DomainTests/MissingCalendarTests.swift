import Foundation
import Testing

@testable import Domain

/// A deadline past the loaded calendars is never silent (issue 10, item 6): marked wherever it shows,
/// named by `report warnings`, announced to administrators from 1 November; an unreadable recorded
/// calendar is reported rather than ignored.
@Suite struct MissingCalendarTests {
  /// 2026-12-28, Monday 09:00: a 5-working-day whole process runs into 2027, which is not loaded.
  static let lateDecember = Day(2026, 12, 28).start.addingTimeInterval(9 * 3600)

  @Test func clockNamesTheMissingYear() {
    let calendar = WorkCalendar.bundled
    #expect(!calendar.isKnown(year: 2027))
    let clock = DeadlineClock(start: Self.lateDecember, limit: .workingDays(5))
    #expect(clock.missingYears(at: Self.lateDecember, calendar: calendar) == [2027])
    let text = DeadlineFormat.text(clock, at: Self.lateDecember, calendar: calendar, lang: .zh)
    #expect(text == "剩 5工作日" + DeadlineFormat.provisionalMark)
    // Within the loaded year: no mark. Clock-time limits need no calendar.
    let early = DeadlineClock(start: Day(2026, 12, 1).start, limit: .workingDays(5))
    #expect(!early.isProvisional(at: Day(2026, 12, 1).start, calendar: calendar))
    #expect(
      !DeadlineClock(start: Self.lateDecember, limit: .hours(400)).isProvisional(
        at: Self.lateDecember, calendar: calendar))
    // Loading 2027 clears it.
    let y2027 = WorkCalendar(years: [WorkCalendar.Year(year: 2027, notice: "2027 通知", holidays: [])])
    #expect(!clock.isProvisional(at: Self.lateDecember, calendar: calendar.merging(y2027)))
  }

  @Test func queueRowAndWarningsNameTheYear() throws {
    var h = try Harness.hall()
    h.now = Self.lateDecember
    let number = try h.receive()
    let row = try #require(h.state.queue(QueueQuery(), viewer: nil, now: h.now).first { $0.number == number })
    #expect(row.totalProvisional)
    #expect(row.missingCalendarYears == [2027])
    #expect(row.totalText(.zh).hasSuffix(DeadlineFormat.provisionalMark))
    #expect(row.totalText(.en).hasSuffix(DeadlineFormat.provisionalMark))
    let warnings = h.state.warnings(now: h.now).filter { $0.rule == .calendarMissing }
    let red = try #require(warnings.first { $0.level == .red && $0.subject == "2027" })
    #expect(red.detail.zh.contains("2027") && red.detail.en.contains("2027"))
    #expect(h.state.missingCalendarYears(now: h.now) == [2027: 1])
    #expect(h.state.warningCount(now: h.now) == h.state.warnings(now: h.now).count)
  }

  @Test func adminIsToldFromNovemberFirst() throws {
    let h = try Harness.hall()
    let admin = h.state.staff["admin"]
    let clerk = h.state.staff["wangli"]
    let october = Day(2026, 10, 31).start.addingTimeInterval(12 * 3600)
    let november = Day(2026, 11, 1).start.addingTimeInterval(60)
    #expect(h.state.statusNotice(for: admin, now: october) == nil)
    #expect(h.state.statusNotice(for: admin, now: november) == Localized("2027年日历未载入", "2027 calendar not loaded"))
    #expect(h.state.statusNotice(for: clerk, now: november) == nil)
    #expect(
      h.state.warnings(now: november).contains {
        $0.rule == .calendarMissing && $0.level == .yellow && $0.subject == "2027"
      })
    #expect(!h.state.warnings(now: october).contains { $0.rule == .calendarMissing })
  }

  @Test func unreadableRecordedCalendarIsReported() throws {
    var state = DomainState()
    state.apply(
      .calendarLoaded(CalendarLoaded(year: 2027, toml: "year = 2027\n[[[\n")),
      EventMeta(seq: 7, at: Self.lateDecember, by: "admin"))
    #expect(state.unreadableRecords.map(\.seq) == [7])
    #expect(state.warnings(now: Self.lateDecember).contains { $0.subject == "seq-7" && $0.level == .red })
    // A recorded file with a key this build no longer accepts is read as it was accepted.
    let cal = ShippedData.calendars.first { $0.file.hasPrefix("2026") }!.toml
      .replacingOccurrences(of: "year = 2026", with: "year = 2026\nsource = \"gov.cn\"")
    var lenient = DomainState()
    lenient.apply(
      .calendarLoaded(CalendarLoaded(year: 2026, toml: cal)), EventMeta(seq: 1, at: Self.lateDecember, by: "admin"))
    #expect(lenient.unreadableRecords.isEmpty)
    #expect(lenient.calendarFiles.count == 1)
  }
}
