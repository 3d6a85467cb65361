import Foundation
import Testing

@testable import Store

@Suite struct CatchUpTests {
  struct Refused: Error {}

  @Test func recordsCountAsDeliveredOnlyOnceTheReaderHasTakenThemAll() throws {
    let dir = TempDir()
    let writer = try LogStore.open(directory: dir.store)
    let reader = try LogStore.open(directory: dir.store)
    try writer.append([pending(1), pending(2), pending(3)])
    var taken: [UInt64] = []
    #expect(throws: Refused.self) {
      try reader.catchUp { record in
        if record.seq == 2 { throw Refused() }
        taken.append(record.seq)
      }
    }
    #expect(taken == [1])
    // The same records come again, from the same place: nothing after the refused one is lost.
    taken = []
    #expect(try reader.catchUp { taken.append($0.seq) } == 3)
    #expect(taken == [1, 2, 3])
    #expect(try reader.catchUp { _ in Issue.record("delivered twice") } == 0)
    try writer.append([pending(4)])
    #expect(try reader.catchUp { taken.append($0.seq) } == 1)
    #expect(taken == [1, 2, 3, 4])
    // The reader's own appends come too, as with `catchUp()`.
    try reader.append([pending(5)])
    #expect(try reader.catchUp { taken.append($0.seq) } == 1)
    #expect(taken.last == 5)
  }
}
