import Testing
@testable import Store

@Suite struct StoreSmokeTests {
  @Test func loads() { #expect(true) }
}
