import Foundation

extension Event {
  /// The event with the customer's personal data masked, for exports.
  public func masked() -> Event {
    switch self {
    case .customerRegistered(var e):
      e.customer = e.customer.masked()
      return .customerRegistered(e)
    case .customerUpdated(var e):
      e.customer = e.customer.masked()
      return .customerUpdated(e)
    default:
      return self
    }
  }
}

extension Customer {
  /// The file with name, identity number, phone and address masked as on screen.
  public func masked() -> Customer {
    var c = self
    c.name = maskedName
    c.idNumber = Masking.idNumber(idNumber)
    c.phone = Masking.phone(phone)
    c.address = Masking.address(address)
    return c
  }
}

extension Customer {
  /// The name as lists show it: a person's given name masked, an organisation's middle masked.
  public var maskedName: String { kind == .organisation ? Masking.organisation(name) : Masking.name(name) }
}

extension Event {
  /// Position of each type string in `allTypes`, for the compact timeline encoding.
  static let typeIndex: [String: Int] = Dictionary(
    uniqueKeysWithValues: allTypes.enumerated().map { ($1, $0) })
}
