import Foundation

// Guide ch. 1.2: 同时, 应检查网络连接、系统登录权限及数据备份情况. The daily check is all ready only when the
// clerk's answers are, and the store's last verified backup (recorded with the check, not typed) is current;
// equipment that is not usable today may not be reported ready.
extension ReadinessCheck {
  /// What `RecordReadiness.backup` holds when the store has never been backed up.
  public static let neverBackedUp = "never"

  /// The text recorded for the store's last verified backup: `yyyy-MM-dd HH:mm HEAD` (China time), or
  /// `never`.
  public static func backupText(time: Date?, head: String) -> String {
    guard let time else { return neverBackedUp }
    let day = Day(containing: time)
    let minutes = Int(time.timeIntervalSince(day.start) / 60)
    return "\(day) " + String(format: "%02d:%02d", minutes / 60, minutes % 60) + " \(head)"
  }

  /// The day of the backup recorded with the check; nil when there was none (or the text says no day).
  public var backupDay: Day? { Self.backupDay(backup) }

  static func backupDay(_ backup: String) -> Day? {
    guard backup != neverBackedUp else { return nil }
    return Day(String(backup.prefix(10)))
  }

  /// Whether the backup recorded with the check was current: made on the day of the check or since the
  /// working day before it (a Friday night backup serves Monday).
  public func backupCurrent(calendar: WorkCalendar) -> Bool {
    Self.isBackupCurrent(backup, on: day, calendar: calendar)
  }

  /// Whether a backup (as `backupText` writes it) is current for a check on `day`.
  public static func isBackupCurrent(_ backup: String, on day: Day, calendar: WorkCalendar) -> Bool {
    guard let made = backupDay(backup) else { return false }
    var previous = day.adding(days: -1)
    var guardDays = 0
    while !calendar.isWorkingDay(previous) && guardDays < 30 {
      previous = previous.adding(days: -1)
      guardDays += 1
    }
    return made >= previous
  }

  /// Everything ready: the clerk's answers and a current backup.
  public func allReady(calendar: WorkCalendar) -> Bool { allOK && backupCurrent(calendar: calendar) }
}

extension DomainState {
  /// Active equipment that cannot be used on a day, with why (calibration overdue, error out of tolerance).
  public func unusableEquipment(on day: Day) -> [(equipment: Equipment, why: Localized)] {
    let tolerance = standard(on: day).calibrationTolerancePercent
    return equipment.values.filter(\.active).sorted { $0.assetNo < $1.assetNo }.compactMap { item in
      item.unusableReason(on: day, tolerancePercent: tolerance).map { (item, $0) }
    }
  }
}

extension DomainError {
  static func readinessEquipmentUnusable(_ items: [(equipment: Equipment, why: Localized)]) -> DomainError {
    // The action and the asset numbers first (a key bar at 80 columns shows the start), the reasons last.
    let assets = items.map(\.equipment.assetNo)
    let zh = items.map { "\($0.equipment.name) \($0.equipment.assetNo) \($0.why.zh)" }.joined(separator: "; ")
    let en = items.map { "\($0.equipment.name) \($0.equipment.assetNo): \($0.why.en)" }.joined(separator: "; ")
    return DomainError(
      .readinessEquipment,
      "\(assets.joined(separator: "、")) 不可用: 「设备可用」请选否, 在说明中写明处理 (送检或停用)。\(zh)",
      "\(assets.joined(separator: ", ")) not usable: answer no to \"Equipment ready\" and say in the note what is done (calibration, retired). \(en)"
    )
  }
}
