import Domain
import Foundation
import TOMLKit

/// A terminal colour: the terminal's own default, or an index into the 256-colour palette
/// (0–7 the classic colours, 8–15 their bright forms).
public enum ThemeColor: Hashable, Sendable {
  case terminalDefault
  case index(Int)

  /// The ncurses colour number: -1 for the default (with `use_default_colors`).
  public var curses: Int {
    switch self {
    case .terminalDefault: -1
    case .index(let n): n
    }
  }

  /// The nearest of the 8 classic colours, for terminals without 256.
  public var eightColor: ThemeColor {
    guard case .index(let n) = self else { return self }
    switch n {
    case 0..<8: return self
    case 8..<16: return .index(n - 8)
    case 16..<232:
      let v = n - 16
      let (r, g, b) = (v / 36, (v / 6) % 6, v % 6)
      return .index((r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0))
    default:
      return .index(n < 244 ? 0 : 7)
    }
  }

  static let names: [String: Int] = [
    "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
    "grey": 8, "gray": 8, "bright-black": 8, "bright-red": 9, "bright-green": 10, "bright-yellow": 11,
    "bright-blue": 12, "bright-magenta": 13, "bright-cyan": 14, "bright-white": 15,
  ]
}

/// Text attributes a terminal can show without colour.
public struct TextAttributes: OptionSet, Hashable, Sendable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let bold = TextAttributes(rawValue: 1)
  public static let reverse = TextAttributes(rawValue: 2)
  public static let underline = TextAttributes(rawValue: 4)
  public static let dim = TextAttributes(rawValue: 8)

  static let names: [String: TextAttributes] = [
    "bold": .bold, "reverse": .reverse, "underline": .underline, "dim": .dim,
  ]
}

/// How many colours the terminal can show, which decides which part of a theme's style is used.
public enum ColorMode: String, Hashable, Sendable {
  case colors256
  case colors8
  /// Attributes only: no colour support, or `NO_COLOR` is set (https://no-color.org).
  case monochrome

  /// Picks the mode from what the terminal reports and the environment (`NO_COLOR` wins).
  public static func choose(colorCount: Int, hasColors: Bool, environment: [String: String]) -> ColorMode {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
    guard hasColors, colorCount >= 8 else { return .monochrome }
    return colorCount >= 256 ? .colors256 : .colors8
  }
}

/// A style as written in a theme: full colours, the 8-colour fallback and the monochrome attributes.
public struct StyleSpec: Hashable, Sendable {
  public var foreground: ThemeColor
  public var background: ThemeColor
  public var attributes: TextAttributes
  /// Used when the terminal has only 8 colours; derived from the full colours when the theme omits it.
  public var foreground8: ThemeColor?
  public var background8: ThemeColor?
  /// Used in monochrome; the colour style's attributes when the theme omits it.
  public var monochrome: TextAttributes?

  public init(
    foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
    attributes: TextAttributes = [], foreground8: ThemeColor? = nil, background8: ThemeColor? = nil,
    monochrome: TextAttributes? = nil
  ) {
    self.foreground = foreground
    self.background = background
    self.attributes = attributes
    self.foreground8 = foreground8
    self.background8 = background8
    self.monochrome = monochrome
  }
}

/// A style ready for the terminal: colour numbers (-1 = terminal default) and attributes.
public struct ResolvedStyle: Hashable, Sendable {
  public var foreground: Int
  public var background: Int
  public var attributes: TextAttributes

  public init(foreground: Int, background: Int, attributes: TextAttributes) {
    self.foreground = foreground
    self.background = background
    self.attributes = attributes
  }
}

/// The characters used for lines, boxes and sparklines. Box-drawing characters and blocks are
/// East-Asian-ambiguous: some SSH clients draw them 2 wide, so themes can switch to ASCII.
public struct LineSet: Hashable, Sendable {
  public var horizontal: String
  public var vertical: String
  public var topLeft: String
  public var topRight: String
  public var bottomLeft: String
  public var bottomRight: String
  /// Eight levels, lowest first.
  public var sparkline: [String]

  public static let unicode = LineSet(
    horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
    sparkline: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"])
  public static let ascii = LineSet(
    horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
    sparkline: ["_", ".", ":", "-", "=", "+", "*", "#"])

  /// A sparkline of `values` scaled to the largest, one character per value.
  public func sparkline(_ values: [Double]) -> String {
    let top = values.max() ?? 0
    return String(
      values.map { value -> Character in
        let level = top > 0 ? Int((max(0, value) / top * 7).rounded()) : 0
        return Character(sparkline[min(7, max(0, level))])
      })
  }
}

/// A problem in a theme file or name, with a message in both languages.
public struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
  public var message: Localized

  public init(_ message: Localized) { self.message = message }

  public var description: String { message.zh + " / " + message.en }
}

/// Maps every `StyleRole` to colours and attributes; loaded from TOML (see docs/themes.md).
public struct Theme: Hashable, Sendable {
  public var name: String
  public var summary: String
  /// Replace box lines and sparkline blocks with ASCII.
  public var asciiLines: Bool
  public var styles: [StyleRole: StyleSpec]

  public init(name: String, summary: String = "", asciiLines: Bool = false, styles: [StyleRole: StyleSpec]) {
    self.name = name
    self.summary = summary
    self.asciiLines = asciiLines
    self.styles = styles
  }

  /// The line characters this theme draws with.
  public var lines: LineSet { asciiLines ? .ascii : .unicode }

  /// The style of `role` for a terminal in `mode`; a role the theme leaves out looks like `normal`.
  public func style(_ role: StyleRole, mode: ColorMode) -> ResolvedStyle {
    let spec = styles[role] ?? styles[.normal] ?? StyleSpec()
    switch mode {
    case .colors256:
      return ResolvedStyle(
        foreground: spec.foreground.curses, background: spec.background.curses, attributes: spec.attributes)
    case .colors8:
      return ResolvedStyle(
        foreground: (spec.foreground8 ?? spec.foreground.eightColor).curses,
        background: (spec.background8 ?? spec.background.eightColor).curses,
        attributes: spec.attributes)
    case .monochrome:
      return ResolvedStyle(foreground: -1, background: -1, attributes: spec.monochrome ?? spec.attributes)
    }
  }

  /// The theme named `nameOrFile`: a shipped theme's name (`default`, `high-contrast`, `light`, `mono`,
  /// `ascii`), or the path of a TOML file (anything containing `/` or ending in `.toml`). `nil` is `default`.
  /// A `,ascii` suffix (`light,ascii`) switches any theme to ASCII lines.
  public static func load(_ nameOrFile: String?) throws(ThemeError) -> Theme {
    var spec = nameOrFile ?? "default"
    if spec.lowercased().hasSuffix(",ascii") {
      var theme = try load(String(spec.dropLast(6)))
      theme.asciiLines = true
      return theme
    }
    if spec.isEmpty { spec = "default" }
    if spec.contains("/") || spec.hasSuffix(".toml") {
      let text: String
      do {
        text = try String(contentsOfFile: spec, encoding: .utf8)
      } catch {
        throw ThemeError(Localized("读不到主题文件 \(spec)", "Cannot read the theme file \(spec)"))
      }
      let base = (spec as NSString).lastPathComponent
      return try parse(text, name: base.hasSuffix(".toml") ? String(base.dropLast(5)) : base)
    }
    guard let text = ShippedThemes.all[spec.lowercased()] else {
      let names = ShippedThemes.names.joined(separator: ", ")
      throw ThemeError(
        Localized(
          "没有名为 \(spec) 的主题; 可用: \(names), 或主题文件路径", "No theme named \(spec); use one of: \(names), or a file path"))
    }
    return try parse(text, name: spec.lowercased())
  }

  /// The built-in default theme (cannot fail: a test parses every shipped theme).
  public static let standard: Theme = (try? load("default")) ?? Theme(name: "default", styles: [:])

  /// Reads a theme from TOML text. Unknown keys and roles are errors, so typos do not pass silently.
  public static func parse(_ text: String, name: String) throws(ThemeError) -> Theme {
    let table: TOMLTable
    do {
      table = try TOMLText.parse(text).table
    } catch {
      throw ThemeError(
        Localized(
          "主题 \(name) 第 \(error.line) 行不是有效的 TOML: \(error.detail)",
          "Theme \(name), line \(error.line), is not valid TOML: \(error.detail)"))
    }
    var theme = Theme(name: table["name"]?.string ?? name, styles: [:])
    theme.summary = table["description"]?.string ?? ""
    theme.asciiLines = table["ascii_lines"]?.bool ?? false
    for key in table.keys where !["name", "description", "ascii_lines"].contains(key) {
      guard let role = StyleRole(themeName: key) else {
        throw ThemeError(Localized("主题 \(name): 未知的样式 \(key)", "Theme \(name): unknown style \(key)"))
      }
      guard let entry = table[key]?.table else {
        throw ThemeError(Localized("主题 \(name): [\(key)] 应是一个表", "Theme \(name): [\(key)] must be a table"))
      }
      theme.styles[role] = try parseStyle(entry, role: key, theme: name)
    }
    return theme
  }

  private static func parseStyle(_ table: TOMLTable, role: String, theme: String) throws(ThemeError) -> StyleSpec {
    var spec = StyleSpec()
    var hasAttributes = false
    func fail(_ key: String) -> ThemeError {
      ThemeError(
        Localized("主题 \(theme): [\(role)] 的 \(key) 值无效", "Theme \(theme): invalid value for \(key) in [\(role)]"))
    }
    for key in table.keys {
      let value = table[key]
      switch key {
      case "fg", "bg", "fg8", "bg8":
        guard let color = color(value) else { throw fail(key) }
        switch key {
        case "fg": spec.foreground = color
        case "bg": spec.background = color
        case "fg8": spec.foreground8 = color
        default: spec.background8 = color
        }
      case "attrs", "mono":
        guard let attributes = attributes(value) else { throw fail(key) }
        if key == "attrs" {
          spec.attributes = attributes
          hasAttributes = true
        } else {
          spec.monochrome = attributes
        }
      default:
        throw ThemeError(
          Localized("主题 \(theme): [\(role)] 中未知的键 \(key)", "Theme \(theme): unknown key \(key) in [\(role)]"))
      }
    }
    // A style given only for monochrome (the mono theme) keeps its attributes in colour too.
    if !hasAttributes, let mono = spec.monochrome { spec.attributes = mono }
    return spec
  }

  private static func color(_ value: TOMLValueConvertible?) -> ThemeColor? {
    if let n = value?.int { return (0...255).contains(n) ? .index(n) : nil }
    guard let name = value?.string?.lowercased() else { return nil }
    if name == "default" { return .terminalDefault }
    return ThemeColor.names[name].map { .index($0) }
  }

  private static func attributes(_ value: TOMLValueConvertible?) -> TextAttributes? {
    guard let array = value?.array else { return nil }
    var result: TextAttributes = []
    for item in array {
      guard let name = item.string?.lowercased(), let attribute = TextAttributes.names[name] else { return nil }
      result.insert(attribute)
    }
    return result
  }
}
