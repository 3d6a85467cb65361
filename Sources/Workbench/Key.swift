import Domain

/// One key press (or event) as the workbench sees it, independent of the terminal that produced it.
public enum Key: Hashable, Sendable {
  /// A typed character; an input method's committed text arrives as one of these per character.
  case character(Character)
  case up
  case down
  case left
  case right
  case pageUp
  case pageDown
  case home
  case end
  case enter
  case escape
  case tab
  case backTab
  case backspace
  case delete
  case insert
  /// F1…F12.
  case function(Int)
  /// Ctrl with a letter, lower-case (`control("l")` for Ctrl-L).
  case control(Character)
  /// The terminal changed size.
  case resize(width: Int, height: Int)
  /// About once a second, with no key pressed: lets the clock move and screens poll for changes.
  case tick

  /// The key with input-method forms of command characters mapped to ASCII: full-width `？ ： ／` and the
  /// ideographic comma `、` (what `/` types with a Chinese input method) become `? : / /`; full-width
  /// letters and digits (`ａ`, `Ｑ`, `１`) their ASCII forms, and the ideographic space a space, so every
  /// command key works with an input method in full-width mode.
  public var normalized: Key {
    guard case .character(let ch) = self else { return self }
    switch ch {
    case "？": return .character("?")
    case "：": return .character(":")
    case "、", "／": return .character("/")
    case "\u{3000}": return .character(" ")
    default:
      guard let scalar = ch.unicodeScalars.first, ch.unicodeScalars.count == 1,
        (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0)
      else { return self }
      return .character(Character(ascii))
    }
  }

  /// How the key is named in the key bar and the help (`F1`, `回车`/`Enter`, `/`). Only ASCII and CJK:
  /// arrows are spelt out because `↑` is East-Asian-ambiguous and some SSH clients draw it 2 wide.
  public func label(_ lang: Lang) -> String {
    switch self {
    case .character(" "): return lang == .zh ? "空格" : "Space"
    case .character(let ch): return String(ch)
    case .up: return "Up"
    case .down: return "Down"
    case .left: return "Left"
    case .right: return "Right"
    case .pageUp: return "PgUp"
    case .pageDown: return "PgDn"
    case .home: return "Home"
    case .end: return "End"
    case .enter: return lang == .zh ? "回车" : "Enter"
    case .escape: return "Esc"
    case .tab: return "Tab"
    case .backTab: return "Shift-Tab"
    case .backspace: return lang == .zh ? "退格" : "Backspace"
    case .delete: return "Del"
    case .insert: return "Ins"
    case .function(let n): return "F\(n)"
    case .control(let ch): return "Ctrl-\(String(ch).uppercased())"
    case .resize: return lang == .zh ? "窗口大小" : "Resize"
    case .tick: return lang == .zh ? "时钟" : "Tick"
    }
  }
}
