// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "CloudAccounting",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "accounting", targets: ["accounting"]),
    .library(name: "AccountingKit", targets: ["AccountingKit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CMariaDB",
      pkgConfig: "libmariadb",
      providers: [.apt(["libmariadb-dev"])]
    ),
    .target(
      name: "AccountingKit",
      dependencies: [
        "CMariaDB",
        .product(name: "Logging", package: "swift-log"),
      ],
      plugins: ["EmbedSQL"]
    ),
    // The SQL under sql/ and views/ is compiled into AccountingKit at build time: the plugin runs
    // the generator, whose output lives in the build folder, not in the tree.
    .executableTarget(name: "embed-sql", path: "Tools/embed-sql"),
    .plugin(name: "EmbedSQL", capability: .buildTool(), dependencies: ["embed-sql"]),
    // The workload generator: a deterministic demo cloud written into the inventory through plain
    // SQL (so the triggers do the accounting). Not part of the accounting library.
    .target(
      name: "AccountingSimulator",
      dependencies: ["AccountingKit"]
    ),
    .executableTarget(
      name: "accounting",
      dependencies: [
        "AccountingKit",
        "AccountingSimulator",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .executableTarget(
      name: "accounting-bench",
      dependencies: [
        "AccountingKit",
        "AccountingSimulator",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "AccountingKitTests",
      dependencies: ["AccountingKit", "AccountingSimulator", "accounting"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
