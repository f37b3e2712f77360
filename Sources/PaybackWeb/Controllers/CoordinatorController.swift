import Foundation
import Hummingbird
import Logging
import PaybackCore
import Scheduler

/// Coordinator pages: choose a week, generate and adjust its roster, publish it, see who is at risk.
struct CoordinatorController: Sendable {
  let services: WebServices

  func add(to router: Router<WebContext>) {
    let group = router.group("coordinator").add(middleware: RoleMiddleware(roles: [.coordinator]))
    group.get("", use: home)
    group.get("week", use: chooseWeek)
    group.get("weeks/:week", use: week)
    group.post("weeks/:week/plan", use: plan)
    group.get("jobs/:job", use: job)
    group.post("weeks/:week/pin", use: pin)
    group.post("weeks/:week/stand-down", use: standDown)
    group.post("weeks/:week/publish", use: publish)
    group.get("weeks/:week/roster.csv", use: csv)
    group.get("weeks/:week/print", use: printView)
    group.get("risk", use: risk)
  }

  // MARK: Choose a week

  @Sendable func home(_ request: Request, context: WebContext) async throws -> Response {
    try await homePage(context: context, errors: FieldErrors(), typed: "")
  }

  /// This week, the next seven, and any other week with sessions in the ledger in that span.
  func homePage(context: WebContext, errors: FieldErrors, typed: String, status: HTTPResponse.Status = .ok)
    async throws -> Response
  {
    let today = try services.today().date
    let monday = today.adding(days: -today.weekday.index)
    let sessions = try await services.ledger.sessionRecords(
      from: monday.adding(days: -7), to: monday.adding(days: 7 * 8 + 6))
    var count: [CalendarDate: Int] = [:]
    for s in sessions { count[s.date.adding(days: -s.date.weekday.index), default: 0] += 1 }
    var weeks: [[String: Any]] = []
    for w in (-1...7).map({ monday.adding(days: 7 * $0) }) {
      let draft = try await services.store.draft(week: w)
      let published = try await services.store.isPublished(week: w)
      weeks.append([
        "week": w.description, "date": Format.longDate(w), "sessions": count[w] ?? 0,
        "current": w == monday,
        "status": published ? "Published" : draft.roster == nil ? "Not planned" : "Draft",
        "tag": published ? "tag--green" : draft.roster == nil ? "tag--grey" : "tag--yellow",
      ])
    }
    var response = services.views.render(
      "coordinator-home", errors.values(["weeks": weeks, "typed": typed]), title: "Choose a week", context: context)
    response.status = status
    return response
  }

  /// "Go to a week" form: a Monday typed as YYYY-MM-DD.
  @Sendable func chooseWeek(_ request: Request, context: WebContext) async throws -> Response {
    let typed = (request.uri.queryParameters["start"].map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
    var errors = FieldErrors()
    if typed.isEmpty {
      errors.add("start", "Enter the date the week starts")
    } else if let date = CalendarDate(typed) {
      if date.weekday != .mon {
        errors.add("start", "The week must start on a Monday (\(typed) is a \(date.weekday.fullName))")
      } else {
        return .redirect(to: "/coordinator/weeks/\(date)")
      }
    } else {
      errors.add("start", "Enter a real date, like 2026-11-30")
    }
    return try await homePage(context: context, errors: errors, typed: typed, status: .badRequest)
  }

  // MARK: A week's roster

  /// The week named in the path, built from the ledger; 404 for anything but a Monday.
  func instance(_ context: WebContext) async throws -> Instance {
    let text = try context.parameters.require("week")
    guard let date = CalendarDate(text), date.weekday == .mon else {
      throw WebError.notFound("There is no planning week starting \(text): weeks start on a Monday.")
    }
    return try await services.ledger.weekInstance(date)
  }

  @Sendable func week(_ request: Request, context: WebContext) async throws -> Response {
    let instance = try await instance(context)
    let values = try await weekValues(instance, request: request)
    return services.views.render(
      "coordinator-week", values, title: "Week of \(Format.longDate(instance.weekStart))", context: context)
  }

  func weekValues(_ instance: Instance, request: Request, errors: FieldErrors = FieldErrors()) async throws
    -> [String: Any]
  {
    let draft = try await services.store.draft(week: instance.weekStart)
    let published = try await services.store.isPublished(week: instance.weekStart)
    let dayFilter = request.uri.queryParameters["day"].flatMap { CalendarDate(String($0)) }
    let people = Dictionary(uniqueKeysWithValues: instance.people.map { ($0.id, $0) })
    let supervisors = Dictionary(uniqueKeysWithValues: instance.supervisors.map { ($0.id, $0) })
    let assignment = Dictionary(
      (draft.roster?.assignments ?? []).map { ($0.session, $0) }, uniquingKeysWith: { a, _ in a })
    let week = instance.weekStart.description

    var days: [[String: Any]] = []
    for date in instance.dates where dayFilter == nil || dayFilter == date {
      let sessions = instance.sessions.filter { $0.session.date == date }
      guard !sessions.isEmpty else { continue }
      days.append([
        "date": Format.longDate(date), "id": "day-\(date)",
        "sessions": sessions.map { project, session -> [String: Any] in
          let a = assignment[session.id]
          let down = draft.stoodDown.contains(session.id)
          return [
            "id": session.id, "anchor": "session-\(session.id)", "project": project.displayName,
            "kind": project.kind.rawValue, "area": project.area,
            "times": [session.start?.description, session.end?.description].compactMap { $0 }.joined(separator: " to "),
            "hours": Format.hours(session.hours), "capacity": session.capacity, "booked": a?.people.count ?? 0,
            "stoodDown": down, "week": week, "hasPeople": !(a?.people.isEmpty ?? true),
            "supervisors": (a?.supervisors ?? []).map { supervisors[$0]?.name ?? $0 }.joined(separator: ", "),
            "people": (a?.people ?? []).map { pid -> [String: Any] in
              let pinned = draft.pins.contains(Pin(person: pid, session: session.id))
              return [
                "id": pid, "name": people[pid]?.displayName ?? pid, "risk": people[pid]?.risk.rawValue ?? "",
                "pinned": pinned, "session": session.id, "week": week,
              ]
            },
          ]
        },
      ])
    }
    let booked = Set((draft.roster?.assignments ?? []).flatMap(\.people))
    var unbooked: [[String: Any]] = (draft.roster?.shortfalls ?? []).map {
      [
        "id": $0.person, "name": people[$0.person]?.displayName ?? $0.person, "booked": Format.hours($0.bookedHours),
        "target": Format.hours($0.targetHours), "reasons": $0.reasons.joined(separator: "; "),
      ]
    }
    if draft.roster != nil {
      let listed = Set((draft.roster?.shortfalls ?? []).map(\.person))
      for p in instance.people where !booked.contains(p.id) && !listed.contains(p.id) {
        unbooked.append([
          "id": p.id, "name": p.displayName, "booked": "0", "target": "0",
          "reasons": p.hoursRemaining > 0 ? "not booked this week" : "no hours left to work",
        ])
      }
    }
    let running = services.jobs.running(week: instance.weekStart)
    var values: [String: Any] = [
      "week": week, "date": Format.longDate(instance.weekStart), "name": instance.name,
      "days": days,
      "dayNav": instance.dates.map {
        ["day": $0.description, "label": Format.shortDate($0), "current": $0 == dayFilter, "week": week]
      },
      "filtered": dayFilter != nil, "hasRoster": draft.roster != nil, "published": published,
      "unbooked": unbooked, "hasUnbooked": !unbooked.isEmpty,
    ]
    // Mustache shows a section for any number, 0 included: give the counts only when there are some.
    if !draft.pins.isEmpty { values["pinCount"] = draft.pins.count }
    if !draft.stoodDown.isEmpty { values["stoodDownCount"] = draft.stoodDown.count }
    if let r = draft.roster {
      values["roster"] = [
        "method": r.method, "status": r.status, "objective": Format.hours(r.objective),
        "bookings": r.assignments.reduce(0) { $0 + $1.people.count },
        "updatedBy": draft.updatedBy ?? "", "updatedAt": draft.updatedAt.map(Format.timestamp) ?? "",
      ]
    }
    if let running { values["runningJob"] = running.id }
    return errors.values(values)
  }

  // MARK: Generate

  @Sendable func plan(_ request: Request, context: WebContext) async throws -> Response {
    let user = try context.requireUser()
    var instance = try await instance(context)
    let form = context.form ?? FormData(fields: [])
    guard let method = SolveOptions.Method(rawValue: form.text("method")) else {
      var errors = FieldErrors()
      errors.add("method", "Select how to generate the roster")
      var response = services.views.render(
        "coordinator-week", try await weekValues(instance, request: request, errors: errors),
        title: "Week of \(Format.longDate(instance.weekStart))", context: context)
      response.status = .badRequest
      return response
    }
    if let running = services.jobs.running(week: instance.weekStart) {
      return .redirect(to: "/coordinator/jobs/\(running.id)")
    }
    let draft = try await services.store.draft(week: instance.weekStart)
    // Stood-down sessions take nobody; pins are the coordinator's fixed bookings.
    for p in instance.projects.indices {
      for s in instance.projects[p].sessions.indices where draft.stoodDown.contains(instance.projects[p].sessions[s].id)
      {
        instance.projects[p].sessions[s].capacity = 0
      }
    }
    let known = Set(instance.sessions.map(\.session.id))
    instance.pins = Array(
      Set(instance.pins).union(draft.pins).filter {
        known.contains($0.session) && !draft.stoodDown.contains($0.session)
      }
    ).sorted { ($0.session, $0.person) < ($1.session, $1.person) }
    let store = services.store
    let week = instance.weekStart
    let detail =
      "\(method.rawValue), \(draft.pins.count) pins, \(draft.stoodDown.count) sessions stood down"
    let id = services.jobs.start(
      instance: instance, method: method, timeLimit: services.configuration.solveTimeLimit, user: user,
      logger: services.logger
    ) { roster in
      try await store.saveDraft(roster, week: week, by: user, detail: detail)
    }
    return .redirect(to: "/coordinator/jobs/\(id)")
  }

  @Sendable func job(_ request: Request, context: WebContext) async throws -> Response {
    let id = try context.parameters.require("job")
    guard let job = services.jobs.job(id) else { throw WebError.notFound("No roster is being generated with that id.") }
    var values: [String: Any] = [
      "id": job.id, "week": job.week.description, "date": Format.longDate(job.week), "method": job.method.rawValue,
      "startedBy": job.startedBy, "elapsed": String(format: "%.0f", Date().timeIntervalSince(job.startedAt)),
    ]
    if let p = job.progress {
      values["phase"] = p.phase
      values["objective"] = p.objective.map(Format.hours) ?? ""
      values["bound"] = p.bound.map(Format.hours) ?? ""
      let limit = services.configuration.solveTimeLimit
      values["percent"] = Int(min(100, max(0, p.elapsed / max(limit, 1) * 100)))
    }
    switch job.state {
    case .running:
      values["running"] = true
    case .finished:
      return .redirect(to: "/coordinator/weeks/\(job.week)?generated=1")
    case .failed(let message):
      values["failed"] = message
    }
    return services.views.render("coordinator-job", values, title: "Generating the roster", context: context)
  }

  // MARK: Adjust

  @Sendable func pin(_ request: Request, context: WebContext) async throws -> Response {
    let user = try context.requireUser()
    let instance = try await instance(context)
    let form = context.form ?? FormData(fields: [])
    let person = form.text("person")
    let session = form.text("session")
    guard instance.people.contains(where: { $0.id == person }),
      instance.sessions.contains(where: { $0.session.id == session })
    else { throw WebError.badRequest("That person or session is not in this week.") }
    let pinned = form.text("action") != "unpin"
    try await services.store.setPin(
      Pin(person: person, session: session), pinned: pinned, week: instance.weekStart, by: user)
    return .redirect(to: "/coordinator/weeks/\(instance.weekStart)#session-\(session)")
  }

  @Sendable func standDown(_ request: Request, context: WebContext) async throws -> Response {
    let user = try context.requireUser()
    let instance = try await instance(context)
    let form = context.form ?? FormData(fields: [])
    let session = form.text("session")
    guard instance.sessions.contains(where: { $0.session.id == session }) else {
      throw WebError.badRequest("That session is not in this week.")
    }
    try await services.store.setStoodDown(
      session: session, form.text("action") != "restore", week: instance.weekStart, by: user)
    return .redirect(to: "/coordinator/weeks/\(instance.weekStart)#session-\(session)")
  }

  @Sendable func publish(_ request: Request, context: WebContext) async throws -> Response {
    let user = try context.requireUser()
    let instance = try await instance(context)
    let draft = try await services.store.draft(week: instance.weekStart)
    guard let roster = draft.roster else {
      var errors = FieldErrors()
      errors.add("generate", "Generate a roster before publishing it")
      var response = services.views.render(
        "coordinator-week", try await weekValues(instance, request: request, errors: errors),
        title: "Week of \(Format.longDate(instance.weekStart))", context: context)
      response.status = .badRequest
      return response
    }
    // Stood-down sessions are taken out of what is published.
    var published = roster
    published.assignments.removeAll { draft.stoodDown.contains($0.session) }
    let summary = try await services.ledger.publish(published, instance: instance, by: user)
    try await services.store.audit(user, action: "roster published", detail: "week \(instance.weekStart): \(summary)")
    return .redirect(to: "/coordinator/weeks/\(instance.weekStart)?published=1")
  }

  // MARK: Export

  @Sendable func csv(_ request: Request, context: WebContext) async throws -> Response {
    let instance = try await instance(context)
    let draft = try await services.store.draft(week: instance.weekStart)
    let people = Dictionary(uniqueKeysWithValues: instance.people.map { ($0.id, $0) })
    let sessions = Dictionary(uniqueKeysWithValues: instance.sessions.map { ($0.session.id, $0) })
    var lines = ["date,session,project,start,end,hours,supervisors,person,name,pinned,stood_down"]
    for a in (draft.roster?.assignments ?? []).sorted(by: {
      (sessions[$0.session]?.session.date.dayNumber ?? 0, $0.session) < (
        sessions[$1.session]?.session.date.dayNumber ?? 0, $1.session
      )
    }) {
      guard let (project, session) = sessions[a.session] else { continue }
      for pid in a.people {
        lines.append(
          [
            session.date.description, session.id, project.displayName, session.start?.description ?? "",
            session.end?.description ?? "", Format.hours(session.hours), a.supervisors.joined(separator: " "), pid,
            people[pid]?.displayName ?? "", draft.pins.contains(Pin(person: pid, session: session.id)) ? "yes" : "no",
            draft.stoodDown.contains(session.id) ? "yes" : "no",
          ].map(Format.csv).joined(separator: ","))
      }
    }
    return Response(
      status: .ok,
      headers: [
        .contentType: "text/csv; charset=utf-8",
        .contentDisposition: "attachment; filename=\"roster-\(instance.weekStart).csv\"",
      ], body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\r\n") + "\r\n")))
  }

  @Sendable func printView(_ request: Request, context: WebContext) async throws -> Response {
    let instance = try await instance(context)
    var values = try await weekValues(instance, request: request)
    values["print"] = true
    return services.views.render(
      "coordinator-print", values, title: "Roster for the week of \(Format.longDate(instance.weekStart))",
      context: context)
  }

  // MARK: At risk

  @Sendable func risk(_ request: Request, context: WebContext) async throws -> Response {
    let today = try services.today()
    let atRisk = try await services.ledger.atRisk(today: today.date).map { b -> [String: Any] in
      [
        "id": b.person.id, "name": b.person.name ?? b.person.id,
        "remaining": Format.duration(minutes: b.balance.remainingMinutes),
        "deadline": b.order.deadline.map(Format.longDate) ?? "None",
        "needed": Format.duration(minutes: b.balance.neededMinutesPerWeek),
        "status": b.balance.enforcement.status == .breachDue
          ? "Breach due" : PlannerController.paceLabel(b.balance.pace),
        "tag": b.balance.enforcement.status == .breachDue ? "tag--red" : PlannerController.paceTag(b.balance.pace),
      ]
    }
    let overdue = try await services.ledger.overdue().map { a -> [String: Any] in
      ["date": Format.longDate(a.date), "session": a.session, "person": a.person]
    }
    return services.views.render(
      "coordinator-risk",
      [
        "atRisk": atRisk, "hasAtRisk": !atRisk.isEmpty, "overdue": overdue, "hasOverdue": !overdue.isEmpty,
        "today": Format.longDate(today.date),
      ], title: "People at risk and outcomes overdue", context: context)
  }
}
