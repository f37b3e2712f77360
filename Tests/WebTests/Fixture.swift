import Foundation
import Hummingbird
import Ledger
import Logging
import PaybackCore
import PaybackWeb

/// A real ledger seeded with the bundled tiny week, a published roster and one account per role.
///
/// The clock is fixed at Saturday 2026-12-05 17:00 UTC: the Saturday park session (09:00-16:30)
/// has just ended, so its outcomes are due.
struct Fixture {
  static let now = Date(timeIntervalSince1970: 1_796_490_000)  // 2026-12-05T17:00:00Z
  static let utc = TimeZone(identifier: "UTC")!
  static let password = "correct horse"

  let dir = TempDir()

  var database: String { dir.database }

  /// The repository's `instances/` folder, found from this file's path.
  static var instancesDirectory: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("instances").path
  }

  static var tiny: Instance {
    get throws { try Instance.load(from: instancesDirectory + "/tiny.json") }
  }

  func ledger() throws -> Ledger {
    try Ledger(path: database, logger: testLogger, timeZone: Self.utc, now: { Self.now })
  }

  /// Imports the week, publishes a hand-made roster, and creates the accounts.
  func seed() async throws {
    let ledger = try ledger()
    let instance = try Self.tiny
    try await ledger.importBatch(Ledger.batch(from: instance), by: "test")
    let roster = Roster(
      instance: instance.name, weekStart: instance.weekStart, method: "hand", status: "test", objective: 0,
      assignments: [
        Assignment(session: "PARK-sat", supervisors: ["S-BILAL"], people: ["P01", "P02", "P05"]),
        Assignment(session: "CHURCH-wed", supervisors: ["S-ANNE"], people: ["P03", "P04"]),
      ])
    // Published before the week starts, as a coordinator does: publishing never touches a
    // session that has already started (issue #12, defect 9).
    let monday = ISO8601DateFormatter().date(from: "\(instance.weekStart)T00:00:00Z")!
    let planning = Ledger(store: ledger.store, logger: testLogger, timeZone: Self.utc, now: { monday })
    try await planning.publish(roster, for: instance, by: "test")
    let store = try WebStore(writer: (ledger.store as! SQLiteLedgerStore).dbWriter, bcryptCost: 4)
    try await store.addUser(username: "cora", role: .coordinator, password: Self.password)
    try await store.addUser(username: "bilal", role: .supervisor, supervisorID: "S-BILAL", password: Self.password)
    try await store.addUser(username: "anne", role: .supervisor, supervisorID: "S-ANNE", password: Self.password)
    try await store.addUser(username: "pat", role: .planner, password: Self.password)
  }

  var configuration: WebConfiguration {
    WebConfiguration(
      databasePath: database, bcryptCost: 4, solveTimeLimit: 5, now: { Self.now }, timeZone: Self.utc)
  }

  func app() async throws -> some ApplicationProtocol {
    try await buildApplication(configuration: configuration, logger: testLogger)
  }

  /// Entries in the ledger (to show that a refused form wrote nothing).
  func entryCount() throws -> Int { try ledger().entryCount() }
}
