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

  /// "工作日 08:30–17:30" / "working days 08:30–17:30".
  public var text: Localized { Localized("工作日 \(open)–\(close)", "working days \(open)–\(close)") }
}
