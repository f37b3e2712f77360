import ArgumentParser
import Foundation
import GLPK
import PaybackCore
import PaybackTestSupport
import Testing

@testable import payback

// Every command's exit status, exactly: 0 success, 1 a check found problems, 2 bad input
// (usage mistakes, `validate()` errors, files that do not parse or break a rule), 3 internal
// errors. Each row runs the built binary as a user would.

/// One run of the table: the command line (with `{db}`, `{dir}` and `{tiny}` filled in), the exit
/// status it must end with and a fragment of its explanation (standard error, then standard output; for
/// status 0, standard output alone).
struct ExitCase: Sendable, CustomTestStringConvertible {
  var arguments: [String]
  var status: Int32
  var fragment: String
  var stdin: String? = nil

  init(_ arguments: [String], _ status: Int32, _ fragment: String, stdin: String? = nil) {
    self.arguments = arguments
    self.status = status
    self.fragment = fragment
    self.stdin = stdin
  }

  var testDescription: String { "payback \(arguments.joined(separator: " ")) -> \(status)" }
}

/// A folder with a ledger that holds the tiny week, made once for the table.
private let fixture: (dir: String, db: String) = {
  let dir = (temporaryFile("", name: "placeholder") as NSString).deletingLastPathComponent
  let db = dir + "/ledger.sqlite"
  let imported = runPayback(["import", repositoryPath("instances/tiny.json"), "--db", db, "-q"], in: dir)
  precondition(imported.status == 0 || paybackBinary == nil, "fixture import failed: \(imported)")
  return (dir, db)
}()

private let tinyPath = repositoryPath("instances/tiny.json")
private let missing = "/nonexistent/payback/file.json"

private let exitCases: [ExitCase] = [
  // The root command.
  ExitCase(["--version"], 0, PaybackVersion.current),
  ExitCase(["--help"], 0, "PLANNING SUBCOMMANDS"),
  ExitCase(["frobnicate"], 2, "Unexpected argument 'frobnicate'"),
  // Planning.
  ExitCase(["roster", "{tiny}", "--method", "greedy", "-q"], 0, "Summary"),
  ExitCase(["roster"], 2, "give an instance file"),
  ExitCase(["roster", "{tiny}", "--bogus"], 2, "Unknown option '--bogus'"),
  ExitCase(["roster", "{tiny}", "--time-limit", "0"], 2, "--time-limit must be a positive number"),
  ExitCase(["roster", "{tiny}", "--method", "simplex"], 2, "The value 'simplex' is invalid for '--method"),
  ExitCase(["roster", missing], 2, "\(missing): cannot read the file"),
  ExitCase(["roster", "{tiny}", "-q", "--write-model", "/nonexistent/dir/model.lp"], 2, "file error"),
  ExitCase(["roster", "--ledger", "{db}", "--week", "2026-12-01"], 2, "is a Tuesday, not a Monday"),
  ExitCase(["check", "{tiny}"], 2, "Missing expected argument '<roster>'"),
  ExitCase(["check", missing, "{tiny}"], 2, "cannot read the file"),
  ExitCase(["check", "{tiny}", "{tiny}"], 2, "is not supported (expected \"payback-roster/1\")"),
  ExitCase(["check", "{tiny}", "{dir}/empty-roster.json"], 1, "invalid:"),
  ExitCase(["generate", "--people", "20", "--out", "{dir}/generated.json", "-q"], 0, ""),
  ExitCase(["generate", "--people", "0"], 2, "--people 0 is not at least 1"),
  ExitCase(["generate", "--people", "5", "--week-start", "2026-12-01"], 2, "is a Tuesday, not a Monday"),
  ExitCase(
    ["generate", "--people", "5", "--capacity-ratio=-1"], 2, "--capacity-ratio -1.0 is not a positive number"),
  ExitCase(["generate", "--people", "5", "--cross-cluster-share", "2"], 2, "is not a share between 0 and 1"),
  ExitCase(["generate", "--people", "lots"], 2, "The value 'lots' is invalid for '--people <people>'"),
  ExitCase(["plan", "--weeks", "0", "x.yaml"], 2, "--weeks must be at least 1"),
  ExitCase(["plan", "{dir}/nothing.yaml"], 2, "cannot read"),
  ExitCase(["plan"], 2, "Missing expected argument"),
  // Ledger.
  ExitCase(["import", missing, "--db", "{db}"], 2, missing),
  ExitCase(["log", "P01", "PARK-sat", "XXXX", "--db", "{db}"], 2, "\"XXXX\" is not an outcome code"),
  ExitCase(["log", "NOBODY", "PARK-sat", "ATTC", "--db", "{db}"], 2, "NOBODY"),
  ExitCase(["log", "P01", "PARK-sat", "ATTC", "--start", "9am", "--db", "{db}"], 2, "\"9am\" is not a time (HH:MM)"),
  ExitCase(
    ["log", "P01", "PARK-sat", "ATTC", "--penalty", "x", "--db", "{db}"], 2, "--penalty: \"x\" is not a whole number"),
  ExitCase(["adjust", "holiday", "P01", "30", "--db", "{db}"], 2, "The value 'holiday' is invalid"),
  ExitCase(["adjust", "travel", "NOBODY", "30", "--db", "{db}"], 2, "NOBODY"),
  ExitCase(["withdraw", "1", "--db", "{db}"], 2, "Missing expected argument '--reason <reason>'"),
  ExitCase(["withdraw", "999999", "--reason", "typo", "--db", "{db}"], 2, "999999"),
  ExitCase(["book", "NOBODY", "PARK-sat", "--db", "{db}"], 2, "NOBODY"),
  ExitCase(["balance", "P01", "--db", "{db}"], 0, "remaining"),
  ExitCase(["balance", "NOBODY", "--db", "{db}"], 2, "unknown person \"NOBODY\""),
  ExitCase(["balance", "P01", "--as-of", "yesterday", "--db", "{db}"], 2, "\"yesterday\" is not a date (YYYY-MM-DD)"),
  ExitCase(["history", "NOBODY", "--db", "{db}"], 2, "unknown person \"NOBODY\""),
  ExitCase(["overdue", "--db", "{db}"], 0, ""),
  ExitCase(["at-risk", "--as-of", "2026-13-01", "--db", "{db}"], 2, "is not a date"),
  ExitCase(["export", "everything", "--db", "{db}"], 2, "The value 'everything' is invalid"),
  ExitCase(["export", "balances", "--db", "{db}", "-o", "/nonexistent/dir/b.csv"], 2, "cannot write the file"),
  ExitCase(["verify", "--db", "{db}"], 0, "ok"),
  ExitCase(["verify", "--db", "/nonexistent/dir/ledger.sqlite"], 2, "there is no ledger here"),
  ExitCase(["week-instance", "--week", "30/11/2026", "--db", "{db}"], 2, "is not a date (YYYY-MM-DD)"),
  ExitCase(["week-instance", "--week", "2026-11-30", "--db", "{db}", "-o", "{dir}/week.json"], 0, ""),
  ExitCase(["publish", missing, "--db", "{db}"], 2, "cannot read the file"),
  ExitCase(["log-batch", "--db", "{db}", "-q"], 2, "error 1:", stdin: "{\"person\": \"P01\"}\n"),
  // Web.
  ExitCase(["serve", "--port", "0", "--db", "{db}"], 2, "--port must be between 1 and 65535"),
  ExitCase(["user", "add", "--db", "{db}", "--username", "x", "--role", "admin", "--password-stdin"], 2, "--role"),
  ExitCase(["user", "list", "--db", "{db}"], 0, ""),
  ExitCase(["user", "frobnicate"], 2, "Unexpected argument 'frobnicate'"),
  ExitCase(["web-demo", "--db", "{dir}/demo.sqlite", "--supervisors", "0"], 2, "--supervisors must be 1 to 500"),
  ExitCase(["web-demo", "--db", "{dir}/demo.sqlite"], 2, "password", stdin: "short\n"),
]

@Suite("Exit status of every command", .serialized)
struct ExitCodeTests {
  @Test func theBinaryIsBuilt() {
    // Without it every row below fails too (status -1); this says why in one line.
    #expect(paybackBinary != nil, "build with `swift build --build-tests` first, or set PAYBACK_BINARY")
  }

  @Test(arguments: exitCases)
  func exitStatus(_ c: ExitCase) throws {
    let emptyRoster = """
      {"format": "payback-roster/1", "instance": "tiny", "week_start": "2026-11-30", "method": "none",
       "status": "none", "objective": 1, "sessions": []}
      """
    try Data(emptyRoster.utf8).write(to: URL(fileURLWithPath: fixture.dir + "/empty-roster.json"))
    let arguments = c.arguments.map {
      $0.replacingOccurrences(of: "{db}", with: fixture.db).replacingOccurrences(of: "{dir}", with: fixture.dir)
        .replacingOccurrences(of: "{tiny}", with: tinyPath)
    }
    let run = runPayback(arguments, stdin: c.stdin, environment: ["PAYBACK_DB": nil], in: fixture.dir)
    #expect(run.status == c.status, "\(run)")
    let text = c.status == 0 ? run.stdout : run.stderr + run.stdout
    #expect(c.fragment.isEmpty || text.contains(c.fragment), "\(run)")
  }

  @Test func helpGroupsTheCommands() {
    let run = runPayback(["--help"])
    #expect(run.status == 0)
    let groups = ["PLANNING SUBCOMMANDS", "LEDGER SUBCOMMANDS", "WEB SUBCOMMANDS", "TOOLS SUBCOMMANDS"]
    let positions = groups.map { run.stdout.range(of: $0)?.lowerBound }
    #expect(positions.allSatisfy { $0 != nil }, "\(run.stdout)")
    #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "groups in order")
    for command in ["roster", "check", "plan", "import", "log", "serve", "user", "generate", "web-demo"] {
      #expect(run.stdout.contains("  \(command) "), "\(command) listed")
    }
  }
}

/// The mapping itself, for the errors no command line can provoke (GLPK failing, a solver bug).
@Suite struct ExitStatusMappingTests {
  struct Unexpected: Error {}

  @Test func eachKindOfErrorHasItsStatus() {
    #expect(ExitStatus.of(ExitCode(1)) == .problemsFound)
    #expect(ExitStatus.of(InputError(source: "f", path: "p", message: "m")) == .badInput)
    #expect(ExitStatus.of(RuleViolation(field: "finish", message: "m")) == .badInput)
    #expect(ExitStatus.of(ValidationError("m")) == .badInput)
    #expect(ExitStatus.of(GLPKError.fileError("cannot write")) == .badInput)
    #expect(ExitStatus.of(GLPKError.solverFailed(code: 5, meaning: "m")) == .internalError)
    #expect(ExitStatus.of(GLPKError.invalidModel(["row 1"])) == .internalError)
    #expect(ExitStatus.of(Unexpected()) == .internalError)
    #expect(ExitStatus.of(ExitCode(99)) == .internalError)
    #expect(ExitStatus.message(for: Unexpected()).hasPrefix("internal error: "))
    #expect(ExitStatus.message(for: ExitCode(1)).isEmpty)
  }

  @Test func statusesAreTheDocumentedNumbers() {
    #expect(ExitStatus.allCases.map(\.rawValue) == [0, 1, 2, 3])
  }
}
