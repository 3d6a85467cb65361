import Foundation
import Testing

@testable import Store

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct DecisionLockTests {
  /// Holds `DIR/DECIDE` as another terminal deciding would (a separate open file: flock conflicts).
  final class OtherTerminal {
    let fd: Int32
    init(_ store: String) throws {
      fd = try FS.open(store + "/DECIDE", O_RDWR | O_CREAT | O_CLOEXEC)
      try FS.flock(fd, LOCK_EX, path: store + "/DECIDE")
    }
    deinit { FS.close(fd) }
  }

  @Test func aDecisionWaitsOnlySoLongForAnotherTerminal() throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    var other: OtherTerminal? = try OtherTerminal(dir.store)
    let start = Date()
    #expect {
      try store.withDecisionLock(waiting: 0.2) { Issue.record("decided while another terminal held the lock") }
    } throws: { error in
      guard let error = error as? StoreError, error.code == .decisionBusy else { return false }
      return error.zh.contains("另一终端正在记录") && error.en.contains("Another terminal has been recording")
    }
    let waited = Date().timeIntervalSince(start)
    #expect(waited >= 0.2 && waited < 5)
    // Once the other terminal is done, the decision goes ahead and holds the lock while it runs.
    other = nil
    #expect(other == nil)
    let ran = try store.withDecisionLock(waiting: 0.2) { () -> Bool in
      let probe = try FS.open(dir.store + "/DECIDE", O_RDWR | O_CLOEXEC)
      defer { FS.close(probe) }
      #expect(throws: StoreError.self) { try FS.flock(probe, LOCK_EX | LOCK_NB, path: dir.store + "/DECIDE") }
      return true
    }
    #expect(ran)
  }

  /// A decision inside another (the engine's bootstrap records several) neither takes nor lets go the lock
  /// the outer one holds; a waiting process gets it as soon as the outer one lets go.
  @Test func anInnerDecisionKeepsTheOuterLock() throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    let other = try LogStore.open(directory: dir.store)
    func heldElsewhere() throws -> Bool {
      let probe = try FS.open(dir.store + "/DECIDE", O_RDWR | O_CLOEXEC)
      defer { FS.close(probe) }
      return (try? FS.flock(probe, LOCK_EX | LOCK_NB, path: dir.store + "/DECIDE")) == nil
    }
    try store.withDecisionLock {
      let inner = try store.withDecisionLock { try heldElsewhere() }
      #expect(inner)
      let after = try heldElsewhere()
      #expect(after, "the inner call let the outer lock go")
      #expect(throws: StoreError.self) { try other.withDecisionLock(waiting: 0.05) {} }
    }
    let released = try heldElsewhere()
    #expect(!released)
    #expect(try other.withDecisionLock(waiting: 0.05) { true })
  }
}
