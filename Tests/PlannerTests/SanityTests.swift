import Foundation
import PaybackCore
import Testing

@testable import Planner

/// The acceptance checks of the planner: each can fail, and each runs on a population small
/// enough to take seconds.
@Suite(.timeLimit(.minutes(10))) struct SanityTests {
  @Test func sameSeedGivesIdenticalResults() async throws {
    let population = Fixtures.population(people: 40)
    let scenario = Fixtures.scenario("base", intake: 3)
    let a = try await Fixtures.run([scenario], on: population, seed: 42)
    let b = try await Fixtures.run([scenario], on: population, seed: 42)
    #expect(a.scenarios[0].replications == b.scenarios[0].replications)
    #expect(PlanReport.resultsCSV(a) == PlanReport.resultsCSV(b))
  }

  @Test func differentSeedsGiveDifferentResults() async throws {
    let population = Fixtures.population(people: 40)
    let scenario = Fixtures.scenario("base", intake: 3)
    let a = try await Fixtures.run([scenario], on: population, seed: 1)
    let b = try await Fixtures.run([scenario], on: population, seed: 2)
    #expect(a.scenarios[0].replications != b.scenarios[0].replications)
  }

  @Test func replicationsDiffer() async throws {
    let population = Fixtures.population(people: 40)
    let r = try await Fixtures.run([Fixtures.scenario("base", intake: 3)], on: population, replications: 2)
    #expect(r.scenarios[0].replications[0] != r.scenarios[0].replications[1])
  }

  @Test func noIntakeAndAmpleCapacityClearsTheBacklog() async throws {
    // 30 people owing 21 hours; 6 supervisors and 96 places a week: far more than needed, and
    // two individual placements for the last person standing (a group needs at least two).
    let population = Fixtures.population(people: 30, hours: 21, supervisors: 6, individualPlacements: 2)
    let r = try await Fixtures.run([Fixtures.scenario("ample")], on: population, weeks: 16)
    let s = r.scenarios[0]
    #expect(s.replications.allSatisfy { $0.first!.backlog > 0 })
    for weeks in s.replications {
      #expect(weeks.last!.backlog == 0)
      #expect(weeks.last!.openOrders == 0)
      // Nobody ran out of time: the backlog was worked off, not written off.
      #expect(weeks.map(\.hoursLost).reduce(0, +) == 0)
      // Every order completed, or (after a breach) revoked by the court.
      let completed: Int = weeks.map(\.completions).reduce(0, +)
      let revoked: Int = weeks.map(\.revoked).reduce(0, +)
      #expect(completed + revoked == 30)
    }
  }

  @Test func noSupervisorsAndNoPlacementsDeliverNothing() async throws {
    let population = Fixtures.population(people: 30, supervisors: 6, individualPlacements: 0)
    let withStaff = Fixtures.scenario("staffed", intake: 2)
    let without = Fixtures.scenario(
      "no supervisors", intake: 2, changes: [.removeSupervisors(count: nil, area: nil, weekday: nil)])
    let r = try await Fixtures.run([withStaff, without], on: population, weeks: 6)
    // The same population with its supervisors does deliver, so the zeros below mean something.
    #expect(Fixtures.totals(r.scenarios[0], \.hoursDelivered).allSatisfy { $0 > 0 })
    for weeks in r.scenarios[1].replications {
      #expect(weeks.allSatisfy { $0.hoursDelivered == 0 && $0.bookings == 0 && $0.supervisorUtilisation == 0 })
    }
  }

  @Test func removingTheDeadlineNeverIncreasesHoursLost() async throws {
    // Too little capacity for 60 people owing 60 hours within four to five weeks: hours are lost.
    let population = Fixtures.population(
      people: 60, hours: 60, deadlineInDays: 28, groups: 2, days: [.sat, .sun], supervisors: 2)
    let limit = Fixtures.scenario("12-month limit", intake: 4)
    let none = Fixtures.scenario("no limit", intake: 4, law: LawSettings(timeLimitMonths: nil))
    let r = try await Fixtures.run([limit, none], on: population, weeks: 12, replications: 4)
    let lostWithLimit = Fixtures.totals(r.scenarios[0], \.hoursLost)
    let lostWithout = Fixtures.totals(r.scenarios[1], \.hoursLost)
    #expect(lostWithLimit.allSatisfy { $0 > 0 })
    for (a, b) in zip(lostWithLimit, lostWithout) { #expect(b <= a) }
    // With no limit and only community orders, nothing can expire at all.
    #expect(lostWithout.allSatisfy { $0 == 0 })
  }

  @Test func moreSupervisorsNeverDeliverLessThanTheNoiseAllows() async throws {
    // Supervisors are the constraint: 80 people, 8 projects, 3 supervisors.
    let population = Fixtures.population(people: 80, hours: 60, groups: 8, supervisors: 3)
    let base = Fixtures.scenario("base", intake: 6)
    let more = Fixtures.scenario(
      "+4", intake: 6,
      changes: [
        .addSupervisors(
          count: 4, areas: ["North"], available: Set(Weekday.allCases), maxSessions: 5, qualifications: [])
      ])
    let r = try await Fixtures.run([base, more], on: population, weeks: 10, replications: 5)
    let a = Fixtures.totals(r.scenarios[0], \.hoursDelivered)
    let b = Fixtures.totals(r.scenarios[1], \.hoursDelivered)
    // Paired differences (common random numbers): the mean may not fall by more than two
    // standard errors.
    let differences = zip(b, a).map { $0 - $1 }
    let d = Spread(differences)
    let standardError = d.sd / Double(differences.count).squareRoot()
    #expect(d.mean >= -2 * standardError - 1e-9, "mean change \(d.mean), standard error \(standardError)")
    // And here, where supervisors are short, more of them must help.
    #expect(Spread(b).mean > Spread(a).mean)
  }
}
