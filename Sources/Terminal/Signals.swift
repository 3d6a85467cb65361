import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns SIGINT, SIGTERM and SIGHUP (an SSH link dropped) into a flag the run loop checks, so the
/// terminal is restored by the loop's normal exit path rather than from inside a signal handler.
enum Signals {
  /// The last signal received and not yet taken; 0 for none. An atomic: the handler stores into it, the
  /// run loop exchanges it for 0 (a lock-free 32-bit atomic is safe in a signal handler).
  static let pending = Atomic<Int32>(0)

  static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  /// Installs the handlers. Call before `newterm`, so ncurses leaves SIGINT and SIGTERM to us.
  static func install() {
    pending.store(0, ordering: .sequentiallyConsistent)
    for signo in handled {
      signal(signo) { received in Signals.pending.store(received, ordering: .sequentiallyConsistent) }
    }
  }

  /// Puts the default handlers back.
  static func uninstall() {
    for signo in handled { signal(signo, SIG_DFL) }
  }

  /// The pending signal, clearing it (one atomic exchange: a signal arriving meanwhile is not lost).
  static func take() -> Int32? {
    let signo = pending.exchange(0, ordering: .sequentiallyConsistent)
    return signo == 0 ? nil : signo
  }
}
