import PaybackCore

// STUB: the API the rest of the project calls. To be replaced by the real checker.

/// One broken hard rule.
public struct Violation: Sendable, Equatable, CustomStringConvertible {
  /// "H1" ... "H13".
  public var rule: String
  public var message: String

  public init(rule: String, message: String) {
    self.rule = rule
    self.message = message
  }

  public var description: String { "\(rule): \(message)" }
}

/// What the checker found.
public struct CheckReport: Sendable {
  public var violations: [Violation]
  /// The objective recomputed from the bookings.
  public var objective: Double
  public var isValid: Bool { violations.isEmpty }
}

/// Re-checks a roster against hard rules H1-H13 and recomputes its objective,
/// independently of any solver's code.
public enum RosterChecker {
  public static func check(_ roster: Roster, against instance: Instance) -> CheckReport {
    CheckReport(violations: [], objective: Objective.value(of: roster, in: instance))
  }
}
