import Domain
import Foundation
import Testing

@testable import Engine

/// The demo hall looks like a real hall: its clerks and field staff act in the service hours of working
/// days (a fault's crew at any hour), and its stages mostly finish within their limits.
@Suite struct DemoHallHoursTests {
  private static func hall(seed: UInt64) throws -> (Engine, TempDir) {
    let dir = TempDir()
    let engine = try openEngine(dir)
    try DemoHall(orders: 150, seed: seed, now: fixedNow).populate(engine)
    return (engine, dir)
  }

  private static func isRepair(_ state: DomainState, _ order: Order) -> Bool {
    state.standard(on: Day(containing: order.received)).businessType(order.type)?.group == DemoHall.repairGroup
  }

  @Test(arguments: [1, 3] as [UInt64]) func staffActInServiceHoursOnWorkingDays(_ seed: UInt64) throws {
    let (engine, _dir) = try DemoHallHoursTests.hall(seed: seed)
    _ = _dir
    let state = engine.state
    let hours = state.standard(on: Day(containing: fixedNow)).hours
    var checked = 0
    var acts: Set<String> = []
    for order in state.orders.values where !DemoHallHoursTests.isRepair(state, order) {
      for entry in order.timeline {
        guard let who = state.staff[entry.by], who.has(.clerk) || who.has(.field) else { continue }
        checked += 1
        acts.insert(entry.type)
        #expect(
          hours.contains(entry.at, calendar: state.calendar),
          "\(order.number) \(entry.type) by \(entry.by) at \(entry.at) is outside \(hours.text.en)")
      }
      if let survey = order.survey {
        #expect(hours.contains(survey.started, calendar: state.calendar), "\(order.number) survey started")
        #expect(hours.contains(survey.ended, calendar: state.calendar), "\(order.number) survey ended")
      }
    }
    // The check saw the acts it is about, not an empty hall.
    #expect(checked > 300)
    #expect(acts.isSuperset(of: ["order-received", "survey-recorded", "stage-advanced", "checklist-item-marked"]))
    // A fault is reported and repaired at any hour: some repair act falls outside the service hours.
    let repairs = state.orders.values.filter { DemoHallHoursTests.isRepair(state, $0) }
    #expect(repairs.contains { order in order.timeline.contains { !hours.contains($0.at, calendar: state.calendar) } })
  }

  @Test func onTimeRatesAreThoseOfARealHall() throws {
    let (engine, _dir) = try DemoHallHoursTests.hall(seed: 3)
    _ = _dir
    let state = engine.state
    // Repairs whose crew reached the site: most within the 45/90/120 minutes, not one in fourteen.
    let repairs = state.orders.values.filter { order in
      DemoHallHoursTests.isRepair(state, order) && order.stages.contains { $0.kind == .survey && $0.completed != nil }
    }
    #expect(repairs.count >= 5)
    let repairsOnTime = repairs.filter { state.stagesOnTime($0) }.count
    let repairRate = Double(repairsOnTime) / Double(max(1, repairs.count))
    #expect(repairRate >= 0.6, "repairs on time: \(repairsOnTime) of \(repairs.count)")
    // Every order with completed stages: a believable share on time, and some late (a real hall has some).
    let worked = state.orders.values.filter { order in order.stages.contains { $0.completed != nil } }
    let onTime = worked.filter { state.stagesOnTime($0) }.count
    let rate = Double(onTime) / Double(max(1, worked.count))
    #expect(rate >= 0.6 && rate < 1, "orders on time: \(onTime) of \(worked.count)")
  }

  /// Even a small hall has open orders at every stage its types have (the survey included) and some
  /// archived: the orders are spread evenly over their stages, not by how far their dates let them come.
  @Test(arguments: [(60, 1), (40, 1), (60, 3)] as [(Int, UInt64)])
  func aSmallHallHasOrdersAtEveryStage(orders: Int, seed: UInt64) throws {
    // A Sunday afternoon, as the Workbench's demo is seen, and a Friday afternoon.
    for now in [Day(2026, 11, 29).start.addingTimeInterval(14 * 3600 + 5 * 60), fixedNow] {
      let dir = TempDir()
      let engine = try openEngine(dir)
      try DemoHall(orders: orders, seed: seed, now: now).populate(engine)
      let state = engine.state
      #expect(state.orders.count == orders)
      let kinds = Set(state.standard(on: Day(containing: now)).businessTypes.flatMap { $0.stages.map(\.kind) })
      let open = state.orders.values.filter { !$0.isArchived }
      for kind in kinds {
        #expect(open.contains { $0.currentKind == kind }, "no open order at \(kind) (\(orders) orders, seed \(seed))")
      }
      #expect(state.orders.values.contains { $0.isArchived })
      // A site survey still to be done, on an order that is not suspended.
      #expect(
        open.contains { $0.currentKind == .survey && !$0.isSuspended && state.isSiteVisit($0, stage: $0.current) })
    }
  }
}
