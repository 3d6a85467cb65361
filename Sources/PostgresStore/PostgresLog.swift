import Foundation
import Store

#if canImport(Glibc)
  import Glibc
#endif

/// A hall's log kept in PostgreSQL (docs/store-format.md, "PostgreSQL"): the same records, framing and
/// SHA-256 chain as a directory, one row per record in `griddesk.events`. The database gives durability,
/// concurrency, authentication and replication; the chain is kept on top, so any client verifies the log
/// (an event changed behind the application's back fails `verify`, which names its seq).
///
/// One connection per handle, used under a lock (threads share the handle); synchronous libpq, which
/// suits the workbench's main-thread loop. A lost connection is re-made on the next call.
/// `@unchecked Sendable` is safe because every mutable field is read and written only under `lock`.
public final class PostgresLog: EventLog, @unchecked Sendable {
  public let address: PostgresAddress
  public let manifest: Manifest
  /// The session user: the staff login (identity comes from the database's authentication).
  public let login: String
  /// Whether this handle created the hall.
  public private(set) var created = false
  /// Whether the server is a standby (in recovery): it serves reading only.
  public let isStandby: Bool
  public let openedReadOnly: Bool

  private let lock = NSLock()
  private var connection: Connection
  private var knownHead: Head
  /// How far `catchUp` has handed records over.
  private var delivered: Head
  private var found: Damage?
  private var notes: [StoreNote] = []
  private var listening = false
  /// A notification arrived (or none can arrive) since the last catch-up.
  private var pending = true
  /// Rows per query when reading, and per statement when appending many.
  static let page = 5_000

  static let columns = "seq, at_ms, uid, login, tty, ssh_client, type, payload, batch_end, prev_hash, hash"

  private init(
    address: PostgresAddress, connection: Connection, manifest: Manifest, login: String, head: Head, standby: Bool,
    readOnly: Bool
  ) {
    self.address = address
    self.connection = connection
    self.manifest = manifest
    self.login = login
    self.knownHead = head
    self.delivered = head
    self.isStandby = standby
    self.openedReadOnly = readOnly
  }

  // MARK: - Opening

  /// Connects and opens the hall. With `createIfMissing` (and not read-only) the GridDesk tables are
  /// installed when the database has none, and the hall is created when missing (both need the rights of
  /// the database's owner); otherwise an unknown hall is refused with the halls this login may open.
  public static func open(
    _ address: PostgresAddress, createIfMissing: Bool = false, demo: Bool = false, readOnly: Bool = false
  ) throws -> PostgresLog {
    guard !address.hall.isEmpty else { throw PostgresError.noHall(address) }
    guard Schema.validHallName(address.hall) else { throw PostgresError.badHallName(address.hall) }
    let connection = try Connection(address)
    let who = try connection.query("SELECT session_user::text, pg_is_in_recovery()")
    let login = who.text(0, 0)
    let standby = who.bool(0, 1)
    let installed = try connection.query("SELECT to_regclass('griddesk.halls') IS NOT NULL").bool(0, 0)
    let creating = createIfMissing && !readOnly && !standby
    if !installed {
      guard creating else { throw notInstalled(address) }
      try connection.execute(Schema.install)
    }
    var made = false
    var row = try hallRow(connection, address.hall)
    if row == nil && creating {
      do {
        try connection.execute("BEGIN; " + Schema.createHall(address.hall, demo: demo) + " COMMIT;")
      } catch let error as StoreError where error.code == .permission || error.code == .io {
        _ = try? connection.execute("ROLLBACK")  // the transaction failed already; nothing to keep
        throw StoreError(
          .permission,
          zh: "不能新建营业厅「\(address.hall)」: \(error.zh) 新营业厅须由数据库管理员 (有 CREATEROLE 权限) 用 griddesk init 创建。",
          en:
            "Cannot create the hall \"\(address.hall)\": \(error.en) A new hall is made by the database administrator "
            + "(a role with CREATEROLE) with griddesk init.")
      }
      row = try hallRow(connection, address.hall)
      made = row != nil
    }
    guard let row else {
      let names = try connection.query("SELECT name FROM griddesk.halls ORDER BY name")
      throw PostgresError.unknownHall(address, known: (0..<names.count).map { names.text($0, 0) })
    }
    let log = PostgresLog(
      address: address, connection: connection, manifest: row.manifest, login: login, head: row.head,
      standby: standby, readOnly: readOnly || standby)
    log.created = made
    log.listen()
    return log
  }

  private struct HallRow {
    var manifest: Manifest
    var head: Head
  }

  private static func hallRow(_ connection: Connection, _ hall: String) throws -> HallRow? {
    let rows = try connection.query(
      """
      SELECT demo, format_version, (extract(epoch FROM created) * 1000)::bigint, head_seq, head_hash
      FROM griddesk.halls WHERE name = $1
      """, [.text(hall)])
    guard rows.count == 1 else { return nil }
    let manifest = Manifest(
      formatVersion: Int(rows.int(0, 1)), demo: rows.bool(0, 0), created: RecordFrame.date(milliseconds: rows.int(0, 2))
    )
    return HallRow(manifest: manifest, head: Head(seq: UInt64(rows.int(0, 3)), hash: rows.hash(0, 4) ?? .zero))
  }

  static func notInstalled(_ address: PostgresAddress) -> StoreError {
    StoreError(
      .notAStore,
      zh: "数据库 \(address.display) 里还没有 GridDesk 的表。请数据库管理员先运行 griddesk init --store 该地址 --hall 营业厅。",
      en: "The database \(address.display) holds no GridDesk tables yet. Ask the database administrator to run "
        + "griddesk init --store ADDRESS --hall HALL first.")
  }

  /// Listens on the hall's channel; without it every catch-up asks the server.
  private func listen() {
    do {
      try connection.execute("LISTEN " + connection.quoteIdentifier("griddesk_" + address.hall))
      listening = true
    } catch {
      // Not fatal: catching up then queries the server each time instead of waiting for a notification.
      listening = false
    }
    pending = true
  }

  /// Connects again when the connection was lost (a restarted or failed-over server, a network cut).
  private func ensureConnected() throws {
    guard !connection.isOK else { return }
    try connection.reconnect()
    listening = false
    listen()
  }

  // MARK: - EventLog

  public var location: String { address.description }

  /// The key file, unless `$GRIDDESK_KEY` names one: `~/.config/griddesk/HALL.key`... kept per hall and
  /// database, beside the user's configuration (every counter PC needs a copy; docs/operations.md).
  public var keyFileBase: String {
    let env = ProcessInfo.processInfo.environment
    let config =
      env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? ((env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + "/.config")
    return config + "/griddesk/" + address.hall
  }

  public var head: Head {
    lock.lock()
    defer { lock.unlock() }
    return knownHead
  }

  public var isReadOnly: Bool {
    lock.lock()
    defer { lock.unlock() }
    return openedReadOnly || found != nil
  }

  public var openNotes: [StoreNote] {
    lock.lock()
    defer { lock.unlock() }
    return notes
  }

  public var damage: Damage? {
    lock.lock()
    defer { lock.unlock() }
    return found
  }

  public func integrityDamage() -> Damage? { damage }

  private func noteDamage(_ damage: Damage) {
    if found == nil {
      found = damage
      notes.append(StoreNote(corruption: damage))
    }
  }

  private func advance(to head: Head) {
    if head.seq > knownHead.seq { knownHead = head }
  }

  /// A database's write is its commit: the batch is acknowledged when this returns.
  public func write(_ records: [PendingRecord], expectingHead: UInt64?) throws -> WrittenBatch {
    .acknowledged(try append(records, expectingHead: expectingHead))
  }

  @discardableResult public func awaitDurable(_ batch: WrittenBatch) throws -> [Record] { batch.records }

  @discardableResult
  public func append(_ records: [PendingRecord], expectingHead: UInt64?) throws -> [Record] {
    if let problem = RecordFrame.problem(records) { throw problem }
    lock.lock()
    defer { lock.unlock() }
    if openedReadOnly || found != nil {
      throw StoreError.readOnlyError(location, because: found?.error)
    }
    try ensureConnected()
    try connection.execute("BEGIN")
    do {
      let current = try connection.query("SELECT seq, hash FROM griddesk.lock_head($1)", [.text(address.hall)])
      let head = Head(seq: UInt64(current.int(0, 0)), hash: current.hash(0, 1) ?? .zero)
      if let expectingHead, head.seq != expectingHead {
        try connection.execute("ROLLBACK")
        advance(to: head)
        pending = true
        throw StoreError.headMovedError(expected: expectingHead, actual: head.seq)
      }
      var written: [Record] = []
      var prev = head.hash
      var rows: [(Record, Int64, Bool)] = []
      for (index, pending) in records.enumerated() {
        let seq = head.seq + UInt64(index) + 1
        let ms = RecordFrame.milliseconds(pending.time)
        let batchEnd = index == records.count - 1
        let hash = RecordFrame.hash(
          seq: seq, milliseconds: ms, prev: prev, actor: pending.actor, type: pending.type, payload: pending.payload,
          batchEnd: batchEnd)
        let record = Record(
          seq: seq, time: RecordFrame.date(milliseconds: ms), actor: pending.actor, type: pending.type,
          payload: pending.payload, prevHash: prev, hash: hash)
        rows.append((record, ms, batchEnd))
        written.append(record)
        prev = hash
      }
      try insert(rows)
      // The commit is the acknowledgement: its reply lost means the outcome is not known, and the error
      // (connection lost) says that nothing is confirmed; catching up later shows what was committed.
      try connection.execute("COMMIT")
      if let last = written.last { advance(to: last.head) }
      return written
    } catch let error as StoreError {
      if connection.isOK {
        // Ending the failed transaction; if even that fails, the connection is dropped and made again.
        // try? is safe here: a failed reconnect leaves the connection down, and the next call reconnects
        // and reports it; the error being thrown below is the one the caller must see.
        do { try connection.execute("ROLLBACK") } catch { try? connection.reconnect() }
      }
      if error.code == .io, error.en.contains("(40001)") {
        throw StoreError.headMovedError(expected: expectingHead ?? 0, actual: 0)
      }
      throw error
    }
  }

  /// Inserts verified rows, many per statement (the trigger checks that each continues the chain).
  private func insert(_ rows: [(record: Record, ms: Int64, batchEnd: Bool)]) throws {
    var start = 0
    while start < rows.count {
      let chunk = rows[start..<min(rows.count, start + 1_000)]
      var sql = "INSERT INTO griddesk.events (hall, " + Self.columns + ") VALUES "
      var parameters: [SQLValue] = []
      for (index, row) in chunk.enumerated() {
        let base = index * 12
        sql += (index == 0 ? "" : ", ") + "(" + (1...12).map { "$\(base + $0)" }.joined(separator: ", ") + ")"
        let record = row.record
        parameters += [
          .text(address.hall), .int(Int64(record.seq)), .int(row.ms), .int(Int64(record.actor.uid)),
          .text(record.actor.login), .text(record.actor.tty), .text(record.actor.sshClient), .text(record.type),
          .bytes(record.payload), .bool(row.batchEnd), .bytes(record.prevHash.bytes), .bytes(record.hash.bytes),
        ]
      }
      try connection.query(sql, parameters)
      start += chunk.count
    }
  }

  /// Rows from `seq` on (at most `page`), as stored.
  private func fetch(from seq: UInt64, limit: Int = PostgresLog.page) throws -> Rows {
    try connection.query(
      "SELECT " + Self.columns + " FROM griddesk.events WHERE hall = $1 AND seq >= $2 ORDER BY seq LIMIT $3",
      [.text(address.hall), .int(Int64(seq)), .int(Int64(limit))])
  }

  /// The stored hash of record `seq` (`.zero` for 0), nil when there is none.
  private func storedHash(_ seq: UInt64) throws -> ChainHash? {
    if seq == 0 { return .zero }
    let rows = try connection.query(
      "SELECT hash FROM griddesk.events WHERE hall = $1 AND seq = $2", [.text(address.hall), .int(Int64(seq))])
    return rows.count == 1 ? rows.hash(0, 0) : nil
  }

  /// Checks one stored row: the seq expected, the previous hash linked, the SHA-256 recomputed from the
  /// columns as the record's frame. Returns the record, or the damage with the reason.
  static func check(_ rows: Rows, _ row: Int, expected: Head, place: String) -> Result<(Record, Bool), Damage> {
    let seq = UInt64(rows.int(row, 0))
    func bad(_ reason: String) -> Result<(Record, Bool), Damage> {
      .failure(Damage.record(in: place, seq: expected.seq + 1, reason: reason))
    }
    guard seq == expected.seq + 1 else { return bad("record \(expected.seq + 1) is missing (next stored: \(seq))") }
    guard let prev = rows.hash(row, 9), let stored = rows.hash(row, 10) else { return bad("a hash is not 32 bytes") }
    guard prev == expected.hash else { return bad("its previous hash does not link to record \(expected.seq)") }
    let ms = rows.int(row, 1)
    let actor = StoreActor(
      login: rows.text(row, 3), uid: UInt32(truncatingIfNeeded: rows.int(row, 2)), tty: rows.text(row, 4),
      sshClient: rows.text(row, 5))
    let type = rows.text(row, 6)
    let payload = rows.bytes(row, 7)
    let batchEnd = rows.bool(row, 8)
    let hash = RecordFrame.hash(
      seq: seq, milliseconds: ms, prev: prev, actor: actor, type: type, payload: payload, batchEnd: batchEnd)
    guard hash == stored else { return bad("its SHA-256 does not match its contents: the row was changed") }
    return .success(
      (
        Record(
          seq: seq, time: RecordFrame.date(milliseconds: ms), actor: actor, type: type, payload: payload,
          prevHash: prev, hash: hash), batchEnd
      ))
  }

  /// Reads verified records from `seq` on, page by page; `body` runs without the lock.
  private func readVerified(from seq: UInt64, _ body: ([Record]) throws -> Void) throws {
    let first = max(seq, 1)
    lock.lock()
    var expected: Head
    do {
      try ensureConnected()
      guard let hash = try storedHash(first - 1) else {
        lock.unlock()
        return  // nothing at or after `seq` (the log ends before it)
      }
      expected = Head(seq: first - 1, hash: hash)
    } catch {
      lock.unlock()
      throw error
    }
    lock.unlock()
    while true {
      lock.lock()
      var records: [Record] = []
      var count = 0
      do {
        try ensureConnected()
        let rows = try fetch(from: expected.seq + 1)
        count = rows.count
        for row in 0..<rows.count {
          switch Self.check(rows, row, expected: expected, place: location) {
          case .success(let (record, _)):
            records.append(record)
            expected = record.head
          case .failure(let damage):
            noteDamage(damage)
            lock.unlock()
            if !records.isEmpty { try body(records) }
            throw damage.error
          }
        }
        advance(to: expected)
      } catch {
        lock.unlock()
        throw error
      }
      lock.unlock()
      if !records.isEmpty { try body(records) }
      if count < Self.page { return }
    }
  }

  public func read(from seq: UInt64, _ body: (Record) throws -> Void) throws {
    try readVerified(from: seq) { records in
      for record in records { try body(record) }
    }
  }

  @discardableResult
  public func catchUp(_ body: (Record) throws -> Void) throws -> Int {
    lock.lock()
    do {
      try ensureConnected()
    } catch {
      lock.unlock()
      throw error
    }
    if !connection.notifications().isEmpty { pending = true }
    // Nothing was notified since the last look: nothing to read (no query at all).
    guard pending || !listening else {
      lock.unlock()
      return 0
    }
    pending = false
    let from = delivered
    lock.unlock()
    var records: [Record] = []
    do {
      try readVerified(from: from.seq + 1) { records += $0 }
    } catch {
      lock.lock()
      pending = true
      lock.unlock()
      throw error
    }
    do {
      for record in records { try body(record) }
    } catch {
      lock.lock()
      pending = true
      lock.unlock()
      throw error
    }
    lock.lock()
    if delivered == from, let last = records.last { delivered = last.head }
    lock.unlock()
    return records.count
  }

  public func mayHaveChanged() -> Bool {
    lock.lock()
    defer { lock.unlock() }
    guard connection.isOK, listening else { return true }
    if !connection.notifications().isEmpty { pending = true }
    return pending
  }

  /// The hall's processes take turns deciding: a session-level advisory lock (released by the server if
  /// this connection dies), taken with naps until `seconds` have passed.
  public func withDecisionLock<T>(waiting seconds: Double, _ body: () throws -> T) throws -> T {
    guard !isReadOnly else { return try body() }
    let key = "griddesk.decide." + address.hall
    let start = DispatchTime.now().uptimeNanoseconds
    let limit = UInt64(max(0, seconds) * 1_000_000_000)
    var nap: UInt32 = 200
    while true {
      lock.lock()
      let got: Bool
      do {
        try ensureConnected()
        got = try connection.query("SELECT pg_try_advisory_lock(hashtext($1))", [.text(key)]).bool(0, 0)
      } catch {
        lock.unlock()
        throw error
      }
      lock.unlock()
      if got { break }
      if DispatchTime.now().uptimeNanoseconds - start >= limit { throw StoreError.decisionBusyError(seconds: seconds) }
      usleep(nap)
      nap = min(nap * 2, 20_000)
    }
    defer {
      lock.lock()
      // Releasing fails only with the connection gone, and then the server has released it already.
      _ = try? connection.query("SELECT pg_advisory_unlock(hashtext($1))", [.text(key)])
      lock.unlock()
    }
    return try body()
  }

  // MARK: - Snapshots

  public func writeSnapshot(_ bytes: [UInt8], covering head: Head) throws {
    lock.lock()
    defer { lock.unlock() }
    if openedReadOnly { throw StoreError.readOnlyError(location, because: nil) }
    try ensureConnected()
    guard try storedHash(head.seq) == head.hash else {
      throw StoreError(
        .snapshotMismatch, zh: "快照对应的日志头 \(head) 与日志不符，未写入。",
        en: "The snapshot's head \(head) is not in the log; not written.")
    }
    let hall = SQLValue.text(address.hall)
    try connection.query(
      "INSERT INTO griddesk.snapshots (hall, seq, hash, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
      [hall, .int(Int64(head.seq)), .bytes(head.hash.bytes), .bytes(bytes)])
    // The previous snapshot is kept; older ones go.
    try connection.query(
      """
      DELETE FROM griddesk.snapshots WHERE hall = $1 AND seq < (
        SELECT seq FROM griddesk.snapshots WHERE hall = $1 AND seq < $2 ORDER BY seq DESC LIMIT 1)
      """, [hall, .int(Int64(head.seq))])
  }

  public func latestSnapshot() -> (head: Head, bytes: [UInt8])? {
    lock.lock()
    defer { lock.unlock() }
    do {
      try ensureConnected()
      let rows = try connection.query(
        """
        SELECT s.seq, s.hash, s.bytes FROM griddesk.snapshots s
        JOIN griddesk.events e ON e.hall = s.hall AND e.seq = s.seq AND e.hash = s.hash
        WHERE s.hall = $1 ORDER BY s.seq DESC LIMIT 1
        """, [.text(address.hall)])
      guard rows.count == 1, let hash = rows.hash(0, 1) else { return nil }
      return (Head(seq: UInt64(rows.int(0, 0)), hash: hash), rows.bytes(0, 2))
    } catch {
      // A snapshot only spares replaying the log: without one the engine replays it all.
      return nil
    }
  }

  // MARK: - Verify, backup

  public func verify(since: Head?) -> VerifyReport {
    var head = Head.empty
    var records: UInt64 = 0
    var bytes = 0
    var damage: Damage?
    var sinceFound: Bool? = since.map { $0.seq == 0 ? $0.hash == .zero : false }
    lock.lock()
    defer { lock.unlock() }
    do {
      try ensureConnected()
      while true {
        let rows = try fetch(from: head.seq + 1)
        for row in 0..<rows.count {
          switch Self.check(rows, row, expected: head, place: location) {
          case .success(let (record, _)):
            head = record.head
            records += 1
            bytes += RecordFrame.frameSize(actor: record.actor, type: record.type, payload: record.payload.count)
            if let since, since.seq == record.seq { sinceFound = since.hash == record.hash }
          case .failure(let bad):
            damage = bad
          }
          if damage != nil { break }
        }
        if damage != nil || rows.count < Self.page { break }
      }
      if damage == nil {
        // Records removed from the end (behind the trigger's back) leave the hall's head beyond them.
        let hall = try connection.query(
          "SELECT head_seq FROM griddesk.halls WHERE name = $1", [.text(address.hall)])
        if hall.count == 1, UInt64(hall.int(0, 0)) > head.seq {
          damage = Damage.record(
            in: location, seq: head.seq + 1,
            reason:
              "the hall's head is record \(hall.int(0, 0)) but the events end at \(head.seq): records were removed")
        }
      }
    } catch let error as StoreError {
      damage = Damage.record(in: location, seq: head.seq + 1, reason: error.en)
    } catch {
      damage = Damage.record(in: location, seq: head.seq + 1, reason: "\(error)")
    }
    if let damage { noteDamage(damage) }
    var problem: StoreError?
    if let since, sinceFound != true {
      problem =
        since.seq > head.seq
        ? StoreError(
          .headMismatch, zh: "日志只到 \(head.seq) 号，比记下的头 \(since.seq) 短：记录可能被删除。",
          en: "The log ends at seq \(head.seq), before the recorded head \(since.seq): records may have been removed.")
        : StoreError(
          .headMismatch, zh: "第 \(since.seq) 号记录的哈希与记下的不同：历史被改写过。",
          en: "The hash of record \(since.seq) differs from the recorded one: history was rewritten.")
    }
    return VerifyReport(
      head: head, records: records, bytes: bytes, firstDamage: damage,
      extendsSince: since.map { _ in sinceFound ?? false },
      sinceProblem: problem)
  }

  /// Writes the hall's log up to the current head into a new directory store, batch by batch (so every
  /// record keeps its hash), with the newest snapshot; verifies the copy; records the backup.
  public func backup(to destination: String) throws -> BackupReport {
    let head = try StoreCopy.toDirectory(from: self, to: destination)
    let now = Date()
    if !openedReadOnly {
      lock.lock()
      defer { lock.unlock() }
      try ensureConnected()
      try connection.query(
        "INSERT INTO griddesk.backups (hall, time, head, destination) VALUES ($1, to_timestamp($2::float8 / 1000), $3, $4)",
        [.text(address.hall), .int(RecordFrame.milliseconds(now)), .text(head.description), .text(destination)])
    }
    let bytes = LogStore.verify(directory: destination).bytes
    return BackupReport(destination: destination, head: head, bytes: bytes, time: now)
  }

  public var lastBackup: BackupInfo? {
    lock.lock()
    defer { lock.unlock() }
    do {
      try ensureConnected()
      let rows = try connection.query(
        """
        SELECT (extract(epoch FROM time) * 1000)::bigint, head, destination FROM griddesk.backups
        WHERE hall = $1 ORDER BY time DESC LIMIT 1
        """, [.text(address.hall)])
      guard rows.count == 1, let head = Head(parsing: rows.text(0, 1)) else { return nil }
      return BackupInfo(time: RecordFrame.date(milliseconds: rows.int(0, 0)), head: head, destination: rows.text(0, 2))
    } catch {
      // Shown on the readiness checklist only; a failure to read it shows as "no backup recorded".
      return nil
    }
  }

  // MARK: - Halls and copying

  /// The halls this login may open in the database (row-level security decides).
  public func halls() throws -> [String] {
    lock.lock()
    defer { lock.unlock() }
    try ensureConnected()
    let rows = try connection.query("SELECT name FROM griddesk.halls ORDER BY name")
    return (0..<rows.count).map { rows.text($0, 0) }
  }

  /// Appends records read from another log, keeping their seq, time, actor and hashes (a hall moved
  /// here from a directory): each batch in one transaction, the chain checked by the trigger and by
  /// recomputing every hash. Only onto the head the records continue.
  func appendCopied(_ batch: [(record: Record, ms: Int64, batchEnd: Bool)]) throws {
    lock.lock()
    defer { lock.unlock() }
    try ensureConnected()
    try connection.execute("BEGIN")
    do {
      try insert(batch)
      try connection.execute("COMMIT")
      if let last = batch.last { advance(to: last.record.head) }
    } catch {
      if connection.isOK {
        // As in `append`: end the failed transaction, or drop the connection.
        // try? is safe here: a failed reconnect leaves the connection down, and the next call reconnects
        // and reports it; the error being thrown below is the one the caller must see.
        do { try connection.execute("ROLLBACK") } catch { try? connection.reconnect() }
      }
      throw error
    }
  }
}
