import Foundation
import PaybackCore

/// What publishing a roster changed.
public struct PublishSummary: Sendable, Equatable, CustomStringConvertible {
  /// New appointments.
  public var booked = 0
  /// Bookings the ledger already held (publishing twice books once).
  public var alreadyBooked = 0
  /// Earlier roster bookings of the week, without an outcome, that the new roster dropped.
  public var cancelled = 0
  /// Sessions whose supervisors were recorded or changed.
  public var staffed = 0
  /// Sessions left alone because they had already started (publishing never rewrites the past).
  public var skippedStarted = 0

  public init(booked: Int = 0, alreadyBooked: Int = 0, cancelled: Int = 0, staffed: Int = 0) {
    self.booked = booked
    self.alreadyBooked = alreadyBooked
    self.cancelled = cancelled
    self.staffed = staffed
  }

  public var description: String {
    "\(booked) booked, \(alreadyBooked) already booked, \(cancelled) cancelled, \(staffed) sessions staffed"
      + (skippedStarted > 0 ? ", \(skippedStarted) sessions already started left as they were" : "")
  }
}

extension Ledger {
  /// The week's planning problem, built from the ledger (`payback-instance/1`).
  ///
  /// - Projects: those with sessions in the week (and in `areas`, when given), in the order they
  ///   were first recorded; their sessions that week.
  /// - Supervisors: those working in one of `areas` (all, without a filter).
  /// - People: everyone with an order, hours still owed, not past their deadline, able to start by
  ///   the week's end, and reaching one of `areas`. `hours_remaining` is the work still needed
  ///   to finish the order (``OrderBalance/workNeededMinutes``: the roster plans work, not debt;
  ///   past the earned-reduction threshold an hour worked clears an hour and a half), and
  ///   `ete_hours_remaining` the ETE allowance left, both from each balance as of the day before
  ///   the week starts (minutes / 60); `deadline` and
  ///   `start_date` from the order; `keep_apart` keeps only people in the instance.
  /// - Pins: bookings made by hand (not from a roster) for that week.
  /// - Defaults: the imported instance's defaults, or the format's.
  public func weekInstance(weekStart: CalendarDate, areas: Set<String>? = nil, name: String? = nil) throws -> Instance {
    guard weekStart.weekday == .mon else {
      throw InputError(
        source: "", path: "--week", message: "\(weekStart) is a \(weekStart.weekday.fullName), not a Monday")
    }
    return try store.read { tx in try self.weekInstance(tx, weekStart: weekStart, areas: areas, name: name) }
  }

  public func weekInstance(weekStart: CalendarDate, areas: Set<String>? = nil, name: String? = nil) async throws
    -> Instance
  {
    guard weekStart.weekday == .mon else {
      throw InputError(
        source: "", path: "--week", message: "\(weekStart) is a \(weekStart.weekday.fullName), not a Monday")
    }
    return try await store.read { tx in try self.weekInstance(tx, weekStart: weekStart, areas: areas, name: name) }
  }

  func weekInstance(
    _ tx: any LedgerReadTransaction, weekStart: CalendarDate, areas: Set<String>?, name: String?
  ) throws -> Instance {
    let weekEnd = weekStart.adding(days: 6)
    let defaults =
      try tx.current(.settings, id: "defaults").flatMap { Self.decode(SchedulingDefaults.self, $0.data) }?.defaults
      ?? Defaults()
    func inRegion(_ a: [String]) -> Bool { areas.map { !$0.isDisjoint(with: a) } ?? true }

    var sessionsByProject: [String: [Session]] = [:]
    for e in try tx.effective(.session, dates: weekStart.dayNumber...weekEnd.dayNumber) {
      guard let s = Self.decode(SessionRecord.self, e.data) else { continue }
      sessionsByProject[s.project, default: []].append(
        Session(
          id: s.id, date: s.date, start: s.start.flatMap(ClockTime.init(minutes:)),
          end: s.end.flatMap(ClockTime.init(minutes:)), hours: Double(s.minutes) / 60, capacity: s.capacity))
    }
    var projects: [Project] = []
    for e in try tx.currentAll(.project) {
      guard let p = Self.decode(ProjectRecord.self, e.data), let sessions = sessionsByProject[p.id],
        areas.map({ $0.contains(p.area) }) ?? true
      else { continue }
      projects.append(
        Project(
          id: p.id, name: p.name, kind: p.projectKind, area: p.area, involves: p.involves,
          requiresSkills: p.requiresSkills, supervisorRequires: p.supervisorRequires, womenOnly: p.womenOnly,
          peoplePerSupervisor: p.peoplePerSupervisor ?? defaults.peoplePerSupervisor,
          minAttendance: p.minAttendance ?? defaults.minAttendance, sessions: sessions))
    }
    let supervisors = try tx.currentAll(.supervisor).compactMap { e -> Supervisor? in
      guard let s = Self.decode(SupervisorRecord.self, e.data), inRegion(s.areas) else { return nil }
      return Supervisor(
        id: s.id, name: s.name, areas: s.areas, available: Set(s.available.compactMap(Weekday.init(rawValue:))),
        unavailableDates: Set(s.unavailableDates.compactMap(CalendarDate.init)), maxSessions: s.maxSessions,
        qualifications: s.qualifications)
    }
    let asOf = LocalMoment(date: weekStart.adding(days: -1), minute: 1439)
    var people: [Person] = []
    for b in try balances(tx, at: asOf, areas: areas, people: { inRegion($0.areas) }) {
      let o = b.order
      guard b.balance.remainingMinutes > 0, o.deadline.map({ $0 >= weekStart }) ?? true,
        (o.startDate ?? o.sentenceDate) <= weekEnd
      else { continue }
      let p = b.person
      people.append(
        Person(
          id: p.id, name: p.name, sex: Sex(rawValue: p.sex) ?? .male, risk: Risk(rawValue: p.risk) ?? .high,
          hoursRemaining: b.balance.hoursOfWorkNeeded, eteHoursRemaining: b.balance.eteHoursRemaining,
          deadline: o.deadline, startDate: o.startDate, available: Set(p.available.compactMap(Weekday.init(rawValue:))),
          unavailableDates: Set(p.unavailableDates.compactMap(CalendarDate.init)), areas: p.areas, skills: p.skills,
          unsuitableFor: p.unsuitableFor, keepApart: p.keepApart,
          minHoursPerWeek: p.minHoursPerWeek ?? defaults.minHoursPerWeek,
          maxHoursPerWeek: p.maxHoursPerWeek ?? defaults.maxHoursPerWeek))
    }
    let ids = Set(people.map(\.id))
    for i in people.indices { people[i].keepApart = people[i].keepApart.filter { ids.contains($0) } }
    let sessionIds = Set(projects.flatMap { $0.sessions.map(\.id) })
    var pins: [Pin] = []
    for a in try tx.effective(.appointment, dates: weekStart.dayNumber...weekEnd.dayNumber) {
      guard let person = a.personId, let session = a.sessionId, !(a.source ?? "").hasPrefix("roster:"),
        ids.contains(person), sessionIds.contains(session)
      else { continue }
      pins.append(Pin(person: person, session: session))
    }
    return Instance(
      name: name ?? "ledger-\(weekStart)", weekStart: weekStart, defaults: defaults, projects: projects,
      supervisors: supervisors, people: people, pins: pins)
  }

  /// Records a solved roster's bookings as appointments, in one transaction.
  ///
  /// Idempotent per week, session and person: a booking the ledger already holds is not made
  /// again, so publishing the same week twice books once. Bookings an earlier publication of the
  /// same week made that this roster drops, and that have no outcome yet, are cancelled. Each
  /// session's supervisors are recorded (for the supervisor's day view).
  @discardableResult
  public func publish(_ roster: Roster, for instance: Instance, by: String) throws -> PublishSummary {
    try store.write { tx in try self.publish(roster, for: instance, by: by, tx) }
  }

  @discardableResult
  public func publish(_ roster: Roster, for instance: Instance, by: String) async throws -> PublishSummary {
    try await store.write { tx in try self.publish(roster, for: instance, by: by, tx) }
  }

  func publish(_ roster: Roster, for instance: Instance, by: String, _ tx: any LedgerWriteTransaction) throws
    -> PublishSummary
  {
    let week = instance.weekStart
    guard roster.weekStart == week else {
      throw InputError(
        source: "roster", path: "week_start", message: "\(roster.weekStart) is not the instance's week \(week)")
    }
    let source = "roster:\(week)"
    var summary = PublishSummary()
    var wanted = Set<String>()
    let now = self.now
    for (i, a) in roster.assignments.enumerated() {
      // Only sessions that have not started: the past (and anything with an outcome) is history.
      if let se = try tx.current(.session, id: a.session), let rec = Self.decode(SessionRecord.self, se.data),
        LocalMoment(date: rec.date, minute: rec.start ?? 0) <= now
      {
        summary.skippedStarted += 1
        for p in a.people { wanted.insert("\(p)|\(a.session)") }
        continue
      }
      let sups = Self.encode(a.supervisors)
      let current = try tx.current(.staffing, id: a.session)
      if current?.data != sups && !(current == nil && a.supervisors.isEmpty) {
        var e = StoredEntry(kind: .staffing, recordedBy: by, recordedAt: epochSeconds)
        e.subject = a.session
        e.sessionId = a.session
        e.data = sups
        e.date = try tx.current(.session, id: a.session).flatMap(\.date)
        e.source = source
        e.supersedes = current?.seq
        guard e.date != nil else {
          throw InputError(
            source: "roster", path: "sessions[\(i)].session", message: "unknown session \"\(a.session)\"")
        }
        _ = try tx.append(e)
        summary.staffed += 1
      }
      for p in a.people {
        wanted.insert("\(p)|\(a.session)")
        let (_, new) = try book(tx, person: p, session: a.session, by: by, source: source, origin: "roster")
        if new { summary.booked += 1 } else { summary.alreadyBooked += 1 }
      }
    }
    for a in try tx.effective(.appointment, dates: week.dayNumber...week.adding(days: 6).dayNumber)
    where a.source == source && !wanted.contains("\(a.personId ?? "")|\(a.sessionId ?? "")") {
      guard try tx.effectiveFollowUps(appointment: a.seq).isEmpty,
        LocalMoment(date: CalendarDate(dayNumber: a.date ?? 0), minute: a.slotStart ?? 0) > now
      else { continue }
      var e = StoredEntry(kind: .appointmentCancel, recordedBy: by, recordedAt: epochSeconds)
      e.personId = a.personId
      e.sessionId = a.sessionId
      e.date = a.date
      e.supersedes = a.seq
      e.reason = "not in the republished roster for \(week)"
      _ = try tx.append(e)
      summary.cancelled += 1
    }
    logger.info("published \(source): \(summary)")
    return summary
  }
}
