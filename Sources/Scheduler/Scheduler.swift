import Dispatch
import GLPK
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
  /// "greedy", "model", "solving", ...
  public var phase: String
  public var objective: Double?
  public var bound: Double?
  public var nodes: Int?
}

/// A roster the scheduler produced, already checked against H1-H13.
public struct SolveResult: Sendable {
  public var roster: Roster
  public var check: CheckReport
  /// The integer program, when one was built (for `--write-model`).
  public var model: LinearProgram?
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
  ///
  /// With `.ip`, the greedy roster is GLPK's first incumbent, and stays the answer
  /// (status `fallback: ...`, logged) if GLPK fails, errs or finds nothing better in time.
  /// - Throws: ``InputError`` when the pins cannot all be met; ``SolverBug`` if no valid roster results.
  public func solve(
    _ instance: Instance, options: SolveOptions = SolveOptions(), cancel: CancellationFlag? = nil,
    progress: (@Sendable (SolveProgress) -> Void)? = nil
  ) async throws -> SolveResult {
    let clock = Stopwatch()
    let data = WeekData(instance)
    progress?(SolveProgress(elapsed: clock.seconds, phase: "greedy"))
    let greedyState = Greedy.solve(data)
    let greedySeconds = clock.seconds
    var greedy = makeRoster(greedyState, method: "greedy", status: "heuristic")
    greedy.stats = [("seconds", .number(rounded(greedySeconds)))]
    let greedyCheck = RosterChecker.check(greedy, against: instance)
    logger.debug("greedy objective \(greedyState.objective) in \(rounded(greedySeconds)) s")

    guard options.method == .ip else {
      guard greedyCheck.isValid else { throw pinOrBug(greedyCheck, instance: instance, method: "greedy") }
      return SolveResult(roster: greedy, check: greedyCheck, model: nil)
    }

    progress?(SolveProgress(elapsed: clock.seconds, phase: "model", objective: greedyState.objective))
    let model = IPModel(data)
    let missingPins = data.pins.filter { model.x[RosterState.key($0.person, $0.session)] == nil }
    if let pin = missingPins.first {
      throw InputError(
        source: instance.name, path: "pins",
        message: "\(data.people[pin.person].id) is pinned on \(data.sessions[pin.session].id), which can never reach "
          + "its minimum attendance or be staffed (H8)")
    }
    let program = model.program
    let size: [(String, JSONValue)] = [
      ("columns", .number(Double(program.columnCount))), ("rows", .number(Double(program.rowCount))),
      ("nonzeros", .number(Double(program.nonzeroCount))),
    ]
    logger.debug("model: \(program.columnCount) columns, \(program.rowCount) rows, \(program.nonzeroCount) nonzeros")

    func fallback(_ reason: String) throws -> SolveResult {
      logger.warning("integer program: \(reason); using the greedy roster")
      guard greedyCheck.isValid else { throw pinOrBug(greedyCheck, instance: instance, method: "greedy") }
      var roster = greedy
      roster.status = "fallback: \(reason)"
      roster.stats += [("model", .object(size))]
      return SolveResult(roster: roster, check: greedyCheck, model: program)
    }

    var mip = MIPOptions()
    mip.timeLimit = max(0.5, options.timeLimit - clock.seconds)
    mip.relativeGap = options.relativeGap
    if Environment.flag("PAYBACK_PROXY") { mip.proximitySearch = true; mip.proximityTimeLimit = 20 }
    if Environment.flag("PAYBACK_FP") { mip.feasibilityPump = true }
    if Environment.flag("PAYBACK_GOMORY") { mip.cuts.insert(.gomory) }
    if Environment.flag("PAYBACK_NOCUTS") { mip.cuts = [] }
    if Environment.flag("PAYBACK_DFS") { mip.backtracking = .depthFirst }
    let incumbent = greedyCheck.isValid ? model.values(of: greedyState) : nil
    let result: MIPResult
    do {
      result = try await GLPKSolver.solveDetached(
        program, options: mip, incumbent: incumbent, cancel: cancel,
        progress: { p in
          progress?(
            SolveProgress(
              elapsed: clock.seconds, phase: "solving", objective: p.incumbent, bound: p.bound, nodes: p.nodes))
        })
    } catch {
      return try fallback("GLPK failed (\(error))")
    }
    if result.status == .infeasible {
      throw InputError(
        source: instance.name, path: "pins",
        message: "no roster can meet every pin together with the hard rules (the integer program is infeasible)")
    }
    guard !result.values.isEmpty else { return try fallback("no roster found within \(options.timeLimit) s") }
    let state: RosterState
    do {
      state = try model.state(from: result.values)
    } catch {
      return try fallback("\(error)")
    }
    if state.objective < greedyState.objective - 1e-6, greedyCheck.isValid {
      return try fallback("the solver's roster is worse than the greedy one")
    }
    let status: String
    switch result.status {
    case .optimal: status = "optimal"
    default: status = result.stopReason
    }
    var roster = makeRoster(state, method: "ip", status: status, bound: result.bound.map { max($0, state.objective) })
    roster.stats = [
      ("seconds", .number(rounded(clock.seconds))), ("greedy_objective", .number(rounded(greedyState.objective))),
      ("greedy_seconds", .number(rounded(greedySeconds))), ("nodes", .number(Double(result.nodes))),
      ("model", .object(size)),
    ]
    let check = RosterChecker.check(roster, against: instance)
    guard check.isValid else {
      logger.error("BUG: the integer program's roster breaks hard rules: \(check.violations.prefix(5))")
      return try fallback("the integer program's roster failed the check (a bug, reported)")
    }
    return SolveResult(roster: roster, check: check, model: program)
  }

  /// An invalid roster from the greedy: unmeetable pins (the user's to fix) or a bug.
  private func pinOrBug(_ check: CheckReport, instance: Instance, method: String) -> Error {
    if !instance.pins.isEmpty {
      return InputError(
        source: instance.name, path: "pins",
        message: "the pins cannot all be met: "
          + check.violations.prefix(5).map(\.description).joined(separator: "; "))
    }
    return SolverBug(method: method, violations: check.violations)
  }

  func makeRoster(_ state: RosterState, method: String, status: String, bound: Double? = nil) -> Roster {
    let data = state.data
    return Roster(
      instance: data.instance.name, weekStart: data.instance.weekStart, method: method, status: status,
      objective: state.objective, bound: bound,
      assignments: data.assignments(people: state.booked, supervisors: state.staffed),
      shortfalls: Explanations.shortfalls(state))
  }
}

private func rounded(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

/// Wall-clock seconds since creation.
struct Stopwatch: Sendable {
  let start = DispatchTime.now().uptimeNanoseconds
  var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}

/// The greedy heuristic on its own.
public enum GreedyScheduler {
  /// A valid roster in well under a second, even for a region (unchecked: callers that
  /// publish should go through ``WeekScheduler``, which checks every roster).
  public static func roster(for instance: Instance) -> Roster {
    let state = Greedy.solve(WeekData(instance))
    return WeekScheduler().makeRoster(state, method: "greedy", status: "heuristic")
  }
}

extension WeekScheduler {
  /// The integer program of a week, without solving it (for `--write-model`).
  public static func model(for instance: Instance) -> LinearProgram { IPModel(WeekData(instance)).program }
}
