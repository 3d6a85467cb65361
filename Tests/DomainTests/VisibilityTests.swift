import Foundation
import Testing

@testable import Domain

/// What each role may see is a rule (issue 12, item 11), and a reveal names real fields (item 12).
@Suite struct VisibilityTests {
  @Test func anAccountThatIsNotStaffSeesNothingButWhomToAsk() throws {
    let h = try Harness.hall()
    for area in Area.allCases {
      #expect(h.state.sight(area, for: "stranger") == .none)
      let refusal = try #require(h.state.sightRefusal(area, for: "stranger", needs: .own))
      #expect(refusal.code.rawValue == "auth.unknown-account")
      // Whom to ask: the hall's admin, by name and login.
      #expect(refusal.message.zh.contains("管理员 (admin)"))
      #expect(refusal.message.en.contains("ask an admin"))
    }
    #expect(h.state.readingRefusal(for: "stranger") != nil)
    #expect(h.state.readingRefusal(for: "wangli") == nil)
  }

  @Test func aDisabledAccountSeesNothing() throws {
    var h = try Harness.hall()
    try h.run(SetStaffActive(login: "liuyang", active: false, reason: "调离"), as: "admin")
    for area in Area.allCases { #expect(h.state.sight(area, for: "liuyang") == .none) }
    #expect(h.state.sightRefusal(.orders, for: "liuyang")?.code.rawValue == "auth.disabled")
  }

  @Test func aClerkSeesTheOrdersAndTheirOwnNotTheRiskRegisterOrAudits() throws {
    let h = try Harness.hall()
    let clerk = { (area: Area) in h.state.sight(area, for: "wangli") }
    #expect(clerk(.orders) == .all)
    #expect(clerk(.intake) == .all)
    #expect(clerk(.customers) == .all)
    #expect(clerk(.standard) == .all)
    for area in [Area.kpis, .notices, .problems, .violations, .readiness] { #expect(clerk(area) == .own, "\(area)") }
    for area in [Area.risks, .audits, .dashboard, .oversight, .staff, .plans, .events] {
      #expect(clerk(area) == .none, "\(area)")
      let refusal = try #require(h.state.sightRefusal(area, for: "wangli"))
      #expect(refusal.code.rawValue == "auth.sight")
      // Whom to ask: the hall's supervisor.
      #expect(refusal.message.zh.contains("赵敏 (zhaomin)"), "\(refusal.message.zh)")
    }
    // Their own KPIs, not the hall's.
    #expect(h.state.sightRefusal(.kpis, for: "wangli", needs: .own) == nil)
    #expect(h.state.sightRefusal(.kpis, for: "wangli", needs: .all)?.message.en.contains("only your own") == true)
  }

  @Test func fieldStaffDoNotReceiveOrders() throws {
    let h = try Harness.hall()
    #expect(h.state.sight(.orders, for: "liqiang") == .all)
    #expect(h.state.sight(.intake, for: "liqiang") == .none)
    #expect(h.state.sight(.customers, for: "liqiang") == .none)
    #expect(h.state.sight(.kpis, for: "liqiang") == .own)
  }

  @Test func supervisorsAuditorsAndAdminsSeeEverything() throws {
    let h = try Harness.hall()
    for login in ["zhaomin", "sunhao", "admin"] {
      for area in Area.allCases {
        #expect(h.state.sight(area, for: login) == .all, "\(login) \(area)")
        #expect(h.state.sightRefusal(area, for: login) == nil)
      }
    }
  }

  @Test func theWidestRoleCounts() throws {
    var h = try Harness.hall()
    try h.run(
      UpdateStaff(login: "wangli", name: "王丽", roles: [.clerk, .supervisor], team: "城东"), as: "admin")
    #expect(h.state.sight(.risks, for: "wangli") == .all)
  }

  @Test func aRevealNamesRealFields() throws {
    var h = try Harness.hall()
    let number = try h.receive()
    let account = h.state.orders[number]!.customer
    do {
      try h.run(RevealPersonalData(account: account, fields: ["id", "salary"], reason: "核对身份"), as: "wangli")
      Issue.record("a reveal of an unknown field was accepted")
    } catch {
      #expect(error.code.rawValue == "privacy.field")
      #expect(error.message.en.contains("\"salary\""))
      #expect(error.message.en.contains("name, id, phone, address"))
    }
    #expect(throws: DomainError.self) {
      try h.run(RevealPersonalData(account: account, fields: [], reason: "核对身份"), as: "wangli")
    }
    #expect(h.state.reveals.isEmpty)
    try h.run(RevealPersonalData(account: account, fields: ["phone"], reason: "核对身份"), as: "wangli")
    #expect(h.state.reveals.count == 1)
  }
}
