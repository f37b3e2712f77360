/// What a court decided when a breach came back to it (docs/domain.md, Enforcement).
///
/// Every decision deals with the breaches due at its date: the enforcement count starts afresh
/// after it (the next failure earns a warning), so a breach no longer stays due for ever.
public enum CourtDecision: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
  /// The order continues as it was.
  case continued
  /// Further hours added to the order (the whole within 300 hours).
  case hoursAdded = "hours_added"
  /// The period for the work extended to a later last day (the court's extension of the 12 months).
  case periodExtended = "period_extended"
  /// A fine; the order continues.
  case fine
  /// The order revoked and the person re-sentenced: the order ends on that day, with what was
  /// outstanding left to the new sentence.
  case revoked

  public var description: String { rawValue }

  /// Parses `hours_added`, also `hours-added` and any case.
  public init?(text: String) {
    let t = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
    self.init(rawValue: t)
  }

  /// The decisions, for help and error messages.
  public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// How an order came to an end.
public struct OrderTermination: Sendable, Equatable {
  public enum Kind: String, Sendable, Equatable, CaseIterable {
    /// Every hour done (credit, travel and earned reduction cleared it).
    case completed
    /// Revoked by the court (and re-sentenced).
    case revoked
    /// A suspended sentence order's operational period ended with hours outstanding: they are lost.
    case expired
  }

  public var kind: Kind
  public var on: CalendarDate
  /// Minutes outstanding when it ended (0 when completed).
  public var outstandingMinutes: Int

  public init(kind: Kind, on: CalendarDate, outstandingMinutes: Int = 0) {
    self.kind = kind
    self.on = on
    self.outstandingMinutes = outstandingMinutes
  }
}
