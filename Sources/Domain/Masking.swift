import Foundation

/// De-identifies personal data before it reaches a screen or an export (PIPL; GB/T 35273).
///
/// Every function accepts any text — short, empty, odd — and never traps: when a text is too short to
/// keep anything safely, it is masked whole. Masks are built from `*`, and at least a third of a
/// text (at least one character) is always masked.
public enum Masking {
  /// The mask character.
  public static let mask: Character = "*"

  /// Keeps the first `first` and last `last` characters and masks the rest, one `*` per character.
  /// When the text is too short for that, fewer characters are kept so that at least a third of it
  /// (and at least one character) is masked.
  public static func keep(_ text: String, first: Int, last: Int) -> String {
    let chars = Array(text)
    let n = chars.count
    guard n > 0 else { return "" }
    var head = max(0, first)
    var tail = max(0, last)
    // Shrink what is kept, tail first, until enough is masked.
    let minimumMasked = max(1, (n + 2) / 3)
    while n - head - tail < minimumMasked {
      if tail >= head, tail > 0 { tail -= 1 } else if head > 0 { head -= 1 } else { break }
    }
    let masked = n - head - tail
    return String(chars[0..<head]) + String(repeating: mask, count: masked) + String(chars[(n - tail)...])
  }

  /// A resident ID or other identity document number: `11010519491231002X` → `1101**********002X`
  /// (first 4 and last 4 kept). Spaces and full-width forms are normalised first.
  public static func idNumber(_ text: String) -> String {
    if SealedText.isSealed(text) { return SealedText.placeholder }
    return keep(Validation.normalize(text).uppercased(), first: 4, last: 4)
  }

  /// A phone number. Mobiles keep the first 3 and last 4 digits (`138****5678`); landlines keep the
  /// area code and the last 4 digits (`010-****5678`), and drop any extension. A text that is not a
  /// valid number keeps its first 3 and last 4 characters at most.
  public static func phone(_ text: String) -> String {
    if SealedText.isSealed(text) { return SealedText.placeholder }
    if let number = try? Validation.phone(text) {
      switch number.kind {
      case .mobile:
        return keep(number.digits, first: 3, last: 4)
      case .landline:
        let area = number.areaCode ?? ""
        let local = String(number.digits.dropFirst(area.count))
        return area + "-" + keep(local, first: 0, last: 4)
      }
    }
    return keep(Validation.normalize(text), first: 3, last: 4)
  }

  /// A person's name. Chinese names keep the first and, from 3 characters, the last character:
  /// `张三` → `张*`, `张三明` → `张*明`, `欧阳娜娜` → `欧**娜`. Names in Latin letters keep the first
  /// letter of each word: `John Smith` → `J*** S****`.
  public static func name(_ text: String) -> String {
    let s = Validation.normalizeText(text)
    // A scalar scan: `String.contains(String)` goes through Foundation and is slow in long lists.
    if s.unicodeScalars.contains(where: { $0 == " " || $0 == "·" || $0 == "•" }) {
      // Given name and surname separated by spaces or a middle dot (少数民族 and foreign names).
      var out = ""
      var startOfWord = true
      for c in s {
        if c == " " || c == "·" || c == "•" || c == "-" {
          out.append(c)
          startOfWord = true
        } else {
          out.append(startOfWord ? c : mask)
          startOfWord = false
        }
      }
      // A one-letter word or a text of separators only would otherwise be shown whole.
      return out.contains(mask) ? out : String(repeating: mask, count: out.count)
    }
    let chars = Array(s)
    switch chars.count {
    case 0: return ""
    case 1: return String(mask)
    case 2: return String(chars[0]) + String(mask)
    default: return String(chars[0]) + String(repeating: mask, count: chars.count - 2) + String(chars[chars.count - 1])
    }
  }

  /// Legal-form endings of organisation names, longest first. They identify nobody, so they are kept.
  static let organisationSuffixes = [
    "股份有限公司", "有限责任公司", "有限公司", "分公司", "集团公司", "集团", "公司", "合作社", "个体工商户",
    "营业部", "经营部", "门市部", "事务所", "研究院", "研究所", "委员会", "医院", "学校", "中学", "小学", "幼儿园",
    "中心", "工厂", "厂", "商店", "超市", "酒店", "宾馆", "饭店", "店", "行", "馆", "部", "站", "社",
  ]

  /// An organisation's name. The legal-form ending (`有限公司`, `厂`, …) is kept; of the rest (region
  /// and trade name), the first two and the last character are kept when it has 4 or more
  /// characters: `城东商贸有限公司` → `城东*贸有限公司`, `杭州西湖龙井茶业有限公司` → `杭州*****业有限公司`.
  /// Shorter cores keep their first character (and their last, from 3): `华为公司` → `华*公司`.
  /// Individual businesses (个体工商户) are often named after their owner, hence the masking at all.
  public static func organisation(_ text: String) -> String {
    let s = Validation.normalizeText(text)
    var core = s
    var suffix = ""
    for candidate in organisationSuffixes where s.hasSuffix(candidate) && s.count > candidate.count {
      core = String(s.dropLast(candidate.count))
      suffix = candidate
      break
    }
    let chars = Array(core)
    let n = chars.count
    let masked: String
    switch n {
    case 0: masked = ""
    case 1: masked = String(mask)
    case 2: masked = String(chars[0]) + String(mask)
    case 3: masked = String(chars[0]) + String(mask) + String(chars[2])
    default: masked = String(chars[0..<2]) + String(repeating: mask, count: n - 3) + String(chars[n - 1])
    }
    return masked + suffix
  }

  /// Characters that end an administrative division at district level or above.
  private static let districtEnds: Set<Character> = ["区", "县", "旗"]
  private static let notDistrictBefore: Set<Character> = ["小", "社", "园", "景", "校", "街", "片", "营", "矿", "厂"]
  private static let cityEnds: Set<Character> = ["市", "州", "盟"]
  private static let provinceEnds: Set<Character> = ["省"]
  /// Only the first characters of an address can be administrative divisions; later a `区` is more
  /// likely a residential compound (小区) or a park (园区).
  private static let divisionWindow = 16

  /// An address, kept up to the district (区/县/旗) and masked after it with `****`:
  /// `浙江省杭州市西湖区文三路90号` → `浙江省杭州市西湖区****`. Without a district the address is kept up to
  /// the city (`东莞市****`) or province. Addresses in Latin script keep the parts after the last part
  /// that contains a digit: `88 Jianguo Rd, Chaoyang District, Beijing` → `****, Chaoyang District, Beijing`.
  public static func address(_ text: String) -> String {
    if SealedText.isSealed(text) { return SealedText.placeholder }
    let s = Validation.normalizeText(text)
    guard !s.isEmpty else { return "" }
    let chars = Array(s)
    if chars.contains(where: isCJK) {
      // Divisions come before the first digit (house numbers) and within the first characters.
      // (ASCII digits only: `Character.isNumber` is true for 京 and 万, which are numerals too.)
      let firstDigit = chars.firstIndex(where: { $0.isASCII && $0.isNumber }) ?? chars.count
      let window = min(firstDigit, divisionWindow, chars.count)
      let prefix = chars[0..<window]
      // The first district marker, not as the first character of a name (区 alone is no district) and
      // not in words such as 小区 (compound), 社区 (community), 园区 (park), 景区 or 校区.
      let end =
        prefix.indices.first(where: {
          $0 > 0 && districtEnds.contains(prefix[$0]) && !notDistrictBefore.contains(prefix[$0 - 1])
        })
        ?? prefix.indices.last(where: { $0 > 0 && cityEnds.contains(prefix[$0]) })
        ?? prefix.indices.last(where: { $0 > 0 && provinceEnds.contains(prefix[$0]) })
      guard let end, end + 1 < chars.count else { return "****" }
      return String(chars[0...end]) + "****"
    }
    let parts = s.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard let lastWithDigit = parts.lastIndex(where: { $0.contains(where: { $0.isASCII && $0.isNumber }) }),
      lastWithDigit + 1 < parts.count
    else { return "****" }
    return (["****"] + parts[(lastWithDigit + 1)...]).joined(separator: ", ")
  }

  private static func isCJK(_ c: Character) -> Bool {
    c.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }
  }

  // MARK: Free text

  /// Free text (needs, findings, comments, reasons, notes) with the personal data a person may have
  /// typed into it masked as the structured fields are:
  ///
  /// * resident ID numbers (18 characters, the last a digit or X; or 15 digits) → `1101**********002X`;
  /// * mobile numbers (11 digits from 13–19, also after 86 or +86, also as `138 1234 5678` or
  ///   `138-1234-5678`) → `138****5678`;
  /// * landlines with their area code (`0571-87654321`) → `0571-****4321`;
  /// * unified social credit codes (18 characters with a valid check character) → `9133**********1234`;
  /// * house and room numbers: digits after a road, street, lane or village and before 号, and digits
  ///   before 号楼, 栋, 幢, 单元 or 室 → `文三路**号*栋*单元***室`.
  ///
  /// Digits run together with other digits (a 22-digit meter number) are not taken for a number above.
  /// Anything else (amounts, dates, order numbers, kVA) is left as typed.
  public static func freeText(_ text: String) -> String {
    if SealedText.isSealed(text) { return SealedText.placeholder }
    // Most texts have no digits at all: nothing to do.
    guard text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return text }
    var chars = Array(text)
    chars = maskCreditCodes(chars)
    chars = maskNumbers(chars)
    chars = maskHouseNumbers(chars)
    return String(chars)
  }

  private static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
  private static func isAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }

  /// Unified social credit codes: an ASCII letter-and-digit run of exactly 18 with a letter in it whose
  /// check character holds (digits only are IDs, below).
  private static func maskCreditCodes(_ chars: [Character]) -> [Character] {
    var out: [Character] = []
    out.reserveCapacity(chars.count)
    var i = 0
    while i < chars.count {
      guard isAlnum(chars[i]) else {
        out.append(chars[i])
        i += 1
        continue
      }
      var j = i
      while j < chars.count && isAlnum(chars[j]) { j += 1 }
      let run = String(chars[i..<j])
      if j - i == 18, run.contains(where: \.isLetter), case .valid = Validation.creditCode(run) {
        out += Array(idNumber(run))
      } else {
        out += chars[i..<j]
      }
      i = j
    }
    return out
  }

  /// IDs, mobiles and landlines: runs of digits, with single spaces or hyphens between digits and, after
  /// 17 digits, an X.
  private static func maskNumbers(_ chars: [Character]) -> [Character] {
    var out: [Character] = []
    out.reserveCapacity(chars.count)
    var i = 0
    while i < chars.count {
      guard isDigit(chars[i]) else {
        out.append(chars[i])
        i += 1
        continue
      }
      var j = i
      var digits = ""
      while j < chars.count {
        if isDigit(chars[j]) {
          digits.append(chars[j])
          j += 1
        } else if chars[j] == " " || chars[j] == "-", j + 1 < chars.count, isDigit(chars[j + 1]) {
          j += 1
        } else {
          break
        }
      }
      if digits.count == 17, j < chars.count, chars[j] == "X" || chars[j] == "x" {
        digits.append("X")
        j += 1
      }
      out += Array(maskNumber(digits, typed: String(chars[i..<j])))
      i = j
    }
    return out
  }

  /// One run of digits (`digits`, separators removed) as typed.
  private static func maskNumber(_ digits: String, typed: String) -> String {
    let d = Array(digits)
    if d.count == 18 || (d.count == 15 && digits.allSatisfy(\.isNumber)) { return idNumber(digits) }
    if d.count == 11 || (d.count == 13 && digits.hasPrefix("86")) {
      let mobile = d.count == 13 ? Array(d[2...]) : d
      if mobile[0] == "1", ("3"..."9").contains(mobile[1]) {
        return (d.count == 13 ? "86" : "") + keep(String(mobile), first: 3, last: 4)
      }
    }
    // Digits that are no valid landline are no error here: they are not a phone, and stay as typed.
    if d.first == "0", (10...12).contains(d.count), let number = try? Validation.phone(typed),
      number.kind == .landline
    {
      return phone(typed)
    }
    return typed
  }

  private static let roadEnds: Set<Character> = ["路", "街", "道", "巷", "弄", "里", "村", "组"]
  private static let unitWords: [[Character]] = [["号", "楼"], ["栋"], ["幢"], ["单", "元"], ["室"]]

  /// House and room numbers in an address typed into free text.
  private static func maskHouseNumbers(_ chars: [Character]) -> [Character] {
    var out = chars
    var i = 0
    while i < chars.count {
      guard isDigit(chars[i]) else {
        i += 1
        continue
      }
      var j = i
      while j < chars.count && isDigit(chars[j]) { j += 1 }
      let after = chars[j...]
      let unit = unitWords.contains { after.starts(with: $0) }
      let houseNumber = i > 0 && roadEnds.contains(chars[i - 1]) && after.first == "号"
      if unit || houseNumber {
        for k in i..<j { out[k] = mask }
      }
      i = j
    }
    return out
  }
}
