import Foundation
import GLPK
import Testing

/// Every entry reaches GLPK's entry points (solve, relaxation, both writers) with something GLPK itself
/// would abort the process on, or an edge case. Each must end in a Swift error or a sensible result; that the
/// test process is still alive after the table is the real assertion.
@Suite struct MisuseTests {
  enum Expectation: Sendable, Equatable { case invalidModel, invalidOption, works }

  enum Case: String, CaseIterable, Sendable {
    case nanCoefficient, infiniteCoefficient, hugeCoefficient, columnIndexOutOfRange, negativeColumnIndex
    case columnLowerAboveUpper, rowLowerAboveUpper, nanBound, lowerIsPlusInfinity, upperIsMinusInfinity
    case nanObjective, infiniteConstant
    case fractionalIntegerBounds, emptyIntegerDomain, binaryWithWideBounds, binaryFixedAtOne
    case thousandCharacterName, namesWithSpacesAndSymbols, duplicateNames, reservedWordNames, emptyNames
    case emptyModel, emptyModelWithConstant, noRows, noColumnsButRows, emptyInfeasibleRow, freeRow, onlyFreeRows
    case duplicateEntries, entriesSummingToZero, zeroCoefficient, hugeBoundsAreInfinite
    case zeroTimeLimit, negativeTimeLimit, nanTimeLimit, infiniteTimeLimit, hugeTimeLimit
    case negativeGap, nanGap, hugeGap, zeroProximityLimit, negativeProgressInterval

    var expectation: Expectation {
      switch self {
      case .nanCoefficient, .infiniteCoefficient, .hugeCoefficient, .columnIndexOutOfRange, .negativeColumnIndex,
        .columnLowerAboveUpper, .rowLowerAboveUpper, .nanBound, .lowerIsPlusInfinity, .upperIsMinusInfinity,
        .nanObjective, .infiniteConstant:
        .invalidModel
      case .negativeTimeLimit, .nanTimeLimit, .infiniteTimeLimit, .negativeGap, .nanGap, .zeroProximityLimit,
        .negativeProgressInterval:
        .invalidOption
      default: .works
      }
    }

    /// A small valid model, broken as the case says.
    var setup: (program: LinearProgram, options: MIPOptions) {
      var p = LinearProgram(sense: .maximize)
      var o = MIPOptions(timeLimit: 10)
      let x = p.addColumn(name: "x", kind: .integer, lower: 0, upper: 5, objective: 2)
      let y = p.addColumn(name: "y", kind: .continuous, lower: 0, upper: 3.5, objective: 1)
      let b = p.addColumn(name: "b", kind: .binary, lower: 0, upper: 1, objective: 1)
      var entries: [(column: Int, coefficient: Double)] = [(x, 1), (y, 1), (b, 1)]
      var rowLower = -Double.infinity
      var rowUpper = 6.0
      switch self {
      case .nanCoefficient: entries[0].coefficient = .nan
      case .infiniteCoefficient: entries[1].coefficient = -.infinity
      case .hugeCoefficient: entries[1].coefficient = 1e300
      case .columnIndexOutOfRange: entries.append((column: 3, coefficient: 1))
      case .negativeColumnIndex: entries.append((column: -1, coefficient: 1))
      case .columnLowerAboveUpper: try! p.setColumnBounds(y, lower: 4, upper: 3)
      case .rowLowerAboveUpper: (rowLower, rowUpper) = (7, 6)
      case .nanBound: try! p.setColumnBounds(x, lower: .nan, upper: 5)
      case .lowerIsPlusInfinity: try! p.setColumnBounds(x, lower: .infinity, upper: .infinity)
      case .upperIsMinusInfinity: rowUpper = -.infinity
      case .nanObjective: try! p.setObjective(b, .nan)
      case .infiniteConstant: p.objectiveConstant = .infinity
      case .fractionalIntegerBounds: try! p.setColumnBounds(x, lower: 0.5, upper: 2.5)
      case .emptyIntegerDomain: try! p.setColumnBounds(x, lower: 0.2, upper: 0.8)
      case .binaryWithWideBounds: try! p.setColumnBounds(b, lower: -5, upper: 5)
      case .binaryFixedAtOne: try! p.setColumnBounds(b, lower: 1, upper: 1)
      case .thousandCharacterName:
        p.addColumn(name: String(repeating: "n", count: 1000), kind: .binary, lower: 0, upper: 1, objective: 1)
      case .namesWithSpacesAndSymbols:
        p.addColumn(name: "x y:z [1] -é- \0 \"quoted\"", kind: .binary, lower: 0, upper: 1, objective: 1)
        p.addColumn(name: "3rd", kind: .binary, lower: 0, upper: 1, objective: 1)
        p.addColumn(name: "e1", kind: .binary, lower: 0, upper: 1, objective: 1)
      case .duplicateNames:
        p.addColumn(name: "x", kind: .binary, lower: 0, upper: 1, objective: 1)
        p.addColumn(name: "x", kind: .binary, lower: 0, upper: 1, objective: 1)
        p.addColumn(name: "x_4", kind: .binary, lower: 0, upper: 1, objective: 1)
      case .reservedWordNames:
        for word in ["st", "End", "free", "inf", "Bounds", "OBJ_CONSTANT", "R0000000", "binary"] {
          p.addColumn(name: word, kind: .binary, lower: 0, upper: 1, objective: 1)
        }
      case .emptyNames: p.addColumn(name: "", kind: .binary, lower: 0, upper: 1, objective: 1)
      case .emptyModel: p = LinearProgram(sense: .minimize)
      case .emptyModelWithConstant:
        p = LinearProgram(sense: .maximize)
        p.objectiveConstant = 4
      case .noRows: break
      case .noColumnsButRows:
        p = LinearProgram(sense: .maximize)
        p.addRow(name: "nothing", lower: -1, upper: 1, entries: [])
        return (p, o)
      case .emptyInfeasibleRow:
        p.addRow(name: "impossible", lower: 1, upper: .infinity, entries: [])
      case .freeRow: p.addRow(name: "free", lower: -.infinity, upper: .infinity, entries: [(x, 1)])
      case .onlyFreeRows: (rowLower, rowUpper) = (-.infinity, .infinity)
      case .duplicateEntries: entries += [(x, 1), (x, 0.5)]
      case .entriesSummingToZero: entries += [(y, -1)]
      case .zeroCoefficient: entries[2].coefficient = 0
      case .hugeBoundsAreInfinite: try! p.setColumnBounds(y, lower: -1e30, upper: 1e31)
      case .zeroTimeLimit: o.timeLimit = 0
      case .negativeTimeLimit: o.timeLimit = -1
      case .nanTimeLimit: o.timeLimit = .nan
      case .infiniteTimeLimit: o.timeLimit = .infinity
      case .hugeTimeLimit: o.timeLimit = 1e12
      case .negativeGap: o.relativeGap = -0.1
      case .nanGap: o.relativeGap = .nan
      case .hugeGap: o.relativeGap = 1e9
      case .zeroProximityLimit: o.proximityTimeLimit = 0
      case .negativeProgressInterval: o.progressInterval = -1
      }
      if self != .emptyModel && self != .emptyModelWithConstant && self != .noRows {
        p.addRow(name: "row", lower: rowLower, upper: rowUpper, entries: entries)
      }
      return (p, o)
    }
  }

  func category(of error: GLPKError) -> Expectation? {
    switch error {
    case .invalidModel(let problems): problems.isEmpty ? nil : .invalidModel
    case .invalidOption: .invalidOption
    default: nil
    }
  }

  @Test(arguments: Case.allCases)
  func misuseNeverAborts(_ entry: Case) throws {
    let (program, options) = entry.setup
    let expected = entry.expectation
    let mip = Result { () throws(GLPKError) in try GLPKSolver.solve(program, options: options) }
    switch (mip, expected) {
    case (.success(let result), .works):
      if result.status == .optimal || result.status == .feasible {
        #expect(program.violations(of: result.values).isEmpty, "\(entry)")
      }
    case (.failure(let error), _) where expected != .works:
      #expect(category(of: error) == expected, "\(entry): \(error)")
    default:
      Issue.record("\(entry): expected \(expected), got \(mip)")
    }

    if expected == .invalidOption { return }  // the model is fine; options do not reach the other calls
    let relaxation = Result { () throws(GLPKError) in try GLPKSolver.solveRelaxation(program, timeLimit: 10) }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glpk-misuse-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let lp = Result { () throws(GLPKError) in try GLPKSolver.writeLP(program, to: directory.path + "/m.lp") }
    let mps = Result { () throws(GLPKError) in try GLPKSolver.writeMPS(program, to: directory.path + "/m.mps") }
    for (name, outcome) in [("relaxation", relaxation.map { _ in () }), ("lp", lp.map { _ in () }),
      ("mps", mps.map { _ in () })]
    {
      switch (outcome, expected) {
      case (.success, .works): break
      case (.failure(let error), .invalidModel): #expect(category(of: error) == .invalidModel, "\(entry) \(name)")
      default: Issue.record("\(entry) \(name): expected \(expected), got \(outcome)")
      }
    }
    if expected == .works {
      // No temporary files are left behind, and names in files are unique.
      let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
      #expect(files == ["m.lp", "m.mps"])
      let names = try lp.get()
      #expect(Set(names.columns).count == names.columns.count)
      #expect(names.columns.allSatisfy { $0.count <= 204 && !$0.contains(" ") && !$0.isEmpty })
    }
  }

  @Test func specificOutcomes() throws {
    func solve(_ entry: Case) throws -> MIPResult {
      let (program, options) = entry.setup
      return try GLPKSolver.solve(program, options: options)
    }
    #expect(try solve(.emptyModel).status == .optimal)
    #expect(try solve(.emptyModelWithConstant).objective == 4)
    #expect(try solve(.emptyIntegerDomain).status == .infeasible)
    #expect(try solve(.emptyInfeasibleRow).status == .infeasible)
    #expect(try solve(.noColumnsButRows).status == .optimal)
    #expect(try solve(.zeroTimeLimit).status == .noIntegerSolutionFound)
    let fractional = try solve(.fractionalIntegerBounds)
    #expect(fractional.values[0] == 2)
    let wide = try solve(.binaryWithWideBounds)  // b's bounds are clipped to [0, 1]; x = 5 and y + b = 1 tie
    #expect(wide.values[2] == 0 || wide.values[2] == 1)
    #expect(wide.objective == 11)
    // Duplicates are summed: 2.5x + y + b <= 6, x integer in [0, 5], y <= 3.5; max 2x + y + b is 5.5 (x = 1).
    let duplicates = try solve(.duplicateEntries)
    #expect(abs(duplicates.objective! - 5.5) < 1e-9)
    // Entries summing to zero drop y from the row, so y goes to its bound 3.5.
    #expect(try solve(.entriesSummingToZero).values[1] == 3.5)
  }

  @Test func describedProblemsNameTheirPlace() {
    var p = LinearProgram(sense: .minimize)
    p.addColumn(name: "hours[Ann]", kind: .continuous, lower: 5, upper: 1, objective: 0)
    p.addRow(name: "cover[Mon]", lower: 0, upper: 1, entries: [(column: 7, coefficient: .nan)])
    #expect {
      try p.validate()
    } throws: { error in
      let text = "\(error)"
      return text.contains("hours[Ann]") && text.contains("cover[Mon]") && text.contains("out of range")
        && text.contains("lower bound 5.0 > upper bound 1.0")
    }
    #expect(throws: GLPKError.self) { try p.setColumnBounds(3, lower: 0, upper: 1) }
    #expect(throws: GLPKError.self) { try p.setObjective(-1, 0) }
    #expect(throws: GLPKError.self) { try p.setRowBounds(9, lower: 0, upper: 1) }
  }

  @Test func writingToAMissingDirectoryIsAnError() {
    #expect {
      try GLPKSolver.writeLP(Models.assignment(), to: "/nonexistent-dir-\(UUID())/model.lp")
    } throws: { error in
      if case .fileError = error as? GLPKError { return true }
      return false
    }
    #expect(throws: GLPKError.self) { try GLPKSolver.writeMPS(Models.assignment(), to: "") }
  }
}
