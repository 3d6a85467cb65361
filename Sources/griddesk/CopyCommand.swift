import ArgumentParser
import Domain
import Foundation
import PostgresStore
import Store

/// `griddesk copy --store SRC --to DEST [--hall NAME]`: moves a hall between a directory and PostgreSQL,
/// either way; both verify to the same head.
struct Copy: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "copy",
    abstract: "Copy a hall between a directory and PostgreSQL (either way); both verify to the same head. 复制营业厅数据。",
    discussion: """
      --hall names the hall on the PostgreSQL side (both sides when both are PostgreSQL). The destination must
      be empty (a new directory, or a hall without records); it is created when missing.
      --hall 指 PostgreSQL 一侧的营业厅; 目标必须为空。
      """)

  @OptionGroup var global: GlobalOptions

  @Option(name: .long, help: "Destination: a new directory, or postgresql://USER@HOST:PORT/DB. 目标。")
  var to: String

  func run() throws {
    let lang = global.language
    do {
      let source = try StoreOpening.open(global.storePath, hall: global.hallName, readOnly: true)
      if let damage = source.integrityDamage() { throw Session.damaged(damage, lang: lang) }
      let destination = try StoreOpening.open(
        to, hall: global.hallName, readOnly: false, create: true, demo: source.manifest.demo)
      let head = try StoreCopy.copy(from: source, to: destination)
      let check = source.verify(since: head)
      guard check.ok, check.head == head else {
        throw CLIFailure(
          message: Localized("源存储库在复制后校验不符", "The source does not verify to the copied head"), lang: lang)
      }
      print(
        Localized(
          "已复制并校验: \(source.location) → \(destination.location), 两边日志头均为 \(head)",
          "Copied and verified: \(source.location) → \(destination.location); both verify to head \(head)"
        ).text(lang))
    } catch let error as StoreError {
      throw CLIFailure(message: Localized(error.zh, error.en), lang: lang)
    }
  }
}

/// Opens a store by its location (a directory, or a PostgreSQL address with a hall), without an engine.
enum StoreOpening {
  static func open(
    _ location: String, hall: String, readOnly: Bool, create: Bool = false, demo: Bool = false
  ) throws -> any EventLog {
    if PostgresAddress.isAddress(location) {
      return try PostgresLog.open(
        PostgresAddress(url: location, hall: hall), createIfMissing: create, demo: demo, readOnly: readOnly)
    }
    return try LogStore.open(directory: location, createIfMissing: create, demo: demo, readOnly: readOnly)
  }
}
