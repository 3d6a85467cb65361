import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension LogStore {
  /// How long a decision waits, by default, for another terminal to finish its own: deciding and
  /// appending take milliseconds, so a wait this long means that terminal is stuck (stopped, or its disk
  /// hangs).
  public static let decisionWait: Double = 5

  /// Runs `body` — catch up, decide, write — while holding `DIR/DECIDE`, so that the processes of a
  /// hall take turns deciding: a decision is always made on the newest records and its conditional
  /// write finds the head where it expects it. Without it, a process that keeps losing the race to a
  /// busy neighbour could retry indefinitely. Appends that need no decision (imports, benchmarks) do
  /// not take it. A read-only handle runs `body` without the lock, and so does a call inside another
  /// (the outer call holds the lock, and keeps it until it returns).
  ///
  /// The engine waits for its batch to be durable (`awaitDurable`) only after this returns, so that the
  /// next terminal decides while the disk flushes.
  ///
  /// - Parameter seconds: how long to wait for the lock; then this throws `decisionBusy` (saying that
  ///   another terminal is still recording) instead of waiting on.
  public func withDecisionLock<T>(waiting seconds: Double = LogStore.decisionWait, _ body: () throws -> T) throws -> T {
    guard !isReadOnly, let fd = decisionFD() else { return try body() }
    io.lock()
    let nested = decideDepth > 0
    io.unlock()
    if nested { return try body() }
    let path = directory + "/DECIDE"
    guard try lockDecision(fd, path: path, waiting: seconds) else { return try body() }
    io.lock()
    decideDepth += 1
    io.unlock()
    defer {
      io.lock()
      decideDepth -= 1
      io.unlock()
      // Unlocking a lock this descriptor holds does not fail in any way a caller could act on; the
      // descriptor is closed with the handle, which releases the lock in any case.
      try? FS.flock(fd, LOCK_UN, path: path)
      board?.decideReleased()
    }
    return try body()
  }

  /// Takes `flock(LOCK_EX)` on `fd`, until `seconds` have passed: between tries it sleeps on the board's
  /// futex word, which every process moves on when it lets the lock go (at most 10 ms at a time, so that a
  /// holder that died, whose lock the kernel released, is noticed too); without the board, with growing
  /// naps (0.2 ms to 20 ms). Returns false when the lock cannot be had for another reason than another
  /// holder (e.g. ENOLCK): the decision then goes ahead without it, since its conditional write still
  /// refuses a decision made on a stale head.
  func lockDecision(_ fd: Int32, path: String, waiting seconds: Double) throws -> Bool {
    let start = DispatchTime.now().uptimeNanoseconds
    let limit = UInt64(max(0, seconds) * 1_000_000_000)
    var nap: UInt32 = 200
    while true {
      let seen = board?.decideReleases
      do {
        try FS.flock(fd, LOCK_EX | LOCK_NB, path: path)
        return true
      } catch let error as StoreError where error.errno == EWOULDBLOCK {
        let waited = DispatchTime.now().uptimeNanoseconds - start
        if waited >= limit { throw StoreError.decisionBusy(seconds: seconds) }
        if let board, let seen {
          board.awaitDecideRelease(seen: seen, nanoseconds: Int64(min(limit - waited, 10_000_000)))
        } else {
          usleep(nap)
          nap = min(nap * 2, 20_000)
        }
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
