import Domain
import Engine
import Foundation
import Testing
import Workbench

/// Random keys into the queue and the order file over demo data: nothing crashes, every frame keeps
/// the wide-character invariant, and the projections stay consistent.
@Suite struct OrderFileFuzzTests {
  /// SplitMix64: a fixed seed gives the same key sequence on every run.
  struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  }

  static let keys: [Key] =
    "abcjkqrsx019 /:?张王新装？：、／２"
    .map { Key.character($0) }
    + [
      .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .enter, .enter, .escape, .tab, .backTab,
      .backspace, .delete, .control("t"), .control("r"), .control("u"), .tick,
    ] + (1...12).map { Key.function($0) }

  @Test(arguments: [UInt64(1), 2, 3])
  func randomKeys(seed: UInt64) throws {
    let demo = try DemoStore(login: DemoHall.supervisor)
    let (app, _) = demo.app(seed == 2 ? .en : .zh)
    var random = Random(state: seed)
    var size = (width: 80, height: 24)
    var framesOnOrderFile = 0
    for step in 0..<1500 {
      let roll = random.below(100)
      if roll < 3 {
        size = (40 + random.below(120), 10 + random.below(45))
        app.handle(.resize(width: size.width, height: size.height))
      } else if roll < 6 {
        // An input method commits several characters at once.
        app.type("张三丰")
      } else {
        app.handle(Self.keys[random.below(Self.keys.count)])
      }
      if app.top is OrderFileScreen { framesOnOrderFile += 1 }
      let canvas = app.render(width: size.width, height: size.height)
      #expect(canvas.checkInvariants(), "frame \(step) breaks the wide-character invariant")
      if let cursor = app.cursor {
        #expect(cursor.x >= 0 && cursor.x <= size.width && cursor.y >= 0 && cursor.y < size.height)
      }
    }
    demo.engine.state.checkInvariants()
    #expect(app.stack.count >= 1)
    #expect(framesOnOrderFile > 100, "the keys should reach the order file")
  }
}
