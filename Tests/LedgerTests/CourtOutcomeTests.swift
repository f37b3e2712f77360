import Foundation
import GRDB
import Ledger
import PaybackCore
import Testing

/// Issue #12, "Court outcomes after breach", "Court extension of the 12-month period", and order
/// termination.
@Suite("Issue 12: court outcomes, extensions and termination")
struct CourtOutcomeTests {
  /// The scenario ledger (now 2026-06-01) with A1 booked on G1..G6 (Saturdays from 2026-01-10):
  /// G1 attended 09:00-16:00 (420), G2 and G3 unacceptable absences (UACP): a warning on
  /// 2026-01-17, then a breach on 2026-01-24.
  static func breached() throws -> Ledger {
    let (l, _) = try makeLedger(now: "2026-06-01T12:00:00Z")
    try ScenarioData.load(into: l)
    for w in 0..<6 {
      _ = try ScenarioData.publish(l, week: d("2026-01-05").adding(days: 7 * w).description, [("G\(w + 1)", ["A1"])])
    }
    try l.logOutcome(DefectTests.attended("A1", "G1"))
    try l.logOutcome(OutcomeInput(person: "A1", session: "G2", code: .UACP, recordedBy: "s"))
    try l.logOutcome(OutcomeInput(person: "A1", session: "G3", code: .UACP, recordedBy: "s"))
    return l
  }

  static func court(
    _ decision: CourtDecision, on date: String = "2026-02-02", hours: Int? = nil, until: String? = nil,
    pence: Int? = nil
  ) -> CourtOutcomeInput {
    CourtOutcomeInput(
      person: "A1", date: d(date), decision: decision, addedMinutes: hours.map { $0 * 60 },
      extendedTo: until.map(d), finePence: pence, recordedBy: "court officer")
  }

  /// A 60-hour order (3,600), 420 credited, eligibility for reduction ended by the UACP on
  /// 2026-01-17 (nothing earned: 420 is below the 900 threshold). Breach due. The court adds 10
  /// hours on 2026-02-02: ordered 4,200, remaining 4,200 − 420 = 3,780, all of it work (no
  /// reduction to earn). The breach is dealt with: enforcement starts afresh, so the UACP on
  /// G5 (2026-02-07) earns a warning, not another breach.
  @Test func hoursAddedDealWithTheBreach() throws {
    let l = try Self.breached()
    #expect(try l.balance(person: "A1").balance.enforcement.status == .breachDue)
    try l.recordCourtOutcome(Self.court(.hoursAdded, hours: 10))
    let b = try l.balance(person: "A1").balance
    #expect(b.orderedMinutes == 4200 && b.creditedMinutes == 420 && b.earnedReduction.minutes == 0)
    #expect(b.remainingMinutes == 3780 && b.workNeededMinutes == 3780)
    #expect(b.enforcement.status == .clear && b.enforcement.courtOutcomes == [d("2026-02-02")])
    #expect(try l.atRisk().isEmpty)
    // As of before the hearing: the order as it was, the breach due.
    let earlier = try l.balance(person: "A1", asOf: d("2026-02-01")).balance
    #expect(earlier.orderedMinutes == 3600 && earlier.enforcement.status == .breachDue)
    try l.logOutcome(OutcomeInput(person: "A1", session: "G5", code: .UACP, recordedBy: "s"))
    let after = try l.balance(person: "A1").balance
    #expect(after.enforcement.warnings == [d("2026-01-17"), d("2026-02-07")])
    #expect(after.enforcement.breaches == [d("2026-01-24")])
    #expect(after.enforcement.status == .warned && after.enforcement.warningLiveUntil == d("2027-02-07"))
    #expect(try l.verify().problems == [])
  }

  @Test func theOtherDecisions() throws {
    // Continued and fined: the breach is dealt with, the order unchanged.
    for decision in [CourtDecision.continued, .fine] {
      let l = try Self.breached()
      try l.recordCourtOutcome(Self.court(decision, pence: decision == .fine ? 8550 : nil))
      let b = try l.balance(person: "A1").balance
      #expect(b.enforcement.status == .clear && b.orderedMinutes == 3600, "\(decision)")
      #expect(
        try l.history(person: "A1").contains { $0.summary.contains(decision == .fine ? "fined £85.50" : "continued") })
    }
    // Extension of the period: the deadline moves, and the week carries it.
    let l = try Self.breached()
    try l.recordCourtOutcome(Self.court(.periodExtended, until: "2027-06-30"))
    #expect(try l.balance(person: "A1").order.deadline == d("2027-06-30"))
    let week = try l.weekInstance(weekStart: d("2026-06-08"))
    #expect(week.people.first { $0.id == "A1" }?.deadline == d("2027-06-30"))
    #expect(try l.verify().problems == [])
  }

  /// Revoked and re-sentenced on 2026-02-02: the order ends (3,180 outstanding then), later
  /// bookings (G5, G6) are cancelled, nothing more can be logged, and the week leaves A1 out.
  @Test func revocationEndsTheOrder() throws {
    let l = try Self.breached()
    try l.recordCourtOutcome(Self.court(.revoked))
    let p = try l.balance(person: "A1")
    #expect(p.balance.termination == OrderTermination(kind: .revoked, on: d("2026-02-02"), outstandingMinutes: 3180))
    #expect(p.balance.remainingMinutes == 0 && p.balance.enforcement.status == .clear)
    #expect(p.upcoming.isEmpty && p.overdue.map(\.session) == ["G4"])
    try DefectTests.refused(l, "session", "no appointment") {
      try l.logOutcome(OutcomeInput(person: "A1", session: "G5", code: .UACP, recordedBy: "s"))
    }
    try DefectTests.refused(l, "session", "revoked") { try l.book(person: "A1", session: "G7", by: "c") }
    #expect(try l.weekInstance(weekStart: d("2026-03-02")).people.allSatisfy { $0.id != "A1" })
    #expect(try l.verify().problems == [])
  }

  @Test func terminationCompletedAndExpired() throws {
    // B2: 40 hours (2,400) worked to the end: 600 to the threshold, then 1,200 that take 600
    // off; completed on the day of the last credit.
    let terms = OrderTerms(orderedMinutes: 2400, sentenceDate: d("2026-01-05"))
    let entries = [
      BalanceEntry.outcome(.ATTC, on: d("2026-01-10"), credited: 1000),
      .outcome(.ATTC, on: d("2026-01-17"), credited: 800),
    ]
    let done = OrderBalance.compute(terms: terms, entries: entries, asOf: d("2026-02-01"))
    #expect(done.remainingMinutes == 0 && done.termination == OrderTermination(kind: .completed, on: d("2026-01-17")))
    // A suspended sentence order whose operational period ended after 1,000 worked (200 earned:
    // floor((1000 - 600) / 2)), so 1,200 owed: expired, those hours lost.
    let sso = OrderTerms(
      orderedMinutes: 2400, sentenceDate: d("2026-01-05"), type: .suspendedSentenceOrder,
      operationalPeriodEnd: d("2026-06-30"))
    let expired = OrderBalance.compute(terms: sso, entries: [entries[0]], asOf: d("2026-07-01"))
    #expect(expired.termination == OrderTermination(kind: .expired, on: d("2026-06-30"), outstandingMinutes: 1200))
  }

  /// Each bad court outcome is refused naming its field, and writes nothing.
  @Test func badCourtOutcomesAreRefused() throws {
    let l = try Self.breached()
    let cases: [(CourtOutcomeInput, [String])] = [
      (Self.court(.hoursAdded, hours: 250), ["hours", "more than the 300 hours"]),
      (Self.court(.hoursAdded, hours: 0), ["hours", "not a positive"]),
      (Self.court(.hoursAdded), ["hours", "needs --hours"]),
      (Self.court(.continued, hours: 5), ["hours", "only hours_added"]),
      (Self.court(.periodExtended, until: "2026-12-01"), ["until", "not after the last day now in force"]),
      (Self.court(.fine, pence: 0), ["amount", "positive"]),
      (Self.court(.continued, on: "2026-07-01"), ["date", "future"]),
      (Self.court(.continued, on: "2026-01-20"), ["decision", "no breach due"]),
      (
        CourtOutcomeInput(person: "B2", date: d("2026-02-02"), decision: .continued, recordedBy: "c"),
        ["decision", "no breach due"]
      ),
      (CourtOutcomeInput(person: "ZZ", date: d("2026-02-02"), decision: .continued, recordedBy: "c"), ["person"]),
    ]
    for (input, fragments) in cases {
      let before = try l.entryCount()
      do {
        try l.recordCourtOutcome(input)
        Issue.record("\(input.decision) on \(input.date) was accepted")
      } catch let e as InputError {
        for f in fragments where !e.description.contains(f) { Issue.record("\"\(e.description)\" lacks \"\(f)\"") }
      }
      #expect(try l.entryCount() == before)
    }
    // A second court outcome for the same breach: none is due any more.
    try l.recordCourtOutcome(Self.court(.continued))
    try DefectTests.refused(l, "decision", "no breach due") { try l.recordCourtOutcome(Self.court(.fine, pence: 100)) }
    // Revoking before credit already recorded is refused.
    let m = try Self.breached()
    try m.logOutcome(DefectTests.attended("A1", "G4"))
    try DefectTests.refused(m, "date", "cannot be revoked before") {
      try m.recordCourtOutcome(Self.court(.revoked, on: "2026-01-26"))
    }
  }

  /// Withdrawing the court outcome puts the breach back; `verify` finds a court entry that did
  /// not follow a breach, or hours added past 300, written behind the ledger's back.
  @Test func verifyChecksCourtOutcomes() throws {
    let l = try Self.breached()
    let r = try l.recordCourtOutcome(Self.court(.hoursAdded, hours: 10))
    try l.retract(entry: r.seq, reason: "recorded against the wrong person", by: "c")
    #expect(try l.balance(person: "A1").balance.enforcement.status == .breachDue)
    #expect(try l.verify().problems == [])
    var bad = StoredEntry(kind: .court, recordedBy: "x", recordedAt: 0)
    bad.personId = "B2"
    bad.date = d("2026-02-02").dayNumber
    bad.code = CourtDecision.hoursAdded.rawValue
    bad.minutes = 280 * 60
    _ = try l.store.write { tx in try tx.append(bad) }
    let problems = try l.verify().problems
    #expect(problems.contains { $0.contains("B2") && $0.contains("followed a breach") }, "\(problems)")
    #expect(problems.contains { $0.contains("B2") && $0.contains("300 hours") }, "\(problems)")
  }

  /// The new migration: a ledger made before it is brought up to date, and the database itself
  /// refuses an entry kind the ledger does not know.
  @Test func theNewMigrationAppliesToAnOldLedger() throws {
    let path = scratchDirectory("migration") + "/old.sqlite"
    let old = try DatabaseQueue(path: path)
    try SQLiteLedgerStore.migrator.migrate(old, upTo: "ledger-1-entries")
    try old.close()
    let store = try SQLiteLedgerStore(path: path)
    let applied = try store.dbWriter.read { try SQLiteLedgerStore.migrator.appliedMigrations($0) }
    #expect(applied.contains("ledger-2-entry-kinds"))
    #expect(throws: (any Error).self) {
      try store.dbWriter.write { db in
        try db.execute(sql: "INSERT INTO entry (kind, recorded_by, recorded_at) VALUES ('bogus', 'x', 0)")
      }
    }
    var e = StoredEntry(kind: .court, recordedBy: "x", recordedAt: 0)
    e.code = "continued"
    #expect(try store.write { try $0.append(e) } > 0)
  }

  /// The command: each bad field is exit 2 naming it, with nothing written; a good one is recorded.
  @Test func theCourtCommand() throws {
    let dir = try DefectCommandTests.scenarioDirectory()
    let now = ["PAYBACK_NOW": "2026-06-01T12:00:00Z"]
    for (session, code) in [("G1", "UACP"), ("G2", "UACP")] {
      #expect(
        try payback(["book", "A1", session, "-q"], in: dir, environment: ["PAYBACK_NOW": "2026-01-05T00:00:00Z"]).0 == 0
      )
      #expect(try payback(["log", "A1", session, code, "-q"], in: dir, environment: now).0 == 0)
    }
    let history = try payback(["export", "history"], in: dir, environment: now).1
    let bad: [([String], String)] = [
      (["court", "A1", "bogus", "--date", "2026-02-02"], "decision"),
      (["court", "A1", "hours_added", "--date", "2026-02-02"], "--hours"),
      (["court", "A1", "hours_added", "--date", "2026-02-02", "--hours", "abc"], "--hours"),
      (["court", "A1", "hours_added", "--date", "2026-02-02", "--hours", "-5"], "--hours"),
      (["court", "A1", "hours_added", "--date", "2026-02-02", "--hours", "300"], "hours"),
      (["court", "A1", "fine", "--date", "2026-02-02", "--amount", "1e3"], "--amount"),
      (["court", "A1", "fine", "--date", "2026-02-02", "--amount", "-3"], "--amount"),
      (["court", "A1", "continued", "--date", "2026-02-30"], "--date"),
      (["court", "A1", "continued", "--date", "0001-01-08"], "--date"),
      (["court", "A1", "period_extended", "--date", "2026-02-02", "--until", "tomorrow"], "--until"),
      (["court", "A1", "continued", "--date", "2026-02-02", "--until", "2027-06-30"], "--until"),
      (["court", "B2", "continued", "--date", "2026-02-02"], "decision"),
    ]
    for (args, field) in bad {
      let r = try payback(args, in: dir, environment: now)
      #expect(r.0 == 2, "\(args): \(r.2)")
      #expect(r.2.contains(field), "\(args): \(r.2)")
    }
    #expect(try payback(["export", "history"], in: dir, environment: now).1 == history, "the ledger changed")
    let ok = try payback(
      ["court", "A1", "hours_added", "--date", "2026-02-02", "--hours", "10", "--json"], in: dir, environment: now)
    #expect(ok.0 == 0, "\(ok.2)")
    let balance = try payback(["balance", "A1", "--json"], in: dir, environment: now).1
    #expect(
      balance.contains("\"ordered_minutes\":4200") && balance.contains("\"court_outcomes\":[\"2026-02-02\"]"),
      "\(balance)")
    #expect(try payback(["verify"], in: dir, environment: now).0 == 0)
  }
}
