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
    abstract: "Greedy, integer program, HiGHS and the LP reference on every family of generated week.",
    discussion: """
      By default: the connected family at 1,000, 2,000, 4,000 and 8,000 people with seeds 1-3, \
      every other family at 1,000 and 4,000 people with seeds 1-2; 60 s for the integer program \
      and for HiGHS (120 s at 8,000 people and more). Families: \
      \(BenchFamily.all.map(\.name).joined(separator: ", ")). The `independent` family's weeks \
      come from Tests/tools/independent_week.py, written from the contract alone, so that no \
      figure rests only on weeks of the generator the scheduler was developed on.
      """)

  @Option(help: "Families to run, comma-separated (default: all).")
  var families: String?

  @Option(help: "People per week, comma-separated, for every family (default: per family, see above).")
  var sizes: String?

  @Option(help: "Seeds: a count N (seeds 1...N) or a comma-separated list (default 3 for connected, 2 otherwise).")
  var seeds: String?

  @Option(
    name: .customLong("time-limit"),
    help: "Seconds for the integer program and for HiGHS (default 60; 120 at 8,000 people and more).")
  var timeLimit: Double?

  @Flag(inversion: .prefixedNo, help: "Also solve the exported model with HiGHS at the same time limit.")
  var highs = true

  @Flag(
    name: .customLong("lp-reference"), inversion: .prefixedNo,
    help: "Compute (or read from the cache) the LP relaxation of the exported model, by HiGHS interior point.")
  var lpReference = true

  @Option(help: "Where to write roster.md, roster.csv and the LP reference cache lp-reference.csv.")
  var out = "benchmarks/results"

  @Option(help: "The payback binary to measure.")
  var payback = ".build/release/payback"

  func validate() throws {
    if let timeLimit {
      guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be positive") }
    }
    _ = try parsedFamilies()
    if let sizes {
      let list = Self.numbers(sizes)
      guard let list, !list.isEmpty, list.allSatisfy({ $0 >= 10 }) else {
        throw ValidationError("--sizes takes people counts of at least 10, e.g. 1000,4000")
      }
    }
    if let seeds {
      guard let list = Self.numbers(seeds), !list.isEmpty, list.allSatisfy({ $0 >= 1 }) else {
        throw ValidationError("--seeds takes a count (3) or a list of positive seeds (1,5,9)")
      }
    }
  }

  static func numbers(_ text: String) -> [Int]? {
    let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    let values = parts.compactMap { Int($0) }
    return values.count == parts.count ? values : nil
  }

  func parsedFamilies() throws -> [BenchFamily] {
    guard let families else { return BenchFamily.all }
    var list: [BenchFamily] = []
    for name in families.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
      guard let f = BenchFamily(name: name) else {
        throw ValidationError(
          "--families: no family \"\(name)\" (there are \(BenchFamily.all.map(\.name).joined(separator: ", ")))"
        )
      }
      list.append(f)
    }
    guard !list.isEmpty else { throw ValidationError("--families names no family") }
    return list
  }

  func sizes(for family: BenchFamily) -> [Int] {
    if let sizes, let list = Self.numbers(sizes) { return list }
    return family.isConnectedRegion ? [1000, 2000, 4000, 8000] : [1000, 4000]
  }

  func seeds(for family: BenchFamily) -> [UInt64] {
    if let seeds, let list = Self.numbers(seeds) {
      if list.count == 1 { return (1...list[0]).map(UInt64.init) }
      return list.map(UInt64.init)
    }
    return (1...(family.isConnectedRegion ? 3 : 2)).map(UInt64.init)
  }

  func limit(for people: Int) -> Double { timeLimit ?? (people >= 8000 ? 120 : 60) }

  func run() throws {
    guard FileManager.default.isExecutableFile(atPath: payback) else {
      throw ValidationError("\(payback) is missing: run `swift build -c release` first (or `make bench`)")
    }
    try FileManager.default.createDirectory(atPath: "instances/generated", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    if highs || lpReference { ensureHighs() }
    let header = machine()
    var cache = LPReferenceCache(path: "\(out)/lp-reference.csv")
    var rows: [Row] = []
    for family in try parsedFamilies() {
      for n in sizes(for: family) {
        for seed in seeds(for: family) {
          rows.append(try measureWeek(family: family, people: n, seed: seed, cache: &cache))
          log(rows[rows.count - 1].line)
          // Written after every week, so a long run stopped part-way keeps what it measured.
          try write(rows, header: header)
        }
      }
    }
    print(Row.markdown(rows))
    log("wrote \(out)/roster.md and \(out)/roster.csv")
  }

  func write(_ rows: [Row], header: String) throws {
    try writeAtomically(header + "\n\n" + Row.markdown(rows) + "\n", to: "\(out)/roster.md")
    try writeAtomically(Row.csv(rows), to: "\(out)/roster.csv")
  }

  /// Writes the week to `file`: the same week `payback generate --family F --people N --seed S`
  /// writes, or the independent generator's.
  func makeWeek(_ family: BenchFamily, people n: Int, seed: UInt64, name: String, file: String) throws -> Instance {
    switch family {
    case .generated(let f):
      var parameters = f.parameters(people: n, seed: seed)
      parameters.name = name
      let instance = InstanceGenerator.week(parameters)
      try writeAtomically(instance.json.serialized(), to: file)
      return instance
    case .independent:
      let r = try measure([
        "/usr/bin/env", "python3", "Tests/tools/independent_week.py", "--people", "\(n)", "--seed", "\(seed)",
        "--out", file,
      ])
      guard r.status == 0 else { throw ValidationError("Tests/tools/independent_week.py failed (exit \(r.status))") }
      return try Instance.load(from: file)
    }
  }

  func measureWeek(family: BenchFamily, people n: Int, seed: UInt64, cache: inout LPReferenceCache) throws -> Row {
    let tag = "\(family.name)-\(n)-seed\(seed)"
    let file = "instances/generated/\(tag).json"
    let buildStart = Date()
    let instance = try makeWeek(family, people: n, seed: seed, name: tag, file: file)
    let figures = InstanceGenerator.figures(of: instance)
    log("\(tag): generated \(file) in \(seconds(since: buildStart)) s (\(figures.components) components)")
    let limit = limit(for: n)
    var row = Row(
      family: family.name, people: n, seed: seed, sessions: instance.sessions.count,
      supervisors: instance.supervisors.count, components: figures.components, timeLimit: limit)

    // The greedy run also writes the model, so the integer program's wall time is its own.
    let greedyOut = "instances/generated/\(tag)-greedy.json"
    let model = "instances/generated/\(tag).mps"
    let g = try measure([
      payback, "roster", file, "--method", "greedy", "--out", greedyOut, "--write-model", model, "-q",
    ])
    if g.status == 0, let greedy = try? Roster.load(from: greedyOut) {
      row.greedyObjective = greedy.objective
      row.greedySeconds = stat(greedy, "seconds") ?? g.seconds
      row.greedyCheck = try check(file, greedyOut)
      (row.columns, row.rows) = modelSize(greedy)
    } else {
      log("\(tag): payback roster --method greedy failed (exit \(g.status))")
    }

    let ipOut = "instances/generated/\(tag)-ip.json"
    let ip = try measure([payback, "roster", file, "--method", "ip", "--time-limit", "\(limit)", "--out", ipOut, "-q"])
    row.seconds = ip.seconds
    row.peakMB = ip.peakMB
    if ip.status == 0, let roster = try? Roster.load(from: ipOut) {
      row.objective = roster.objective
      row.bound = roster.bound
      row.status = roster.status
      row.parts = stat(roster, "parts").map(Int.init) ?? 1
      row.ipCheck = try check(file, ipOut)
      let size = modelSize(roster)
      if row.columns == nil { (row.columns, row.rows) = size }
    } else {
      row.status = "failed (exit \(ip.status))"
    }

    let haveModel = FileManager.default.fileExists(atPath: model)
    if lpReference, haveModel {
      let key = LPReferenceCache.Key(instance: Hash.file(file), model: Hash.file(model))
      if let cached = cache.value(for: key) {
        row.lpReference = cached
        log("\(tag): LP reference \(Row.f(cached.value)) from the cache")
      } else if let computed = runHighs(model, relax: true, timeLimit: nil) {
        let entry = LPReferenceCache.Entry(
          key: key, week: tag, value: computed.objective, status: computed.status, seconds: computed.seconds)
        row.lpReference = entry
        try cache.store(entry)
        log("\(tag): LP reference \(Row.f(entry.value)) (\(entry.status)) in \(Row.f(entry.seconds)) s")
      }
    }
    if highs, haveModel {
      row.highs = runHighs(model, relax: false, timeLimit: limit)
    }
    return row
  }

  func stat(_ r: Roster, _ key: String) -> Double? {
    if case .number(let v)? = r.stats.first(where: { $0.0 == key })?.1 { return v }
    return nil
  }

  func modelSize(_ r: Roster) -> (Int?, Int?) {
    guard case .object(let m)? = r.stats.first(where: { $0.0 == "model" })?.1 else { return (nil, nil) }
    func number(_ key: String) -> Int? {
      m.first { $0.0 == key }.flatMap { if case .number(let v) = $0.1 { Int(v) } else { nil } }
    }
    return (number("columns"), number("rows"))
  }

  func check(_ instance: String, _ roster: String) throws -> Bool {
    try measure([payback, "check", instance, roster]).status == 0
  }

  func ensureHighs() {
    if (try? measure(["/usr/bin/env", "python3", "-c", "import highspy"]).status) == 0 { return }
    log("installing highspy (pip)")
    _ = try? measure(["/usr/bin/env", "python3", "-m", "pip", "install", "-q", "highspy"])
  }

  /// HiGHS on the exported MPS, which minimises the negated objective: values come back in the
  /// roster's sense (maximised). `relax`: the LP relaxation by interior point, no time limit.
  func runHighs(_ model: String, relax: Bool, timeLimit: Double?) -> HighsResult? {
    var argv = ["/usr/bin/env", "python3", "Tests/tools/highs_solve.py", model]
    if let timeLimit { argv += ["--time-limit", "\(timeLimit)"] }
    if relax { argv.append("--relax") }
    let logFile = model.replacingOccurrences(of: ".mps", with: relax ? "-lp.log" : "-highs.log")
    guard let r = try? measure(argv, errorLog: logFile), r.status == 0, let data = r.stdout.data(using: .utf8),
      let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else {
      log("\(model): HiGHS\(relax ? " (LP relaxation)" : "") gave no answer (see \(logFile))")
      return nil
    }
    return HighsResult(
      objective: (json["objective"] as? Double).map { -$0 }, bound: (json["bound"] as? Double).map { -$0 },
      status: json["status"] as? String ?? "unknown", seconds: (json["seconds"] as? Double) ?? r.seconds)
  }
}

/// A family of weeks the runner measures: one of the generator's, or the independent one.
enum BenchFamily: Equatable {
  case generated(WeekFamily)
  case independent

  static let all: [BenchFamily] = WeekFamily.allCases.map { .generated($0) } + [.independent]

  init?(name: String) {
    if name == "independent" {
      self = .independent
    } else if let f = WeekFamily(rawValue: name) {
      self = .generated(f)
    } else {
      return nil
    }
  }

  var name: String {
    switch self {
    case .generated(let f): f.rawValue
    case .independent: "independent"
    }
  }

  /// Connected regional weeks get issue 11's sizes and seeds.
  var isConnectedRegion: Bool { self == .generated(.connected) || self == .independent }

  var summary: String {
    switch self {
    case .generated(let f): f.summary
    case .independent:
      "connected regional weeks from Tests/tools/independent_week.py, written from the contract alone: towns "
        + "scattered over a county, each bordering its nearest two or three, 30% of people and 35% of supervisors "
        + "reaching a bordering town, its own mix of projects, orders and availability"
    }
  }
}

struct HighsResult {
  var objective: Double?
  var bound: Double?
  var status: String
  var seconds: Double
}

/// LP relaxation values already computed, one line per week: reruns on the same weeks and the
/// same model formulation skip the (long) interior point solve.
struct LPReferenceCache {
  struct Key: Hashable {
    /// FNV-1a 64 of the instance file and of the exported model, in hex.
    var instance: String
    var model: String
  }
  struct Entry {
    var key: Key
    var week: String
    var value: Double?
    var status: String
    var seconds: Double
  }

  static let header = "instance_hash,model_hash,week,lp_value,status,seconds"
  let path: String
  var entries: [Key: Entry] = [:]

  init(path: String) {
    self.path = path
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
    for line in text.split(separator: "\n").dropFirst() {
      let c = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard c.count >= 6, let seconds = Double(c[5]) else { continue }
      let key = Key(instance: c[0], model: c[1])
      entries[key] = Entry(key: key, week: c[2], value: Double(c[3]), status: c[4], seconds: seconds)
    }
  }

  /// A cached value worth using: an optimal LP (a failed solve is tried again).
  func value(for key: Key) -> Entry? {
    guard let e = entries[key], e.status == "optimal", e.value != nil else { return nil }
    return e
  }

  mutating func store(_ entry: Entry) throws {
    entries[entry.key] = entry
    let lines = entries.values.sorted { ($0.week, $0.key.instance) < ($1.week, $1.key.instance) }.map { e in
      [e.key.instance, e.key.model, e.week, e.value.map { "\($0)" } ?? "", e.status, "\(e.seconds)"]
        .joined(separator: ",")
    }
    try writeAtomically(([LPReferenceCache.header] + lines).joined(separator: "\n") + "\n", to: path)
  }
}

enum Hash {
  /// FNV-1a 64 of a file's bytes, as 16 hex digits ("missing" when it cannot be read).
  static func file(_ path: String) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { return "missing" }
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
      for b in bytes {
        h ^= UInt64(b)
        h = h &* 0x100_0000_01b3
      }
    }
    let hex = String(h, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}

struct Row {
  var family: String
  var people: Int
  var seed: UInt64
  var sessions: Int
  var supervisors: Int
  var components: Int
  var timeLimit: Double
  var columns: Int?
  var rows: Int?
  var greedyObjective: Double?
  var greedySeconds: Double?
  var greedyCheck = false
  var objective: Double?
  var bound: Double?
  var status = ""
  var seconds = 0.0
  var peakMB = 0.0
  var parts = 1
  var ipCheck = false
  var lpReference: LPReferenceCache.Entry?
  var highs: HighsResult?

  /// (bound − objective) / bound.
  var gap: Double? {
    guard let bound, let objective else { return nil }
    return (bound - objective) / max(1, abs(bound))
  }
  /// How far the IP's bound sits above the LP relaxation, as a share of the LP value.
  var boundAboveLP: Double? {
    guard let bound, let lp = lpReference?.value else { return nil }
    return (bound - lp) / max(1, abs(lp))
  }
  /// (LP reference − IP objective) / LP reference: the true gap is at most this, since the LP
  /// relaxation bounds the optimum (a yardstick that does not depend on the IP's own bound).
  var gapToLP: Double? {
    guard let objective, let lp = lpReference?.value else { return nil }
    return (lp - objective) / max(1, abs(lp))
  }
  var checked: Bool { greedyCheck && ipCheck }
  /// The IP's roster strictly better than the greedy's (beyond rounding).
  var ipBeatsGreedy: Bool {
    guard let objective, let greedyObjective else { return false }
    return objective > greedyObjective + 1e-6 * max(1, abs(greedyObjective))
  }

  static func f(_ v: Double?, _ digits: Int = 1) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "-" }
  static func pct(_ v: Double?) -> String { v.map { String(format: "%.3f%%", 100 * $0) } ?? "-" }

  var line: String {
    "\(family) \(people) seed \(seed): greedy \(Row.f(greedyObjective)) in \(Row.f(greedySeconds, 3)) s; ip \(Row.f(objective)) bound \(Row.f(bound)) gap \(Row.pct(gap)) in \(Row.f(seconds, 1)) s, \(Row.f(peakMB, 0)) MB, \(status); LP \(Row.f(lpReference?.value)) (bound above it \(Row.pct(boundAboveLP))); HiGHS \(Row.f(highs?.objective)) / \(Row.f(highs?.bound))"
  }

  static let columnsHeader =
    "| people | seed | sessions | supervisors | components | model cols × rows | parts | greedy objective | greedy s | IP objective | bound | gap | IP wall s | limit s | peak MB | status | checked | LP reference | LP s | bound above LP | gap to LP | HiGHS objective | HiGHS bound |"

  var cells: [String] {
    let size = columns.map { "\($0) × \(rows ?? 0)" } ?? "-"
    var c = ["\(people)", "\(seed)", "\(sessions)", "\(supervisors)", "\(components)", size, "\(parts)"]
    c += [Row.f(greedyObjective), Row.f(greedySeconds, 3)]
    c += [Row.f(objective), Row.f(bound), Row.pct(gap), Row.f(seconds), Row.f(timeLimit, 0), Row.f(peakMB, 0)]
    c += [status, checked ? "valid" : "INVALID"]
    c += [Row.f(lpReference?.value), Row.f(lpReference?.seconds), Row.pct(boundAboveLP), Row.pct(gapToLP)]
    c += [Row.f(highs?.objective), Row.f(highs?.bound)]
    return c
  }

  /// One block per family: its rows, then its summary.
  static func markdown(_ rows: [Row]) -> String {
    var out: [String] = []
    var order: [String] = []
    for r in rows where !order.contains(r.family) { order.append(r.family) }
    for family in order {
      let block = rows.filter { $0.family == family }
      let summary = BenchFamily(name: family)?.summary ?? ""
      out.append("### \(family)")
      out.append("")
      out.append(summary.isEmpty ? "" : summary.prefix(1).uppercased() + summary.dropFirst() + ".")
      out.append("")
      out.append(columnsHeader)
      out.append("|" + String(repeating: "---|", count: columnsHeader.filter { $0 == "|" }.count - 1))
      for r in block { out.append("| " + r.cells.joined(separator: " | ") + " |") }
      out.append("")
      out.append(summaryLine(block))
      out.append("")
    }
    out.append(
      "Gap = (bound − objective) / bound. Bound above LP = (IP bound − LP reference) / LP reference, the LP reference "
        + "being the LP relaxation of the exported model solved by HiGHS interior point with no time limit; gap to LP "
        + "= (LP reference − IP objective) / LP reference, which the true gap cannot exceed. HiGHS "
        + "objective / bound: HiGHS's MIP on the same model under the same limit. Checked: both rosters pass `payback check`."
    )
    return out.joined(separator: "\n")
  }

  static func summaryLine(_ block: [Row]) -> String {
    let gaps = block.compactMap(\.gap)
    let mean = gaps.isEmpty ? nil : gaps.reduce(0, +) / Double(gaps.count)
    let aboveLP = block.compactMap(\.boundAboveLP)
    let better = block.filter(\.ipBeatsGreedy).count
    let invalid = block.filter { !$0.checked }.count
    var parts = [
      "mean gap \(pct(mean))", "worst gap \(pct(gaps.max()))",
      "IP better than greedy on \(better) of \(block.count) weeks",
    ]
    let toLP = block.compactMap(\.gapToLP)
    if !toLP.isEmpty {
      parts.append("gap to LP: mean \(pct(toLP.reduce(0, +) / Double(toLP.count))), worst \(pct(toLP.max()))")
    }
    if !aboveLP.isEmpty {
      parts.append(
        "bound above LP: mean \(pct(aboveLP.reduce(0, +) / Double(aboveLP.count))), worst \(pct(aboveLP.max()))")
    }
    if invalid > 0 { parts.append("**\(invalid) weeks with an invalid or missing roster**") }
    return "Summary: " + parts.joined(separator: "; ") + "."
  }

  static func csv(_ rows: [Row]) -> String {
    var out = [
      "family,people,seed,sessions,supervisors,components,columns,rows,parts,greedy_objective,greedy_seconds,objective,bound,gap,seconds,time_limit,peak_mb,status,valid,lp_reference,lp_seconds,bound_above_lp,gap_to_lp,highs_objective,highs_bound,highs_status,highs_seconds"
    ]
    func o<T>(_ v: T?) -> String { v.map { "\($0)" } ?? "" }
    for r in rows {
      var c: [String] = [r.family, "\(r.people)", "\(r.seed)", "\(r.sessions)", "\(r.supervisors)", "\(r.components)"]
      c += [o(r.columns), o(r.rows), "\(r.parts)", o(r.greedyObjective), o(r.greedySeconds)]
      c += [o(r.objective), o(r.bound), o(r.gap), "\(r.seconds)", "\(r.timeLimit)", "\(r.peakMB)", r.status]
      c += ["\(r.checked)", o(r.lpReference?.value), o(r.lpReference?.seconds), o(r.boundAboveLP), o(r.gapToLP)]
      c += [o(r.highs?.objective), o(r.highs?.bound), o(r.highs?.status), o(r.highs?.seconds)]
      out.append(c.joined(separator: ","))
    }
    return out.joined(separator: "\n") + "\n"
  }
}

/// A child process's exit status, output, wall time and peak resident memory; its standard
/// error goes to `errorLog` when given (HiGHS's long log), else to ours.
func measure(
  _ argv: [String], errorLog: String? = nil
) throws -> (status: Int32, stdout: String, seconds: Double, peakMB: Double) {
  let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
  _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
  defer { try? FileManager.default.removeItem(at: outFile) }
  let handle = try FileHandle(forWritingTo: outFile)
  var pid: pid_t = 0
  var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, 1)
  var errorHandle: FileHandle? = nil
  if let errorLog, FileManager.default.createFile(atPath: errorLog, contents: nil) {
    errorHandle = FileHandle(forWritingAtPath: errorLog)
    if let e = errorHandle { posix_spawn_file_actions_adddup2(&actions, e.fileDescriptor, 2) }
  }
  defer { try? errorHandle?.close() }
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
