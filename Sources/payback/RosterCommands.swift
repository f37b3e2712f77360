import ArgumentParser

/// The roster commands.
enum RosterCommands {
  static let all: [ParsableCommand.Type] = [
    GenerateCommand.self
  ]
}
