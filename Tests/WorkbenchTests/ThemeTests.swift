import Engine
import Foundation
import Testing
import Workbench

@Suite struct ThemeTests {
  static let themesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("themes")

  @Test(arguments: ShippedThemes.names)
  func shippedThemeParsesAndCoversEveryRole(name: String) throws {
    let theme = try Theme.load(name)
    #expect(theme.name == name)
    for role in StyleRole.allCases {
      #expect(theme.styles[role] != nil, "\(name) has no [\(role)]")
    }
  }

  @Test(arguments: ShippedThemes.names)
  func embeddedThemeMatchesTheFile(name: String) throws {
    let file = try String(
      contentsOf: Self.themesDirectory.appendingPathComponent(name + ".toml"), encoding: .utf8)
    #expect(ShippedThemes.all[name] == file, "themes/\(name).toml changed: run .ci/embed-themes")
  }

  @Test func everyThemeFileIsShipped() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDirectory.path)
      .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }
    #expect(Set(files) == Set(ShippedThemes.names))
  }

  @Test func colourModes() {
    #expect(ColorMode.choose(colorCount: 256, hasColors: true, environment: [:]) == .colors256)
    #expect(ColorMode.choose(colorCount: 8, hasColors: true, environment: [:]) == .colors8)
    #expect(ColorMode.choose(colorCount: 256, hasColors: false, environment: [:]) == .monochrome)
    #expect(ColorMode.choose(colorCount: 256, hasColors: true, environment: ["NO_COLOR": "1"]) == .monochrome)
    #expect(ColorMode.choose(colorCount: 256, hasColors: true, environment: ["NO_COLOR": ""]) == .colors256)
  }

  @Test func resolvesPerMode() throws {
    let theme = try Theme.load("default")
    let selected256 = theme.style(.selected, mode: .colors256)
    #expect(selected256.foreground == 16 && selected256.background == 153)
    let selected8 = theme.style(.selected, mode: .colors8)
    #expect(selected8.foreground == 0 && selected8.background == 6)
    let mono = theme.style(.selected, mode: .monochrome)
    #expect(mono == ResolvedStyle(foreground: -1, background: -1, attributes: .reverse))
    #expect(theme.style(.normal, mode: .colors256).foreground == -1)
  }

  @Test func monoThemeKeepsAttributesInColour() throws {
    let theme = try Theme.load("mono")
    #expect(theme.style(.selected, mode: .colors256).attributes == .reverse)
    #expect(theme.style(.selected, mode: .colors256).background == -1)
  }

  @Test func eightColourFallbackIsDerivedWhenOmitted() throws {
    let theme = try Theme.parse("[overdue]\nfg = 196\n[ok]\nfg = \"bright-green\"\n", name: "t")
    #expect(theme.style(.overdue, mode: .colors8).foreground == 1)
    #expect(theme.style(.ok, mode: .colors8).foreground == 2)
    #expect(theme.style(.warning, mode: .colors256) == theme.style(.normal, mode: .colors256))
  }

  @Test func asciiLines() throws {
    #expect(try Theme.load("ascii").lines == .ascii)
    #expect(try Theme.load("light,ascii").lines == .ascii)
    #expect(try Theme.load("light").lines == .unicode)
    #expect(LineSet.ascii.sparkline([0, 1, 2, 7]) == "_.:#")
    #expect(LineSet.unicode.sparkline([0, 7]) == "▁█")
  }

  @Test func mistakesAreReportedInBothLanguages() {
    #expect(throws: ThemeError.self) { try Theme.parse("[nosuchrole]\nfg = 1\n", name: "t") }
    #expect(throws: ThemeError.self) { try Theme.parse("[normal]\nfg = 300\n", name: "t") }
    #expect(throws: ThemeError.self) { try Theme.parse("[normal]\ncolour = 1\n", name: "t") }
    #expect(throws: ThemeError.self) { try Theme.parse("[normal]\nattrs = [\"blink\"]\n", name: "t") }
    #expect(throws: ThemeError.self) { try Theme.parse("[normal\n", name: "t") }
    do {
      _ = try Theme.load("nosuch")
      Issue.record("expected an error")
    } catch {
      #expect(error.message.zh.contains("nosuch") && error.message.en.contains("default"))
    }
  }

  @Test func loadsAThemeFile() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("gd-theme-\(UUID().uuidString).toml")
    try "name = \"mine\"\nascii_lines = true\n[selected]\nfg = \"red\"\nbg = \"default\"\nattrs = [\"bold\"]\n"
      .write(to: url, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    let theme = try Theme.load(url.path)
    #expect(theme.name == "mine")
    #expect(theme.asciiLines)
    #expect(theme.style(.selected, mode: .colors256) == ResolvedStyle(foreground: 1, background: -1, attributes: .bold))
  }

  /// No theme file aborts the program: mutated shipped themes and malformed headers are refused with
  /// a ThemeError naming the line, or load.
  @Test func fuzzThemeFiles() {
    let pieces = [
      "[", "[[[", "]", "=", "\"", "'''", "{", "}", "#", "\n", ".", "[*]", "\u{FEFF}", "fg", "= 1", "x", "= [}",
    ]
    var rng = DemoRandom(seed: 12)
    for name in ShippedThemes.names {
      let original = Array(ShippedThemes.all[name]!)
      for _ in 0..<150 {
        var chars = original
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
          let at = Int.random(in: 0...chars.count, using: &rng)
          chars.insert(contentsOf: pieces.randomElement(using: &rng)!, at: at)
        }
        do {
          _ = try Theme.parse(String(chars), name: name)
        } catch {
          #expect(!error.message.zh.isEmpty && !error.message.en.isEmpty)
        }
      }
    }
    do {
      _ = try Theme.parse("name = \"t\"\n[*]\n", name: "t")
      Issue.record("accepted")
    } catch {
      #expect(error.message.en.contains("line 2") && error.message.zh.contains("第 2 行"))
    }
  }
}
