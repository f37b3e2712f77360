import PaybackCore

/// Splits a week into parts that share no person, session or supervisor.
///
/// Such parts cannot constrain each other (every hard rule lives inside one session, one
/// person or one supervisor), so their optima add up to the week's optimum and their bounds to
/// a bound on it: solving them apart costs nothing in optimality and lets both cores work.
enum Decomposition {
  struct Part: Sendable {
    var people: [Int]
    var sessions: [Int]
    var supervisors: [Int]
    var size: Int { people.count + sessions.count }
  }

  static func parts(_ data: WeekData) -> [Part] {
    let np = data.people.count
    let ns = data.sessions.count
    let nk = data.instance.supervisors.count
    // Union-find over people (0..<np), sessions (np..<np+ns) and supervisors (after).
    var parent = Array(0..<(np + ns + nk))
    func find(_ i: Int) -> Int {
      var i = i
      while parent[i] != i {
        parent[i] = parent[parent[i]]
        i = parent[i]
      }
      return i
    }
    func union(_ a: Int, _ b: Int) {
      let (ra, rb) = (find(a), find(b))
      if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
    for p in 0..<np { for s in data.options[p] { union(p, np + s) } }
    for s in 0..<ns { for k in data.staff[s] { union(np + s, np + ns + k) } }
    var byRoot: [Int: Part] = [:]
    for p in 0..<np where !data.options[p].isEmpty {
      byRoot[find(p), default: Part(people: [], sessions: [], supervisors: [])].people.append(p)
    }
    for s in 0..<ns where !data.candidates[s].isEmpty {
      byRoot[find(np + s), default: Part(people: [], sessions: [], supervisors: [])].sessions.append(s)
    }
    for k in 0..<nk { byRoot[find(np + ns + k)]?.supervisors.append(k) }
    return byRoot.values.filter { !$0.people.isEmpty }.sorted { $0.size > $1.size }
  }

  /// The sub-week holding just one part (pins and keep-apart lists restricted to it).
  static func instance(of part: Part, in data: WeekData, index: Int) -> Instance {
    let full = data.instance
    let sessionIDs = Set(part.sessions.map { data.sessionIDs[$0] })
    let peopleIDs = Set(part.people.map { data.personIDs[$0] })
    var projects: [Project] = []
    for project in full.projects {
      let kept = project.sessions.filter { sessionIDs.contains($0.id) }
      guard !kept.isEmpty else { continue }
      var p = project
      p.sessions = kept
      projects.append(p)
    }
    let people = part.people.map { p -> Person in
      var person = full.people[p]
      person.keepApart = person.keepApart.filter { peopleIDs.contains($0) }
      return person
    }
    return Instance(
      name: "\(full.name) part \(index + 1)", weekStart: full.weekStart, defaults: full.defaults, projects: projects,
      supervisors: part.supervisors.map { full.supervisors[$0] }, people: people,
      pins: full.pins.filter { peopleIDs.contains($0.person) && sessionIDs.contains($0.session) })
  }
}
