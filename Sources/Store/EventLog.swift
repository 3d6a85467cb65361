import Foundation

/// The log contract the Engine and everything above it code against. Two backends carry it: `LogStore`
/// (a directory shared by the processes of one host, the embedded default) and `PostgresLog` (a hall kept
/// in PostgreSQL, module PostgresStore). Both keep the same records, framing and SHA-256 chain
/// (docs/store-format.md), so any client verifies a log whatever holds it.
///
/// An implementation is internally locked (threads share it). Records handed out are verified: their
/// chain links and hashes were checked when read.
public protocol EventLog: AnyObject, Sendable {
  /// Where the log is, for messages and the status bar: a directory, or `postgresql://USER@HOST:PORT/DB`
  /// with the hall (never a password).
  var location: String { get }
  /// The personal-data key file is looked for at this path + `.key` unless `$GRIDDESK_KEY` names one
  /// (`PersonalDataKeyFile.location(forStore:environment:)`); for a directory, the directory itself.
  var keyFileBase: String { get }
  /// Format version, demo flag and creation time.
  var manifest: Manifest { get }
  /// The head as last seen.
  var head: Head { get }
  /// True when nothing can be appended (opened read-only, or damage found).
  var isReadOnly: Bool { get }
  /// What opening found and did (a torn tail cut, damage), for an administrator.
  var openNotes: [StoreNote] { get }
  /// The first damage known to this handle, if any.
  var damage: Damage? { get }
  /// Damage anywhere in the log, once whatever opening started checking has finished; nil when intact.
  /// Readers that print a whole result call it first.
  func integrityDamage() -> Damage?

  /// Appends one batch durably and atomically; with `expectingHead`, only if the head is still that seq
  /// (else `StoreError` `.headMoved`, nothing written). Returns the records with seq and hashes once they
  /// are acknowledged (durable).
  @discardableResult func append(_ records: [PendingRecord], expectingHead: UInt64?) throws -> [Record]
  /// Writes `records` on the head `expectingHead` like `append`, but returns before they are acknowledged
  /// (the engine lets the decision lock go first); `awaitDurable` returns them once durable (group commit
  /// in a directory; a database's write is its commit, so there it returns at once).
  func write(_ records: [PendingRecord], expectingHead: UInt64?) throws -> WrittenBatch
  /// The batch's records once durable. - Throws: `StoreError` when they were not made durable.
  @discardableResult func awaitDurable(_ batch: WrittenBatch) throws -> [Record]
  /// Opened read-only on purpose (`--read-only`), as opposed to read-only because of damage.
  var openedReadOnly: Bool { get }
  /// Records with seq ≥ `seq`, in order, verified.
  func read(from seq: UInt64, _ body: (Record) throws -> Void) throws
  /// Hands `body` the records appended by anyone since this handle last handed them over, in seq order;
  /// they count as delivered only once `body` has taken them all. Returns how many it took.
  @discardableResult func catchUp(_ body: (Record) throws -> Void) throws -> Int
  /// Runs `body` (catch up, decide, append) while holding the hall's decision lock, so that its
  /// processes decide in turn; waits at most `seconds`, then throws `decisionBusy`.
  func withDecisionLock<T>(waiting seconds: Double, _ body: () throws -> T) throws -> T
  /// Whether anything may have been appended since the last `catchUp`, found without reading the log
  /// (a notification from the server); a backend that cannot tell answers true.
  func mayHaveChanged() -> Bool

  /// Stores the projections' state covering `head` (which must be a head of this log).
  func writeSnapshot(_ bytes: [UInt8], covering head: Head) throws
  /// The newest snapshot that matches the chain.
  func latestSnapshot() -> (head: Head, bytes: [UInt8])?

  /// Checks every record and the whole chain as stored (not what this handle remembers), recomputing
  /// every SHA-256; with `since`, also that the log extends that earlier head.
  func verify(since: Head?) -> VerifyReport
  /// Writes a verified directory copy of the log up to the current head to `destination` (new or empty)
  /// and records it as the hall's last backup.
  func backup(to destination: String) throws -> BackupReport
  /// The last verified backup recorded for this log.
  var lastBackup: BackupInfo? { get }
}

extension EventLog {
  /// Appends one batch unconditionally.
  @discardableResult public func append(_ records: [PendingRecord]) throws -> [Record] {
    try append(records, expectingHead: nil)
  }

  /// `verify(since:)` without an earlier head.
  public func verify() -> VerifyReport { verify(since: nil) }

  /// The Merkle leaves (RFC 6962) of the records up to `seq` (all when nil), whatever the backend.
  public func leafHashes(upTo seq: UInt64?) throws -> [ChainHash] {
    var leaves: [ChainHash] = []
    let limit = seq ?? UInt64.max
    try read(from: 1) { record in
      if record.seq <= limit { leaves.append(MerkleTree.leafHash(record.hash)) }
    }
    return leaves
  }
}

extension LogStore: EventLog {
  public var location: String { directory }
  public var keyFileBase: String { directory }
  /// A directory has no notifications: the caller reads the tail, which costs one small `pread`.
  public func mayHaveChanged() -> Bool { true }
}

/// The record framing and chain of docs/store-format.md, for backends that keep records in other
/// containers than segment files (PostgreSQL keeps each record's fields in columns and its hashes beside
/// them; verifying recomputes the frame from the columns).
public enum RecordFrame {
  /// The hash of a record with these fields: SHA-256 over the first 8 bytes of its frame (which hold the
  /// batch-end flag) and its body (which holds `prev`), exactly as a segment file's record has it.
  public static func hash(
    seq: UInt64, milliseconds: Int64, prev: ChainHash, actor: StoreActor, type: String, payload: [UInt8],
    batchEnd: Bool
  ) -> ChainHash {
    var out: [UInt8] = []
    let record = PendingRecord(
      time: Date(timeIntervalSince1970: Double(milliseconds) / 1000), actor: actor, type: type, payload: payload)
    return Frame.encode(record, seq: seq, time: milliseconds, prev: prev, commit: batchEnd, into: &out)
  }

  /// The frame bytes of a record, as a segment file holds them.
  public static func encode(_ record: Record, batchEnd: Bool) -> [UInt8] {
    var out: [UInt8] = []
    let pending = PendingRecord(time: record.time, actor: record.actor, type: record.type, payload: record.payload)
    _ = Frame.encode(
      pending, seq: record.seq, time: Frame.milliseconds(record.time), prev: record.prevHash, commit: batchEnd,
      into: &out)
    return out
  }

  /// Milliseconds since 1970 UTC as the frame stores them (rounded down).
  public static func milliseconds(_ date: Date) -> Int64 { Frame.milliseconds(date) }

  /// Why `records` cannot be appended (too large, fields too long), or nil.
  public static func problem(_ records: [PendingRecord]) -> StoreError? { LogStore.validate(records) }
}

// Values other backends build (their memberwise initialisers are internal to this module).
extension Damage {
  /// Damage in a log kept in a database: `place` names it (e.g. the hall), `seq` the first bad record.
  public static func record(in place: String, seq: UInt64, reason: String) -> Damage {
    Damage(kind: .corrupt, segment: place, offset: -1, expectedSeq: seq, reason: reason)
  }
}

extension VerifyReport {
  public init(
    head: Head, records: UInt64, bytes: Int, firstDamage: Damage?, extendsSince: Bool?, sinceProblem: StoreError?
  ) {
    self.init(
      head: head, records: records, segments: 0, bytes: bytes, firstDamage: firstDamage, extendsSince: extendsSince,
      sinceProblem: sinceProblem)
  }
}

extension BackupReport {
  public init(destination: String, head: Head, bytes: Int, time: Date) {
    self.init(destination: destination, head: head, bytes: bytes, verified: true, time: time)
  }
}

extension BackupInfo {
  public init(time: Date, head: Head, destination: String) {
    self.init(time: time, head: head.description, destination: destination)
  }
}

extension StoreNote {
  public init(corruption damage: Damage) {
    let error = damage.error
    self.init(
      kind: .corruption, zh: error.zh, en: error.en, segment: damage.segment, offset: damage.offset, bytes: nil,
      sideFile: nil)
  }
}

extension StoreError {
  /// A conditional append found another head than the one its decision was made on.
  public static func headMovedError(expected: UInt64, actual: UInt64) -> StoreError {
    headMoved(expected: expected, actual: actual)
  }

  /// Another process held the hall's decision lock longer than `seconds`.
  public static func decisionBusyError(seconds: Double) -> StoreError { decisionBusy(seconds: seconds) }

  /// Nothing can be appended: opened read-only (`place` names the store), or `because` of damage.
  public static func readOnlyError(_ place: String, because: StoreError?) -> StoreError {
    readOnly(place, because: because)
  }
}

extension RecordFrame {
  /// A date whose milliseconds (`milliseconds(_:)`) are exactly `ms`, whatever the rounding of `Date`.
  public static func date(milliseconds ms: Int64) -> Date {
    Date(timeIntervalSince1970: (Double(ms) + 0.5) / 1000)
  }

  /// The time (ms) and batch-end flag a verified record was written with, found by recomputing its hash
  /// (a `Record` carries neither exactly: its time is a `Date`, and batches are the store's business); nil
  /// when no choice reproduces the hash.
  public static func recover(_ record: Record) -> (milliseconds: Int64, batchEnd: Bool)? {
    let ms = milliseconds(record.time)
    for candidate in [ms, ms + 1, ms - 1] {
      for batchEnd in [true, false] {
        let hash = hash(
          seq: record.seq, milliseconds: candidate, prev: record.prevHash, actor: record.actor, type: record.type,
          payload: record.payload, batchEnd: batchEnd)
        if hash == record.hash { return (candidate, batchEnd) }
      }
    }
    return nil
  }

  /// The size a record's frame has in a segment file.
  public static func frameSize(actor: StoreActor, type: String, payload: Int) -> Int {
    Frame.overhead + Frame.minBody + actor.login.utf8.count + actor.tty.utf8.count + actor.sshClient.utf8.count
      + type.utf8.count + payload
  }
}
