import ArgumentParser

/// The ledger commands.
enum LedgerCommands {
  static let all: [ParsableCommand.Type] = []
}
