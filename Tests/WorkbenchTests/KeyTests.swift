import Domain
import Testing
import Workbench

@Suite struct KeyTests {
  @Test func inputMethodFormsNormalizeToCommandCharacters() {
    #expect(Key.character("？").normalized == .character("?"))
    #expect(Key.character("：").normalized == .character(":"))
    #expect(Key.character("、").normalized == .character("/"))
    #expect(Key.character("／").normalized == .character("/"))
    #expect(Key.character("中").normalized == .character("中"))
    #expect(Key.up.normalized == .up)
  }

  @Test func labelsAreASCIIOrCJK() {
    #expect(Key.function(10).label(.zh) == "F10")
    #expect(Key.enter.label(.zh) == "回车")
    #expect(Key.enter.label(.en) == "Enter")
    #expect(Key.control("l").label(.en) == "Ctrl-L")
    for key: Key in [.up, .down, .left, .right] {
      let ascii = key.label(.zh).unicodeScalars.allSatisfy { $0.isASCII }
      #expect(ascii)
    }
  }
}
