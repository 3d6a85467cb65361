import CNCurses
import Domain
import Foundation
import Synchronization
import Workbench

#if canImport(Glibc)
  import Glibc
#endif

/// Why the terminal could not be used, in both languages; `griddesk` prints it and exits non-zero.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
  public var message: Localized

  public init(_ message: Localized) { self.message = message }

  public var description: String { "griddesk: \(message.zh)\ngriddesk: \(message.en)" }
}

/// How the run loop ended.
public enum ExitReason: Hashable, Sendable {
  /// The user quit.
  case quit
  /// SIGINT, SIGTERM or SIGHUP arrived; the terminal was restored. Exit with 128 + the number.
  case signal(Int32)
}

/// Runs an `App` on the terminal with ncursesw: the only place that talks to curses.
///
/// Everything happens on the calling thread (ncurses is not thread-safe): start-up, a loop that reads
/// keys with a 250 ms timeout, drains what an input method committed, ticks the app about once a
/// second and redraws when the canvas changed, and `endwin` on every way out.
public enum TerminalRunner {
  /// How long one wait for a key lasts; short, so ticks and signals are noticed promptly.
  static let keyTimeoutMilliseconds: Int32 = 250

  /// Runs until the app quits or a signal arrives.
  /// - Parameters:
  ///   - app: the workbench to show.
  ///   - environment: read for `NO_COLOR` and `TERM`.
  ///   - onTick: called about once a second after the app's tick: poll the store for others' appends.
  /// - Throws: `TerminalError` when there is no usable terminal (not a tty, bad `TERM`, no UTF-8 locale).
  @discardableResult
  public static func run(
    app: App, environment: [String: String] = ProcessInfo.processInfo.environment, onTick: (() -> Void)? = nil
  ) throws(TerminalError) -> ExitReason {
    guard isatty(0) == 1, isatty(1) == 1 else {
      throw TerminalError(
        Localized(
          "工作台需要在终端中运行; 脚本请使用子命令 (见 griddesk --help)。",
          "The workbench needs a terminal; scripts should use the subcommands (see griddesk --help)."))
    }
    if let warning = try setUpLocale() { app.show(warning, style: .warning) }
    let term = environment["TERM"] ?? ""
    guard !term.isEmpty else {
      throw TerminalError(
        Localized(
          "未设置 TERM, 无法打开终端。请先设置, 例如: export TERM=xterm-256color",
          "TERM is not set, so the terminal cannot be opened. Set it first, e.g. export TERM=xterm-256color"))
    }
    Signals.install()
    defer { Signals.uninstall() }
    guard let screen = gd_newterm(nil) else {
      throw TerminalError(
        Localized(
          "无法打开终端: 不认识 TERM=\(term)。请改用已知的类型, 例如 export TERM=xterm-256color",
          "Cannot open the terminal: TERM=\(term) is unknown. Use a known type, e.g. export TERM=xterm-256color"))
    }
    guard gd_can_address_cursor() != 0 else {
      endwin()
      delscreen(screen)
      throw TerminalError(
        Localized(
          "终端 TERM=\(term) 不能定位光标, 无法显示工作台。请改用 xterm-256color 等类型",
          "TERM=\(term) cannot position the cursor, so the workbench cannot be shown. Use e.g. xterm-256color"))
    }
    restoreAtExit()
    defer {
      curs_set(1)
      endwin()
      delscreen(screen)
    }
    let session = TerminalSession(window: gd_stdscr()!, theme: app.theme, environment: environment)
    let reason = session.run(app: app, onTick: onTick)
    app.onExit?()
    return reason
  }

  /// `setlocale(LC_ALL, "")`, falling back to C.UTF-8 when the session's character set is not UTF-8
  /// (SSH often does not forward `LANG`). Returns the warning to show, if a fallback was needed.
  static func setUpLocale() throws(TerminalError) -> Localized? {
    setlocale(gd_lc_all(), "")
    if isUTF8(String(cString: gd_codeset())) { return nil }
    let original = String(cString: gd_codeset())
    guard setlocale(gd_lc_ctype(), "C.UTF-8") != nil, isUTF8(String(cString: gd_codeset())) else {
      throw TerminalError(
        Localized(
          "终端字符集是 \(original), 不是 UTF-8, 且系统没有 C.UTF-8。请设置 LANG=C.UTF-8",
          "The character set is \(original), not UTF-8, and C.UTF-8 is missing. Set LANG=C.UTF-8"))
    }
    return Localized(
      "会话字符集是 \(original), 不是 UTF-8: 已改用 C.UTF-8 (可设置 LANG=C.UTF-8)",
      "The session's character set is \(original), not UTF-8: using C.UTF-8 (set LANG=C.UTF-8)")
  }

  private static func isUTF8(_ codeset: String) -> Bool {
    let name = codeset.lowercased().filter { $0 != "-" && $0 != "_" }
    return name == "utf8"
  }

  private static let atExitInstalled = Atomic<Bool>(false)

  /// Even an `exit()` from deep inside (a failed precondition in a library) leaves the terminal usable.
  private static func restoreAtExit() {
    guard atExitInstalled.compareExchange(expected: false, desired: true, ordering: .sequentiallyConsistent).exchanged
    else { return }
    atexit {
      if !isendwin() { endwin() }
    }
  }
}

/// The curses state of one run: the window, the palette and what was drawn last.
final class TerminalSession {
  let window: UnsafeMutablePointer<WINDOW>
  let palette: Palette
  private var lastCanvas: Canvas?
  private var lastCursor: Position?
  private var cursorVisible: Int32 = -1

  /// Puts the terminal in the workbench's mode and sets up the colours of `theme`.
  init(window: UnsafeMutablePointer<WINDOW>, theme: Theme, environment: [String: String]) {
    self.window = window
    cbreak()
    noecho()
    nonl()
    keypad(window, true)
    set_escdelay(25)
    for (sequence, code) in KeyMapping.extraSequences where key_defined(sequence) <= 0 {
      define_key(sequence, code)
    }
    var defaultColors = false
    if has_colors() {
      start_color()
      defaultColors = use_default_colors() == gd_ok()
    }
    let mode = ColorMode.choose(
      colorCount: Int(gd_colors()), hasColors: has_colors(), environment: environment)
    palette = Palette(theme: theme, mode: mode, colorCount: Int(gd_colors()), defaultColors: defaultColors)
  }

  var size: (width: Int, height: Int) { (Int(getmaxx(window)), Int(getmaxy(window))) }

  func run(app: App, onTick: (() -> Void)?) -> ExitReason {
    app.handle(.resize(width: size.width, height: size.height))
    var lastTick = ContinuousClock.now
    while app.isRunning {
      if let signo = Signals.take() {
        // Ctrl-C with something typed and not saved asks first, as F10 does; SIGTERM and SIGHUP stop at once.
        if signo == SIGINT && !app.interrupt() { continue }
        return .signal(signo)
      }
      draw(app)
      var keys = readKeys(timeout: TerminalRunner.keyTimeoutMilliseconds)
      // An input method commits a phrase as several characters at once: take them all before redrawing.
      if !keys.isEmpty {
        while keys.count < 512 {
          let more = readKeys(timeout: 0)
          if more.isEmpty { break }
          keys += more
        }
      }
      for key in keys {
        if case .resize = key { lastCanvas = nil }
        app.handle(key)
        if !app.isRunning { break }
      }
      if app.wantsFullRedraw {
        // Ctrl-L: forget what ncurses believes is on the screen and send it all again.
        app.wantsFullRedraw = false
        clearok(window, true)
        lastCanvas = nil
      }
      let now = ContinuousClock.now
      if now - lastTick >= .seconds(1) {
        lastTick = now
        app.handle(.tick)
        onTick?()
      }
    }
    return .quit
  }

  /// Draws the app's canvas if it changed since the last frame: erase, draw every cell, then one
  /// `doupdate`, which sends only the differences (cheap over a slow SSH link).
  func draw(_ app: App) {
    let (width, height) = size
    let canvas = app.render(width: width, height: height)
    let cursor = app.cursor
    if canvas == lastCanvas && cursor == lastCursor { return }
    werase(window)
    var buffer: [wchar_t] = []
    for y in 0..<canvas.height {
      for x in 0..<canvas.width {
        let cell = canvas[x, y]
        if cell.isContinuation { continue }
        buffer.removeAll(keepingCapacity: true)
        Self.wideCharacters(of: cell.text, into: &buffer)
        // A character the C library measures differently (one it does not know) would shift the rest of
        // the line; draw a placeholder of the width the canvas gave it instead.
        if gd_wcwidth(buffer[0]) != Int32(cell.width) {
          buffer = cell.width == 2 ? [0xFF1F, 0] : [0x3F, 0]
        }
        let entry = palette[cell.style]
        // The bottom-right cell returns ERR (the cursor cannot advance past it); the glyph is drawn anyway.
        _ = gd_put_cchar(window, Int32(y), Int32(x), buffer, entry.attributes, entry.pair)
      }
    }
    if let cursor {
      wmove(window, Int32(cursor.y), Int32(cursor.x))
      setCursorVisible(1)
    } else {
      setCursorVisible(0)
    }
    wnoutrefresh(window)
    doupdate()
    lastCanvas = canvas
    lastCursor = cursor
  }

  private func setCursorVisible(_ visibility: Int32) {
    guard visibility != cursorVisible else { return }
    curs_set(visibility)
    cursorVisible = visibility
  }

  /// The scalars ncurses gets for a cell: the first spacing character and at most four zero-width ones,
  /// null-terminated (a cchar_t holds five).
  static func wideCharacters(of text: String, into buffer: inout [wchar_t]) {
    var spacing = false
    for scalar in text.unicodeScalars {
      let width = DisplayWidth.of(scalar)
      if width > 0 {
        if spacing { continue }
        spacing = true
      } else if !spacing || buffer.count >= 5 {
        continue
      }
      buffer.append(wchar_t(bitPattern: scalar.value))
    }
    if buffer.isEmpty { buffer.append(wchar_t(32)) }
    buffer.append(0)
  }

  /// Reads one key (waiting up to `timeout` ms, 0 for none pending); an unrecognised escape sequence
  /// is decoded here, and Alt+key gives Esc then the key.
  func readKeys(timeout: Int32) -> [Key] {
    wtimeout(window, timeout)
    var code: UInt32 = 0
    let result = gd_wget_wch(window, &code)
    if result == gd_key_code_yes() {
      return KeyMapping.functionKey(Int32(bitPattern: code), width: size.width, height: size.height).map { [$0] }
        ?? []
    }
    guard result == gd_ok() else { return [] }
    guard code == 27 else { return KeyMapping.character(code).map { [$0] } ?? [] }
    wtimeout(window, 0)
    var next: UInt32 = 0
    guard gd_wget_wch(window, &next) == gd_ok() else { return [.escape] }
    guard next == UInt32(UInt8(ascii: "[")) || next == UInt32(UInt8(ascii: "O")) else {
      return [.escape] + (KeyMapping.character(next).map { [$0] } ?? [])
    }
    var body = String(Character(Unicode.Scalar(UInt8(next))))
    while body.count < 8 {
      var c: UInt32 = 0
      guard gd_wget_wch(window, &c) == gd_ok(), let scalar = Unicode.Scalar(c) else { break }
      body.unicodeScalars.append(scalar)
      let isFinal = (0x40...0x7E).contains(c) && body != "[["
      if body.hasPrefix("O") && body.count == 2 { break }
      if body.count > 1 && isFinal { break }
    }
    return KeyMapping.escapeSequence(body).map { [$0] } ?? []
  }
}
