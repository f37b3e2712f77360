import Foundation
import PaybackCore
import RosterCheck
import Testing

// The roster checker (RosterCheck), tested against rosters worked out by hand from the spec.

private let repoRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func loadTiny() throws -> Instance {
  try Instance.load(from: repoRoot.appendingPathComponent("instances/tiny.json").path)
}

/// tiny's proven optimum, 597 5/6.
private let tinyOptimum = 3587.0 / 6

/// An optimal roster for tiny, worked out by hand.
///
/// Targets: P01 7 (24 weeks left, pace 5), P02 3.5, P03 7, P04 7 (no deadline), P05 13 1/3
/// (6 weeks left, pace 80/6), P06/P07/P09 7, P08 0. SCHOOLPAINT-sat cannot reach 3 people
/// (P05 is unsuitable for children, P06 and P07 are kept apart), so P06 gets nothing. Bilal,
/// the only high-risk supervisor, takes both PARK sessions for P05; P04 stays off PARK-sun,
/// where she would be the only woman (H11). Values: P01 83 (6+7), P02 38.5, P03 86 (3+6+7),
/// P04 83 (6+7), P05 147 1/3 (14), P07 83 (6+7), P09 77 (7): 597 5/6.
private func tinyRoster() -> Roster {
  Roster(
    instance: "tiny", weekStart: CalendarDate("2026-11-30")!, method: "hand", status: "optimal",
    objective: tinyOptimum, bound: tinyOptimum,
    assignments: [
      Assignment(session: "CSCS-mon", supervisors: [], people: ["P03"]),
      Assignment(session: "SHOP-tue", supervisors: [], people: ["P01"]),
      Assignment(session: "CHURCH-wed", supervisors: ["S-ANNE"], people: ["P03", "P04"]),
      Assignment(session: "SHOP-thu", supervisors: [], people: ["P07"]),
      Assignment(
        session: "PARK-sat", supervisors: ["S-ANNE", "S-BILAL"], people: ["P03", "P04", "P05", "P07", "P09"]),
      Assignment(session: "PARK-sun", supervisors: ["S-BILAL"], people: ["P01", "P02", "P05"]),
    ])
}

/// tiny and a roster for it, edited together by the test cases.
struct TinyWeek {
  var instance: Instance
  var roster: Roster

  mutating func book(_ person: String, on session: String) {
    if let i = roster.assignments.firstIndex(where: { $0.session == session }) {
      roster.assignments[i].people.append(person)
    } else {
      roster.assignments.append(Assignment(session: session, supervisors: [], people: [person]))
    }
  }

  mutating func unbook(_ person: String, from session: String) {
    let i = roster.assignments.firstIndex { $0.session == session }!
    roster.assignments[i].people.removeAll { $0 == person }
  }

  mutating func staff(_ session: String, with supervisors: [String]) {
    if let i = roster.assignments.firstIndex(where: { $0.session == session }) {
      roster.assignments[i].supervisors = supervisors
    } else {
      roster.assignments.append(Assignment(session: session, supervisors: supervisors, people: []))
    }
  }

  mutating func person(_ id: String, _ edit: (inout Person) -> Void) {
    edit(&instance.people[instance.people.firstIndex { $0.id == id }!])
  }

  mutating func supervisor(_ id: String, _ edit: (inout Supervisor) -> Void) {
    edit(&instance.supervisors[instance.supervisors.firstIndex { $0.id == id }!])
  }

  mutating func project(_ id: String, _ edit: (inout Project) -> Void) {
    edit(&instance.projects[instance.projects.firstIndex { $0.id == id }!])
  }

  /// tiny with its hand-built roster, after `edit`.
  static func tiny(_ edit: (inout TinyWeek) -> Void) throws -> TinyWeek {
    var week = TinyWeek(instance: try loadTiny(), roster: tinyRoster())
    edit(&week)
    return week
  }
}

@Test func handBuiltTinyRosterIsValidAndOptimal() throws {
  let instance = try loadTiny()
  let report = RosterChecker.check(tinyRoster(), against: instance)
  #expect(report.violations == [])
  #expect(report.isValid)
  #expect(abs(report.objective - tinyOptimum) < 1e-9)
  #expect(report.statedObjective == tinyOptimum)
  #expect(report.hours["P02"] == PersonHours(booked: 7, credited: 3.5, target: 3.5, value: 38.5))
  #expect(report.hours["P05"]?.target == 80.0 / 6)
  #expect(report.hours["P01"] == PersonHours(booked: 13, credited: 13, target: 7, value: 83))
  #expect(report.hours["P06"] == PersonHours(booked: 0, credited: 0, target: 7, value: 0))
  #expect(report.hours["P08"] == PersonHours(booked: 0, credited: 0, target: 0, value: 0))
  // The order sessions are listed in does not matter.
  var reversed = tinyRoster()
  reversed.assignments.reverse()
  #expect(RosterChecker.check(reversed, against: instance).isValid)
}

@Test func checkerAgreesWithCoreObjectiveOnTiny() throws {
  let instance = try loadTiny()
  let roster = tinyRoster()
  #expect(
    abs(RosterChecker.check(roster, against: instance).objective - Objective.value(of: roster, in: instance)) < 1e-9)
}

/// A roster that breaks one rule on purpose.
struct BrokenRoster: Sendable, CustomTestStringConvertible {
  let rule: String
  let name: String
  /// Other rules the same mutation unavoidably breaks.
  let alsoBroken: Set<String>
  /// Words the violation of `rule` must name (people, sessions, supervisors, figures).
  let mentions: [String]
  let edit: @Sendable (inout TinyWeek) -> Void

  init(
    _ rule: String, _ name: String, also: Set<String> = [], mentions: [String] = [],
    edit: @escaping @Sendable (inout TinyWeek) -> Void
  ) {
    self.rule = rule
    self.name = name
    self.alsoBroken = also
    self.mentions = mentions
    self.edit = edit
  }

  var testDescription: String { "\(rule): \(name)" }
}

private let brokenRosters: [BrokenRoster] = [
  // Which instance and week.
  BrokenRoster("INSTANCE", "another instance's roster", mentions: ["other", "tiny"]) { $0.roster.instance = "other" },
  BrokenRoster("WEEK", "another week's roster", mentions: ["2026-12-07", "2026-11-30"]) {
    $0.roster.weekStart = CalendarDate("2026-12-07")!
  },

  // H1 references.
  BrokenRoster("H1", "unknown session", mentions: ["NOPE-mon"]) {
    $0.roster.assignments.append(Assignment(session: "NOPE-mon", supervisors: [], people: ["P06"]))
  },
  BrokenRoster("H1", "unknown person", mentions: ["P99", "PARK-sun"]) { $0.book("P99", on: "PARK-sun") },
  BrokenRoster("H1", "unknown supervisor", mentions: ["S-ZED", "PARK-sun"]) {
    $0.staff("PARK-sun", with: ["S-BILAL", "S-ZED"])
  },
  BrokenRoster("H1", "a person's id as a supervisor", mentions: ["P01"]) {
    $0.staff("PARK-sun", with: ["S-BILAL", "P01"])
  },
  BrokenRoster("H1", "a session listed twice", mentions: ["SHOP-thu"]) {
    $0.roster.assignments.append(Assignment(session: "SHOP-thu", supervisors: [], people: ["P07"]))
  },
  BrokenRoster("H1", "a person listed twice in a session", mentions: ["P01", "PARK-sun"]) {
    $0.book("P01", on: "PARK-sun")
  },
  BrokenRoster("H1", "a supervisor listed twice in a session", mentions: ["S-BILAL", "PARK-sun"]) {
    $0.staff("PARK-sun", with: ["S-BILAL", "S-BILAL"])
  },

  // H2 one session a day. H7 must not count a same-day booking as earlier: P02 owes 3.5 only.
  BrokenRoster(
    "H2", "a person on two sessions one day", also: ["H8"], mentions: ["P02", "PARK-sat", "SCHOOLPAINT-sat"]
  ) {
    $0.unbook("P02", from: "PARK-sun")
    $0.book("P02", on: "PARK-sat")
    $0.book("P02", on: "SCHOOLPAINT-sat")
  },
  BrokenRoster(
    "H2", "a supervisor on two sessions one day", mentions: ["S-BILAL", "PARK-sat", "SCHOOLPAINT-sat"]
  ) {
    $0.supervisor("S-BILAL") { $0.maxSessions = 3 }
    $0.project("SCHOOLPAINT") { $0.minAttendance = 1 }

    $0.unbook("P02", from: "PARK-sun")
    $0.book("P02", on: "SCHOOLPAINT-sat")
    $0.staff("SCHOOLPAINT-sat", with: ["S-BILAL"])
  },

  // H3 the person's days.
  BrokenRoster("H3", "not an available weekday", mentions: ["P01", "SHOP-thu", "Thursday"]) {
    $0.unbook("P01", from: "PARK-sun")
    $0.unbook("P07", from: "SHOP-thu")
    $0.book("P01", on: "SHOP-thu")
  },
  BrokenRoster("H3", "an unavailable date", mentions: ["P09", "PARK-sun", "2026-12-06"]) {
    $0.book("P09", on: "PARK-sun")
  },
  BrokenRoster("H3", "before the start date", mentions: ["P07", "SHOP-thu", "2026-12-04"]) {
    $0.person("P07") { $0.startDate = CalendarDate("2026-12-04")! }
  },
  BrokenRoster("H3", "after the deadline", mentions: ["P02", "PARK-sun", "2026-12-05"]) {
    $0.person("P02") { $0.deadline = CalendarDate("2026-12-05")! }
  },

  // H4 eligibility.
  BrokenRoster("H4", "outside the person's areas", mentions: ["P02", "PARK-sun", "Chelmsford"]) {
    $0.person("P02") { $0.areas = ["Basildon"] }
  },
  BrokenRoster("H4", "a missing skill", mentions: ["P01", "PARK-sun", "first_aid"]) {
    $0.project("PARK") { $0.requiresSkills = ["first_aid"] }
  },
  BrokenRoster("H4", "unsuitable for what the project involves", mentions: ["P05", "PARK-sat", "public"]) {
    $0.person("P05") { $0.unsuitableFor = ["children", "public"] }
  },
  BrokenRoster("H4", "a man on a women-only project", mentions: ["P09", "CHURCH-wed", "women-only"]) {
    $0.person("P09") { $0.available.insert(.wed) }

    $0.book("P09", on: "CHURCH-wed")
  },
  BrokenRoster("H4", "medium risk on an individual placement", mentions: ["P07", "SHOP-thu", "medium"]) {
    $0.person("P07") { $0.risk = .medium }
  },

  // H5 capacity.
  BrokenRoster("H5", "two on a one-place placement", mentions: ["session SHOP-thu books 2 people, capacity 1"]) {
    $0.book("P09", on: "SHOP-thu")
  },
  BrokenRoster("H5", "a group session over capacity", mentions: ["PARK-sun", "capacity 2"]) {
    $0.project("PARK") { $0.sessions[1].capacity = 2 }
  },

  // H6 weekly hours.
  BrokenRoster("H6", "over the person's own weekly maximum", mentions: ["P01", "20", "14"]) {
    $0.book("P01", on: "PARK-sat")
  },
  BrokenRoster("H6", "over a lowered weekly maximum", mentions: ["P04", "13", "12"]) {
    $0.person("P04") { $0.maxHoursPerWeek = 12 }
  },
  BrokenRoster("H6", "over the ete allowance", mentions: ["P03", "CSCS-mon", "2"]) {
    $0.person("P03") { $0.eteHoursRemaining = 2 }
  },
  BrokenRoster("H6", "ete with no allowance", mentions: ["P09", "CSCS-mon"]) {
    $0.person("P09") { $0.available.insert(.mon) }

    $0.book("P09", on: "CSCS-mon")
  },

  // H7 no needless booking.
  BrokenRoster("H7", "booked again after finishing", mentions: ["P02", "PARK-sun", "3.5"]) {
    $0.book("P02", on: "PARK-sat")
  },
  BrokenRoster("H7", "nothing owed", mentions: ["P08", "PARK-sun"]) { $0.book("P08", on: "PARK-sun") },
  BrokenRoster("H7", "earlier hours exactly what is owed", mentions: ["P07", "PARK-sat"]) {
    $0.person("P07") { $0.hoursRemaining = 6 }
  },

  // H8 group staffing.
  BrokenRoster("H8", "below the default minimum attendance", mentions: ["PARK-sun", "1 person", "2"]) {
    $0.unbook("P01", from: "PARK-sun")
    $0.unbook("P02", from: "PARK-sun")
  },
  BrokenRoster("H8", "below a project's own minimum attendance", mentions: ["SCHOOLPAINT-sat", "2 people", "3"]) {
    $0.instance.supervisors.append(Supervisor(id: "S-CARL", areas: ["Basildon"], available: [.sat], maxSessions: 1))

    $0.unbook("P02", from: "PARK-sun")
    $0.book("P02", on: "SCHOOLPAINT-sat")
    $0.book("P06", on: "SCHOOLPAINT-sat")
    $0.staff("SCHOOLPAINT-sat", with: ["S-CARL"])
  },
  BrokenRoster("H8", "too few supervisors for the ratio", mentions: ["PARK-sat", "5 people", "needs 2"]) {
    $0.staff("PARK-sat", with: ["S-BILAL"])
  },
  BrokenRoster("H8", "a project's own ratio", mentions: ["PARK-sat", "needs 3"]) {
    $0.project("PARK") { $0.peoplePerSupervisor = 2 }
  },
  BrokenRoster("H8", "no supervisor at all", also: ["H10"], mentions: ["PARK-sun", "0 supervisors"]) {
    $0.staff("PARK-sun", with: [])
  },
  BrokenRoster("H8", "a supervisor on an empty session", mentions: ["YARD-tue", "S-BILAL"]) {
    $0.instance.projects.append(
      Project(
        id: "YARD", kind: .group, area: "Chelmsford",
        sessions: [Session(id: "YARD-tue", date: CalendarDate("2026-12-01")!, hours: 6, capacity: 4)]))
    $0.supervisor("S-BILAL") {
      $0.available.insert(.tue)
      $0.maxSessions = 3
    }

    $0.staff("YARD-tue", with: ["S-BILAL"])
  },
  BrokenRoster("H8", "a supervisor on an individual placement", mentions: ["SHOP-thu", "S-ANNE"]) {
    $0.supervisor("S-ANNE") {
      $0.available.insert(.thu)
      $0.maxSessions = 3
    }

    $0.staff("SHOP-thu", with: ["S-ANNE"])
  },
  BrokenRoster("H8", "a supervisor on an ete course", mentions: ["CSCS-mon", "S-BILAL"]) {
    $0.supervisor("S-BILAL") {
      $0.available.insert(.mon)
      $0.maxSessions = 3
    }

    $0.staff("CSCS-mon", with: ["S-BILAL"])
  },

  // H9 supervisors.
  BrokenRoster("H9", "outside the supervisor's areas", mentions: ["S-ANNE", "CHURCH-wed", "Chelmsford"]) {
    $0.supervisor("S-ANNE") { $0.areas = ["Basildon"] }
  },
  BrokenRoster("H9", "not a working weekday", mentions: ["S-ANNE", "CHURCH-wed", "Wednesday"]) {
    $0.supervisor("S-ANNE") { $0.available = [.sat] }
  },
  BrokenRoster("H9", "an unavailable date", mentions: ["S-ANNE", "CHURCH-wed", "2026-12-02"]) {
    $0.supervisor("S-ANNE") { $0.unavailableDates = [CalendarDate("2026-12-02")!] }
  },
  BrokenRoster("H9", "a qualification the project requires", mentions: ["S-ANNE", "CHURCH-wed", "minibus"]) {
    $0.supervisor("S-ANNE") { $0.qualifications = [] }
  },
  BrokenRoster("H9", "more sessions than the maximum", mentions: ["S-ANNE", "2 sessions", "1"]) {
    $0.supervisor("S-ANNE") { $0.maxSessions = 1 }
  },

  // H10 high risk.
  BrokenRoster("H10", "no high-risk supervisor anywhere", mentions: ["P05", "PARK-sun", "S-BILAL"]) {
    $0.supervisor("S-BILAL") { $0.qualifications = [] }
  },
  BrokenRoster("H10", "the qualified supervisor on another session", mentions: ["P05", "PARK-sun"]) {
    $0.supervisor("S-BILAL") { $0.qualifications = [] }
    $0.supervisor("S-ANNE") { $0.qualifications = ["minibus", "high_risk"] }
  },
  BrokenRoster("H10", "a newly high-risk person", mentions: ["P09", "PARK-sat"]) {
    $0.person("P09") { $0.risk = .high }
    $0.supervisor("S-BILAL") { $0.qualifications = [] }
    $0.supervisor("S-ANNE") { $0.qualifications = ["minibus"] }

    $0.unbook("P05", from: "PARK-sat"); $0.unbook("P05", from: "PARK-sun")
  },

  // H11 no lone woman.
  BrokenRoster("H11", "one woman among four", mentions: ["P04", "PARK-sun"]) { $0.book("P04", on: "PARK-sun") },
  BrokenRoster("H11", "one woman left among four", mentions: ["P03", "PARK-sat"]) {
    $0.unbook("P04", from: "PARK-sat")
  },

  // H12 keep apart.
  BrokenRoster("H12", "the first lists the second", mentions: ["P05", "P09", "PARK-sat"]) {
    $0.person("P09") { $0.keepApart = ["P05"] }
  },
  BrokenRoster("H12", "the second lists the first", mentions: ["P05", "P09", "PARK-sat"]) {
    $0.person("P05") { $0.keepApart = ["P09"] }
  },
  BrokenRoster("H12", "tiny's own pair", mentions: ["P06", "P07", "SCHOOLPAINT-sat"]) {
    $0.instance.supervisors.append(Supervisor(id: "S-CARL", areas: ["Basildon"], available: [.sat], maxSessions: 1))
    $0.project("SCHOOLPAINT") { $0.minAttendance = 2 }

    $0.unbook("P07", from: "PARK-sat")
    $0.book("P06", on: "SCHOOLPAINT-sat")
    $0.book("P07", on: "SCHOOLPAINT-sat")
    $0.staff("SCHOOLPAINT-sat", with: ["S-CARL"])
  },

  // H13 pins.
  BrokenRoster("H13", "a pinned booking left out", mentions: ["P01", "SHOP-tue"]) {
    $0.roster.assignments.removeAll { $0.session == "SHOP-tue" }
  },
  BrokenRoster("H13", "a pin the roster books elsewhere", mentions: ["P02", "PARK-sat"]) {
    $0.instance.pins.append(Pin(person: "P02", session: "PARK-sat"))
  },

  // The stated figures.
  BrokenRoster("OBJ", "a wrong stated objective", mentions: ["600", "597.833333"]) { $0.roster.objective = 600 },
  BrokenRoster("OBJ", "an objective off by 1e-5 relative") { $0.roster.objective = tinyOptimum * (1 + 1e-5) },
  BrokenRoster("OBJ", "a NaN objective", mentions: ["nan"]) { $0.roster.objective = .nan },
  BrokenRoster("BOUND", "a NaN bound", mentions: ["nan"]) { $0.roster.bound = .nan },
  BrokenRoster("BOUND", "a bound below the objective", mentions: ["597"]) { $0.roster.bound = 597 },
]

@Test(arguments: brokenRosters)
func brokenRuleIsCaught(_ c: BrokenRoster) throws {
  let week = try TinyWeek.tiny(c.edit)
  let report = RosterChecker.check(week.roster, against: week.instance)
  // A changed roster changes the objective, and a broken one may beat the optimum stated as
  // its bound: OBJ and BOUND are judged only where they are the point.
  let rules = Set(report.violations.map(\.rule)).subtracting(["OBJ", "BOUND"].filter { $0 != c.rule })
  #expect(rules.contains(c.rule), "\(report.violations)")
  #expect(rules.isSubset(of: c.alsoBroken.union([c.rule])), "\(report.violations)")
  #expect(!report.isValid)
  let messages = report.violations.filter { $0.rule == c.rule }.map(\.message)
  for word in c.mentions {
    #expect(messages.contains { $0.contains(word) }, "\(word) not named in \(messages)")
  }
}

/// Edits at the edge of a rule that leave the roster valid.
struct EdgeRoster: Sendable, CustomTestStringConvertible {
  let name: String
  /// The recomputed objective, when it changes.
  let objective: Double
  let edit: @Sendable (inout TinyWeek) -> Void

  init(_ name: String, objective: Double = tinyOptimum, edit: @escaping @Sendable (inout TinyWeek) -> Void) {
    self.name = name
    self.objective = objective
    self.edit = edit
  }

  var testDescription: String { name }
}

private let edgeRosters: [EdgeRoster] = [
  // P07 owes 6.5: 6 on Thursday leaves 0.5, so Saturday is still needed and credits 0.5.
  EdgeRoster("H7: finishing part-way through the last session", objective: tinyOptimum - 83 + 71.5) {
    $0.person("P07") { $0.hoursRemaining = 6.5 }
  },
  EdgeRoster("H6: exactly the weekly maximum", edit: { $0.person("P04") { $0.maxHoursPerWeek = 13 } }),
  EdgeRoster("H6: exactly the ete allowance", edit: { $0.person("P03") { $0.eteHoursRemaining = 3 } }),
  EdgeRoster("H3: booked on the deadline itself", objective: tinyOptimum) {
    $0.person("P02") { $0.deadline = CalendarDate("2026-12-06")! }
  },
  EdgeRoster(
    "H3: booked on the start date itself", edit: { $0.person("P07") { $0.startDate = CalendarDate("2026-12-03")! } }),
  EdgeRoster("H8: more supervisors than the ratio needs", objective: tinyOptimum - 77) {
    $0.unbook("P09", from: "PARK-sat")
  },
  EdgeRoster("H8: exactly the ratio", objective: tinyOptimum - (147 + 1.0 / 3 - 77)) {
    $0.unbook("P05", from: "PARK-sat")
    $0.staff("PARK-sat", with: ["S-ANNE"])
  },
  // Alone, a woman is everyone booked.
  EdgeRoster("H11: a woman alone is everyone booked", objective: tinyOptimum - 17 - 38.5 - (147 + 1.0 / 3) + 7) {
    $0.project("PARK") { $0.minAttendance = 1 }

    $0.roster.assignments.removeAll { $0.session == "PARK-sun" }
    $0.roster.assignments.append(Assignment(session: "PARK-sun", supervisors: ["S-BILAL"], people: ["P04"]))
    $0.unbook("P05", from: "PARK-sat")
  },
  EdgeRoster("OBJ: within 1e-6 relative", edit: { $0.roster.objective = tinyOptimum * (1 + 5e-7) }),
  EdgeRoster("BOUND: equal to the objective", edit: { $0.roster.bound = tinyOptimum }),
  EdgeRoster("BOUND: none stated", edit: { $0.roster.bound = nil }),
  EdgeRoster(
    "empty sessions listed with nobody",
    edit: {
      $0.roster.assignments.append(Assignment(session: "SCHOOLPAINT-sat", supervisors: [], people: []))
    }),
]

@Test(arguments: edgeRosters)
func edgeOfARuleStaysValid(_ c: EdgeRoster) throws {
  let week = try TinyWeek.tiny(c.edit)
  let report = RosterChecker.check(week.roster, against: week.instance)
  #expect(report.violations.filter { $0.rule != "OBJ" && $0.rule != "BOUND" } == [])
  #expect(abs(report.objective - c.objective) < 1e-9, "objective \(report.objective), expected \(c.objective)")
  if abs(c.objective - tinyOptimum) < 1e-9 { #expect(report.isValid, "\(report.violations)") }
}

// MARK: - The objective on small hand-computed weeks

/// A week with one individual placement (no supervisors needed) running every day for 7 hours.
private func placementWeek(_ people: [Person], paceWeight: Double = 10) -> Instance {
  let monday = CalendarDate("2026-11-30")!
  let sessions = Weekday.allCases.map {
    Session(id: "W-\($0.rawValue)", date: monday.adding(days: $0.index), hours: 7, capacity: 50)
  }
  return Instance(
    name: "week", weekStart: monday, defaults: Defaults(paceWeight: paceWeight),
    projects: [Project(id: "W", kind: .individual, area: "A", sessions: sessions)], supervisors: [], people: people)
}

private func everyDay(
  _ id: String, remaining: Double, deadline days: Int? = nil, minHours: Double = 7, maxHours: Double = 49
) -> Person {
  Person(
    id: id, risk: .low, hoursRemaining: remaining, deadline: days.map { CalendarDate("2026-11-30")!.adding(days: $0) },
    available: Set(Weekday.allCases), areas: ["A"], minHoursPerWeek: minHours, maxHoursPerWeek: maxHours)
}

private func bookings(_ days: [Weekday], for person: String) -> Roster {
  Roster(
    instance: "week", weekStart: CalendarDate("2026-11-30")!, method: "hand", status: "", objective: 0,
    assignments: days.map { Assignment(session: "W-\($0.rawValue)", supervisors: [], people: [person]) })
}

/// One person's week, computed by hand.
struct ObjectiveCase: Sendable, CustomTestStringConvertible {
  let name: String
  let person: Person
  let days: [Weekday]
  let paceWeight: Double
  let credited: Double
  let target: Double
  let value: Double

  var testDescription: String { name }
}

private let objectiveCases: [ObjectiveCase] = [
  // Finishing part-way through a session: credited is what remains.
  ObjectiveCase(
    name: "5 owed, one 7-hour session", person: everyDay("X", remaining: 5), days: [.mon], paceWeight: 10,
    credited: 5, target: 5, value: 55),
  ObjectiveCase(
    name: "10 owed, finishes part-way through Tuesday", person: everyDay("X", remaining: 10), days: [.tue, .mon],
    paceWeight: 10, credited: 10, target: 7, value: 80),
  // No deadline: pace 0, the target is the weekly minimum.
  ObjectiveCase(
    name: "no deadline", person: everyDay("X", remaining: 100), days: [.mon, .wed], paceWeight: 10, credited: 14,
    target: 7, value: 84),
  ObjectiveCase(
    name: "no deadline, own minimum 9", person: everyDay("X", remaining: 100, minHours: 9), days: [.mon],
    paceWeight: 10, credited: 7, target: 9, value: 77),
  // Deadline 27 days on: 1 + floor(27/7) = 4 weeks, pace 25, capped by the weekly maximum 21.
  ObjectiveCase(
    name: "pace above the weekly maximum", person: everyDay("X", remaining: 100, deadline: 27, maxHours: 21),
    days: [.mon, .tue, .wed], paceWeight: 10, credited: 21, target: 21, value: 231),
  ObjectiveCase(
    name: "pace 25", person: everyDay("X", remaining: 100, deadline: 27, maxHours: 30), days: [.mon, .tue, .wed, .thu],
    paceWeight: 10, credited: 28, target: 25, value: 278),
  // The week's own Sunday: 1 week left, all of it is pace.
  ObjectiveCase(
    name: "deadline this Sunday", person: everyDay("X", remaining: 12, deadline: 6), days: [.mon, .tue],
    paceWeight: 10, credited: 12, target: 12, value: 132),
  ObjectiveCase(
    name: "deadline next Monday: 2 weeks", person: everyDay("X", remaining: 30, deadline: 7), days: [.mon, .tue],
    paceWeight: 10, credited: 14, target: 15, value: 154),
  ObjectiveCase(
    name: "deadline 13 days on: 2 weeks", person: everyDay("X", remaining: 30, deadline: 13), days: [.mon, .tue],
    paceWeight: 10, credited: 14, target: 15, value: 154),
  ObjectiveCase(
    name: "deadline 14 days on: 3 weeks", person: everyDay("X", remaining: 30, deadline: 14), days: [.mon, .tue],
    paceWeight: 10, credited: 14, target: 10, value: 114),
  // Before the week: max(1, ...) keeps one week, so the whole remainder is the target (capped).
  ObjectiveCase(
    name: "deadline 10 days before the week", person: everyDay("X", remaining: 12, deadline: -10), days: [],
    paceWeight: 10, credited: 0, target: 12, value: 0),
  ObjectiveCase(
    name: "deadline the day before the week", person: everyDay("X", remaining: 60, deadline: -1, maxHours: 21),
    days: [],
    paceWeight: 10, credited: 0, target: 21, value: 0),
  ObjectiveCase(
    name: "pace weight 0", person: everyDay("X", remaining: 100), days: [.mon, .sun], paceWeight: 0, credited: 14,
    target: 7, value: 14),
  ObjectiveCase(
    name: "nothing owed", person: everyDay("X", remaining: 0), days: [], paceWeight: 10, credited: 0, target: 0,
    value: 0),
]

@Test(arguments: objectiveCases)
func objectiveIsRecomputed(_ c: ObjectiveCase) {
  let instance = placementWeek([c.person], paceWeight: c.paceWeight)
  var roster = bookings(c.days, for: c.person.id)
  roster.objective = c.value
  let report = RosterChecker.check(roster, against: instance)
  let h = report.hours[c.person.id]
  #expect(h?.credited == c.credited)
  #expect(h?.booked == 7 * Double(c.days.count))
  #expect(abs((h?.target ?? -1) - c.target) < 1e-12)
  #expect(abs(report.objective - c.value) < 1e-9)
  // Deadlines before a booking are H3, not an objective matter.
  #expect(report.violations.filter { $0.rule != "H3" } == [], "\(report.violations)")
}

@Test func objectiveSumsOverPeople() {
  let a = everyDay("A", remaining: 5)
  let b = everyDay("B", remaining: 100, deadline: 27, maxHours: 30)
  let c = everyDay("C", remaining: 40)
  let instance = placementWeek([a, b, c])
  var roster = bookings([.mon], for: "A")
  roster.assignments[0].people.append("B")
  roster.assignments.append(Assignment(session: "W-tue", supervisors: [], people: ["B"]))
  roster.objective = 55 + (140 + 14)
  let report = RosterChecker.check(roster, against: instance)
  #expect(report.isValid, "\(report.violations)")
  #expect(report.objective == 209)
  #expect(report.hours["C"] == PersonHours(booked: 0, credited: 0, target: 7, value: 0))
}

@Test func reportAsJSON() throws {
  let week = try TinyWeek.tiny { $0.book("P09", on: "SHOP-thu") }
  let report = RosterChecker.check(week.roster, against: week.instance)
  let json = report.json
  #expect(json["valid"] == .bool(false))
  #expect(json["stated_objective"] == .number(tinyOptimum))
  guard case .array(let violations)? = json["violations"] else {
    Issue.record("no violations list")
    return
  }
  #expect(
    violations.contains {
      $0["rule"] == .string("H5") && $0["message"] == .string("session SHOP-thu books 2 people, capacity 1")
    })
  guard case .array(let people)? = json["people"] else {
    Issue.record("no people list")
    return
  }
  #expect(people.count == 7)
}

/// A region-sized valid roster: 500 group projects, 1,000 supervisors, 4,000 people, 12,000 bookings.
@Test func largeValidRosterChecks() {
  let monday = CalendarDate("2026-11-30")!
  var projects: [Project] = []
  var supervisors: [Supervisor] = []
  var people: [Person] = []
  var assignments: [Assignment] = []
  for g in 0..<500 {
    let sessions = Weekday.allCases.map {
      Session(id: "G\(g)-\($0.rawValue)", date: monday.adding(days: $0.index), hours: 7, capacity: 8)
    }
    projects.append(Project(id: "G\(g)", kind: .group, area: "A\(g % 10)", sessions: sessions))
    let crew = (0..<8).map { "P\(g * 8 + $0)" }
    for (k, id) in crew.enumerated() {
      people.append(
        Person(
          id: id, sex: k < 2 ? .female : .male, risk: .low, hoursRemaining: 100, available: [.mon, .wed, .fri],
          areas: ["A\(g % 10)"], keepApart: ["P\((g * 8 + k + 8) % 4000)"]))
    }
    for (d, s) in [(Weekday.mon, "S\(2 * g)"), (.wed, "S\(2 * g)"), (.fri, "S\(2 * g + 1)")] {
      assignments.append(Assignment(session: "G\(g)-\(d.rawValue)", supervisors: [s], people: crew))
    }
    supervisors.append(Supervisor(id: "S\(2 * g)", areas: ["A\(g % 10)"], available: [.mon, .wed], maxSessions: 2))
    supervisors.append(Supervisor(id: "S\(2 * g + 1)", areas: ["A\(g % 10)"], available: [.fri], maxSessions: 1))
  }
  let instance = Instance(
    name: "region", weekStart: monday, projects: projects, supervisors: supervisors, people: people)
  let roster = Roster(
    instance: "region", weekStart: monday, method: "hand", status: "", objective: 4000 * 91, assignments: assignments)
  let report = RosterChecker.check(roster, against: instance)
  #expect(report.violations == [])
  #expect(report.objective == 4000 * 91)
}

// MARK: - Against PaybackCore's own helpers (written separately, from the same spec)

/// Every single booking of every person on every session of tiny and small: the checker's
/// per-booking rules (H3, H4, H6, H7) agree with `Instance.ineligibility`, and its objective
/// with `Objective.value`.
@Test(arguments: ["tiny", "small"])
func singleBookingsAgreeWithCoreEligibility(_ name: String) throws {
  let instance = try Instance.load(from: repoRoot.appendingPathComponent("instances/\(name).json").path)
  let noPins = Instance(
    name: instance.name, weekStart: instance.weekStart, defaults: instance.defaults, projects: instance.projects,
    supervisors: instance.supervisors, people: instance.people)
  var disagreements: [String] = []
  for (project, session) in noPins.sessions {
    for person in noPins.people {
      let roster = Roster(
        instance: noPins.name, weekStart: noPins.weekStart, method: "probe", status: "", objective: 0,
        assignments: [Assignment(session: session.id, supervisors: [], people: [person.id])])
      let report = RosterChecker.check(roster, against: noPins)
      let perBooking: Set<String> = ["H3", "H4", "H6", "H7"]
      let checker = Set(report.violations.map(\.rule)).intersection(perBooking)
      let core = Set(noPins.ineligibility(of: person, for: session, of: project).map(\.rule)).intersection(perBooking)
      if checker != core { disagreements.append("\(person.id) on \(session.id): checker \(checker), core \(core)") }
      let value = Objective.value(of: roster, in: noPins)
      if abs(report.objective - value) > 1e-9 {
        disagreements.append("\(person.id) on \(session.id): objective \(report.objective), core \(value)")
      }
    }
  }
  #expect(disagreements == [], "\(disagreements.prefix(10))")
}

/// Random rosters of medium (valid or not): the recomputed objective matches `Objective.value`,
/// and the per-person figures add up to it.
@Test func randomRostersObjectiveAgreesWithCore() throws {
  let instance = try Instance.load(from: repoRoot.appendingPathComponent("instances/medium.json").path)
  var rng = SplitMix64(seed: 2026)
  let sessions = instance.sessions.map(\.session.id)
  let people = Dictionary(uniqueKeysWithValues: instance.people.map { ($0.id, $0) })
  for _ in 0..<50 {
    var assignments: [Assignment] = []
    for id in sessions where Bool.random(using: &rng) {
      let people = instance.people.filter { _ in Int.random(in: 0..<40, using: &rng) == 0 }.map(\.id)
      assignments.append(Assignment(session: id, supervisors: [], people: people))
    }
    let roster = Roster(
      instance: instance.name, weekStart: instance.weekStart, method: "random", status: "", objective: 0,
      assignments: assignments)
    let report = RosterChecker.check(roster, against: instance)
    #expect(abs(report.objective - Objective.value(of: roster, in: instance)) < 1e-6)
    #expect(abs(report.hours.values.reduce(0) { $0 + $1.value } - report.objective) < 1e-6)
    for (id, h) in report.hours {
      let person = try #require(people[id])
      #expect(h.credited == min(h.booked, person.hoursRemaining))
      #expect(abs(h.target - Objective.target(of: person, weekStart: instance.weekStart)) < 1e-12)
    }
  }
}
