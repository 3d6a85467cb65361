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

  /// Which limit decides when a stage must be done.
  public enum BindingLimit: String, Sendable, Hashable {
    /// The stage's own limit.
    case stage
    /// The whole process's limit (`total-limit`) runs out first: the stage must be done by then too.
    case process
  }

  /// When a stage must be done: its own due moment, or the whole process's when that comes first — a
  /// stage's effective deadline is never later than the process's. nil for a stage without either
  /// limit, or one whose due moment is not known yet. `flagged` as for `DeadlineClock.projectedDue`.
  public func effectiveDue(_ order: Order, stage index: Int, now: Date) -> (
    date: Date, binding: BindingLimit, flagged: Bool
  )? {
    func due(_ clock: DeadlineClock?) -> (date: Date, flagged: Bool)? {
      guard let clock else { return nil }
      let d = clock.due(calendar: calendar)
      if let date = d.date { return (date, d.flagged) }
      return clock.projectedDue(at: now, calendar: calendar)
    }
    let started =
      index < order.stages.count
      && (order.stages[index].started != nil
        || template(of: order, stage: index)?.clockStart == .orderReceived)
    let stage = started ? due(stageClock(order, stage: index)) : nil
    let process = due(totalClock(order))
    switch (stage, process) {
    case (nil, nil): return nil
    case (let s?, nil): return (s.date, .stage, s.flagged)
    case (nil, let p?): return started ? (p.date, .process, p.flagged) : nil
    case (let s?, let p?): return p.date < s.date ? (p.date, .process, p.flagged) : (s.date, .stage, s.flagged)
    }
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
