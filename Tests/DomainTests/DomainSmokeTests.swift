import Testing
@testable import Domain

@Suite struct DomainSmokeTests {
  @Test func loads() { #expect(true) }
}
