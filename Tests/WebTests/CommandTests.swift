import Foundation
import Ledger
import PaybackTestSupport
import PaybackWeb
import Testing

/// `payback user add` and `payback web-demo`, run as a user would.
@Suite struct CommandTests {
  var binary: String { paybackBinary ?? "payback (not built)" }

  @Test func userAddCreatesAnAccountThatCanSignIn() async throws {
    try #require(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build")
    let dir = TempDir()
    let ok = try run(
      binary, ["user", "add", "--db", dir.database, "--username", "cora", "--role", "coordinator", "--password-stdin"],
      input: "a long password\n")
    #expect(ok.status == 0, "\(ok.output)")
    #expect(ok.output.contains("created coordinator cora"))
    let store = try WebStore(path: dir.database)
    #expect(try await store.verify(username: "cora", password: "a long password")?.role == .coordinator)
    #expect(try await store.verify(username: "cora", password: "wrong password") == nil)
    #expect(try await store.auditEntries().contains { $0.action == "account created" })
  }

  @Test(arguments: [
    (["--username", "x", "--role", "admin", "--password-stdin"], "--role"),
    (["--username", "x", "--role", "supervisor", "--password-stdin"], "--supervisor-id"),
    (["--username", "x", "--role", "planner"], "--password-stdin"),
    (["--username", "x y", "--role", "planner", "--password-stdin"], "--username"),
  ])
  func userAddRefusesBadInputWithExitTwo(arguments: [String], place: String) throws {
    try #require(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build")
    let dir = TempDir()
    let result = try run(binary, ["user", "add", "--db", dir.database] + arguments, input: "a long password\n")
    #expect(result.status == 2, "\(result.output)")
    #expect(result.output.contains(place))
  }

  @Test func shortPasswordIsRefused() throws {
    try #require(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build")
    let dir = TempDir()
    let result = try run(
      binary, ["user", "add", "--db", dir.database, "--username", "x", "--role", "planner", "--password-stdin"],
      input: "short\n")
    #expect(result.status == 2)
    #expect(result.output.contains("--password: must be at least 12 characters"))
  }

  @Test func webDemoMakesAccountsAndRefusesAShortPasswordBeforeWriting() async throws {
    try #require(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build")
    let dir = TempDir()
    let bad = try run(binary, ["web-demo", "--db", dir.database, "--quiet"], input: "short\n")
    #expect(bad.status == 2)
    #expect(!FileManager.default.fileExists(atPath: dir.database), "nothing written")
    let ok = try run(
      binary, ["web-demo", "--db", dir.database, "--supervisors", "2", "--people", "3", "--quiet"],
      input: "a long password\n")
    #expect(ok.status == 0, "\(ok.output)")
    let store = try WebStore(path: dir.database, bcryptCost: 4)
    #expect(try await store.users().map(\.username) == ["coord", "plan", "sup001", "sup002"])
    // Each supervisor's session yesterday has its people booked (the load benchmark records them).
    let ledger = try Ledger(path: dir.database, logger: testLogger)
    let sessions = try await ledger.sessions(supervisor: "S001", on: ledger.now.date.adding(days: -1))
    #expect(sessions.first?.appointments.count == 3)
  }

  @Test func anUnknownSupervisorIdIsRefused() throws {
    try #require(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build")
    let dir = TempDir()
    let result = try run(
      binary,
      [
        "user", "add", "--db", dir.database, "--username", "sam", "--role", "supervisor", "--supervisor-id", "S-NOBODY",
        "--password-stdin",
      ], input: "otter basin lantern\n")
    #expect(result.status == 2, "\(result.output)")
    #expect(result.output.contains("--supervisor-id"))
    #expect(result.output.contains("S-NOBODY"))
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a terminal"))
  func aPasswordTypedAtATerminalIsNotEchoed() throws {
    try #require(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build")
    let dir = TempDir()
    let command = "\(binary) user add --db \(dir.database) --username cora --role coordinator"
    // The password arrives after the prompt, as a person types it.
    let result = try run(
      "/bin/sh", ["-c", "(sleep 2; printf 'otter basin lantern\\n') | script -qec '\(command)' /dev/null"])
    #expect(result.output.contains("created coordinator cora"), "\(result.output)")
    #expect(!result.output.contains("otter basin lantern"), "the password was echoed: \(result.output)")
  }

  @Test func passwordsCanBeResetAndAccountsDisabledAndAudited() async throws {
    try #require(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build")
    let dir = TempDir()
    let db = dir.database
    _ = try run(
      binary, ["user", "add", "--db", db, "--username", "cora", "--role", "coordinator", "--password-stdin"],
      input: "a long password\n")
    let weak = try run(
      binary, ["user", "password", "--db", db, "--username", "cora", "--password-stdin"], input: "12345678\n")
    #expect(weak.status == 2)
    let reset = try run(
      binary, ["user", "password", "--db", db, "--username", "cora", "--password-stdin"],
      input: "otter basin lantern\n")
    #expect(reset.status == 0, "\(reset.output)")
    let store = try WebStore(path: db)
    #expect(try await store.verify(username: "cora", password: "otter basin lantern") != nil)
    #expect(try run(binary, ["user", "disable", "--db", db, "--username", "cora"]).status == 0)
    #expect(try await store.verify(username: "cora", password: "otter basin lantern") == nil)
    #expect(try run(binary, ["user", "enable", "--db", db, "--username", "cora"]).status == 0)
    #expect(try await store.verify(username: "cora", password: "otter basin lantern") != nil)
    let unknown = try run(binary, ["user", "disable", "--db", db, "--username", "nobody"])
    #expect(unknown.status == 2)
    #expect(unknown.output.contains("--username"))
    let audit = try run(binary, ["user", "audit", "--db", db])
    #expect(audit.status == 0)
    for action in ["account created", "password reset", "account disabled", "account enabled"] {
      #expect(audit.output.contains(action), "\(action) in \(audit.output)")
    }
  }
}
