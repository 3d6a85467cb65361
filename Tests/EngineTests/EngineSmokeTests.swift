import Testing
@testable import Engine

@Suite struct EngineSmokeTests {
  @Test func loads() { #expect(true) }
}
