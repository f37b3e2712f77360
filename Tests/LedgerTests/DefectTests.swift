import Foundation
import Ledger
import PaybackCore
import Testing

/// Issue #12, "Defects found": each reproduced as a user met it, then refused or fixed.
@Suite("Issue 12 defects")
struct DefectTests {
  static let utc = TimeZone(identifier: "UTC")!

  /// The same ledger file seen through a clock reading `iso`.
  static func at(_ ledger: Ledger, _ iso: String) -> Ledger {
    let date = ISO8601DateFormatter().date(from: iso)!
    return Ledger(store: ledger.store, policy: ledger.policy, timeZone: utc, now: { date })
  }

  static func refused(
    _ ledger: Ledger, _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
  ) throws {
    let before = try ledger.entryCount()
    do {
      try body()
      Issue.record("expected an error mentioning \(fragments)", sourceLocation: sourceLocation)
    } catch let e as InputError {
      for f in fragments where !e.description.contains(f) {
        Issue.record("\"\(e.description)\" does not mention \"\(f)\"", sourceLocation: sourceLocation)
      }
    }
    #expect(try ledger.entryCount() == before, "the ledger changed", sourceLocation: sourceLocation)
  }

  static func attended(_ p: String, _ s: String, _ a: String = "09:00", _ b: String = "16:00", key: String? = nil)
    -> OutcomeInput
  {
    OutcomeInput(
      person: p, session: s, code: .ATTC, start: t(a), finish: t(b), recordedBy: "s", idempotencyKey: key)
  }

  /// The scenario ledger (now 2026-06-01) with A1 on G1..G3 and B2 on G1, A1 attended G1 (7 h).
  static func ledger() throws -> Ledger {
    let (ledger, _) = try makeLedger(now: "2026-06-01T12:00:00Z")
    try ScenarioData.load(into: ledger)
    _ = try ScenarioData.publish(ledger, week: "2026-01-05", [("G1", ["A1", "B2"])])
    _ = try ScenarioData.publish(ledger, week: "2026-01-12", [("G2", ["A1"])])
    _ = try ScenarioData.publish(ledger, week: "2026-01-19", [("G3", ["A1"])])
    try ledger.logOutcome(attended("A1", "G1"))
    return ledger
  }

  static func importCSV(_ ledger: Ledger, _ csv: String, _ name: String = "people.csv") throws {
    var batch = ImportBatch()
    try Ledger.parseCSV(csv, source: name, into: &batch)
    try ledger.importBatch(batch, by: "c", source: name)
  }

  // MARK: 1. Re-import rewrites history

  @Test func reimportCannotChangeAnOrder() throws {
    let l = try Self.ledger()
    let header = "id,name,sex,risk,available,areas,hours_ordered,sentence_date,order_type,deadline,travel_eligible"
    let changes = [
      ("A1,Al,male,low,tue;sat,north,50,2026-01-05,community_order,2027-01-04,yes", "hours_ordered"),
      ("A1,Al,male,low,tue;sat,north,60,2026-02-01,community_order,2027-01-04,yes", "sentence_date"),
      ("A1,Al,male,low,tue;sat,north,60,2026-01-05,community_order,,yes", "deadline"),
      ("A1,Al,male,low,tue;sat,north,60,2026-01-05,community_order,2027-01-04,no", "travel_eligible"),
      ("A1,Al,male,low,tue;sat,north,60,2026-01-05,suspended_sentence_order,2027-01-04,yes", "order_type"),
      ("A1,,male,low,tue;sat,north,60,2026-01-05,community_order,2027-01-04,yes", "name"),
    ]
    for (row, field) in changes {
      try Self.refused(l, "people.csv: row 2, field \(field)") { try Self.importCSV(l, header + "\n" + row) }
    }
    // The same rows again change nothing and are fine.
    try Self.importCSV(l, ScenarioData.people)
    #expect(try l.balance(person: "A1").order.orderedMinutes == 3600)
  }

  @Test func anAmendmentIsRecordedWithItsReasonAndCheckedAgainstTheHistory() throws {
    let l = try Self.ledger()
    // Outcome on 2026-01-10: a sentence date after it contradicts the history.
    try Self.refused(l, "sentence_date", "2026-01-10") {
      _ = try l.amendOrder(
        person: "A1", OrderAmendment(sentenceDate: d("2026-02-01")), reason: "typo", by: "c")
    }
    try l.logAdjustment(
      AdjustmentInput(kind: .travel, person: "A1", date: d("2026-01-10"), minutes: 60, recordedBy: "s"))
    try Self.refused(l, "travel_eligible", "travel") {
      _ = try l.amendOrder(person: "A1", OrderAmendment(travelEligible: false), reason: "x", by: "c")
    }
    try Self.refused(l, "hours_ordered", "40") {
      _ = try l.amendOrder(person: "A1", OrderAmendment(orderedMinutes: 1200), reason: "x", by: "c")
    }
    try Self.refused(l, "reason") {
      _ = try l.amendOrder(person: "A1", OrderAmendment(orderedMinutes: 3000), reason: " ", by: "c")
    }
    let seq = try l.amendOrder(
      person: "A1", OrderAmendment(orderedMinutes: 3000), reason: "court varied the order", by: "clerk")
    let h = try l.history(person: "A1")
    let line = try #require(h.first { $0.entry.seq == seq })
    #expect(line.entry.reason == "court varied the order")
    #expect(line.entry.recordedBy == "clerk")
    #expect(try l.balance(person: "A1").order.orderedMinutes == 3000)
    #expect(try l.verify().isValid)
  }

  // MARK: 2. Importing an instance JSON double counts

  @Test func reimportingTheLedgersOwnWeekChangesNothing() throws {
    let original = try Instance.load(from: "\(repoRoot)/instances/small.json")
    let (l, _) = try makeLedger(now: "2026-11-20T12:00:00Z")
    try l.importBatch(Ledger.batch(from: original), by: "t", source: "small")
    let week = try l.weekInstance(weekStart: original.weekStart)
    let before = try l.balances().map { "\($0.person.id) \($0.balance.remainingMinutes)" }
    let summary = try l.importBatch(Ledger.batch(from: week), by: "t", source: "week.json")
    #expect(summary.added["order"] == nil && summary.added["opening"] == nil, "\(summary)")
    #expect(try l.balances().map { "\($0.person.id) \($0.balance.remainingMinutes)" } == before)
    // An instance saying something else about an order already held is refused.
    var changed = week
    changed.people[0].hoursRemaining -= 9
    try Self.refused(l, "people[0].hours_remaining") {
      try l.importBatch(Ledger.batch(from: changed), by: "t", source: "week.json")
    }
  }

  @Test(arguments: ["example-week", "region-1000", "medium"])
  func reconstructedOrdersRespectTheLegalBands(_ name: String) throws {
    let original = try Instance.load(from: "\(repoRoot)/instances/\(name).json")
    let batch = Ledger.batch(from: original)
    for o in batch.orders {
      #expect((2400...18000).contains(o.orderedMinutes), "\(o.person): \(o.orderedMinutes) minutes")
    }
    let (l, _) = try makeLedger(now: "2026-11-20T12:00:00Z")
    try l.importBatch(batch, by: "t", source: name)
    let rebuilt = try l.weekInstance(weekStart: original.weekStart)
    let byId = Dictionary(uniqueKeysWithValues: original.people.map { ($0.id, $0) })
    for p in rebuilt.people {
      let o = try #require(byId[p.id])
      #expect(p.hoursRemaining == o.hoursRemaining, "\(p.id)")
      #expect(p.eteHoursRemaining == o.eteHoursRemaining, "\(p.id)")
    }
  }

  // MARK: 3. --as-of ignores the date

  @Test func asOfCountsOnlyEntriesUpToThatDay() throws {
    let l = try Self.ledger()
    #expect(try l.balance(person: "A1", asOf: d("2026-01-09")).balance.creditedMinutes == 0)
    #expect(try l.balance(person: "A1", asOf: d("2026-01-10")).balance.creditedMinutes == 420)
    try l.logOutcome(OutcomeInput(person: "A1", session: "G2", code: .UACP, recordedBy: "s"))
    try l.logOutcome(OutcomeInput(person: "A1", session: "G3", code: .UACP, recordedBy: "s"))
    #expect(try l.balance(person: "A1", asOf: d("2026-01-20")).balance.enforcement.status == .warned)
    #expect(try l.atRisk(asOf: d("2026-01-20")).isEmpty)
    #expect(try l.atRisk(asOf: d("2026-01-24")).map(\.person.id) == ["A1"])
  }

  // MARK: 4. Impossible times are credited

  @Test func attendanceOutsideTheSessionIsRefused() throws {
    let l = try Self.ledger()
    try Self.refused(l, "start", "too early") { try l.logOutcome(Self.attended("A1", "G2", "00:00", "23:59")) }
    try Self.refused(l, "start", "too early") { try l.logOutcome(Self.attended("A1", "G2", "05:00", "23:00")) }
    try Self.refused(l, "finish", "too late") { try l.logOutcome(Self.attended("A1", "G2", "09:00", "17:01")) }
    try l.logOutcome(Self.attended("A1", "G2", "08:00", "17:00"))
    // A finish later than now.
    let early = Self.at(l, "2026-01-24T12:00:00Z")
    try Self.refused(early, "finish", "future") { try early.logOutcome(Self.attended("A1", "G3", "09:00", "16:00")) }
  }

  // MARK: 5. Work after the end of a suspended sentence order's operational period

  @Test func nothingIsCreditedAfterAnOperationalPeriodEnds() throws {
    let l = try Self.ledger()
    let sso =
      "id,name,risk,available,areas,hours_ordered,sentence_date,order_type,operational_period_end,travel_eligible\n"
      + "C3,Cy,low,tue;sat,north,40,2026-01-05,suspended_sentence_order,2026-03-31,yes"
    try Self.importCSV(l, sso)
    _ = try l.book(person: "C3", session: "G1", by: "c")
    _ = try l.book(person: "C3", session: "G3", by: "c")
    try l.logOutcome(Self.attended("C3", "G1"))
    _ = try l.amendOrder(
      person: "C3", OrderAmendment(operationalPeriodEnd: d("2026-01-20")), reason: "court record", by: "c")
    try Self.refused(l, "date", "operational period") { try l.logOutcome(Self.attended("C3", "G3")) }
    try Self.refused(l, "date", "operational period") {
      try l.logAdjustment(
        AdjustmentInput(kind: .ete, person: "C3", date: d("2026-01-21"), minutes: 60, recordedBy: "s"))
    }
    try Self.refused(l, "session", "operational period") { _ = try l.book(person: "C3", session: "G4", by: "c") }
    let b = try l.balance(person: "C3")
    #expect(b.balance.endedOn == d("2026-01-20"))
    #expect(b.balance.lostMinutes == 2400 - 420)
    #expect(b.balance.remainingMinutes == 0)
    // Before the end it was still running.
    #expect(try l.balance(person: "C3", asOf: d("2026-01-15")).balance.lostMinutes == 0)
  }

  // MARK: 6. Travel is not tied to attendance

  @Test func travelNeedsAnAttendedAppointmentThatDay() throws {
    let l = try Self.ledger()
    func travel(_ date: String, _ m: Int) -> AdjustmentInput {
      AdjustmentInput(kind: .travel, person: "A1", date: d(date), minutes: m, recordedBy: "s")
    }
    try Self.refused(l, "date", "no attended appointment") { try l.logAdjustment(travel("2026-01-17", 60)) }
    try l.logAdjustment(travel("2026-01-10", 120))
    try l.logAdjustment(travel("2026-01-10", 60))
    try Self.refused(l, "minutes", "180") { try l.logAdjustment(travel("2026-01-10", 1)) }
  }

  // MARK: 7. `book` checks nothing

  @Test func handBookingsPassTheRosterRules() throws {
    let l = try Self.ledger()
    let extra =
      "id,project,date,start,end,hours,capacity\n"
      + "EARLY,PARK,2026-01-03,09:00,16:00,7,8\nONE,PARK,2026-02-14,09:00,16:00,7,1\nLATE,PARK,2027-02-06,09:00,16:00,7,8"
    try Self.importCSV(l, extra, "sessions.csv")
    try Self.refused(l, "sentence date") { _ = try l.book(person: "A1", session: "EARLY", by: "c") }
    try Self.refused(l, "deadline") { _ = try l.book(person: "A1", session: "LATE", by: "c") }
    try Self.refused(l, "H3") { _ = try l.book(person: "B2", session: "E1", by: "c") }
    _ = try l.book(person: "A1", session: "ONE", by: "c")
    try Self.refused(l, "H5") { _ = try l.book(person: "B2", session: "ONE", by: "c") }
  }

  // MARK: 8. Idempotency keys can lie

  @Test func aKeyAlwaysMeansTheSameEntry() throws {
    let l = try Self.ledger()
    try l.logOutcome(Self.attended("A1", "G2", key: "k2"))
    let again = try l.logOutcome(Self.attended("A1", "G2", key: "k2"))
    #expect(again.duplicate)
    try Self.refused(l, "idempotency_key", "different") {
      try l.logOutcome(Self.attended("A1", "G2", "09:00", "15:00", key: "k2"))
    }
    try Self.refused(l, "entry", "999") { try l.retract(entry: 999, reason: "x", by: "c") }
    let w = try l.retract(entry: again.seq, reason: "recorded in error", by: "c", idempotencyKey: "w1")
    #expect(try l.retract(entry: again.seq, reason: "recorded in error", by: "c", idempotencyKey: "w1") == w)
    try Self.refused(l, "idempotency_key") { try l.retract(entry: 1, reason: "x", by: "c", idempotencyKey: "w1") }
  }

  // MARK: 9. Re-planning rewrites the past

  @Test func publishingTouchesOnlySessionsNotStarted() throws {
    let (base, _) = try makeLedger(now: "2026-01-05T08:00:00Z")
    try ScenarioData.load(into: base)
    _ = try ScenarioData.publish(base, week: "2026-01-05", [("G1", ["A1", "B2"])])
    // Saturday 12:00: G1 (09:00-16:00) has started. A re-plan dropping both and adding nobody.
    let saturday = Self.at(base, "2026-01-10T12:00:00Z")
    let instance = try saturday.weekInstance(weekStart: d("2026-01-05"))
    let roster = Roster(
      instance: instance.name, weekStart: d("2026-01-05"), method: "hand", status: "test", objective: 0,
      assignments: [Assignment(session: "G1", supervisors: ["S1"], people: ["A1"])])
    let s = try saturday.publish(roster, for: instance, by: "c")
    #expect(s.cancelled == 0)
    #expect(try saturday.session("G1")?.appointments.count == 2)
    // A started session is not booked either.
    let (fresh, _) = try makeLedger(now: "2026-01-10T12:00:00Z")
    try ScenarioData.load(into: fresh)
    let i2 = try fresh.weekInstance(weekStart: d("2026-01-05"))
    let s2 = try fresh.publish(
      Roster(
        instance: i2.name, weekStart: d("2026-01-05"), method: "hand", status: "test", objective: 0,
        assignments: [Assignment(session: "G1", supervisors: ["S1"], people: ["A1"])]), for: i2, by: "c")
    #expect(s2.booked == 0)
    #expect(s2.skippedStarted == 1)
  }

  // MARK: 12. CSV accepts nonsense

  @Test(arguments: [
    (
      "id,risk,available,areas,hours_ordered,sentence_date\nP1,low,mon,north,10,2026-01-01",
      "row 2, field hours_ordered", "40"
    ),
    (
      "id,risk,available,areas,hours_ordered,sentence_date\nP1,low,mon,north,0x64,2026-01-01",
      "row 2, field hours_ordered", "not a number"
    ),
    (
      "id,risk,available,areas,hours_ordered,sentence_date\nP1,low,mon,north,1e2,2026-01-01",
      "row 2, field hours_ordered", "not a number"
    ),
    (
      "id,risk,available,areas,hours_ordered,sentence_date\nP1,low,mon,north,60,2030-01-01",
      "row 2, field sentence_date", "future"
    ),
    (
      "id,risk,available,areas,hours_ordered,sentence_date,id\nP1,low,mon,north,60,2026-01-01,P1", "row 1, column 7",
      "twice"
    ),
    (
      "id,project,date,start,end,hours,capacity\nS1,PARK,2026-01-10,09:00,16:00,7,0", "row 2, field capacity",
      "at least 1"
    ),
    (
      "id,project,date,start,end,hours,capacity\nS1,PARK,2026-01-10,09:00,10:00,7,8", "row 2, field hours",
      "longer than"
    ),
    (
      "id,project,date,start,end,hours,capacity\nS1,PARK,2026-01-10,09:00,16:00,7,+8", "row 2, field capacity",
      "whole number"
    ),
  ])
  func nonsenseCSVIsRefused(csv: String, place: String, message: String) throws {
    let l = try Self.ledger()
    try Self.refused(l, "bad.csv", place, message) { try Self.importCSV(l, csv, "bad.csv") }
  }
}

/// Defects 10 and 11 as a user meets them: through the binary.
@Suite("Issue 12 defects through the command line", .serialized)
struct DefectCommandTests {
  static func scenarioDirectory() throws -> String {
    let dir = scratchDirectory("cli12")
    for (name, text) in [
      ("people.csv", ScenarioData.people), ("projects.csv", ScenarioData.projects),
      ("supervisors.csv", ScenarioData.supervisors), ("sessions.csv", ScenarioData.sessions),
    ] {
      try text.write(toFile: "\(dir)/\(name)", atomically: true, encoding: .utf8)
    }
    let r = try payback(["import", "people.csv", "projects.csv", "supervisors.csv", "sessions.csv", "-q"], in: dir)
    #expect(r.0 == 0, "\(r.2)")
    return dir
  }

  @Test func badNumbersAreBadInputNamingTheField() throws {
    let dir = try Self.scenarioDirectory()
    _ = try payback(["book", "A1", "G1", "-q"], in: dir)
    var r = try payback(
      ["log", "A1", "G1", "ATTC", "--start", "09:00", "--finish", "16:00", "--penalty", "-5"], in: dir)
    #expect(r.0 == 2, "\(r.2)")
    #expect(r.2.contains("penalty"))
    r = try payback(["log", "A1", "G1", "ATTC", "--start", "09:00", "--finish", "16:00", "--penalty", "abc"], in: dir)
    #expect(r.0 == 2, "\(r.2)")
    #expect(r.2.contains("penalty"))
    r = try payback(["adjust", "travel", "A1", "-30"], in: dir)
    #expect(r.0 == 2, "\(r.2)")
    #expect(r.2.contains("minutes"))
  }

  @Test func aLedgerThatDoesNotExistIsAnError() throws {
    let dir = scratchDirectory("cli12")
    for args in [["balance", "A1"], ["week-instance", "--week", "2026-01-05"], ["verify"], ["overdue"]] {
      let r = try payback(args + ["--db", "typo.sqlite"], in: dir)
      #expect(r.0 == 2, "\(args): \(r.2)")
      #expect(r.2.contains("typo.sqlite"))
      #expect(!FileManager.default.fileExists(atPath: "\(dir)/typo.sqlite"))
    }
    let r = try payback(["init", "--db", "new.sqlite"], in: dir)
    #expect(r.0 == 0, "\(r.2)")
    #expect(FileManager.default.fileExists(atPath: "\(dir)/new.sqlite"))
  }

  @Test func farDatesAreRefusedNotCrashed() throws {
    let dir = try Self.scenarioDirectory()
    let r = try payback(["week-instance", "--week", "0001-01-08"], in: dir)
    #expect(r.0 == 2, "\(r.2)")
    #expect(r.2.contains("--week"))
  }

  /// Fuzz: dates and numbers users might type, into every ledger command that takes them; the
  /// process always ends with 0, 1 or 2, never a crash or an internal error.
  @Test func noDateOrNumberAbortsACommand() throws {
    let dir = try Self.scenarioDirectory()
    var rng = SystemRandomNumberGenerator()
    let dates = [
      "0001-01-08", "0000-00-00", "9999-12-31", "1582-10-15", "2026-02-29", "2028-02-29", "2100-12-31",
      "2101-01-01", "1999-12-31", "2026-13-01", "-2026-01-01", "2026-1-1", "", " ", "2026-01-05",
    ]
    let numbers = [
      "-1", "0", "1", "-5", "181", "99999999999999999999", "-9223372036854775808", "9223372036854775807", "1e3",
      "0x64", "nan", "", "3.5",
    ]
    var runs: [[String]] = []
    for dt in dates {
      runs.append(["week-instance", "--week", dt])
      runs.append(["balance", "A1", "--as-of", dt])
      runs.append(["at-risk", "--as-of", dt])
      runs.append(["adjust", "travel", "A1", "30", "--date", dt])
      runs.append(["court", "A1", "continued", "--date", dt])
      runs.append(["court", "A1", "period_extended", "--date", "2026-02-02", "--until", dt])
    }
    for n in numbers {
      runs.append(["log", "A1", "G2", "ATTC", "--start", "09:00", "--finish", "16:00", "--penalty", n])
      runs.append(["adjust", "ete", "A1", n])
      runs.append(["withdraw", n, "--reason", "x"])
      runs.append(["log", "A1", "G2", "ATTC", "--corrects", n, "--reason", "x"])
      runs.append(["court", "A1", "hours_added", "--date", "2026-02-02", "--hours", n])
      runs.append(["court", "A1", "fine", "--date", "2026-02-02", "--amount", n])
      runs.append(["policy", "set", "--ete-percent", n, "--reason", "fuzz"])
      runs.append(["policy", "set", "--travel-cap", n, "--attendance-tolerance", n, "--reason", "fuzz"])
      runs.append(["policy", "set", "--at-risk-hours", n, "--reason", "fuzz"])
    }
    runs.shuffle(using: &rng)
    for args in runs {
      let r = try payback(args + ["-q"], in: dir)
      // 64 is argument-parser's usage error (an option where a value was expected): still a
      // clean refusal, not an abort.
      #expect([0, 1, 2, 64].contains(r.0), "\(args) ended with \(r.0): \(r.2)")
    }
  }
}
