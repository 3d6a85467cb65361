import Domain
import Foundation

/// Dates, times and event names as the order file shows them, in China Standard Time.
enum OrderText {
  private static let calendar: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: Day.offset)!
    return calendar
  }()

  private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

  /// `11-27 09:12`.
  static func time(_ date: Date) -> String {
    let c = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
    return "\(two(c.month ?? 0))-\(two(c.day ?? 0)) \(two(c.hour ?? 0)):\(two(c.minute ?? 0))"
  }

  /// `11-27`.
  static func day(_ date: Date) -> String {
    let c = calendar.dateComponents([.month, .day], from: date)
    return "\(two(c.month ?? 0))-\(two(c.day ?? 0))"
  }

  /// `09:12`.
  static func clock(_ date: Date) -> String {
    let c = calendar.dateComponents([.hour, .minute], from: date)
    return "\(two(c.hour ?? 0)):\(two(c.minute ?? 0))"
  }

  /// A moment as a time field offers it, so that `parseTime(_:today: now)` reads it back as the same moment:
  /// `09:12` on the day of `now`, else with the date (`2026-11-29 23:20`, an hour before 00:20).
  static func typed(_ date: Date, now: Date) -> String {
    if calendar.isDate(date, inSameDayAs: now) { return clock(date) }
    return "\(calendar.component(.year, from: date))-\(day(date)) \(clock(date))"
  }

  /// What a time field says when `text` is not a time: which field, what was typed, and what to type.
  static func notATime(_ field: Localized, _ text: String) -> Localized {
    Localized(
      "\(field.zh)格式不对: \(text); 请输入 HH:mm 或 MM-dd HH:mm",
      "\(field.en) not understood: \(text); type HH:mm or MM-dd HH:mm")
  }

  /// What a date field says when `text` is not a date.
  static func notADay(_ field: Localized, _ text: String) -> Localized {
    Localized(
      "\(field.zh)格式不对: \(text); 请输入 MM-dd 或 yyyy-MM-dd",
      "\(field.en) not understood: \(text); type MM-dd or yyyy-MM-dd")
  }

  /// `12-05` for a day.
  static func day(_ day: Day) -> String { "\(two(day.month))-\(two(day.day))" }

  /// Reads a time typed by a clerk: `HH:mm` (today), `MM-dd HH:mm` or `yyyy-MM-dd HH:mm`, full-width
  /// digits accepted. nil when it is none of those.
  static func parseTime(_ text: String, today: Date) -> Date? {
    let normalized = text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
    let parts = normalized.split(separator: " ").map(String.init)
    guard let clockPart = parts.last else { return nil }
    let hm = clockPart.split(separator: ":").compactMap { Int($0) }
    guard hm.count == 2, (0...23).contains(hm[0]), (0...59).contains(hm[1]) else { return nil }
    var c = calendar.dateComponents([.year, .month, .day], from: today)
    if parts.count == 2 {
      let ymd = parts[0].split(separator: "-").compactMap { Int($0) }
      switch ymd.count {
      case 2:
        (c.month, c.day) = (ymd[0], ymd[1])
        c.year = nearestYear(month: ymd[0], day: ymd[1], today: today)
      case 3: (c.year, c.month, c.day) = (ymd[0], ymd[1], ymd[2])
      default: return nil
      }
    } else if parts.count != 1 {
      return nil
    }
    c.hour = hm[0]
    c.minute = hm[1]
    guard let date = calendar.date(from: c), calendar.component(.day, from: date) == c.day else { return nil }
    return date
  }

  /// Reads a day: `yyyy-MM-dd` or `MM-dd` (in the year that puts it nearest today: on 12-28, `01-05` is
  /// next January, not eleven months ago).
  static func parseDay(_ text: String, today: Date) -> Day? {
    let normalized = text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
    if let day = Day(normalized) { return day }
    let md = normalized.split(separator: "-").compactMap { Int($0) }
    guard md.count == 2 else { return nil }
    return Day("\(nearestYear(month: md[0], day: md[1], today: today))-\(normalized)")
  }

  /// The year, of last, this and next, whose `month`-`day` is nearest `today` (China time).
  static func nearestYear(month: Int, day: Int, today: Date) -> Int {
    let now = Day(containing: today)
    let years = [now.year - 1, now.year, now.year + 1].filter { Day.isValid($0, month, day) }
    let distance = { (year: Int) in abs(Day(year, month, day).daysSinceEpoch - now.daysSinceEpoch) }
    return years.min { distance($0) < distance($1) } ?? now.year
  }

  /// What an event in an order's timeline means, in words.
  static func event(_ type: String) -> Localized {
    switch type {
    case "order-received": Localized("受理工单", "order received")
    case "appointment-confirmed": Localized("确认预约", "appointment confirmed")
    case "stage-assigned": Localized("指派环节", "stage assigned")
    case "checklist-item-marked": Localized("勾选检查项", "checklist item ticked")
    case "checklist-item-cleared": Localized("取消勾选", "checklist item cleared")
    case "survey-recorded": Localized("记录勘查", "survey recorded")
    case "contact-recorded": Localized("联系与调查", "contact recorded")
    case "scheme-recorded": Localized("记录方案", "scheme recorded")
    case "scheme-revised": Localized("修订方案", "scheme revised")
    case "confirmation-recorded": Localized("客户确认", "customer's confirmation")
    case "milestone-planned": Localized("计划节点", "milestone planned")
    case "milestone-reached": Localized("节点完成", "milestone reached")
    case "feedback-received": Localized("收到反馈", "feedback received")
    case "feedback-handled": Localized("反馈已处理", "feedback handled")
    case "follow-up-recorded": Localized("回访评分", "follow-up score")
    case "stage-advanced": Localized("完成环节", "stage completed")
    case "order-suspended": Localized("挂起", "suspended")
    case "order-resumed": Localized("恢复", "resumed")
    case "order-archived": Localized("归档", "archived")
    case "order-priority-set": Localized("设置优先", "priority changed")
    case "problem-opened": Localized("开启问题", "problem opened")
    default: Localized(type, type)
    }
  }

  /// A person by login: the staff name when known.
  static func person(_ login: String?, _ state: DomainState) -> String {
    guard let login else { return "-" }
    return state.staff[login]?.name ?? login
  }

  /// `1,234.50元` / `CNY 1,234.50`.
  static func yuan(_ fen: Int64, _ lang: Lang) -> String {
    let sign = fen < 0 ? "-" : ""
    let value = abs(fen)
    var whole = String(value / 100)
    var grouped = ""
    while whole.count > 3 {
      grouped = "," + whole.suffix(3) + grouped
      whole.removeLast(3)
    }
    let cents = value % 100
    let amount = "\(sign)\(whole)\(grouped).\(cents < 10 ? "0" : "")\(cents)"
    return lang == .zh ? amount + "元" : "CNY " + amount
  }
}
