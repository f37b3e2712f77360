import PaybackCore

/// The ledger's rules as the simulation applies them, in whole minutes like the ledger
/// (FACTS.md: credit, ETE cap, earned reduction, enforcement).
///
/// Kept in one place so that the simulated credit follows exactly the ledger's rules; each
/// function mirrors the ledger's pure rule of the same name in PaybackCore/Rules.
enum OrderRules {
  /// Credit for attending: the minutes worked, never more than still owed, and on an ETE project
  /// never more than the ETE allowance left.
  static func credit(workedMinutes: Int, owedMinutes: Int, isETE: Bool, eteLeftMinutes: Int) -> Int {
    var c = min(max(0, workedMinutes), max(0, owedMinutes))
    if isETE { c = min(c, max(0, eteLeftMinutes)) }
    return c
  }

  /// Minutes of ETE an order allows: 30% of the ordered minutes, rounded down.
  static func eteAllowance(orderedMinutes: Int) -> Int { orderedMinutes * 30 / 100 }

  /// The whole earned reduction of an order (Sentencing Act 2026, s.37): once 25% of the order
  /// has been worked with no enforceable outcome, each further minute worked takes half a minute
  /// off, at most 25% of the order, and never more than is owed before reduction (`ceiling`).
  /// `eligibleWorkedMinutes` counts only work before the first enforceable outcome.
  static func earnedReduction(orderedMinutes: Int, eligibleWorkedMinutes: Int, ceiling: Int) -> Int {
    let threshold = (orderedMinutes + 3) / 4
    let cap = orderedMinutes / 4
    return min(cap, max(0, eligibleWorkedMinutes - threshold) / 2, max(0, ceiling))
  }

  /// What an enforceable outcome leads to: the first earns a warning that stays live for 12
  /// months; a further one before the same calendar day 12 months after the warning goes to breach.
  enum Enforcement: Equatable { case warning, breach }

  /// The outcome of a failure on `date`, given the order's earlier failures (in date order).
  static func enforcement(on date: CalendarDate, earlierFailures: [CalendarDate]) -> Enforcement {
    var live: CalendarDate?
    for f in earlierFailures {
      if let w = live, f < w.addingMonths(12) { continue }  // a breach; the warning stays live
      live = f
    }
    if let w = live, date < w.addingMonths(12) { return .breach }
    return .warning
  }
}
