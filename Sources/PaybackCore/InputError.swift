/// Bad input: every problem found, each with the place it was found.
///
/// The description reads `file: path: message`, one problem a line, so that a user
/// can go straight to the place (`people[12].available[1]: "mnday" is not a weekday`).
public struct InputError: Error, Sendable, CustomStringConvertible {
  /// One problem at one place.
  public struct Problem: Sendable, Equatable, CustomStringConvertible {
    /// Where: a JSON path such as `people[3].hours_remaining`, or `row 4, column hours`.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
      self.path = path
      self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
  }

  /// The file or stream the input came from.
  public var source: String
  public var problems: [Problem]

  public init(source: String, problems: [Problem]) {
    self.source = source
    self.problems = problems
  }

  public init(source: String, path: String, message: String) {
    self.init(source: source, problems: [Problem(path: path, message: message)])
  }

  public var description: String {
    let shown = problems.prefix(50).map { source.isEmpty ? $0.description : "\(source): \($0)" }
    var lines = shown
    if problems.count > shown.count { lines.append("... and \(problems.count - shown.count) more problems") }
    return lines.joined(separator: "\n")
  }
}
