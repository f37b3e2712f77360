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
  /// Orders breached for the first time in the run this week: each breached order counts once.
  public var ordersBreached: Int = 0
  /// Breaches this week, a breached order's later breaches included.
  public var breachEvents: Int = 0
  /// Orders the court revoked this week, and the hours they still owed.
  public var revoked: Int = 0
  public var hoursRevoked: Double = 0
  /// Hours the court added to breached orders this week.
  public var hoursAdded: Double = 0
  /// People sentenced more than 7 days before the week's end who have attended no session yet.
  public var waitingOver7Days: Int = 0
  /// Supervisor-sessions rostered over those the supervisors could have run.
  public var supervisorUtilisation: Double = 0
  /// Hours delivered at group projects (by the project's town in a town's figures).
  public var groupHours: Double = 0
  /// Hours delivered at individual placements.
  public var placementHours: Double = 0
  /// Supervisor-sessions rostered (a supervisor at a session that ran or was stood down).
  public var supervisorSessions: Int = 0
  /// Group sessions that ran with people booked: a van for the day each.
  public var vanDays: Int = 0
  /// Sessions not run because the day is a bank holiday.
  public var holidaySessions: Int = 0
  /// People booked, summed over the week's sessions.
  public var bookings: Int = 0
  public var sessionsStoodDown: Int = 0
  public var newOrders: Int = 0

  public init() {}

  /// Adds the flows and levels of `other` (a town's week) into this one; utilisation is not
  /// additive and is left alone.
  mutating func add(_ o: WeekMetrics) {
    hoursDelivered += o.hoursDelivered
    hoursReduced += o.hoursReduced
    backlog += o.backlog
    openOrders += o.openOrders
    completions += o.completions
    expired += o.expired
    hoursLost += o.hoursLost
    warnings += o.warnings
    ordersBreached += o.ordersBreached
    breachEvents += o.breachEvents
    revoked += o.revoked
    hoursRevoked += o.hoursRevoked
    hoursAdded += o.hoursAdded
    waitingOver7Days += o.waitingOver7Days
    groupHours += o.groupHours
    placementHours += o.placementHours
    supervisorSessions += o.supervisorSessions
    vanDays += o.vanDays
    holidaySessions += o.holidaySessions
    bookings += o.bookings
    sessionsStoodDown += o.sessionsStoodDown
    newOrders += o.newOrders
  }

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
    ("orders_breached", "Orders breached", { Double($0.ordersBreached) }),
    ("breach_events", "Breach events", { Double($0.breachEvents) }),
    ("revoked", "Orders revoked", { Double($0.revoked) }),
    ("hours_revoked", "Hours revoked", { $0.hoursRevoked }),
    ("hours_added", "Hours added by court", { $0.hoursAdded }),
    ("waiting_over_7_days", "Waiting >7 days", { Double($0.waitingOver7Days) }),
    ("supervisor_utilisation", "Supervisor use", { $0.supervisorUtilisation }),
    ("group_hours", "Group hours", { $0.groupHours }),
    ("placement_hours", "Placement hours", { $0.placementHours }),
    ("supervisor_sessions", "Supervisor-sessions", { Double($0.supervisorSessions) }),
    ("van_days", "Van-days", { Double($0.vanDays) }),
    ("holiday_sessions", "Sessions lost to bank holidays", { Double($0.holidaySessions) }),
    ("bookings", "Bookings", { Double($0.bookings) }),
    ("sessions_stood_down", "Stood down", { Double($0.sessionsStoodDown) }),
    ("new_orders", "New orders", { Double($0.newOrders) }),
  ]
}

/// How long one order waited from sentence to its first attended session.
public struct Wait: Sendable, Equatable {
  public var days: Int
  /// The person's town (their first area).
  public var area: String
  /// Still waiting when the run ended (or when the order left): `days` is a lower bound.
  public var stillWaiting: Bool

  public init(days: Int, area: String, stillWaiting: Bool) {
    self.days = days
    self.area = area
    self.stillWaiting = stillWaiting
  }
}

/// One replication of one scenario: its weeks in total and by town, and every wait.
public struct Replication: Sendable, Equatable {
  public var weeks: [WeekMetrics]
  /// Each town's weeks: session figures by the project's town, order figures by the person's.
  public var areas: [String: [WeekMetrics]]
  public var waits: [Wait]

  public init(weeks: [WeekMetrics], areas: [String: [WeekMetrics]] = [:], waits: [Wait] = []) {
    self.weeks = weeks
    self.areas = areas
    self.waits = waits
  }

  /// The replication as one town sees it.
  public func area(_ name: String) -> Replication {
    Replication(weeks: areas[name] ?? [], areas: [:], waits: waits.filter { $0.area == name })
  }
}

/// Optional unit costs, for cost per hour delivered and per order completed.
public struct UnitCosts: Sendable, Equatable {
  /// One supervisor at one session.
  public var supervisorSession: Double?
  /// A van for a day: each group session that runs.
  public var vanDay: Double?
  /// A one-off cost for each project that opens (has sessions in the scenario but none in the
  /// population's week).
  public var newProject: Double?
  /// Each hour delivered at an individual placement.
  public var placementHour: Double?

  public init(
    supervisorSession: Double? = nil, vanDay: Double? = nil, newProject: Double? = nil, placementHour: Double? = nil
  ) {
    self.supervisorSession = supervisorSession
    self.vanDay = vanDay
    self.newProject = newProject
    self.placementHour = placementHour
  }

  public var isEmpty: Bool { supervisorSession == nil && vanDay == nil && newProject == nil && placementHour == nil }

  /// The cost of a run's weeks, with `newProjects` projects opened.
  public func cost(of weeks: [WeekMetrics], newProjects: Int) -> Double {
    var total = Double(newProjects) * (newProject ?? 0)
    for w in weeks {
      total +=
        Double(w.supervisorSessions) * (supervisorSession ?? 0) + Double(w.vanDays) * (vanDay ?? 0)
        + w.placementHours * (placementHour ?? 0)
    }
    return total
  }
}

/// One scenario's weeks in every replication.
public struct ScenarioResult: Sendable {
  public var scenario: Scenario
  /// `replications[r][w]`: replication r, week w.
  public var replications: [[WeekMetrics]]
  /// Every replication with its towns and waits (same order as `replications`).
  public var runs: [Replication]
  /// The towns, sorted.
  public var areaNames: [String]
  /// Notes about the scenario's changes (a change that matched nothing, say).
  public var notes: [String]
  /// Projects the scenario opens (sessions where the population's week has none).
  public var newProjects: Int

  public init(scenario: Scenario, runs: [Replication], notes: [String] = [], newProjects: Int = 0) {
    self.scenario = scenario
    self.runs = runs
    self.replications = runs.map(\.weeks)
    self.areaNames = Set(runs.flatMap(\.areas.keys)).sorted()
    self.notes = notes
    self.newProjects = newProjects
  }

  public init(scenario: Scenario, replications: [[WeekMetrics]], notes: [String] = []) {
    self.init(scenario: scenario, runs: replications.map { Replication(weeks: $0) }, notes: notes)
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

  /// The scenario every other is compared with: the first given.
  public var baseline: ScenarioResult? { scenarios.first }

  /// Every town of any scenario, sorted.
  public var areaNames: [String] { Set(scenarios.flatMap(\.areaNames)).sorted() }

  /// Whether any scenario gives unit costs.
  public var hasCosts: Bool { scenarios.contains { !$0.scenario.costs.isEmpty } }
}

/// A mean and its spread over replications.
public struct Spread: Sendable, Equatable {
  public var mean: Double
  /// Sample standard deviation (0 with one replication).
  public var sd: Double
  public var min: Double
  public var max: Double
  public var count: Int

  public init(_ values: [Double]) {
    let n = Double(values.count)
    count = values.count
    mean = values.isEmpty ? 0 : values.reduce(0, +) / n
    let m = mean
    sd = values.count > 1 ? (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / (n - 1)).squareRoot() : 0
    min = values.min() ?? 0
    max = values.max() ?? 0
  }

  /// Half the width of the 95% confidence interval of the mean (Student's t); nil with fewer
  /// than two values.
  public var halfWidth95: Double? {
    guard count > 1 else { return nil }
    return Spread.t975(degreesOfFreedom: count - 1) * sd / Double(count).squareRoot()
  }

  /// The 97.5% point of Student's t distribution.
  public static func t975(degreesOfFreedom df: Int) -> Double {
    let table: [Double] = [
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
      2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ]
    if df >= 1 && df <= table.count { return table[df - 1] }
    // Beyond 30 degrees of freedom: the normal point with the first correction term.
    let z = 1.959964
    return z + (z * z * z + z) / (4 * Double(Swift.max(df, 1)))
  }
}

/// A paired difference from the baseline over replications: each replication of the scenario
/// minus the same replication of the baseline (the same random draws).
public struct PairedDifference: Sendable, Equatable {
  public var mean: Double
  /// The 95% confidence interval of the mean difference; nil with one replication.
  public var low: Double?
  public var high: Double?
  public var count: Int

  public init(scenario: [Double], baseline: [Double]) {
    let d = zip(scenario, baseline).map { $0 - $1 }
    let s = Spread(d)
    mean = s.mean
    count = d.count
    if let h = s.halfWidth95 {
      low = s.mean - h
      high = s.mean + h
    }
  }

  /// The interval contains 0: the difference could be the luck of the draw.
  public var withinNoise: Bool {
    guard let low, let high else { return false }
    return low <= 0 && high >= 0
  }

  /// Every replication gave exactly the same figure as the baseline's.
  public var isZero: Bool { mean == 0 && (low ?? 0) == 0 && (high ?? 0) == 0 }
}

/// The whole-run figure of one measure for one replication.
public enum RunSummary {
  /// How a measure is shown.
  public enum Format: Sendable { case count, hours, days, share, money }

  public struct Metric: Sendable {
    public var name: String
    public var label: String
    public var format: Format
    /// Only when unit costs are given.
    public var isCost: Bool
    public var value: @Sendable (Replication, ScenarioResult) -> Double
  }

  static func total(_ f: @escaping @Sendable (WeekMetrics) -> Double)
    -> @Sendable (Replication, ScenarioResult) -> Double
  {
    { r, _ in r.weeks.reduce(0) { $0 + f($1) } }
  }

  static func final(_ f: @escaping @Sendable (WeekMetrics) -> Double)
    -> @Sendable (Replication, ScenarioResult) -> Double
  {
    { r, _ in r.weeks.last.map(f) ?? 0 }
  }

  static func average(_ f: @escaping @Sendable (WeekMetrics) -> Double)
    -> @Sendable (Replication, ScenarioResult) -> Double
  {
    { r, _ in r.weeks.isEmpty ? 0 : r.weeks.reduce(0) { $0 + f($1) } / Double(r.weeks.count) }
  }

  /// The `q` quantile of the waits (nearest rank; those still waiting count with their wait so
  /// far, a lower bound), 0 when nobody waited.
  public static func quantile(_ waits: [Wait], _ q: Double) -> Double {
    guard !waits.isEmpty else { return 0 }
    let days = waits.map(\.days).sorted()
    let rank = Swift.max(1, Int((q * Double(days.count)).rounded(.up)))
    return Double(days[Swift.min(days.count, rank) - 1])
  }

  public static func cost(_ r: Replication, _ s: ScenarioResult) -> Double {
    s.scenario.costs.cost(of: r.weeks, newProjects: s.newProjects)
  }

  public static let metrics: [Metric] = [
    Metric(
      name: "hours_delivered", label: "Hours delivered", format: .hours, isCost: false,
      value: total { $0.hoursDelivered }),
    Metric(name: "group_hours", label: "Group hours", format: .hours, isCost: false, value: total { $0.groupHours }),
    Metric(
      name: "hours_reduced", label: "Hours earned off", format: .hours, isCost: false, value: total { $0.hoursReduced }),
    Metric(
      name: "backlog_hours_end", label: "Backlog at end (h)", format: .hours, isCost: false, value: final { $0.backlog }
    ),
    Metric(
      name: "open_orders_end", label: "Open orders at end", format: .count, isCost: false,
      value: final { Double($0.openOrders) }),
    Metric(
      name: "completions", label: "Completions", format: .count, isCost: false, value: total { Double($0.completions) }),
    Metric(
      name: "expired", label: "Orders expired", format: .count, isCost: false, value: total { Double($0.expired) }),
    Metric(name: "hours_lost", label: "Hours lost", format: .hours, isCost: false, value: total { $0.hoursLost }),
    Metric(
      name: "orders_breached", label: "Orders breached", format: .count, isCost: false,
      value: total { Double($0.ordersBreached) }),
    Metric(
      name: "breach_events", label: "Breach events", format: .count, isCost: false,
      value: total { Double($0.breachEvents) }),
    Metric(
      name: "revoked", label: "Orders revoked", format: .count, isCost: false, value: total { Double($0.revoked) }),
    Metric(
      name: "waiting_days_median", label: "Days to first session (median)", format: .days, isCost: false,
      value: { r, _ in quantile(r.waits, 0.5) }),
    Metric(
      name: "waiting_days_p90", label: "Days to first session (90th pct)", format: .days, isCost: false,
      value: { r, _ in quantile(r.waits, 0.9) }),
    Metric(
      name: "waiting_over_7_days_share", label: "Waited over 7 days", format: .share, isCost: false,
      value: { r, _ in r.waits.isEmpty ? 0 : Double(r.waits.filter { $0.days > 7 }.count) / Double(r.waits.count) }),
    Metric(
      name: "supervisor_utilisation_avg", label: "Supervisor use (avg)", format: .share, isCost: false,
      value: average { $0.supervisorUtilisation }),
    Metric(name: "cost", label: "Cost", format: .money, isCost: true, value: { r, s in cost(r, s) }),
    Metric(
      name: "cost_per_hour", label: "Cost per hour delivered", format: .money, isCost: true,
      value: { r, s in
        let h = r.weeks.reduce(0) { $0 + $1.hoursDelivered }
        return h > 0 ? cost(r, s) / h : 0
      }),
    Metric(
      name: "cost_per_completion", label: "Cost per order completed", format: .money, isCost: true,
      value: { r, s in
        let c = r.weeks.reduce(0) { $0 + $1.completions }
        return c > 0 ? cost(r, s) / Double(c) : 0
      }),
  ]

  /// The measures a report shows: the cost ones only when some scenario gives costs.
  public static func shown(costs: Bool) -> [Metric] { metrics.filter { costs || !$0.isCost } }
}

extension ScenarioResult {
  /// Each replication's figure of `metric` (for the whole caseload, or one town's).
  public func values(_ metric: RunSummary.Metric, area: String? = nil) -> [Double] {
    runs.map { run in metric.value(area.map { run.area($0) } ?? run, self) }
  }

  /// The run-level figure of each summary measure, as a spread over replications.
  public var summary: [(name: String, label: String, spread: Spread)] {
    RunSummary.metrics.map { m in (m.name, m.label, Spread(values(m))) }
  }

  /// One metric per week as a spread over replications (for the whole caseload, or one town's).
  public func weekly(area: String? = nil, _ f: (WeekMetrics) -> Double) -> [Spread] {
    let series = area.map { a in runs.map { $0.areas[a] ?? [] } } ?? replications
    let weeks = series.map(\.count).min() ?? 0
    return (0..<weeks).map { w in Spread(series.map { f($0[w]) }) }
  }
}
