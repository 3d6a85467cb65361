import Domain
import Engine
import Foundation
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
  /// Opens the store (creating it on first use) and the engine over it, as this OS account.
  /// The first account to open a new store becomes its admin.
  static func open(
    _ global: GlobalOptions, readOnly: Bool = false, createIfMissing: Bool = true, demo: Bool = false,
    actingAs: String? = nil
  ) throws -> Engine {
    let lang = global.language
    let readOnly = readOnly || global.readOnly
    let store: LogStore
    do {
      store = try LogStore.open(
        directory: global.storePath, createIfMissing: createIfMissing, demo: demo, readOnly: readOnly)
    } catch let error as StoreError {
      throw CLIFailure(message: Localized(error.zh, error.en), lang: lang)
    }
    let account = OSAccount.current()
    if let actingAs, actingAs != account.login, !store.manifest.demo {
      throw CLIFailure(
        message: Localized(
          "只有演示库才能以其他员工身份打开 (--as); 身份来自操作系统账号",
          "Only a demo store can be opened as another staff member (--as); identity is the OS account"),
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
    if !readOnly && actingAs == nil {
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
