import Domain
import Engine
import Foundation

/// The order file (工单详情): the header, the stage plan with every deadline, the current stage's
/// checklist and records, the timeline (Tab), and the stage's actions.
///
/// It reads the order from `engine.state` on every draw, so what other processes append shows at once;
/// every action goes through `engine.execute`, and a refusal shows the domain's own message.
public final class OrderFileScreen: Screen {
  public enum Pane: Hashable, Sendable {
    case plan
    case timeline
  }

  public let engine: Engine
  public let number: String
  public private(set) var pane: Pane = .plan
  /// The open dialog (a reason prompt, the assign picker, a record form), drawn over the screen.
  public internal(set) var dialog: (any Dialog)?
  /// The last refusal or confirmation, shown on the line above the key bar until the next action.
  public internal(set) var notice: (text: Localized, style: StyleRole)?
  /// Index among the selectable lines of the lower pane (checklist items, milestones, feedback).
  var selectedIndex = 0
  /// First line of the lower pane in view, and how many lines it showed at the last draw: the pane
  /// scrolls over information lines too, so that every record is reachable on a small screen.
  var lowerTop = 0
  var lowerRows = 5
  /// First timeline row shown; nil keeps the newest events in view.
  var timelineTop: Int?
  var caret: Position?

  public init(engine: Engine, number: String) {
    self.engine = engine
    self.number = number
  }

  public var title: Localized { Localized("工单 \(number)", "Order \(number)") }

  public var helpIntro: Localized? {
    // F1 inside a dialog explains the dialog.
    if let dialog { return dialog.help }
    return Localized(
      "上方为流程计划 (每个环节的负责人、时限、预期成果与状态), 下方为当前环节的检查单与记录。"
        + "空格勾选或处理选中项, F7 标记不适用, F8 指派, F9 推进, F6 记录本环节, F5 挂起/恢复, Tab 看时间线。",
      "Above, the stage plan (who, by when, what outcome, state); below, the current stage's checklist and "
        + "records. Space ticks or handles the selected line, F7 not applicable, F8 assign, F9 advance, "
        + "F6 records the stage, F5 suspends or resumes, Tab shows the timeline.")
  }

  public var hasUnsavedInput: Bool { dialog?.hasUnsavedInput ?? false }

  public var commands: [CommandID] {
    if dialog != nil { return [.confirm] }
    // An archived order is read-only: it offers only reading; a suspended one offers 恢复, not 挂起.
    guard let order, !order.isArchived else { return [.orderTimeline, .move, .page] }
    // After the customer rejects the scheme, the scheme can be revised (the domain's own condition).
    let revise: [CommandID] = engine.state.schemeRevisionRefusal(order) == nil ? [.orderReviseScheme] : []
    return [.orderTick, .orderNotApplicable, .orderAssign, .orderAdvance, .orderRecord] + revise + [
      order.isSuspended ? .orderResume : .orderSuspend, .orderAppointment, .orderTimeline, .move, .page,
    ]
  }

  var order: Order? { engine.state.orders[number] }

  // MARK: Keys

  public func handle(_ key: Key, context: ScreenContext) -> Outcome {
    if let dialog {
      if case .resize = key { return .ignored }
      if case .tick = key { return .ignored }
      // F1 shows the dialog's help (the shell's overlay, with `helpIntro` from the dialog).
      if key == .function(1) { return .ignored }
      // A dialog may open the next one (pick, then type): close only the one that said so.
      if dialog.handle(key) == .closed, self.dialog === dialog { self.dialog = nil }
      return .handled
    }
    return .ignored
  }

  public func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome {
    if let dialog {
      switch invocation.id {
      case .confirm: if dialog.handle(.enter) == .closed, self.dialog === dialog { self.dialog = nil }
      case .cancel: self.dialog = nil
      default: break
      }
      return .handled
    }
    guard let order else {
      notice = (Localized("工单 \(number) 不存在", "No order \(number)"), .error)
      return .handled
    }
    notice = nil
    switch invocation.id {
    case .orderTimeline:
      pane = pane == .plan ? .timeline : .plan
    case .move, .page:
      if let key = invocation.key { move(key.normalized, order: order, context: context) }
    case .orderTick:
      tick(order, context: context)
    case .orderNotApplicable:
      notApplicable(order, reason: invocation.argument, context: context)
    case .orderAssign:
      assign(order, context: context)
    case .orderAdvance:
      advance(order)
    case .orderRecord:
      record(order, context: context)
    case .orderReviseScheme:
      reviseScheme(order)
    case .orderAppointment:
      confirmAppointment(order)
    case .orderSuspend, .orderResume:
      suspendOrResume(order, text: invocation.argument)
    default:
      return .ignored
    }
    return .handled
  }

  public func cursor(context: ScreenContext) -> Position? { dialog == nil ? nil : caret }

  // MARK: Running commands

  /// Runs a command through the engine; the refusal's message, or nil when it was recorded.
  @discardableResult
  func run(_ body: any CommandBody) -> Localized? {
    do {
      try engine.execute(Command(body))
      return nil
    } catch {
      return error.message
    }
  }

  /// Runs a command from the screen itself (no dialog): a refusal goes to the notice line.
  func runShowing(_ body: any CommandBody, done: Localized) {
    if let refusal = run(body) {
      notice = (refusal, .error)
    } else {
      notice = (done, .ok)
    }
  }

  func open(_ dialog: any Dialog) {
    self.dialog = dialog
  }

  // MARK: Moving

  private func move(_ key: Key, order: Order, context: ScreenContext) {
    switch pane {
    case .plan:
      movePlan(key, lines: lowerLines(order, lang: context.lang))
    case .timeline:
      let count = order.timeline.count
      let page = max(1, context.height - 6)
      var top = timelineTop ?? max(0, count - page)
      switch key {
      case .up, .character("k"): top -= 1
      case .down, .character("j"): top += 1
      case .pageUp: top -= page
      case .pageDown: top += page
      case .home: top = 0
      case .end: top = count
      default: break
      }
      top = max(0, min(top, count - page))
      timelineTop = top >= count - page ? nil : top
    }
  }
}

extension OrderFileScreen {
  /// Moves over the lower pane: Up and Down go to the previous or next selectable line when it is in
  /// view or just beyond, and otherwise scroll one line; PgUp, PgDn, Home and End scroll by pages and pick
  /// the nearest selectable line in view. A selectable line scrolled out of view is no longer selected.
  func movePlan(_ key: Key, lines: [OrderLine]) {
    let selectable = lines.indices.filter { lines[$0].isSelectable }
    let rows = max(1, lowerRows)
    let maxTop = max(0, lines.count - rows)
    lowerTop = max(0, min(lowerTop, maxTop))
    let current: Int? = selectable.isEmpty ? nil : selectable[min(selectedIndex, selectable.count - 1)]
    func inView(_ line: Int) -> Bool { line >= lowerTop && line < lowerTop + rows }
    func select(_ line: Int) {
      selectedIndex = selectable.firstIndex(of: line) ?? selectedIndex
      if line < lowerTop { lowerTop = line }
      if line >= lowerTop + rows { lowerTop = line - rows + 1 }
    }
    let shown = current.map(inView) ?? false
    switch key {
    case .down, .character("j"):
      let anchor = shown ? current! : lowerTop - 1
      if let next = selectable.first(where: { $0 > anchor }), next <= lowerTop + rows {
        select(next)
      } else {
        lowerTop = min(maxTop, lowerTop + 1)
      }
    case .up, .character("k"):
      let anchor = shown ? current! : lowerTop + rows
      if let previous = selectable.last(where: { $0 < anchor }), previous >= lowerTop - 1 {
        select(previous)
      } else {
        lowerTop = max(0, lowerTop - 1)
      }
    case .pageDown, .end:
      lowerTop = key == .end ? maxTop : min(maxTop, lowerTop + rows)
      if key == .end || !(current.map(inView) ?? false), let line = selectable.last(where: inView) { select(line) }
    case .pageUp, .home:
      lowerTop = key == .home ? 0 : max(0, lowerTop - rows)
      if key == .home || !(current.map(inView) ?? false), let line = selectable.first(where: inView) { select(line) }
    default:
      break
    }
  }

  /// Whether the selected line of the lower pane is in view (an action applies only to what is shown).
  func selectionInView(_ lines: [OrderLine]) -> Bool {
    let selectable = lines.indices.filter { lines[$0].isSelectable }
    guard !selectable.isEmpty else { return false }
    let line = selectable[min(selectedIndex, selectable.count - 1)]
    return line >= lowerTop && line < lowerTop + max(1, lowerRows)
  }
}

extension CommandID {
  // The order file (branch orders).
  public static let orderTick: CommandID = "tick"
  public static let orderNotApplicable: CommandID = "not-applicable"
  public static let orderAssign: CommandID = "assign"
  public static let orderAdvance: CommandID = "advance"
  public static let orderRecord: CommandID = "record"
  /// Revises the scheme after the customer rejected it: a new version for the next round.
  public static let orderReviseScheme: CommandID = "revise-scheme"
  public static let orderSuspend: CommandID = "suspend"
  public static let orderResume: CommandID = "resume"
  /// Confirms (or moves) the customer's appointment (guide ch. 2.1: within 3 working days of receipt).
  public static let orderAppointment: CommandID = "appointment"
  public static let orderTimeline: CommandID = "timeline"
}
