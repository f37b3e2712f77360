import CSV
import Foundation
import PaybackCore

/// Reference-data files the ledger imports: CSV (one kind per file, recognised by its header)
/// or an instance (`payback-instance/1` JSON).
///
/// CSV headers (lists inside a field are separated by `;`, e.g. `mon;tue;sat`; dates are
/// `YYYY-MM-DD`, times `HH:MM`, hours may have decimals and are stored as whole minutes):
///
/// - people: `id,name,sex,risk,available,unavailable_dates,areas,skills,unsuitable_for,keep_apart,
///   min_hours_per_week,max_hours_per_week,hours_ordered,sentence_date,order_type,deadline,
///   travel_eligible,start_date` (required: id, risk, available, areas, hours_ordered,
///   sentence_date; order_type defaults to community_order; deadline empty = no limit)
/// - projects: `id,name,kind,area,involves,requires_skills,supervisor_requires,women_only,
///   people_per_supervisor,min_attendance` (required: id, kind, area)
/// - sessions: `id,project,date,start,end,hours,capacity` (required: id, project, date, hours, capacity)
/// - supervisors: `id,name,areas,available,unavailable_dates,max_sessions,qualifications`
///   (required: id, areas, available, max_sessions)
///
/// Rows are counted as a spreadsheet shows them: the header is row 1.
public enum CSVKind: String, Sendable, CaseIterable {
  case people, projects, sessions, supervisors

  public var columns: [String] {
    switch self {
    case .people:
      [
        "id", "name", "sex", "risk", "available", "unavailable_dates", "areas", "skills", "unsuitable_for",
        "keep_apart", "min_hours_per_week", "max_hours_per_week", "hours_ordered", "sentence_date", "order_type",
        "deadline", "travel_eligible", "start_date", "operational_period_end",
      ]
    case .projects:
      [
        "id", "name", "kind", "area", "involves", "requires_skills", "supervisor_requires", "women_only",
        "people_per_supervisor", "min_attendance",
      ]
    case .sessions: ["id", "project", "date", "start", "end", "hours", "capacity"]
    case .supervisors: ["id", "name", "areas", "available", "unavailable_dates", "max_sessions", "qualifications"]
    }
  }

  public var required: [String] {
    switch self {
    case .people: ["id", "risk", "available", "areas", "hours_ordered", "sentence_date"]
    case .projects: ["id", "kind", "area"]
    case .sessions: ["id", "project", "date", "hours", "capacity"]
    case .supervisors: ["id", "areas", "available", "max_sessions"]
    }
  }

  /// The kind a header belongs to, by its distinctive column.
  static func detect(_ header: [String]) -> CSVKind? {
    let h = Set(header)
    if h.contains("hours_ordered") { return .people }
    if h.contains("max_sessions") { return .supervisors }
    if h.contains("project") && h.contains("date") { return .sessions }
    if h.contains("kind") && h.contains("area") { return .projects }
    return nil
  }
}

/// Reads one CSV file's rows into a batch, collecting every problem with its row and field.
struct CSVRowReader {
  let source: String
  var problems: [InputError.Problem] = []
  var row = 0
  var fields: [String: String] = [:]

  mutating func fail(_ field: String, _ message: String) {
    problems.append(.init(path: "row \(row), field \(field)", message: message))
  }

  func text(_ f: String) -> String? {
    guard let v = fields[f]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
    return v
  }

  mutating func required(_ f: String) -> String? {
    guard let v = text(f) else {
      fail(f, "is empty (required)")
      return nil
    }
    return v
  }

  func list(_ f: String) -> [String] {
    (text(f) ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  mutating func weekdays(_ f: String, required: Bool = true) -> [Weekday] {
    let items = list(f)
    if items.isEmpty && required { fail(f, "is empty (required: weekdays such as mon;tue;sat)") }
    var out: [Weekday] = []
    for i in items {
      if let d = Weekday(rawValue: i.lowercased()) {
        out.append(d)
      } else {
        fail(f, "\"\(i)\" is not a weekday (mon..sun)")
      }
    }
    return out
  }

  mutating func date(_ f: String, required: Bool = false) -> CalendarDate? {
    guard let v = required ? self.required(f) : text(f) else { return nil }
    switch CalendarDate.parse(v) {
    case .success(let d): return d
    case .failure(let p):
      fail(f, p.description)
      return nil
    }
  }

  mutating func dates(_ f: String) -> [CalendarDate] {
    list(f).compactMap { v in
      switch CalendarDate.parse(v) {
      case .success(let d): return d
      case .failure(let p):
        fail(f, p.description)
        return nil
      }
    }
  }

  mutating func time(_ f: String) -> Int? {
    guard let v = text(f) else { return nil }
    guard let t = ClockTime(v) else {
      fail(f, "\"\(v)\" is not a time (HH:MM)")
      return nil
    }
    return t.minutes
  }

  /// Hours as whole minutes; must be a whole number of minutes.
  mutating func hours(_ f: String, required: Bool = true, positive: Bool = true) -> Int? {
    guard let v = required ? self.required(f) : text(f) else { return nil }
    // Plain decimals only: Double() would also read "0x64" as 100 and "1e2", "inf" or "nan".
    let digits = v.hasPrefix("-") ? v.dropFirst() : Substring(v)
    let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
      parts.allSatisfy({ $0.allSatisfy(\.isNumber) }), let h = Double(v), h.isFinite
    else {
      fail(f, "\"\(v)\" is not a number")
      return nil
    }
    if h < 0 {
      fail(f, "\"\(v)\" is negative")
      return nil
    }
    if positive && h == 0 {
      fail(f, "\"\(v)\" must be more than 0")
      return nil
    }
    let m = h * 60
    if abs(m - m.rounded()) > 1e-6 {
      fail(f, "\"\(v)\" is not a whole number of minutes")
      return nil
    }
    return Int(m.rounded())
  }

  mutating func int(_ f: String, required: Bool = true, min: Int = 0) -> Int? {
    guard let v = required ? self.required(f) : text(f) else { return nil }
    let digits = v.hasPrefix("-") ? v.dropFirst() : Substring(v)
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let i = Int(v) else {
      fail(f, "\"\(v)\" is not a whole number")
      return nil
    }
    if i < min {
      fail(f, "\"\(v)\" is less than \(min)")
      return nil
    }
    return i
  }

  mutating func bool(_ f: String) -> Bool {
    guard let v = text(f)?.lowercased() else { return false }
    switch v {
    case "true", "yes", "y", "1": return true
    case "false", "no", "n", "0": return false
    default:
      fail(f, "\"\(v)\" is not yes or no")
      return false
    }
  }

  mutating func id(_ f: String = "id") -> String? {
    guard let v = fields[f], !v.isEmpty else {
      fail(f, "is empty (required)")
      return nil
    }
    if v.trimmingCharacters(in: .whitespaces) != v {
      fail(f, "the id \"\(v)\" has leading or trailing spaces")
      return nil
    }
    return v
  }

  mutating func enumValue<E: RawRepresentable>(_ f: String, _: E.Type, default d: E? = nil, allowed: String) -> E?
  where E.RawValue == String {
    guard let v = text(f) else {
      if d == nil { fail(f, "is empty (required: \(allowed))") }
      return d
    }
    guard let e = E(rawValue: v.lowercased()) else {
      fail(f, "\"\(v)\" is not one of \(allowed)")
      return nil
    }
    return e
  }
}

extension Ledger {
  /// Parses a CSV file's text into `batch`; throws every problem found, naming row and field.
  public static func parseCSV(_ text: String, source: String, into batch: inout ImportBatch) throws {
    let reader: CSVReader
    do {
      reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: false)
    } catch {
      throw InputError(source: source, path: "row 1", message: "cannot read the header row")
    }
    let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    guard let kind = CSVKind.detect(header) else {
      throw InputError(
        source: source, path: "row 1",
        message: "the header does not match people, projects, sessions or supervisors (see docs/ledger.md): "
          + header.joined(separator: ","))
    }
    var r = CSVRowReader(source: source)
    r.row = 1
    var seenColumn: [String: Int] = [:]
    for (i, h) in header.enumerated() {
      if !kind.columns.contains(h) {
        r.problems.append(.init(path: "row 1, column \(i + 1)", message: "unknown \(kind.rawValue) column \"\(h)\""))
      }
      if let first = seenColumn[h] {
        r.problems.append(
          .init(path: "row 1, column \(i + 1)", message: "the column \"\(h)\" appears twice (also column \(first))"))
      }
      seenColumn[h] = seenColumn[h] ?? i + 1
    }
    for c in kind.required where !header.contains(c) {
      r.problems.append(.init(path: "row 1", message: "the required column \"\(c)\" is missing"))
    }
    if !r.problems.isEmpty { throw InputError(source: source, problems: r.problems) }
    var seen: [String: Int] = [:]
    while let values = reader.next() {
      r.row += 1
      if values.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
      if values.count != header.count {
        r.problems.append(
          .init(path: "row \(r.row)", message: "has \(values.count) fields, the header has \(header.count)"))
        continue
      }
      r.fields = Dictionary(zip(header, values), uniquingKeysWith: { a, _ in a })
      guard let id = r.id() else { continue }
      if let first = seen[id] {
        r.fail("id", "\"\(id)\" is already used on row \(first)")
        continue
      }
      seen[id] = r.row
      batch.origins["\(kind.rawValue):\(id)"] = "\(source): row \(r.row)"
      switch kind {
      case .people: readPerson(&r, id: id, into: &batch)
      case .projects: readProject(&r, id: id, into: &batch)
      case .sessions: readSession(&r, id: id, into: &batch)
      case .supervisors: readSupervisor(&r, id: id, into: &batch)
      }
    }
    if let e = reader.error {
      r.problems.append(.init(path: "row \(r.row + 1)", message: "cannot read the row (\(e))"))
    }
    if !r.problems.isEmpty { throw InputError(source: source, problems: r.problems) }
  }

  static func readPerson(_ r: inout CSVRowReader, id: String, into batch: inout ImportBatch) {
    let sex = r.enumValue("sex", Sex.self, default: .male, allowed: "female or male")
    let risk = r.enumValue("risk", Risk.self, allowed: "low, medium or high")
    let available = r.weekdays("available")
    let unavailable = r.dates("unavailable_dates")
    let areas = r.list("areas")
    if areas.isEmpty { r.fail("areas", "is empty (required: at least one area)") }
    let minH = r.hours("min_hours_per_week", required: false, positive: false)
    let maxH = r.hours("max_hours_per_week", required: false, positive: false)
    if let a = minH, let b = maxH, a > b { r.fail("min_hours_per_week", "is more than max_hours_per_week") }
    let ordered = r.hours("hours_ordered")
    let sentence = r.date("sentence_date", required: true)
    var type: OrderType? = .communityOrder
    if let t = r.text("order_type") {
      type = OrderType(text: t)
      if type == nil { r.fail("order_type", "\"\(t)\" is not one of \(OrderType.names)") }
    }
    let band = (type ?? .communityOrder).band
    if let o = ordered, !band.contains(o) {
      r.fail("hours_ordered", "\"\(r.text("hours_ordered") ?? "")\" \(OrderBands.problem(o, band: band))")
    }
    let deadline = r.date("deadline")
    if let d = deadline, let s = sentence, d < s { r.fail("deadline", "\(d) is before the sentence date \(s)") }
    let travel = r.bool("travel_eligible")
    let start = r.date("start_date")
    let operationalEnd = r.date("operational_period_end")
    if let e = operationalEnd {
      if type != .suspendedSentenceOrder {
        r.fail("operational_period_end", "only a suspended sentence order has an operational period")
      } else if let s = sentence, e < s {
        r.fail("operational_period_end", "\(e) is before the sentence date \(s)")
      }
    }
    guard let sex, let risk, let ordered, let sentence, let type else { return }
    batch.people.append(
      PersonRecord(
        id: id, name: r.text("name"), sex: sex, risk: risk, available: available, unavailableDates: unavailable,
        areas: areas, skills: r.list("skills"), unsuitableFor: r.list("unsuitable_for"),
        keepApart: r.list("keep_apart"), minHoursPerWeek: minH.map { Double($0) / 60 },
        maxHoursPerWeek: maxH.map { Double($0) / 60 }))
    batch.orders.append(
      OrderRecord(
        person: id, orderedMinutes: ordered, sentenceDate: sentence, type: type, deadline: deadline,
        travelEligible: travel, startDate: start, operationalPeriodEnd: operationalEnd))
  }

  static func readProject(_ r: inout CSVRowReader, id: String, into batch: inout ImportBatch) {
    let kind = r.enumValue("kind", ProjectKind.self, allowed: "group, individual or ete")
    let area = r.required("area")
    let women = r.bool("women_only")
    let pps = r.int("people_per_supervisor", required: false, min: 1)
    let minA = r.int("min_attendance", required: false, min: 1)
    guard let kind, let area else { return }
    batch.projects.append(
      ProjectRecord(
        id: id, name: r.text("name"), kind: kind, area: area, involves: r.list("involves"),
        requiresSkills: r.list("requires_skills"), supervisorRequires: r.list("supervisor_requires"),
        womenOnly: women, peoplePerSupervisor: pps, minAttendance: minA))
  }

  static func readSession(_ r: inout CSVRowReader, id: String, into batch: inout ImportBatch) {
    let project = r.required("project")
    let date = r.date("date", required: true)
    let start = r.time("start")
    let end = r.time("end")
    if let s = start, let e = end, e <= s {
      r.fail("end", "\(r.text("end")!) is not after the start \(r.text("start")!)")
    }
    let minutes = r.hours("hours")
    if let m = minutes, m % 15 != 0 { r.fail("hours", "\"\(r.text("hours")!)\" is not a multiple of 0.25") }
    if let m = minutes, let s = start, let e = end, m > e - s {
      r.fail(
        "hours",
        "\"\(r.text("hours") ?? "")\" hours is longer than the session's \(r.text("start") ?? "")-\(r.text("end") ?? "")"
      )
    }
    let capacity = r.int("capacity")
    if capacity == 0 { r.fail("capacity", "0: a session needs at least 1 place") }
    guard let project, let date, let minutes, let capacity, capacity > 0 else { return }
    batch.sessions.append(
      SessionRecord(id: id, project: project, date: date, start: start, end: end, minutes: minutes, capacity: capacity))
  }

  static func readSupervisor(_ r: inout CSVRowReader, id: String, into batch: inout ImportBatch) {
    let areas = r.list("areas")
    if areas.isEmpty { r.fail("areas", "is empty (required: at least one area)") }
    let available = r.weekdays("available")
    let unavailable = r.dates("unavailable_dates")
    let maxS = r.int("max_sessions")
    guard let maxS else { return }
    batch.supervisors.append(
      SupervisorRecord(
        id: id, name: r.text("name"), areas: areas, available: available, unavailableDates: unavailable,
        maxSessions: maxS, qualifications: r.list("qualifications")))
  }

  /// The ledger's view of an instance: its reference data, each person's order reconstructed so
  /// that the ledger's balance gives back exactly `hours_remaining` and `ete_hours_remaining`,
  /// its defaults, and its pins as hand-made bookings.
  ///
  /// An instance knows what is left, not what was ordered: see ``reconstructOrder(workNeeded:eteLeft:policy:)``.
  /// The sentence date is the person's `start_date`, or the week's Monday.
  public static func batch(from instance: Instance, policy: LedgerPolicy = .standard) -> ImportBatch {
    var b = ImportBatch()
    b.settings = SchedulingDefaults(instance.defaults)
    for p in instance.projects {
      b.projects.append(
        ProjectRecord(
          id: p.id, name: p.name, kind: p.kind, area: p.area, involves: p.involves, requiresSkills: p.requiresSkills,
          supervisorRequires: p.supervisorRequires, womenOnly: p.womenOnly, peoplePerSupervisor: p.peoplePerSupervisor,
          minAttendance: p.minAttendance))
      for s in p.sessions {
        b.sessions.append(
          SessionRecord(
            id: s.id, project: p.id, date: s.date, start: s.start?.minutes, end: s.end?.minutes,
            minutes: Int((s.hours * 60).rounded()), capacity: s.capacity))
      }
    }
    for s in instance.supervisors {
      b.supervisors.append(
        SupervisorRecord(
          id: s.id, name: s.name, areas: s.areas, available: s.available.sorted(),
          unavailableDates: s.unavailableDates.sorted(), maxSessions: s.maxSessions, qualifications: s.qualifications))
    }
    for p in instance.people {
      b.people.append(
        PersonRecord(
          id: p.id, name: p.name, sex: p.sex, risk: p.risk, available: p.available.sorted(),
          unavailableDates: p.unavailableDates.sorted(), areas: p.areas, skills: p.skills,
          unsuitableFor: p.unsuitableFor, keepApart: p.keepApart, minHoursPerWeek: p.minHoursPerWeek,
          maxHoursPerWeek: p.maxHoursPerWeek))
      let r = Int((p.hoursRemaining * 60).rounded())
      let e = Int((p.eteHoursRemaining * 60).rounded())
      let order = reconstructOrder(workNeeded: r, eteLeft: e, policy: policy)
      b.instanceFigures[p.id] = InstanceFigures(
        index: b.instanceFigures.count, remainingMinutes: r, eteLeftMinutes: e, weekStart: instance.weekStart)
      let sentence = min(p.startDate ?? instance.weekStart, instance.weekStart)
      let standardShare = LedgerRules.eteAllowance(orderedMinutes: order.ordered, policy: policy) == e
      b.orders.append(
        OrderRecord(
          person: p.id, orderedMinutes: order.ordered, sentenceDate: sentence, type: .communityOrder,
          deadline: p.deadline, travelEligible: false, startDate: p.startDate,
          eteAllowanceMinutes: standardShare ? nil : e))
      if order.carried > 0 || order.reductionEnded {
        b.openings.append(
          OpeningBalance(
            person: p.id, creditedMinutes: order.carried, eteMinutes: 0, date: sentence,
            endsEarnedReduction: order.reductionEnded))
      }
    }
    b.bookings = instance.pins.map { ($0.person, $0.session) }
    return b
  }

  /// The order an instance's figures imply, inventing as little history as possible.
  ///
  /// `hours_remaining` is the work still needed (the ledger's ``OrderBalance/workNeededMinutes``),
  /// so the order is the smallest O, at least 40 hours and large enough for `ete_hours_remaining`
  /// to be within its 30% share, that a fresh order needing exactly that work has. Only when no
  /// fresh order is that small (less than 30 hours of work left) is work carried over from
  /// before the ledger (an opening balance), the least that makes the figure exact; and only when
  /// no eligible order within 300 hours needs that much work (more than 225 hours, with earned
  /// reduction on) does the opening record that eligibility had already ended. No ETE use is ever
  /// invented: the order carries the ETE left as its own allowance unless the standard share
  /// gives exactly that. (Before, a week with no ETE left was read as 30% of the order done as
  /// ETE, so everyone imported earned reduction from their first hour.)
  public static func reconstructOrder(workNeeded r: Int, eteLeft e: Int, policy: LedgerPolicy = .standard) -> (
    ordered: Int, carried: Int, reductionEnded: Bool
  ) {
    let band = OrderBands.adult
    let least = max(band.lowerBound, (e * 100 + policy.etePercent - 1) / max(1, policy.etePercent))
    func needed(_ o: Int, carried c: Int) -> Int {
      let entries: [BalanceEntry] = c > 0 ? [.opening(credited: c, on: CalendarDate(dayNumber: 0))] : []
      return OrderBalance.compute(
        terms: OrderTerms(orderedMinutes: o, sentenceDate: CalendarDate(dayNumber: 0)), entries: entries,
        asOf: CalendarDate(dayNumber: 0), policy: policy
      ).workNeededMinutes
    }
    /// The smallest x in range with predicate true (predicate monotone), or nil.
    func first(_ range: ClosedRange<Int>, _ p: (Int) -> Bool) -> Int? {
      var low = range.lowerBound
      var high = range.upperBound + 1
      while low < high {
        let mid = (low + high) / 2
        if p(mid) { high = mid } else { low = mid + 1 }
      }
      return low <= range.upperBound ? low : nil
    }
    if least <= band.upperBound, needed(least, carried: 0) <= r {
      if let o = first(least...band.upperBound, { needed($0, carried: 0) >= r }), needed(o, carried: 0) == r {
        return (o, 0, false)
      }
      // More work than any eligible order needs: eligibility must have ended before the ledger.
      let o = max(least, r)
      return (o, o - r, true)
    }
    if least > band.upperBound { return (least, max(0, least - r), false) }
    // Less work left than a fresh order of the least size needs: the rest was done before.
    let c = first(0...least, { needed(least, carried: $0) <= r }) ?? least
    return (least, c, false)
  }

  /// Reads files into one batch: `.json` as an instance, anything else as CSV.
  public static func readFiles(_ paths: [String], policy: LedgerPolicy = .standard) throws -> ImportBatch {
    var batch = ImportBatch()
    var problems: [InputError] = []
    for path in paths {
      if path.lowercased().hasSuffix(".json") {
        do {
          let i = batch.merging(Self.batch(from: try Instance.load(from: path), policy: policy), origin: path)
          batch = i
        } catch let e as InputError { problems.append(e) }
        continue
      }
      guard let data = FileManager.default.contents(atPath: path) else {
        problems.append(InputError(source: path, path: "", message: "cannot read the file"))
        continue
      }
      guard let text = String(data: data, encoding: .utf8) else {
        problems.append(InputError(source: path, path: "", message: "is not UTF-8 text"))
        continue
      }
      do { try parseCSV(text, source: (path as NSString).lastPathComponent, into: &batch) } catch let e as InputError {
        problems.append(e)
      }
    }
    if !problems.isEmpty {
      throw InputError(
        source: "",
        problems: problems.flatMap { e in e.problems.map { .init(path: e.source + ": " + $0.path, message: $0.message) }
        })
    }
    return batch
  }

  // MARK: - Import

  /// Imports reference data in one transaction: everything or, on any problem, nothing.
  ///
  /// A record identical to the ledger's current version is not written again; a changed one is
  /// appended as a new version that supersedes the old. References (an order's person, a
  /// session's project, a booking's person and session) must resolve to the batch or the ledger.
  @discardableResult
  public func importBatch(_ batch: ImportBatch, by: String, source: String = "import") throws -> ImportSummary {
    try store.write { tx in try self.importBatch(batch, by: by, source: source, tx) }
  }

  @discardableResult
  public func importBatch(_ batch: ImportBatch, by: String, source: String = "import") async throws -> ImportSummary {
    try await store.write { tx in try self.importBatch(batch, by: by, source: source, tx) }
  }

  func importBatch(_ b: ImportBatch, by: String, source: String, _ tx: any LedgerWriteTransaction) throws
    -> ImportSummary
  {
    var problems: [InputError.Problem] = []
    func place(_ kind: String, _ id: String, _ i: Int, _ field: String) -> String {
      if let o = b.origins["\(kind):\(id)"] { return "\(o), field \(field)" }
      return "\(kind)[\(i)].\(field)"
    }
    let people = Set(b.people.map(\.id))
    let projects = Set(b.projects.map(\.id))
    let sessions = Set(b.sessions.map(\.id))
    func exists(_ kind: EntryKind, _ id: String, _ local: Set<String>) throws -> Bool {
      try local.contains(id) || tx.current(kind, id: id) != nil
    }
    for (i, o) in b.orders.enumerated() where try !exists(.person, o.person, people) {
      problems.append(.init(path: place("people", o.person, i, "id"), message: "unknown person \"\(o.person)\""))
    }
    for (i, s) in b.sessions.enumerated() where try !exists(.project, s.project, projects) {
      problems.append(.init(path: place("sessions", s.id, i, "project"), message: "unknown project \"\(s.project)\""))
    }
    for (i, p) in b.people.enumerated() {
      for k in p.keepApart where try !exists(.person, k, people) {
        problems.append(.init(path: place("people", p.id, i, "keep_apart"), message: "unknown person \"\(k)\""))
      }
    }
    let today = now.date
    var keepOrders = Set<String>()
    for (i, o) in b.orders.enumerated() {
      let figures = b.instanceFigures[o.person]
      if !o.type.band.contains(o.orderedMinutes) {
        let path =
          figures.map { "people[\($0.index)].hours_remaining" } ?? place("people", o.person, i, "hours_ordered")
        problems.append(
          .init(
            path: path,
            message: "\(hoursText(o.orderedMinutes)) \(OrderBands.problem(o.orderedMinutes, band: o.type.band))"))
      }
      if figures == nil, b.origins["people:\(o.person)"] != nil, o.sentenceDate > today {
        problems.append(
          .init(
            path: place("people", o.person, i, "sentence_date"),
            message: "\(o.sentenceDate) is in the future (today is \(today))"))
      }
      guard let cur = try tx.current(.order, id: o.person), let old = Self.decode(OrderRecord.self, cur.data) else {
        continue
      }
      if let f = figures {
        // The ledger's own week read back: the same figures change nothing; other figures would
        // rewrite an order the history already accounts for.
        let s = PersonState(entries: try tx.entries(person: o.person))
        let bal = balance(of: s, at: LocalMoment(date: f.weekStart.adding(days: -1), minute: 1439)).balance
        if bal.workNeededMinutes != f.remainingMinutes || bal.eteLeftMinutes != f.eteLeftMinutes {
          problems.append(
            .init(
              path:
                "people[\(f.index)].\(bal.workNeededMinutes != f.remainingMinutes ? "hours_remaining" : "ete_hours_remaining")",
              message:
                "the ledger already holds \(o.person)'s order: \(hoursText(bal.workNeededMinutes)) of work still needed, "
                + "\(hoursText(bal.eteLeftMinutes)) of ETE left as of \(f.weekStart); an instance cannot change it "
                + "(use `payback amend` with a reason)"))
        }
        keepOrders.insert(o.person)
        continue
      }
      if old == o {
        keepOrders.insert(o.person)
        continue
      }
      let (field, was, becomes) = Self.firstDifference(old, o)
      problems.append(
        .init(
          path: place("people", o.person, i, field),
          message:
            "would change \(o.person)'s order recorded in entry \(cur.seq) (\(field) \(was) -> \(becomes)); "
            + "an order changes only by `payback amend` with a reason"))
    }
    for (i, p) in b.people.enumerated() {
      guard p.name == nil, let cur = try tx.current(.person, id: p.id),
        let old = Self.decode(PersonRecord.self, cur.data), let name = old.name
      else { continue }
      problems.append(
        .init(
          path: place("people", p.id, i, "name"),
          message: "would remove \(p.id)'s name \"\(name)\" (entry \(cur.seq)); leave the name in the file"))
    }
    for (i, o) in b.openings.enumerated() where try !exists(.person, o.person, people) {
      problems.append(.init(path: "openings[\(i)].person", message: "unknown person \"\(o.person)\""))
    }
    for (i, k) in b.bookings.enumerated() {
      if try !exists(.person, k.person, people) {
        problems.append(.init(path: "pins[\(i)].person", message: "unknown person \"\(k.person)\""))
      }
      if try !exists(.session, k.session, sessions) {
        problems.append(.init(path: "pins[\(i)].session", message: "unknown session \"\(k.session)\""))
      }
    }
    if !problems.isEmpty { throw InputError(source: source, problems: problems) }

    var summary = ImportSummary()
    let at = epochSeconds
    func put(_ kind: EntryKind, id: String, data: String, person: String? = nil, date: Int? = nil) throws {
      let current = try tx.current(kind, id: id)
      if current?.data == data {
        summary.unchanged += 1
        return
      }
      var e = StoredEntry(kind: kind, recordedBy: by, recordedAt: at)
      e.subject = id
      e.personId = person
      e.data = data
      e.date = date
      e.source = source
      e.supersedes = current?.seq
      e.reason = current == nil ? nil : "updated by \(source)"
      _ = try tx.append(e)
      summary.added[kind.rawValue, default: 0] += 1
    }
    if let s = b.settings { try put(.settings, id: "defaults", data: Self.encode(s)) }
    for p in b.projects { try put(.project, id: p.id, data: Self.encode(p)) }
    for s in b.sessions { try put(.session, id: s.id, data: Self.encode(s), date: s.date.dayNumber) }
    for s in b.supervisors { try put(.supervisor, id: s.id, data: Self.encode(s)) }
    for p in b.people { try put(.person, id: p.id, data: Self.encode(p), person: p.id) }
    for o in b.orders {
      if keepOrders.contains(o.person) {
        summary.unchanged += 1
        continue
      }
      try put(.order, id: o.person, data: Self.encode(o), person: o.person)
    }
    for o in b.openings {
      if keepOrders.contains(o.person) {
        summary.unchanged += 1
        continue
      }
      let current = try tx.current(.opening, id: o.person)
      if current?.creditedMinutes == o.creditedMinutes && current?.minutes == o.eteMinutes
        && current?.date == o.date.dayNumber
        && (current?.code == OpeningBalance.reductionEndedCode) == o.endsEarnedReduction
      {
        summary.unchanged += 1
        continue
      }
      var e = StoredEntry(kind: .opening, recordedBy: by, recordedAt: at)
      e.code = o.endsEarnedReduction ? OpeningBalance.reductionEndedCode : nil
      e.subject = o.person
      e.personId = o.person
      e.creditedMinutes = o.creditedMinutes
      e.minutes = o.eteMinutes
      e.date = o.date.dayNumber
      e.source = source
      e.supersedes = current?.seq
      e.reason = current == nil ? nil : "updated by \(source)"
      _ = try tx.append(e)
      summary.added["opening", default: 0] += 1
    }
    for k in b.bookings {
      let (_, new) = try book(tx, person: k.person, session: k.session, by: by, source: "pin", origin: source)
      if new { summary.added["appointment", default: 0] += 1 } else { summary.unchanged += 1 }
    }
    logger.info("import \(source): \(summary)")
    return summary
  }
}

extension ImportBatch {
  func merging(_ other: ImportBatch, origin: String) -> ImportBatch {
    var m = self
    m.people += other.people
    m.orders += other.orders
    m.projects += other.projects
    m.sessions += other.sessions
    m.supervisors += other.supervisors
    m.openings += other.openings
    m.settings = other.settings ?? settings
    m.bookings += other.bookings
    for (k, v) in other.instanceFigures { m.instanceFigures[k] = v }
    for (k, v) in other.origins { m.origins[k] = v }
    return m
  }
}
