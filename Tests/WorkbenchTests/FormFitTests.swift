import Domain
import Engine
import Foundation
import Testing

@testable import Workbench

/// Dropdowns (#14 item 16), dialog help and input-method keys (item 18), fields that fit the counter
/// (item 12).
@Suite struct FormFitTests {
  static let types = [
    FormOption("new-low-resident", Localized("新装 低压居民", "New low-voltage residential")),
    FormOption("new-low-business", Localized("新装 低压非居民", "New low-voltage business")),
    FormOption("new-high", Localized("新装 高压", "New high-voltage")),
    FormOption("capacity-up", Localized("增容", "Capacity increase")),
    FormOption("rename", Localized("更名过户", "Change of name")),
    FormOption("repair-urban", Localized("报修 城区", "Repair, urban")),
    FormOption("repair-rural", Localized("报修 农村", "Repair, rural")),
  ]

  static func form() -> Form {
    Form([
      .text("name", Localized("姓名", "Name"), required: true, maxLength: Validation.nameMaxLength),
      .choice("type", Localized("业务类型", "Business type"), options: types),
      .text("needs", Localized("客户需求", "Needs"), maxLength: Validation.textMaxLength),
    ])
  }

  static func render(_ form: inout Form, width: Int = 80, height: Int = 12) -> [String] {
    var canvas = Canvas(width: width, height: height)
    let context = ScreenContext(
      lang: .zh, now: Fixtures.now, session: Fixtures.session(.zh), commands: .clerk, width: width, height: height)
    form.render(into: &canvas, in: Rect(x: 0, y: 0, width: width, height: height), context: context)
    return canvas.lines()
  }

  @Test func typingWithoutSpacesFindsAnOptionWithThem() {
    var form = Self.form()
    _ = form.handle(.tab)
    for ch in "低压非" { _ = form.handle(.character(ch)) }
    #expect(form.choice("type") == "new-low-business")
    _ = form.handle(.escape)
    for ch in "新装低压居民" { _ = form.handle(.character(ch)) }
    #expect(form.choice("type") == "new-low-resident")
    for _ in 0..<6 { _ = form.handle(.backspace) }
    for ch in "new-high" { _ = form.handle(.character(ch)) }
    #expect(form.choice("type") == "new-high")
  }

  @Test func escClosesTheListNotTheFormAndEnterChoosesWithoutJumping() {
    var form = Self.form()
    _ = form.handle(.tab)
    #expect(form.showsOptionList)
    #expect(Self.render(&form).joined().contains("报修 农村"))
    _ = form.handle(.right)
    // Enter chooses and stays on the field; the list closes.
    #expect(form.handle(.enter) == .handled)
    #expect(form.focusedID == "type")
    #expect(form.choice("type") == "new-low-business")
    #expect(!form.showsOptionList)
    #expect(!Self.render(&form).joined().contains("报修 农村"))
    // Typing opens it again; Esc closes it without leaving the form (even with changes).
    _ = form.handle(.character("增"))
    #expect(form.showsOptionList)
    #expect(form.handle(.escape) == .handled)
    #expect(!form.showsOptionList)
    #expect(form.leavePrompt == nil)
    #expect(form.choice("type") == "capacity-up")
    // With the list closed, Enter moves on, and Esc asks about the changes.
    _ = form.handle(.enter)
    #expect(form.focusedID == "needs")
  }

  @Test func downFromTheLastFieldStaysThereTabGoesRound() {
    var form = Self.form()
    _ = form.handle(.tab)
    _ = form.handle(.tab)
    #expect(form.focusedID == "needs")
    _ = form.handle(.down)
    #expect(form.focusedID == "needs")
    _ = form.handle(.up)
    _ = form.handle(.up)
    _ = form.handle(.up)
    #expect(form.focusedID == "name")
    _ = form.handle(.backTab)
    #expect(form.focusedID == "needs")
  }

  @Test func theCountShowsAsYouTypeAndALongValueStaysReadable() {
    var form = Self.form()
    _ = form.handle(.tab)
    _ = form.handle(.tab)
    let needs = "客户新建住宅需装表接电, 房屋已竣工验收, 希望下周三上午现场勘查, 联系人为业主本人, 请提前一天电话告知具体时间"
    for ch in needs { _ = form.handle(.character(ch)) }
    let lines = Self.render(&form)
    #expect(lines.joined().contains("\(needs.count)/\(Validation.textMaxLength)"))
    // The field takes most of the width at 80 columns.
    let fieldLine = lines.first { $0.contains("客户需求") } ?? ""
    #expect(fieldLine.displayWidth >= 60)
    // After leaving it, the whole value reads on the following lines.
    _ = form.handle(.tab)
    let after = Self.render(&form).joined(separator: "\n")
    #expect(after.contains("客户新建住宅"))
    #expect(after.contains("请提前一天电话告知具体时间"))
    #expect(!after.contains("/\(Validation.textMaxLength)"))
  }

  @Test func aFieldTakesNoMoreThanTheDomainLimit() {
    var form = Self.form()
    for _ in 0..<(Validation.nameMaxLength + 10) { _ = form.handle(.character("张")) }
    #expect(form.text("name").count == Validation.nameMaxLength)
    #expect(Self.render(&form).joined().contains("\(Validation.nameMaxLength)/\(Validation.nameMaxLength)"))
  }

  @Test func fullWidthLettersAndTheIdeographicSpaceAreCommandKeys() {
    #expect(Key.character("ａ").normalized == .character("a"))
    #expect(Key.character("Ｑ").normalized == .character("Q"))
    #expect(Key.character("　").normalized == .character(" "))
    #expect(Key.character("１").normalized == .character("1"))
    #expect(Key.character("张").normalized == .character("张"))
    let table = CommandTable.standard
    #expect(table.command(for: .character("ａ"), among: [.orderAppointment]) == .orderAppointment)
    #expect(table.command(for: .control("y"), among: [.orderAppointment]) == .orderAppointment)
    #expect(table.command(for: .character("　"), among: [.orderTick]) == .orderTick)
  }

  @Test func aPromptCountsAndExplainsItself() {
    let prompt = Prompt(
      Localized("供电方案", "Scheme"),
      fields: [Prompt.Field(Localized("预算", "Budget"), hint: Localized("名称 金额", "item yuan"))]
    ) { _ in nil }
    #expect(prompt.help.zh.contains("「供电方案」: 依次填写 预算 (名称 金额)"))
    #expect(prompt.help.en.contains("Scheme: fill in Budget (item yuan)"))
    for ch in "电缆 1200" { _ = prompt.handle(.character(ch)) }
    var canvas = Canvas(width: 80, height: 24)
    let context = ScreenContext(lang: .zh, now: Fixtures.now, session: Fixtures.session(.zh), width: 80, height: 24)
    _ = prompt.render(into: &canvas, context: context)
    #expect(canvas.lines().joined().contains("7/\(Validation.textMaxLength)"))
    #expect(canvas.lines().joined().contains("F1 帮助"))
  }
}

/// A name as long as the Domain allows keeps the order header and the customer file readable (#14 item 12).
@Suite struct LongNameTests {
  typealias F = ClerkFixture

  @Test(arguments: [Lang.zh, .en])
  func aLongNameLeavesTheAccountPhoneNeedsAndIDInView(lang: Lang) throws {
    let engine = try F.engine()
    let name = String(repeating: "欧阳", count: Validation.nameMaxLength / 2)
    let form = CustomerForm(
      name: name, kind: .individual, idKind: .resident, idNumber: "11010519491231002X", phone: "13812345678",
      address: "浙江省杭州市西湖区文三路90号", useCategory: .residential)
    try engine.execute(Command(RegisterCustomer(customer: form)), as: DemoHall.clerk, at: F.now)
    let account = try #require(engine.state.customer(idNumber: "11010519491231002X")).account
    try engine.execute(
      Command(ReceiveOrder(account: account, type: "inquiry", channel: .phone, needs: "咨询居民阶梯电价的计算方法")),
      as: DemoHall.clerk, at: F.now)
    let number = try #require(engine.state.customers[account]?.orders.last)
    // The customer file: the ID on the first line, beside the cut name.
    let app = CustomerFileScreenTests.openFile(account, engine, lang: lang)
    let file = app.render(width: 80, height: 24).lines()
    #expect(
      file.contains { $0.contains("1101**********002X") && $0.contains(account) }, "\(file.joined(separator: "\n"))")
    // The order header: account, phone and the needs on one line.
    app.push(OrderFileScreen(engine: engine, number: number))
    let header = app.render(width: 80, height: 24).lines()[2]
    #expect(header.contains(account) && header.contains("138****5678"))
    #expect(header.contains(lang == .zh ? "需求: 咨询居民阶梯电价的" : "Needs: 咨询居民阶"), "\(header)")
    #expect(header.displayWidth <= 80)
  }
}
