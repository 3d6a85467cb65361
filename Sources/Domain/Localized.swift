/// The two languages of the user interface. Chinese is the default.
public enum Lang: String, Sendable, Codable, CaseIterable {
  case zh
  case en

  /// Picks the language from an explicit flag, then `GRIDDESK_LANG`, then `LC_ALL`/`LC_MESSAGES`/`LANG`.
  public static func resolve(flag: String?, environment: [String: String]) -> Lang {
    if let flag, let lang = Lang(rawValue: flag.lowercased()) { return lang }
    if let value = environment["GRIDDESK_LANG"], let lang = Lang(rawValue: value.lowercased()) { return lang }
    for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      guard let value = environment[key], !value.isEmpty else { continue }
      let lower = value.lowercased()
      if lower.hasPrefix("zh") { return .zh }
      if lower.hasPrefix("en") { return .en }
      // C.UTF-8 and POSIX say nothing about a language: keep the default.
      break
    }
    return .zh
  }
}

/// A text in both languages. Every label and message the user can see is one of these.
public struct Localized: Sendable, Hashable, Codable {
  public var zh: String
  public var en: String

  public init(_ zh: String, _ en: String) {
    self.zh = zh
    self.en = en
  }

  public func text(_ lang: Lang) -> String { lang == .zh ? zh : en }
}
