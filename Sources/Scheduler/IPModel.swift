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
  /// Supervisor count of each group session, and whether it has a high-risk-qualified one.
  var n: [Int: Int] = [:]
  var h: [Int: Int] = [:]
  var u: [Int: Int] = [:]
  /// Per person, the value segments (column, length) in order of falling slope.
  var segments: [Int: [(column: Int, length: Double)]] = [:]

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
      var link: [(column: Int, coefficient: Double)] = byPerson[p].map { ($0.column, -sessions[$0.s].hours) }
      for (i, segment) in IPModel.valueSegments(data, p, byPerson[p].map(\.s)).enumerated() {
        let col = program.addColumn(
          name: "v_\(p)_\(i)", kind: .continuous, lower: 0, upper: segment.length, objective: segment.slope)
        segments[p, default: []].append((col, segment.length))
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

  /// A person's objective as a concave piecewise-linear function of the hours booked,
  /// with breakpoints only at hour totals their sessions can actually add up to.
  ///
  /// The contract's value, (pace_weight + 1) an hour up to the target, 1 an hour up to what
  /// is owed and nothing after, is linear between its kinks; a relaxation could book a
  /// fraction of a session to land exactly on a kink, which no roster can. Interpolating
  /// the value between the reachable totals either side of each kink gives the same value
  /// at every reachable total (so the same optimum) and a much tighter LP bound.
  static func valueSegments(_ data: WeekData, _ p: Int, _ options: [Int]) -> [(length: Double, slope: Double)] {
    let person = data.people[p]
    // Reachable totals in quarter hours: one session a day, at most the weekly maximum.
    let cap = Int((person.maxHours * 4).rounded(.down))
    var reachable = [Bool](repeating: false, count: cap + 1)
    reachable[0] = true
    var byDay: [[Int]] = Array(repeating: [], count: 7)
    for s in options { byDay[data.sessions[s].day].append(Int((data.sessions[s].hours * 4).rounded())) }
    for day in byDay where !day.isEmpty {
      var next = reachable
      for q in 0...cap where reachable[q] {
        for h in Set(day) where q + h <= cap { next[q + h] = true }
      }
      reachable = next
    }
    let totals = reachable.indices.filter { reachable[$0] }.map { Double($0) / 4 }
    let top = totals.last ?? 0
    func value(_ h: Double) -> Double { data.value(person: p, hours: h) }
    // Breakpoints: 0, the reachable totals either side of the target and of what is owed, the top.
    var points: Set<Double> = [0, top]
    for kink in [person.target, person.remaining] {
      if let below = totals.last(where: { $0 <= kink }) { points.insert(below) }
      if let above = totals.first(where: { $0 >= kink }) { points.insert(above) }
    }
    let sorted = points.sorted()
    var out: [(length: Double, slope: Double)] = []
    for (x0, x1) in zip(sorted, sorted.dropFirst()) where x1 > x0 {
      let slope = (value(x1) - value(x0)) / (x1 - x0)
      if slope > 1e-12 { out.append((x1 - x0, slope)) }
    }
    return out
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
      // Supervisors are counted, not named: n[s] (integer) supervisors, supplied by a continuous
      // flow z[k,s]. The flow's matrix (supervisor days and weeks on one side, session totals and
      // their high-risk subsets on the other: two laminar families) is totally unimodular, so any
      // integer counts the flow can meet have an integral assignment, found after the solve. This
      // removes the symmetry between interchangeable supervisors that stalls branch-and-bound.
      let most = min(data.staff[s].count, (min(info.capacity, people.count) + info.peoplePerSupervisor - 1) / info.peoplePerSupervisor)
      let ns = program.addColumn(name: "n_\(s)", kind: .integer, lower: 0, upper: Double(most), objective: 0)
      n[s] = ns
      var supply: [(column: Int, coefficient: Double)] = [(ns, -1)]
      var highRiskSupply: [(column: Int, coefficient: Double)] = []
      for k in data.staff[s] {
        let col = program.addColumn(name: "z_\(k)_\(s)", kind: .continuous, lower: 0, upper: 1, objective: 0)
        z.append((k, s, col))
        supply.append((col, 1))
        if data.supervisorHighRisk[k] { highRiskSupply.append((col, 1)) }
      }
      program.addRow(name: "supply_\(s)", lower: 0, upper: .infinity, entries: supply)
      // Enough supervisors for the people booked (the integer count rounds the ratio up), one at least, none when closed.
      program.addRow(
        name: "staff_\(s)", lower: 0, upper: .infinity,
        entries: [(ns, Double(info.peoplePerSupervisor))] + xs.map { ($0, -1) })
      program.addRow(name: "open_\(s)", lower: 0, upper: .infinity, entries: [(ns, 1), (ys, -1)])
      program.addRow(name: "shut_\(s)", lower: -.infinity, upper: 0, entries: [(ns, 1), (ys, -Double(most))])
      let highRiskPeople = people.indices.filter { data.people[people[$0]].isHighRisk }
      if !highRiskPeople.isEmpty {
        let hs = program.addColumn(name: "h_\(s)", kind: .binary, lower: 0, upper: 1, objective: 0)
        h[s] = hs
        program.addRow(name: "hrsupply_\(s)", lower: 0, upper: .infinity, entries: highRiskSupply + [(hs, -1)])
        for i in highRiskPeople {
          program.addRow(name: "hr_\(people[i])_\(s)", lower: -.infinity, upper: 0, entries: [(xs[i], 1), (hs, -1)])
        }
      }
      let women = people.indices.filter { data.people[people[$0]].isFemale }
      if !info.womenOnly, !women.isEmpty, women.count < people.count {
        // H11: if a man is booked (u = 1), each woman booked has another woman beside her.
        let us = program.addColumn(name: "u_\(s)", kind: .binary, lower: 0, upper: 1, objective: 0)
        u[s] = us
        let men = people.indices.filter { !data.people[people[$0]].isFemale }
        // (Linking each man to u separately was measured: it does not tighten the LP here.)
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
    for (s, col) in n { v[col] = min(Double(state.staffed[s].count), program.column(col)!.upper) }
    for (s, col) in h where state.highRiskStaff[s] > 0 { v[col] = 1 }
    for (s, col) in y where !state.booked[s].isEmpty { v[col] = 1 }
    for (s, col) in u where state.booked[s].contains(where: { !data.people[$0].isFemale }) { v[col] = 1 }
    for (p, segs) in segments {
      var left = state.personHours[p]
      for (col, length) in segs {
        v[col] = min(left, length)
        left -= v[col]
      }
    }
    return v
  }

  /// Columns of the session-level decisions: supervisor counts, then runs, high-risk and mixed flags.
  var sessionDecisions: [Int] {
    n.sorted { $0.key < $1.key }.map(\.value) + y.sorted { $0.key < $1.key }.map(\.value)
      + h.sorted { $0.key < $1.key }.map(\.value) + u.sorted { $0.key < $1.key }.map(\.value)
  }

  /// The model with every session-level decision (runs or not, how many supervisors, whether a
  /// high-risk one) fixed to a roster's plan: what is left, placing people, is far easier.
  func withPlan(of state: RosterState) throws -> LinearProgram {
    var fixed = program
    for (s, col) in y {
      let open = state.booked[s].isEmpty ? 0.0 : 1.0
      try fixed.setColumnBounds(col, lower: open, upper: open)
    }
    for (s, col) in n {
      let count = min(Double(state.staffed[s].count), program.column(col)!.upper)
      try fixed.setColumnBounds(col, lower: count, upper: count)
    }
    for (s, col) in h where state.highRiskStaff[s] == 0 { try fixed.setColumnBounds(col, lower: 0, upper: 0) }
    return fixed
  }

  /// The roster a solution describes; supervisors are named by ``assignSupervisors(counts:highRisk:)``.
  func state(from values: [Double]) throws -> RosterState {
    var state = RosterState(data)
    for pair in xPairs where values[pair.column] > 0.5 { state.add(pair.p, pair.s) }
    var counts: [Int: Int] = [:]
    for s in n.keys where !state.booked[s].isEmpty { counts[s] = Int(values[n[s]!].rounded()) }
    var highRisk: Set<Int> = []
    for (s, col) in h where values[col] > 0.5 && !state.booked[s].isEmpty { highRisk.insert(s) }
    for (k, s) in try assignSupervisors(counts: counts, highRisk: highRisk) { state.addSupervisor(k, s) }
    Greedy.releaseSurplusSupervisors(&state)
    return state
  }

  /// Names the supervisors for given counts: the flow LP's vertex is integral (its matrix is
  /// totally unimodular), so simplex returns an assignment directly.
  func assignSupervisors(counts: [Int: Int], highRisk: Set<Int>) throws -> [(k: Int, s: Int)] {
    func flow(_ kind: LinearProgram.Kind) -> (LinearProgram, [(k: Int, s: Int, column: Int)]) {
      var flow = LinearProgram(sense: .maximize)
      var columns: [(k: Int, s: Int, column: Int)] = []
      var bySupervisor: [Int: [(s: Int, column: Int)]] = [:]
      for (s, count) in counts.sorted(by: { $0.key < $1.key }) where count > 0 {
        var supply: [(column: Int, coefficient: Double)] = []
        var hrSupply: [(column: Int, coefficient: Double)] = []
        for k in data.staff[s] {
          let col = flow.addColumn(name: "z_\(k)_\(s)", kind: kind, lower: 0, upper: 1, objective: 0)
          columns.append((k, s, col))
          bySupervisor[k, default: []].append((s, col))
          supply.append((col, 1))
          if data.supervisorHighRisk[k] { hrSupply.append((col, 1)) }
        }
        flow.addRow(name: "n_\(s)", lower: Double(count), upper: Double(count), entries: supply)
        if highRisk.contains(s) { flow.addRow(name: "h_\(s)", lower: 1, upper: .infinity, entries: hrSupply) }
      }
      for (k, mine) in bySupervisor.sorted(by: { $0.key < $1.key }) {
        var byDay: [[Int]] = Array(repeating: [], count: 7)
        for m in mine { byDay[data.sessions[m.s].day].append(m.column) }
        for d in 0..<7 where byDay[d].count > 1 {
          flow.addRow(name: "d_\(k)_\(d)", lower: -.infinity, upper: 1, entries: byDay[d].map { ($0, 1) })
        }
        flow.addRow(
          name: "w_\(k)", lower: -.infinity, upper: Double(data.supervisorMaxSessions[k]),
          entries: mine.map { ($0.column, 1) })
      }
      return (flow, columns)
    }
    let (relaxed, columns) = flow(.continuous)
    guard !columns.isEmpty else { return [] }
    let lp = try GLPKSolver.solveRelaxation(relaxed, timeLimit: 30)
    var values = lp.values
    if !(lp.status == .optimal && values.allSatisfy({ abs($0 - $0.rounded()) < 1e-6 })) {
      // A numerically unlucky vertex: solve the same small problem with integers.
      var options = MIPOptions()
      options.timeLimit = 30
      let mip = try GLPKSolver.solve(flow(.binary).0, options: options)
      guard !mip.values.isEmpty else { throw SupervisorAssignmentFailed() }
      values = mip.values
    }
    return columns.filter { values[$0.column] > 0.5 }.map { ($0.k, $0.s) }
  }
}

/// The supervisor counts of a solution could not be met by named supervisors (a bug).
struct SupervisorAssignmentFailed: Error, CustomStringConvertible {
  var description: String { "the supervisor counts of the integer program's solution cannot be staffed" }
}

