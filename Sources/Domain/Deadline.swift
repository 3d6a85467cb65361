import Foundation

/// The unit a time limit is given in.
public enum TimeUnit: String, Codable, Sendable, Hashable, CaseIterable {
  /// Working time: every minute of a working day (00:00–24:00 China Standard Time) counts, minutes of
  /// days off do not. Most service commitments are given in working days.
  case workingDays = "working-days"
  /// Clock time: repairs and callbacks run around the clock.
  case hours
  case minutes
}

/// A time limit from the standard, such as 3 working days or 45 minutes.
public struct TimeLimit: Codable, Hashable, Sendable, CustomStringConvertible {
  public var amount: Int
  public var unit: TimeUnit

  public init(_ amount: Int, _ unit: TimeUnit) {
    self.amount = amount
    self.unit = unit
  }

  public static func workingDays(_ n: Int) -> TimeLimit { TimeLimit(n, .workingDays) }
  public static func hours(_ n: Int) -> TimeLimit { TimeLimit(n, .hours) }
  public static func minutes(_ n: Int) -> TimeLimit { TimeLimit(n, .minutes) }

  /// The limit in seconds of its measure: working seconds for working days, clock seconds otherwise.
  public var seconds: Double {
    switch unit {
    case .workingDays: Double(amount) * 86400
    case .hours: Double(amount) * 3600
    case .minutes: Double(amount) * 60
    }
  }

  /// `3工作日`, `2小时`, `45分钟` / `3 working days`, `1 hour`, `45 minutes`.
  public func text(_ lang: Lang) -> String {
    switch (unit, lang) {
    case (.workingDays, .zh): "\(amount)工作日"
    case (.hours, .zh): "\(amount)小时"
    case (.minutes, .zh): "\(amount)分钟"
    case (.workingDays, .en): amount == 1 ? "1 working day" : "\(amount) working days"
    case (.hours, .en): amount == 1 ? "1 hour" : "\(amount) hours"
    case (.minutes, .en): amount == 1 ? "1 minute" : "\(amount) minutes"
    }
  }

  public var description: String { text(.en) }
}

/// A time during which a deadline's clock stops because the customer is the cause (waiting for
/// documents, for the customer's own works, for a reply). `to` is nil while it lasts.
public struct Suspension: Codable, Hashable, Sendable {
  public var from: Date
  public var to: Date?

  public init(from: Date, to: Date? = nil) {
    self.from = from
    self.to = to
  }
}

/// Where a deadline stands at a moment.
public enum DeadlineStatus: String, Codable, Sendable, Hashable, CaseIterable {
  case ok
  /// 80 % or more of the limit used.
  case warning
  case overdue
  /// The clock is stopped now (the customer is the cause).
  case suspended
  case done
}

/// How a finished stage met its deadline.
public struct DeadlineCompletion: Codable, Hashable, Sendable {
  /// When the time ran out, clock paused over the suspensions.
  public var due: Date
  public var onTime: Bool
  /// Clock seconds from `due` to completion; 0 when on time.
  public var late: TimeInterval
  /// The fraction of the limit used (above 1 when late).
  public var used: Double
  /// The due date depended on a year with no calendar loaded.
  public var flagged: Bool
  /// The limit's unit, and the time over the limit in its measure (working seconds for working days).
  public var unit: TimeUnit = .hours
  public var overrun: TimeInterval = 0
}

/// The clock of one deadline: when it started, its limit, and the times it was stopped.
///
/// Working-day limits are measured in working time (see `TimeUnit.workingDays`); hour and minute limits
/// in clock time. Suspensions are left out of both. All questions take the moment to answer for and the
/// calendar as arguments: nothing here reads the wall clock.
public struct DeadlineClock: Codable, Hashable, Sendable {
  public var start: Date
  public var limit: TimeLimit
  public var suspensions: [Suspension]

  public init(start: Date, limit: TimeLimit, suspensions: [Suspension] = []) {
    self.start = start
    self.limit = limit
    self.suspensions = suspensions
  }

  // MARK: Suspending

  /// Whether the clock is stopped at `now`.
  public func isSuspended(at now: Date) -> Bool {
    suspensions.contains { $0.from <= now && ($0.to.map { now < $0 } ?? true) }
  }

  /// Stops the clock at `now`; does nothing if an open suspension exists already.
  public mutating func suspend(at now: Date) {
    guard !suspensions.contains(where: { $0.to == nil }) else { return }
    suspensions.append(Suspension(from: now))
  }

  /// Restarts the clock at `now`, closing the open suspension; does nothing if there is none.
  public mutating func resume(at now: Date) {
    guard let i = suspensions.lastIndex(where: { $0.to == nil }) else { return }
    suspensions[i].to = max(now, suspensions[i].from)
  }

  // MARK: Measuring

  private func measure(_ date: Date, _ calendar: WorkCalendar) -> Double {
    limit.unit == .workingDays ? calendar.workingSeconds(at: date) : date.timeIntervalSince1970
  }

  private func moment(_ value: Double, _ calendar: WorkCalendar) -> Date {
    limit.unit == .workingDays ? calendar.date(atWorkingSeconds: value) : Date(timeIntervalSince1970: value)
  }

  /// The suspensions after the start, in order, overlaps merged; an open one ends at `openEnd` (nil:
  /// stays open).
  private func stops(openEnd: Date?) -> [(from: Date, to: Date?)] {
    var list: [(from: Date, to: Date?)] = []
    for s in suspensions {
      let from = max(s.from, start)
      var to = s.to ?? openEnd.map { max($0, s.from) }
      if let t = to { to = max(t, from) }
      if let t = to, t <= start { continue }
      list.append((from, to))
    }
    if list.count > 1 { list.sort { $0.from < $1.from } }
    var merged: [(from: Date, to: Date?)] = []
    for s in list {
      guard let last = merged.last else {
        merged.append(s)
        continue
      }
      // An open stop swallows everything after it.
      guard let lastTo = last.to else { break }
      if s.from <= lastTo {
        merged[merged.count - 1].to = s.to.map { max($0, lastTo) }
      } else {
        merged.append(s)
      }
    }
    return merged
  }

  /// The time counted against the limit from the start to `now`, in seconds of the limit's measure.
  public func elapsed(at now: Date, calendar: WorkCalendar) -> Double {
    guard now > start else { return 0 }
    var total = measure(now, calendar) - measure(start, calendar)
    for s in stops(openEnd: now) where s.from < now {
      let end = min(s.to ?? now, now)
      total -= measure(end, calendar) - measure(s.from, calendar)
    }
    return max(0, total)
  }

  /// The fraction of the limit used at `now` (1 when the time has run out; more when overdue).
  public func used(at now: Date, calendar: WorkCalendar) -> Double {
    let l = limit.seconds
    return l > 0 ? elapsed(at: now, calendar: calendar) / l : 1
  }

  private func solveDue(openEnd: Date?, calendar: WorkCalendar) -> Date? {
    var remaining = limit.seconds
    var cursor = measure(start, calendar)
    // A zero limit on a day boundary would otherwise map back to the end of the previous working day.
    func answer(_ value: Double) -> Date { max(start, moment(value, calendar)) }
    for s in stops(openEnd: openEnd) {
      let f = measure(s.from, calendar)
      if f - cursor >= remaining { return answer(cursor + remaining) }
      remaining -= max(0, f - cursor)
      guard let to = s.to else { return nil }
      cursor = max(cursor, measure(to, calendar))
    }
    return answer(cursor + remaining)
  }

  private func isFlagged(_ due: Date?, _ calendar: WorkCalendar) -> Bool {
    guard limit.unit == .workingDays else { return false }
    let from = Day(containing: start)
    guard let due else { return !calendar.isKnown(year: from.year) }
    return calendar.isFlagged(from: from, to: Day(containing: due))
  }

  /// When the time runs out, given the suspensions recorded. nil while a suspension is open that began
  /// before the time ran out: nobody knows yet when the clock will restart (use `projectedDue(at:)`
  /// for "if it restarted now"). `flagged` when the date depends on a year with no calendar loaded.
  public func due(calendar: WorkCalendar) -> (date: Date?, flagged: Bool) {
    let date = solveDue(openEnd: nil, calendar: calendar)
    return (date, isFlagged(date, calendar))
  }

  /// When the time runs out if an open suspension ended at `now` and the clock ran on from there.
  public func projectedDue(at now: Date, calendar: WorkCalendar) -> (date: Date, flagged: Bool) {
    let date = solveDue(openEnd: now, calendar: calendar) ?? now
    return (date, isFlagged(date, calendar))
  }

  /// The status at `now`: suspended if stopped now; overdue once `now` is past the due moment; warning
  /// from 80 % used; else ok. (A finished stage is `.done`: see `completion(at:calendar:)`.)
  public func status(at now: Date, calendar: WorkCalendar) -> DeadlineStatus {
    if isSuspended(at: now) { return .suspended }
    let e = elapsed(at: now, calendar: calendar)
    let l = limit.seconds
    if e < 0.8 * l { return .ok }
    if e < l { return .warning }
    return now > projectedDue(at: now, calendar: calendar).date ? .overdue : .warning
  }

  /// Time left at `now`, in seconds of the limit's measure (working seconds for a working-day limit):
  /// positive while time is left, negative once overdue. Time left and time overdue are in the same
  /// measure, so `剩 1工作日` is followed by `超期 0.5工作日`, not by a count of calendar days.
  public func remaining(at now: Date, calendar: WorkCalendar) -> TimeInterval {
    limit.seconds - elapsed(at: now, calendar: calendar)
  }

  /// Status, time left and fraction used at `now` in one pass (the queue needs all three for every
  /// open order, so the elapsed time and the due moment are worked out once).
  public func evaluate(at now: Date, calendar: WorkCalendar) -> (
    status: DeadlineStatus, remaining: TimeInterval, used: Double
  ) {
    let e = elapsed(at: now, calendar: calendar)
    let l = limit.seconds
    let used = l > 0 ? e / l : 1
    if isSuspended(at: now) { return (.suspended, max(0, l - e), used) }
    if e < l { return (e < 0.8 * l ? .ok : .warning, l - e, used) }
    let due = projectedDue(at: now, calendar: calendar).date
    return (now > due ? .overdue : .warning, l - e, used)
  }

  /// The years with no calendar loaded that this deadline depends on at `now`: from the start to the
  /// (projected) due moment or `now`, whichever is later. Empty for clock-time limits, which need no
  /// calendar. A deadline that depends on such a year is provisional: counted Monday to Friday.
  public func missingYears(at now: Date, calendar: WorkCalendar) -> [Int] {
    guard limit.unit == .workingDays else { return [] }
    let from = Day(containing: start).year
    let to = Day(containing: max(now, projectedDue(at: now, calendar: calendar).date)).year
    guard to >= from else { return [] }
    return (from...min(to, from + 200)).filter { !calendar.isKnown(year: $0) }
  }

  /// Whether the deadline depends at `now` on a year with no calendar loaded (see `missingYears`).
  public func isProvisional(at now: Date, calendar: WorkCalendar) -> Bool {
    !missingYears(at: now, calendar: calendar).isEmpty
  }

  /// How the deadline was met by a stage finished at `end`; a suspension still open ends there.
  public func completion(at end: Date, calendar: WorkCalendar) -> DeadlineCompletion {
    let (due, flagged) = projectedDue(at: end, calendar: calendar)
    let used = used(at: end, calendar: calendar)
    let late = max(0, end.timeIntervalSince(due))
    let overrun = late == 0 ? 0 : max(0, used - 1) * limit.seconds
    return DeadlineCompletion(
      due: due, onTime: late == 0, late: late, used: used, flagged: flagged, unit: limit.unit, overrun: overrun)
  }
}

/// Short texts for deadlines in queues and detail panes.
public enum DeadlineFormat {
  /// `剩 3工作日`, `剩 1.9工作日`, `剩 4小时`, `剩 38分钟`, `超期 1.5工作日`, `超期 2小时` / `3 wd left`,
  /// `1.9 wd left`, `4 h left`, `38 min left`, `1.5 wd overdue`, `2 h overdue`.
  ///
  /// - Parameters:
  ///   - seconds: as from `DeadlineClock.remaining(at:calendar:)`: in the limit's measure (working seconds
  ///     for a working-day limit), positive while time is left, negative once overdue.
  ///   - unit: the limit's unit. Time left and time overdue are shown in the same unit: working days
  ///     (from 1 working day) for a working-day limit, days (from 2 days) for a clock limit, else hours,
  ///     else minutes. Below 10 of a unit one decimal is shown, so that a text never understates by more
  ///     than a tenth: 1.92 working days left is `剩 1.9工作日`, not `剩 1工作日`. Time left is rounded
  ///     down (a screen never promises more than there is), time overdue up (nor hides lateness).
  public static func remaining(_ seconds: TimeInterval, unit: TimeUnit, lang: Lang) -> String {
    if seconds > 0 {
      let text = amount(seconds, unit: unit, up: false, lang: lang)
      return lang == .zh ? "剩 \(text)" : "\(text) left"
    }
    return late(-seconds, unit: unit, lang: lang)
  }

  /// `超期 1.5工作日`, `超期 3小时`, `超期 5分钟` / `1.5 wd overdue`, …; `到期` / `due now` at 0. `seconds` in
  /// the measure of `unit` (working seconds for working days; clock seconds otherwise, the default).
  public static func late(_ seconds: TimeInterval, unit: TimeUnit = .hours, lang: Lang) -> String {
    guard seconds > 0 else { return lang == .zh ? "到期" : "due now" }
    let text = amount(seconds, unit: unit, up: true, lang: lang)
    return lang == .zh ? "超期 \(text)" : "\(text) overdue"
  }

  /// An amount of time in the largest unit it fills: `1.9工作日`, `3天`, `4.5小时`, `38分钟`.
  static func amount(_ seconds: TimeInterval, unit: TimeUnit, up: Bool, lang: Lang) -> String {
    func number(_ value: Double) -> String {
      // Below 10: tenths; from 10: whole units. A hair of float error must not cost a tenth.
      let scale = value < 10 ? 10.0 : 1.0
      let scaled = value * scale
      let near = scaled.rounded()
      let n = abs(scaled - near) < 1e-6 ? near : (up ? scaled.rounded(.up) : scaled.rounded(.down))
      let whole = n / scale
      return whole == whole.rounded() ? String(Int(whole)) : String(format: "%.1f", whole)
    }
    if unit == .workingDays, seconds >= 86400 {
      let n = number(seconds / 86400)
      return lang == .zh ? "\(n)工作日" : "\(n) wd"
    }
    if unit != .workingDays, seconds >= 2 * 86400 {
      let n = number(seconds / 86400)
      return lang == .zh ? "\(n)天" : "\(n) d"
    }
    if seconds >= 3600 {
      let n = number(seconds / 3600)
      return lang == .zh ? "\(n)小时" : "\(n) h"
    }
    let minutes = seconds / 60
    let n = max(1, Int(up ? minutes.rounded(.up) : minutes.rounded(.down)))
    return lang == .zh ? "\(n)分钟" : "\(n) min"
  }

  /// Appended to a deadline text that depends on a year with no calendar loaded: `剩 3工作日?`.
  public static let provisionalMark = "?"

  /// `text` marked as provisional when `provisional` (see `provisionalMark`).
  public static func marked(_ text: String, provisional: Bool) -> String {
    provisional ? text + provisionalMark : text
  }

  /// What the mark means, naming the missing years: for a legend under a list or a detail pane.
  public static func provisionalNote(_ years: [Int]) -> Localized {
    let list = years.map(String.init).joined(separator: "、")
    let listEn = years.map(String.init).joined(separator: ", ")
    return Localized(
      "\(provisionalMark) 时限用到 \(list) 年, 该年节假日安排尚未载入, 暂按周一至周五计算; 请管理员载入该年日历。",
      "\(provisionalMark) the deadline runs into \(listEn), whose holiday calendar is not loaded: counted Monday to Friday "
        + "for now. An administrator should load that year's calendar.")
  }

  /// `挂起` / `suspended`.
  public static func suspended(_ lang: Lang) -> String { lang == .zh ? "挂起" : "suspended" }

  /// The text for a running deadline at `now`: `挂起` while suspended, else `remaining(…)`, marked `?`
  /// when it depends on a year with no calendar loaded.
  public static func text(_ clock: DeadlineClock, at now: Date, calendar: WorkCalendar, lang: Lang) -> String {
    if clock.isSuspended(at: now) { return suspended(lang) }
    return marked(
      remaining(clock.remaining(at: now, calendar: calendar), unit: clock.limit.unit, lang: lang),
      provisional: clock.isProvisional(at: now, calendar: calendar))
  }

  /// `按时完成` / `done on time`, or `超期 2小时完成` / `done 2 h late`: lateness in the limit's unit (working
  /// time for a working-day limit), or in clock time when none of the limit's measure had passed (done on
  /// a Saturday after a limit that ran out on Friday night).
  public static func completion(_ c: DeadlineCompletion, lang: Lang) -> String {
    if c.onTime { return lang == .zh ? "按时完成" : "done on time" }
    let text = c.overrun > 0 ? late(c.overrun, unit: c.unit, lang: lang) : late(c.late, lang: lang)
    if lang == .zh { return text + "完成" }
    return "done " + text.replacingOccurrences(of: "overdue", with: "late")
  }
}
