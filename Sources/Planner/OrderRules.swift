import PaybackCore

/// The ledger's rules (PaybackCore/Rules) as the simulation applies them, in whole minutes like
/// the ledger, so that simulated credit follows exactly what the ledger would record.
enum OrderRules {
  /// Credit for an outcome: the ledger's credited minutes for the code (attended outcomes only),
  /// capped as the ledger demands: never more than still owed, and on an ETE project never more
  /// than the ETE allowance left.
  static func credit(code: OutcomeCode, workedMinutes: Int, owedMinutes: Int, isETE: Bool, eteLeftMinutes: Int) -> Int {
    guard code.isAttended else { return 0 }
    var c = min(max(0, workedMinutes), max(0, owedMinutes))
    if isETE { c = min(c, max(0, eteLeftMinutes)) }
    return c
  }

  /// Minutes of ETE an order allows (the ledger's rule: 30% of the ordered minutes).
  static func eteAllowance(orderedMinutes: Int) -> Int { LedgerRules.eteAllowance(orderedMinutes: orderedMinutes) }

  /// The whole earned reduction of an order (Sentencing Act 2026, s.37), by the ledger's
  /// ``EarnedReduction``: `eligibleWorkedMinutes` is the work before the first enforceable
  /// outcome, `carriedMinutes` the part of it done before the record began (an opening balance,
  /// which counts towards the threshold but earns nothing), `ceiling` what is owed before
  /// reduction.
  static func earnedReduction(
    orderedMinutes: Int, type: OrderType = .communityOrder, eligibleWorkedMinutes: Int, carriedMinutes: Int = 0,
    ceiling: Int
  ) -> Int {
    let carried = min(max(0, carriedMinutes), eligibleWorkedMinutes)
    let day = CalendarDate(dayNumber: 0)
    // The work as an opening balance and one attended outcome: the reduction depends only on
    // their totals.
    var policy = LedgerPolicy.standard
    policy.earnedReduction = true
    return EarnedReduction.compute(
      orderedMinutes: orderedMinutes, type: type,
      entries: [
        .opening(credited: carried, on: day, sequence: 0),
        .outcome(.ATTC, on: day, credited: eligibleWorkedMinutes - carried, sequence: 1),
      ], ceiling: ceiling, policy: policy
    ).minutes
  }

  /// What an enforceable outcome leads to.
  enum Enforcement: Equatable { case warning, breach }

  /// The outcome of a failure on `date` given the order's earlier failures, by the ledger's
  /// ``EnforcementState``: a warning, or a breach within 12 months of a live warning.
  static func enforcement(on date: CalendarDate, earlierFailures: [CalendarDate]) -> Enforcement {
    let state = EnforcementState.compute(failureDates: earlierFailures + [date], asOf: date)
    return state.breaches.count > EnforcementState.compute(failureDates: earlierFailures, asOf: date).breaches.count
      ? .breach : .warning
  }
}
