import Testing
@testable import Workbench

@Suite struct WorkbenchSmokeTests {
  @Test func loads() { #expect(true) }
}
