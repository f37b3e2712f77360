import GLPK
import PaybackCore

/// A search of the neighbourhood the root LP relaxation points at (a "RENS" heuristic).
///
/// With each person's week modelled as a path, the root LP is nearly integral: on the medium
/// example it leaves 6 of 51 session plans and 70 of 4,837 bookings fractional, and with the
/// optimum's plan fixed its value is the optimum. The hard part is the plan. Fixing every session
/// decision the LP already settles and letting GLPK search the rest finds the optimum in about
/// 10 s there, where the search of the whole model found nothing better than its start in 80 s.
enum SettledPlan {
  /// The root LP's solution, or nil when it could not be solved in `timeLimit`.
  static func relaxation(_ model: IPModel, timeLimit: Double) -> LPResult? {
    guard let lp = try? GLPKSolver.solveRelaxation(model.program, timeLimit: timeLimit), lp.status == .optimal
    else { return nil }
    return lp
  }

  /// The model with every session decision that `lp` leaves integral fixed to its value.
  static func neighbourhood(_ model: IPModel, lp: LPResult) throws -> LinearProgram {
    var fixed = model.program
    for col in model.sessionDecisions {
      let v = lp.values[col]
      let r = v.rounded()
      if abs(v - r) < 1e-6 { try fixed.setColumnBounds(col, lower: r, upper: r) }
    }
    return fixed
  }

  /// Searches the neighbourhood with GLPK (handing it `start` when `start` lies inside) and
  /// returns the best roster found, or nil when it found none.
  static func search(
    _ model: IPModel, lp: LPResult, start: RosterState?, timeLimit: Double, cancel: CancellationFlag?
  ) async -> RosterState? {
    guard let program = try? neighbourhood(model, lp: lp) else { return nil }
    let given = start.flatMap { model.values(of: $0) }.flatMap { program.violations(of: $0).isEmpty ? $0 : nil }
    return await solve(model, program, lp: lp, incumbent: given, timeLimit: timeLimit, cancel: cancel)
  }

  /// Searches where a roster and the root LP disagree ("RINS"): every integer decision on which
  /// they agree is fixed, GLPK searches the rest starting from the roster. Nil when it found
  /// nothing better.
  ///
  /// Measured on one half of the 1,000-person week: the LP's plan rounded to 34,806 against a
  /// bound of 34,848, and the LP with that plan fixed is 34,848, so only placing people was
  /// wrong; GLPK found no integer point at all in the plan-fixed model in 60 s.
  static func improve(
    _ model: IPModel, lp: LPResult, start: RosterState, timeLimit: Double, cancel: CancellationFlag?
  ) async -> RosterState? {
    guard let values = model.values(of: start), model.program.violations(of: values).isEmpty else { return nil }
    var program = model.program
    for col in model.integerColumns where abs(values[col] - lp.values[col]) < 1e-6 {
      let v = values[col].rounded()
      guard (try? program.setColumnBounds(col, lower: v, upper: v)) != nil else { return nil }
    }
    return await solve(model, program, lp: lp, incumbent: values, timeLimit: timeLimit, cancel: cancel)
  }

  private static func solve(
    _ model: IPModel, _ program: LinearProgram, lp: LPResult, incumbent: [Double]?, timeLimit: Double,
    cancel: CancellationFlag?
  ) async -> RosterState? {
    var options = MIPOptions(timeLimit: timeLimit, relativeGap: 1e-6)
    // Measured on medium: no cuts and the best local bound (glpsol's defaults) prove the settled
    // plan's neighbourhood in 10 s; the main search's settings spend that time on cuts.
    options.cuts = []
    options.branching = .driebeckTomlin
    options.backtracking = .bestLocalBound
    options.branchFirst = model.sessionDecisions
    options.hardDeadlineGrace = 0.5
    // Fixing columns at their LP values keeps the root basis optimal: no root LP to solve again.
    options.warmStart = lp.basis
    guard
      let result = try? await GLPKSolver.solveDetached(program, options: options, incumbent: incumbent, cancel: cancel),
      result.objective != nil, result.values.count == program.columnCount, !result.returnedGivenIncumbent
    else { return nil }
    return try? model.state(from: result.values)
  }
}
