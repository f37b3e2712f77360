import Foundation
import Ledger
import PaybackCore

/// The web app's door to the ledger: the calls its pages make, shaped for the pages.
///
/// Every call uses the ledger's blocking API on a Dispatch thread: see `WebStore.read(_:)` for why
/// not GRDB's async API.
struct LedgerLink: Sendable {
  let ledger: Ledger

  // MARK: Sessions and outcomes

  /// The sessions `supervisor` runs on each of `dates`.
  func sessions(supervisor: String, on dates: [CalendarDate]) async throws -> [SupervisorSession] {
    let ledger = self.ledger
    return try await offloadedThrowing { try dates.flatMap { try ledger.sessions(supervisor: supervisor, on: $0) } }
  }

  /// One session with its appointments, or nil when there is no such session.
  func session(_ id: String) async throws -> SupervisorSession? {
    let ledger = self.ledger
    return try await offloadedThrowing { try ledger.session(id) }
  }

  func balance(person: String) async throws -> PersonBalance {
    let ledger = self.ledger
    return try await offloadedThrowing { try ledger.balance(person: person) }
  }

  func person(_ id: String) async throws -> PersonRecord? {
    try await balance(person: id).person
  }

  /// What recording an attended outcome would do to the person's balance.
  ///
  /// Rebuilds the balance entries from the person's history and applies the ledger's own rule
  /// (`OrderBalance.compute`) with the new outcome added. If the rebuilt balance does not match
  /// the ledger's figure today (the history holds something this reading does not know), there is
  /// no preview rather than a wrong one. `replacing` is the outcome a correction replaces.
  func preview(
    person: String, appointment a: Appointment, code: OutcomeCode, start: Int?, finish: Int?, penalty: Int = 0,
    replacing: Int64? = nil
  ) async throws -> OutcomePreview? {
    let ledger = self.ledger
    return try await offloadedThrowing {
      let now = ledger.now
      let current = try ledger.balance(person: person)
      var entries: [BalanceEntry] = []
      var replaced: Int?
      for line in try ledger.history(person: person) where line.supersededBy == nil {
        if line.entry.seq == replacing { replaced = entries.count }
        let e = line.entry
        let day = CalendarDate(dayNumber: e.date ?? 0)
        switch e.kind {
        case .outcome:
          guard let c = OutcomeCode(rawValue: e.code ?? "") else { continue }
          entries.append(
            .outcome(
              c, on: day, at: e.slotStart ?? 0, credited: e.creditedMinutes ?? 0, ete: e.ete, sequence: Int(e.seq)))
        case .travel: entries.append(.travel(e.minutes ?? 0, on: day, sequence: Int(e.seq)))
        case .eteCredit: entries.append(.ete(e.minutes ?? 0, on: day, sequence: Int(e.seq)))
        case .opening:
          entries.append(.opening(credited: e.creditedMinutes ?? 0, ete: e.minutes ?? 0, on: day, sequence: Int(e.seq)))
        default: break
        }
      }
      let terms = current.order.terms
      let rebuilt = OrderBalance.compute(terms: terms, entries: entries, asOf: now.date, policy: ledger.policy)
      guard rebuilt.remainingMinutes == current.balance.remainingMinutes,
        rebuilt.earnedReduction.minutes == current.balance.earnedReduction.minutes
      else { return nil }
      let length = a.start.flatMap { s in a.end.map { $0 - s } } ?? a.minutes
      let credited = try LedgerRules.creditedMinutes(
        code: code, start: start, finish: finish, penaltyMinutes: penalty, appointmentMinutes: length)
      if let replaced { entries.remove(at: replaced) }
      entries.append(.outcome(code, on: a.date, at: a.start ?? 0, credited: credited, ete: a.ete, sequence: Int.max))
      let after = OrderBalance.compute(terms: terms, entries: entries, asOf: now.date, policy: ledger.policy)
      return OutcomePreview(
        creditedMinutes: credited,
        reductionMinutes: after.earnedReduction.minutes - current.balance.earnedReduction.minutes,
        remainingNow: current.balance.remainingMinutes, remainingAfter: after.remainingMinutes)
    }
  }

  /// Records an outcome; rule violations come back as `InputError` naming the field.
  func logOutcome(_ input: OutcomeInput) async throws -> Receipt {
    let ledger = self.ledger
    return try await offloadedThrowing { try ledger.logOutcome(input) }
  }

  // MARK: Coordinator

  func atRisk(today: CalendarDate) async throws -> [PersonBalance] {
    let ledger = self.ledger
    return try await offloadedThrowing { try ledger.atRisk(asOf: today) }
  }

  func overdue() async throws -> [Appointment] {
    let ledger = self.ledger
    return try await offloadedThrowing { try ledger.overdue() }
  }

  /// The week's planning problem as the ledger holds it now.
  func weekInstance(_ week: CalendarDate) async throws -> Instance {
    let ledger = self.ledger
    return try await offloadedThrowing { try ledger.weekInstance(weekStart: week) }
  }

  /// Sessions recorded in the ledger between two dates, inclusive.
  func sessionRecords(from: CalendarDate, to: CalendarDate) async throws -> [SessionRecord] {
    let ledger = self.ledger
    return try await offloadedThrowing { try ledger.sessions(from: from, to: to) }
  }

  /// The Mondays of weeks between two dates with any session staffed in the ledger (published,
  /// by the web app or by the command line).
  func publishedWeeks(from: CalendarDate, to: CalendarDate) async throws -> Set<CalendarDate> {
    let ledger = self.ledger
    return try await offloadedThrowing {
      let staffed = try ledger.store.read { tx in try tx.effective(.staffing, dates: from.dayNumber...to.dayNumber) }
      return Set(
        staffed.compactMap { $0.date.map(CalendarDate.init(dayNumber:)) }.map { $0.adding(days: -$0.weekday.index) })
    }
  }

  /// The bookings people have been told for the week: every appointment on its sessions.
  func publishedBookings(_ instance: Instance) async throws -> [Pin] {
    let ledger = self.ledger
    let ids = instance.sessions.map(\.session.id)
    return try await offloadedThrowing {
      try ids.flatMap { id in (try ledger.session(id)?.appointments ?? []).map { Pin(person: $0.person, session: id) } }
    }
  }

  /// Publishes a roster: its bookings become appointments and its staffing the supervisors' sessions.
  func publish(_ roster: Roster, instance: Instance, by user: WebUser) async throws -> PublishSummary {
    let ledger = self.ledger
    let name = user.username
    return try await offloadedThrowing { try ledger.publish(roster, for: instance, by: name) }
  }
}

/// Minutes credited, taken off by earned reduction, and still to do before and after an outcome.
struct OutcomePreview: Sendable {
  var creditedMinutes: Int
  var reductionMinutes: Int
  var remainingNow: Int
  var remainingAfter: Int
}

/// Runs a blocking call on a Dispatch thread, off Swift's small cooperative pool.
func offloadedThrowing<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
  }
}
