import CNCurses
import Workbench

/// Turns what `wget_wch` returns into `Key`s.
enum KeyMapping {
  /// A function key code (`wget_wch` returned `KEY_CODE_YES`).
  static func functionKey(_ code: Int32, width: Int, height: Int) -> Key? {
    switch code {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_LEFT: return .left
    case KEY_RIGHT: return .right
    case KEY_PPAGE: return .pageUp
    case KEY_NPAGE: return .pageDown
    case KEY_HOME, KEY_A1: return .home
    case KEY_END, KEY_C1, KEY_LL: return .end
    case KEY_ENTER: return .enter
    case KEY_BACKSPACE: return .backspace
    case KEY_DC: return .delete
    case KEY_IC: return .insert
    case KEY_BTAB: return .backTab
    case KEY_RESIZE: return .resize(width: width, height: height)
    case KEY_F0 + 1...KEY_F0 + 24:
      // Shifted F1–F12 arrive as F13–F24 on xterm; treat them as the unshifted key.
      let n = Int(code - KEY_F0)
      return .function(n > 12 ? n - 12 : n)
    default: return nil
    }
  }

  /// An ordinary character code (`wget_wch` returned `OK`), other than Esc.
  static func character(_ code: UInt32) -> Key? {
    switch code {
    case 13, 10: return .enter
    case 9: return .tab
    case 8, 127: return .backspace
    case 1...26: return .control(Character(Unicode.Scalar(UInt8(code) + 96)))
    case 0, 28...31: return nil
    default:
      guard let scalar = Unicode.Scalar(code) else { return nil }
      return .character(Character(scalar))
    }
  }

  /// A CSI or SS3 sequence ncurses did not recognise, without the leading Esc (e.g. `[1~`, `OH`).
  static func escapeSequence(_ body: String) -> Key? {
    switch body {
    case "[A", "OA": return .up
    case "[B", "OB": return .down
    case "[C", "OC": return .right
    case "[D", "OD": return .left
    case "[H", "OH", "[1~", "[7~": return .home
    case "[F", "OF", "[4~", "[8~": return .end
    case "[5~": return .pageUp
    case "[6~": return .pageDown
    case "[2~": return .insert
    case "[3~": return .delete
    case "[Z": return .backTab
    case "OP", "[11~", "[[A": return .function(1)
    case "OQ", "[12~", "[[B": return .function(2)
    case "OR", "[13~", "[[C": return .function(3)
    case "OS", "[14~", "[[D": return .function(4)
    case "[15~", "[[E": return .function(5)
    case "[17~": return .function(6)
    case "[18~": return .function(7)
    case "[19~": return .function(8)
    case "[20~": return .function(9)
    case "[21~": return .function(10)
    case "[23~": return .function(11)
    case "[24~": return .function(12)
    default: return nil
    }
  }

  /// Escape sequences that xterm, PuTTY, rxvt and the Linux console send for keys terminfo may not list;
  /// taught to ncurses with `define_key` so they arrive as key codes.
  static let extraSequences: [(String, Int32)] = [
    ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}OH", KEY_HOME), ("\u{1B}[H", KEY_HOME),
    ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}OF", KEY_END), ("\u{1B}[F", KEY_END),
    ("\u{1B}OP", KEY_F0 + 1), ("\u{1B}OQ", KEY_F0 + 2), ("\u{1B}OR", KEY_F0 + 3), ("\u{1B}OS", KEY_F0 + 4),
    ("\u{1B}[11~", KEY_F0 + 1), ("\u{1B}[12~", KEY_F0 + 2), ("\u{1B}[13~", KEY_F0 + 3), ("\u{1B}[14~", KEY_F0 + 4),
    ("\u{1B}[[A", KEY_F0 + 1), ("\u{1B}[[B", KEY_F0 + 2), ("\u{1B}[[C", KEY_F0 + 3), ("\u{1B}[[D", KEY_F0 + 4),
    ("\u{1B}[[E", KEY_F0 + 5), ("\u{1B}[Z", KEY_BTAB),
  ]
}
