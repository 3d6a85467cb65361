import Foundation
import PropertyBased
import Testing

@testable import Domain

@Suite struct MaskingTests {
  @Test func idNumbers() {
    #expect(Masking.idNumber("11010519491231002X") == "1101**********002X")
    #expect(Masking.idNumber("11010519491231002x") == "1101**********002X")
    #expect(Masking.idNumber("１１０１０５１９４９１２３１００２Ｘ") == "1101**********002X")
    #expect(Masking.idNumber("") == "")
    #expect(Masking.idNumber("1") == "*")
    #expect(Masking.idNumber("123456") == "12**56")
  }

  @Test func phones() {
    #expect(Masking.phone("13812345678") == "138****5678")
    #expect(Masking.phone("+86 138 1234 5678") == "138****5678")
    #expect(Masking.phone("010-12345678") == "010-****5678")
    #expect(Masking.phone("0571-8765432") == "0571-***5432")
    #expect(Masking.phone("0571-87654321转8001") == "0571-****4321")
    #expect(Masking.phone("") == "")
    #expect(Masking.phone("12") == "1*")
    #expect(Masking.phone("garbage-text") == "gar*****text")
  }

  @Test func names() {
    #expect(Masking.name("张三明") == "张*明")
    #expect(Masking.name("张三") == "张*")
    #expect(Masking.name("张") == "*")
    #expect(Masking.name("") == "")
    #expect(Masking.name("欧阳娜娜") == "欧**娜")
    #expect(Masking.name("John Smith") == "J*** S****")
    #expect(Masking.name("阿依古丽·买买提") == "阿***·买**")
  }

  @Test func organisations() {
    #expect(Masking.organisation("城东商贸有限公司") == "城东*贸有限公司")
    #expect(Masking.organisation("杭州西湖龙井茶业有限公司") == "杭州*****业有限公司")
    #expect(Masking.organisation("华为公司") == "华*公司")
    #expect(Masking.organisation("红星机械厂") == "红星*械厂")
    #expect(Masking.organisation("有限公司") == "有*公司")
    #expect(Masking.organisation("") == "")
    #expect(Masking.organisation("厂") == "*")
  }

  @Test func addresses() {
    #expect(Masking.address("浙江省杭州市西湖区文三路90号") == "浙江省杭州市西湖区****")
    #expect(Masking.address("北京市朝阳区建国路88号") == "北京市朝阳区****")
    #expect(Masking.address("广东省东莞市南城街道宏图路1号") == "广东省东莞市****")
    #expect(Masking.address("安徽省黄山市歙县徽城镇3号") == "安徽省黄山市歙县****")
    #expect(Masking.address("阳光小区3幢") == "****")
    #expect(Masking.address("西湖区文三路阳光小区3幢") == "西湖区****")
    #expect(Masking.address("杭州市文三路阳光小区3幢") == "杭州市****")
    #expect(Masking.address("88 Jianguo Rd, Chaoyang District, Beijing") == "****, Chaoyang District, Beijing")
    #expect(Masking.address("") == "")
    #expect(Masking.address("区") == "****")
    #expect(Masking.address("西湖区") == "****")
  }

  @Test func neverCrashesAndAlwaysMasksSomething() async {
    let pool = Array("张三13８X-·区市 ,a1\u{301}👩‍👩‍👧")
    let texts = Gen.int(in: 0...(pool.count - 1)).array(of: 0...30).map { indices in
      String(indices.map { pool[$0] })
    }
    await propertyCheck(count: 300, input: texts) { text in
      for masked in [
        Masking.idNumber(text), Masking.phone(text), Masking.name(text), Masking.organisation(text),
        Masking.address(text),
      ] where !text.trimmingCharacters(in: .whitespaces).isEmpty {
        #expect(masked.contains("*"), "\(text) → \(masked)")
      }
    }
  }

  @Test func keepLeavesAtLeastAThirdMasked() async {
    await propertyCheck(input: Gen.int(in: 0...40), Gen.int(in: 0...10), Gen.int(in: 0...10)) { n, first, last in
      let text = String(repeating: "a", count: n)
      let masked = Masking.keep(text, first: first, last: last)
      #expect(masked.count == n)
      let stars = masked.filter { $0 == "*" }.count
      #expect(n == 0 || stars >= max(1, (n + 2) / 3))
    }
  }
}
