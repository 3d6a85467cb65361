import Domain
import Foundation

/// The fields of a customer file in a `Form`, shared by intake (new customer) and editing a file, so
/// both check the same way — with the Domain's `Validation`, never a rule of their own.
public enum CustomerFields {
  public static let name = "name"
  public static let kind = "kind"
  public static let idKind = "id-kind"
  public static let idNumber = "id"
  public static let overrideReason = "override"
  /// The clerk confirms a credit code failing its check digit is as printed on the licence.
  public static let asPrinted = "as-printed"
  public static let phone = "phone"
  public static let address = "address"
  public static let useCategory = "use"
  public static let voltage = "voltage"
  public static let capacity = "capacity"

  /// The form fields for a customer, filled from `customer` when editing.
  ///
  /// - Parameters:
  ///   - state: to say beside the ID field when the number belongs to a known customer.
  ///   - except: the account being edited (its own number is no duplicate).
  ///   - today: a date of birth after it is refused.
  public static func fields(
    _ customer: Customer? = nil, state: @escaping () -> DomainState, except: String? = nil, today: Day
  ) -> [FormField] {
    var nameField = FormField.text(
      name, Localized("客户名称", "Name"), value: customer?.name ?? "", required: true,
      maxLength: Validation.nameMaxLength, check: FormRule.domain { _ = try Validation.name($0) })
    nameField.placeholder = Localized("个人姓名或单位全称", "Person or organisation")

    var idField = FormField.text(
      idNumber, Localized("证件号码", "ID number"), value: customer?.idNumber ?? "", required: true, maxLength: 24,
      check: { text, values in
        idError(
          text, kind: IDKind(rawValue: values.choice(idKind) ?? "") ?? .resident, today,
          asPrinted: values.flag(asPrinted))
      })
    idField.note = { values in
      let kind = IDKind(rawValue: values.choice(idKind) ?? "") ?? .resident
      let text = values.text(idNumber)
      if kind == .creditCode, case .checkDigitMismatch = Validation.creditCode(text), values.flag(asPrinted) {
        return Localized("已核对与执照一致: 须班长填写放行理由", "Checked as printed: a supervisor gives the reason to accept it")
      }
      guard let normal = normalizedID(text, kind: kind, today),
        let known = state().customer(idNumber: normal), known.account != except
      else { return nil }
      let shown = CustomerDisplay(known).name
      return Localized(
        "已有档案 户号 \(known.account) \(shown), 将使用该档案",
        "Known: account \(known.account) \(shown); that file is used")
    }

    // A credit code failing its check digit: first the clerk checks it against the licence (the ID field
    // shows the error); only once they confirm it is as printed does the supervisor's reason come up.
    func mismatch(_ values: FormValues) -> Bool {
      guard values.choice(idKind) == IDKind.creditCode.rawValue else { return false }
      if case .checkDigitMismatch = Validation.creditCode(values.text(idNumber)) { return true }
      return false
    }
    var printedField = FormField.toggle(
      asPrinted, Localized("与执照一致(已核对)", "As printed (checked)"), isOn: customer?.idOverride != nil)
    printedField.isShown = mismatch

    var reasonField = FormField.text(
      overrideReason, Localized("放行理由(班长)", "Override reason"), value: customer?.idOverride ?? "",
      required: true, maxLength: 100)
    reasonField.isShown = { values in mismatch(values) && values.flag(asPrinted) }

    var phoneField = FormField.text(
      phone, Localized("联系电话", "Phone"), value: customer?.phone ?? "", required: true, maxLength: 24,
      check: FormRule.domain { _ = try Validation.phone($0) })
    phoneField.placeholder = Localized("手机或固话", "Mobile or landline")

    let capacityText = customer.map { format($0.capacityKVA) } ?? "8"
    return [
      nameField,
      .choice(
        kind, Localized("客户类型", "Kind"), options: CustomerKind.allCases.map { FormOption($0.rawValue, $0.title) },
        selected: customer?.kind.rawValue),
      .choice(
        idKind, Localized("证件类型", "ID kind"), options: IDKind.allCases.map { FormOption($0.rawValue, $0.title) },
        selected: customer?.idKind.rawValue),
      idField,
      printedField,
      reasonField,
      phoneField,
      .text(
        address, Localized("用电地址", "Address"), value: customer?.address ?? "", required: true,
        maxLength: Validation.addressMaxLength, check: FormRule.domain { _ = try Validation.address($0) }),
      .choice(
        useCategory, Localized("用电类别", "Use category"),
        options: UseCategory.allCases.map { FormOption($0.rawValue, $0.title) },
        selected: customer?.useCategory.rawValue),
      .choice(
        voltage, Localized("供电电压", "Voltage"),
        options: VoltageLevel.allCases.map {
          FormOption($0.rawValue, Localized($0.rawValue, $0.rawValue), detail: $0.isHigh ? highTitle : lowTitle)
        }, selected: customer?.voltage ?? VoltageLevel.v220.rawValue),
      .text(
        capacity, Localized("容量 kVA", "Capacity kVA"), value: capacityText, required: true, maxLength: 16,
        check: FormRule.domain { _ = try Validation.positiveQuantity($0, unit: .kVA) }),
    ]
  }

  private static let highTitle = Localized("高压", "high")
  private static let lowTitle = Localized("低压", "low")

  /// Keeps the ID kind in step with the customer kind while no number is typed: an organisation
  /// usually shows a credit code, a person a resident ID. Call after each key.
  public static func adjust(_ form: inout Form) {
    guard form.text(idNumber).isEmpty, let kindValue = form.choice(kind).flatMap(CustomerKind.init(rawValue:))
    else { return }
    let usual: IDKind = kindValue == .organisation ? .creditCode : .resident
    if form.choice(idKind) != usual.rawValue, form.choice(idKind) != IDKind.other.rawValue {
      form.setChoice(idKind, usual.rawValue)
    }
  }

  /// At intake (a new customer), the use category follows the customer kind until the clerk chooses one:
  /// an organisation does not keep the 居民生活 default. Call after each key, with `adjust`.
  public static func adjustNew(_ form: inout Form) {
    adjust(&form)
    guard form.field(useCategory)?.touched == false,
      let kindValue = form.choice(kind).flatMap(CustomerKind.init(rawValue:))
    else { return }
    let usual = kindValue.usualUseCategory.rawValue
    if form.choice(useCategory) != usual { form.setChoice(useCategory, usual) }
  }

  /// The error of an identity number of `kind`, or `nil`. A credit code that fails only its check digit
  /// is an error until the clerk confirms it is as printed (then a supervisor may accept it: see the
  /// override field).
  static func idError(_ text: String, kind: IDKind, _ today: Day, asPrinted: Bool = false) -> Localized? {
    switch kind {
    case .resident:
      return FormRule.message { _ = try Validation.residentID(text, today: today) }
    case .creditCode:
      if case .invalid(let error) = Validation.creditCode(text) { return error.message }
      return CustomerForm.creditCodeRefusal(text, asPrinted: asPrinted)?.message
    case .other:
      return nil
    }
  }

  static func normalizedID(_ text: String, kind: IDKind, _ today: Day) -> String? {
    switch kind {
    case .resident: return try? Validation.residentID(text, today: today)
    case .creditCode:
      switch Validation.creditCode(text) {
      case .valid(let code), .checkDigitMismatch(let code): return code
      case .invalid: return nil
      }
    case .other:
      let s = Validation.normalize(text)
      return s.isEmpty ? nil : s
    }
  }

  /// The `CustomerForm` for the Domain; call only on a valid form (the Domain checks again anyway).
  public static func customerForm(from form: Form, meters: [String] = []) -> CustomerForm {
    let idKindValue = IDKind(rawValue: form.choice(idKind) ?? "") ?? .resident
    let reason = form.field(overrideReason).map { _ in form.text(overrideReason) } ?? ""
    let needsReason: Bool = {
      if idKindValue == .creditCode, case .checkDigitMismatch = Validation.creditCode(form.text(idNumber)) {
        return true
      }
      return false
    }()
    return CustomerForm(
      name: form.text(name), kind: CustomerKind(rawValue: form.choice(kind) ?? "") ?? .individual,
      idKind: idKindValue, idNumber: form.text(idNumber), phone: form.text(phone), address: form.text(address),
      useCategory: UseCategory(rawValue: form.choice(useCategory) ?? "") ?? .residential,
      voltage: form.choice(voltage) ?? VoltageLevel.v220.rawValue,
      capacityKVA: (try? Validation.positiveQuantity(form.text(capacity), unit: .kVA)) ?? 0, meters: meters,
      overrideReason: needsReason && !reason.isEmpty ? reason : nil,
      codeAsPrinted: needsReason ? form.flag(asPrinted) : nil)
  }

  /// The field a refusal from the Domain belongs beside, from its code.
  public static func field(for error: DomainError) -> String? {
    switch error.field {
    case .overrideReason: return overrideReason
    case .idNumber: return idNumber
    case .phone: return phone
    case .capacity: return capacity
    case .voltage: return voltage
    case .name: return name
    case .address: return address
    case .needs, .appointment, .type, nil: break
    }
    switch error.code {
    // The capacity is the form's only quantity: its parse errors name no field.
    case .quantityInvalid, .quantityNotPositive, .quantityTooLarge: return capacity
    default: return nil
    }
  }

  static func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e12 ? String(Int64(value)) : String(value)
  }
}
