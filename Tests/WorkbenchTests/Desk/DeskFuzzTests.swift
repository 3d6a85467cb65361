import Domain
import Engine
import Foundation
import Testing
import Workbench

/// Random keys over the desk screens — letters, wide characters, the full-width ？：、 of an input
/// method, F-keys, Ctrl keys, resizes — must never crash, and every frame keeps the wide-character
/// invariant. Deterministic: the keys come from a seeded generator.
@Suite struct DeskFuzzTests {
  typealias F = DeskFixture

  static let keys: [Key] = [
    .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .escape, .tab, .backTab, .backspace,
    .delete, .insert, .character(" "), .character("j"), .character("k"), .character("q"), .character("中"),
    .character("？"), .character("："), .character("、"), .character("／"), .character("１"), .character("["),
    .character("]"), .character("Ｘ"), .character("7"), .control("r"), .control("u"), .control("g"),
    .control("e"), .control("v"), .control("d"), .control("f"), .control("o"), .control("w"), .control("t"),
    .control("p"), .control("n"), .control("l"), .control("k"), .control("b"),
  ]

  static let sizes: [(Int, Int)] = [(80, 24), (120, 40), (79, 23), (100, 30), (200, 60), (81, 25)]

  @Test(arguments: [6, 7, 8, 9]) func randomKeysNeverCrash(start: Int) throws {
    let engine = try F.engine()
    for lang in Lang.allCases {
      var rng = SplitMix64(seed: UInt64(start * 31 + (lang == .zh ? 0 : 1)))
      let app = F.app(engine, lang: lang)
      app.handle(.function(start))
      var size = (80, 24)
      for step in 0..<400 {
        let roll = Int(rng.next() % 100)
        if roll < 4 {
          size = Self.sizes[Int(rng.next() % UInt64(Self.sizes.count))]
          app.handle(.resize(width: size.0, height: size.1))
        } else if roll < 9 {
          // A main screen (F6–F9) or help; F10 would quit, which ends nothing here but the loop's use.
          app.handle(.function([1, 6, 7, 8, 9, 2][Int(rng.next() % 6)]))
        } else if roll < 11 {
          app.execute(
            ["oversight", "staff", "violations", "problems", "kpis", "notices", "plans"][Int(rng.next() % 7)])
        } else {
          app.handle(Self.keys[Int(rng.next() % UInt64(Self.keys.count))])
        }
        if step % 3 == 0 || roll < 4 {
          let canvas = app.render(width: size.0, height: size.1)
          #expect(canvas.checkInvariants(), "step \(step)")
        }
      }
    }
  }
}
