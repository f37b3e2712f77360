import ArgumentParser
import Foundation
import InstanceGenerator
import PaybackCore

/// `payback-bench`: measured, not guessed. Each run is a fresh `payback` process, so wall time
/// and peak memory are that run's own.
@main
struct PaybackBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "payback-bench",
    abstract: "Benchmarks the roster solvers on generated regional weeks, and the ledger at national scale.",
    subcommands: [RosterBench.self, LedgerBench.self], defaultSubcommand: RosterBench.self)
}

struct RosterBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "roster",
    abstract: "Greedy and integer program on 100 / 1,000 / 4,000 / 8,000-person weeks, with HiGHS alongside.")

  @Option(help: "People per week, comma-separated.")
  var sizes = "100,1000,4000,8000"

  @Option(name: .customLong("time-limit"), help: "Seconds for the integer program (and for HiGHS).")
  var timeLimit = 60.0

  @Option(help: "Generator seed.")
  var seed: UInt64 = 1

  @Flag(inversion: .prefixedNo, help: "Also solve the exported model with HiGHS (installs highspy if missing).")
  var highs = true

  @Option(help: "Where to write results.md and results.csv.")
  var out = "benchmarks/results"

  @Option(help: "The payback binary to measure.")
  var payback = ".build/release/payback"

  func validate() throws {
    guard timeLimit > 0 else { throw ValidationError("--time-limit must be positive") }
    guard parsedSizes.allSatisfy({ $0 >= 10 }), !parsedSizes.isEmpty else {
      throw ValidationError("--sizes takes people counts of at least 10, e.g. 100,1000")
    }
  }

  var parsedSizes: [Int] { sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

  func run() throws {
    guard FileManager.default.isExecutableFile(atPath: payback) else {
      throw ValidationError("\(payback) is missing: run `swift build -c release` first (or `make bench`)")
    }
    try FileManager.default.createDirectory(atPath: "instances/generated", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    if highs { ensureHighs() }
    var rows: [Row] = []
    for n in parsedSizes {
      let file = "instances/generated/region-\(n)-seed\(seed).json"
      let buildStart = Date()
      let instance = InstanceGenerator.week(GeneratorParameters(people: n, seed: seed))
      try writeAtomically(instance.json.serialized(), to: file)
      log("\(n) people: generated \(file) in \(seconds(since: buildStart)) s")
      var row = Row(people: n, sessions: instance.sessions.count, supervisors: instance.supervisors.count)

      let greedyOut = "instances/generated/roster-\(n)-greedy.json"
      let g = try measure([payback, "roster", file, "--method", "greedy", "--out", greedyOut, "-q"])
      let greedy = try Roster.load(from: greedyOut)
      row.greedyObjective = greedy.objective
      row.greedySeconds = stat(greedy, "seconds") ?? g.seconds
      row.greedyCheck = try check(file, greedyOut)

      let ipOut = "instances/generated/roster-\(n)-ip.json"
      let model = "instances/generated/model-\(n).mps"
      let ip = try measure([
        payback, "roster", file, "--method", "ip", "--time-limit", "\(timeLimit)", "--out", ipOut, "--write-model",
        model, "-q",
      ])
      let roster = try Roster.load(from: ipOut)
      row.objective = roster.objective
      row.bound = roster.bound
      row.status = roster.status
      row.seconds = ip.seconds
      row.peakMB = ip.peakMB
      row.parts = stat(roster, "parts").map(Int.init) ?? 1
      row.ipCheck = try check(file, ipOut)
      if case .object(let m)? = roster.stats.first(where: { $0.0 == "model" })?.1 {
        row.columns = m.first { $0.0 == "columns" }.flatMap { if case .number(let v) = $0.1 { Int(v) } else { nil } }
        row.rows = m.first { $0.0 == "rows" }.flatMap { if case .number(let v) = $0.1 { Int(v) } else { nil } }
      }
      if highs { row.highs = runHighs(model) }
      log(row.line)
      rows.append(row)
    }
    let table = Row.markdown(rows, timeLimit: timeLimit)
    print(table)
    try writeAtomically(machine() + "\n\n" + table + "\n", to: "\(out)/roster.md")
    try writeAtomically(Row.csv(rows), to: "\(out)/roster.csv")
    log("wrote \(out)/roster.md and \(out)/roster.csv")
  }

  func stat(_ r: Roster, _ key: String) -> Double? {
    if case .number(let v)? = r.stats.first(where: { $0.0 == key })?.1 { return v }
    return nil
  }

  func check(_ instance: String, _ roster: String) throws -> Bool {
    try measure([payback, "check", instance, roster]).status == 0
  }

  func ensureHighs() {
    if (try? measure(["/usr/bin/env", "python3", "-c", "import highspy"]).status) == 0 { return }
    log("installing highspy (pip)")
    _ = try? measure(["/usr/bin/env", "python3", "-m", "pip", "install", "-q", "highspy"])
  }

  /// HiGHS on the exported MPS (which minimises the negated objective).
  func runHighs(_ model: String) -> (objective: Double?, bound: Double?, seconds: Double)? {
    guard
      let r = try? measure([
        "/usr/bin/env", "python3", "Tests/tools/highs_solve.py", model, "--time-limit", "\(timeLimit)",
      ]),
      r.status == 0, let data = r.stdout.data(using: .utf8),
      let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return nil }
    let objective = (json["objective"] as? Double).map { -$0 }
    let bound = (json["bound"] as? Double).map { -$0 }
    return (objective, bound, (json["seconds"] as? Double) ?? r.seconds)
  }
}

struct Row {
  var people: Int
  var sessions: Int
  var supervisors: Int
  var columns: Int?
  var rows: Int?
  var greedyObjective = 0.0
  var greedySeconds = 0.0
  var greedyCheck = false
  var objective = 0.0
  var bound: Double?
  var status = ""
  var seconds = 0.0
  var peakMB = 0.0
  var parts = 1
  var ipCheck = false
  var highs: (objective: Double?, bound: Double?, seconds: Double)?

  var gap: Double? { bound.map { ($0 - objective) / max(1, abs($0)) } }
  var greedyGap: Double? { bound.map { ($0 - greedyObjective) / max(1, abs($0)) } }

  static func f(_ v: Double?, _ digits: Int = 1) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "-" }
  static func pct(_ v: Double?) -> String { v.map { String(format: "%.3f%%", 100 * $0) } ?? "-" }

  var line: String {
    "\(people) people: greedy \(Row.f(greedyObjective)) in \(Row.f(greedySeconds, 3)) s; ip \(Row.f(objective)) bound \(Row.f(bound)) gap \(Row.pct(gap)) in \(Row.f(seconds, 1)) s, \(Row.f(peakMB, 0)) MB, \(status)"
  }

  static func markdown(_ rows: [Row], timeLimit: Double) -> String {
    var out = [
      "| people | sessions | supervisors | model cols × rows | parts | greedy objective | greedy s | greedy gap | IP objective | bound | gap | IP wall s | peak MB | status | checked | HiGHS objective | HiGHS bound | HiGHS s |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows {
      let size = r.columns.map { "\($0) × \(r.rows ?? 0)" } ?? "-"
      let checked = r.greedyCheck && r.ipCheck ? "valid" : "INVALID"
      var cells: [String] = ["\(r.people)", "\(r.sessions)", "\(r.supervisors)", size, "\(r.parts)"]
      cells += [f(r.greedyObjective), f(r.greedySeconds, 3), pct(r.greedyGap)]
      cells += [f(r.objective), f(r.bound), pct(r.gap), f(r.seconds), f(r.peakMB, 0), r.status, checked]
      cells += [f(r.highs?.objective), f(r.highs?.bound), f(r.highs?.seconds)]
      out.append("| " + cells.joined(separator: " | ") + " |")
    }
    out.append("")
    out.append(
      "Time limit \(timeLimit) s for the integer program and for HiGHS. Gap = (bound − objective) / bound; greedy gap against the IP's bound."
    )
    return out.joined(separator: "\n")
  }

  static func csv(_ rows: [Row]) -> String {
    var out = [
      "people,sessions,supervisors,columns,rows,parts,greedy_objective,greedy_seconds,objective,bound,gap,seconds,peak_mb,status,valid,highs_objective,highs_bound,highs_seconds"
    ]
    for r in rows {
      var cells: [String] = ["\(r.people)", "\(r.sessions)", "\(r.supervisors)"]
      cells += [r.columns.map(String.init) ?? "", r.rows.map(String.init) ?? "", "\(r.parts)"]
      cells += ["\(r.greedyObjective)", "\(r.greedySeconds)", "\(r.objective)", r.bound.map { "\($0)" } ?? ""]
      cells += [r.gap.map { "\($0)" } ?? "", "\(r.seconds)", "\(r.peakMB)", r.status, "\(r.greedyCheck && r.ipCheck)"]
      let h = r.highs
      cells += [h?.objective.map { "\($0)" } ?? "", h?.bound.map { "\($0)" } ?? "", h.map { "\($0.seconds)" } ?? ""]
      out.append(cells.joined(separator: ","))
    }
    return out.joined(separator: "\n") + "\n"
  }
}

/// A child process's exit status, output, wall time and peak resident memory.
func measure(_ argv: [String]) throws -> (status: Int32, stdout: String, seconds: Double, peakMB: Double) {
  let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
  _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
  defer { try? FileManager.default.removeItem(at: outFile) }
  let handle = try FileHandle(forWritingTo: outFile)
  var pid: pid_t = 0
  var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, 1)
  let cArgs = argv.map { strdup($0) } + [nil]
  defer { cArgs.forEach { free($0) } }
  let start = Date()
  let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
  guard rc == 0 else { throw ValidationError("cannot start \(argv[0]) (error \(rc))") }
  var status: Int32 = 0
  var usage = rusage()
  _ = wait4(pid, &status, 0, &usage)
  try handle.close()
  let seconds = Date().timeIntervalSince(start)
  let output = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
  let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  return (exit, output, seconds, Double(usage.ru_maxrss) / 1024)
}

func seconds(since start: Date) -> String { String(format: "%.2f", Date().timeIntervalSince(start)) }

func log(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

/// What machine the figures come from.
func machine() -> String {
  let cpu =
    (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
    .first { $0.hasPrefix("model name") }.map {
      String($0.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces)
    } ?? "unknown CPU"
  let memory =
    (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?.split(separator: "\n").first.map(String.init) ?? ""
  let date = ISO8601DateFormatter().string(from: Date())
  return
    "Measured \(date) on \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu); \(memory.replacingOccurrences(of: "  ", with: " "))"
}
