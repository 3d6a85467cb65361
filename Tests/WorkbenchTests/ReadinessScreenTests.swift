import Domain
import Engine
import Foundation
import Testing
import Workbench

@Suite struct ReadinessScreenTests {
  typealias F = ClerkFixture

  /// The app on F5.
  static func open(_ engine: Engine, lang: Lang = .zh) -> App {
    let app = F.app(engine, lang: lang)
    app.handle(.function(5))
    return app
  }

  /// Sets the focused yes/no to yes, whichever it was.
  static func yes(_ app: App) {
    app.handle(.character("是"))
  }

  @Test func dueAtTheFirstStartOfTheDay() throws {
    let engine = try F.engine()
    #expect(ReadinessScreen.isDue(engine: engine))
    // Someone who is not staff is never asked.
    let stranger = try Engine(store: engine.store, login: "nobody", clock: { F.now })
    #expect(!ReadinessScreen.isDue(engine: stranger))
    // At start-up the integrator opens it when due: F5's screen, with the form.
    let app = F.app(engine)
    #expect(ClerkScreens.openReadinessIfDue(app: app, engine: engine))
    #expect(app.top is ReadinessScreen)
    #expect(F.screenText(app).contains("设备可用"))
  }

  @Test func formSnapshots() throws {
    let engine = try F.engine()
    for lang in Lang.allCases {
      let app = Self.open(engine, lang: lang)
      let text = F.screenText(app)
      // The hall's equipment, with why some cannot be used; the backup read from the store.
      #expect(text.contains(lang == .zh ? "不可用: 误差" : "not usable, error"))
      #expect(text.contains(lang == .zh ? "不可用: 校验已过期" : "calibration overdue"))
      #expect(text.contains(lang == .zh ? "15天内到期" : "calibration due"))
      #expect(text.contains(lang == .zh ? "从未备份" : "never backed up"))
      #expect(text.contains(lang == .zh ? "王丽 (wangli) 柜员, 账号有效" : "王丽 (wangli) Clerk, active"))
      assertSnapshot(app.render(width: 80, height: 24), named: "readiness-\(lang)-80x24", styles: lang == .zh)
      assertSnapshot(app.render(width: 120, height: 40), named: "readiness-\(lang)-120x40")
    }
  }

  @Test func somethingNotReadyNeedsANote() throws {
    let engine = try F.engine()
    let app = Self.open(engine)
    // Equipment is not all usable in the demo hall, so its answer starts at 否; submit at once.
    app.handle(.function(9))
    #expect(engine.state.readiness(login: DemoHall.clerk, day: Day(containing: F.now)) == nil)
    #expect(IntakeScreenTests.line(app, containing: "说明")?.contains("有未通过的检查项时请说明情况") == true)
    F.type("M-0033 误差超限, 已报修; 其余正常", app)
    app.handle(.function(9))
    let check = try #require(engine.state.readiness(login: DemoHall.clerk, day: Day(containing: F.now)))
    #expect(!check.equipmentOK)
    #expect(check.note.hasPrefix("M-0033"))
    #expect(check.backup == "never")
    #expect(!ReadinessScreen.isDue(engine: engine))
    for lang in Lang.allCases {
      let done = Self.open(engine, lang: lang)
      #expect(F.screenText(done).contains(lang == .zh ? "今日检查已完成" : "Done today"))
      assertSnapshot(done.render(width: 80, height: 24), named: "readiness-done-\(lang)-80x24")
    }
  }

  @Test func recordsTheStoresBackup() throws {
    let engine = try F.engine()
    let destination = FileManager.default.temporaryDirectory
      .appendingPathComponent("griddesk-backup-\(UUID().uuidString)").path
    _ = try engine.store.backup(to: destination)
    let backup = try #require(engine.store.lastBackup)
    let app = Self.open(engine)
    #expect(F.screenText(app).contains("头 \(backup.head)".prefix(20)))
    // The focus starts on the equipment answer (the demo hall has unusable instruments, set aside).
    Self.yes(app)
    app.handle(.tab)
    Self.yes(app)
    app.handle(.tab)
    Self.yes(app)
    app.handle(.function(9))
    let check = try #require(engine.state.readiness(login: DemoHall.clerk, day: Day(containing: F.now)))
    #expect(check.allOK)
    #expect(check.backup == "\(FormParse.format(backup.time)) \(backup.head)")
    #expect(app.render(width: 80, height: 24).lines()[23].contains("今日班前检查已记录"))
  }
}
