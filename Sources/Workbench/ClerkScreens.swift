import Domain
import Engine
import Foundation

/// Registers the clerk's main screens — F3 intake (受理), F4 customers (客户), F5 checklists (检查) —
/// and the commands they add. The integrator calls `registerClerkScreens(app:engine:)` from the
/// executable's wiring.
public enum ClerkScreens {
  /// Registers the screens and their commands on `app`.
  ///
  /// - Parameters:
  ///   - openOrder: opens the order file for an order number, once that screen exists; without it,
  ///     intake returns to the queue with the new number, and the customer file says it is not available.
  public static func registerClerkScreens(
    app: App, engine: Engine, openOrder: ((String) -> (any Screen)?)? = nil
  ) {
    app.commands.registerClerkCommands()
    Visibility.install(app: app, engine: engine)
    let openCustomer: (String) -> any Screen = { account in
      let screen = CustomerFileScreen(engine: engine, account: account)
      screen.openOrder = openOrder
      return screen
    }
    // Intake is a form to receive an order: greyed, with the reason, for whoever may not receive one
    // (an auditor, a field worker) or while nothing can be recorded.
    let intakeRefusal: () -> Localized? = {
      engine.state.permissionRefusal(ReceiveOrder.self, for: engine.login)?.message ?? engine.recordingRefusal
    }
    app.registerMainScreen(MainScreens.intake, area: .intake, refusal: intakeRefusal) { [weak app] in
      let screen = IntakeScreen(engine: engine)
      screen.openCustomer = openCustomer
      screen.onReceived = { number, message in
        if let order = openOrder?(number) {
          app?.show(message, style: .ok)
          return .push(order)
        }
        // Back to the queue, showing the new order, with the number until the next key.
        guard let app else { return .message(message, .ok) }
        app.pop()
        // A tick makes the queue fetch its rows again (whatever the queue screen is).
        app.top.tick(context: app.context())
        app.show(message, style: .ok)
        return .handled
      }
      return screen
    }
    app.registerMainScreen(MainScreens.customers, area: .customers) {
      CustomerSearchScreen(engine: engine, openCustomer: openCustomer)
    }
    app.registerMainScreen(MainScreens.checklist, area: .readiness) {
      ReadinessScreen(engine: engine)
    }
  }
}

extension ClerkScreens {
  /// Opens the readiness checklist (F5) when the user has not recorded today's check yet — call it
  /// once at start-up, after `registerClerkScreens`. Returns whether it opened.
  @discardableResult
  public static func openReadinessIfDue(app: App, engine: Engine) -> Bool {
    guard ReadinessScreen.isDue(engine: engine) else { return false }
    app.run(Invocation(MainScreens.checklist.id))
    return true
  }
}

/// The Domain's visibility rule (`DomainState.sightRefusal`), as the workbench consults it.
enum Visibility {
  /// The area each desk screen shows.
  static let deskAreas: [CommandID: Area] = [
    MainScreens.dashboard.id: .dashboard, MainScreens.risk.id: .risks, MainScreens.audit.id: .audits,
    MainScreens.standard.id: .standard, .deskOversight: .oversight, .deskStaff: .staff, .deskViolations: .violations,
    .deskProblems: .problems, .deskKPIs: .kpis, .deskNotices: .notices, .deskPlans: .plans,
  ]

  /// Makes `app` offer its main screens as far as the engine's account may see them (asked afresh at
  /// each key, so a change of roles on the staff screen applies at once).
  /// Also makes it offer what records only while the engine can record, and marks read-only by choice.
  static func install(app: App, engine: Engine) {
    app.areaRefusal = { area in engine.state.sightRefusal(area, for: engine.login)?.message }
    app.recordingRefusal = { engine.recordingRefusal }
    if engine.isReadOnlyByChoice { app.modeMark = App.readOnlyModeMark }
  }

  /// What the engine's account sees of `area`.
  static func sight(_ area: Area, _ engine: Engine) -> Sight { engine.state.sight(area, for: engine.login) }
}

extension Engine {
  /// Executes `command` as this process's account; returns the refusal instead of throwing (handy in
  /// closures, which cannot declare typed throws).
  func attempt(_ command: Command) -> EngineError? {
    do {
      try execute(command)
      return nil
    } catch {
      return error
    }
  }
}
