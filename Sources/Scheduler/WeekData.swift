import PaybackCore

/// An instance flattened into integer indices, with every per-booking rule pre-evaluated.
///
/// Both the greedy and the integer program work on this, so eligibility is decided once:
/// `options[p]` lists exactly the sessions person `p` could ever be booked on (H3, H4, H6's
/// single-session part, H7 for people owing nothing, and H8-H10 where no supervisor could
/// staff the session).
///
/// A class, immutable after `init`: every roster state and solver shares one copy, and hot loops
/// reach its arrays without copying or retaining a dozen of them per call. (Only `init` writes
/// the properties, so exclusivity checks on them would be pure cost.)
final class WeekData: @unchecked Sendable {
  /// Plain values only (ids are in `sessionIDs`), so that hot loops copy one without retaining.
  struct SessionInfo: Sendable {
    var project: Int
    var day: Int
    var hours: Double
    var capacity: Int
    var kind: ProjectKind
    var womenOnly: Bool
    var minAttendance: Int
    var peoplePerSupervisor: Int
    var isGroup: Bool { kind == .group }
  }

  struct PersonInfo: Sendable {
    var remaining: Double
    var ete: Double
    var maxHours: Double
    var target: Double
    var isFemale: Bool
    var isHighRisk: Bool
  }

  let instance: Instance
  let paceWeight: Double
  @exclusivity(unchecked) private(set) var sessions: [SessionInfo] = []
  @exclusivity(unchecked) private(set) var people: [PersonInfo] = []
  /// The instance's ids of each session and person.
  private(set) var sessionIDs: [String] = []
  private(set) var personIDs: [String] = []
  /// Sessions each person may attend, sorted by day.
  @exclusivity(unchecked) private(set) var options: [[Int]] = []
  /// People who may attend each session.
  @exclusivity(unchecked) private(set) var candidates: [[Int]] = []
  /// Supervisors who may staff each group session (empty for individual and ete).
  @exclusivity(unchecked) private(set) var staff: [[Int]] = []
  /// Whether supervisor `k` holds the high-risk qualification.
  @exclusivity(unchecked) private(set) var supervisorHighRisk: [Bool] = []
  @exclusivity(unchecked) private(set) var supervisorMaxSessions: [Int] = []
  /// Keep-apart partners of each person (symmetric).
  @exclusivity(unchecked) private(set) var apart: [Set<Int>] = []
  /// Pinned (person, session) pairs.
  @exclusivity(unchecked) private(set) var pins: [(person: Int, session: Int)] = []
  /// For explanations: why each person cannot take each session they were not offered.
  let sessionIndex: [String: Int]
  let supervisorIndex: [String: Int]
  /// For each group session id: can any supervisor staff it, and any high-risk-qualified one.
  let staffable: [String: (any: Bool, highRisk: Bool)]
  let personIndex: [String: Int]

  init(_ instance: Instance) {
    self.instance = instance
    paceWeight = instance.defaults.paceWeight
    var sIndex: [String: Int] = [:]
    staffable = instance.staffability()
    var sessionProjects: [(Project, Session)] = []
    for (pi, project) in instance.projects.enumerated() {
      for s in project.sessions {
        sIndex[s.id] = sessions.count
        sessionProjects.append((project, s))
        sessionIDs.append(s.id)
        sessions.append(
          SessionInfo(
            project: pi, day: instance.weekStart.days(to: s.date), hours: s.hours, capacity: s.capacity,
            kind: project.kind, womenOnly: project.womenOnly, minAttendance: project.minAttendance,
            peoplePerSupervisor: project.peoplePerSupervisor))
      }
    }
    sessionIndex = sIndex
    personIndex = Dictionary(uniqueKeysWithValues: instance.people.enumerated().map { ($1.id, $0) })
    supervisorIndex = Dictionary(uniqueKeysWithValues: instance.supervisors.enumerated().map { ($1.id, $0) })
    supervisorHighRisk = instance.supervisors.map { $0.qualifications.contains(highRiskQualification) }
    supervisorMaxSessions = instance.supervisors.map(\.maxSessions)
    staff = sessionProjects.map { project, session in
      project.kind == .group
        ? instance.supervisors.indices.filter { instance.supervisors[$0].canStaff(session, of: project) } : []
    }
    candidates = Array(repeating: [], count: sessions.count)
    // Group sessions by area so that eligibility is only tested where a person can go.
    var sessionsByArea: [String: [Int]] = [:]
    for (i, (project, _)) in sessionProjects.enumerated() { sessionsByArea[project.area, default: []].append(i) }
    for (p, person) in instance.people.enumerated() {
      personIDs.append(person.id)
      people.append(
        PersonInfo(
          remaining: person.hoursRemaining, ete: person.eteHoursRemaining,
          maxHours: person.maxHoursPerWeek, target: Objective.target(of: person, weekStart: instance.weekStart),
          isFemale: person.sex == .female, isHighRisk: person.risk == .high))
      var mine: [Int] = []
      for area in Set(person.areas) {
        for s in sessionsByArea[area] ?? [] {
          let (project, session) = sessionProjects[s]
          if instance.ineligibility(
            of: person, for: session, of: project, staffable: staffable[session.id] ?? (true, true)
          )
          .isEmpty {
            mine.append(s)
          }
        }
      }
      mine.sort { (sessions[$0].day, $0) < (sessions[$1].day, $1) }
      options.append(mine)
      for s in mine { candidates[s].append(p) }
    }
    apart = Array(repeating: [], count: people.count)
    for (p, person) in instance.people.enumerated() {
      for other in person.keepApart {
        if let q = personIndex[other], q != p {
          apart[p].insert(q)
          apart[q].insert(p)
        }
      }
    }
    for pin in instance.pins {
      if let p = personIndex[pin.person], let s = sIndex[pin.session] { pins.append((p, s)) }
    }
  }

  /// The objective share of person `p` when booked for `hours`.
  func value(person p: Int, hours: Double) -> Double {
    let c = min(hours, people[p].remaining)
    return paceWeight * min(c, people[p].target) + c
  }

  /// Whether H7 holds for a set of bookings: hours on earlier dates stay below what is owed.
  func needlessBookingFree(person p: Int, sessions booked: [Int], adding extra: Int? = nil) -> Bool {
    var lastDay = extra.map { sessions[$0].day } ?? -1
    for s in booked where sessions[s].day > lastDay { lastDay = sessions[s].day }
    guard lastDay >= 0 else { return true }
    var before = 0.0
    for s in booked where sessions[s].day < lastDay { before += sessions[s].hours }
    if let extra, sessions[extra].day < lastDay { before += sessions[extra].hours }
    return before < people[p].remaining
  }

  /// The roster's assignments in instance order.
  func assignments(people booked: [[Int]], supervisors staffed: [[Int]]) -> [Assignment] {
    var out: [Assignment] = []
    for s in sessions.indices where !booked[s].isEmpty {
      out.append(
        Assignment(
          session: sessionIDs[s], supervisors: staffed[s].sorted().map { instance.supervisors[$0].id },
          people: booked[s].sorted().map { personIDs[$0] }))
    }
    return out
  }
}
