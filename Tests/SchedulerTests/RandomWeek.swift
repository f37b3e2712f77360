import PaybackCore

/// Small random weeks that touch every hard rule, for property tests.
///
/// Deliberately unlike the realistic generator: tight capacities, odd hours, women-only
/// groups, high-risk people, keep-apart pairs, people finishing mid-week and pins.
enum RandomWeek {
  struct Rng {
    var generator: SplitMix64
    init(state: UInt64) { generator = SplitMix64(seed: state) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { generator.int(in: range) }
    mutating func chance(_ p: Double) -> Bool { Double(generator.next() % 10_000) / 10_000 < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
  }

  static func make(seed: UInt64, people peopleCount: Int? = nil) -> Instance {
    var rng = Rng(state: seed)
    let weekStart = CalendarDate("2026-11-30")!
    let areas = ["North", "South"]
    var projects: [Project] = []
    for i in 0..<rng.int(2...4) {
      let kind: ProjectKind = rng.chance(0.65) ? .group : rng.chance(0.5) ? .individual : .ete
      var sessions: [Session] = []
      for d in 0..<7 where rng.chance(0.35) {
        sessions.append(
          Session(
            id: "P\(i)-\(d)", date: weekStart.adding(days: d), hours: Double(rng.int(8...28)) / 4,
            capacity: kind == .group ? rng.int(1...6) : rng.int(0...2)))
      }
      projects.append(
        Project(
          id: "P\(i)", kind: kind, area: rng.pick(areas), involves: rng.chance(0.3) ? ["children"] : [],
          requiresSkills: rng.chance(0.15) ? ["cscs"] : [], supervisorRequires: rng.chance(0.2) ? ["minibus"] : [],
          womenOnly: kind == .group && rng.chance(0.2), peoplePerSupervisor: rng.int(1...4),
          minAttendance: rng.int(1...3), sessions: sessions))
    }
    var supervisors: [Supervisor] = []
    for k in 0..<rng.int(0...3) {
      supervisors.append(
        Supervisor(
          id: "S\(k)", areas: rng.chance(0.7) ? [rng.pick(areas)] : areas,
          available: Set(Weekday.allCases.filter { _ in rng.chance(0.6) }), maxSessions: rng.int(0...4),
          qualifications: (rng.chance(0.5) ? ["high_risk"] : []) + (rng.chance(0.5) ? ["minibus"] : [])))
    }
    var people: [Person] = []
    let n = peopleCount ?? rng.int(3...12)
    for p in 0..<n {
      let remaining = rng.chance(0.1) ? 0 : Double(rng.int(1...80)) / 2
      people.append(
        Person(
          id: "O\(p)", sex: rng.chance(0.35) ? .female : .male,
          risk: rng.pick([.low, .low, .medium, .high]), hoursRemaining: remaining,
          eteHoursRemaining: rng.chance(0.3) ? Double(rng.int(0...20)) : 0,
          deadline: rng.chance(0.5) ? weekStart.adding(days: rng.int(-3...200)) : nil,
          startDate: rng.chance(0.15) ? weekStart.adding(days: rng.int(0...4)) : nil,
          available: Set(Weekday.allCases.filter { _ in rng.chance(0.5) }),
          areas: rng.chance(0.8) ? [rng.pick(areas)] : areas, skills: rng.chance(0.3) ? ["cscs"] : [],
          unsuitableFor: rng.chance(0.2) ? ["children"] : [],
          keepApart: p > 0 && rng.chance(0.15) ? ["O\(rng.int(0...(p - 1)))"] : [],
          minHoursPerWeek: 7, maxHoursPerWeek: rng.chance(0.3) ? 28 : 14))
    }
    return Instance(
      name: "random-\(seed)", weekStart: weekStart, defaults: Defaults(), projects: projects,
      supervisors: supervisors, people: people)
  }

  /// A small random week whose towns (3 or 4, on a ring) make ONE connected problem, as real
  /// regions do: some people and supervisors reach the next town along, and every pair of
  /// neighbouring towns is joined by at least one person (`WeekFigures.components == 1`).
  ///
  /// Small enough to solve exactly (15-40 people by default, 4-25 sessions), for property
  /// tests such as "the bound is never below the optimum and the roster never above it".
  static func makeConnected(seed: UInt64, people peopleCount: Int? = nil, towns townCount: Int? = nil) -> Instance {
    var rng = Rng(state: seed ^ 0xC0_FFEE)
    let weekStart = CalendarDate("2026-11-30")!
    let towns = Array(
      ["Ashby", "Brook", "Cliffe", "Dunmore"].prefix(townCount.map { min(4, max(3, $0)) } ?? rng.int(3...4)))
    func next(_ t: Int) -> Int { (t + 1) % towns.count }
    func neighbour(_ t: Int, _ rng: inout Rng) -> Int {
      rng.chance(0.5) ? next(t) : (t + towns.count - 1) % towns.count
    }

    var projects: [Project] = []
    for (t, town) in towns.enumerated() {
      for j in 0..<rng.int(1...3) {
        let kind: ProjectKind = j == 0 || rng.chance(0.6) ? .group : rng.chance(0.5) ? .individual : .ete
        var sessions: [Session] = []
        // Group work mostly at weekends, like the real thing; at least one session per project.
        let days = (0..<7).filter { rng.chance($0 >= 5 ? 0.6 : 0.15) }
        for d in days.isEmpty ? [rng.int(0...6)] : Array(days.prefix(3)) {
          let (start, hours) = rng.chance(0.8) ? (540, 7.0) : (600, Double(rng.int(3...6)))
          sessions.append(
            Session(
              id: "T\(t)P\(j)-\(d)", date: weekStart.adding(days: d), start: ClockTime(minutes: start),
              end: ClockTime(minutes: start + Int(hours * 60) + 30), hours: hours,
              capacity: kind == .group ? rng.int(2...8) : rng.int(1...3)))
        }
        projects.append(
          Project(
            id: "T\(t)P\(j)", kind: kind, area: town, involves: rng.chance(0.25) ? ["children"] : [],
            requiresSkills: rng.chance(0.1) ? ["cscs"] : [], supervisorRequires: rng.chance(0.2) ? ["minibus"] : [],
            womenOnly: kind == .group && rng.chance(0.15), peoplePerSupervisor: rng.int(2...6),
            minAttendance: rng.int(1...3), sessions: sessions))
      }
    }

    var supervisors: [Supervisor] = []
    for (t, town) in towns.enumerated() {
      for k in 0..<rng.int(1...2) {
        var areas = [town]
        if rng.chance(0.4) { areas.append(towns[neighbour(t, &rng)]) }
        supervisors.append(
          Supervisor(
            id: "S\(t)-\(k)", areas: areas,
            available: Set(Weekday.allCases.filter { $0.index >= 5 || rng.chance(0.5) }),
            maxSessions: rng.int(1...4),
            qualifications: (rng.chance(0.5) ? ["high_risk"] : []) + (rng.chance(0.5) ? ["minibus"] : [])))
      }
    }

    var people: [Person] = []
    let n = peopleCount ?? rng.int(15...40)
    for p in 0..<n {
      let home = p % towns.count
      var areas = [towns[home]]
      // The first of each town's people reaches the next town, so every ring edge is joined.
      if p < towns.count {
        areas.append(towns[next(home)])
      } else if rng.chance(0.3) {
        areas.append(towns[neighbour(home, &rng)])
      }
      let remaining = rng.chance(0.05) ? 0 : Double(rng.int(2...120)) / 2
      people.append(
        Person(
          id: "O\(p)", sex: rng.chance(0.25) ? .female : .male, risk: rng.pick([.low, .low, .low, .medium, .high]),
          hoursRemaining: remaining, eteHoursRemaining: rng.chance(0.2) ? Double(rng.int(0...20)) : 0,
          deadline: rng.chance(0.4) ? weekStart.adding(days: rng.int(-2...200)) : nil,
          startDate: rng.chance(0.1) ? weekStart.adding(days: rng.int(0...4)) : nil,
          available: Set(Weekday.allCases.filter { _ in rng.chance(0.45) }), areas: areas,
          skills: rng.chance(0.2) ? ["cscs"] : [], unsuitableFor: rng.chance(0.15) ? ["children"] : [],
          keepApart: p > 0 && rng.chance(0.08) ? ["O\(rng.int(0...(p - 1)))"] : [],
          minHoursPerWeek: 7, maxHoursPerWeek: rng.chance(0.3) ? 28 : 21))
    }
    return Instance(
      name: "random-connected-\(seed)", weekStart: weekStart, defaults: Defaults(), projects: projects,
      supervisors: supervisors, people: people)
  }
}
