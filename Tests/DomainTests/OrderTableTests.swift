import Foundation
import Testing

@testable import Domain

/// `OrderTable`: orders of a snapshot stay encoded in chunks until used; briefs always agree.
@Suite struct OrderTableTests {
  static func order(_ n: Int) -> Order {
    var o = SnapshotCodecTests.full
    o.number = String(format: "GD20261127-%04d", n)
    return o
  }

  /// Orders 10, 20, … 90 in three chunks of three.
  static func table() -> OrderTable {
    let orders = (1...9).map { order($0 * 10) }
    let chunks = stride(from: 0, to: 9, by: 3).map { ByteSlice(Order.encodeArray(Array(orders[$0..<$0 + 3]))) }
    let base = OrderChunks(chunks: chunks, firsts: stride(from: 0, to: 9, by: 3).map { orders[$0].number })
    return OrderTable(
      base: base, briefs: Dictionary(uniqueKeysWithValues: orders.map { ($0.number, OrderBrief($0)) }))
  }

  @Test func findsOrdersInEveryChunkAndNothingElse() {
    let table = OrderTableTests.table()
    for n in stride(from: 10, through: 90, by: 10) {
      #expect(table[OrderTableTests.order(n).number] == OrderTableTests.order(n))
    }
    for n in [1, 15, 35, 95] { #expect(table[OrderTableTests.order(n).number] == nil) }
    #expect(table.count == 9 && !table.isDamaged)
  }

  @Test func changesAndNewOrdersKeepBriefsInStep() {
    var table = OrderTableTests.table()
    let number = OrderTableTests.order(40).number
    table[number]!.current = 0
    table[number]!.priority = false
    #expect(table[number]?.priority == false)
    #expect(table.brief(number) == OrderBrief(table[number]!))
    table[OrderTableTests.order(45).number] = OrderTableTests.order(45)
    #expect(table.count == 10)
    #expect(table.values.count == 10)
    #expect(Set(table.values.map(\.number)) == Set(table.keys))
    #expect(table.values.filter { $0.number == number }.count == 1)
    // A copy is a value: changing it leaves the original alone.
    var copy = table
    copy[number]!.priority = true
    #expect(table[number]?.priority == false)
  }

  @Test func prefetchedAndLazyTablesAreEqual() {
    let a = OrderTableTests.table()
    a.prefetch()
    let b = OrderTableTests.table()
    #expect(a == b)
    #expect(a.values.count == 9)
  }

  @Test func aDamagedChunkReadsAsAbsentAndIsReported() {
    let orders = (1...3).map { OrderTableTests.order($0) }
    var bytes = Order.encodeArray(orders)
    bytes.removeLast(5)
    let base = OrderChunks(chunks: [ByteSlice(bytes)], firsts: [orders[0].number])
    let table = OrderTable(
      base: base, briefs: Dictionary(uniqueKeysWithValues: orders.map { ($0.number, OrderBrief($0)) }))
    #expect(table[orders[1].number] == nil)
    #expect(table.isDamaged)
  }
}
