import Domain
import Foundation
import Store
import Testing

@testable import Engine

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct DecisionWaitTests {
  @Test func aCommandIsRefusedWithAMessageWhenAnotherTerminalKeepsTheDecisionLock() throws {
    let dir = TempDir()
    let engine = try openEngine(dir)
    engine.decisionWait = 0.2
    let head = engine.store.head
    // Another terminal stuck while deciding: it holds DIR/DECIDE (flock on its own open file).
    let path = dir.path + "/store/DECIDE"
    let other = open(path, O_RDWR | O_CLOEXEC)
    #expect(other >= 0)
    defer { close(other) }
    #expect(flock(other, LOCK_EX) == 0)
    #expect {
      try engine.execute(Command(RegisterStaff(login: "wangli", name: "王丽", roles: [.clerk], team: "城东营业厅")))
    } throws: { error in
      guard let error = error as? EngineError, case .store(let cause) = error,
        (cause as? StoreError)?.code == .decisionBusy
      else { return false }
      return error.message.zh.contains("另一终端正在记录") && error.message.en.contains("Try again in a moment")
        && error.code == "store.decisionBusy"
    }
    #expect(engine.store.head == head)
    #expect(engine.state.staff["wangli"] == nil)
    // Once that terminal lets go, the same command goes through.
    #expect(flock(other, LOCK_UN) == 0)
    try engine.execute(Command(RegisterStaff(login: "wangli", name: "王丽", roles: [.clerk], team: "城东营业厅")))
    #expect(engine.state.staff["wangli"] != nil)
  }
}
