import Foundation

/// The hall's service hours (营业时间) on the calendar's working days, in China Standard Time: an
/// appointment is made within them. Kept in the standard (`service-hours = { open = "08:30", close =
/// "17:30" }`); a standard without the key uses `ServiceHours.default`.
public struct ServiceHours: Codable, Hashable, Sendable {
  /// "HH:mm".
  public var open: String
  /// "HH:mm", later than `open`.
  public var close: String

  public init(open: String, close: String) {
    self.open = open
    self.close = close
  }

  public static let `default` = ServiceHours(open: "08:30", close: "17:30")

  /// Minutes after midnight of "HH:mm", or nil when it is not a time of day.
  static func minutes(_ text: String) -> Int? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
      (0...23).contains(h), (0...59).contains(m)
    else { return nil }
    return h * 60 + m
  }

  /// Both times are times of day and the hall opens before it closes.
  public var isValid: Bool {
    guard let a = ServiceHours.minutes(open), let b = ServiceHours.minutes(close) else { return false }
    return a < b
  }

  /// Whether a moment falls on a working day of the calendar, between opening and closing.
  public func contains(_ date: Date, calendar: WorkCalendar) -> Bool {
    let day = Day(containing: date)
    guard calendar.isWorkingDay(day), let a = ServiceHours.minutes(open), let b = ServiceHours.minutes(close) else {
      return false
    }
    let minute = Int(date.timeIntervalSince(day.start) / 60)
    return minute >= a && minute <= b
  }

  /// Seconds the hall is open on a working day (0 when the hours are not valid).
  public var length: TimeInterval {
    guard let a = ServiceHours.minutes(open), let b = ServiceHours.minutes(close), a < b else { return 0 }
    return Double((b - a) * 60)
  }

  /// When the hall opens on a day, or nil on a day off (or when the hours are not valid).
  public func opening(on day: Day, calendar: WorkCalendar) -> Date? {
    guard calendar.isWorkingDay(day), let a = ServiceHours.minutes(open) else { return nil }
    return day.start.addingTimeInterval(Double(a * 60))
  }

  /// The first moment at or after `date` within the service hours: `date` itself when the hall is open
  /// then, else the next opening on a working day.
  public func nextOpen(atOrAfter date: Date, calendar: WorkCalendar) -> Date {
    guard let a = ServiceHours.minutes(open), let b = ServiceHours.minutes(close), a < b else { return date }
    var day = Day(containing: date)
    // A calendar has working days within any year; the bound only guards against a calendar without any.
    for _ in 0..<800 {
      if calendar.isWorkingDay(day) {
        let opening = day.start.addingTimeInterval(Double(a * 60))
        let closing = day.start.addingTimeInterval(Double(b * 60))
        if date <= closing { return max(date, opening) }
      }
      day = day.adding(days: 1)
    }
    return date
  }

  /// The moment `seconds` of service time after `date`: time while the hall is closed does not count
  /// (what a member of staff who works only in service hours reaches after that much work).
  public func adding(_ seconds: TimeInterval, to date: Date, calendar: WorkCalendar) -> Date {
    guard let b = ServiceHours.minutes(close), length > 0 else { return date.addingTimeInterval(seconds) }
    var t = nextOpen(atOrAfter: date, calendar: calendar)
    var left = max(0, seconds)
    for _ in 0..<100_000 {
      let closing = Day(containing: t).start.addingTimeInterval(Double(b * 60))
      if t.addingTimeInterval(left) <= closing { return t.addingTimeInterval(left) }
      left -= closing.timeIntervalSince(t)
      t = nextOpen(atOrAfter: closing.addingTimeInterval(1), calendar: calendar)
    }
    return t
  }

  /// "工作日 08:30–17:30" / "working days 08:30–17:30".
  public var text: Localized { Localized("工作日 \(open)–\(close)", "working days \(open)–\(close)") }
}
