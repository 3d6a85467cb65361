import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The hall's personal-data key: AES-256-GCM keys by version, read from a key file kept outside the
/// store directory (docs/operations.md, "The personal-data key"). New data is sealed with the newest
/// version the log has recorded; older versions are kept to open what they sealed.
public struct PersonalDataKeyRing: Sendable {
  // Raw key bytes: `SymmetricKey` is not `Sendable`; a key is made from them for each use.
  private var keys: [Int: [UInt8]]
  /// Where the ring was read from.
  public let path: String
  /// What is wrong with the key file that does not stop its use (a mode wider than the group's).
  public internal(set) var warnings: [KeyFileError] = []

  init(path: String, keys: [Int: [UInt8]]) {
    self.path = path
    self.keys = keys
  }

  /// The versions the file holds, oldest first.
  public var versions: [Int] { keys.keys.sorted() }

  /// Identifies a key version without revealing it (recorded in the log when the version is added):
  /// the first 8 bytes of HMAC-SHA-256(key, "griddesk personal-data key"), in hex.
  public func fingerprint(version: Int) -> String? {
    keys[version].map { PersonalDataKeyRing.fingerprint(SymmetricKey(data: $0)) }
  }

  static func fingerprint(_ key: SymmetricKey) -> String {
    let mac = HMAC<SHA256>.authenticationCode(for: Array("griddesk personal-data key".utf8), using: key)
    return mac.prefix(8).map { String(format: "%02x", $0) }.joined()
  }

  /// AES-GCM with a random 96-bit nonce; returns nonce ‖ ciphertext ‖ tag. `context` is authenticated.
  public func seal(_ plaintext: [UInt8], version: Int, context: [UInt8]) throws -> [UInt8] {
    guard let raw = keys[version] else { throw KeyFileError.versionMissing(path: path, version: version) }
    let key = SymmetricKey(data: raw)
    let box = try AES.GCM.seal(plaintext, using: key, authenticating: context)
    // `combined` is nil only for nonces other than 12 bytes; the default nonce is 12 bytes.
    guard let combined = box.combined else { throw KeyFileError.versionMissing(path: path, version: version) }
    return [UInt8](combined)
  }

  /// Opens what `seal` produced; throws when the version is missing, or the key or context is not the
  /// one it was sealed with.
  public func open(_ sealed: [UInt8], version: Int, context: [UInt8]) throws -> [UInt8] {
    guard let raw = keys[version] else { throw KeyFileError.versionMissing(path: path, version: version) }
    let key = SymmetricKey(data: raw)
    let box = try AES.GCM.SealedBox(combined: sealed)
    return [UInt8](try AES.GCM.open(box, using: key, authenticating: context))
  }
}

/// The key file: JSON `{"format": 1, "keys": [{"version": 1, "created": "…", "key": "BASE64"}]}`, mode
/// 0440, group of the store directory.
public enum PersonalDataKeyFile {
  /// Names the key file, overriding the default place.
  public static let environmentVariable = "GRIDDESK_KEY"

  /// Where a store's key is looked for: `$GRIDDESK_KEY` when set, otherwise beside the store directory
  /// (`/srv/griddesk/hall` → `/srv/griddesk/hall.key`), so that copying the directory never copies the key.
  public static func location(forStore directory: String, environment: [String: String]) -> String {
    if let path = environment[environmentVariable], !path.isEmpty { return path }
    var dir = directory
    while dir.count > 1 && dir.hasSuffix("/") { dir.removeLast() }
    return dir + ".key"
  }

  struct Contents: Codable {
    struct Entry: Codable {
      var version: Int
      var created: Date
      var key: String
    }
    var format: Int
    var keys: [Entry]
  }

  static func coder() -> (JSONEncoder, JSONDecoder) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return (encoder, decoder)
  }

  /// Reads the key file. A missing file, one this account may not read, and a malformed one are
  /// errors that say which; a file readable by others loads with a warning.
  public static func load(path: String) throws(KeyFileError) -> PersonalDataKeyRing {
    var info = stat()
    guard stat(path, &info) == 0 else {
      let code = errno
      if code == ENOENT { throw .missing(path: path) }
      throw .unreadable(path: path, errno: code)
    }
    let contents: Contents
    do {
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      contents = try coder().1.decode(Contents.self, from: data)
    } catch let error as CocoaError where error.code == .fileReadNoPermission {
      throw .unreadable(path: path, errno: EACCES)
    } catch {
      if access(path, R_OK) != 0 { throw .unreadable(path: path, errno: errno) }
      throw .malformed(path: path)
    }
    guard contents.format == 1 else { throw .malformed(path: path) }
    var keys: [Int: [UInt8]] = [:]
    for entry in contents.keys {
      guard entry.version > 0, let bytes = Data(base64Encoded: entry.key), bytes.count == 32, keys[entry.version] == nil
      else { throw .malformed(path: path) }
      keys[entry.version] = [UInt8](bytes)
    }
    guard !keys.isEmpty else { throw .malformed(path: path) }
    var ring = PersonalDataKeyRing(path: path, keys: keys)
    if info.st_mode & 0o007 != 0 { ring.warnings.append(.tooOpen(path: path, mode: Int(info.st_mode & 0o777))) }
    return ring
  }

  /// Adds a new key version to the file (creating the file when there is none) and returns the new ring
  /// and version. The version is above every version in the file and above `atLeastAbove` (the newest
  /// the log knows). The file is replaced atomically, created with mode 0440 and the store directory's
  /// group, both set explicitly (the umask does not matter).
  public static func addVersion(
    path: String, storeDirectory: String, atLeastAbove newestInLog: Int, now: Date
  ) throws(KeyFileError) -> (ring: PersonalDataKeyRing, version: Int) {
    var contents = Contents(format: 1, keys: [])
    if access(path, F_OK) == 0 {
      // Keep every older version: records sealed with it must stay readable.
      _ = try load(path: path)
      do {
        contents = try coder().1.decode(Contents.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
      } catch {
        throw .malformed(path: path)
      }
    }
    let version = max(contents.keys.map(\.version).max() ?? 0, newestInLog) + 1
    let key = SymmetricKey(size: .bits256)
    let raw = key.withUnsafeBytes { Data($0) }
    contents.keys.append(.init(version: version, created: now, key: raw.base64EncodedString()))
    let bytes: Data
    do {
      bytes = try coder().0.encode(contents) + Data("\n".utf8)
    } catch {
      throw .cannotWrite(path: path, errno: EINVAL)
    }
    var group = stat()
    let gid: gid_t? = stat(storeDirectory, &group) == 0 ? group.st_gid : nil
    try writeAtomically(path: path, bytes: [UInt8](bytes), group: gid)
    return (try load(path: path), version)
  }

  static func writeAtomically(path: String, bytes: [UInt8], group: gid_t?) throws(KeyFileError) {
    let temp = path + ".tmp-\(getpid())"
    let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw .cannotWrite(path: path, errno: errno) }
    var failure: Int32 = 0
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    if written != bytes.count { failure = written < 0 ? errno : EIO }
    // The hall's group may read the key; the owner changes it only by replacing the file.
    if failure == 0, let group, fchown(fd, uid_t.max, group) != 0 {
      // Not a member of the store's group: the file keeps this account's group. Say so rather than
      // leave a key the hall cannot read.
      failure = errno
    }
    if failure == 0, fchmod(fd, 0o440) != 0 { failure = errno }
    if failure == 0, fsync(fd) != 0 { failure = errno }
    close(fd)
    if failure == 0, rename(temp, path) != 0 { failure = errno }
    guard failure == 0 else {
      unlink(temp)
      throw .cannotWrite(path: path, errno: failure)
    }
    // Make the rename durable: a key lost at a power cut would leave sealed records unreadable.
    let parent = (path as NSString).deletingLastPathComponent
    let dirfd = open(parent.isEmpty ? "." : parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if dirfd >= 0 {
      let synced = fsync(dirfd)
      let code = errno
      close(dirfd)
      if synced != 0 { throw .cannotWrite(path: path, errno: code) }
    }
  }
}

/// What is wrong with the key file, in both languages, with what to do.
public struct KeyFileError: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Code: String, Sendable {
    case missing, unreadable, malformed, versionMissing, wrongKey, tooOpen, cannotWrite
  }
  public var code: Code
  public var path: String
  public var zh: String
  public var en: String

  public var description: String { "\(zh) / \(en)" }

  public static func missing(path: String) -> KeyFileError {
    KeyFileError(
      code: .missing, path: path,
      zh: "找不到个人信息密钥 \(path): 证件号、电话和地址显示为“已加密”, 不能记录; 请把密钥文件放回该处, 或用环境变量 GRIDDESK_KEY 指明位置",
      en:
        "The personal-data key \(path) is missing: ID numbers, phones and addresses show as sealed and nothing can be "
        + "recorded; put the key file back there, or name it with GRIDDESK_KEY")
  }

  static func unreadable(path: String, errno code: Int32) -> KeyFileError {
    KeyFileError(
      code: .unreadable, path: path,
      zh: "无法读取个人信息密钥 \(path) (\(String(cString: strerror(code)))): 证件号、电话和地址显示为“已加密”, 不能记录; 请确认本账号属于营业厅的用户组",
      en: "Cannot read the personal-data key \(path) (\(String(cString: strerror(code)))): ID numbers, phones and "
        + "addresses show as sealed and nothing can be recorded; check that this account is in the hall's group")
  }

  static func malformed(path: String) -> KeyFileError {
    KeyFileError(
      code: .malformed, path: path,
      zh: "个人信息密钥文件 \(path) 格式不对: 请从备份恢复密钥文件",
      en: "The personal-data key file \(path) is malformed: restore it from its backup")
  }

  public static func versionMissing(path: String, version: Int) -> KeyFileError {
    KeyFileError(
      code: .versionMissing, path: path,
      zh: "密钥文件 \(path) 中没有第 \(version) 版密钥 (可能是旧的副本): 请换上最新的密钥文件",
      en: "The key file \(path) lacks key version \(version) (an old copy?): put the current key file in its place")
  }

  /// The file holds a key of that version, but not the one the log recorded.
  public static func wrongKey(path: String, version: Int) -> KeyFileError {
    KeyFileError(
      code: .wrongKey, path: path,
      zh: "密钥文件 \(path) 的第 \(version) 版密钥不是本库所用的密钥 (别的库的密钥?): 个人信息显示为“已加密”, 不能记录; 请换上本库的密钥文件",
      en: "Key version \(version) in \(path) is not the key this store uses (another store's key?): personal data "
        + "shows as sealed and nothing can be recorded; put this store's key file in its place")
  }

  static func tooOpen(path: String, mode: Int) -> KeyFileError {
    KeyFileError(
      code: .tooOpen, path: path,
      zh: "密钥文件 \(path) 其他账号也能读 (权限 \(String(mode, radix: 8))): 请运行 chmod 0440 \(path)",
      en: "The key file \(path) is readable by other accounts (mode \(String(mode, radix: 8))): run chmod 0440 \(path)")
  }

  static func cannotWrite(path: String, errno code: Int32) -> KeyFileError {
    KeyFileError(
      code: .cannotWrite, path: path,
      zh: "无法写入密钥文件 \(path) (\(String(cString: strerror(code)))): 未作改动; 请检查所在目录的权限和用户组",
      en: "Cannot write the key file \(path) (\(String(cString: strerror(code)))): nothing changed; check the "
        + "directory's permissions and group")
  }
}
