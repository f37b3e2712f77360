import GLPK
import PaybackCore

/// The week as a mixed-integer program: every hard rule H1-H13 and the objective.
///
/// Variables: `x[p,s]` (person p booked on session s, only for pairs `WeekData.options`
/// allows), `y[s]` (group session runs), `z[k,s]` (supervisor k on group session s),
/// `u[s]` (a man is booked on a mixed group session, for H11), and per person the
/// continuous `a[p]` (hours up to the pace target, worth pace_weight + 1) and `b[p]`
/// (further hours up to what is owed, worth 1). The concave objective needs no integers.
struct IPModel {
  var program = LinearProgram(sense: .maximize)
  let data: WeekData
  /// Column of each booking variable, keyed by `RosterState.key(p, s)`.
  var x: [Int64: Int] = [:]
  var xPairs: [(p: Int, s: Int, column: Int)] = []
  var y: [Int: Int] = [:]
  var z: [(k: Int, s: Int, column: Int)] = []
  var u: [Int: Int] = [:]
  var a: [Int: Int] = [:]
  var b: [Int: Int] = [:]

  init(_ data: WeekData) {
    self.data = data
    let sessions = data.sessions
    // A group session that can never reach its minimum is never run.
    let runnable = sessions.indices.map { s in
      !sessions[s].isGroup
        || (min(sessions[s].capacity, data.candidates[s].count) >= sessions[s].minAttendance && !data.staff[s].isEmpty)
    }
    var people: [[Int]] = Array(repeating: [], count: sessions.count)
    let pinned = Set(data.pins.map { RosterState.key($0.person, $0.session) })
    for p in data.people.indices {
      for s in data.options[p] where runnable[s] {
        let lower = pinned.contains(RosterState.key(p, s)) ? 1.0 : 0.0
        let col = program.addColumn(name: "x_\(p)_\(s)", kind: .binary, lower: lower, upper: 1, objective: 0)
        x[RosterState.key(p, s)] = col
        xPairs.append((p, s, col))
        people[s].append(p)
      }
    }

    // Objective: a[p] worth pace_weight + 1 up to the target, b[p] worth 1 up to what is owed.
    var byPerson: [[(s: Int, column: Int)]] = Array(repeating: [], count: data.people.count)
    for pair in xPairs { byPerson[pair.p].append((pair.s, pair.column)) }
    for p in data.people.indices where !byPerson[p].isEmpty {
      let person = data.people[p]
      var link: [(column: Int, coefficient: Double)] = byPerson[p].map { ($0.column, -sessions[$0.s].hours) }
      if person.target > 0 {
        let col = program.addColumn(
          name: "a_\(p)", kind: .continuous, lower: 0, upper: person.target, objective: data.paceWeight + 1)
        a[p] = col
        link.append((col, 1))
      }
      if person.remaining - person.target > 1e-9 {
        let col = program.addColumn(
          name: "b_\(p)", kind: .continuous, lower: 0, upper: person.remaining - person.target, objective: 1)
        b[p] = col
        link.append((col, 1))
      }
      program.addRow(name: "credit_\(p)", lower: -.infinity, upper: 0, entries: link)
      addPersonRules(p, byPerson[p])
    }

    for s in sessions.indices where !people[s].isEmpty {
      addSessionRules(s, people[s])
    }
    for k in data.instance.supervisors.indices { addSupervisorRules(k) }
  }

  /// H2 (one a day), H6 (weekly and ETE hours) and H7 (no needless booking) for one person.
  private mutating func addPersonRules(_ p: Int, _ mine: [(s: Int, column: Int)]) {
    let sessions = data.sessions
    let person = data.people[p]
    var byDay: [[(s: Int, column: Int)]] = Array(repeating: [], count: 7)
    for m in mine { byDay[sessions[m.s].day].append(m) }
    for d in 0..<7 where byDay[d].count > 1 {
      program.addRow(name: "day_\(p)_\(d)", lower: -.infinity, upper: 1, entries: byDay[d].map { ($0.column, 1) })
    }
    let maxPerDay = byDay.map { $0.map { sessions[$0.s].hours }.max() ?? 0 }
    if maxPerDay.reduce(0, +) > person.maxHours + 1e-9 {
      program.addRow(
        name: "week_\(p)", lower: -.infinity, upper: person.maxHours,
        entries: mine.map { ($0.column, sessions[$0.s].hours) })
    }
    let ete = mine.filter { sessions[$0.s].kind == .ete }
    if !ete.isEmpty {
      let maxEte = (0..<7).reduce(0.0) { acc, d in
        acc + (byDay[d].filter { sessions[$0.s].kind == .ete }.map { sessions[$0.s].hours }.max() ?? 0)
      }
      if maxEte > person.ete + 1e-9 {
        program.addRow(
          name: "ete_\(p)", lower: -.infinity, upper: person.ete, entries: ete.map { ($0.column, sessions[$0.s].hours) })
      }
    }
    // H7: hours on earlier days must stay below what is owed, for any day with a booking.
    // Hours are multiples of 0.25, so "< R" is "<= the largest multiple of 0.25 below R".
    let below = ((person.remaining * 4).rounded(.up) - 1) / 4
    var earlierMax = 0.0
    for d in 0..<7 {
      defer { earlierMax += maxPerDay[d] }
      guard !byDay[d].isEmpty else { continue }
      let minToday = byDay[d].map { sessions[$0.s].hours }.min()!
      // With a booking today, earlier hours can reach at most `reach`; without one, `free`.
      let reach = min(earlierMax, person.maxHours - minToday)
      guard reach > below + 1e-9 else { continue }
      let free = min(earlierMax, person.maxHours)
      let bigM = free - below
      var entries: [(column: Int, coefficient: Double)] = []
      for e in 0..<d { entries += byDay[e].map { ($0.column, sessions[$0.s].hours) } }
      entries += byDay[d].map { ($0.column, bigM) }
      program.addRow(name: "finish_\(p)_\(d)", lower: -.infinity, upper: below + bigM, entries: entries)
    }
  }

  /// H5, H8, H10, H11 and H12 for one session.
  private mutating func addSessionRules(_ s: Int, _ people: [Int]) {
    let info = data.sessions[s]
    let xs = people.map { x[RosterState.key($0, s)]! }
    if info.isGroup {
      let ys = program.addColumn(name: "y_\(s)", kind: .binary, lower: 0, upper: 1, objective: 0)
      y[s] = ys
      let count = xs.map { (column: $0, coefficient: 1.0) }
      program.addRow(
        name: "cap_\(s)", lower: -.infinity, upper: 0, entries: count + [(ys, -Double(min(info.capacity, people.count)))])
      program.addRow(name: "min_\(s)", lower: 0, upper: .infinity, entries: count + [(ys, -Double(info.minAttendance))])
      var zs: [Int] = []
      var highRisk: [Int] = []
      for k in data.staff[s] {
        let col = program.addColumn(name: "z_\(k)_\(s)", kind: .binary, lower: 0, upper: 1, objective: 0)
        z.append((k, s, col))
        zs.append(col)
        if data.supervisorHighRisk[k] { highRisk.append(col) }
        program.addRow(name: "zy_\(k)_\(s)", lower: -.infinity, upper: 0, entries: [(col, 1), (ys, -1)])
      }
      // Enough supervisors for the people booked (the integer count rounds the ratio up), and one at least.
      program.addRow(
        name: "staff_\(s)", lower: 0, upper: .infinity,
        entries: zs.map { ($0, Double(info.peoplePerSupervisor)) } + xs.map { ($0, -1) })
      program.addRow(name: "open_\(s)", lower: 0, upper: .infinity, entries: zs.map { ($0, 1) } + [(ys, -1)])
      for (i, p) in people.enumerated() where data.people[p].isHighRisk {
        program.addRow(
          name: "hr_\(p)_\(s)", lower: -.infinity, upper: 0, entries: [(xs[i], 1)] + highRisk.map { ($0, -1) })
      }
      let women = people.indices.filter { data.people[people[$0]].isFemale }
      if !info.womenOnly, !women.isEmpty, women.count < people.count {
        // H11: if a man is booked (u = 1), each woman booked has another woman beside her.
        let us = program.addColumn(name: "u_\(s)", kind: .binary, lower: 0, upper: 1, objective: 0)
        u[s] = us
        let men = people.indices.filter { !data.people[people[$0]].isFemale }
        program.addRow(
          name: "men_\(s)", lower: -.infinity, upper: 0,
          entries: men.map { (xs[$0], 1) } + [(us, -Double(min(men.count, info.capacity)))])
        for w in women {
          program.addRow(
            name: "lone_\(people[w])_\(s)", lower: -1, upper: .infinity,
            entries: women.map { (xs[$0], $0 == w ? -1.0 : 1.0) } + [(us, -1)])
        }
      }
    } else if info.capacity < people.count {
      program.addRow(name: "cap_\(s)", lower: -.infinity, upper: Double(info.capacity), entries: xs.map { ($0, 1) })
    }
    // H12: people kept apart never share the session.
    for (i, p) in people.enumerated() {
      for q in data.apart[p] where q > p {
        if let cq = x[RosterState.key(q, s)] {
          program.addRow(name: "apart_\(p)_\(q)_\(s)", lower: -.infinity, upper: 1, entries: [(xs[i], 1), (cq, 1)])
        }
      }
    }
  }

  /// H2 and H9 for one supervisor: one session a day, at most `max_sessions` a week.
  private mutating func addSupervisorRules(_ k: Int) {
    let mine = z.filter { $0.k == k }
    guard !mine.isEmpty else { return }
    var byDay: [[Int]] = Array(repeating: [], count: 7)
    for m in mine { byDay[data.sessions[m.s].day].append(m.column) }
    for d in 0..<7 where byDay[d].count > 1 {
      program.addRow(name: "sday_\(k)_\(d)", lower: -.infinity, upper: 1, entries: byDay[d].map { ($0, 1) })
    }
    let days = byDay.filter { !$0.isEmpty }.count
    if days > data.supervisorMaxSessions[k] {
      program.addRow(
        name: "smax_\(k)", lower: -.infinity, upper: Double(data.supervisorMaxSessions[k]),
        entries: mine.map { ($0.column, 1) })
    }
  }

  /// The model's values for a roster (the greedy's, handed to GLPK as its first incumbent).
  func values(of state: RosterState) -> [Double]? {
    var v = Array(repeating: 0.0, count: program.columnCount)
    for s in data.sessions.indices {
      for p in state.booked[s] {
        guard let col = x[RosterState.key(p, s)] else { return nil }
        v[col] = 1
      }
    }
    for (k, s, col) in z where state.staffed[s].contains(k) { v[col] = 1 }
    for (s, col) in y where !state.booked[s].isEmpty { v[col] = 1 }
    for (s, col) in u where state.booked[s].contains(where: { !data.people[$0].isFemale }) { v[col] = 1 }
    for p in data.people.indices {
      let credited = min(state.personHours[p], data.people[p].remaining)
      let first = min(credited, data.people[p].target)
      if let col = a[p] { v[col] = first }
      if let col = b[p] { v[col] = max(0, credited - first) }
    }
    return v
  }

  /// The roster a solution describes.
  func state(from values: [Double]) -> RosterState {
    var state = RosterState(data)
    for pair in xPairs where values[pair.column] > 0.5 { state.add(pair.p, pair.s) }
    for (k, s, col) in z where values[col] > 0.5 { state.addSupervisor(k, s) }
    Greedy.releaseSurplusSupervisors(&state)
    return state
  }
}
