import Foundation
import PaybackCore

/// One what-if: a population and the changes a planner is weighing, read from a
/// `payback-scenario/1` file (YAML or JSON; see docs/planner.md).
///
/// A scenario may `extend` another file (its baseline): settings given here replace the
/// baseline's, and `changes` are applied after the baseline's own changes.
public struct Scenario: Sendable {
  public static let formatTag = "payback-scenario/1"

  public var name: String
  public var description: String
  /// The file it was read from, for messages.
  public var source: String
  /// The population file, or a ledger database (resolved against the scenario file's folder).
  public var populationPath: String
  /// With a ledger: the Monday the simulation starts (default: this week's).
  public var startWeek: CalendarDate?
  public var law: LawSettings
  public var attendance: AttendanceSettings
  /// Share of sessions the service stands down (staff sickness, weather, vehicles).
  public var standDownRate: Double
  public var intake: IntakeSettings
  public var roster: RosterSettings
  public var enforcement: EnforcementSettings
  /// Changes to projects and supervisors, applied in order to the population's template week.
  public var changes: [ScenarioChange]
  /// Where each of `changes` was written (same order), for messages; empty for scenarios built
  /// in code.
  public var changePlaces: [ChangePlace] = []
  /// Optional unit costs (nothing is costed without them).
  public var costs = UnitCosts()
  /// Sessions dated on a bank holiday in England and Wales do not run (``BankHolidays``).
  public var bankHolidays = true
  /// For one point of a sweep: which sweep and which setting.
  public var sweep: SweepPoint?

  public init(
    name: String, description: String = "", source: String = "", populationPath: String,
    law: LawSettings = LawSettings(), attendance: AttendanceSettings = AttendanceSettings(),
    standDownRate: Double = 0.05, intake: IntakeSettings = IntakeSettings(), roster: RosterSettings = RosterSettings(),
    enforcement: EnforcementSettings = EnforcementSettings(), changes: [ScenarioChange] = []
  ) {
    self.name = name
    self.description = description
    self.source = source
    self.populationPath = populationPath
    self.law = law
    self.attendance = attendance
    self.standDownRate = standDownRate
    self.intake = intake
    self.roster = roster
    self.enforcement = enforcement
    self.changes = changes
  }
}

/// The law the orders run under.
public struct LawSettings: Sendable, Equatable {
  /// Months within which the hours must be worked; nil: no limit (Sentencing Act 2026, s.36).
  /// A suspended sentence order still ends with its operational period either way.
  public var timeLimitMonths: Int?
  /// Earned reduction (Sentencing Act 2026, s.37): after 25% of the hours with no enforceable
  /// outcome, each further hour worked takes 30 minutes off, up to 25% of the order.
  public var earnedReduction: Bool

  /// The default is the law as the ledger's policies set it (``LedgerPolicy/standard``), so that
  /// a baseline with no `law:` is today's law.
  public init(timeLimitMonths: Int? = 12, earnedReduction: Bool = LedgerPolicy.standard.earnedReduction) {
    self.timeLimitMonths = timeLimitMonths
    self.earnedReduction = earnedReduction
  }
}

/// What happens to a booked person at a session that runs.
public struct AttendanceSettings: Sendable, Equatable {
  /// Chance that a booked person turns up.
  public var rate: Double
  /// Of those who do not turn up, the share whose absence is acceptable (medical, work, childcare...).
  public var acceptableAbsenceShare: Double
  /// Chance that someone who turns up is sent home for their behaviour (an enforceable outcome,
  /// half the session credited).
  public var sentHomeRate: Double

  public init(rate: Double = 0.8, acceptableAbsenceShare: Double = 0.6, sentHomeRate: Double = 0.02) {
    self.rate = rate
    self.acceptableAbsenceShare = acceptableAbsenceShare
    self.sentHomeRate = sentHomeRate
  }
}

/// New orders from the courts.
public struct IntakeSettings: Sendable, Equatable {
  /// Mean new orders a week; nil: the population's size divided by 26 (an order typically runs
  /// about six months), which keeps a population roughly in balance.
  public var perWeek: Double?
  /// Relative change to the weekly rate: 0.1 is ten per cent more orders.
  public var growth: Double
  /// Shares of new orders in the low (40-80 h), medium (80-150 h) and high (150-300 h) bands.
  public var bandShares: (low: Double, medium: Double, high: Double)
  /// Share of new orders that are suspended sentence orders (the rest are community orders).
  public var suspendedShare: Double

  public init(
    perWeek: Double? = nil, growth: Double = 0,
    bandShares: (low: Double, medium: Double, high: Double) = (0.4, 0.4, 0.2),
    suspendedShare: Double = 0.25
  ) {
    self.perWeek = perWeek
    self.growth = growth
    self.bandShares = bandShares
    self.suspendedShare = suspendedShare
  }

  public static func == (a: IntakeSettings, b: IntakeSettings) -> Bool {
    a.perWeek == b.perWeek && a.growth == b.growth && a.bandShares == b.bandShares
      && a.suspendedShare == b.suspendedShare
  }
}

/// How each week's roster is built.
public struct RosterSettings: Sendable, Equatable {
  public enum Method: String, Sendable, CaseIterable {
    /// The greedy heuristic: fast, valid, a little below the best.
    case greedy
    /// The integer program, started from the greedy roster; slow over many weeks.
    case ip
  }

  public var method: Method
  /// Seconds per week for the integer program.
  public var timeLimit: Double

  public init(method: Method = .greedy, timeLimit: Double = 20) {
    self.method = method
    self.timeLimit = timeLimit
  }
}

/// Warnings and breach (docs/domain.md, Enforcement), and what the court does with a breach.
public struct EnforcementSettings: Sendable, Equatable {
  /// Weeks from a breach to the court's decision; the person is off the roster meanwhile.
  public var breachPauseWeeks: Int
  public var court: CourtOutcomes

  public init(breachPauseWeeks: Int = 4, court: CourtOutcomes = CourtOutcomes()) {
    self.breachPauseWeeks = breachPauseWeeks
    self.court = court
  }
}

/// What the court does with a breached order: shares that add up to 1.
///
/// These are planning assumptions, not published figures: change them to what your courts do.
/// Whatever the court decides, the breach is dealt with: an order that continues starts afresh
/// with no live warning (its next failure earns a warning, not another breach).
public struct CourtOutcomes: Sendable, Equatable {
  /// The order continues as it was (a fine or a warning from the bench).
  public var continueShare: Double
  /// The order continues with `hoursAdded` more hours (never past 300 in all).
  public var addHoursShare: Double
  /// The order is revoked and the person resentenced: its hours outstanding leave the caseload.
  public var revokeShare: Double
  public var hoursAdded: Double

  public init(
    continueShare: Double = 0.45, addHoursShare: Double = 0.35, revokeShare: Double = 0.2, hoursAdded: Double = 20
  ) {
    self.continueShare = continueShare
    self.addHoursShare = addHoursShare
    self.revokeShare = revokeShare
    self.hoursAdded = hoursAdded
  }

  /// The most hours an order may hold (FACTS.md: 40 to 300).
  public static let maximumHours = 300.0
}

/// One point of a sweep: a scenario file that varies one setting over a range gives one scenario
/// per value.
public struct SweepPoint: Sendable, Equatable {
  /// The sweep's name (the scenario's name without the value); points of one sweep share it.
  public var group: String
  /// What varies, for the axis.
  public var label: String
  /// The setting's place in the scenario (`changes.supervisors[0].add`).
  public var setting: String
  /// The point's position in the sweep, from 0.
  public var index: Int
  /// The value when it is a number (plotted to scale), else nil (plotted in order).
  public var value: Double?
  /// The value as shown.
  public var display: String

  public init(group: String, label: String, setting: String, index: Int, value: Double?, display: String) {
    self.group = group
    self.label = label
    self.setting = setting
    self.index = index
    self.value = value
    self.display = display
  }
}

/// Where a change was written: the file and the path within it.
public struct ChangePlace: Sendable, Equatable {
  public var source: String
  public var path: String

  public init(source: String, path: String) {
    self.source = source
    self.path = path
  }
}

/// Which projects a change applies to; every given field must match.
public struct ProjectFilter: Sendable, Equatable {
  public var kind: ProjectKind?
  public var area: String?
  public var ids: [String]?

  public init(kind: ProjectKind? = nil, area: String? = nil, ids: [String]? = nil) {
    self.kind = kind
    self.area = area
    self.ids = ids
  }

  public func matches(_ p: Project) -> Bool {
    (kind.map { $0 == p.kind } ?? true) && (area.map { $0 == p.area } ?? true)
      && (ids.map { $0.contains(p.id) } ?? true)
  }
}

/// One change against the baseline's template week.
public enum ScenarioChange: Sendable, Equatable {
  /// Recruit `count` supervisors like this.
  case addSupervisors(count: Int, areas: [String], available: Set<Weekday>, maxSessions: Int, qualifications: [String])
  /// Remove `count` (nil: all) supervisors who work in `area` and on `weekday` (each when given), last listed first.
  case removeSupervisors(count: Int?, area: String?, weekday: Weekday?)
  /// Remove a `share` (0...1) of the supervisors who match, rounded to whole people and spread
  /// over their towns (first-listed area) in proportion, the last listed in each town first.
  case removeSupervisorShare(share: Double, area: String?, weekday: Weekday?)
  /// Let `count` (nil: all) supervisors in `area` also work on these weekdays, with `extraSessions` more a week.
  case extendSupervisorDays(weekdays: Set<Weekday>, area: String?, count: Int?, extraSessions: Int)
  /// Add a session on `weekday` to each matching project that has none that day.
  case addSessions(weekday: Weekday, filter: ProjectFilter, hours: Double?, capacity: Int?)
  /// Remove the sessions on `weekday` from each matching project.
  case removeSessions(weekday: Weekday, filter: ProjectFilter)
  /// Change each matching session's capacity to `capacity * scale + add` (at least 0).
  case capacity(filter: ProjectFilter, scale: Double, add: Int)
}

// MARK: - Reading

extension Scenario {
  /// Reads a scenario file (`.yaml`, `.yml` or `.json`) and any baseline it extends.
  ///
  /// - Throws: ``InputError`` naming the file and the place of every problem.
  /// A file with a `sweep` gives its first point; ``loadAll(from:)`` gives every point.
  public static func load(from path: String) throws -> Scenario {
    try loadAll(from: path)[0]
  }

  /// Reads a scenario file: one scenario, or one per value of its `sweep`.
  ///
  /// - Throws: ``InputError`` naming the file and the place of every problem.
  public static func loadAll(from path: String) throws -> [Scenario] {
    var seen: [String] = []
    let tree = try mergedTree(path, seen: &seen)
    let places = changeKinds.flatMap { tree.places[$0] ?? [] }
    func finish(_ s: Scenario) -> Scenario {
      var s = s
      if places.count == s.changes.count { s.changePlaces = places }
      return s
    }
    guard let sweepValue = tree.json["sweep"], sweepValue != .null else {
      return [finish(try parse(tree.json, source: path, folder: tree.folder))]
    }
    let plain = tree.json.removing("sweep")
    let base = try parse(plain, source: path, folder: tree.folder)
    let sweep = try parseSweep(sweepValue, source: path, tree: plain)
    var out: [Scenario] = []
    var problems: [InputError.Problem] = []
    for (i, point) in sweep.points.enumerated() {
      do {
        var s = try parse(sweep.trees[i], source: path, folder: tree.folder)
        s.name = "\(base.name), \(sweep.label) \(point.display)"
        s.sweep = SweepPoint(
          group: base.name, label: sweep.label, setting: sweep.setting, index: i, value: point.value,
          display: point.display)
        out.append(finish(s))
      } catch let e as InputError {
        problems += e.problems.map {
          InputError.Problem(path: $0.path, message: "\($0.message) (with sweep value \(point.display))")
        }
      }
    }
    guard problems.isEmpty else { throw InputError(source: path, problems: problems) }
    return out
  }

  /// A sweep's setting, its values and the scenario tree for each.
  private static func parseSweep(_ value: JSONValue, source: String, tree: JSONValue) throws -> (
    setting: String, label: String, points: [(value: Double?, display: String)], trees: [JSONValue]
  ) {
    let r = FieldReader()
    guard r.object(value, "sweep") != nil else { throw InputError(source: source, problems: r.problems) }
    unknownKeys(value, "sweep", ["setting", "values", "from", "to", "step", "label", "labels"], r)
    let setting = r.string(value["setting"], "sweep.setting") ?? ""
    let label = r.string(value["label"], "sweep.label", required: false) ?? setting
    var values: [JSONValue] = []
    if let list = value["values"] {
      if value["from"] != nil || value["to"] != nil || value["step"] != nil {
        r.fail("sweep", "give either values or from, to and step, not both")
      }
      values = r.list(list, "sweep.values") ?? []
    } else {
      let from = r.number(value["from"], "sweep.from")
      let to = r.number(value["to"], "sweep.to")
      let step = r.number(value["step"], "sweep.step", required: false, positive: true) ?? 1
      if let from, let to {
        if to < from {
          r.fail("sweep.to", "\(JSONValue.format(to)) is below from (\(JSONValue.format(from)))")
        } else if (to - from) / step > 1000 {
          r.fail("sweep.step", "more than 1,000 points from \(JSONValue.format(from)) to \(JSONValue.format(to))")
        } else {
          var v = from
          var k = 0
          while v <= to + 1e-9 * step {
            values.append(.number((v * 1e9).rounded() / 1e9))
            k += 1
            v = from + Double(k) * step
          }
        }
      }
    }
    if r.problems.isEmpty, values.count < 2 { r.fail("sweep.values", "a sweep needs at least two values") }
    let labels = value["labels"] == nil ? nil : r.strings(value["labels"], "sweep.labels")
    if let labels, labels.count != values.count {
      r.fail("sweep.labels", "\(labels.count) labels for \(values.count) values")
    }
    let segments = setting.isEmpty ? nil : JSONValue.pathSegments(setting)
    if !setting.isEmpty, segments == nil {
      r.fail("sweep.setting", "\"\(setting)\" is not a place such as changes.supervisors[0].add")
    }
    var trees: [JSONValue] = []
    var points: [(Double?, String)] = []
    if let segments, r.problems.isEmpty {
      for (i, v) in values.enumerated() {
        guard let t = tree.setting(segments, to: v) else {
          r.fail("sweep.setting", "\(setting) is not a place in this scenario (a list item that is not there?)")
          break
        }
        trees.append(t)
        var number: Double?
        if case .number(let n) = v { number = n }
        let display =
          labels?[i] ?? number.map(JSONValue.format) ?? v.serialized().trimmingCharacters(in: .whitespacesAndNewlines)
        points.append((number, display))
      }
    }
    guard r.problems.isEmpty else { throw InputError(source: source, problems: r.problems) }
    return (setting, label, points, trees)
  }

  /// The kinds of change, in the order they are read.
  static let changeKinds = ["supervisors", "sessions", "capacity"]

  /// The file's tree merged over the trees of the files it extends, with where each change
  /// (by kind, in order) was written.
  private static func mergedTree(_ path: String, seen: inout [String]) throws -> (
    json: JSONValue, folder: String, places: [String: [ChangePlace]]
  ) {
    let resolved = URL(fileURLWithPath: path).standardizedFileURL.path
    if seen.contains(resolved) {
      throw InputError(source: path, path: "extends", message: "extends itself (\(seen.joined(separator: " -> ")))")
    }
    seen.append(resolved)
    let json = try readTree(path)
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    // Each file is checked on its own first, so that a problem names the file it is in.
    _ = try parse(json, source: path, folder: folder, partial: true)
    var base: JSONValue = .object([])
    var baseFolder = folder
    var places: [String: [ChangePlace]] = [:]
    if case .string(let parent)? = json["extends"] {
      let parentPath = parent.hasPrefix("/") ? parent : folder + "/" + parent
      guard FileManager.default.fileExists(atPath: parentPath) else {
        throw InputError(source: path, path: "extends", message: "no such file \"\(parent)\"")
      }
      (base, baseFolder, places) = try mergedTree(parentPath, seen: &seen)
    }
    for kind in changeKinds {
      if case .array(let items)? = json["changes"]?[kind] {
        places[kind, default: []] += items.indices.map { ChangePlace(source: path, path: "changes.\(kind)[\($0)]") }
      }
    }
    // A population named in the baseline stays relative to the baseline's folder.
    if case .string(let pop)? = base["population"], !pop.hasPrefix("/") {
      base = base.replacing("population", with: .string(baseFolder + "/" + pop))
    }
    var own = json
    if case .string(let pop)? = own["population"], !pop.hasPrefix("/") {
      own = own.replacing("population", with: .string(folder + "/" + pop))
    }
    // Descriptive fields, and a sweep, belong to one file only.
    base = base.removing("name").removing("description").removing("extends").removing("sweep")
    return (merge(base, own), folder, places)
  }

  /// Reads YAML or JSON into a tree.
  static func readTree(_ path: String) throws -> JSONValue {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw InputError(source: path, path: "", message: "cannot read the file (\(error.localizedDescription))")
    }
    if path.lowercased().hasSuffix(".json") { return try JSONValue.parse(data, source: path) }
    guard let text = String(data: data, encoding: .utf8) else {
      throw InputError(source: path, path: "", message: "the file is not UTF-8 text")
    }
    return try YAMLTree.parse(text, source: path)
  }

  /// Settings of `child` replace those of `base`; `changes` lists are joined, base first.
  static func merge(_ base: JSONValue, _ child: JSONValue, inChanges: Bool = false) -> JSONValue {
    guard case .object(var members) = base, case .object(let childMembers) = child else { return child }
    for (key, value) in childMembers {
      if let i = members.firstIndex(where: { $0.0 == key }) {
        if inChanges, case .array(let a) = members[i].1, case .array(let b) = value {
          members[i].1 = .array(a + b)
        } else {
          members[i].1 = merge(members[i].1, value, inChanges: key == "changes")
        }
      } else {
        members.append((key, value))
      }
    }
    return .object(members)
  }

  static let topKeys: Set<String> = [
    "format", "name", "description", "extends", "population", "start_week", "law", "attendance", "stand_down_rate",
    "intake",
    "roster", "enforcement", "changes", "costs", "bank_holidays", "sweep",
  ]

  /// Validates a scenario tree; with `partial`, a missing population or name is not a problem
  /// (a file that extends another may leave them to it).
  static func parse(_ json: JSONValue, source: String, folder: String, partial: Bool = false) throws -> Scenario {
    let r = FieldReader()
    guard let root = r.object(json, "") else { throw InputError(source: source, problems: r.problems) }
    unknownKeys(root, "", topKeys, r)
    if let tag = r.string(root["format"], "format", required: false), tag != formatTag {
      r.fail("format", "\"\(tag)\" is not supported (expected \"\(formatTag)\")")
    }
    let fileName = URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
    let name = r.string(root["name"], "name", required: false) ?? fileName
    let description = r.string(root["description"], "description", required: false) ?? ""
    _ = r.string(root["extends"], "extends", required: false)
    let population = r.string(root["population"], "population", required: !partial)
    let startWeek = r.date(root["start_week"], "start_week", required: false)
    if let w = startWeek, w.weekday != .mon { r.fail("start_week", "\(w) is a \(w.weekday.fullName), not a Monday") }

    var law = LawSettings()
    if let l = root["law"], l != .null, r.object(l, "law") != nil {
      unknownKeys(l, "law", ["time_limit_months", "earned_reduction"], r)
      switch l["time_limit_months"] {
      case nil: break
      case .null?, .string("none")?: law.timeLimitMonths = nil
      case let v?:
        if case .string = v {
          r.fail("law.time_limit_months", "expected a number of months or \"none\"")
        } else if let m = r.integer(v, "law.time_limit_months", min: 1) {
          law.timeLimitMonths = m
        }
      }
      if let b = r.bool(l["earned_reduction"], "law.earned_reduction") { law.earnedReduction = b }
    }

    var attendance = AttendanceSettings()
    if let a = root["attendance"], a != .null, r.object(a, "attendance") != nil {
      unknownKeys(a, "attendance", ["rate", "acceptable_absence_share", "sent_home_rate"], r)
      if let v = probability(a["rate"], "attendance.rate", r) { attendance.rate = v }
      if let v = probability(a["acceptable_absence_share"], "attendance.acceptable_absence_share", r) {
        attendance.acceptableAbsenceShare = v
      }
      if let v = probability(a["sent_home_rate"], "attendance.sent_home_rate", r) { attendance.sentHomeRate = v }
    }
    let standDown = probability(root["stand_down_rate"], "stand_down_rate", r) ?? 0.05

    var intake = IntakeSettings()
    if let i = root["intake"], i != .null, r.object(i, "intake") != nil {
      unknownKeys(i, "intake", ["per_week", "growth", "bands", "suspended_share"], r)
      if let v = r.number(i["per_week"], "intake.per_week", required: false, min: 0) { intake.perWeek = v }
      if let v = r.number(i["growth"], "intake.growth", required: false, min: -1) { intake.growth = v }
      if let s = probability(i["suspended_share"], "intake.suspended_share", r) { intake.suspendedShare = s }
      if let b = i["bands"], b != .null, r.object(b, "intake.bands") != nil {
        unknownKeys(b, "intake.bands", ["low", "medium", "high"], r)
        let low = r.number(b["low"], "intake.bands.low", required: false, min: 0) ?? 0
        let medium = r.number(b["medium"], "intake.bands.medium", required: false, min: 0) ?? 0
        let high = r.number(b["high"], "intake.bands.high", required: false, min: 0) ?? 0
        let total = low + medium + high
        if total > 0 {
          intake.bandShares = (low / total, medium / total, high / total)
        } else {
          r.fail("intake.bands", "at least one band needs a share above 0")
        }
      }
    }

    var roster = RosterSettings()
    if let o = root["roster"], o != .null, r.object(o, "roster") != nil {
      unknownKeys(o, "roster", ["method", "time_limit"], r)
      if let m = r.choice(o["method"], "roster.method", RosterSettings.Method.self, required: false) {
        roster.method = m
      }
      if let t = r.number(o["time_limit"], "roster.time_limit", required: false, positive: true) {
        roster.timeLimit = t
      }
    }

    var enforcement = EnforcementSettings()
    if let e = root["enforcement"], e != .null, r.object(e, "enforcement") != nil {
      unknownKeys(e, "enforcement", ["breach_pause_weeks", "court"], r)
      if let w = r.integer(e["breach_pause_weeks"], "enforcement.breach_pause_weeks", required: false, min: 0) {
        enforcement.breachPauseWeeks = w
      }
      if let c = e["court"], c != .null, r.object(c, "enforcement.court") != nil {
        unknownKeys(c, "enforcement.court", ["continue", "add_hours", "revoke", "hours_added"], r)
        var court = enforcement.court
        let given = [c["continue"], c["add_hours"], c["revoke"]].contains { $0 != nil }
        if given {
          court.continueShare = probability(c["continue"], "enforcement.court.continue", r) ?? 0
          court.addHoursShare = probability(c["add_hours"], "enforcement.court.add_hours", r) ?? 0
          court.revokeShare = probability(c["revoke"], "enforcement.court.revoke", r) ?? 0
          let total = court.continueShare + court.addHoursShare + court.revokeShare
          if abs(total - 1) > 1e-6 {
            r.fail(
              "enforcement.court",
              "continue, add_hours and revoke must add up to 1, found \(JSONValue.format((total * 1e6).rounded() / 1e6))"
            )
          }
        }
        if let h = r.number(c["hours_added"], "enforcement.court.hours_added", required: false, min: 0) {
          if h > CourtOutcomes.maximumHours {
            r.fail("enforcement.court.hours_added", "\(JSONValue.format(h)) is more than an order may hold (300)")
          }
          court.hoursAdded = h
        }
        enforcement.court = court
      }
    }

    var costs = UnitCosts()
    if let c = root["costs"], c != .null, r.object(c, "costs") != nil {
      unknownKeys(c, "costs", ["supervisor_session", "van_day", "new_project", "placement_hour"], r)
      costs.supervisorSession = r.number(c["supervisor_session"], "costs.supervisor_session", required: false, min: 0)
      costs.vanDay = r.number(c["van_day"], "costs.van_day", required: false, min: 0)
      costs.newProject = r.number(c["new_project"], "costs.new_project", required: false, min: 0)
      costs.placementHour = r.number(c["placement_hour"], "costs.placement_hour", required: false, min: 0)
    }
    let bankHolidays = root["bank_holidays"].flatMap { r.bool($0, "bank_holidays") } ?? true
    let changes = parseChanges(root["changes"], r)
    guard r.problems.isEmpty else { throw InputError(source: source, problems: r.problems) }
    let populationPath = population.map { $0.hasPrefix("/") ? $0 : folder + "/" + $0 } ?? ""
    var scenario = Scenario(
      name: name, description: description, source: source, populationPath: populationPath, law: law,
      attendance: attendance, standDownRate: standDown, intake: intake, roster: roster, enforcement: enforcement,
      changes: changes)
    scenario.startWeek = startWeek
    scenario.costs = costs
    scenario.bankHolidays = bankHolidays
    return scenario
  }

  private static func parseChanges(_ value: JSONValue?, _ r: FieldReader) -> [ScenarioChange] {
    guard let value, value != .null, r.object(value, "changes") != nil else { return [] }
    unknownKeys(value, "changes", ["supervisors", "sessions", "capacity"], r)
    var out: [ScenarioChange] = []
    for (i, item) in (r.list(value["supervisors"], "changes.supervisors", required: false) ?? []).enumerated() {
      let path = "changes.supervisors[\(i)]"
      guard r.object(item, path) != nil else { continue }
      if let add = item["add"] {
        unknownKeys(item, path, ["add", "areas", "available", "max_sessions", "qualifications"], r)
        // 0 is allowed so that a sweep can start from no recruits.
        let count = r.integer(add, "\(path).add", min: 0)
        let areas = r.strings(item["areas"], "\(path).areas", required: true)
        let available =
          item["available"] == nil
          ? Set(Weekday.allCases.prefix(5)) : r.weekdays(item["available"], "\(path).available")
        let maxSessions = r.integer(item["max_sessions"], "\(path).max_sessions", required: false, min: 0) ?? 5
        let quals = r.strings(item["qualifications"], "\(path).qualifications") ?? []
        if let count, let areas, let available {
          if areas.isEmpty { r.fail("\(path).areas", "name at least one area") }
          out.append(
            .addSupervisors(
              count: count, areas: areas, available: available, maxSessions: maxSessions, qualifications: quals))
        }
      } else if let remove = item["remove"] {
        unknownKeys(item, path, ["remove", "area", "weekday"], r)
        let area = r.string(item["area"], "\(path).area", required: false)
        let weekday = weekday(item["weekday"], "\(path).weekday", r, required: false)
        if case .string(let text) = remove, text.hasSuffix("%") {
          if let share = percentage(text, "\(path).remove", r) {
            out.append(.removeSupervisorShare(share: share, area: area, weekday: weekday))
          }
        } else if let count = countOrAll(remove, "\(path).remove", r) {
          out.append(.removeSupervisors(count: count.value, area: area, weekday: weekday))
        }
      } else if let days = item["also_available"] {
        unknownKeys(item, path, ["also_available", "area", "count", "extra_sessions"], r)
        let weekdays = r.weekdays(days, "\(path).also_available")
        let area = r.string(item["area"], "\(path).area", required: false)
        let count = item["count"].flatMap { countOrAll($0, "\(path).count", r) }
        let extra = r.integer(item["extra_sessions"], "\(path).extra_sessions", required: false, min: 0) ?? 0
        if let weekdays {
          out.append(.extendSupervisorDays(weekdays: weekdays, area: area, count: count?.value, extraSessions: extra))
        }
      } else {
        r.fail(path, "expected one of \"add\", \"remove\" or \"also_available\"")
      }
    }
    for (i, item) in (r.list(value["sessions"], "changes.sessions", required: false) ?? []).enumerated() {
      let path = "changes.sessions[\(i)]"
      guard r.object(item, path) != nil else { continue }
      if let add = item["add"] {
        unknownKeys(item, path, ["add", "kind", "area", "projects", "hours", "capacity"], r)
        let day = weekday(add, "\(path).add", r, required: true)
        let filter = projectFilter(item, path, r)
        let hours = r.number(item["hours"], "\(path).hours", required: false, positive: true)
        if let h = hours, (h * 4).rounded() != h * 4 || h > 24 {
          r.fail("\(path).hours", "\(JSONValue.format(h)) is not a multiple of 0.25 hours up to 24")
        }
        let capacity = r.integer(item["capacity"], "\(path).capacity", required: false, min: 0)
        if let day { out.append(.addSessions(weekday: day, filter: filter, hours: hours, capacity: capacity)) }
      } else if let remove = item["remove"] {
        unknownKeys(item, path, ["remove", "kind", "area", "projects"], r)
        let day = weekday(remove, "\(path).remove", r, required: true)
        let filter = projectFilter(item, path, r)
        if let day { out.append(.removeSessions(weekday: day, filter: filter)) }
      } else {
        r.fail(path, "expected \"add\" or \"remove\" with a weekday")
      }
    }
    for (i, item) in (r.list(value["capacity"], "changes.capacity", required: false) ?? []).enumerated() {
      let path = "changes.capacity[\(i)]"
      guard r.object(item, path) != nil else { continue }
      unknownKeys(item, path, ["kind", "area", "projects", "scale", "add"], r)
      let filter = projectFilter(item, path, r)
      let scale = r.number(item["scale"], "\(path).scale", required: false, min: 0) ?? 1
      let add = r.integer(item["add"], "\(path).add", required: false) ?? 0
      if item["scale"] == nil, item["add"] == nil { r.fail(path, "give \"scale\", \"add\" or both") }
      out.append(.capacity(filter: filter, scale: scale, add: add))
    }
    return out
  }

  private static func projectFilter(_ item: JSONValue, _ path: String, _ r: FieldReader) -> ProjectFilter {
    ProjectFilter(
      kind: r.choice(item["kind"], "\(path).kind", ProjectKind.self, required: false),
      area: r.string(item["area"], "\(path).area", required: false),
      ids: item["projects"] == nil ? nil : r.strings(item["projects"], "\(path).projects"))
  }

  private static func weekday(_ value: JSONValue?, _ path: String, _ r: FieldReader, required: Bool) -> Weekday? {
    guard let s = r.string(value, path, required: required) else { return nil }
    guard let d = Weekday(rawValue: s) else {
      r.fail(path, "\"\(s)\" is not a weekday (mon..sun)")
      return nil
    }
    return d
  }

  /// A percentage such as "30%" (above 0, at most 100) as a share.
  private static func percentage(_ text: String, _ path: String, _ r: FieldReader) -> Double? {
    let number = text.dropLast().trimmingCharacters(in: .whitespaces)
    guard let v = Double(number), v.isFinite, v > 0, v <= 100 else {
      r.fail(path, "expected a percentage above 0% and at most 100%, found \"\(text)\"")
      return nil
    }
    return v / 100
  }

  /// A whole number of at least 1, or "all" (value nil).
  private static func countOrAll(_ value: JSONValue, _ path: String, _ r: FieldReader) -> (value: Int?, Void)? {
    if case .string("all") = value { return (nil, ()) }
    if case .string(let s) = value {
      r.fail(path, "expected a number, a percentage (\"30%\") or \"all\", found \"\(s)\"")
      return nil
    }
    return r.integer(value, path, min: 1).map { ($0, ()) }
  }

  private static func probability(_ value: JSONValue?, _ path: String, _ r: FieldReader) -> Double? {
    guard let v = r.number(value, path, required: false, min: 0) else { return nil }
    guard v <= 1 else {
      r.fail(path, "must be a share between 0 and 1, found \(JSONValue.format(v))")
      return nil
    }
    return v
  }

  /// Misspelt keys are errors: a silently ignored `earned_reduciton` would mislead a planner.
  private static func unknownKeys(_ value: JSONValue, _ path: String, _ known: Set<String>, _ r: FieldReader) {
    guard case .object(let members) = value else { return }
    for (key, _) in members where !known.contains(key) {
      let options = known.sorted().joined(separator: ", ")
      r.fail(FieldReader.join(path, key), "unknown setting (expected one of: \(options))")
    }
  }
}

extension JSONValue {
  enum PathSegment { case key(String), index(Int) }

  /// `changes.supervisors[0].add` as keys and indices; nil when it is not such a path.
  static func pathSegments(_ path: String) -> [PathSegment]? {
    var out: [PathSegment] = []
    for part in path.split(separator: ".", omittingEmptySubsequences: false) {
      var rest = Substring(part)
      let bracket = rest.firstIndex(of: "[") ?? rest.endIndex
      let key = rest[..<bracket]
      guard !key.isEmpty else { return nil }
      out.append(.key(String(key)))
      rest = rest[bracket...]
      while !rest.isEmpty {
        guard rest.first == "[", let close = rest.firstIndex(of: "]"),
          let i = Int(rest[rest.index(after: rest.startIndex)..<close]), i >= 0
        else { return nil }
        out.append(.index(i))
        rest = rest[rest.index(after: close)...]
      }
    }
    return out.isEmpty ? nil : out
  }

  /// This tree with the value at `path` set (an object key may be new; a list item must exist).
  func setting(_ path: [PathSegment], to value: JSONValue) -> JSONValue? {
    guard let first = path.first else { return value }
    let rest = Array(path.dropFirst())
    switch (first, self) {
    case (.key(let k), .object(var members)):
      if let i = members.firstIndex(where: { $0.0 == k }) {
        guard let v = members[i].1.setting(rest, to: value) else { return nil }
        members[i].1 = v
      } else {
        guard let v = JSONValue.object([]).setting(rest, to: value) else { return nil }
        members.append((k, v))
      }
      return .object(members)
    case (.key, .null):
      return JSONValue.object([]).setting(path, to: value)
    case (.index(let i), .array(var items)):
      guard i < items.count, let v = items[i].setting(rest, to: value) else { return nil }
      items[i] = v
      return .array(items)
    default:
      return nil
    }
  }

  func replacing(_ key: String, with value: JSONValue) -> JSONValue {
    guard case .object(var members) = self else { return self }
    if let i = members.firstIndex(where: { $0.0 == key }) { members[i].1 = value } else { members.append((key, value)) }
    return .object(members)
  }

  func removing(_ key: String) -> JSONValue {
    guard case .object(let members) = self else { return self }
    return .object(members.filter { $0.0 != key })
  }
}

// MARK: - Checking against the population

extension Scenario {
  /// Changes that name what the population does not have (an area no project is in, a project
  /// that does not exist): each an error naming the file and the place, so that a typo never
  /// runs as recruits nobody can use.
  public func check(against population: Population) -> [InputError] {
    let template = population.template
    let projectAreas = Set(template.projects.map(\.area))
    let supervisorAreas = Set(template.supervisors.flatMap(\.areas))
    let projectIDs = Set(template.projects.map(\.id))
    let known = projectAreas.sorted().joined(separator: ", ")
    var errors: [InputError] = []
    func fail(_ i: Int, _ sub: String, _ message: String) {
      let place = i < changePlaces.count ? changePlaces[i] : ChangePlace(source: source, path: "changes[\(i)]")
      errors.append(InputError(source: place.source, path: place.path + sub, message: message))
    }
    for (i, change) in changes.enumerated() {
      switch change {
      case .addSupervisors(_, let areas, _, _, _):
        for (j, a) in areas.enumerated() where !projectAreas.contains(a) {
          fail(i, ".areas[\(j)]", "\"\(a)\" is not the area of any project (areas: \(known))")
        }
      case .removeSupervisors(_, let area?, _), .removeSupervisorShare(_, let area?, _),
        .extendSupervisorDays(_, let area?, _, _):
        if !projectAreas.contains(area) && !supervisorAreas.contains(area) {
          fail(i, ".area", "\"\(area)\" is not the area of any project or supervisor (areas: \(known))")
        }
      case .addSessions(_, let filter, _, _), .removeSessions(_, let filter), .capacity(let filter, _, _):
        if let a = filter.area, !projectAreas.contains(a) {
          fail(i, ".area", "\"\(a)\" is not the area of any project (areas: \(known))")
        }
        for (j, id) in (filter.ids ?? []).enumerated() where !projectIDs.contains(id) {
          fail(i, ".projects[\(j)]", "\"\(id)\" is not a project of the population")
        }
      default:
        break
      }
    }
    return errors
  }
}

extension InputError {
  /// Several input errors as one, each problem still naming its own file.
  public static func combining(_ errors: [InputError]) -> InputError {
    if errors.count == 1 { return errors[0] }
    return InputError(
      source: "",
      problems: errors.flatMap { e in
        e.problems.map { p in
          InputError.Problem(
            path: e.source.isEmpty ? p.path : p.path.isEmpty ? e.source : "\(e.source): \(p.path)", message: p.message)
        }
      })
  }
}
