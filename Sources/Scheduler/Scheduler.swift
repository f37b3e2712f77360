import Logging
import PaybackCore
import RosterCheck

/// How to solve a week.
public struct SolveOptions: Sendable {
  public enum Method: String, Sendable, CaseIterable {
    /// Integer program solved by GLPK, started from the greedy roster.
    case ip
    /// The greedy heuristic alone: fast, always valid.
    case greedy
  }

  public var method: Method
  /// Wall-clock limit for the whole solve, in seconds.
  public var timeLimit: Double
  /// Stop when (bound - objective) / bound falls below this.
  public var relativeGap: Double

  public init(method: Method = .ip, timeLimit: Double = 60, relativeGap: Double = 1e-6) {
    self.method = method
    self.timeLimit = timeLimit
    self.relativeGap = relativeGap
  }
}

/// A snapshot while solving, for progress displays.
public struct SolveProgress: Sendable {
  public var elapsed: Double
  public var phase: String
  public var objective: Double?
  public var bound: Double?
}

/// A roster the scheduler produced, already checked against H1-H13.
public struct SolveResult: Sendable {
  public var roster: Roster
  public var check: CheckReport
}

/// A solver returned a roster that breaks a hard rule: a bug, never shipped.
public struct SolverBug: Error, CustomStringConvertible {
  public var method: String
  public var violations: [Violation]
  public var description: String {
    "internal error: the \(method) solver produced an invalid roster (please report this):\n"
      + violations.prefix(20).map { "  \($0)" }.joined(separator: "\n")
  }
}

/// Plans a week: greedy, integer program, and the fallback between them.
public struct WeekScheduler: Sendable {
  public var logger: Logger

  public init(logger: Logger = Logger(label: "payback.scheduler")) {
    self.logger = logger
  }

  /// Solves `instance`; the result has passed the roster checker.
  public func solve(
    _ instance: Instance, options: SolveOptions = SolveOptions(),
    progress: (@Sendable (SolveProgress) -> Void)? = nil
  ) async throws -> SolveResult {
    let roster = GreedyScheduler.roster(for: instance)
    let check = RosterChecker.check(roster, against: instance)
    guard check.isValid else { throw SolverBug(method: roster.method, violations: check.violations) }
    return SolveResult(roster: roster, check: check)
  }
}

/// The greedy heuristic (STUB until implemented).
public enum GreedyScheduler {
  /// A valid roster in well under a second, even for a region.
  public static func roster(for instance: Instance) -> Roster {
    Roster(
      instance: instance.name, weekStart: instance.weekStart, method: "greedy", status: "heuristic", objective: 0,
      assignments: [])
  }
}
