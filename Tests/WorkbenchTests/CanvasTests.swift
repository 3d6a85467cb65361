import Testing
import Workbench

@Suite struct CanvasTests {
  @Test func writesTextByDisplayWidth() {
    var canvas = Canvas(width: 10, height: 1)
    let end = canvas.write("中a文", x: 0, y: 0)
    #expect(end == 5)
    #expect(canvas.lines() == ["中a文"])
    #expect(canvas[0, 0].width == 2)
    #expect(canvas[1, 0].isContinuation)
    #expect(canvas[2, 0].text == "a")
    #expect(canvas.checkInvariants())
  }

  @Test func wideCharacterAtTheRightEdgeBecomesASpace() {
    var canvas = Canvas(width: 5, height: 1)
    let end = canvas.write("abcd中", x: 0, y: 0)
    #expect(end == 5)
    #expect(canvas.lines(trimmed: false) == ["abcd "])
    #expect(canvas.checkInvariants())
  }

  @Test func wideCharacterStraddlingAClipWidthBecomesASpace() {
    var canvas = Canvas(width: 10, height: 1)
    canvas.write("xxxxxxxxxx", x: 0, y: 0)
    canvas.write("中文字", x: 1, y: 0, maxWidth: 5)
    #expect(canvas.lines() == ["x中文 xxxx"])
    #expect(canvas.checkInvariants())
  }

  @Test func overwritingTheRightHalfBlanksTheLeftHalf() {
    var canvas = Canvas(width: 6, height: 1)
    canvas.write("中文", x: 0, y: 0)
    canvas.write("a", x: 1, y: 0)
    #expect(canvas.lines() == [" a文"])
    #expect(canvas.checkInvariants())
  }

  @Test func overwritingTheLeftHalfBlanksTheRightHalf() {
    var canvas = Canvas(width: 6, height: 1)
    canvas.write("中文", x: 0, y: 0)
    canvas.write("b", x: 2, y: 0)
    #expect(canvas.lines() == ["中b"])
    #expect(canvas[3, 0].text == " ")
    #expect(canvas.checkInvariants())
  }

  @Test func wideOverWideOffByOne() {
    var canvas = Canvas(width: 6, height: 1)
    canvas.write("中文", x: 0, y: 0)
    canvas.write("字", x: 1, y: 0)
    #expect(canvas.lines() == [" 字"])
    #expect(canvas.checkInvariants())
  }

  @Test func combiningMarksStayWithTheirLetter() {
    var canvas = Canvas(width: 6, height: 1)
    canvas.write("e\u{301}x\u{200B}y", x: 0, y: 0)
    #expect(canvas.lines() == ["e\u{301}xy"])
    #expect(canvas[0, 0].width == 1)
  }

  @Test func controlCharactersAreDropped() {
    var canvas = Canvas(width: 6, height: 1)
    canvas.write("a\tb\u{7}c", x: 0, y: 0)
    #expect(canvas.lines() == ["abc"])
  }

  @Test func writingOutsideIsClipped() {
    var canvas = Canvas(width: 4, height: 2)
    canvas.write("hello", x: -2, y: 0)
    canvas.write("中x", x: -1, y: 1)
    canvas.write("zzz", x: 0, y: 5)
    #expect(canvas.lines() == ["llo", " x"])
    #expect(canvas.checkInvariants())
  }

  @Test func drawCopiesAndClipsAnotherCanvas() {
    var inner = Canvas(width: 4, height: 1)
    inner.write("中文", x: 0, y: 0, style: .accent)
    var outer = Canvas(width: 5, height: 2)
    outer.write("abcde", x: 0, y: 0)
    outer.draw(inner, at: Position(x: 2, y: 0))
    #expect(outer.lines() == ["ab中", ""])
    #expect(outer[2, 0].style == .accent)
    #expect(outer.checkInvariants())
  }

  @Test func fillAndRestyle() {
    var canvas = Canvas(width: 4, height: 2)
    canvas.write("ab", x: 0, y: 0)
    canvas.restyle(Rect(x: 0, y: 0, width: 4, height: 1), style: .selected)
    canvas.fill(Rect(x: 0, y: 1, width: 9, height: 9), style: .keybar)
    #expect(canvas.lines() == ["ab", ""])
    #expect(canvas.styleLines() == ["####", "KKKK"])
  }

  @Test func linesKeepOrTrimTrailingSpaces() {
    var canvas = Canvas(width: 4, height: 1)
    canvas.write("a", x: 0, y: 0)
    #expect(canvas.lines() == ["a"])
    #expect(canvas.lines(trimmed: false) == ["a   "])
  }
}

@Suite struct CanvasBoxTests {
  @Test func boxWithTitleInUnicodeAndASCII() {
    var canvas = Canvas(width: 12, height: 3)
    canvas.drawBox(canvas.bounds, lines: .ascii, title: "帮助")
    #expect(canvas.lines() == ["+- 帮助 ---+", "|          |", "+----------+"])
    canvas.drawBox(canvas.bounds, lines: .unicode)
    #expect(canvas.lines()[2] == "└──────────┘")
    #expect(canvas.checkInvariants())
  }
}
