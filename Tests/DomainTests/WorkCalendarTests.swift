import Foundation
import PropertyBased
import Testing

@testable import Domain

@Suite struct WorkCalendarTests {
  let calendar = WorkCalendar.bundled

  private func day(_ text: String) -> Day { Day(text)! }

  @Test func bundledYears() {
    #expect(calendar.knownYears == [2025, 2026])
    #expect(calendar.isKnown(year: 2025))
    #expect(calendar.isKnown(year: 2026))
    #expect(!calendar.isKnown(year: 2027))
    #expect(calendar.years[2025]?.notice.contains("国办发明电〔2024〕12号") == true)
    #expect(calendar.years[2025]?.noticeDate == Day(2024, 11, 12))
    #expect(calendar.years[2026]?.noticeDate == Day(2025, 11, 4))
  }

  @Test func springFestival2026() {
    for d in 15...23 { #expect(!calendar.isWorkingDay(Day(2026, 2, d)), "Feb \(d)") }
    #expect(calendar.isWorkingDay(day("2026-02-14")))  // Saturday, make-up
    #expect(calendar.isWorkingDay(day("2026-02-28")))  // Saturday, make-up
    #expect(calendar.isWorkingDay(day("2026-02-13")))
    #expect(calendar.isWorkingDay(day("2026-02-24")))
    #expect(!calendar.isWorkingDay(day("2026-02-07")))  // an ordinary Saturday
    #expect(calendar.addingWorkingDays(1, to: day("2026-02-13")) == (day("2026-02-14"), false))
    #expect(calendar.addingWorkingDays(2, to: day("2026-02-13")) == (day("2026-02-24"), false))
    #expect(calendar.addingWorkingDays(3, to: day("2026-02-12")) == (day("2026-02-24"), false))
    // A request received on the first day off: 3 working days run Feb 24, 25, 26.
    #expect(calendar.addingWorkingDays(3, to: day("2026-02-15")).day == day("2026-02-26"))
    #expect(calendar.workingDays(from: day("2026-02-13"), to: day("2026-02-24")) == 2)
    #expect(calendar.addingWorkingDays(-2, to: day("2026-02-24")).day == day("2026-02-13"))
  }

  @Test func nationalDay2025() {
    for d in 1...8 { #expect(!calendar.isWorkingDay(Day(2025, 10, d)), "Oct \(d)") }
    #expect(calendar.isWorkingDay(day("2025-09-28")))  // Sunday, make-up
    #expect(calendar.isWorkingDay(day("2025-10-11")))  // Saturday, make-up
    #expect(!calendar.isWorkingDay(day("2025-10-12")))
    #expect(calendar.addingWorkingDays(1, to: day("2025-09-27")).day == day("2025-09-28"))
    #expect(calendar.addingWorkingDays(3, to: day("2025-09-30")).day == day("2025-10-11"))
    #expect(calendar.addingWorkingDays(4, to: day("2025-09-30")).day == day("2025-10-13"))
  }

  @Test func nationalDay2026() {
    for d in 1...7 { #expect(!calendar.isWorkingDay(Day(2026, 10, d)), "Oct \(d)") }
    #expect(calendar.isWorkingDay(day("2026-09-20")))  // Sunday, make-up
    #expect(calendar.isWorkingDay(day("2026-10-10")))  // Saturday, make-up
    #expect(!calendar.isWorkingDay(day("2026-09-25")))  // 中秋节, a Friday
    #expect(calendar.addingWorkingDays(2, to: day("2026-09-30")).day == day("2026-10-09"))
    #expect(calendar.addingWorkingDays(3, to: day("2026-09-30")).day == day("2026-10-10"))
  }

  @Test func otherHolidays() {
    #expect(!calendar.isWorkingDay(day("2025-01-01")))
    #expect(calendar.isWorkingDay(day("2025-01-26")))  // Sunday before 春节 2025
    #expect(!calendar.isWorkingDay(day("2026-01-02")))
    #expect(calendar.isWorkingDay(day("2026-01-04")))
    #expect(calendar.isWorkingDay(day("2026-05-09")))
    #expect(!calendar.isWorkingDay(day("2026-06-19")))
  }

  @Test func workingDayCountsPerYear() {
    // 261 weekdays each year; 2025: 18 weekdays off, 5 make-up days; 2026: 19 off, 6 make-up.
    #expect(calendar.workingDayCount(year: 2025) == 248)
    #expect(calendar.workingDayCount(year: 2026) == 248)
    #expect(calendar.workingDayCount(year: 2027) == 261)
  }

  @Test func unknownYearIsMondayToFridayAndFlagged() {
    #expect(calendar.isWorkingDay(day("2027-01-01")))  // a Friday; no 2027 notice loaded
    #expect(!calendar.isWorkingDay(day("2027-01-02")))
    #expect(calendar.addingWorkingDays(1, to: day("2027-01-01")) == (day("2027-01-04"), true))
    // Crossing from a known year into an unknown one is flagged too.
    let result = calendar.addingWorkingDays(5, to: day("2026-12-28"))
    #expect(result.day == day("2027-01-04"))
    #expect(result.flagged)
    #expect(!calendar.addingWorkingDays(5, to: day("2026-12-01")).flagged)
    #expect(WorkCalendar().addingWorkingDays(1, to: day("2026-02-13")) == (day("2026-02-16"), true))
  }

  @Test func zeroAndNegative() {
    #expect(calendar.addingWorkingDays(0, to: day("2026-02-15")) == (day("2026-02-15"), false))
    #expect(calendar.addingWorkingDays(-1, to: day("2026-02-16")).day == day("2026-02-14"))
    #expect(calendar.workingDays(from: day("2026-02-24"), to: day("2026-02-13")) == -2)
    #expect(calendar.workingDays(from: day("2026-02-13"), to: day("2026-02-13")) == 0)
  }

  /// Counting by loop, the obviously correct way.
  private func naiveCount(_ c: WorkCalendar, from: Day, to: Day) -> Int {
    var n = 0
    var d = from.adding(days: 1)
    while d <= to {
      if c.isWorkingDay(d) { n += 1 }
      d = d.adding(days: 1)
    }
    return n
  }

  @Test func countingAgreesWithLoop() async {
    let c = calendar
    let base = Day(2024, 10, 1)
    await propertyCheck(input: Gen.int(in: 0...1000), Gen.int(in: 0...400)) { offset, length in
      let from = base.adding(days: offset)
      let to = from.adding(days: length)
      #expect(c.workingDays(from: from, to: to) == naiveCount(c, from: from, to: to))
    }
  }

  @Test func addingIsInverseOfCountingAndMonotone() async {
    let c = calendar
    let base = Day(2024, 10, 1)
    await propertyCheck(input: Gen.int(in: 0...1000), Gen.int(in: 0...300)) { offset, n in
      let from = base.adding(days: offset)
      let result = c.addingWorkingDays(n, to: from).day
      #expect(c.workingDays(from: from, to: result) == n)
      if n > 0 { #expect(c.isWorkingDay(result)) }
      #expect(c.addingWorkingDays(n + 1, to: from).day > result)
      #expect(result >= from)
    }
  }

  @Test func negativeAddingFromAWorkingDayIsInverseOfCounting() async {
    let c = calendar
    let base = Day(2024, 10, 1)
    await propertyCheck(input: Gen.int(in: 0...1000), Gen.int(in: 1...300)) { offset, n in
      var from = base.adding(days: offset)
      while !c.isWorkingDay(from) { from = from.adding(days: 1) }
      let result = c.addingWorkingDays(-n, to: from).day
      #expect(c.isWorkingDay(result))
      #expect(c.workingDays(from: from, to: result) == -n)
      #expect(c.addingWorkingDays(n, to: result).day == from)
    }
  }

  @Test func countingIsAdditive() async {
    let c = calendar
    let base = Day(2024, 6, 1)
    await propertyCheck(input: Gen.int(in: 0...1200), Gen.int(in: 0...1200), Gen.int(in: 0...1200)) { a, b, d in
      let x = base.adding(days: a)
      let y = base.adding(days: b)
      let z = base.adding(days: d)
      #expect(c.workingDays(from: x, to: y) + c.workingDays(from: y, to: z) == c.workingDays(from: x, to: z))
    }
  }

  // MARK: Loading

  @Test func parsesAFileWithTOMLDates() throws {
    let text = """
      year = 2027
      notice = "国务院办公厅关于2027年部分节假日安排的通知"
      notice-date = 2026-11-10
      [[holidays]]
      name = "元旦"
      from = 2027-01-01
      to = 2027-01-03
      working = [2027-01-09]
      """
    let loaded = try WorkCalendar.parse(toml: text)
    #expect(loaded.knownYears == [2027])
    #expect(loaded.years[2027]?.holidays.first?.name == Localized("元旦", "元旦"))
    let merged = calendar.merging(loaded)
    #expect(merged.knownYears == [2025, 2026, 2027])
    #expect(!merged.isWorkingDay(day("2027-01-01")))
    #expect(merged.isWorkingDay(day("2027-01-09")))
    #expect(!merged.addingWorkingDays(1, to: day("2027-01-01")).flagged)
    #expect(merged.addingWorkingDays(1, to: day("2026-12-31")).day == day("2027-01-04"))
  }

  @Test func mergingReplacesAYear() throws {
    let corrected = try WorkCalendar.parse(toml: "year = 2026\nnotice = \"更正\"\n")
    let merged = calendar.merging(corrected)
    #expect(merged.years[2026]?.notice == "更正")
    #expect(merged.isWorkingDay(day("2026-02-16")))
  }

  @Test func exportRoundTrips() throws {
    for year in [2025, 2026] {
      let text = try #require(calendar.toTOML(year: year))
      let back = try WorkCalendar.parse(toml: text)
      #expect(back.years[year] == calendar.years[year])
    }
    #expect(calendar.toTOML(year: 2027) == nil)
  }

  @Test func codableRoundTrips() throws {
    let data = try JSONEncoder().encode(calendar)
    let back = try JSONDecoder().decode(WorkCalendar.self, from: data)
    #expect(back == calendar)
    #expect(back.workingDays(from: day("2025-01-01"), to: day("2026-12-31")) == 496)
  }

  @Test func badFilesSayWhatIsWrong() {
    let header = "year = 2027\nnotice = \"通知\"\n"
    let holiday = { (from: String, to: String, working: String) in
      header + "[[holidays]]\nname = \"春节\"\nfrom = \"\(from)\"\nto = \"\(to)\"\nworking = [\(working)]\n"
    }
    #expect(thrownCode { try WorkCalendar.parse(toml: "year = ") } == "calendar.syntax")
    #expect(thrownCode { try WorkCalendar.parse(toml: "notice = \"x\"") } == "calendar.field")
    #expect(thrownCode { try WorkCalendar.parse(toml: "year = 2027") } == "calendar.field")
    #expect(thrownCode { try WorkCalendar.parse(toml: "year = 20270\nnotice = \"x\"") } == "calendar.year")
    #expect(thrownCode { try WorkCalendar.parse(toml: holiday("2027-02-30", "2027-03-01", "")) } == "calendar.field")
    #expect(
      thrownCode { try WorkCalendar.parse(toml: holiday("2026-12-31", "2027-01-01", "")) } == "calendar.outside-year")
    #expect(thrownCode { try WorkCalendar.parse(toml: holiday("2027-02-10", "2027-02-05", "")) } == "calendar.range")
    #expect(
      thrownCode { try WorkCalendar.parse(toml: holiday("2027-02-06", "2027-02-12", "\"2027-02-06\"")) }
        == "calendar.clash")
    #expect(
      thrownCode { try WorkCalendar.parse(toml: holiday("2027-02-06", "2027-02-12", "\"2027-02-15\"")) }
        == "calendar.working-not-weekend")
  }
}
