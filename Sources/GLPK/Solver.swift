import CGLPK
import Foundation
import Synchronization

/// The safe entry points to GLPK: validated input, Swift errors, no process aborts, no terminal output.
///
/// How a MIP is solved: the root LP relaxation is solved by `glp_simplex` (with GLPK's LP presolver when
/// `options.presolve`), then `glp_intopt` runs branch-and-cut from that optimal basis with GLPK's MIP
/// presolver off, so that the callback sees the original column numbering (needed to hand over the
/// incumbent and to read bounds). In-tree preprocessing, cuts and heuristics still run.
///
/// Time limit: measured on the wall clock from the start of the call. The root LP gets the remaining time as
/// `tm_lim`, the search gets it as `tm_lim` too, and the search callback (called many times per node)
/// stops the search once the deadline or a cancellation is seen. Work that GLPK does not interrupt — one
/// round of built-in cut generation, the feasibility pump, building the problem — can overrun by the time
/// that step takes (measured: 10.6 s and 21.1 s for limits of 10 s and 20 s on 100k columns × 50k rows).
/// Cancellation reaches the root LP only when `options.presolve` is false (see ``MIPOptions/presolve``).
/// For a deadline that holds whatever GLPK is doing, use ``solveDetached(_:options:incumbent:cancel:progress:)``.
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
  ///
  /// Unlike the synchronous call, the deadline is hard: GLPK cannot interrupt a node LP re-solve or a round of
  /// cuts (measured: 16-41 s for a 10 s limit on 50k binaries), so if GLPK has not returned by
  /// `timeLimit + options.hardDeadlineGrace` seconds, this returns what the search had found by then
  /// (incumbent with its values, proven bound, reason "time_limit") and leaves the thread to finish the GLPK
  /// step it is in and clean up on its own. Cancellation (the flag, or cancelling the calling task) is answered
  /// the same way after `hardDeadlineGrace` (reason "cancelled"). The abandoned thread keeps a CPU busy until
  /// GLPK returns, then stops at once.
  public static func solveDetached(
    _ program: LinearProgram, options: MIPOptions, incumbent: [Double]? = nil, cancel: CancellationFlag? = nil,
    progress: (@Sendable (MIPProgress) -> Void)? = nil
  ) async throws(GLPKError) -> MIPResult {
    let start = ContinuousClock.now
    let taskFlag = CancellationFlag()
    let flags = [taskFlag] + (cancel.map { [$0] } ?? [])
    let snapshot = SearchSnapshot(maximize: program.sense == .maximize)
    let answer = Answer()
    let outcome: Result<MIPResult, GLPKError> = await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Result<MIPResult, GLPKError>, Never>) in
        answer.install(continuation)
        let thread = Thread {
          let result = Result { () throws(GLPKError) -> MIPResult in
            try solveMIP(
              program, options: options, incumbent: incumbent, flags: flags, progress: progress, snapshot: snapshot)
          }
          // Everything GLPK allocated on this thread (the problem is already deleted) goes with it.
          glp_free_env()
          answer.give(result)
        }
        thread.name = "GLPK solve"
        thread.start()
        // The watcher: answers from the snapshot when GLPK overruns the deadline or a cancellation.
        guard options.timeLimit.isFinite, options.hardDeadlineGrace.isFinite, options.hardDeadlineGrace >= 0
        else { return }
        let grace = Duration.seconds(options.hardDeadlineGrace)
        let deadline = start + .seconds(max(0, options.timeLimit)) + grace
        Task.detached {
          var cancelledAt: ContinuousClock.Instant?
          while !answer.isGiven {
            let now = ContinuousClock.now
            if cancelledAt == nil && flags.contains(where: { $0.isCancelled }) { cancelledAt = now }
            let reason: String? =
              if let cancelledAt, now - cancelledAt >= grace { "cancelled" } else if now >= deadline {
                "time_limit"
              } else { nil }
            if let reason {
              let seconds = SearchContext.seconds(now - start)
              answer.give(.success(snapshot.result(reason: reason, code: 0, seconds: seconds)))
              return
            }
            try? await Task.sleep(for: .milliseconds(20))
          }
        }
      }
    } onCancel: {
      taskFlag.cancel()
    }
    return try outcome.get()
  }

  /// Resumes a continuation exactly once, whoever comes first: the solving thread or the watcher.
  private final class Answer: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<Result<MIPResult, GLPKError>, Never>?, given: Bool)>(
      (nil, false))

    func install(_ continuation: CheckedContinuation<Result<MIPResult, GLPKError>, Never>) {
      state.withLock { $0.continuation = continuation }
    }

    var isGiven: Bool { state.withLock { $0.given } }

    func give(_ result: Result<MIPResult, GLPKError>) {
      let continuation = state.withLock { s -> CheckedContinuation<Result<MIPResult, GLPKError>, Never>? in
        guard !s.given else { return nil }
        s.given = true
        defer { s.continuation = nil }
        return s.continuation
      }
      continuation?.resume(returning: result)
    }
  }

  /// Solves the LP relaxation (integrality dropped, binary columns kept within [0, 1]) on the calling thread:
  /// bounds, row duals and reduced costs, e.g. for reduced-cost fixing or LP-guided rounding.
  /// `timeLimit`: wall-clock seconds, finite, >= 0. `cancel` is honoured between simplex slices, i.e. only
  /// with `presolve: false` (see ``MIPOptions/presolve``); with the presolver only the time limit stops it.
  /// Status `.notSolved` with reason "time_limit" or "cancelled" when stopped.
  public static func solveRelaxation(
    _ program: LinearProgram, timeLimit: Double, presolve: Bool = true,
    method: MIPOptions.SimplexMethod = .primal, cancel: CancellationFlag? = nil, warmStart: LPBasis? = nil
  ) throws(GLPKError) -> LPResult {
    let clock = ContinuousClock()
    let start = clock.now
    try program.validate()
    if let warmStart {
      guard warmStart.isWellFormed else {
        throw .invalidOption("warmStart holds a status that is not a GLPK basis status")
      }
      guard warmStart.rows.count == program.rowCount, warmStart.columns.count == program.columnCount else {
        throw .invalidOption(
          "warmStart has \(warmStart.rows.count) rows and \(warmStart.columns.count) columns; the model has "
            + "\(program.rowCount) and \(program.columnCount)")
      }
    }
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
    var usePresolve = presolve
    if let warmStart {
      // Only the objective or bounds changed since that basis: a few pivots instead of a solve from scratch.
      for (i, stat) in warmStart.rows.enumerated() { glp_set_row_stat(P, Int32(i + 1), stat) }
      for (j, stat) in warmStart.columns.enumerated() { glp_set_col_stat(P, Int32(j + 1), stat) }
      if glp_factorize(P) != 0 { glp_std_basis(P) }
      usePresolve = false  // the presolver would discard the basis
    }
    let outcome = runSimplex(
      P, presolve: usePresolve, method: method, deadline: deadline, clock: clock,
      shouldStop: { cancel?.isCancelled ?? false })
    switch outcome {
    case .optimal:
      let n = program.columnCount
      let m = program.rowCount
      var result = finish(.optimal, "optimal", code: 0)
      result.objective = glp_get_obj_val(P)
      result.values = (0..<n).map { glp_get_col_prim(P, Int32($0 + 1)) }
      result.reducedCosts = (0..<n).map { glp_get_col_dual(P, Int32($0 + 1)) }
      result.rowDuals = (0..<m).map { glp_get_row_dual(P, Int32($0 + 1)) }
      result.basis = LPBasis(
        rows: (0..<m).map { glp_get_row_stat(P, Int32($0 + 1)) },
        columns: (0..<n).map { glp_get_col_stat(P, Int32($0 + 1)) })
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
    progress: (@Sendable (MIPProgress) -> Void)?, snapshot: SearchSnapshot? = nil
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
    context.snapshot = snapshot
    snapshot?.state.withLock {
      $0.incumbent = givenObjective
      $0.values = given ?? []
      $0.givenIncumbent = given
    }

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
    var presolveRoot = options.presolve
    if let basis = options.warmStart {
      guard basis.rows.count == program.rowCount, basis.columns.count == program.columnCount else {
        throw .invalidOption(
          "warmStart has \(basis.rows.count) rows and \(basis.columns.count) columns; the model has "
            + "\(program.rowCount) and \(program.columnCount)")
      }
      // Statuses are checked (isWellFormed); a non-basic one that does not fit the bounds GLPK adjusts itself.
      for (i, stat) in basis.rows.enumerated() { glp_set_row_stat(P, Int32(i + 1), stat) }
      for (j, stat) in basis.columns.enumerated() { glp_set_col_stat(P, Int32(j + 1), stat) }
      if glp_factorize(P) != 0 { glp_std_basis(P) }
      presolveRoot = false  // the presolver would discard the basis
    }

    // Root LP, so that glp_intopt can start from an optimal basis with its presolver off.
    switch runSimplex(
      P, presolve: presolveRoot, method: options.rootSimplex, deadline: context.deadline,
      clock: context.clock, shouldStop: { context.isCancelled }, between: { context.report(force: false) })
    {
    case .optimal: break
    case .infeasible(let code):
      // Only tolerances can make an LP with a checked solution look infeasible: keep the solution.
      if given != nil { return withoutSearch("solver_inconsistent", code: code, lp: nil) }
      return proven(.infeasible, "infeasible", code: code)
    case .unbounded(let code): return proven(.unbounded, "unbounded", code: code)
    case .stopped(let code, let reason):
      return withoutSearch(reason, code: code, lp: nil)
    case .failed(let code):
      if given != nil { return withoutSearch("solver_failed", code: code, lp: nil) }
      throw .solverFailed(code: code, meaning: "root LP: " + GLPKError.meaning(of: code))
    }
    let lp = glp_get_obj_val(P)
    snapshot?.state.withLock { $0.lpRelaxation = lp }
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
      let bounds =
        program.solverBounds(column: j, integral: true)
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

  /// Solves the LP with glp_simplex in the time left. With the presolver, that is one call that only the time limit
  /// can stop (GLPK keeps nothing of a presolved run that is cut short). Without it, the simplex runs in slices
  /// of at most ``sliceSeconds``, each resuming from the basis the last one left, so that `shouldStop`
  /// (cancellation) and `between` (progress) get a turn that often. A presolver verdict "no dual feasible
  /// solution" (unbounded or infeasible) is settled by a run without the presolver.
  /// Longest uninterruptible simplex slice without the presolver. A restart costs a basis factorisation; on a
  /// 50k-column LP, 0.25 s slices took 1.20 s in all against 1.17 s with 1 s slices (0.1 s slices: 1.62 s).
  static let sliceSeconds = 0.25

  static func runSimplex(
    _ P: OpaquePointer, presolve: Bool, method: MIPOptions.SimplexMethod, deadline: ContinuousClock.Instant,
    clock: ContinuousClock, shouldStop: () -> Bool = { false }, between: () -> Void = {}
  ) -> SimplexOutcome {
    func milliseconds(cap: Double) -> Int32 {
      let left = min(SearchContext.seconds(deadline - clock.now), cap) * 1000
      return left <= 0 ? 0 : Int32(max(1, min(left.rounded(.up), Double(Int32.max - 1))))
    }
    var usePresolve = presolve
    while true {
      if shouldStop() { return .stopped(GLP_ESTOP, "cancelled") }
      let limit = milliseconds(cap: usePresolve ? .infinity : sliceSeconds)
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
      case GLP_ETMLIM:
        if usePresolve || milliseconds(cap: sliceSeconds) == 0 { return .stopped(code, "time_limit") }
        between()  // a slice ended: resume from the current basis after giving the caller a turn
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

/// An LP kept inside GLPK between solves, for algorithms that re-solve one LP many times with a
/// new objective (a Lagrangian relaxation's subproblem): each solve starts from the last basis, and
/// the problem is not rebuilt. It exists only inside ``GLPKSolver/withResolvableLP(_:_:)``, which
/// creates, uses and deletes it on one thread, as GLPK requires.
public struct ResolvableLP: ~Copyable {
  fileprivate let problem: GLPKProblem
  public let columnCount: Int

  /// Sets column `index`'s objective coefficient; the index and value are checked first.
  public func setObjective(_ index: Int, _ coefficient: Double) throws(GLPKError) {
    guard (0..<columnCount).contains(index) else {
      throw .invalidModel(["column index \(index) out of range 0..<\(columnCount)"])
    }
    guard LinearProgram.isSafeCoefficient(coefficient) else {
      throw .invalidModel(["objective coefficient \(coefficient) of column \(index) is not finite or too large"])
    }
    glp_set_obj_coef(problem.pointer, Int32(index + 1), coefficient)
  }

  /// Solves from the last basis within `timeLimit` seconds; the objective and every column's value when optimal.
  public func solve(timeLimit: Double) throws(GLPKError) -> (status: LPStatus, objective: Double, values: [Double]) {
    guard timeLimit.isFinite, timeLimit > 0 else {
      throw .invalidOption("timeLimit must be a finite number of seconds > 0, got \(timeLimit)")
    }
    let clock = ContinuousClock()
    let P = problem.pointer
    switch GLPKSolver.runSimplex(
      P, presolve: false, method: .primal, deadline: clock.now + .seconds(timeLimit), clock: clock)
    {
    case .optimal:
      return (.optimal, glp_get_obj_val(P), (0..<columnCount).map { glp_get_col_prim(P, Int32($0 + 1)) })
    case .infeasible: return (.infeasible, .nan, [])
    case .unbounded: return (.unbounded, .nan, [])
    case .stopped: return (.notSolved, .nan, [])
    case .failed(let code): throw .solverFailed(code: code, meaning: GLPKError.meaning(of: code))
    }
  }
}

extension GLPKSolver {
  /// Runs `body` with `program` loaded into GLPK as a ``ResolvableLP`` (integrality dropped), freed afterwards.
  public static func withResolvableLP<R>(
    _ program: LinearProgram, _ body: (inout ResolvableLP) throws -> R
  ) throws -> R {
    try program.validate()
    let terminal = glp_term_out(GLP_OFF)
    defer { glp_term_out(terminal) }
    guard let problem = GLPKProblem(program, integral: false) else { throw GLPKError.invalidModel(["no problem"]) }
    var lp = ResolvableLP(problem: problem, columnCount: program.columnCount)
    return try body(&lp)
  }
}
