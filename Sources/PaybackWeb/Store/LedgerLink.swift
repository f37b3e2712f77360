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

  /// Whether any session of the week has a published roster (staffing or roster appointments).
  func isPublished(week: CalendarDate) async throws -> Bool {
    false
  }

  /// Publishes a roster: its bookings become appointments and its staffing the supervisors' sessions.
  func publish(_ roster: Roster, instance: Instance, by user: WebUser) async throws -> Int {
    throw WebError.badRequest("Publishing is not available yet.")
  }
}

/// Runs a blocking call on a Dispatch thread, off Swift's small cooperative pool.
func offloadedThrowing<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
  }
}
