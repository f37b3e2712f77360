import Foundation
import PaybackCore
import Planner

/// Small populations built in code, so that each test says exactly what it depends on.
enum Fixtures {
  static let weekStart = CalendarDate("2026-11-30")!

  /// `groups` group projects in one area, each meeting on `days` with `capacity` places, `supervisors`
  /// supervisors who work every day, and `people` people of low risk who can work every day.
  static func population(
    people: Int, hours: Double = 21, deadlineInDays: Int? = 300, groups: Int = 4, days: [Weekday] = [.sat, .sun, .wed],
    capacity: Int = 8, supervisors: Int = 6, individualPlacements: Int = 0
  ) -> Population {
    var projects: [Project] = []
    for g in 0..<groups {
      projects.append(
        Project(
          id: "G\(g)", kind: .group, area: "North", peoplePerSupervisor: 8, minAttendance: 2,
          sessions: days.map { d in
            Session(id: "G\(g)-\(d.rawValue)", date: weekStart.adding(days: d.index), hours: 7, capacity: capacity)
          }))
    }
    for i in 0..<individualPlacements {
      projects.append(
        Project(
          id: "I\(i)", kind: .individual, area: "North",
          sessions: [Session(id: "I\(i)-tue", date: weekStart.adding(days: 1), hours: 7, capacity: 1)]))
    }
    let sups = (0..<supervisors).map { s in
      Supervisor(
        id: "S\(s)", areas: ["North"], available: Set(Weekday.allCases), maxSessions: 5, qualifications: ["high_risk"])
    }
    let ppl = (0..<people).map { i in
      Person(
        id: "P\(i)", sex: .male, risk: .low, hoursRemaining: hours,
        deadline: deadlineInDays.map { weekStart.adding(days: $0 + i % 7) }, available: Set(Weekday.allCases),
        areas: ["North"], minHoursPerWeek: 7, maxHoursPerWeek: 14)
    }
    let instance = Instance(name: "fixture", weekStart: weekStart, projects: projects, supervisors: sups, people: ppl)
    return Population(template: instance, source: "fixture")
  }

  static func scenario(
    _ name: String, intake: Double = 0, law: LawSettings = LawSettings(), attendance: Double = 0.8,
    changes: [ScenarioChange] = []
  ) -> Scenario {
    Scenario(
      name: name, populationPath: "", law: law, attendance: AttendanceSettings(rate: attendance),
      intake: IntakeSettings(perWeek: intake), changes: changes)
  }

  static func run(
    _ scenarios: [Scenario], on population: Population, weeks: Int = 12, replications: Int = 3, seed: UInt64 = 1
  ) async throws -> PlanResults {
    try await Planner().run(
      scenarios.map { ($0, population) }, options: PlanOptions(weeks: weeks, replications: replications, seed: seed))
  }

  /// Total of a weekly metric over the run, per replication.
  static func totals(_ r: ScenarioResult, _ f: (WeekMetrics) -> Double) -> [Double] {
    r.replications.map { $0.map(f).reduce(0, +) }
  }

  static var repository: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  /// A fresh temporary folder.
  static func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "/planner-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}
