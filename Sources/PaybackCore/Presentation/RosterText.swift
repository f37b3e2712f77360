import Foundation

/// A roster as a coordinator reads it: the week by day and session, then a summary.
public enum RosterText {
  /// The full printed week.
  ///
  /// - Parameter maxPeopleShown: long lists of names are cut to this many per session.
  public static func render(_ roster: Roster, instance: Instance, maxPeopleShown: Int = 12) -> String {
    var sessionOf: [String: (Project, Session)] = [:]
    for (p, s) in instance.sessions { sessionOf[s.id] = (p, s) }
    let people = Dictionary(uniqueKeysWithValues: instance.people.map { ($0.id, $0) })
    let supervisors = Dictionary(uniqueKeysWithValues: instance.supervisors.map { ($0.id, $0) })
    var out: [String] = []
    out.append("Roster for \(instance.name), week of \(instance.weekStart) (\(roster.method), \(roster.status))")
    out.append("")
    let byDate = Dictionary(grouping: roster.assignments) { sessionOf[$0.session]?.1.date ?? instance.weekStart }
    for date in instance.dates {
      let day = (byDate[date] ?? []).sorted { $0.session < $1.session }
      let headcount = day.reduce(0) { $0 + $1.people.count }
      out.append(
        "\(date.weekday.fullName) \(date): "
          + (day.isEmpty ? "no sessions booked" : "\(day.count) sessions, \(headcount) people"))
      guard !day.isEmpty else {
        out.append("")
        continue
      }
      var table = TextTable(
        ["session", "project", "area", "time", "hours", "booked", "supervisors", "people"],
        alignments: [.left, .left, .left, .left, .right, .right, .left, .left])
      for a in day {
        guard let (project, session) = sessionOf[a.session] else { continue }
        let time = session.start.map { s in session.end.map { "\(s)-\($0)" } ?? "\(s)" } ?? "-"
        let sups = a.supervisors.map { supervisors[$0]?.name ?? $0 }.joined(separator: ", ")
        var names = a.people.prefix(maxPeopleShown).map { id in people[id]?.name.map { "\($0) (\(id))" } ?? id }
        if a.people.count > maxPeopleShown { names.append("+\(a.people.count - maxPeopleShown) more") }
        let kind = project.kind == .group ? "" : " [\(project.kind.rawValue)]"
        table.add([
          a.session, String((project.displayName + kind).prefix(36)), project.area, time, formatHours(session.hours),
          "\(a.people.count)/\(session.capacity)", sups.isEmpty ? "-" : sups, names.joined(separator: ", "),
        ])
      }
      out.append(table.render(indent: "  "))
      out.append("")
    }
    out.append(summary(roster, instance: instance))
    return out.joined(separator: "\n")
  }

  /// Objective, bound, hours, pace and the people left short, with reasons.
  public static func summary(_ roster: Roster, instance: Instance, maxShortfallsShown: Int = 25) -> String {
    var hoursOf: [String: Double] = [:]
    for (_, s) in instance.sessions { hoursOf[s.id] = s.hours }
    var booked: [String: Double] = [:]
    for a in roster.assignments { for p in a.people { booked[p, default: 0] += hoursOf[a.session] ?? 0 } }
    var credited = 0.0
    var onPace = 0
    var owing = 0
    for person in instance.people where person.hoursRemaining > 0 {
      owing += 1
      let c = min(booked[person.id] ?? 0, person.hoursRemaining)
      credited += c
      if c >= Objective.target(of: person, weekStart: instance.weekStart) - 1e-9 { onPace += 1 }
    }
    let bookedPeople = booked.count
    var out: [String] = ["Summary"]
    var rows: [(String, String)] = [("objective", JSONValue.format(Roster.rounded(roster.objective)))]
    if let bound = roster.bound {
      rows.append(("bound", JSONValue.format(Roster.rounded(bound))))
      rows.append(("gap", String(format: "%.4f%%", 100 * (roster.gap ?? 0))))
    }
    rows += [
      ("hours credited", formatHours(credited)),
      ("people booked", "\(bookedPeople) of \(owing) with hours to do"),
      ("people on pace", "\(onPace) of \(owing)"),
      ("sessions run", "\(roster.assignments.count) of \(instance.sessions.count)"),
    ]
    if case .number(let s)? = roster.stats.first(where: { $0.0 == "seconds" })?.1 {
      rows.append(("solve time", String(format: "%.2f s", s)))
    }
    if case .number(let m)? = roster.stats.first(where: { $0.0 == "peak_memory_mb" })?.1 {
      rows.append(("peak memory", String(format: "%.0f MiB", m)))
    }
    out.append(TextTable.pairs(rows, indent: "  "))
    if !roster.shortfalls.isEmpty {
      out.append("")
      out.append("Below their weekly target (\(roster.shortfalls.count)):")
      var table = TextTable(["person", "booked", "target", "why"], alignments: [.left, .right, .right, .left])
      let people = Dictionary(uniqueKeysWithValues: instance.people.map { ($0.id, $0) })
      for s in roster.shortfalls.prefix(maxShortfallsShown) {
        let name = people[s.person]?.name.map { "\($0) (\(s.person))" } ?? s.person
        table.add([name, formatHours(s.bookedHours), formatHours(s.targetHours), s.reasons.first ?? ""])
      }
      out.append(table.render(indent: "  "))
      if roster.shortfalls.count > maxShortfallsShown {
        out.append("  ... and \(roster.shortfalls.count - maxShortfallsShown) more (all are in the roster JSON)")
      }
    }
    return out.joined(separator: "\n")
  }

  /// One line a booking: `date,session,project,area,start,end,hours,role,id,name`.
  public static func csv(_ roster: Roster, instance: Instance) -> String {
    var sessionOf: [String: (Project, Session)] = [:]
    for (p, s) in instance.sessions { sessionOf[s.id] = (p, s) }
    let people = Dictionary(uniqueKeysWithValues: instance.people.map { ($0.id, $0) })
    let supervisors = Dictionary(uniqueKeysWithValues: instance.supervisors.map { ($0.id, $0) })
    func field(_ s: String) -> String {
      s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    var lines = ["date,session,project,area,start,end,hours,role,id,name"]
    for a in roster.assignments {
      guard let (project, session) = sessionOf[a.session] else { continue }
      let common = [
        session.date.description, session.id, project.displayName, project.area, session.start?.description ?? "",
        session.end?.description ?? "", formatHours(session.hours),
      ]
      for k in a.supervisors {
        lines.append((common + ["supervisor", k, supervisors[k]?.name ?? ""]).map(field).joined(separator: ","))
      }
      for p in a.people {
        lines.append((common + ["person", p, people[p]?.name ?? ""]).map(field).joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
