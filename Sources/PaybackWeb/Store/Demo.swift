import Foundation
import Ledger
import Logging
import PaybackCore

/// A demonstration day in an empty ledger: supervisors each running a session yesterday, with
/// people booked and a web account each. For trying the app and for the load benchmark.
public enum WebDemo {
  /// What was made.
  public struct Summary: Sendable {
    public var supervisors: [String]
    public var usernames: [String]
    public var sessions: [String]
    public var appointments: Int
  }

  /// Seeds `path`: `supervisors` group sessions dated yesterday (09:00-16:30), `people` each;
  /// accounts `sup001`, `sup002`, ... with `password`, and a coordinator `coord` and planner `plan`.
  public static func seed(
    path: String, supervisors: Int, people: Int, sessionsEach: Int = 1, password: String, bcryptCost: UInt8 = 10,
    logger: Logger = Logger(label: "payback.web.demo")
  ) async throws -> Summary {
    // Checked before anything is written, so a bad password leaves no half-made demonstration.
    try WebStore.checkPassword(password)
    let ledgerStore = try SQLiteLedgerStore(path: path)
    let ledger = Ledger(store: ledgerStore, logger: logger)
    let store = try WebStore(writer: ledgerStore.dbWriter, bcryptCost: bcryptCost)
    let today = ledger.now.date
    let yesterday = today.adding(days: -1)
    let monday = yesterday.adding(days: -yesterday.weekday.index)
    let everyDay = Set(Weekday.allCases)
    func id(_ prefix: String, _ i: Int, _ width: Int) -> String {
      let n = String(i)
      return prefix + String(repeating: "0", count: max(0, width - n.count)) + n
    }
    var projects: [Project] = []
    var sups: [Supervisor] = []
    var persons: [Person] = []
    var assignments: [Assignment] = []
    var serial = 0
    for s in 1...supervisors {
      sups.append(
        Supervisor(id: id("S", s, 3), name: "Supervisor \(s)", areas: ["Demo"], available: everyDay, maxSessions: 5))
      // Several sessions each only for load tests; a real supervisor runs one session a day.
      for k in 1...sessionsEach {
        let projectID = id("DEMO", s, 3) + (sessionsEach > 1 ? "-\(k)" : "")
        let sessionID = projectID + "-" + yesterday.description
        projects.append(
          Project(
            id: projectID, name: "Demonstration project \(s)" + (sessionsEach > 1 ? "." + String(k) : ""), kind: .group,
            area: "Demo", peoplePerSupervisor: max(8, people), minAttendance: 1,
            sessions: [
              Session(
                id: sessionID, date: yesterday, start: ClockTime("09:00"), end: ClockTime("16:30"), hours: 7.5,
                capacity: people)
            ]))
        var booked: [String] = []
        for _ in 1...people {
          serial += 1
          let pid = id("D", serial, 6)
          persons.append(
            Person(
              id: pid, name: "Person \(pid)", risk: .low, hoursRemaining: 120, available: everyDay, areas: ["Demo"],
              maxHoursPerWeek: 28))
          booked.append(pid)
        }
        assignments.append(Assignment(session: sessionID, supervisors: [id("S", s, 3)], people: booked))
      }
    }
    let instance = Instance(
      name: "demo-\(monday)", weekStart: monday, projects: projects, supervisors: sups, people: persons)
    try await ledger.importBatch(Ledger.batch(from: instance), by: "demo")
    // Published as a coordinator would, before the sessions began: publishing leaves a session
    // that has already started as it was (the ledger's rule), so it is done "two days ago".
    let planned = Date().addingTimeInterval(-2 * 86_400)
    try await Ledger(store: ledgerStore, logger: logger, now: { planned }).publish(
      Roster(
        instance: instance.name, weekStart: monday, method: "demo", status: "demo", objective: 0,
        assignments: assignments), for: instance, by: "demo")
    var usernames: [String] = []
    try await withThrowingTaskGroup(of: String.self) { group in
      for s in 1...supervisors {
        group.addTask {
          try await store.addUser(
            username: id("sup", s, 3), role: .supervisor, supervisorID: id("S", s, 3), password: password
          ).username
        }
      }
      group.addTask { try await store.addUser(username: "coord", role: .coordinator, password: password).username }
      group.addTask { try await store.addUser(username: "plan", role: .planner, password: password).username }
      for try await name in group { usernames.append(name) }
    }
    return Summary(
      supervisors: sups.map(\.id), usernames: usernames.sorted(), sessions: assignments.map(\.session),
      appointments: serial)
  }
}
