import Domain
import Foundation

/// Parses dates and times typed into a form. Input-method forms (`２０２６－１２－０１`, `９：３０`)
/// are normalised first; the time zone is China's (UTC+8), as everywhere in the Domain.
public enum FormParse {
  private static let zone = TimeZone(secondsFromGMT: Day.offset)!

  /// A day typed as `2026-12-01`, `2026/12/1`, `2026.12.1` or, in the year of `now`, `12-01`.
  public static func day(_ text: String, now: Date) throws(DomainError) -> Day {
    let s = Validation.normalizeText(text)
    let parts = s.split(whereSeparator: { "-/.年月日".contains($0) }).map(String.init)
    let numbers = parts.compactMap { Int($0) }
    guard numbers.count == parts.count else { throw badDate(s) }
    let today = Day(containing: now)
    let (y, m, d): (Int, Int, Int)
    switch numbers.count {
    case 3: (y, m, d) = (numbers[0] < 100 ? 2000 + numbers[0] : numbers[0], numbers[1], numbers[2])
    case 2: (y, m, d) = (today.year, numbers[0], numbers[1])
    default: throw badDate(s)
    }
    guard (1900...2200).contains(y), Day.isValid(y, m, d) else { throw badDate(s) }
    return Day(y, m, d)
  }

  /// A moment typed as a day (see `day(_:now:)`) and a time `9:30` or `09:30`, separated by a space or
  /// `T`. A day alone means 09:00.
  public static func dateTime(_ text: String, now: Date) throws(DomainError) -> Date {
    let s = Validation.normalizeText(text)
    let parts = s.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
    guard parts.count == 1 || parts.count == 2 else { throw badDate(s) }
    let day = try self.day(parts[0], now: now)
    var (hour, minute) = (9, 0)
    if parts.count == 2 {
      let hm = parts[1].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
      guard hm.count == 2, let h = hm[0], let m = hm[1], (0...23).contains(h), (0...59).contains(m),
        parts[1].split(separator: ":")[1].count == 2
      else {
        throw DomainError(
          .formTime, "时间应为 时:分, 如 09:30", "A time reads HH:MM, e.g. 09:30")
      }
      (hour, minute) = (h, m)
    }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute)
    guard let date = calendar.date(from: components) else { throw badDate(s) }
    return date
  }

  /// `2026-12-01 09:30` in China time.
  public static func format(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    return String(format: "%04d-%02d-%02d %02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
  }

  private static func badDate(_ text: String) -> DomainError {
    DomainError(.formDate, "日期无效, 应为 年-月-日, 如 2026-12-01", "Not a valid date: use YYYY-MM-DD, e.g. 2026-12-01")
  }
}
