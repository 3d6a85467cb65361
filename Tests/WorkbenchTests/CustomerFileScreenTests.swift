import Domain
import Engine
import Foundation
import Testing
import Workbench

@Suite struct CustomerFileScreenTests {
  typealias F = ClerkFixture

  /// Registers 张三丰 as verified 400 days ago (a stale file) and gives him an order; returns the account.
  static func staleCustomer(_ engine: Engine) throws -> String {
    let form = CustomerForm(
      name: "张三丰", kind: .individual, idKind: .resident, idNumber: "11010519491231002X", phone: "13812345678",
      address: "浙江省杭州市西湖区文三路90号", useCategory: .residential)
    let past = F.now.addingTimeInterval(-400 * 86400)
    try engine.execute(Command(RegisterCustomer(customer: form)), as: DemoHall.clerk, at: past)
    let account = try #require(engine.state.customer(idNumber: "11010519491231002X")).account
    try engine.execute(
      Command(ReceiveOrder(account: account, type: "inquiry", channel: .phone, needs: "咨询电价")), as: DemoHall.clerk,
      at: F.now.addingTimeInterval(-3600))
    return account
  }

  /// The app on the customer file of `account`, reached from F4.
  static func openFile(_ account: String, _ engine: Engine, lang: Lang = .zh) -> App {
    let app = F.app(engine, lang: lang)
    app.handle(.function(4))
    F.type(account, app)
    app.handle(.enter)
    return app
  }

  @Test func maskedAndStaleSnapshots() throws {
    let engine = try F.engine()
    let account = try Self.staleCustomer(engine)
    for lang in Lang.allCases {
      let app = Self.openFile(account, engine, lang: lang)
      let text = F.screenText(app)
      #expect(text.contains("张*丰"))
      #expect(text.contains("1101**********002X"))
      #expect(text.contains("138****5678"))
      #expect(!text.contains("13812345678") && !text.contains("文三路"))
      #expect(text.contains(lang == .zh ? "超过 12 个月未核实" : "Not verified for over 12 months"))
      assertSnapshot(app.render(width: 80, height: 24), named: "customer-file-stale-\(lang)-80x24", styles: lang == .zh)
      assertSnapshot(app.render(width: 120, height: 40), named: "customer-file-stale-\(lang)-120x40")
    }
  }

  @Test func searchSnapshot() throws {
    let engine = try F.engine()
    for lang in Lang.allCases {
      let app = F.app(engine, lang: lang)
      app.handle(.function(4))
      F.type("3100", app)
      assertSnapshot(app.render(width: 80, height: 24), named: "customer-search-\(lang)-80x24")
    }
  }

  @Test func aRevealWithoutAReasonIsRefused() throws {
    let engine = try F.engine()
    let account = try Self.staleCustomer(engine)
    let app = Self.openFile(account, engine)
    app.handle(.function(7))
    let seq = engine.state.seq
    app.handle(.function(9))
    #expect(engine.state.seq == seq)
    #expect(engine.state.reveals.isEmpty)
    #expect(F.screenText(app).contains("查看完整个人信息需要填写原因"))
    // With a reason it is recorded, and the file shows the full values for this view only.
    F.type("核对身份办理过户", app)
    app.handle(.enter)
    #expect(engine.state.reveals.last?.account == account)
    #expect(engine.state.reveals.last?.by == DemoHall.clerk)
    let text = F.screenText(app)
    #expect(text.contains("11010519491231002X") && text.contains("13812345678") && text.contains("张三丰"))
    #expect(text.contains("查看已记录 (理由: 核对身份办理过户)"))
    // Opened again, it is masked again.
    app.handle(.escape)
    app.handle(.enter)
    #expect(!F.screenText(app).contains("11010519491231002X"))
  }

  @Test func fieldStaffMayNotReveal() throws {
    let clerk = try F.engine()
    let account = try Self.staleCustomer(clerk)
    let field = try Engine(store: clerk.store, login: DemoHall.field, clock: { F.now })
    // Field staff are not offered the customer files at all (Domain's visibility rule) …
    let app = Self.openFile(account, field)
    #expect(app.stack.count == 1)
    #expect(!F.screenText(app).contains("11010519491231002X"))
    // … and the reveal itself is refused by the command's roles before its form opens, in the
    // action's title, and the key bar does not offer it.
    let screen = CustomerFileScreen(engine: field, account: account)
    app.push(screen)
    #expect(!F.screenText(app).contains("F7查看明文"))
    app.handle(.function(7))
    #expect(app.top === screen)
    #expect(F.screenText(app).contains("您的角色不能查看明文, 需要: 柜员/班长/稽查/管理员"))
    F.type("想看看", app)
    app.handle(.function(9))
    #expect(field.state.reveals.isEmpty)
    #expect(!F.screenText(app).contains("11010519491231002X"))
  }

  @Test func editingAnOrganisationKeepsTheIDKindInStep() throws {
    var form = Form(CustomerFields.fields(state: { DomainState() }, today: Day(2026, 11, 29)))
    form.focus(CustomerFields.kind)
    _ = form.handle(.right)
    CustomerFields.adjust(&form)
    #expect(form.choice(CustomerFields.idKind) == IDKind.creditCode.rawValue)
    _ = form.handle(.left)
    CustomerFields.adjust(&form)
    #expect(form.choice(CustomerFields.idKind) == IDKind.resident.rawValue)
  }

  @Test func editingNeedsARevealThenUsesTheSameChecks() throws {
    let engine = try F.engine()
    let account = try Self.staleCustomer(engine)
    let app = Self.openFile(account, engine)
    app.handle(.function(8))
    #expect(app.render(width: 80, height: 24).lines()[23].contains("请先按 F7"))
    app.handle(.function(7))
    F.type("客户来电更新电话", app)
    app.handle(.enter)
    app.handle(.function(8))
    // To the phone field: name, kind, ID kind, ID number, phone.
    for _ in 0..<4 { app.handle(.tab) }
    app.handle(.control("u"))
    F.type("1381234", app)
    #expect(IntakeScreenTests.line(app, containing: "1381234")?.contains("电话号码") == true)
    app.handle(.function(9))
    #expect(engine.state.customers[account]?.phone == "13812345678")
    F.type("5679", app)
    app.handle(.function(9))
    #expect(engine.state.customers[account]?.phone == "13812345679")
    #expect(engine.state.customers[account]?.lastVerified == Day(containing: F.now))
    // Back on the file, no longer stale, saying so.
    #expect(app.top is CustomerFileScreen)
    #expect(!F.screenText(app).contains("超过 12 个月"))
    #expect(F.screenText(app).contains("档案已保存"))
  }
}
