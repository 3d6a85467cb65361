import CNCurses
import Workbench

/// The colour pair and attributes of every `StyleRole`, set up once from the theme.
struct Palette {
  struct Entry {
    var pair: Int32
    var attributes: attr_t
  }

  let mode: ColorMode
  private var entries: [StyleRole: Entry] = [:]

  /// Initialises one extended colour pair per role (pair n+1 for the n-th role).
  /// - Parameter defaultColors: whether `use_default_colors` worked, so -1 means the terminal's own colour.
  init(theme: Theme, mode: ColorMode, colorCount: Int, defaultColors: Bool) {
    self.mode = mode
    for (index, role) in StyleRole.allCases.enumerated() {
      let style = theme.style(role, mode: mode)
      var pair: Int32 = 0
      if mode != .monochrome {
        pair = Int32(index + 1)
        let fg = Palette.fit(style.foreground, colorCount: colorCount, defaultColors: defaultColors, fallback: 7)
        let bg = Palette.fit(style.background, colorCount: colorCount, defaultColors: defaultColors, fallback: 0)
        if init_extended_pair(pair, fg, bg) == gd_err() { pair = 0 }
      }
      entries[role] = Entry(pair: pair, attributes: Palette.curses(style.attributes))
    }
  }

  subscript(role: StyleRole) -> Entry {
    entries[role] ?? Entry(pair: 0, attributes: gd_a_normal())
  }

  /// A colour the terminal can show: -1 only with default colours, and indices within `COLORS`.
  private static func fit(_ color: Int, colorCount: Int, defaultColors: Bool, fallback: Int32) -> Int32 {
    if color < 0 { return defaultColors ? -1 : fallback }
    if color >= colorCount { return Int32(color % 8) }
    return Int32(color)
  }

  static func curses(_ attributes: TextAttributes) -> attr_t {
    var result = gd_a_normal()
    if attributes.contains(.bold) { result |= gd_a_bold() }
    if attributes.contains(.reverse) { result |= gd_a_reverse() }
    if attributes.contains(.underline) { result |= gd_a_underline() }
    if attributes.contains(.dim) { result |= gd_a_dim() }
    return result
  }
}
