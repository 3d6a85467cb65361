import Domain
import Foundation
import Testing
import Workbench

@Suite struct FormTests {
  static func sample() -> Form {
    Form([
      .section(Localized("客户", "Customer")),
      .text("name", Localized("姓名", "Name"), required: true, check: FormRule.domain { _ = try Validation.name($0) }),
      .text(
        "id", Localized("身份证号", "ID number"), required: true,
        check: FormRule.domain { _ = try Validation.residentID($0) }),
      .choice(
        "channel", Localized("渠道", "Channel"),
        options: Channel.allCases.map { FormOption($0.rawValue, $0.title) }),
      .toggle("urgent", Localized("加急", "Urgent")),
      .dateTime("when", Localized("预约", "Appointment"), now: Fixtures.now),
    ])
  }

  static func type(_ text: String, into form: inout Form) {
    for ch in text { _ = form.handle(.character(ch)) }
  }

  static func render(_ form: inout Form, _ lang: Lang = .zh, width: Int = 80, height: Int = 12) -> (Canvas, Position?) {
    var canvas = Canvas(width: width, height: height)
    let context = ScreenContext(
      lang: lang, now: Fixtures.now, session: Fixtures.session(lang), commands: .clerk, width: width, height: height)
    let caret = form.render(into: &canvas, in: Rect(x: 0, y: 0, width: width, height: height), context: context)
    return (canvas, caret)
  }

  @Test func focusStartsOnTheFirstFieldAndTabCycles() {
    var form = Self.sample()
    #expect(form.focusedID == "name")
    _ = form.handle(.tab)
    #expect(form.focusedID == "id")
    _ = form.handle(.down)
    _ = form.handle(.down)
    _ = form.handle(.down)
    #expect(form.focusedID == "when")
    _ = form.handle(.tab)
    #expect(form.focusedID == "name")
    _ = form.handle(.backTab)
    #expect(form.focusedID == "when")
    _ = form.handle(.up)
    #expect(form.focusedID == "urgent")
  }

  @Test func aWrongIDShowsItsErrorBesideTheFieldAsItIsTyped() {
    var form = Self.sample()
    _ = form.handle(.tab)
    Self.type("230307196304054513", into: &form)
    let (canvas, _) = Self.render(&form)
    let lines = canvas.lines()
    #expect(lines[2].contains("230307196304054513"))
    // Too long to stand beside the field at 80 columns: it stands under it.
    #expect(lines[3].contains("校验"))
    // At 120 columns a short error stands beside it.
    var short = Self.sample()
    _ = short.handle(.tab)
    Self.type("1101", into: &short)
    let (wide, _) = Self.render(&short, width: 120)
    #expect(wide.lines()[2].contains("1101") && wide.lines()[2].contains("18"))
    #expect(form.error("id") != nil)
    // Fixing it clears the error.
    for _ in 0..<18 { _ = form.handle(.backspace) }
    Self.type("11010519491231002x", into: &form)
    #expect(form.error("id") == nil)
  }

  @Test func fullWidthDigitsAreAccepted() {
    var form = Self.sample()
    _ = form.handle(.tab)
    Self.type("１１０１０５１９４９１２３１００２Ｘ", into: &form)
    #expect(form.error("id") == nil)
  }

  @Test func chineseGoesInWholeAndBackspaceDeletesOneCharacter() {
    var form = Self.sample()
    Self.type("张三丰", into: &form)
    _ = form.handle(.backspace)
    #expect(form.text("name") == "张三")
    let (_, caret) = Self.render(&form)
    let (canvas, _) = Self.render(&form)
    // The caret stands after 张三 (4 columns) in the value column.
    let valueX = canvas.lines()[1].range(of: "张三").map { canvas.lines()[1][..<$0.lowerBound].displayWidth } ?? -1
    #expect(caret == Position(x: valueX + 4, y: 1))
  }

  @Test func choicesCycleAndTypingFindsAnOption() {
    var form = Self.sample()
    form.focus("channel")
    #expect(form.choice("channel") == "counter")
    _ = form.handle(.right)
    #expect(form.choice("channel") == Channel.allCases[1].rawValue)
    _ = form.handle(.left)
    _ = form.handle(.left)
    #expect(form.choice("channel") == Channel.allCases.last!.rawValue)
    Self.type("95598", into: &form)
    #expect(form.choice("channel") == "phone")
  }

  @Test func togglesSwitch() {
    var form = Self.sample()
    form.focus("urgent")
    _ = form.handle(.character(" "))
    #expect(form.flag("urgent"))
    _ = form.handle(.character("否"))
    #expect(!form.flag("urgent"))
  }

  @Test func submitIsRefusedAtTheFirstWrongFieldThenAccepted() {
    var form = Self.sample()
    guard case .refused = form.handle(.function(9)) else {
      Issue.record("empty form submitted")
      return
    }
    #expect(form.focusedID == "name")
    Self.type("张三", into: &form)
    _ = form.handle(.tab)
    Self.type("11010519491231002X", into: &form)
    #expect(form.handle(.control("s")) == .submit)
    // Enter on the last field submits too.
    form.focus("when")
    #expect(form.handle(.enter) == .submit)
  }

  @Test func escapeWithChangesAsksFirst() {
    var clean = Self.sample()
    #expect(clean.handle(.escape) == .leave)

    var form = Self.sample()
    Self.type("张三", into: &form)
    #expect(form.handle(.escape) == .handled)
    #expect(form.leavePrompt == .keepEditing)
    let (canvas, caret) = Self.render(&form)
    #expect(canvas.lines().joined().contains("继续编辑"))
    #expect(caret == nil)
    // Esc again keeps editing.
    #expect(form.handle(.escape) == .handled)
    #expect(form.leavePrompt == nil)
    #expect(form.text("name") == "张三")
    // Ask again and choose 放弃.
    _ = form.handle(.escape)
    _ = form.handle(.left)
    #expect(form.leavePrompt == .discard)
    #expect(form.handle(.enter) == .discard)
  }

  @Test func datesAndTimesParse() throws {
    let date = try FormParse.dateTime("２０２６－１２－０１　９：３０", now: Fixtures.now)
    #expect(FormParse.format(date) == "2026-12-01 09:30")
    #expect(FormParse.format(try FormParse.dateTime("12-03 14:00", now: Fixtures.now)) == "2026-12-03 14:00")
    #expect(throws: DomainError.self) { try FormParse.dateTime("2026-02-30", now: Fixtures.now) }
    #expect(throws: DomainError.self) { try FormParse.dateTime("2026-12-01 25:00", now: Fixtures.now) }
    var form = Self.sample()
    form.focus("when")
    Self.type("12-45", into: &form)
    #expect(form.error("when") != nil)
  }

  @Test func snapshotWithAnErrorBesideTheField() {
    for lang in Lang.allCases {
      var form = Self.sample()
      Self.type("张三", into: &form)
      _ = form.handle(.tab)
      Self.type("230307196304054513", into: &form)
      let (canvas, _) = Self.render(&form, lang)
      assertSnapshot(canvas, named: "form-error-\(lang)-80x12", styles: lang == .zh)
    }
  }
}

@Suite struct FormPickerTests {
  @Test func aLongChoiceListsItsOptionsWhileFocused() {
    let options = (1...12).map {
      FormOption("o\($0)", Localized("选项\($0)", "Option \($0)"), detail: Localized("组", "group"))
    }
    var form = Form([
      .text("a", Localized("名称", "Name")),
      .choice("pick", Localized("业务类型", "Type"), options: options),
      .text("b", Localized("需求", "Needs")),
    ])
    form.focus("pick")
    for _ in 0..<6 { _ = form.handle(.right) }
    let (canvas, caret) = FormTests.render(&form, width: 80, height: 16)
    #expect(form.choice("pick") == "o7")
    #expect(canvas.lines().contains { $0.contains("选项7") && $0.contains("组") })
    #expect(caret?.y == 1)
    assertSnapshot(canvas, named: "form-picker-zh-80x16", styles: true)
    // Typing finds an option; leaving the field hides the list.
    for ch in "11" { _ = form.handle(.character(ch)) }
    #expect(form.choice("pick") == "o11")
    _ = form.handle(.tab)
    let (after, _) = FormTests.render(&form, width: 80, height: 16)
    #expect(!after.lines().joined().contains("选项7"))
  }
}
