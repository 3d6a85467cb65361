import Domain
import Engine
import Foundation
import Testing
import Workbench

@Suite struct StandardScreenTests {
  typealias F = DeskFixture

  /// The bundled standard as version 2 with the appointment limit at 2 working days, in a temp file.
  static func draft(version: Int = 2, broken: Bool = false, name: String? = nil) throws -> String {
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Sources/Domain/Resources/standard-v1.toml")
    var text = try String(contentsOf: source, encoding: .utf8)
    text = text.replacingOccurrences(of: "version = 1\n", with: "version = \(version)\n")
    text = text.replacingOccurrences(
      of: "appointment-confirm-limit = { amount = 3,", with: "appointment-confirm-limit = { amount = 2,")
    if broken { text = text.replacingOccurrences(of: "[[targets]]", with: "[[targets]\n") }
    // A fixed name when the path is drawn in a snapshot (the content is the same for every run).
    let path =
      name.map { "/tmp/\($0)" }
      ?? FileManager.default.temporaryDirectory
      .appendingPathComponent("draft-\(UUID().uuidString).toml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func aDraftIsComparedAndPublished() throws {
    let engine = try F.engine()
    let path = try Self.draft(name: "griddesk-desk-draft-v2.toml")
    for lang in Lang.allCases {
      let app = F.app(engine, lang: lang)
      app.handle(.function(9))
      app.handle(.control("k"))
      F.type(path, app)
      app.handle(.function(9))
      let text = F.text(app, width: 120, height: 40)
      #expect(text.contains("appointment-confirm-limit"))
      #expect(text.contains(lang == .zh ? "草稿有" : "The draft has"))
      app.handle(.down)
      F.snapshot(app.render(width: 80, height: 24), "standard-diff-\(lang)-80x24")
    }
    let app = F.app(engine)
    app.handle(.function(9))
    app.handle(.insert)
    F.type(path, app)
    app.handle(.function(9))
    #expect(engine.state.standards.map(\.version) == [1, 2])
    #expect(engine.state.standards.last?.effective == Day(containing: F.now).adding(days: 1))
    app.handle(.tab)
    app.handle(.tab)
    #expect(F.text(app).contains("待生效"))
  }

  @Test func aBrokenDraftShowsTheParseError() throws {
    let engine = try F.engine()
    let path = try Self.draft(broken: true)
    let app = F.app(engine)
    app.handle(.function(9))
    app.handle(.control("k"))
    F.type(path, app)
    app.handle(.function(9))
    var expected = ""
    let toml = try String(contentsOfFile: path, encoding: .utf8)
    do throws(DomainError) {
      _ = try Standard.parse(toml: toml)
    } catch {
      expected = error.message.zh
    }
    #expect(!expected.isEmpty)
    let text = F.text(app, width: 120, height: 40)
    #expect(text.contains(String(expected.prefix(12))))
    // A draft of the wrong version is refused on publishing, with the Domain's reason.
    app.handle(.escape)
    app.handle(.enter)
    let wrong = try Self.draft(version: 5)
    app.handle(.insert)
    F.type(wrong, app)
    app.handle(.function(9))
    #expect(engine.state.standards.count == 1)
    #expect(F.text(app, width: 120, height: 40).contains("5"))
  }
}
