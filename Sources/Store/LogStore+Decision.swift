#if canImport(Glibc)
  import Glibc
#endif

extension LogStore {
  /// Runs `body` — catch up, decide, append — while holding `DIR/DECIDE`, so that the processes of a
  /// hall take turns deciding: a decision is always made on the newest records and its conditional
  /// append finds the head where it expects it. Without it, a process that keeps losing the race to a
  /// busy neighbour could retry indefinitely. Appends that need no decision (imports, benchmarks) do
  /// not take it. A read-only handle runs `body` without the lock.
  public func withDecisionLock<T>(_ body: () throws -> T) rethrows -> T {
    guard !isReadOnly, let fd = decisionFD() else { return try body() }
    try? FS.flock(fd, LOCK_EX, path: directory + "/DECIDE")
    defer { try? FS.flock(fd, LOCK_UN, path: directory + "/DECIDE") }
    return try body()
  }
}
