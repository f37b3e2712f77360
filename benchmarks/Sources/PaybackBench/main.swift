import Foundation
import GLPK
import PaybackCore
import Scheduler

let args = CommandLine.arguments
if args.count >= 3, args[1] == "lp" {
  let instance = try Instance.load(from: args[2])
  let t0 = Date()
  let model = WeekScheduler.model(for: instance)
  let t1 = Date()
  let lp = try GLPKSolver.solveRelaxation(model, timeLimit: 120)
  print("columns \(model.columnCount) rows \(model.rowCount) nz \(model.nonzeroCount) build \(t1.timeIntervalSince(t0)) s; LP \(lp.status) \(lp.objective) in \(lp.seconds) s")
}
if args.count >= 3, args[1] == "lpfrac" {
  let instance = try Instance.load(from: args[2])
  let model = WeekScheduler.model(for: instance)
  let lp = try GLPKSolver.solveRelaxation(model, timeLimit: 120)
  var frac: [String: Int] = [:]
  var total: [String: Int] = [:]
  for i in 0..<model.columnCount {
    let c = model.column(i)!
    let prefix = String(c.name.prefix { $0 != "_" })
    total[prefix, default: 0] += 1
    let v = lp.values[i]
    if c.kind != .continuous, abs(v - v.rounded()) > 1e-6 { frac[prefix, default: 0] += 1 }
  }
  print("fractional by kind:", frac, "of", total)
  // Supervisor-days used
  var zsum = 0.0
  for i in 0..<model.columnCount where model.column(i)!.name.hasPrefix("z_") { zsum += lp.values[i] }
  print("sum z \(zsum)")
}
if args.count >= 3, args[1] == "lpsess" {
  let instance = try Instance.load(from: args[2])
  let model = WeekScheduler.model(for: instance)
  let lp = try GLPKSolver.solveRelaxation(model, timeLimit: 120)
  var sx: [Int: Double] = [:], sy: [Int: Double] = [:], sz: [Int: Double] = [:]
  var ph: [Int: Double] = [:]
  for i in 0..<model.columnCount {
    let parts = model.column(i)!.name.split(separator: "_")
    let v = lp.values[i]
    switch parts[0] {
    case "x": sx[Int(parts[2])!, default: 0] += v
    case "y": sy[Int(parts[1])!, default: 0] += v
    case "z": sz[Int(parts[2])!, default: 0] += v
    default: break
    }
  }
  let ids = instance.sessions.map { $0.session.id }
  for s in ids.indices where (sx[s] ?? 0) > 1e-6 {
    print(ids[s], String(format: "x %.2f y %.2f z %.2f", sx[s] ?? 0, sy[s] ?? 0, sz[s] ?? 0))
  }
  _ = ph
}
