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

  /// A week's independent part with more people than this is cut along areas into clusters of
  /// about half as many, solved apart (see `Decomposition.split`); its bound then comes from
  /// relaxed clusters' LPs. Whole parts this big take GLPK too long to even relax.
  public var largestWholePart = 1_200

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

    // Independent parts; any too big to solve whole is cut into clusters, bounded by relaxed ones.
    var parts: [Decomposition.Part] = []
    var ownBound: [Bool] = []
    var relaxed: [Decomposition.Part] = []
    for part in Decomposition.parts(data) {
      if part.people.count > options.largestWholePart,
        let split = Decomposition.split(part, data: data, greedy: greedyState, maxPeople: options.largestWholePart / 2)
      {
        logger.debug("a part of \(part.people.count) people is cut into \(split.restricted.count) clusters")
        parts += split.restricted
        ownBound += split.restricted.map { _ in false }
        relaxed += split.relaxed
      } else {
        parts.append(part)
        ownBound.append(true)
      }
    }
    if parts.count > 1 {
      do {
        return try await solveByParts(
          parts, ownBound: ownBound, relaxed: relaxed, data: data, greedy: (greedyState, greedy),
          greedyCheck: greedyCheck,
          options: options, clock: clock, cancel: cancel, progress: progress)
      } catch let error as InputError {
        throw error
      } catch {
        logger.warning("solving the week in parts failed (\(error)); solving it whole")
      }
    }

    progress?(SolveProgress(elapsed: clock.seconds, phase: "model", objective: greedyState.objective))
    let model = IPModel(data)
    let missingPins = data.pins.filter { model.x[RosterState.key($0.person, $0.session)] == nil }
    if let pin = missingPins.first {
      throw InputError(
        source: instance.name, path: "pins",
        message: "\(data.personIDs[pin.person]) is pinned on \(data.sessionIDs[pin.session]), which can never reach "
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

    // The root LP: its bound, a rounding of it, and the neighbourhood it settles (on models this
    // tight, where the optimum usually is).
    var start = greedyState
    var startIsValid = greedyCheck.isValid
    var rootLP: LPResult?
    if !(cancel?.isCancelled ?? false) {
      progress?(SolveProgress(elapsed: clock.seconds, phase: "root LP", objective: start.objective))
      rootLP = SettledPlan.relaxation(model, timeLimit: max(0.5, 0.3 * (options.timeLimit - clock.seconds)))
    }
    if let lp = rootLP {
      logger.debug("root LP: \(lp.objective) in \(rounded(lp.seconds)) s")
      // Rounded within the greedy's session plan, and within the plan the LP points at.
      let plans = (startIsValid ? [greedyState] : []) + [LPRounding.plan(model, lp: lp)].compactMap { $0 }
      for plan in plans {
        if let roundedLP = LPRounding.round(model, lp: lp, plan: plan),
          !startIsValid || roundedLP.objective > start.objective + 1e-9,
          RosterChecker.check(makeRoster(roundedLP, method: "ip", status: "", explain: false), against: instance)
            .isValid
        {
          start = roundedLP
          startIsValid = true
          logger.debug("LP rounding: \(roundedLP.objective) at \(rounded(clock.seconds)) s")
        }
      }
      if startIsValid {
        progress?(SolveProgress(elapsed: clock.seconds, phase: "RINS", objective: start.objective, bound: lp.objective))
        if let found = await SettledPlan.improve(
          model, lp: lp, start: start, timeLimit: max(0.5, 0.3 * (options.timeLimit - clock.seconds)), cancel: cancel),
          found.objective > start.objective + 1e-9,
          RosterChecker.check(makeRoster(found, method: "ip", status: "", explain: false), against: instance).isValid
        {
          start = found
          logger.debug("RINS: \(found.objective) at \(rounded(clock.seconds)) s")
        }
      }
      progress?(
        SolveProgress(elapsed: clock.seconds, phase: "settled plan", objective: start.objective, bound: lp.objective))
      let budget = max(0.5, 0.4 * (options.timeLimit - clock.seconds))
      if let found = await SettledPlan.search(
        model, lp: lp, start: startIsValid ? start : nil, timeLimit: budget, cancel: cancel),
        !startIsValid || found.objective > start.objective + 1e-9,
        RosterChecker.check(makeRoster(found, method: "ip", status: "", explain: false), against: instance).isValid
      {
        start = found
        startIsValid = true
        logger.debug("settled plan: \(found.objective) at \(rounded(clock.seconds)) s")
      }
    }

    var mip = MIPOptions()
    // Keep a reserve for what follows the search (naming supervisors, checking, explaining) and
    // for GLPK's own overrun, so the whole solve ends within the user's limit.
    mip.timeLimit = max(0.5, (options.timeLimit - clock.seconds) * 0.92 - 0.5)
    mip.hardDeadlineGrace = 0.5
    // Session decisions first: once they are settled, placing people is nearly integral.
    mip.branchFirst = model.sessionDecisions
    mip.relativeGap = options.relativeGap
    mip.warmStart = rootLP?.basis
    let incumbent = startIsValid ? model.values(of: start) : nil
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
    // (A model with no columns has an empty solution that is still a solution.)
    guard result.objective != nil, result.values.count == program.columnCount else {
      return try fallback("no roster found within \(options.timeLimit) s")
    }
    var state: RosterState
    do {
      state = try model.state(from: result.values)
    } catch {
      return try fallback("\(error)")
    }
    // GLPK hands back its best; the polished start can only be better when the search never took it.
    if startIsValid, state.objective < start.objective - 1e-9 { state = start }
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

  /// Solves independent parts of the week apart, two at a time, and joins them.
  ///
  /// Each part's time is its share of what is left, by size, so big parts get more. A part's
  /// bound counts where `ownBound` says so; the rest of the bound is the LP bound of `relaxed`.
  private func solveByParts(
    _ parts: [Decomposition.Part], ownBound: [Bool], relaxed: [Decomposition.Part], data: WeekData,
    greedy start: (state: RosterState, roster: Roster), greedyCheck: CheckReport, options: SolveOptions,
    clock: Stopwatch,
    cancel: CancellationFlag?, progress: (@Sendable (SolveProgress) -> Void)?
  ) async throws -> SolveResult {
    logger.debug("the week splits into \(parts.count) independent parts")
    var relaxedBound: Double? = 0
    if !relaxed.isEmpty {
      progress?(SolveProgress(elapsed: clock.seconds, phase: "bounds of \(relaxed.count) clusters"))
      relaxedBound = await clusterBound(
        relaxed, data: data, timeLimit: 0.4 * (options.timeLimit - clock.seconds), clock: clock)
      logger.debug("relaxed clusters' bound: \(relaxedBound.map { "\($0)" } ?? "none") at \(rounded(clock.seconds)) s")
    }
    let greedy = start.roster
    let totalSize = parts.reduce(0) { $0 + $1.size }
    let tracker = PartProgress(ownBound: ownBound, otherBound: relaxedBound)
    let deadline = options.timeLimit
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
        let budget = max(0.5, (deadline - clock.seconds) * share * 0.95)
        let sub = Decomposition.instance(of: part, in: data, index: index)
        var subOptions = options
        subOptions.timeLimit = budget
        group.addTask {
          let result = try await WeekScheduler(logger: logger).solve(sub, options: subOptions, cancel: cancel) { p in
            if let snapshot = tracker.update(index, p, elapsed: clock.seconds) { progress?(snapshot) }
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
    var statuses: Set<String> = []
    var nodes = 0.0
    var size: [String: Double] = [:]  // the parts' models, summed
    if let b = relaxedBound, let sum = bound { bound = sum + b } else { bound = nil }
    for (index, result) in results {
      for a in result.roster.assignments {
        guard let s = data.sessionIndex[a.session] else { continue }
        for id in a.people { if let p = data.personIndex[id] { state.add(p, s) } }
        for id in a.supervisors {
          if let k = data.supervisorIndex[id] { state.addSupervisor(k, s) }
        }
      }
      if ownBound[index] {
        if let b = result.roster.bound, let sum = bound { bound = sum + b } else { bound = nil }
      }
      statuses.insert(result.roster.status)
      if case .number(let n)? = result.roster.stats.first(where: { $0.0 == "nodes" })?.1 { nodes += n }
      if case .object(let model)? = result.roster.stats.first(where: { $0.0 == "model" })?.1 {
        for case (let key, .number(let n)) in model { size[key, default: 0] += n }
      }
    }
    var status =
      statuses.count == 1
      ? statuses.first!
      : statuses.contains { $0.hasPrefix("fallback") }
        ? "fallback: in some parts"
        : statuses.contains("time_limit") ? "time_limit" : statuses.sorted().joined(separator: "+")
    if !relaxed.isEmpty, status == "optimal" { status = "time_limit" }  // clusters' optima need not be the week's
    if state.objective < greedy.objective - 1e-9 {
      // Each part is at least its greedy; clusters, which cannot share people, may not be.
      guard !relaxed.isEmpty else {
        throw SolverBug(
          method: "ip", violations: [Violation(rule: "OBJ", message: "the joined parts are worse than the greedy")])
      }
      logger.debug("the clusters joined are worse than the greedy (\(state.objective)); keeping the greedy")
      state = start.state
    }
    var roster = makeRoster(state, method: "ip", status: status, bound: bound.map { max($0, state.objective) })
    roster.stats = [
      ("seconds", .number(rounded(clock.seconds))), ("greedy_objective", .number(rounded(greedy.objective))),
      ("parts", .number(Double(parts.count))), ("nodes", .number(nodes)),
    ]
    if !size.isEmpty {
      roster.stats.append(("model", .object(["columns", "rows", "nonzeros"].map { ($0, .number(size[$0] ?? 0)) })))
    }
    let check = RosterChecker.check(roster, against: data.instance)
    guard check.isValid else { throw SolverBug(method: "ip (parts)", violations: check.violations) }
    return SolveResult(roster: roster, check: check, model: nil)
  }

  /// The sum of the LP bounds of `clusters`, two at a time, within about `timeLimit` seconds. A
  /// cluster whose LP is not solved in time counts every person's most valuable week instead.
  private func clusterBound(
    _ clusters: [Decomposition.Part], data: WeekData, timeLimit: Double, clock: Stopwatch
  ) async -> Double {
    let deadline = clock.seconds + timeLimit
    return await withTaskGroup(of: Double.self) { group in
      var next = 0
      func launch() {
        guard next < clusters.count else { return }
        let sub = WeekData(Decomposition.instance(of: clusters[next], in: data, index: next))
        next += 1
        let limit = max(1, deadline - clock.seconds)
        group.addTask {
          if let lp = SettledPlan.relaxation(IPModel(sub), timeLimit: limit) { return lp.objective }
          return sub.people.indices.reduce(0) { $0 + sub.value(person: $1, hours: sub.people[$1].maxHours) }
        }
      }
      launch()
      launch()
      var sum = 0.0
      while let bound = await group.next() {
        sum += bound
        launch()
      }
      return sum
    }
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
  func makeRoster(
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

/// Progress of several parts solved at once, summed into one figure for the user.
final class PartProgress: @unchecked Sendable {
  private let lock = NSLock()
  private var objectives: [Double?]
  private var bounds: [Double?]
  /// Which parts' bounds count, and the bound of the rest (nil: none known).
  private let ownBound: [Bool]
  private let otherBound: Double?

  init(ownBound: [Bool], otherBound: Double?) {
    objectives = Array(repeating: nil, count: ownBound.count)
    bounds = Array(repeating: nil, count: ownBound.count)
    self.ownBound = ownBound
    self.otherBound = otherBound
  }

  func update(_ index: Int, _ p: SolveProgress, elapsed: Double) -> SolveProgress? {
    lock.lock()
    defer { lock.unlock() }
    if let o = p.objective { objectives[index] = o }
    if let b = p.bound { bounds[index] = b }
    let done = objectives.compactMap { $0 }
    let sumObjective = done.reduce(0, +)
    var sumBound = otherBound
    for (i, b) in bounds.enumerated() where ownBound[i] {
      if let b, let sum = sumBound { sumBound = sum + b } else { sumBound = nil }
    }
    return SolveProgress(
      elapsed: elapsed, phase: "solving \(done.count)/\(objectives.count) parts", objective: sumObjective,
      bound: sumBound)
  }

  func finish(_ index: Int, objective: Double, bound: Double?) {
    lock.lock()
    defer { lock.unlock() }
    objectives[index] = objective
    bounds[index] = bound ?? objective
  }
}
