import ArgumentParser
import Foundation
import Ledger

/// `payback ledger-bench`: the ledger's benchmarks (see benchmarks/ledger/RESULTS.md).
struct LedgerBenchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ledger-bench",
    abstract: "Measure the ledger at national scale: bulk build, durable logging, balances, a region's week.",
    shouldDisplay: false)
  @OptionGroup var global: GlobalOptions
  @Option(help: "Directory for the benchmark database (it is replaced).") var directory: String = "."
  @Option(help: "People.") var people: Int = 50_000
  @Option(help: "Weeks of history (two entries a person a week).") var weeks: Int = 50
  @Option(help: "Durable single-entry writes to time.") var logs: Int = 500

  func run() async throws {
    try await reportingInputErrors {
      let r = try LedgerBenchmark.run(
        directory: directory, people: people, weeks: weeks, logs: logs, logger: global.logger("payback.ledger.bench"))
      print(r)
    }
  }
}
