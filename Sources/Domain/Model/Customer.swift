import Foundation

public enum CustomerKind: String, Sendable, Hashable, Codable, CaseIterable {
  case individual
  case organisation

  public var title: Localized {
    self == .individual ? Localized("个人", "individual") : Localized("单位", "organisation")
  }

  /// The use category a customer of this kind usually has, offered until the clerk chooses one: 居民生活
  /// for a person, 一般工商业 for an organisation (an organisation on the residential tariff, such as a
  /// residents' committee, is chosen explicitly).
  public var usualUseCategory: UseCategory { self == .individual ? .residential : .commercial }
}

public enum IDKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// 居民身份证 (GB 11643).
  case resident
  /// 统一社会信用代码 (GB 32100).
  case creditCode = "credit-code"
  /// Passport, military ID and the like: kept as typed, not checked.
  case other

  public var title: Localized {
    switch self {
    case .resident: Localized("身份证", "resident ID")
    case .creditCode: Localized("信用代码", "credit code")
    case .other: Localized("其他证件", "other ID")
    }
  }
}

/// 用电类别 (DESIGN §2 and DOMAIN-FACTS).
public enum UseCategory: String, Sendable, Hashable, Codable, CaseIterable {
  case residential
  case commercial
  case industrial
  case agricultural

  public var title: Localized {
    switch self {
    case .residential: Localized("居民生活", "residential")
    case .commercial: Localized("一般工商业", "commercial")
    case .industrial: Localized("大工业", "large industry")
    case .agricultural: Localized("农业生产", "agricultural")
    }
  }
}

/// A customer file (客户档案, guide ch. 1.3). Personal fields are stored whole; every projection that
/// feeds a screen or an export masks them (see `Masking`) unless the role may see them.
public struct Customer: Sendable, Hashable, Codable {
  // Copy-on-write, like `Order`: lists and queues copy many customers, and a copy costs one reference
  // count. Encoded exactly as its fields in order (`Fields`), as before (customers are in events).
  struct Fields: Sendable, Hashable, Codable {
    var account: String
    var name: String
    var kind: CustomerKind
    var idKind: IDKind
    var idNumber: String
    var idOverride: String?
    var phone: String
    var address: String
    var useCategory: UseCategory
    var voltage: String
    var capacityKVA: Double
    var meters: [String]
    var lastVerified: Day
    var created: Date
    var orders: [String]
  }

  /// Sendable without a lock: copy-on-write; a box is changed only while `isKnownUniquelyReferenced`
  /// (held by one value, so by one thread); a box shared between values, hence threads, is never changed.
  private final class Box: @unchecked Sendable {
    var fields: Fields
    init(_ fields: Fields) { self.fields = fields }
  }

  private var box: Box

  public var account: String {
    get { box.fields.account }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.account
    }
  }
  public var name: String {
    get { box.fields.name }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.name
    }
  }
  public var kind: CustomerKind {
    get { box.fields.kind }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.kind
    }
  }
  public var idKind: IDKind {
    get { box.fields.idKind }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.idKind
    }
  }
  public var idNumber: String {
    get { box.fields.idNumber }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.idNumber
    }
  }
  /// Set when a supervisor accepted a credit code that fails its check digit, with the reason.
  public var idOverride: String? {
    get { box.fields.idOverride }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.idOverride
    }
  }
  public var phone: String {
    get { box.fields.phone }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.phone
    }
  }
  public var address: String {
    get { box.fields.address }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.address
    }
  }
  public var useCategory: UseCategory {
    get { box.fields.useCategory }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.useCategory
    }
  }
  public var voltage: String {
    get { box.fields.voltage }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.voltage
    }
  }
  public var capacityKVA: Double {
    get { box.fields.capacityKVA }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.capacityKVA
    }
  }
  public var meters: [String] {
    get { box.fields.meters }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.meters
    }
  }
  public var lastVerified: Day {
    get { box.fields.lastVerified }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.lastVerified
    }
  }
  public var created: Date {
    get { box.fields.created }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.created
    }
  }
  public var orders: [String] {
    get { box.fields.orders }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields.orders
    }
  }

  public init(
    account: String, name: String, kind: CustomerKind, idKind: IDKind, idNumber: String, phone: String,
    address: String, useCategory: UseCategory, voltage: String, capacityKVA: Double, meters: [String],
    lastVerified: Day, created: Date
  ) {
    box = Box(
      Fields(
        account: account, name: name, kind: kind, idKind: idKind, idNumber: idNumber, idOverride: nil, phone: phone,
        address: address, useCategory: useCategory, voltage: voltage, capacityKVA: capacityKVA, meters: meters,
        lastVerified: lastVerified, created: created, orders: []))
  }

  init(fields: Fields) { box = Box(fields) }

  public static func == (a: Customer, b: Customer) -> Bool { a.box === b.box || a.box.fields == b.box.fields }
  public func hash(into hasher: inout Hasher) { hasher.combine(box.fields) }
  public init(from decoder: Decoder) throws { box = Box(try Fields(from: decoder)) }
  public func encode(to encoder: Encoder) throws { try box.fields.encode(to: encoder) }

  /// Stale when not verified for 12 months (DESIGN §2).
  public func isStale(on day: Day) -> Bool {
    let limit = Day(day.year - 1, day.month, min(day.day, 28))
    return lastVerified < limit
  }
}
