import Domain
import Foundation
import Store
import Testing

@testable import Engine

/// The demo hall's supervisor's desk: risks, a repeat complaint that fires its warning, a violation,
/// notices, an improvement plan and an audit, all reproducible for a seed.
@Suite struct DemoSupervisionTests {
  private final class Directory {
    let path = NSTemporaryDirectory() + "griddesk-demo-supervision-" + UUID().uuidString
    deinit { try? FileManager.default.removeItem(atPath: path) }
  }

  private static let now = Day(2026, 11, 27).start.addingTimeInterval(14 * 3600)  // Friday 14:00 CST

  private static func demo(_ dir: Directory) throws -> Engine {
    let store = try LogStore.open(directory: dir.path, createIfMissing: true, demo: true)
    let engine = try Engine(store: store, login: "admin", clock: { now })
    try engine.bootstrapIfNew(name: "管理员")
    try DemoHall(orders: 60, seed: 3, now: now).populate(engine)
    return engine
  }

  @Test func demoHasASupervisorsDesk() throws {
    let a = Directory()
    let b = Directory()
    let engine = try DemoSupervisionTests.demo(a)
    let desk = engine.state.supervision
    #expect(desk.risks.count >= 2)
    #expect(desk.violations.first?.statements.isEmpty == false)
    #expect(desk.notices.count == 2 && desk.unacknowledged("wangli").isEmpty)
    #expect(desk.plans.first?.kpi == KPI.followUpRate)
    #expect(desk.audits.first?.sample.isEmpty == false)
    #expect(desk.points(of: "wangli") == 5)
    let warnings = engine.state.warnings(now: DemoSupervisionTests.now)
    #expect(warnings.contains { $0.rule == .repeatComplaints })
    #expect(warnings.contains { $0.rule == .stageDeadline && $0.level == .red })
    #expect(warnings.contains { $0.rule == .calibrationDue })
    engine.state.checkInvariants()
    // Reproducible, and it survives a snapshot.
    let again = try DemoSupervisionTests.demo(b)
    #expect(again.state.supervision == desk)
    #expect(try DomainState(snapshot: engine.state.snapshotBytes()).supervision == desk)
  }
}
