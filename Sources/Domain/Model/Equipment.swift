import Foundation

/// An instrument or device of the hall (guide ch. 1.2): usable only when calibrated, not overdue and
/// within tolerance.
public struct Equipment: Sendable, Hashable, Codable {
  public var assetNo: String
  public var kind: String
  public var name: String
  public var calibratedOn: Day
  public var dueOn: Day
  /// Measured error at the last calibration, in percent (absolute value is compared).
  public var errorPercent: Double
  public var active: Bool

  public init(assetNo: String, kind: String, name: String, calibratedOn: Day, dueOn: Day, errorPercent: Double) {
    self.assetNo = assetNo
    self.kind = kind
    self.name = name
    self.calibratedOn = calibratedOn
    self.dueOn = dueOn
    self.errorPercent = errorPercent
    self.active = true
  }

  /// Why it cannot be used on a day, or nil when it can.
  public func unusableReason(on day: Day, tolerancePercent: Double) -> Localized? {
    if !active { return Localized("已停用", "retired") }
    if dueOn < day { return Localized("校验已过期 (\(dueOn))", "calibration overdue (\(dueOn))") }
    if abs(errorPercent) > tolerancePercent {
      return Localized(
        "误差 \(errorPercent)% 超出 ±\(tolerancePercent)%", "error \(errorPercent)% outside ±\(tolerancePercent)%")
    }
    return nil
  }
}

/// An instrument's calibration as it stood when it was used: a survey keeps it, so that a later
/// recalibration never changes what the survey was done with (guide ch. 1.2).
public struct InstrumentCalibration: Sendable, Hashable, Codable {
  public var assetNo: String
  public var name: String
  public var calibratedOn: Day
  public var dueOn: Day
  /// Measured error at that calibration, in percent.
  public var errorPercent: Double

  public init(assetNo: String, name: String, calibratedOn: Day, dueOn: Day, errorPercent: Double) {
    self.assetNo = assetNo
    self.name = name
    self.calibratedOn = calibratedOn
    self.dueOn = dueOn
    self.errorPercent = errorPercent
  }

  public init(_ equipment: Equipment) {
    self.init(
      assetNo: equipment.assetNo, name: equipment.name, calibratedOn: equipment.calibratedOn, dueOn: equipment.dueOn,
      errorPercent: equipment.errorPercent)
  }
}
