/// What a piece of text *is*, not how it looks. Screens paint with roles; a `Theme` decides the colours
/// and attributes, so the same screen works in 256 colours, 8 colours, monochrome and `NO_COLOR`.
public enum StyleRole: String, Sendable, CaseIterable, Hashable, Codable {
  /// Ordinary text.
  case normal
  /// The top status bar.
  case status
  /// Screen headings and section titles.
  case title
  /// Column headers of a table.
  case header
  /// The bottom key bar.
  case keybar
  /// The key name inside the key bar (`F1`, `回车`).
  case keyHint
  /// The selected row or item.
  case selected
  /// Past its time limit (red).
  case overdue
  /// Close to its time limit, or needs attention (yellow).
  case warning
  /// Done, on time, passed (green).
  case ok
  /// Suspended, not applicable, inactive (grey).
  case muted
  /// A tab in a tab row.
  case tab
  /// The active tab.
  case tabActive
  /// An input field.
  case field
  /// The input field that has the focus.
  case fieldFocus
  /// An error message.
  case error
  /// Box lines and separators.
  case border
  /// Something to draw the eye to (counts, the marker of the selected row).
  case accent
  /// The background of an overlay (help, command line).
  case overlay

  /// The one-letter code used by style snapshots (`Canvas.styleLines()`).
  public var code: Character {
    switch self {
    case .normal: "."
    case .status: "S"
    case .title: "T"
    case .header: "H"
    case .keybar: "K"
    case .keyHint: "k"
    case .selected: "#"
    case .overdue: "R"
    case .warning: "Y"
    case .ok: "G"
    case .muted: "m"
    case .tab: "t"
    case .tabActive: "A"
    case .field: "f"
    case .fieldFocus: "F"
    case .error: "E"
    case .border: "b"
    case .accent: "a"
    case .overlay: "o"
    }
  }

  /// Accepts the role names used in theme files, including the alias `suspended` for `muted`.
  public init?(themeName: String) {
    let name = themeName.lowercased().filter { $0 != "_" && $0 != "-" }
    if name == "suspended" {
      self = .muted
      return
    }
    guard let role = StyleRole.allCases.first(where: { $0.rawValue.lowercased() == name }) else { return nil }
    self = role
  }
}
