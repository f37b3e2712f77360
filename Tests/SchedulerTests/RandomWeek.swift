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
}
