import ArgumentParser
import Foundation
import InstanceGenerator
import PaybackCore

/// `payback generate`: a realistic week, as `payback-instance/1` JSON.
struct GenerateCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Generate a realistic week of Community Payback (payback-instance/1 JSON).",
    discussion: """
      The same --family, --people, --seed and --week-start always give the same file. Every \
      figure the generator draws from, and every family, is documented in instances/README.md. \
      The week's headline numbers (sessions, supervisors, capacity-hours against demand, \
      independent components) are logged to standard error.

      Families (--family):
      \(WeekFamily.allCases.map { "  \($0.rawValue): \($0.summary)" }.joined(separator: "\n"))
      """
  )

  @OptionGroup var global: GlobalOptions

  @Option(help: "The kind of week (see below): connected (default), disjoint, short-of-places, ...")
  var family: WeekFamily = .connected

  @Option(help: "People to place this week (everything else scales from it).")
  var people: Int

  @Option(help: "Random seed: the same seed gives the same week.")
  var seed: UInt64 = 1

  @Option(help: "Write the instance here (atomically) instead of standard output.")
  var out: String?

  @Option(help: "The Monday the week starts (YYYY-MM-DD).")
  var weekStart: String = "2026-11-30"

  @Option(help: "The instance's name (default <family>-<people>-seed<seed>).")
  var name: String?

  @Option(help: "Session capacity-hours per hour of demand (default: the family's; 0.9, places a bit short).")
  var capacityRatio: Double?

  @Option(
    help:
      "With --family disjoint: share of people who also reach a town of the next cluster, tying clusters into one problem (default 0)."
  )
  var crossClusterShare: Double?

  func validate() throws {
    guard people >= 1 else { throw ValidationError("--people \(people) is not at least 1") }
    guard let start = CalendarDate(weekStart) else {
      throw ValidationError("--week-start \"\(weekStart)\" is not a date YYYY-MM-DD")
    }
    guard start.weekday == .mon else {
      throw ValidationError("--week-start \(start) is a \(start.weekday.fullName), not a Monday")
    }
    if let capacityRatio, !(capacityRatio > 0 && capacityRatio.isFinite) {
      throw ValidationError("--capacity-ratio \(capacityRatio) is not a positive number")
    }
    if let crossClusterShare {
      guard (0...1).contains(crossClusterShare) else {
        throw ValidationError("--cross-cluster-share \(crossClusterShare) is not a share between 0 and 1")
      }
      guard family == .disjoint else {
        throw ValidationError(
          "--cross-cluster-share joins the clusters of --family disjoint; the \(family.rawValue) family's towns "
            + "are connected already")
      }
    }
  }

  func run() async throws {
    let logger = global.logger("payback.generate")
    var parameters = family.parameters(people: people, seed: seed)
    if let capacityRatio { parameters.capacityRatio = capacityRatio }
    if let crossClusterShare { parameters.crossClusterShare = crossClusterShare }
    // validate() has checked the date.
    parameters.weekStart = CalendarDate(weekStart) ?? parameters.weekStart
    parameters.name = name ?? "\(family.rawValue)-\(people)-seed\(seed)"
    let instance = InstanceGenerator.week(parameters)
    let text = instance.json.serialized()
    // The generator promises valid weeks; reading the text back keeps that promise honest.
    do {
      _ = try Instance.parse(Data(text.utf8), source: "generated week")
    } catch {
      printError("internal error: the generated week is not valid (a bug, please report it):\n\(error)")
      throw ExitCode(ExitStatus.internalError.rawValue)
    }
    if let out {
      try writeAtomically(text, to: out)
      logger.info("wrote \(out)")
    } else {
      print(text, terminator: "")
    }
    logger.info("\(InstanceGenerator.figures(of: instance))")
  }
}

extension WeekFamily: ExpressibleByArgument {}
