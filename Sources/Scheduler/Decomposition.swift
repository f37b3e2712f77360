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

extension Decomposition {
  /// A part cut along areas, for weeks where supervisors or people spanning areas tie a whole
  /// region into one part too big to solve whole in time.
  ///
  /// `restricted` are truly independent: each person and supervisor who spans clusters belongs to
  /// one of them only (where the greedy used them most), so the clusters' rosters join into a valid
  /// roster of the part. `relaxed` give each cluster everyone who could work there, as if they
  /// could be in every cluster at once: every roster of the part restricted to a cluster is a
  /// roster of its relaxed cluster, and a person's value is subadditive in hours (concave from 0),
  /// so the relaxed clusters' bounds add up to a bound on the part.
  struct Split {
    var restricted: [Part]
    var relaxed: [Part]
  }

  /// Cuts `part` into clusters of whole areas with at most about `maxPeople` people each (an area
  /// bigger than that stays whole), joining first the areas that share most people and
  /// supervisors. Nil when it does not cut (one cluster, or a person pinned in two clusters).
  static func split(_ part: Part, data: WeekData, greedy: RosterState, maxPeople: Int) -> Split? {
    let projects = data.instance.projects
    var areaIndex: [String: Int] = [:]
    var areaOf: [Int: Int] = [:]  // session -> area
    for s in part.sessions {
      let name = projects[data.sessions[s].project].area
      if areaIndex[name] == nil { areaIndex[name] = areaIndex.count }
      areaOf[s] = areaIndex[name]
    }
    let areaCount = areaIndex.count
    guard areaCount > 1 else { return nil }
    let inPart = Set(part.sessions)
    func areas(ofPerson p: Int) -> Set<Int> { Set(data.options[p].compactMap { areaOf[$0] }) }
    var supervisorAreas: [Int: Set<Int>] = [:]
    for s in part.sessions { for k in data.staff[s] { supervisorAreas[k, default: []].insert(areaOf[s]!) } }

    // Link weights between areas: a supervisor carries a group's worth of places, a person one.
    var people = Array(repeating: 0, count: areaCount)
    var link: [Int: Int] = [:]  // a * areaCount + b (a < b) -> weight
    func addLinks(_ set: Set<Int>, weight: Int) {
      let list = set.sorted()
      for i in list.indices {
        for j in list.indices where j > i { link[list[i] * areaCount + list[j], default: 0] += weight }
      }
    }
    for p in part.people {
      let mine = areas(ofPerson: p)
      for a in mine { people[a] += 1 }
      addLinks(mine, weight: 1)
    }
    for (_, set) in supervisorAreas { addLinks(set, weight: 8) }

    // Agglomerate: strongest links first, while the cluster stays within size.
    var parent = Array(0..<areaCount)
    var size = people
    func find(_ a: Int) -> Int { parent[a] == a ? a : find(parent[a]) }
    for (key, _) in link.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
      let (ra, rb) = (find(key / areaCount), find(key % areaCount))
      guard ra != rb, size[ra] + size[rb] <= maxPeople else { continue }
      parent[max(ra, rb)] = min(ra, rb)
      size[min(ra, rb)] += size[max(ra, rb)]
    }
    let roots = Array(Set((0..<areaCount).map(find))).sorted()
    guard roots.count > 1 else { return nil }
    let clusterOfRoot = Dictionary(uniqueKeysWithValues: roots.enumerated().map { ($1, $0) })
    func cluster(_ s: Int) -> Int { clusterOfRoot[find(areaOf[s]!)]! }

    // Each person and supervisor's home: their pin, else where the greedy used them most, else
    // where they have most sessions.
    func home(_ sessions: [Int], preferred: [Int]) -> Int {
      var weight = Array(repeating: 0, count: roots.count)
      for s in sessions where inPart.contains(s) { weight[cluster(s)] += 1 }
      for s in preferred where inPart.contains(s) { weight[cluster(s)] += 1_000 }
      return weight.indices.max { (weight[$0], -$0) < (weight[$1], -$1) }!
    }
    var pinnedClusters: [Int: Set<Int>] = [:]
    for pin in data.pins where inPart.contains(pin.session) {
      pinnedClusters[pin.person, default: []].insert(cluster(pin.session))
    }
    if pinnedClusters.values.contains(where: { $0.count > 1 }) { return nil }
    var split = Split(
      restricted: roots.map { _ in Part(people: [], sessions: [], supervisors: []) },
      relaxed: roots.map { _ in Part(people: [], sessions: [], supervisors: []) })
    for s in part.sessions {
      split.restricted[cluster(s)].sessions.append(s)
      split.relaxed[cluster(s)].sessions.append(s)
    }
    for p in part.people {
      let at = pinnedClusters[p]?.first ?? home(data.options[p], preferred: greedy.personSessions[p])
      split.restricted[at].people.append(p)
      for c in Set(data.options[p].filter(inPart.contains).map(cluster)) { split.relaxed[c].people.append(p) }
    }
    for k in part.supervisors {
      let staffable = part.sessions.filter { data.staff[$0].contains(k) }
      let used = part.sessions.filter { greedy.staffed[$0].contains(k) }
      split.restricted[home(staffable, preferred: used)].supervisors.append(k)
      for c in Set(staffable.map(cluster)) { split.relaxed[c].supervisors.append(k) }
    }
    split.restricted.removeAll { $0.people.isEmpty }
    split.relaxed.removeAll { $0.people.isEmpty }
    return split.restricted.count > 1 ? split : nil
  }
}
