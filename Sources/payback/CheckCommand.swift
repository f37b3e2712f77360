import ArgumentParser
import PaybackCore
import RosterCheck

/// `payback check INSTANCE ROSTER`: re-checks a roster against the hard rules and the objective.
struct CheckCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check a roster against its instance: hard rules H1-H13 and the objective.",
    discussion: """
      Exit status: 0 the roster is valid; 1 it breaks a rule (each printed on its own line); \
      2 bad input.
      """
  )

  @Argument(help: "The instance file (payback-instance/1 JSON).")
  var instance: String

  @Argument(help: "The roster file (payback-roster/1 JSON).")
  var roster: String

  @Flag(help: "Print the report as JSON.")
  var json = false

  @OptionGroup var global: GlobalOptions

  func run() async throws {
    let week = try Instance.load(from: instance)
    let report = RosterChecker.check(try Roster.load(from: roster), against: week)
    if json {
      print(report.json.serialized(), terminator: "")
    } else if report.isValid {
      print("valid: objective \(Self.show(report.objective)) (stated \(Self.show(report.statedObjective)))")
    } else {
      for violation in report.violations { print(violation) }
      printError(
        "invalid: \(report.violations.count) \(report.violations.count == 1 ? "problem" : "problems"); objective \(Self.show(report.objective)) (stated \(Self.show(report.statedObjective)))"
      )
    }
    if !report.isValid { throw ExitCode(ExitStatus.problemsFound.rawValue) }
  }

  static func show(_ v: Double?) -> String {
    guard let v else { return "none" }
    return JSONValue.format((v * 1e6).rounded() / 1e6)
  }
}
