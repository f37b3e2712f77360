import PaybackCore

/// The projects, sessions and supervisors that repeat every week of a scenario: the population's
/// template week with the scenario's changes applied.
public struct WeekPattern: Sendable {
  /// Sessions dated within the template week; week `w` shifts them by `7 * w` days.
  public var projects: [Project]
  public var supervisors: [Supervisor]
  public var defaults: Defaults
  public var weekStart: CalendarDate
  /// Problems worth a planner's attention (a change that matched nothing, say).
  public var notes: [String]
  /// Projects with sessions here but none in the population's week: projects the scenario opens.
  public var newProjects: Int

  /// The template week of `population` with `changes` applied in order.
  public init(population: Population, changes: [ScenarioChange]) {
    let template = population.template
    weekStart = template.weekStart
    defaults = template.defaults
    projects = template.projects
    // Leave and training dates belong to the template week only.
    supervisors = template.supervisors.map { s in
      var s = s
      s.unavailableDates = []
      return s
    }
    notes = []
    newProjects = 0
    var added = 0
    for change in changes {
      switch change {
      case .addSupervisors(let count, let areas, let available, let maxSessions, let quals):
        let known = Set(projects.map(\.area))
        let unknown = areas.filter { !known.contains($0) }
        if !unknown.isEmpty {
          notes.append("new supervisors' areas with no project: \(unknown.joined(separator: ", "))")
        }
        for _ in 0..<count {
          added += 1
          var id = "NEW-S\(added)"
          while supervisors.contains(where: { $0.id == id }) { id += "+" }
          supervisors.append(
            Supervisor(
              id: id, name: "New supervisor \(added)", areas: areas, available: available, maxSessions: maxSessions,
              qualifications: quals))
        }
      case .removeSupervisors(let count, let area, let weekday):
        let matching = supervisors.indices.filter { i in
          (area.map { supervisors[i].areas.contains($0) } ?? true)
            && (weekday.map { supervisors[i].available.contains($0) } ?? true)
        }
        let chosen = matching.suffix(count ?? matching.count)
        if let count, chosen.count < count {
          notes.append("asked to remove \(count) supervisors but only \(chosen.count) matched")
        }
        for i in chosen.reversed() { supervisors.remove(at: i) }
      case .removeSupervisorShare(let share, let area, let weekday):
        let matching = supervisors.indices.filter { i in
          (area.map { supervisors[i].areas.contains($0) } ?? true)
            && (weekday.map { supervisors[i].available.contains($0) } ?? true)
        }
        let chosen = WeekPattern.spread(share: share, of: matching) { supervisors[$0].areas.first ?? "" }
        for i in chosen.sorted(by: >) { supervisors.remove(at: i) }
      case .extendSupervisorDays(let days, let area, let count, let extra):
        let matching = supervisors.indices.filter { i in area.map { supervisors[i].areas.contains($0) } ?? true }
        let chosen = matching.prefix(count ?? matching.count)
        if chosen.isEmpty { notes.append("no supervisor matched a change of working days") }
        for i in chosen {
          supervisors[i].available.formUnion(days)
          supervisors[i].maxSessions += extra
        }
      case .addSessions(let weekday, let filter, let hours, let capacity):
        let date = weekStart.adding(days: weekday.index)
        var matched = 0
        for pi in projects.indices where filter.matches(projects[pi]) {
          let p = projects[pi]
          guard !p.sessions.contains(where: { $0.date == date }) else { continue }
          matched += 1
          let like = p.sessions.first
          var id = "\(p.id)-\(weekday.rawValue)"
          while projects.contains(where: { $0.sessions.contains { $0.id == id } }) { id += "+" }
          projects[pi].sessions.append(
            Session(
              id: id, date: date, start: like?.start ?? ClockTime("09:00"), end: like?.end ?? ClockTime("16:30"),
              hours: hours ?? like?.hours ?? 7, capacity: capacity ?? p.sessions.map(\.capacity).max() ?? 8))
          projects[pi].sessions.sort { $0.date < $1.date }
        }
        if matched == 0 { notes.append("no project gained a \(weekday.fullName) session") }
      case .removeSessions(let weekday, let filter):
        for pi in projects.indices where filter.matches(projects[pi]) {
          projects[pi].sessions.removeAll { $0.date.weekday == weekday }
        }
      case .capacity(let filter, let scale, let add):
        for pi in projects.indices where filter.matches(projects[pi]) {
          for si in projects[pi].sessions.indices {
            let c = projects[pi].sessions[si].capacity
            projects[pi].sessions[si].capacity = max(0, Int((Double(c) * scale).rounded()) + add)
          }
        }
      }
    }
    let idle = Set(template.projects.filter { $0.sessions.isEmpty }.map(\.id))
    newProjects = projects.filter { idle.contains($0.id) && !$0.sessions.isEmpty }.count
    // A town whose group sessions no supervisor can staff delivers no group hours at all.
    let staffed = Set(supervisors.flatMap(\.areas))
    let groupTowns = Set(projects.filter { $0.kind == .group && !$0.sessions.isEmpty }.map(\.area))
    for town in groupTowns.subtracting(staffed).sorted() {
      notes.append("\(town) has group sessions but no supervisor: no group hours there")
    }
  }

  /// `share` of `indices`, rounded to whole people, spread over the towns `town` gives them in
  /// proportion (largest remainder, ties to the larger town, then by name), the last listed in
  /// each town first.
  static func spread(share: Double, of indices: [Int], town: (Int) -> String) -> [Int] {
    let total = Int((share * Double(indices.count)).rounded())
    var byTown: [String: [Int]] = [:]
    for i in indices { byTown[town(i), default: []].append(i) }
    let towns = byTown.keys.sorted()
    var take = towns.map { Int((share * Double(byTown[$0]!.count)).rounded(.down)) }
    let order = towns.indices.sorted { a, b in
      let ra = share * Double(byTown[towns[a]]!.count) - Double(take[a])
      let rb = share * Double(byTown[towns[b]]!.count) - Double(take[b])
      if ra != rb { return ra > rb }
      if byTown[towns[a]]!.count != byTown[towns[b]]!.count { return byTown[towns[a]]!.count > byTown[towns[b]]!.count }
      return towns[a] < towns[b]
    }
    var left = total - take.reduce(0, +)
    for t in order where left > 0 && take[t] < byTown[towns[t]]!.count {
      take[t] += 1
      left -= 1
    }
    return towns.indices.flatMap { byTown[towns[$0]]!.suffix(take[$0]) }
  }

  /// The most group sessions the supervisors could run in a week: for each, the days they work on
  /// which a group project in one of their areas meets, capped by their `max_sessions`.
  public var supervisorCapacity: Int { supervisorCapacity(of: projects) }

  /// The same for these projects (a week's, with its bank holidays taken out).
  public func supervisorCapacity(of projects: [Project]) -> Int {
    var total = 0
    for s in supervisors {
      var days = Set<CalendarDate>()
      for p in projects where p.kind == .group && s.areas.contains(p.area) {
        for session in p.sessions where s.canStaff(session, of: p) { days.insert(session.date) }
      }
      total += min(s.maxSessions, days.count)
    }
    return total
  }

  /// The projects of week `week` (0 is the template week).
  public func projects(forWeek week: Int) -> [Project] {
    guard week != 0 else { return projects }
    return projects.map { p in
      var p = p
      for i in p.sessions.indices { p.sessions[i].date = p.sessions[i].date.adding(days: 7 * week) }
      return p
    }
  }

  /// The projects of week `week` with, when `bankHolidays`, the sessions on a bank holiday
  /// taken out, and how many were.
  public func projects(forWeek week: Int, bankHolidays: Bool) -> (projects: [Project], holidaySessions: Int) {
    var out = projects(forWeek: week)
    guard bankHolidays else { return (out, 0) }
    let start = weekStart.adding(days: 7 * week)
    guard (0..<7).contains(where: { BankHolidays.contains(start.adding(days: $0)) }) else { return (out, 0) }
    var removed = 0
    for i in out.indices {
      let before = out[i].sessions.count
      out[i].sessions.removeAll { BankHolidays.contains($0.date) }
      removed += before - out[i].sessions.count
    }
    return (out, removed)
  }

  /// The most group sessions the supervisors could run in each town in a week (a supervisor
  /// who covers two towns counts in both).
  public func supervisorCapacity(byArea projects: [Project]) -> [String: Int] {
    var out: [String: Int] = [:]
    for s in supervisors {
      for area in Set(s.areas) {
        var days = Set<CalendarDate>()
        for p in projects where p.kind == .group && p.area == area {
          for session in p.sessions where s.canStaff(session, of: p) { days.insert(session.date) }
        }
        if !days.isEmpty { out[area, default: 0] += min(s.maxSessions, days.count) }
      }
    }
    return out
  }
}
