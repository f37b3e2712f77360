import Foundation
import PaybackCore
import PaybackTestSupport
import Testing

/// `payback generate` as a user runs it: the documented commands re-create the committed weeks,
/// every family writes a valid week, and bad options are refused with nothing written.
@Suite struct GenerateCommandTests {
  static let families = [
    "connected", "disjoint", "short-of-places", "places-to-spare", "short-of-supervisors", "high-risk",
    "many-women", "weekend-heavy", "essex-literal",
  ]

  /// The commands of instances/README.md give the committed files byte for byte.
  @Test func theDocumentedCommandsRecreateTheCommittedWeek() throws {
    let run = runPayback([
      "generate", "--family", "disjoint", "--people", "100", "--seed", "5", "--name", "example-week",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let committed = try String(contentsOfFile: repositoryPath("instances/example-week.json"), encoding: .utf8)
    #expect(run.stdout == committed)
    #expect(run.stderr.contains("2 independent components"))
  }

  @Test(arguments: families)
  func everyFamilyWritesAValidWeek(family: String) throws {
    let out = temporaryFile("", name: "\(family).json")
    let run = runPayback(["generate", "--family", family, "--people", "300", "--seed", "2", "--out", out])
    #expect(run.status == 0, "\(run.stderr)")
    let week = try Instance.load(from: out)
    #expect(week.people.count == 300)
    #expect(week.name == "\(family)-300-seed2")
    let connected = run.stderr.contains("in 1 independent components")
    #expect(connected == (family != "disjoint"), "\(run.stderr)")
  }

  @Test func theDefaultFamilyIsConnected() {
    let plain = runPayback(["generate", "--people", "250", "--seed", "3", "--name", "w"])
    let connected = runPayback(["generate", "--family", "connected", "--people", "250", "--seed", "3", "--name", "w"])
    #expect(plain.status == 0 && connected.status == 0)
    #expect(plain.stdout == connected.stdout)
  }

  @Test(arguments: [
    (["--family", "rural"], "--family"),
    (["--family", "connected", "--cross-cluster-share", "0.1"], "--cross-cluster-share"),
    (["--family", "disjoint", "--cross-cluster-share", "1.5"], "--cross-cluster-share"),
    (["--capacity-ratio", "0"], "--capacity-ratio"),
  ])
  func badOptionsAreRefusedAndNothingIsWritten(options: [String], place: String) {
    let out = temporaryFile("", name: "week.json")
    try? FileManager.default.removeItem(atPath: out)
    let run = runPayback(["generate", "--people", "50", "--out", out] + options)
    #expect(run.status != 0)
    #expect(run.status != 3, "an internal error")
    #expect(run.stderr.contains(place), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: out))
  }
}
