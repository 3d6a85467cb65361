import Domain
import Engine
import Foundation
import Testing
import Workbench

/// Thousands of random keys — wide characters, full-width punctuation and digits as an input method
/// sends them, function keys, editing keys, resizes — into each clerk screen: nothing may crash, and
/// every frame keeps the wide-character invariant.
@Suite struct IntakeFuzzTests {
  typealias F = ClerkFixture

  static let characters: [Character] = Array("张三丰李四城东区文三路号？：、／１２３４５６７８９０ＸabcXyz0123456789 -:/.*#")
  static let special: [Key] = [
    .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .escape, .tab, .backTab, .backspace,
    .delete, .insert, .control("s"), .control("u"), .control("k"), .control("a"), .control("e"), .tick,
  ]
  static let sizes: [(Int, Int)] = [(80, 24), (120, 40), (100, 30), (60, 20), (81, 25), (200, 60)]

  static func randomKey(_ rng: inout DemoRandom) -> Key {
    switch Int.random(in: 0..<100, using: &rng) {
    case 0..<55: return .character(characters.randomElement(using: &rng)!)
    case 55..<88: return special.randomElement(using: &rng)!
    case 88..<96:
      // F1–F12, except F10 (quit) most of the time.
      let n = Int.random(in: 1...12, using: &rng)
      return .function(n == 10 ? 9 : n)
    default:
      let size = sizes.randomElement(using: &rng)!
      return .resize(width: size.0, height: size.1)
    }
  }

  /// Feeds `count` keys to the screen opened by `function`, reopening it whenever a key led away.
  static func fuzz(function: Int, seed: UInt64, count: Int = 3000) throws {
    let engine = try F.engine(orders: 10)
    let app = F.app(engine)
    var rng = DemoRandom(seed: seed)
    var size = (80, 24)
    app.handle(.function(function))
    for i in 0..<count {
      let key = randomKey(&rng)
      if case .resize(let w, let h) = key { size = (w, h) }
      app.handle(key)
      let canvas = app.render(width: size.0, height: size.1)
      #expect(canvas.checkInvariants(), "invariant broken after key \(i) \(key)")
      if let cursor = app.cursor {
        #expect(cursor.x >= 0 && cursor.x <= size.0 && cursor.y >= 0 && cursor.y < size.1, "cursor \(cursor)")
      }
      if app.stack.count == 1 || i % 200 == 0 { app.handle(.function(function)) }
    }
  }

  @Test(arguments: [3, 4, 5]) func randomKeysNeverCrash(function: Int) throws {
    try Self.fuzz(function: function, seed: UInt64(function) * 7919)
  }

  @Test func randomKeysIntoAFormAtEachStep() throws {
    // Straight into the intake's new-customer form and a known customer's order form.
    let engine = try F.engine(orders: 10)
    let app = F.app(engine)
    var rng = DemoRandom(seed: 42)
    for round in 0..<6 {
      app.handle(.function(3))
      if round % 2 == 0 {
        app.handle(.function(7))
      } else {
        F.type("3100", app)
        app.handle(.enter)
      }
      for _ in 0..<500 {
        let key = Self.randomKey(&rng)
        app.handle(key)
        #expect(app.render(width: 80, height: 24).checkInvariants())
      }
    }
  }
}
