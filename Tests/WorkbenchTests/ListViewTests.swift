import Domain
import Testing
import Workbench

@Suite struct ListViewTests {
  @Test func movesAndPages() {
    var list = ListView(count: 50)
    do {
      let used = list.handle(.down, pageSize: 10)
      #expect(used)
    }
    do {
      let used = list.handle(.character("j"), pageSize: 10)
      #expect(used)
    }
    #expect(list.selection == 2)
    do {
      let used = list.handle(.character("k"), pageSize: 10)
      #expect(used)
    }
    #expect(list.selection == 1)
    _ = list.handle(.pageDown, pageSize: 10)
    #expect(list.selection == 11)
    #expect(list.visibleRows(pageSize: 10).contains(11))
    _ = list.handle(.end, pageSize: 10)
    #expect(list.selection == 49)
    #expect(list.visibleRows(pageSize: 10) == 40..<50)
    #expect(list.page(pageSize: 10) == (5, 5))
    _ = list.handle(.home, pageSize: 10)
    #expect(list.selection == 0 && list.top == 0)
    _ = list.handle(.up, pageSize: 10)
    #expect(list.selection == 0)
    do {
      let used = list.handle(.enter, pageSize: 10)
      #expect(!used)
    }
  }

  @Test func emptyListStaysAtZero() {
    var list = ListView()
    _ = list.handle(.down, pageSize: 5)
    #expect(list.selection == 0)
    #expect(list.visibleRows(pageSize: 5).isEmpty)
    #expect(list.page(pageSize: 5) == (1, 1))
  }

  @Test func shrinkingKeepsSelectionInRange() {
    var list = ListView(count: 20)
    list.select(15, pageSize: 5)
    list.setCount(3)
    #expect(list.selection == 2)
  }

  @Test func tableWidthsShareSpareAndShrink() {
    let columns = [
      TableColumn(Localized("a", "a"), width: 4), TableColumn(Localized("b", "b"), width: 4, flex: 1),
      TableColumn(Localized("c", "c"), width: 4, flex: 1),
    ]
    #expect(Table.widths(columns, totalWidth: 12) == [4, 4, 4])
    #expect(Table.widths(columns, totalWidth: 17) == [4, 6, 7])
    #expect(Table.widths(columns, totalWidth: 9) == [4, 4, 1])
  }

  @Test func tableRowsPadByDisplayWidth() {
    var canvas = Canvas(width: 12, height: 1)
    Table.drawRow(["中文字", "ab"], widths: [5, 4], into: &canvas, x: 0, y: 0)
    #expect(canvas.lines() == ["中…  ab"])
    #expect(canvas.checkInvariants())
  }
}
