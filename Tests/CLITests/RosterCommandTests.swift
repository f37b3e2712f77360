import Foundation
import PaybackTestSupport
import Testing

/// `payback roster` as a user runs it: every roster either method writes passes our checker
/// and the independent checker written from the spec alone (Tests/tools/independent_check.py).
@Suite(.timeLimit(.minutes(15))) struct RosterCommandTests {
  static let weeks = ["tiny.json", "small.json", "example-week.json", "medium.json"]

  @Test(arguments: weeks, ["greedy", "ip"])
  func everyWrittenRosterPassesBothCheckers(week: String, method: String) throws {
    let instance = repositoryPath("instances/\(week)")
    let out = temporaryFile("", name: "roster.json")
    let run = runPayback(["roster", instance, "--method", method, "--time-limit", "10", "--out", out, "-q"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Summary"))
    let ours = runPayback(["check", instance, out])
    #expect(ours.status == 0, "\(ours.stdout)")
    let independent = python(["Tests/tools/independent_check.py", instance, out])
    #expect(independent.status == 0, "\(independent.output)")
    #expect(independent.output.hasPrefix("OK"))
  }

  /// A week from the independent generator (Tests/tools/independent_week.py, written from the
  /// contract alone) is a valid week, and both methods' rosters of it pass both checkers.
  @Test(arguments: ["greedy", "ip"])
  func independentWeeksSolveAndPassBothCheckers(method: String) throws {
    let week = temporaryFile("", name: "independent.json")
    let made = python(["Tests/tools/independent_week.py", "--people", "150", "--seed", "5", "--out", week])
    try #require(made.status == 0, "\(made.output)")
    let out = temporaryFile("", name: "roster.json")
    let run = runPayback(["roster", week, "--method", method, "--time-limit", "10", "--out", out, "-q"])
    #expect(run.status == 0, "\(run.stderr)")
    let ours = runPayback(["check", week, out])
    #expect(ours.status == 0, "\(ours.stdout)")
    let independent = python(["Tests/tools/independent_check.py", week, out])
    #expect(independent.output.hasPrefix("OK"), "\(independent.output)")
  }

  @Test func badInputNamesThePlaceAndWritesNothing() throws {
    var text = try String(contentsOfFile: repositoryPath("instances/tiny.json"), encoding: .utf8)
    text = text.replacingOccurrences(of: "\"start\": \"09:30\"", with: "\"start\": \"25:00\"")
    let instance = temporaryFile(text, name: "bad.json")
    let out = instance + ".roster.json"
    let run = runPayback(["roster", instance, "--out", out])
    #expect(run.status == 2)
    #expect(run.stderr.contains("projects[1].sessions[0].start"), "\(run.stderr)")
    #expect(run.stderr.contains("25:00"))
    #expect(run.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test(arguments: [
    ["--time-limit", "-1"], ["--gap", "2"], ["--write-model", "model.txt"], ["--method", "simplex"],
    ["--week", "2026-11-30"], ["--publish"],
  ])
  func badOptionsAreRefusedBeforeAnyWork(options: [String]) {
    let run = runPayback(["roster", repositoryPath("instances/tiny.json")] + options)
    #expect(run.status == 2, "\(run)")
    #expect(run.stdout.isEmpty)
    #expect(!run.stderr.isEmpty)
  }

  /// The exported model, solved by HiGHS, has the optimum our integer program proves.
  @Test(arguments: ["tiny.json", "small.json", "example-week.json"], [".mps", ".lp"])
  func highsAgreesOnTheExportedModel(week: String, format: String) throws {
    let instance = repositoryPath("instances/\(week)")
    let out = temporaryFile("", name: "roster.json")
    let model = out + format
    let run = runPayback(["roster", instance, "--out", out, "--write-model", model, "-q"])
    #expect(run.status == 0, "\(run.stderr)")
    let roster = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as! [String: Any]
    #expect(roster["status"] as? String == "optimal")
    let ours = roster["objective"] as! Double
    let highs = python(["Tests/tools/highs_solve.py", model, "--time-limit", "120"])
    #expect(highs.status == 0, "\(highs.output)")
    let answer = try JSONSerialization.jsonObject(with: Data(highs.output.utf8)) as! [String: Any]
    #expect(answer["status"] as? String == "optimal")
    // MPS has no sense: the file minimises the negated objective.
    let theirs = (answer["objective"] as! Double) * (format == ".mps" ? -1 : 1)
    #expect(abs(theirs - ours) <= 1e-6 * max(1, abs(ours)), "HiGHS \(theirs) vs ours \(ours)")
  }
}

/// Runs a Python tool from the repository (python3 must exist: `make test` installs what the tools import).
///
/// Standard output alone is the answer (tools print JSON there); standard error is added when the tool fails.
func python(_ args: [String]) -> (status: Int32, output: String) {
  let run = runProgram("/usr/bin/env", ["python3"] + args, in: repositoryPath("."))
  return (run.status, run.status == 0 ? run.stdout : run.output)
}
