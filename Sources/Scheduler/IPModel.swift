import GLPK
import PaybackCore

/// The week as a mixed-integer program: every hard rule H1-H13 and the objective.
///
/// Variables: `x[p,s]` (person p booked on session s, only for pairs `WeekData.options`
/// allows), `y[s]` (group session runs), `n[s]` (how many supervisors), a continuous flow
/// `z[k,s]` that supplies them, `h[s]` (a high-risk-qualified one among them) and `u[s]` (a man
/// is booked on a mixed group session, for H11).
///
/// Each person's week is a path: one layer per day they could work, one node per hours total
/// reached so far, an arc per session they could book from there (or none). The path carries
/// H2, H6's weekly maximum and H7 exactly, and its last arc the exact value of the hours it
/// reached, so the relaxation cannot top a person up to their pace target with a fraction of
/// a session (the measured cause of most of the gap between a plain model's bound and the
/// optimum). A path network's LP is integral, so this is the convex hull of one person's weeks.
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
  /// Per person, the path network: for each layer (a day with options, in date order), the
  /// arcs leaving each node (keyed by quarter hours reached): the column of "no booking that
  /// day" and of a booking of each length (in quarter hours) that day offers.
  var paths: [Int: [PathLayer]] = [:]

  struct PathLayer {
    var day: Int
    var skip: [Int: Int] = [:]
    var book: [Int: [Int: Int]] = [:]
  }

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
    var byPerson: [[(s: Int, column: Int)]] = Array(repeating: [], count: data.people.count)
    for pair in xPairs { byPerson[pair.p].append((pair.s, pair.column)) }
    for p in data.people.indices where !byPerson[p].isEmpty {
      addPersonPath(p, byPerson[p])
    }
    for s in sessions.indices where !people[s].isEmpty {
      addSessionRules(s, people[s])
    }
    for k in data.instance.supervisors.indices { addSupervisorRules(k) }
  }

  /// Hours as whole quarter hours (the spec makes every hour figure a multiple of 0.25).
  static func quarters(_ hours: Double) -> Int { Int((hours * 4).rounded()) }

  /// H2, H6 and H7 for one person, and their share of the objective, as a path through the week.
  private mutating func addPersonPath(_ p: Int, _ mine: [(s: Int, column: Int)]) {
    let sessions = data.sessions
    let person = data.people[p]
    let cap = Int((person.maxHours * 4 + 1e-9).rounded(.down))
    // H7: a booking needs earlier hours below what is owed; every total at or past it is one
    // node (nothing more can be booked from there, and the value no longer grows).
    let owed = Int((person.remaining * 4 - 1e-9).rounded(.up))
    var byDay: [[(s: Int, column: Int)]] = Array(repeating: [], count: 7)
    for m in mine { byDay[sessions[m.s].day].append(m) }
    let days = (0..<7).filter { !byDay[$0].isEmpty }
    var layers: [PathLayer] = []
    var outOf: [Int: [Int]] = [0: []]  // node of the current layer -> arcs leaving it
    var arrivals: [Int: [Int]] = [:]  // node of the current layer -> arcs reaching it
    for (i, d) in days.enumerated() {
      let last = i == days.count - 1
      var layer = PathLayer(day: d)
      var into: [Int: [Int]] = [:]
      // Arcs book a length, not a session: sessions of equal length that day share them, and a
      // row splits each length's flow over its sessions (still a network, so still exact).
      var lengths: [Int: [Int]] = [:]
      for m in byDay[d] { lengths[IPModel.quarters(sessions[m.s].hours), default: []].append(m.column) }
      var byLength: [Int: [Int]] = [:]
      func arc(_ name: String, from q: Int, to next: Int) -> Int {
        let col = program.addColumn(
          name: name, kind: .continuous, lower: 0, upper: 1,
          objective: last ? data.value(person: p, hours: Double(next) / 4) : 0)
        outOf[q, default: []].append(col)
        into[next, default: []].append(col)
        return col
      }
      for q in outOf.keys.sorted() {
        layer.skip[q] = arc("w_\(p)_\(i)_\(q)", from: q, to: q)
        guard q < owed else { continue }
        for length in lengths.keys.sorted() where q + length <= cap {
          let col = arc("a_\(p)_\(d)_\(length)_\(q)", from: q, to: min(q + length, owed))
          layer.book[q, default: [:]][length] = col
          byLength[length, default: []].append(col)
        }
      }
      // Conservation: what reaches a node leaves it (the first layer's one node sends one unit).
      if i == 0 {
        program.addRow(name: "path_\(p)", lower: 1, upper: 1, entries: outOf[0]!.map { ($0, 1) })
      } else {
        for (q, leaving) in outOf.sorted(by: { $0.key < $1.key }) {
          program.addRow(
            name: "node_\(p)_\(i)_\(q)", lower: 0, upper: 0,
            entries: (arrivals[q] ?? []).map { ($0, 1) } + leaving.map { ($0, -1) })
        }
      }
      for (length, columns) in lengths.sorted(by: { $0.key < $1.key }) {
        program.addRow(
          name: "split_\(p)_\(d)_\(length)", lower: 0, upper: 0,
          entries: columns.map { ($0, 1) } + (byLength[length] ?? []).map { ($0, -1) })
      }
      arrivals = into
      outOf = Dictionary(uniqueKeysWithValues: into.keys.map { ($0, [Int]()) })
      layers.append(layer)
    }
    paths[p] = layers
    // H6's ETE cap is a second budget the path does not track; a knapsack row keeps it.
    let ete = mine.filter { sessions[$0.s].kind == .ete }
    if !ete.isEmpty {
      let maxEte = (0..<7).reduce(0.0) { acc, d in
        acc + (byDay[d].filter { sessions[$0.s].kind == .ete }.map { sessions[$0.s].hours }.max() ?? 0)
      }
      if maxEte > person.ete + 1e-9 {
        program.addRow(
          name: "ete_\(p)", lower: -.infinity, upper: person.ete, entries: ete.map { ($0.column, sessions[$0.s].hours) }
        )
      }
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
        name: "cap_\(s)", lower: -.infinity, upper: 0,
        entries: count + [(ys, -Double(min(info.capacity, people.count)))])
      program.addRow(name: "min_\(s)", lower: 0, upper: .infinity, entries: count + [(ys, -Double(info.minAttendance))])
      // Supervisors are counted, not named: n[s] (integer) supervisors, supplied by a continuous
      // flow z[k,s]. The flow's matrix (supervisor days and weeks on one side, session totals and
      // their high-risk subsets on the other: two laminar families) is totally unimodular, so any
      // integer counts the flow can meet have an integral assignment, found after the solve. This
      // removes the symmetry between interchangeable supervisors that stalls branch-and-bound.
      let most = min(
        data.staff[s].count,
        (min(info.capacity, people.count) + info.peoplePerSupervisor - 1) / info.peoplePerSupervisor)
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
      // Where the capacity is not a multiple of the ratio, one more supervisor adds fewer places
      // than the ratio: with j supervisors at most f(j) = min(capacity, ratio * j) people, and f
      // is concave, so the line through f(j) and f(j+1) bounds every count (y makes it 0 when shut).
      let places = min(info.capacity, people.count)
      let j = places / info.peoplePerSupervisor
      if j >= 1, j < most, places % info.peoplePerSupervisor != 0 {
        let step = Double(places - info.peoplePerSupervisor * j)
        program.addRow(
          name: "places_\(s)", lower: -.infinity, upper: 0,
          entries: xs.map { ($0, 1) } + [(ys, -(Double(info.peoplePerSupervisor * j) - Double(j) * step)), (ns, -step)])
      }
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
    // h only where H10 needs it, so that a roster fits a model whose h is fixed at 0 elsewhere.
    for (s, col) in h where state.booked[s].contains(where: { data.people[$0].isHighRisk }) { v[col] = 1 }
    for (s, col) in y where !state.booked[s].isEmpty { v[col] = 1 }
    for (s, col) in u where state.booked[s].contains(where: { !data.people[$0].isFemale }) { v[col] = 1 }
    for (p, layers) in paths {
      var q = 0
      let owed = Int((data.people[p].remaining * 4 - 1e-9).rounded(.up))
      for layer in layers {
        if let s = state.personSessions[p].first(where: { data.sessions[$0].day == layer.day }) {
          guard let col = layer.book[q]?[IPModel.quarters(data.sessions[s].hours)] else { return nil }
          v[col] = 1
          q = min(q + IPModel.quarters(data.sessions[s].hours), owed)
        } else {
          guard let col = layer.skip[q] else { return nil }
          v[col] = 1
        }
      }
    }
    return v
  }

  /// Every integer column: bookings, then the session decisions.
  var integerColumns: [Int] { xPairs.map(\.column) + sessionDecisions }

  /// Columns of the session-level decisions: supervisor counts, then runs, high-risk and mixed flags.
  var sessionDecisions: [Int] {
    n.sorted { $0.key < $1.key }.map(\.value) + y.sorted { $0.key < $1.key }.map(\.value)
      + h.sorted { $0.key < $1.key }.map(\.value) + u.sorted { $0.key < $1.key }.map(\.value)
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
