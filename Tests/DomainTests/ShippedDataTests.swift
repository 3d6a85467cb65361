import Foundation
import Testing

@testable import Domain

/// The binary carries the data files embedded; they must be the files in Sources/Domain/Resources.
@Suite struct ShippedDataTests {
  static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources/Domain/Resources")

  @Test func standardIsTheResourceFile() throws {
    let file = try String(contentsOf: Self.resources.appendingPathComponent("standard-v1.toml"), encoding: .utf8)
    #expect(file == ShippedData.standardV1, "run .ci/embed-domain-data after editing Resources/standard-v1.toml")
  }

  @Test func calendarsAreTheResourceFiles() throws {
    let dir = Self.resources.appendingPathComponent("calendar")
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".toml") }.sorted()
    #expect(names == ShippedData.calendars.map(\.file).sorted(), "run .ci/embed-domain-data")
    for (name, text) in ShippedData.calendars {
      let file = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
      #expect(file == text, "run .ci/embed-domain-data after editing Resources/calendar/\(name)")
    }
  }
}
