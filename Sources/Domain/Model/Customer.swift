import Foundation

public enum CustomerKind: String, Sendable, Hashable, Codable, CaseIterable {
  case individual
  case organisation

  public var title: Localized {
    self == .individual ? Localized("个人", "individual") : Localized("单位", "organisation")
  }
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
  public var account: String
  public var name: String
  public var kind: CustomerKind
  public var idKind: IDKind
  public var idNumber: String
  /// Set when a supervisor accepted a credit code that fails its check digit, with the reason.
  public var idOverride: String?
  public var phone: String
  public var address: String
  public var useCategory: UseCategory
  public var voltage: String
  public var capacityKVA: Double
  public var meters: [String]
  public var lastVerified: Day
  public var created: Date
  public var orders: [String]

  public init(
    account: String, name: String, kind: CustomerKind, idKind: IDKind, idNumber: String, phone: String,
    address: String, useCategory: UseCategory, voltage: String, capacityKVA: Double, meters: [String],
    lastVerified: Day, created: Date
  ) {
    self.account = account
    self.name = name
    self.kind = kind
    self.idKind = idKind
    self.idNumber = idNumber
    self.idOverride = nil
    self.phone = phone
    self.address = address
    self.useCategory = useCategory
    self.voltage = voltage
    self.capacityKVA = capacityKVA
    self.meters = meters
    self.lastVerified = lastVerified
    self.created = created
    self.orders = []
  }

  /// Stale when not verified for 12 months (DESIGN §2).
  public func isStale(on day: Day) -> Bool {
    let limit = Day(day.year - 1, day.month, min(day.day, 28))
    return lastVerified < limit
  }
}
