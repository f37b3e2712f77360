/// A plain description of a linear or mixed-integer program: columns (variables), rows (constraints),
/// an objective and its sense. No C inside, so it is cheap to copy, `Sendable` and safe to build anywhere.
///
/// Building never fails: `addColumn`/`addRow` record what they are given, and every problem (NaN,
/// infinite coefficient, column index out of range, lower > upper, ...) is reported at once by
/// ``validate()`` — which every solver and writer calls before touching GLPK — as
/// ``GLPKError/invalidModel(_:)`` naming the row or column.
///
/// Conventions:
/// - Indices are 0-based; GLPK's 1-based indices never leak out.
/// - A bound of `-.infinity`/`+.infinity` (or any magnitude ≥ 1e30, the usual "infinite" sentinel) means
///   unbounded on that side; equal bounds fix the column or make the row an equation.
/// - An `.integer` or `.binary` column with fractional bounds is allowed: the MIP solver rounds them
///   inwards (`ceil(lower)`, `floor(upper)`, with a 1e-9 tolerance). A `.binary` column's bounds are
///   intersected with [0, 1]. If no integer is left, the program is infeasible (not invalid).
/// - Repeated entries for the same column in one row are summed; zero coefficients are dropped.
/// - Coefficients, objective terms and the constant must be finite with magnitude ≤ 1e12 (GLPK's numerics
///   are not trustworthy beyond that, and such values are always modelling slips).
public struct LinearProgram: Sendable {
  /// Direction of optimisation.
  public enum Sense: Sendable, Equatable { case maximize, minimize }
  /// Domain of a column.
  public enum Kind: Sendable, Equatable { case continuous, integer, binary }

  /// One column as it was added.
  public struct Column: Sendable, Equatable {
    public var name: String
    public var kind: Kind
    public var lower: Double
    public var upper: Double
    public var objective: Double
  }

  /// One row as it was added (entries in the order given, duplicates not yet merged).
  public struct Row: Sendable {
    public var name: String
    public var lower: Double
    public var upper: Double
    public var entries: [(column: Int, coefficient: Double)]
  }

  /// Largest coefficient magnitude accepted by ``validate()``.
  public static let maximumCoefficient = 1e12
  /// Bounds of at least this magnitude count as infinite.
  public static let infiniteBound = 1e30

  public var sense: Sense
  /// Constant added to the objective (reported in every objective value and bound).
  public var objectiveConstant: Double = 0

  // Columns, structure of arrays: 100k columns must not mean 100k small allocations.
  var columnNames: [String] = []
  var columnKinds: [Kind] = []
  var columnLower: [Double] = []
  var columnUpper: [Double] = []
  var columnObjective: [Double] = []
  // Rows in compressed sparse row form: row i owns entries rowStart[i] ..< rowStart[i + 1].
  var rowNames: [String] = []
  var rowLower: [Double] = []
  var rowUpper: [Double] = []
  var rowStart: [Int] = [0]
  var entryColumn: [Int] = []
  var entryValue: [Double] = []

  /// An empty program.
  public init(sense: Sense) {
    self.sense = sense
  }

  /// Reserves storage, to avoid regrowth when the final size is known.
  public mutating func reserveCapacity(columns: Int, rows: Int, nonzeros: Int) {
    columnNames.reserveCapacity(columns)
    columnKinds.reserveCapacity(columns)
    columnLower.reserveCapacity(columns)
    columnUpper.reserveCapacity(columns)
    columnObjective.reserveCapacity(columns)
    rowNames.reserveCapacity(rows)
    rowLower.reserveCapacity(rows)
    rowUpper.reserveCapacity(rows)
    rowStart.reserveCapacity(rows + 1)
    entryColumn.reserveCapacity(nonzeros)
    entryValue.reserveCapacity(nonzeros)
  }

  /// Adds a column and returns its 0-based index. Nothing is checked here; see ``validate()``.
  @discardableResult
  public mutating func addColumn(name: String, kind: Kind, lower: Double, upper: Double, objective: Double) -> Int {
    columnNames.append(name)
    columnKinds.append(kind)
    columnLower.append(lower)
    columnUpper.append(upper)
    columnObjective.append(objective)
    return columnNames.count - 1
  }

  /// Adds a row `lower <= Σ coefficient·x[column] <= upper` and returns its 0-based index.
  /// Nothing is checked here; see ``validate()``.
  @discardableResult
  public mutating func addRow(
    name: String, lower: Double, upper: Double, entries: [(column: Int, coefficient: Double)]
  ) -> Int {
    rowNames.append(name)
    rowLower.append(lower)
    rowUpper.append(upper)
    for entry in entries {
      entryColumn.append(entry.column)
      entryValue.append(entry.coefficient)
    }
    rowStart.append(entryColumn.count)
    return rowNames.count - 1
  }

  public var columnCount: Int { columnNames.count }
  public var rowCount: Int { rowNames.count }
  /// Entries as given (before duplicates are merged and zeros dropped).
  public var nonzeroCount: Int { entryColumn.count }

  /// The column at `index`, or nil when out of range.
  public func column(_ index: Int) -> Column? {
    guard columnNames.indices.contains(index) else { return nil }
    return Column(
      name: columnNames[index], kind: columnKinds[index], lower: columnLower[index], upper: columnUpper[index],
      objective: columnObjective[index])
  }

  /// The row at `index`, or nil when out of range.
  public func row(_ index: Int) -> Row? {
    guard rowNames.indices.contains(index) else { return nil }
    let range = rowStart[index]..<rowStart[index + 1]
    return Row(
      name: rowNames[index], lower: rowLower[index], upper: rowUpper[index],
      entries: range.map { (column: entryColumn[$0], coefficient: entryValue[$0]) })
  }

  /// Changes a column's bounds (e.g. to fix columns after reduced-cost fixing).
  /// Throws ``GLPKError/invalidModel(_:)`` when the index is out of range; the values are checked by ``validate()``.
  public mutating func setColumnBounds(_ index: Int, lower: Double, upper: Double) throws(GLPKError) {
    guard columnNames.indices.contains(index) else {
      throw .invalidModel(["column index \(index) out of range 0..<\(columnCount)"])
    }
    columnLower[index] = lower
    columnUpper[index] = upper
  }

  /// Changes a column's objective coefficient. Throws when the index is out of range.
  public mutating func setObjective(_ index: Int, _ coefficient: Double) throws(GLPKError) {
    guard columnNames.indices.contains(index) else {
      throw .invalidModel(["column index \(index) out of range 0..<\(columnCount)"])
    }
    columnObjective[index] = coefficient
  }

  /// Changes a row's bounds. Throws when the index is out of range.
  public mutating func setRowBounds(_ index: Int, lower: Double, upper: Double) throws(GLPKError) {
    guard rowNames.indices.contains(index) else {
      throw .invalidModel(["row index \(index) out of range 0..<\(rowCount)"])
    }
    rowLower[index] = lower
    rowUpper[index] = upper
  }

  // MARK: - Validation

  /// Checks everything GLPK would abort on (and a little more). Throws ``GLPKError/invalidModel(_:)``
  /// listing every problem (the first 100, then a count), each naming its row or column.
  public func validate() throws(GLPKError) {
    let problems = self.problems(limit: 100)
    if !problems.isEmpty { throw .invalidModel(problems) }
  }

  func problems(limit: Int) -> [String] {
    var problems: [String] = []
    var extra = 0
    func report(_ message: @autoclosure () -> String) {
      if problems.count < limit { problems.append(message()) } else { extra += 1 }
    }
    let n = columnCount
    let m = rowCount
    // GLPK indexes with Int32 and uses 1-based arrays of nonzeros + 1 entries.
    let cap = Int(Int32.max) - 2
    if n > cap { report("too many columns (\(n)); GLPK allows \(cap)") }
    if m > cap { report("too many rows (\(m)); GLPK allows \(cap)") }
    if nonzeroCount > cap { report("too many matrix entries (\(nonzeroCount)); GLPK allows \(cap)") }
    if !Self.isSafeCoefficient(objectiveConstant) {
      report("objective constant \(objectiveConstant) is not a finite number of magnitude <= 1e12")
    }
    for j in 0..<n {
      let lower = columnLower[j]
      let upper = columnUpper[j]
      let what = { "column \(j) '\(Self.shortName(columnNames[j]))'" }
      if lower.isNaN { report("\(what()): lower bound is NaN") }
      if upper.isNaN { report("\(what()): upper bound is NaN") }
      if lower == .infinity { report("\(what()): lower bound is +infinity") }
      if upper == -.infinity { report("\(what()): upper bound is -infinity") }
      if lower > upper { report("\(what()): lower bound \(lower) > upper bound \(upper)") }
      if !Self.isSafeCoefficient(columnObjective[j]) {
        report("\(what()): objective coefficient \(columnObjective[j]) is not a finite number of magnitude <= 1e12")
      }
    }
    for i in 0..<m {
      let lower = rowLower[i]
      let upper = rowUpper[i]
      let what = { "row \(i) '\(Self.shortName(rowNames[i]))'" }
      if lower.isNaN { report("\(what()): lower bound is NaN") }
      if upper.isNaN { report("\(what()): upper bound is NaN") }
      if lower == .infinity { report("\(what()): lower bound is +infinity") }
      if upper == -.infinity { report("\(what()): upper bound is -infinity") }
      if lower > upper { report("\(what()): lower bound \(lower) > upper bound \(upper)") }
      for k in rowStart[i]..<rowStart[i + 1] {
        let column = entryColumn[k]
        let value = entryValue[k]
        if column < 0 || column >= n {
          report("\(what()): entry \(k - rowStart[i]) refers to column \(column), out of range 0..<\(n)")
        }
        if !Self.isSafeCoefficient(value) {
          report("\(what()): entry \(k - rowStart[i]) (column \(column)) has coefficient \(value), "
            + "not a finite number of magnitude <= 1e12")
        }
      }
    }
    if extra > 0 { problems.append("... and \(extra) more problems") }
    return problems
  }

  static func isSafeCoefficient(_ value: Double) -> Bool {
    value.isFinite && abs(value) <= maximumCoefficient
  }

  static func shortName(_ name: String) -> String {
    name.count <= 60 ? name : String(name.prefix(57)) + "..."
  }

  // MARK: - Evaluation

  /// Objective value (including the constant) of `values`, which must have `columnCount` entries.
  public func objectiveValue(of values: [Double]) -> Double {
    var total = objectiveConstant
    for j in 0..<min(values.count, columnCount) { total += columnObjective[j] * values[j] }
    return total
  }

  /// Every way `values` fails to be a solution: wrong length, non-finite values, bounds, integrality
  /// and rows, each checked with the absolute `tolerance`. Empty means feasible.
  /// Call on a valid program (see ``validate()``).
  public func violations(of values: [Double], tolerance: Double = 1e-6, limit: Int = 100) -> [String] {
    var problems: [String] = []
    var extra = 0
    func report(_ message: @autoclosure () -> String) {
      if problems.count < limit { problems.append(message()) } else { extra += 1 }
    }
    guard values.count == columnCount else {
      return ["expected \(columnCount) values, one per column, got \(values.count)"]
    }
    for j in 0..<columnCount {
      let x = values[j]
      let what = { "column \(j) '\(Self.shortName(columnNames[j]))'" }
      guard x.isFinite else {
        report("\(what()): value \(x) is not finite")
        continue
      }
      var lower = columnLower[j]
      var upper = columnUpper[j]
      if columnKinds[j] == .binary {
        lower = max(lower, 0)
        upper = min(upper, 1)
      }
      if x < lower - tolerance || x > upper + tolerance {
        report("\(what()): value \(x) outside bounds [\(lower), \(upper)]")
      }
      if columnKinds[j] != .continuous && abs(x - x.rounded()) > tolerance {
        report("\(what()): value \(x) is not integral")
      }
    }
    if problems.isEmpty {
      for i in 0..<rowCount {
        var activity = 0.0
        for k in rowStart[i]..<rowStart[i + 1] where entryColumn[k] >= 0 && entryColumn[k] < columnCount {
          activity += entryValue[k] * values[entryColumn[k]]
        }
        if activity < rowLower[i] - tolerance || activity > rowUpper[i] + tolerance {
          report(
            "row \(i) '\(Self.shortName(rowNames[i]))': activity \(activity) outside [\(rowLower[i]), \(rowUpper[i])]")
        }
      }
    }
    if extra > 0 { problems.append("... and \(extra) more problems") }
    return problems
  }

  // MARK: - Bounds as GLPK sees them

  /// Bounds of column j as handed to GLPK. For a MIP, integer bounds are rounded inwards and binary bounds
  /// clipped to [0, 1]; `nil` when no integer value remains. Infinite sentinels become infinities.
  /// With `raw`, bounds are only normalised (and binary ones clipped when that leaves something): never nil.
  func solverBounds(column j: Int, integral: Bool, raw: Bool = false) -> (lower: Double, upper: Double)? {
    var lower = Self.normalized(columnLower[j])
    var upper = Self.normalized(columnUpper[j])
    let kind = columnKinds[j]
    if kind == .binary && (!raw || (max(lower, 0) <= min(upper, 1))) {
      lower = max(lower, 0)
      upper = min(upper, 1)
    }
    if raw { return (lower, upper) }
    if integral && kind != .continuous {
      if lower.isFinite { lower = (lower - 1e-9).rounded(.up) }
      if upper.isFinite { upper = (upper + 1e-9).rounded(.down) }
    }
    if lower > upper { return nil }
    return (lower, upper)
  }

  static func normalized(_ bound: Double) -> Double {
    if bound >= infiniteBound { return .infinity }
    if bound <= -infiniteBound { return -.infinity }
    return bound
  }
}
