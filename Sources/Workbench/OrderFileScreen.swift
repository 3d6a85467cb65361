import Domain
import Engine
import Foundation

/// The order file (工单详情): header, stage plan, current checklist, timeline and the stage's actions.
public final class OrderFileScreen: Screen {
  public let engine: Engine
  public let number: String

  public init(engine: Engine, number: String) {
    self.engine = engine
    self.number = number
  }

  public var title: Localized { Localized("工单 \(number)", "Order \(number)") }
  public var commands: [CommandID] { [] }

  public func render(into canvas: inout Canvas, context: ScreenContext) {
    canvas.write(number, x: 1, y: 0)
  }
}
