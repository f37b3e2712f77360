import Dispatch
import Foundation
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

  /// A part of the week whose integer program has more columns than this is not relaxed whole
  /// (GLPK's simplex takes minutes on a connected region's LP): its bound comes from Lagrangian
  /// relaxation and its roster from a search over windows of the week, each solved exactly.
  /// Measured: GLPK relaxes and searches a 35,000-column part (half of a disjoint 1,000-person
  /// week) whole in seconds, and takes 44 s for the root LP alone of a 76,000-column connected one.
  public var largestWholeModel = 40_000

  public init(method: Method = .ip, timeLimit: Double = 60, relativeGap: Double = 1e-6) {
    self.method = method
    self.timeLimit = timeLimit
    self.relativeGap = relativeGap
  }
}

/// A snapshot while solving, for progress displays.
public struct SolveProgress: Sendable {
  public var elapsed: Double
  /// The phase running: "greedy", "root LP", "Lagrangian bound", "neighbourhood search", ...
  public var phase: String
  /// The best roster's objective so far.
  public var objective: Double?
  /// The best proven bound so far.
  public var bound: Double?
  public var nodes: Int?
}

/// How a roster came about.
public enum RosterStatus: Sendable, Equatable {
  /// Proven optimal (within the requested gap).
  case optimal
  /// The integer program's best when the time ran out; the bound says how far it may be from optimal.
  case timeLimit
  /// The greedy heuristic's roster, as asked (`--method greedy`).
  case heuristic
  /// GLPK failed, so the greedy roster stands; the reason says why.
  case fallback(String)

  /// As written in the roster file.
  public var text: String {
    switch self {
    case .optimal: "optimal"
    case .timeLimit: "time_limit"
    case .heuristic: "heuristic"
    case .fallback(let reason): "fallback: \(reason)"
    }
  }

  public var isFallback: Bool {
    if case .fallback = self { return true }
    return false
  }
}

/// Figures of one solve, written into the roster's `stats`.
public struct SolveStats: Sendable, Equatable {
  public var seconds = 0.0
  public var greedyObjective = 0.0
  public var greedySeconds = 0.0
  /// Branch-and-bound nodes, summed over every GLPK search of the whole model.
  public var nodes = 0
  /// The integer program's size (summed over parts).
  public var columns = 0
  public var rows = 0
  public var nonzeros = 0
  /// Independent parts the week was solved in.
  public var parts = 1
  public var rootLPSeconds: Double?
  public var lagrangianIterations = 0
  /// Windows of the neighbourhood search tried, and those that improved the roster.
  public var windowsTried = 0
  public var windowsImproved = 0

  mutating func add(_ other: SolveStats) {
    nodes += other.nodes
    columns += other.columns
    rows += other.rows
    nonzeros += other.nonzeros
    lagrangianIterations += other.lagrangianIterations
    windowsTried += other.windowsTried
    windowsImproved += other.windowsImproved
  }

  /// The figures as the roster's `stats` (an extension of the roster format).
  public var json: [(String, JSONValue)] {
    var out: [(String, JSONValue)] = [
      ("seconds", .number(rounded(seconds))), ("greedy_objective", .number(rounded(greedyObjective))),
      ("greedy_seconds", .number(rounded(greedySeconds))),
    ]
    if columns > 0 {
      out.append(("nodes", .number(Double(nodes))))
      out.append(
        (
          "model",
          .object([
            ("columns", .number(Double(columns))), ("rows", .number(Double(rows))),
            ("nonzeros", .number(Double(nonzeros))),
          ])
        ))
    }
    if parts > 1 { out.append(("parts", .number(Double(parts)))) }
    if lagrangianIterations > 0 { out.append(("lagrangian_iterations", .number(Double(lagrangianIterations)))) }
    if windowsTried > 0 {
      out.append(("windows_tried", .number(Double(windowsTried))))
      out.append(("windows_improved", .number(Double(windowsImproved))))
    }
    return out
  }
}

/// A roster the scheduler produced, already checked against H1-H13.
public struct SolveResult: Sendable {
  public var roster: Roster
  public var check: CheckReport
  public var status: RosterStatus
  public var stats: SolveStats
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
///
/// A solve is a list of named phases (``SolvePhase``) sharing one ``TimeBudget``:
/// - greedy, always first;
/// - for a part GLPK can relax whole: root LP, LP rounding, RINS, settled plan, branch and cut;
/// - for a bigger part (a connected region): Lagrangian bound (with the neighbourhood search on the
///   other core), Lagrangian rounding, neighbourhood search on both cores.
/// A week whose areas share nobody is solved in independent parts, two at a time, bounds summed.
public struct WeekScheduler: Sendable {
  public var logger: Logger

  public init(logger: Logger = Logger(label: "payback.scheduler")) {
    self.logger = logger
  }

  /// The phases for a part of the week whose model has `columns` columns.
  static func phases(columns: Int, options: SolveOptions) -> [any SolvePhase] {
    columns <= options.largestWholeModel
      ? [RootRelaxation(), RootRounding(), RINS(), SettledPlanSearch(), BranchAndCut()]
      : [LagrangianBoundAndSearch(), LagrangianRounding(), NeighbourhoodSearch()]
  }

  /// Solves `instance`; the result has passed the roster checker.
  ///
  /// With `.ip`, the greedy roster is the first incumbent, and stays the answer (status
  /// `fallback: ...`, logged) if GLPK fails.
  /// - Throws: ``InputError`` when the pins cannot all be met; ``SolverBug`` if no valid roster results.
  ///
  /// The solve runs on threads of its own (``SolverThreads``), never holding the cooperative pool
  /// that the caller's other tasks need.
  public func solve(
    _ instance: Instance, options: SolveOptions = SolveOptions(), cancel: CancellationFlag? = nil,
    progress: (@Sendable (SolveProgress) -> Void)? = nil
  ) async throws -> SolveResult {
    try await SolverThreads.run {
      try await solveOnOwnThreads(instance, options: options, cancel: cancel, progress: progress)
    }
  }

  private func solveOnOwnThreads(
    _ instance: Instance, options: SolveOptions, cancel: CancellationFlag?,
    progress: (@Sendable (SolveProgress) -> Void)?
  ) async throws -> SolveResult {
    let budget = TimeBudget(clock: Stopwatch(), deadline: options.timeLimit)
    let data = WeekData(instance)
    progress?(SolveProgress(elapsed: budget.elapsed, phase: "greedy"))
    let greedy = Greedy.solve(data)
    var stats = SolveStats()
    stats.greedySeconds = budget.elapsed
    stats.greedyObjective = greedy.objective
    let greedyRoster = Self.makeRoster(greedy, method: "greedy", status: RosterStatus.heuristic.text)
    let greedyCheck = RosterChecker.check(greedyRoster, against: instance)
    logger.debug("greedy objective \(greedy.objective) in \(rounded(stats.greedySeconds)) s")

    guard options.method == .ip else {
      guard greedyCheck.isValid else { throw pinOrBug(greedyCheck, instance: instance, method: "greedy") }
      stats.seconds = budget.elapsed
      var roster = greedyRoster
      roster.stats = stats.json
      return SolveResult(roster: roster, check: greedyCheck, status: .heuristic, stats: stats, model: nil)
    }
    let parts = Decomposition.parts(data)
    if parts.count > 1 {
      do {
        return try await solveByParts(
          parts, data: data, greedy: greedy, stats: stats, options: options, budget: budget, cancel: cancel,
          progress: progress)
      } catch let error as InputError {
        throw error
      } catch {
        logger.warning("solving the week in parts failed (\(error)); solving it whole")
      }
    }
    return try await solveWhole(
      data, greedy: greedy, greedyCheck: greedyCheck, stats: stats, options: options, budget: budget, cancel: cancel,
      progress: progress)
  }

  /// Runs the phases for one connected part of the week.
  private func solveWhole(
    _ data: WeekData, greedy: RosterState, greedyCheck: CheckReport, stats: SolveStats, options: SolveOptions,
    budget: TimeBudget, cancel: CancellationFlag?, progress: (@Sendable (SolveProgress) -> Void)?
  ) async throws -> SolveResult {
    let instance = data.instance
    let model = IPModel(data)
    if let pin = data.pins.first(where: { model.x[RosterState.key($0.person, $0.session)] == nil }) {
      throw InputError(
        source: instance.name, path: "pins",
        message: "\(data.personIDs[pin.person]) is pinned on \(data.sessionIDs[pin.session]), which can never reach "
          + "its minimum attendance or be staffed (H8)")
    }
    var stats = stats
    stats.columns = model.program.columnCount
    stats.rows = model.program.rowCount
    stats.nonzeros = model.program.nonzeroCount
    logger.debug("model: \(stats.columns) columns, \(stats.rows) rows, \(stats.nonzeros) nonzeros")
    let context = SolveContext(
      data: data, options: options, budget: budget, cancel: cancel, logger: logger, progress: progress,
      greedy: greedy, greedyIsValid: greedyCheck.isValid, stats: stats)
    context.model = model
    for phase in Self.phases(columns: model.program.columnCount, options: options) {
      guard !context.isCancelled else { break }
      context.begin(phase.name)
      do {
        try await phase.run(context)
      } catch let error as InputError {
        throw error
      } catch {
        context.failure = "\(phase.name) failed (\(error))"
        logger.warning("\(phase.name) failed: \(error)")
      }
    }
    guard context.bestIsValid else { throw pinOrBug(greedyCheck, instance: instance, method: "greedy") }
    let state = context.bestState
    let improved = state.objective > greedy.objective + 1e-9
    let status: RosterStatus
    if let failure = context.failure, !improved {
      logger.warning("integer program: \(failure); using the greedy roster")
      status = .fallback(failure)
    } else {
      status = context.provedOptimal || context.gapClosed ? .optimal : .timeLimit
    }
    var final = context.stats
    final.seconds = budget.elapsed
    var roster = Self.makeRoster(
      state, method: "ip", status: status.text, bound: context.bound.map { max($0, state.objective) })
    roster.stats = final.json
    let check = RosterChecker.check(roster, against: instance)
    guard check.isValid else { throw SolverBug(method: "ip", violations: check.violations) }
    return SolveResult(roster: roster, check: check, status: status, stats: final, model: model.program)
  }

  /// Solves independent parts of the week apart, two at a time, and joins them.
  ///
  /// Each part's time is its share of what is left, by size, so big parts get more.
  private func solveByParts(
    _ parts: [Decomposition.Part], data: WeekData, greedy: RosterState, stats: SolveStats, options: SolveOptions,
    budget: TimeBudget, cancel: CancellationFlag?, progress: (@Sendable (SolveProgress) -> Void)?
  ) async throws -> SolveResult {
    logger.debug("the week splits into \(parts.count) independent parts")
    let totalSize = parts.reduce(0) { $0 + $1.size }
    let tracker = PartProgress(count: parts.count)
    var results: [(Int, SolveResult)] = []
    try await withThrowingTaskGroup(of: (Int, SolveResult).self) { group in
      var next = 0
      var remainingSize = totalSize
      func launch() {
        guard next < parts.count else { return }
        let index = next
        let part = parts[index]
        next += 1
        // Two workers share what is left, in proportion to size.
        let share = min(1, 2 * Double(part.size) / Double(max(1, remainingSize)))
        remainingSize -= part.size
        let sub = Decomposition.instance(of: part, in: data, index: index)
        var subOptions = options
        subOptions.timeLimit = max(0.5, budget.remaining * share * 0.95)
        group.addTask {
          let result = try await WeekScheduler(logger: logger).solve(sub, options: subOptions, cancel: cancel) { p in
            progress?(tracker.update(index, p, elapsed: budget.elapsed))
          }
          return (index, result)
        }
      }
      launch()
      launch()
      while let done = try await group.next() {
        results.append(done)
        tracker.finish(done.0, objective: done.1.roster.objective, bound: done.1.roster.bound)
        launch()
      }
    }
    // Join: bookings from every part, bound the sum of bounds, explanations on the whole week.
    var state = RosterState(data)
    var bound: Double? = 0
    var all = stats
    all.parts = parts.count
    var statuses: [RosterStatus] = []
    for (_, result) in results {
      for a in result.roster.assignments {
        guard let s = data.sessionIndex[a.session] else { continue }
        for id in a.people { if let p = data.personIndex[id] { state.add(p, s) } }
        for id in a.supervisors { if let k = data.supervisorIndex[id] { state.addSupervisor(k, s) } }
      }
      if let b = result.roster.bound, let sum = bound { bound = sum + b } else { bound = nil }
      statuses.append(result.status)
      all.add(result.stats)
    }
    let status: RosterStatus =
      statuses.contains(where: \.isFallback)
      ? .fallback("in some parts") : statuses.allSatisfy({ $0 == .optimal }) ? .optimal : .timeLimit
    // Each part is at least its greedy, and parts share nobody, so the join is at least the greedy.
    guard state.objective >= greedy.objective - 1e-6 else {
      throw SolverBug(
        method: "ip", violations: [Violation(rule: "OBJ", message: "the joined parts are worse than the greedy")])
    }
    all.seconds = budget.elapsed
    var roster = Self.makeRoster(
      state, method: "ip", status: status.text, bound: bound.map { max($0, state.objective) })
    roster.stats = all.json
    let check = RosterChecker.check(roster, against: data.instance)
    guard check.isValid else { throw SolverBug(method: "ip (parts)", violations: check.violations) }
    return SolveResult(roster: roster, check: check, status: status, stats: all, model: nil)
  }

  /// Solves one window of a week (see ``Neighbourhood``) by the whole-model phases, from `start`
  /// (the window's bookings now) or the window's own greedy, whichever is better. Nil when nothing
  /// valid came of it; `proven` when its optimum was proven in time.
  static func solveWindow(
    _ instance: Instance, start: Roster, timeLimit: Double, cancel: CancellationFlag?, logger: Logger
  ) async -> (roster: Roster, proven: Bool)? {
    let budget = TimeBudget(clock: Stopwatch(), deadline: timeLimit)
    let data = WeekData(instance)
    var given = RosterState(data)
    for a in start.assignments {
      guard let s = data.sessionIndex[a.session] else { continue }
      for id in a.people { if let p = data.personIndex[id] { given.add(p, s) } }
      for id in a.supervisors { if let k = data.supervisorIndex[id] { given.addSupervisor(k, s) } }
    }
    let givenIsValid = RosterChecker.check(
      makeRoster(given, method: "ip", status: "", explain: false), against: instance
    ).isValid
    var first = given
    var firstIsValid = givenIsValid
    let greedy = Greedy.solve(data, localSearchMoves: 50_000)
    if !givenIsValid || greedy.objective > given.objective + 1e-9,
      RosterChecker.check(makeRoster(greedy, method: "ip", status: "", explain: false), against: instance).isValid
    {
      first = greedy
      firstIsValid = true
    }
    guard firstIsValid else { return nil }
    var quiet = logger
    quiet.logLevel = .warning
    let context = SolveContext(
      data: data, options: SolveOptions(method: .ip, timeLimit: timeLimit), budget: budget, cancel: cancel,
      logger: quiet, progress: nil, greedy: first, greedyIsValid: true, stats: SolveStats())
    for phase in [RootRelaxation(), RootRounding(), SettledPlanSearch(), BranchAndCut()] as [any SolvePhase] {
      guard !context.isCancelled, !budget.isSpent else { break }
      context.begin(phase.name)
      do { try await phase.run(context) } catch { return nil }
    }
    let proven = context.provedOptimal || context.gapClosed
    return (makeRoster(context.bestState, method: "ip", status: "", explain: false), proven)
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

  /// - Parameter explain: whether to work out the shortfall reasons (not needed for a roster
  ///   that is only checked, never shown).
  static func makeRoster(
    _ state: RosterState, method: String, status: String, bound: Double? = nil, explain: Bool = true
  ) -> Roster {
    let data = state.data
    return Roster(
      instance: data.instance.name, weekStart: data.instance.weekStart, method: method, status: status,
      objective: state.objective, bound: bound,
      assignments: data.assignments(people: state.booked, supervisors: state.staffed),
      shortfalls: explain ? Explanations.shortfalls(state) : [])
  }
}

/// The greedy heuristic on its own.
public enum GreedyScheduler {
  /// A valid roster in well under a second, even for a region (unchecked: callers that
  /// publish should go through ``WeekScheduler``, which checks every roster).
  public static func roster(for instance: Instance) -> Roster {
    let state = Greedy.solve(WeekData(instance))
    return WeekScheduler.makeRoster(state, method: "greedy", status: RosterStatus.heuristic.text)
  }
}

extension WeekScheduler {
  /// The integer program of a week, without solving it (for `--write-model`).
  public static func model(for instance: Instance) -> LinearProgram { IPModel(WeekData(instance)).program }
}

/// Progress of several parts solved at once, summed into one figure for the user.
final class PartProgress: @unchecked Sendable {
  private let lock = NSLock()
  private var objectives: [Double?]
  private var bounds: [Double?]

  init(count: Int) {
    objectives = Array(repeating: nil, count: count)
    bounds = Array(repeating: nil, count: count)
  }

  func update(_ index: Int, _ p: SolveProgress, elapsed: Double) -> SolveProgress {
    lock.lock()
    defer { lock.unlock() }
    if let o = p.objective { objectives[index] = o }
    if let b = p.bound { bounds[index] = b }
    let done = objectives.compactMap { $0 }
    // A bound only once every part has one.
    let known = bounds.compactMap { $0 }
    return SolveProgress(
      elapsed: elapsed, phase: "solving \(done.count)/\(objectives.count) parts", objective: done.reduce(0, +),
      bound: known.count == bounds.count ? known.reduce(0, +) : nil)
  }

  func finish(_ index: Int, objective: Double, bound: Double?) {
    lock.lock()
    defer { lock.unlock() }
    objectives[index] = objective
    bounds[index] = bound
  }
}
