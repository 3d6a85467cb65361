import Testing
@testable import Terminal

@Suite struct TerminalSmokeTests {
  @Test func loads() { #expect(true) }
}
