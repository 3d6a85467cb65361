// The one table of messages for input validation, the calendar, deadlines and the standard. Each
// message says what was wrong and what to do next, in both languages. Codes are stable: screens,
// scripts and tests match on `code`, never on the text.

extension DomainError {
  // MARK: Fields

  /// A required field was left empty.
  public static func fieldRequired(_ field: Localized) -> DomainError {
    DomainError(
      .fieldRequired, "请填写\(field.zh)，此项不能为空。", "Enter the \(field.en.lowercased()); it cannot be empty.")
  }

  public static func fieldTooLong(_ field: Localized, max: Int) -> DomainError {
    DomainError(
      .fieldTooLong, "\(field.zh)过长：最多 \(max) 个字，请删减后重试。",
      "The \(field.en.lowercased()) is too long: at most \(max) characters. Shorten it and try again.")
  }

  public static func fieldCharacters(_ field: Localized) -> DomainError {
    DomainError(
      .fieldCharacters, "\(field.zh)含有控制字符，请重新输入。",
      "The \(field.en.lowercased()) contains control characters. Type it again.")
  }

  // MARK: Resident identity number (GB 11643)

  public static func idLength(_ count: Int) -> DomainError {
    DomainError(
      .idLength, "身份证号应为 18 位，现为 \(count) 位，请核对证件后重新输入。",
      "A resident ID number has 18 characters, this one has \(count). Check the card and type it again.",
      field: .idNumber)
  }

  public static let idCharacters = DomainError(
    .idCharacters, "身份证号前 17 位须为数字，末位为数字或 X，请核对后重新输入。",
    "A resident ID number is 17 digits followed by a digit or X. Check the card and type it again.", field: .idNumber)

  public static let idArea = DomainError(
    .idArea, "身份证号前 6 位地址码无效，请核对证件。",
    "The first 6 digits (area code) of the resident ID number are not valid. Check the card.", field: .idNumber)

  public static func idBirthInFuture(_ day: Day) -> DomainError {
    DomainError(
      .idBirthInFuture, "身份证号中的出生日期 \(day) 晚于今天，不可能是真实证件，请核对证件号码。",
      "The date of birth \(day) in the resident ID number is after today: no real card has it. Check the number.",
      field: .idNumber)
  }

  public static func phoneLocalLength(area: String, length: Int, expected: ClosedRange<Int>) -> DomainError {
    let want = expected.count == 1 ? "\(expected.lowerBound)" : "\(expected.lowerBound)或\(expected.upperBound)"
    let wantEn = expected.count == 1 ? "\(expected.lowerBound)" : "\(expected.lowerBound) or \(expected.upperBound)"
    return DomainError(
      .phoneLocalLength, "区号 \(area) 的本地号码应为 \(want) 位，输入的是 \(length) 位，请核对电话号码。",
      "Local numbers in area code \(area) have \(wantEn) digits; this one has \(length). Check the phone number.",
      field: .phone)
  }

  public static func calibrationInFuture(_ day: Day, today: Day) -> DomainError {
    DomainError(
      .equipmentCalibrationInFuture, "校验日期 \(day) 晚于今天 (\(today))：只能登记已完成的校验，请核对校验证书。",
      "The calibration date \(day) is after today (\(today)): only a calibration already done can be recorded. "
        + "Check the certificate.")
  }

  public static func calibrationDueBeforeDone(_ done: Day, _ due: Day) -> DomainError {
    DomainError(
      .equipmentDueBeforeDone, "校验到期日 \(due) 不晚于校验日期 \(done)，请按校验证书填写下次到期日。",
      "The calibration due date \(due) is not after the calibration date \(done). Enter the next due date from the "
        + "certificate.")
  }

  public static func idBirthDate(_ text: String) -> DomainError {
    DomainError(
      .idBirthDate, "身份证号中的出生日期 \(text) 不是有效日期，请核对证件。",
      "The date of birth \(text) in the resident ID number is not a real date. Check the card.", field: .idNumber)
  }

  public static let idCheckDigit = DomainError(
    .idCheckDigit, "身份证号校验位不符，可能有一位输错，请逐位核对证件后重新输入。",
    "The resident ID number's check digit does not match: a digit is probably mistyped. Compare it with the card.",
    field: .idNumber)

  // MARK: Unified social credit code (GB 32100)

  public static func creditLength(_ count: Int) -> DomainError {
    DomainError(
      .creditLength, "统一社会信用代码应为 18 位，现为 \(count) 位，请核对营业执照后重新输入。",
      "A unified social credit code has 18 characters, this one has \(count). Check the business licence.",
      field: .idNumber)
  }

  public static func creditCharacter(_ character: String) -> DomainError {
    DomainError(
      .creditCharacters,
      "统一社会信用代码含有无效字符“\(character)”（代码不使用 I、O、Z、S、V），请核对营业执照。",
      "The unified social credit code contains “\(character)”, which codes never use (no I, O, Z, S, V). "
        + "Check the business licence.", field: .idNumber)
  }

  public static let creditCheckDigit = DomainError(
    .creditCheckDigit,
    "统一社会信用代码校验位不符。请核对营业执照；若执照上确为此代码（早期试点代码），请班长填写理由后放行。",
    "The unified social credit code's check digit does not match. Check the business licence; if the licence "
      + "shows this very code (an early pilot code), a supervisor may accept it with a reason.", field: .idNumber)

  // MARK: Phone numbers

  public static let phoneEmpty = DomainError(
    .phoneEmpty, "请填写联系电话（手机 11 位，或固话如 010-12345678）。",
    "Enter a phone number (an 11-digit mobile, or a landline such as 010-12345678).", field: .phone)

  public static let phoneInvalid = DomainError(
    .phoneInvalid,
    "电话号码无效：手机号为 1 开头的 11 位数字；固话为区号加号码，如 010-12345678、0571-8765432，分机用“-”或“转”。",
    "Not a valid phone number: a mobile is 11 digits starting with 1; a landline is an area code and number, "
      + "such as 010-12345678 or 0571-8765432, with an extension after “-” or “ext”.", field: .phone)

  // MARK: Quantities and money

  public static func quantityInvalid(_ unit: String) -> DomainError {
    DomainError(
      .quantityInvalid, "请输入数字（单位 \(unit)），如 50 或 12.5。",
      "Enter a number (in \(unit)), such as 50 or 12.5.")
  }

  public static func quantityNotPositive(_ unit: String) -> DomainError {
    DomainError(
      .quantityNotPositive, "数值必须大于 0（单位 \(unit)）。", "The value must be greater than 0 (in \(unit)).")
  }

  public static func quantityTooLarge(_ unit: String, max: String) -> DomainError {
    DomainError(
      .quantityTooLarge, "数值过大：最多 \(max) \(unit)，请核对单位。",
      "The value is too large: at most \(max) \(unit). Check the unit.")
  }

  public static let voltageUnknown = DomainError(
    .voltageUnknown, "供电电压须为 220V、380V、10kV、20kV、35kV 或 110kV 之一。",
    "The supply voltage must be one of 220V, 380V, 10kV, 20kV, 35kV or 110kV.", field: .voltage)

  public static let moneyInvalid = DomainError(
    .moneyInvalid, "金额格式不对：请输入数字，最多两位小数，如 1234.50。",
    "Not an amount: enter a number with at most two decimals, such as 1234.50.")

  public static let moneyNegative = DomainError(
    .moneyNegative, "金额不能为负数。", "The amount cannot be negative.")

  public static let moneyTooLarge = DomainError(
    .moneyTooLarge, "金额过大，请核对后重新输入。", "The amount is too large. Check it and type it again.")

  // MARK: Working-day calendar files

  public static func calendarSyntax(_ problem: TOMLText.Problem) -> DomainError {
    DomainError(
      .calendarSyntax, "日历文件第 \(problem.line) 行不是有效的 TOML（\(problem.detail)），请修正后重新加载。",
      "Line \(problem.line) of the calendar file is not valid TOML (\(problem.detail)). Fix it and load it again.")
  }

  public static func calendarUnknownKey(_ key: String, line: Int, suggestion: String?) -> DomainError {
    DomainError(
      .calendarUnknownKey,
      "日历文件第 \(line) 行的“\(key)”不是日历文件的项目\(suggestion.map { "，是否应为“\($0)”" } ?? "")；请改正拼写或删去此项。",
      "Line \(line) of the calendar file: “\(key)” is not a calendar setting\(suggestion.map { " (did you mean “\($0)”?)" } ?? ""). "
        + "Correct its spelling or remove it.")
  }

  public static func calendarField(_ field: String) -> DomainError {
    DomainError(
      .calendarField, "日历文件中“\(field)”缺失或格式不对（日期写作 \"2027-01-01\"），请对照国务院通知修正。",
      "The calendar file's “\(field)” is missing or malformed (dates are written \"2027-01-01\"). "
        + "Correct it against the State Council notice.")
  }

  public static func calendarYear(_ year: Int) -> DomainError {
    DomainError(
      .calendarYear, "日历年份 \(year) 不合理，请检查 year 一项。", "The calendar year \(year) is not plausible. Check “year”.")
  }

  public static func calendarOutsideYear(_ day: Day, year: Int) -> DomainError {
    DomainError(
      .calendarOutsideYear, "日期 \(day) 不在 \(year) 年内：每个文件只写一年的安排。",
      "The date \(day) is not in \(year): each file holds one year's arrangement.")
  }

  public static func calendarRange(_ holiday: String) -> DomainError {
    DomainError(
      .calendarRange, "“\(holiday)”的放假起始日期晚于结束日期，请检查 from 与 to。",
      "The days off of “\(holiday)” start after they end. Check “from” and “to”.")
  }

  public static func calendarWorkingNotWeekend(_ day: Day) -> DomainError {
    DomainError(
      .calendarWorkingNotWeekend, "调休上班日 \(day) 不是周末，本就是工作日，请核对通知。",
      "The make-up working day \(day) is not a weekend day, so it is a working day anyway. Check the notice.")
  }

  public static func calendarClash(_ day: Day) -> DomainError {
    DomainError(
      .calendarClash, "\(day) 既列为放假又列为上班，请对照通知更正。",
      "\(day) is listed both as a day off and as a working day. Correct it against the notice.")
  }

  // MARK: Standard files

  public static func standardSyntax(_ detail: String) -> DomainError {
    DomainError(
      .standardSyntax, "标准文件不是有效的 TOML（\(detail)），请修正后重新导入。",
      "The standard file is not valid TOML (\(detail)). Fix it and import it again.")
  }

  public static func standardField(_ problem: (path: String, detail: String)) -> DomainError {
    DomainError(
      .standardField, "标准文件中“\(problem.path)”缺失或取值不对（\(problem.detail)），请对照导出的文件修正。",
      "In the standard file, “\(problem.path)” is wrong: \(problem.detail). Compare with an exported file and fix it.")
  }

  public static func standardSyntax(_ problem: TOMLText.Problem) -> DomainError {
    DomainError(
      .standardSyntax, "标准文件第 \(problem.line) 行不是有效的 TOML（\(problem.detail)），请修正后重新导入。",
      "Line \(problem.line) of the standard file is not valid TOML (\(problem.detail)). Fix it and import it again.")
  }

  public static func standardUnknownKey(_ key: String, line: Int, suggestion: String?) -> DomainError {
    DomainError(
      .standardUnknownKey,
      "标准文件第 \(line) 行的“\(key)”不是标准的项目\(suggestion.map { "，是否应为“\($0)”" } ?? "")；请改正拼写或删去此项。",
      "Line \(line) of the standard file: “\(key)” is not a setting of the standard\(suggestion.map { " (did you mean “\($0)”?)" } ?? ""). "
        + "Correct its spelling or remove it.")
  }

  public static func standardValue(_ path: String, _ expected: String) -> DomainError {
    DomainError(
      .standardValue, "标准文件中“\(path)”的取值不合理，应为 \(expected)。",
      "In the standard file, “\(path)” must be \(expected).")
  }

  public static func standardLimit(_ path: String) -> DomainError {
    DomainError(
      .standardLimit, "标准文件中“\(path)”的时限必须大于 0；不设时限请删去此项。",
      "In the standard file, the limit “\(path)” must be greater than 0; to set no limit, remove it.")
  }

  public static func standardFirstStage(_ type: String) -> DomainError {
    DomainError(
      .standardFirstStage, "业务类型“\(type)”的第一个环节必须是受理（intake）。",
      "Business type “\(type)” must start with the intake stage.")
  }

  public static func standardStageOrder(_ type: String, _ a: String, _ b: String) -> DomainError {
    DomainError(
      .standardStageOrder,
      "业务类型“\(type)”的环节顺序不对：\(b) 不能排在 \(a) 之后（顺序为 受理、勘查、方案、确认、执行、反馈、回访、归档，且不重复）。",
      "Business type “\(type)” has its stages out of order: \(b) cannot follow \(a) (the order is intake, survey, "
        + "scheme, confirmation, execution, feedback, follow-up, archive, each at most once).")
  }

  public static func standardQualification(_ path: String, _ id: String) -> DomainError {
    DomainError(
      .standardQualification, "“\(path)”要求的资格证“\(id)”未在 certificate-kinds 中定义，请先添加该证书类别。",
      "“\(path)” requires the certificate “\(id)”, which certificate-kinds does not define. Add it first.")
  }

  public static func standardDuplicate(_ path: String, _ id: String) -> DomainError {
    DomainError(
      .standardDuplicateId, "“\(path)”中的标识“\(id)”重复，每个标识只能用一次。",
      "The id “\(id)” appears twice in “\(path)”; each id must be unique.")
  }

  public static func standardIdentifier(_ path: String, _ id: String) -> DomainError {
    DomainError(
      .standardId, "“\(path)”中的标识“\(id)”无效：只能用小写字母、数字和连字符，如 new-low-resident。",
      "The id “\(id)” in “\(path)” is not valid: use lower-case letters, digits and hyphens, as in new-low-resident.")
  }
}
