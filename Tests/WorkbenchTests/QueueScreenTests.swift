import Domain
import Testing
import Workbench

@Suite struct QueueScreenTests {
  @Test func tabsFilterByStageAndMine() {
    let app = Fixtures.app()
    app.handle(.right)
    var lines = app.render(width: 80, height: 24).lines()
    #expect(lines[1].contains("[受理 2]"))
    #expect(lines.filter { $0.contains("GD26") }.count == 2)
    app.handle(.left)
    app.handle(.left)
    lines = app.render(width: 80, height: 24).lines()
    #expect(lines[1].contains("[我的 3]"))
    #expect(lines.filter { $0.contains("GD26") }.count == 3)
  }

  @Test func selectionMovesAndOpens() {
    var opened: [String] = []
    let queue = QueueScreen(
      source: { Fixtures.rows },
      onOpen: { row in
        opened.append(row.orderID)
        return DetailScreen()
      })
    let app = App(session: Fixtures.session(), root: queue, timeZone: Fixtures.timeZone, clock: { Fixtures.now })
    app.handle(.down)
    app.handle(.character("j"))
    let lines = app.render(width: 80, height: 24).lines()
    #expect(lines[6].hasPrefix("> GD261129-0012"))
    app.handle(.enter)
    #expect(opened == ["GD261129-0012"])
    #expect(app.stack.count == 2)
  }

  @Test func openWithoutADetailScreenSaysSo() {
    let app = Fixtures.app(.en)
    app.handle(.enter)
    #expect(app.render(width: 80, height: 24).lines()[23].contains("not available"))
  }

  @Test func filterFieldTakesTextAndPlacesTheCursor() {
    let app = Fixtures.app()
    app.handle(.character("、"))
    for ch in "王*" { app.handle(.character(ch)) }
    let lines = app.render(width: 80, height: 24).lines()
    #expect(lines.filter { $0.contains("GD26") }.count == 1)
    #expect(app.cursor == Position(x: 7 + 3, y: 22))
    app.handle(.enter)
    _ = app.render(width: 80, height: 24)
    #expect(app.cursor == nil)
    #expect(app.render(width: 80, height: 24).lines()[22].contains("筛选: 王*"))
    app.handle(.character("/"))
    app.handle(.escape)
    #expect(app.render(width: 80, height: 24).lines()[22].contains("(无)"))
  }

  @Test func escapeDropsAKeptFilter() {
    let app = Fixtures.app()
    app.execute("filter GD261129")
    #expect(app.render(width: 80, height: 24).lines()[22].contains("筛选: GD261129"))
    app.handle(.escape)
    #expect(app.render(width: 80, height: 24).lines()[22].contains("(无)"))
    #expect(app.isRunning)
  }

  @Test func pagesThroughManyRows() {
    let app = Fixtures.app(rows: Fixtures.manyRows(100))
    var lines = app.render(width: 80, height: 24).lines()
    #expect(lines[22].hasSuffix("第 1/6 页"))
    app.handle(.pageDown)
    lines = app.render(width: 80, height: 24).lines()
    #expect(lines[22].hasSuffix("第 2/6 页"))
    app.handle(.end)
    lines = app.render(width: 80, height: 24).lines()
    #expect(lines[22].hasSuffix("第 6/6 页"))
    #expect(lines[21].hasPrefix("> GD261101-0099"))
  }
}
