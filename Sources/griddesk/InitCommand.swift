import ArgumentParser
import Domain
import Engine
import Foundation

/// `griddesk init [--demo]`: creates a store; the account that runs it becomes the admin.
struct Init: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create a store (the first account becomes admin). 新建存储库 (首个账号为管理员)。")

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Make a demo store: accepts clock overrides and acting as other staff (never for real work).")
  var demo = false

  func run() throws {
    let lang = global.language
    let already = CLIFailure(
      message: Localized(
        "\(global.storeDisplay) 已有存储库, 未作改动", "\(global.storeDisplay) already holds a store; nothing changed"),
      lang: lang)
    // A directory without a manifest is no store (an init that failed half-way left it): made again.
    if global.postgres == nil, FileManager.default.fileExists(atPath: global.storePath + "/manifest.json") {
      throw already
    }
    let engine = try Session.open(global, demo: demo, bootstrap: false)
    // Several at once: the store is created once, and only one first record (its admin) can be written;
    // the others are told that the store exists, as a later init would be.
    guard engine.store.head.seq == 0 else { throw already }
    let made: Bool
    do {
      made = try engine.bootstrapIfNew(name: OSAccount.current().fullName, sealPersonalData: true)
    } catch .domain(let e) where e.code == .authBootstrapped {
      throw already
    } catch {
      throw CLIFailure(message: error.message, lang: lang)
    }
    guard made else { throw already }
    guard engine.store.head.seq > 0 else { throw CLIFailure(message: EngineError.readOnly.message, lang: lang) }
    print(
      Localized(
        "已创建\(demo ? "演示" : "")存储库 \(global.storeDisplay), 管理员 \(engine.login), 链头 \(engine.store.head)",
        "Created \(demo ? "demo " : "")store \(global.storeDisplay); admin \(engine.login); head \(engine.store.head)"
      ).text(lang))
    print(
      Localized(
        "个人信息密钥: \(engine.keyFile) (仅营业厅用户组可读); 请备份密钥文件, 并与数据备份分开存放: 丢失密钥即无法读取证件号、电话和地址",
        "Personal-data key: \(engine.keyFile) (readable by the hall's group only); back it up apart from the store's "
          + "backups: without it ID numbers, phones and addresses cannot be read"
      ).text(lang))
  }
}

/// `griddesk calendar load FILE`: adds a year of the working-day calendar.
struct CalendarCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calendar", abstract: "Working-day calendar. 工作日历。", subcommands: [Load.self, Show.self])

  struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "load", abstract: "Load a year's calendar file (TOML). 载入年度日历文件。")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The calendar file, e.g. 2027.toml (format: docs/operations.md, Calendars and standards).")
    var file: String

    func run() throws {
      let lang = global.language
      guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
        throw CLIFailure(message: Localized("读不到文件 \(file)", "Cannot read \(file)"), lang: lang)
      }
      let engine = try Session.open(global)
      do {
        try engine.execute(Command(LoadCalendar(toml: text)))
      } catch {
        throw CLIFailure(message: error.message, lang: lang)
      }
      print(Localized("已载入日历 \(file)", "Loaded calendar \(file)").text(lang))
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show", abstract: "List the years loaded and their sources. 列出已载入的年份。")
    @OptionGroup var global: GlobalOptions

    func run() throws {
      let engine = try Session.open(global, reading: .standard)
      let calendar = engine.state.calendar
      for year in calendar.knownYears {
        print("\(year)  \(calendar.years[year]?.notice ?? "")")
      }
    }
  }
}
