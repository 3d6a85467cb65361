import Domain
import Engine
import Foundation
import Testing
import Workbench

/// Golden snapshots of every desk screen at 80×24 and 120×40, in Chinese and English.
@Suite struct DeskSnapshotTests {
  typealias F = DeskFixture

  /// The app on the dashboard, then `:name` when given.
  static func open(_ engine: Engine, _ lang: Lang, key: Key = .function(6), command: String? = nil) -> App {
    let app = F.app(engine, lang: lang)
    app.handle(key)
    if let command { app.execute(command) }
    return app
  }

  @Test(arguments: Lang.allCases) func mainScreens(lang: Lang) throws {
    let engine = try F.engine()
    F.snapshots(Self.open(engine, lang, key: .function(7)), "risk", lang: lang)
    let matrix = Self.open(engine, lang, key: .function(7))
    matrix.handle(.tab)
    F.snapshots(matrix, "risk-matrix", lang: lang)
    let warnings = Self.open(engine, lang, key: .function(7))
    warnings.handle(.tab)
    warnings.handle(.tab)
    F.snapshots(warnings, "risk-warnings", lang: lang)
    F.snapshots(Self.open(engine, lang, key: .function(8)), "audit", lang: lang)
    let detail = Self.open(engine, lang, key: .function(8))
    detail.handle(.enter)
    F.snapshots(detail, "audit-detail", lang: lang)
    detail.handle(.enter)
    F.snapshots(detail, "audit-step", lang: lang)
    F.snapshots(Self.open(engine, lang, key: .function(9)), "standard", lang: lang)
    let versions = Self.open(engine, lang, key: .function(9))
    versions.handle(.tab)
    F.snapshots(versions, "standard-targets", lang: lang)
  }

  @Test(arguments: Lang.allCases) func otherScreens(lang: Lang) throws {
    let engine = try F.engine()
    for name in ["oversight", "staff", "violations", "problems", "kpis", "notices", "plans"] {
      F.snapshots(Self.open(engine, lang, command: name), name, lang: lang)
    }
    let equipment = Self.open(engine, lang, command: "staff")
    equipment.handle(.tab)
    F.snapshots(equipment, "equipment", lang: lang)
    let menu = Self.open(engine, lang)
    menu.handle(.control("o"))
    F.snapshots(menu, "menu", lang: lang)
  }
}
