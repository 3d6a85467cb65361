import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Who appended a record, as the operating system saw it. Empty strings when a field is absent.
public struct StoreActor: Sendable, Hashable, Codable {
  /// Staff login (the domain maps it to a staff record).
  public var login: String
  /// Real user id of the process.
  public var uid: UInt32
  /// Controlling terminal, e.g. `/dev/pts/3`.
  public var tty: String
  /// Address of the SSH client (first field of `SSH_CLIENT`), when connected over SSH.
  public var sshClient: String

  public init(login: String, uid: UInt32, tty: String = "", sshClient: String = "") {
    self.login = login
    self.uid = uid
    self.tty = tty
    self.sshClient = sshClient
  }

  /// The actor of this process: real uid, terminal of stdin, and `SSH_CLIENT` from the environment.
  public static func current(login: String, environment: [String: String] = ProcessInfo.processInfo.environment)
    -> StoreActor
  {
    var tty = ""
    var buffer = [CChar](repeating: 0, count: 256)
    if isatty(0) == 1, ttyname_r(0, &buffer, buffer.count) == 0 {
      tty = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    let ssh = environment["SSH_CLIENT"].flatMap { $0.split(separator: " ").first.map(String.init) } ?? ""
    return StoreActor(login: login, uid: UInt32(getuid()), tty: tty, sshClient: ssh)
  }
}

/// A SHA-256 value in the hash chain.
public struct ChainHash: Sendable, Hashable, CustomStringConvertible {
  var w0: UInt64
  var w1: UInt64
  var w2: UInt64
  var w3: UInt64

  /// The hash before the first record.
  public static let zero = ChainHash(w0: 0, w1: 0, w2: 0, w3: 0)

  init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
    self.w0 = w0
    self.w1 = w1
    self.w2 = w2
    self.w3 = w3
  }

  /// Reads 32 bytes at `pointer`.
  init(pointer: UnsafeRawPointer) {
    w0 = pointer.loadUnaligned(as: UInt64.self)
    w1 = pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    w2 = pointer.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
    w3 = pointer.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
  }

  public init?(bytes: [UInt8]) {
    guard bytes.count == 32 else { return nil }
    self = bytes.withUnsafeBytes { ChainHash(pointer: $0.baseAddress!) }
  }

  public init?(hex: String) {
    let utf8 = Array(hex.utf8)
    guard utf8.count == 64 else { return nil }
    var bytes = [UInt8](repeating: 0, count: 32)
    for index in 0..<32 {
      guard let high = Self.nibble(utf8[2 * index]), let low = Self.nibble(utf8[2 * index + 1]) else { return nil }
      bytes[index] = high << 4 | low
    }
    self.init(bytes: bytes)
  }

  private static func nibble(_ char: UInt8) -> UInt8? {
    switch char {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return char - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return char - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return char - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  /// The 32 bytes.
  public var bytes: [UInt8] {
    var out = [UInt8](repeating: 0, count: 32)
    out.withUnsafeMutableBytes { store(into: $0.baseAddress!) }
    return out
  }

  func store(into pointer: UnsafeMutableRawPointer) {
    pointer.storeBytes(of: w0, as: UInt64.self)
    pointer.storeBytes(of: w1, toByteOffset: 8, as: UInt64.self)
    pointer.storeBytes(of: w2, toByteOffset: 16, as: UInt64.self)
    pointer.storeBytes(of: w3, toByteOffset: 24, as: UInt64.self)
  }

  /// Lower-case hexadecimal, 64 characters.
  public var hex: String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(64)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  public var description: String { hex }
}

/// The head of the log: the last record's seq and hash (seq 0 and `.zero` when empty).
public struct Head: Sendable, Hashable, CustomStringConvertible {
  public var seq: UInt64
  public var hash: ChainHash

  public init(seq: UInt64, hash: ChainHash) {
    self.seq = seq
    self.hash = hash
  }

  /// The head of an empty log.
  public static let empty = Head(seq: 0, hash: .zero)

  /// Parses `SEQ:HASH` as printed by `description`.
  public init?(parsing text: String) {
    let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(
      separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, let seq = UInt64(parts[0]), let hash = ChainHash(hex: String(parts[1])) else { return nil }
    self.init(seq: seq, hash: hash)
  }

  public var description: String { "\(seq):\(hash.hex)" }
}

/// A record to append; the store gives it its seq and chain hashes.
public struct PendingRecord: Sendable {
  public var time: Date
  public var actor: StoreActor
  /// The event type, e.g. `orderReceived`. The store does not interpret it.
  public var type: String
  public var payload: [UInt8]

  public init(time: Date, actor: StoreActor, type: String, payload: [UInt8]) {
    self.time = time
    self.actor = actor
    self.type = type
    self.payload = payload
  }
}

/// A record of the log, verified.
public struct Record: Sendable {
  public var seq: UInt64
  /// UTC time with millisecond precision.
  public var time: Date
  public var actor: StoreActor
  public var type: String
  public var payload: [UInt8]
  public var prevHash: ChainHash
  public var hash: ChainHash

  public init(
    seq: UInt64, time: Date, actor: StoreActor, type: String, payload: [UInt8], prevHash: ChainHash, hash: ChainHash
  ) {
    self.seq = seq
    self.time = time
    self.actor = actor
    self.type = type
    self.payload = payload
    self.prevHash = prevHash
    self.hash = hash
  }

  /// The head as it is right after this record.
  public var head: Head { Head(seq: seq, hash: hash) }
}

/// The store's manifest (`DIR/manifest.json`).
public struct Manifest: Sendable, Codable, Hashable {
  public var formatVersion: Int
  public var demo: Bool
  public var created: Date

  public init(formatVersion: Int, demo: Bool, created: Date) {
    self.formatVersion = formatVersion
    self.demo = demo
    self.created = created
  }
}

/// Something the store noticed and did while opening or working, to show to an administrator.
public struct StoreNote: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable {
    /// An incomplete or bad record at the very end was cut off and kept in `sideFile`.
    case tornTailCut
    /// A torn tail was seen but left alone (read-only handle).
    case tornTailSeen
    /// Damage before the end: the store is read-only.
    case corruption
    /// A write or fsync failed; the state was reloaded from disk.
    case writeFailed
  }

  public var kind: Kind
  public var zh: String
  public var en: String
  /// Segment file (path) concerned.
  public var segment: String?
  /// Byte offset in `segment`.
  public var offset: Int?
  /// Number of bytes cut or concerned.
  public var bytes: Int?
  /// Where cut bytes were kept.
  public var sideFile: String?
}

/// Where the first damage is.
public struct Damage: Sendable, Hashable, CustomStringConvertible {
  public enum Kind: String, Sendable, Hashable {
    /// Bad bytes at the very end with nothing valid after them (a torn write); opening for writing cuts them.
    case tornTail
    /// Damage with valid data after it, or in a segment header, or a broken chain.
    case corrupt
  }

  public var kind: Kind
  /// Path of the segment file.
  public var segment: String
  /// Byte offset of the first bad record (or header) in `segment`; -1 for a log kept in a database,
  /// where `segment` names the hall and `expectedSeq` the bad record.
  public var offset: Int
  /// The seq the bad record should have had.
  public var expectedSeq: UInt64
  public var reason: String

  public var description: String {
    if offset < 0 { return "corruption in \(segment) at seq \(expectedSeq): \(reason)" }
    return
      "\(kind == .tornTail ? "torn tail" : "corruption") in \(segment) at byte \(offset) (seq \(expectedSeq)): \(reason)"
  }

  /// A bilingual message for this damage.
  public var error: StoreError {
    if offset < 0 {
      // A log kept in a database: `segment` names the hall, `expectedSeq` the first bad record.
      return StoreError(
        .corrupt,
        zh: "数据日志已损坏: \(segment) 第 \(expectedSeq) 号记录 (\(reason))。已转为只读, 未删除任何内容。"
          + "请联系管理员: 从最近的已校验备份 (griddesk verify --since) 找出被改动的记录。",
        en: "The log is damaged: \(segment), record \(expectedSeq) (\(reason)). It is read-only now and nothing was "
          + "deleted. Call the administrator: compare with the last verified backup (griddesk verify --since).",
        path: segment)
    }
    if kind == .tornTail {
      return StoreError(
        .corrupt,
        zh: "日志末尾有未写完的记录：文件 \(segment) 第 \(offset) 字节（\(reason)）。以读写方式打开时会切除并另存。",
        en: "Incomplete record at the end of the log: file \(segment) at byte \(offset) (\(reason)). "
          + "Opening the store for writing cuts it off and keeps the bytes aside.",
        path: segment)
    }
    return StoreError.corrupt(segment: segment, offset: offset, reason: reason)
  }
}

/// The result of `LogStore.verify`.
public struct VerifyReport: Sendable {
  /// Head of the valid part of the log.
  public var head: Head
  public var records: UInt64
  public var segments: Int
  public var bytes: Int
  /// The first damage, if any.
  public var firstDamage: Damage?
  /// When `since` was given: whether the log extends that head.
  public var extendsSince: Bool?
  /// Why `since` does not match, when it does not.
  public var sinceProblem: StoreError?

  /// True when no damage was found and `since` (if given) matched.
  public var ok: Bool { firstDamage == nil && extendsSince != false }
}

/// The last verified backup, as recorded in the store (`DIR/backup.json`).
public struct BackupInfo: Sendable, Codable, Hashable {
  public var time: Date
  public var head: String
  public var destination: String

  /// The head that was backed up.
  public var backedUpHead: Head? { Head(parsing: head) }
}

/// The result of `LogStore.backup`.
public struct BackupReport: Sendable {
  public var destination: String
  public var head: Head
  public var bytes: Int
  public var verified: Bool
  public var time: Date
}

/// The result of `LogStore.repair`.
public struct RepairReport: Sendable {
  /// The damage found; nil when there was nothing to repair.
  public var damage: Damage?
  /// The head kept.
  public var head: Head
  /// Where the damaged part was moved.
  public var quarantine: String?
  public var bytesMoved: Int
  /// Where the log was cut: the segment file and the byte offset of the start of the batch holding the
  /// damage (the whole batch is moved, so that no half batch is left), nil when nothing was moved.
  public var cutSegment: String?
  public var cutOffset: Int = 0
  /// The seq the first moved record had (the head kept + 1); later records are moved too, as far as any are
  /// readable. How many of the moved records were still readable (good frames before the damage in the same
  /// batch are among them).
  public var readableRecordsMoved = 0
  /// The files written into the quarantine directory (names, in order).
  public var filesMoved: [String] = []
}
