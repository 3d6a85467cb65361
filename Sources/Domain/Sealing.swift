import Foundation

// Personal data at rest (PIPL art. 51; GB/T 35273 §6.3): a customer's identity number, phone number and
// address are sealed, field by field, before an event reaches the log, and opened when the log is read.
// Everything else in the event stays readable, so `verify`, the hash chain and exports work without the
// key. The cipher itself (AES-GCM) lives in Store; the domain only knows the token format and which
// fields are sealed.

/// Seals and opens bytes of personal data with the hall's key (one key per version).
public protocol PersonalDataCipher: Sendable {
  /// The key version new data is sealed with.
  var currentVersion: Int { get }
  /// Seals `plaintext`; `context` is authenticated with it (a token moved to another field or
  /// customer does not open).
  func seal(_ plaintext: [UInt8], version: Int, context: [UInt8]) throws -> [UInt8]
  /// Opens what `seal` produced; throws when the key of that version is missing or wrong.
  func open(_ sealed: [UInt8], version: Int, context: [UInt8]) throws -> [UInt8]
}

/// A sealed text as stored in a string field: `U+0001 "sealed/v" VERSION "/" BASE64(nonce ‖ ciphertext ‖ tag)`.
///
/// A validated text never contains a control character (`Validation.required` refuses them, IDs and
/// phones are digits), so a string that starts with U+0001 is always a token and never typed data.
/// Records written before sealing hold plain text and are read as they are.
public enum SealedText {
  static let prefix = "\u{1}sealed/v"
  /// What a screen or an export shows for a sealed value that cannot be opened (no key).
  public static let placeholder = "[已加密 sealed]"

  /// Whether a stored text is a sealed token.
  public static func isSealed(_ text: String) -> Bool {
    text.utf8.first == 0x01 && text.hasPrefix(prefix)
  }

  /// The token for sealed bytes.
  public static func token(version: Int, sealed: [UInt8]) -> String {
    prefix + String(version) + "/" + Data(sealed).base64EncodedString()
  }

  /// The key version and the sealed bytes of a token; nil when the text is not a well-formed token.
  public static func parse(_ text: String) -> (version: Int, sealed: [UInt8])? {
    guard isSealed(text) else { return nil }
    let rest = text.dropFirst(prefix.count)
    guard let slash = rest.firstIndex(of: "/"), let version = Int(rest[..<slash]), version > 0,
      let data = Data(base64Encoded: String(rest[rest.index(after: slash)...]))
    else { return nil }
    return (version, [UInt8](data))
  }

  /// Seals one field of one customer.
  static func seal(_ text: String, field: String, account: String, with cipher: PersonalDataCipher) throws -> String {
    // Empty stays empty (nothing to hide), and a token is not sealed twice.
    if text.isEmpty || isSealed(text) { return text }
    let version = cipher.currentVersion
    let sealed = try cipher.seal(Array(text.utf8), version: version, context: context(field, account))
    return token(version: version, sealed: sealed)
  }

  /// Opens one field; nil when it is a token that cannot be opened (no key of its version, wrong key).
  static func open(_ text: String, field: String, account: String, with cipher: PersonalDataCipher?) -> String? {
    guard isSealed(text) else { return text }
    guard let cipher, let (version, sealed) = parse(text),
      let plain = try? cipher.open(sealed, version: version, context: context(field, account))
    else { return nil }
    return String(decoding: plain, as: UTF8.self)
  }

  static func context(_ field: String, _ account: String) -> [UInt8] { Array("customer.\(field)/\(account)".utf8) }
}

extension Customer {
  /// The sealed fields, as `SealedText` tokens: identity number, phone and address.
  public static let sealedFields = ["id", "phone", "address"]

  /// The customer with identity number, phone and address sealed.
  public func sealed(with cipher: PersonalDataCipher) throws -> Customer {
    var c = self
    c.idNumber = try SealedText.seal(idNumber, field: "id", account: account, with: cipher)
    c.phone = try SealedText.seal(phone, field: "phone", account: account, with: cipher)
    c.address = try SealedText.seal(address, field: "address", account: account, with: cipher)
    return c
  }

  /// The customer with its sealed fields opened. A field that cannot be opened keeps its token (screens
  /// and exports show `SealedText.placeholder` for it); `unopened` counts them.
  public func opened(with cipher: PersonalDataCipher?, unopened: inout Int) -> Customer {
    guard hasSealedFields else { return self }
    var c = self
    func open(_ text: String, _ field: String) -> String {
      if let plain = SealedText.open(text, field: field, account: account, with: cipher) { return plain }
      unopened += 1
      return text
    }
    c.idNumber = open(idNumber, "id")
    c.phone = open(phone, "phone")
    c.address = open(address, "address")
    return c
  }

  /// Whether any field is still a sealed token.
  public var hasSealedFields: Bool {
    SealedText.isSealed(idNumber) || SealedText.isSealed(phone) || SealedText.isSealed(address)
  }
}

extension Event {
  /// The event as the log stores it: personal data sealed.
  public func sealed(with cipher: PersonalDataCipher) throws -> Event {
    switch self {
    case .customerRegistered(var e):
      e.customer = try e.customer.sealed(with: cipher)
      return .customerRegistered(e)
    case .customerUpdated(var e):
      e.customer = try e.customer.sealed(with: cipher)
      return .customerUpdated(e)
    default:
      return self
    }
  }

  /// The event as read from the log, its personal data opened where the key allows.
  public func opened(with cipher: PersonalDataCipher?, unopened: inout Int) -> Event {
    switch self {
    case .customerRegistered(var e):
      e.customer = e.customer.opened(with: cipher, unopened: &unopened)
      return .customerRegistered(e)
    case .customerUpdated(var e):
      e.customer = e.customer.opened(with: cipher, unopened: &unopened)
      return .customerUpdated(e)
    default:
      return self
    }
  }

  /// Whether the event carries personal data that the log stores sealed.
  public var carriesPersonalData: Bool {
    switch self {
    case .customerRegistered, .customerUpdated: true
    default: false
    }
  }
}

/// A version of the hall's personal-data key came into use (recorded by `griddesk init` and
/// `griddesk key rotate`). The fingerprint identifies the key without revealing it, so a process
/// holding another key file is told so instead of sealing with the wrong key.
public struct PersonalDataKeyAdded: EventPayload {
  public var version: Int
  public var fingerprint: String

  public init(version: Int, fingerprint: String) {
    self.version = version
    self.fingerprint = fingerprint
  }
}

/// Records that a new version of the personal-data key is in use. Not a `griddesk apply` command: the
/// engine issues it after writing the key file (`Engine.rotateKey`), an admin's act.
public struct AddPersonalDataKey: CommandBody {
  public static let name = "add-personal-data-key"
  public static let roles: [Role] = [.admin]
  public var version: Int
  public var fingerprint: String

  public init(version: Int, fingerprint: String) {
    self.version = version
    self.fingerprint = fingerprint
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let newest = state.personalDataKeys.keys.max() ?? 0
    guard version > newest, !fingerprint.isEmpty else { throw .keyVersionNotNewer(version, newest: newest) }
    return [.personalDataKeyAdded(PersonalDataKeyAdded(version: version, fingerprint: fingerprint))]
  }
}

extension DomainError {
  static func keyVersionNotNewer(_ version: Int, newest: Int) -> DomainError {
    DomainError(
      .keyVersion, "密钥版本 \(version) 不比已用的版本 \(newest) 新, 未作改动; 请重新运行 griddesk key rotate",
      "Key version \(version) is not newer than version \(newest) in use: nothing changed; run griddesk key rotate again"
    )
  }
}

extension DomainState {
  /// The personal-data key versions in use (version → fingerprint). Empty for a store written before
  /// sealing (its personal data is plain text until an admin runs `griddesk key rotate`).
  public var personalDataKeys: [Int: String] {
    Dictionary(uniqueKeysWithValues: keyVersions.map { ($0.version, $0.fingerprint) })
  }

  /// The key version new personal data is sealed with, if the store seals at all.
  public var currentKeyVersion: Int? { keyVersions.map(\.version).max() }
}
