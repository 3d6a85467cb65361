// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "GridDesk",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "griddesk", targets: ["griddesk"]),
    .executable(name: "griddesk-bench", targets: ["griddesk-bench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: [
    // The only C library binding; only Terminal imports it.
    .systemLibrary(name: "CNCurses", providers: [.apt(["libncursesw5-dev"])]),
    // SQLite, used only by the benchmark as the yardstick for the store.
    .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
    // libpq, PostgreSQL's client library; only PostgresStore imports it (docs/architecture.md, "Store").
    .systemLibrary(name: "CLibPQ", providers: [.apt(["libpq-dev"])]),
    .target(
      name: "Domain",
      dependencies: [.product(name: "TOMLKit", package: "TOMLKit")],
      // The data files are embedded by .ci/embed-domain-data (ShippedData.swift); a test keeps them equal.
      exclude: ["Resources"]
    ),
    // Hardware CRC-32C (SSE4.2) for the store; a portable fallback is in Store.
    .target(name: "CStoreCRC"),
    .target(name: "Store", dependencies: ["CStoreCRC", .product(name: "Crypto", package: "swift-crypto")]),
    .target(name: "Engine", dependencies: ["Domain", "Store"]),
    // A hall's log kept in PostgreSQL: the same records and chain as a directory (docs/store-format.md).
    .target(name: "PostgresStore", dependencies: ["Store", "CLibPQ"]),
    .target(
      name: "Workbench",
      dependencies: ["Domain", "Engine", .product(name: "TOMLKit", package: "TOMLKit")]
    ),
    .target(name: "Terminal", dependencies: ["CNCurses", "Workbench"]),
    .executableTarget(
      name: "griddesk",
      dependencies: [
        "Domain", "Store", "PostgresStore", "Engine", "Workbench", "Terminal",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "griddesk-bench",
      dependencies: [
        "Domain", "Store", "Engine", "Workbench", "CSQLite",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "DomainTests",
      dependencies: ["Domain", .product(name: "PropertyBased", package: "swift-property-based")]
    ),
    // Test helper for StoreTests: several processes appending, killed, or with a file size limit.
    .executableTarget(name: "griddesk-store-probe", dependencies: ["Store"]),
    .testTarget(name: "StoreTests", dependencies: ["Store"]),
    .testTarget(
      name: "EngineTests",
      dependencies: ["Engine", "Domain", "Store", .product(name: "PropertyBased", package: "swift-property-based")],
      // Stores written by every shipped format version, never re-recorded (Fixtures/README.md).
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "WorkbenchTests",
      dependencies: ["Workbench", "Engine", "Domain"],
      resources: [.copy("Snapshots")]
    ),
    .testTarget(name: "TerminalTests", dependencies: ["Terminal"]),
    // A throwaway PostgreSQL 15 server for tests (initdb in a temporary directory, a free port, a private
    // socket directory); shared by the test targets that need one.
    .target(name: "PostgresTestServer", path: "Tests/PostgresTestServer"),
    .testTarget(
      name: "PostgresStoreTests",
      dependencies: ["PostgresStore", "PostgresTestServer", "Store", "Engine", "Domain"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
