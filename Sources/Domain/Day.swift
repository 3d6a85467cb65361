import Foundation

/// A civil date in China Standard Time (UTC+8, no daylight saving since 1991), which is the time
/// every deadline, calendar and report of a hall is reckoned in.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int

  /// Seconds east of UTC of China Standard Time.
  public static let offset: Int = 8 * 3600

  public init(_ year: Int, _ month: Int, _ day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD`; nil when the text is not a real date.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
      Day.isValid(y, m, d)
    else { return nil }
    self.init(y, m, d)
  }

  /// The day a moment falls on in China Standard Time.
  public init(containing date: Date) {
    let secs = Int((date.timeIntervalSince1970).rounded(.down)) + Day.offset
    let days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400
    self.init(daysSinceEpoch: days)
  }

  /// Days since 1970-01-01 (civil-from-days, after Howard Hinnant's algorithm).
  public init(daysSinceEpoch z0: Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    self.init(m <= 2 ? y + 1 : y, m, d)
  }

  public var daysSinceEpoch: Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = month > 2 ? month - 3 : month + 9
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// Midnight at the start of this day, China Standard Time.
  public var start: Date { Date(timeIntervalSince1970: TimeInterval(daysSinceEpoch * 86400 - Day.offset)) }

  /// 1 = Monday … 7 = Sunday.
  public var weekday: Int {
    let w = (daysSinceEpoch + 3) % 7  // 1970-01-01 was a Thursday
    return (w < 0 ? w + 7 : w) + 1
  }

  public var isWeekend: Bool { weekday >= 6 }

  public func adding(days n: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + n) }

  public static func < (a: Day, b: Day) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

  public var description: String {
    String(format: "%04d-%02d-%02d", year, month, day)
  }

  public static func isValid(_ y: Int, _ m: Int, _ d: Int) -> Bool {
    guard (1...9999).contains(y), (1...12).contains(m), d >= 1 else { return false }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
    let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return d <= lengths[m - 1]
  }

  // Codable as "YYYY-MM-DD", so that data files and JSON read naturally.
  public init(from decoder: Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let day = Day(text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
    }
    self = day
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}
