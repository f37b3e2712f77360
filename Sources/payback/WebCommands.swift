import ArgumentParser
import Foundation
import Hummingbird
import Ledger
import Logging
import PaybackCore
import PaybackWeb

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The web commands.
enum WebCommands {
  static let all: [ParsableCommand.Type] = [Serve.self, UserCommand.self, WebDemoCommand.self]
}

/// `payback serve`: the web app for coordinators, supervisors and planners.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Run the web app (coordinators, supervisors, planners) over the ledger.",
    discussion: "Create accounts first with `payback user add`. Pages use no external files or fonts.")

  @OptionGroup var global: GlobalOptions

  @Option(help: "The SQLite ledger file (default: $PAYBACK_DB, or payback.sqlite here).")
  var db: String = WebDefaults.databasePath

  @Option(help: "Address to listen on (loopback by default; put a TLS proxy in front for other machines).")
  var host: String = "127.0.0.1"

  @Option(help: "Port to listen on.")
  var port: Int = 8080

  @Flag(help: "The app is reached over TLS (through a proxy): mark cookies Secure on every response.")
  var tls = false

  @Option(name: .customLong("report-dir"), help: "Folder where the planner writes its scenario report (HTML).")
  var reportDir: String?

  @Option(help: "Time limit for an integer-program roster, in seconds.")
  var timeLimit: Double = 60

  @Option(
    name: .customLong("trusted-proxy"),
    help: "Address of a proxy whose X-Forwarded-For is believed for the sign-in limit (repeat for several).")
  var trustedProxies: [String] = []

  func validate() throws {
    guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
  }

  func run() async throws {
    try await reportingInputErrors {
      let logger = global.logger("payback.web")
      let app = try await buildApplication(
        configuration: WebConfiguration(
          databasePath: db, host: host, port: port, tls: tls, reportDirectory: reportDir,
          trustedProxies: trustedProxies, solveTimeLimit: timeLimit),
        logger: logger)
      try await app.runService()
    }
  }
}

/// `payback user ...`: web accounts.
struct UserCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "user", abstract: "Manage web app accounts.",
    subcommands: [
      UserAdd.self, UserList.self, UserPassword.self, UserDisable.self, UserEnable.self, UserAudit.self,
    ])
}

/// `payback user add`: creates an account; the password is read from standard input.
struct UserAdd: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "add", abstract: "Create a web account (the password comes from standard input).")

  @OptionGroup var global: GlobalOptions

  @Option(help: "The SQLite ledger file (default: $PAYBACK_DB, or payback.sqlite here).")
  var db: String = WebDefaults.databasePath

  @Option(help: "The name to sign in with.")
  var username: String

  @Option(help: "coordinator, supervisor or planner.")
  var role: String

  @Option(name: .customLong("supervisor-id"), help: "For a supervisor: their supervisor id in the ledger (S01).")
  var supervisorID: String?

  @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
  var passwordStdin = false

  func run() async throws {
    try await reportingInputErrors {
      guard let role = WebRole(rawValue: role.lowercased()) else {
        throw InputErrorFor.option("role", "\"\(role)\" is not a role (coordinator, supervisor or planner)")
      }
      let password = try readPassword(passwordStdin: passwordStdin)
      if role == .supervisor, let supervisorID, !supervisorID.isEmpty {
        // The account is tied to a supervisor the ledger knows, or the pages would show nothing.
        let known = try Ledger(path: db).supervisors().map(\.id)
        guard known.contains(supervisorID) else {
          throw InputErrorFor.option(
            "supervisor-id",
            "there is no supervisor \"\(supervisorID)\" in the ledger \(db)"
              + (known.isEmpty
                ? " (import the week first)"
                : " (known: \(known.prefix(5).joined(separator: ", "))\(known.count > 5 ? ", ..." : ""))"))
        }
      }
      do {
        let store = try WebStore(path: db)
        let user = try await store.addUser(
          username: username, role: role, supervisorID: supervisorID, password: password)
        try await store.audit(user, action: "account created", detail: "role \(role.rawValue) (by the command line)")
        print("created \(role.rawValue) \(user.username)" + (user.supervisorID.map { " (supervisor \($0))" } ?? ""))
      } catch let error as AccountError {
        throw InputErrorFor.option(error.field, error.message)
      }
    }
  }
}

/// `payback user password`: sets a new password for an account (a reset by an administrator).
struct UserPassword: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "password",
    abstract: "Set a new password for an account (typed without echo, or from standard input); its sessions end.")

  @OptionGroup var global: GlobalOptions

  @Option(help: "The SQLite ledger file (default: $PAYBACK_DB, or payback.sqlite here).")
  var db: String = WebDefaults.databasePath

  @Option(help: "The account.")
  var username: String

  @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
  var passwordStdin = false

  func run() async throws {
    try await reportingInputErrors {
      let password = try readPassword(passwordStdin: passwordStdin)
      do {
        try await WebStore(path: db).resetPassword(username: username, password: password, by: "command line")
        print("password set for \(username)")
      } catch let error as AccountError {
        throw InputErrorFor.option(error.field, error.message)
      }
    }
  }
}

/// `payback user disable`: the account can no longer sign in; its sessions end at once.
struct UserDisable: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "disable", abstract: "Stop an account signing in (its sessions end at once).")

  @OptionGroup var global: GlobalOptions

  @Option(help: "The SQLite ledger file (default: $PAYBACK_DB, or payback.sqlite here).")
  var db: String = WebDefaults.databasePath

  @Option(help: "The account.")
  var username: String

  func run() async throws {
    try await setDisabled(db: db, username: username, true)
  }
}

/// `payback user enable`: a disabled account may sign in again.
struct UserEnable: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "enable", abstract: "Let a disabled account sign in again.")

  @OptionGroup var global: GlobalOptions

  @Option(help: "The SQLite ledger file (default: $PAYBACK_DB, or payback.sqlite here).")
  var db: String = WebDefaults.databasePath

  @Option(help: "The account.")
  var username: String

  func run() async throws {
    try await setDisabled(db: db, username: username, false)
  }
}

func setDisabled(db: String, username: String, _ disabled: Bool) async throws {
  try await reportingInputErrors {
    do {
      try await WebStore(path: db).setDisabled(username: username, disabled, by: "command line")
      print("\(disabled ? "disabled" : "enabled") \(username)")
    } catch let error as AccountError {
      throw InputErrorFor.option(error.field, error.message)
    }
  }
}

/// `payback user audit`: who changed what through the web app, newest first.
struct UserAudit: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit", abstract: "Show the web app's audit trail, newest first (time, user, action, detail).")

  @OptionGroup var global: GlobalOptions

  @Option(help: "The SQLite ledger file (default: $PAYBACK_DB, or payback.sqlite here).")
  var db: String = WebDefaults.databasePath

  @Option(help: "How many entries (1 to 100000).")
  var limit: Int = 100

  func run() async throws {
    try await reportingInputErrors {
      guard (1...100_000).contains(limit) else { throw InputErrorFor.option("limit", "must be 1 to 100000") }
      let formatter = ISO8601DateFormatter()
      for e in try await WebStore(path: db).auditEntries(limit: limit) {
        print([formatter.string(from: e.at), e.username, e.action, e.detail].joined(separator: "\t"))
      }
    }
  }
}

/// A password: typed at a terminal without echo, or the first line of standard input with
/// `--password-stdin`.
func readPassword(passwordStdin: Bool) throws -> String {
  if isatty(STDIN_FILENO) == 1 {
    FileHandle.standardError.write(Data("Password: ".utf8))
    var saved = termios()
    let haveTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
    if haveTerminal {
      var quiet = saved
      quiet.c_lflag &= ~tcflag_t(ECHO)
      _ = tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
    }
    defer {
      if haveTerminal { _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
      FileHandle.standardError.write(Data("\n".utf8))
    }
    return readLine(strippingNewline: true) ?? ""
  }
  guard passwordStdin else {
    throw InputErrorFor.option("password-stdin", "give --password-stdin and type the password on standard input")
  }
  return readLine(strippingNewline: true) ?? ""
}

/// `payback user list`: the accounts, one a line.
struct UserList: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List web accounts.")

  @OptionGroup var global: GlobalOptions

  @Option(help: "The SQLite ledger file (default: $PAYBACK_DB, or payback.sqlite here).")
  var db: String = WebDefaults.databasePath

  func run() async throws {
    let store = try WebStore(path: db)
    for user in try await store.users() {
      print([user.username, user.role.rawValue, user.supervisorID ?? ""].joined(separator: "\t"))
    }
  }
}

/// `payback web-demo`: a demonstration day for trying the web app (and for the load benchmark).
struct WebDemoCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "web-demo",
    abstract: "Fill an empty ledger with a demonstration day: supervisors, yesterday's sessions, accounts.",
    discussion: "Accounts: sup001, sup002, ... (supervisors), coord, plan; the password comes from standard input.")

  @OptionGroup var global: GlobalOptions

  @Option(help: "The SQLite ledger file (should be new).")
  var db: String

  @Option(help: "How many supervisors (each runs one session yesterday).")
  var supervisors: Int = 5

  @Option(help: "People booked on each session.")
  var people: Int = 8

  @Option(
    name: .customLong("sessions-each"),
    help: "Sessions yesterday for each supervisor (more than 1 only for load tests).")
  var sessionsEach: Int = 1

  @Flag(name: .customLong("password-stdin"), help: "The accounts' password is read from standard input (always).")
  var passwordStdin = false

  func validate() throws {
    guard (1...500).contains(supervisors) else { throw ValidationError("--supervisors must be 1 to 500") }
    guard (1...1000).contains(people) else { throw ValidationError("--people must be 1 to 1000") }
    guard (1...100).contains(sessionsEach) else { throw ValidationError("--sessions-each must be 1 to 100") }
  }

  func run() async throws {
    try await reportingInputErrors {
      // The password always comes from standard input (the flag is accepted for symmetry with `user add`).
      let password = readLine(strippingNewline: true) ?? ""
      do {
        let summary = try await WebDemo.seed(
          path: db, supervisors: supervisors, people: people, sessionsEach: sessionsEach, password: password,
          logger: global.logger("payback.web"))
        print(
          "demo: \(summary.sessions.count) sessions, \(summary.appointments) appointments, accounts "
            + summary.usernames.joined(separator: " "))
      } catch let error as AccountError {
        throw InputErrorFor.option(error.field, error.message)
      }
    }
  }
}

enum WebDefaults {
  /// The ledger file the CLI uses when none is named: `$PAYBACK_DB`, or `payback.sqlite` here.
  static let databasePath = ProcessInfo.processInfo.environment["PAYBACK_DB"] ?? "payback.sqlite"
}

/// Command-line mistakes reported like any other bad input (exit 2, the place named).
enum InputErrorFor {
  static func option(_ name: String, _ message: String) -> InputError {
    InputError(source: "payback", path: "--\(name)", message: message)
  }
}
