import Foundation
import Hummingbird
import Ledger
import PaybackCore

/// Correcting or withdrawing an outcome already recorded, always with a reason.
///
/// Nothing is overwritten: a correction is a new outcome that supersedes the old one (the ledger's
/// `corrects`), a withdrawal is the ledger's retraction; both keep the old entry in the history,
/// say who and why, and are written to the audit trail.
extension SupervisorController {
  func addCorrections(to group: RouterGroup<WebContext>) {
    group.get("sessions/:session/people/:person/change", use: showChange)
    group.post("sessions/:session/people/:person/change", use: change)
  }

  /// The longest reason, in characters and in bytes (as notes).
  static let maxReason = 500

  @Sendable func showChange(_ request: Request, context: WebContext) async throws -> Response {
    let s = try await ownSession(context)
    let a = try appointment(s, context)
    guard a.outcome != nil else { return .redirect(to: "/supervisor/sessions/\(s.session.id)/people/\(a.person)") }
    return try await changePage(s, a, choice: "", reason: "", key: randomToken(), FieldErrors(), context)
  }

  @Sendable func change(_ request: Request, context: WebContext) async throws -> Response {
    let user = try context.requireUser()
    let s = try await ownSession(context)
    let a = try appointment(s, context)
    let form = context.form ?? FormData(fields: [])
    let choice = form.text("choice")
    let reason = form.text("reason")
    var key = form.text("key")
    if key.isEmpty { key = randomToken() }
    guard let o = a.outcome else {
      // Withdrawn already (perhaps by this very form sent twice): the session shows it.
      return .redirect(to: "/supervisor/sessions/\(s.session.id)")
    }
    var errors = FieldErrors()
    if choice != "correct" && choice != "withdraw" { errors.add("choice", "Select whether to correct or withdraw it") }
    if reason.isEmpty {
      errors.add("reason", "Enter the reason: it is kept with the record")
    } else if reason.count > Self.maxReason || reason.utf8.count > Self.maxNoteBytes {
      errors.add("reason", "The reason must be \(Self.maxReason) characters or fewer")
    } else if Self.looksLikeHTML(reason) {
      errors.add("reason", "The reason must not contain HTML tags such as <b> (write plain text)")
    }
    if !errors.isEmpty {
      return try await changePage(s, a, choice: choice, reason: reason, key: key, errors, context, status: .badRequest)
    }
    if choice == "correct" {
      // The answers as recorded, on the check page: each can be changed before the correction is made.
      var answers = Answers(o, appointment: a)
      answers.key = key
      answers.reason = reason
      return try await render(.check, answers, FieldErrors(), s, a, context)
    }
    do {
      let ledger = services.ledger.ledger
      let seq = try await ledger.retract(entry: o.seq, reason: reason, by: user.username, idempotencyKey: "web:" + key)
      try await services.store.audit(
        user, action: "outcome withdrawn",
        detail:
          "\(a.person) on \(s.session.id): \(o.code.rawValue) (entry \(o.seq)) withdrawn by entry \(seq): \(reason)")
    } catch let error as InputError {
      errors.add("choice", Self.sentence(error.problems.first?.message ?? "The ledger refused it"))
      return try await changePage(
        s, a, choice: choice, reason: reason, key: key, errors, context, status: .unprocessableContent)
    }
    return .redirect(to: "/supervisor/sessions/\(s.session.id)?withdrawn=\(a.person)")
  }

  func changePage(
    _ s: SupervisorSession, _ a: Appointment, choice: String, reason: String, key: String, _ errors: FieldErrors,
    _ context: WebContext, status: HTTPResponse.Status = .ok
  ) async throws -> Response {
    let name = (try? await services.ledger.balance(person: a.person))?.person.name ?? a.person
    let o = a.outcome
    let page = ChangeOutcomePage(
      name: name, person: a.person, session: s.session.id, project: s.project?.name ?? s.session.project,
      date: Format.longDate(s.session.date), action: "/supervisor/sessions/\(s.session.id)/people/\(a.person)/change",
      outcome: o.map { "\($0.code.rawValue): \($0.code.meaning)" } ?? "",
      credited: Format.duration(minutes: o?.creditedMinutes ?? 0), key: key, correct: choice == "correct",
      withdraw: choice == "withdraw", reason: reason, maxReason: Self.maxReason,
      choiceError: errors.message("choice"), reasonError: errors.message("reason"))
    return services.views.render(
      page, title: "Correct or withdraw the outcome for \(name)", context: context, errors: errors, status: status)
  }
}
