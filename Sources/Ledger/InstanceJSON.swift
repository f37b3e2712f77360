import PaybackCore

/// An instance as `payback-instance/1` JSON (every resolved value written out, so that reading it
/// back gives the same week whatever the reader's defaults).
public func instanceJSON(_ i: Instance) -> JSONValue {
  func strings(_ a: [String]) -> JSONValue { .array(a.map { .string($0) }) }
  func days(_ s: Set<Weekday>) -> JSONValue { .array(s.sorted().map { .string($0.rawValue) }) }
  func dates(_ s: Set<CalendarDate>) -> JSONValue { .array(s.sorted().map { .string($0.description) }) }
  let d = i.defaults
  var root: [(String, JSONValue)] = [
    ("format", .string(Instance.formatTag)),
    ("name", .string(i.name)),
    ("week_start", .string(i.weekStart.description)),
    (
      "defaults",
      .object([
        ("min_hours_per_week", .number(d.minHoursPerWeek)), ("max_hours_per_week", .number(d.maxHoursPerWeek)),
        ("people_per_supervisor", .number(Double(d.peoplePerSupervisor))),
        ("min_attendance", .number(Double(d.minAttendance))), ("pace_weight", .number(d.paceWeight)),
      ])
    ),
  ]
  root.append(
    (
      "projects",
      .array(
        i.projects.map { p in
          var m: [(String, JSONValue)] = [("id", .string(p.id))]
          if let n = p.name { m.append(("name", .string(n))) }
          m += [
            ("kind", .string(p.kind.rawValue)), ("area", .string(p.area)), ("involves", strings(p.involves)),
            ("requires_skills", strings(p.requiresSkills)), ("supervisor_requires", strings(p.supervisorRequires)),
            ("women_only", .bool(p.womenOnly)),
          ]
          if p.kind == .group {
            m += [
              ("people_per_supervisor", .number(Double(p.peoplePerSupervisor))),
              ("min_attendance", .number(Double(p.minAttendance))),
            ]
          }
          m.append(
            (
              "sessions",
              .array(
                p.sessions.map { s in
                  var o: [(String, JSONValue)] = [("id", .string(s.id)), ("date", .string(s.date.description))]
                  if let t = s.start { o.append(("start", .string(t.description))) }
                  if let t = s.end { o.append(("end", .string(t.description))) }
                  o += [("hours", .number(s.hours)), ("capacity", .number(Double(s.capacity)))]
                  return .object(o)
                })
            ))
          return .object(m)
        })
    ))
  root.append(
    (
      "supervisors",
      .array(
        i.supervisors.map { s in
          var m: [(String, JSONValue)] = [("id", .string(s.id))]
          if let n = s.name { m.append(("name", .string(n))) }
          m += [
            ("areas", strings(s.areas)), ("available", days(s.available)),
            ("unavailable_dates", dates(s.unavailableDates)), ("max_sessions", .number(Double(s.maxSessions))),
            ("qualifications", strings(s.qualifications)),
          ]
          return .object(m)
        })
    ))
  root.append(
    (
      "people",
      .array(
        i.people.map { p in
          var m: [(String, JSONValue)] = [("id", .string(p.id))]
          if let n = p.name { m.append(("name", .string(n))) }
          m += [
            ("sex", .string(p.sex.rawValue)), ("risk", .string(p.risk.rawValue)),
            ("hours_remaining", .number(p.hoursRemaining)), ("ete_hours_remaining", .number(p.eteHoursRemaining)),
            ("deadline", p.deadline.map { .string($0.description) } ?? .null),
          ]
          if let s = p.startDate { m.append(("start_date", .string(s.description))) }
          m += [
            ("available", days(p.available)), ("unavailable_dates", dates(p.unavailableDates)),
            ("areas", strings(p.areas)), ("skills", strings(p.skills)), ("unsuitable_for", strings(p.unsuitableFor)),
            ("keep_apart", strings(p.keepApart)), ("min_hours_per_week", .number(p.minHoursPerWeek)),
            ("max_hours_per_week", .number(p.maxHoursPerWeek)),
          ]
          return .object(m)
        })
    ))
  root.append(
    ("pins", .array(i.pins.map { .object([("person", .string($0.person)), ("session", .string($0.session))]) })))
  return .object(root)
}
