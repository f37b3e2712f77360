import PaybackCore

/// One broken rule, in words a coordinator can act on.
public struct Violation: Sendable, Equatable, CustomStringConvertible {
  /// "H1" ... "H13" for the hard rules; "INSTANCE" or "WEEK" when the roster is for another
  /// instance or week; "OBJ" when the stated objective is wrong; "BOUND" when the stated bound
  /// is below the recomputed objective.
  public var rule: String
  /// Names the sessions, people and supervisors involved.
  public var message: String

  public init(rule: String, message: String) {
    self.rule = rule
    self.message = message
  }

  public var description: String { "\(rule): \(message)" }
}

/// One person's hours as the checker counts them.
public struct PersonHours: Sendable, Equatable {
  /// Session hours of all their bookings.
  public var booked: Double
  /// Hours credited: each booking in date order, no more than is still owed before it.
  public var credited: Double
  /// The weekly pace target.
  public var target: Double
  /// Their share of the objective.
  public var value: Double

  public init(booked: Double, credited: Double, target: Double, value: Double) {
    self.booked = booked
    self.credited = credited
    self.target = target
    self.value = value
  }
}

/// What the checker found.
public struct CheckReport: Sendable {
  /// Every broken rule, ordered by rule (instance and week first, then H1 to H13, OBJ, BOUND).
  public var violations: [Violation]
  /// The objective recomputed from the bookings.
  public var objective: Double
  /// The objective the roster states.
  public var statedObjective: Double?
  /// Per person id (every person of the instance, booked or not).
  public var hours: [String: PersonHours]

  public init(
    violations: [Violation], objective: Double, statedObjective: Double? = nil, hours: [String: PersonHours] = [:]
  ) {
    self.violations = violations
    self.objective = objective
    self.statedObjective = statedObjective
    self.hours = hours
  }

  public var isValid: Bool { violations.isEmpty }

  /// The distinct rules broken, in report order.
  public var brokenRules: [String] {
    var seen = Set<String>()
    return violations.compactMap { seen.insert($0.rule).inserted ? $0.rule : nil }
  }

  /// The report as JSON: validity, objectives, violations and each booked person's hours.
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("valid", .bool(isValid)),
      ("objective", .number(objective)),
    ]
    if let statedObjective { members.append(("stated_objective", .number(statedObjective))) }
    members.append(
      (
        "violations",
        .array(violations.map { .object([("rule", .string($0.rule)), ("message", .string($0.message))]) })
      ))
    members.append(
      (
        "people",
        .array(
          hours.filter { $0.value.booked > 0 }.sorted { $0.key < $1.key }.map { id, h in
            .object([
              ("person", .string(id)),
              ("booked_hours", .number(h.booked)),
              ("credited_hours", .number(h.credited)),
              ("target_hours", .number(h.target)),
              ("value", .number(h.value)),
            ])
          })
      ))
    return .object(members)
  }
}

/// Re-checks a roster against hard rules H1-H13 and recomputes its objective.
///
/// The stated objective may differ from the recomputed one by `relativeTolerance` (of the
/// larger of 1 and the objective), and a stated bound may lie that far below it: rosters
/// round their figures when written.
///
/// Written from the contract (`docs/contract.md`) alone and deliberately sharing no code with
/// the solvers or with PaybackCore's eligibility and objective helpers: a solver bug cannot
/// hide behind the same bug here. Runs in time linear in the roster's size.
public enum RosterChecker {
  /// Tolerance for comparing stated and recomputed objectives, relative to the larger.
  public static let relativeTolerance = 1e-6

  public static func check(_ roster: Roster, against instance: Instance) -> CheckReport {
    var checker = Check(instance: instance)
    return checker.run(roster)
  }
}

/// A session of the instance with what the checker needs of its project.
private struct SessionInfo {
  let order: Int
  let session: Session
  let project: Project
}

/// A session as booked in the roster, after references are resolved.
private struct Booked {
  let info: SessionInfo
  var people: [String] = []
  var supervisors: [String] = []
  var peopleSeen: Set<String> = []
  var supervisorsSeen: Set<String> = []
}

private let ruleOrder = ["INSTANCE", "WEEK"] + (1...13).map { "H\($0)" } + ["OBJ", "BOUND"]

private struct Check {
  let instance: Instance
  var sessions: [String: SessionInfo] = [:]
  var people: [String: Person] = [:]
  var supervisors: [String: Supervisor] = [:]
  var found: [String: [Violation]] = [:]

  init(instance: Instance) {
    self.instance = instance
    var order = 0
    for project in instance.projects {
      for session in project.sessions {
        sessions[session.id] = SessionInfo(order: order, session: session, project: project)
        order += 1
      }
    }
    for p in instance.people { people[p.id] = p }
    for s in instance.supervisors { supervisors[s.id] = s }
  }

  mutating func flag(_ rule: String, _ message: String) {
    found[rule, default: []].append(Violation(rule: rule, message: message))
  }

  mutating func run(_ roster: Roster) -> CheckReport {
    if roster.instance != instance.name {
      flag("INSTANCE", "the roster is for instance \"\(roster.instance)\", not \"\(instance.name)\"")
    }
    if roster.weekStart != instance.weekStart {
      flag("WEEK", "the roster is for the week starting \(roster.weekStart), not \(instance.weekStart)")
    }
    let booked = resolve(roster)
    checkSessions(booked)
    let bookingsOf = checkPeople(booked)
    checkSupervisors(booked)
    checkPins(booked)
    let (objective, hours) = score(bookingsOf)

    let tolerance = RosterChecker.relativeTolerance * max(1, abs(objective))
    // Written as "not within" so that a NaN from a broken solver is caught too.
    if !(abs(roster.objective - objective) <= tolerance) {
      flag("OBJ", "the roster states objective \(show(roster.objective)), the bookings give \(show(objective))")
    }
    if let bound = roster.bound, !(bound >= objective - tolerance) {
      flag(
        "BOUND",
        "the roster states bound \(show(bound)), below the objective \(show(objective)) its own bookings reach")
    }
    let violations = ruleOrder.flatMap { found[$0] ?? [] }
    return CheckReport(violations: violations, objective: objective, statedObjective: roster.objective, hours: hours)
  }

  // MARK: H1

  /// Resolves names to the instance's records (H1); what cannot be resolved is reported and left out.
  mutating func resolve(_ roster: Roster) -> [Booked] {
    var out: [Booked] = []
    var index: [String: Int] = [:]
    for (i, a) in roster.assignments.enumerated() {
      guard let info = sessions[a.session] else {
        flag("H1", "sessions[\(i)] names session \(a.session), which is not in the instance")
        continue
      }
      let k: Int
      if let existing = index[a.session] {
        flag("H1", "session \(a.session) appears more than once in the roster (sessions[\(i)])")
        k = existing
      } else {
        k = out.count
        index[a.session] = k
        out.append(Booked(info: info))
      }
      // Duplicates are judged within one entry; a session listed twice is merged, already reported.
      var listed = Set<String>()
      for id in a.people {
        guard people[id] != nil else {
          flag("H1", "session \(a.session) books \(id), who is not a person of the instance")
          continue
        }
        if !listed.insert(id).inserted {
          flag("H1", "session \(a.session) lists person \(id) more than once")
        } else if out[k].peopleSeen.insert(id).inserted {
          out[k].people.append(id)
        }
      }
      listed = []
      for id in a.supervisors {
        guard supervisors[id] != nil else {
          flag("H1", "session \(a.session) names supervisor \(id), who is not a supervisor of the instance")
          continue
        }
        if !listed.insert(id).inserted {
          flag("H1", "session \(a.session) lists supervisor \(id) more than once")
        } else if out[k].supervisorsSeen.insert(id).inserted {
          out[k].supervisors.append(id)
        }
      }
    }
    // Check in the instance's session order, so reports read the same whatever the roster's order.
    return out.sorted { $0.info.order < $1.info.order }
  }

  // MARK: Per session: H4 (project side), H5, H8, H10, H11, H12

  mutating func checkSessions(_ booked: [Booked]) {
    for b in booked {
      let s = b.info.session
      let p = b.info.project
      let n = b.people.count
      if n > s.capacity { flag("H5", "session \(s.id) books \(headcount(n)), capacity \(s.capacity)") }

      for id in b.people {
        let person = people[id]!
        if !person.areas.contains(p.area) {
          flag("H4", "\(id) is booked on \(s.id) in area \(p.area), outside their areas (\(list(person.areas)))")
        }
        for skill in p.requiresSkills where !person.skills.contains(skill) {
          flag("H4", "\(id) is booked on \(s.id), which requires the skill \(skill) they do not have")
        }
        for thing in p.involves where person.unsuitableFor.contains(thing) {
          flag("H4", "\(id) is booked on \(s.id), which involves \(thing), for which they are unsuitable")
        }
        if p.womenOnly && person.sex != .female {
          flag("H4", "\(id) is booked on \(s.id) of the women-only project \(p.id) but is not a woman")
        }
        if p.kind == .individual && person.risk != .low {
          flag(
            "H4", "\(id) is \(person.risk.rawValue) risk but booked on the individual placement \(s.id) (low risk only)"
          )
        }
      }

      if p.kind == .group && n > 0 {
        if n < p.minAttendance {
          flag("H8", "group session \(s.id) books \(headcount(n)), below its minimum attendance of \(p.minAttendance)")
        }
        let ratio = max(1, p.peoplePerSupervisor)
        let needed = max(1, (n + ratio - 1) / ratio)
        if b.supervisors.count < needed {
          flag(
            "H8",
            "group session \(s.id) books \(headcount(n)) and has \(b.supervisors.count == 1 ? "1 supervisor" : "\(b.supervisors.count) supervisors"), needs \(needed) (one per \(ratio))"
          )
        }
        let high = b.people.filter { people[$0]!.risk == .high }
        if !high.isEmpty && !b.supervisors.contains(where: { supervisors[$0]!.qualifications.contains("high_risk") }) {
          flag(
            "H10",
            b.supervisors.isEmpty
              ? "group session \(s.id) books high-risk \(list(high)) but has no supervisor, let alone one qualified high_risk"
              : "group session \(s.id) books high-risk \(list(high)) but none of its supervisors (\(list(b.supervisors))) is qualified high_risk"
          )
        }
        if !p.womenOnly {
          let women = b.people.filter { people[$0]!.sex == .female }
          if women.count == 1 && n > 1 {
            flag("H11", "group session \(s.id) books \(women[0]) as the only woman among \(n) people")
          }
        }
      } else if !b.supervisors.isEmpty {
        let why = p.kind == .group ? "books nobody" : "is an \(p.kind == .ete ? "ete" : "individual") session"
        flag("H8", "session \(s.id) \(why) but has supervisors \(list(b.supervisors))")
      }

      var reported = Set<String>()
      for id in b.people {
        for other in people[id]!.keepApart where other != id && b.peopleSeen.contains(other) {
          let pair = id < other ? "\(id) and \(other)" : "\(other) and \(id)"
          if reported.insert(pair).inserted {
            flag("H12", "\(pair) must be kept apart but are both booked on \(s.id)")
          }
        }
      }
    }
  }

  // MARK: Per person: H2, H3, H6, H7

  /// Checks each person's week and returns their bookings in date order.
  mutating func checkPeople(_ booked: [Booked]) -> [String: [SessionInfo]] {
    var bookingsOf: [String: [SessionInfo]] = [:]
    for b in booked {
      for id in b.people { bookingsOf[id, default: []].append(b.info) }
    }
    for person in instance.people {
      guard var mine = bookingsOf[person.id] else { continue }
      mine.sort { ($0.session.date, $0.order) < ($1.session.date, $1.order) }
      bookingsOf[person.id] = mine
      let id = person.id

      var byDate: [CalendarDate: [String]] = [:]
      for b in mine { byDate[b.session.date, default: []].append(b.session.id) }
      for (date, ids) in byDate.sorted(by: { $0.key < $1.key }) where ids.count > 1 {
        flag("H2", "\(id) is booked on \(ids.count) sessions on \(date): \(list(ids))")
      }

      for b in mine {
        let s = b.session
        let d = s.date
        let day = weekdayName(d)
        if !person.available.contains(d.weekday) {
          flag("H3", "\(id) is booked on \(s.id) on \(day) \(d) but is not available on \(day)s")
        }
        if person.unavailableDates.contains(d) {
          flag("H3", "\(id) is booked on \(s.id) on \(d), a date they are unavailable")
        }
        if let start = person.startDate, d < start {
          flag("H3", "\(id) is booked on \(s.id) on \(d), before their start date \(start)")
        }
        if let deadline = person.deadline, d > deadline {
          flag("H3", "\(id) is booked on \(s.id) on \(d), after their deadline \(deadline)")
        }
      }

      let total = mine.reduce(0.0) { $0 + $1.session.hours }
      if total > person.maxHoursPerWeek {
        flag(
          "H6", "\(id) is booked for \(show(total)) hours, over their weekly maximum of \(show(person.maxHoursPerWeek))"
        )
      }
      let ete = mine.filter { $0.project.kind == .ete }
      let eteHours = ete.reduce(0.0) { $0 + $1.session.hours }
      if eteHours > person.eteHoursRemaining {
        flag(
          "H6",
          "\(id) is booked for \(show(eteHours)) ete hours (\(list(ete.map(\.session.id)))), over their ete allowance of \(show(person.eteHoursRemaining))"
        )
      }

      // H7 counts only bookings on strictly earlier dates.
      var earlier = 0.0
      var k = 0
      while k < mine.count {
        let date = mine[k].session.date
        var sameDay = 0.0
        while k < mine.count && mine[k].session.date == date {
          if !(earlier < person.hoursRemaining) {
            let s = mine[k].session
            if person.hoursRemaining <= 0 {
              flag("H7", "\(id) owes no hours but is booked on \(s.id) on \(date)")
            } else {
              flag(
                "H7",
                "\(id) is booked on \(s.id) on \(date) although their \(show(earlier)) hours on earlier dates already cover the \(show(person.hoursRemaining)) they owe"
              )
            }
          }
          sameDay += mine[k].session.hours
          k += 1
        }
        earlier += sameDay
      }
    }
    return bookingsOf
  }

  // MARK: H2 (supervisors), H9

  mutating func checkSupervisors(_ booked: [Booked]) {
    var sessionsOf: [String: [SessionInfo]] = [:]
    for b in booked {
      let s = b.info.session
      let p = b.info.project
      for id in b.supervisors {
        let sup = supervisors[id]!
        sessionsOf[id, default: []].append(b.info)
        if !sup.areas.contains(p.area) {
          flag(
            "H9", "supervisor \(id) is assigned to \(s.id) in area \(p.area), outside their areas (\(list(sup.areas)))")
        }
        let day = weekdayName(s.date)
        if !sup.available.contains(s.date.weekday) {
          flag("H9", "supervisor \(id) is assigned to \(s.id) on \(day) \(s.date) but does not work on \(day)s")
        }
        if sup.unavailableDates.contains(s.date) {
          flag("H9", "supervisor \(id) is assigned to \(s.id) on \(s.date), a date they are unavailable")
        }
        for q in p.supervisorRequires where !sup.qualifications.contains(q) {
          flag("H9", "supervisor \(id) is assigned to \(s.id), which requires \(q), a qualification they lack")
        }
      }
    }
    for sup in instance.supervisors {
      guard let mine = sessionsOf[sup.id] else { continue }
      if mine.count > sup.maxSessions {
        flag(
          "H9",
          "supervisor \(sup.id) is assigned to \(mine.count) sessions (\(list(mine.map(\.session.id)))), over their maximum of \(sup.maxSessions)"
        )
      }
      var byDate: [CalendarDate: [String]] = [:]
      for b in mine { byDate[b.session.date, default: []].append(b.session.id) }
      for (date, ids) in byDate.sorted(by: { $0.key < $1.key }) where ids.count > 1 {
        flag("H2", "supervisor \(sup.id) is assigned to \(ids.count) sessions on \(date): \(list(ids))")
      }
    }
  }

  // MARK: H13

  mutating func checkPins(_ booked: [Booked]) {
    var bySession: [String: Set<String>] = [:]
    for b in booked { bySession[b.info.session.id] = b.peopleSeen }
    for pin in instance.pins where !(bySession[pin.session]?.contains(pin.person) ?? false) {
      flag("H13", "\(pin.person) is pinned on \(pin.session) but not booked on it")
    }
  }

  // MARK: Objective

  /// Recomputes the objective: each person's bookings credited in date order, valued against
  /// their pace target.
  func score(_ bookingsOf: [String: [SessionInfo]]) -> (Double, [String: PersonHours]) {
    let weight = instance.defaults.paceWeight
    var total = 0.0
    var hours: [String: PersonHours] = [:]
    for person in instance.people {
      var booked = 0.0
      var credited = 0.0
      for b in bookingsOf[person.id] ?? [] {
        booked += b.session.hours
        credited += min(b.session.hours, max(0, person.hoursRemaining - credited))
      }
      let target = paceTarget(person)
      let value = weight * min(credited, target) + credited
      total += value
      hours[person.id] = PersonHours(booked: booked, credited: credited, target: target, value: value)
    }
    return (total, hours)
  }

  /// target = min(hours_remaining, max_hours_per_week, max(min_hours_per_week, pace)).
  func paceTarget(_ person: Person) -> Double {
    var pace = 0.0
    if let deadline = person.deadline {
      let days = deadline.dayNumber - instance.weekStart.dayNumber
      // floor, not Swift's truncating division: days may be negative.
      let weeks = days >= 0 ? days / 7 : -((-days + 6) / 7)
      pace = person.hoursRemaining / Double(max(1, 1 + weeks))
    }
    return min(person.hoursRemaining, person.maxHoursPerWeek, max(person.minHoursPerWeek, pace))
  }
}

private func list(_ items: [String]) -> String { items.isEmpty ? "none" : items.joined(separator: ", ") }

private func show(_ v: Double) -> String {
  if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
  return "\((v * 1e9).rounded() / 1e9)"
}

private func weekdayName(_ d: CalendarDate) -> String { d.weekday.fullName }

private func headcount(_ n: Int) -> String { n == 1 ? "1 person" : "\(n) people" }
