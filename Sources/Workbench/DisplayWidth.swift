/// How many terminal columns text takes, as glibc `wcwidth` measures it under C.UTF-8 — which is what
/// ncurses itself uses, so the canvas and the real screen agree cell for cell.
///
/// CJK, Hangul, full-width forms and most emoji take 2 columns; combining marks, U+200B and other format
/// characters take 0; East-Asian-ambiguous characters (`· — … “ ”`) take 1. Control characters take 0
/// (the canvas drops them). Code points unassigned in glibc's table take 1.
public enum DisplayWidth {
  /// The width of one Unicode scalar: 0, 1 or 2.
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v < 0x7F { return v >= 0x20 ? 1 : 0 }
    if v < 0xA0 { return 0 }
    if v < 0x300 { return 1 }
    if contains(doubleWidth, v) { return 2 }
    if contains(zeroWidth, v) { return 0 }
    return 1
  }

  /// The width of one grapheme cluster: the width of its first scalar that has one.
  ///
  /// A terminal draws the first spacing character of a cluster and stacks the zero-width ones on it;
  /// measuring the same way keeps `Canvas` and ncurses in step (a ZWJ emoji sequence is drawn as its
  /// first emoji).
  public static func of(_ character: Character) -> Int {
    for scalar in character.unicodeScalars {
      let w = of(scalar)
      if w > 0 { return w }
    }
    return 0
  }

  /// The width of a string: the sum of its characters' widths.
  public static func of(_ text: some StringProtocol) -> Int {
    var total = 0
    for ch in text { total += of(ch) }
    return total
  }

  /// Cuts `text` to at most `width` columns, ending with `…` when something was cut.
  ///
  /// Never splits a wide character: when only one column is left for it, the result is one column
  /// shorter than `width` rather than half a glyph.
  public static func truncate(_ text: String, toWidth width: Int, ellipsis: String = "…") -> String {
    guard width > 0 else { return "" }
    if of(text) <= width { return text }
    let ellipsisWidth = of(ellipsis)
    let room = width - ellipsisWidth
    guard room >= 0 else { return take(text, width: width) }
    return take(text, width: room) + ellipsis
  }

  /// The longest prefix of `text` that fits in `width` columns (no ellipsis).
  public static func take(_ text: String, width: Int) -> String {
    var used = 0
    var out = ""
    for ch in text {
      let w = of(ch)
      if used + w > width { break }
      used += w
      out.append(ch)
    }
    return out
  }

  /// Pads (or truncates) `text` to exactly `width` columns.
  public static func pad(_ text: String, toWidth width: Int, alignment: Alignment = .left) -> String {
    let cut = truncate(text, toWidth: width)
    let gap = max(0, width - of(cut))
    let spaces = String(repeating: " ", count: gap)
    switch alignment {
    case .left: return cut + spaces
    case .right: return spaces + cut
    case .center:
      let left = gap / 2
      return String(repeating: " ", count: left) + cut + String(repeating: " ", count: gap - left)
    }
  }

  /// Breaks `text` into lines of at most `width` columns: between words at spaces, and before any
  /// wide (CJK) character except closing punctuation, which stays with the character before it.
  /// A word longer than a line is cut.
  public static func wrap(_ text: String, toWidth width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var line = ""
    func flush() {
      while line.last == " " { line.removeLast() }
      lines.append(line)
      line = ""
    }
    for token in tokens(text) {
      if token == " " {
        if !line.isEmpty, of(line) < width { line += " " }
        continue
      }
      let w = of(token)
      if of(line) + w <= width {
        line += token
        continue
      }
      if !line.isEmpty { flush() }
      var rest = Substring(token)
      while of(rest) > width {
        let head = take(String(rest), width: width)
        guard !head.isEmpty else { break }
        line = head
        flush()
        rest = rest.dropFirst(head.count)
      }
      line = String(rest)
    }
    if !line.isEmpty || lines.isEmpty { flush() }
    return lines
  }

  /// Words, single spaces and single wide characters (with any closing punctuation glued on).
  private static func tokens(_ text: String) -> [String] {
    let closing: Set<Character> = ["，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "》", ",", ".", ";", ":", ")"]
    var tokens: [String] = []
    var word = ""
    for ch in text {
      if ch == " " || ch == "\n" {
        if !word.isEmpty { tokens.append(word) }
        word = ""
        tokens.append(" ")
      } else if closing.contains(ch) && (word.isEmpty && tokens.last.map { $0 != " " } ?? false) {
        tokens[tokens.count - 1].append(ch)
      } else if of(ch) == 2 {
        if !word.isEmpty { tokens.append(word) }
        word = ""
        tokens.append(String(ch))
      } else {
        word.append(ch)
      }
    }
    if !word.isEmpty { tokens.append(word) }
    return tokens
  }

  /// Horizontal placement of text in a wider space.
  public enum Alignment: Sendable, Equatable {
    case left
    case right
    case center
  }

  private static func contains(_ ranges: [ClosedRange<UInt32>], _ value: UInt32) -> Bool {
    var low = 0
    var high = ranges.count - 1
    while low <= high {
      let mid = (low + high) / 2
      let range = ranges[mid]
      if value < range.lowerBound {
        high = mid - 1
      } else if value > range.upperBound {
        low = mid + 1
      } else {
        return true
      }
    }
    return false
  }
}

extension StringProtocol {
  /// Terminal columns this text takes (see `DisplayWidth`).
  public var displayWidth: Int { DisplayWidth.of(self) }
}

extension String {
  /// This text cut to `width` columns with `…` (see `DisplayWidth.truncate`).
  public func truncated(toWidth width: Int) -> String { DisplayWidth.truncate(self, toWidth: width) }

  /// This text padded or cut to exactly `width` columns.
  public func padded(toWidth width: Int, alignment: DisplayWidth.Alignment = .left) -> String {
    DisplayWidth.pad(self, toWidth: width, alignment: alignment)
  }
}
