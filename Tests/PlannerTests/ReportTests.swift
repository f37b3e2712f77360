import Foundation
import PaybackCore
import Testing

@testable import Planner

@Suite struct ReportTests {
  func results() async throws -> PlanResults {
    let population = Fixtures.population(people: 30, hours: 40)
    let base = Fixtures.scenario("Base, \"quoted\"", intake: 2)
    let more = Fixtures.scenario(
      "<More>", intake: 2,
      changes: [.addSupervisors(count: 2, areas: ["North"], available: [.sat], maxSessions: 1, qualifications: [])])
    return try await Fixtures.run([base, more], on: population, weeks: 5, replications: 2)
  }

  @Test func csvHasARowPerScenarioReplicationAndWeek() async throws {
    let r = try await results()
    let lines = PlanReport.resultsCSV(r).split(separator: "\n")
    // Every week for the whole caseload ("all") and for its one town.
    let expectedRows = 1 + 2 * 2 * 5 * 2
    #expect(lines.count == expectedRows)
    #expect(lines[0].hasPrefix("scenario,replication,week,week_start,area,hours_delivered,"))
    #expect(lines[1].hasPrefix("\"Base, \"\"quoted\"\"\",1,1,2026-11-30,all,"))
    #expect(lines[6].hasPrefix("\"Base, \"\"quoted\"\"\",1,1,2026-11-30,North,"))
    let columns = lines[0].split(separator: ",").count
    // The first scenario's name holds a quoted comma; the second's does not.
    #expect(lines.dropFirst().prefix(20).allSatisfy { $0.split(separator: ",").count == columns + 1 })
    #expect(lines.dropFirst(21).allSatisfy { $0.split(separator: ",").count == columns })
    let summary = PlanReport.summaryCSV(r).split(separator: "\n")
    let measures: Int = RunSummary.shown(costs: false).count
    #expect(summary.count == 1 + 4 * measures)
    let differences = PlanReport.differencesCSV(r).split(separator: "\n")
    #expect(differences.count == 1 + 2 * measures)
    #expect(differences[1].hasPrefix("<More>,\"Base, \"\"quoted\"\"\",all,hours_delivered,"))
  }

  @Test func chartsShowEveryScenarioOnTheSameAxes() async throws {
    let r = try await results()
    let svg = PlanReport.backlogChart(r)
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
    #expect(svg.components(separatedBy: "<polygon").count - 1 == 2)
    #expect(svg.contains("&lt;More&gt;"))
    #expect(svg.contains(">Week starting</text>"))
    #expect(svg.contains("Hours outstanding</text>"))
  }

  @Test func theReportFolderHoldsEverythingAndNeedsNoNetwork() async throws {
    let r = try await results()
    let folder = try Fixtures.temporaryFolder() + "/report"
    try PlanReport.write(r, to: folder)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(
      names == ["backlog.svg", "delivered.svg", "differences.csv", "index.html", "results.csv", "summary.csv"])
    let html = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
    #expect(html.components(separatedBy: "<svg").count - 1 == 2)
    // Only the SVG namespace may mention http: no scripts, styles or fonts fetched from anywhere.
    let urls = html.components(separatedBy: "http").count - 1
    #expect(urls == 2)
    #expect(!html.contains("<script") && !html.contains("<link"))
  }

  @Test func theTableShowsMeanAndSpread() async throws {
    let r = try await results()
    let table = PlanReport.table(r)
    #expect(table.contains("Hours delivered"))
    #expect(table.contains("±"))
    #expect(table.contains("<More>"))
  }

  @Test func ticksAreRound() {
    #expect(PlanReport.niceTicks(max: 97) == [0, 20, 40, 60, 80, 100])
    #expect(PlanReport.niceTicks(max: 12_300) == [0, 2500, 5000, 7500, 10000, 12500])
  }
}
