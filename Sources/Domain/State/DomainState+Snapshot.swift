import Foundation

extension DomainState {
  /// The layout version of `SnapshotBody`; a snapshot of another version is ignored and rebuilt.
  public static let snapshotVersion = 11

  struct DayCount: Codable {
    var day: Int
    var count: Int
  }

  /// The projections in a form the positional binary codec can write: arrays, not dictionaries;
  /// standards and calendars as their data files.
  ///
  /// Written with chunks as byte arrays; read with `ByteSlice`s that point into the snapshot's bytes.
  struct SnapshotBody<Chunk> {
    var version: Int
    var standards: [String]
    var calendarFiles: [String]
    var staff: [StaffMember]
    /// The customers in chunks, like the orders.
    var customerChunks: [Chunk]
    var equipment: [Equipment]
    /// The orders in chunks sorted by number, each encoded on its own: opening decodes a chunk only
    /// when one of its orders is first used (see `OrderTable`).
    var orderChunks: [Chunk]
    /// The first order number of each chunk.
    var orderChunkFirsts: [String]
    /// Every order's brief, in chunks decoded at once (the queue needs them all).
    var briefChunks: [Chunk]
    var problems: [Problem]
    var readiness: [ReadinessCheck]
    var reveals: [RevealRecord]
    var ordersPerDay: [DayCount]
    var customerCount: Int
    var problemCount: Int
    var seq: UInt64
    var supervision: SupervisionState
    /// The personal-data key versions in use.
    var keyVersions: [PersonalDataKeyAdded]
    /// 0: the customer chunks are plain; otherwise each is sealed whole with this key version
    /// (`PersonalDataCipher`, context `snapshot.customers/INDEX`).
    var customerSeal: Int
  }

  /// The projections as bytes for a store snapshot. When the store seals personal data, `cipher` must
  /// be given: the customer chunks are then sealed whole (and nothing personal is written in the clear).
  public func snapshotBytes(sealing cipher: PersonalDataCipher? = nil) throws -> [UInt8] {
    if !keyVersions.isEmpty && cipher == nil { throw DomainError.snapshotNeedsKey }
    let sortedOrders = orders.values.sorted { $0.number < $1.number }
    var customerChunks = DomainState.encodeChunks(
      customers.values.sorted { $0.account < $1.account }, Customer.encodeArray)
    var customerSeal = 0
    if let cipher, !keyVersions.isEmpty {
      customerSeal = cipher.currentVersion
      for i in customerChunks.indices {
        customerChunks[i] = try cipher.seal(
          customerChunks[i], version: customerSeal, context: DomainState.chunkContext(i))
      }
    }
    let body = SnapshotBody<[UInt8]>(
      version: DomainState.snapshotVersion, standards: standards.map { $0.toTOML() }, calendarFiles: calendarFiles,
      staff: staff.values.sorted { $0.login < $1.login },
      customerChunks: customerChunks,
      equipment: equipment.values.sorted { $0.assetNo < $1.assetNo },
      orderChunks: DomainState.encodeChunks(sortedOrders, Order.encodeArray),
      orderChunkFirsts: stride(from: 0, to: sortedOrders.count, by: DomainState.ordersPerChunk).map {
        sortedOrders[$0].number
      },
      briefChunks: DomainState.encodeChunks(
        orders.briefs.values.sorted { $0.number < $1.number }, OrderBrief.encodeArray),
      problems: problems.values.sorted { $0.id < $1.id },
      readiness: readiness.keys.sorted().map { readiness[$0]! }, reveals: reveals,
      ordersPerDay: ordersPerDay.keys.sorted().map { DayCount(day: $0, count: ordersPerDay[$0]!) },
      customerCount: customerCount, problemCount: problemCount, seq: seq, supervision: supervision,
      keyVersions: keyVersions, customerSeal: customerSeal)
    return try BinaryEncoder().encode(body)
  }

  static func chunkContext(_ index: Int) -> [UInt8] { Array("snapshot.customers/\(index)".utf8) }

  /// Rebuilds the projections from snapshot bytes; throws when they are not a snapshot of this version,
  /// or when its customers are sealed and `cipher` cannot open them (the caller then replays the log).
  public init(snapshot bytes: [UInt8], opening cipher: PersonalDataCipher? = nil) throws {
    // The version comes first: a snapshot of another layout is told apart before its body is read.
    guard try BinarySource(bytes).decodeValue(Int.self) == DomainState.snapshotVersion else {
      throw DomainError.snapshotVersion
    }
    let body = try BinaryDecoder().decode(SnapshotBody<ByteSlice>.self, from: bytes)
    guard body.version == DomainState.snapshotVersion, !body.standards.isEmpty else {
      throw DomainError.snapshotVersion
    }
    var standards: [Standard] = []
    for text in body.standards { standards.append(try Standard.parse(toml: text, checkKeys: false)) }
    var calendar = WorkCalendar.bundled
    for file in body.calendarFiles { calendar = calendar.merging(try WorkCalendar.parse(toml: file, checkKeys: false)) }
    self.init(standard: standards[0], calendar: calendar)
    self.standards = standards
    self.calendarFiles = body.calendarFiles
    for m in body.staff { staff[m.login] = m }
    // Briefs and customers are decoded on every core at once; orders when first used.
    guard body.orderChunkFirsts.count == body.orderChunks.count else { throw DomainError.snapshotVersion }
    let briefs = try DomainState.decodeChunks(body.briefChunks, OrderBrief.decodeArray)
    var customerChunks = body.customerChunks
    if body.customerSeal != 0 {
      guard let cipher else { throw DomainError.snapshotNeedsKey }
      for i in customerChunks.indices {
        customerChunks[i] = ByteSlice(
          try cipher.open(
            Array(customerChunks[i].bytes[customerChunks[i].range]), version: body.customerSeal,
            context: DomainState.chunkContext(i)))
      }
    }
    let people = try DomainState.decodeChunks(customerChunks, Customer.decodeArray)
    // The three tables are built at once, each on its own core.
    let tables = SnapshotTables()
    DispatchQueue.concurrentPerform(iterations: 3) { part in
      switch part {
      case 0:
        tables.customers.reserveCapacity(people.reduce(0) { $0 + $1.count })
        for chunk in people {
          for c in chunk { tables.customers[c.account] = c }
        }
      case 1:
        tables.customerByID.reserveCapacity(people.reduce(0) { $0 + $1.count })
        for chunk in people {
          for c in chunk where !c.idNumber.isEmpty { tables.customerByID[c.idNumber] = c.account }
        }
      default:
        tables.briefs.reserveCapacity(briefs.reduce(0) { $0 + $1.count })
        for chunk in briefs {
          for b in chunk { tables.briefs[b.number] = b }
        }
      }
    }
    customers = tables.customers
    customerByID = tables.customerByID
    let briefTable = tables.briefs
    for e in body.equipment { equipment[e.assetNo] = e }
    orders = OrderTable(
      base: OrderChunks(chunks: body.orderChunks, firsts: body.orderChunkFirsts), briefs: briefTable)
    for p in body.problems { problems[p.id] = p }
    for r in body.readiness { readiness["\(r.login)|\(r.day)"] = r }
    reveals = body.reveals
    for d in body.ordersPerDay { ordersPerDay[d.day] = d.count }
    customerCount = body.customerCount
    problemCount = body.problemCount
    seq = body.seq
    supervision = body.supervision
    keyVersions = body.keyVersions
  }
}

extension DomainState.SnapshotBody: Encodable where Chunk: Encodable {}
extension DomainState.SnapshotBody: Decodable where Chunk: Decodable {}

extension DomainError {
  static let snapshotVersion = DomainError(
    .snapshotVersion, "快照版本不符, 将从日志重建", "Snapshot of another version: rebuilding from the log")
  static let snapshotNeedsKey = DomainError(
    .snapshotKey, "快照中的个人信息已加密, 没有密钥无法读写; 将从日志重建",
    "The snapshot's personal data is sealed and the key is not available: rebuilding from the log")
}

extension DomainState {
  /// Orders (or customers) per snapshot chunk: enough chunks to keep every core busy, few enough to stay cheap.
  static let ordersPerChunk = 4_096

  static func encodeChunks<T: Sendable>(_ values: [T], _ encode: @Sendable ([T]) -> [UInt8]) -> [[UInt8]] {
    let count = (values.count + ordersPerChunk - 1) / ordersPerChunk
    let results = ChunkResults<[UInt8]>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { i in
      results.set(
        i, .success(encode(Array(values[(i * ordersPerChunk)..<min(values.count, (i + 1) * ordersPerChunk)]))))
    }
    // Encoding cannot fail.
    return (try? results.values()) ?? []
  }

  static func decodeChunks<T>(_ chunks: [ByteSlice], _ decode: @Sendable (ByteSlice) throws -> [T]) throws -> [[T]] {
    let results = ChunkResults<[T]>(count: chunks.count)
    DispatchQueue.concurrentPerform(iterations: chunks.count) { i in
      results.set(i, Result { try decode(chunks[i]) })
    }
    return try results.values()
  }
}

/// The tables a snapshot load builds on three cores; each is written by one of them only.
/// Sendable without a lock: no table is touched by two workers, and they are read only after
/// `concurrentPerform` has returned, which orders every worker's writes before the reads.
private final class SnapshotTables: @unchecked Sendable {
  var customers: [String: Customer] = [:]
  var customerByID: [String: String] = [:]
  var briefs: [String: OrderBrief] = [:]
}

/// Results of work shared between cores, gathered in order.
private final class ChunkResults<T>: @unchecked Sendable {
  private var results: [Result<T, Error>?]
  private let lock = NSLock()

  init(count: Int) { results = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ result: Result<T, Error>) {
    lock.lock()
    results[index] = result
    lock.unlock()
  }

  func values() throws -> [T] { try lock.withLock { try results.map { try $0!.get() } } }
}
