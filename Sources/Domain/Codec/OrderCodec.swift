import Foundation

// Orders are most of a snapshot (100,000 orders are about 140 MiB), and the generic `Codable` path
// spends most of its time in witness tables and retain/release rather than in the bytes. These are
// hand-written readers and writers of exactly the layout `BinaryEncoder` gives `[Order]` and
// `[Customer]` (fields in declaration order, see BinaryEncoder.swift), so the snapshot format is the
// same either way; a test keeps the two paths byte-for-byte equal.

/// A part of a byte array (a snapshot chunk inside the whole snapshot), shared, not copied.
struct ByteSlice: Sendable, Decodable {
  let bytes: [UInt8]
  let range: Range<Int>

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    range = 0..<bytes.count
  }

  /// Read where the positional layout has a `[UInt8]` (varint count, then the bytes): only the place
  /// is remembered.
  init(from decoder: Decoder) throws {
    guard let source = decoder as? BinarySource else {
      throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "byte slices need the binary decoder"))
    }
    let n = try source.readCount()
    bytes = source.bytes
    range = source.index..<source.index + n
    source.index += n
  }

  func withReader<T>(_ body: (inout FastReader) throws -> T) throws -> T {
    try bytes.withUnsafeBufferPointer { all in
      var reader = FastReader(UnsafeBufferPointer(rebasing: all[range]))
      let value = try body(&reader)
      guard reader.isAtEnd else { throw reader.failure("trailing bytes") }
      return value
    }
  }
}

/// Reads the positional binary layout straight from memory. Every read is bounds-checked and throws
/// on malformed input; nothing traps.
struct FastReader: ~Copyable {
  private let base: UnsafePointer<UInt8>
  private let count: Int
  private(set) var index = 0

  /// A reader of `buffer` from `index` on.
  init(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int = 0) {
    // An empty buffer may have no address; any read then fails the bounds check.
    base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
    count = buffer.count
    self.index = index
  }

  var isAtEnd: Bool { index == count }

  func failure(_ what: String) -> DecodingError {
    DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "binary payload: \(what) at byte \(index)"))
  }

  @inline(__always)
  mutating func byte() throws -> UInt8 {
    guard index < count else { throw failure("unexpected end") }
    defer { index += 1 }
    return base[index]
  }

  @inline(__always)
  mutating func varint() throws -> UInt64 {
    // Most values are one byte.
    if index < count, base[index] < 0x80 {
      defer { index += 1 }
      return UInt64(base[index])
    }
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let b = try byte()
      if shift == 63 && b > 1 { throw failure("varint overflow") }
      result |= UInt64(b & 0x7f) << shift
      if b < 0x80 { return result }
      shift += 7
      if shift > 63 { throw failure("varint overflow") }
    }
  }

  @inline(__always)
  mutating func signed() throws -> Int64 {
    let raw = try varint()
    return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
  }

  mutating func int() throws -> Int {
    let v = try signed()
    guard let i = Int(exactly: v) else { throw failure("integer out of range") }
    return i
  }

  mutating func count(_ what: String = "count") throws -> Int {
    let n = try varint()
    guard n <= UInt64(count - index) else { throw failure("\(what) \(n) beyond the payload") }
    return Int(n)
  }

  mutating func bool() throws -> Bool {
    switch try byte() {
    case 0: return false
    case 1: return true
    default: throw failure("bad boolean")
    }
  }

  mutating func string() throws -> String {
    let n = try count("string length")
    defer { index += n }
    return String(decoding: UnsafeBufferPointer(start: base + index, count: n), as: UTF8.self)
  }

  mutating func optionalString() throws -> String? { try bool() ? try string() : nil }

  mutating func date() throws -> Date { Date(timeIntervalSince1970: Double(try signed()) / 1000) }

  mutating func optionalDate() throws -> Date? { try bool() ? try date() : nil }

  mutating func day() throws -> Day {
    let days = try signed()
    guard abs(days) < 3_000_000 else { throw failure("day out of range") }
    return Day(daysSinceEpoch: Int(days))
  }

  mutating func double() throws -> Double {
    guard count - index >= 8 else { throw failure("unexpected end") }
    var bits: UInt64 = 0
    for i in 0..<8 { bits |= UInt64(base[index + i]) << (8 * UInt64(i)) }
    index += 8
    return Double(bitPattern: bits)
  }

  mutating func raw<T: RawRepresentable>(_ type: T.Type) throws -> T where T.RawValue == String {
    let text = try string()
    guard let value = T(rawValue: text) else { throw failure("unknown \(T.self) \(text)") }
    return value
  }

  mutating func array<T>(_ element: (inout FastReader) throws -> T) throws -> [T] {
    let n = try count()
    var result: [T] = []
    result.reserveCapacity(n)
    for _ in 0..<n { result.append(try element(&self)) }
    return result
  }
}

extension BinarySink {
  func writeDate(_ value: Date) { writeSigned(Int64((value.timeIntervalSince1970 * 1000).rounded())) }

  func writeOptional<T>(_ value: T?, _ write: (T) -> Void) {
    if let value {
      bytes.append(1)
      write(value)
    } else {
      bytes.append(0)
    }
  }

  func writeArray<T>(_ values: [T], _ write: (T) -> Void) {
    writeVarint(UInt64(values.count))
    for v in values { write(v) }
  }

  func writeBool(_ value: Bool) { bytes.append(value ? 1 : 0) }
}

// MARK: Orders

extension Order {
  /// `BinaryEncoder().encode(orders)`, written by hand.
  static func encodeArray(_ orders: [Order]) -> [UInt8] {
    let sink = BinarySink()
    sink.bytes.reserveCapacity(orders.count * 1_500)
    sink.writeArray(orders) { $0.write(to: sink) }
    return sink.bytes
  }

  /// `BinaryDecoder().decode([Order].self, from: bytes)`, read by hand.
  static func decodeArray(_ bytes: [UInt8]) throws -> [Order] { try decodeArray(ByteSlice(bytes)) }

  static func decodeArray(_ slice: ByteSlice) throws -> [Order] {
    try slice.withReader { reader in try reader.array { try Order(reading: &$0) } }
  }

  func write(to s: BinarySink) {
    s.writeString(number)
    s.writeString(customer)
    s.writeString(type)
    s.writeSigned(Int64(standardVersion))
    s.writeString(channel.rawValue)
    s.writeString(needs)
    s.writeOptional(appointment, s.writeDate)
    s.writeOptional(appointmentConfirmed, s.writeDate)
    s.writeDate(received)
    s.writeString(receivedBy)
    s.writeBool(priority)
    s.writeArray(stages) { stage in
      s.writeString(stage.kind.rawValue)
      s.writeOptional(stage.assignee, s.writeString)
      s.writeOptional(stage.started, s.writeDate)
      s.writeOptional(stage.completed, s.writeDate)
      s.writeArray(stage.marks) { m in
        s.writeString(m.item)
        s.writeString(m.by)
        s.writeDate(m.at)
        s.writeOptional(m.notApplicable, s.writeString)
      }
    }
    s.writeSigned(Int64(current))
    s.writeArray(suspensions) { x in
      s.writeDate(x.from)
      s.writeOptional(x.to, s.writeDate)
      s.writeString(x.reason)
      s.writeString(x.by)
    }
    s.writeOptional(archived, s.writeDate)
    s.writeOptional(survey) { x in
      s.writeDate(x.started)
      s.writeDate(x.ended)
      s.writeString(x.findings)
      s.writeString(x.hazards)
      s.writeArray(x.instruments, s.writeString)
      s.writeString(x.by)
      s.writeDate(x.at)
      s.writeOptional(x.calibrations) { list in
        s.writeArray(list) { c in
          s.writeString(c.assetNo)
          s.writeString(c.name)
          s.writeSigned(Int64(c.calibratedOn.daysSinceEpoch))
          s.writeSigned(Int64(c.dueOn.daysSinceEpoch))
          s.writeDouble(c.errorPercent)
        }
      }
    }
    s.writeOptional(scheme) { Order.write($0, to: s) }
    s.writeArray(rounds) { r in
      s.writeSigned(Int64(r.round))
      s.writeBool(r.accepted)
      s.writeString(r.comment)
      s.writeString(r.by)
      s.writeDate(r.at)
      s.writeSigned(Int64(r.schemeVersion))
    }
    s.writeArray(milestones) { m in
      s.writeSigned(Int64(m.id))
      s.writeString(m.title)
      s.writeSigned(Int64(m.planned.daysSinceEpoch))
      s.writeOptional(m.reached, s.writeDate)
      s.writeString(m.note)
    }
    s.writeArray(feedback) { f in
      s.writeSigned(Int64(f.id))
      s.writeString(f.text)
      s.writeDate(f.received)
      s.writeOptional(f.handled, s.writeDate)
      s.writeOptional(f.response, s.writeString)
    }
    s.writeOptional(followUp) { f in
      s.writeString(f.method.rawValue)
      s.writeSigned(Int64(f.score))
      s.writeString(f.comment)
      s.writeString(f.by)
      s.writeDate(f.at)
    }
    s.writeArray(problems, s.writeString)
    s.writeTimeline(timeline)
    s.writeOptional(contact) { c in
      s.writeDate(c.contacted)
      s.writeString(c.method.rawValue)
      s.writeString(c.person)
      s.writeString(c.findings)
      s.writeString(c.by)
      s.writeDate(c.at)
    }
    s.writeArray(earlierSchemes) { Order.write($0, to: s) }
  }

  private static func write(_ x: Scheme, to s: BinarySink) {
    s.writeString(x.plan)
    s.writeString(x.advice)
    s.writeArray(x.budget) { b in
      s.writeString(b.name)
      s.writeSigned(b.fen)
    }
    s.writeArray(x.timetable) { t in
      s.writeString(t.step)
      s.writeSigned(Int64(t.due.daysSinceEpoch))
    }
    s.writeString(x.by)
    s.writeDate(x.at)
    s.writeSigned(Int64(x.version))
    s.writeString(x.note)
  }

  private static func readScheme(_ r: inout FastReader) throws -> Scheme {
    Scheme(
      plan: try r.string(), advice: try r.string(),
      budget: try r.array { BudgetItem(name: try $0.string(), fen: try $0.signed()) },
      timetable: try r.array { TimetableEntry(step: try $0.string(), due: try $0.day()) },
      by: try r.string(), at: try r.date(), version: try r.int(), note: try r.string())
  }

  init(reading r: inout FastReader) throws {
    let number = try r.string()
    let customer = try r.string()
    let type = try r.string()
    let standardVersion = try r.int()
    let channel = try r.raw(Channel.self)
    let needs = try r.string()
    let appointment = try r.optionalDate()
    let appointmentConfirmed = try r.optionalDate()
    let received = try r.date()
    let receivedBy = try r.string()
    let priority = try r.bool()
    let stages = try r.array { r in
      var stage = StageRecord(kind: try r.stageKind())
      stage.assignee = try r.optionalString()
      stage.started = try r.optionalDate()
      stage.completed = try r.optionalDate()
      stage.marks = try r.array { r in
        CheckMark(item: try r.string(), by: try r.string(), at: try r.date(), notApplicable: try r.optionalString())
      }
      return stage
    }
    let current = try r.int()
    let suspensions = try r.array { r in
      OrderSuspension(from: try r.date(), to: try r.optionalDate(), reason: try r.string(), by: try r.string())
    }
    let archived = try r.optionalDate()
    let survey =
      try r.bool()
      ? SurveyRecord(
        started: try r.date(), ended: try r.date(), findings: try r.string(), hazards: try r.string(),
        instruments: try r.array { try $0.string() }, by: try r.string(), at: try r.date(),
        calibrations: try r.bool()
          ? try r.array { r in
            InstrumentCalibration(
              assetNo: try r.string(), name: try r.string(), calibratedOn: try r.day(), dueOn: try r.day(),
              errorPercent: try r.double())
          } : nil) : nil
    let scheme = try r.bool() ? try Order.readScheme(&r) : nil
    let rounds = try r.array { r in
      ConfirmationRound(
        round: try r.int(), accepted: try r.bool(), comment: try r.string(), by: try r.string(), at: try r.date(),
        schemeVersion: try r.int())
    }
    let milestones = try r.array { r in
      Milestone(
        id: try r.int(), title: try r.string(), planned: try r.day(), reached: try r.optionalDate(),
        note: try r.string())
    }
    let feedback = try r.array { r in
      FeedbackItem(
        id: try r.int(), text: try r.string(), received: try r.date(), handled: try r.optionalDate(),
        response: try r.optionalString())
    }
    let followUp =
      try r.bool()
      ? FollowUp(
        method: try r.raw(FollowUpMethod.self), score: try r.int(), comment: try r.string(), by: try r.string(),
        at: try r.date()) : nil
    let problems = try r.array { try $0.string() }
    let timeline = try r.timeline()
    let contact =
      try r.bool()
      ? ContactRecord(
        contacted: try r.date(), method: try r.raw(ContactMethod.self), person: try r.string(),
        findings: try r.string(), by: try r.string(), at: try r.date()) : nil
    let earlierSchemes = try r.array { try Order.readScheme(&$0) }
    self.init(
      fields: Fields(
        number: number,
        customer: customer,
        type: type,
        standardVersion: standardVersion,
        channel: channel,
        needs: needs,
        appointment: appointment,
        appointmentConfirmed: appointmentConfirmed,
        received: received,
        receivedBy: receivedBy,
        priority: priority,
        stages: stages,
        current: current,
        suspensions: suspensions,
        archived: archived,
        survey: survey,
        scheme: scheme,
        rounds: rounds,
        milestones: milestones,
        feedback: feedback,
        followUp: followUp,
        problems: problems,
        timeline: timeline,
        contact: contact,
        earlierSchemes: earlierSchemes))
  }
}

extension FastReader {
  /// Stage kinds without a string: the raw value is compared in place.
  mutating func stageKind() throws -> StageKind { try raw(StageKind.self) }

  /// See `BinarySink.writeTimeline`: event types come back as the shared strings of `Event.allTypes`.
  mutating func timeline() throws -> [TimelineEntry] {
    let types = Event.allTypes
    return try array { r in
      let seq = try r.varint()
      let at = try r.date()
      let by = try r.string()
      let index = Int(try r.varint())
      let type = index < types.count ? types[index] : try r.string()
      guard let variant = Int(exactly: try r.varint()) else { throw r.failure("variant out of range") }
      return TimelineEntry(
        seq: seq, at: at, by: by, type: type, variant: variant, note: try r.string(), detail: try r.string())
    }
  }
}

// MARK: Customers

extension Customer {
  /// `BinaryEncoder().encode(customers)`, written by hand.
  static func encodeArray(_ customers: [Customer]) -> [UInt8] {
    let sink = BinarySink()
    sink.bytes.reserveCapacity(customers.count * 200)
    sink.writeArray(customers) { c in
      sink.writeString(c.account)
      sink.writeString(c.name)
      sink.writeString(c.kind.rawValue)
      sink.writeString(c.idKind.rawValue)
      sink.writeString(c.idNumber)
      sink.writeOptional(c.idOverride, sink.writeString)
      sink.writeString(c.phone)
      sink.writeString(c.address)
      sink.writeString(c.useCategory.rawValue)
      sink.writeString(c.voltage)
      sink.writeDouble(c.capacityKVA)
      sink.writeArray(c.meters, sink.writeString)
      sink.writeSigned(Int64(c.lastVerified.daysSinceEpoch))
      sink.writeDate(c.created)
      sink.writeArray(c.orders, sink.writeString)
    }
    return sink.bytes
  }

  /// `BinaryDecoder().decode([Customer].self, from: bytes)`, read by hand.
  static func decodeArray(_ bytes: [UInt8]) throws -> [Customer] { try decodeArray(ByteSlice(bytes)) }

  static func decodeArray(_ slice: ByteSlice) throws -> [Customer] {
    try slice.withReader { reader in
      try reader.array { r in
        Customer(
          fields: Customer.Fields(
            account: try r.string(), name: try r.string(), kind: try r.raw(CustomerKind.self),
            idKind: try r.raw(IDKind.self), idNumber: try r.string(), idOverride: try r.optionalString(),
            phone: try r.string(), address: try r.string(), useCategory: try r.raw(UseCategory.self),
            voltage: try r.string(), capacityKVA: try r.double(), meters: try r.array { try $0.string() },
            lastVerified: try r.day(), created: try r.date(), orders: try r.array { try $0.string() }))
      }
    }
  }
}

// MARK: Order briefs

extension OrderBrief {
  static func encodeArray(_ briefs: [OrderBrief]) -> [UInt8] {
    let s = BinarySink()
    s.bytes.reserveCapacity(briefs.count * 80)
    s.writeArray(briefs) { b in
      s.writeString(b.number)
      s.writeString(b.customer)
      s.writeString(b.type)
      s.writeSigned(Int64(b.standardVersion))
      s.writeDate(b.received)
      s.writeBool(b.priority)
      s.writeBool(b.isArchived)
      s.writeSigned(Int64(b.current))
      s.writeSigned(Int64(b.stageCount))
      s.writeOptional(b.currentKind) { s.writeString($0.rawValue) }
      s.writeOptional(b.assignee, s.writeString)
      s.writeOptional(b.stageStarted, s.writeDate)
      s.writeArray(b.suspensions) { x in
        s.writeDate(x.from)
        s.writeOptional(x.to, s.writeDate)
      }
    }
    return s.bytes
  }

  static func decodeArray(_ slice: ByteSlice) throws -> [OrderBrief] {
    try slice.withReader { reader in
      try reader.array { r in
        OrderBrief(
          number: try r.string(), customer: try r.string(), type: try r.string(), standardVersion: try r.int(),
          received: try r.date(), priority: try r.bool(), isArchived: try r.bool(), current: try r.int(),
          stageCount: try r.int(), currentKind: try r.bool() ? try r.stageKind() : nil,
          assignee: try r.optionalString(), stageStarted: try r.optionalDate(),
          suspensions: try r.array { Suspension(from: try $0.date(), to: try $0.optionalDate()) })
      }
    }
  }
}
