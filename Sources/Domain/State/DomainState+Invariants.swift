import Foundation

extension DomainState {
  /// Debug-only consistency checks of the projections, run by tests after every apply.
  public func checkInvariants() {
    for (id, account) in customerByID {
      precondition(customers[account]?.idNumber == id, "identity index out of step for \(account)")
    }
    for order in orders.values {
      precondition(order.current <= order.stages.count, "current stage beyond the plan in \(order.number)")
      precondition(customers[order.customer] != nil, "order \(order.number) without a customer file")
      for (i, stage) in order.stages.enumerated() {
        if i < order.current { precondition(stage.completed != nil, "\(order.number) stage \(i) not completed") }
        if i > order.current { precondition(stage.started == nil, "\(order.number) stage \(i) started early") }
      }
      precondition(order.timeline.map(\.seq) == order.timeline.map(\.seq).sorted(), "timeline out of order")
      precondition(order.suspensions.dropLast().allSatisfy { $0.to != nil }, "two open suspensions")
      precondition(orders.brief(order.number) == OrderBrief(order), "brief of \(order.number) out of step")
    }
    precondition(orders.briefs.count == orders.values.count, "an order without a brief")
    precondition(customers.count == customerCount, "customer count out of step")
    precondition(problems.count == problemCount, "problem count out of step")
    checkSupervisionInvariants()
  }
}
