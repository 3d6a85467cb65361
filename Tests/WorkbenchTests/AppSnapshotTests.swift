import Domain
import Testing
import Workbench

/// Golden snapshots of whole frames (Snapshots/*.txt); `GRIDDESK_RECORD=1 swift test` re-records them.
@Suite struct AppSnapshotTests {
  @Test(arguments: [(Lang.zh, 80, 24), (.en, 80, 24), (.zh, 120, 40), (.en, 120, 40)])
  func home(lang: Lang, width: Int, height: Int) {
    let app = Fixtures.app(lang)
    let canvas = app.render(width: width, height: height)
    assertSnapshot(canvas, named: "home-\(lang)-\(width)x\(height)", styles: width == 80)
  }

  @Test(arguments: [Lang.zh, .en])
  func emptyQueue(lang: Lang) {
    let app = Fixtures.app(lang, rows: [])
    assertSnapshot(app.render(width: 80, height: 24), named: "home-empty-\(lang)-80x24")
  }

  @Test(arguments: [Lang.zh, .en])
  func tooSmall(lang: Lang) {
    let app = Fixtures.app(lang)
    assertSnapshot(app.render(width: 60, height: 20), named: "too-small-\(lang)-60x20")
  }

  @Test func tinyTerminalDoesNotCrash() {
    let app = Fixtures.app()
    for (width, height) in [(0, 0), (1, 1), (10, 3), (79, 24), (80, 23)] {
      let canvas = app.render(width: width, height: height)
      #expect(canvas.checkInvariants())
    }
  }

  @Test(arguments: [Lang.zh, .en])
  func help(lang: Lang) {
    let app = Fixtures.app(lang)
    app.handle(.function(1))
    assertSnapshot(app.render(width: 80, height: 24), named: "help-\(lang)-80x24")
  }

  @Test func filterBeingTyped() {
    let app = Fixtures.app()
    app.handle(.character("/"))
    for ch in "王" { app.handle(.character(ch)) }
    let canvas = app.render(width: 80, height: 24)
    assertSnapshot(canvas, named: "home-filter-zh-80x24", styles: true)
    #expect(app.cursor == Position(x: 9, y: 22))
  }

  @Test func commandLineWithCompletions() {
    let app = Fixtures.app()
    app.handle(.character("："))
    app.handle(.tab)
    assertSnapshot(app.render(width: 80, height: 24), named: "command-line-zh-80x24")
  }

  @Test func overSSHUnregisteredAsciiTheme() throws {
    let queue = QueueScreen(source: { Fixtures.rows })
    let app = App(
      session: SessionInfo(storePath: "/var/lib/griddesk/halls/chengdong/store", isSSH: true, lang: .zh),
      root: queue, theme: try Theme.load("ascii"), timeZone: Fixtures.timeZone, clock: { Fixtures.now })
    app.warningCount = 7
    app.handle(.character("?"))
    assertSnapshot(app.render(width: 80, height: 24), named: "ssh-unregistered-ascii-help-80x24")
  }
}
