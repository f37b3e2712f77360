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
    group.get("jobs/:job/progress", use: jobProgress)
    group.post("weeks/:week/pin", use: pin)
    group.post("weeks/:week/stand-down", use: standDown)
    group.post("weeks/:week/publish", use: publish)
    group.get("weeks/:week/roster.csv", use: csv)
    group.get("weeks/:week/print", use: printView)
    group.get("weeks/:week/sessions/:session", use: sessionPage)
    group.get("weeks/:week/unbooked", use: unbooked)
    group.get("risk", use: risk)
    group.get("audit", use: audit)
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
    // Published by the web app or by `payback publish`: the ledger's staffing says so either way.
    let publishedWeeks = try await services.ledger.publishedWeeks(
      from: monday.adding(days: -7), to: monday.adding(days: 7 * 8 + 6))
    var weeks: [ChooseWeekPage.Week] = []
    for w in (-1...7).map({ monday.adding(days: 7 * $0) }) {
      let draft = try await services.store.draft(week: w)
      let published = try await services.store.isPublished(week: w) || publishedWeeks.contains(w)
      weeks.append(
        ChooseWeekPage.Week(
          week: w.description, date: Format.longDate(w), sessions: count[w] ?? 0, current: w == monday,
          status: published ? "Published" : draft.roster == nil ? "Not planned" : "Draft",
          tag: published ? "tag--green" : draft.roster == nil ? "tag--grey" : "tag--yellow"))
    }
    return services.views.render(
      ChooseWeekPage(weeks: weeks, typed: typed, startError: errors.message("start")), title: "Choose a week",
      context: context, errors: errors, status: status)
  }

  /// "Go to a week" form: any day of the week, typed as people write dates (30/11/2026 or 2026-11-30).
  @Sendable func chooseWeek(_ request: Request, context: WebContext) async throws -> Response {
    // A browser's GET form sends spaces as "+".
    let typed = (request.uri.queryParameters["start"].map(String.init) ?? "").replacingOccurrences(of: "+", with: " ")
      .trimmingCharacters(in: .whitespaces)
    var errors = FieldErrors()
    if typed.isEmpty {
      errors.add("start", "Enter the date the week starts")
    } else {
      switch WebDates.typed(typed) {
      case .success(let date):
        // Any day finds its week: the Monday on or before it.
        return .redirect(to: "/coordinator/weeks/\(date.adding(days: -date.weekday.index))")
      case .failure(let problem):
        errors.add("start", problem.message)
      }
    }
    return try await homePage(context: context, errors: errors, typed: typed, status: .badRequest)
  }

  // MARK: A week's roster

  /// The week named in the path, built from the ledger; 404 for anything but a Monday.
  func instance(_ context: WebContext) async throws -> Instance {
    let date = try weekStart(context)
    return try await services.ledger.weekInstance(date)
  }

  /// The Monday named in the path, checked for range before any date arithmetic.
  func weekStart(_ context: WebContext) throws -> CalendarDate {
    let text = try context.parameters.require("week")
    switch WebDates.iso(text) {
    case .failure(.outOfRange):
      throw WebError.notFound(
        "There is no planning week starting \(text): dates must be between \(WebDates.years.lowerBound) and \(WebDates.years.upperBound)."
      )
    case .failure(.notADate):
      throw WebError.notFound("There is no planning week starting \(text): write the Monday as YYYY-MM-DD.")
    case .success(let date):
      guard date.weekday == .mon else {
        throw WebError.notFound("There is no planning week starting \(text): weeks start on a Monday.")
      }
      return date
    }
  }

  @Sendable func week(_ request: Request, context: WebContext) async throws -> Response {
    let instance = try await instance(context)
    return try await weekResponse(instance, request: request, context: context)
  }

  /// A session's card: its bookings with pin buttons (used by a session's page and the print view).
  func sessionDetail(
    _ project: Project, _ session: Session, _ instance: Instance, _ draft: WeekDraft, assignment a: Assignment?
  ) -> SessionDetail {
    let people = Dictionary(instance.people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let supervisors = Dictionary(instance.supervisors.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let week = instance.weekStart.description
    return SessionDetail(
      id: session.id, anchor: "session-\(session.id)", project: project.displayName,
      kind: project.kind.rawValue, area: project.area, date: Format.longDate(session.date),
      times: [session.start?.description, session.end?.description].compactMap { $0 }.joined(separator: " to "),
      hours: Format.hours(session.hours), capacity: session.capacity, booked: a?.people.count ?? 0,
      stoodDown: draft.stoodDown.contains(session.id), week: week, hasPeople: !(a?.people.isEmpty ?? true),
      supervisors: (a?.supervisors ?? []).map { supervisors[$0]?.name ?? $0 }.joined(separator: ", "),
      people: (a?.people ?? []).map { pid in
        SessionDetail.Person(
          id: pid, name: people[pid]?.displayName ?? pid, risk: people[pid]?.risk.rawValue ?? "",
          pinned: draft.pins.contains(Pin(person: pid, session: session.id)), session: session.id, week: week)
      })
  }

  /// Every session of the week by day, with its bookings (the print view).
  func printPage(_ instance: Instance, draft: WeekDraft) -> PrintPage {
    let assignment = Dictionary(
      (draft.roster?.assignments ?? []).map { ($0.session, $0) }, uniquingKeysWith: { a, _ in a })
    let days = instance.dates.compactMap { date -> PrintPage.Day? in
      let sessions = instance.sessions.filter { $0.session.date == date }
      guard !sessions.isEmpty else { return nil }
      return PrintPage.Day(
        date: Format.longDate(date),
        sessions: sessions.map {
          sessionDetail($0.project, $0.session, instance, draft, assignment: assignment[$0.session.id])
        })
    }
    return PrintPage(
      week: instance.weekStart.description, date: Format.longDate(instance.weekStart), name: instance.name,
      days: days, roster: draft.roster.map { rosterSummary($0, draft) })
  }

  func rosterSummary(_ r: Roster, _ draft: WeekDraft) -> RosterSummary {
    RosterSummary(
      method: r.method, status: r.status, objective: Format.hours(r.objective),
      bookings: r.assignments.reduce(0) { $0 + $1.people.count }, updatedBy: draft.updatedBy ?? "",
      updatedAt: draft.updatedAt.map(Format.timestamp) ?? "")
  }

  /// The week's page, with `errors` beside the plan and publish buttons.
  func weekResponse(
    _ instance: Instance, request: Request, context: WebContext, errors: FieldErrors = FieldErrors(),
    status: HTTPResponse.Status = .ok
  ) async throws -> Response {
    let (page, notice) = try await weekPage(instance, request: request, errors: errors)
    return services.views.render(
      page, title: "Week of \(Format.longDate(instance.weekStart))", context: context, errors: errors,
      notice: notice, status: status)
  }

  /// The week's summary page: counts by day and by town, and the sessions as one table, filtered by
  /// day and town. Bookings and pin buttons live on each session's own page, so that a region's
  /// week (hundreds of sessions) stays a page a person can read.
  func weekPage(_ instance: Instance, request: Request, errors: FieldErrors = FieldErrors()) async throws
    -> (WeekPage, notice: String?)
  {
    let draft = try await services.store.draft(week: instance.weekStart)
    let publishedHere = try await services.store.isPublished(week: instance.weekStart)
    let staffed = try await services.ledger.publishedWeeks(
      from: instance.weekStart, to: instance.weekStart.adding(days: 6))
    let published = publishedHere || !staffed.isEmpty
    let dayText = request.uri.queryParameters["day"].map(String.init) ?? ""
    let dayFilter: CalendarDate? =
      if case .success(let d) = WebDates.iso(dayText), instance.dates.contains(d) { d } else { nil }
    let areas = Array(Set(instance.projects.map(\.area))).sorted()
    let areaText = request.uri.queryParameters["area"].map(String.init) ?? ""
    let areaFilter = areas.contains(areaText) ? areaText : nil
    let assignment = Dictionary(
      (draft.roster?.assignments ?? []).map { ($0.session, $0) }, uniquingKeysWith: { a, _ in a })
    let week = instance.weekStart.description

    func counts(_ list: [(project: Project, session: Session)]) -> (Int, Int, Int, Int, Int?) {
      let booked = list.reduce(0) { $0 + (assignment[$1.session.id]?.people.count ?? 0) }
      let places = list.reduce(0) { $0 + $1.session.capacity }
      let down = list.filter { draft.stoodDown.contains($0.session.id) }.count
      return (list.count, places, booked, max(0, places - booked), down > 0 ? down : nil)
    }
    let all = instance.sessions
    let byDay = instance.dates.map { date in
      let (sessions, places, booked, free, down) = counts(all.filter { $0.session.date == date })
      return WeekPage.Day(
        label: Format.longDate(date), day: date.description, week: week, current: date == dayFilter,
        sessions: sessions, places: places, booked: booked, free: free, stoodDown: down)
    }
    let byTown = areas.map { area in
      let (sessions, places, booked, free, down) = counts(all.filter { $0.project.area == area })
      return WeekPage.Town(
        area: area, week: week, current: area == areaFilter, sessions: sessions, places: places, booked: booked,
        free: free, stoodDown: down)
    }
    let shown = all.filter {
      (dayFilter == nil || $0.session.date == dayFilter) && (areaFilter == nil || $0.project.area == areaFilter)
    }.sorted {
      ($0.session.date, $0.session.start?.minutes ?? 0, $0.session.id) < (
        $1.session.date, $1.session.start?.minutes ?? 0, $1.session.id
      )
    }
    let rows = shown.map { project, session in
      let a = assignment[session.id]
      let pins = draft.pins.filter { $0.session == session.id }.count
      return WeekPage.SessionRow(
        id: session.id, project: project.displayName, area: project.area, date: Format.shortDate(session.date),
        times: [session.start?.description, session.end?.description].compactMap { $0 }.joined(separator: "–"),
        booked: a?.people.count ?? 0, capacity: session.capacity, stoodDown: draft.stoodDown.contains(session.id),
        pinned: pins > 0 ? pins : nil, supervisors: (a?.supervisors ?? []).count, week: week)
    }
    var changes: ChangesView?
    var canKeep = published
    if published, let roster = draft.roster {
      let before = try await services.ledger.publishedBookings(instance)
      canKeep = !before.isEmpty
      if !before.isEmpty {
        changes = changesView(LeastDisruption.changes(published: before, roster: roster, instance: instance), instance)
      }
    }
    let page = WeekPage(
      week: week, date: Format.longDate(instance.weekStart), name: instance.name,
      byDay: byDay, byTown: byTown, sessionRows: rows, hasSessionRows: !rows.isEmpty,
      shownCount: rows.count, totalCount: all.count, filtered: dayFilter != nil || areaFilter != nil,
      days: instance.dates.map {
        WeekPage.DayOption(day: $0.description, label: Format.longDate($0), selected: $0 == dayFilter)
      },
      areas: areas.map { WeekPage.AreaOption(area: $0, selected: $0 == areaFilter) },
      hasRoster: draft.roster != nil, published: published, unbookedCount: unbookedRows(instance, draft).count,
      pinCount: draft.pins.isEmpty ? nil : draft.pins.count,
      stoodDownCount: draft.stoodDown.isEmpty ? nil : draft.stoodDown.count,
      roster: draft.roster.map { rosterSummary($0, draft) },
      runningJob: services.jobs.running(week: instance.weekStart)?.id, canKeep: canKeep,
      changeCost: request.uri.queryParameters["change_cost"].map(String.init)
        ?? Format.hours(services.configuration.replanChangeCost),
      changes: changes, changeCostError: errors.message("change-cost"), methodError: errors.message("method"),
      generateError: errors.message("generate"))
    let notice: String? =
      switch request.uri.queryParameters["done"].map(String.init) {
      case "published": "The roster was published to the ledger. Supervisors can now see their sessions."
      case "stood-down": "The session was stood down. Re-plan the week to move the people booked on it."
      case "restored": "The session was restored. Re-plan the week to book people on it."
      case "generated": "The roster was generated and checked."
      default: nil
      }
    return (page, notice)
  }

  /// The changes as the page lists them: names, sessions and days.
  func changesView(_ c: LeastDisruption.Changes, _ instance: Instance) -> ChangesView {
    let people = Dictionary(instance.people.map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
    var sessions: [String: String] = [:]
    for (p, s) in instance.sessions { sessions[s.id] = "\(p.displayName), \(Format.shortDate(s.date))" }
    let moved = c.moved.map { m in
      ChangesView.Moved(
        id: m.person, name: people[m.person] ?? m.person, from: sessions[m.from] ?? m.from,
        to: m.to.isEmpty ? "Not booked that day" : m.to.map { sessions[$0] ?? $0 }.joined(separator: "; "))
    }
    let added = c.added.map {
      ChangesView.Added(
        id: $0.person, name: people[$0.person] ?? $0.person, session: sessions[$0.session] ?? $0.session)
    }
    let tell = c.peopleToTell.map { people[$0] ?? $0 }
    return ChangesView(
      kept: c.kept, changed: c.changed, moved: moved, hasMoved: !moved.isEmpty, added: added, hasAdded: !added.isEmpty,
      none: moved.isEmpty && added.isEmpty, tell: tell.joined(separator: ", "), tellCount: tell.count)
  }

  /// People booked below their weekly target, with the scheduler's reasons.
  func unbookedRows(_ instance: Instance, _ draft: WeekDraft) -> [UnbookedPage.Row] {
    guard let roster = draft.roster else { return [] }
    let people = Dictionary(instance.people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let booked = Set(roster.assignments.flatMap(\.people))
    var rows = roster.shortfalls.map {
      UnbookedPage.Row(
        id: $0.person, name: people[$0.person]?.displayName ?? $0.person, booked: Format.hours($0.bookedHours),
        target: Format.hours($0.targetHours), reasons: $0.reasons.joined(separator: "; "))
    }
    let listed = Set(roster.shortfalls.map(\.person))
    for p in instance.people where !booked.contains(p.id) && !listed.contains(p.id) {
      rows.append(
        UnbookedPage.Row(
          id: p.id, name: p.displayName, booked: "0", target: "0",
          reasons: p.hoursRemaining > 0 ? "not booked this week" : "no hours left to work"))
    }
    return rows
  }

  /// One session of the week: its bookings, pins and the stand-down button.
  @Sendable func sessionPage(_ request: Request, context: WebContext) async throws -> Response {
    let instance = try await instance(context)
    let id = try context.parameters.require("session")
    guard let (project, session) = instance.sessions.first(where: { $0.session.id == id }) else {
      throw WebError.notFound("There is no session \(id) in the week of \(Format.longDate(instance.weekStart)).")
    }
    let draft = try await services.store.draft(week: instance.weekStart)
    let a = draft.roster?.assignments.first { $0.session == id }
    let page = CoordinatorSessionPage(
      session: sessionDetail(project, session, instance, draft, assignment: a),
      weekDate: Format.longDate(instance.weekStart), hasRoster: draft.roster != nil)
    let notice: String? =
      switch request.uri.queryParameters["done"].map(String.init) {
      case "pinned": "The booking was pinned: the next re-plan keeps it."
      case "unpinned": "The booking was unpinned."
      default: nil
      }
    return services.views.render(
      page, title: "\(project.displayName), \(Format.longDate(session.date))", context: context, notice: notice)
  }

  /// The people not booked to their weekly target, and why.
  @Sendable func unbooked(_ request: Request, context: WebContext) async throws -> Response {
    let instance = try await instance(context)
    let draft = try await services.store.draft(week: instance.weekStart)
    let rows = unbookedRows(instance, draft)
    let page = UnbookedPage(
      week: instance.weekStart.description, date: Format.longDate(instance.weekStart), unbooked: rows,
      hasUnbooked: !rows.isEmpty, hasRoster: draft.roster != nil)
    return services.views.render(page, title: "People not booked to their target", context: context)
  }

  // MARK: Generate

  @Sendable func plan(_ request: Request, context: WebContext) async throws -> Response {
    let user = try context.requireUser()
    var instance = try await instance(context)
    let form = context.form ?? FormData(fields: [])
    guard let method = SolveOptions.Method(rawValue: form.text("method")) else {
      var errors = FieldErrors()
      errors.add("method", "Select how to generate the roster")
      return try await weekResponse(instance, request: request, context: context, errors: errors, status: .badRequest)
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
    // A published week: keep what people have been told unless a change gains more than the setting.
    var keep: (published: [Pin], changeCost: Double)?
    if form.text("keep") == "yes" {
      let text = form.text("change_cost")
      guard let cost = Double(text), cost.isFinite, (0...1000).contains(cost) else {
        var errors = FieldErrors()
        errors.add("change-cost", "Enter what a change must gain as a number from 0 to 1000, like 2")
        return try await weekResponse(instance, request: request, context: context, errors: errors, status: .badRequest)
      }
      let published = try await services.ledger.publishedBookings(instance)
      if !published.isEmpty { keep = (published, cost) }
    }
    let store = services.store
    let week = instance.weekStart
    let detail =
      "\(method.rawValue), \(draft.pins.count) pins, \(draft.stoodDown.count) sessions stood down"
      + (keep.map { ", keeping published bookings unless a change gains more than \(Format.hours($0.changeCost))" }
        ?? "")
    let id = services.jobs.start(
      instance: instance, method: method, timeLimit: services.configuration.solveTimeLimit, user: user,
      logger: services.logger, keep: keep
    ) { roster in
      try await store.saveDraft(roster, week: week, by: user, detail: detail)
    }
    return .redirect(to: "/coordinator/jobs/\(id)")
  }

  @Sendable func job(_ request: Request, context: WebContext) async throws -> Response {
    let id = try context.parameters.require("job")
    guard let job = services.jobs.job(id) else { throw WebError.notFound("No roster is being generated with that id.") }
    let p = progress(job)
    var page = JobPage(
      id: job.id, week: job.week.description, date: Format.longDate(job.week), method: job.method.rawValue,
      startedBy: job.startedBy, history: history(job), running: false, failed: nil, elapsedText: p.elapsedText,
      phase: p.phase, objective: p.objective, bound: p.bound, gap: p.gap, percent: p.percent)
    switch job.state {
    case .running:
      page.running = true
    case .finished:
      return .redirect(to: "/coordinator/weeks/\(job.week)?done=generated")
    case .failed(let message):
      page.failed = message
    }
    return services.views.render(page, title: "Generating the roster", context: context)
  }

  /// The progress figures as JSON, for the page to update itself in place.
  @Sendable func jobProgress(_ request: Request, context: WebContext) async throws -> Response {
    let id = try context.parameters.require("job")
    guard let job = services.jobs.job(id) else { throw WebError.notFound("No roster is being generated with that id.") }
    var fields: [(String, String)] = []
    let p = progress(job)
    for (key, value) in [
      ("phase", p.phase), ("elapsedText", p.elapsedText), ("objective", p.objective), ("bound", p.bound),
      ("gap", p.gap),
    ] {
      if let v = value { fields.append((key, "\"" + SupervisorController.jsonEscape(v) + "\"")) }
    }
    if let percent = p.percent { fields.append(("percent", "\(percent)")) }
    let history = history(job).map { "\"" + SupervisorController.jsonEscape($0) + "\"" }
    fields.append(("history", "[" + history.joined(separator: ",") + "]"))
    switch job.state {
    case .running: break
    case .finished: fields.append(("redirect", "\"/coordinator/weeks/\(job.week)?done=generated\""))
    case .failed: fields.append(("failed", "true"))
    }
    let body = "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    return Response(
      status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
  }

  func progress(_ job: PlanJobs.Job) -> JobProgress {
    Self.progressValues(
      elapsed: services.configuration.now().timeIntervalSince(job.startedAt),
      limit: services.configuration.solveTimeLimit, phase: job.progress?.phase, objective: job.progress?.objective,
      bound: job.progress?.bound)
  }

  func history(_ job: PlanJobs.Job) -> [String] {
    job.history.map { h in
      "After \(Int(h.elapsed)) s: best \(Format.hours(h.objective))"
        + (h.bound.map { ", bound \(Format.hours($0))" } ?? "")
    }
  }

  /// The figures a progress page shows; a bound or objective that is not a finite number is left out
  /// (the solver has none yet), and one second is "1 second".
  static func progressValues(elapsed: Double, limit: Double, phase: String?, objective: Double?, bound: Double?)
    -> JobProgress
  {
    let seconds = max(0, Int(elapsed.isFinite ? elapsed : 0))
    var values = JobProgress(elapsedText: seconds == 1 ? "1 second" : "\(seconds) seconds")
    if let phase, !phase.isEmpty { values.phase = phase }
    if let objective, objective.isFinite { values.objective = Format.hours(objective) }
    if let bound, bound.isFinite { values.bound = Format.hours(bound) }
    if let objective, let bound, objective.isFinite, bound.isFinite, abs(bound) > 1e-9 {
      // How far the best roster may still be from the best possible (the solver's gap).
      let gap = max(0, (bound - objective) / abs(bound) * 100)
      values.gap = gap < 0.05 ? "0%" : String(format: "%.1f%%", gap)
    }
    let percent = Int(min(100, max(0, (elapsed.isFinite ? elapsed : 0) / max(limit, 1) * 100)))
    if percent > 0 { values.percent = percent }
    return values
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
    return .redirect(
      to:
        "/coordinator/weeks/\(instance.weekStart)/sessions/\(percentEncode(session))?done=\(pinned ? "pinned" : "unpinned")"
    )
  }

  @Sendable func standDown(_ request: Request, context: WebContext) async throws -> Response {
    let user = try context.requireUser()
    let instance = try await instance(context)
    let form = context.form ?? FormData(fields: [])
    let session = form.text("session")
    guard let (project, found) = instance.sessions.first(where: { $0.session.id == session }) else {
      throw WebError.badRequest("That session is not in this week.")
    }
    let down = form.text("action") != "restore"
    // Standing a session down tells its people not to come: ask first.
    if down, form.text("confirm") != "yes" {
      return confirmPage(
        context: context, heading: "Are you sure you want to stand down this session?",
        detail:
          "\(project.displayName), \(Format.longDate(found.date)) (\(session)). Nobody will be booked on it at the next re-plan, and pins on it are removed.",
        action: "/coordinator/weeks/\(instance.weekStart)/stand-down", button: "Yes, stand it down",
        hidden: [("session", session), ("action", "stand-down")],
        back: "/coordinator/weeks/\(instance.weekStart)/sessions/\(percentEncode(session))")
    }
    try await services.store.setStoodDown(session: session, down, week: instance.weekStart, by: user)
    return .redirect(to: "/coordinator/weeks/\(instance.weekStart)?done=\(down ? "stood-down" : "restored")")
  }

  /// "Are you sure?" before a change people will be told about.
  func confirmPage(
    context: WebContext, heading: String, detail: String, action: String, button: String,
    hidden: [(String, String)], back: String
  ) -> Response {
    services.views.render(
      ConfirmPage(
        heading: heading, detail: detail, action: action, button: button, back: back,
        hidden: hidden.map { HiddenField(name: $0.0, value: $0.1) }), title: heading, context: context)
  }

  @Sendable func publish(_ request: Request, context: WebContext) async throws -> Response {
    let user = try context.requireUser()
    let instance = try await instance(context)
    let draft = try await services.store.draft(week: instance.weekStart)
    guard let roster = draft.roster else {
      var errors = FieldErrors()
      errors.add("generate", "Generate a roster before publishing it")
      return try await weekResponse(instance, request: request, context: context, errors: errors, status: .badRequest)
    }
    if context.form?.text("confirm") != "yes" {
      let bookings = roster.assignments.filter { !draft.stoodDown.contains($0.session) }.reduce(0) {
        $0 + $1.people.count
      }
      return confirmPage(
        context: context, heading: "Are you sure you want to publish this roster?",
        detail:
          "Week of \(Format.longDate(instance.weekStart)): \(bookings) bookings become appointments in the ledger, and supervisors see their sessions.",
        action: "/coordinator/weeks/\(instance.weekStart)/publish", button: "Yes, publish it", hidden: [],
        back: "/coordinator/weeks/\(instance.weekStart)")
    }
    // Stood-down sessions are taken out of what is published.
    var published = roster
    published.assignments.removeAll { draft.stoodDown.contains($0.session) }
    let summary = try await services.ledger.publish(published, instance: instance, by: user)
    try await services.store.audit(user, action: "roster published", detail: "week \(instance.weekStart): \(summary)")
    return .redirect(to: "/coordinator/weeks/\(instance.weekStart)?done=published")
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
    let draft = try await services.store.draft(week: instance.weekStart)
    return services.views.render(
      printPage(instance, draft: draft), title: "Roster for the week of \(Format.longDate(instance.weekStart))",
      context: context)
  }

  // MARK: At risk

  @Sendable func risk(_ request: Request, context: WebContext) async throws -> Response {
    let today = try services.today()
    let atRisk = try await services.ledger.atRisk(today: today.date).map { b in
      RiskPage.AtRisk(
        id: b.person.id, name: b.person.name ?? b.person.id,
        remaining: Format.duration(minutes: b.balance.remainingMinutes),
        deadline: b.order.deadline.map(Format.longDate) ?? "None",
        needed: Format.duration(minutes: b.balance.neededMinutesPerWeek),
        status: b.balance.enforcement.status == .breachDue
          ? "Breach due" : PlannerController.paceLabel(b.balance.pace),
        tag: b.balance.enforcement.status == .breachDue ? "tag--red" : PlannerController.paceTag(b.balance.pace))
    }
    // Names and projects, not only ids: the coordinator rings the supervisor about a person.
    var names: [String: String] = [:]
    var projects: [String: String] = [:]
    var overdue: [RiskPage.Overdue] = []
    for a in try await services.ledger.overdue() {
      if names[a.person] == nil {
        names[a.person] = (try? await services.ledger.balance(person: a.person))?.person.name ?? a.person
      }
      if projects[a.session] == nil {
        let s = try? await services.ledger.session(a.session)
        projects[a.session] = s?.project?.name ?? s?.session.project ?? a.session
      }
      overdue.append(
        RiskPage.Overdue(
          date: Format.longDate(a.date), session: a.session, project: projects[a.session] ?? a.session,
          person: a.person, name: names[a.person] ?? a.person))
    }
    let page = RiskPage(
      atRisk: atRisk, hasAtRisk: !atRisk.isEmpty, overdue: overdue, hasOverdue: !overdue.isEmpty,
      today: Format.longDate(today.date))
    return services.views.render(page, title: "People at risk and outcomes overdue", context: context)
  }

  // MARK: Audit trail

  /// Who changed what through the web app (and account changes from the command line), newest first.
  @Sendable func audit(_ request: Request, context: WebContext) async throws -> Response {
    let entries = try await services.store.auditEntries(limit: 200).map { e in
      AuditPage.Entry(at: Format.timestamp(e.at), username: e.username, action: e.action, detail: e.detail)
    }
    return services.views.render(
      AuditPage(entries: entries, hasEntries: !entries.isEmpty), title: "Audit trail", context: context)
  }
}
