import Foundation
import Hummingbird
import Ledger
import Logging
import PaybackCore

/// Supervisor pages: my sessions, and recording each person's attendance one question a page.
///
/// The answers travel as hidden fields from page to page (no half-finished record is stored); the
/// ledger is written only from the check-your-answers page, with an idempotency key so that a
/// double tap records once. A supervisor sees and changes only sessions they run.
struct SupervisorController: Sendable {
  let services: WebServices

  /// Longest note a supervisor may write, in characters and in bytes (one "character" can be a
  /// letter with thousands of accents on it).
  static let maxNotes = 500
  static let maxNoteBytes = 2000

  func add(to router: Router<WebContext>) {
    let group = router.group("supervisor").add(middleware: RoleMiddleware(roles: [.supervisor]))
    group.get("", use: home)
    group.get("sessions/:session", use: session)
    group.get("sessions/:session/people/:person", use: start)
    group.post("sessions/:session/people/:person", use: step)
    addOffline(to: group)
    addCorrections(to: group)
    addGroup(to: group)
  }

  // MARK: My sessions

  @Sendable func home(_ request: Request, context: WebContext) async throws -> Response {
    let supervisorID = try supervisorID(context)
    let now = try services.today()
    let dates = [now.date.adding(days: -1), now.date, now.date.adding(days: 1)]
    let sessions = try await services.ledger.sessions(supervisor: supervisorID, on: dates)
    let labels = ["Yesterday", "Today", "Tomorrow"]
    let days = zip(dates, labels).map { date, label in
      let list = sessions.filter { $0.session.date == date }
      return SupervisorHomePage.Day(
        label: label, lower: label.lowercased(), date: Format.longDate(date), sessions: list.map(summary),
        none: list.isEmpty)
    }
    // Older sessions of this supervisor whose outcomes are still to be recorded.
    var older: [SupervisorSession] = []
    let olderIDs = Set(
      try await services.ledger.overdue().filter { $0.date < dates[0] }.map(\.session))
    for id in olderIDs.sorted() {
      if let s = try await services.ledger.session(id), s.supervisors.contains(supervisorID) { older.append(s) }
    }
    older.sort { ($0.session.date, $0.session.id) < ($1.session.date, $1.session.id) }
    return services.views.render(
      SupervisorHomePage(days: days, older: older.map(summary), hasOlder: !older.isEmpty), title: "My sessions",
      context: context)
  }

  func summary(_ s: SupervisorSession) -> SessionSummary {
    let recorded = s.appointments.filter { $0.outcome != nil }.count
    let total = s.appointments.count
    return SessionSummary(
      id: s.session.id, project: s.project?.name ?? s.session.project, date: Format.longDate(s.session.date),
      times: times(s.session), recorded: recorded, total: total,
      status: total == 0 ? "Nobody booked" : recorded == total ? "All recorded" : "\(recorded) of \(total) recorded",
      tag: total > 0 && recorded == total ? "tag--green" : recorded == 0 ? "tag--grey" : "tag--yellow")
  }

  /// What a supervisor must know about a person on this session: what the site involves that
  /// they are unsuitable for, people on it they must be kept apart from, and a high risk of harm.
  static func alerts(for person: PersonRecord?, project: ProjectRecord?, onSession: [String: PersonRecord])
    -> [String]
  {
    guard let person else { return [] }
    var out: [String] = []
    if person.risk == "high" { out.append("High risk of serious harm") }
    for thing in person.unsuitableFor.sorted() where project?.involves.contains(thing) == true {
      out.append(
        "Unsuitable for work involving \(thing.replacingOccurrences(of: "_", with: " ")), which this site involves")
    }
    // Keep-apart is read both ways: either person's record may name the other.
    let apart = Set(person.keepApart).union(onSession.values.filter { $0.keepApart.contains(person.id) }.map(\.id))
    for id in apart.sorted() where id != person.id {
      guard let other = onSession[id] else { continue }
      out.append("Must be kept apart from \(other.name ?? id), who is also on this session")
    }
    return out
  }

  func times(_ s: SessionRecord) -> String {
    [Format.clock(s.start), Format.clock(s.end)].filter { !$0.isEmpty }.joined(separator: " to ")
  }

  func supervisorID(_ context: WebContext) throws -> String {
    let user = try context.requireUser()
    guard let id = user.supervisorID else { throw WebError.forbidden("Your account is not linked to a supervisor.") }
    return id
  }

  /// The session, if this supervisor runs it: 404 for no such session, 403 for someone else's.
  func ownSession(_ context: WebContext) async throws -> SupervisorSession {
    let supervisorID = try supervisorID(context)
    let id = try context.parameters.require("session")
    guard let s = try await services.ledger.session(id) else {
      throw WebError.notFound("There is no session \(id).")
    }
    guard s.supervisors.contains(supervisorID) else {
      services.logger.warning(
        "supervisor refused another's session",
        metadata: ["user": "\(context.user?.username ?? "")", "session": "\(id)"])
      throw WebError.forbidden("You can only see and record sessions you supervise.")
    }
    return s
  }

  // MARK: A session

  @Sendable func session(_ request: Request, context: WebContext) async throws -> Response {
    let s = try await ownSession(context)
    var people: [SupervisorSessionPage.Person] = []
    let recordedFor = request.uri.queryParameters["recorded"].map(String.init)
    let corrected = request.uri.queryParameters["corrected"] == "1"
    var notice: String?
    var balances: [String: PersonBalance] = [:]
    for a in s.appointments { balances[a.person] = try? await services.ledger.balance(person: a.person) }
    let records = balances.mapValues(\.person)
    if let withdrawn = request.uri.queryParameters["withdrawn"].map(String.init), let b = balances[withdrawn] {
      notice = "Withdrew the outcome for \(b.person.name ?? withdrawn). Record it again when you know what happened."
    }
    if request.uri.queryParameters["recorded"] == "everyone" {
      let count = s.appointments.filter { $0.outcome?.code == .ATTC }.count
      notice = "Recorded ATTC for everyone who arrived (\(count) in all on this session)."
    }
    for a in s.appointments {
      let balance = balances[a.person]
      let name = balance?.person.name ?? a.person
      let risk = balance?.person.risk ?? ""
      let alerts = Self.alerts(for: balance?.person, project: s.project, onSession: records)
      var row = SupervisorSessionPage.Person(
        id: a.person, name: name, session: s.session.id,
        remaining: balance.map { Format.duration(minutes: $0.balance.remainingMinutes) } ?? "", pending: true,
        outcome: nil, credited: "", tag: "", notes: "", hasNotes: false,
        risk: risk.isEmpty ? "Not known" : risk.prefix(1).uppercased() + risk.dropFirst(),
        riskTag: risk == "high" ? "tag--red" : risk == "medium" ? "tag--yellow" : "tag--grey", alerts: alerts,
        hasAlerts: !alerts.isEmpty)
      if let o = a.outcome {
        row.pending = false
        row.outcome = "\(o.code.rawValue): \(o.code.meaning)"
        row.credited = Format.duration(minutes: o.creditedMinutes)
        row.tag = o.code.isEnforceable ? "tag--red" : o.code.isAttended ? "tag--green" : "tag--grey"
        row.notes = o.notes ?? ""
        row.hasNotes = !(o.notes ?? "").isEmpty
        if a.person == recordedFor, let balance {
          let reduction = balance.balance.earnedReduction.minutes
          notice =
            (corrected
              ? "Corrected the outcome for \(name) to \(o.code.rawValue)" : "Recorded \(o.code.rawValue) for \(name)")
            + (o.code.isAttended ? ", \(Format.duration(minutes: o.creditedMinutes)) credited" : "")
            + ". Hours still to do: \(Format.duration(minutes: balance.balance.remainingMinutes))"
            + (reduction > 0 ? " (earned reduction has taken \(Format.duration(minutes: reduction)) off in all)." : ".")
        }
      }
      people.append(row)
    }
    let pending = people.filter(\.pending).count
    let page = SupervisorSessionPage(
      id: s.session.id, project: s.project?.name ?? s.session.project, date: Format.longDate(s.session.date),
      times: times(s.session), people: people, hasPeople: !people.isEmpty, severalPending: pending > 1,
      pendingCount: pending)
    return services.views.render(
      page, title: "\(page.project) – \(Format.longDate(s.session.date))", context: context, notice: notice)
  }

  // MARK: Recording, one question a page

  /// What has been answered so far, read from the hidden fields and the current page's fields.
  struct Answers {
    var attended: String = ""
    var start: String = ""
    var finish: String = ""
    var outcome: String = ""
    var quality: String = ""
    var behaviour: String = ""
    var notes: String = ""
    var key: String = ""
    /// Minutes taken off the time worked: unpaid breaks, and any penalty (empty is none).
    var penalty: String = ""
    /// When correcting: the outcome entry replaced, and why.
    var corrects: String = ""
    var reason: String = ""

    init() {}

    /// The answers an outcome was recorded with, to correct it.
    init(_ o: RecordedOutcome, appointment: Appointment) {
      attended = o.code.isAttended ? "yes" : "no"
      start = Format.clock(o.start)
      finish = Format.clock(o.finish)
      penalty = o.code.isAttended ? String(o.penaltyMinutes) : ""
      outcome = o.code.rawValue
      quality = o.workQuality?.rawValue ?? ""
      behaviour = o.behaviour?.rawValue ?? ""
      notes = o.notes ?? ""
      corrects = String(o.seq)
    }

    init(_ form: FormData) {
      attended = form.text("attended")
      // 0915, 9.15 and 9:15 are all 09:15; anything else is kept as typed so the error can show it.
      start = Self.normalisedTime(form.text("start"))
      finish = Self.normalisedTime(form.text("finish"))
      outcome = form.text("outcome")
      quality = form.text("quality")
      behaviour = form.text("behaviour")
      // Notes keep their inner line breaks; only the ends are trimmed.
      notes = form.text("notes")
      key = form.text("key")
      penalty = form.text("penalty")
      corrects = form.text("corrects")
      reason = form.text("reason")
    }

    /// The minutes to take off (none when empty), or nil when that is not a whole number.
    var penaltyMinutes: Int? { penalty.isEmpty ? 0 : Int(penalty).flatMap { $0 >= 0 ? $0 : nil } }

    /// The entry this corrects, if any.
    var correcting: Int64? { Int64(corrects) }

    var hidden: [HiddenField] {
      [
        ("attended", attended), ("start", start), ("finish", finish), ("outcome", outcome), ("quality", quality),
        ("behaviour", behaviour), ("notes", notes), ("key", key), ("penalty", penalty), ("corrects", corrects),
        ("reason", reason),
      ].map { HiddenField(name: $0.0, value: $0.1) }
    }

    var didAttend: Bool { attended == "yes" }

    static func normalisedTime(_ text: String) -> String { WebTimes.parse(text)?.description ?? text }
  }

  enum Step: String {
    case attendance, times, outcome, conduct, notes, check
  }

  /// The codes offered: the supervisor's codes, split by whether the person turned up.
  static func codes(attended: Bool) -> [OutcomeCode] {
    OutcomeCode.supervisorCodes.filter { $0.isAttended == attended }
  }

  /// Validates one step's fields, adding messages beside them.
  func validate(_ step: Step, _ a: Answers, _ errors: inout FieldErrors, appointment: Appointment, now: LocalMoment) {
    switch step {
    case .attendance:
      if a.attended != "yes" && a.attended != "no" { errors.add("attended", "Select whether they arrived") }
    case .times:
      let start = ClockTime(a.start)
      let finish = ClockTime(a.finish)
      if a.start.isEmpty {
        errors.add("start", "Enter the start time")
      } else if start == nil {
        errors.add("start", "Enter a real start time, like 09:00")
      }
      if a.finish.isEmpty {
        errors.add("finish", "Enter the finish time")
      } else if finish == nil {
        errors.add("finish", "Enter a real finish time, like 16:30")
      }
      if let start, let finish, finish <= start { errors.add("finish", "The finish time must be after the start time") }
      if let start, let finish, finish > start {
        Self.checkWindow(
          start: start.minutes, finish: finish.minutes, appointment: appointment, now: now,
          tolerance: services.ledger.ledger.policy.attendanceToleranceMinutes, &errors)
      }
      if let minutes = a.penaltyMinutes {
        if let start, let finish, finish > start, minutes >= finish.minutes - start.minutes {
          errors.add(
            "penalty",
            "The minutes taken off must be fewer than the time between start and finish (\(finish.minutes - start.minutes) minutes)"
          )
        }
      } else {
        errors.add("penalty", "Enter the minutes taken off as a whole number, like 30, or 0 for none")
      }
    case .outcome:
      if OutcomeCode(rawValue: a.outcome).map({ Self.codes(attended: a.didAttend).contains($0) }) != true {
        errors.add("outcome", "Select an outcome")
      }
    case .conduct:
      if WorkGrade(rawValue: a.quality) == nil { errors.add("quality", "Select the quality of their work") }
      if WorkGrade(rawValue: a.behaviour) == nil { errors.add("behaviour", "Select how they behaved") }
    case .notes:
      if a.notes.count > Self.maxNotes {
        errors.add("notes", "Notes must be \(Self.maxNotes) characters or fewer (you wrote \(a.notes.count))")
      } else if a.notes.utf8.count > Self.maxNoteBytes {
        errors.add(
          "notes",
          "Notes are too long: accents, emoji and other symbols take more room than letters. Shorten them")
      } else if Self.looksLikeHTML(a.notes) {
        errors.add("notes", "Notes must not contain HTML tags such as <b> (write plain text)")
      }
    case .check:
      break
    }
  }

  /// The ledger's time-window rule (`AttendanceWindow`, the one the ledger itself applies when the
  /// outcome is written): times within the session's scheduled times widened by the ledger's
  /// tolerance, and never later than now. Its reason goes beside the field it names; each field
  /// is judged with the other one set to the scheduled time, so both can be named at once.
  static func checkWindow(
    start: Int, finish: Int, appointment a: Appointment, now: LocalMoment, tolerance: Int,
    _ errors: inout FieldErrors
  ) {
    let window = AttendanceWindow(
      date: a.date, scheduledStart: a.start, scheduledEnd: a.end, sessionMinutes: a.minutes,
      toleranceMinutes: tolerance)
    func problem(_ s: Int, _ f: Int) -> RuleViolation? {
      do {
        try window.check(start: s, finish: f, now: now)
        return nil
      } catch let v as RuleViolation {
        return v
      } catch {
        return RuleViolation(field: "finish", message: "\(error)")
      }
    }
    guard let first = problem(start, finish) else { return }
    errors.add(first.field, sentence(first.message))
    // The other field on its own, against the scheduled time for this one.
    if first.field == "start", let end = a.end, let other = problem(min(a.start ?? start, end - 1), finish),
      other.field == "finish"
    {
      errors.add("finish", sentence(other.message))
    } else if first.field == "finish", let begin = a.start,
      let other = problem(start, max(begin + 1, min(a.end ?? finish, now.date == a.date ? now.minute : 1439))),
      other.field == "start"
    {
      errors.add("start", sentence(other.message))
    }
  }

  /// A tag or comment opener (`<b`, `</`, `<!`, `<?`); "< 10 minutes late" is ordinary text.
  static func looksLikeHTML(_ text: String) -> Bool {
    let chars = Array(text)
    for i in chars.indices where chars[i] == "<" && i + 1 < chars.count {
      let next = chars[i + 1]
      if next.isLetter || next == "/" || next == "!" || next == "?" { return true }
    }
    return false
  }

  /// The steps in order for these answers.
  func steps(_ a: Answers) -> [Step] {
    a.didAttend ? [.attendance, .times, .outcome, .conduct, .notes, .check] : [.attendance, .outcome, .notes, .check]
  }

  /// The first step whose answers are missing or wrong.
  func firstIncomplete(_ a: Answers, appointment: Appointment, now: LocalMoment) -> Step {
    for step in steps(a) where step != .check {
      var e = FieldErrors()
      validate(step, a, &e, appointment: appointment, now: now)
      if !e.isEmpty { return step }
    }
    return .check
  }

  func appointment(_ s: SupervisorSession, _ context: WebContext) throws -> Appointment {
    let person = try context.parameters.require("person")
    guard let a = s.appointments.first(where: { $0.person == person }) else {
      throw WebError.notFound("\(person) is not booked on this session.")
    }
    return a
  }

  @Sendable func start(_ request: Request, context: WebContext) async throws -> Response {
    let s = try await ownSession(context)
    let a = try appointment(s, context)
    if a.outcome != nil { return .redirect(to: "/supervisor/sessions/\(s.session.id)") }
    var answers = Answers()
    answers.key = randomToken()
    return try await render(.attendance, answers, FieldErrors(), s, a, context)
  }

  @Sendable func step(_ request: Request, context: WebContext) async throws -> Response {
    let s = try await ownSession(context)
    let a = try appointment(s, context)
    let form = context.form ?? FormData(fields: [])
    var answers = Answers(form)
    if answers.key.isEmpty { answers.key = randomToken() }
    if let o = a.outcome, answers.correcting != o.seq {
      // Already recorded (perhaps by the same form sent twice, or the correction already made).
      return .redirect(to: "/supervisor/sessions/\(s.session.id)?recorded=\(a.person)")
    }
    // A "Change" button on the check page goes back to that question, then straight back to the check.
    if let change = Step(rawValue: form.text("change")), change != .check {
      return try await render(change, answers, FieldErrors(), s, a, context, review: true)
    }
    let submitted = Step(rawValue: form.text("step")) ?? .attendance
    let review = form.text("review") == "1"
    // Back: the previous question, with every answer kept (this page's too, unchecked).
    if form.text("back") == "1" {
      let now = try services.today()
      if review {
        let incomplete = firstIncomplete(answers, appointment: a, now: now)
        return try await render(incomplete, answers, FieldErrors(), s, a, context, review: incomplete != .check)
      }
      let order = steps(answers)
      let position = order.firstIndex(of: submitted) ?? 1
      return try await render(order[max(0, position - 1)], answers, FieldErrors(), s, a, context)
    }
    var errors = FieldErrors()
    let now = try services.today()
    validate(submitted, answers, &errors, appointment: a, now: now)
    if !errors.isEmpty {
      return try await render(submitted, answers, errors, s, a, context, status: .badRequest, review: review)
    }
    // Answers that no longer apply are dropped (a "no" after times were given).
    if !answers.didAttend {
      answers.start = ""
      answers.finish = ""
      answers.penalty = ""
      answers.quality = ""
      answers.behaviour = ""
    }
    if let code = OutcomeCode(rawValue: answers.outcome), code.isAttended != answers.didAttend { answers.outcome = "" }
    let order = steps(answers)
    let incomplete = firstIncomplete(answers, appointment: a, now: now)
    guard submitted == .check, incomplete == .check, form.text("confirm") == "yes" else {
      // Each page leads to the next one (notes too, though optional), or back to the check page when
      // changing an answer; an earlier question left unanswered comes first.
      let position = order.firstIndex(of: submitted) ?? 0
      var target = review ? Step.check : order[min(position + 1, order.count - 1)]
      if (order.firstIndex(of: incomplete) ?? 0) < (order.firstIndex(of: target) ?? 0) { target = incomplete }
      return try await render(target, answers, FieldErrors(), s, a, context, review: review && target != .check)
    }
    return try await record(answers, s, a, context)
  }

  func record(_ answers: Answers, _ s: SupervisorSession, _ a: Appointment, _ context: WebContext) async throws
    -> Response
  {
    let user = try context.requireUser()
    guard let code = OutcomeCode(rawValue: answers.outcome) else {
      return try await render(.outcome, answers, FieldErrors(), s, a, context, status: .badRequest)
    }
    // A correction's reason was checked on its own page; a form made by hand is held to the same.
    if answers.correcting != nil,
      answers.reason.isEmpty || answers.reason.count > Self.maxReason || answers.reason.utf8.count > Self.maxNoteBytes
        || Self.looksLikeHTML(answers.reason)
    {
      var errors = FieldErrors()
      errors.add("confirm", "A correction needs a reason in plain text, up to \(Self.maxReason) characters")
      return try await render(.check, answers, errors, s, a, context, status: .badRequest)
    }
    let input = OutcomeInput(
      person: a.person, session: s.session.id, code: code, start: ClockTime(answers.start)?.minutes,
      finish: ClockTime(answers.finish)?.minutes, penaltyMinutes: answers.penaltyMinutes ?? 0,
      workQuality: WorkGrade(rawValue: answers.quality), behaviour: WorkGrade(rawValue: answers.behaviour),
      notes: answers.notes.isEmpty ? nil : answers.notes, recordedBy: user.username,
      idempotencyKey: "web:" + answers.key, corrects: answers.correcting,
      reason: answers.correcting == nil ? nil : answers.reason)
    do {
      let receipt = try await services.ledger.logOutcome(input)
      if !receipt.duplicate {
        let what = answers.correcting.map { "outcome corrected (entry \($0)): \(answers.reason)" }
        try await services.store.audit(
          user, action: answers.correcting == nil ? "outcome recorded" : "outcome corrected",
          detail: "\(a.person) on \(s.session.id): \(code.rawValue), credited \(receipt.creditedMinutes) minutes"
            + (what.map { "; \($0)" } ?? ""))
      }
    } catch let error as InputError {
      // The ledger refused it: show its reason beside the field it names, and nothing is written.
      var errors = FieldErrors()
      var step = Step.check
      for problem in error.problems {
        let (field, page): (String, Step) =
          switch problem.path {
          case "start": ("start", .times)
          case "finish": ("finish", .times)
          case "penalty_minutes": ("penalty", .times)
          case "code", "outcome": ("outcome", .outcome)
          case "notes": ("notes", .notes)
          default: ("confirm", .check)
          }
        errors.add(field, Self.sentence(problem.message))
        if step == .check { step = page }
      }
      return try await render(step, answers, errors, s, a, context, status: .unprocessableContent)
    }
    return .redirect(
      to: "/supervisor/sessions/\(s.session.id)?recorded=\(a.person)"
        + (answers.correcting == nil ? "" : "&corrected=1"))
  }

  static func sentence(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

  func render(
    _ step: Step, _ answers: Answers, _ errors: FieldErrors, _ s: SupervisorSession, _ a: Appointment,
    _ context: WebContext, status: HTTPResponse.Status = .ok, review: Bool = false
  ) async throws -> Response {
    let balance = try? await services.ledger.balance(person: a.person)
    let name = balance?.person.name ?? a.person
    // The fields this page shows are not repeated as hidden fields.
    let own: Set<String> =
      switch step {
      case .attendance: ["attended"]
      case .times: ["start", "finish", "penalty"]
      case .outcome: ["outcome"]
      case .conduct: ["quality", "behaviour"]
      case .notes: ["notes"]
      case .check: []
      }
    let titles: [Step: String] = [
      .attendance: "Did \(name) arrive?", .times: "When did \(name) start and finish?",
      .outcome: "What was the outcome for \(name)?", .conduct: "How did \(name) work and behave?",
      .notes: "Notes about \(name) (optional)", .check: "Check your answers before recording them",
    ]
    let heading = titles[step] ?? ""
    var page = RecordPage(
      step: step.rawValue, heading: heading, name: name, person: a.person, session: s.session.id,
      project: s.project?.name ?? s.session.project, date: Format.longDate(s.session.date),
      action: "/supervisor/sessions/\(s.session.id)/people/\(a.person)",
      hidden: answers.hidden.filter { !own.contains($0.name) }, review: review,
      attendedYes: answers.attended == "yes", attendedNo: answers.attended == "no",
      start: answers.start.isEmpty && step == .times ? Format.clock(a.start) : answers.start,
      finish: answers.finish.isEmpty && step == .times ? Format.clock(a.end) : answers.finish,
      penalty: answers.penalty.isEmpty && step == .times ? "0" : answers.penalty, notes: answers.notes,
      maxNotes: Self.maxNotes, correcting: answers.correcting != nil, firstQuestion: step == .attendance)
    switch step {
    case .attendance: page.isAttendance = true
    case .times: page.isTimes = true
    case .outcome: page.isOutcome = true
    case .conduct: page.isConduct = true
    case .notes: page.isNotes = true
    case .check: page.isCheck = true
    }
    page.show(errors)
    // The first choice of a group carries the field's own id, so the error summary's link lands on it.
    page.codes = Self.codes(attended: answers.didAttend).enumerated().map { i, c in
      RecordPage.CodeChoice(
        code: c.rawValue, meaning: c.meaning, checked: c.rawValue == answers.outcome,
        id: i == 0 ? "outcome" : "outcome-\(c.rawValue)")
    }
    func grades(_ field: String, _ chosen: String) -> [RecordPage.GradeChoice] {
      WorkGrade.allCases.enumerated().map { i, g in
        RecordPage.GradeChoice(
          value: g.rawValue, label: g.rawValue.replacingOccurrences(of: "_", with: " ").capitalized,
          checked: g.rawValue == chosen, id: i == 0 ? field : "\(field)-\(g.rawValue)")
      }
    }
    page.qualities = grades("quality", answers.quality)
    page.behaviours = grades("behaviour", answers.behaviour)
    if step == .check, let code = OutcomeCode(rawValue: answers.outcome) {
      typealias Row = RecordPage.CheckRow
      var rows = [Row(key: "Arrived", value: answers.didAttend ? "Yes" : "No", change: "attendance")]
      if answers.didAttend {
        rows.append(Row(key: "Times", value: "\(answers.start) to \(answers.finish)", change: "times"))
        let off = answers.penaltyMinutes ?? 0
        rows.append(
          Row(key: "Taken off", value: off == 0 ? "Nothing" : Format.duration(minutes: off), change: "times"))
      }
      rows.append(Row(key: "Outcome", value: "\(code.rawValue): \(code.meaning)", change: "outcome"))
      if answers.didAttend {
        rows.append(
          Row(
            key: "Work quality", value: answers.quality.replacingOccurrences(of: "_", with: " ").capitalized,
            change: "conduct"))
        rows.append(
          Row(
            key: "Behaviour", value: answers.behaviour.replacingOccurrences(of: "_", with: " ").capitalized,
            change: "conduct"))
      }
      rows.append(Row(key: "Notes", value: answers.notes.isEmpty ? "None" : answers.notes, change: "notes"))
      page.rows = rows
      page.enforceable = code.isEnforceable
      page.code = code.rawValue
      // What is credited, what earned reduction takes off on top, and what is left: worked out by
      // the ledger's own balance rule, so the sentence matches the balance shown afterwards.
      if code.isAttended,
        let preview = try? await services.ledger.preview(
          person: a.person, appointment: a, code: code, start: ClockTime(answers.start)?.minutes,
          finish: ClockTime(answers.finish)?.minutes, penalty: answers.penaltyMinutes ?? 0,
          replacing: answers.correcting)
      {
        page.credit = Format.duration(minutes: preview.creditedMinutes)
        if preview.reductionMinutes > 0 { page.reduction = Format.duration(minutes: preview.reductionMinutes) }
        page.remainingAfter = Format.duration(minutes: preview.remainingAfter)
        page.remaining = Format.duration(minutes: preview.remainingNow)
      }
    }
    return services.views.render(page, title: heading, context: context, errors: errors, status: status)
  }
}
