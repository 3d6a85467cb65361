import Foundation

extension Event {
  /// The event with personal data masked, for exports: the customer's fields as on screen, and every
  /// other text as free text (`Masking.freeText`: an ID or a phone typed into needs, a finding, a reason).
  public func masked() throws -> Event {
    let structured: Event
    switch self {
    case .customerRegistered(var e):
      e.customer = e.customer.masked()
      structured = .customerRegistered(e)
    case .customerUpdated(var e):
      e.customer = e.customer.masked()
      structured = .customerUpdated(e)
    default:
      structured = self
    }
    // Every string of the event, whatever its type, goes through the free-text rule on the way back from
    // its own encoding (enum values and numbers have no personal data and come back unchanged).
    var decoder = BinaryDecoder()
    decoder.stringTransform = Masking.freeText
    // The positional encoding is the one the string transform reads.
    return try Event(type: type, payload: try structured.positionalPayload(), decoder: decoder)
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
