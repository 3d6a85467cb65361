import Domain
import Foundation
import Store

/// The one place where a decision meets the log: decide a command against the projections, append
/// its events durably, then apply them. It also keeps the projections in step with what other
/// processes append. One engine per store per process; not shared across threads.
public final class Engine {
  public let store: LogStore
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

  /// Opens the engine on a store: loads the newest valid snapshot, then replays the rest of the log.
  /// - Parameters:
  ///   - login: the OS account; `StoreActor.current(login:)` adds uid, tty and SSH client.
  ///   - clock: injected; the wall clock in production.
  public init(store: LogStore, login: String, clock: @escaping () -> Date = Date.init) throws {
    self.store = store
    self.login = login
    self.clock = clock
    self.actorTemplate = StoreActor.current(login: login)
    var state = DomainState()
    var from: UInt64 = 1
    if let snap = store.latestSnapshot() {
      do {
        state = try DomainState(snapshot: snap.bytes)
        from = snap.head.seq + 1
      } catch {
        notes.append(Localized("快照无法读取, 已从日志重建", "Snapshot unreadable: rebuilt from the log"))
        state = DomainState()
      }
    }
    do {
      try store.read(from: from) { record in
        let event = try Event(type: record.type, payload: record.payload)
        state.apply(event, EventMeta(seq: record.seq, at: record.time, by: record.actor.login))
      }
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
    for note in store.openNotes { notes.append(Localized(note.zh, note.en)) }
  }

  public var now: Date { clock() }

  /// The staff record of this process's account, if registered.
  public var me: StaffMember? { state.staff[login] }

  public var isDemo: Bool { store.manifest.demo }
  /// Read-only when the store is, or when the log could not be replayed to its head (damage, or events
  /// of a newer version): recording decisions made on incomplete projections would be wrong.
  public var isReadOnly: Bool { store.isReadOnly || degraded || state.orders.isDamaged }

  /// Decides and records a command as this process's account, now.
  /// - Returns: the seqs of the events appended.
  @discardableResult
  public func execute(_ command: Command) throws(EngineError) -> [UInt64] {
    try execute(command, as: nil, at: nil)
  }

  /// Decides and records a command; acting as another account or at another time is allowed only on
  /// a demo store (for deterministic demos and tests).
  @discardableResult
  public func execute(_ command: Command, as other: String?, at time: Date?) throws(EngineError) -> [UInt64] {
    if (other != nil && other != login) || time != nil {
      guard isDemo else { throw .demoOnly }
    }
    guard !isReadOnly else { throw .readOnly }
    // The hall's processes take turns deciding (DIR/DECIDE), so each decision is made on the newest
    // records; the conditional append below still guards against any other writer.
    var outcome: Result<[UInt64], EngineError> = .failure(.readOnly)
    store.withDecisionLock {
      do throws(EngineError) {
        outcome = .success(try decideAndAppend(command, as: other ?? login, at: time))
      } catch {
        outcome = .failure(error)
      }
    }
    return try outcome.get()
  }

  private func decideAndAppend(_ command: Command, as actor: String, at time: Date?) throws(EngineError) -> [UInt64] {
    var attempt = 0
    while true {
      attempt += 1
      do {
        _ = try catchUp()
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
      do {
        for event in events {
          var who = actorTemplate
          who.login = actor
          pending.append(PendingRecord(time: at, actor: who, type: event.type, payload: try event.payload()))
        }
      } catch {
        throw .encoding(String(describing: error))
      }
      // The decision was made on the state as of `expected`; if another process appended in between,
      // decide again on the newer state rather than record a decision made on stale data.
      let expected = state.seq
      let records: [Record]
      do {
        records = try store.append(pending, expectingHead: expected)
      } catch let error as StoreError where error.code == .headMoved && attempt < 20 {
        continue
      } catch {
        throw .store(error)
      }
      for (event, record) in zip(events, records) {
        state.apply(event, EventMeta(seq: record.seq, at: record.time, by: record.actor.login))
      }
      sinceSnapshot += records.count
      lastEvents = events
      return records.map(\.seq)
    }
  }

  /// Applies what other processes appended since the last look.
  /// - Returns: the number of records applied.
  @discardableResult
  public func catchUp() throws -> Int {
    let records = try store.catchUp()
    for record in records where record.seq > state.seq {
      let event = try Event(type: record.type, payload: record.payload)
      state.apply(event, EventMeta(seq: record.seq, at: record.time, by: record.actor.login))
    }
    sinceSnapshot += records.count
    return records.count
  }

  /// Writes a snapshot of the projections at the current head.
  public func writeSnapshot() throws {
    guard !isReadOnly else { return }
    let head = store.head
    guard head.seq == state.seq else { return }
    let bytes = try state.snapshotBytes()
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
  public func bootstrapIfNew(name: String) throws(EngineError) {
    guard state.staff.isEmpty, !isReadOnly else { return }
    try execute(Command(BootstrapAdmin(name: name)))
  }
}

/// Why a command could not be recorded.
public enum EngineError: Error, Sendable {
  case domain(DomainError)
  case store(Error)
  case encoding(String)
  case demoOnly
  case readOnly

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
    }
  }

  public var code: String {
    switch self {
    case .domain(let e): e.code
    case .store(let e): "store." + ((e as? StoreError).map { String(describing: $0.code) } ?? "error")
    case .encoding: "event.encoding"
    case .demoOnly: "demo.only"
    case .readOnly: "store.read-only"
    }
  }
}
