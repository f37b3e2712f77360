import Dispatch
import Foundation
import GLPK
import Logging
import PaybackCore
import RosterCheck

/// Wall-clock seconds since creation.
struct Stopwatch: Sendable {
  let start = DispatchTime.now().uptimeNanoseconds
  var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}

/// The one time budget of a solve: every phase asks it for its share of what is left, so the
/// whole solve ends within the user's limit however long each phase turns out to take.
struct TimeBudget: Sendable {
  let clock: Stopwatch
  /// Seconds after `clock` started when the solve must be done.
  let deadline: Double

  var elapsed: Double { clock.seconds }
  var remaining: Double { max(0, deadline - clock.seconds) }
  var isSpent: Bool { remaining <= 0.05 }

  /// A share of what is left, at least `floor` seconds (GLPK needs a moment to do anything).
  func share(_ fraction: Double, floor: Double = 0.5) -> Double { max(floor, fraction * remaining) }

  /// Seconds after the start by which a phase given `fraction` of what is left must end.
  func deadline(for fraction: Double) -> Double { clock.seconds + fraction * remaining }
}

/// What a phase of a solve works on and leaves behind: the best roster so far, the best bound,
/// the model and its relaxation once built, and the statistics.
final class SolveContext: @unchecked Sendable {
  let data: WeekData
  let options: SolveOptions
  let budget: TimeBudget
  let cancel: CancellationFlag?
  let logger: Logger
  private let report: (@Sendable (SolveProgress) -> Void)?
  private let lock = NSLock()

  /// The best valid roster so far (the greedy's to begin with, when it is valid).
  private(set) var best: RosterState
  private(set) var bestIsValid: Bool
  /// The best proven upper bound so far.
  private(set) var bound: Double?
  var model: IPModel?
  var rootLP: LPResult?
  var lagrangian: LagrangianBound?
  var neighbourhoodPlan: NeighbourhoodPlan?
  var stats: SolveStats
  /// Set when GLPK itself failed: the roster is then the greedy's, and says so.
  var failure: String?
  /// The search proved its roster optimal (within the requested gap).
  var provedOptimal = false
  private(set) var phase = "greedy"

  init(
    data: WeekData, options: SolveOptions, budget: TimeBudget, cancel: CancellationFlag?, logger: Logger,
    progress: (@Sendable (SolveProgress) -> Void)?, greedy: RosterState, greedyIsValid: Bool, stats: SolveStats
  ) {
    self.data = data
    self.options = options
    self.budget = budget
    self.cancel = cancel
    self.logger = logger
    self.report = progress
    best = greedy
    bestIsValid = greedyIsValid
    self.stats = stats
  }

  var isCancelled: Bool { cancel?.isCancelled ?? false }
  var bestObjective: Double { lock.withLock { best.objective } }
  var bestState: RosterState { lock.withLock { best } }

  /// Whether the roster and the bound already meet the requested gap.
  var gapClosed: Bool {
    lock.withLock {
      guard bestIsValid, let bound else { return false }
      return bound - best.objective <= options.relativeGap * max(1, abs(bound))
    }
  }

  func begin(_ name: String) {
    lock.withLock { phase = name }
    logger.debug("phase \(name) at \(rounded(budget.elapsed)) s")
    publish()
  }

  /// Takes `candidate` as the best roster when it is better and passes the checker (every roster
  /// a phase offers is checked: a broken one is a bug, logged and never kept).
  @discardableResult
  func offer(_ candidate: RosterState, by source: String) -> Bool {
    let better = lock.withLock { !bestIsValid || candidate.objective > best.objective + 1e-9 }
    guard better else { return false }
    let roster = WeekScheduler.makeRoster(candidate, method: "ip", status: "", explain: false)
    let check = RosterChecker.check(roster, against: data.instance)
    guard check.isValid else {
      logger.error("BUG: \(source) offered a roster that breaks hard rules: \(check.violations.prefix(3))")
      return false
    }
    let taken = lock.withLock {
      guard !bestIsValid || candidate.objective > best.objective + 1e-9 else { return false }
      best = candidate
      bestIsValid = true
      return true
    }
    if taken {
      logger.debug("\(source): \(candidate.objective) at \(rounded(budget.elapsed)) s")
      publish()
    }
    return taken
  }

  /// Takes `value` as the bound when it is tighter (every value offered must be a proven bound).
  func offer(bound value: Double) {
    guard value.isFinite else { return }
    let tighter = lock.withLock {
      guard bound.map({ value < $0 }) ?? true else { return false }
      bound = value
      return true
    }
    if tighter { publish() }
  }

  /// Progress from inside a phase (GLPK's own incumbent and bound while it searches).
  func publish(objective: Double? = nil, bound searchBound: Double? = nil, nodes: Int? = nil) {
    guard let report else { return }
    let (name, ours, proven) = lock.withLock { (phase, bestIsValid ? best.objective : nil, bound) }
    report(
      SolveProgress(
        elapsed: budget.elapsed, phase: name, objective: [ours, objective].compactMap { $0 }.max(),
        bound: [proven, searchBound].compactMap { $0 }.min(), nodes: nodes))
  }
}

/// One named step of a solve. Phases run in order; each reads and improves the context.
protocol SolvePhase {
  var name: String { get }
  func run(_ context: SolveContext) async throws
}

func rounded(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }
