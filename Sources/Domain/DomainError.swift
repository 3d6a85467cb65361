/// A refusal or a validation failure, with a stable code and a message in both languages that says
/// what to do next. Every rule of the domain reports through this one type; the message texts live in
/// `DomainError+Messages.swift`, one table.
public struct DomainError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A stable machine-readable code, such as `id.check-digit` or `order.not-found`.
  public var code: String
  public var message: Localized

  public init(_ code: String, _ zh: String, _ en: String) {
    self.code = code
    self.message = Localized(zh, en)
  }

  public var description: String { "\(code): \(message.zh) / \(message.en)" }
}
