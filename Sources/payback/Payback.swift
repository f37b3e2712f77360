import ArgumentParser
import Foundation
import GLPK
import Logging
import PaybackCore

/// How `payback` ends: the one mapping from what went wrong to the exit status (README, "Exit status").
enum ExitStatus: Int32, CaseIterable, Sendable {
  /// The command did what was asked.
  case success = 0
  /// A check ran and found problems (`check`, `verify`); what it found is printed.
  case problemsFound = 1
  /// The input was wrong: a usage mistake, an option out of range, a file that does not parse or breaks a
  /// rule. The message names the place; nothing was written.
  case badInput = 2
  /// Payback failed on good input (GLPK, the solver, the store): a bug to report.
  case internalError = 3

  /// The status for an error that ended a command.
  static func of(_ error: any Error) -> ExitStatus {
    switch error {
    case let code as ExitCode:
      // Commands that have printed their own outcome say which status it is.
      return ExitStatus(rawValue: code.rawValue) ?? .internalError
    case is InputError, is RuleViolation:
      return .badInput
    case let error as GLPKError:
      // A model file that cannot be written is the user's path; anything else is GLPK failing us.
      if case .fileError = error { return .badInput }
      return .internalError
    default:
      // Argument parser errors: help and --version succeed, usage and `validate()` errors are bad input.
      switch Payback.exitCode(for: error) {
      case .success: return .success
      case .validationFailure: return .badInput
      default: return .internalError
      }
    }
  }

  /// What to print for `error` (empty when the command already said it).
  static func message(for error: any Error) -> String {
    switch error {
    case is ExitCode: return ""
    case let error as InputError: return error.description
    case let error as RuleViolation: return error.description
    case let error as GLPKError:
      if case .fileError = error { return error.description }
      return "internal error: \(error) (a bug: please report it)"
    default:
      let status = of(error)
      if status == .internalError { return "internal error: \(error) (a bug: please report it)" }
      return Payback.fullMessage(for: error)
    }
  }
}

/// `payback`: plan and record Community Payback.
@main
struct Payback: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "payback",
    abstract: "Plan and record Community Payback (unpaid work).",
    discussion: """
      Exit status: 0 success; 1 a check found problems; 2 bad input (the message names the place); \
      3 an internal error (a bug: please report it).
      """,
    version: PaybackVersion.current,
    groupedSubcommands: CommandGroups.all
  )

  /// Runs the command and ends the process with the status ``ExitStatus/of(_:)`` gives.
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var command = command as? AsyncParsableCommand {
        try await command.run()
      } else {
        try command.run()
      }
    } catch {
      let status = ExitStatus.of(error)
      let message = ExitStatus.message(for: error)
      if !message.isEmpty {
        if status == .success { print(message) } else { printError(message) }
      }
      Self.exit(withError: ExitCode(status.rawValue))
    }
  }
}

/// The commands as `payback --help` lists them, in four groups.
enum CommandGroups {
  /// Commands for making test data, inspecting and measuring; every other command is in the group of its file.
  static let tools: [ParsableCommand.Type] = [
    GenerateCommand.self, WeekInstanceCommand.self, WebDemoCommand.self,
  ]

  static var all: [CommandGroup] {
    let toolIDs = Set(tools.map(ObjectIdentifier.init))
    func except(_ commands: [ParsableCommand.Type]) -> [ParsableCommand.Type] {
      commands.filter { !toolIDs.contains(ObjectIdentifier($0)) }
    }
    return [
      CommandGroup(name: "Planning", subcommands: except(RosterCommands.all + PlannerCommands.all)),
      CommandGroup(name: "Ledger", subcommands: except(LedgerCommands.all)),
      CommandGroup(name: "Web", subcommands: except(WebCommands.all)),
      CommandGroup(name: "Tools", subcommands: tools),
    ]
  }
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
  @Flag(name: .shortAndLong, help: "Log more detail to standard error.")
  var verbose = false

  @Flag(name: .shortAndLong, help: "Log only warnings and errors.")
  var quiet = false

  /// A logger writing to standard error, so that standard output stays clean for data.
  func logger(_ label: String) -> Logger {
    var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = verbose ? .debug : quiet ? .warning : .info
    return logger
  }
}

/// Runs a command body. Errors now reach ``Payback/main()``, which maps each to its exit status once
/// (``ExitStatus``); this wrapper only keeps existing command bodies unchanged and can be inlined away.
func reportingInputErrors<T>(_ body: () async throws -> T) async throws -> T {
  try await body()
}

func printError(_ text: String) {
  var stderr = StandardError()
  print(text, to: &stderr)
}

struct StandardError: TextOutputStream {
  mutating func write(_ string: String) {
    FileHandle.standardError.write(Data(string.utf8))
  }
}
