import Foundation
import PropertyBased
import Testing

@testable import Domain

/// Personal data typed into free text is masked as the structured fields are (issue 12, item 7).
@Suite struct FreeTextMaskingTests {
  @Test func idNumbersTypedIntoTextAreMasked() {
    #expect(Masking.freeText("客户身份证11010519491231002X要求增容") == "客户身份证1101**********002X要求增容")
    #expect(Masking.freeText("ID 11010519491231002x, urgent") == "ID 1101**********002X, urgent")
    #expect(Masking.freeText("旧证 110105491231002") == "旧证 1101*******1002")
  }

  @Test func phonesTypedIntoTextAreMasked() {
    #expect(Masking.freeText("联系电话13812345678") == "联系电话138****5678")
    #expect(Masking.freeText("call 138 1234 5678 after 5") == "call 138****5678 after 5")
    #expect(Masking.freeText("call 138-1234-5678") == "call 138****5678")
    #expect(Masking.freeText("tel +86 13812345678") == "tel +86138****5678")
    #expect(Masking.freeText("座机 0571-87654321 转总机") == "座机 0571-****4321 转总机")
  }

  @Test func creditCodesAndHouseNumbersAreMasked() {
    let first17 = "91330106MA2GLMXE8"
    let code = first17 + String(Validation.creditCodeCheckCharacter(first17)!)
    #expect(Masking.freeText("代码\(code)。") == "代码9133**********\(code.suffix(4))。")
    #expect(Masking.freeText("地址 文三路90号3栋2单元501室") == "地址 文三路**号*栋*单元***室")
    #expect(Masking.freeText("住8号楼") == "住*号楼")
  }

  @Test func otherNumbersStayAsTyped() {
    for text in [
      "增容到 80 kVA, 2026-12-01 前完成", "工单 GD261129-0001 已转", "户号 3100000042", "3号变压器检修",
      "电表 4101234567890123456789", "金额 12345678 元", "", "没有数字",
    ] {
      #expect(Masking.freeText(text) == text)
    }
  }

  @Test func everyMobileAndIDIsMaskedWhereverItIsTyped() async {
    await propertyCheck(input: Gen.int(in: 0...99_999_999), Gen.int(in: 3...9)) { tail, second in
      let mobile = "1\(second)" + String(format: "%09d", tail)
      let text = "请回电\(mobile)谢谢"
      let masked = Masking.freeText(text)
      #expect(!masked.contains(mobile))
      #expect(masked.contains(String(mobile.suffix(4))))
    }
  }

  @Test func aSealedTokenIsShownAsThePlaceholder() {
    let token = SealedText.token(version: 1, sealed: [1, 2, 3])
    #expect(Masking.freeText(token) == SealedText.placeholder)
    #expect(Masking.idNumber(token) == SealedText.placeholder)
  }

  @Test func exportedEventsMaskFreeTextInEveryField() throws {
    let received = Event.orderReceived(
      OrderReceived(
        number: "GD261129-0001", account: "3100000001", type: "new-residential", standardVersion: 1,
        channel: .counter, needs: "新装; 户主身份证11010519491231002X, 电话13812345678", appointment: nil))
    let masked = try received.masked()
    guard case .orderReceived(let e) = masked else {
      Issue.record("another event came back")
      return
    }
    #expect(e.needs == "新装; 户主身份证1101**********002X, 电话138****5678")
    #expect(e.number == "GD261129-0001")
    #expect(e.account == "3100000001")
    #expect(e.channel == .counter)
    let json = String(decoding: try masked.jsonData(JSONEncoder()), as: UTF8.self)
    #expect(!json.contains("11010519491231002X") && !json.contains("13812345678"))

    let revealed = Event.personalDataRevealed(
      PersonalDataRevealed(account: "3100000001", fields: ["phone"], reason: "客户来电 13812345678 核对"))
    guard case .personalDataRevealed(let r) = try revealed.masked() else {
      Issue.record("another event came back")
      return
    }
    #expect(r.reason == "客户来电 138****5678 核对")
  }
}
