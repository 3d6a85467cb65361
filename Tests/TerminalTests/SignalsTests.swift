import Testing

@testable import Terminal

#if canImport(Glibc)
  import Glibc
#endif

@Suite(.serialized) struct SignalsTests {
  @Test func aSignalBecomesTheFlagTakenOnce() {
    // The test runs on a worker thread, which blocks these signals (the run loop's main thread does not):
    // unblock them here for the test, so that raise() runs the handler before it returns.
    var set = sigset_t()
    var saved = sigset_t()
    sigemptyset(&set)
    for signo in Signals.handled { sigaddset(&set, signo) }
    #expect(pthread_sigmask(SIG_UNBLOCK, &set, &saved) == 0)
    Signals.install()
    defer {
      Signals.uninstall()
      pthread_sigmask(SIG_SETMASK, &saved, nil)
    }
    #expect(Signals.take() == nil)
    #expect(raise(SIGHUP) == 0)
    #expect(Signals.take() == SIGHUP)
    #expect(Signals.take() == nil)
    #expect(raise(SIGTERM) == 0)
    #expect(raise(SIGINT) == 0)
    // The last one received is the one taken.
    #expect(Signals.take() == SIGINT)
    #expect(Signals.take() == nil)
  }
}
