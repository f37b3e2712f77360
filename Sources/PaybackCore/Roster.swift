import Foundation

/// A week's bookings, `payback-roster/1`.
public struct Roster: Sendable {
  public static let formatTag = "payback-roster/1"

  /// The instance's `name`.
  public var instance: String
  public var weekStart: CalendarDate
  /// Free text: "ip", "greedy", ...
  public var method: String
  /// Free text: "optimal", "time_limit", "heuristic", "fallback: ...".
  public var status: String
  public var objective: Double
  /// A proven upper bound on any valid roster's objective, when known.
  public var bound: Double?
  public var assignments: [Assignment]
  /// Why people were left below their weekly target (an extension of the format).
  public var shortfalls: [Shortfall]
  /// Solver figures (an extension of the format): seconds, nodes, model size.
  public var stats: [(String, JSONValue)]

  public init(
    instance: String, weekStart: CalendarDate, method: String, status: String, objective: Double, bound: Double? = nil,
    assignments: [Assignment], shortfalls: [Shortfall] = [], stats: [(String, JSONValue)] = []
  ) {
    self.instance = instance
    self.weekStart = weekStart
    self.method = method
    self.status = status
    self.objective = objective
    self.bound = bound
    self.assignments = assignments
    self.shortfalls = shortfalls
    self.stats = stats
  }

  /// The relative gap between objective and bound, when a bound is known.
  public var gap: Double? {
    guard let bound else { return nil }
    return (bound - objective) / max(1, abs(bound))
  }
}

/// One session's supervisors and people.
public struct Assignment: Sendable, Equatable {
  public var session: String
  public var supervisors: [String]
  public var people: [String]

  public init(session: String, supervisors: [String], people: [String]) {
    self.session = session
    self.supervisors = supervisors
    self.people = people
  }
}

/// A person left below their weekly target, and why.
public struct Shortfall: Sendable, Equatable {
  public var person: String
  public var bookedHours: Double
  public var targetHours: Double
  /// Plain-language reasons, most telling first.
  public var reasons: [String]

  public init(person: String, bookedHours: Double, targetHours: Double, reasons: [String]) {
    self.person = person
    self.bookedHours = bookedHours
    self.targetHours = targetHours
    self.reasons = reasons
  }
}

extension Roster {
  /// The roster as `payback-roster/1` JSON.
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("format", .string(Roster.formatTag)),
      ("instance", .string(instance)),
      ("week_start", .string(weekStart.description)),
      ("method", .string(method)),
      ("status", .string(status)),
      ("objective", .number(Roster.rounded(objective))),
    ]
    if let bound { members.append(("bound", .number(Roster.rounded(bound)))) }
    members.append(
      (
        "sessions",
        .array(
          assignments.map {
            .object([
              ("session", .string($0.session)),
              ("supervisors", .array($0.supervisors.map { .string($0) })),
              ("people", .array($0.people.map { .string($0) })),
            ])
          })
      ))
    members.append(
      (
        "unbooked",
        .array(
          shortfalls.map {
            .object([
              ("person", .string($0.person)),
              ("booked_hours", .number($0.bookedHours)),
              ("target_hours", .number(Roster.rounded($0.targetHours))),
              ("reasons", .array($0.reasons.map { .string($0) })),
            ])
          })
      ))
    if !stats.isEmpty { members.append(("stats", .object(stats))) }
    return .object(members)
  }

  /// Nine significant decimals: enough to compare objectives to 1e-6 and no float noise.
  static func rounded(_ v: Double) -> Double { (v * 1e9).rounded() / 1e9 }

  /// Reads a roster file; checks its shape only (the rules are RosterCheck's job).
  public static func load(from path: String) throws -> Roster {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw InputError(source: path, path: "", message: "cannot read the file (\(error.localizedDescription))")
    }
    return try parse(JSONValue.parse(data, source: path), source: path)
  }

  public static func parse(_ json: JSONValue, source: String = "roster") throws -> Roster {
    let r = FieldReader()
    guard let root = r.object(json, "") else { throw InputError(source: source, problems: r.problems) }
    if let tag = r.string(root["format"], "format"), tag != formatTag {
      r.fail("format", "\"\(tag)\" is not supported (expected \"\(formatTag)\")")
    }
    let instance = r.string(root["instance"], "instance")
    let weekStart = r.date(root["week_start"], "week_start")
    let method = r.string(root["method"], "method", required: false) ?? ""
    let status = r.string(root["status"], "status", required: false) ?? ""
    let objective = r.number(root["objective"], "objective")
    let bound = r.number(root["bound"], "bound", required: false)
    var assignments: [Assignment] = []
    for (i, v) in (r.list(root["sessions"], "sessions") ?? []).enumerated() {
      let path = "sessions[\(i)]"
      guard let a = r.object(v, path) else { continue }
      guard let session = r.string(a["session"], "\(path).session") else { continue }
      let sups = r.strings(a["supervisors"], "\(path).supervisors") ?? []
      let people = r.strings(a["people"], "\(path).people") ?? []
      assignments.append(Assignment(session: session, supervisors: sups, people: people))
    }
    var shortfalls: [Shortfall] = []
    for (i, v) in (r.list(root["unbooked"], "unbooked", required: false) ?? []).enumerated() {
      let path = "unbooked[\(i)]"
      guard let u = r.object(v, path), let person = r.string(u["person"], "\(path).person") else { continue }
      shortfalls.append(
        Shortfall(
          person: person, bookedHours: r.number(u["booked_hours"], "\(path).booked_hours", required: false) ?? 0,
          targetHours: r.number(u["target_hours"], "\(path).target_hours", required: false) ?? 0,
          reasons: r.strings(u["reasons"], "\(path).reasons") ?? []))
    }
    var stats: [(String, JSONValue)] = []
    if case .object(let m)? = root["stats"] { stats = m }
    guard r.problems.isEmpty, let instance, let weekStart, let objective else {
      throw InputError(source: source, problems: r.problems)
    }
    return Roster(
      instance: instance, weekStart: weekStart, method: method, status: status, objective: objective, bound: bound,
      assignments: assignments, shortfalls: shortfalls, stats: stats)
  }
}

extension Instance {
  /// The instance as `payback-instance/1` JSON (defaults resolved into each record).
  public var json: JSONValue {
    func strings(_ a: [String]) -> JSONValue { .array(a.map { .string($0) }) }
    func days(_ s: Set<Weekday>) -> JSONValue { .array(s.sorted().map { .string($0.rawValue) }) }
    func dates(_ s: Set<CalendarDate>) -> JSONValue { .array(s.sorted().map { .string($0.description) }) }
    let projectsJSON: [JSONValue] = projects.map { p in
      var m: [(String, JSONValue)] = [("id", .string(p.id))]
      if let n = p.name { m.append(("name", .string(n))) }
      m += [("kind", .string(p.kind.rawValue)), ("area", .string(p.area))]
      if !p.involves.isEmpty { m.append(("involves", strings(p.involves))) }
      if !p.requiresSkills.isEmpty { m.append(("requires_skills", strings(p.requiresSkills))) }
      if !p.supervisorRequires.isEmpty { m.append(("supervisor_requires", strings(p.supervisorRequires))) }
      if p.womenOnly { m.append(("women_only", .bool(true))) }
      if p.kind == .group {
        m.append(("people_per_supervisor", .number(Double(p.peoplePerSupervisor))))
        m.append(("min_attendance", .number(Double(p.minAttendance))))
      }
      m.append(
        (
          "sessions",
          .array(
            p.sessions.map { s in
              var sm: [(String, JSONValue)] = [("id", .string(s.id)), ("date", .string(s.date.description))]
              if let st = s.start { sm.append(("start", .string(st.description))) }
              if let en = s.end { sm.append(("end", .string(en.description))) }
              sm += [("hours", .number(s.hours)), ("capacity", .number(Double(s.capacity)))]
              return .object(sm)
            })
        ))
      return .object(m)
    }
    let supervisorsJSON: [JSONValue] = supervisors.map { s in
      var m: [(String, JSONValue)] = [("id", .string(s.id))]
      if let n = s.name { m.append(("name", .string(n))) }
      m += [("areas", strings(s.areas)), ("available", days(s.available))]
      if !s.unavailableDates.isEmpty { m.append(("unavailable_dates", dates(s.unavailableDates))) }
      m.append(("max_sessions", .number(Double(s.maxSessions))))
      if !s.qualifications.isEmpty { m.append(("qualifications", strings(s.qualifications))) }
      return .object(m)
    }
    let peopleJSON: [JSONValue] = people.map { p in
      var m: [(String, JSONValue)] = [("id", .string(p.id))]
      if let n = p.name { m.append(("name", .string(n))) }
      m += [
        ("sex", .string(p.sex.rawValue)), ("risk", .string(p.risk.rawValue)),
        ("hours_remaining", .number(p.hoursRemaining)),
      ]
      if p.eteHoursRemaining > 0 { m.append(("ete_hours_remaining", .number(p.eteHoursRemaining))) }
      m.append(("deadline", p.deadline.map { .string($0.description) } ?? .null))
      if let s = p.startDate { m.append(("start_date", .string(s.description))) }
      m += [("available", days(p.available))]
      if !p.unavailableDates.isEmpty { m.append(("unavailable_dates", dates(p.unavailableDates))) }
      m.append(("areas", strings(p.areas)))
      if !p.skills.isEmpty { m.append(("skills", strings(p.skills))) }
      if !p.unsuitableFor.isEmpty { m.append(("unsuitable_for", strings(p.unsuitableFor))) }
      if !p.keepApart.isEmpty { m.append(("keep_apart", strings(p.keepApart))) }
      m += [("min_hours_per_week", .number(p.minHoursPerWeek)), ("max_hours_per_week", .number(p.maxHoursPerWeek))]
      return .object(m)
    }
    var root: [(String, JSONValue)] = [
      ("format", .string(Instance.formatTag)),
      ("name", .string(name)),
      ("week_start", .string(weekStart.description)),
      (
        "defaults",
        .object([
          ("min_hours_per_week", .number(defaults.minHoursPerWeek)),
          ("max_hours_per_week", .number(defaults.maxHoursPerWeek)),
          ("people_per_supervisor", .number(Double(defaults.peoplePerSupervisor))),
          ("min_attendance", .number(Double(defaults.minAttendance))),
          ("pace_weight", .number(defaults.paceWeight)),
        ])
      ),
      ("projects", .array(projectsJSON)),
      ("supervisors", .array(supervisorsJSON)),
      ("people", .array(peopleJSON)),
    ]
    if !pins.isEmpty {
      root.append(
        ("pins", .array(pins.map { .object([("person", .string($0.person)), ("session", .string($0.session))]) })))
    }
    return .object(root)
  }
}

/// Writes a file all at once, or not at all: a crash never leaves half a roster.
public func writeAtomically(_ text: String, to path: String) throws {
  let url = URL(fileURLWithPath: path)
  do {
    try Data(text.utf8).write(to: url, options: .atomic)
  } catch {
    throw InputError(source: path, path: "", message: "cannot write the file (\(error.localizedDescription))")
  }
}
