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
    // The focus starts on the equipment answer; the demo hall has unusable instruments, so "yes" is refused
    // by the Domain, beside the field, naming them.
    Self.yes(app)
    app.handle(.function(9))
    #expect(engine.state.readiness(login: DemoHall.clerk, day: Day(containing: F.now)) == nil)
    #expect(F.screenText(app).contains("M-0033"))
    app.handle(.character("否"))
    app.handle(.tab)
    Self.yes(app)
    app.handle(.tab)
    Self.yes(app)
    app.handle(.tab)
    F.type("M-0033、M-0035 已送检", app)
    app.handle(.function(9))
    let check = try #require(engine.state.readiness(login: DemoHall.clerk, day: Day(containing: F.now)))
    #expect(!check.equipmentOK && check.networkOK && check.loginRightsOK)
    #expect(check.backup == "\(FormParse.format(backup.time)) \(backup.head)")
    #expect(check.backupCurrent(calendar: engine.state.calendar))
    #expect(app.render(width: 80, height: 24).lines()[23].contains("今日班前检查已记录"))
  }

  /// Issue 14 item 11: never 全部正常 without a backup; the help names the keys; F8 starts from today's answers.
  @Test(arguments: Lang.allCases)
  func noAllReadyWithoutABackupAndRecheckStartsFromTodaysAnswers(lang: Lang) throws {
    let engine = try F.engine()
    let app = Self.open(engine, lang: lang)
    app.handle(.tab)
    Self.yes(app)
    app.handle(.tab)
    Self.yes(app)
    app.handle(.tab)
    F.type("M-0033 已送检", app)
    app.handle(.function(9))
    let check = try #require(engine.state.readiness(login: DemoHall.clerk, day: Day(containing: F.now)))
    #expect(!check.allReady(calendar: engine.state.calendar))
    let done = F.screenText(app)
    #expect(!done.contains(lang == .zh ? "全部正常" : "all ready"))
    #expect(done.contains(lang == .zh ? "从未备份, 未通过" : "never backed up: not ready"))
    // Its help describes its keys: F8 re-checks (not "edit the customer file").
    app.handle(.function(1))
    let help = app.render(width: 120, height: 40).lines().joined(separator: "\n")
    #expect(help.contains(lang == .zh ? "F8 重新检查" : "F8 checks again"))
    #expect(!help.contains(lang == .zh ? "修改客户档案" : "Edit the customer file"))
    app.handle(.escape)
    // F8: the form again, with today's answers.
    app.handle(.function(8))
    let screen = try #require(app.top as? ReadinessScreen)
    let form = try #require(screen.form)
    #expect(form.flag("network") && form.flag("rights"))
    #expect(!form.flag("equipment"))
    #expect(form.text("note") == "M-0033 已送检")
    assertSnapshot(app.render(width: 80, height: 24), named: "readiness-recheck-\(lang)-80x24")
  }
}
