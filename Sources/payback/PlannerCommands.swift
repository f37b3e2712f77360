import ArgumentParser
import Foundation
import PaybackCore
import Planner

/// The planner commands.
enum PlannerCommands {
  static let all: [ParsableCommand.Type] = [Plan.self]
}

/// `payback plan`: what each scenario does to delivery and the backlog over the coming months.
struct Plan: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Simulate capacity scenarios week by week and compare them.",
    discussion: """
      Each SCENARIO is a payback-scenario/1 file (YAML or JSON; see docs/planner.md) naming a population \
      and the changes to weigh. Every scenario runs with the same random draws, several times, and the \
      table shows the mean ± standard deviation over those replications. Example:

        payback plan scenarios/*.yaml --report report/
      """)

  @Argument(help: "Scenario files (.yaml, .yml or .json).")
  var scenarios: [String]

  @Option(help: "Weeks to simulate.")
  var weeks = 26

  @Option(help: "Replications of each scenario.")
  var replications = 5

  @Option(help: "Seed of the random draws: the same seed gives the same results.")
  var seed: UInt64 = 1

  @Option(help: "Folder for results.csv, summary.csv, backlog.svg, delivered.svg and index.html.")
  var report: String?

  @Option(help: "Roster method for every week: greedy or ip (default: each scenario's, else greedy).")
  var method: String?

  @OptionGroup var global: GlobalOptions

  func validate() throws {
    guard weeks >= 1 else { throw ValidationError("--weeks must be at least 1") }
    guard replications >= 1 else { throw ValidationError("--replications must be at least 1") }
    if let method, RosterSettings.Method(rawValue: method) == nil {
      throw ValidationError("--method must be greedy or ip, not \"\(method)\"")
    }
  }

  func run() async throws {
    let logger = global.logger("payback.plan")
    try await reportingInputErrors {
      // Every file is read, and the report folder checked, before anything runs: all the
      // problems at once, and nothing written when there is one.
      var loaded: [Scenario] = []
      var errors: [InputError] = []
      for path in scenarios {
        do {
          for s in try Scenario.loadAll(from: path) {
            if let other = loaded.first(where: { $0.name == s.name }) {
              errors.append(
                InputError(
                  source: path, path: "name",
                  message: "\"\(s.name)\" is also the name of \(other.source); names must differ"))
            }
            loaded.append(s)
          }
        } catch let e as InputError {
          errors.append(e)
        }
      }
      if let report {
        do { try PlanReport.checkFolder(report) } catch let e as InputError { errors.append(e) }
      }
      guard errors.isEmpty else { throw InputError.combining(errors) }
      let options = PlanOptions(
        weeks: weeks, replications: replications, seed: seed, method: method.flatMap(RosterSettings.Method.init))
      let bar = PlanProgressBar(quiet: global.quiet, logger: logger)
      let results = try await Planner(logger: logger).run(scenarios: loaded, options: options) { bar.update($0) }
      bar.finish()
      print(PlanReport.table(results))
      if let report {
        try PlanReport.write(results, to: report)
        logger.info("report written to \(URL(fileURLWithPath: report).appendingPathComponent("index.html").path)")
      }
    }
  }
}
