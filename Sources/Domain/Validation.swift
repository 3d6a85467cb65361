import Foundation

/// Checks and normalises what a clerk types at the counter. Everything here is pure: text in, a
/// normalised value or a `DomainError` out.
///
/// Input typed through a Chinese input method often arrives as full-width characters (`１２３`, `Ｘ`,
/// `－`), so every check first applies NFKC (Unicode compatibility composition), which maps those to
/// their ASCII forms.
public enum Validation {
  /// Normalises an identifier (ID number, code, phone): NFKC, then every whitespace character removed,
  /// including the inner ones people type to group digits.
  public static func normalize(_ text: String) -> String {
    let nfkc = text.precomposedStringWithCompatibilityMapping
    return String(String.UnicodeScalarView(nfkc.unicodeScalars.filter { !isSpace($0) }))
  }

  /// Normalises free text (a name, an address): NFKC, trimmed, runs of inner whitespace collapsed
  /// to one space.
  public static func normalizeText(_ text: String) -> String {
    if isPlain(text) { return text }
    let nfkc = text.precomposedStringWithCompatibilityMapping
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    for scalar in nfkc.unicodeScalars {
      if isSpace(scalar) {
        pendingSpace = !out.isEmpty
      } else {
        if pendingSpace { out.append(" ") }
        pendingSpace = false
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// Whether a text is only visible ASCII (no space) and CJK ideographs (U+4000–U+9FFF): NFKC, space
  /// handling and lowercasing leave such a text as it is, apart from ASCII letters' case. Most names,
  /// numbers and accounts are, and the lists that show thousands of them skip the slow path.
  public static func isPlain(_ text: String) -> Bool {
    var copy = text
    return copy.withUTF8 { bytes in
      var i = 0
      while i < bytes.count {
        let b = bytes[i]
        if b >= 0x21 && b <= 0x7E {
          i += 1
        } else if b >= 0xE4 && b <= 0xE9 && i + 2 < bytes.count {
          i += 3
        } else {
          return false
        }
      }
      return true
    }
  }

  private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isWhitespace || scalar == "\u{200B}" || scalar == "\u{FEFF}"
  }

  private static func isASCIIDigit(_ c: Character) -> Bool {
    guard let a = c.asciiValue else { return false }
    return a >= 48 && a <= 57
  }

  private static func digitValue(_ c: Character) -> Int? {
    guard let a = c.asciiValue, a >= 48, a <= 57 else { return nil }
    return Int(a - 48)
  }

  // MARK: Resident identity number

  private static let idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  private static let idCheckCharacters: [Character] = Array("10X98765432")

  /// The check character (ISO 7064 MOD 11-2) for the first 17 digits of a resident ID number.
  /// - Returns: nil when the text is not 17 ASCII digits.
  public static func residentIDCheckCharacter(_ first17: String) -> Character? {
    let chars = Array(first17)
    guard chars.count == 17 else { return nil }
    var sum = 0
    for (i, c) in chars.enumerated() {
      guard let d = digitValue(c) else { return nil }
      sum += d * idWeights[i]
    }
    return idCheckCharacters[sum % 11]
  }

  /// Checks a resident identity number (GB 11643-1999): 18 characters, a 6-digit area code, a real
  /// date of birth (year 1900 or later), a 3-digit sequence and the MOD 11-2 check character.
  ///
  /// - Parameter today: when given, a date of birth after it is refused. Validation never reads the
  ///   clock itself.
  /// - Returns: the number with full-width forms and spaces removed and `x` upper-cased.
  public static func residentID(_ text: String, today: Day? = nil) throws(DomainError) -> String {
    let id = normalize(text).uppercased()
    let chars = Array(id)
    guard chars.count == 18 else { throw .idLength(chars.count) }
    guard chars[0..<17].allSatisfy(isASCIIDigit), isASCIIDigit(chars[17]) || chars[17] == "X" else {
      throw .idCharacters
    }
    // Province codes run from 11 (北京) to 9x; none starts with 0, and an all-zero area is a placeholder.
    guard chars[0] != "0", String(chars[0..<6]) != "000000" else { throw .idArea }
    let y = Int(String(chars[6..<10]))!
    let m = Int(String(chars[10..<12]))!
    let d = Int(String(chars[12..<14]))!
    let dateText = String(chars[6..<14])
    guard y >= 1900, Day.isValid(y, m, d) else { throw .idBirthDate(dateText) }
    if let today, Day(y, m, d) > today { throw .idBirthInFuture(Day(y, m, d)) }
    guard residentIDCheckCharacter(String(chars[0..<17])) == chars[17] else { throw .idCheckDigit }
    return id
  }

  /// The date of birth and sex encoded in a resident ID number that `residentID(_:)` accepted.
  public static func residentIDDetails(_ id: String) -> (birth: Day, male: Bool)? {
    let chars = Array(id)
    guard chars.count == 18, let y = Int(String(chars[6..<10])), let m = Int(String(chars[10..<12])),
      let d = Int(String(chars[12..<14])), Day.isValid(y, m, d), let seq = digitValue(chars[16])
    else { return nil }
    return (Day(y, m, d), seq % 2 == 1)
  }

  // MARK: Unified social credit code

  /// The 31 characters of GB 32100-2015, in value order (no I, O, Z, S, V).
  public static let creditAlphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
  private static let creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  private static let creditValues: [Character: Int] = Dictionary(
    uniqueKeysWithValues: creditAlphabet.enumerated().map { ($1, $0) })

  /// The check character of a unified social credit code for its first 17 characters.
  /// - Returns: nil when the text is not 17 characters of the alphabet.
  public static func creditCodeCheckCharacter(_ first17: String) -> Character? {
    let chars = Array(first17)
    guard chars.count == 17 else { return nil }
    var sum = 0
    for (i, c) in chars.enumerated() {
      guard let v = creditValues[c] else { return nil }
      sum += v * creditWeights[i]
    }
    return creditAlphabet[(31 - sum % 31) % 31]
  }

  /// Checks a unified social credit code (GB 32100-2015): 18 characters of the code alphabet with a
  /// MOD 31 check character.
  ///
  /// A code whose only fault is its check character is reported as `.checkDigitMismatch`, not as
  /// invalid: some early pilot codes printed on real licences fail the check, and a supervisor may
  /// accept one with a recorded reason.
  public static func creditCode(_ text: String) -> CreditCodeCheck {
    let code = normalize(text).uppercased()
    let chars = Array(code)
    guard chars.count == 18 else { return .invalid(.creditLength(chars.count)) }
    if let bad = chars.first(where: { creditValues[$0] == nil }) { return .invalid(.creditCharacter(String(bad))) }
    guard creditCodeCheckCharacter(String(chars[0..<17])) == chars[17] else { return .checkDigitMismatch(code) }
    return .valid(code)
  }

  /// Like `creditCode(_:)`, but a check-character mismatch is an error too.
  public static func creditCodeStrict(_ text: String) throws(DomainError) -> String {
    switch creditCode(text) {
    case .valid(let code): return code
    case .checkDigitMismatch: throw .creditCheckDigit
    case .invalid(let error): throw error
    }
  }

  // MARK: Phone numbers

  /// Checks a Chinese phone number.
  ///
  /// Mobiles: `1[3-9]` and 9 more digits, after dropping a `+86`, `0086` or `86` prefix. Landlines: an
  /// area code (`010` and `02x` have 3 digits, all others 4) and a 7- or 8-digit local number not
  /// starting with 0, with an optional extension of 1–6 digits after `-`, `转`, `ext`, `x` or `#`.
  /// Separators (`-`, spaces, brackets) are optional; without them the area code length follows from
  /// its first digits. Carrier prefixes change over time, so no prefix table is kept.
  public static func phone(_ text: String) throws(DomainError) -> PhoneNumber {
    var s = normalize(text).lowercased()
    guard !s.isEmpty else { throw .phoneEmpty }
    // Split off an extension first: the part after 转/ext/x/# — or a trailing "-digits" after a full number.
    var ext: String?
    for marker in ["转", "ext.", "ext", "x", "#", ","] {
      if let r = s.range(of: marker) {
        ext = String(s[r.upperBound...])
        s = String(s[..<r.lowerBound])
        break
      }
    }
    var international = false
    if s.hasPrefix("+86") {
      s.removeFirst(3)
      international = true
    } else if s.hasPrefix("+") {
      throw .phoneInvalid
    }
    // Groups of digits, split at the separators people use.
    var groups: [String] = []
    var current = ""
    for c in s {
      if isASCIIDigit(c) {
        current.append(c)
      } else if c == "-" || c == "(" || c == ")" || c == "." || c == "/" {
        if !current.isEmpty { groups.append(current) }
        current = ""
      } else {
        throw .phoneInvalid
      }
    }
    if !current.isEmpty { groups.append(current) }
    guard !groups.isEmpty else { throw .phoneInvalid }
    if let e = ext, e.isEmpty || e.count > 6 || !e.allSatisfy(isASCIIDigit) { throw .phoneInvalid }

    let all = groups.joined()
    // Mobile, possibly with a country prefix.
    if ext == nil {
      for prefix in international ? [""] : ["", "0086", "86"] where all.hasPrefix(prefix) {
        let rest = String(all.dropFirst(prefix.count))
        if isMobile(rest) { return PhoneNumber(kind: .mobile, digits: rest) }
      }
    }
    // Landline. With +86/0086 the trunk 0 of the area code is dropped.
    var parts = groups
    if !international, parts[0].hasPrefix("0086") {
      parts[0] = String(parts[0].dropFirst(4))
      international = true
      if parts[0].isEmpty { parts.removeFirst() }
    }
    guard !parts.isEmpty else { throw .phoneInvalid }
    // "+86 (0)571 …": some people keep the trunk 0 after the country code.
    if international, parts.count > 1, parts[0] == "0" {
      parts.removeFirst()
      parts[0] = "0" + parts[0]
    } else if international, !parts[0].hasPrefix("0") {
      parts[0] = "0" + parts[0]
    }
    // Three groups: either a number and its extension (010-12345678-123) or a local number typed in
    // two halves (010-1234-5678).
    if parts.count == 3 {
      if ext == nil, (7...8).contains(parts[1].count), parts[2].count <= 6 {
        ext = parts.removeLast()
      } else {
        parts = [parts[0], parts[1] + parts[2]]
      }
    }
    let area: String
    let local: String
    switch parts.count {
    case 1:
      let digits = parts[0]
      guard digits.hasPrefix("0") else { throw .phoneInvalid }
      let areaLength = digits.hasPrefix("010") || digits.hasPrefix("02") ? 3 : 4
      area = String(digits.prefix(areaLength))
      local = String(digits.dropFirst(areaLength))
    case 2:
      area = parts[0]
      local = parts[1]
    default:
      throw .phoneInvalid
    }
    guard isAreaCode(area), local.first != "0", local.allSatisfy(isASCIIDigit) else { throw .phoneInvalid }
    // 010 and 02x serve the largest cities: their local numbers have 8 digits; elsewhere 7 or 8.
    let lengths = area.count == 3 ? 8...8 : 7...8
    guard lengths.contains(local.count) else {
      throw .phoneLocalLength(area: area, length: local.count, expected: lengths)
    }
    return PhoneNumber(kind: .landline, digits: area + local, areaCode: area, extension: ext)
  }

  /// Checks an instrument's calibration record (guide 1.2): done on or before `today`, falling due after
  /// it was done, with a measured error that is a number.
  public static func calibration(
    calibratedOn: Day, dueOn: Day, errorPercent: Double, today: Day
  ) throws(DomainError) {
    guard calibratedOn <= today else { throw .calibrationInFuture(calibratedOn, today: today) }
    guard dueOn > calibratedOn else { throw .calibrationDueBeforeDone(calibratedOn, dueOn) }
    guard errorPercent.isFinite else { throw .calibrationDates }
  }

  private static func isMobile(_ s: String) -> Bool {
    let c = Array(s)
    guard c.count == 11, c[0] == "1", let second = digitValue(c[1]), second >= 3 else { return false }
    return c.allSatisfy(isASCIIDigit)
  }

  private static func isAreaCode(_ s: String) -> Bool {
    let c = Array(s)
    guard c.first == "0", c.count >= 3, c.count <= 4, c.allSatisfy(isASCIIDigit), c[1] != "0" else { return false }
    // 010 and 02x are the only 3-digit codes; every other code has 4 digits.
    let threeDigit = s == "010" || (c[1] == "2")
    return threeDigit ? c.count == 3 : c.count == 4
  }

  // MARK: Quantities

  /// Checks a positive quantity such as a contracted capacity. The unit may be typed after the
  /// number (`315kVA`, `３１５ ｋＶＡ`) and must then be the expected one.
  /// - Returns: the value, rounded to 3 decimals.
  public static func positiveQuantity(_ text: String, unit: QuantityUnit) throws(DomainError) -> Double {
    var s = normalize(text).replacingOccurrences(of: ",", with: "")
    let lower = s.lowercased()
    for suffix in unit.suffixes where lower.hasSuffix(suffix.lowercased()) {
      s = String(s.dropLast(suffix.count))
      break
    }
    guard !s.isEmpty, s.allSatisfy({ isASCIIDigit($0) || $0 == "." || $0 == "-" || $0 == "+" }),
      let value = Double(s), value.isFinite
    else { throw .quantityInvalid(unit.symbol) }
    guard value > 0 else { throw .quantityNotPositive(unit.symbol) }
    guard value <= unit.maximum else { throw .quantityTooLarge(unit.symbol, max: format(unit.maximum)) }
    let rounded = (value * 1000).rounded() / 1000
    guard rounded > 0 else { throw .quantityNotPositive(unit.symbol) }
    return rounded
  }

  private static func format(_ value: Double) -> String {
    value == value.rounded() ? String(Int64(value)) : String(value)
  }

  /// Checks a supply voltage typed as `10kV`, `10 kV`, `380V`, `２２０Ｖ` or a bare number of volts.
  public static func voltage(_ text: String) throws(DomainError) -> VoltageLevel {
    let s = normalize(text).lowercased()
    if let level = VoltageLevel.allCases.first(where: { $0.rawValue.lowercased() == s }) { return level }
    if let volts = Int(s), let level = VoltageLevel.allCases.first(where: { $0.volts == volts }) { return level }
    if s.hasSuffix("kv"), let kv = Double(s.dropLast(2)),
      let level = VoltageLevel.allCases.first(where: { Double($0.volts) == kv * 1000 })
    {
      return level
    }
    throw .voltageUnknown
  }

  /// Checks a non-negative amount of money (fees, budgets). See `Money.parse(_:)` for the forms accepted.
  public static func money(_ text: String) throws(DomainError) -> Money {
    let money = try Money.parse(text)
    guard money.fen >= 0 else { throw .moneyNegative }
    return money
  }

  // MARK: Free text

  /// Longest customer or organisation name accepted.
  public static let nameMaxLength = 60
  /// Longest address accepted.
  public static let addressMaxLength = 200
  /// Longest free text of a record (needs, findings, comments, reasons, notes) accepted: what
  /// `required` checks by default, and what the workbench's fields count down to as you type.
  public static let textMaxLength = 200
  /// Longest short free text (a person contacted, a milestone's name, a budget item) accepted.
  public static let shortTextMaxLength = 60

  /// Checks an optional free-text field: empty is fine; otherwise no control characters and at most
  /// `maxLength` characters.
  public static func optional(_ text: String, field: Localized, maxLength: Int = textMaxLength) throws(DomainError) {
    guard !normalizeText(text).isEmpty else { return }
    _ = try required(text, field: field, maxLength: maxLength)
  }

  /// Checks a required free-text field: normalised (`normalizeText`), not empty, no control
  /// characters, at most `maxLength` characters (grapheme clusters, so a CJK character counts one).
  public static func required(_ text: String, field: Localized, maxLength: Int = textMaxLength) throws(DomainError)
    -> String
  {
    let s = normalizeText(text)
    guard !s.isEmpty else { throw .fieldRequired(field) }
    guard !s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      throw .fieldCharacters(field)
    }
    guard s.count <= maxLength else { throw .fieldTooLong(field, max: maxLength) }
    return s
  }

  /// `required(_:field:maxLength:)` for a field of a command: a refusal names it (`DomainError.field`).
  public static func required(_ text: String, field: DomainField, maxLength: Int = textMaxLength) throws(DomainError)
    -> String
  {
    do {
      return try required(text, field: field.label, maxLength: maxLength)
    } catch {
      throw error.concerning(field)
    }
  }

  /// A customer's or organisation's name.
  public static func name(_ text: String) throws(DomainError) -> String {
    try required(text, field: Localized("客户名称", "Name"), maxLength: nameMaxLength)
  }

  /// A supply or postal address.
  public static func address(_ text: String) throws(DomainError) -> String {
    try required(text, field: Localized("地址", "Address"), maxLength: addressMaxLength)
  }
}

/// The outcome of checking a unified social credit code.
public enum CreditCodeCheck: Sendable, Hashable {
  /// A well-formed code with a correct check character (normalised).
  case valid(String)
  /// Well formed, but the check character does not match: a legacy pilot code, which a supervisor may
  /// accept with a reason.
  case checkDigitMismatch(String)
  case invalid(DomainError)
}

/// A checked phone number.
public struct PhoneNumber: Sendable, Hashable, Codable, CustomStringConvertible {
  public enum Kind: String, Sendable, Hashable, Codable {
    case mobile
    case landline
  }

  public var kind: Kind
  /// Mobile: the 11 digits. Landline: area code and local number, without separators or extension.
  public var digits: String
  /// Landline only: the area code with its leading 0 (`010`, `0571`).
  public var areaCode: String?
  /// Landline only: the extension, if any.
  public var `extension`: String?

  public init(kind: Kind, digits: String, areaCode: String? = nil, extension: String? = nil) {
    self.kind = kind
    self.digits = digits
    self.areaCode = areaCode
    self.extension = `extension`
  }

  /// `13812345678`, `010-12345678`, `0571-8765432-12`.
  public var description: String {
    guard kind == .landline, let areaCode else { return digits }
    let local = digits.dropFirst(areaCode.count)
    return "\(areaCode)-\(local)" + (`extension`.map { "-\($0)" } ?? "")
  }
}

/// Units a positive quantity may be checked in, each with a sanity ceiling.
public enum QuantityUnit: String, Sendable, Hashable, Codable, CaseIterable {
  case kVA
  case kW
  case kWh
  case meters = "m"

  public var symbol: String { rawValue }

  /// Suffixes a clerk may type after the number (compared case-insensitively).
  var suffixes: [String] {
    switch self {
    case .kVA: ["kva", "千伏安"]
    case .kW: ["kw", "千瓦"]
    case .kWh: ["kwh", "千瓦时", "度"]
    case .meters: ["m", "米"]
    }
  }

  /// Above this a typo (an extra zero, a wrong unit) is far more likely than a real value.
  public var maximum: Double {
    switch self {
    case .kVA, .kW: 1_000_000
    case .kWh: 1_000_000_000
    case .meters: 100_000
    }
  }
}

/// The supply voltages a customer may be connected at.
public enum VoltageLevel: String, Sendable, Hashable, Codable, CaseIterable {
  case v220 = "220V"
  case v380 = "380V"
  case kv10 = "10kV"
  case kv20 = "20kV"
  case kv35 = "35kV"
  case kv110 = "110kV"

  public var volts: Int {
    switch self {
    case .v220: 220
    case .v380: 380
    case .kv10: 10_000
    case .kv20: 20_000
    case .kv35: 35_000
    case .kv110: 110_000
    }
  }

  /// High voltage (高压) is 10 kV and above; 220 V and 380 V are low voltage (低压).
  public var isHigh: Bool { volts >= 10_000 }
}

/// An amount of money in fen (分, 0.01 元), so that sums are exact.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  public var fen: Int64

  public init(fen: Int64) { self.fen = fen }

  public static let zero = Money(fen: 0)

  /// Parses `1234.5`, `1,234.50`, `１２３４.５０`, `¥1234`, `1234.50元`, `-12.3`. At most two decimals.
  public static func parse(_ text: String) throws(DomainError) -> Money {
    var s = Validation.normalize(text)
    for mark in ["元", "¥", "￥", "RMB", "CNY"] { s = s.replacingOccurrences(of: mark, with: "") }
    s = s.replacingOccurrences(of: ",", with: "")
    var negative = false
    if s.hasPrefix("-") {
      negative = true
      s.removeFirst()
    } else if s.hasPrefix("+") {
      s.removeFirst()
    }
    let parts = s.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, let whole = parts.first, !whole.isEmpty || parts.count == 2 else { throw .moneyInvalid }
    let fraction = parts.count == 2 ? parts[1] : ""
    guard whole.allSatisfy({ $0.isASCII && $0.isNumber }), fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
      fraction.count <= 2, !(whole.isEmpty && fraction.isEmpty)
    else { throw .moneyInvalid }
    guard whole.count <= 15, let yuan = Int64(whole.isEmpty ? "0" : String(whole)) else { throw .moneyTooLarge }
    let fenPart = Int64(String(fraction).padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0
    let (scaled, overflow) = yuan.multipliedReportingOverflow(by: 100)
    guard !overflow else { throw .moneyTooLarge }
    let total = scaled + fenPart
    return Money(fen: negative ? -total : total)
  }

  /// `1,234.50 元` (the same in both languages: 元 is how the amounts are printed on receipts).
  public var formatted: String {
    let magnitude = fen.magnitude
    let yuan = String(magnitude / 100)
    var grouped = ""
    for (i, c) in yuan.enumerated() {
      if i > 0, (yuan.count - i) % 3 == 0 { grouped.append(",") }
      grouped.append(c)
    }
    let cents = magnitude % 100
    return (fen < 0 ? "-" : "") + grouped + "." + (cents < 10 ? "0" : "") + String(cents) + " 元"
  }

  public var description: String { formatted }

  public static func < (a: Money, b: Money) -> Bool { a.fen < b.fen }
  public static func + (a: Money, b: Money) -> Money { Money(fen: a.fen + b.fen) }
  public static func - (a: Money, b: Money) -> Money { Money(fen: a.fen - b.fen) }

  // Codable as the integer number of fen.
  public init(from decoder: Decoder) throws {
    fen = try decoder.singleValueContainer().decode(Int64.self)
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(fen)
  }
}
