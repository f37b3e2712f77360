import PaybackCore

/// The ledger's rules as the simulation applies them to one appointment (FACTS.md: credit,
/// ETE cap, earned reduction, enforcement).
///
/// Kept in one place so that the simulated credit follows exactly the ledger's rules; when the
/// ledger's pure rule functions are available these delegate to them.
enum OrderRules {
  /// Credit for attending: the time worked, never more than still owed, and on an ETE project
  /// never more than the ETE allowance left.
  static func credit(hoursWorked: Double, owed: Double, isETE: Bool, eteAllowance: Double) -> Double {
    var c = min(max(0, hoursWorked), max(0, owed))
    if isETE { c = min(c, max(0, eteAllowance)) }
    return c
  }

  /// Hours taken off by earned reduction for `credited` hours worked now (Sentencing Act 2026,
  /// s.37): once 25% of the order has been worked with no enforceable outcome, each further hour
  /// takes 30 minutes off, and at most 25% of the order can be taken off in all.
  static func earnedReduction(
    orderHours: Double, workedBefore: Double, credited: Double, reducedBefore: Double, owedAfterCredit: Double
  ) -> Double {
    let threshold = 0.25 * orderHours
    let beyond = max(0, workedBefore + credited - max(threshold, workedBefore))
    let cap = max(0, 0.25 * orderHours - reducedBefore)
    return max(0, min(0.5 * beyond, cap, owedAfterCredit))
  }

  /// What an enforceable outcome leads to: the first in 12 months earns a warning; a further one
  /// within 12 months of a warning goes to breach.
  enum Enforcement { case warning, breach }

  static func enforcement(on date: CalendarDate, lastWarning: CalendarDate?) -> Enforcement {
    if let w = lastWarning, w <= date, date < w.addingMonths(12) { return .breach }
    return .warning
  }
}
