import Foundation
import Ledger
import PaybackCore
import Testing

@testable import Planner

/// The defects of issue 15, each pinned by a test that failed before its fix.
@Suite struct DefectTests {
  /// Defect 1: breaches were counted as events, again every week after the first; an order
  /// breached is now counted once, and the court deals with each breach.
  @Test func aBreachedOrderIsCountedOnceAndDoesNotBreachEveryWeek() async throws {
    let population = Fixtures.population(people: 30, hours: 40)
    let nobody = Fixtures.scenario("nobody attends", intake: 2, attendance: 0)
    let r = try await Fixtures.run([nobody], on: population, weeks: 52, replications: 2)
    for weeks in r.scenarios[0].replications {
      let orders = 30 + weeks.map(\.newOrders).reduce(0, +)
      let breached = weeks.map(\.ordersBreached).reduce(0, +)
      let events = weeks.map(\.breachEvents).reduce(0, +)
      #expect(breached > 0)
      #expect(breached <= orders, "\(breached) orders breached of \(orders)")
      // The court deals with each breach (off the roster 4 weeks, then a fresh warning first):
      // an order breaches at most once in every 5 weeks or so, never every week.
      #expect(events >= breached)
      #expect(events <= orders * (52 / 5 + 1), "\(events) breach events on \(orders) orders")
      // And some orders were revoked: their hours leave the caseload.
      #expect(weeks.map(\.revoked).reduce(0, +) > 0)
      #expect(weeks.map(\.hoursRevoked).reduce(0, +) > 0)
    }
  }

  /// Defect 1: the court's decisions follow the stated shares.
  @Test func theCourtFollowsTheStatedShares() async throws {
    let population = Fixtures.population(people: 60, hours: 200)
    var always = Fixtures.scenario("revoke all", intake: 0, attendance: 0)
    always.enforcement.court = CourtOutcomes(continueShare: 0, addHoursShare: 0, revokeShare: 1)
    var never = Fixtures.scenario("add hours", intake: 0, attendance: 0)
    never.enforcement.court = CourtOutcomes(continueShare: 0, addHoursShare: 1, revokeShare: 0, hoursAdded: 10)
    let r = try await Fixtures.run([always, never], on: population, weeks: 20, replications: 1)
    let a = r.scenarios[0].replications[0]
    let b = r.scenarios[1].replications[0]
    // Revoking every breach: each order breaches once, and every breached order is revoked.
    #expect(a.map(\.breachEvents).reduce(0, +) == a.map(\.ordersBreached).reduce(0, +))
    #expect(a.map(\.revoked).reduce(0, +) <= a.map(\.ordersBreached).reduce(0, +))
    #expect(a.map(\.revoked).reduce(0, +) > 0)
    #expect(a.map(\.hoursAdded).reduce(0, +) == 0)
    // Adding hours: nobody is revoked, each hearing adds 10 hours.
    #expect(b.map(\.revoked).reduce(0, +) == 0)
    let hearings = b.map(\.hoursAdded).reduce(0, +) / 10
    #expect(hearings > 0 && hearings <= Double(b.map(\.breachEvents).reduce(0, +)))
  }

  @Test func courtSharesMustAddUpToOne() throws {
    let folder = try Fixtures.temporaryFolder()
    let file = folder + "/court.yaml"
    try "population: p.json\nenforcement: { court: { continue: 0.5, revoke: 0.2 } }\n".write(
      toFile: file, atomically: true, encoding: .utf8)
    let error = #expect(throws: InputError.self) { try Scenario.load(from: file) }
    #expect(
      error?.description.contains("court.yaml: enforcement.court: continue, add_hours and revoke must add up to 1")
        == true)
    try "population: p.json\nenforcement: { court: { continue: 0.5, add_hours: 0.3, revoke: 0.2, hours_added: 12 } }\n"
      .write(toFile: file, atomically: true, encoding: .utf8)
    #expect(
      try Scenario.load(from: file).enforcement.court
        == CourtOutcomes(continueShare: 0.5, addHoursShare: 0.3, revokeShare: 0.2, hoursAdded: 12))
  }

  /// Defect 2: a booked no-show is not a first session; with nobody attending, everyone
  /// sentenced more than a week before the end is still waiting.
  @Test func aNoShowIsNotAFirstSession() async throws {
    let population = Fixtures.population(people: 20, hours: 40)
    var nobody = Fixtures.scenario("nobody attends", intake: 3, attendance: 0)
    // Nobody reaches court within the run, so every new order stays open.
    nobody.enforcement.breachPauseWeeks = 100
    let r = try await Fixtures.run([nobody], on: population, weeks: 12, replications: 2)
    for weeks in r.scenarios[0].replications {
      // Orders sentenced two weeks or more before the last week's end are more than 7 days old.
      let old = weeks.dropLast(2).map(\.newOrders).reduce(0, +)
      #expect(old > 0)
      #expect(weeks.last!.waitingOver7Days >= old, "\(weeks.last!.waitingOver7Days) waiting of \(old)")
    }
  }

  /// Defect 3: the same caseload read from its JSON file and from a ledger it was imported into
  /// starts with the same orders, and earns the same reduction.
  @Test func theSameCaseloadFromJSONAndFromTheLedgerAgrees() async throws {
    let file = Fixtures.repository.appendingPathComponent("instances/example-week.json").path
    let original = try Instance.load(from: file)
    let path = try Fixtures.temporaryFolder() + "/ledger.sqlite"
    let ledger = try Ledger(
      path: path, timeZone: TimeZone(identifier: "UTC")!, now: { Date(timeIntervalSince1970: 1_795_000_000) })
    try await ledger.importBatch(Ledger.batch(from: original), by: "test", source: "example")
    let fromLedger = try Population.fromLedger(ledger, weekStart: original.weekStart)
    let fromJSON = try Population.load(from: file)
    var jsonOrders: [String: StartingOrder] = [:]
    for o in fromJSON.orders { jsonOrders[fromJSON.template.people[o.personIndex].id] = o }
    #expect(fromLedger.orders.count > 50)
    for o in fromLedger.orders {
      let id = fromLedger.template.people[o.personIndex].id
      guard let j = jsonOrders[id] else {
        Issue.record("\(id) is in the ledger's population only")
        continue
      }
      #expect(abs(o.orderHours - j.orderHours) < 1e-9, "\(id) ordered")
      #expect(abs(o.hoursRemaining - j.hoursRemaining) < 1e-9, "\(id) remaining")
      #expect(abs(o.hoursWorked - j.hoursWorked) < 1e-9, "\(id) worked")
      #expect(abs(o.hoursReduced - j.hoursReduced) < 1e-9, "\(id) reduced")
      #expect(abs(o.eteAllowance - j.eteAllowance) < 1e-9, "\(id) ETE")
    }
    // The same reduction in a run on each (the ledger's template week is the file's).
    let scenario = Fixtures.scenario("s.37", intake: 0, law: LawSettings(earnedReduction: true), attendance: 1)
    let a = try await Fixtures.run([scenario], on: fromLedger, weeks: 10, replications: 1)
    let b = try await Fixtures.run([scenario], on: fromJSON, weeks: 10, replications: 1)
    let reducedA = Fixtures.totals(a.scenarios[0], \.hoursReduced)[0]
    let reducedB = Fixtures.totals(b.scenarios[0], \.hoursReduced)[0]
    #expect(reducedA > 0)
    #expect(abs(reducedA - reducedB) < 1e-6, "ledger \(reducedA) h, file \(reducedB) h")
  }

  /// Defect 4: an area no project is in is an error naming the file and the place, found
  /// before anything runs.
  @Test func anUnknownAreaIsAnErrorWithItsPlace() async throws {
    let folder = try Fixtures.temporaryFolder()
    let population = Fixtures.repository.appendingPathComponent("instances/example-week.json").path
    let file = folder + "/typo.yaml"
    try """
    population: \(population)
    changes:
      supervisors:
        - add: 2
          areas: [Chelmsford, Chelmsfrod]
    """.write(toFile: file, atomically: true, encoding: .utf8)
    let scenario = try Scenario.load(from: file)
    let error = await #expect(throws: InputError.self) {
      _ = try await Planner().run(scenarios: [scenario], options: PlanOptions(weeks: 1, replications: 1))
    }
    let text = error?.description ?? ""
    #expect(text.contains("typo.yaml: changes.supervisors[0].areas[1]: \"Chelmsfrod\""), "\(text)")
  }

  /// Defect 5: "remove 30% of supervisors" can be said.
  @Test func aShareOfSupervisorsCanBeRemoved() throws {
    let folder = try Fixtures.temporaryFolder()
    let file = folder + "/cut.yaml"
    try "population: p.json\nchanges:\n  supervisors:\n    - remove: 30%\n".write(
      toFile: file, atomically: true, encoding: .utf8)
    let scenario = try Scenario.load(from: file)
    let population = try Population.load(
      from: Fixtures.repository.appendingPathComponent("instances/example-week.json").path)
    #expect(scenario.changes == [.removeSupervisorShare(share: 0.3, area: nil, weekday: nil)])
    let pattern = WeekPattern(population: population, changes: scenario.changes)
    // 30% of 11 is 3, spread over the towns (by first area) in proportion: Chelmsford 6 -> 1.8,
    // Basildon 3 -> 0.9, Braintree 2 -> 0.6: 1 + 0 + 0 and the two largest remainders, so
    // Chelmsford loses 2, Basildon 1 and Braintree none.
    #expect(pattern.supervisors.count == 8)
    let left = Dictionary(grouping: pattern.supervisors, by: { $0.areas[0] }).mapValues(\.count)
    #expect(left == ["Chelmsford": 4, "Basildon": 2, "Braintree": 2])
  }

  /// Defect 5: emptying a town that still has group sessions is worth a warning.
  @Test func aTownLeftWithoutSupervisorsIsNoted() throws {
    let population = try Population.load(
      from: Fixtures.repository.appendingPathComponent("instances/example-week.json").path)
    let pattern = WeekPattern(
      population: population, changes: [.removeSupervisors(count: nil, area: "Braintree", weekday: nil)])
    #expect(pattern.notes.contains { $0.contains("Braintree") && $0.contains("no supervisor") }, "\(pattern.notes)")
  }

  /// Defect 6: the bundled baseline is the law as the ledger's policies set it by default.
  @Test func theBaselineIsTheLedgersDefaultLaw() throws {
    let baseline = try Scenario.load(
      from: Fixtures.repository.appendingPathComponent("scenarios/baseline.yaml").path)
    #expect(baseline.law.earnedReduction == LedgerPolicy.standard.earnedReduction)
    #expect(baseline.law.earnedReduction)
    #expect(LawSettings().earnedReduction == LedgerPolicy.standard.earnedReduction)
  }
}
