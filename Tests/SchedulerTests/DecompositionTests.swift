import InstanceGenerator
import PaybackCore
import Testing

@testable import Scheduler

/// Weeks tied into one part (here by a supervisor who covers every area) are cut into clusters
/// when too big: the joined roster is valid and its bound still bounds the whole week's optimum.
@Suite(.timeLimit(.minutes(10))) struct DecompositionTests {
  static func tiedWeek() -> Instance {
    var parameters = GeneratorParameters(people: 240, seed: 3)
    parameters.areaCount = 4
    var week = InstanceGenerator.week(parameters)
    let areas = Array(Set(week.projects.map(\.area))).sorted()
    week.supervisors.append(
      Supervisor(id: "FLOAT", areas: areas, available: Set(Weekday.allCases), maxSessions: 5))
    return week
  }

  @Test func aTiedWeekIsOnePartAndCutsIntoDisjointClusters() throws {
    let data = WeekData(Self.tiedWeek())
    let parts = Decomposition.parts(data)
    #expect(parts.count == 1)
    let part = try #require(parts.first)
    let split = try #require(
      Decomposition.split(part, data: data, greedy: Greedy.solve(data), maxPeople: part.people.count / 3))
    #expect(split.restricted.count > 1)
    for pick in [\Decomposition.Part.people, \.sessions, \.supervisors] {
      let all = split.restricted.flatMap { $0[keyPath: pick] }
      #expect(all.count == Set(all).count, "a person, session or supervisor is in two clusters")
    }
    // Relaxed clusters hold everyone who could work there.
    #expect(Set(split.relaxed.flatMap(\.people)) == Set(part.people))
  }

  @Test func clustersGiveAValidRosterAndABoundOnTheWholeWeek() async throws {
    let week = Self.tiedWeek()
    var wholeOptions = SolveOptions(method: .ip, timeLimit: 120)
    wholeOptions.largestWholePart = 10_000
    let whole = try await WeekScheduler().solve(week, options: wholeOptions)
    var cutOptions = SolveOptions(method: .ip, timeLimit: 120)
    cutOptions.largestWholePart = 100
    let cut = try await WeekScheduler().solve(week, options: cutOptions)
    #expect(cut.check.isValid, "\(cut.check.violations)")
    #expect(cut.roster.stats.contains { $0.0 == "parts" })
    let bound = try #require(cut.roster.bound)
    // The clusters' bound is a bound on the week: at least any roster of the whole week.
    #expect(whole.roster.objective <= bound + 1e-6)
    #expect(cut.roster.objective <= bound + 1e-6)
    #expect(cut.roster.objective >= GreedyScheduler.roster(for: week).objective - 1e-6)
  }
}
