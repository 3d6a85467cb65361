import Domain
import Testing
import Workbench

/// A detail screen for stack tests: offers one command, F7, and has a text field.
final class DetailScreen: Screen {
  let title = Localized("工单", "Order")
  var commands: [CommandID] { ["mark"] }
  var field = TextField()
  var marked = 0
  var typing = false

  func render(into canvas: inout Canvas, context: ScreenContext) {
    canvas.write("detail", x: 0, y: 0)
    _ = field.render(into: &canvas, x: 2, y: 3, width: 10, style: .fieldFocus)
  }

  func handle(_ key: Key, context: ScreenContext) -> Outcome {
    guard typing, field.handle(key) else { return .ignored }
    return .handled
  }

  func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome {
    marked += 1
    return .message(Localized("已标记", "Marked"), .ok)
  }

  func cursor(context: ScreenContext) -> Position? {
    typing ? Position(x: 2 + field.text.prefix(field.caret).displayWidth, y: 3) : nil
  }
}

@Suite struct AppTests {
  func appWithDetail() -> (App, DetailScreen) {
    let app = Fixtures.app()
    app.commands.register(
      CommandSpec(id: "mark", title: Localized("标记", "Mark"), help: Localized("标记", "Mark"), keys: [.function(7)]))
    let detail = DetailScreen()
    app.push(detail)
    return (app, detail)
  }

  @Test func qQuitsFromTheTopLevelOnly() {
    let (app, _) = appWithDetail()
    app.handle(.character("q"))
    #expect(app.isRunning)
    app.handle(.escape)
    #expect(app.stack.count == 1)
    app.handle(.character("q"))
    #expect(!app.isRunning)
  }

  @Test func f10QuitsFromAnywhere() {
    let (app, _) = appWithDetail()
    app.handle(.function(10))
    #expect(!app.isRunning)
  }

  @Test func escapeAtTheTopLevelStays() {
    let app = Fixtures.app()
    app.handle(.escape)
    #expect(app.isRunning && app.stack.count == 1)
  }

  @Test func screenCommandsRunAndShowMessages() {
    let (app, detail) = appWithDetail()
    app.handle(.function(7))
    #expect(detail.marked == 1)
    let canvas = app.render(width: 80, height: 24)
    #expect(canvas.lines()[23].contains("已标记"))
    app.handle(.down)
    #expect(!app.render(width: 80, height: 24).lines()[23].contains("已标记"))
  }

  @Test func keyBarComesFromTheCommandTable() {
    let (app, _) = appWithDetail()
    let bar = app.render(width: 80, height: 24).lines()[23]
    #expect(bar == " F1帮助 F7标记 Esc返回")
    app.handle(.escape)
    #expect(app.render(width: 80, height: 24).lines()[23] == " F1帮助 F2队列 /筛选 回车打开 Ctrl-T排序 F10退出")
  }

  @Test func keyBarDropsItemsButKeepsQuit() {
    let app = Fixtures.app(.en)
    for spec in MainScreens.all.dropFirst() { app.registerMainScreen(spec) { DetailScreen() } }
    let bar = app.render(width: 80, height: 24).lines()[23]
    #expect(bar.hasSuffix("F10 Quit"))
    #expect(bar.displayWidth <= 80)
  }

  @Test func mainScreensOpenOverTheRootAndF2GoesHome() {
    let app = Fixtures.app()
    let intake = DetailScreen()
    app.registerMainScreen(MainScreens.intake) { intake }
    app.handle(.function(3))
    #expect(app.stack.count == 2 && app.top === intake)
    app.handle(.function(3))
    #expect(app.stack.count == 2)
    app.handle(.function(2))
    #expect(app.stack.count == 1)
  }

  @Test func textFieldsGetLettersBeforeCommands() {
    let (app, detail) = appWithDetail()
    detail.typing = true
    for ch in "q?张三" { app.handle(.character(ch)) }
    #expect(detail.field.text == "q?张三")
    #expect(app.isRunning)
    _ = app.render(width: 80, height: 24)
    #expect(app.cursor == Position(x: 2 + 6, y: 4))
  }

  @Test func fullWidthQuestionMarkOpensHelpAndEscapeClosesIt() {
    let app = Fixtures.app()
    app.handle(.character("？"))
    #expect(app.render(width: 80, height: 24).lines().joined().contains("帮助: 工单队列"))
    #expect(app.cursor == nil)
    app.handle(.escape)
    #expect(!app.render(width: 80, height: 24).lines().joined().contains("帮助: 工单队列"))
    #expect(app.isRunning)
  }

  @Test func commandLineCompletesAndRuns() {
    let app = Fixtures.app()
    app.handle(.character(":"))
    for ch in "qu" { app.handle(.character(ch)) }
    app.handle(.tab)
    #expect(app.render(width: 80, height: 24).lines()[22] == " queue  quit")
    app.handle(.character("i"))
    app.handle(.tab)
    let canvas = app.render(width: 80, height: 24)
    #expect(canvas.lines()[23] == ":quit")
    #expect(app.cursor == Position(x: 5, y: 23))
    app.handle(.enter)
    #expect(!app.isRunning)
  }

  @Test func commandLineAcceptsChineseTitlesAndArguments() {
    let app = Fixtures.app()
    app.handle(.character(":"))
    for ch in "筛选 孙" { app.handle(.character(ch)) }
    app.handle(.enter)
    let lines = app.render(width: 80, height: 24).lines()
    #expect(lines.contains { $0.contains("GD261129-0015") })
    #expect(!lines.contains { $0.contains("GD261129-0007") })
  }

  @Test func unknownCommandIsReported() {
    let app = Fixtures.app(.en)
    app.execute("frobnicate")
    #expect(app.render(width: 80, height: 24).lines()[23].contains("Unknown command: frobnicate"))
  }

  @Test func tickReachesTheScreenAndTheIntegrator() {
    var fetched = 0
    let queue = QueueScreen(source: {
      fetched += 1
      return []
    })
    let app = App(session: Fixtures.session(), root: queue, clock: { Fixtures.now })
    var ticks = 0
    app.onTick = { ticks += 1 }
    // The queue fetches lazily: once per tick that is followed by a frame.
    app.handle(.tick)
    _ = app.render(width: 80, height: 24)
    app.handle(.tick)
    _ = app.render(width: 80, height: 24)
    #expect(ticks == 2)
    #expect(fetched == 2)
  }

  @Test func statusBarShowsClockWarningsAndSSH() {
    let app = Fixtures.app(.en, ssh: true)
    app.warningCount = 3
    app.storeHead = "#1234"
    let status = app.render(width: 120, height: 40).lines()[0]
    #expect(status.contains("王丽 Clerk (SSH)"))
    #expect(status.contains("store #1234"))
    #expect(status.contains("warnings 3"))
    #expect(status.hasSuffix("14:05"))
    // While the warnings are still being counted (a large hall, just opened), the bar says so.
    app.warningCount = nil
    #expect(app.render(width: 120, height: 40).lines()[0].contains("warnings …"))
  }

  @Test func resizeIsRemembered() {
    let app = Fixtures.app()
    app.handle(.resize(width: 100, height: 30))
    #expect(app.size == (100, 30))
  }
}

@Suite struct AppShellKeyTests {
  @Test func f10QuitsEvenFromTheHelpAndTheCommandLine() {
    let app = Fixtures.app()
    app.handle(.function(1))
    app.handle(.function(10))
    #expect(!app.isRunning)
    let other = Fixtures.app()
    other.handle(.character(":"))
    other.handle(.function(10))
    #expect(!other.isRunning)
  }

  @Test func ctrlLAsksForAFullRedraw() {
    let app = Fixtures.app()
    app.handle(.control("l"))
    #expect(app.wantsFullRedraw)
  }
}

/// Typed input is never lost without a question: F10 and Ctrl-C ask, a dialog's Esc asks, and keys
/// pressed while the window is too small do nothing.
@Suite struct UnsavedInputTests {
  func appWithForm() -> (App, FormScreen) {
    let app = Fixtures.app()
    let screen = FormScreen(
      title: Localized("表单", "Form"), form: Form([.text("a", Localized("名称", "Name"))]), onSubmit: { _ in .done(.pop) })
    app.push(screen)
    return (app, screen)
  }

  @Test func f10AsksBeforeDroppingATypedForm() {
    let (app, screen) = appWithForm()
    app.handle(.function(10))
    #expect(!app.isRunning, "nothing typed: F10 quits at once")
    let (typed, form) = appWithForm()
    typed.handle(.character("张"))
    typed.handle(.function(10))
    #expect(typed.isRunning && typed.askingToQuit)
    #expect(typed.render(width: 80, height: 24).lines().joined().contains("F10 或 y 放弃并退出"))
    typed.handle(.character("n"))
    #expect(typed.isRunning && !typed.askingToQuit && form.form.text("a") == "张", "kept, still editing")
    typed.handle(.function(10))
    typed.handle(.character("y"))
    #expect(!typed.isRunning)
    _ = screen
  }

  @Test func ctrlCAsksOnceThenStops() {
    let (app, _) = appWithForm()
    app.handle(.character("x"))
    #expect(app.interrupt() == false)
    #expect(app.askingToQuit && app.isRunning)
    #expect(app.interrupt() == true)
    #expect(!app.isRunning)
    let (clean, _) = appWithForm()
    #expect(clean.interrupt() == true)
  }

  @Test func escapeInADialogAsksBeforeDroppingText() {
    var submitted: [String] = []
    let prompt = Prompt(Localized("原因", "Reason"), fields: [Prompt.Field(Localized("原因", "Reason"))]) {
      submitted = $0
      return nil
    }
    #expect(prompt.handle(.escape) == .closed, "nothing typed: Esc closes")
    let typed = Prompt(Localized("原因", "Reason"), fields: [Prompt.Field(Localized("原因", "Reason"))]) {
      submitted = $0
      return nil
    }
    _ = typed.handle(.character("甲"))
    #expect(typed.handle(.escape) == .open && typed.askingToDiscard)
    #expect(typed.handle(.character("乙")) == .open && !typed.askingToDiscard && typed.texts == ["甲"])
    _ = typed.handle(.escape)
    #expect(typed.handle(.enter) == .closed && submitted == ["甲"], "Enter saves")
    let dropped = Prompt(Localized("原因", "Reason"), fields: [Prompt.Field(Localized("原因", "Reason"))]) { _ in nil }
    _ = dropped.handle(.character("丙"))
    _ = dropped.handle(.escape)
    #expect(dropped.handle(.escape) == .closed)
  }

  @Test func keysWhileTooSmallDoNotEditTheHiddenForm() {
    let (app, screen) = appWithForm()
    _ = app.render(width: 60, height: 20)
    for ch in "zzz" { app.handle(.character(ch)) }
    #expect(screen.form.text("a") == "")
    app.handle(.resize(width: 80, height: 24))
    app.handle(.character("a"))
    #expect(screen.form.text("a") == "a")
  }
}

@Suite struct CommandLineLanguageTests {
  func typeLine(_ app: App, _ text: String) {
    app.handle(.character(":"))
    for ch in text { app.handle(.character(ch)) }
  }

  @Test func tabOnAnEmptyLineListsCommandsInTheInterfacesLanguage() {
    let zh = Fixtures.app(.zh)
    typeLine(zh, "")
    zh.handle(.tab)
    let listed = zh.render(width: 120, height: 40).lines()[38]
    #expect(listed.contains("排序") && listed.contains("帮助"))
    #expect(!listed.contains("sort") && !listed.contains("help"), "\(listed)")
    let en = Fixtures.app(.en)
    typeLine(en, "")
    en.handle(.tab)
    let english = en.render(width: 120, height: 40).lines()[38]
    #expect(english.contains("sort") && english.contains("help"))
    #expect(!english.contains("排序"))
  }

  @Test func sortTakesTheHeadingsAsShownAndTabCompletesThem() {
    let app = Fixtures.app(.zh)
    typeLine(app, "排序 全")
    app.handle(.tab)
    #expect(app.render(width: 80, height: 24).lines()[23].hasPrefix(":排序 全流程"))
    app.handle(.enter)
    #expect(app.render(width: 80, height: 24).lines().joined().contains("按全流程时限排序"))
    app.execute("排序 本环节")
    #expect(app.render(width: 80, height: 24).lines().joined().contains("按本环节时限排序"))
    app.execute("sort Process due")
    #expect(app.render(width: 80, height: 24).lines().joined().contains("按全流程时限排序"))
    typeLine(app, "排序 ")
    app.handle(.tab)
    let offered = app.render(width: 120, height: 40).lines()[38]
    #expect(offered.contains("紧急程度") && offered.contains("本环节") && offered.contains("客户"))
    app.handle(.escape)
    app.execute("排序 颜色")
    #expect(app.render(width: 120, height: 40).lines().joined().contains("没有这一列: 颜色"))
  }
}
