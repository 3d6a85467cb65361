import CNCurses
import Testing
import Workbench

@testable import Terminal

@Suite struct KeyMappingTests {
  @Test func functionKeys() {
    #expect(KeyMapping.functionKey(KEY_UP, width: 80, height: 24) == .up)
    #expect(KeyMapping.functionKey(KEY_NPAGE, width: 80, height: 24) == .pageDown)
    #expect(KeyMapping.functionKey(KEY_F0 + 1, width: 80, height: 24) == .function(1))
    #expect(KeyMapping.functionKey(KEY_F0 + 10, width: 80, height: 24) == .function(10))
    #expect(KeyMapping.functionKey(KEY_F0 + 13, width: 80, height: 24) == .function(1))
    #expect(KeyMapping.functionKey(KEY_BTAB, width: 80, height: 24) == .backTab)
    #expect(KeyMapping.functionKey(KEY_RESIZE, width: 100, height: 30) == .resize(width: 100, height: 30))
    #expect(KeyMapping.functionKey(KEY_MOUSE, width: 80, height: 24) == nil)
  }

  @Test func characters() {
    #expect(KeyMapping.character(13) == .enter)
    #expect(KeyMapping.character(9) == .tab)
    #expect(KeyMapping.character(127) == .backspace)
    #expect(KeyMapping.character(3) == .control("c"))
    #expect(KeyMapping.character(0x4E2D) == .character("中"))
    #expect(KeyMapping.character(0xFF1F) == .character("？"))
    #expect(KeyMapping.character(0xD800) == nil)
  }

  @Test func escapeSequences() {
    #expect(KeyMapping.escapeSequence("[1~") == .home)
    #expect(KeyMapping.escapeSequence("OF") == .end)
    #expect(KeyMapping.escapeSequence("[11~") == .function(1))
    #expect(KeyMapping.escapeSequence("[[E") == .function(5))
    #expect(KeyMapping.escapeSequence("[Z") == .backTab)
    #expect(KeyMapping.escapeSequence("[99~") == nil)
  }

  @Test func cellsKeepOneSpacingCharacterAndItsMarks() {
    var buffer: [wchar_t] = []
    TerminalSession.wideCharacters(of: "e\u{301}", into: &buffer)
    #expect(buffer == [0x65, 0x301, 0])
    buffer = []
    TerminalSession.wideCharacters(of: "👨\u{200D}👩", into: &buffer)
    #expect(buffer == [0x1F468, 0x200D, 0])
    buffer = []
    TerminalSession.wideCharacters(of: "", into: &buffer)
    #expect(buffer == [32, 0])
  }
}
