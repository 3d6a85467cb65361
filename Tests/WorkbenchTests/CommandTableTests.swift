import Domain
import Testing
import Workbench

@Suite struct CommandTableTests {
  let table = CommandTable.standard

  @Test func keysFindCommandsAmongOffered() {
    #expect(table.command(for: .function(1), among: [.help, .quit]) == .help)
    #expect(table.command(for: .character("？"), among: [.help]) == .help)
    #expect(table.command(for: .character("/"), among: [.help]) == nil)
    #expect(table.command(for: .character("、"), among: [.filter]) == .filter)
  }

  @Test func namesResolveByIdOrTitle() {
    let ids: [CommandID] = [.help, .quit, .filter]
    #expect(table.resolve("help", among: ids) == .help)
    #expect(table.resolve("帮助", among: ids) == .help)
    #expect(table.resolve("Quit", among: ids) == .quit)
    #expect(table.resolve("open", among: ids) == nil)
  }

  @Test func completions() {
    let ids: [CommandID] = [.help, .quit, .filter, .open]
    #expect(table.completions(for: "f", among: ids, lang: .en) == ["filter"])
    #expect(table.completions(for: "", among: ids, lang: .en) == ["filter", "help", "open", "quit"])
    #expect(table.completions(for: "帮", among: ids, lang: .zh) == ["帮助"])
  }

  @Test func registeringReplacesById() {
    var table = CommandTable.standard
    let count = table.specs.count
    table.register(
      CommandSpec(id: .help, title: Localized("说明", "Help"), help: Localized("", ""), keys: [.function(1)]))
    #expect(table.specs.count == count)
    #expect(table[.help]?.title.zh == "说明")
  }

  @Test func mainScreensUseFunctionKeysTwoToNine() {
    #expect(MainScreens.all.map { $0.keys } == (2...9).map { [.function($0)] })
  }
}
