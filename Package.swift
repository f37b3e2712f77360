// swift-tools-version: 6.1
// Payback: plans and records Community Payback (unpaid work) in England and Wales.
import PackageDescription

let package = Package(
  name: "Payback",
  // macOS 15: GLPK guards its callbacks with `Synchronization.Mutex`.
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "payback", targets: ["payback"]),
    .executable(name: "payback-bench", targets: ["PaybackBench"]),
    .library(name: "PaybackCore", targets: ["PaybackCore"]),
    .library(name: "Scheduler", targets: ["Scheduler"]),
    .library(name: "Ledger", targets: ["Ledger"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    // Without the default ConfigurationSupport trait: Payback does not read swift-configuration, and
    // not building it (and swift-system under it) shortens every first build.
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0", traits: ["FullFoundation"]),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.0.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
  ],
  targets: [
    // GLPK, the C library (Debian's libglpk-dev ships no pkg-config file).
    .systemLibrary(
      name: "CGLPK",
      path: "Sources/CGLPK",
      providers: [.apt(["libglpk-dev"])]
    ),
    // The one safe Swift door to GLPK: validated calls, owned problem objects, Swift errors.
    .target(name: "GLPK", dependencies: ["CGLPK"]),
    // The week's contract: instances, rosters, validation, the objective.
    .target(name: "PaybackCore"),
    // Independent re-check of hard rules H1-H13 and the objective.
    .target(name: "RosterCheck", dependencies: ["PaybackCore"]),
    // Greedy, integer program and the orchestration between them.
    .target(
      name: "Scheduler",
      dependencies: [
        "PaybackCore", "RosterCheck", "GLPK",
        .product(name: "HeapModule", package: "swift-collections"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // Realistic weeks drawn from the national figures.
    .target(name: "InstanceGenerator", dependencies: ["PaybackCore"]),
    // The hours ledger: durable, append-only record of orders, appointments and outcomes.
    .target(
      name: "Ledger",
      dependencies: [
        "PaybackCore",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "CSV", package: "CSV.swift"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // Capacity scenarios over many weeks.
    .target(
      name: "Planner",
      dependencies: [
        "PaybackCore", "Scheduler", "Ledger",
        .product(name: "Yams", package: "Yams"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // The web app for coordinators, supervisors and planners.
    .target(
      name: "PaybackWeb",
      dependencies: [
        "PaybackCore", "Scheduler", "Ledger",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "Logging", package: "swift-log"), .product(name: "GRDB", package: "GRDB.swift"),
      ],
      resources: [.copy("Templates"), .copy("Static")]
    ),
    // The command line: thin commands over the libraries.
    .executableTarget(
      name: "payback",
      dependencies: [
        "PaybackCore", "RosterCheck", "Scheduler", "InstanceGenerator", "Ledger", "Planner",
        "PaybackWeb", "GLPK",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Hummingbird", package: "hummingbird"),
      ]
    ),
    .executableTarget(
      name: "PaybackBench",
      dependencies: [
        "PaybackCore", "InstanceGenerator", "Ledger",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "benchmarks/Sources/PaybackBench"
    ),
    .testTarget(name: "PaybackCoreTests", dependencies: ["PaybackCore"]),
    .testTarget(name: "GLPKTests", dependencies: ["GLPK"]),
    .testTarget(
      name: "SchedulerTests",
      dependencies: [
        "PaybackCore", "RosterCheck", "Scheduler", "InstanceGenerator", "GLPK",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "LedgerTests",
      dependencies: [
        "Ledger", "PaybackCore", "Scheduler", "RosterCheck", "PaybackTestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
    .testTarget(name: "PlannerTests", dependencies: ["Planner", "PaybackCore", "Ledger"]),
    .testTarget(
      name: "WebTests",
      dependencies: [
        "PaybackWeb", "Ledger", "PaybackCore", "PaybackTestSupport",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // Running programs (the built `payback`, Python tools) from tests, for every target that does.
    .target(name: "PaybackTestSupport", path: "Tests/Support"),
    // Runs the built `payback` binary as a user would; the exit-status mapping itself.
    .testTarget(
      name: "CLITests",
      dependencies: [
        "PaybackCore", "GLPK", "payback", "PaybackTestSupport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
