import PaybackCore

/// Realistic weeks of Community Payback, drawn from the national and Essex figures.
///
/// A week is built in this order, each step with its own random stream (so that changing,
/// say, the supervisor slack leaves the people unchanged): areas, people, projects and their
/// sessions (sized area by area to `capacityRatio` times the people's demand), supervisors
/// (sized day by day to the vans the sessions need), keep-apart pairs, then pins. See
/// ``GeneratorParameters`` for every figure and its source.
public enum InstanceGenerator {
  /// A valid `payback-instance/1` week for the parameters; the same parameters always give
  /// the same week.
  public static func week(_ parameters: GeneratorParameters) -> Instance {
    var generation = Generation(parameters)
    return generation.run()
  }

  /// The figures of a week that the generator's parameters aim at (any instance will do).
  public static func figures(of instance: Instance) -> WeekFigures {
    WeekFigures(instance)
  }
}

/// The headline numbers of a week: how many of everything, and capacity against demand.
public struct WeekFigures: Sendable, CustomStringConvertible {
  public var people = 0
  public var women = 0
  public var highRisk = 0
  /// People whose order has a deadline.
  public var withDeadline = 0
  /// People whose deadline falls within three weeks of the week's start.
  public var closeDeadlines = 0
  public var areas = 0
  /// Groups of areas that no person or supervisor links to another group: independent sub-problems.
  public var components = 0
  public var projects = 0
  public var groupSessions = 0
  public var individualSessions = 0
  public var eteSessions = 0
  public var weekendGroupSessions = 0
  public var womenOnlyProjects = 0
  public var supervisors = 0
  /// People who reach more than one area (a neighbouring town).
  public var peopleInSeveralAreas = 0
  /// Supervisors who cover more than one area.
  public var supervisorsInSeveralAreas = 0
  public var pins = 0
  public var keepApartPairs = 0
  /// Capacity times hours, summed over all sessions.
  public var capacityHours = 0.0
  /// The people's weekly pace targets (the objective's `target`), summed.
  public var demandHours = 0.0

  public var sessions: Int { groupSessions + individualSessions + eteSessions }
  /// Capacity-hours per demand-hour; below 1 when places are short.
  public var capacityToDemand: Double { demandHours > 0 ? capacityHours / demandHours : 0 }
  /// Share of group sessions on Saturday or Sunday.
  public var weekendGroupShare: Double { groupSessions > 0 ? Double(weekendGroupSessions) / Double(groupSessions) : 0 }

  init(_ instance: Instance) {
    people = instance.people.count
    areas = Set(instance.projects.map(\.area) + instance.people.flatMap(\.areas)).count
    for person in instance.people {
      if person.sex == .female { women += 1 }
      if person.risk == .high { highRisk += 1 }
      if let d = person.deadline {
        withDeadline += 1
        if instance.weekStart.days(to: d) < 21 { closeDeadlines += 1 }
      }
      demandHours += Objective.target(of: person, weekStart: instance.weekStart)
      keepApartPairs += person.keepApart.count
      if Set(person.areas).count > 1 { peopleInSeveralAreas += 1 }
    }
    projects = instance.projects.count
    for project in instance.projects {
      if project.womenOnly { womenOnlyProjects += 1 }
      for session in project.sessions {
        capacityHours += Double(session.capacity) * session.hours
        switch project.kind {
        case .group:
          groupSessions += 1
          if session.date.weekday == .sat || session.date.weekday == .sun { weekendGroupSessions += 1 }
        case .individual: individualSessions += 1
        case .ete: eteSessions += 1
        }
      }
    }
    supervisors = instance.supervisors.count
    supervisorsInSeveralAreas = instance.supervisors.filter { Set($0.areas).count > 1 }.count
    pins = instance.pins.count
    components = WeekFigures.components(instance)
  }

  /// Connected groups of areas, joined by anyone (person or supervisor) who reaches two.
  public static func components(_ instance: Instance) -> Int {
    var parent: [String: String] = [:]
    func find(_ a: String) -> String {
      var x = a
      while let p = parent[x], p != x { x = p }
      return x
    }
    func join(_ list: [String]) {
      for a in list where parent[a] == nil { parent[a] = a }
      guard let first = list.first else { return }
      for a in list.dropFirst() {
        let (ra, rb) = (find(first), find(a))
        if ra != rb { parent[rb] = ra }
      }
    }
    for project in instance.projects { join([project.area]) }
    for person in instance.people { join(person.areas) }
    for supervisor in instance.supervisors { join(supervisor.areas) }
    return Set(parent.keys.map(find)).count
  }

  public var description: String {
    func f(_ v: Double) -> String { String(Int(v.rounded())) }
    let ratio = (capacityToDemand * 1000).rounded() / 1000
    let weekend = (weekendGroupShare * 100).rounded()
    return """
      \(people) people (\(women) women, \(highRisk) high risk, \(withDeadline) with a deadline, \(closeDeadlines) \
      within 3 weeks), \(areas) areas in \(components) independent components, \(projects) projects \
      (\(womenOnlyProjects) women-only), \(sessions) sessions (\(groupSessions) group, \(Int(weekend))% of them at \
      weekends; \(individualSessions) individual; \(eteSessions) ete), \(supervisors) supervisors, \(pins) pins, \
      \(keepApartPairs) keep-apart pairs; \(peopleInSeveralAreas) people and \(supervisorsInSeveralAreas) \
      supervisors reach more than one area; capacity \(f(capacityHours)) hours for a demand of \(f(demandHours)) \
      (ratio \(ratio))
      """
  }
}

// MARK: - The generation itself

/// One run of the generator: the parameters, the random streams and what has been built so far.
private struct Generation {
  let p: GeneratorParameters
  let weekStart: CalendarDate

  /// An area taken into this week.
  struct ChosenArea {
    var area: Vocabulary.Area
    var cluster: Int
    var weight: Double
  }
  var areas: [ChosenArea] = []
  var people: [Person] = []
  /// Index of each person's home area.
  var home: [Int] = []
  var projects: [Project] = []
  var supervisors: [Supervisor] = []
  /// Group sessions placed so far in the current area, and how many at weekends: each area keeps
  /// the weekend share, so people who work weekdays find weekend work in their own town.
  var groupSessionCount = 0
  var weekendSessionCount = 0

  init(_ p: GeneratorParameters) {
    self.p = p
    weekStart = p.weekStart.weekday == .mon ? p.weekStart : p.weekStart.adding(days: -p.weekStart.weekday.index)
  }

  /// A random stream for one step: the seed and the step's number, spread by SplitMix64.
  func stream(_ step: UInt64) -> SeededRandom {
    SeededRandom(seed: p.seed ^ (step &* 0xD1B5_4A32_D192_ED03))
  }

  func date(_ day: Int) -> CalendarDate { weekStart.adding(days: day) }

  static func roundHalf(_ x: Double) -> Double { (x * 2).rounded() / 2 }

  static func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, width - s.count)) + s
  }

  mutating func run() -> Instance {
    chooseAreas()
    makePeople()
    makeProjects()
    makeSupervisors()
    makeKeepApart()
    var instance = Instance(
      name: p.name ?? "generated-\(p.people)-seed\(p.seed)", weekStart: weekStart, projects: projects,
      supervisors: supervisors, people: people)
    instance.pins = makePins(instance)
    return instance
  }

  // MARK: Areas

  mutating func chooseAreas() {
    var rng = stream(1)
    let total = Vocabulary.areaTotal
    let wanted = p.areaCount ?? Int((Double(p.people) / Double(max(1, p.peoplePerArea))).rounded())
    let k = min(total, max(p.areaCount == nil ? 3 : 1, wanted))
    // Two towns per cluster while clusters last, so that most people have a neighbour to reach.
    let clusterCount = min(Vocabulary.clusters.count, (k + 1) / 2)
    var picked: [(cluster: Int, member: Int)] = []
    var member = 0
    while picked.count < k {
      for c in 0..<clusterCount where picked.count < k && member < Vocabulary.clusters[c].count {
        picked.append((c, member))
      }
      member += 1
    }
    picked.sort { ($0.cluster, $0.member) < ($1.cluster, $1.member) }
    areas = picked.map { c, m in
      // The first town of a cluster is the big one.
      ChosenArea(
        area: Vocabulary.clusters[c][m], cluster: c, weight: (m == 0 ? 1.5 : 1.0) * rng.double(0.8, 1.2))
    }
  }

  /// The chosen areas that neighbour area `a`, in a fixed order: with `.clusters` geography the
  /// other towns of its cluster; on the ring the towns up to `ringReach` steps either side.
  func neighbours(of a: Int) -> [Int] {
    switch p.geography {
    case .clusters:
      return areas.indices.filter { $0 != a && areas[$0].cluster == areas[a].cluster }
    case .ring:
      let k = areas.count
      guard k > 1 else { return [] }
      var near: [Int] = []
      for step in 1...max(1, p.ringReach) {
        for b in [(a + step) % k, (a - step % k + k) % k] where b != a && !near.contains(b) { near.append(b) }
      }
      return near
    }
  }

  /// Chosen areas of the next cluster in the week (for the rare cross-cluster reach).
  func nextCluster(of a: Int) -> [Int] {
    let clusters = Array(Set(areas.map(\.cluster))).sorted()
    guard clusters.count > 1, let i = clusters.firstIndex(of: areas[a].cluster) else { return [] }
    let next = clusters[(i + 1) % clusters.count]
    return areas.indices.filter { areas[$0].cluster == next }
  }

  // MARK: People

  mutating func makePeople() {
    var rng = stream(2)
    let width = max(4, String(p.people).count)
    let weights = areas.map(\.weight)
    for i in 0..<p.people {
      let a = rng.weighted(weights)
      let female = rng.chance(p.womenShare)
      let u = rng.unit()
      let risk: Risk = u < p.highRiskShare ? .high : u < p.highRiskShare + p.mediumRiskShare ? .medium : .low
      // Orders are made in round tens within the sentencing bands.
      let band = rng.weighted(p.bandShares)
      let tens = [4...8, 9...15, 16...30][min(band, 2)]
      let order = Double(rng.int(in: tens) * 10)

      let employed = rng.chance(p.employedShare)
      let intensive = !employed && rng.chance(p.intensiveShare)
      var days: [Int]
      if employed {
        let r = rng.unit()
        days = r < 0.65 ? [5, 6] : r < 0.8 ? [5] : r < 0.9 ? [6] : [rng.int(in: 0...4), 5, 6]
      } else if intensive {
        days = Array(rng.shuffled(Array(0...4)).prefix(4))
        if rng.chance(0.5) { days.append(5) }
      } else {
        days = Array(rng.shuffled(Array(0...4)).prefix(rng.int(in: 2...4)))
        if rng.chance(0.4) { days.append(5) }
        if rng.chance(0.3) { days.append(6) }
      }
      days.sort()

      var reach = [a]
      let near = neighbours(of: a)
      if !near.isEmpty, rng.chance(p.secondAreaShare) {
        let order = rng.shuffled(near)
        reach.append(order[0])
        if order.count > 1, rng.chance(p.thirdAreaShare / max(p.secondAreaShare, 1e-9)) { reach.append(order[1]) }
      }
      if p.geography == .clusters {
        let far = nextCluster(of: a)
        if !far.isEmpty, rng.chance(p.crossClusterShare) { reach.append(rng.pick(far)) }
      }

      // Where the order stands: sentenced some weeks ago at a real (slow) pace of 1.5-7 hours a
      // week, or just sentenced; a deadline 12 months after sentence for some.
      let finished = rng.chance(p.finishedShare)
      let newStarter = !finished && rng.chance(p.newStarterShare)
      let hasDeadline = rng.chance(p.deadlineShare)
      let close =
        hasDeadline && !finished && !newStarter && rng.chance(p.closeDeadlineShare / max(p.deadlineShare, 1e-9))
      var startDate: CalendarDate? = nil
      let sentence: CalendarDate
      var remaining: Double
      var worked = 0.0
      if newStarter {
        let start = date(rng.int(in: 1...4))
        startDate = start
        sentence = start.adding(days: -rng.int(in: 1...3))
        remaining = order
      } else {
        // Part worked (up to 95%) at 1.5-7 hours a week on average since sentence; at most 50
        // weeks ago when the order has a deadline, 78 without (the backlog). An order that slow
        // is placed in the second half of that span rather than piled up at its end.
        worked = order * rng.double(0, 0.95)
        let span = hasDeadline ? 50 : 78
        var weeksAgo = max(1, Int((worked / rng.double(1.5, 7)).rounded(.up)))
        if weeksAgo > span { weeksAgo = rng.int(in: (span / 2)...span) }
        sentence = weekStart.adding(days: -7 * weeksAgo - rng.int(in: 0...6))
        remaining = max(0.5, Generation.roundHalf(order - worked))
      }
      if finished { remaining = 0 }
      var deadline: CalendarDate? = nil
      if close {
        deadline = date(rng.int(in: 2...20))
        remaining = Double(rng.int(in: 20...120)) / 2
      } else if hasDeadline {
        deadline = Generation.twelveMonths(after: sentence)
      }

      var ete = 0.0
      if rng.chance(p.eteShare) {
        let used = rng.double(0, 0.3 * worked)
        ete = min(remaining, Generation.roundHalf(0.3 * order - used))
        if ete < 3 { ete = 0 }
      }
      var unsuitable: [String] = []
      let riskFactor = risk == .low ? 0.5 : 1.5
      if rng.chance(p.unsuitableChildrenShare * riskFactor) { unsuitable.append("children") }
      if rng.chance(p.unsuitableVulnerableAdultsShare * riskFactor) { unsuitable.append("vulnerable_adults") }
      if rng.chance(p.unsuitablePublicShare) { unsuitable.append("public") }
      var skills: [String] = []
      if rng.chance(p.skillShare) { skills.append("cscs") }
      if rng.chance(p.skillShare / 2) { skills.append("food_hygiene") }
      var unavailable: Set<CalendarDate> = []
      // One or two dates off, always leaving at least one of their days free.
      if days.count > 1, rng.chance(p.unavailableDateShare) {
        for d in rng.shuffled(days).prefix(rng.int(in: 1...min(2, days.count - 1))) { unavailable.insert(date(d)) }
      }
      let name: String? =
        p.names ? "\(rng.pick(female ? Vocabulary.femaleFirstNames : Vocabulary.maleFirstNames)) \(surname(&rng))" : nil
      people.append(
        Person(
          id: "O" + Generation.pad(i + 1, width), name: name, sex: female ? .female : .male, risk: risk,
          hoursRemaining: remaining, eteHoursRemaining: ete, deadline: deadline, startDate: startDate,
          available: Set(days.map { Weekday.allCases[$0] }), unavailableDates: unavailable,
          areas: reach.map { areas[$0].area.name }, skills: skills, unsuitableFor: unsuitable,
          minHoursPerWeek: 7, maxHoursPerWeek: intensive ? 28 : 21))
      home.append(a)
    }
  }

  /// An invented surname; parts that run into each other ("Shaw" + "well") are drawn again.
  func surname(_ rng: inout SeededRandom) -> String {
    var start = rng.pick(Vocabulary.surnameStarts)
    var end = rng.pick(Vocabulary.surnameEnds)
    while start.last?.lowercased() == end.first.map(String.init) {
      start = rng.pick(Vocabulary.surnameStarts)
      end = rng.pick(Vocabulary.surnameEnds)
    }
    return start + end
  }

  /// The last day of an order made on `sentence` with 12 months to run.
  static func twelveMonths(after sentence: CalendarDate) -> CalendarDate {
    let (y, m, d) = sentence.parts
    let anniversary = CalendarDate(year: y + 1, month: m, day: min(d, CalendarDate.daysIn(month: m, year: y + 1)))!
    return anniversary.adding(days: -1)
  }

  // MARK: Projects and sessions

  mutating func makeProjects() {
    var rng = stream(3)
    for a in areas.indices {
      let locals = people.indices.filter { home[$0] == a }
      let demand = locals.reduce(0.0) { $0 + Objective.target(of: people[$1], weekStart: weekStart) }
      let goal = p.capacityRatio * demand
      let shareTotal = max(1e-9, p.kindShares.reduce(0, +))
      let kindShares = p.kindShares
      func share(_ k: Int) -> Double { k < kindShares.count ? kindShares[k] / shareTotal : 0 }
      let women = locals.filter { people[$0].sex == .female }.count
      let eteCount = locals.filter { people[$0].eteHoursRemaining > 0 }.count
      var counter = [ProjectKind.group: 0, .individual: 0, .ete: 0]
      func nextID(_ kind: ProjectKind) -> String {
        counter[kind, default: 0] += 1
        let letter = kind == .group ? "G" : kind == .individual ? "I" : "E"
        return "\(areas[a].area.code)-\(letter)\(Generation.pad(counter[kind]!, 2))"
      }
      var usedNames: Set<String> = []
      groupSessionCount = 0
      weekendSessionCount = 0

      // Group work, women-only first.
      let groupGoal = goal * share(0)
      var groupHours = 0.0
      if women >= p.womenOnlyMinWomen {
        let capacity = min(rng.int(in: 6...8), max(3, women / 2))
        let days = women >= 15 ? [rng.int(in: 0...4), 5] : [5]
        let id = nextID(.group)
        let title = rng.pick(Vocabulary.womenOnlyIdeas)
        usedNames.insert(title)
        projects.append(
          Project(
            id: id, name: p.names ? "\(title), \(areas[a].area.name)" : nil, kind: .group, area: areas[a].area.name,
            womenOnly: true, peoplePerSupervisor: capacity, minAttendance: 2,
            sessions: days.map { session(id, $0, start: 9 * 60, end: 16 * 60 + 30, hours: 7, capacity: capacity) }))
        groupHours += Double(capacity * 7 * days.count)
        countGroup(days)
      }
      while groupHours < groupGoal {
        let left = groupGoal - groupHours
        // Whichever kind of project (1.6 weekend sessions or 2 weekday ones, on average) brings the
        // area's weekend share closer to its target.
        let (w, t) = (Double(weekendSessionCount), Double(groupSessionCount))
        let weekend = abs((w + 1.6) / (t + 1.6) - p.weekendGroupShare) <= abs(w / (t + 2) - p.weekendGroupShare)
        let evening = !weekend && rng.chance(p.eveningShare)
        var days: [Int]
        if weekend {
          let r = rng.unit()
          days = r < 0.6 ? [5, 6] : r < 0.8 ? [5] : [6]
        } else {
          days = Array(rng.shuffled(Array(0...4)).prefix(rng.int(in: 1...3))).sorted()
        }
        // Evening workshops 18:00-21:00 (3 h); days mostly 09:00-16:30 (7 h credited), some 09:30-16:00 (6 h).
        var (start, end, hours) = (18 * 60, 21 * 60, 3.0)
        if !evening { (start, end, hours) = rng.chance(0.8) ? (540, 990, 7.0) : (570, 960, 6.0) }
        let size = rng.int(in: p.groupSize)
        var capacity = size * (rng.chance(p.twoVanShare) ? 2 : 1)
        // The last project of an area is cut to the hours still wanted, so areas land on the ratio.
        if Double(capacity * days.count) * hours > left {
          days = Array(days.prefix(max(1, Int((left / (Double(capacity) * hours)).rounded(.up)))))
          capacity = min(capacity, max(4, Int((left / (hours * Double(days.count))).rounded(.up))))
        }
        let minAttendance = rng.chance(p.minAttendance3Share) ? 3 : 2
        var idea: Vocabulary.GroupIdea
        if evening {
          idea = Vocabulary.GroupIdea(name: rng.pick(Vocabulary.eveningIdeas))
        } else {
          let ideas = Vocabulary.groupIdeas.filter { !$0.coastalOnly || areas[a].area.coastal }
          idea = rng.pick(ideas)
          for _ in 0..<8 where usedNames.contains(idea.name) { idea = rng.pick(ideas) }
        }
        usedNames.insert(idea.name)
        let minibus =
          !evening && rng.chance(idea.remote ? min(1, 3 * p.minibusProjectShare) : p.minibusProjectShare / 2)
        let id = nextID(.group)
        projects.append(
          Project(
            id: id, name: p.names ? "\(idea.name), \(areas[a].area.name)" : nil, kind: .group,
            area: areas[a].area.name, involves: idea.involves, requiresSkills: idea.requiresSkills,
            supervisorRequires: minibus ? ["minibus"] : [], peoplePerSupervisor: size, minAttendance: minAttendance,
            sessions: days.map { session(id, $0, start: start, end: end, hours: hours, capacity: capacity) }))
        groupHours += Double(capacity * days.count) * hours
        countGroup(days)
      }

      // ETE courses, on weekdays, where someone has an ETE allowance.
      // Each kind's goal takes off what the kinds before it overshot, so the area lands on its ratio.
      let eteGoal = eteCount > 0 ? goal * share(2) - max(0, groupHours - groupGoal) : 0
      var eteHours = 0.0
      while eteHours < eteGoal {
        let left = eteGoal - eteHours
        let course = rng.pick(Vocabulary.eteIdeas)
        var capacity = rng.int(in: 6...12)
        var days = Array(rng.shuffled(Array(0...4)).prefix(rng.int(in: 1...2))).sorted()
        days = Array(days.prefix(max(1, Int((left / (Double(capacity) * course.hours)).rounded(.up)))))
        capacity = min(capacity, max(4, Int((left / (course.hours * Double(days.count))).rounded(.up))))
        let id = nextID(.ete)
        let end = course.start + Int(course.hours * 60) + (course.hours > 4 ? 30 : 0)
        projects.append(
          Project(
            id: id, name: p.names ? "\(course.name), \(areas[a].area.name)" : nil, kind: .ete,
            area: areas[a].area.name,
            sessions: days.map {
              session(id, $0, start: course.start, end: end, hours: course.hours, capacity: capacity)
            }
          ))
        eteHours += Double(capacity * days.count) * course.hours
      }

      // Individual placements: charity shops, Monday to Saturday.
      let individualGoal = goal - groupHours - eteHours
      var individualHours = 0.0
      while individualHours < individualGoal {
        let left = individualGoal - individualHours
        let capacity = rng.chance(0.25) ? 2 : 1
        // A day 10:00-16:00 (6 h) or a morning 10:00-14:00 (4 h).
        let start = 600
        let (end, hours) = rng.chance(0.7) ? (960, 6.0) : (840, 4.0)
        var days = Array(rng.shuffled(Array(0...5)).prefix(rng.int(in: 2...4))).sorted()
        days = Array(days.prefix(max(1, Int((left / (Double(capacity) * hours)).rounded(.up)))))
        var title = rng.pick(Vocabulary.individualIdeas)
        for _ in 0..<8 where usedNames.contains(title) { title = rng.pick(Vocabulary.individualIdeas) }
        usedNames.insert(title)
        let id = nextID(.individual)
        projects.append(
          Project(
            id: id, name: p.names ? "\(title), \(areas[a].area.name)" : nil, kind: .individual,
            area: areas[a].area.name,
            sessions: days.map { session(id, $0, start: start, end: end, hours: hours, capacity: capacity) }))
        individualHours += Double(capacity * days.count) * hours
      }
    }
  }

  mutating func countGroup(_ days: [Int]) {
    groupSessionCount += days.count
    weekendSessionCount += days.filter { $0 >= 5 }.count
  }

  func session(_ projectID: String, _ day: Int, start: Int, end: Int, hours: Double, capacity: Int) -> Session {
    Session(
      id: "\(projectID)-\(Weekday.allCases[day].rawValue)", date: date(day), start: ClockTime(minutes: start),
      end: ClockTime(minutes: end), hours: hours, capacity: capacity)
  }

  // MARK: Supervisors

  mutating func makeSupervisors() {
    var rng = stream(4)
    // Van-sessions needed per area and day.
    var need = Array(repeating: Array(repeating: 0.0, count: 7), count: areas.count)
    let areaIndex = Dictionary(uniqueKeysWithValues: areas.enumerated().map { ($1.area.name, $0) })
    for project in projects where project.kind == .group {
      let a = areaIndex[project.area]!
      for s in project.sessions {
        let d = weekStart.days(to: s.date)
        need[a][d] += Double((s.capacity + project.peoplePerSupervisor - 1) / project.peoplePerSupervisor)
      }
    }
    let width = 3
    var homeOf: [Int] = []
    for a in areas.indices {
      var coverage = Array(repeating: 0.0, count: 7)
      for _ in 0..<10_000 {
        let deficits = (0..<7).map { p.supervisorSlack * need[a][$0] - coverage[$0] }
        guard let d = (0..<7).max(by: { deficits[$0] < deficits[$1] }), deficits[d] > 1e-9 else { break }
        let sessional = d >= 5 && rng.chance(p.sessionalShare)
        var days: [Int]
        var maxSessions: Int
        if sessional {
          days = [5, 6]
          maxSessions = 2
        } else {
          let first = (d - rng.int(in: 0...4) + 7) % 7
          days = (0..<5).map { (first + $0) % 7 }.sorted()
          maxSessions = rng.int(in: 3...5)
        }
        var leave: Set<CalendarDate> = []
        var working = days
        if !sessional, rng.chance(p.supervisorLeaveShare) {
          let off = rng.pick(days)
          leave.insert(date(off))
          working.removeAll { $0 == off }
        }
        for w in working { coverage[w] += Double(maxSessions) / Double(working.count) }
        var qualifications: [String] = []
        if rng.chance(p.highRiskSupervisorShare) { qualifications.append(highRiskQualification) }
        if rng.chance(p.minibusSupervisorShare) { qualifications.append("minibus") }
        var reach = [areas[a].area.name]
        let near = neighbours(of: a)
        if !near.isEmpty, rng.chance(p.supervisorSecondAreaShare) { reach.append(areas[rng.pick(near)].area.name) }
        let first = rng.pick(rng.chance(0.4) ? Vocabulary.femaleFirstNames : Vocabulary.maleFirstNames)
        let name: String? = p.names ? "\(first) \(surname(&rng))" : nil
        supervisors.append(
          Supervisor(
            id: "S" + Generation.pad(supervisors.count + 1, width), name: name, areas: reach,
            available: Set(days.map { Weekday.allCases[$0] }), unavailableDates: leave, maxSessions: maxSessions,
            qualifications: qualifications))
        homeOf.append(a)
      }
    }
    // Every group session can be staffed, and by a high-risk-qualified supervisor: otherwise whole
    // sessions could never run, or never take a high-risk person. Home-area staff are asked first.
    for project in projects where project.kind == .group {
      let a = areaIndex[project.area]!
      for s in project.sessions {
        func able() -> [Int] {
          let all = supervisors.indices.filter { supervisors[$0].canStaff(s, of: project) }
          return all.filter { homeOf[$0] == a } + all.filter { homeOf[$0] != a }
        }
        if able().isEmpty {
          let here = supervisors.indices.filter {
            homeOf[$0] == a && supervisors[$0].works(on: s.date) && supervisors[$0].maxSessions > 0
          }
          for q in project.supervisorRequires {
            if let first = here.first, !supervisors[first].qualifications.contains(q) {
              supervisors[first].qualifications.append(q)
            }
          }
        }
        let staff = able()
        if let first = staff.first,
          !staff.contains(where: { supervisors[$0].qualifications.contains(highRiskQualification) })
        {
          supervisors[first].qualifications.insert(highRiskQualification, at: 0)
        }
      }
    }
  }

  // MARK: Keep-apart pairs and pins

  mutating func makeKeepApart() {
    var rng = stream(5)
    guard people.count > 1 else { return }
    var byHome = Array(repeating: [Int](), count: areas.count)
    for (i, a) in home.enumerated() { byHome[a].append(i) }
    let pairs = Int((Double(people.count) * p.keepApartRate).rounded())
    for _ in 0..<pairs {
      let i = rng.index(people.count)
      let others = byHome[home[i]].filter { $0 != i }
      guard !others.isEmpty else { continue }
      let j = rng.pick(others)
      if people[i].keepApart.contains(people[j].id) || people[j].keepApart.contains(people[i].id) { continue }
      people[i].keepApart.append(people[j].id)
    }
  }

  /// Pins on individual placements and ETE courses only: one per person and per session, each
  /// a booking the person could have anyway, so a valid roster always exists (book the pins).
  func makePins(_ instance: Instance) -> [Pin] {
    var rng = stream(6)
    guard p.people >= 20 else { return [] }
    let wanted = max(1, Int((Double(p.people) * p.pinRate).rounded()))
    var candidates: [(Project, Session)] = []
    for project in instance.projects where project.kind != .group {
      for s in project.sessions where s.capacity > 0 { candidates.append((project, s)) }
    }
    var pins: [Pin] = []
    var pinned: Set<String> = []
    for (project, s) in rng.shuffled(candidates) where pins.count < wanted {
      for _ in 0..<40 {
        let person = instance.people[rng.index(instance.people.count)]
        if pinned.contains(person.id) { continue }
        if instance.ineligibility(of: person, for: s, of: project).isEmpty {
          pins.append(Pin(person: person.id, session: s.id))
          pinned.insert(person.id)
          break
        }
      }
    }
    return pins
  }
}
