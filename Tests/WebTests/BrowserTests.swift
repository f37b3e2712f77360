import Foundation
import Ledger
import PaybackCore
import PaybackTestSupport
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

let isCI = ProcessInfo.processInfo.environment["CI"] == "true"
let browserInstalled =
  FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
  && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")

/// One real-browser test: `payback serve` on a loopback port, headless Chromium as a supervisor.
///
/// On CI it must run (a missing browser fails it); elsewhere it runs when Chromium is installed.
@Suite(.serialized, .timeLimit(.minutes(10))) struct BrowserTests {
  static let password = "correct horse battery"

  /// A ledger with one session yesterday (P01, P02 booked) run by S01, the accounts made the way an
  /// administrator would, and `payback serve` on a loopback port. `body` gets the base URL.
  static func withServer(
    _ body: (_ url: String, _ dir: TempDir, _ binary: String) async throws -> Void
  ) async throws {
    let binary = paybackBinary ?? "payback (not built)"
    try #require(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build")
    let dir = TempDir()
    let db = dir.database
    // A session yesterday (so it has ended and its outcome is due), in the ledger's own week.
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = .current
    let c = calendar.dateComponents([.year, .month, .day], from: Date())
    let today = CalendarDate(year: c.year!, month: c.month!, day: c.day!)!
    let yesterday = today.adding(days: -1)
    let monday = yesterday.adding(days: -yesterday.weekday.index)
    let everyDay = Set(Weekday.allCases)
    let instance = Instance(
      name: "browser-test", weekStart: monday,
      projects: [
        Project(
          id: "PARK", name: "Riverside park clearance", kind: .group, area: "Town",
          sessions: [
            Session(
              id: "PARK-1", date: yesterday, start: ClockTime("09:00"), end: ClockTime("16:30"), hours: 7.5, capacity: 6
            )
          ])
      ],
      supervisors: [Supervisor(id: "S01", name: "Sam", areas: ["Town"], available: everyDay, maxSessions: 5)],
      people: [
        Person(id: "P01", name: "Alex Adams", risk: .low, hoursRemaining: 100, available: everyDay, areas: ["Town"]),
        Person(id: "P02", name: "Bo Baker", risk: .low, hoursRemaining: 60, available: everyDay, areas: ["Town"]),
      ])
    let ledger = try Ledger(path: db, logger: testLogger)
    try await ledger.importBatch(Ledger.batch(from: instance), by: "browser-test")
    // Published two days ago, before the session started: publishing leaves started sessions alone.
    let planned = Date().addingTimeInterval(-2 * 86_400)
    try await Ledger(store: ledger.store, logger: testLogger, now: { planned }).publish(
      Roster(
        instance: instance.name, weekStart: monday, method: "hand", status: "test", objective: 0,
        assignments: [Assignment(session: "PARK-1", supervisors: ["S01"], people: ["P01", "P02"])]),
      for: instance, by: "browser-test")

    for (name, role, extra) in [
      ("sam", "supervisor", ["--supervisor-id", "S01"]), ("cora", "coordinator", []), ("pat", "planner", []),
    ] {
      let add = try run(
        binary, ["user", "add", "--db", db, "--username", name, "--role", role] + extra + ["--password-stdin"],
        input: password + "\n")
      #expect(add.status == 0, "user add: \(add.output)")
    }

    let port = Int.random(in: 20000...45000)
    let server = Process()
    server.executableURL = URL(fileURLWithPath: binary)
    server.arguments = [
      "serve", "--db", db, "--host", "127.0.0.1", "--port", "\(port)", "--quiet", "--time-limit", "5",
    ]
    let serverLog = Pipe()
    server.standardOutput = serverLog
    server.standardError = serverLog
    try server.run()
    defer {
      server.terminate()
      server.waitUntilExit()
    }
    let url = "http://127.0.0.1:\(port)"
    try await waitForHealth(url)
    try await body(url, dir, binary)
  }

  static func python(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    var env = ProcessInfo.processInfo.environment
    env["PAYBACK_TEST_PASSWORD"] = password
    return try run(
      "/usr/bin/env", ["python3", repositoryRoot.appendingPathComponent("Tests/browser/" + script).path] + arguments,
      environment: env)
  }

  /// Keeps the phone-width screenshots where a person can look at them.
  static func keepScreenshots(_ shots: String) {
    let keep = repositoryRoot.appendingPathComponent(".build/screenshots").path
    try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
    for name in (try? FileManager.default.contentsOfDirectory(atPath: shots)) ?? [] {
      try? FileManager.default.removeItem(atPath: keep + "/" + name)
      try? FileManager.default.copyItem(atPath: shots + "/" + name, toPath: keep + "/" + name)
      print("screenshot saved: \(keep)/\(name)")
    }
  }

  @Test(.enabled(if: isCI || browserInstalled, "needs Debian's chromium and chromium-driver (scripts/setup --test)"))
  func supervisorRecordsAnOutcomeAndSeesTheBalanceChange() async throws {
    #expect(browserInstalled, "Chromium and chromedriver must be installed: run scripts/setup --test")
    guard browserInstalled else { return }
    try await Self.withServer { url, dir, _ in
      let shots = dir.path + "/screenshots"
      let flow = try Self.python(
        "supervisor_flow.py",
        [
          "--url", url, "--username", "sam", "--session", "PARK-1", "--person", "P01", "--screenshots", shots,
          "--axe",
        ])
      print(flow.output)
      #expect(flow.status == 0, "browser flow failed:\n\(flow.output)")
      #expect(flow.output.contains("supervisor flow: ok"))
      Self.keepScreenshots(shots)
      // The ledger holds exactly the outcome the browser recorded.
      let outcome = try Ledger(path: dir.database, logger: testLogger).session("PARK-1")?.appointments.first {
        $0.person == "P01"
      }?.outcome
      #expect(outcome?.code == .ATTC)
      #expect(outcome?.creditedMinutes == 420)
      #expect(outcome?.recordedBy == "sam")
    }
  }

  @Test(.enabled(if: isCI || browserInstalled, "needs Debian's chromium and chromium-driver (scripts/setup --test)"))
  func outcomesRecordedOfflineAreSentOnceWhenTheSignalReturns() async throws {
    #expect(browserInstalled, "Chromium and chromedriver must be installed: run scripts/setup --test")
    guard browserInstalled else { return }
    try await Self.withServer { url, dir, _ in
      let shots = dir.path + "/screenshots"
      let flow = try Self.python(
        "offline_flow.py",
        ["--url", url, "--username", "sam", "--session", "PARK-1", "--people", "P01,P02", "--screenshots", shots])
      print(flow.output)
      #expect(flow.status == 0, "offline flow failed:\n\(flow.output)")
      #expect(flow.output.contains("offline flow: ok"))
      Self.keepScreenshots(shots)
      #expect(FileManager.default.fileExists(atPath: shots + "/offline-queued.png"))
      #expect(FileManager.default.fileExists(atPath: shots + "/offline-sent.png"))
      // Exactly one outcome entry for each person, however often the phone sent it.
      let ledger = try Ledger(path: dir.database, logger: testLogger)
      for person in ["P01", "P02"] {
        let outcomes = try ledger.history(person: person).filter { $0.entry.kind == .outcome }
        #expect(outcomes.count == 1, "\(person): \(outcomes.map(\.summary))")
      }
      let p01 = try ledger.session("PARK-1")?.appointments.first { $0.person == "P01" }?.outcome
      #expect(p01?.code == .ATTC)
      #expect(p01?.start == 9 * 60 + 15, "0915 is 09:15")
    }
  }

  @Test(.enabled(if: isCI || browserInstalled, "needs Debian's chromium and chromium-driver (scripts/setup --test)"))
  func everyPageHasNoSeriousOrCriticalAccessibilityViolations() async throws {
    #expect(browserInstalled, "Chromium and chromedriver must be installed: run scripts/setup --test")
    guard browserInstalled else { return }
    try await Self.withServer { url, dir, _ in
      let week =
        try Ledger(path: dir.database, logger: testLogger).session("PARK-1").map {
          $0.session.date.adding(days: -$0.session.date.weekday.index).description
        } ?? ""
      let person = "/supervisor/sessions/PARK-1/people/P02"
      let pages = [
        "- /sign-in", "- /no-such-page",
        "sam /supervisor", "sam /supervisor/sessions/PARK-1", "sam \(person)", "sam /supervisor/today",
        "sam /supervisor/sessions/PARK-1/everyone",
        "sam /account/password", "sam /coordinator",
        "cora /coordinator", "cora /coordinator/weeks/\(week)", "cora /coordinator/weeks/\(week)/sessions/PARK-1",
        "cora /coordinator/weeks/\(week)/unbooked", "cora /coordinator/weeks/\(week)/print", "cora /coordinator/risk",
        "cora /coordinator/audit", "cora /coordinator/week?start=31/02/2026",
        "pat /planner", "pat /planner/report",
      ]
      let file = dir.path + "/pages.txt"
      try pages.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
      let check = try Self.python("accessibility.py", ["--url", url, "--pages", file])
      print(check.output)
      #expect(check.status == 0, "axe found serious or critical violations:\n\(check.output)")
      #expect(check.output.contains("accessibility: ok"))
    }
  }
}

/// Runs a program to the end, returning its status and everything it printed.
func run(_ path: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil) throws
  -> (status: Int32, output: String)
{
  let p = Process()
  p.executableURL = URL(fileURLWithPath: path)
  p.arguments = arguments
  if let environment { p.environment = environment }
  let out = Pipe()
  p.standardOutput = out
  p.standardError = out
  let inPipe = Pipe()
  p.standardInput = inPipe
  try p.run()
  if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
  try inPipe.fileHandleForWriting.close()
  let data = out.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Polls `/health` until the server answers (at most 30 s).
func waitForHealth(_ base: String) async throws {
  let deadline = Date().addingTimeInterval(30)
  while Date() < deadline {
    if let (data, response) = try? await URLSession.shared.data(from: URL(string: base + "/health")!),
      (response as? HTTPURLResponse)?.statusCode == 200, String(decoding: data, as: UTF8.self) == "ok"
    {
      return
    }
    try await Task.sleep(for: .milliseconds(200))
  }
  Issue.record("the server at \(base) did not start")
  throw CancellationError()
}
