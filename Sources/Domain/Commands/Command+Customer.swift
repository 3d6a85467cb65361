import Foundation

/// The fields of a customer file as typed at the counter; checked and normalised by `validated`.
public struct CustomerForm: Sendable, Hashable, Codable {
  public var name: String
  public var kind: CustomerKind
  public var idKind: IDKind
  public var idNumber: String
  public var phone: String
  public var address: String
  public var useCategory: UseCategory
  public var voltage: String
  public var capacityKVA: Double
  public var meters: [String]
  /// A supervisor's reason for accepting a credit code that fails its check digit (legacy pilot codes).
  public var overrideReason: String?
  /// The clerk checked a credit code that fails its check digit against the licence: it is as printed
  /// (a typing mistake is ruled out), so it goes to a supervisor's override. Implied by an override reason.
  public var codeAsPrinted: Bool?

  public init(
    name: String, kind: CustomerKind, idKind: IDKind, idNumber: String, phone: String, address: String,
    useCategory: UseCategory, voltage: String = "220V", capacityKVA: Double = 8, meters: [String] = [],
    overrideReason: String? = nil, codeAsPrinted: Bool? = nil
  ) {
    self.name = name
    self.kind = kind
    self.idKind = idKind
    self.idNumber = idNumber
    self.phone = phone
    self.address = address
    self.useCategory = useCategory
    self.voltage = voltage
    self.capacityKVA = capacityKVA
    self.meters = meters
    self.overrideReason = overrideReason
    self.codeAsPrinted = codeAsPrinted
  }

  /// The first step for a credit code that fails only its check digit: the clerk checks it against the
  /// licence (a field error on the code) until they confirm it is as printed; nil otherwise.
  public static func creditCodeRefusal(_ text: String, asPrinted: Bool) -> DomainError? {
    guard case .checkDigitMismatch(let code) = Validation.creditCode(text), !asPrinted else { return nil }
    return .creditCodeCheckDigit(code)
  }

  /// Checks every field; returns the normalised identity number and the override reason kept.
  func validated(actor: StaffMember, today: Day) throws(DomainError) -> (form: CustomerForm, override: String?) {
    var form = self
    form.name = try FreeText.required(name, field: .name)
    form.address = try FreeText.required(address, field: .address)
    form.phone = try Validation.phone(phone).digits
    var override: String?
    switch idKind {
    case .resident:
      form.idNumber = try Validation.residentID(idNumber, today: today)
    case .creditCode:
      switch Validation.creditCode(idNumber) {
      case .valid(let code): form.idNumber = code
      case .checkDigitMismatch(let code):
        // First the clerk checks the code against the licence (most failures are typing mistakes); only a
        // code confirmed as printed goes to a supervisor's override.
        let reason = FreeText.text(overrideReason ?? "")
        if let refusal = Self.creditCodeRefusal(idNumber, asPrinted: codeAsPrinted == true || !reason.isEmpty) {
          throw refusal
        }
        guard !reason.isEmpty else { throw .creditCodeNeedsOverride(code) }
        guard actor.has(.supervisor) || actor.has(.admin) else { throw .overrideNeedsSupervisor }
        form.idNumber = code
        override = reason
      case .invalid(let error): throw error
      }
    case .other:
      form.idNumber = try Validation.required(Validation.normalize(idNumber), field: .idNumber)
    }
    form.voltage = try Validation.voltage(voltage).rawValue
    guard capacityKVA.isFinite, capacityKVA > 0, capacityKVA <= 1_000_000 else { throw .badCapacity(capacityKVA) }
    form.meters = meters.map(Validation.normalize).filter { !$0.isEmpty }
    return (form, override)
  }
}

public struct RegisterCustomer: CommandBody {
  public static let name = "register-customer"
  public static let roles: [Role] = [.clerk, .supervisor, .admin]
  public var customer: CustomerForm

  public init(customer: CustomerForm) { self.customer = customer }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let (form, override) = try customer.validated(actor: ctx.actor, today: ctx.today)
    if let existing = state.customer(idNumber: form.idNumber) { throw .customerExists(existing.account) }
    return [.customerRegistered(CustomerRegistered(customer: state.newCustomer(form, override: override, ctx)))]
  }
}

extension DomainState {
  /// The next account number: 31 and eight digits, in order of registration.
  public var nextAccount: String { "31" + String(format: "%08d", customerCount + 1) }

  func newCustomer(_ form: CustomerForm, override: String?, _ ctx: DecisionContext) -> Customer {
    var c = Customer(
      account: nextAccount, name: form.name, kind: form.kind, idKind: form.idKind, idNumber: form.idNumber,
      phone: form.phone, address: form.address, useCategory: form.useCategory, voltage: form.voltage,
      capacityKVA: form.capacityKVA, meters: form.meters, lastVerified: ctx.today, created: ctx.now)
    c.idOverride = override
    return c
  }
}

/// Edits a customer file with the same checks as intake; the file counts as verified today.
public struct UpdateCustomer: CommandBody {
  public static let name = "update-customer"
  public static let roles: [Role] = [.clerk, .supervisor, .admin]
  public var account: String
  public var customer: CustomerForm

  public init(account: String, customer: CustomerForm) {
    self.account = account
    self.customer = customer
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard let old = state.customers[account] else { throw .customerNotFound(account) }
    let (form, override) = try customer.validated(actor: ctx.actor, today: ctx.today)
    if let other = state.customer(idNumber: form.idNumber), other.account != account {
      throw .customerExists(other.account)
    }
    var updated = old
    updated.name = form.name
    updated.kind = form.kind
    updated.idKind = form.idKind
    updated.idNumber = form.idNumber
    updated.idOverride = override ?? (form.idNumber == old.idNumber ? old.idOverride : nil)
    updated.phone = form.phone
    updated.address = form.address
    updated.useCategory = form.useCategory
    updated.voltage = form.voltage
    updated.capacityKVA = form.capacityKVA
    updated.meters = form.meters
    updated.lastVerified = ctx.today
    var fields: [String] = []
    if old.name != updated.name { fields.append("name") }
    if old.idNumber != updated.idNumber { fields.append("id") }
    if old.phone != updated.phone { fields.append("phone") }
    if old.address != updated.address { fields.append("address") }
    if old.useCategory != updated.useCategory { fields.append("use") }
    if old.voltage != updated.voltage || old.capacityKVA != updated.capacityKVA { fields.append("supply") }
    if old.meters != updated.meters { fields.append("meters") }
    if fields.isEmpty { fields.append("verified") }
    return [.customerUpdated(CustomerUpdated(customer: updated, fields: fields))]
  }
}

/// Shows a customer's personal data unmasked to someone whose role allows it, for a stated reason
/// (PIPL); the reveal is an event, so audits can check each one was justified.
public struct RevealPersonalData: CommandBody {
  public static let name = "reveal-personal-data"
  public static let roles: [Role] = [.clerk, .supervisor, .auditor, .admin]
  public var account: String
  public var fields: [String]
  public var reason: String

  /// The personal fields a reveal may name.
  public static let revealable = ["name", "id", "phone", "address"]

  public init(account: String, fields: [String] = RevealPersonalData.revealable, reason: String) {
    self.account = account
    self.fields = fields
    self.reason = reason
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard state.customers[account] != nil else { throw .customerNotFound(account) }
    guard !fields.isEmpty else { throw .revealUnknownField(nil, known: Self.revealable) }
    if let unknown = fields.first(where: { !Self.revealable.contains($0) }) {
      throw .revealUnknownField(unknown, known: Self.revealable)
    }
    let reason = FreeText.text(self.reason)
    guard reason.count >= 2 else { throw .revealNeedsReason }
    return [.personalDataRevealed(PersonalDataRevealed(account: account, fields: fields, reason: reason))]
  }
}
