import Domain
import Engine
import Foundation
import Store
import Testing

@testable import Workbench

/// A newer GridDesk writes to the store while the workbench is open: the status bar says so on every
/// screen, in the chosen language, and changes are refused with the whole message.
@Suite struct StoreWarningTests {
  @Test(arguments: [Lang.zh, .en]) func aNewerRecordShowsInTheStatusBarForGood(_ lang: Lang) throws {
    let demo = try DemoStore(orders: 5)
    let engine = demo.engine
    let (app, _) = demo.app(lang)
    // As `griddesk` wires it: every tick follows the store.
    app.onTick = { app.followStore(engine) }
    app.followStore(engine)
    let warning = App.upgradeWarning.text(lang)
    #expect(app.storeWarning == nil)
    #expect(!app.lines()[0].contains(warning))

    let other = try LogStore.open(directory: demo.directory)
    let newer = try other.append([
      PendingRecord(
        time: DemoStore.now, actor: StoreActor(login: "zhaomin", uid: 1000, tty: "", sshClient: ""),
        type: "meter-swapped", payload: [0x08, 0x01])
    ])
    app.handle(.tick)
    let message = try #require(engine.stopMessage)
    #expect(engine.unreadable?.seq == newer.first?.seq)
    #expect(app.storeWarning == App.upgradeWarning)
    let canvas = app.render(width: 80, height: 24)
    let lines = canvas.lines()
    #expect(lines[0].contains(warning))
    // In the error style, where it starts.
    let column = try #require(Self.column(of: warning, in: lines[0]))
    #expect(canvas[column, 0].style == .error)
    // The whole message once, on the message line and wrapped upwards above it where it is longer.
    let start = try #require(lines.firstIndex { $0.contains(String(message.text(lang).prefix(20))) })
    let pane = lines[start...].map { String($0.dropFirst()) }.joined(separator: lang == .zh ? "" : " ")
    #expect(pane.replacingOccurrences(of: "  ", with: " ").contains(message.text(lang)), "\(pane)")

    // It stays after a key and on another screen; the message line goes back to the keys.
    app.handle(.tick)
    app.handle(.down)
    app.push(FixedScreen())
    let later = app.lines()
    #expect(later[0].contains(warning))
    #expect(!later[23].contains(String(message.text(lang).prefix(20))))

    // A change is refused with the whole message, not the generic read-only one.
    let outcome = Desk.run(
      engine, readOnly: false, RegisterStaff(login: "x", name: "X", roles: [.clerk], team: ""), done: message)
    guard case .message(let text, .error) = outcome else {
      Issue.record("expected a refusal, got \(outcome)")
      return
    }
    #expect(text == message)
  }

  @Test func nothingShowsWhileTheEngineFollowsTheStore() throws {
    let demo = try DemoStore(orders: 5)
    let (app, _) = demo.app(.en)
    let other = try demo.otherEngine()
    try other.execute(Command(SendNotice(to: DemoHall.clerk, text: "请核对")))
    app.followStore(demo.engine)
    #expect(app.storeWarning == nil)
    #expect(demo.engine.state.seq == other.state.seq)
    #expect(app.storeHead == demo.engine.store.head.description)
  }

  /// The display column where `text` starts in `line` (wide characters take two).
  static func column(of text: String, in line: String) -> Int? {
    guard let range = line.range(of: text) else { return nil }
    return String(line[..<range.lowerBound]).displayWidth
  }
}

/// A plain screen to stand on top of the queue.
private final class FixedScreen: Screen {
  var title: Localized { Localized("空白", "Blank") }
  var commands: [CommandID] { [] }
  func render(into canvas: inout Canvas, context: ScreenContext) {}
}
