import PaybackCore

/// Large-neighbourhood search: free one window of a week (some sessions), keep every other booking
/// and assignment as it is, and solve the window exactly as a week of its own.
///
/// The window's week holds its sessions, everyone who could be booked on them and every supervisor
/// who could staff them, each reduced by what they already do outside the window: a person's hours,
/// weekly maximum and ETE allowance less their bookings elsewhere, and those days taken; a
/// supervisor's days and sessions likewise. A person's value in the window is then exactly their
/// value for the week less what their other bookings earn: with `h` hours elsewhere, owing `r` with
/// target `t`, the window sees `r - h` owed and target `max(0, t - h)` (as a weekly minimum with no
/// deadline, which the target formula then returns unchanged).
///
/// H7 (no needless booking) looks at earlier dates, which the window cannot see; it is checked on
/// the whole week when the window's roster is put back, and a window that would break it is dropped.
struct Neighbourhood: Sendable {
  /// Sessions of the window, in the week's numbering.
  var sessions: [Int]
  /// People and supervisors the window touches: two windows that share none can be solved at once.
  var people: Set<Int>
  var supervisors: Set<Int>
  var label: String

  init(sessions: [Int], data: WeekData, label: String) {
    self.sessions = sessions
    self.label = label
    var people: Set<Int> = []
    var supervisors: Set<Int> = []
    for s in sessions {
      people.formUnion(data.candidates[s])
      supervisors.formUnion(data.staff[s])
    }
    self.people = people
    self.supervisors = supervisors
  }

  func isDisjoint(from other: Neighbourhood) -> Bool {
    people.isDisjoint(with: other.people) && supervisors.isDisjoint(with: other.supervisors)
  }

  /// The window as a week of its own, given everything outside it in `state`; with the window's part
  /// of `state` as a roster of that week (a start for its search).
  func week(around state: RosterState) -> (instance: Instance, start: Roster) {
    let data = state.data
    let full = data.instance
    let inWindow = Set(sessions)
    let sessionIDs = Set(sessions.map { data.sessionIDs[$0] })
    var projects: [Project] = []
    for project in full.projects {
      let kept = project.sessions.filter { sessionIDs.contains($0.id) }
      guard !kept.isEmpty else { continue }
      var p = project
      p.sessions = kept
      projects.append(p)
    }
    let pinned = Set(data.pins.filter { inWindow.contains($0.session) }.map(\.person))
    var people: [Person] = []
    var kept: Set<Int> = []
    for p in self.people.sorted() {
      let outside = state.personSessions[p].filter { !inWindow.contains($0) }
      let hours = outside.reduce(0.0) { $0 + data.sessions[$1].hours }
      let info = data.people[p]
      // Nothing more to gain from someone whose other bookings finish the order (unless pinned here).
      guard info.remaining - hours > 1e-9 || pinned.contains(p) else { continue }
      var person = full.people[p]
      let ete = outside.filter { data.sessions[$0].kind == .ete }.reduce(0.0) { $0 + data.sessions[$1].hours }
      person.hoursRemaining = max(0, info.remaining - hours)
      person.eteHoursRemaining = max(0, info.ete - ete)
      person.maxHoursPerWeek = max(0, info.maxHours - hours)
      person.minHoursPerWeek = max(0, info.target - hours)
      if let deadline = person.deadline {
        for d in 0..<7 where full.weekStart.adding(days: d) > deadline {
          person.unavailableDates.insert(full.weekStart.adding(days: d))
        }
      }
      person.deadline = nil
      for s in outside { person.unavailableDates.insert(full.weekStart.adding(days: data.sessions[s].day)) }
      people.append(person)
      kept.insert(p)
    }
    let keptIDs = Set(kept.map { data.personIDs[$0] })
    for i in people.indices { people[i].keepApart = people[i].keepApart.filter { keptIDs.contains($0) } }
    var supervisors: [Supervisor] = []
    for k in self.supervisors.sorted() {
      var supervisor = full.supervisors[k]
      var load = 0
      for s in data.sessions.indices where !inWindow.contains(s) && state.staffed[s].contains(k) {
        load += 1
        supervisor.unavailableDates.insert(full.weekStart.adding(days: data.sessions[s].day))
      }
      supervisor.maxSessions = max(0, supervisor.maxSessions - load)
      supervisors.append(supervisor)
    }
    let instance = Instance(
      name: "\(full.name) window \(label)", weekStart: full.weekStart, defaults: full.defaults, projects: projects,
      supervisors: supervisors, people: people,
      pins: full.pins.filter { keptIDs.contains($0.person) && sessionIDs.contains($0.session) })
    var start: [Assignment] = []
    for s in sessions where !state.booked[s].isEmpty {
      let booked = state.booked[s].filter(kept.contains)
      guard !booked.isEmpty else { continue }
      start.append(
        Assignment(
          session: data.sessionIDs[s], supervisors: state.staffed[s].map { full.supervisors[$0].id },
          people: booked.map { data.personIDs[$0] }))
    }
    let roster = Roster(
      instance: instance.name, weekStart: full.weekStart, method: "ip", status: "", objective: 0, assignments: start)
    return (instance, roster)
  }

  /// `state` with the window's sessions replaced by `roster` (a roster of the window's week), or nil
  /// when the result would break H7 on the whole week.
  func putBack(_ roster: Roster, into state: RosterState) -> RosterState? {
    let data = state.data
    var next = state
    for s in sessions {
      for p in next.booked[s] { next.remove(p, s) }
      for k in next.staffed[s] { next.removeSupervisor(k, s) }
    }
    for a in roster.assignments {
      guard let s = data.sessionIndex[a.session] else { return nil }
      for id in a.people {
        guard let p = data.personIndex[id] else { return nil }
        next.add(p, s)
      }
      for id in a.supervisors {
        guard let k = data.supervisorIndex[id] else { return nil }
        next.addSupervisor(k, s)
      }
    }
    for p in people where !data.needlessBookingFree(person: p, sessions: next.personSessions[p]) { return nil }
    return next
  }
}

/// Windows of a week for the search: areas joined to their neighbours (the people and supervisors
/// they share), over the whole week and over single days and weekends.
struct NeighbourhoodPlan: Sendable {
  /// Sessions of each area, and each area's neighbours, strongest link first.
  private var areaSessions: [[Int]] = []
  private var neighbours: [[Int]] = []
  private var areaPeople: [Int] = []
  private var cursor = 0
  private var order: [(area: Int, days: Set<Int>?)] = []

  init(_ data: WeekData, sessions part: [Int]) {
    var index: [String: Int] = [:]
    var areaOf: [Int: Int] = [:]
    for s in part {
      let name = data.instance.projects[data.sessions[s].project].area
      if index[name] == nil {
        index[name] = index.count
        areaSessions.append([])
      }
      areaOf[s] = index[name]!
      areaSessions[index[name]!].append(s)
    }
    let count = index.count
    var link = Array(repeating: [Int: Int](), count: count)
    var people = Array(repeating: Set<Int>(), count: count)
    for s in part {
      let a = areaOf[s]!
      people[a].formUnion(data.candidates[s])
    }
    areaPeople = people.map(\.count)
    for p in 0..<data.people.count {
      let mine = Set(data.options[p].compactMap { areaOf[$0] })
      for a in mine { for b in mine where b != a { link[a][b, default: 0] += 1 } }
    }
    var supervisorAreas: [Int: Set<Int>] = [:]
    for s in part { for k in data.staff[s] { supervisorAreas[k, default: []].insert(areaOf[s]!) } }
    for (_, mine) in supervisorAreas {
      // A supervisor carries a group's worth of places.
      for a in mine { for b in mine where b != a { link[a][b, default: 0] += 8 } }
    }
    neighbours = link.map { $0.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.map(\.key) }
    // Whole weeks of each area first, then its weekend and each weekday with work.
    var days: [Set<Int>] = [[5, 6]]
    for d in 0..<5 { days.append([d]) }
    for a in 0..<count { order.append((a, nil)) }
    for d in days { for a in 0..<count { order.append((a, d)) } }
  }

  /// Windows in one round.
  var count: Int { order.count }

  /// The next window: an area and its nearest neighbours until about `people` people could work in
  /// it, over the whole week or the given days (about three times the people for one day).
  mutating func next(_ data: WeekData, people target: Int) -> Neighbourhood? {
    guard !order.isEmpty else { return nil }
    for _ in 0..<order.count {
      let (seed, days) = order[cursor % order.count]
      cursor += 1
      let limit = days == nil ? target : target * 3
      var areas = [seed]
      var size = areaPeople[seed]
      var frontier = neighbours[seed]
      while size < limit, let a = frontier.first {
        frontier.removeFirst()
        if areas.contains(a) { continue }
        areas.append(a)
        size += areaPeople[a]
        frontier += neighbours[a].filter { !areas.contains($0) && !frontier.contains($0) }
      }
      var sessions = areas.flatMap { areaSessions[$0] }
      if let days { sessions = sessions.filter { days.contains(data.sessions[$0].day) } }
      guard !sessions.isEmpty else { continue }
      let label = (days.map { "days \($0.sorted())" } ?? "week") + " around area \(seed)"
      return Neighbourhood(sessions: sessions.sorted(), data: data, label: label)
    }
    return nil
  }
}
