import CGLPK

/// State shared with GLPK's branch-and-cut callback. Lives on the solving thread only; GLPK gets an
/// unretained pointer to it for the duration of one glp_intopt call.
final class SearchContext {
  let clock = ContinuousClock()
  let start: ContinuousClock.Instant
  let deadline: ContinuousClock.Instant
  let flags: [CancellationFlag]
  let progress: (@Sendable (MIPProgress) -> Void)?
  let progressInterval: Duration
  let maximize: Bool
  /// The caller's incumbent, 1-based as GLPK wants it (x[0] unused); nil when none was given.
  let heuristicSolution: [Double]?

  /// 1-based columns to branch on first (see ``MIPOptions/branchFirst``).
  var branchFirst: [Int32] = []
  var submitted = false
  var accepted = false
  /// Why we asked GLPK to stop: "time_limit" or "cancelled".
  var stopReason: String?
  var nodes = 0
  var incumbent: Double?
  /// Tightest bound seen (root LP objective, then best active node bounds); unclamped.
  var bestBound: Double?
  var lastReport: ContinuousClock.Instant
  var lastBoundCheck: ContinuousClock.Instant?

  init(
    start: ContinuousClock.Instant, timeLimit: Double, flags: [CancellationFlag],
    progress: (@Sendable (MIPProgress) -> Void)?, progressInterval: Double, maximize: Bool, incumbent: [Double]?
  ) {
    self.start = start
    self.deadline = start + .seconds(timeLimit)
    self.flags = flags
    self.progress = progress
    self.progressInterval = .seconds(progressInterval)
    self.maximize = maximize
    self.heuristicSolution = incumbent.map { [0] + $0 }
    self.lastReport = start
  }

  var seconds: Double { Self.seconds(clock.now - start) }

  static func seconds(_ duration: Duration) -> Double {
    let (s, attoseconds) = duration.components
    return Double(s) + Double(attoseconds) * 1e-18
  }

  /// Milliseconds left before the deadline, as GLPK's `tm_lim` wants them (>= 1 while time is left).
  var remainingMilliseconds: Int32 {
    let left = Self.seconds(deadline - clock.now) * 1000
    if left <= 0 { return 0 }
    return Int32(max(1, min(left.rounded(.up), Double(Int32.max - 1))))
  }

  var isCancelled: Bool { flags.contains { $0.isCancelled } }

  /// The tighter of two bounds (smaller when maximising).
  func tighter(_ a: Double?, _ b: Double?) -> Double? {
    guard let a else { return b }
    guard let b else { return a }
    return maximize ? min(a, b) : max(a, b)
  }

  /// A proven bound can never be worse than a known solution: clamp it to the incumbent.
  func clamped(_ bound: Double?, incumbent: Double?) -> Double? {
    guard let bound else { return nil }
    guard let incumbent else { return bound }
    return maximize ? max(bound, incumbent) : min(bound, incumbent)
  }

  func observe(bound: Double) {
    // GLPK uses ±DBL_MAX for "no bound yet".
    guard bound.isFinite, abs(bound) < 1e300 else { return }
    bestBound = tighter(bestBound, bound)
  }

  func report(force: Bool) {
    guard let progress else { return }
    let now = clock.now
    guard force || now - lastReport >= progressInterval else { return }
    lastReport = now
    progress(
      MIPProgress(
        seconds: Self.seconds(now - start), incumbent: incumbent, bound: clamped(bestBound, incumbent: incumbent),
        nodes: nodes))
  }

  /// Called by GLPK many times per node (row/cut generation, heuristics, branching, selection, ...).
  func handle(_ tree: OpaquePointer) {
    let reason = glp_ios_reason(tree)
    var active: Int32 = 0
    var current: Int32 = 0
    var total: Int32 = 0
    glp_ios_tree_size(tree, &active, &current, &total)
    nodes = Int(total)
    // glp_ios_best_node walks every active node: throttled, as the callback runs several times per node.
    // A bound read a little earlier is still a valid (slightly weaker) bound.
    let now = clock.now
    if lastBoundCheck.map({ now - $0 >= .milliseconds(50) }) ?? true {
      lastBoundCheck = now
      let best = glp_ios_best_node(tree)
      if best != 0 { observe(bound: glp_ios_node_bound(tree, best)) }
    }
    var improved = false
    if let mip = glp_ios_get_prob(tree) {
      let status = glp_mip_status(mip)
      if status == GLP_FEAS || status == GLP_OPT {
        // GLPK's incumbent only improves, but it may still be worse than the caller's, not yet handed over.
        let value = glp_mip_obj_val(mip)
        if incumbent.map({ maximize ? value > $0 : value < $0 }) ?? true {
          incumbent = value
          improved = true
        }
      }
    }
    if reason == GLP_IBRANCH, !branchFirst.isEmpty, let lp = glp_ios_get_prob(tree) {
      // The most fractional of the preferred columns GLPK can branch on; otherwise GLPK chooses.
      var best: Int32 = 0
      var bestFraction = 1e-6
      for j in branchFirst where glp_ios_can_branch(tree, j) != 0 {
        let v = glp_get_col_prim(lp, j)
        let fraction = min(v - v.rounded(.down), v.rounded(.up) - v)
        if fraction > bestFraction {
          bestFraction = fraction
          best = j
        }
      }
      if best != 0 {
        let v = glp_get_col_prim(lp, best)
        glp_ios_branch_upon(tree, best, v - v.rounded(.down) >= 0.5 ? GLP_UP_BRNCH : GLP_DN_BRNCH)
      }
    }
    if reason == GLP_IHEUR, !submitted, let x = heuristicSolution {
      submitted = true
      // GLPK checks only integrality and improvement here; feasibility was checked in Swift.
      accepted = x.withUnsafeBufferPointer { glp_ios_heur_sol(tree, $0.baseAddress) } == 0
      if accepted, let mip = glp_ios_get_prob(tree) {
        incumbent = glp_mip_obj_val(mip)
        improved = true
      }
    }
    report(force: improved)
    if stopReason == nil {
      if isCancelled {
        stopReason = "cancelled"
      } else if clock.now >= deadline {
        stopReason = "time_limit"
      }
    }
    if stopReason != nil { glp_ios_terminate(tree) }
  }
}
