import Domain
import Foundation
import Workbench

/// Shared test data: a fixed clock, a session, and the queue rows of the sketch in SCREENS.md.
enum Fixtures {
  /// 2026-11-29 14:05 (shown with `timeZone`).
  static let now = Date(timeIntervalSince1970: 1_795_961_100)
  static let timeZone = TimeZone(identifier: "UTC")!

  static func session(_ lang: Lang = .zh, ssh: Bool = false, registered: Bool = true) -> SessionInfo {
    SessionInfo(
      userName: registered ? "王丽" : nil, roleTitle: registered ? Role.clerk.title : nil,
      site: Localized("城东营业厅", "Chengdong hall"), storePath: "/srv/griddesk", isSSH: ssh, lang: lang)
  }

  static let rows: [QueueRow] = [
    QueueRow(
      orderID: "GD261129-0007", customer: "张*明", businessType: "新装 低压", stageName: "勘查", handler: "李强",
      stageDue: "超期 1天", processDue: "剩 3工作日", stageState: .overdue, tab: .survey),
    QueueRow(
      orderID: "GD261128-0031", customer: "城东*贸", businessType: "增容 10kV", stageName: "方案", handler: "陈芳",
      stageDue: "剩 4小时", processDue: "剩 9工作日", stageState: .warning, tab: .scheme),
    QueueRow(
      orderID: "GD261129-0012", customer: "刘*", businessType: "故障报修", stageName: "执行", handler: "赵军",
      stageDue: "剩 38分钟", processDue: "剩 38分钟", stageState: .warning, processState: .warning, tab: .execute),
    QueueRow(
      orderID: "GD261127-0004", customer: "王*华", businessType: "投诉", stageName: "反馈", handler: "王丽",
      stageDue: "剩 1工作日", processDue: "剩 2工作日", tab: .feedback, isMine: true),
    QueueRow(
      orderID: "GD261129-0015", customer: "孙*", businessType: "过户", stageName: "受理", handler: "王丽",
      stageDue: "剩 3工作日", processDue: "剩 5工作日", tab: .intake, isMine: true),
    QueueRow(
      orderID: "GD261126-0022", customer: "华*电子", businessType: "新装 10kV", stageName: "确认", handler: "陈芳",
      stageDue: "挂起", processDue: "挂起", stageState: .suspended, processState: .suspended, tab: .confirm),
    QueueRow(
      orderID: "GD261129-0018", customer: "周*芳", businessType: "暂停", stageName: "受理", handler: "王丽",
      stageDue: "剩 3工作日", processDue: "剩 5工作日", tab: .intake, isMine: true),
    QueueRow(
      orderID: "GD261125-0009", customer: "吴*", businessType: "更名", stageName: "回访", handler: "李强",
      stageDue: "剩 1工作日", processDue: "剩 1工作日", tab: .followUp),
  ]

  /// An app on the queue with `rows`, F2 registered, the clock fixed.
  static func app(_ lang: Lang = .zh, rows: [QueueRow] = rows, ssh: Bool = false) -> App {
    let queue = QueueScreen(source: { rows })
    let app = App(
      session: session(lang, ssh: ssh), root: queue, timeZone: timeZone, clock: { now })
    app.registerRoot(MainScreens.queue)
    return app
  }

  /// Many rows, to page through.
  static func manyRows(_ count: Int) -> [QueueRow] {
    (0..<count).map { i in
      var row = rows[i % rows.count]
      row.orderID = "GD2611\(String(format: "%02d", 1 + i / 100))-\(String(format: "%04d", i))"
      return row
    }
  }
}
