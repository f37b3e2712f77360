import Foundation
import PaybackTestSupport
import Testing

/// `payback plan` as a new user runs it.
@Suite(.timeLimit(.minutes(10))) struct PlanCommandTests {
  static var bundledScenarios: [String] {
    let folder = repositoryPath("scenarios")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder + "/" + $0 }
  }

  func reportFolder() -> String {
    (temporaryFile("", name: "placeholder") as NSString).deletingLastPathComponent + "/report"
  }

  @Test func theBundledExampleWritesTheReportInOneCommand() throws {
    #expect(Self.bundledScenarios.count == 4)
    let folder = reportFolder()
    let run = runPayback(["plan"] + Self.bundledScenarios + ["--report", folder])
    #expect(run.status == 0, "\(run.stderr)")
    for name in ["Baseline", "+4 supervisors", "Saturday sessions", "No 12-month limit"] {
      #expect(run.stdout.contains(name))
    }
    #expect(run.stdout.contains("26 weeks from 2026-11-30, 5 replications, seed 1"))
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(files == ["backlog.svg", "delivered.svg", "index.html", "results.csv", "summary.csv"])
    let html = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
    #expect(html.components(separatedBy: "<svg").count - 1 == 2)
    #expect(html.components(separatedBy: "http").count - 1 == 2)  // the SVG namespace, nothing fetched
    let rows = try String(contentsOfFile: folder + "/results.csv", encoding: .utf8).split(separator: "\n")
    #expect(rows.count == 1 + 4 * 5 * 26)
  }

  @Test func theSameSeedGivesTheSameResultsAndAnotherSeedOthers() throws {
    func results(seed: Int) throws -> String {
      let folder = reportFolder()
      let run = runPayback(
        ["plan"] + Self.bundledScenarios + [
          "--weeks", "6", "--replications", "2", "--seed", "\(seed)", "--report", folder, "-q",
        ])
      #expect(run.status == 0, "\(run.stderr)")
      return try String(contentsOfFile: folder + "/results.csv", encoding: .utf8)
    }
    let a = try results(seed: 11)
    #expect(try results(seed: 11) == a)
    #expect(try results(seed: 12) != a)
  }

  @Test func aBadScenarioNamesThePlaceAndWritesNothing() {
    let scenario = temporaryFile(
      "population: \(repositoryPath("instances/example-week.json"))\nchanges:\n  sessions:\n    - add: saturday\n",
      name: "bad.yaml")
    let folder = reportFolder()
    let run = runPayback(["plan", scenario, "--report", folder])
    #expect(run.status == 2)
    #expect(run.stderr.contains("bad.yaml: changes.sessions[0].add: \"saturday\" is not a weekday"), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: folder))
  }
}
