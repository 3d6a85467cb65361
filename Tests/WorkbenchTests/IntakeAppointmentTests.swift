import Domain
import Engine
import Foundation
import Store
import Testing

@testable import Workbench

/// An appointment text that cannot be read is refused at its field; it never becomes "no appointment".
@Suite struct IntakeAppointmentTests {
  typealias F = ClerkFixture

  final class Clock: @unchecked Sendable {
    // Only the test's own thread reads and moves it.
    var now: Date
    init(_ now: Date) { self.now = now }
  }

  @Test func anUnreadableAppointmentIsRefusedAtItsField() throws {
    let hall = try F.engine()
    // 1 February 2028 (a leap year): "02-29" is a date when the form is filled in …
    let clock = Clock(Day(2028, 2, 1).start.addingTimeInterval(10 * 3600))
    let engine = try Engine(store: hall.store, login: DemoHall.clerk, clock: { clock.now })
    let customer = engine.state.customers.values.sorted { $0.account < $1.account }[0]
    let app = F.app(engine)
    app.handle(.function(3))
    F.type(customer.account, app)
    app.handle(.enter)
    F.type("增容", app)
    app.handle(.tab)
    app.handle(.tab)
    F.type("客户申请增加容量", app)
    app.handle(.tab)
    F.type("02-29 09:30", app)
    // … and not once the year has turned (2029 has no 29 February) before F9 is pressed.
    clock.now = Day(2029, 1, 10).start.addingTimeInterval(10 * 3600)
    let orders = engine.state.orders.count
    app.handle(.function(9))
    #expect(engine.state.orders.count == orders, "the order was received without its appointment")
    let intake = try #require(app.top as? IntakeScreen)
    #expect(intake.form?.error(IntakeScreen.appointmentField) != nil)
    #expect(app.render(width: 80, height: 24).lines()[23].contains("日期无效"))
  }
}
