import Foundation
import TOMLKit

/// The working-day calendar: which days count for deadlines given in working days.
///
/// A year is known when the State Council's holiday notice for it has been loaded: its days off (放假)
/// and the weekend days declared working days (调休上班). A day in a year without a loaded notice is
/// reckoned Monday–Friday, and every answer that depended on such a day says so (`flagged`), so that
/// the screen can mark the deadline as provisional.
///
/// Counting is done on per-year prefix sums, so counting working days between two dates, or finding
/// the n-th working day, costs a few arithmetic operations per loaded year rather than a loop over days.
public struct WorkCalendar: Sendable, Hashable, Codable {
  /// One holiday of a notice: the days off, inclusive, and the weekend days worked instead.
  public struct Holiday: Sendable, Hashable, Codable {
    public var name: Localized
    public var from: Day
    public var to: Day
    public var working: [Day]

    public init(name: Localized, from: Day, to: Day, working: [Day] = []) {
      self.name = name
      self.from = from
      self.to = to
      self.working = working
    }

    /// The days off, in order.
    public var daysOff: [Day] {
      guard from <= to else { return [] }
      return (0...(to.daysSinceEpoch - from.daysSinceEpoch)).map { from.adding(days: $0) }
    }
  }

  /// One year's arrangement, with the notice it came from.
  public struct Year: Sendable, Hashable, Codable {
    public var year: Int
    /// The notice's title (and document number when known).
    public var notice: String
    /// The day the notice was issued.
    public var noticeDate: Day?
    public var holidays: [Holiday]

    public init(year: Int, notice: String, noticeDate: Day? = nil, holidays: [Holiday]) {
      self.year = year
      self.notice = notice
      self.noticeDate = noticeDate
      self.holidays = holidays
    }

    public var daysOff: Set<Day> { Set(holidays.flatMap(\.daysOff)) }
    public var workingWeekendDays: Set<Day> { Set(holidays.flatMap(\.working)) }
  }

  /// The loaded years, by year.
  public private(set) var years: [Int: Year]
  private var tables: [YearTable]

  /// A calendar with no year loaded: every day Monday–Friday is a working day, and every answer is flagged.
  public init() {
    years = [:]
    tables = []
  }

  public init(years: [Year]) {
    self.years = Dictionary(years.map { ($0.year, $0) }, uniquingKeysWith: { _, last in last })
    tables = []
    rebuild()
  }

  /// This calendar with `other`'s years added; a year in both is taken from `other` (a corrected notice).
  public func merging(_ other: WorkCalendar) -> WorkCalendar {
    var copy = self
    copy.years.merge(other.years) { _, new in new }
    copy.rebuild()
    return copy
  }

  public func isKnown(year: Int) -> Bool { years[year] != nil }

  /// The years loaded, in order.
  public var knownYears: [Int] { tables.map(\.year) }

  // MARK: Days

  public func isWorkingDay(_ day: Day) -> Bool { isWorking(day.daysSinceEpoch) }

  /// The day `n` working days after `day` (before it when `n` is negative); `day` itself is not
  /// counted, so adding 1 to a Friday gives the next Monday (if it is a working day), and adding 0
  /// gives `day`. `flagged` when the count crossed a year with no calendar loaded.
  public func addingWorkingDays(_ n: Int, to day: Day) -> (day: Day, flagged: Bool) {
    guard n != 0 else { return (day, !isKnown(year: day.year)) }
    let start = day.daysSinceEpoch
    let result: Int
    if n > 0 {
      // The working day with rank(start + 1) + n - 1.
      result = nthWorkingDay(rank(start + 1) + n - 1)
    } else {
      // The working day with rank(start) + n (rank(start) working days lie before start).
      result = nthWorkingDay(rank(start) + n)
    }
    let end = Day(daysSinceEpoch: result)
    return (end, isFlagged(from: min(day, end), to: max(day, end)))
  }

  /// The number of working days after `from` up to and including `to` (negative when `to` is before
  /// `from`: minus the working days after `to` up to and including `from`). So
  /// `workingDays(from: d, to: addingWorkingDays(n, to: d).day) == n` for n ≥ 0, and for negative n when
  /// `d` is a working day (from a Saturday, −1 working day is Friday, yet no working day lies in
  /// (Friday, Saturday]).
  public func workingDays(from: Day, to: Day) -> Int {
    rank(to.daysSinceEpoch + 1) - rank(from.daysSinceEpoch + 1)
  }

  /// Whether any year from `from` to `to` has no calendar loaded.
  public func isFlagged(from: Day, to: Day) -> Bool {
    let (a, b) = from <= to ? (from.year, to.year) : (to.year, from.year)
    if b - a > 200 { return true }
    return (a...b).contains { years[$0] == nil }
  }

  /// The number of working days in a year.
  public func workingDayCount(year: Int) -> Int {
    rank(Day(year + 1, 1, 1).daysSinceEpoch) - rank(Day(year, 1, 1).daysSinceEpoch)
  }

  // MARK: Working time

  /// Working time, in seconds, from a fixed origin to `date`: every second of a working day (00:00–24:00
  /// China Standard Time) counts, seconds of days off do not. Differences of this value measure the
  /// working time between two moments.
  public func workingSeconds(at date: Date) -> Double {
    let t = date.timeIntervalSince1970 + Double(Day.offset)
    let n = Int((t / 86400).rounded(.down))
    let r = rank(n)
    guard isWorking(n) else { return Double(r) * 86400 }
    return Double(r) * 86400 + (t - Double(n) * 86400)
  }

  /// The earliest moment at which `workingSeconds(at:)` reaches `value`. A value on a day boundary maps
  /// to the end of the working day (midnight after it), not to the start of the next working day.
  public func date(atWorkingSeconds value: Double) -> Date {
    var whole = Int((value / 86400).rounded(.down))
    var rest = value - Double(whole) * 86400
    if rest == 0 {
      whole -= 1
      rest = 86400
    }
    let n = nthWorkingDay(whole)
    return Date(timeIntervalSince1970: Double(n) * 86400 + rest - Double(Day.offset))
  }

  // MARK: Loading

  /// The calendars shipped with GridDesk (`Resources/calendar/*.toml`), one file a year.
  public static let bundled: WorkCalendar = {
    var calendar = WorkCalendar()
    for (file, text) in ShippedData.calendars.sorted(by: { $0.file < $1.file }) {
      do {
        calendar = calendar.merging(try parse(toml: text))
      } catch {
        // The shipped files are checked by the tests; this cannot happen in a released build.
        fatalError("Bundled calendar \(file) does not load: \(error)")
      }
    }
    return calendar
  }()

  /// Reads one year's calendar, the format of `Resources/calendar/2026.toml`:
  ///
  /// ```toml
  /// year = 2026
  /// notice = "国务院办公厅关于2026年部分节假日安排的通知"
  /// notice-date = "2025-11-04"
  /// [[holidays]]
  /// name = "春节"
  /// name-en = "Spring Festival"
  /// from = "2026-02-15"        # first day off
  /// to = "2026-02-23"          # last day off
  /// working = ["2026-02-14", "2026-02-28"]
  /// ```
  ///
  /// Dates may be quoted or TOML dates. Checked: the year, every date in that year, `from` ≤ `to`,
  /// make-up working days on weekends, and no day both off and working.
  ///
  /// `checkKeys`: refuse a key the format does not have (`holiday` for `holidays`), naming it and its line.
  /// Only replay turns it off: a recorded calendar is read as it was accepted when it was loaded.
  public static func parse(toml text: String, checkKeys: Bool = true) throws(DomainError) -> WorkCalendar {
    let parsed: (table: TOMLTable, keys: [TOMLText.Key])
    do {
      parsed = try TOMLText.parse(text)
    } catch {
      throw .calendarSyntax(error)
    }
    let table = parsed.table
    if checkKeys, let key = TOMLText.unknownKey(in: parsed.keys, allowed: calendarKeys) {
      throw .calendarUnknownKey(key.dotted, line: key.line, suggestion: TOMLText.nearest(key.dotted, in: calendarKeys))
    }
    guard let year = table["year"]?.int else { throw .calendarField("year") }
    guard (1900...2999).contains(year) else { throw .calendarYear(year) }
    guard let notice = table["notice"]?.string, !notice.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw .calendarField("notice")
    }
    var noticeDate: Day?
    if let value = table["notice-date"] {
      guard let day = day(value) else { throw .calendarField("notice-date") }
      noticeDate = day
    }
    var holidays: [Holiday] = []
    if let value = table["holidays"] {
      guard let array = value.array else { throw .calendarField("holidays") }
      for (i, element) in array.enumerated() {
        guard let h = element.table else { throw .calendarField("holidays[\(i + 1)]") }
        guard let name = h["name"]?.string, !name.isEmpty else { throw .calendarField("holidays[\(i + 1)].name") }
        let label = name
        guard let fromValue = h["from"], let from = day(fromValue) else { throw .calendarField("\(label).from") }
        guard let toValue = h["to"], let to = day(toValue) else { throw .calendarField("\(label).to") }
        var working: [Day] = []
        if let w = h["working"] {
          guard let items = w.array else { throw .calendarField("\(label).working") }
          for item in items {
            guard let d = day(item) else { throw .calendarField("\(label).working") }
            working.append(d)
          }
        }
        for d in [from, to] + working where d.year != year { throw .calendarOutsideYear(d, year: year) }
        guard from <= to else { throw .calendarRange(label) }
        for d in working where !d.isWeekend { throw .calendarWorkingNotWeekend(d) }
        let english = h["name-en"]?.string ?? name
        holidays.append(Holiday(name: Localized(name, english), from: from, to: to, working: working))
      }
    }
    let y = Year(year: year, notice: notice, noticeDate: noticeDate, holidays: holidays)
    if let clash = y.daysOff.intersection(y.workingWeekendDays).min() { throw .calendarClash(clash) }
    return WorkCalendar(years: [y])
  }

  /// Every key a calendar file may have.
  static let calendarKeys: Set<String> = [
    "year", "notice", "notice-date", "holidays", "holidays.name", "holidays.name-en", "holidays.from", "holidays.to",
    "holidays.working",
  ]

  private static func day(_ value: TOMLValueConvertible) -> Day? {
    if let s = value.string { return Day(s) }
    if let d = value.date, Day.isValid(d.year, d.month, d.day) { return Day(d.year, d.month, d.day) }
    return nil
  }

  /// One year as TOML, in the format `parse(toml:)` reads.
  public func toTOML(year: Int) -> String? {
    guard let y = years[year] else { return nil }
    var out = "# Working-day calendar \(year) (GridDesk). Source: \(y.notice)\n"
    out += "year = \(year)\nnotice = \(quote(y.notice))\n"
    if let d = y.noticeDate { out += "notice-date = \"\(d)\"\n" }
    for h in y.holidays {
      out += "\n[[holidays]]\nname = \(quote(h.name.zh))\nname-en = \(quote(h.name.en))\n"
      out += "from = \"\(h.from)\"\nto = \"\(h.to)\"\n"
      out += "working = [" + h.working.map { "\"\($0)\"" }.joined(separator: ", ") + "]\n"
    }
    return out
  }

  // MARK: Counting machinery

  /// A loaded year as arrays indexed by day of year.
  private struct YearTable: Sendable, Hashable {
    var year: Int
    /// Days since 1970-01-01 of 1 January.
    var first: Int
    var working: [Bool]
    /// `delta[i]`: (working days − Monday–Friday days) among the first `i` days of the year.
    var delta: [Int32]
    var count: Int { working.count }
    var totalDelta: Int { Int(delta[working.count]) }
  }

  private mutating func rebuild() {
    tables = years.keys.sorted().map { year in
      let y = years[year]!
      let off = y.daysOff
      let extra = y.workingWeekendDays
      let first = Day(year, 1, 1).daysSinceEpoch
      let count = Day(year + 1, 1, 1).daysSinceEpoch - first
      var working = [Bool](repeating: false, count: count)
      var delta = [Int32](repeating: 0, count: count + 1)
      for i in 0..<count {
        let day = Day(daysSinceEpoch: first + i)
        let weekday = !day.isWeekend
        let w = extra.contains(day) || (weekday && !off.contains(day))
        working[i] = w
        delta[i + 1] = delta[i] + (w ? 1 : 0) - (weekday ? 1 : 0)
      }
      return YearTable(year: year, first: first, working: working, delta: delta)
    }
  }

  private func isWorking(_ n: Int) -> Bool {
    for t in tables where n >= t.first && n < t.first + t.count { return t.working[n - t.first] }
    let w = Self.weekday(n)
    return w <= 5
  }

  private static func weekday(_ n: Int) -> Int {
    let w = (n + 3) % 7
    return (w < 0 ? w + 7 : w) + 1
  }

  /// Monday–Friday days in [origin, n), where the origin is Monday 1970-01-05 (negative before it).
  private static func weekdaysBefore(_ n: Int) -> Int {
    let m = n - 4
    let weeks = m >= 0 ? m / 7 : (m - 6) / 7
    return weeks * 5 + min(m - weeks * 7, 5)
  }

  /// Working days in [origin, n).
  private func rank(_ n: Int) -> Int {
    var adjust = 0
    for t in tables {
      if n >= t.first + t.count {
        adjust += t.totalDelta
      } else {
        if n > t.first { adjust += Int(t.delta[n - t.first]) }
        break
      }
    }
    return Self.weekdaysBefore(n) + adjust
  }

  /// The working day `d` with `rank(d) == r`: the (r+1)-th working day from the origin.
  private func nthWorkingDay(_ r: Int) -> Int {
    // rank(n) ≥ r + 1 exactly for n > d; find the smallest such n by galloping and bisection.
    let target = r + 1
    let weeks = r >= 0 ? r / 5 : (r - 4) / 5
    let estimate = 4 + weeks * 7 + (r - weeks * 5)
    var lo = estimate
    var hi = estimate
    var step = 8
    while rank(lo) >= target {
      lo -= step
      step *= 2
    }
    step = 8
    while rank(hi) < target {
      hi += step
      step *= 2
    }
    // rank(lo) < target ≤ rank(hi)
    while hi - lo > 1 {
      let mid = lo + (hi - lo) / 2
      if rank(mid) >= target { hi = mid } else { lo = mid }
    }
    return hi - 1
  }

  // MARK: Codable and equality: only the loaded years count; the tables are derived.

  private enum CodingKeys: String, CodingKey { case years }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(years: try c.decode([Year].self, forKey: .years))
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(years.keys.sorted().map { years[$0]! }, forKey: .years)
  }

  public static func == (a: WorkCalendar, b: WorkCalendar) -> Bool { a.years == b.years }
  public func hash(into hasher: inout Hasher) { hasher.combine(years) }
}

private func quote(_ s: String) -> String {
  "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}
