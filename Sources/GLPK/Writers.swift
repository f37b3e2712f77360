import CGLPK
import Foundation

/// The names a program's columns and rows get in LP/MPS files, index for index, and what else the
/// writer did to the model.
///
/// Names are made safe for every reader: ASCII letters, digits and `_` only, starting with a letter, at most
/// 200 characters, never a format keyword, unique within columns and within rows. Anything else is replaced
/// by `_`, prefixed with `c_`/`r_`, or suffixed with `_<index+1>`; empty names become `c<index+1>`/`r<index+1>`.
public struct FileNames: Sendable, Equatable {
  /// File name of each column.
  public var columns: [String]
  /// File name of each row; "" for rows with no finite bound, which are left out of files (they constrain
  /// nothing, and a free row would make GLPK's MPS writer drop the objective).
  public var rows: [String]
  /// Name of the objective row in the file.
  public var objective: String
  /// The extra column, fixed at 1, whose objective coefficient carries the objective constant (neither GLPK
  /// writer keeps a constant readers agree on); nil when the constant is 0.
  public var constantColumn: String?
  /// Name of the extra empty row written when the program has no (non-free) rows; nil otherwise.
  public var placeholderRow: String?
  /// True when the file minimises the negated objective (writeMPS of a maximize program).
  public var objectiveNegated: Bool
}

extension LinearProgram {
  /// Reserved in every name space (format keywords, and names the writers themselves use).
  static let reservedNames: Set<String> = [
    "st", "s", "t", "subject", "to", "such", "that", "bound", "bounds", "bin", "bins", "binary", "binaries",
    "gen", "general", "generals", "int", "integer", "integers", "semi", "semis", "semicontinuous", "free",
    "inf", "infinity", "end", "min", "max", "minimize", "maximize", "minimise", "maximise", "minimum",
    "maximum", "obj", "objective", "sos", "sos1", "sos2", "e", "rhs", "rhs1", "rng1", "bnd1", "ranges", "name",
    "rows", "columns", "endata", "marker", "intorg", "intend", "r0000000", "obj_constant", "empty_row",
  ]

  /// The names this program's columns and rows get in files (see ``FileNames``).
  public func fileNames() -> FileNames {
    var used = Set<String>()
    used.reserveCapacity(columnCount)
    var columns: [String] = []
    columns.reserveCapacity(columnCount)
    for j in 0..<columnCount {
      columns.append(Self.fileName(columnNames[j], prefix: "c", index: j, used: &used))
    }
    used.removeAll(keepingCapacity: true)
    var rows: [String] = []
    rows.reserveCapacity(rowCount)
    for i in 0..<rowCount {
      let free = Self.normalized(rowLower[i]) == -.infinity && Self.normalized(rowUpper[i]) == .infinity
      rows.append(free ? "" : Self.fileName(rowNames[i], prefix: "r", index: i, used: &used))
    }
    let hasRows = rows.contains { !$0.isEmpty }
    return FileNames(
      columns: columns, rows: rows, objective: "OBJ", constantColumn: objectiveConstant != 0 ? "OBJ_CONSTANT" : nil,
      placeholderRow: hasRows || columnCount == 0 ? nil : "EMPTY_ROW", objectiveNegated: false)
  }

  static func fileName(_ raw: String, prefix: String, index: Int, used: inout Set<String>) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in raw.unicodeScalars.prefix(200) {
      let ascii = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
      scalars.append(ascii ? scalar : "_")
    }
    var name = String(scalars)
    if name.isEmpty {
      name = "\(prefix)\(index + 1)"
    } else {
      let first = name.unicodeScalars.first!
      let second = name.unicodeScalars.dropFirst().first
      let startsLikeNumber = (first == "e" || first == "E") && second.map { ("0"..."9").contains($0) } == true
      if !first.properties.isAlphabetic || startsLikeNumber || reservedNames.contains(name.lowercased()) {
        name = "\(prefix)_" + name
      }
    }
    if used.contains(name) || reservedNames.contains(name.lowercased()) {
      var candidate = "\(name)_\(index + 1)"
      var extra = 0
      while used.contains(candidate) {
        extra += 1
        candidate = "\(name)_\(index + 1)_\(extra)"
      }
      name = candidate
    }
    used.insert(name)
    return name
  }

  /// The same program without rows that have no finite bound.
  func withoutFreeRows() -> LinearProgram {
    var copy = LinearProgram(sense: sense)
    copy.objectiveConstant = objectiveConstant
    copy.columnNames = columnNames
    copy.columnKinds = columnKinds
    copy.columnLower = columnLower
    copy.columnUpper = columnUpper
    copy.columnObjective = columnObjective
    for i in 0..<rowCount
    where !(Self.normalized(rowLower[i]) == -.infinity && Self.normalized(rowUpper[i]) == .infinity) {
      copy.rowNames.append(rowNames[i])
      copy.rowLower.append(rowLower[i])
      copy.rowUpper.append(rowUpper[i])
      copy.entryColumn.append(contentsOf: entryColumn[rowStart[i]..<rowStart[i + 1]])
      copy.entryValue.append(contentsOf: entryValue[rowStart[i]..<rowStart[i + 1]])
      copy.rowStart.append(copy.entryColumn.count)
    }
    return copy
  }
}

extension GLPKSolver {
  /// Writes the program in CPLEX LP format (glp_write_lp), atomically (temporary file, then rename).
  ///
  /// The file keeps the sense ("Maximize"/"Minimize") and the objective value: the constant is carried by
  /// an extra column `OBJ_CONSTANT` fixed at 1 (GLPK would only write it as a comment). Integer and
  /// binary columns are in "Generals" with their bounds; rows without finite bounds are left out; names are
  /// sanitised as described in ``FileNames``, which is returned.
  @discardableResult
  public static func writeLP(_ program: LinearProgram, to path: String) throws(GLPKError) -> FileNames {
    try write(program, to: path, negateMaximize: false) { P, file in glp_write_lp(P, nil, file) }
  }

  /// Writes the program in free MPS format (glp_write_mps, GLP_MPS_FILE), atomically.
  ///
  /// MPS as GLPK writes it has no objective sense (readers assume minimise) and would put the constant in the
  /// objective row's RHS, which readers interpret with opposite signs. So:
  /// - a **maximize** program is written as **minimize −objective**: the optimum a reader (HiGHS, CBC, ...)
  ///   reports is the negation of ours, `ours = −(file optimum)`; column values are the same.
  ///   `FileNames.objectiveNegated` says so. A minimize program is written as is.
  /// - the constant (negated with the rest when maximising) is carried by an extra column `OBJ_CONSTANT`
  ///   fixed at 1, so the file's optimum includes it; no objective RHS is written.
  /// - integer columns are between MARKER lines and always get explicit bounds; rows without finite bounds are
  ///   left out; the objective row is `R0000000`; names as in ``FileNames``.
  @discardableResult
  public static func writeMPS(_ program: LinearProgram, to path: String) throws(GLPKError) -> FileNames {
    try write(program, to: path, negateMaximize: true) { P, file in
      var parm = glp_mpscp()
      glp_init_mpscp(&parm)
      return glp_write_mps(P, GLP_MPS_FILE, &parm, file)
    }
  }

  private static func write(
    _ program: LinearProgram, to path: String, negateMaximize: Bool,
    writer: (OpaquePointer, String) -> Int32
  ) throws(GLPKError) -> FileNames {
    try program.validate()
    guard !path.isEmpty, !path.utf8.contains(0) else { throw .fileError("invalid path '\(path)'") }
    var names = program.fileNames()
    let negate = negateMaximize && program.sense == .maximize
    names.objectiveNegated = negate
    let kept = program.withoutFreeRows()
    let keptNames = FileNames(
      columns: names.columns, rows: names.rows.filter { !$0.isEmpty }, objective: names.objective,
      constantColumn: names.constantColumn, placeholderRow: names.placeholderRow, objectiveNegated: negate)
    let scale = negate ? -1.0 : 1.0
    let sense: LinearProgram.Sense = negate ? .minimize : program.sense

    let terminal = glp_term_out(GLP_OFF)
    defer { glp_term_out(terminal) }
    // An integer column with no integer in its bounds is written with its bounds as given (the reader will
    // find the program infeasible, as we do).
    let built =
      GLPKProblem(kept, integral: true, names: keptNames, objectiveScale: scale, sense: sense)
      ?? GLPKProblem(kept, integral: true, names: keptNames, objectiveScale: scale, sense: sense, rawBounds: true)
    guard let problem = built else { throw .fileError("internal error: could not build the problem for \(path)") }
    let P = problem.pointer
    if let constantColumn = names.constantColumn {
      glp_set_obj_coef(P, 0, 0)
      let j = glp_add_cols(P, 1)
      glp_set_col_name(P, j, constantColumn)
      glp_set_col_bnds(P, j, GLP_FX, 1, 1)
      glp_set_obj_coef(P, j, scale * program.objectiveConstant)
    }
    if let placeholderRow = names.placeholderRow {
      // GLPK's writers need a row (MPS asserts one exists for empty columns); this one holds for any x.
      let i = glp_add_rows(P, 1)
      glp_set_row_name(P, i, placeholderRow)
      glp_set_row_bnds(P, i, GLP_LO, -1, 0)
    }

    let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    guard writer(P, temporary) == 0 else {
      unlink(temporary)
      throw .fileError("cannot write '\(path)'")
    }
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw .fileError("cannot move the written file to '\(path)': \(reason)")
    }
    return names
  }
}
