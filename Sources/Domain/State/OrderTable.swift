import Foundation

/// What the queue, its counts and the deadline warnings need of an order, kept for every order by
/// `OrderTable` so that they never need the whole order (its checklists, survey, scheme and timeline).
public struct OrderBrief: Sendable, Hashable {
  public var number: String
  public var customer: String
  public var type: String
  public var standardVersion: Int
  public var received: Date
  public var priority: Bool
  public var isArchived: Bool
  /// Index of the stage in progress (`stageCount` once every stage is done).
  public var current: Int
  public var stageCount: Int
  public var currentKind: StageKind?
  public var assignee: String?
  public var stageStarted: Date?
  public var suspensions: [Suspension]

  public init(_ order: Order) {
    number = order.number
    customer = order.customer
    type = order.type
    standardVersion = order.standardVersion
    received = order.received
    priority = order.priority
    isArchived = order.isArchived
    current = order.current
    stageCount = order.stages.count
    let stage = order.currentStage
    currentKind = stage?.kind
    assignee = stage?.assignee
    stageStarted = stage?.started
    suspensions = order.suspensions.map(\.clockSuspension)
  }

  init(
    number: String, customer: String, type: String, standardVersion: Int, received: Date, priority: Bool,
    isArchived: Bool, current: Int, stageCount: Int, currentKind: StageKind?, assignee: String?,
    stageStarted: Date?, suspensions: [Suspension]
  ) {
    self.number = number
    self.customer = customer
    self.type = type
    self.standardVersion = standardVersion
    self.received = received
    self.priority = priority
    self.isArchived = isArchived
    self.current = current
    self.stageCount = stageCount
    self.currentKind = currentKind
    self.assignee = assignee
    self.stageStarted = stageStarted
    self.suspensions = suspensions
  }

  public var isSuspended: Bool { suspensions.last.map { $0.to == nil } ?? false }
}

/// The orders, keyed by number. Used like a dictionary, with two differences that make opening a large
/// store fast:
///
/// - every order's `OrderBrief` is kept beside it (`briefs`), so the queue and the deadline warnings
///   read small records instead of whole orders;
/// - orders loaded from a snapshot stay encoded until first used: `self[number]` decodes only the chunk
///   of 4,096 orders that holds it, `values` decodes them all (on every core), and `prefetch()`
///   decodes them in the background meanwhile. Changed and new orders live decoded beside them.
///
/// It is a value: copies share the snapshot's bytes and the chunks decoded from them, which never change.
public struct OrderTable: Sendable {
  private var base: OrderChunks?
  /// Orders received or changed since the snapshot (or all of them without one).
  private var changed: [String: Order] = [:]
  public private(set) var briefs: [String: OrderBrief] = [:]

  public init() {}

  init(base: OrderChunks, briefs: [String: OrderBrief]) {
    self.base = base
    self.briefs = briefs
  }

  public var count: Int { briefs.count }
  public var isEmpty: Bool { briefs.isEmpty }
  public var keys: Dictionary<String, OrderBrief>.Keys { briefs.keys }

  public func brief(_ number: String) -> OrderBrief? { briefs[number] }

  public subscript(number: String) -> Order? {
    get {
      if let order = changed[number] { return order }
      guard briefs[number] != nil else { return nil }
      return base?.order(number)
    }
    set {
      changed[number] = newValue
      briefs[number] = newValue.map(OrderBrief.init)
    }
    _modify {
      if changed[number] == nil, briefs[number] != nil, let order = base?.order(number) {
        changed[number] = order
      }
      yield &changed[number]
      briefs[number] = changed[number].map(OrderBrief.init)
    }
  }

  /// Every order, decoded (orders still encoded are decoded first, on every core).
  public var values: [Order] {
    guard let base else { return Array(changed.values) }
    var all: [Order] = []
    all.reserveCapacity(briefs.count)
    for chunk in base.all() {
      for (number, order) in chunk where changed[number] == nil { all.append(order) }
    }
    all.append(contentsOf: changed.values)
    return all
  }

  public mutating func reserveCapacity(_ n: Int) {
    changed.reserveCapacity(n)
    briefs.reserveCapacity(n)
  }

  /// Starts decoding the orders still encoded, in the background, so that later uses find them ready.
  public func prefetch() { base?.prefetch() }

  /// Whether an order of the snapshot could not be decoded (a snapshot damaged in a way its checksum did
  /// not catch): such orders read as absent, and the engine stops recording decisions.
  public var isDamaged: Bool { base?.isDamaged ?? false }
}

extension OrderTable: Equatable {
  public static func == (a: OrderTable, b: OrderTable) -> Bool {
    guard a.briefs == b.briefs else { return false }
    let bOrders = Dictionary(uniqueKeysWithValues: b.values.map { ($0.number, $0) })
    return a.values.allSatisfy { bOrders[$0.number] == $0 }
  }
}

/// The orders of a snapshot, in chunks sorted by number, each decoded on first use.
final class OrderChunks: @unchecked Sendable {
  /// The encoded chunks, dropped once every chunk is decoded (they hold the whole snapshot's bytes).
  private var chunks: [ByteSlice]
  private let count: Int
  /// The first order number of each chunk.
  private let firsts: [String]
  private var decoded: [[String: Order]?]
  private var left: Int
  private var damaged = false
  private var prefetching = false
  private let lock = NSLock()

  init(chunks: [ByteSlice], firsts: [String]) {
    self.chunks = chunks
    count = chunks.count
    left = chunks.count
    self.firsts = firsts
    decoded = Array(repeating: nil, count: chunks.count)
  }

  var isDamaged: Bool { lock.withLock { damaged } }

  func order(_ number: String) -> Order? {
    // The last chunk whose first number is not after `number`.
    var low = 0
    var high = firsts.count
    while low < high {
      let mid = (low + high) / 2
      if firsts[mid] <= number { low = mid + 1 } else { high = mid }
    }
    guard low > 0 else { return nil }
    return chunk(low - 1)[number]
  }

  func chunk(_ i: Int) -> [String: Order] {
    let state = lock.withLock { () -> (done: [String: Order]?, bytes: ByteSlice?) in
      (decoded[i], decoded[i] == nil ? chunks[i] : nil)
    }
    if let done = state.done { return done }
    guard let bytes = state.bytes else { return [:] }
    // Decoded outside the lock: two threads may decode the same chunk, and the first result stays.
    var result: [String: Order] = [:]
    var failed = false
    do {
      let orders = try Order.decodeArray(bytes)
      result.reserveCapacity(orders.count)
      for o in orders { result[o.number] = o }
    } catch {
      failed = true
    }
    return lock.withLock {
      if failed { damaged = true }
      if let done = decoded[i] { return done }
      decoded[i] = result
      left -= 1
      if left == 0 { chunks = [] }
      return result
    }
  }

  /// Every chunk, decoded on every core.
  func all() -> [[String: Order]] {
    DispatchQueue.concurrentPerform(iterations: count) { _ = chunk($0) }
    return (0..<count).map { chunk($0) }
  }

  func prefetch() {
    let start = lock.withLock {
      defer { prefetching = true }
      return !prefetching
    }
    guard start, count > 0 else { return }
    DispatchQueue.global(qos: .utility).async { [self] in
      for i in 0..<count { _ = chunk(i) }
    }
  }
}
