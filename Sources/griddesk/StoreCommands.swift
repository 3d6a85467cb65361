import ArgumentParser
import Domain
import Foundation
import PostgresStore
import Store

/// Prints `text` in the chosen language.
private func say(_ global: GlobalOptions, _ zh: String, _ en: String, error: Bool = false) {
  let line = global.language == .zh ? zh : en
  if error {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  } else {
    print(line)
  }
}

/// Runs `body`, turning a `StoreError` into its message and a non-zero exit.
private func reportingStoreErrors(_ global: GlobalOptions, _ body: () throws -> Void) throws {
  do {
    try body()
  } catch let error as StoreError {
    say(global, error.zh, error.en, error: true)
    throw ExitCode(2)
  }
}

/// `griddesk verify`: checks every record and the whole chain, prints the head.
struct Verify: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check every record and the hash chain; print the head. 校验全部记录与哈希链，显示日志头。",
    discussion: """
      Exit status: 0 when the log is intact (and extends --since), 1 when damage is found or --since does
      not match, 2 when the store cannot be read.
      退出码：0 完好；1 发现损坏或与 --since 不符；2 无法读取。
      """)

  @OptionGroup var global: GlobalOptions

  @Option(name: .long, help: "An earlier head SEQ:HASH that the log must extend. 须延续的早先日志头。")
  var since: String?

  @Flag(name: .long, help: "Also print the RFC 6962 Merkle tree root over all records. 同时显示默克尔树根。")
  var merkle = false

  func run() throws {
    let directory = global.storePath
    var sinceHead: Head?
    if let since {
      guard let head = Head(parsing: since) else {
        throw global.usageError("--since 应为 序号:哈希 (现在是「\(since)」)", "--since must be SEQ:HASH (got \"\(since)\")")
      }
      sinceHead = head
    }
    var report: VerifyReport?
    var store: (any EventLog)?
    try reportingStoreErrors(global) {
      if let address = global.postgres {
        // A hall in PostgreSQL: every row is read and every hash recomputed from its columns.
        let log = try PostgresLog.open(address, readOnly: true)
        report = log.verify(since: sinceHead)
        store = log
      } else {
        store = try LogStore.open(directory: directory, readOnly: true)
        report = LogStore.verify(directory: directory, since: sinceHead)
      }
    }
    guard let report, let store else { return }
    if global.postgres != nil {
      say(global, "存储库：\(global.storeDisplay)", "Store: \(global.storeDisplay)")
      say(
        global, "记录 \(report.records) 条，\(report.bytes) 字节 (按日志帧计)",
        "\(report.records) records, \(report.bytes) bytes (as log frames)")
    } else {
      say(global, "数据目录：\(directory)", "Store: \(directory)")
      say(
        global, "记录 \(report.records) 条，分段文件 \(report.segments) 个，\(report.bytes) 字节",
        "\(report.records) records in \(report.segments) segment files, \(report.bytes) bytes")
    }
    say(global, "日志头：\(report.head)", "Head: \(report.head)")
    // Only printed when the log is intact; reading it again cannot fail in a way worth more than its absence.
    if merkle, report.firstDamage == nil, let leaves = try? store.leafHashes(upTo: report.head.seq) {
      let root = MerkleTree.root(leaves[...])
      say(global, "默克尔树根（\(leaves.count) 条）：\(root.hex)", "Merkle root (\(leaves.count) records): \(root.hex)")
    }
    if let backup = store.lastBackup {
      let time = ISO8601DateFormatter().string(from: backup.time)
      say(
        global, "最近一次校验过的备份：\(time)，日志头 \(backup.head)，位置 \(backup.destination)",
        "Last verified backup: \(time), head \(backup.head), at \(backup.destination)")
    }
    var failed = false
    if let damage = report.firstDamage {
      say(global, damage.error.zh, damage.error.en, error: true)
      failed = true
    }
    if let sinceHead {
      if report.extendsSince == true {
        say(global, "日志延续了 \(sinceHead)：此前的历史未被改写。", "The log extends \(sinceHead): earlier history is unchanged.")
      } else {
        let problem = report.sinceProblem
        say(
          global, problem?.zh ?? "日志不延续 \(sinceHead)。", problem?.en ?? "The log does not extend \(sinceHead).",
          error: true)
        failed = true
      }
    }
    if failed { throw ExitCode(1) }
    say(global, "校验通过。", "Verified: every record and the whole chain are intact.")
  }
}

/// `griddesk repair`: moves the damaged part of the log aside.
struct Repair: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repair",
    abstract: "Move the damaged part of the log to a quarantine directory (administrators). 隔离日志损坏部分（管理员）。")

  @OptionGroup var global: GlobalOptions

  /// Once staff exist, only an admin may repair (the log is read as far as it is intact to know who is).
  static func authorize(_ global: GlobalOptions) throws {
    let engine = try Session.open(global, readOnly: true, createIfMissing: false)
    guard !engine.state.staff.isEmpty else { return }
    guard let me = engine.me, me.active, me.has(.admin) else {
      throw CLIFailure(
        message: Localized(
          "只有管理员可以修复存储库; 请联系管理员 (\(engine.state.admins.map(\.login).joined(separator: ", ")))",
          "Only an admin may repair the store; ask an admin (\(engine.state.admins.map(\.login).joined(separator: ", ")))"
        ),
        lang: global.language)
    }
  }

  func run() throws {
    if global.postgres != nil {
      say(
        global,
        "PostgreSQL 存储不用 repair: 数据库负责存储; griddesk verify 会指出被改动的记录, 请从已校验的备份 (griddesk backup) 恢复",
        "A PostgreSQL store has no repair: the database keeps the bytes. griddesk verify names a changed record; "
          + "restore from a verified backup (griddesk backup)", error: true)
      throw ExitCode(2)
    }
    try Self.authorize(global)
    try reportingStoreErrors(global) {
      let report = try LogStore.repair(directory: global.storePath)
      guard let damage = report.damage else {
        say(global, "未发现损坏，无需修复。日志头：\(report.head)", "No damage found; nothing to repair. Head: \(report.head)")
        return
      }
      say(global, "发现：\(damage.error.zh)", "Found: \(damage.error.en)")
      let head = report.head
      let kept =
        head.seq == 0 ? ("没有保留任何记录", "No record kept") : ("保留第 1–\(head.seq) 号记录", "Kept records 1–\(head.seq)")
      say(global, "\(kept.0)，日志头：\(head)", "\(kept.1); head: \(head)")
      let cut = (report.cutSegment.map { ($0 as NSString).lastPathComponent } ?? "", report.cutOffset)
      let files = report.filesMoved.joined(separator: ", ")
      say(
        global,
        "已从 \(cut.0) 第 \(cut.1) 字节（第 \(head.seq + 1) 号记录所在批次的开头）起移走 \(report.bytesMoved) 字节到 "
          + "\(report.quarantine ?? "")：\(files)；其中可读的记录 \(report.readableRecordsMoved) 条。",
        "Moved \(report.bytesMoved) bytes from \(cut.0) at byte \(cut.1) (the start of the batch of record "
          + "\(head.seq + 1)) to \(report.quarantine ?? ""): \(files); \(report.readableRecordsMoved) of the moved "
          + "records are still readable.")
      say(
        global, "这些记录已不在日志中：请按营业厅的规定从备份或纸质记录补录，然后运行 griddesk verify。",
        "Those records are no longer in the log: re-enter them from the backup or from paper as the hall's "
          + "procedure says, then run griddesk verify.")
    }
  }
}

/// `griddesk backup DEST`: a consistent, verified copy while others keep working.
struct Backup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backup",
    abstract: "Copy the store to a new directory and verify the copy. 备份数据目录并校验副本。")

  @OptionGroup var global: GlobalOptions

  @Argument(help: "A new or empty directory. 新的或空的目录。")
  var destination: String

  func run() throws {
    if global.postgres == nil, Backup.isWithin(destination, global.storePath) {
      say(
        global, "备份目标 \(destination) 在数据目录 \(global.storePath) 之内; 备份必须放在数据目录以外 (最好在另一块磁盘上)",
        "The backup destination \(destination) is inside the store \(global.storePath): put backups outside the store "
          + "(ideally on another disk)", error: true)
      throw ExitCode(2)
    }
    try reportingStoreErrors(global) {
      // With --read-only the copy is made and verified as usual, but not recorded in the store.
      let store: any EventLog =
        try global.postgres.map { try PostgresLog.open($0, readOnly: global.readOnly) }
        ?? LogStore.open(directory: global.storePath, createIfMissing: false, readOnly: global.readOnly)
      let report = try store.backup(to: destination)
      say(
        global, "备份完成并已校验：\(report.destination)，\(report.bytes) 字节，日志头 \(report.head)",
        "Backup made and verified: \(report.destination), \(report.bytes) bytes, head \(report.head)")
      if global.readOnly {
        say(
          global, "以只读方式打开: 这次备份没有记入数据目录 (班前检查不会显示它)",
          "Opened read-only: this backup is not recorded in the store (the readiness check will not show it)")
      }
    }
  }

  /// Whether `path` is `directory` itself or lies inside it, symbolic links and `..` resolved as far
  /// as they exist (the destination usually does not exist yet).
  static func isWithin(_ path: String, _ directory: String) -> Bool {
    let target = resolved(path)
    let store = resolved(directory)
    return target == store || target.hasPrefix(store.hasSuffix("/") ? store : store + "/")
  }

  /// An absolute, standardised path with the symbolic links of its existing part resolved.
  static func resolved(_ path: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    var url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: cwd, isDirectory: true))
      .standardizedFileURL
    var missing: [String] = []
    while !FileManager.default.fileExists(atPath: url.path), url.pathComponents.count > 1 {
      missing.insert(url.lastPathComponent, at: 0)
      url = url.deletingLastPathComponent()
    }
    var result = url.resolvingSymlinksInPath().path
    for part in missing { result += (result.hasSuffix("/") ? "" : "/") + part }
    return result
  }
}
