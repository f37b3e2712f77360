import ArgumentParser
import Foundation
import GLPK
import Ledger
import PaybackCore
import Scheduler

/// `payback roster`: plan a week and show it.
struct RosterCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "roster",
    abstract: "Plan a week's roster and show it.",
    discussion: """
      Reads a payback-instance/1 file, solves it (integer program by default, started from the \
      greedy roster and falling back to it if GLPK fails or runs out of time), checks the roster \
      against every hard rule, and prints the week by day and session with a summary.
      """
  )

  @Argument(help: "The week to plan (payback-instance/1 JSON); or use --ledger and --week.")
  var instance: String?

  @Option(help: "Build the week from this ledger (SQLite file) instead of an instance file.")
  var ledger: String?

  @Option(help: "With --ledger: the Monday that starts the week, YYYY-MM-DD.")
  var week: String?

  @Option(
    name: .customLong("write-instance"), help: "With --ledger: also write the week's instance here, for inspection.")
  var writeInstance: String?

  @Flag(help: "With --ledger: record the roster's bookings as appointments (one transaction; never twice).")
  var publish = false

  @Option(help: "With --publish: who publishes (default: $USER).")
  var by: String?

  @Option(help: "ip (integer program, GLPK) or greedy.")
  var method: SolveOptions.Method = .ip

  @Option(
    name: .customLong("time-limit"),
    help: "Seconds the whole command may take (the solve stops in time to write its results).")
  var timeLimit: Double = 60

  @Option(help: "Stop when the relative gap between roster and bound is at most this.")
  var gap: Double = 1e-6

  @Option(help: "Write the roster (payback-roster/1 JSON) here.")
  var out: String?

  @Option(help: "Write the bookings as CSV here.")
  var csv: String?

  @Option(name: .customLong("write-model"), help: "Write the integer program here (.lp: CPLEX LP; .mps: free MPS).")
  var writeModel: String?

  @Flag(help: "Print the roster JSON instead of the readable week.")
  var json = false

  @OptionGroup var global: GlobalOptions

  func validate() throws {
    switch (instance, ledger) {
    case (nil, nil): throw ValidationError("give an instance file, or --ledger DB with --week YYYY-MM-DD")
    case (.some, .some): throw ValidationError("give an instance file or --ledger, not both")
    default: break
    }
    if ledger != nil {
      guard let week else { throw ValidationError("--ledger needs --week YYYY-MM-DD (a Monday)") }
      guard let date = CalendarDate(week) else {
        throw ValidationError("--week \"\(week)\" is not a date (YYYY-MM-DD)")
      }
      guard date.weekday == .mon else {
        throw ValidationError("--week \(date) is a \(date.weekday.fullName), not a Monday")
      }
    } else {
      if week != nil { throw ValidationError("--week goes with --ledger") }
      if publish { throw ValidationError("--publish goes with --ledger") }
      if writeInstance != nil { throw ValidationError("--write-instance goes with --ledger") }
    }
    guard timeLimit > 0, timeLimit.isFinite else {
      throw ValidationError("--time-limit must be a positive number of seconds")
    }
    guard gap >= 0, gap < 1 else { throw ValidationError("--gap must be at least 0 and below 1") }
    if let m = writeModel, !(m.hasSuffix(".lp") || m.hasSuffix(".mps")) {
      throw ValidationError("--write-model must end in .lp or .mps")
    }
  }

  func run() async throws {
    let started = Date()
    let logger = global.logger("payback.roster")
    try await reportingInputErrors {
      let store = try ledger.map { try Ledger(path: $0, create: false, logger: global.logger("payback.ledger")) }
      let week: Instance
      if let store, let start = self.week.flatMap(CalendarDate.init) {
        week = try await store.weekInstance(weekStart: start)
        if let writeInstance { try writeAtomically(week.json.serialized(), to: writeInstance) }
      } else {
        week = try Instance.load(from: instance ?? "")
      }
      // --time-limit is for the whole command: reading, the solve, and writing what it found (a
      // regional model takes seconds to write).
      let spent = Date().timeIntervalSince(started)
      let reserve = min(0.1 * timeLimit, writeModel != nil ? 4 : 1)
      let solveLimit = max(0.5 * timeLimit, timeLimit - spent - reserve)
      let options = SolveOptions(method: method, timeLimit: solveLimit, relativeGap: gap)
      let display = ProgressLine(enabled: !global.quiet)
      let result = try await WeekScheduler(logger: logger).solve(week, options: options) { p in display.show(p) }
      display.finish()
      var roster = result.roster
      roster.stats.append(("peak_memory_mb", .number(peakMemoryMB())))
      if let writeModel {
        let model = result.model ?? WeekScheduler.model(for: week)
        if writeModel.hasSuffix(".mps") {
          try GLPKSolver.writeMPS(model, to: writeModel)
        } else {
          try GLPKSolver.writeLP(model, to: writeModel)
        }
      }
      if let out { try writeAtomically(roster.json.serialized(), to: out) }
      if let csv { try writeAtomically(RosterText.csv(roster, instance: week), to: csv) }
      print(json ? roster.json.serialized() : RosterText.render(roster, instance: week))
      if publish, let store {
        let summary = try await store.publish(
          roster, for: week, by: by ?? ProcessInfo.processInfo.environment["USER"] ?? "cli")
        printError("published: \(summary)")
      }
    }
  }
}

extension SolveOptions.Method: ExpressibleByArgument {}

/// A one-line progress display on standard error, redrawn in place on a terminal.
final class ProgressLine: @unchecked Sendable {
  private let lock = NSLock()
  private let enabled: Bool
  private let tty = isatty(STDERR_FILENO) == 1
  private var lastShown = -10.0
  private var lastPhase = ""
  private var drawn = false

  init(enabled: Bool) { self.enabled = enabled }

  func show(_ p: SolveProgress) {
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    // On a terminal redraw often; in logs, a line at each new phase and every 5 seconds.
    guard p.elapsed - lastShown >= (tty ? 0.2 : 5) || p.phase != lastPhase else { return }
    lastShown = p.elapsed
    lastPhase = p.phase
    var text = String(format: "%6.1fs  %@", p.elapsed, p.phase)
    if let o = p.objective { text += "  roster " + JSONValue.format((o * 100).rounded() / 100) }
    if let b = p.bound { text += "  bound " + JSONValue.format((b * 100).rounded() / 100) }
    if let o = p.objective, let b = p.bound, b > 0 { text += String(format: "  gap %.3f%%", 100 * max(0, b - o) / b) }
    if let n = p.nodes { text += "  nodes \(n)" }
    FileHandle.standardError.write(Data(((tty ? "\r\u{1B}[K" : "") + text + (tty ? "" : "\n")).utf8))
    drawn = tty
  }

  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    drawn = false
  }
}

/// This process's peak resident memory so far, in MiB.
func peakMemoryMB() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return (Double(usage.ru_maxrss) / 1024 * 10).rounded() / 10
}
