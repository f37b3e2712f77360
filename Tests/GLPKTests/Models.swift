import GLPK

/// Small models with optima computed independently (brute force), and a hard one.
enum Models {
  struct Knapsack {
    var values: [Double]
    var weights: [Double]
    var capacity: Double

    var program: LinearProgram {
      var p = LinearProgram(sense: .maximize)
      for j in values.indices {
        p.addColumn(name: "take \(j)", kind: .binary, lower: 0, upper: 1, objective: values[j])
      }
      p.addRow(
        name: "capacity", lower: -.infinity, upper: capacity,
        entries: weights.indices.map { (column: $0, coefficient: weights[$0]) })
      return p
    }

    /// Optimum by enumerating every subset.
    var bruteForceOptimum: Double {
      var best = 0.0
      for mask in 0..<(1 << values.count) {
        var value = 0.0
        var weight = 0.0
        for j in values.indices where mask & (1 << j) != 0 {
          value += values[j]
          weight += weights[j]
        }
        if weight <= capacity { best = max(best, value) }
      }
      return best
    }
  }

  static let smallKnapsack = Knapsack(
    values: [10, 13, 7, 8, 9, 4, 12, 6, 5, 11, 3, 9], weights: [5, 7, 3, 4, 6, 2, 8, 3, 2, 6, 1, 5], capacity: 23)

  /// 4x4 assignment (minimise cost), x[w][t] binary, each worker one task, each task one worker.
  static let assignmentCost: [[Double]] = [
    [9, 2, 7, 8],
    [6, 4, 3, 7],
    [5, 8, 1, 8],
    [7, 6, 9, 4],
  ]

  static func assignment() -> LinearProgram {
    var p = LinearProgram(sense: .minimize)
    let n = assignmentCost.count
    for w in 0..<n {
      for t in 0..<n {
        p.addColumn(name: "x[\(w),\(t)]", kind: .binary, lower: 0, upper: 1, objective: assignmentCost[w][t])
      }
    }
    for w in 0..<n {
      p.addRow(name: "worker \(w)", lower: 1, upper: 1, entries: (0..<n).map { (column: w * n + $0, coefficient: 1) })
    }
    for t in 0..<n {
      p.addRow(name: "task \(t)", lower: 1, upper: 1, entries: (0..<n).map { (column: $0 * n + t, coefficient: 1) })
    }
    return p
  }

  static var assignmentOptimum: Double {
    var best = Double.infinity
    func permute(_ prefix: [Int], _ rest: [Int]) {
      if rest.isEmpty {
        best = min(best, prefix.indices.reduce(0) { $0 + assignmentCost[$1][prefix[$1]] })
        return
      }
      for (k, t) in rest.enumerated() {
        var remaining = rest
        remaining.remove(at: k)
        permute(prefix + [t], remaining)
      }
    }
    permute([], Array(0..<assignmentCost.count))
    return best
  }

  /// Deterministic pseudo-random numbers (tests must not depend on a seed-less generator).
  struct LCG {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
  }

  /// A market-split instance (Cornuéjols–Dawande): minimise total slack of 5 equations over 40 binaries.
  /// Its LP bound is 0 and almost surely no zero-slack solution exists, so branch-and-bound cannot finish.
  /// Columns 0..<40 are the binaries, then one (plus, minus) slack pair per row.
  static func marketSplit(rows m: Int = 5, columns n: Int = 40, seed: UInt64 = 7) -> LinearProgram {
    var rng = LCG(state: seed)
    var p = LinearProgram(sense: .minimize)
    for j in 0..<n { p.addColumn(name: "x\(j)", kind: .binary, lower: 0, upper: 1, objective: 0) }
    for i in 0..<m {
      p.addColumn(name: "plus\(i)", kind: .continuous, lower: 0, upper: .infinity, objective: 1)
      p.addColumn(name: "minus\(i)", kind: .continuous, lower: 0, upper: .infinity, objective: 1)
    }
    for i in 0..<m {
      let a = (0..<n).map { _ in Double(rng.next(100)) }
      let rhs = (a.reduce(0, +) / 2).rounded(.down)
      var entries = a.indices.map { (column: $0, coefficient: a[$0]) }
      entries.append((column: n + 2 * i, coefficient: 1))
      entries.append((column: n + 2 * i + 1, coefficient: -1))
      p.addRow(name: "split\(i)", lower: rhs, upper: rhs, entries: entries)
    }
    return p
  }

  /// A feasible solution of a market-split instance: all binaries 0, slacks absorb the right-hand sides.
  static func marketSplitZeroSolution(_ p: LinearProgram, rows m: Int = 5, columns n: Int = 40) -> [Double] {
    var x = [Double](repeating: 0, count: n + 2 * m)
    for i in 0..<m { x[n + 2 * i] = p.row(i)!.lower }
    return x
  }
}
