import ArgumentParser
import Domain
import Engine
import Foundation

/// `griddesk demo`: fills a demo store with a believable service hall.
struct Demo: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Fill a demo store with a believable service hall. 生成演示营业厅数据。",
    discussion: "Creates the store as a demo store when it does not exist; refuses a real store.")

  @OptionGroup var global: GlobalOptions
  // `.unconditional` takes "-1" as the value (then refused by `validate` with what is wrong), not as
  // an unknown option.
  @Option(parsing: .unconditional, help: "How many orders to receive (0–1,000,000).") var orders = 120
  @Option(help: "Random seed: the same seed and clock give the same hall.") var seed: UInt64 = 1
  @Option(help: "The demo's 'now' (ISO 8601, e.g. 2026-11-29T14:05:00+08:00); default: the clock.")
  var now: String?

  func validate() throws {
    guard (0...1_000_000).contains(orders) else {
      throw global.usageError(
        "--orders 是工单数量, 应为 0 到 1000000 之间的整数 (现在是 \(orders))",
        "--orders is the number of orders: a whole number from 0 to 1,000,000 (got \(orders))")
    }
    if let now, Demo.parseDate(now) == nil {
      throw global.usageError(
        "--now 时间格式应为 ISO 8601, 如 2026-11-29T14:05:00+08:00 (现在是「\(now)」)",
        "--now must be ISO 8601, e.g. 2026-11-29T14:05:00+08:00 (got \"\(now)\")")
    }
  }

  static func parseDate(_ text: String) -> Date? {
    let f = ISO8601DateFormatter()
    if let d = f.date(from: text) { return d }
    f.formatOptions = [.withFullDate]
    return f.date(from: text)
  }

  func run() throws {
    let lang = global.language
    let engine = try Session.open(global, demo: true)
    guard engine.isDemo else {
      throw CLIFailure(
        message: Localized(
          "\(global.storeDisplay) 不是演示库, 不能写入演示数据; 请用 --store 指定另一个目录",
          "\(global.storeDisplay) is not a demo store; use --store to name another directory"),
        lang: lang)
    }
    let clock = now.flatMap(Demo.parseDate) ?? Date()
    let count: Int
    var hall = DemoHall(orders: orders, seed: seed, now: clock)
    // On a terminal, a progress line (a large hall takes a while); nothing when redirected.
    if isatty(STDERR_FILENO) == 1 {
      let label = lang == .zh ? "生成工单" : "orders"
      hall.progress = { done, total in
        guard done == total || done % 100 == 0 else { return }
        FileHandle.standardError.write(Data("\r\(label) \(done)/\(total)\(done == total ? "\n" : "")".utf8))
      }
    }
    do {
      count = try hall.populate(engine)
    } catch {
      throw CLIFailure(message: error.message, lang: lang)
    }
    // Only a speed-up for the next open: a failure changes nothing the hall holds.
    try? engine.writeSnapshot()
    print(
      Localized(
        "演示数据已生成: 新增 \(count) 张工单, 库中共 \(engine.state.orders.count) 张, 链头 \(engine.store.head)",
        "Demo hall ready: \(count) orders added, \(engine.state.orders.count) in the store; head \(engine.store.head)"
      ).text(lang))
    print(Localized("个人信息密钥: \(engine.keyFile)", "Personal-data key: \(engine.keyFile)").text(lang))
  }
}
