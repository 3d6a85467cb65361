import TOMLKit

/// The one way GridDesk reads TOML (calendar, standard and theme files, and the TOML carried by `apply`
/// lines): a small scanner of our own runs first, then TOMLKit.
///
/// Why the scanner: TOMLKit wraps toml++, whose parser *asserts* instead of reporting an error on some
/// malformed table headers (`[[[`, `[*]`, `[` at the end of a line: `parse_key` assumes its first character
/// starts a key). In a debug build that aborts the process; in a release build it is undefined behaviour.
/// The scanner follows the document's structure (strings, comments, arrays, inline tables) far enough to
/// find every table header toml++ would reach, and refuses a header whose name does not start with a key
/// character, with its line. It also lists every key with its full dotted path and line, so that a file
/// with an unknown or misspelt key can be refused by name and line (`unknownKey(in:allowed:)`).
///
/// The scanner never accepts what toml++ refuses: it only adds refusals, and it stops following a document
/// at the first thing it does not understand, which toml++ then reports (toml++ stops at its first error,
/// so it never reaches a header past it).
public enum TOMLText {
  /// A syntax problem: the line (1-based) and an English description (toml++'s own, or ours).
  public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var detail: String
    public var description: String { "line \(line): \(detail)" }
  }

  /// A key as written: its full path (the table header's path, then the dotted key, then keys of inline
  /// tables inside its value) and the line it is on. Array positions are not part of the path.
  public struct Key: Sendable, Hashable {
    public var path: [String]
    public var line: Int
    public var dotted: String { path.joined(separator: ".") }
  }

  /// Parses `text`: the guard, then TOMLKit. Returns the table and every key with its line.
  public static func parse(_ text: String) throws(Problem) -> (table: TOMLTable, keys: [Key]) {
    var scanner = Scanner(text)
    try scanner.scanDocument()
    do {
      return (try TOMLTable(string: text), scanner.keys)
    } catch let error as TOMLParseError {
      throw Problem(line: error.source.begin.line, detail: error.description)
    } catch {
      throw Problem(line: 1, detail: "\(error)")
    }
  }

  /// The first key whose path is not allowed. `allowed` holds dotted paths; a path is allowed when it is
  /// in the set, or when a prefix of it ending in `.*` is (`styles.*` allows anything below `styles`).
  public static func unknownKey(in keys: [Key], allowed: Set<String>) -> Key? {
    keys.first { key in
      if allowed.contains(key.dotted) { return false }
      for n in stride(from: key.path.count - 1, through: 0, by: -1) {
        if allowed.contains((key.path.prefix(n) + ["*"]).joined(separator: ".")) { return false }
      }
      return true
    }
  }

  /// The allowed key most like `key` (an edit distance of at most 3), for "did you mean".
  public static func nearest(_ key: String, in allowed: Set<String>) -> String? {
    let a = Array(key)
    var best: (String, Int)?
    for candidate in allowed.sorted() where !candidate.hasSuffix("*") {
      let b = Array(candidate)
      var row = Array(0...b.count)
      for x in 1...max(a.count, 1) where !a.isEmpty {
        var next = [x] + [Int](repeating: 0, count: b.count)
        for y in 1...max(b.count, 1) where !b.isEmpty {
          next[y] = min(row[y] + 1, next[y - 1] + 1, row[y - 1] + (a[x - 1] == b[y - 1] ? 0 : 1))
        }
        row = next
      }
      let d = row[b.count]
      if d <= 3, d < (best?.1 ?? .max) { best = (candidate, d) }
    }
    return best?.0
  }

  // MARK: The scanner

  /// Stops following the document: what comes next is not understood; toml++ reports it.
  private struct Stop: Error {}

  private struct Scanner {
    let s: [Unicode.Scalar]
    var i = 0
    var line = 1
    var keys: [Key] = []
    var table: [String] = []

    init(_ text: String) {
      s = Array(text.unicodeScalars)
      // toml++ skips a byte-order mark at the start.
      if s.first == "\u{FEFF}" { i = 1 }
    }

    var atEnd: Bool { i >= s.count }
    var c: Unicode.Scalar { s[i] }

    static func isBare(_ c: Unicode.Scalar) -> Bool {
      (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "_" || c == "-"
    }

    mutating func scanDocument() throws(Problem) {
      do {
        while !atEnd {
          skipSpaces()
          if atEnd { break }
          if try skipNewlineOrComment() { continue }
          if c == "[" {
            try header()
          } else if Self.isBare(c) || c == "\"" || c == "'" {
            let start = line
            let key = try dottedKey()
            skipSpaces()
            guard !atEnd, c == "=" else { throw Stop() }
            i += 1
            keys.append(Key(path: table + key, line: start))
            skipSpaces()
            try value(table + key)
          } else {
            throw Stop()
          }
          try endOfLine()
        }
      } catch is Stop {
        return
      } catch let problem as Problem {
        throw problem
      } catch {
        return
      }
    }

    mutating func skipSpaces() {
      while !atEnd, c == " " || c == "\t" { i += 1 }
    }

    /// Skips one line break or one comment (to, not past, its line break).
    mutating func skipNewlineOrComment() throws -> Bool {
      if c == "\n" {
        i += 1
        line += 1
        return true
      }
      if c == "\r" {
        guard i + 1 < s.count, s[i + 1] == "\n" else { throw Stop() }
        i += 2
        line += 1
        return true
      }
      if c == "#" {
        while !atEnd, c != "\n", c != "\r" { i += 1 }
        return true
      }
      return false
    }

    /// After a header or a key-value pair: spaces, an optional comment, then a line break or the end.
    mutating func endOfLine() throws {
      skipSpaces()
      if atEnd { return }
      if c == "#" { _ = try skipNewlineOrComment() }
      if atEnd { return }
      guard c == "\n" || c == "\r" else { throw Stop() }
      _ = try skipNewlineOrComment()
    }

    /// `[name]` or `[[name]]`. toml++ asserts when the name starts with anything but a key character or a
    /// quote (after the brackets and spaces); that is refused here.
    mutating func header() throws {
      let start = line
      i += 1
      let hadSpace = !atEnd && (c == " " || c == "\t")
      skipSpaces()
      var isArray = false
      if !atEnd, c == "[", !hadSpace {
        isArray = true
        i += 1
        skipSpaces()
      }
      guard !atEnd else { throw Problem(line: start, detail: "the table header is not closed with ']'") }
      guard Self.isBare(c) || c == "\"" || c == "'" || c == "]" else {
        throw Problem(
          line: start,
          detail:
            "a table header must be a name in brackets, [name] or [[name]]; found '\(Self.show(c))' after '\(isArray ? "[[" : "[")'"
        )
      }
      do {
        guard c != "]" else { throw Stop() }
        let name = try dottedKey()
        skipSpaces()
        guard !atEnd, c == "]" else { throw Stop() }
        i += 1
        if isArray {
          guard !atEnd, c == "]" else { throw Stop() }
          i += 1
        }
        table = name
        keys.append(Key(path: name, line: start))
      } catch {
        // Not understood: leave it to toml++ by stopping at a character it will refuse.
        i = s.count
      }
    }

    static func show(_ c: Unicode.Scalar) -> String {
      switch c {
      case "\n", "\r": "line break"
      case "\t": "tab"
      default: c.value < 0x20 || c.value == 0x7F ? String(format: "U+%04X", c.value) : String(Character(c))
      }
    }

    /// `a.b."c d".'e'`, with spaces around the dots.
    mutating func dottedKey() throws -> [String] {
      var parts: [String] = []
      while true {
        skipSpaces()
        guard !atEnd else { throw Stop() }
        if Self.isBare(c) {
          var part = ""
          while !atEnd, Self.isBare(c) {
            part.unicodeScalars.append(c)
            i += 1
          }
          parts.append(part)
        } else if c == "\"" || c == "'" {
          guard let part = try singleLineString() else { throw Stop() }
          parts.append(part)
        } else {
          throw Stop()
        }
        skipSpaces()
        guard !atEnd, c == "." else { return parts }
        i += 1
      }
    }

    /// A one-line basic or literal string starting at a quote; nil for a multi-line opener.
    mutating func singleLineString() throws -> String? {
      let quote = c
      if i + 2 < s.count, s[i + 1] == quote, s[i + 2] == quote { return nil }
      i += 1
      var out = ""
      while !atEnd, c != quote {
        guard c != "\n", c != "\r" else { throw Stop() }
        if quote == "\"", c == "\\" {
          i += 1
          guard !atEnd else { throw Stop() }
        }
        out.unicodeScalars.append(c)
        i += 1
      }
      guard !atEnd else { throw Stop() }
      i += 1
      return out
    }

    /// A multi-line string starting at its three quotes; counts its lines.
    mutating func multiLineString() throws {
      let quote = c
      i += 3
      while !atEnd {
        if c == "\n" { line += 1 }
        if quote == "\"", c == "\\" {
          i += 1
          if !atEnd, c == "\n" { line += 1 }
          i += 1
          continue
        }
        if c == quote, i + 2 < s.count, s[i + 1] == quote, s[i + 2] == quote {
          i += 3
          // Up to two more quotes belong to the content.
          var extra = 0
          while extra < 2, !atEnd, c == quote {
            i += 1
            extra += 1
          }
          return
        }
        i += 1
      }
      throw Stop()
    }

    /// One value: a string, an array, an inline table, or a scalar (number, boolean, date and time).
    mutating func value(_ path: [String]) throws {
      guard !atEnd else { throw Stop() }
      switch c {
      case "\"", "'":
        if try singleLineString() == nil { try multiLineString() }
      case "[":
        i += 1
        while true {
          try skipBlanks()
          guard !atEnd else { throw Stop() }
          if c == "]" {
            i += 1
            return
          }
          // toml++ asserts on a '}' where an array element should be.
          guard c != "}" else { throw Problem(line: line, detail: "expected a value or ']' in the array, found '}'") }
          try value(path)
          try skipBlanks()
          guard !atEnd else { throw Stop() }
          if c == "," {
            i += 1
          } else if c != "]" {
            throw Stop()
          }
        }
      case "{":
        i += 1
        while true {
          skipSpaces()
          guard !atEnd else { throw Stop() }
          if c == "}" {
            i += 1
            return
          }
          let start = line
          let key = try dottedKey()
          skipSpaces()
          guard !atEnd, c == "=" else { throw Stop() }
          i += 1
          keys.append(Key(path: path + key, line: start))
          skipSpaces()
          try value(path + key)
          skipSpaces()
          guard !atEnd else { throw Stop() }
          if c == "," {
            i += 1
          } else if c != "}" {
            throw Stop()
          }
        }
      default:
        let begin = i
        while !atEnd, !Self.endsScalar(c) { i += 1 }
        guard i > begin else { throw Stop() }
        // A date and time may be separated by one space: 1979-05-27 07:32:00.
        if i - begin == 10, i + 1 < s.count, c == " ", s[i + 1] >= "0", s[i + 1] <= "9" {
          i += 1
          while !atEnd, !Self.endsScalar(c) { i += 1 }
        }
      }
    }

    static func endsScalar(_ c: Unicode.Scalar) -> Bool {
      c == " " || c == "\t" || c == "\n" || c == "\r" || c == "," || c == "]" || c == "}" || c == "#"
    }

    /// Spaces, line breaks and comments, as allowed between the elements of an array.
    mutating func skipBlanks() throws {
      while !atEnd {
        skipSpaces()
        if atEnd { return }
        if try !skipNewlineOrComment() { return }
      }
    }
  }
}
