import Domain
import Foundation

/// The workbench shell: a stack of screens framed by the status bar (top line) and the key bar (bottom
/// line), with the help overlay and the `:` command line. Everything it shows about commands — keys,
/// key bar, help, completion — comes from one `CommandTable`.
///
/// Not thread-safe and not `Sendable`: it lives on the thread that runs the terminal.
public final class App {
  /// The smallest terminal the workbench lays out; below it the whole screen asks for more room.
  public static let minimumWidth = 80
  public static let minimumHeight = 24

  public var session: SessionInfo
  public var theme: Theme
  public var commands: CommandTable
  public let clock: () -> Date
  /// The zone the status-bar clock shows.
  public var timeZone: TimeZone
  /// The store's head (e.g. `#1234`), shown instead of the path once the integrator knows it.
  public var storeHead: String?
  /// Open warnings, shown in the status bar.
  /// The early warnings raised now, for the status bar; nil while they are being counted.
  public var warningCount: Int? = 0
  /// Why nothing can be recorded (e.g. a newer GridDesk wrote to the store), kept in the status bar on
  /// every screen until it no longer holds; set by `followStore`.
  public var storeWarning: Localized?
  /// A short notice for the status bar, such as an administrator's `2027年日历未载入`; nil for none.
  public var statusNotice: Localized?
  /// Called about once a second with no key pressed, after the screens' own `tick`: poll the store here.
  public var onTick: (() -> Void)?
  /// Called once when the workbench ends for any reason (quit, SIGINT, SIGTERM, SIGHUP when the SSH link
  /// drops) while the terminal is still set up: save drafts here.
  public var onExit: (() -> Void)?

  /// Screens from the root (index 0) to the one on top.
  public private(set) var stack: [any Screen]
  public private(set) var isRunning = true
  /// Set by the redraw command (Ctrl-L); the terminal repaints everything and clears it.
  public var wantsFullRedraw = false
  /// The last size the terminal reported (or rendered).
  public private(set) var size: (width: Int, height: Int) = (App.minimumWidth, App.minimumHeight)

  var helpOverlay: HelpOverlay?
  var commandLine: CommandLineState?
  var message: (text: Localized, style: StyleRole)?
  /// The messages shown lately, oldest first (`:messages`).
  public internal(set) var recentMessages: [(text: Localized, style: StyleRole)] = []
  var mainScreens: [(id: CommandID, make: () -> any Screen)] = []
  /// The area each main screen shows (Domain's `Area`), for `areaRefusal`.
  var areas: [CommandID: Area] = [:]
  /// Why the person at the keyboard may not see an area (Domain's visibility rule,
  /// `DomainState.sightRefusal`), or nil when they may. A main screen whose area is refused is not
  /// offered: no function key, key bar, help or `:` name. Nil here offers every screen.
  public var areaRefusal: ((Area) -> Localized?)?
  var madeScreens: [CommandID: any Screen] = [:]
  /// Why a main screen that is a form to record something (intake, the readiness check) cannot be used
  /// now, by id; registered with the screen.
  var mainRefusals: [CommandID: () -> Localized?] = [:]
  /// Why nothing can be recorded now (read-only by choice, a damaged store, records of a newer GridDesk,
  /// a missing personal-data key), or nil when it can: every command that records (`CommandSpec.records`)
  /// is then left out of the key bar and `:` completion, greyed in the help with this reason, and
  /// refused with it before any form opens.
  public var recordingRefusal: (() -> Localized?)?
  /// A mark the status bar keeps on every screen (`只读模式` when opened with `--read-only`).
  public var modeMark: Localized?

  public init(
    session: SessionInfo, root: any Screen, theme: Theme = .standard, commands: CommandTable = .standard,
    timeZone: TimeZone = .current, clock: @escaping () -> Date = Date.init
  ) {
    self.session = session
    self.stack = [root]
    self.theme = theme
    self.commands = commands
    self.timeZone = timeZone
    self.clock = clock
  }

  public var lang: Lang { session.lang }
  /// The screen on top of the stack.
  public var top: any Screen { stack[stack.count - 1] }

  /// Registers a main screen reached by a function key from anywhere (F2 queue, F3 intake, …).
  ///
  /// - Parameters:
  ///   - spec: the command (id, title, help, keys) that opens it.
  ///   - make: builds the screen the first time; the same instance is reused afterwards.
  ///   - area: what the screen shows; it is offered only while `areaRefusal` allows that area.
  ///   - refusal: why the screen cannot be used now even though its area may be seen (a form to record
  ///     something, for a role that may not record it); it is then greyed rather than opened.
  public func registerMainScreen(
    _ spec: CommandSpec, area: Area? = nil, refusal: (() -> Localized?)? = nil, make: @escaping () -> any Screen
  ) {
    commands.register(spec)
    areas[spec.id] = area
    mainRefusals[spec.id] = refusal
    if let i = mainScreens.firstIndex(where: { $0.id == spec.id }) {
      mainScreens[i] = (spec.id, make)
    } else {
      mainScreens.append((spec.id, make))
    }
  }

  /// Opens `screen` on top of the current one.
  public func push(_ screen: any Screen) {
    stack.append(screen)
  }

  /// Goes back one screen; the root stays.
  public func pop() {
    if stack.count > 1 { stack.removeLast() }
  }

  /// Stops the run loop after this key; with something typed and not saved on any open screen, asks
  /// first (F10 or y leaves, anything else keeps editing).
  public func quit() {
    if hasUnsavedInput && !askingToQuit {
      askingToQuit = true
      return
    }
    isRunning = false
  }

  /// Whether any open screen holds something typed and not saved.
  public var hasUnsavedInput: Bool { stack.contains { $0.hasUnsavedInput } }

  /// The quit question is showing (something typed would be lost).
  public private(set) var askingToQuit = false

  /// Ctrl-C (SIGINT): true when the program should stop now; with unsaved input, the first Ctrl-C asks
  /// like F10 and a second one while asking stops.
  public func interrupt() -> Bool {
    if hasUnsavedInput && !askingToQuit {
      askingToQuit = true
      return false
    }
    isRunning = false
    return true
  }

  /// Shows a message on the bottom line until the next key; one longer than the line wraps upwards into
  /// a message pane over the screen. Kept among the recent messages that `:messages` shows again.
  public func show(_ text: Localized, style: StyleRole = .normal) {
    message = (text, style)
    recentMessages.append((text, style))
    if recentMessages.count > App.recentMessageLimit { recentMessages.removeFirst() }
  }

  /// How many messages `:messages` keeps.
  static let recentMessageLimit = 20

  /// The context screens get while drawing or handling keys now.
  public func context(width: Int? = nil, height: Int? = nil) -> ScreenContext {
    ScreenContext(
      lang: lang, now: clock(), session: session, lines: theme.lines, commands: commands,
      width: width ?? size.width, height: max(0, (height ?? size.height) - 2))
  }

  /// Commands the current screen answers to, in the order keys are looked up: the screen's own first
  /// (so a detail screen's F7 wins over a main screen's), then the shell's, then the main screens.
  public var availableCommands: [CommandID] {
    var ids = top.commands + [.help, stack.count > 1 ? .back : .quit, .commandLine, .redraw]
    ids += offeredMainScreens
    if stack.count > 1 { ids.append(.quit) }
    var seen: Set<CommandID> = []
    return ids.filter { seen.insert($0).inserted }
  }

  /// Commands the key bar shows, in order: on the first screen help, the main screens, the screen's own
  /// and quit; deeper, help, the screen's own and back.
  public var keyBarCommands: [CommandID] {
    let ids: [CommandID] =
      stack.count == 1
      ? [.help] + offeredMainScreens + top.commands + [.quit]
      : [.help] + top.commands + [.back]
    var seen: Set<CommandID> = []
    return ids.filter { commands[$0]?.inKeyBar ?? false }.filter { seen.insert($0).inserted }
      .filter { commandRefusal($0) == nil }
  }

  /// Why the person at the keyboard may not run `id` here and now, or nil when they may: a screen they
  /// may not see, a main screen they may not use, a command that records while nothing can be
  /// recorded, or the screen's own reason (their role, the order's state). A refused command is left
  /// out of the key bar and `:` completion, greyed in the help with the reason, and refused with it.
  public func commandRefusal(_ id: CommandID) -> Localized? {
    if let refusal = refusal(for: id) { return refusal }
    if let refusal = mainRefusals[id]?() { return refusal }
    guard top.commands.contains(id) else { return nil }
    if commands[id]?.records == true, let refusal = recordingRefusal?() { return refusal }
    return top.refusal(for: id, context: context())
  }

  /// The main screens the person at the keyboard may open now, in order.
  var offeredMainScreens: [CommandID] {
    mainScreens.map(\.id).filter { refusal(for: $0) == nil }
  }

  /// Why the main screen `id` is not offered to the person at the keyboard, or nil when it is.
  func refusal(for id: CommandID) -> Localized? {
    guard let area = areas[id], let areaRefusal else { return nil }
    return areaRefusal(area)
  }

  /// Registers the root screen as a main screen too, so its key (F2) leads home from anywhere.
  public func registerRoot(_ spec: CommandSpec) {
    let root = stack[0]
    madeScreens[spec.id] = root
    registerMainScreen(spec) { root }
  }

  // MARK: Keys

  /// Handles one key: overlays first, then the screen, then the command table.
  public func handle(_ key: Key) {
    switch key {
    case .resize(let width, let height):
      size = (width, height)
      return
    case .tick:
      top.tick(context: context())
      onTick?()
      return
    default:
      break
    }
    message = nil
    guard size.width >= App.minimumWidth, size.height >= App.minimumHeight else {
      // Nothing is shown but the request to enlarge the window: keys must not edit a hidden form.
      if key == .function(10) { quit() }
      return
    }
    if askingToQuit {
      askingToQuit = false
      switch key {
      case .function(10), .character("y"), .character("Y"): isRunning = false
      default: break
      }
      return
    }
    if key == .function(10), helpOverlay != nil || commandLine != nil {
      quit()
      return
    }
    if helpOverlay != nil {
      handleHelp(key)
      return
    }
    if commandLine != nil {
      handleCommandLine(key)
      return
    }
    let ctx = context()
    let outcome = top.handle(key, context: ctx)
    if case .ignored = outcome {
      if let id = command(for: key) {
        run(Invocation(id, key: key))
      }
    } else {
      apply(outcome)
    }
  }

  /// The command bound to `key` on the current screen. `q` quits only from the first screen; F10 always.
  func command(for key: Key) -> CommandID? {
    let ids = availableCommands
    guard let id = commands.command(for: key, among: ids) else { return nil }
    if id == .quit, key.normalized == .character("q"), stack.count > 1 { return nil }
    return id
  }

  /// Runs a command: the shell's own, a main screen, or one the top screen offers.
  public func run(_ invocation: Invocation) {
    switch invocation.id {
    case .help:
      helpOverlay = HelpOverlay()
    case .quit:
      quit()
    case .back:
      pop()
    case .commandLine:
      commandLine = CommandLineState()
    case .redraw:
      wantsFullRedraw = true
    default:
      // Refused before anything opens, in the person's words.
      if let refusal = commandRefusal(invocation.id) {
        show(refusal, style: .error)
        return
      }
      if let entry = mainScreens.first(where: { $0.id == invocation.id }) {
        open(main: entry.id, make: entry.make)
      } else if top.commands.contains(invocation.id) {
        let outcome = top.perform(invocation, context: context())
        if case .ignored = outcome {
          show(Localized("本屏不能执行此命令", "This screen cannot do that"), style: .error)
        } else {
          apply(outcome)
        }
      } else {
        show(
          Localized("本屏没有命令 \(invocation.id)", "No command \(invocation.id) on this screen"), style: .error)
      }
    }
  }

  private func open(main id: CommandID, make: () -> any Screen) {
    let screen = madeScreens[id] ?? make()
    madeScreens[id] = screen
    if stack[0] === screen {
      stack = [screen]
    } else {
      stack = [stack[0], screen]
    }
  }

  func apply(_ outcome: Outcome) {
    switch outcome {
    case .handled, .ignored: break
    case .push(let screen): push(screen)
    case .pop: pop()
    case .quit: quit()
    case .message(let text, let style): show(text, style: style)
    }
  }

  // MARK: Drawing

  /// Draws the whole terminal.
  public func render(width: Int, height: Int) -> Canvas {
    size = (width, height)
    var canvas = Canvas(width: width, height: height)
    guard width >= App.minimumWidth, height >= App.minimumHeight else {
      drawTooSmall(into: &canvas)
      return canvas
    }
    let ctx = context(width: width, height: height)
    drawStatusBar(into: &canvas, now: ctx.now)
    var area = Canvas(width: width, height: height - 2)
    top.render(into: &area, context: ctx)
    canvas.draw(area, at: Position(x: 0, y: 1))
    drawBottomLine(into: &canvas)
    if helpOverlay != nil { drawHelp(into: &canvas) }
    if askingToQuit { drawQuitQuestion(into: &canvas) }
    return canvas
  }

  /// The question F10 or Ctrl-C asks while something typed is not saved.
  func drawQuitQuestion(into canvas: inout Canvas) {
    let context = context()
    let area = dialogBox(context(Localized("退出", "Quit")), height: 2, into: &canvas, lines: theme.lines)
    canvas.write(
      context(Localized("有已输入但未保存的内容, 退出将丢失。", "Something you typed is not saved and would be lost.")),
      x: area.x, y: area.y, style: .warning, maxWidth: area.width)
    canvas.write(
      context(Localized("F10 或 y 放弃并退出   其他键 继续编辑", "F10 or y: discard and quit   any other key: keep editing")),
      x: area.x, y: area.y + 1, style: .overlay, maxWidth: area.width)
  }

  /// Where the terminal's cursor goes after the last `render`: the caret of the `:` line or of the
  /// screen's focused field (so an input method draws its candidates there); `nil` hides it.
  public var cursor: Position? {
    guard size.width >= App.minimumWidth, size.height >= App.minimumHeight, helpOverlay == nil else { return nil }
    if let commandLine { return Position(x: commandLine.caretColumn, y: size.height - 1) }
    guard let position = top.cursor(context: context()) else { return nil }
    return Position(x: position.x, y: position.y + 1)
  }

  /// Below 80×24 the whole screen says what it needs, in the user's language first, then the other.
  func drawTooSmall(into canvas: inout Canvas) {
    let need = "\(App.minimumWidth)x\(App.minimumHeight)"
    let now = "\(canvas.width)x\(canvas.height)"
    let zh = ["终端窗口太小", "需要至少 \(need), 当前 \(now)", "请放大窗口"]
    let en = ["Terminal too small", "Needs at least \(need), now \(now)", "Please enlarge the window"]
    let (first, second) = lang == .zh ? (zh, en) : (en, zh)
    let lines = (first + [""] + second).prefix(canvas.height)
    let top = max(0, (canvas.height - lines.count) / 2)
    for (i, line) in lines.enumerated() {
      let text = line.truncated(toWidth: canvas.width)
      let isHeading = i == 0 || i == first.count + 1
      let x = max(0, (canvas.width - text.displayWidth) / 2)
      canvas.write(text, x: x, y: top + i, style: isHeading ? .warning : .normal)
    }
  }
}

/// State of the help overlay: how far it is scrolled.
struct HelpOverlay {
  var scroll = 0
}

/// State of the `:` command line.
struct CommandLineState {
  var field = TextField()
  var candidates: [String] = []
  var caretColumn = 0
}
