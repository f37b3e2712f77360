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
    #expect(run.stdout.contains("Difference from Baseline"))
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(
      files == [
        "backlog.svg", "delivered.svg", "differences.csv", "index.html", "results.csv", "summary.csv", "towns.svg",
      ])
    let html = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
    // Nothing fetched: every address is the SVG namespace.
    let addresses = html.components(separatedBy: "http").count - 1
    #expect(addresses == html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1)
    #expect(!html.contains("<script") && !html.contains("<link"))
    #expect(html.contains("By town"))
    // Every week for the caseload and each of its three towns.
    let rows = try String(contentsOfFile: folder + "/results.csv", encoding: .utf8).split(separator: "\n")
    #expect(rows.count == 1 + 4 * 5 * 26 * 4)
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

  @Test func everyBadFileIsReportedAndNothingIsWritten() {
    let population = repositoryPath("instances/example-week.json")
    let first = temporaryFile("population: \(population)\nstand_down_rate: lots\n", name: "first.yaml")
    let second = temporaryFile("population: \(population)\nattendance: { rate: 2 }\n", name: "second.yaml")
    let folder = reportFolder()
    let run = runPayback(["plan", first, second, "--report", folder])
    #expect(run.status == 2)
    #expect(run.stderr.contains("first.yaml: stand_down_rate"), "\(run.stderr)")
    #expect(run.stderr.contains("second.yaml: attendance.rate"), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: folder))
  }

  @Test func anUnknownAreaStopsTheRun() {
    let scenario = temporaryFile(
      "population: \(repositoryPath("instances/example-week.json"))\n"
        + "changes:\n  supervisors:\n    - add: 1\n      areas: [Atlantis]\n", name: "atlantis.yaml")
    let folder = reportFolder()
    let run = runPayback(["plan", scenario, "--report", folder, "--weeks", "2"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("atlantis.yaml: changes.supervisors[0].areas[0]: \"Atlantis\""), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: folder))
  }

  @Test func anUnusableReportFolderIsFoundBeforeTheRun() {
    let blocker = temporaryFile("not a folder", name: "report")
    let run = runPayback(["plan", repositoryPath("scenarios/baseline.yaml"), "--report", blocker + "/inside"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("--report"), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
    #expect(!run.stderr.contains("plan: "), "the run started: \(run.stderr)")
  }

  /// The acceptance's sweep, as docs/planner.md gives it: hours delivered rise with Basildon's
  /// supervisors and then flatten once its places run out.
  @Test func theBundledSweepRisesThenFlattens() throws {
    let folder = reportFolder()
    let run = runPayback([
      "plan", repositoryPath("scenarios/baseline.yaml"), repositoryPath("scenarios/sweeps/basildon-supervisors.yaml"),
      "--replications", "2", "--report", folder, "-q",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let rows = try String(contentsOfFile: folder + "/sweep.csv", encoding: .utf8).split(separator: "\n")
    let hours = rows.filter { $0.contains(",hours_delivered,") }.compactMap { row -> Double? in
      let cells = row.split(separator: ",", omittingEmptySubsequences: false)
      return cells.count > 3 ? Double(cells[cells.count - 4]) : nil
    }
    #expect(hours.count == 7)
    guard hours.count == 7 else { return }
    #expect(hours[1] > hours[0] && hours[2] > hours[1] && hours[3] > hours[2], "\(hours)")
    #expect(abs(hours[6] - hours[4]) <= 0.01 * hours[4], "\(hours)")
    #expect(FileManager.default.fileExists(atPath: folder + "/sweep-1.svg"))
  }
}
