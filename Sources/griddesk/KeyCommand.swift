import ArgumentParser
import Domain
import Engine
import Foundation

/// `griddesk key`: the personal-data key (docs/operations.md, "The personal-data key").
struct KeyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "key", abstract: "The personal-data key. 个人信息密钥。", subcommands: [Status.self, Rotate.self])

  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "status", abstract: "Where the key is looked for, and whether it opens the store. 密钥位置与状态。")
    @OptionGroup var global: GlobalOptions

    func run() throws {
      let lang = global.language
      let engine = try Session.open(global, readOnly: true, createIfMissing: false)
      let versions = engine.state.keyVersions.map { "v\($0.version) \($0.fingerprint)" }.joined(separator: ", ")
      print(Localized("密钥文件: \(engine.keyFile)", "Key file: \(engine.keyFile)").text(lang))
      if engine.state.keyVersions.isEmpty {
        print(
          Localized(
            "本库的个人信息未加密 (旧版写入); 管理员运行 griddesk key rotate 即开始加密新记录",
            "This store's personal data is not sealed (written by an older version); an admin's griddesk key rotate "
              + "starts sealing new records"
          ).text(lang))
        return
      }
      print(Localized("日志记录的密钥版本: \(versions)", "Key versions in the log: \(versions)").text(lang))
      // The problem itself was written to standard error when the store was opened.
      if engine.keyProblem != nil { throw ExitCode(1) }
      print(Localized("密钥完好, 可以读写个人信息", "The key is in order: personal data opens and is sealed").text(lang))
    }
  }

  struct Rotate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rotate",
      abstract: "Add a new key version for new records (admins; creates the key on an older store). 轮换密钥。")
    @OptionGroup var global: GlobalOptions

    func run() throws {
      let lang = global.language
      let engine = try Session.open(global, createIfMissing: false)
      let version: Int
      do {
        version = try engine.rotateKey()
      } catch {
        throw CLIFailure(message: error.message, lang: lang)
      }
      print(
        Localized(
          "已启用第 \(version) 版密钥 (\(engine.keyFile)); 旧版本仍保留以读取旧记录。请立即备份密钥文件, 并与数据备份分开存放",
          "Key version \(version) is in use (\(engine.keyFile)); older versions are kept to read older records. Back "
            + "the key file up now, apart from the store's backups"
        ).text(lang))
    }
  }
}
