import CGLPK

/// Sole owner of one `glp_prob`. GLPK's state is thread-local, so a problem is created, used and deleted
/// on one thread: it is `~Copyable` and not `Sendable`, and lives only inside one synchronous call.
struct GLPKProblem: ~Copyable {
  let pointer: OpaquePointer

  deinit {
    glp_delete_prob(pointer)
  }

  /// Builds the problem from a program that passed ``LinearProgram/validate()``.
  ///
  /// - integral: keep integer kinds (MIP) or drop them (LP relaxation).
  /// - names: the names to set (writers only; solving does not need them).
  /// - objectiveScale: 1, or -1 to negate the objective (and the constant) for writers.
  /// - rawBounds: write bounds as given (writers), instead of rounding integer bounds.
  /// Returns nil when an integer column has no integer in its bounds (the MIP is then infeasible).
  init?(
    _ program: LinearProgram, integral: Bool, names: FileNames? = nil, objectiveScale: Double = 1,
    sense: LinearProgram.Sense? = nil, rawBounds: Bool = false
  ) {
    let n = program.columnCount
    let m = program.rowCount
    // Bounds first, so that nothing is allocated in GLPK when the MIP is trivially infeasible.
    var bounds: [(lower: Double, upper: Double)] = []
    bounds.reserveCapacity(n)
    for j in 0..<n {
      guard let b = program.solverBounds(column: j, integral: integral, raw: rawBounds) else { return nil }
      bounds.append(b)
    }
    pointer = glp_create_prob()
    let P = pointer
    glp_set_obj_dir(P, (sense ?? program.sense) == .maximize ? GLP_MAX : GLP_MIN)
    glp_set_obj_coef(P, 0, objectiveScale * program.objectiveConstant)
    if let names { glp_set_obj_name(P, names.objective) }
    if n > 0 { glp_add_cols(P, Int32(n)) }
    if m > 0 { glp_add_rows(P, Int32(m)) }
    for j in 0..<n {
      let column = Int32(j + 1)
      let (lower, upper) = bounds[j]
      Self.setBounds(lower, upper) { type, lb, ub in glp_set_col_bnds(P, column, type, lb, ub) }
      glp_set_obj_coef(P, column, objectiveScale * program.columnObjective[j])
      if integral && program.columnKinds[j] != .continuous { glp_set_col_kind(P, column, GLP_IV) }
      if let names { glp_set_col_name(P, column, names.columns[j]) }
    }
    for i in 0..<m {
      let row = Int32(i + 1)
      let lower = LinearProgram.normalized(program.rowLower[i])
      let upper = LinearProgram.normalized(program.rowUpper[i])
      Self.setBounds(lower, upper) { type, lb, ub in glp_set_row_bnds(P, row, type, lb, ub) }
      if let names { glp_set_row_name(P, row, names.rows[i]) }
    }
    Self.loadMatrix(program, into: P)
  }

  /// Picks GLPK's bound type; GLP_DB needs lower < upper, GLP_FX equal bounds.
  private static func setBounds(_ lower: Double, _ upper: Double, _ set: (Int32, Double, Double) -> Void) {
    switch (lower.isFinite, upper.isFinite) {
    case (false, false): set(GLP_FR, 0, 0)
    case (true, false): set(GLP_LO, lower, 0)
    case (false, true): set(GLP_UP, 0, upper)
    case (true, true): lower == upper ? set(GLP_FX, lower, upper) : set(GLP_DB, lower, upper)
    }
  }

  /// One glp_load_matrix call, duplicates merged (GLPK aborts on them) and zeros dropped, in O(nnz + n).
  private static func loadMatrix(_ program: LinearProgram, into P: OpaquePointer) {
    let total = program.entryColumn.count
    guard total > 0 else { return }
    var ia = [Int32](repeating: 0, count: total + 1)
    var ja = [Int32](repeating: 0, count: total + 1)
    var ar = [Double](repeating: 0, count: total + 1)
    // slot[j] = position in ia/ja/ar of column j's entry in the current row, valid when owner[j] == row.
    var slot = [Int](repeating: 0, count: program.columnCount)
    var owner = [Int](repeating: -1, count: program.columnCount)
    var count = 0
    for i in 0..<program.rowCount {
      for k in program.rowStart[i]..<program.rowStart[i + 1] {
        let j = program.entryColumn[k]
        if owner[j] == i {
          ar[slot[j]] += program.entryValue[k]
        } else {
          count += 1
          owner[j] = i
          slot[j] = count
          ia[count] = Int32(i + 1)
          ja[count] = Int32(j + 1)
          ar[count] = program.entryValue[k]
        }
      }
    }
    // Drop entries that are (or summed to) zero, compacting in place.
    var kept = 0
    for k in 1...max(count, 1) where k <= count && ar[k] != 0 {
      kept += 1
      ia[kept] = ia[k]
      ja[kept] = ja[k]
      ar[kept] = ar[k]
    }
    guard kept > 0 else { return }
    glp_load_matrix(P, Int32(kept), ia, ja, ar)
  }
}
