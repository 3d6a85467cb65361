import Foundation

// Guide ch. 2.1: the appointment is one fact. Confirming it (`confirm-appointment`, `a` on screen) also
// ticks the intake item that asks for it; the item cannot be ticked any other way, and intake does not
// complete while an appointment is unconfirmed.
extension DomainState {
  /// The id of the intake checklist item that asks for the appointment.
  public static let appointmentItem = "confirm-appointment"

  /// Refuses an appointment in the past, or outside the hall's service hours (repairs: any hour).
  func checkAppointment(_ at: Date, type: BusinessType?, standard: Standard?, _ ctx: DecisionContext)
    throws(DomainError)
  {
    let hours = standard?.hours ?? .default
    guard at >= ctx.now else { throw .appointmentPast(hours) }
    if type?.group == "repair" { return }
    guard hours.contains(at, calendar: calendar) else { throw .appointmentOutsideHours(at, hours) }
  }
}

extension DomainError {
  static func appointmentPast(_ hours: ServiceHours) -> DomainError {
    DomainError(
      .orderAppointment, "预约时间已过: 请填写今后的时间 (营业时间 \(hours.text.zh))",
      "The appointment is in the past: enter a later time (service hours \(hours.text.en))", field: .appointment)
  }

  static func appointmentOutsideHours(_ at: Date, _ hours: ServiceHours) -> DomainError {
    let day = Day(containing: at)
    let minutes = Int(at.timeIntervalSince(day.start) / 60)
    let time = "\(day) " + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    return DomainError(
      .orderAppointmentHours, "预约时间 \(time) 不在营业时间内: 请填写\(hours.text.zh)之间的时间",
      "The appointment \(time) is outside the service hours: enter a time on \(hours.text.en)", field: .appointment)
  }

  static let appointmentItemNeedsConfirmation = DomainError(
    .checklistAppointment, "「确认预约时间」随确认预约一并勾选: 请用确认预约 (a) 录入与客户约定的时间",
    "\"Confirm the appointment\" is ticked by confirming it: use confirm appointment (a) with the time agreed")
  static let appointmentRequested = DomainError(
    .checklistAppointmentRequested, "客户已约时间, 此项不能标记不适用: 请用确认预约 (a) 确认",
    "The customer asked for an appointment, so this item is not inapplicable: confirm it with a")
  static let appointmentUnconfirmed = DomainError(
    .intakeAppointment, "预约尚未确认, 受理不能完成: 请先用确认预约 (a) 与客户确认时间",
    "The appointment is not confirmed, so intake cannot complete: confirm it with the customer first (a)")
  static func milestoneAfterDeadline(_ planned: Day, _ due: Day) -> DomainError {
    DomainError(
      .milestoneAfterDeadline, "计划日期 \(planned) 晚于执行时限 \(due): 请填写原因, 或改为 \(due) 之前",
      "Planned \(planned) is after the execution deadline \(due): give a reason, or plan it by \(due)")
  }
}
