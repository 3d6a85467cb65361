/// A single-line text field that counts in Characters and draws in columns.
///
/// Backspace removes a whole Character (a Chinese character, or a letter with its accent), the caret
/// moves by Characters, and the view scrolls horizontally by display width so the caret stays visible
/// without ever showing half of a wide character.
public struct TextField: Hashable, Sendable {
  public private(set) var text: String
  /// The caret, as a count of Characters before it.
  public private(set) var caret: Int
  /// The first column of `text` that is visible.
  public private(set) var scroll: Int = 0
  /// Characters beyond this are refused; `nil` for no limit.
  public var maxLength: Int?

  public init(_ text: String = "", maxLength: Int? = nil) {
    self.text = text
    self.caret = text.count
    self.maxLength = maxLength
  }

  /// How much of the limit is used, `12/50`; nil without a limit.
  public var countText: String? { maxLength.map { "\(text.count)/\($0)" } }
  /// Whether the text is as long as the limit allows.
  public var isFull: Bool { maxLength.map { text.count >= $0 } ?? false }

  /// Replaces the text and puts the caret at its end.
  public mutating func setText(_ newText: String) {
    text = newText
    caret = newText.count
    scroll = 0
  }

  /// Inserts text at the caret as one piece (an input method's committed phrase, a completion).
  public mutating func insert(_ piece: String) {
    let clean = piece.filter { ch in !ch.unicodeScalars.allSatisfy { $0.value < 0x20 || $0.value == 0x7F } }
    var before = String(text.prefix(caret))
    let after = String(text.dropFirst(caret))
    if let maxLength {
      let room = max(0, maxLength - text.count)
      before += String(clean.prefix(room))
    } else {
      before += clean
    }
    caret = before.count
    text = before + after
  }

  /// Applies an editing key. Returns false for keys a text field does not use (Enter, Esc, Tab, F-keys,
  /// up/down…), which the screen then handles.
  public mutating func handle(_ key: Key) -> Bool {
    switch key {
    case .character(let ch):
      insert(String(ch))
    case .backspace:
      guard caret > 0 else { return true }
      var chars = Array(text)
      chars.remove(at: caret - 1)
      text = String(chars)
      caret -= 1
    case .delete, .control("d"):
      guard caret < text.count else { return true }
      var chars = Array(text)
      chars.remove(at: caret)
      text = String(chars)
    case .left, .control("b"):
      caret = max(0, caret - 1)
    case .right, .control("f"):
      caret = min(text.count, caret + 1)
    case .home, .control("a"):
      caret = 0
    case .end, .control("e"):
      caret = text.count
    case .control("u"):
      text = String(text.dropFirst(caret))
      caret = 0
    case .control("k"):
      text = String(text.prefix(caret))
    default:
      return false
    }
    return true
  }

  /// Draws the field in `width` columns at `(x, y)` and returns the caret's column on the canvas.
  ///
  /// Scrolls first so that the caret is visible; a wide character cut by either edge is shown as a space.
  @discardableResult
  public mutating func render(into canvas: inout Canvas, x: Int, y: Int, width: Int, style: StyleRole) -> Int {
    guard width > 0 else { return x }
    let caretColumn = DisplayWidth.of(text.prefix(caret))
    // Keep one column free after the text for the caret itself.
    if caretColumn < scroll { scroll = caretColumn }
    if caretColumn - scroll > width - 1 { scroll = caretColumn - (width - 1) }
    scroll = max(0, min(scroll, max(0, DisplayWidth.of(text) + 1 - width)))
    if caretColumn < scroll { scroll = caretColumn }
    canvas.fill(Rect(x: x, y: y, width: width, height: 1), style: style)
    var column = -scroll
    for ch in text {
      let w = DisplayWidth.of(ch)
      if column >= width { break }
      if column >= 0 && column + w <= width {
        canvas.write(String(ch), x: x + column, y: y, style: style, maxWidth: width - column)
      }
      column += w
    }
    return x + caretColumn - scroll
  }
}
