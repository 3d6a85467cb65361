import Domain
import Engine
import Foundation
import Testing
import Workbench

/// A supervisor re-rates a risk on the register (Enter): the form holds the risk's values, the level
/// shown and the 5×5 matrix follow the new likelihood × impact; others are refused by the Domain and
/// keep what they typed.
@Suite struct RiskEditTests {
  typealias F = DeskFixture
  typealias B = DeskBehaviourTests

  /// The risk register with `id` selected.
  static func register(_ engine: Engine, lang: Lang = .zh, selecting id: String = "FX0002") -> App {
    let app = F.app(engine, lang: lang)
    app.handle(.function(7))
    B.select(id, app)
    return app
  }

  /// The line of the register that holds `id`.
  static func line(_ id: String, _ app: App) -> String {
    F.text(app, width: 120, height: 40).split(separator: "\n").first { $0.contains(id) }.map(String.init) ?? ""
  }

  @Test func supervisorReRatesARiskAndTheLevelAndMatrixFollow() throws {
    let engine = try F.engine()
    let before = try #require(engine.state.supervision.risk("FX0002"))
    #expect((before.likelihood, before.impact, before.status) == (2, 3, .open))
    let app = Self.register(engine)
    app.handle(.enter)
    // Filled with what the risk holds now.
    var text = F.text(app)
    #expect(text.contains("修改风险 FX0002"))
    #expect(text.contains("现等级 中 6"))
    #expect(text.contains("可能性 1-5   < 2 >"))
    #expect(text.contains("< 李强 liqiang >"))
    #expect(text.contains(before.plan))
    app.handle(.right)
    app.handle(.right)
    #expect(F.text(app).contains("等级将变为 高 12 (原为 中 6)"))
    for _ in 0..<4 { app.handle(.tab) }  // impact, owner, plan, status
    app.handle(.right)
    app.handle(.function(9))
    let after = try #require(engine.state.supervision.risk("FX0002"))
    #expect((after.likelihood, after.impact, after.status, after.owner) == (4, 3, .mitigating, "liqiang"))
    #expect(after.plan == before.plan)
    text = F.text(app)
    #expect(text.contains("已修改风险 FX0002"))
    let line = Self.line("FX0002", app)
    #expect(line.contains("4    3 高 12"))
    #expect(line.contains("处置中"))
    // The matrix: one open risk at likelihood 4 × impact 3, none left at 2 × 3.
    app.handle(.tab)
    let rows = F.text(app).split(separator: "\n")
    let four = try #require(rows.first { $0.contains("可能性 4") })
    let two = try #require(rows.first { $0.contains("可能性 2") })
    #expect(four.split(separator: " ").suffix(5) == [".", ".", "1", ".", "."])
    #expect(two.split(separator: " ").suffix(5) == [".", ".", ".", ".", "."])
  }

  @Test func eOpensTheSameFormAndOnlyTheRegisterOffersIt() throws {
    let engine = try F.engine()
    let app = Self.register(engine)
    F.type("e", app)
    #expect(F.text(app).contains("修改风险 FX0002"))
    app.handle(.escape)
    app.handle(.tab)  // the matrix: nothing to edit
    app.handle(.enter)
    #expect(app.stack.count == 2)
    #expect(!F.text(app).contains("修改风险"))
  }

  // A clerk is not offered the risk register at all (VisibilityScreenTests); an auditor sees it but may
  // not change it: the edit is refused before its form opens, in the action's words (#14 item 5).
  @Test(arguments: [DeskFixture.auditor])
  func othersAreRefusedBeforeAnyFormOpens(login: String) throws {
    let engine = try F.engine(login: login)
    let before = try #require(engine.state.supervision.risk("FX0002"))
    for lang in Lang.allCases {
      let app = Self.register(engine, lang: lang)
      let register = app.top
      app.handle(.enter)
      #expect(app.top === register)
      #expect(!(app.top is FormScreen))
      let text = F.text(app).filter { !$0.isWhitespace }
      let expected = lang == .zh ? "您的角色不能修改风险, 需要: 班长" : "Your role may not update a risk; it needs: Supervisor"
      #expect(text.contains(expected.filter { !$0.isWhitespace }))
    }
    #expect(engine.state.supervision.risk("FX0002") == before)
  }

  @Test func aClosedRiskIsRefusedWithTheDomainsMessage() throws {
    let engine = try F.engine()
    try engine.execute(Command(CloseRisk(id: "FX0002", note: "已送检")))
    let app = Self.register(engine)
    app.handle(.enter)
    app.handle(.right)
    app.handle(.function(9))
    #expect(F.text(app).contains("风险 FX0002 已关闭, 如需跟进请另行登记"))
    #expect(engine.state.supervision.risk("FX0002")?.likelihood == 2)
  }

  /// An owner whose account was disabled is not offered for new risks, but stays the owner of this one
  /// when only the rating changes.
  @Test func aDisabledOwnerStaysTheOwner() throws {
    let admin = try F.engine(login: "admin")
    try admin.execute(Command(SetStaffActive(login: "liqiang", active: false, reason: "调岗")))
    let engine = try F.engine(admin, login: F.supervisor)
    let app = Self.register(engine)
    app.handle(.enter)
    #expect(F.text(app).contains("< 李强 liqiang >"))
    app.handle(.right)
    app.handle(.function(9))
    let risk = try #require(engine.state.supervision.risk("FX0002"))
    #expect((risk.likelihood, risk.owner) == (3, "liqiang"))
  }

  @Test(arguments: Lang.allCases) func snapshots(lang: Lang) throws {
    let engine = try F.engine()
    let app = Self.register(engine, lang: lang)
    app.handle(.enter)
    app.handle(.right)
    app.handle(.right)
    F.snapshots(app, "risk-edit", lang: lang)
    app.handle(.function(9))
    F.snapshots(app, "risk-updated", lang: lang)
    app.handle(.tab)
    F.snapshots(app, "risk-matrix-updated", lang: lang)
  }
}
