import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension LogStore {
  /// How long a decision waits, by default, for another terminal to finish its own: deciding and
  /// appending take milliseconds, so a wait this long means that terminal is stuck (stopped, or its disk
  /// hangs).
  public static let decisionWait: Double = 5

  /// Runs `body` — catch up, decide, append — while holding `DIR/DECIDE`, so that the processes of a
  /// hall take turns deciding: a decision is always made on the newest records and its conditional
  /// append finds the head where it expects it. Without it, a process that keeps losing the race to a
  /// busy neighbour could retry indefinitely. Appends that need no decision (imports, benchmarks) do
  /// not take it. A read-only handle runs `body` without the lock.
  ///
  /// - Parameter seconds: how long to wait for the lock; then this throws `decisionBusy` (saying that
  ///   another terminal is still recording) instead of waiting on.
  public func withDecisionLock<T>(waiting seconds: Double = LogStore.decisionWait, _ body: () throws -> T) throws -> T {
    guard !isReadOnly, let fd = decisionFD() else { return try body() }
    let path = directory + "/DECIDE"
    guard try Self.lockDecision(fd, path: path, waiting: seconds) else { return try body() }
    // Unlocking a lock this descriptor holds does not fail in any way a caller could act on; the
    // descriptor is closed with the handle, which releases the lock in any case.
    defer { try? FS.flock(fd, LOCK_UN, path: path) }
    return try body()
  }

  /// Takes `flock(LOCK_EX)` on `fd`, trying again with growing naps (0.2 ms to 20 ms) until `seconds`
  /// have passed. Returns false when the lock cannot be had for another reason than another holder
  /// (e.g. ENOLCK): the decision then goes ahead without it, since its conditional append still refuses
  /// a decision made on a stale head.
  static func lockDecision(_ fd: Int32, path: String, waiting seconds: Double) throws -> Bool {
    let start = DispatchTime.now().uptimeNanoseconds
    let limit = UInt64(max(0, seconds) * 1_000_000_000)
    var nap: UInt32 = 200
    while true {
      do {
        try FS.flock(fd, LOCK_EX | LOCK_NB, path: path)
        return true
      } catch let error as StoreError where error.errno == EWOULDBLOCK {
        if DispatchTime.now().uptimeNanoseconds - start >= limit { throw StoreError.decisionBusy(seconds: seconds) }
        usleep(nap)
        nap = min(nap * 2, 20_000)
      } catch {
        return false
      }
    }
  }
}

extension StoreError {
  /// Another terminal held the decision lock for longer than a decision takes.
  static func decisionBusy(seconds: Double) -> StoreError {
    let s = seconds.formatted(.number.precision(.fractionLength(0...1)))
    return StoreError(
      .decisionBusy,
      zh: "另一终端正在记录, 等了 \(s) 秒仍未完成, 本次未记录; 请稍后再试 (一直如此时, 请查看那台终端是否卡住)",
      en: "Another terminal has been recording for \(s) s and has not finished; nothing was recorded. Try again in a "
        + "moment (if this keeps happening, check whether that terminal is stuck)")
  }
}
