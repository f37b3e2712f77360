import InstanceGenerator
import PaybackCore
import Testing

@testable import Scheduler

/// A week tied into one part (here by a supervisor who covers every area) cannot be split; when its
/// model is too big to relax whole it goes the large-week way (Lagrangian bound, window search),
/// and its roster and bound must still bracket the optimum.
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

  @Test func aTiedWeekIsOnePart() {
    #expect(Decomposition.parts(WeekData(Self.tiedWeek())).count == 1)
  }

  @Test(.timeLimit(.minutes(5)))
  func theLargeWeekPhasesGiveAValidRosterAndABoundOnTheWeek() async throws {
    let week = Self.tiedWeek()
    var wholeOptions = SolveOptions(method: .ip, timeLimit: 90)
    wholeOptions.largestWholeModel = .max
    let whole = try await WeekScheduler().solve(week, options: wholeOptions)
    var largeOptions = SolveOptions(method: .ip, timeLimit: 20)
    largeOptions.largestWholeModel = 0
    let large = try await WeekScheduler().solve(week, options: largeOptions)
    #expect(large.check.isValid, "\(large.check.violations)")
    #expect(large.stats.lagrangianIterations > 0)
    #expect(large.stats.windowsTried > 0)
    let bound = try #require(large.roster.bound)
    let wholeBound = try #require(whole.roster.bound)
    // Each bound is at least any roster of the week.
    #expect(whole.roster.objective <= bound + 1e-6)
    #expect(large.roster.objective <= wholeBound + 1e-6)
    #expect(large.roster.objective >= GreedyScheduler.roster(for: week).objective - 1e-6)
  }
}
