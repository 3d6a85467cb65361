#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An error from the store: a code for programs, a message in both languages for the person at the
/// counter that says what to do next, and the file and OS error behind it when there is one.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Code: String, Sendable, Hashable, Codable {
    case notFound
    case notAStore
    case unsupportedVersion
    case corrupt
    case readOnly
    case diskFull
    case fileTooLarge
    case permission
    case io
    case invalidRecord
    case snapshotMismatch
    case backupTarget
    case headMismatch
    case invalidArgument
    /// A conditional append found that another process appended first; decide again and retry.
    case headMoved
    /// Another process held the decision lock (`DIR/DECIDE`) longer than a decision takes.
    case decisionBusy
    /// A database server could not be reached (host, port, what to check in the message).
    case unreachable
    /// The database refused the login (wrong password, unknown role, no rule letting it in).
    case authentication
    /// The connection to the database was lost; whatever was being written may or may not have been
    /// committed (catching up after reconnecting shows which).
    case connectionLost
  }

  public var code: Code
  /// Message in Chinese.
  public var zh: String
  /// Message in English.
  public var en: String
  /// The file the error is about, when there is one.
  public var path: String?
  /// The OS error number, when the error came from a system call.
  public var errno: Int32?

  public init(_ code: Code, zh: String, en: String, path: String? = nil, errno: Int32? = nil) {
    self.code = code
    self.zh = zh
    self.en = en
    self.path = path
    self.errno = errno
  }

  public var description: String { "\(zh) / \(en)" }

  /// The message in one language: `chinese` true for Chinese.
  public func message(chinese: Bool) -> String { chinese ? zh : en }
}

extension StoreError {
  static func headMoved(expected: UInt64, actual: UInt64) -> StoreError {
    StoreError(
      .headMoved, zh: "其他终端刚写入了记录（期望 \(expected)，实际 \(actual)），请刷新后重试。",
      en: "Another terminal appended first (expected \(expected), found \(actual)); refresh and try again.")
  }

  /// Maps a failed system call to a store error that says what to do.
  static func system(_ what: String, path: String, errno err: Int32) -> StoreError {
    let reason = String(cString: strerror(err))
    switch err {
    case ENOSPC, EDQUOT:
      return StoreError(
        .diskFull,
        zh: "磁盘空间不足，记录未保存（\(what) \(path)）。请清理磁盘或联系管理员后重试。",
        en:
          "The disk is full; nothing was saved (\(what) \(path)). Free disk space or call the administrator, then retry.",
        path: path, errno: err)
    case EFBIG:
      return StoreError(
        .fileTooLarge,
        zh: "文件超过系统允许的大小，记录未保存（\(what) \(path)）。请联系管理员检查文件大小限制（ulimit -f）。",
        en: "The file would exceed the allowed size; nothing was saved (\(what) \(path)). "
          + "Ask the administrator to check the file size limit (ulimit -f).",
        path: path, errno: err)
    case EACCES, EPERM:
      if let group = FS.groupName(of: path) {
        return StoreError(
          .permission,
          zh: "没有权限访问数据文件（\(what) \(path)：\(reason)）。数据目录属于用户组 \(group)："
            + "请联系管理员把您的账号加入用户组 \(group)（然后重新登录）。",
          en: "Permission denied for the store (\(what) \(path): \(reason)). The store belongs to group \(group): "
            + "ask the administrator to add your account to group \(group) (then log in again).",
          path: path, errno: err)
      }
      return StoreError(
        .permission,
        zh: "没有权限访问数据文件（\(what) \(path)：\(reason)）。请确认账号属于营业厅的用户组，或联系管理员。",
        en: "Permission denied for the store file (\(what) \(path): \(reason)). "
          + "Check that your account is in the hall's group, or call the administrator.",
        path: path, errno: err)
    case EROFS:
      return StoreError(
        .permission,
        zh: "数据目录所在的文件系统为只读（\(what) \(path)），记录未保存。请联系管理员。",
        en: "The store's file system is read-only (\(what) \(path)); nothing was saved. Call the administrator.",
        path: path, errno: err)
    case ENOENT:
      return StoreError(
        .notFound,
        zh: "找不到数据文件（\(path)）。请检查 --store 路径。",
        en: "Store file not found (\(path)). Check the --store path.",
        path: path, errno: err)
    default:
      return StoreError(
        .io,
        zh: "读写数据文件出错，记录未保存（\(what) \(path)：\(reason)）。请联系管理员检查磁盘，然后运行 griddesk verify。",
        en: "Input/output error; nothing was saved (\(what) \(path): \(reason)). "
          + "Ask the administrator to check the disk, then run griddesk verify.",
        path: path, errno: err)
    }
  }

  static func corrupt(segment: String, offset: Int, reason: String) -> StoreError {
    StoreError(
      .corrupt,
      zh: "数据日志已损坏：文件 \(segment) 第 \(offset) 字节处（\(reason)）。数据库已转为只读，未删除任何内容。"
        + "请联系管理员：先备份目录，再运行 griddesk verify 与 griddesk repair。",
      en: "The log is damaged: file \(segment) at byte \(offset) (\(reason)). The store is now read-only and nothing "
        + "was deleted. Call the administrator: back up the directory, then run griddesk verify and griddesk repair.",
      path: segment)
  }

  static func readOnly(_ directory: String, because: StoreError?) -> StoreError {
    if let because {
      return StoreError(
        .readOnly,
        zh: "数据库为只读，不能保存记录。原因：\(because.zh)", en: "The store is read-only; nothing can be saved. Cause: \(because.en)",
        path: directory)
    }
    return StoreError(
      .readOnly,
      zh: "数据库以只读方式打开，不能保存记录（\(directory)）。",
      en: "The store was opened read-only; nothing can be saved (\(directory)).",
      path: directory)
  }

  static func invalidRecord(_ zh: String, _ en: String) -> StoreError {
    StoreError(.invalidRecord, zh: "记录无效：\(zh)", en: "Invalid record: \(en)")
  }
}
