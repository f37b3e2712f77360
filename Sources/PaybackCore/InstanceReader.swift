import Foundation

extension Instance {
  /// Reads and validates an instance file.
  ///
  /// - Throws: ``InputError`` listing every problem, each with its JSON path.
  public static func load(from path: String) throws -> Instance {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw InputError(source: path, path: "", message: "cannot read the file (\(error.localizedDescription))")
    }
    return try parse(data, source: path)
  }

  /// Parses and validates instance JSON.
  public static func parse(_ data: Data, source: String = "instance") throws -> Instance {
    try parse(JSONValue.parse(data, source: source), source: source)
  }

  /// Validates an instance held as a JSON tree.
  public static func parse(_ json: JSONValue, source: String = "instance") throws -> Instance {
    let r = FieldReader()
    guard let root = r.object(json, "") else { throw InputError(source: source, problems: r.problems) }
    if let tag = r.string(root["format"], "format"), tag != formatTag {
      r.fail("format", "\"\(tag)\" is not supported (expected \"\(formatTag)\")")
    }
    let name = r.string(root["name"], "name") ?? ""
    let weekStart = r.date(root["week_start"], "week_start")
    if let w = weekStart, w.weekday != .mon {
      r.fail("week_start", "\(w) is a \(w.weekday.fullName), not a Monday")
    }

    var defaults = Defaults()
    if let d = root["defaults"], d != .null, r.object(d, "defaults") != nil {
      if let v = r.number(d["min_hours_per_week"], "defaults.min_hours_per_week", required: false, min: 0) {
        defaults.minHoursPerWeek = v
      }
      if let v = r.number(d["max_hours_per_week"], "defaults.max_hours_per_week", required: false, min: 0) {
        defaults.maxHoursPerWeek = v
      }
      if let v = r.integer(d["people_per_supervisor"], "defaults.people_per_supervisor", required: false, min: 1) {
        defaults.peoplePerSupervisor = v
      }
      if let v = r.integer(d["min_attendance"], "defaults.min_attendance", required: false, min: 1) {
        defaults.minAttendance = v
      }
      if let v = r.number(d["pace_weight"], "defaults.pace_weight", required: false, min: 0) { defaults.paceWeight = v }
    }
    let week = weekStart.map { $0...$0.adding(days: 6) }

    var projects: [Project] = []
    var projectIDs: [String: String] = [:]
    var sessionIDs: [String: String] = [:]
    for (pi, pv) in (r.list(root["projects"], "projects") ?? []).enumerated() {
      let path = "projects[\(pi)]"
      guard let p = r.object(pv, path) else { continue }
      let id = r.identifier(p["id"], "\(path).id")
      if let id {
        if let first = projectIDs[id] { r.fail("\(path).id", "duplicate project id \"\(id)\" (also \(first))") }
        projectIDs[id] = projectIDs[id] ?? path
      }
      let kind = r.choice(p["kind"], "\(path).kind", ProjectKind.self)
      let area = r.string(p["area"], "\(path).area")
      let involves = r.strings(p["involves"], "\(path).involves") ?? []
      let skills = r.strings(p["requires_skills"], "\(path).requires_skills") ?? []
      let supReq = r.strings(p["supervisor_requires"], "\(path).supervisor_requires") ?? []
      let womenOnly = r.bool(p["women_only"], "\(path).women_only") ?? false
      let pps = r.integer(p["people_per_supervisor"], "\(path).people_per_supervisor", required: false, min: 1)
      let minAtt = r.integer(p["min_attendance"], "\(path).min_attendance", required: false, min: 1)
      var sessions: [Session] = []
      for (si, sv) in (r.list(p["sessions"], "\(path).sessions") ?? []).enumerated() {
        let spath = "\(path).sessions[\(si)]"
        guard let s = r.object(sv, spath) else { continue }
        let sid = r.identifier(s["id"], "\(spath).id")
        if let sid {
          if let first = sessionIDs[sid] { r.fail("\(spath).id", "duplicate session id \"\(sid)\" (also \(first))") }
          sessionIDs[sid] = sessionIDs[sid] ?? spath
        }
        let date = r.date(s["date"], "\(spath).date")
        if let date, let week, !week.contains(date) {
          r.fail("\(spath).date", "\(date) is outside the week \(week.lowerBound) to \(week.upperBound)")
        }
        let start = r.time(s["start"], "\(spath).start")
        let end = r.time(s["end"], "\(spath).end")
        if let start, let end, end <= start {
          r.fail("\(spath).end", "ends at \(end), not after its start \(start)")
        }
        let hours = r.number(s["hours"], "\(spath).hours", positive: true)
        if let h = hours, (h * 4).rounded() != h * 4 {
          r.fail("\(spath).hours", "\(JSONValue.format(h)) is not a multiple of 0.25 hours (15 minutes)")
        }
        if let h = hours, h > 24 { r.fail("\(spath).hours", "\(JSONValue.format(h)) hours is more than a day") }
        let capacity = r.integer(s["capacity"], "\(spath).capacity", min: 0)
        if let sid, let date, let hours, let capacity {
          sessions.append(Session(id: sid, date: date, start: start, end: end, hours: hours, capacity: capacity))
        }
      }
      if let id, let kind, let area {
        projects.append(
          Project(
            id: id, name: r.string(p["name"], "\(path).name", required: false), kind: kind, area: area,
            involves: involves, requiresSkills: skills, supervisorRequires: supReq, womenOnly: womenOnly,
            peoplePerSupervisor: pps ?? defaults.peoplePerSupervisor, minAttendance: minAtt ?? defaults.minAttendance,
            sessions: sessions))
      }
    }

    var supervisors: [Supervisor] = []
    var supervisorIDs: [String: String] = [:]
    for (i, v) in (r.list(root["supervisors"], "supervisors") ?? []).enumerated() {
      let path = "supervisors[\(i)]"
      guard let s = r.object(v, path) else { continue }
      let id = r.identifier(s["id"], "\(path).id")
      if let id {
        if let first = supervisorIDs[id] { r.fail("\(path).id", "duplicate supervisor id \"\(id)\" (also \(first))") }
        supervisorIDs[id] = supervisorIDs[id] ?? path
      }
      let areas = r.strings(s["areas"], "\(path).areas", required: true)
      let available = r.weekdays(s["available"], "\(path).available")
      let unavailable = r.dates(s["unavailable_dates"], "\(path).unavailable_dates")
      let maxSessions = r.integer(s["max_sessions"], "\(path).max_sessions", min: 0)
      let quals = r.strings(s["qualifications"], "\(path).qualifications") ?? []
      if let id, let areas, let available, let maxSessions {
        supervisors.append(
          Supervisor(
            id: id, name: r.string(s["name"], "\(path).name", required: false), areas: areas, available: available,
            unavailableDates: unavailable, maxSessions: maxSessions, qualifications: quals))
      }
    }

    var people: [Person] = []
    var personIDs: [String: String] = [:]
    var keepApartRefs: [(path: String, id: String)] = []
    for (i, v) in (r.list(root["people"], "people") ?? []).enumerated() {
      let path = "people[\(i)]"
      guard let p = r.object(v, path) else { continue }
      let id = r.identifier(p["id"], "\(path).id")
      if let id {
        if let first = personIDs[id] { r.fail("\(path).id", "duplicate person id \"\(id)\" (also \(first))") }
        personIDs[id] = personIDs[id] ?? path
      }
      let sex = r.choice(p["sex"], "\(path).sex", Sex.self, required: false) ?? .male
      let risk = r.choice(p["risk"], "\(path).risk", Risk.self)
      let remaining = r.number(p["hours_remaining"], "\(path).hours_remaining", min: 0)
      let ete = r.number(p["ete_hours_remaining"], "\(path).ete_hours_remaining", required: false, min: 0) ?? 0
      let deadline = r.date(p["deadline"], "\(path).deadline", required: false)
      let startDate = r.date(p["start_date"], "\(path).start_date", required: false)
      let available = r.weekdays(p["available"], "\(path).available")
      let unavailable = r.dates(p["unavailable_dates"], "\(path).unavailable_dates")
      let areas = r.strings(p["areas"], "\(path).areas", required: true)
      let skills = r.strings(p["skills"], "\(path).skills") ?? []
      let unsuitable = r.strings(p["unsuitable_for"], "\(path).unsuitable_for") ?? []
      let keepApart = r.strings(p["keep_apart"], "\(path).keep_apart") ?? []
      for (k, other) in keepApart.enumerated() {
        keepApartRefs.append(("\(path).keep_apart[\(k)]", other))
        if other == id { r.fail("\(path).keep_apart[\(k)]", "a person cannot be kept apart from themselves") }
      }
      let minH = r.number(p["min_hours_per_week"], "\(path).min_hours_per_week", required: false, min: 0)
      let maxH = r.number(p["max_hours_per_week"], "\(path).max_hours_per_week", required: false, min: 0)
      if let id, let risk, let remaining, let available, let areas {
        people.append(
          Person(
            id: id, name: r.string(p["name"], "\(path).name", required: false), sex: sex, risk: risk,
            hoursRemaining: remaining, eteHoursRemaining: ete, deadline: deadline, startDate: startDate,
            available: available, unavailableDates: unavailable, areas: areas, skills: skills,
            unsuitableFor: unsuitable, keepApart: keepApart, minHoursPerWeek: minH ?? defaults.minHoursPerWeek,
            maxHoursPerWeek: maxH ?? defaults.maxHoursPerWeek))
      }
    }
    for ref in keepApartRefs where personIDs[ref.id] == nil {
      r.fail(ref.path, "unknown person \"\(ref.id)\"")
    }

    var pins: [Pin] = []
    var seenPins: [Pin: Int] = [:]
    for (i, v) in (r.list(root["pins"], "pins", required: false) ?? []).enumerated() {
      let path = "pins[\(i)]"
      guard let p = r.object(v, path) else { continue }
      let person = r.string(p["person"], "\(path).person")
      let session = r.string(p["session"], "\(path).session")
      if let person, personIDs[person] == nil { r.fail("\(path).person", "unknown person \"\(person)\"") }
      if let session, sessionIDs[session] == nil { r.fail("\(path).session", "unknown session \"\(session)\"") }
      if let person, let session {
        let pin = Pin(person: person, session: session)
        if let first = seenPins[pin] { r.fail(path, "the same pin as pins[\(first)]") }
        seenPins[pin] = seenPins[pin] ?? i
        pins.append(pin)
      }
    }

    guard r.problems.isEmpty, let weekStart else { throw InputError(source: source, problems: r.problems) }
    let instance = Instance(
      name: name, weekStart: weekStart, defaults: defaults, projects: projects, supervisors: supervisors,
      people: people, pins: pins)
    // Pins are checked last, against the rules a single booking or the set of pins can break.
    let pinProblems = PinCheck.problems(in: instance)
    guard pinProblems.isEmpty else { throw InputError(source: source, problems: pinProblems) }
    return instance
  }
}
