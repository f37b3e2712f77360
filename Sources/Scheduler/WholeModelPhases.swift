import GLPK
import PaybackCore

// The phases of a week small enough for GLPK to solve whole: the root LP, roundings of it, the
// neighbourhoods it points at, then branch-and-cut to prove the bound.

/// Budget shares: the root LP may take up to this much of what is left, and so on down the list.
/// Measured on the examples and the disjoint 1,000-person week, where the root LP takes well under
/// these shares and the rest goes to the search that proves the bound.
enum WholeModelShares {
  static let rootLP = 0.3
  static let rins = 0.3
  static let settledPlan = 0.4
  /// Branch-and-cut keeps back a reserve for naming supervisors, checking and explaining.
  static let branchAndCut = 0.92
  static let reserveSeconds = 0.5
}

/// Builds the integer program and solves its LP relaxation once; its basis warm-starts every later GLPK solve.
struct RootRelaxation: SolvePhase {
  let name = "root LP"
  func run(_ context: SolveContext) async throws {
    let model = context.model ?? IPModel(context.data)
    context.model = model
    guard !context.isCancelled else { return }
    guard let lp = SettledPlan.relaxation(model, timeLimit: context.budget.share(WholeModelShares.rootLP)) else {
      context.logger.debug("root LP not solved in its share of the time")
      return
    }
    context.rootLP = lp
    context.stats.rootLPSeconds = lp.seconds
    context.logger.debug("root LP: \(lp.objective) in \(rounded(lp.seconds)) s")
    // The LP optimum bounds every roster (rounded up a little for GLPK's tolerances).
    context.offer(bound: lp.objective + 1e-7 * max(1, abs(lp.objective)))
  }
}

/// Rosters rounded from the root LP, within the best roster's session plan and within the LP's own.
struct RootRounding: SolvePhase {
  let name = "LP rounding"
  func run(_ context: SolveContext) async throws {
    guard let model = context.model, let lp = context.rootLP else { return }
    let plans = (context.bestIsValid ? [context.bestState] : []) + [LPRounding.plan(model, lp: lp)].compactMap { $0 }
    for plan in plans {
      if let state = LPRounding.round(model, lp: lp, plan: plan) { context.offer(state, by: "LP rounding") }
    }
  }
}

/// RINS: GLPK searches where the best roster and the root LP disagree, everything else fixed.
struct RINS: SolvePhase {
  let name = "RINS"
  func run(_ context: SolveContext) async throws {
    guard let model = context.model, let lp = context.rootLP, context.bestIsValid, !context.gapClosed else { return }
    if let found = await SettledPlan.improve(
      model, lp: lp, start: context.bestState, timeLimit: context.budget.share(WholeModelShares.rins),
      cancel: context.cancel)
    {
      context.offer(found, by: "RINS")
    }
  }
}

/// GLPK searches every session decision the root LP leaves fractional, the rest fixed at the LP's values.
struct SettledPlanSearch: SolvePhase {
  let name = "settled plan"
  func run(_ context: SolveContext) async throws {
    guard let model = context.model, let lp = context.rootLP, !context.gapClosed else { return }
    if let found = await SettledPlan.search(
      model, lp: lp, start: context.bestIsValid ? context.bestState : nil,
      timeLimit: context.budget.share(WholeModelShares.settledPlan), cancel: context.cancel)
    {
      context.offer(found, by: "settled plan")
    }
  }
}

/// GLPK's branch-and-cut on the whole model from the best roster so far, to prove the bound.
struct BranchAndCut: SolvePhase {
  let name = "branch and cut"
  func run(_ context: SolveContext) async throws {
    let model = context.model ?? IPModel(context.data)
    context.model = model
    if context.gapClosed {
      context.provedOptimal = true
      return
    }
    var mip = MIPOptions()
    mip.timeLimit = max(
      0.5, context.budget.remaining * WholeModelShares.branchAndCut - WholeModelShares.reserveSeconds)
    mip.hardDeadlineGrace = 0.5
    // Session decisions first: once they are settled, placing people is nearly integral.
    mip.branchFirst = model.sessionDecisions
    mip.relativeGap = context.options.relativeGap
    mip.warmStart = context.rootLP?.basis
    let incumbent = context.bestIsValid ? model.values(of: context.bestState) : nil
    let result: MIPResult
    do {
      result = try await GLPKSolver.solveDetached(
        model.program, options: mip, incumbent: incumbent, cancel: context.cancel,
        progress: { p in context.publish(objective: p.incumbent, bound: p.bound, nodes: p.nodes) })
    } catch {
      context.failure = "GLPK failed (\(error))"
      return
    }
    context.stats.nodes += result.nodes
    if result.status == .infeasible {
      throw InputError(
        source: context.data.instance.name, path: "pins",
        message: "no roster can meet every pin together with the hard rules (the integer program is infeasible)")
    }
    // (A model with no columns has an empty solution that is still a solution.)
    guard result.objective != nil, result.values.count == model.program.columnCount else {
      if !context.bestIsValid { context.failure = "no roster found within \(context.options.timeLimit) s" }
      return
    }
    do {
      let state = try model.state(from: result.values)
      context.offer(state, by: "branch and cut")
    } catch {
      context.failure = "\(error)"
      return
    }
    if let b = result.bound { context.offer(bound: max(b, context.bestObjective)) }
    if result.status == .optimal { context.provedOptimal = true }
  }
}
