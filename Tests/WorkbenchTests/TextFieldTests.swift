import Testing
import Workbench

@Suite struct TextFieldTests {
  @Test func insertsACommittedPhraseWhole() {
    var field = TextField("张")
    field.insert("三丰")
    #expect(field.text == "张三丰")
    #expect(field.caret == 3)
  }

  @Test func backspaceRemovesAWholeCharacter() {
    var field = TextField("ae\u{301}中")
    do {
      let used = field.handle(.backspace)
      #expect(used)
    }
    #expect(field.text == "ae\u{301}")
    do {
      let used = field.handle(.backspace)
      #expect(used)
    }
    #expect(field.text == "a")
  }

  @Test func caretMovesAndEditsInTheMiddle() {
    var field = TextField("客户档案")
    _ = field.handle(.left)
    _ = field.handle(.left)
    _ = field.handle(.character("x"))
    #expect(field.text == "客户x档案")
    _ = field.handle(.home)
    _ = field.handle(.delete)
    #expect(field.text == "户x档案")
    _ = field.handle(.end)
    #expect(field.caret == 4)
    do {
      let used = field.handle(.enter)
      #expect(!used)
    }
    do {
      let used = field.handle(.function(2))
      #expect(!used)
    }
  }

  @Test func maxLengthIsEnforced() {
    var field = TextField(maxLength: 3)
    field.insert("12345")
    #expect(field.text == "123")
  }

  @Test func scrollsByDisplayWidthAndKeepsTheCaretVisible() {
    var field = TextField("一二三四五六")
    var canvas = Canvas(width: 8, height: 1)
    let caretX = field.render(into: &canvas, x: 1, y: 0, width: 6, style: .field)
    // 12 columns of text in a 6-column field, caret at the end: the last two characters and the caret.
    #expect(caretX == 6)
    #expect(canvas.lines() == ["  五六"])
    #expect(canvas.checkInvariants())
    _ = field.handle(.home)
    let homeX = field.render(into: &canvas, x: 1, y: 0, width: 6, style: .field)
    #expect(homeX == 1)
    #expect(canvas.lines() == [" 一二三"])
  }

  @Test func halfVisibleWideCharacterIsNotDrawn() {
    var field = TextField("a一二三")
    var canvas = Canvas(width: 4, height: 1)
    _ = field.render(into: &canvas, x: 0, y: 0, width: 4, style: .field)
    #expect(canvas.checkInvariants())
    // Scrolled to column 4: 二 (columns 3–4) is cut by the left edge and shows as a blank.
    #expect(canvas.lines() == [" 三"])
  }
}
