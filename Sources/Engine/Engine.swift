import Domain
import Foundation
import Store

/// The one place where a decision meets the log: decide a command against the projections, append
/// its events durably, then apply them. It also keeps the projections in step with what other
/// processes append. One engine per store per process; not shared across threads.
public final class Engine {
  /// The log, whichever backend holds it (a directory, or a hall in PostgreSQL).
  public let store: any EventLog
  public private(set) var state: DomainState
  /// The operating-system login this process acts as.
  public let login: String
  private let clock: () -> Date
  private let actorTemplate: StoreActor
  /// Records applied since the last snapshot, to decide when another is worth writing.
  public private(set) var sinceSnapshot = 0
  /// The events recorded by the last successful `execute`.
  public private(set) var lastEvents: [Event] = []
  /// What opening found: a loaded or rejected snapshot, a cut torn tail, corruption.
  public private(set) var notes: [Localized] = []
  private var degraded = false
  /// How long a command waits for another terminal's decision before it is refused with a message
  /// saying so (rather than freezing the screen).
  public var decisionWait = LogStore.decisionWait
  /// The first record this build cannot read (a newer GridDesk wrote it): the engine applied everything
  /// before it and nothing from it on, and records nothing more (`isReadOnly`).
  public private(set) var unreadable: UnreadableRecord?
  /// Where the personal-data key is looked for (`PersonalDataKeyFile.location`).
  public let keyFile: String
  private var ring: PersonalDataKeyRing?
  private var ringError: KeyFileError?
  /// Why personal data can be neither opened nor sealed (the store seals, and its key is missing, not
  /// readable or not the one the log recorded); nil when all is well or the store does not seal.
  public private(set) var keyProblem: KeyFileError?
  /// Sealed values that could not be opened (shown as `SealedText.placeholder`).
  public private(set) var unopenedValues = 0

  /// Opens the engine on a store: loads the newest valid snapshot, then replays the rest of the log.
  /// - Parameters:
  ///   - login: the OS account; `StoreActor.current(login:)` adds uid, tty and SSH client.
  ///   - clock: injected; the wall clock in production.
  ///   - keyFile: the personal-data key file; by default `$GRIDDESK_KEY`, else `DIR.key` beside the store.
  public init(store: any EventLog, login: String, clock: @escaping () -> Date = Date.init, keyFile: String? = nil)
    throws
  {
    self.store = store
    self.login = login
    self.clock = clock
    self.actorTemplate = StoreActor.current(login: login)
    self.keyFile =
      keyFile
      ?? PersonalDataKeyFile.location(forStore: store.keyFileBase, environment: ProcessInfo.processInfo.environment)
    do {
      ring = try PersonalDataKeyFile.load(path: self.keyFile)
    } catch {
      ringError = error
    }
    let reader = ring.map { KeyCipher(ring: $0, currentVersion: 0) }
    var unopened = 0
    var state = DomainState()
    var from: UInt64 = 1
    if let snap = store.latestSnapshot() {
      do {
        state = try DomainState(snapshot: snap.bytes, opening: reader)
        from = snap.head.seq + 1
      } catch let error as DomainError where error.code == .snapshotKey {
        // Without the key the sealed customers of the snapshot cannot be read; the log has them.
        state = DomainState()
      } catch {
        notes.append(Localized("快照无法读取, 已从日志重建", "Snapshot unreadable: rebuilt from the log"))
        state = DomainState()
      }
    }
    do {
      try store.read(from: from) { record in
        let event = try Engine.event(of: record).opened(with: reader, unopened: &unopened)
        state.apply(event, EventMeta(seq: record.seq, at: record.time, by: record.actor.login))
      }
    } catch let error as UnreadableRecord {
      // Everything before it is applied; from it on, a newer GridDesk's records are not understood.
      unreadable = error
      notes.append(error.message)
      degraded = true
    } catch let error as StoreError {
      // Damage: keep what was read before it; the store is read-only from here on.
      notes.append(Localized(error.zh, error.en))
      degraded = true
    } catch let error as DomainError {
      notes.append(error.message)
      degraded = true
    }
    self.state = state
    self.sinceSnapshot = Int(store.head.seq - (from - 1))
    self.unopenedValues = unopened
    for note in store.openNotes { notes.append(Localized(note.zh, note.en)) }
    checkKey(reload: false)
    if let keyProblem { notes.append(Localized(keyProblem.zh, keyProblem.en)) }
    if keyProblem == nil && !state.keyVersions.isEmpty, let ring {
      for warning in ring.warnings { notes.append(Localized(warning.zh, warning.en)) }
    }
    if keyProblem == nil && unopened > 0 {
      // The key is the recorded one, yet some values do not open: bytes changed, which verify locates.
      notes.append(
        Localized(
          "有 \(unopened) 项加密的个人信息无法解密, 显示为“已加密”; 请运行 griddesk verify",
          "\(unopened) sealed personal values do not open and show as sealed; run griddesk verify"))
    }
  }

  /// Whether the key file holds every key version the log recorded, each the one recorded. A version
  /// the ring lacks may have been added by another process since the file was read: the file is read
  /// again once (`reload`).
  private func checkKey(reload: Bool) {
    keyProblem = nil
    guard !state.keyVersions.isEmpty else { return }
    if reload, ring == nil || state.keyVersions.contains(where: { ring?.fingerprint(version: $0.version) == nil }) {
      do {
        ring = try PersonalDataKeyFile.load(path: keyFile)
        ringError = nil
      } catch {
        ring = nil
        ringError = error
      }
    }
    guard let ring else {
      keyProblem = ringError ?? .missing(path: keyFile)
      return
    }
    for added in state.keyVersions {
      guard let fingerprint = ring.fingerprint(version: added.version) else {
        keyProblem = .versionMissing(path: keyFile, version: added.version)
        return
      }
      if fingerprint != added.fingerprint {
        keyProblem = .wrongKey(path: keyFile, version: added.version)
        return
      }
    }
  }

  /// The cipher new personal data is sealed with: nil when the store does not seal (written before
  /// sealing, and no key added since).
  private func sealingCipher() throws(EngineError) -> KeyCipher? {
    guard let version = state.currentKeyVersion else { return nil }
    if let keyProblem { throw .personalDataKey(keyProblem) }
    guard let ring else { throw .personalDataKey(ringError ?? .missing(path: keyFile)) }
    return KeyCipher(ring: ring, currentVersion: version)
  }

  /// A log record's event, with its personal data opened where the key allows (for exports).
  public func event(of record: Record) throws -> Event {
    var unopened = 0
    return try Event(type: record.type, payload: record.payload)
      .opened(with: ring.map { KeyCipher(ring: $0, currentVersion: 0) }, unopened: &unopened)
  }

  public var now: Date { clock() }

  /// The staff record of this process's account, if registered.
  public var me: StaffMember? { state.staff[login] }

  public var isDemo: Bool { store.manifest.demo }
  /// Read-only when the store is, or when the log could not be replayed to its head (damage, or events
  /// of a newer version): recording decisions made on incomplete projections would be wrong.
  /// So is an engine whose store seals personal data and lacks its key (`keyProblem`).
  public var isReadOnly: Bool { store.isReadOnly || degraded || state.orders.isDamaged || keyProblem != nil }

  /// Why nothing can be recorded, when a record of a newer GridDesk stopped the engine; nil otherwise
  /// (also when the store is merely damaged or opened read-only: `EngineError.readOnly` says that).
  public var stopMessage: Localized? { unreadable?.message }

  /// Whether this process opened the store read-only by choice (`--read-only`): it may look at
  /// everything and records nothing, and says so rather than that the store may be damaged.
  public var isReadOnlyByChoice: Bool { store.openedReadOnly }

  /// The error a refused change gets while `isReadOnly`.
  public var readOnlyError: EngineError {
    if let keyProblem { return .personalDataKey(keyProblem) }
    if let unreadable { return .newerVersion(unreadable) }
    return isReadOnlyByChoice ? .readOnlyByChoice : .readOnly
  }

  /// Why nothing can be recorded now, in words for the person at the keyboard; nil when it can.
  public var recordingRefusal: Localized? { isReadOnly ? readOnlyError.message : nil }

  /// A record's event, or `UnreadableRecord` when this build does not know its type or cannot decode its
  /// fields (the store has already verified its bytes: a newer GridDesk wrote them).
  static func event(of record: Record) throws(UnreadableRecord) -> Event {
    do {
      return try Event(type: record.type, payload: record.payload)
    } catch {
      throw UnreadableRecord(
        seq: record.seq, type: record.type, knownType: Event.allTypes.contains(record.type),
        detail: String(describing: error))
    }
  }

  /// Decides and records a command as this process's account, now.
  /// - Returns: the seqs of the events appended.
  @discardableResult
  public func execute(_ command: Command) throws(EngineError) -> [UInt64] {
    try execute(command, as: nil, at: nil)
  }

  /// Decides and records a command; acting as another account or at another time is allowed only on
  /// a demo store (for deterministic demos and tests). Any override is refused elsewhere, even one
  /// naming this process's own account: a real store's records carry the OS account and the clock.
  @discardableResult
  public func execute(_ command: Command, as other: String?, at time: Date?) throws(EngineError) -> [UInt64] {
    if other != nil || time != nil {
      guard isDemo else { throw .demoOnly }
    }
    if let keyProblem { throw .personalDataKey(keyProblem) }
    guard !isReadOnly else { throw readOnlyError }
    // The hall's processes take turns deciding (DIR/DECIDE), so each decision is made on the newest
    // records; the conditional write below still guards against any other writer.
    var outcome: Result<(events: [Event], batch: WrittenBatch), EngineError> = .failure(.readOnly)
    do {
      try store.withDecisionLock(waiting: decisionWait) {
        do throws(EngineError) {
          outcome = .success(try decideAndWrite(command, as: other ?? login, at: time))
        } catch {
          outcome = .failure(error)
        }
      }
    } catch {
      // Another terminal kept the lock past `decisionWait`: nothing was decided; the message says so.
      throw .store(error)
    }
    let (events, batch) = try outcome.get()
    // Acknowledged once durable, waited for after the lock is let go: the next terminal decides while the
    // disk flushes, and one flush carries several terminals' decisions (group commit).
    let records: [Record]
    do {
      records = try store.awaitDurable(batch)
    } catch {
      throw .store(error)
    }
    for (event, record) in zip(events, records) where record.seq > state.seq {
      state.apply(event, EventMeta(seq: record.seq, at: record.time, by: record.actor.login))
    }
    sinceSnapshot += records.count
    lastEvents = events
    return records.map(\.seq)
  }

  /// Decides the command on the newest records and writes its events (not yet durable: `execute` waits).
  private func decideAndWrite(
    _ command: Command, as actor: String, at time: Date?
  ) throws(EngineError) -> (events: [Event], batch: WrittenBatch) {
    var attempt = 0
    while true {
      attempt += 1
      do {
        _ = try catchUp()
      } catch let error as EngineError {
        throw error
      } catch {
        throw .store(error)
      }
      let at = time ?? clock()
      let events: [Event]
      do {
        events = try decide(command, state: state, login: actor, now: at, head: store.head.description)
      } catch {
        throw .domain(error)
      }
      var pending: [PendingRecord] = []
      let cipher = try sealingCipher()
      do {
        for event in events {
          var who = actorTemplate
          who.login = actor
          // Personal data goes to the log sealed; the projections keep it open.
          let stored = try cipher.map { try event.sealed(with: $0) } ?? event
          pending.append(PendingRecord(time: at, actor: who, type: event.type, payload: try stored.payload()))
        }
      } catch {
        throw .encoding(String(describing: error))
      }
      // The decision was made on the state as of `expected`; if another process appended in between,
      // decide again on the newer state rather than record a decision made on stale data.
      let expected = state.seq
      do {
        return (events, try store.write(pending, expectingHead: expected))
      } catch let error as StoreError where error.code == .headMoved && attempt < 20 {
        continue
      } catch {
        throw .store(error)
      }
    }
  }

  /// Applies what other processes appended since the last look.
  ///
  /// At a record this build cannot read (written by a newer GridDesk) it stops for good: everything
  /// before that record is applied, the engine becomes read-only (`unreadable`, `stopMessage`), and this
  /// and every later call throw `EngineError.newerVersion`. Store damage is thrown as the `StoreError`.
  /// - Returns: the number of records applied.
  @discardableResult
  public func catchUp() throws -> Int {
    if let unreadable { throw EngineError.newerVersion(unreadable) }
    let reader = ring.map { KeyCipher(ring: $0, currentVersion: 0) }
    var keyAdded = false
    var applied = 0
    do {
      try store.catchUp { record in
        guard record.seq > state.seq else { return }
        let event = try Engine.event(of: record).opened(with: reader, unopened: &unopenedValues)
        if case .personalDataKeyAdded = event { keyAdded = true }
        state.apply(event, EventMeta(seq: record.seq, at: record.time, by: record.actor.login))
        applied += 1
      }
    } catch let error as UnreadableRecord {
      unreadable = error
      notes.append(error.message)
      degraded = true
      sinceSnapshot += applied
      throw EngineError.newerVersion(error)
    }
    // Another process added a key version (griddesk key rotate): read the key file again.
    if keyAdded { checkKey(reload: true) }
    sinceSnapshot += applied
    return applied
  }

  /// Writes a snapshot of the projections at the current head.
  public func writeSnapshot() throws {
    guard !isReadOnly else { return }
    let head = store.head
    guard head.seq == state.seq else { return }
    // A store that seals gets a sealed snapshot; without the key the engine is read-only (above).
    let bytes = try state.snapshotBytes(sealing: try sealingCipher())
    // Encoding decodes any orders still encoded: a damaged snapshot is never copied into a new one.
    guard !state.orders.isDamaged else { return }
    try store.writeSnapshot(bytes, covering: head)
    sinceSnapshot = 0
  }

  /// Writes a snapshot when enough has happened since the last one (called on exit).
  public func snapshotIfWorthIt(threshold: Int = 5_000) {
    if sinceSnapshot >= threshold { try? writeSnapshot() }
  }

  /// On a new store the first account becomes admin; afterwards this does nothing.
  /// - Parameter sealPersonalData: also create the personal-data key (`griddesk init`): the key file is
  ///   written first, so a store whose key could not be written stays empty and the next open tries again.
  /// - Returns: whether this call made the admin (false when the store already had staff, or another
  ///   process bootstrapped it meanwhile).
  @discardableResult
  public func bootstrapIfNew(name: String, sealPersonalData: Bool = false) throws(EngineError) -> Bool {
    guard state.staff.isEmpty, !isReadOnly else { return false }
    guard sealPersonalData, state.keyVersions.isEmpty else {
      try execute(Command(BootstrapAdmin(name: name)))
      return true
    }
    var made = false
    // In turn with the hall's other processes: of several creating the store at once, one writes the key
    // file and the others, catching up, find the store bootstrapped and leave the file alone.
    var outcome: Result<Void, EngineError> = .success(())
    do {
      try store.withDecisionLock(waiting: decisionWait) {
        do throws(EngineError) {
          do {
            _ = try catchUp()
          } catch {
            throw .store(error)
          }
          guard state.staff.isEmpty, state.keyVersions.isEmpty else { return }
          let (ring, version) = try addKeyVersion()
          try execute(Command(BootstrapAdmin(name: name)))
          made = true
          try recordKeyVersion(version, ring: ring)
        } catch {
          outcome = .failure(error)
        }
      }
    } catch {
      throw .store(error)
    }
    try outcome.get()
    return made
  }

  /// Adds a new version of the personal-data key (`griddesk key rotate`, an admin's act): writes it to
  /// the key file, keeping the older versions to open older records, then records its fingerprint in
  /// the log; from then on every process seals new personal data with it. On a store written before
  /// sealing this creates the key and starts sealing (older records stay as they are).
  /// - Returns: the new version.
  @discardableResult
  public func rotateKey() throws(EngineError) -> Int {
    // Two admins rotating at once must not both write the file: the hall decides in turn (DIR/DECIDE).
    var outcome: Result<Int, EngineError> = .failure(.readOnly)
    do {
      try store.withDecisionLock(waiting: decisionWait) {
        do throws(EngineError) {
          outcome = .success(try rotateKeyInTurn())
        } catch {
          outcome = .failure(error)
        }
      }
    } catch {
      throw .store(error)
    }
    return try outcome.get()
  }

  private func rotateKeyInTurn() throws(EngineError) -> Int {
    do {
      _ = try catchUp()
    } catch {
      throw .store(error)
    }
    if let keyProblem { throw .personalDataKey(keyProblem) }
    guard !isReadOnly else { throw readOnlyError }
    // Checks the role before the key file is touched (the version and fingerprint do not matter here).
    do {
      let probe = AddPersonalDataKey(version: (state.currentKeyVersion ?? 0) + 1, fingerprint: "-")
      _ = try decide(Command(probe), state: state, login: login, now: clock())
    } catch {
      throw .domain(error)
    }
    let (ring, version) = try addKeyVersion()
    try recordKeyVersion(version, ring: ring)
    return version
  }

  private func addKeyVersion() throws(EngineError) -> (PersonalDataKeyRing, Int) {
    do {
      return try PersonalDataKeyFile.addVersion(
        path: keyFile, storeDirectory: store.keyFileBase, atLeastAbove: state.currentKeyVersion ?? 0, now: clock())
    } catch {
      throw .personalDataKey(error)
    }
  }

  private func recordKeyVersion(_ version: Int, ring: PersonalDataKeyRing) throws(EngineError) {
    self.ring = ring
    ringError = nil
    try execute(
      Command(AddPersonalDataKey(version: version, fingerprint: ring.fingerprint(version: version) ?? "")))
    checkKey(reload: false)
  }
}

/// The key ring as the domain's cipher.
struct KeyCipher: PersonalDataCipher {
  let ring: PersonalDataKeyRing
  let currentVersion: Int

  func seal(_ plaintext: [UInt8], version: Int, context: [UInt8]) throws -> [UInt8] {
    try ring.seal(plaintext, version: version, context: context)
  }

  func open(_ sealed: [UInt8], version: Int, context: [UInt8]) throws -> [UInt8] {
    try ring.open(sealed, version: version, context: context)
  }
}

/// A record in the log that this build cannot read: its type is unknown here, or its fields do not
/// decode (a newer GridDesk added or changed them). The engine stops before it.
public struct UnreadableRecord: Error, Sendable, Hashable {
  public var seq: UInt64
  public var type: String
  /// Whether this build knows the type (then a field could not be read).
  public var knownType: Bool
  /// What the decoder said, for an administrator.
  public var detail: String

  public var message: Localized {
    let zh =
      knownType ? "第 \(seq) 号记录 (\(type)) 有本程序读不懂的字段" : "第 \(seq) 号记录的类型 \(type) 本程序不认识"
    let en =
      knownType
      ? "record \(seq) (\(type)) has fields this one cannot read"
      : "record \(seq) is of a type this one does not know (\(type))"
    return Localized(
      "较新版本的 GridDesk 已写入本存储库: \(zh)。只显示此前的数据, 不能记录; 请先升级本机的 GridDesk",
      "A newer GridDesk has written to this store: \(en). Only what came before it is shown and nothing can be "
        + "recorded: upgrade GridDesk on this machine")
  }
}

/// Why a command could not be recorded.
public enum EngineError: Error, Sendable {
  case domain(DomainError)
  case store(Error)
  case encoding(String)
  case demoOnly
  case readOnly
  /// The store was opened read-only on purpose (`--read-only`).
  case readOnlyByChoice
  /// The log holds a record of a newer GridDesk; this one must be upgraded before it records anything.
  case newerVersion(UnreadableRecord)
  /// The store seals personal data and its key is missing, unreadable or wrong; or writing it failed.
  case personalDataKey(KeyFileError)

  public var message: Localized {
    switch self {
    case .domain(let e): e.message
    case .store(let e):
      if let s = e as? StoreError { Localized(s.zh, s.en) } else { Localized("存储错误: \(e)", "Store error: \(e)") }
    case .encoding(let s): Localized("事件编码失败: \(s)", "Could not encode the event: \(s)")
    case .demoOnly:
      Localized(
        "只有演示库 (griddesk init --demo) 才能指定时间或代他人操作",
        "Only a demo store (griddesk init --demo) accepts a clock override or acting as someone else")
    case .readOnly:
      Localized(
        "存储为只读 (已损坏或以只读方式打开), 不能记录; 请运行 griddesk verify",
        "The store is read-only (damaged or opened read-only): nothing can be recorded; run griddesk verify")
    case .readOnlyByChoice:
      Localized(
        "只读模式 (以 --read-only 打开): 可以查看, 不能记录", "Read-only by choice (opened with --read-only): nothing is recorded")
    case .newerVersion(let record): record.message
    case .personalDataKey(let e): Localized(e.zh, e.en)
    }
  }

  public var code: String {
    switch self {
    case .domain(let e): e.code.rawValue
    case .store(let e): "store." + ((e as? StoreError).map { String(describing: $0.code) } ?? "error")
    case .encoding: "event.encoding"
    case .demoOnly: "demo.only"
    case .readOnly: "store.read-only"
    case .readOnlyByChoice: "store.read-only-mode"
    case .newerVersion: "store.newer-version"
    case .personalDataKey(let e): "key." + e.code.rawValue
    }
  }
}
