import ArgumentParser

/// The web commands.
enum WebCommands {
  static let all: [ParsableCommand.Type] = []
}
