import CGLPK
import Synchronization

/// Settings for ``GLPKSolver/solve(_:options:incumbent:cancel:progress:)``.
///
/// Every field is checked before GLPK sees it (GLPK aborts the process on a bad parameter);
/// a bad value gives ``GLPKError/invalidOption(_:)``.
public struct MIPOptions: Sendable {
  /// Cutting planes GLPK can generate.
  public enum Cut: Sendable, Hashable, CaseIterable {
    /// Gomory mixed-integer cuts: dense, often slow on large models.
    case gomory
    /// Mixed-integer rounding cuts.
    case mir
    /// Mixed cover cuts.
    case cover
    /// Clique cuts (from the conflict graph of binaries).
    case clique
  }

  /// How the branching variable is chosen.
  public enum Branching: Sendable, Equatable {
    case firstFractional, lastFractional, mostFractional, driebeckTomlin, hybridPseudocost
  }

  /// Which open node is solved next.
  public enum Backtracking: Sendable, Equatable {
    case depthFirst, breadthFirst, bestLocalBound, bestProjection
  }

  /// GLPK's bound-tightening preprocessing inside the tree (safe with our callbacks, unlike the MIP presolver).
  public enum Preprocessing: Sendable, Equatable { case none, root, all }

  /// Simplex variant for the root LP relaxation.
  public enum SimplexMethod: Sendable, Equatable { case primal, dual, dualThenPrimal }

  /// Wall-clock seconds for the whole solve (building, root LP and search). Must be finite and >= 0;
  /// 0 returns at once with the given incumbent, if any. See ``GLPKSolver`` for how hard it is.
  public var timeLimit: Double = 60
  /// Relative MIP gap at which the search stops (GLPK `mip_gap`); >= 0.
  public var relativeGap: Double = 1e-6
  /// LP presolver for the root relaxation. With it, the root LP is one GLPK call that only the time limit can
  /// stop; without it, the root LP runs in slices of at most 0.25 s (resumed from the last basis), so
  /// cancellation and progress reach it within a quarter of a second. Measured on 100k columns × 50k rows:
  /// 6 s with vs 12 s without on one model, 40 s vs 28-39 s on another — choose `false` when prompt
  /// cancellation matters in a synchronous solve (``GLPKSolver/solveDetached(_:options:incumbent:cancel:progress:)``
  /// answers a cancellation promptly either way).
  /// (GLPK's MIP presolver is never used: it renumbers columns, which would break incumbent hand-over and
  /// bound reporting.)
  public var presolve: Bool = true
  /// In-tree preprocessing (GLPK `pp_tech`).
  public var preprocessing: Preprocessing = .all
  /// Cut families to generate. Gomory is off by default: its cuts are dense and slow on 100k columns.
  public var cuts: Set<Cut> = [.mir, .cover, .clique]
  public var branching: Branching = .hybridPseudocost
  public var backtracking: Backtracking = .bestProjection
  /// GLPK's feasibility pump at the root (not interruptible; can take long on large models).
  public var feasibilityPump: Bool = false
  /// GLPK's proximity search heuristic, run at the root once an incumbent exists.
  public var proximitySearch: Bool = false
  /// Seconds allowed to proximity search (also capped by the remaining time); > 0.
  public var proximityTimeLimit: Double = 10
  /// GLPK's simple rounding heuristic.
  public var simpleRounding: Bool = true
  /// Simplex variant for the root LP. Primal by default: on a 100k-column, 50k-row assignment-like model GLPK's
  /// primal simplex (with presolve) took 6 s where the dual had not finished after 60 s.
  public var rootSimplex: SimplexMethod = .primal
  /// Minimum seconds between two progress reports (a new incumbent is always reported); >= 0.
  public var progressInterval: Double = 0.5
  /// Columns (0-based) to branch on first, most important first: while any of them is
  /// fractional, GLPK branches on the most fractional of them (through its branching callback).
  /// Columns out of range are ignored.
  public var branchFirst: [Int] = []
  /// ``GLPKSolver/solveDetached(_:options:incumbent:cancel:progress:)`` only: seconds GLPK may overrun the time
  /// limit (or take to honour a cancellation) before the call answers from what the search has found; >= 0.
  public var hardDeadlineGrace: Double = 1
  /// A basis to start the root LP from (from ``GLPKSolver/solveRelaxation(_:timeLimit:presolve:method:cancel:)``
  /// on a model with the same rows and columns, bounds may differ): the root LP then runs without the
  /// presolver, usually for few iterations. A basis GLPK cannot factorise is replaced by its standard one.
  public var warmStart: LPBasis?

  public init(timeLimit: Double = 60, relativeGap: Double = 1e-6) {
    self.timeLimit = timeLimit
    self.relativeGap = relativeGap
  }

  func validate() throws(GLPKError) {
    guard timeLimit.isFinite, timeLimit >= 0 else {
      throw .invalidOption("timeLimit must be a finite number of seconds >= 0, got \(timeLimit)")
    }
    guard relativeGap.isFinite, relativeGap >= 0 else {
      throw .invalidOption("relativeGap must be a finite number >= 0, got \(relativeGap)")
    }
    guard proximityTimeLimit.isFinite, proximityTimeLimit > 0 else {
      throw .invalidOption("proximityTimeLimit must be a finite number of seconds > 0, got \(proximityTimeLimit)")
    }
    guard hardDeadlineGrace.isFinite, hardDeadlineGrace >= 0 else {
      throw .invalidOption("hardDeadlineGrace must be a finite number of seconds >= 0, got \(hardDeadlineGrace)")
    }
    guard progressInterval.isFinite, progressInterval >= 0 else {
      throw .invalidOption("progressInterval must be a finite number of seconds >= 0, got \(progressInterval)")
    }
    if let warmStart, !warmStart.isWellFormed {
      throw .invalidOption("warmStart holds a status that is not a GLPK basis status")
    }
  }
}

/// What a MIP solve ended with.
public enum MIPStatus: Sendable, Equatable {
  /// Proven optimal (within GLPK's tolerances).
  case optimal
  /// An integer solution exists but optimality is not proven: stopped by time limit, gap or cancellation.
  case feasible
  /// Proven to have no integer solution.
  case infeasible
  /// Stopped (time limit or cancellation) before any integer solution was found.
  case noIntegerSolutionFound
  /// The LP relaxation is unbounded (so the MIP is unbounded or infeasible).
  case unbounded
}

/// The outcome of a MIP solve.
public struct MIPResult: Sendable {
  public var status: MIPStatus
  /// Why the solve ended: "optimal", "infeasible", "unbounded", "time_limit", "gap", "cancelled",
  /// "solver_failed" (GLPK failed mid-search but an incumbent exists; see ``glpkCode``).
  public var stopReason: String
  /// Objective of the incumbent (in the model's sense, constant included), nil when there is none.
  public var objective: Double?
  /// Best proven bound on the optimum (upper bound when maximising, lower when minimising), constant
  /// included; never better than proven and never worse than ``objective``. Equals `objective` when optimal;
  /// nil when nothing is proven (infeasible, unbounded, or stopped before the root LP was solved).
  public var bound: Double?
  /// Column values of the incumbent, one per column; empty when there is none.
  public var values: [Double]
  /// Branch-and-bound nodes created.
  public var nodes: Int
  /// Wall-clock seconds spent in the solve.
  public var seconds: Double
  /// Objective of the root LP relaxation, when it was solved.
  public var lpRelaxation: Double?
  /// The last GLPK return code that decided the outcome (0, GLP_ETMLIM, GLP_ESTOP, ...).
  public var glpkCode: Int32
  /// True when the caller's incumbent is the solution returned (GLPK found nothing better).
  public var returnedGivenIncumbent: Bool
  /// Whether GLPK took the caller's incumbent (glp_ios_heur_sol returned 0); false when GLPK already had a
  /// better one; nil when none was given or the search ended before GLPK asked for heuristic solutions.
  public var givenIncumbentAccepted: Bool?

  /// Relative gap `|bound - objective| / max(1, |objective|)`, when both exist.
  public var relativeGap: Double? {
    guard let objective, let bound else { return nil }
    return abs(bound - objective) / max(1, abs(objective))
  }
}

/// What an LP solve ended with.
public enum LPStatus: Sendable, Equatable { case optimal, infeasible, unbounded, notSolved }

/// The outcome of an LP relaxation solve.
///
/// Signs follow GLPK, in the model's own sense: `reducedCosts[j] = c[j] - Σ_i a[i][j] · rowDuals[i]`.
/// When maximising, a column at its lower bound has reduced cost <= 0 and any solution with
/// `x[j] >= lower + 1` is worth at most `objective + reducedCosts[j]` (reduced-cost fixing).
public struct LPResult: Sendable {
  public var status: LPStatus
  /// "optimal", "infeasible", "unbounded", "time_limit", "iteration_limit".
  public var stopReason: String
  /// Optimal objective (constant included); NaN unless `status == .optimal`.
  public var objective: Double
  /// Column values; empty unless optimal.
  public var values: [Double]
  /// Row dual values (shadow prices); empty unless optimal.
  public var rowDuals: [Double]
  /// Column reduced costs; empty unless optimal.
  public var reducedCosts: [Double]
  public var seconds: Double
  /// The glp_simplex return code (0 when it ran to the end).
  public var glpkCode: Int32
  /// The optimal basis, to warm-start a later solve (``MIPOptions/warmStart``); nil unless optimal.
  public var basis: LPBasis?
}

/// A simplex basis: the status of every row and column.
public struct LPBasis: Sendable, Equatable {
  /// GLPK's status codes (`GLP_BS`, `GLP_NL`, `GLP_NU`, `GLP_NF`, `GLP_NS`), one per row and per column.
  public var rows: [Int32]
  public var columns: [Int32]

  public init(rows: [Int32], columns: [Int32]) {
    self.rows = rows
    self.columns = columns
  }

  /// This basis for a program with more columns (added since it was found): the new columns
  /// non-basic at their lower bound, as a column generation adds them.
  public func extended(toColumns count: Int) -> LPBasis {
    guard count > columns.count else { return self }
    return LPBasis(rows: rows, columns: columns + Array(repeating: GLP_NL, count: count - columns.count))
  }

  /// Every status is one GLPK accepts (any other aborts the process).
  var isWellFormed: Bool {
    let valid: Set<Int32> = [GLP_BS, GLP_NL, GLP_NU, GLP_NF, GLP_NS]
    return rows.allSatisfy(valid.contains) && columns.allSatisfy(valid.contains)
  }
}

/// A snapshot of a running MIP search, delivered on the solving thread.
public struct MIPProgress: Sendable {
  public var seconds: Double
  public var incumbent: Double?
  public var bound: Double?
  public var nodes: Int
}

/// Everything that can go wrong, as Swift errors; GLPK's own return code is kept where there is one.
public enum GLPKError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The model breaks a rule; one message per problem, naming the row or column.
  case invalidModel([String])
  /// An option is out of range.
  case invalidOption(String)
  /// The incumbent handed in is not a feasible solution (it is never passed to GLPK).
  case invalidIncumbent([String])
  /// GLPK returned an error code it cannot recover from.
  case solverFailed(code: Int32, meaning: String)
  /// A file could not be written.
  case fileError(String)

  public var description: String {
    switch self {
    case .invalidModel(let problems): "invalid model:\n" + problems.map { "  " + $0 }.joined(separator: "\n")
    case .invalidOption(let message): "invalid option: \(message)"
    case .invalidIncumbent(let problems):
      "invalid incumbent:\n" + problems.map { "  " + $0 }.joined(separator: "\n")
    case .solverFailed(let code, let meaning): "GLPK failed with code \(code): \(meaning)"
    case .fileError(let message): "file error: \(message)"
    }
  }

  /// GLPK's meaning of a return code from glp_simplex / glp_intopt.
  public static func meaning(of code: Int32) -> String {
    switch code {
    case 0: "success"
    case GLP_EBADB: "invalid basis"
    case GLP_ESING: "singular matrix"
    case GLP_ECOND: "ill-conditioned matrix"
    case GLP_EBOUND: "invalid bounds"
    case GLP_EFAIL: "solver failed"
    case GLP_EOBJLL: "objective lower limit reached"
    case GLP_EOBJUL: "objective upper limit reached"
    case GLP_EITLIM: "iteration limit exceeded"
    case GLP_ETMLIM: "time limit exceeded"
    case GLP_ENOPFS: "no primal feasible solution"
    case GLP_ENODFS: "no dual feasible solution"
    case GLP_EROOT: "root LP optimum not provided"
    case GLP_ESTOP: "search terminated by application"
    case GLP_EMIPGAP: "relative MIP gap tolerance reached"
    case GLP_ENOFEAS: "no primal/dual feasible solution"
    case GLP_ENOCVG: "no convergence"
    case GLP_EINSTAB: "numerical instability"
    case GLP_EDATA: "invalid data"
    case GLP_ERANGE: "result out of range"
    default: "unknown GLPK return code"
    }
  }
}

/// A thread-safe, one-way stop signal for a running solve. The solver polls it from GLPK's callback,
/// so the search stops within one callback interval (the root LP and GLPK's built-in cut generators and
/// heuristics are not interruptible; they end at the next callback).
public final class CancellationFlag: Sendable {
  private let state = Atomic<Bool>(false)

  public init() {}

  /// Asks the solve to stop; it then returns its incumbent, if any, with stop reason "cancelled".
  public func cancel() { state.store(true, ordering: .releasing) }

  public var isCancelled: Bool { state.load(ordering: .acquiring) }
}
