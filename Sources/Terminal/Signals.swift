#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns SIGINT, SIGTERM and SIGHUP (an SSH link dropped) into a flag the run loop checks, so the
/// terminal is restored by the loop's normal exit path rather than from inside a signal handler.
enum Signals {
  /// The last signal received and not yet taken; 0 for none. Written only by the handler.
  nonisolated(unsafe) static var pending: Int32 = 0

  static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  /// Installs the handlers. Call before `newterm`, so ncurses leaves SIGINT and SIGTERM to us.
  static func install() {
    pending = 0
    for signo in handled {
      signal(signo) { received in Signals.pending = received }
    }
  }

  /// Puts the default handlers back.
  static func uninstall() {
    for signo in handled { signal(signo, SIG_DFL) }
  }

  /// The pending signal, clearing it.
  static func take() -> Int32? {
    let signo = pending
    guard signo != 0 else { return nil }
    pending = 0
    return signo
  }
}
