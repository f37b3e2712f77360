import ArgumentParser
import Foundation
import Logging
import PaybackCore

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
    subcommands: RosterCommands.all + LedgerCommands.all + PlannerCommands.all + WebCommands.all
  )
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

/// Runs a command body, turning bad input into a clear message and exit status 2.
func reportingInputErrors<T>(_ body: () async throws -> T) async throws -> T {
  do {
    return try await body()
  } catch let error as InputError {
    printError(error.description)
    throw ExitCode(2)
  }
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
