import Foundation
import Testing

@testable import Domain

/// Compliance audits (guide ch. 4.4): a reproducible sample of archived orders, the checklist,
/// findings that become problems or violations.
@Suite struct AuditTests {
  /// A hall with `n` inquiries archived on Monday 2026-11-23, for one customer.
  static func archived(_ n: Int) throws -> (Harness, [String]) {
    var h = try Harness.hall()
    let inquiry = h.state.standard(on: Day(containing: h.now)).businessType("inquiry")!
    var numbers: [String] = []
    for _ in 0..<n {
      let number = try h.receive(type: inquiry)
      try h.completeCurrentStage(number)
      try h.completeCurrentStage(number)
      numbers.append(number)
    }
    #expect(numbers.allSatisfy { h.state.orders[$0]!.isArchived })
    return (h, numbers)
  }

  static let from = Day(2026, 11, 1)
  static let to = Day(2026, 11, 30)

  @Test func theSameSeedGivesTheSameSample() throws {
    var (h, numbers) = try AuditTests.archived(8)
    let a = h.state.auditSample(from: AuditTests.from, to: AuditTests.to, size: 3, seed: 42)
    let b = h.state.auditSample(from: AuditTests.from, to: AuditTests.to, size: 3, seed: 42)
    #expect(a == b && a.count == 3 && Set(a).count == 3)
    #expect(Set(a).isSubset(of: Set(numbers)))
    let others = (1...10).map {
      h.state.auditSample(from: AuditTests.from, to: AuditTests.to, size: 3, seed: UInt64($0))
    }
    #expect(others.contains { $0 != a })
    // Larger than the population: everything, each once.
    #expect(Set(h.state.auditSample(from: AuditTests.from, to: AuditTests.to, size: 50, seed: 1)) == Set(numbers))
    // The command records the same sample, and a second audit with the same seed draws it again.
    try h.run(StartAudit(from: AuditTests.from, to: AuditTests.to, sampleSize: 3, seed: 42), as: "sunhao")
    try h.run(StartAudit(from: AuditTests.from, to: AuditTests.to, sampleSize: 3, seed: 42), as: "zhaomin")
    #expect(h.state.supervision.audits.map(\.sample) == [a, a])
    // SplitMix64 is fixed: the first output for seed 0 is the published reference value.
    var rng = SplitMix64(seed: 0)
    #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
  }

  @Test func startRefusals() throws {
    var (h, _) = try AuditTests.archived(2)
    SupervisionTests.refusal("audit.empty") {
      try h.run(StartAudit(from: Day(2026, 10, 1), to: Day(2026, 10, 31), sampleSize: 3, seed: 1), as: "sunhao")
    }
    SupervisionTests.refusal("period.order") {
      try h.run(StartAudit(from: AuditTests.to, to: AuditTests.from, sampleSize: 3, seed: 1), as: "sunhao")
    }
    SupervisionTests.refusal("audit.sample-size") {
      try h.run(StartAudit(from: AuditTests.from, to: AuditTests.to, sampleSize: 0, seed: 1), as: "sunhao")
    }
    SupervisionTests.refusal("auth.role") {
      try h.run(StartAudit(from: AuditTests.from, to: AuditTests.to, sampleSize: 1, seed: 1), as: "wangli")
    }
  }

  @Test func checksFindingsAndClosing() throws {
    var (h, numbers) = try AuditTests.archived(3)
    let account = h.state.orders[numbers[0]]!.customer
    h.advance(hours: 1)
    try h.run(RevealPersonalData(account: account, fields: ["phone"], reason: "回访联系客户"), as: "wangli")
    try h.run(StartAudit(from: AuditTests.from, to: AuditTests.to, sampleSize: 2, seed: 9), as: "sunhao")
    let audit = try #require(h.state.supervision.audit("JC0001"))
    let first = audit.sample[0]
    let second = audit.sample[1]
    // The suggestion lists the reveal made while the order was open (none: all were archived before it).
    let suggestion = h.state.auditSuggestion(h.state.orders[first]!)
    #expect(
      suggestion.deadlinesMet && suggestion.checklistsComplete && suggestion.followUpDone && suggestion.dataComplete)
    #expect(suggestion.reveals.isEmpty && suggestion.revealsJustified)
    SupervisionTests.refusal("audit.not-in-sample") {
      let outside = numbers.first { !audit.sample.contains($0) }!
      try h.run(RecordAuditCheck(id: "JC0001", order: outside), as: "sunhao")
    }
    try h.run(RecordAuditCheck(id: "JC0001", order: first, note: "合规"), as: "sunhao")
    #expect(h.state.supervision.audit("JC0001")?.check(first)?.compliant == true)
    SupervisionTests.refusal("audit.unchecked") { try h.run(CloseAudit(id: "JC0001", conclusion: "x"), as: "sunhao") }
    try h.run(RecordAuditCheck(id: "JC0001", order: second, followUpDone: false, note: "缺回访"), as: "sunhao")
    #expect(h.state.supervision.audit("JC0001")?.check(second)?.compliant == false)
    // Findings become a problem (source audit) and a violation.
    try h.run(
      RecordAuditFinding(
        id: "JC0001", kind: .problem, order: second, text: "未回访", owner: "wangli", due: Day(2026, 12, 4)),
      as: "sunhao")
    try h.run(
      RecordAuditFinding(
        id: "JC0001", kind: .violation, order: second, text: "漏回访", staff: "wangli", severity: .general,
        decision: "提醒"), as: "sunhao")
    SupervisionTests.refusal("field.required") {
      try h.run(RecordAuditFinding(id: "JC0001", kind: .violation, text: "无人"), as: "sunhao")
    }
    let findings = h.state.supervision.audit("JC0001")!.findings
    #expect(findings.map(\.kind) == [.problem, .violation])
    let problem = try #require(h.state.problems[findings[0].ref])
    #expect(problem.source == .audit && problem.owner == "wangli" && problem.order == second)
    #expect(h.state.supervision.violation(findings[1].ref)?.audit == "JC0001")
    try h.run(CloseAudit(id: "JC0001", conclusion: "抽查2单, 1单缺回访"), as: "sunhao")
    #expect(h.state.supervision.audit("JC0001")?.status == .closed)
    SupervisionTests.refusal("audit.closed") { try h.run(RecordAuditCheck(id: "JC0001", order: first), as: "sunhao") }
  }

  @Test func revealsWhileOpenAreListed() throws {
    var h = try Harness.hall()
    let inquiry = h.state.standard(on: Day(containing: h.now)).businessType("inquiry")!
    let number = try h.receive(type: inquiry)
    let account = h.state.orders[number]!.customer
    try h.run(RevealPersonalData(account: account, fields: ["id"], reason: "核对身份"), as: "wangli")
    try h.completeCurrentStage(number)
    try h.completeCurrentStage(number)
    let s = h.state.auditSuggestion(h.state.orders[number]!)
    #expect(s.reveals.count == 1 && s.reveals[0].by == "wangli" && s.revealsJustified)
  }

  @Test func problemBoard() throws {
    var h = try Harness.hall()
    let today = Day(containing: h.now)
    try h.run(OpenProblem(title: "一", owner: "wangli", due: today.adding(days: -1)), as: "zhaomin")
    try h.run(OpenProblem(title: "二", owner: "wangli", due: today.adding(days: 5)), as: "zhaomin")
    try h.run(RecordProblemAction(id: "WT00002", cause: "c", action: "a"), as: "wangli")
    try h.run(OpenProblem(title: "三"), as: "zhaomin")
    try h.run(RecordProblemAction(id: "WT00003", cause: "c", action: "a"), as: "zhaomin")
    try h.run(VerifyProblem(id: "WT00003", verification: "ok"), as: "zhaomin")
    try h.run(CloseProblem(id: "WT00003"), as: "zhaomin")
    let board = h.state.problemBoard(today: today)
    #expect(board.open.map(\.id) == ["WT00001", "WT00002"])
    #expect(board.overdue.map(\.id) == ["WT00001"])
    #expect(board.awaitingVerification.map(\.id) == ["WT00002"])
    #expect(board.closed.map(\.id) == ["WT00003"])
  }
}
