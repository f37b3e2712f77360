import Foundation
import GLPK
import PaybackCore

/// An upper bound on a week by Lagrangian relaxation of the rows that tie people together.
///
/// The integer program's rows fall into three kinds:
/// - each person's path network (`path_`, `node_`, `split_`): kept, and solved exactly by dynamic
///   programming over the person's week, which is the network's LP optimum (a path network is integral);
/// - rows over session decisions and the supervisor flow only (open, shut, supply, days, weeks): kept,
///   and solved as one LP (small: no person is in it), warm-started from the last basis;
/// - every other row (capacity, minimum attendance, staffing, high risk, lone woman, keep apart, ETE):
///   moved into the objective with a price.
///
/// For any prices ≥ 0 the sum of the subproblems' optima is an upper bound on the week (weak duality),
/// so every iterate is a valid bound and the best is kept. The prices follow subgradient steps; at
/// the best prices the bound equals the LP relaxation of the whole model. On a connected region this
/// reaches it in seconds where GLPK's simplex on the whole model needs minutes.
final class LagrangianBound: @unchecked Sendable {
  let model: IPModel
  let program: LinearProgram
  private let objective: [Double]

  // Dualized rows, each as `sign * (rhs - a·v) >= 0`.
  private var rowSign: [Double] = []
  private var rowRHS: [Double] = []
  /// The model row each dualized side comes from (a row with two finite bounds gives two sides).
  private var rowOrigin: [Int] = []
  /// The dualized model rows, as rows of the column generation's master LP.
  private var masterRows: [(lower: Double, upper: Double, entries: [(column: Int, coefficient: Double)])] = []
  private var rowStart: [Int] = [0]
  private var rowColumns: [Int] = []
  private var rowCoefficients: [Double] = []
  // The same rows by column: for each column, the dualized rows it is in.
  private var columnStart: [Int] = []
  private var columnRows: [Int] = []
  private var columnCoefficients: [Double] = []

  /// One person's week as a layered network.
  struct PersonNetwork {
    var person: Int
    /// A pinned booking: every week of theirs includes it.
    var isPinned = false
    struct Arc {
      var from: Int
      var to: Int
      var column: Int
      /// The booking choice this arc makes (index into `groups`), or -1 for a day without a booking.
      var group: Int
    }
    var nodeCount: Int
    var arcs: [Arc]  // in layer order
    /// The booking columns an arc of each (day, length) chooses between; a forced (pinned) one alone.
    var groups: [[Int]]
    var endNodes: [Int]
  }
  private(set) var people: [PersonNetwork] = []

  // The session side: one LP over session decisions and the supervisor flow.
  private var block = LinearProgram(sense: .maximize)
  private var blockColumns: [Int] = []  // model column of each block column
  private var blockOf: [Int] = []  // block column of each model column, or -1
  private var basis: LPBasis?
  /// Each booking column's entries in `masterRows`.
  private var bookingRows: [[(row: Int, coefficient: Double)]] = []
  /// Each person network's booking columns.
  private var bookingsOf: [[Int]] = []
  /// Hours of each booking column's session (0 for other columns).
  private var bookingHours: [Double] = []

  /// Prices of the dualized rows, and the best bound found with them.
  var prices: [Double] = []
  private(set) var bestBound = Double.infinity
  private(set) var bestPrices: [Double] = []
  /// Averaged subproblem solutions (a primal estimate, like an LP solution, for rounding).
  private(set) var average: [Double] = []
  private(set) var iterations = 0
  /// The volume algorithm's state between calls: step factor, largest mixing weight, the centre's value.
  private var theta = 0.1
  private var alphaMax = 0.1
  private var centerValue: Double?
  /// The steps have shrunk to nothing: more time will not improve the bound.
  private(set) var settled = false
  var lpSeconds = 0.0

  var dualizedRowCount: Int { rowSign.count }
  var blockSize: String { "\(block.columnCount)x\(block.rowCount)" }

  init(_ model: IPModel) {
    self.model = model
    program = model.program
    let n = program.columnCount
    objective = (0..<n).map { model.program.column($0)!.objective }
    var isPersonColumn = [Bool](repeating: false, count: n)
    for pair in model.xPairs { isPersonColumn[pair.column] = true }
    for (_, layers) in model.paths {
      for layer in layers {
        for col in layer.skip.values { isPersonColumn[col] = true }
        for lengths in layer.book.values { for col in lengths.values { isPersonColumn[col] = true } }
      }
    }
    // Rows: network rows are carried by the person networks; block rows go to the session LP.
    blockOf = [Int](repeating: -1, count: n)
    bookingRows = Array(repeating: [], count: n)
    for j in 0..<n where !isPersonColumn[j] {
      let c = program.column(j)!
      blockOf[j] = block.addColumn(name: c.name, kind: .continuous, lower: c.lower, upper: c.upper, objective: 0)
      blockColumns.append(j)
    }
    var perColumn: [[(row: Int, coefficient: Double)]] = Array(repeating: [], count: n)
    for i in 0..<program.rowCount {
      let row = program.row(i)!
      if row.name.hasPrefix("path_") || row.name.hasPrefix("node_") || row.name.hasPrefix("split_") { continue }
      if row.entries.allSatisfy({ !isPersonColumn[$0.column] }) {
        block.addRow(
          name: row.name, lower: row.lower, upper: row.upper,
          entries: row.entries.map { (blockOf[$0.column], $0.coefficient) })
        continue
      }
      for e in row.entries where isPersonColumn[e.column] {
        bookingRows[e.column].append((masterRows.count, e.coefficient))
      }
      masterRows.append((row.lower, row.upper, row.entries))
      for (sign, rhs) in [(1.0, row.upper), (-1.0, row.lower)] where rhs.isFinite {
        let r = rowSign.count
        rowSign.append(sign)
        rowRHS.append(rhs)
        rowOrigin.append(masterRows.count - 1)
        for e in row.entries {
          rowColumns.append(e.column)
          rowCoefficients.append(e.coefficient)
          perColumn[e.column].append((r, e.coefficient))
        }
        rowStart.append(rowColumns.count)
      }
    }
    for j in 0..<n {
      columnStart.append(columnRows.count)
      for e in perColumn[j] {
        columnRows.append(e.row)
        columnCoefficients.append(e.coefficient)
      }
    }
    columnStart.append(columnRows.count)
    prices = Array(repeating: 0, count: rowSign.count)
    bestPrices = prices
    average = Array(repeating: 0, count: n)
    bookingHours = Array(repeating: 0, count: n)
    for pair in model.xPairs { bookingHours[pair.column] = model.data.sessions[pair.s].hours }
    buildNetworks()
  }

  private func buildNetworks() {
    let data = model.data
    var xByPersonDay: [Int: [Int: [(length: Int, column: Int)]]] = [:]
    for pair in model.xPairs {
      let info = data.sessions[pair.s]
      xByPersonDay[pair.p, default: [:]][info.day, default: []].append((IPModel.quarters(info.hours), pair.column))
    }
    for (p, layers) in model.paths.sorted(by: { $0.key < $1.key }) {
      var network = PersonNetwork(person: p, nodeCount: 0, arcs: [], groups: [], endNodes: [])
      var nodes: [Int: Int] = [0: 0]  // quarter hours -> node id, before the current layer
      network.nodeCount = 1
      for layer in layers {
        let choices = xByPersonDay[p]?[layer.day] ?? []
        // A pin on this day: that booking is the only way through it.
        let forced = choices.first { program.column($0.column)!.lower > 0.5 }
        if forced != nil { network.isPinned = true }
        var groupOfLength: [Int: Int] = [:]
        for (length, cols) in Dictionary(grouping: choices, by: \.length) {
          if let forced, forced.length != length { continue }
          groupOfLength[length] = network.groups.count
          network.groups.append(forced.map { [$0.column] } ?? cols.map(\.column))
        }
        var next: [Int: Int] = [:]
        func node(_ q: Int) -> Int {
          if let id = next[q] { return id }
          let id = network.nodeCount
          network.nodeCount += 1
          next[q] = id
          return id
        }
        for (q, from) in nodes.sorted(by: { $0.key < $1.key }) {
          if forced == nil, let col = layer.skip[q] {
            network.arcs.append(PersonNetwork.Arc(from: from, to: node(q), column: col, group: -1))
          }
          for (length, col) in (layer.book[q] ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let g = groupOfLength[length] else { continue }
            // The arc's head: the IP model caps the total at what is owed.
            let owed = Int((data.people[p].remaining * 4 - 1e-9).rounded(.up))
            network.arcs.append(PersonNetwork.Arc(from: from, to: node(min(q + length, owed)), column: col, group: g))
          }
        }
        nodes = next
      }
      network.endNodes = Array(nodes.values)
      people.append(network)
      bookingsOf.append(Array(Set(network.groups.flatMap { $0 })).sorted())
    }
  }

  /// The bound at the current prices, with the subproblems' solution (one value per model column).
  func evaluate() throws -> (bound: Double, solution: [Double]) {
    let (bound, solution, _) = try evaluateByPerson()
    return (bound, solution)
  }

  /// ``evaluate()``, with each person's subproblem optimum (in `people` order).
  func evaluateByPerson() throws -> (bound: Double, solution: [Double], people: [Double]) {
    let n = program.columnCount
    var reduced = [Double](repeating: 0, count: n)
    for j in 0..<n {
      var r = objective[j]
      for k in columnStart[j]..<columnStart[j + 1] {
        let row = columnRows[k]
        // sign * (rhs - a·v): the column's share is -sign * price * a.
        r -= rowSign[row] * prices[row] * columnCoefficients[k]
      }
      reduced[j] = r
    }
    var bound = program.objectiveConstant
    for r in prices.indices where prices[r] != 0 { bound += prices[r] * rowSign[r] * rowRHS[r] }
    var solution = [Double](repeating: 0, count: n)
    var byPerson: [Double] = []
    byPerson.reserveCapacity(people.count)
    for network in people {
      let v = solve(network, reduced: reduced, into: &solution)
      byPerson.append(v)
      bound += v
    }
    if !blockColumns.isEmpty {
      let t0 = Stopwatch()
      defer { lpSeconds += t0.seconds }
      for (b, j) in blockColumns.enumerated() { try block.setObjective(b, reduced[j]) }
      var lp = try GLPKSolver.solveRelaxation(block, timeLimit: 30, presolve: false, warmStart: basis)
      if lp.status != .optimal, basis != nil {
        lp = try GLPKSolver.solveRelaxation(block, timeLimit: 30, presolve: false)
      }
      guard lp.status == .optimal else { throw LagrangianFailure(reason: "the session LP: \(lp.stopReason)") }
      basis = lp.basis
      bound += lp.objective
      for (b, j) in blockColumns.enumerated() { solution[j] = lp.values[b] }
    }
    return (bound, solution, byPerson)
  }

  /// Longest path through one person's week at the reduced costs; writes the chosen columns.
  private func solve(_ network: PersonNetwork, reduced: [Double], into solution: inout [Double]) -> Double {
    var bestOfGroup = [(value: Double, column: Int)](repeating: (-.infinity, -1), count: network.groups.count)
    for (g, cols) in network.groups.enumerated() {
      for c in cols where reduced[c] > bestOfGroup[g].value { bestOfGroup[g] = (reduced[c], c) }
    }
    var value = [Double](repeating: -.infinity, count: network.nodeCount)
    var via = [Int](repeating: -1, count: network.nodeCount)
    value[0] = 0
    for (a, arc) in network.arcs.enumerated() {
      let start = value[arc.from]
      guard start > -.infinity else { continue }
      let gain = reduced[arc.column] + (arc.group >= 0 ? bestOfGroup[arc.group].value : 0)
      if start + gain > value[arc.to] {
        value[arc.to] = start + gain
        via[arc.to] = a
      }
    }
    guard let end = network.endNodes.max(by: { value[$0] < value[$1] }), value[end] > -.infinity else { return 0 }
    var node = end
    while node != 0, via[node] >= 0 {
      let arc = network.arcs[via[node]]
      solution[arc.column] = 1
      if arc.group >= 0 { solution[bestOfGroup[arc.group].column] = 1 }
      node = arc.from
    }
    return value[end]
  }

  /// Each dualized row's slack at `solution` (its subgradient component).
  private func slacks(_ solution: [Double]) -> [Double] {
    var g = [Double](repeating: 0, count: rowSign.count)
    for r in rowSign.indices {
      var a = 0.0
      for k in rowStart[r]..<rowStart[r + 1] { a += rowCoefficients[k] * solution[rowColumns[k]] }
      g[r] = rowSign[r] * (rowRHS[r] - a)
    }
    return g
  }

  /// The volume algorithm (Barahona and Anbil, 2000) until `deadline` (seconds on `clock`) or until
  /// the bound is within `gap` of `target` (the best roster known). Returns the best bound, valid
  /// whatever the prices.
  ///
  /// A plain subgradient zigzags between the session LP's vertices and was measured at 5% above the
  /// LP after 600 steps on a connected 1,000-person week. The volume algorithm steps along the slack
  /// of an average of the subproblems' solutions instead (an estimate of the LP solution, kept in
  /// `average`), and moves the prices only when the bound improves.
  @discardableResult
  func improve(
    target: () -> Double, until deadline: Double, clock: Stopwatch, gap: Double = 1e-6,
    cancel: CancellationFlag? = nil, progress: ((Double) -> Void)? = nil
  ) throws -> Double {
    // A second call goes on from where the first stopped.
    var center = prices
    var centerValue: Double
    if let resumed = self.centerValue {
      centerValue = resumed
    } else {
      let (value, first) = try evaluate()
      centerValue = value
      iterations += 1
      average = first
      record(centerValue, prices: center, progress: progress)
    }
    defer {
      prices = center
      self.centerValue = centerValue
    }
    var sinceImproved = 0
    var reds = 0
    while clock.seconds < deadline, !(cancel?.isCancelled ?? false) {
      if (bestBound - target()) <= gap * max(1, abs(bestBound)) { break }
      let g = slacks(average)
      var norm = 0.0
      for r in g.indices where !(center[r] == 0 && g[r] > 0) { norm += g[r] * g[r] }
      guard norm > 1e-12 else { break }  // the averaged solution is feasible: nothing left to price
      let aim = stepTarget(centerValue, target())
      let step = theta * max(centerValue - aim, 1e-4 * max(1, abs(centerValue))) / norm
      for r in prices.indices { prices[r] = max(0, center[r] - step * g[r]) }
      let (value, solution) = try evaluate()
      iterations += 1
      // The mix of the new solution into the average that makes the next direction shortest.
      let gNew = slacks(solution)
      var dot = 0.0
      var newNorm = 0.0
      for r in g.indices {
        let d = gNew[r] - g[r]
        dot += g[r] * d
        newNorm += d * d
      }
      var alpha = newNorm > 1e-12 ? -dot / newNorm : alphaMax
      alpha = min(alphaMax, max(alphaMax / 10, alpha))
      for j in average.indices { average[j] += alpha * (solution[j] - average[j]) }
      if value < centerValue - 1e-9 * max(1, abs(centerValue)) {
        // A serious step: move the centre; grow the step when the new solution agrees with the direction.
        var agreement = 0.0
        for r in g.indices { agreement += gNew[r] * g[r] }
        if agreement >= 0 { theta = min(2, theta * 1.1) }
        center = prices
        centerValue = value
        record(value, prices: prices, progress: progress)
        sinceImproved = 0
        reds = 0
      } else {
        reds += 1
        sinceImproved += 1
        if reds >= 20 {
          theta *= 0.66
          reds = 0
        }
        if sinceImproved >= 100 {
          alphaMax = max(1e-3, alphaMax / 2)
          sinceImproved = 0
        }
      }
      if theta < 1e-6 {
        settled = true
        break
      }
    }
    return bestBound
  }

  /// The value the step aims at.
  private func stepTarget(_ center: Double, _ best: Double) -> Double {
    let f = Double(ProcessInfo.processInfo.environment["PB_AIM"] ?? "0") ?? 0
    return f * best
  }

  private func record(_ value: Double, prices: [Double], progress: ((Double) -> Void)?) {
    // Round the bound up a little: GLPK's LP optimum is exact only to its tolerances.
    let bound = value + 1e-7 * max(1, abs(value))
    guard bound < bestBound else { return }
    bestBound = bound
    bestPrices = prices
    progress?(bound)
  }

}

extension LagrangianBound {
  /// A person's week in the master LP: the bookings it makes and its value.
  struct WeekColumn: Hashable {
    var network: Int
    var bookings: [Int]
  }

  /// Prices from column generation (Dantzig-Wolfe on the person networks): a master LP over the
  /// dualized rows, the session side and a convex combination of weeks per person, started from
  /// `start`'s weeks; each round's duals price every person's best week (the same dynamic programme
  /// as ``evaluate()``), weeks that pay are added, until none does or `deadline`. Every round's
  /// duals, taken as prices, give a valid bound through ``evaluate()``; at the end the master's
  /// solution is the LP relaxation's (kept in `average`, for rounding).
  @discardableResult
  func generateColumns(
    from start: RosterState, until deadline: Double, clock: Stopwatch, target: () -> Double, gap: Double = 1e-6,
    cancel: CancellationFlag? = nil, progress: ((Double) -> Void)? = nil
  ) throws -> Double {
    let data = model.data
    let networkOf = Dictionary(uniqueKeysWithValues: people.enumerated().map { ($1.person, $0) })
    var columns: [WeekColumn] = []
    var known: Set<WeekColumn> = []
    func add(_ column: WeekColumn) {
      guard !known.contains(column) else { return }
      known.insert(column)
      columns.append(column)
    }
    for p in data.people.indices {
      guard let i = networkOf[p] else { continue }
      let booked = start.personSessions[p].compactMap { model.x[RosterState.key(p, $0)] }.sorted()
      if !booked.isEmpty || people[i].isPinned { add(WeekColumn(network: i, bookings: booked)) }
    }
    var basis: LPBasis?
    var rounds = 0
    while clock.seconds < deadline, !(cancel?.isCancelled ?? false) {
      rounds += 1
      let master = masterProgram(columns, data: data)
      basis = basis?.extended(toColumns: master.columnCount)
      var lp = try GLPKSolver.solveRelaxation(
        master, timeLimit: max(0.1, deadline - clock.seconds), presolve: false, warmStart: basis)
      if lp.status == .notSolved, lp.stopReason == "time_limit" { break }
      if lp.status != .optimal, basis != nil {
        lp = try GLPKSolver.solveRelaxation(master, timeLimit: max(0.1, deadline - clock.seconds), presolve: false)
      }
      guard lp.status == .optimal else { throw LagrangianFailure(reason: "the master LP: \(lp.stopReason)") }
      basis = lp.basis
      for r in prices.indices {
        let dual = lp.rowDuals[rowOrigin[r]]
        prices[r] = max(0, rowSign[r] * dual)
      }
      let (value, solution, best) = try evaluateByPerson()
      iterations += 1
      let bound = value + 1e-7 * max(1, abs(value))
      if bound < bestBound {
        bestBound = bound
        bestPrices = prices
        progress?(bound)
      }
      keepSolution(lp.values, of: columns)
      if bestBound - target() <= gap * max(1, abs(bestBound)) { break }
      // Weeks that pay at these prices: their value beyond the person's convexity dual.
      let convexity = masterRows.count + block.rowCount
      var added = 0
      for i in people.indices {
        let dual = lp.rowDuals[convexity + i]
        guard best[i] - dual > 1e-6 * max(1, abs(best[i])) else { continue }
        let column = WeekColumn(network: i, bookings: bookingsOf[i].filter { solution[$0] > 0.5 })
        if !known.contains(column) {
          add(column)
          added += 1
        }
      }
      if added == 0 { break }  // the master is the LP relaxation: no week pays
    }
    return bestBound
  }

  /// The master LP: session-side columns, then one column per week; dualized rows, session rows,
  /// then one convexity row per person network.
  private func masterProgram(_ columns: [WeekColumn], data: WeekData) -> LinearProgram {
    var master = LinearProgram(sense: .maximize)
    for b in 0..<block.columnCount {
      let c = block.column(b)!
      _ = master.addColumn(name: c.name, kind: .continuous, lower: c.lower, upper: c.upper, objective: 0)
    }
    var rowEntries: [[(column: Int, coefficient: Double)]] = masterRows.map { row in
      row.entries.compactMap { blockOf[$0.column] >= 0 ? (blockOf[$0.column], $0.coefficient) : nil }
    }
    var convexity: [[(column: Int, coefficient: Double)]] = Array(repeating: [], count: people.count)
    for column in columns {
      let p = people[column.network].person
      let hours = column.bookings.reduce(0.0) { $0 + bookingHours[$1] }
      let j = master.addColumn(
        name: "w", kind: .continuous, lower: 0, upper: 1, objective: data.value(person: p, hours: hours))
      for x in column.bookings { for e in bookingRows[x] { rowEntries[e.row].append((j, e.coefficient)) } }
      convexity[column.network].append((j, 1))
    }
    for (i, row) in masterRows.enumerated() {
      master.addRow(name: "r", lower: row.lower, upper: row.upper, entries: rowEntries[i])
    }
    for r in 0..<block.rowCount {
      let row = block.row(r)!
      master.addRow(name: row.name, lower: row.lower, upper: row.upper, entries: row.entries)
    }
    for (i, entries) in convexity.enumerated() {
      master.addRow(name: "c", lower: people[i].isPinned ? 1 : -.infinity, upper: 1, entries: entries)
    }
    return master
  }

  /// Keeps the master's solution as model column values (bookings summed over weeks) for rounding.
  private func keepSolution(_ values: [Double], of columns: [WeekColumn]) {
    var solution = [Double](repeating: 0, count: program.columnCount)
    for (b, j) in blockColumns.enumerated() { solution[j] = values[b] }
    for (k, column) in columns.enumerated() {
      let v = values[blockColumns.count + k]
      guard v > 1e-9 else { continue }
      for x in column.bookings { solution[x] += v }
    }
    average = solution
  }
}

/// The session LP of the Lagrangian bound could not be solved (numerical trouble): no bound from it.
struct LagrangianFailure: Error, CustomStringConvertible {
  var reason: String
  var description: String { "Lagrangian bound failed: \(reason)" }
}

/// For development measurements only: the Lagrangian bound of a week after `seconds`.
public enum LagrangianProbe {
  public static func run(_ week: Instance, seconds: Double) -> String {
    let clock = Stopwatch()
    let l = LagrangianBound(IPModel(WeekData(week)))
    let built = clock.seconds
    let t = Double(ProcessInfo.processInfo.environment["PB_T"] ?? "0") ?? 0
    let b = (try? l.improve(target: { t }, until: seconds, clock: clock)) ?? .nan
    return "bound \(b) iterations \(l.iterations) rows \(l.dualizedRowCount) build \(built) s lp \(l.lpSeconds) s, block \(l.blockSize)"
  }
}
