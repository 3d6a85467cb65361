import Testing
import Workbench

@Suite struct DisplayWidthTests {
  @Test(arguments: [
    ("a", 1), ("中", 2), ("Ａ", 2), ("\u{3000}", 2), ("한", 2), ("あ", 2), ("😀", 2), ("e\u{301}", 1),
    ("\u{200B}", 0), ("·", 1), ("—", 1), ("…", 1), ("“", 1), ("”", 1), ("─", 1), ("①", 1), ("※", 1),
    ("\u{7}", 0), ("，", 2), ("？", 2),
  ])
  func widthOfCharacters(text: String, width: Int) {
    #expect(DisplayWidth.of(text) == width)
  }

  @Test func widthOfMixedText() {
    #expect("GD261129-0007 张*明".displayWidth == 19)
    #expect("剩 3工作日".displayWidth == 10)
  }

  @Test func truncateCutsByWidthWithEllipsis() {
    #expect("工单队列".truncated(toWidth: 8) == "工单队列")
    #expect("工单队列".truncated(toWidth: 7) == "工单队…")
    #expect("工单队列".truncated(toWidth: 6) == "工单…")
    #expect("abcdef".truncated(toWidth: 4) == "abc…")
    #expect("abc".truncated(toWidth: 0) == "")
    #expect(DisplayWidth.truncate("中文", toWidth: 1, ellipsis: "") == "")
  }

  @Test func padAlignsByWidth() {
    #expect("中".padded(toWidth: 4) == "中  ")
    #expect("中".padded(toWidth: 4, alignment: .right) == "  中")
    #expect("中".padded(toWidth: 5, alignment: .center) == " 中  ")
    #expect("中文字".padded(toWidth: 5) == "中文…")
    #expect("中文字".padded(toWidth: 5).displayWidth == 5)
  }
}

@Suite struct WrapTests {
  @Test func wrapsWordsAtSpaces() {
    #expect(DisplayWidth.wrap("Type to filter the list", toWidth: 10) == ["Type to", "filter the", "list"])
  }

  @Test func wrapsChineseBetweenCharactersKeepingPunctuation() {
    let lines = DisplayWidth.wrap("最紧急的工单在前。左右键切换", toWidth: 10)
    #expect(lines == ["最紧急的工", "单在前。左", "右键切换"])
    #expect(lines.allSatisfy { $0.displayWidth <= 10 })
  }

  @Test func cutsWordsLongerThanALine() {
    #expect(DisplayWidth.wrap("abcdefghij", toWidth: 4) == ["abcd", "efgh", "ij"])
    #expect(DisplayWidth.wrap("", toWidth: 4) == [""])
  }
}
