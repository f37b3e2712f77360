import Foundation
import Hummingbird
import Ledger
import PaybackCore

/// "Everyone arrived": one page of shared answers for a group that turned up together, a check
/// page, then an ATTC outcome for each person ticked, each with its own idempotency key.
///
/// Anyone who did not arrive, or whose work or times differ, is unticked and recorded one by one.
extension SupervisorController {
  func addGroup(to group: RouterGroup<WebContext>) {
    group.get("sessions/:session/everyone", use: showGroup)
    group.post("sessions/:session/everyone", use: recordGroup)
  }

  /// People on the session still without an outcome.
  func pending(_ s: SupervisorSession) -> [Appointment] { s.appointments.filter { $0.outcome == nil } }

  @Sendable func showGroup(_ request: Request, context: WebContext) async throws -> Response {
    let s = try await ownSession(context)
    var answers = Answers()
    answers.key = randomToken()
    let everyone = Set(pending(s).map(\.person))
    return try await groupPage(s, answers, chosen: everyone, check: false, FieldErrors(), context)
  }

  @Sendable func recordGroup(_ request: Request, context: WebContext) async throws -> Response {
    let user = try context.requireUser()
    let s = try await ownSession(context)
    let form = context.form ?? FormData(fields: [])
    var answers = Answers(form)
    answers.attended = "yes"
    answers.outcome = OutcomeCode.ATTC.rawValue
    if answers.key.isEmpty { answers.key = randomToken() }
    let open = pending(s)
    let chosen = Set(form.fields.filter { $0.0 == "person" }.map(\.1)).intersection(open.map(\.person))
    let people = open.filter { chosen.contains($0.person) }
    if form.text("edit") == "1" {
      return try await groupPage(s, answers, chosen: chosen, check: false, FieldErrors(), context)
    }
    var errors = FieldErrors()
    if people.isEmpty { errors.add("people", "Select the people who arrived") }
    let now = try services.today()
    for a in people {
      validate(.times, answers, &errors, appointment: a, now: now)
      validate(.conduct, answers, &errors, appointment: a, now: now)
    }
    if people.isEmpty, let any = open.first {
      validate(.times, answers, &errors, appointment: any, now: now)
      validate(.conduct, answers, &errors, appointment: any, now: now)
    }
    if !errors.isEmpty {
      return try await groupPage(s, answers, chosen: chosen, check: false, errors, context, status: .badRequest)
    }
    guard form.text("step") == "check", form.text("confirm") == "yes" else {
      return try await groupPage(s, answers, chosen: chosen, check: true, FieldErrors(), context)
    }
    var recorded = 0
    for a in people {
      let input = OutcomeInput(
        person: a.person, session: s.session.id, code: .ATTC, start: ClockTime(answers.start)?.minutes,
        finish: ClockTime(answers.finish)?.minutes, penaltyMinutes: answers.penaltyMinutes ?? 0,
        workQuality: WorkGrade(rawValue: answers.quality), behaviour: WorkGrade(rawValue: answers.behaviour),
        recordedBy: user.username, idempotencyKey: "web:\(answers.key)-\(a.person)")
      do {
        let receipt = try await services.ledger.logOutcome(input)
        if !receipt.duplicate {
          recorded += 1
          try await services.store.audit(
            user, action: "outcome recorded",
            detail:
              "\(a.person) on \(s.session.id): ATTC, credited \(receipt.creditedMinutes) minutes (everyone arrived)")
        }
      } catch let error as InputError {
        // The ones before are recorded (and a second try skips them); this one is named.
        let name = (try? await services.ledger.balance(person: a.person))?.person.name ?? a.person
        errors.add("confirm", "\(name): " + Self.sentence(error.problems.first?.message ?? "the ledger refused it"))
        let fresh = try await ownSession(context)
        let left = Set(pending(fresh).map(\.person)).intersection(chosen)
        return try await groupPage(
          fresh, answers, chosen: left, check: true, errors, context, status: .unprocessableContent)
      }
    }
    services.logger.info(
      "group recorded", metadata: ["session": "\(s.session.id)", "recorded": "\(recorded)"])
    return .redirect(to: "/supervisor/sessions/\(s.session.id)?recorded=everyone")
  }

  func groupPage(
    _ s: SupervisorSession, _ answers: Answers, chosen: Set<String>, check: Bool, _ errors: FieldErrors,
    _ context: WebContext, status: HTTPResponse.Status = .ok
  ) async throws -> Response {
    var people: [GroupPage.Person] = []
    for a in pending(s) {
      let name = (try? await services.ledger.balance(person: a.person))?.person.name ?? a.person
      people.append(
        GroupPage.Person(id: a.person, name: name, checked: chosen.contains(a.person), inputID: "person-\(a.person)"))
    }
    // The first checkbox carries the group's id, so the error summary's link lands on it.
    if !people.isEmpty { people[0].inputID = "people" }
    let first = pending(s).first
    func grades(_ field: String, _ chosen: String) -> [RecordPage.GradeChoice] {
      WorkGrade.allCases.enumerated().map { i, g in
        RecordPage.GradeChoice(
          value: g.rawValue, label: g.rawValue.replacingOccurrences(of: "_", with: " ").capitalized,
          checked: g.rawValue == chosen, id: i == 0 ? field : "\(field)-\(g.rawValue)")
      }
    }
    let label = { (g: String) in g.replacingOccurrences(of: "_", with: " ").capitalized }
    var credit = ""
    if check, let first, let start = ClockTime(answers.start), let finish = ClockTime(answers.finish) {
      let length = first.start.flatMap { a in first.end.map { $0 - a } } ?? first.minutes
      if let minutes = try? LedgerRules.creditedMinutes(
        code: .ATTC, start: start.minutes, finish: finish.minutes, penaltyMinutes: answers.penaltyMinutes ?? 0,
        appointmentMinutes: length)
      {
        credit = Format.duration(minutes: minutes)
      }
    }
    let chosenNames = people.filter(\.checked).map(\.name)
    let page = GroupPage(
      session: s.session.id, project: s.project?.name ?? s.session.project, date: Format.longDate(s.session.date),
      action: "/supervisor/sessions/\(s.session.id)/everyone", key: answers.key, isForm: !check, isCheck: check,
      people: people, hasPeople: !people.isEmpty, chosenNames: chosenNames, chosenCount: chosenNames.count,
      start: answers.start.isEmpty && !check ? Format.clock(first?.start) : answers.start,
      finish: answers.finish.isEmpty && !check ? Format.clock(first?.end) : answers.finish,
      penalty: answers.penalty.isEmpty && !check ? "0" : answers.penalty,
      takenOff: (answers.penaltyMinutes ?? 0) == 0 ? "Nothing" : Format.duration(minutes: answers.penaltyMinutes ?? 0),
      quality: answers.quality, behaviour: answers.behaviour, qualityLabel: label(answers.quality),
      behaviourLabel: label(answers.behaviour), qualities: grades("quality", answers.quality),
      behaviours: grades("behaviour", answers.behaviour), credit: credit,
      peopleError: errors.message("people"), startError: errors.message("start"),
      finishError: errors.message("finish"), penaltyError: errors.message("penalty"),
      qualityError: errors.message("quality"), behaviourError: errors.message("behaviour"),
      confirmError: errors.message("confirm"))
    return services.views.render(
      page, title: check ? "Check before recording everyone" : "Everyone who arrived", context: context,
      errors: errors, status: status)
  }
}
