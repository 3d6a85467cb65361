import Domain
import Engine
import Foundation
import Testing
import Workbench

/// On the staff screen an admin edits a person's name, roles and team (Enter), disables or enables an
/// account (Ctrl-D), and an admin or supervisor records a certificate (Ctrl-Y); the detail lists each
/// certificate with its expiry. The Domain's refusals (role, no role, last admin, missing reason) stay
/// on the form with what was typed.
@Suite struct StaffAccountTests {
  typealias F = DeskFixture
  typealias B = DeskBehaviourTests

  /// The staff screen with the person called `name` selected.
  static func staff(_ engine: Engine, lang: Lang = .zh, selecting name: String) -> App {
    let app = F.app(engine, lang: lang)
    app.handle(.function(6))
    app.execute("staff")
    B.select(name, app)
    return app
  }

  static func form(_ app: App) throws -> Form {
    try #require((app.top as? FormScreen)?.form)
  }

  /// Ctrl-Y on the selected person, then the certificate form filled in (the kind found by typing part
  /// of its name, when given); not submitted.
  static func certificate(kind: String? = nil, number: String, until: String, _ app: App) {
    app.handle(.control("y"))
    if let kind { F.type(kind, app) }
    app.handle(.tab)
    F.type(number, app)
    app.handle(.tab)
    F.type(until, app)
  }

  /// The style of the first cell of the screen line (80×24) that holds `text`.
  static func style(of text: String, _ app: App) -> StyleRole? {
    let canvas = app.render(width: 80, height: 24)
    guard let y = canvas.lines().firstIndex(where: { $0.contains(text) }) else { return nil }
    return canvas[1, y].style
  }

  // MARK: Certificates

  @Test func adminRecordsACertificateAndTheDetailShowsItsExpiry() throws {
    let engine = try F.engine(login: "admin")
    let app = Self.staff(engine, selecting: "周鹏")
    #expect(F.text(app).contains("证书: - (Ctrl-Y 记录)"))
    Self.certificate(kind: "安全", number: "AQ-2026-001", until: "2026-12-19", app)  // 20 days from today
    #expect(F.text(app).contains("记录证书: 周鹏 zhoupeng"))
    #expect(F.text(app).contains("现有证书: 无"))
    app.handle(.function(9))
    let certificate = try #require(engine.state.staff["zhoupeng"]?.certificates.last)
    #expect(certificate == Certificate(kind: "safety", number: "AQ-2026-001", validUntil: Day(2026, 12, 19)))
    let text = F.text(app)
    #expect(text.contains("已记录 周鹏 的证书"))
    #expect(text.contains("证书 安全作业证 AQ-2026-001 至 2026-12-19  20 天后到期"))
    #expect(Self.style(of: "AQ-2026-001", app) == .warning)
    // The table: the first to expire, the day first.
    #expect(F.text(app).split(separator: "\n").contains { $0.contains("周鹏") && $0.contains("2026-12-19 安全作业证") })
  }

  @Test func expiredAndRenewedCertificatesAreMarked() throws {
    let engine = try F.engine(login: "admin")
    for (number, until) in [("OLD-1", Day(2026, 11, 1)), ("EL-1", Day(2026, 11, 20))] {
      let kind = number == "OLD-1" ? "safety" : "electrician"
      try engine.execute(Command(RecordCertificate(login: "zhoupeng", kind: kind, number: number, validUntil: until)))
    }
    try engine.execute(
      Command(RecordCertificate(login: "zhoupeng", kind: "safety", number: "NEW-1", validUntil: Day(2028, 1, 1))))
    for lang in Lang.allCases {
      let app = Self.staff(engine, lang: lang, selecting: "周鹏")
      let text = F.text(app)
      #expect(
        text.contains(lang == .zh ? "电工进网作业许可证 EL-1 至 2026-11-20  已过期 9 天" : "EL-1 until 2026-11-20  expired 9 d ago"))
      #expect(text.contains(lang == .zh ? "安全作业证 NEW-1 至 2028-01-01  有效" : "NEW-1 until 2028-01-01  valid"))
      #expect(
        text.contains(
          lang == .zh ? "已换新: 安全作业证 OLD-1 至 2026-11-01" : "Renewed: Safety work certificate OLD-1 until 2026-11-01"))
      #expect(Self.style(of: "EL-1", app) == .overdue)
      #expect(Self.style(of: "NEW-1", app) == .normal)
      #expect(Self.style(of: "OLD-1", app) == .muted)
    }
  }

  @Test func aSupervisorMayRecordACertificateAClerkIsRefused() throws {
    let supervisor = try F.engine()
    let app = Self.staff(supervisor, selecting: "周鹏")
    Self.certificate(number: "ZS-9", until: "2027-06-30", app)
    app.handle(.function(9))
    #expect(supervisor.state.staff["zhoupeng"]?.certificates.count == 1)

    // The auditor sees the staff screen (a clerk is not offered it) but may not record certificates.
    let clerk = try F.engine(supervisor, login: F.auditor)
    for lang in Lang.allCases {
      let app = Self.staff(clerk, lang: lang, selecting: "周鹏")
      Self.certificate(number: "ZS-10", until: "2027-06-30", app)
      app.handle(.function(9))
      #expect(
        F.text(app).contains(
          lang == .zh
            ? "您的角色不能记录证书, 需要: 管理员/班长"
            : "Your role may not record a certificate; it needs: Admin/Supervisor"))
      let form = try Self.form(app)
      #expect(form.text("number") == "ZS-10")
      #expect(form.text("until") == "2027-06-30")
    }
    #expect(clerk.state.staff["zhoupeng"]?.certificates.count == 1)
  }

  // MARK: Name, roles, team

  @Test func adminChangesRolesAndTeam() throws {
    let engine = try F.engine(login: "admin")
    let app = Self.staff(engine, selecting: "周鹏")
    app.handle(.enter)
    #expect(F.text(app).contains("修改员工: 周鹏 zhoupeng"))
    var form = try Self.form(app)
    #expect(form.text("name") == "周鹏")
    #expect(form.text("team") == "城东外勤班")
    #expect(form.flag("role-field") && !form.flag("role-clerk"))
    app.handle(.tab)
    app.handle(.control("u"))
    F.type("城东营业厅", app)
    app.handle(.tab)
    app.handle(.character(" "))  // clerk: yes
    app.handle(.function(9))
    let member = try #require(engine.state.staff["zhoupeng"])
    #expect(member.roles == [.clerk, .field])
    #expect(member.team == "城东营业厅")
    let text = F.text(app)
    #expect(text.contains("已修改员工 zhoupeng"))
    #expect(text.contains("账号 zhoupeng  周鹏  柜员/外勤  班组 城东营业厅"))
    // No role at all: the Domain's refusal, on the form.
    app.handle(.enter)
    for _ in 0..<2 { app.handle(.tab) }
    app.handle(.character(" "))
    app.handle(.tab)
    app.handle(.character(" "))
    app.handle(.function(9))
    #expect(F.text(app).contains("至少要有一个角色"))
    form = try Self.form(app)
    #expect(!form.flag("role-clerk") && !form.flag("role-field"))
    #expect(engine.state.staff["zhoupeng"]?.roles == [.clerk, .field])
  }

  @Test func theLastAdminCannotDropAdmin() throws {
    let engine = try F.engine(login: "admin")
    for lang in Lang.allCases {
      let app = Self.staff(engine, lang: lang, selecting: "管理员")
      app.handle(.enter)
      for _ in 0..<6 { app.handle(.tab) }  // team, then the five roles: admin is the last
      app.handle(.character(" "))
      app.handle(.function(9))
      #expect(
        F.text(app).contains(
          lang == .zh
            ? "不能移除最后一位管理员, 请先登记另一位管理员" : "Cannot remove the last admin: register another admin first"))
      #expect(try !Self.form(app).flag("role-admin"))
    }
    #expect(engine.state.staff["admin"]?.has(.admin) == true)
  }

  @Test func aSupervisorCannotEditStaff() throws {
    let engine = try F.engine()
    let app = Self.staff(engine, selecting: "周鹏")
    app.handle(.enter)
    F.type("鹏", app)
    app.handle(.function(9))
    #expect(F.text(app).contains("您的角色不能修改员工信息, 需要: 管理员"))
    #expect(try Self.form(app).text("name") == "周鹏鹏")
    #expect(engine.state.staff["zhoupeng"]?.name == "周鹏")
  }

  // MARK: Disabling and enabling

  @Test func adminDisablesAndEnablesAnAccount() throws {
    let engine = try F.engine(login: "admin")
    let app = Self.staff(engine, selecting: "周鹏")
    app.handle(.control("d"))
    #expect(F.text(app).contains("停用账号: 周鹏 zhoupeng"))
    // The reason is required: the form says so and nothing is recorded.
    app.handle(.function(9))
    #expect(F.text(app).contains("停用账号: 周鹏 zhoupeng"))
    #expect(engine.state.staff["zhoupeng"]?.active == true)
    F.type("离职", app)
    app.handle(.function(9))
    #expect(engine.state.staff["zhoupeng"]?.active == false)
    var text = F.text(app)
    #expect(text.contains("已停用 周鹏 (zhoupeng)"))
    #expect(text.contains("人员 8 名 (停用 1)"))
    #expect(text.split(separator: "\n").contains { $0.hasPrefix(">") && $0.contains("周鹏") && $0.hasSuffix("已停用") })
    #expect(text.contains("班组 城东外勤班  已停用, 不能办理业务"))
    app.handle(.control("d"))
    #expect(F.text(app).contains("启用账号: 周鹏 zhoupeng"))
    F.type("返岗", app)
    app.handle(.function(9))
    #expect(engine.state.staff["zhoupeng"]?.active == true)
    text = F.text(app)
    #expect(text.contains("已启用 周鹏 (zhoupeng)"))
    #expect(text.contains("人员 9 名  设备"))
  }

  /// The last admin cannot be disabled; a supervisor may not disable anyone. The reason stays typed.
  @Test(arguments: [
    ("admin", "管理员", "不能移除最后一位管理员, 请先登记另一位管理员", "Cannot remove the last admin: register another admin first"),
    (
      DeskFixture.supervisor, "周鹏", "您的角色不能停用或启用账号, 需要: 管理员",
      "Your role may not disable or enable an account; it needs: Admin"
    ),
  ])
  func disablingIsRefused(login: String, name: String, zh: String, en: String) throws {
    let engine = try F.engine(login: login)
    for lang in Lang.allCases {
      let app = Self.staff(engine, lang: lang, selecting: name)
      app.handle(.control("d"))
      F.type("交接", app)
      app.handle(.function(9))
      #expect(F.text(app).contains(lang == .zh ? zh : en))
      #expect(try Self.form(app).text("reason") == "交接")
    }
    #expect(engine.state.staff.values.filter { !$0.active }.isEmpty)
  }

  @Test func theEquipmentTabOffersNoneOfThem() throws {
    let engine = try F.engine(login: "admin")
    let app = Self.staff(engine, selecting: "周鹏")
    app.handle(.tab)
    for key in [Key.enter, .control("y"), .control("d")] {
      app.handle(key)
      #expect(app.stack.count == 2, "\(key)")
    }
  }

  // MARK: Snapshots

  @Test(arguments: Lang.allCases) func snapshots(lang: Lang) throws {
    let engine = try F.engine(login: "admin")
    let edit = Self.staff(engine, lang: lang, selecting: "周鹏")
    edit.handle(.enter)
    F.snapshots(edit, "staff-edit", lang: lang)
    let certificate = Self.staff(engine, lang: lang, selecting: "李强")
    certificate.handle(.control("y"))
    certificate.handle(.tab)
    F.type("AQ-2026-001", certificate)
    F.snapshots(certificate, "staff-certificate", lang: lang)
    let app = Self.staff(engine, lang: lang, selecting: "周鹏")
    app.handle(.control("d"))
    F.type(lang == .zh ? "离职" : "left", app)
    F.snapshots(app, "staff-disable", lang: lang)
    app.handle(.function(9))
    try engine.execute(
      Command(
        RecordCertificate(login: "zhoupeng", kind: "safety", number: "AQ-2026-001", validUntil: Day(2026, 12, 19))))
    F.snapshots(app, "staff-changed", lang: lang)
    try engine.execute(Command(SetStaffActive(login: "zhoupeng", active: true, reason: "next language")))
  }
}
