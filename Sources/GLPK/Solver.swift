import CGLPK
import Foundation

/// The safe entry points to GLPK: validated input, Swift errors, no process aborts, no terminal output.
///
/// How a MIP is solved: the root LP relaxation is solved by `glp_simplex` (with GLPK's LP presolver when
/// `options.presolve`), then `glp_intopt` runs branch-and-cut from that optimal basis with GLPK's MIP
/// presolver off, so that the callback sees the original column numbering (needed to hand over the
/// incumbent and to read bounds). In-tree preprocessing, cuts and heuristics still run.
///
/// Time limit: measured on the wall clock from the start of the call. The root LP gets the remaining time as
/// `tm_lim`, the search gets it as `tm_lim` too, and the search callback (called many times per node)
/// stops the search once the deadline or a cancellation is seen. Work that GLPK does not interrupt — a
/// single simplex run, one round of built-in cut generation, the feasibility pump — can overrun by the time
/// that step takes (on models of ~100k columns, seconds).
///
/// Threads: GLPK keeps per-thread state, so each call creates, solves and deletes its problem on the
/// calling thread. Calls on different threads may run concurrently.
public enum GLPKSolver {
  /// GLPK's version, e.g. "5.0".
  public static var version: String { String(cString: glp_version()) }

  /// Solves the MIP synchronously on the calling thread.
  ///
  /// - incumbent: a known solution (one value per column). It is checked first — length, finiteness,
  ///   bounds, integrality, every row, all with tolerance 1e-6 — and rejected with
  ///   ``GLPKError/invalidIncumbent(_:)`` if anything fails; otherwise integer values are rounded, values
  ///   clamped into bounds, and it is handed to GLPK as a heuristic solution at the first opportunity. It is
  ///   returned if GLPK finds nothing better, even if the search never started.
  /// - cancel: polled during the search; a cancelled solve returns its incumbent with reason "cancelled".
  /// - progress: called on this thread at most every `options.progressInterval` seconds and on each new
  ///   incumbent. Keep it quick.
  /// - Throws: ``GLPKError/invalidModel(_:)``, ``GLPKError/invalidOption(_:)``,
  ///   ``GLPKError/invalidIncumbent(_:)``, or ``GLPKError/solverFailed(code:meaning:)`` when GLPK fails
  ///   with no incumbent to fall back on.
  public static func solve(
    _ program: LinearProgram, options: MIPOptions, incumbent: [Double]? = nil, cancel: CancellationFlag? = nil,
    progress: (@Sendable (MIPProgress) -> Void)? = nil
  ) throws(GLPKError) -> MIPResult {
    try solveMIP(program, options: options, incumbent: incumbent, flags: cancel.map { [$0] } ?? [], progress: progress)
  }

  /// The same as ``solve(_:options:incumbent:cancel:progress:)`` on a fresh dedicated thread (whose GLPK
  /// environment is freed afterwards), so async callers do not block the cooperative pool.
  /// Cancelling the calling task cancels the solve like `cancel` does.
  public static func solveDetached(
    _ program: LinearProgram, options: MIPOptions, incumbent: [Double]? = nil, cancel: CancellationFlag? = nil,
    progress: (@Sendable (MIPProgress) -> Void)? = nil
  ) async throws(GLPKError) -> MIPResult {
    let taskFlag = CancellationFlag()
    let flags = [taskFlag] + (cancel.map { [$0] } ?? [])
    let outcome: Result<MIPResult, GLPKError> = await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Result<MIPResult, GLPKError>, Never>) in
        let thread = Thread {
          let result = Result { () throws(GLPKError) -> MIPResult in
            try solveMIP(program, options: options, incumbent: incumbent, flags: flags, progress: progress)
          }
          // Everything GLPK allocated on this thread (the problem is already deleted) goes with it.
          glp_free_env()
          continuation.resume(returning: result)
        }
        thread.name = "GLPK solve"
        thread.start()
      }
    } onCancel: {
      taskFlag.cancel()
    }
    return try outcome.get()
  }

  /// Solves the LP relaxation (integrality dropped, binary columns kept within [0, 1]) on the calling thread:
  /// bounds, row duals and reduced costs, e.g. for reduced-cost fixing or LP-guided rounding.
  /// `timeLimit` (seconds, finite, >= 0) is GLPK's `tm_lim`; a single simplex run is not otherwise interruptible.
  public static func solveRelaxation(
    _ program: LinearProgram, timeLimit: Double, presolve: Bool = true,
    method: MIPOptions.SimplexMethod = .primal
  ) throws(GLPKError) -> LPResult {
    let clock = ContinuousClock()
    let start = clock.now
    try program.validate()
    guard timeLimit.isFinite, timeLimit >= 0 else {
      throw .invalidOption("timeLimit must be a finite number of seconds >= 0, got \(timeLimit)")
    }
    func finish(_ status: LPStatus, _ reason: String, code: Int32) -> LPResult {
      LPResult(
        status: status, stopReason: reason, objective: .nan, values: [], rowDuals: [], reducedCosts: [],
        seconds: SearchContext.seconds(clock.now - start), glpkCode: code)
    }
    guard timeLimit > 0 else { return finish(.notSolved, "time_limit", code: 0) }
    let terminal = glp_term_out(GLP_OFF)
    defer { glp_term_out(terminal) }
    guard let problem = GLPKProblem(program, integral: false) else { return finish(.infeasible, "infeasible", code: 0) }
    let P = problem.pointer
    let deadline = start + .seconds(timeLimit)
    let outcome = runSimplex(P, presolve: presolve, method: method, deadline: deadline, clock: clock)
    switch outcome {
    case .optimal:
      let n = program.columnCount
      let m = program.rowCount
      var result = finish(.optimal, "optimal", code: 0)
      result.objective = glp_get_obj_val(P)
      result.values = (0..<n).map { glp_get_col_prim(P, Int32($0 + 1)) }
      result.reducedCosts = (0..<n).map { glp_get_col_dual(P, Int32($0 + 1)) }
      result.rowDuals = (0..<m).map { glp_get_row_dual(P, Int32($0 + 1)) }
      return result
    case .infeasible(let code): return finish(.infeasible, "infeasible", code: code)
    case .unbounded(let code): return finish(.unbounded, "unbounded", code: code)
    case .stopped(let code, let reason): return finish(.notSolved, reason, code: code)
    case .failed(let code): throw .solverFailed(code: code, meaning: GLPKError.meaning(of: code))
    }
  }

  // MARK: - The MIP solve

  static func solveMIP(
    _ program: LinearProgram, options: MIPOptions, incumbent: [Double]?, flags: [CancellationFlag],
    progress: (@Sendable (MIPProgress) -> Void)?
  ) throws(GLPKError) -> MIPResult {
    let start = ContinuousClock.now
    try program.validate()
    try options.validate()
    var given: [Double]?
    if let incumbent {
      let problems = program.violations(of: incumbent)
      if !problems.isEmpty { throw .invalidIncumbent(problems) }
      given = snapped(incumbent, to: program)
    }
    let givenObjective = given.map { program.objectiveValue(of: $0) }
    let context = SearchContext(
      start: start, timeLimit: options.timeLimit, flags: flags, progress: progress,
      progressInterval: options.progressInterval, maximize: program.sense == .maximize, incumbent: given)
    context.incumbent = givenObjective
    context.branchFirst = options.branchFirst.filter { (0..<program.columnCount).contains($0) }.map { Int32($0 + 1) }

    /// The result when the search did not run (or ended) without a solution from GLPK.
    func withoutSearch(_ reason: String, code: Int32, lp: Double?) -> MIPResult {
      MIPResult(
        status: given == nil ? .noIntegerSolutionFound : .feasible, stopReason: reason, objective: givenObjective,
        bound: context.clamped(lp, incumbent: givenObjective), values: given ?? [], nodes: context.nodes,
        seconds: context.seconds, lpRelaxation: lp, glpkCode: code, returnedGivenIncumbent: given != nil,
        givenIncumbentAccepted: nil)
    }
    func proven(_ status: MIPStatus, _ reason: String, code: Int32, lp: Double? = nil) -> MIPResult {
      MIPResult(
        status: status, stopReason: reason, objective: nil, bound: nil, values: [], nodes: context.nodes,
        seconds: context.seconds, lpRelaxation: lp, glpkCode: code, returnedGivenIncumbent: false,
        givenIncumbentAccepted: context.submitted ? context.accepted : nil)
    }

    if context.isCancelled { return withoutSearch("cancelled", code: 0, lp: nil) }
    if context.remainingMilliseconds == 0 { return withoutSearch("time_limit", code: 0, lp: nil) }

    let terminal = glp_term_out(GLP_OFF)
    defer { glp_term_out(terminal) }
    guard let problem = GLPKProblem(program, integral: true) else {
      return proven(.infeasible, "infeasible", code: 0)  // an integer column has no integer in its bounds
    }
    let P = problem.pointer

    // Root LP, so that glp_intopt can start from an optimal basis with its presolver off.
    switch runSimplex(P, presolve: options.presolve, method: options.rootSimplex, deadline: context.deadline,
      clock: context.clock)
    {
    case .optimal: break
    case .infeasible(let code): return proven(.infeasible, "infeasible", code: code)
    case .unbounded(let code): return proven(.unbounded, "unbounded", code: code)
    case .stopped(let code, let reason): return withoutSearch(reason == "iteration_limit" ? reason : "time_limit",
      code: code, lp: nil)
    case .failed(let code):
      if given != nil { return withoutSearch("solver_failed", code: code, lp: nil) }
      throw .solverFailed(code: code, meaning: "root LP: " + GLPKError.meaning(of: code))
    }
    let lp = glp_get_obj_val(P)
    context.observe(bound: lp)
    context.report(force: true)
    if context.isCancelled { return withoutSearch("cancelled", code: 0, lp: lp) }
    let remaining = context.remainingMilliseconds
    if remaining == 0 { return withoutSearch("time_limit", code: 0, lp: lp) }

    var parm = glp_iocp()
    glp_init_iocp(&parm)
    parm.msg_lev = GLP_MSG_OFF
    parm.br_tech = branchingCode(options.branching)
    parm.bt_tech = backtrackingCode(options.backtracking)
    parm.tm_lim = remaining
    parm.pp_tech =
      switch options.preprocessing {
      case .none: GLP_PP_NONE
      case .root: GLP_PP_ROOT
      case .all: GLP_PP_ALL
      }
    parm.mip_gap = options.relativeGap
    // GLPK's cover cut generator aborts the process on a problem without columns (glp_add_cols(0));
    // with no columns there is nothing to cut anyway. (Found by fuzzing tiny models with every option.)
    let cuts = program.columnCount > 0 ? options.cuts : []
    parm.gmi_cuts = cuts.contains(.gomory) ? GLP_ON : GLP_OFF
    parm.mir_cuts = cuts.contains(.mir) ? GLP_ON : GLP_OFF
    parm.cov_cuts = cuts.contains(.cover) ? GLP_ON : GLP_OFF
    parm.clq_cuts = cuts.contains(.clique) ? GLP_ON : GLP_OFF
    parm.presolve = GLP_OFF
    parm.fp_heur = options.feasibilityPump ? GLP_ON : GLP_OFF
    parm.ps_heur = options.proximitySearch ? GLP_ON : GLP_OFF
    parm.ps_tm_lim = min(remaining, Int32(max(1, min(options.proximityTimeLimit * 1000, Double(Int32.max - 1)))))
    parm.sr_heur = options.simpleRounding ? GLP_ON : GLP_OFF
    parm.cb_func = { tree, info in
      guard let tree, let info else { return }
      Unmanaged<SearchContext>.fromOpaque(info).takeUnretainedValue().handle(tree)
    }
    let code = withExtendedLifetime(context) {
      parm.cb_info = Unmanaged.passUnretained(context).toOpaque()
      return glp_intopt(P, &parm)
    }

    // GLPK's solution, if any.
    let n = program.columnCount
    let mipStatus = glp_mip_status(P)
    var values: [Double] = []
    var objective: Double?
    if mipStatus == GLP_OPT || mipStatus == GLP_FEAS {
      values = (0..<n).map { glp_mip_col_val(P, Int32($0 + 1)) }
      objective = glp_mip_obj_val(P)
    }
    // The caller's incumbent wins when GLPK has nothing better (e.g. the search stopped before taking it).
    var returnedGiven = given != nil && values == given!
    if let given, let givenObjective {
      let better = objective.map { context.maximize ? givenObjective > $0 : givenObjective < $0 } ?? true
      if better {
        values = given
        objective = givenObjective
        returnedGiven = true
      }
    }
    let hasSolution = objective != nil

    let status: MIPStatus
    let reason: String
    switch code {
    case 0 where mipStatus == GLP_OPT:
      status = .optimal
      reason = "optimal"
    case 0 where mipStatus == GLP_NOFEAS && !hasSolution:
      status = .infeasible
      reason = "infeasible"
    case 0:
      // Tree exhausted yet GLPK's verdict disagrees with the caller's incumbent: report what we have.
      status = hasSolution ? .feasible : .noIntegerSolutionFound
      reason = "solver_inconsistent"
    case GLP_ETMLIM:
      status = hasSolution ? .feasible : .noIntegerSolutionFound
      reason = "time_limit"
    case GLP_ESTOP:
      status = hasSolution ? .feasible : .noIntegerSolutionFound
      reason = context.stopReason ?? "cancelled"
    case GLP_EMIPGAP:
      status = hasSolution ? .feasible : .noIntegerSolutionFound
      reason = "gap"
    case GLP_ENOPFS where !hasSolution:
      return proven(.infeasible, "infeasible", code: code, lp: lp)
    case GLP_ENODFS:
      return proven(.unbounded, "unbounded", code: code, lp: lp)
    default:
      guard hasSolution else {
        throw .solverFailed(code: code, meaning: "branch-and-cut: " + GLPKError.meaning(of: code))
      }
      status = .feasible
      reason = "solver_failed"
    }
    var bound: Double?
    if status == .optimal {
      bound = objective
    } else if hasSolution || status == .noIntegerSolutionFound {
      bound = context.clamped(context.tighter(lp, context.bestBound), incumbent: objective)
    }
    return MIPResult(
      status: status, stopReason: reason, objective: objective, bound: bound, values: values, nodes: context.nodes,
      seconds: context.seconds, lpRelaxation: lp, glpkCode: code, returnedGivenIncumbent: returnedGiven,
      givenIncumbentAccepted: context.submitted ? context.accepted : nil)
  }

  /// Integer columns rounded, every value clamped into its bounds: what GLPK is handed.
  static func snapped(_ values: [Double], to program: LinearProgram) -> [Double] {
    var result = values
    for j in 0..<result.count {
      if program.columnKinds[j] != .continuous { result[j] = result[j].rounded() }
      let bounds = program.solverBounds(column: j, integral: true)
        ?? (LinearProgram.normalized(program.columnLower[j]), LinearProgram.normalized(program.columnUpper[j]))
      result[j] = min(max(result[j], bounds.lower), bounds.upper)
    }
    return result
  }

  static func branchingCode(_ branching: MIPOptions.Branching) -> Int32 {
    switch branching {
    case .firstFractional: GLP_BR_FFV
    case .lastFractional: GLP_BR_LFV
    case .mostFractional: GLP_BR_MFV
    case .driebeckTomlin: GLP_BR_DTH
    case .hybridPseudocost: GLP_BR_PCH
    }
  }

  static func backtrackingCode(_ backtracking: MIPOptions.Backtracking) -> Int32 {
    switch backtracking {
    case .depthFirst: GLP_BT_DFS
    case .breadthFirst: GLP_BT_BFS
    case .bestLocalBound: GLP_BT_BLB
    case .bestProjection: GLP_BT_BPH
    }
  }

  // MARK: - Simplex

  enum SimplexOutcome {
    case optimal
    case infeasible(Int32)
    case unbounded(Int32)
    case stopped(Int32, String)
    case failed(Int32)
  }

  /// One glp_simplex run with the time left; a presolver "no dual feasible solution" verdict (unbounded or
  /// infeasible) is settled by a second run without the presolver.
  static func runSimplex(
    _ P: OpaquePointer, presolve: Bool, method: MIPOptions.SimplexMethod, deadline: ContinuousClock.Instant,
    clock: ContinuousClock
  ) -> SimplexOutcome {
    func milliseconds() -> Int32 {
      let left = SearchContext.seconds(deadline - clock.now) * 1000
      return left <= 0 ? 0 : Int32(max(1, min(left.rounded(.up), Double(Int32.max - 1))))
    }
    var usePresolve = presolve
    while true {
      let limit = milliseconds()
      if limit == 0 { return .stopped(GLP_ETMLIM, "time_limit") }
      var parm = glp_smcp()
      glp_init_smcp(&parm)
      parm.msg_lev = GLP_MSG_OFF
      parm.meth =
        switch method {
        case .primal: GLP_PRIMAL
        case .dual: GLP_DUAL
        case .dualThenPrimal: GLP_DUALP
        }
      parm.presolve = usePresolve ? GLP_ON : GLP_OFF
      parm.tm_lim = limit
      let code = glp_simplex(P, &parm)
      switch code {
      case 0:
        switch glp_get_status(P) {
        case GLP_OPT: return .optimal
        case GLP_NOFEAS: return .infeasible(0)
        case GLP_UNBND: return .unbounded(0)
        default: return .failed(0)
        }
      case GLP_ETMLIM: return .stopped(code, "time_limit")
      case GLP_EITLIM: return .stopped(code, "iteration_limit")
      case GLP_ENOPFS: return .infeasible(code)
      case GLP_ENODFS:
        if usePresolve {
          usePresolve = false
          continue
        }
        return .unbounded(code)
      default:
        // A numerical failure with the presolver may go away without it (and vice versa is not worth trying).
        if usePresolve {
          usePresolve = false
          continue
        }
        return .failed(code)
      }
    }
  }
}
