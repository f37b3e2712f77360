import PaybackCore

/// What happened in one simulated week.
public struct WeekMetrics: Sendable, Equatable {
  /// Hours credited for work done.
  public var hoursDelivered: Double = 0
  /// Hours taken off orders by earned reduction.
  public var hoursReduced: Double = 0
  /// Hours still owed on open orders at the end of the week.
  public var backlog: Double = 0
  /// Open orders at the end of the week.
  public var openOrders: Int = 0
  public var completions: Int = 0
  /// Orders that reached their deadline with hours outstanding.
  public var expired: Int = 0
  /// Hours outstanding on those orders.
  public var hoursLost: Double = 0
  public var warnings: Int = 0
  public var breaches: Int = 0
  /// People sentenced more than 7 days before the week's end who have had no session yet.
  public var waitingOver7Days: Int = 0
  /// Supervisor-sessions rostered over those the supervisors could have run.
  public var supervisorUtilisation: Double = 0
  /// People booked, summed over the week's sessions.
  public var bookings: Int = 0
  public var sessionsStoodDown: Int = 0
  public var newOrders: Int = 0

  public init() {}

  /// Every metric by name, in report order, for tables and CSV.
  public static let columns: [(name: String, label: String, value: @Sendable (WeekMetrics) -> Double)] = [
    ("hours_delivered", "Hours delivered", { $0.hoursDelivered }),
    ("hours_reduced", "Hours earned off", { $0.hoursReduced }),
    ("backlog_hours", "Backlog (hours)", { $0.backlog }),
    ("open_orders", "Open orders", { Double($0.openOrders) }),
    ("completions", "Completions", { Double($0.completions) }),
    ("expired", "Orders expired", { Double($0.expired) }),
    ("hours_lost", "Hours lost", { $0.hoursLost }),
    ("warnings", "Warnings", { Double($0.warnings) }),
    ("breaches", "Breaches", { Double($0.breaches) }),
    ("waiting_over_7_days", "Waiting >7 days", { Double($0.waitingOver7Days) }),
    ("supervisor_utilisation", "Supervisor use", { $0.supervisorUtilisation }),
    ("bookings", "Bookings", { Double($0.bookings) }),
    ("sessions_stood_down", "Stood down", { Double($0.sessionsStoodDown) }),
    ("new_orders", "New orders", { Double($0.newOrders) }),
  ]
}

/// One scenario's weeks in every replication.
public struct ScenarioResult: Sendable {
  public var scenario: Scenario
  /// `weeks[r][w]`: replication r, week w.
  public var replications: [[WeekMetrics]]
  /// Notes about the scenario's changes (a change that matched nothing, say).
  public var notes: [String]

  public init(scenario: Scenario, replications: [[WeekMetrics]], notes: [String] = []) {
    self.scenario = scenario
    self.replications = replications
    self.notes = notes
  }
}

/// Everything a plan run produced.
public struct PlanResults: Sendable {
  public var options: PlanOptions
  public var weekStart: CalendarDate
  public var scenarios: [ScenarioResult]
  /// Wall-clock seconds the run took.
  public var seconds: Double

  public init(options: PlanOptions, weekStart: CalendarDate, scenarios: [ScenarioResult], seconds: Double) {
    self.options = options
    self.weekStart = weekStart
    self.scenarios = scenarios
    self.seconds = seconds
  }
}

/// A mean and its spread over replications.
public struct Spread: Sendable, Equatable {
  public var mean: Double
  /// Sample standard deviation (0 with one replication).
  public var sd: Double
  public var min: Double
  public var max: Double

  public init(_ values: [Double]) {
    let n = Double(values.count)
    mean = values.isEmpty ? 0 : values.reduce(0, +) / n
    let m = mean
    sd = values.count > 1 ? (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / (n - 1)).squareRoot() : 0
    min = values.min() ?? 0
    max = values.max() ?? 0
  }
}

/// The whole-run figure of one metric for one replication.
public enum RunSummary {
  /// Metrics that are flows (summed over the run) rather than levels (taken at the end or averaged).
  public enum Kind: Sendable { case total, final, average }

  public static let metrics: [(name: String, label: String, kind: Kind, value: @Sendable (WeekMetrics) -> Double)] = [
    ("hours_delivered", "Hours delivered", .total, { $0.hoursDelivered }),
    ("hours_reduced", "Hours earned off", .total, { $0.hoursReduced }),
    ("backlog_hours_end", "Backlog at end (h)", .final, { $0.backlog }),
    ("open_orders_end", "Open orders at end", .final, { Double($0.openOrders) }),
    ("completions", "Completions", .total, { Double($0.completions) }),
    ("expired", "Orders expired", .total, { Double($0.expired) }),
    ("hours_lost", "Hours lost", .total, { $0.hoursLost }),
    ("breaches", "Breaches", .total, { Double($0.breaches) }),
    ("waiting_over_7_days_avg", "Waiting >7 days (avg)", .average, { Double($0.waitingOver7Days) }),
    ("supervisor_utilisation_avg", "Supervisor use (avg)", .average, { $0.supervisorUtilisation }),
  ]

  public static func value(_ weeks: [WeekMetrics], kind: Kind, _ f: (WeekMetrics) -> Double) -> Double {
    switch kind {
    case .total: return weeks.map(f).reduce(0, +)
    case .final: return weeks.last.map(f) ?? 0
    case .average: return weeks.isEmpty ? 0 : weeks.map(f).reduce(0, +) / Double(weeks.count)
    }
  }
}

extension ScenarioResult {
  /// The run-level figure of each summary metric, as a spread over replications.
  public var summary: [(name: String, label: String, spread: Spread)] {
    RunSummary.metrics.map { m in
      (m.name, m.label, Spread(replications.map { RunSummary.value($0, kind: m.kind, m.value) }))
    }
  }

  /// One metric per week as a spread over replications.
  public func weekly(_ f: (WeekMetrics) -> Double) -> [Spread] {
    let weeks = replications.map(\.count).min() ?? 0
    return (0..<weeks).map { w in Spread(replications.map { f($0[w]) }) }
  }
}
