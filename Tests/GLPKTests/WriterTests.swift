import Foundation
import GLPK
import Testing

/// Files written by GLPK are read back by a different solver (HiGHS, via highspy, which CI installs with
/// `scripts/setup --test`). A missing highspy fails these tests: it must not silently skip them.
@Suite struct WriterTests {
  struct HiGHSOutcome {
    var status: String
    var objective: Double
    var values: [String: Double]
  }

  static let script = """
    import sys
    try:
        import highspy
    except ImportError as error:
        print("highspy is not installed: " + str(error), file=sys.stderr)
        sys.exit(3)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    status = h.readModel(sys.argv[1])
    if status not in (highspy.HighsStatus.kOk, highspy.HighsStatus.kWarning):
        print("readModel failed: " + str(status), file=sys.stderr)
        sys.exit(4)
    h.run()
    print("@@" + h.modelStatusToString(h.getModelStatus()))
    print("@@" + repr(h.getInfo().objective_function_value))
    lp = h.getLp()
    values = h.getSolution().col_value
    for name, value in zip(lp.col_names_, values):
        print("@@" + name + " " + repr(value))
    """

  /// Solves `path` with HiGHS in a python3 subprocess; records an issue (never skips) when that fails.
  static func solveWithHiGHS(_ path: String) throws -> HiGHSOutcome? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, path]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      Issue.record(
        "python3/highspy failed (exit \(process.terminationStatus)): \(String(decoding: errorData, as: UTF8.self))")
      return nil
    }
    // HiGHS prints a banner whatever output_flag says: only lines marked "@@" are ours.
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("@@") }
      .map { String($0.dropFirst(2)) }
    guard lines.count >= 2, let objective = Double(lines[1]) else {
      Issue.record("unexpected HiGHS output: \(lines)")
      return nil
    }
    var values: [String: Double] = [:]
    for line in lines.dropFirst(2) {
      let parts = line.split(separator: " ")
      if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
    }
    return HiGHSOutcome(status: lines[0], objective: objective, values: values)
  }

  /// A model with every feature the writers must carry: both senses, a constant, integer, binary and
  /// continuous columns, negative and free bounds, ranged, equality and free rows, awkward names.
  static func awkwardModel(sense: LinearProgram.Sense) -> LinearProgram {
    var p = LinearProgram(sense: sense)
    let s: Double = sense == .maximize ? 1 : -1
    p.objectiveConstant = 12.5
    let a = p.addColumn(name: "shift a (Mon 09:00)", kind: .integer, lower: -2, upper: 7, objective: 3 * s)
    let b = p.addColumn(name: "shift a (Mon 09:00)", kind: .integer, lower: 0, upper: .infinity, objective: 2 * s)
    let c = p.addColumn(name: "e1", kind: .binary, lower: 0, upper: 1, objective: 4 * s)
    let d = p.addColumn(name: "free", kind: .continuous, lower: -.infinity, upper: .infinity, objective: -1 * s)
    let e = p.addColumn(name: String(repeating: "long", count: 100), kind: .continuous, lower: -3, upper: 2.5,
      objective: 1.5 * s)
    let unused = p.addColumn(name: "unused", kind: .continuous, lower: 0, upper: 1, objective: 0)
    _ = unused
    p.addRow(name: "ranged row", lower: 1, upper: 9.5, entries: [(a, 1), (b, 2), (c, 1), (e, 1)])
    p.addRow(name: "st", lower: 2, upper: 2, entries: [(a, 1), (d, -1)])
    p.addRow(name: "cap", lower: -.infinity, upper: 6, entries: [(b, 1), (c, 3), (d, 1)])
    p.addRow(name: "floor", lower: -4, upper: .infinity, entries: [(d, 1), (e, -1)])
    p.addRow(name: "ignored", lower: -.infinity, upper: .infinity, entries: [(a, 100)])
    p.addRow(name: "", lower: -.infinity, upper: 12, entries: [(a, 1), (b, 1), (c, 1), (d, 1), (e, 1)])
    return p
  }

  func temporaryPath(_ file: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glpk-writers-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(file).path
  }

  @Test(arguments: [LinearProgram.Sense.maximize, .minimize])
  func lpFileHasTheSameOptimum(sense: LinearProgram.Sense) throws {
    let program = Self.awkwardModel(sense: sense)
    let ours = try GLPKSolver.solve(program, options: MIPOptions())
    #expect(ours.status == .optimal)
    let path = try temporaryPath("model.lp")
    let names = try GLPKSolver.writeLP(program, to: path)
    #expect(!names.objectiveNegated)
    #expect(names.constantColumn == "OBJ_CONSTANT")
    guard let theirs = try Self.solveWithHiGHS(path) else { return }
    #expect(theirs.status == "Optimal")
    #expect(abs(theirs.objective - ours.objective!) < 1e-6, "HiGHS \(theirs.objective), GLPK \(ours.objective!)")
    // Their solution, mapped back through the names, is feasible and optimal for our program.
    let values = names.columns.map { theirs.values[$0] ?? .nan }
    #expect(program.violations(of: values).isEmpty)
    #expect(abs(program.objectiveValue(of: values) - ours.objective!) < 1e-6)
  }

  @Test(arguments: [LinearProgram.Sense.maximize, .minimize])
  func mpsFileHasTheSameOptimumUpToTheDocumentedSign(sense: LinearProgram.Sense) throws {
    let program = Self.awkwardModel(sense: sense)
    let ours = try GLPKSolver.solve(program, options: MIPOptions())
    let path = try temporaryPath("model.mps")
    let names = try GLPKSolver.writeMPS(program, to: path)
    #expect(names.objectiveNegated == (sense == .maximize))
    guard let theirs = try Self.solveWithHiGHS(path) else { return }
    #expect(theirs.status == "Optimal")
    let fileOptimum = names.objectiveNegated ? -theirs.objective : theirs.objective
    #expect(abs(fileOptimum - ours.objective!) < 1e-6, "HiGHS \(theirs.objective), GLPK \(ours.objective!)")
    let values = names.columns.map { theirs.values[$0] ?? .nan }
    #expect(program.violations(of: values).isEmpty)
  }

  @Test func knapsackAndAssignmentRoundTrip() throws {
    for (program, optimum) in [(Models.smallKnapsack.program, Models.smallKnapsack.bruteForceOptimum),
      (Models.assignment(), Models.assignmentOptimum)]
    {
      let lpPath = try temporaryPath("m.lp")
      let mpsPath = try temporaryPath("m.mps")
      try GLPKSolver.writeLP(program, to: lpPath)
      let names = try GLPKSolver.writeMPS(program, to: mpsPath)
      guard let fromLP = try Self.solveWithHiGHS(lpPath), let fromMPS = try Self.solveWithHiGHS(mpsPath) else { return }
      #expect(abs(fromLP.objective - optimum) < 1e-6)
      #expect(abs((names.objectiveNegated ? -fromMPS.objective : fromMPS.objective) - optimum) < 1e-6)
    }
  }

  @Test func fileNamesAreSafeAndUnique() {
    let names = Self.awkwardModel(sense: .maximize).fileNames()
    #expect(names.columns[0] == "shift_a__Mon_09_00_")
    #expect(names.columns[1] == "shift_a__Mon_09_00__2")
    #expect(names.columns[2] == "c_e1")
    #expect(names.columns[3] == "c_free")
    #expect(names.columns[4].count == 200)
    #expect(names.rows == ["ranged_row", "r_st", "cap", "floor", "", "r6"])
  }

  @Test func writingReplacesAnExistingFileAtomically() throws {
    let path = try temporaryPath("model.lp")
    try "old".write(toFile: path, atomically: false, encoding: .utf8)
    try GLPKSolver.writeLP(Models.assignment(), to: path)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.contains("Minimize"))
    let siblings = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
    #expect(siblings == ["model.lp"])
  }
}
