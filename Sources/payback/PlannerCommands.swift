import ArgumentParser

/// The planner commands.
enum PlannerCommands {
  static let all: [ParsableCommand.Type] = []
}
