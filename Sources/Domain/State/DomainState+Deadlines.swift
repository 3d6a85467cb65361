import Foundation

extension DomainState {
  /// The clock of one stage of an order: its limit from the template the order keeps, started by the
  /// event the template names, stopped while the order was suspended.
  public func stageClock(_ order: Order, stage index: Int) -> DeadlineClock? {
    guard index < order.stages.count, let template = template(of: order, stage: index), let limit = template.limit
    else { return nil }
    let start: Date?
    switch template.clockStart {
    case .orderReceived: start = order.received
    case .stageStart: start = order.stages[index].started
    }
    guard let start else { return nil }
    return DeadlineClock(start: start, limit: limit, suspensions: order.suspensions.map(\.clockSuspension))
  }

  /// The clock of an order's current stage, from its brief (`type`: its business type, when looked up).
  public func currentStageClock(_ order: OrderBrief, type: BusinessType?) -> DeadlineClock? {
    guard let type, order.current < order.stageCount, order.current < type.stages.count else { return nil }
    let template = type.stages[order.current]
    guard let limit = template.limit else { return nil }
    let start: Date?
    switch template.clockStart {
    case .orderReceived: start = order.received
    case .stageStart: start = order.stageStarted
    }
    guard let start else { return nil }
    return DeadlineClock(start: start, limit: limit, suspensions: order.suspensions)
  }

  /// The clock of the whole process, from receipt, when the business type has an overall limit.
  public func totalClock(_ order: Order) -> DeadlineClock? {
    guard let limit = businessType(of: order)?.totalLimit else { return nil }
    return DeadlineClock(start: order.received, limit: limit, suspensions: order.suspensions.map(\.clockSuspension))
  }

  /// Where a stage stands: done (on time or late), running, suspended or not started.
  public func stageStatus(_ order: Order, stage index: Int, now: Date) -> DeadlineStatus {
    guard index < order.stages.count else { return .done }
    let stage = order.stages[index]
    if stage.completed != nil { return .done }
    if order.isSuspended && index == order.current { return .suspended }
    guard let clock = stageClock(order, stage: index) else { return .ok }
    return clock.status(at: now, calendar: calendar)
  }
}

extension OrderSuspension {
  var clockSuspension: Suspension { Suspension(from: from, to: to) }
}
