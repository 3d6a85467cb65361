import Domain
import Engine
import Foundation

/// Registers the supervisor's desk: F6 dashboard (监控), F7 risk (风险), F8 audit (稽查), F9 standard
/// (标准), and the screens reached from the dashboard (Ctrl-O) or the `:` line: oversight, staff and
/// equipment, violations, problems, KPIs, notices and improvement plans. The integrator calls
/// `registerSupervisorScreens(app:engine:)` from the executable's wiring.
public enum SupervisorScreens {
  /// The desk screens that are not main screens, in menu order.
  static let deskScreenIDs: [CommandID] = [
    .deskOversight, .deskStaff, .deskViolations, .deskProblems, .deskKPIs, .deskNotices, .deskPlans,
  ]

  /// Registers the screens and their commands on `app`.
  ///
  /// - Parameters:
  ///   - readOnly: every change is refused with a message (also when `engine.isReadOnly`).
  ///   - openOrder: opens the order file for an order number, once that screen exists.
  ///   - figuresInBackground: the dashboard works out its figures off the main thread (the workbench);
  ///     tests leave it off so that every frame shows up-to-date figures.
  public static func registerSupervisorScreens(
    app: App, engine: Engine, readOnly: Bool = false, openOrder: ((String) -> (any Screen)?)? = nil,
    figuresInBackground: Bool = false
  ) {
    // The desk's forms are `FormScreen`s: they need the form commands (submit, fields, choices).
    app.commands.registerClerkCommands()
    app.commands.registerDeskCommands()
    Visibility.install(app: app, engine: engine)
    let make = factory(
      engine: engine, readOnly: readOnly, openOrder: openOrder, figuresInBackground: figuresInBackground)
    // Each screen is offered as far as the account may see its area (Domain's `Visibility`).
    for spec in [MainScreens.dashboard, MainScreens.risk, MainScreens.audit, MainScreens.standard] {
      app.registerMainScreen(spec, area: Visibility.deskAreas[spec.id]) { make(spec.id)! }
    }
    // The named screens (no function key) open from anywhere by their `:` name too, e.g. `:staff`.
    for id in [
      CommandID.deskOversight, .deskStaff, .deskProblems, .deskViolations, .deskKPIs, .deskNotices, .deskPlans,
    ] {
      guard let spec = app.commands[id] else { continue }
      app.registerMainScreen(spec, area: Visibility.deskAreas[id]) { make(id)! }
    }
  }

  /// Builds any desk screen by its command id.
  static func factory(
    engine: Engine, readOnly: Bool, openOrder: ((String) -> (any Screen)?)?, figuresInBackground: Bool = false
  ) -> (CommandID) -> (any Screen)? {
    // A function that can refer to itself, so that screens open one another.
    final class Box { var make: ((CommandID) -> (any Screen)?)? }
    let box = Box()
    box.make = { [unowned box] id in
      let open: (CommandID) -> (any Screen)? = { box.make?($0) }
      /// A list screen of the desk, read-only when asked.
      func list(_ screen: DeskListScreen) -> DeskListScreen {
        screen.readOnly = readOnly
        screen.computesInBackground = figuresInBackground
        return screen
      }
      switch id {
      case MainScreens.dashboard.id:
        let screen = DashboardScreen(engine: engine)
        screen.computesInBackground = figuresInBackground
        screen.readOnly = readOnly
        screen.openOrder = openOrder
        screen.openDesk = open
        return screen
      case MainScreens.audit.id:
        let screen = AuditScreen(engine: engine)
        screen.readOnly = readOnly
        screen.openOrder = openOrder
        return screen
      case .deskOversight:
        let screen = OversightScreen(engine: engine)
        screen.readOnly = readOnly
        screen.openOrder = openOrder
        return screen
      case MainScreens.risk.id: return list(RiskScreen(engine: engine))
      case MainScreens.standard.id: return list(StandardScreen(engine: engine))
      case .deskStaff: return list(StaffScreen(engine: engine))
      case .deskViolations: return list(ViolationsScreen(engine: engine))
      case .deskProblems: return list(ProblemsScreen(engine: engine))
      case .deskKPIs: return list(KPIScreen(engine: engine))
      case .deskNotices: return list(NoticesScreen(engine: engine))
      case .deskPlans: return list(PlansScreen(engine: engine))
      default: return nil
      }
    }
    return { box.make?($0) }
  }

  /// The notices screen, for the integrator to open at start-up when `pendingNotices` is not 0.
  public static func noticesScreen(engine: Engine, readOnly: Bool = false) -> any Screen {
    let screen = NoticesScreen(engine: engine)
    screen.readOnly = readOnly
    return screen
  }

  /// The number of supervision notices the user at the keyboard has not acknowledged (the integrator
  /// shows the notices screen at start-up when it is not 0).
  public static func pendingNotices(engine: Engine) -> Int {
    engine.state.supervision.unacknowledged(engine.login).count
  }
}
