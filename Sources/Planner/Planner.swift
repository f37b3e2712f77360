import Foundation
import Logging
import PaybackCore

/// How a plan run goes.
public struct PlanOptions: Sendable {
  public var weeks: Int
  public var replications: Int
  public var seed: UInt64
  /// Replaces every scenario's roster method when given (the command's `--method`).
  public var method: RosterSettings.Method?
  /// Replications run at once; defaults to the number of processors.
  public var parallelism: Int

  public init(
    weeks: Int = 26, replications: Int = 5, seed: UInt64 = 1, method: RosterSettings.Method? = nil,
    parallelism: Int = ProcessInfo.processInfo.activeProcessorCount
  ) {
    self.weeks = weeks
    self.replications = replications
    self.seed = seed
    self.method = method
    self.parallelism = max(1, parallelism)
  }
}

/// How far a plan run has got.
public struct PlanProgress: Sendable {
  /// Simulated weeks finished, over all scenarios and replications.
  public var weeksDone: Int
  public var weeksTotal: Int
  public var elapsed: Double

  public var fraction: Double { weeksTotal == 0 ? 1 : Double(weeksDone) / Double(weeksTotal) }
}

/// Runs scenarios side by side with common random numbers: replication r of every scenario sees
/// the same attendance, stand-down and intake draws, so differences between scenarios come from
/// what they change.
public struct Planner: Sendable {
  public var logger: Logger

  public init(logger: Logger = Logger(label: "payback.planner")) { self.logger = logger }

  /// Loads each scenario's population (once per file) and runs every scenario.
  public func run(
    scenarios: [Scenario], options: PlanOptions, progress: (@Sendable (PlanProgress) -> Void)? = nil
  ) async throws -> PlanResults {
    var populations: [String: Population] = [:]
    var pairs: [(Scenario, Population)] = []
    var errors: [InputError] = []
    var failed: Set<String> = []
    for s in scenarios {
      let key = URL(fileURLWithPath: s.populationPath).standardizedFileURL.path + "@\(s.startWeek?.description ?? "")"
      if populations[key] == nil, !failed.contains(key) {
        do {
          populations[key] = try Population.load(from: s.populationPath, weekStart: s.startWeek)
        } catch let e as InputError where e.problems.count == 1 && e.problems[0].path.isEmpty {
          failed.insert(key)
          errors.append(
            InputError(source: s.source, path: "population", message: "\(s.populationPath): \(e.problems[0].message)"))
        } catch let e as InputError {
          failed.insert(key)
          errors.append(e)
        }
      }
      if let p = populations[key] { pairs.append((s, p)) }
    }
    guard errors.isEmpty else { throw InputError.combining(errors) }
    return try await run(pairs, options: options, progress: progress)
  }

  /// Runs every scenario on its population.
  public func run(
    _ scenarios: [(Scenario, Population)], options: PlanOptions, progress: (@Sendable (PlanProgress) -> Void)? = nil
  ) async throws -> PlanResults {
    let clock = ContinuousClock()
    let started = clock.now
    // Every scenario is checked against its population before anything runs.
    let problems = scenarios.flatMap { $0.0.check(against: $0.1) }
    guard problems.isEmpty else { throw InputError.combining(problems) }
    var prepared: [(Scenario, Population, WeekPattern)] = []
    for (s, p) in scenarios {
      var s = s
      if let m = options.method { s.roster.method = m }
      let pattern = WeekPattern(population: p, changes: s.changes)
      for note in pattern.notes { logger.warning("\(s.name): \(note)") }
      if s.bankHolidays {
        let last = pattern.weekStart.adding(days: 7 * options.weeks - 1)
        if !BankHolidays.covers(pattern.weekStart) || !BankHolidays.covers(last) {
          let note =
            "the bank holiday table covers \(BankHolidays.years.lowerBound)-\(BankHolidays.years.upperBound) only; "
            + "days outside it are taken as working days"
          logger.warning("\(s.name): \(note)")
        }
      }
      prepared.append((s, p, pattern))
    }
    let total = prepared.count * options.replications * options.weeks
    let counter = Counter()
    let report: @Sendable () -> Void = {
      let done = counter.increment()
      let elapsed = started.duration(to: clock.now)
      progress?(
        PlanProgress(
          weeksDone: done, weeksTotal: total,
          elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
    }

    // Each (scenario, replication) is independent; run a few at a time.
    var results = Array(
      repeating: [Replication](repeating: Replication(weeks: []), count: options.replications), count: prepared.count)
    let jobs = prepared.indices.flatMap { s in (0..<options.replications).map { (s, $0) } }
    let logger = self.logger
    try await withThrowingTaskGroup(of: (Int, Int, Replication).self) { group in
      var next = 0
      func launch() {
        guard next < jobs.count else { return }
        let (si, r) = jobs[next]
        next += 1
        let (scenario, population, pattern) = prepared[si]
        let simulation = Simulation(
          scenario: scenario, population: population, pattern: pattern,
          streams: RandomStreams(seed: options.seed, replication: r), logger: logger)
        group.addTask { (si, r, try await simulation.run(weeks: options.weeks, onWeek: report)) }
      }
      for _ in 0..<min(options.parallelism, jobs.count) { launch() }
      while let (si, r, weeks) = try await group.next() {
        results[si][r] = weeks
        launch()
      }
    }
    let elapsed = started.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return PlanResults(
      options: options, weekStart: prepared.first?.2.weekStart ?? CalendarDate(dayNumber: 0),
      scenarios: prepared.indices.map {
        ScenarioResult(
          scenario: prepared[$0].0, runs: results[$0], notes: prepared[$0].2.notes,
          newProjects: prepared[$0].2.newProjects)
      },
      seconds: seconds)
  }
}

/// A thread-safe count of finished weeks.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0

  func increment() -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += 1
    return value
  }
}
