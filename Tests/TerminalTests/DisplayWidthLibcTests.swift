import Testing
import Workbench

@testable import Terminal

/// `DisplayWidth` must agree with glibc `wcwidth` under C.UTF-8 — what ncurses uses to place text —
/// or the canvas and the real screen drift apart cell by cell.
@Suite struct DisplayWidthLibcTests {
  /// Blocks where Chinese text, input methods and emoji live, plus the ambiguous punctuation.
  static let ranges: [ClosedRange<UInt32>] = [
    0x0020...0x07FF,  // Latin, Greek, Cyrillic, combining marks, Hebrew, Arabic
    0x1100...0x11FF,  // Hangul Jamo (leading consonants wide, vowels zero)
    0x2000...0x2BFF,  // punctuation (— … “ ” ‘ ’ ※), arrows, box drawing, blocks, geometric shapes
    0x2E80...0x303F,  // CJK radicals, ideographic space and punctuation
    0x3040...0x33FF,  // kana, bopomofo, CJK compatibility
    0x3400...0x4DBF,  // CJK extension A
    0x4E00...0x9FFF,  // CJK unified ideographs
    0xA960...0xA97F,  // Hangul Jamo extended A
    0xAC00...0xD7FF,  // Hangul syllables and Jamo extended B
    0xF900...0xFAFF,  // CJK compatibility ideographs
    0xFE00...0xFE6F,  // variation selectors, vertical and small forms
    0xFF00...0xFFEF,  // half-width and full-width forms
    0x1F000...0x1FAFF,  // mahjong, cards, emoji, symbols
    0x20000...0x2A6DF,  // CJK extension B
    0xE0000...0xE01EF,  // tags and variation selectors supplement
  ]

  @Test func agreesWithGlibcWcwidth() throws {
    try #require(LibcWidth.useUTF8(), "C.UTF-8 locale missing")
    var checked = 0
    var mismatches: [String] = []
    for range in Self.ranges {
      for value in range {
        guard let scalar = Unicode.Scalar(value) else { continue }
        let libc = LibcWidth.width(value)
        // -1: unassigned or control in glibc's table; the canvas decides those on its own.
        guard libc >= 0 else { continue }
        checked += 1
        let ours = DisplayWidth.of(scalar)
        if ours != libc, mismatches.count < 20 {
          mismatches.append("U+\(String(value, radix: 16, uppercase: true)) ours \(ours) glibc \(libc)")
        }
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.joined(separator: ", "))")
    #expect(checked > 80_000)
  }

  @Test func agreesOnEveryAssignedCodePoint() throws {
    try #require(LibcWidth.useUTF8(), "C.UTF-8 locale missing")
    var mismatches = 0
    for value in UInt32(0x20)...0x10FFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let libc = LibcWidth.width(value)
      guard libc >= 0 else { continue }
      if DisplayWidth.of(scalar) != libc { mismatches += 1 }
    }
    #expect(mismatches == 0)
  }

  @Test(arguments: ["中", "Ａ", "\u{3000}", "😀", "\u{301}", "\u{200B}", "·", "—", "…", "“", "”", "①", "※", "─"])
  func namedCharacters(text: String) throws {
    try #require(LibcWidth.useUTF8())
    let scalar = text.unicodeScalars.first!
    #expect(DisplayWidth.of(scalar) == LibcWidth.width(scalar.value))
  }
}
