import Domain

/// The commands that open the main screens (F2–F9), named once so every screen's key bar agrees.
/// Register one with `App.registerMainScreen(_:make:)` when its screen exists; until then it stays out
/// of the key bar and the help.
public enum MainScreens {
  public static let queue = spec("queue", 2, Localized("队列", "Queue"), Localized("工单队列 (首屏)", "The work queue (home)"))
  public static let intake = spec("intake", 3, Localized("受理", "Intake"), Localized("受理新的工单", "Receive a new order"))
  public static let customers = spec(
    "customers", 4, Localized("客户", "Customers"), Localized("查找客户档案", "Find a customer file"))
  public static let checklist = spec(
    "checklist", 5, Localized("检查", "Checklist"), Localized("今日班前检查", "Today's readiness checklist"))
  public static let dashboard = spec(
    "dashboard", 6, Localized("监控", "Dashboard"), Localized("在办、预警与考核指标", "Load, warnings and KPIs"))
  public static let risk = spec("risk", 7, Localized("风险", "Risk"), Localized("风险登记与预警", "Risk register and warnings"))
  public static let audit = spec(
    "audit", 8, Localized("稽查", "Audit"), Localized("合规检查与稽查", "Compliance checks and audits"))
  public static let standard = spec(
    "standard", 9, Localized("标准", "Standard"), Localized("流程标准与版本", "Process standard and its versions"))

  public static let all = [queue, intake, customers, checklist, dashboard, risk, audit, standard]

  private static func spec(_ id: String, _ key: Int, _ title: Localized, _ help: Localized) -> CommandSpec {
    CommandSpec(id: CommandID(id), title: title, help: help, keys: [.function(key)])
  }
}
