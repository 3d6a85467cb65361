import Foundation
import PropertyBased
import Testing

@testable import Domain

/// The code of the `DomainError` a call throws, nil when it returns; shared by the DomainTests suites.
func thrownCode<T>(_ body: () throws -> T) -> String? {
  do {
    _ = try body()
    return nil
  } catch let error as DomainError {
    return error.code.rawValue
  } catch {
    return "not a DomainError: \(error)"
  }
}

/// A valid resident ID built from an area, a birth day and a sequence number.
private func makeResidentID(area: Int, birth: Day, sequence: Int) -> String {
  let first17 =
    String(area) + String(format: "%04d%02d%02d", birth.year, birth.month, birth.day)
    + String(format: "%03d", sequence)
  return first17 + String(Validation.residentIDCheckCharacter(first17)!)
}

/// Valid resident IDs: an area code, a birth day from 1900 on and a sequence number.
private let residentIDs = zip(Gen.int(in: 110_000...659_999), Gen.int(in: 0...(365 * 120)), Gen.int(in: 0...999))
  .map { area, offset, seq in
    makeResidentID(area: area, birth: Day(1900, 1, 1).adding(days: offset), sequence: seq)
  }

@Suite struct ValidationTests {
  // MARK: normalize

  @Test func normalizeFoldsFullWidthAndRemovesSpaces() {
    #expect(Validation.normalize(" １１０１ ０５\u{3000}ｘ ") == "110105x")
    #expect(Validation.normalize("") == "")
    #expect(Validation.normalizeText("  城东\u{3000}\u{3000}商贸  有限公司 ") == "城东 商贸 有限公司")
  }

  // MARK: resident ID

  @Test func residentIDValid() throws {
    #expect(try Validation.residentID("11010519491231002X") == "11010519491231002X")
    #expect(try Validation.residentID("11010519491231002x") == "11010519491231002X")
    #expect(try Validation.residentID("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X")
    #expect(try Validation.residentID("110105 19491231 002x") == "11010519491231002X")
  }

  @Test func residentIDInvalid() {
    #expect(thrownCode { try Validation.residentID("230307196304054513") } == "id.check-digit")
    #expect(thrownCode { try Validation.residentID("110105194902300021") } == "id.birth-date")
    #expect(thrownCode { try Validation.residentID("110105189912310021") } == "id.birth-date")
    #expect(thrownCode { try Validation.residentID("1101051949123100") } == "id.length")
    #expect(thrownCode { try Validation.residentID("") } == "id.length")
    #expect(thrownCode { try Validation.residentID("11010519491231002XX") } == "id.length")
    #expect(thrownCode { try Validation.residentID("1101051949123100AX") } == "id.characters")
    #expect(thrownCode { try Validation.residentID("11010519491231002Y") } == "id.characters")
    #expect(thrownCode { try Validation.residentID("01010519491231002X") } == "id.area")
  }

  @Test func residentIDBirthNotAfterToday() throws {
    let id = makeResidentID(area: 110_105, birth: Day(2026, 12, 1), sequence: 1)
    #expect(try Validation.residentID(id) == id)
    #expect(try Validation.residentID(id, today: Day(2026, 12, 1)) == id)
    #expect(thrownCode { try Validation.residentID(id, today: Day(2026, 11, 29)) } == "id.birth-in-future")
  }

  @Test func residentIDDetails() {
    let details = Validation.residentIDDetails("11010519491231002X")
    #expect(details?.birth == Day(1949, 12, 31))
    #expect(details?.male == false)
    #expect(Validation.residentIDDetails("short") == nil)
  }

  @Test func leapDayBirth() throws {
    let id = makeResidentID(area: 330_106, birth: Day(2000, 2, 29), sequence: 123)
    #expect(try Validation.residentID(id) == id)
    let bad = "3301061900022912"
    let badID = bad + "3" + String(Validation.residentIDCheckCharacter(bad + "3")!)
    #expect(thrownCode { try Validation.residentID(badID) } == "id.birth-date")
  }

  @Test func generatedResidentIDsPass() async {
    await propertyCheck(input: residentIDs) { id in
      #expect((try? Validation.residentID(id)) == id)
    }
  }

  @Test func anySingleDigitChangeFails() async {
    let ids = residentIDs
    await propertyCheck(input: ids, Gen.int(in: 0...16), Gen.int(in: 1...9)) { id, position, delta in
      var chars = Array(id)
      let digit = Int(String(chars[position]))!
      chars[position] = Character(String((digit + delta) % 10))
      // MOD 11-2 detects every single substitution; a changed date may also fail earlier.
      #expect(thrownCode { try Validation.residentID(String(chars)) } != nil)
    }
  }

  // MARK: credit code

  @Test func creditCodeValid() throws {
    #expect(Validation.creditCode("91110000600037341L") == .valid("91110000600037341L"))
    #expect(Validation.creditCode("91110000600037341l") == .valid("91110000600037341L"))
    #expect(Validation.creditCode("９１１１００００６０００３７３４１Ｌ") == .valid("91110000600037341L"))
    #expect(try Validation.creditCodeStrict(" 9111 0000 6000 3734 1L ") == "91110000600037341L")
  }

  @Test func creditCodePilotMismatch() {
    #expect(Validation.creditCode("91350100M0001TGQXM") == .checkDigitMismatch("91350100M0001TGQXM"))
    #expect(thrownCode { try Validation.creditCodeStrict("91350100M0001TGQXM") } == "credit.check-digit")
  }

  @Test func creditCodeInvalid() {
    #expect(Validation.creditCode("9111000060003734") == .invalid(.creditLength(16)))
    #expect(Validation.creditCode("91110000600037341I") == .invalid(.creditCharacter("I")))
    #expect(Validation.creditCode("9111000060003734OL") == .invalid(.creditCharacter("O")))
    #expect(thrownCode { try Validation.creditCodeStrict("") } == "credit.length")
  }

  @Test func generatedCreditCodesPassAndSingleChangesFail() async {
    let alphabet = Validation.creditAlphabet
    let body = Gen.int(in: 0...30).array(of: 17).map { values in String(values.map { alphabet[$0] }) }
    await propertyCheck(input: body, Gen.int(in: 0...16), Gen.int(in: 1...30)) { first17, position, delta in
      let code = first17 + String(Validation.creditCodeCheckCharacter(first17)!)
      #expect(Validation.creditCode(code) == .valid(code))
      var chars = Array(code)
      let value = alphabet.firstIndex(of: chars[position])!
      chars[position] = alphabet[(value + delta) % 31]
      #expect(Validation.creditCode(String(chars)) == .checkDigitMismatch(String(chars)))
    }
  }

  // MARK: phone

  @Test func mobiles() throws {
    for text in [
      "13812345678", "+8613812345678", "+86 138 1234 5678", "008613812345678", "8613812345678",
      "１３８１２３４５６７８", "138-1234-5678", "＋８６ １３８１２３４５６７８",
    ] {
      let phone = try Validation.phone(text)
      #expect(phone.kind == .mobile, "\(text)")
      #expect(phone.digits == "13812345678", "\(text)")
    }
    #expect(try Validation.phone("19912345678").digits == "19912345678")
  }

  @Test func landlines() throws {
    let beijing = try Validation.phone("010-12345678")
    #expect(beijing.kind == .landline)
    #expect(beijing.areaCode == "010")
    #expect(beijing.digits == "01012345678")
    #expect(beijing.description == "010-12345678")
    #expect(try Validation.phone("0571-8765432").description == "0571-8765432")
    #expect(try Validation.phone("057187654321").description == "0571-87654321")
    #expect(try Validation.phone("01012345678").description == "010-12345678")
    #expect(try Validation.phone("(021) 6123 4567").description == "021-61234567")
    #expect(try Validation.phone("010-1234-5678").description == "010-12345678")
    #expect(try Validation.phone("+86 10 12345678").description == "010-12345678")
    #expect(try Validation.phone("+86 (0)571 87654321").description == "0571-87654321")
    #expect(try Validation.phone("0086-571-87654321").description == "0571-87654321")
    let withExt = try Validation.phone("010-12345678-123")
    #expect(withExt.extension == "123")
    #expect(withExt.description == "010-12345678-123")
    #expect(try Validation.phone("0571-87654321转8001").extension == "8001")
    #expect(try Validation.phone("0571-87654321 ext. 8001").extension == "8001")
    #expect(try Validation.phone("０５７１－８７６５４３２１").description == "0571-87654321")
  }

  @Test func wrongPhones() {
    for text in [
      "12812345678", "1381234567", "138123456789", "02812345678x", "010-0123456", "010-123456",
      "0571-123456789", "abc", "+1 415 555 1234", "00-12345678", "1381234567a", "010-12345678转",
      "010-12345678-1234567",
    ] {
      // A local number of the wrong length for its area code says so (phone.local-length).
      #expect(["phone.invalid", "phone.local-length"].contains(thrownCode { try Validation.phone(text) }), "\(text)")
    }
    #expect(thrownCode { try Validation.phone("  ") } == "phone.empty")
  }

  // MARK: quantities, voltage, money

  @Test func quantities() throws {
    #expect(try Validation.positiveQuantity("315", unit: .kVA) == 315)
    #expect(try Validation.positiveQuantity("315kVA", unit: .kVA) == 315)
    #expect(try Validation.positiveQuantity("３１５ ｋＶＡ", unit: .kVA) == 315)
    #expect(try Validation.positiveQuantity("12.5", unit: .kW) == 12.5)
    #expect(try Validation.positiveQuantity("1,250", unit: .kVA) == 1250)
    #expect(thrownCode { try Validation.positiveQuantity("0", unit: .kVA) } == "quantity.not-positive")
    #expect(thrownCode { try Validation.positiveQuantity("-5", unit: .kVA) } == "quantity.not-positive")
    #expect(thrownCode { try Validation.positiveQuantity("0.0001", unit: .kVA) } == "quantity.not-positive")
    #expect(thrownCode { try Validation.positiveQuantity("abc", unit: .kVA) } == "quantity.invalid")
    #expect(thrownCode { try Validation.positiveQuantity("", unit: .kVA) } == "quantity.invalid")
    #expect(thrownCode { try Validation.positiveQuantity("315kW", unit: .kVA) } == "quantity.invalid")
    #expect(thrownCode { try Validation.positiveQuantity("nan", unit: .kVA) } == "quantity.invalid")
    #expect(thrownCode { try Validation.positiveQuantity("5000000", unit: .kVA) } == "quantity.too-large")
  }

  @Test func voltages() throws {
    #expect(try Validation.voltage("10kV") == .kv10)
    #expect(try Validation.voltage("10 kv") == .kv10)
    #expect(try Validation.voltage("１０ｋＶ") == .kv10)
    #expect(try Validation.voltage("220V") == .v220)
    #expect(try Validation.voltage("380") == .v380)
    #expect(try Validation.voltage("110kV").isHigh)
    #expect(try !Validation.voltage("380V").isHigh)
    #expect(thrownCode { try Validation.voltage("12kV") } == "voltage.unknown")
    #expect(thrownCode { try Validation.voltage("") } == "voltage.unknown")
  }

  @Test func moneyParsesAndFormats() throws {
    #expect(try Money.parse("1234.5") == Money(fen: 123_450))
    #expect(try Money.parse("１２３４.５０") == Money(fen: 123_450))
    #expect(try Money.parse("1,234.50 元") == Money(fen: 123_450))
    #expect(try Money.parse("¥0.05") == Money(fen: 5))
    #expect(try Money.parse(".5") == Money(fen: 50))
    #expect(try Money.parse("12.") == Money(fen: 1200))
    #expect(try Money.parse("-3") == Money(fen: -300))
    #expect(Money(fen: 123_450).formatted == "1,234.50 元")
    #expect(Money(fen: 5).formatted == "0.05 元")
    #expect(Money(fen: 100_000_000).formatted == "1,000,000.00 元")
    #expect(Money(fen: -123_450).formatted == "-1,234.50 元")
    #expect(Money(fen: 100) + Money(fen: 50) == Money(fen: 150))
    #expect(thrownCode { try Money.parse("1.234") } == "money.invalid")
    #expect(thrownCode { try Money.parse("1.2.3") } == "money.invalid")
    #expect(thrownCode { try Money.parse("") } == "money.invalid")
    #expect(thrownCode { try Money.parse(".") } == "money.invalid")
    #expect(thrownCode { try Money.parse("abc") } == "money.invalid")
    #expect(thrownCode { try Money.parse("1e5") } == "money.invalid")
    #expect(thrownCode { try Money.parse("99999999999999999") } == "money.too-large")
    #expect(thrownCode { try Validation.money("-1") } == "money.negative")
    #expect(try Validation.money("0") == .zero)
  }

  @Test func moneyFormatParsesBack() async {
    await propertyCheck(input: Gen.int(in: -1_000_000_000...1_000_000_000)) { fen in
      let money = Money(fen: Int64(fen))
      #expect((try? Money.parse(money.formatted)) == money)
    }
  }

  @Test func moneyCodableAsFen() throws {
    let data = try JSONEncoder().encode([Money(fen: 12_345)])
    #expect(String(decoding: data, as: UTF8.self) == "[12345]")
    #expect(try JSONDecoder().decode([Money].self, from: data) == [Money(fen: 12_345)])
  }

  // MARK: required text

  @Test func requiredFields() throws {
    let field = Localized("地址", "Address")
    #expect(try Validation.required("  杭州市 西湖区  ", field: field) == "杭州市 西湖区")
    #expect(thrownCode { try Validation.required(" \u{3000} ", field: field) } == "field.required")
    #expect(thrownCode { try Validation.required("a\u{7}b", field: field) } == "field.characters")
    #expect(thrownCode { try Validation.required("张三丰", field: field, maxLength: 2) } == "field.too-long")
    #expect(try Validation.name("张三") == "张三")
    #expect(thrownCode { try Validation.name(String(repeating: "长", count: 61)) } == "field.too-long")
    #expect(try Validation.address("浙江省杭州市西湖区文三路90号") == "浙江省杭州市西湖区文三路90号")
  }

  @Test func errorMessagesSayWhatToDo() {
    let error = DomainError.fieldRequired(Localized("客户名称", "Name"))
    #expect(error.message.zh.contains("客户名称"))
    #expect(error.message.en.contains("name"))
    #expect(DomainError.creditCheckDigit.message.zh.contains("班长"))
  }
}

/// The remaining impossible values (issue 10, item 7).
@Suite struct ImpossibleValueTests {
  @Test func birthDateInTheFutureIsRefused() throws {
    let body = "11010520271231001"
    let id = body + String(Validation.residentIDCheckCharacter(body)!)
    #expect(throws: DomainError.idBirthInFuture(Day(2027, 12, 31))) {
      try Validation.residentID(id, today: Day(2026, 12, 2))
    }
    #expect(try Validation.residentID(id, today: Day(2028, 1, 1)) == id)
    // Through the domain: intake refuses a customer born tomorrow.
    var h = try Harness.hall()
    var form = Harness.person
    let tomorrow = Day(containing: h.now).adding(days: 1)
    let b = String(format: "110105%04d%02d%02d001", tomorrow.year, tomorrow.month, tomorrow.day)
    form.idNumber = b + String(Validation.residentIDCheckCharacter(b)!)
    #expect(throws: DomainError.self) { _ = try h.receive(customer: form) }
    do {
      _ = try h.receive(customer: form)
    } catch let error as DomainError {
      #expect(error.code.rawValue == "id.birth-in-future")
    }
  }

  @Test(arguments: [
    ("010-1234567", false), ("010-12345678", true), ("021 8765432", false), ("02187654321", true),
    ("0571-8765432", true), ("0571-87654321", true), ("0571-876543", false), ("029-1234567", false),
    ("+86 10 12345678", true), ("+86 10 1234567", false), ("010-1234-5678", true),
  ])
  func landlineLengthFollowsTheAreaCode(_ text: String, _ valid: Bool) {
    let result = Result { () throws(DomainError) in try Validation.phone(text) }
    switch result {
    case .success: #expect(valid, "\(text) accepted")
    case .failure(let error):
      #expect(!valid, "\(text) refused: \(error)")
      if text.hasPrefix("010-1234567") || text.hasPrefix("021 ") || text.hasPrefix("029") {
        #expect(error.code.rawValue == "phone.local-length")
        #expect(error.message.zh.contains("8 位") && error.message.en.contains("8 digits"))
      }
    }
  }

  @Test func calibrationDates() throws {
    let today = Day(2026, 12, 2)
    #expect(throws: DomainError.calibrationInFuture(Day(2026, 12, 3), today: today)) {
      try Validation.calibration(
        calibratedOn: Day(2026, 12, 3), dueOn: Day(2027, 12, 3), errorPercent: 0.1, today: today)
    }
    #expect(throws: DomainError.calibrationDueBeforeDone(Day(2026, 11, 1), Day(2026, 10, 1))) {
      try Validation.calibration(
        calibratedOn: Day(2026, 11, 1), dueOn: Day(2026, 10, 1), errorPercent: 0.1, today: today)
    }
    try Validation.calibration(calibratedOn: today, dueOn: Day(2027, 12, 2), errorPercent: 0.1, today: today)
    // Through the domain, for registering and for recalibrating.
    var h = try Harness.hall()
    let now = Day(containing: h.now)
    #expect(throws: DomainError.self) {
      try h.run(
        RegisterEquipment(
          assetNo: "M-0099", kind: "multimeter", name: "新表", calibratedOn: now.adding(days: 1),
          dueOn: now.adding(days: 300), errorPercent: 0.1), as: "admin")
    }
    #expect(throws: DomainError.self) {
      try h.run(
        CalibrateEquipment(
          assetNo: "M-0031", calibratedOn: now.adding(days: 2), dueOn: now.adding(days: 300), errorPercent: 0.1),
        as: "admin")
    }
    try h.run(
      CalibrateEquipment(assetNo: "M-0031", calibratedOn: now, dueOn: now.adding(days: 300), errorPercent: 0.1),
      as: "admin")
  }
}
