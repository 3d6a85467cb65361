import Foundation
import Testing

@testable import Store

/// A decision is recorded only on the head it was made on.
@Suite struct ConditionalAppendTests {
  @Test func appendsWhenTheHeadIsWhereTheDecisionWasMade() throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    try store.append([pending(1)])
    let records = try store.append([pending(2), pending(3)], expectingHead: 1)
    #expect(records.map(\.seq) == [2, 3])
  }

  @Test func refusesWhenAnotherHandleAppendedFirst() throws {
    let dir = TempDir()
    let a = try LogStore.open(directory: dir.store)
    let b = try LogStore.open(directory: dir.store)
    try a.append([pending(1)])
    _ = try b.catchUp()
    try a.append([pending(2)])
    // b decided on head 1 and has not seen seq 2.
    do {
      try b.append([pending(3)], expectingHead: 1)
      Issue.record("a stale decision was recorded")
    } catch let error as StoreError {
      #expect(error.code == .headMoved)
      #expect(!error.zh.isEmpty && !error.en.isEmpty)
    }
    #expect(try allRecords(b).count == 2)
    // After catching up, the same decision on the new head goes in.
    _ = try b.catchUp()
    #expect(try b.append([pending(3)], expectingHead: 2).map(\.seq) == [3])
  }

  @Test func unconditionalAppendsAreUnaffected() throws {
    let dir = TempDir()
    let a = try LogStore.open(directory: dir.store)
    let b = try LogStore.open(directory: dir.store)
    try a.append([pending(1)])
    try b.append([pending(2)])
    #expect(try allRecords(a).map(\.seq) == [1, 2])
  }
}

@Suite struct PathTests {
  @Test func parentOfPaths() {
    #expect(FS.parent(of: "x") == "")
    #expect(FS.parent(of: "x/") == "")
    #expect(FS.parent(of: "a/b") == "a")
    #expect(FS.parent(of: "/a") == "/")
    #expect(FS.parent(of: "/a/b/") == "/a")
  }
}
