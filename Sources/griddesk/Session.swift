import Domain
import Engine
import Foundation
import PostgresStore
import Store

#if canImport(Glibc)
  import Glibc
#endif

/// The operating-system account running this process (real uid), which is the user's identity.
struct OSAccount {
  var login: String
  var fullName: String

  static func current() -> OSAccount {
    guard let pw = getpwuid(getuid()) else {
      let uid = String(getuid())
      return OSAccount(login: "uid\(uid)", fullName: "uid\(uid)")
    }
    let login = String(cString: pw.pointee.pw_name)
    let gecos = pw.pointee.pw_gecos.map { String(cString: $0) } ?? ""
    let name = gecos.split(separator: ",", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    return OSAccount(login: login, fullName: name.isEmpty ? login : name)
  }
}

/// A message for the person at the terminal, in the chosen language, on standard error.
struct CLIFailure: Error, CustomStringConvertible {
  var message: Localized
  var lang: Lang
  var description: String { message.text(lang) }
}

enum Session {
  /// Opens an existing store read-only to show `area`: refused, saying whom to ask, when this account
  /// may not see it as far as `needs` (Domain's visibility rule: an account that is not registered
  /// staff sees nothing; a clerk sees their own KPIs, not the hall's).
  static func open(_ global: GlobalOptions, reading area: Area, needs: Sight = .all) throws -> Engine {
    let engine = try openForReading(global)
    if let refusal = engine.state.sightRefusal(area, for: engine.login, needs: needs) {
      throw CLIFailure(message: refusal.message, lang: global.language)
    }
    return engine
  }

  /// Opens the store read-only for a command that prints a whole result (export, queue, report): on a
  /// damaged store it says so, and what to do, instead of printing a result cut short at the damage.
  static func openForReading(_ global: GlobalOptions) throws -> Engine {
    let engine = try open(global, readOnly: true, createIfMissing: false)
    if let damage = engine.store.integrityDamage() { throw damaged(damage, lang: global.language) }
    return engine
  }

  /// The message for a result that cannot be given whole because the log is damaged.
  static func damaged(_ damage: Damage, lang: Lang) -> CLIFailure {
    let error = damage.error
    return CLIFailure(
      message: Localized(
        "\(error.zh) 结果将不完整, 因此未输出。", "\(error.en) The result would be incomplete, so nothing was printed."),
      lang: lang)
  }

  /// The workbench's line for a damaged store: which file, where, and what to do.
  static func damageLine(_ damage: Damage) -> Localized {
    if damage.offset < 0 {
      // A hall in PostgreSQL: the record, not a file and byte.
      return Localized(
        "只读: 数据日志第 \(damage.expectedSeq) 号记录已被改动或缺失 (\(damage.segment)), 不能记录; 请管理员运行 griddesk verify",
        "Read-only: record \(damage.expectedSeq) of the log was changed or is missing (\(damage.segment)); nothing "
          + "can be recorded. Ask the administrator to run griddesk verify")
    }
    let file = "log/" + (damage.segment as NSString).lastPathComponent
    return Localized(
      "只读: 数据日志在 \(file) 第 \(damage.offset) 字节处损坏, 不能记录; 请管理员备份数据目录后运行 griddesk verify 与 griddesk repair",
      "Read-only: the log is damaged in \(file) at byte \(damage.offset); nothing can be recorded. "
        + "Ask the administrator to back up the store, then run griddesk verify and griddesk repair")
  }

  /// Opens the store (creating it on first use) and the engine over it, as this OS account.
  /// The first account to open a new store becomes its admin (unless `bootstrap` is false: `init` does it
  /// itself, to tell which of several processes made the store). A store holding records of a newer
  /// GridDesk is refused with the message to upgrade, unless `stopped` allows it (the workbench shows what
  /// came before, read-only).
  static func open(
    _ global: GlobalOptions, readOnly: Bool = false, createIfMissing: Bool = true, demo: Bool = false,
    actingAs: String? = nil, bootstrap: Bool = true, stopped: Bool = false
  ) throws -> Engine {
    let lang = global.language
    let readOnly = readOnly || global.readOnly
    let store: any EventLog
    var account = OSAccount.current()
    do {
      if let address = global.postgres {
        let log = try PostgresLog.open(address, createIfMissing: createIfMissing, demo: demo, readOnly: readOnly)
        // Identity comes from the database: the session user is the staff login.
        if log.login != account.login { account = OSAccount(login: log.login, fullName: log.login) }
        try? FileManager.default.createDirectory(
          atPath: (log.keyFileBase as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
          attributes: [.posixPermissions: 0o700])  // where the key is looked for; writing it says if this failed
        store = log
      } else {
        store = try LogStore.open(
          directory: global.storePath, createIfMissing: createIfMissing, demo: demo, readOnly: readOnly)
      }
    } catch let error as StoreError {
      throw CLIFailure(message: Localized(error.zh, error.en), lang: lang)
    }
    if let actingAs, actingAs != account.login, !store.manifest.demo {
      throw CLIFailure(
        message: Localized(
          "只有演示库才能以其他员工身份打开 (--as); 身份来自操作系统账号 (PostgreSQL 存储: 数据库登录名)",
          "Only a demo store can be opened as another staff member (--as); identity is the OS account (for a "
            + "PostgreSQL store, the database login)"),
        lang: lang)
    }
    let engine: Engine
    do {
      engine = try Engine(store: store, login: actingAs ?? account.login)
    } catch let error as StoreError {
      throw CLIFailure(message: Localized(error.zh, error.en), lang: lang)
    } catch let error as DomainError {
      throw CLIFailure(message: error.message, lang: lang)
    }
    if let stop = engine.stopMessage, !stopped {
      throw CLIFailure(message: stop, lang: lang)
    }
    if !readOnly && actingAs == nil && bootstrap {
      do {
        try engine.bootstrapIfNew(name: account.fullName, sealPersonalData: true)
      } catch {
        throw CLIFailure(message: error.message, lang: lang)
      }
    }
    if let problem = engine.keyProblem {
      // Personal data shows as sealed and nothing can be recorded: say why, and where the key is looked for.
      FileHandle.standardError.write(Data((Localized(problem.zh, problem.en).text(lang) + "\n").utf8))
    }
    return engine
  }
}
