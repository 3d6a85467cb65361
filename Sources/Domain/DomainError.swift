/// A refusal or a validation failure, with a stable code, the field it concerns (when it concerns one)
/// and a message in both languages that says what to do next. Every rule of the domain reports through
/// this one type; the message texts live in `DomainError+Messages.swift`, one table, and the codes in
/// `DomainError+Code.swift`. Callers route by `code` and `field`, never by the message's text.
public struct DomainError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A stable machine-readable code, such as `.idCheckDigit` (`id.check-digit`).
  public var code: Code
  /// The field of the command the error is about, when it is about one (screens put the message there).
  public var field: DomainField?
  public var message: Localized

  public init(_ code: Code, _ zh: String, _ en: String, field: DomainField? = nil) {
    self.code = code
    self.field = field
    self.message = Localized(zh, en)
  }

  /// The same error, said to concern `field`.
  public func concerning(_ field: DomainField) -> DomainError {
    var error = self
    error.field = field
    return error
  }

  public var description: String { "\(code.rawValue): \(message.zh) / \(message.en)" }
}

/// A field a `DomainError` can concern. The raw value is the command's field name (as in
/// `griddesk apply` and docs/commands.md); the label is how messages name it.
public enum DomainField: String, Sendable, Hashable, CaseIterable {
  case name
  case idNumber
  case phone
  case address
  case capacity = "capacityKVA"
  case voltage
  case overrideReason
  case needs
  case appointment
  case type

  public var label: Localized {
    switch self {
    case .name: Localized("姓名/名称", "name")
    case .idNumber: Localized("证件号码", "ID number")
    case .phone: Localized("联系电话", "phone")
    case .address: Localized("地址", "address")
    case .capacity: Localized("容量", "capacity")
    case .voltage: Localized("供电电压", "supply voltage")
    case .overrideReason: Localized("放行理由", "override reason")
    case .needs: Localized("需求", "needs")
    case .appointment: Localized("预约时间", "appointment")
    case .type: Localized("业务类型", "business type")
    }
  }
}
