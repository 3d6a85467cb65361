import Domain
import Foundation

/// Who is at the keyboard and where: injected by the executable, shown in the status bar.
public struct SessionInfo: Hashable, Sendable {
  /// The staff member's display name; `nil` when the login is not registered as staff.
  public var userName: String?
  /// The role shown beside the name (`柜员`).
  public var roleTitle: Localized?
  /// The service hall (`城东营业厅`), when known.
  public var site: Localized?
  /// The store directory.
  public var storePath: String
  /// Whether the session runs over SSH (shown as `(SSH)`).
  public var isSSH: Bool
  public var lang: Lang

  public init(
    userName: String? = nil, roleTitle: Localized? = nil, site: Localized? = nil, storePath: String,
    isSSH: Bool = false, lang: Lang = .zh
  ) {
    self.userName = userName
    self.roleTitle = roleTitle
    self.site = site
    self.storePath = storePath
    self.isSSH = isSSH
    self.lang = lang
  }

  /// Whether the environment says this process runs in an SSH session.
  public static func isSSH(environment: [String: String]) -> Bool {
    ["SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"].contains { !(environment[$0] ?? "").isEmpty }
  }
}

/// What a screen needs to know while it draws or handles a key.
public struct ScreenContext: Sendable {
  public var lang: Lang
  public var now: Date
  public var session: SessionInfo
  /// Line and sparkline characters of the theme (ASCII when the theme asks for it).
  public var lines: LineSet
  public var commands: CommandTable
  /// The screen's area in columns and rows (the whole terminal minus the status and key bars).
  public var width: Int
  public var height: Int

  public init(
    lang: Lang, now: Date, session: SessionInfo, lines: LineSet = .unicode, commands: CommandTable = .standard,
    width: Int, height: Int
  ) {
    self.lang = lang
    self.now = now
    self.session = session
    self.lines = lines
    self.commands = commands
    self.width = width
    self.height = height
  }

  /// Shorthand for `text.text(lang)`.
  public func callAsFunction(_ text: Localized) -> String { text.text(lang) }
}

/// What a screen asks the shell to do after a key or a command.
public enum Outcome {
  /// The key or command was used; redraw.
  case handled
  /// Not for this screen: the shell tries its command table next.
  case ignored
  /// Open a screen on top of this one.
  case push(any Screen)
  /// Go back to the previous screen.
  case pop
  /// Leave the workbench.
  case quit
  /// Show a one-line message in the key bar until the next key (`.error` for refusals).
  case message(Localized, StyleRole)
}

/// A screen of the workbench: state, plus `handle`/`perform` to change it and `render` to draw it.
///
/// The shell (`App`) owns the top and bottom lines; a screen draws into a canvas the size of the area
/// between them. Keys go first to `handle` (so a focused text field can take letters); keys the screen
/// ignores are looked up in the command table among `commands` and the shell's own, and the screen's
/// commands come back through `perform`.
public protocol Screen: AnyObject {
  /// Shown in the status bar and the help overlay.
  var title: Localized { get }
  /// Commands this screen offers, in key-bar order. The shell adds help, main screens, back and quit.
  var commands: [CommandID] { get }
  /// A sentence or two at the top of the help overlay.
  var helpIntro: Localized? { get }

  /// Draws the screen; `canvas` is exactly the screen's area.
  func render(into canvas: inout Canvas, context: ScreenContext)
  /// Sees every key first; return `.ignored` to let the command table have it.
  func handle(_ key: Key, context: ScreenContext) -> Outcome
  /// Runs one of `commands`.
  func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome
  /// Where the caret of the focused text field is, in the screen's area; `nil` hides the cursor.
  func cursor(context: ScreenContext) -> Position?
  /// Called about once a second: poll for changes (e.g. other clerks' appends).
  func tick(context: ScreenContext)
  /// Whether leaving now would drop something the user typed (a changed form, a dialog with text): the
  /// shell then asks before quitting.
  var hasUnsavedInput: Bool { get }
  /// What Tab offers for the argument of `:command ARG` (e.g. the sort columns after `:排序 `).
  func completions(for command: CommandID, argument: String, lang: Lang) -> [String]
  /// Why the person at the keyboard may not run one of `commands` now (their role, the order's state),
  /// in their words and naming the action by its title; nil when they may. Ask the Domain's rule
  /// (`DomainState.actingRefusal`, `permissionRefusal`), never decide here. The shell leaves a refused
  /// command out of the key bar and `:` completion, greys it in the help with the reason, and refuses
  /// it before any form opens.
  func refusal(for command: CommandID, context: ScreenContext) -> Localized?
}

extension Screen {
  public var helpIntro: Localized? { nil }
  public func handle(_ key: Key, context: ScreenContext) -> Outcome { .ignored }
  public func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome { .ignored }
  public func cursor(context: ScreenContext) -> Position? { nil }
  public func tick(context: ScreenContext) {}
  public var hasUnsavedInput: Bool { false }
  public func completions(for command: CommandID, argument: String, lang: Lang) -> [String] { [] }
  public func refusal(for command: CommandID, context: ScreenContext) -> Localized? { nil }
}
