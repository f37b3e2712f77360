import Foundation
import Ledger
import PaybackCore

extension Population {
  /// A population read from the hours ledger: the week starting `weekStart` as the ledger would
  /// roster it (projects with that week's sessions, supervisors, people with hours owed), and each
  /// person's order as the ledger's balance stands the day before.
  ///
  /// A person counts as having had a first session when the ledger holds any credit or any
  /// enforceable outcome for them.
  public static func fromLedger(_ ledger: Ledger, weekStart: CalendarDate, source: String = "ledger") throws
    -> Population
  {
    let template = try ledger.weekInstance(weekStart: weekStart)
    var byPerson: [String: PersonBalance] = [:]
    for b in try ledger.balances(asOf: weekStart.adding(days: -1)) { byPerson[b.person.id] = b }
    var orders: [StartingOrder] = []
    for (i, person) in template.people.enumerated() {
      guard let b = byPerson[person.id] else {
        orders.append(defaultOrder(person, index: i, weekStart: weekStart))
        continue
      }
      let balance = b.balance
      let enforcement = balance.enforcement
      let reduction = balance.earnedReduction
      let started = balance.creditedMinutes > 0 || !enforcement.failures.isEmpty
      orders.append(
        StartingOrder(
          // What is owed (the week's hours_remaining is the work needed to clear it, issue #12).
          personIndex: i, orderHours: Double(balance.orderedMinutes) / 60,
          hoursRemaining: Double(balance.remainingMinutes) / 60,
          hoursWorked: Double(reduction.eligibleWorkedMinutes) / 60,
          hoursCarried: Double(carriedMinutes(reduction)) / 60, hoursReduced: Double(reduction.minutes) / 60,
          eteAllowance: Double(balance.eteLeftMinutes) / 60, sentenceDate: b.order.sentenceDate,
          orderType: b.order.type,
          deadline: b.order.deadline, earnedReductionEligible: balance.earnedReduction.endedOn == nil,
          lastWarning: enforcement.warningLiveUntil != nil ? enforcement.warnings.last : nil,
          firstSession: started ? b.order.sentenceDate : nil))
    }
    return Population(template: template, orders: orders, source: source)
  }

  /// The carried (opening) minutes that, with the ledger's arithmetic, give the reduction the
  /// ledger holds: reduction is earned on work beyond max(threshold, carried), so the balance's
  /// reduction fixes that point (the ledger's balance does not report the opening itself).
  static func carriedMinutes(_ r: EarnedReduction) -> Int {
    let worked = r.eligibleWorkedMinutes
    if r.minutes == 0 { return worked >= r.thresholdMinutes ? worked : 0 }
    return max(0, worked - 2 * r.minutes)
  }

  /// The order the ledger records when it imports `person` (its import of an instance): the
  /// ordered minutes, and the minutes it opens the balance with as done before.
  static func importedOrder(_ person: Person, weekStart: CalendarDate) -> (
    orderedMinutes: Int, openingMinutes: Int, reductionEnded: Bool
  ) {
    let batch = Ledger.batch(
      from: Instance(name: "", weekStart: weekStart, projects: [], supervisors: [], people: [person]))
    let ordered = batch.orders.first?.orderedMinutes ?? Int((person.hoursRemaining * 60).rounded())
    return (ordered, batch.openings.first?.creditedMinutes ?? 0, batch.openings.first?.endsEarnedReduction ?? false)
  }

  /// Whether `path` names a ledger database rather than a population file.
  public static func isLedger(_ path: String) -> Bool {
    let lower = path.lowercased()
    return lower.hasSuffix(".sqlite") || lower.hasSuffix(".sqlite3") || lower.hasSuffix(".db")
  }

  /// Reads a population file, or a ledger (`.sqlite`, `.db`) as of `weekStart` (default: the
  /// Monday of the ledger's current week).
  public static func load(from path: String, weekStart: CalendarDate?) throws -> Population {
    guard isLedger(path) else { return try load(from: path) }
    // Opening a ledger creates it when missing: a mistyped path must not make an empty one.
    guard FileManager.default.fileExists(atPath: path) else {
      throw InputError(source: path, path: "", message: "no such ledger")
    }
    let ledger = try Ledger(path: path)
    let today = ledger.now.date
    let monday = weekStart ?? today.adding(days: -today.weekday.index)
    return try fromLedger(ledger, weekStart: monday, source: path)
  }
}
