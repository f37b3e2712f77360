import ArgumentParser

/// The week-planning commands.
enum RosterCommands {
  static let all: [ParsableCommand.Type] = [RosterCommand.self, CheckCommand.self, GenerateCommand.self]
}
