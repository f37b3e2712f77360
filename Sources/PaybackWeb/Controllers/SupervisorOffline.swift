import Foundation
import Hummingbird
import Ledger
import PaybackCore

/// Recording where there is no signal: one page with today's and yesterday's sessions and people,
/// kept on the phone by the service worker, whose outcomes wait on the phone (each with its
/// idempotency key) and are sent to `POST /supervisor/outcomes` when the signal returns.
extension SupervisorController {
  func addOffline(to group: RouterGroup<WebContext>) {
    group.get("today", use: today)
    group.post("outcomes", use: receive)
  }

  @Sendable func today(_ request: Request, context: WebContext) async throws -> Response {
    let supervisorID = try supervisorID(context)
    let now = try services.today()
    let dates = [now.date.adding(days: -1), now.date]
    let sessions = try await services.ledger.sessions(supervisor: supervisorID, on: dates)
    var list: [SupervisorTodayPage.Session] = []
    for s in sessions {
      var people: [SupervisorTodayPage.Person] = []
      var records: [String: PersonRecord] = [:]
      for a in s.appointments { records[a.person] = try? await services.ledger.balance(person: a.person).person }
      for a in s.appointments {
        let record = records[a.person]
        let name = record?.name ?? a.person
        let risk = record?.risk ?? ""
        let alerts = Self.alerts(for: record, project: s.project, onSession: records)
        people.append(
          SupervisorTodayPage.Person(
            id: a.person, name: name, session: s.session.id, rowID: "\(s.session.id)/\(a.person)",
            formID: "o-\(s.session.id)-\(a.person)", start: Format.clock(a.start), finish: Format.clock(a.end),
            label: "\(name) on \(s.project?.name ?? s.session.project)",
            recorded: a.outcome.map { "\($0.code.rawValue): \($0.code.meaning)" },
            risk: risk.isEmpty ? "Not known" : risk.prefix(1).uppercased() + risk.dropFirst(),
            riskTag: risk == "high" ? "tag--red" : risk == "medium" ? "tag--yellow" : "tag--grey", alerts: alerts,
            hasAlerts: !alerts.isEmpty))
      }
      list.append(
        SupervisorTodayPage.Session(
          id: s.session.id, project: s.project?.name ?? s.session.project, date: Format.longDate(s.session.date),
          times: times(s.session), people: people, hasPeople: !people.isEmpty))
    }
    let codes = { (attended: Bool) in
      Self.codes(attended: attended).map {
        SupervisorTodayPage.Code(code: $0.rawValue, meaning: $0.meaning, enforceable: $0.isEnforceable)
      }
    }
    let grades = WorkGrade.allCases.map {
      SupervisorTodayPage.Grade(
        value: $0.rawValue, label: $0.rawValue.replacingOccurrences(of: "_", with: " ").capitalized)
    }
    let page = SupervisorTodayPage(
      sessions: list, hasSessions: !list.isEmpty, attendedCodes: codes(true), absentCodes: codes(false),
      grades: grades)
    return services.views.render(page, title: "Record with or without a signal", context: context)
  }

  /// One outcome sent from the phone: the same rules as the page-by-page journey, answered in JSON.
  /// The idempotency key makes a second send of the same outcome a harmless "already recorded".
  @Sendable func receive(_ request: Request, context: WebContext) async throws -> Response {
    let user = try context.requireUser()
    let supervisorID = try supervisorID(context)
    let form = context.form ?? FormData(fields: [])
    func reply(_ status: HTTPResponse.Status, _ fields: [String: String]) -> Response {
      let body = fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\(Self.jsonEscape($0.value))\"" }
        .joined(separator: ",")
      return Response(
        status: status, headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(string: "{\(body)}")))
    }
    let sessionID = form.text("session")
    let person = form.text("person")
    guard let s = try await services.ledger.session(sessionID) else {
      return reply(.unprocessableContent, ["message": "There is no session \(sessionID)."])
    }
    guard s.supervisors.contains(supervisorID) else {
      return reply(.unprocessableContent, ["message": "You can only record sessions you supervise."])
    }
    guard let a = s.appointments.first(where: { $0.person == person }) else {
      return reply(.unprocessableContent, ["message": "\(person) is not booked on this session."])
    }
    var answers = Answers(form)
    guard (16...64).contains(answers.key.utf8.count),
      answers.key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
    else { return reply(.unprocessableContent, ["message": "The outcome has no idempotency key."]) }
    if !answers.didAttend {
      answers.start = ""
      answers.finish = ""
      answers.quality = ""
      answers.behaviour = ""
    }
    let now = try services.today()
    var errors = FieldErrors()
    for step in steps(answers) where step != .check { validate(step, answers, &errors, appointment: a, now: now) }
    if let first = errors.list.first {
      return reply(.unprocessableContent, ["field": first.field, "message": first.message])
    }
    guard let code = OutcomeCode(rawValue: answers.outcome) else {
      return reply(.unprocessableContent, ["field": "outcome", "message": "Select an outcome"])
    }
    let input = OutcomeInput(
      person: a.person, session: s.session.id, code: code, start: ClockTime(answers.start)?.minutes,
      finish: ClockTime(answers.finish)?.minutes, penaltyMinutes: 0, workQuality: WorkGrade(rawValue: answers.quality),
      behaviour: WorkGrade(rawValue: answers.behaviour), notes: answers.notes.isEmpty ? nil : answers.notes,
      recordedBy: user.username, idempotencyKey: "web:" + answers.key)
    do {
      let receipt = try await services.ledger.logOutcome(input)
      if !receipt.duplicate {
        try await services.store.audit(
          user, action: "outcome recorded",
          detail:
            "\(a.person) on \(s.session.id): \(code.rawValue), credited \(receipt.creditedMinutes) minutes (sent from the phone)"
        )
      }
      return reply(.ok, ["status": receipt.duplicate ? "already recorded" : "recorded", "entry": "\(receipt.seq)"])
    } catch let error as InputError {
      let problem = error.problems.first
      return reply(
        .unprocessableContent,
        ["field": problem?.path ?? "", "message": Self.sentence(problem?.message ?? "The ledger refused it")])
    }
  }

  static func jsonEscape(_ s: String) -> String {
    var out = ""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if u.value < 0x20 || u == "<" || u == ">" || u == "&" {
          out += String(format: "\\u%04x", u.value)
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    return out
  }
}
