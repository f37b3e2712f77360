import Foundation
import Ledger
import PaybackCore
import Testing

@testable import Planner

@Suite struct LedgerPopulationTests {
  /// A real SQLite ledger holding the small example week.
  func ledger() throws -> (Ledger, Instance, String) {
    let original = try Instance.load(from: Fixtures.repository.appendingPathComponent("instances/small.json").path)
    let path = try Fixtures.temporaryFolder() + "/ledger.sqlite"
    let ledger = try Ledger(
      path: path, timeZone: TimeZone(identifier: "UTC")!, now: { Date(timeIntervalSince1970: 1_795_000_000) })
    try ledger.importBatch(Ledger.batch(from: original), by: "test", source: "small")
    return (ledger, original, path)
  }

  @Test func aLedgerGivesThePopulationItWouldRoster() async throws {
    let (ledger, original, _) = try ledger()
    let population = try Population.fromLedger(ledger, weekStart: original.weekStart)
    let owing = original.people.filter {
      $0.hoursRemaining > 0 && ($0.deadline.map { $0 >= original.weekStart } ?? true)
    }
    #expect(population.template.people.map(\.id) == owing.map(\.id))
    #expect(population.orders.count == owing.count)
    let owed = Dictionary(
      uniqueKeysWithValues: try ledger.balances(asOf: original.weekStart.adding(days: -1)).map {
        ($0.person.id, $0.balance)
      })
    for (order, person) in zip(population.orders, population.template.people) {
      // The order carries what is owed; the week carries the work that clears it (issue #12).
      let b = try #require(owed[person.id])
      #expect(abs(order.hoursRemaining - Double(b.remainingMinutes) / 60) < 1e-9)
      #expect(abs(person.hoursRemaining - Double(b.workNeededMinutes) / 60) < 1e-9)
      #expect(order.orderHours >= order.hoursRemaining)
    }
    let r = try await Fixtures.run(
      [Fixtures.scenario("from the ledger", intake: 2)], on: population, weeks: 3, replications: 1)
    #expect(Fixtures.totals(r.scenarios[0], \.hoursDelivered)[0] > 0)
  }

  @Test func aScenarioMayNameALedger() async throws {
    let (_, original, path) = try ledger()
    let folder = (path as NSString).deletingLastPathComponent
    let file = folder + "/s.yaml"
    try "population: ledger.sqlite\nstart_week: \(original.weekStart)\n".write(
      toFile: file, atomically: true, encoding: .utf8)
    let scenario = try Scenario.load(from: file)
    #expect(scenario.startWeek == original.weekStart)
    let r = try await Planner().run(scenarios: [scenario], options: PlanOptions(weeks: 2, replications: 1))
    #expect(r.weekStart == original.weekStart)
    #expect(r.scenarios[0].replications[0].count == 2)
  }

  @Test func aMissingLedgerIsNotCreated() throws {
    let path = try Fixtures.temporaryFolder() + "/nope.sqlite"
    #expect(throws: InputError.self) { try Population.load(from: path, weekStart: nil) }
    #expect(!FileManager.default.fileExists(atPath: path))
  }
}
