import Foundation
import PropertyBased
import Testing

@testable import Domain

/// A moment in China Standard Time.
private func at(_ day: String, _ hour: Int, _ minute: Int = 0) -> Date {
  Day(day)!.start.addingTimeInterval(Double(hour * 3600 + minute * 60))
}

@Suite struct DeadlineTests {
  let calendar = WorkCalendar.bundled

  // MARK: Limits

  @Test func limitTexts() {
    #expect(TimeLimit.workingDays(3).text(.zh) == "3工作日")
    #expect(TimeLimit.workingDays(3).text(.en) == "3 working days")
    #expect(TimeLimit.workingDays(1).text(.en) == "1 working day")
    #expect(TimeLimit.hours(2).text(.zh) == "2小时")
    #expect(TimeLimit.hours(1).text(.en) == "1 hour")
    #expect(TimeLimit.minutes(45).text(.zh) == "45分钟")
    #expect(TimeLimit.minutes(45).text(.en) == "45 minutes")
  }

  @Test func limitCodable() throws {
    let data = try JSONEncoder().encode(TimeLimit.workingDays(3))
    #expect(try JSONDecoder().decode(TimeLimit.self, from: data) == .workingDays(3))
    #expect(String(decoding: data, as: UTF8.self).contains("working-days"))
  }

  // MARK: Due dates

  @Test func workingDaysAcrossSpringFestival() {
    // Fri 13 Feb 10:00: 14 h left that day, Sat 14 (make-up) 24 h, Tue 24 24 h, then 10 h of Wed 25.
    let clock = DeadlineClock(start: at("2026-02-13", 10), limit: .workingDays(3))
    #expect(clock.due(calendar: calendar) == (at("2026-02-25", 10), false))
  }

  @Test func startOnADayOffCountsFromTheNextWorkingDay() {
    // An ordinary Saturday: Mon, Tue and Wed count whole, so the time runs out at midnight after Wednesday.
    let clock = DeadlineClock(start: at("2026-02-07", 10), limit: .workingDays(3))
    #expect(clock.due(calendar: calendar).date == at("2026-02-12", 0))
    let holiday = DeadlineClock(start: at("2025-10-03", 9), limit: .workingDays(1))
    #expect(holiday.due(calendar: calendar).date == at("2025-10-10", 0))  // Oct 9 is the first working day
  }

  @Test func nationalDay2026MakeUpSaturday() {
    let clock = DeadlineClock(start: at("2026-09-30", 12), limit: .workingDays(3))
    // Sep 30 12 h, Oct 8 24 h, Oct 9 24 h, Oct 10 (Saturday, working) 12 h.
    #expect(clock.due(calendar: calendar).date == at("2026-10-10", 12))
  }

  @Test func clockLimitsIgnoreTheCalendar() {
    let repair = DeadlineClock(start: at("2026-10-01", 2), limit: .minutes(45))
    #expect(repair.due(calendar: calendar) == (at("2026-10-01", 2, 45), false))
    let contact = DeadlineClock(start: at("2027-02-06", 20), limit: .hours(24))
    #expect(contact.due(calendar: calendar) == (at("2027-02-07", 20), false))
  }

  @Test func unknownYearIsFlagged() {
    let clock = DeadlineClock(start: at("2026-12-30", 9), limit: .workingDays(5))
    let due = clock.due(calendar: calendar)
    #expect(due.flagged)
    #expect(due.date == at("2027-01-06", 9))  // Dec 30, 31, Jan 1 (Fri, no notice), 4, 5 → Jan 6 09:00
    #expect(!DeadlineClock(start: at("2026-12-01", 9), limit: .workingDays(5)).due(calendar: calendar).flagged)
  }

  @Test func suspensionStopsTheClock() {
    var clock = DeadlineClock(start: at("2026-03-02", 9), limit: .workingDays(3))
    #expect(clock.due(calendar: calendar).date == at("2026-03-05", 9))
    clock.suspend(at: at("2026-03-03", 9))
    #expect(clock.due(calendar: calendar).date == nil)
    #expect(clock.isSuspended(at: at("2026-03-04", 12)))
    #expect(clock.status(at: at("2026-03-04", 12), calendar: calendar) == .suspended)
    #expect(clock.projectedDue(at: at("2026-03-05", 9), calendar: calendar).date == at("2026-03-09", 9))
    clock.resume(at: at("2026-03-05", 9))
    // 24 h used before the stop; 48 h more from Thu 09:00: Thu→Fri 09:00, Fri to midnight, Mon 09:00.
    #expect(clock.due(calendar: calendar).date == at("2026-03-09", 9))
    #expect(!clock.isSuspended(at: at("2026-03-05", 9)))
    #expect(clock.elapsed(at: at("2026-03-05", 9), calendar: calendar) == 86400)
  }

  @Test func suspensionAfterTheTimeRanOutDoesNotMoveTheDueDate() {
    var clock = DeadlineClock(start: at("2026-03-02", 9), limit: .hours(2))
    clock.suspend(at: at("2026-03-02", 12))
    #expect(clock.due(calendar: calendar).date == at("2026-03-02", 11))
  }

  @Test func overlappingAndEarlySuspensionsCountOnce() {
    let clock = DeadlineClock(
      start: at("2026-03-02", 10), limit: .hours(4),
      suspensions: [
        Suspension(from: at("2026-03-02", 8), to: at("2026-03-02", 11)),  // began before the start
        Suspension(from: at("2026-03-02", 12), to: at("2026-03-02", 14)),
        Suspension(from: at("2026-03-02", 13), to: at("2026-03-02", 15)),
      ])
    // Runs 11–12, then 15–18.
    #expect(clock.due(calendar: calendar).date == at("2026-03-02", 18))
    #expect(clock.elapsed(at: at("2026-03-02", 16), calendar: calendar) == 2 * 3600)
  }

  // MARK: Status and remaining

  @Test func statusThroughTheDay() {
    let clock = DeadlineClock(start: at("2026-03-02", 8), limit: .hours(10))
    #expect(clock.status(at: at("2026-03-02", 7), calendar: calendar) == .ok)
    #expect(clock.status(at: at("2026-03-02", 15), calendar: calendar) == .ok)
    #expect(clock.status(at: at("2026-03-02", 16), calendar: calendar) == .warning)  // 80 %
    #expect(clock.status(at: at("2026-03-02", 18), calendar: calendar) == .warning)  // exactly due
    #expect(clock.status(at: at("2026-03-02", 18, 1), calendar: calendar) == .overdue)
    #expect(clock.used(at: at("2026-03-02", 13), calendar: calendar) == 0.5)
    #expect(clock.remaining(at: at("2026-03-02", 14), calendar: calendar) == 4 * 3600)
    #expect(clock.remaining(at: at("2026-03-03", 19), calendar: calendar) == -25 * 3600)
  }

  @Test func overdueOverAWeekend() {
    // 1 working day from Friday 10:00 runs out on Monday 10:00; on Saturday it is not overdue yet.
    let clock = DeadlineClock(start: at("2026-03-06", 10), limit: .workingDays(1))
    #expect(clock.status(at: at("2026-03-07", 12), calendar: calendar) == .ok)  // 14 of 24 h used
    #expect(clock.remaining(at: at("2026-03-07", 12), calendar: calendar) == 10 * 3600)
    #expect(clock.status(at: at("2026-03-09", 15), calendar: calendar) == .overdue)
    #expect(clock.remaining(at: at("2026-03-09", 15), calendar: calendar) == -5 * 3600)
    // A limit that runs out at the end of Friday (Thursday and Friday whole) is overdue all weekend.
    let friday = DeadlineClock(start: at("2026-03-05", 0), limit: .workingDays(2))
    #expect(friday.due(calendar: calendar).date == at("2026-03-07", 0))
    #expect(friday.status(at: at("2026-03-07", 12), calendar: calendar) == .overdue)
    // Overdue time is in the limit's measure: no working time has passed since Friday midnight.
    #expect(friday.remaining(at: at("2026-03-07", 12), calendar: calendar) == 0)
    #expect(friday.remaining(at: at("2026-03-09", 6), calendar: calendar) == -6 * 3600)
  }

  @Test func formatTexts() {
    let d = 86400.0
    #expect(DeadlineFormat.remaining(3 * d, unit: .workingDays, lang: .zh) == "剩 3工作日")
    #expect(DeadlineFormat.remaining(3.9 * d, unit: .workingDays, lang: .en) == "3.9 wd left")
    // Never understated: 1.92 working days left is not "1 working day".
    #expect(DeadlineFormat.remaining(1.92 * d, unit: .workingDays, lang: .zh) == "剩 1.9工作日")
    #expect(DeadlineFormat.remaining(12.7 * d, unit: .workingDays, lang: .zh) == "剩 12工作日")
    #expect(DeadlineFormat.remaining(1.99 * 3600, unit: .hours, lang: .en) == "1.9 h left")
    #expect(DeadlineFormat.remaining(2.5 * d, unit: .hours, lang: .zh) == "剩 2.5天")
    // Lateness is rounded up, in the same unit as the time left.
    #expect(DeadlineFormat.remaining(-1.01 * d, unit: .workingDays, lang: .zh) == "超期 1.1工作日")
    #expect(DeadlineFormat.remaining(-90 * 60, unit: .workingDays, lang: .en) == "1.5 h overdue")
    #expect(DeadlineFormat.remaining(4 * 3600 + 59, unit: .workingDays, lang: .zh) == "剩 4小时")
    #expect(DeadlineFormat.remaining(4 * 3600, unit: .hours, lang: .en) == "4 h left")
    #expect(DeadlineFormat.remaining(38 * 60, unit: .minutes, lang: .zh) == "剩 38分钟")
    #expect(DeadlineFormat.remaining(38 * 60 + 30, unit: .minutes, lang: .en) == "38 min left")
    #expect(DeadlineFormat.remaining(10, unit: .minutes, lang: .zh) == "剩 1分钟")
    #expect(DeadlineFormat.remaining(30 * 3600, unit: .hours, lang: .zh) == "剩 30小时")
    #expect(DeadlineFormat.remaining(3 * d, unit: .hours, lang: .zh) == "剩 3天")
    #expect(DeadlineFormat.remaining(-d, unit: .workingDays, lang: .zh) == "超期 1工作日")
    #expect(DeadlineFormat.remaining(-d, unit: .workingDays, lang: .en) == "1 wd overdue")
    #expect(DeadlineFormat.remaining(-3 * d, unit: .hours, lang: .zh) == "超期 3天")
    #expect(DeadlineFormat.remaining(-5 * 3600, unit: .hours, lang: .zh) == "超期 5小时")
    #expect(DeadlineFormat.remaining(-20, unit: .minutes, lang: .en) == "1 min overdue")
    #expect(DeadlineFormat.remaining(0, unit: .minutes, lang: .zh) == "到期")
    #expect(DeadlineFormat.suspended(.zh) == "挂起")
    #expect(DeadlineFormat.suspended(.en) == "suspended")
    var clock = DeadlineClock(start: at("2026-03-02", 9), limit: .workingDays(3))
    #expect(DeadlineFormat.text(clock, at: at("2026-03-02", 9), calendar: calendar, lang: .zh) == "剩 3工作日")
    clock.suspend(at: at("2026-03-02", 10))
    #expect(DeadlineFormat.text(clock, at: at("2026-03-02", 11), calendar: calendar, lang: .en) == "suspended")
  }

  @Test func completion() {
    let clock = DeadlineClock(start: at("2026-03-02", 9), limit: .workingDays(3))
    let onTime = clock.completion(at: at("2026-03-05", 8), calendar: calendar)
    #expect(onTime.onTime)
    #expect(onTime.late == 0)
    #expect(onTime.due == at("2026-03-05", 9))
    #expect(DeadlineFormat.completion(onTime, lang: .zh) == "按时完成")
    let late = clock.completion(at: at("2026-03-05", 11), calendar: calendar)
    #expect(!late.onTime)
    #expect(late.late == 2 * 3600)
    #expect(DeadlineFormat.completion(late, lang: .zh) == "超期 2小时完成")
    #expect(DeadlineFormat.completion(late, lang: .en) == "done 2 h late")
    // A suspension still open at completion ends there.
    var suspended = clock
    suspended.suspend(at: at("2026-03-03", 9))
    #expect(suspended.completion(at: at("2026-03-06", 9), calendar: calendar).onTime)
  }

  // MARK: Properties

  @Test func workingSecondsRoundTrip() async {
    let c = calendar
    let origin = at("2024-12-01", 0).timeIntervalSince1970
    await propertyCheck(input: Gen.int(in: 0...(800 * 86400))) { offset in
      let t = Date(timeIntervalSince1970: origin + Double(offset))
      let w = c.workingSeconds(at: t)
      let back = c.date(atWorkingSeconds: w)
      #expect(back <= t)
      #expect(c.workingSeconds(at: back) == w)
      if c.isWorkingDay(Day(containing: t)), back != t {
        // Only a day boundary may map back earlier: to midnight at the end of the previous working day.
        #expect(Double(offset).truncatingRemainder(dividingBy: 86400) == 0)
      }
    }
  }

  @Test func dueIsMonotoneAndUsesTheWholeLimit() async {
    let c = calendar
    let origin = at("2025-01-01", 0).timeIntervalSince1970
    await propertyCheck(input: Gen.int(in: 0...(700 * 86400)), Gen.int(in: 0...86400), Gen.int(in: 1...30)) {
      offset, later, days in
      let a = DeadlineClock(start: Date(timeIntervalSince1970: origin + Double(offset)), limit: .workingDays(days))
      let b = DeadlineClock(
        start: Date(timeIntervalSince1970: origin + Double(offset + later)), limit: .workingDays(days))
      let dueA = a.due(calendar: c).date!
      let dueB = b.due(calendar: c).date!
      #expect(dueA <= dueB)
      #expect(abs(a.used(at: dueA, calendar: c) - 1) < 1e-9)
      #expect(a.status(at: dueA.addingTimeInterval(1), calendar: c) == .overdue)
    }
  }

  @Test func suspensionsAddExactlyTheirWorkingTime() async {
    let c = calendar
    let origin = at("2025-01-01", 0).timeIntervalSince1970
    let hour = 3600.0
    await propertyCheck(
      input: Gen.int(in: 0...(650 * 24)), Gen.int(in: 1...20), Gen.int(in: 0...200), Gen.int(in: 1...200)
    ) { startHour, days, gapHours, lengthHours in
      let start = Date(timeIntervalSince1970: origin + Double(startHour) * hour)
      let from = start.addingTimeInterval(Double(gapHours) * hour)
      let to = from.addingTimeInterval(Double(lengthHours) * hour)
      let plain = DeadlineClock(start: start, limit: .workingDays(days))
      let paused = DeadlineClock(
        start: start, limit: .workingDays(days), suspensions: [Suspension(from: from, to: to)])
      let plainDue = plain.due(calendar: c).date!
      let pausedDue = paused.due(calendar: c).date!
      #expect(pausedDue >= plainDue)
      #expect(abs(paused.used(at: pausedDue, calendar: c) - 1) < 1e-9)
      if plainDue <= from {
        #expect(pausedDue == plainDue)
      } else {
        // The clock lost the working time of the suspension, no more.
        let lost = c.workingSeconds(at: to) - c.workingSeconds(at: from)
        let extra = c.workingSeconds(at: pausedDue) - c.workingSeconds(at: plainDue)
        #expect(abs(extra - lost) < 1e-6)
      }
    }
  }

  @Test func zeroLimitIsDueAtTheStart() {
    let clock = DeadlineClock(start: at("2026-02-15", 0), limit: .workingDays(0))
    #expect(clock.due(calendar: calendar).date == at("2026-02-15", 0))
  }

  @Test func manyClocksAreCheap() {
    let c = calendar
    let now = at("2026-06-15", 10)
    var clocks: [DeadlineClock] = []
    for i in 0..<100_000 {
      let start = now.addingTimeInterval(-Double(i % 5000) * 600)
      var clock = DeadlineClock(start: start, limit: .workingDays(1 + i % 30))
      if i % 7 == 0 { clock.suspend(at: now.addingTimeInterval(-3600)) }
      clocks.append(clock)
    }
    let begin = Date()
    var counts: [DeadlineStatus: Int] = [:]
    for clock in clocks { counts[clock.status(at: now, calendar: c), default: 0] += 1 }
    let seconds = Date().timeIntervalSince(begin)
    #expect(counts.values.reduce(0, +) == 100_000)
    // Generous: a debug build on a shared machine; the release build is far faster.
    #expect(seconds < 10, "100k statuses took \(seconds) s")
  }

  /// A new order with a 3-working-day limit shows 3 working days, and a minute later 2.9, never 2.
  @Test func newOrderDoesNotUnderstate() {
    let clock = DeadlineClock(start: at("2026-03-02", 9), limit: .workingDays(3))
    #expect(DeadlineFormat.text(clock, at: at("2026-03-02", 9), calendar: calendar, lang: .zh) == "剩 3工作日")
    #expect(DeadlineFormat.text(clock, at: at("2026-03-02", 9, 1), calendar: calendar, lang: .zh) == "剩 2.9工作日")
    // Due Thursday 09:00; overdue time is counted in working time, like the time left.
    #expect(DeadlineFormat.text(clock, at: at("2026-03-05", 15), calendar: calendar, lang: .zh) == "超期 6小时")
    #expect(DeadlineFormat.text(clock, at: at("2026-03-06", 21), calendar: calendar, lang: .en) == "1.5 wd overdue")
  }
}
