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

  /// Publishes a roster: its bookings become appointments and its staffing the supervisors' sessions.
  func publish(_ roster: Roster, instance: Instance, by user: WebUser) async throws -> PublishSummary {
    let ledger = self.ledger
    let name = user.username
    return try await offloadedThrowing { try ledger.publish(roster, for: instance, by: name) }
  }
}

/// Runs a blocking call on a Dispatch thread, off Swift's small cooperative pool.
func offloadedThrowing<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
  }
}
