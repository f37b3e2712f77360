import Foundation
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
    #expect(result.output.contains("--password: must be at least 8 characters"))
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
  }
}
