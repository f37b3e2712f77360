import Foundation
import Ledger
import PaybackCore

/// The web app's door to the ledger: the calls its pages make, shaped for the pages.
struct LedgerLink: Sendable {
  let ledger: Ledger

  // MARK: Sessions and outcomes

  /// The sessions `supervisor` runs on each of `dates`.
  func sessions(supervisor: String, on dates: [CalendarDate]) async throws -> [SupervisorSession] {
    var out: [SupervisorSession] = []
    for d in dates { out += try await ledger.sessions(supervisor: supervisor, on: d) }
    return out
  }

  /// One session with its appointments, or nil when there is no such session.
  func session(_ id: String) async throws -> SupervisorSession? {
    let ledger = self.ledger
    return try await offloadedThrowing { try ledger.session(id) }
  }

  func balance(person: String) async throws -> PersonBalance {
    try await ledger.balance(person: person)
  }

  func person(_ id: String) async throws -> PersonRecord? {
    try await balance(person: id).person
  }

  /// Records an outcome; rule violations come back as `InputError` naming the field.
  func logOutcome(_ input: OutcomeInput) async throws -> Receipt {
    try await ledger.logOutcome(input)
  }

  // MARK: Coordinator

  func atRisk(today: CalendarDate) async throws -> [PersonBalance] {
    try await ledger.atRisk(asOf: today)
  }

  func overdue() async throws -> [Appointment] {
    try await ledger.overdue()
  }

  /// The week's planning problem as the ledger holds it now.
  func weekInstance(_ week: CalendarDate) async throws -> Instance {
    try await ledger.weekInstance(weekStart: week)
  }

  /// Sessions recorded in the ledger between two dates, inclusive.
  func sessionRecords(from: CalendarDate, to: CalendarDate) async throws -> [SessionRecord] {
    let ledger = self.ledger
    return try await offloadedThrowing { try ledger.sessions(from: from, to: to) }
  }

  /// Publishes a roster: its bookings become appointments and its staffing the supervisors' sessions.
  func publish(_ roster: Roster, instance: Instance, by user: WebUser) async throws -> PublishSummary {
    try await ledger.publish(roster, for: instance, by: user.username)
  }
}

/// Runs a blocking call on a Dispatch thread, off Swift's small cooperative pool.
func offloadedThrowing<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
  }
}
