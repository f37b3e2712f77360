import Foundation
import Ledger
import PaybackCore
import Testing

/// Issue #12, "The scheduler plans work, not debt": past the 25% threshold each hour worked
/// takes 30 minutes off, so the week built from the ledger carries the hours of work still
/// needed, not the hours owed.
@Suite("Issue 12: the scheduler plans work, not debt")
struct WorkNotDebtTests {
  /// A 40-hour order (2,400 minutes) with 1,580 minutes worked and no failure.
  ///
  /// Hand calculation: threshold T = ceil(2400/4) = 600, cap floor(2400/4) = 600. Earned so far
  /// floor((1580 − 600) / 2) = 490, so owed 2400 − 1580 − 490 = 330 (5 h 30 m). Working w more
  /// minutes: owed falls by w + (min(600, floor((1580 + w − 600) / 2)) − 490). w = 220 gives
  /// 220 + (600 − 490) = 330: done, with the reduction exactly at its cap. w = 219 gives
  /// 219 + (599 − 490) = 328: 2 minutes short. So 3 h 40 m of work finishes it.
  @Test func anOrderOwing5h30IsFinishedBy3h40OfWork() {
    let terms = OrderTerms(orderedMinutes: 2400, sentenceDate: d("2026-01-05"))
    let worked = (0..<4).map { BalanceEntry.outcome(.ATTC, on: d("2026-01-10").adding(days: 7 * $0), credited: 395) }
    let b = OrderBalance.compute(terms: terms, entries: worked, asOf: d("2026-02-01"))
    #expect(b.earnedReduction.minutes == 490)
    #expect(b.remainingMinutes == 330)
    #expect(b.workNeededMinutes == 220)
    // And it is exact: 220 more minutes finish the order, 219 do not.
    for (more, left) in [(220, 0), (219, 2)] {
      let after = OrderBalance.compute(
        terms: terms, entries: worked + [.outcome(.ATTC, on: d("2026-02-07"), credited: more)], asOf: d("2026-02-08"))
      #expect(after.remainingMinutes == left, "\(more) minutes more")
    }
  }

  /// Before the threshold every minute counts once until it is reached, then one and a half.
  /// 60 h (3,600): T = 900, cap 900. After 5 sessions of 7 h (2,100): earned
  /// floor((2100 − 900) / 2) = 600, owed 3600 − 2100 − 600 = 900 (15 h). Work w: falls by
  /// w + min(900, floor((1200 + w) / 2)) − 600; w = 600 gives 600 + 300 = 900; w = 599 gives 599 + 299.
  /// From nothing: 900 to the threshold, then 2,700 owed less each minute's half:
  /// w + floor(w / 2) = 2700 at w = 1800, so 2,700 minutes (45 h) of work in all. After one
  /// session (420): 2,280 more, since every compliant order takes the same 2,700 minutes in all.
  @Test(arguments: [(0, 2700), (5, 600), (1, 2280)])
  func workNeededMatchesTheHandCalculation(sessions: Int, needed: Int) {
    let terms = OrderTerms(orderedMinutes: 3600, sentenceDate: d("2026-01-05"))
    let worked = (0..<sessions).map {
      BalanceEntry.outcome(.ATTC, on: d("2026-01-10").adding(days: 7 * $0), credited: 420)
    }
    let b = OrderBalance.compute(terms: terms, entries: worked, asOf: d("2026-04-01"))
    #expect(b.workNeededMinutes == needed, "after \(sessions) sessions")
  }

  /// No reduction to earn (an enforceable outcome, the setting off, the cap reached): the work
  /// needed is what is owed.
  @Test func withoutReductionTheWorkNeededIsWhatIsOwed() {
    let terms = OrderTerms(orderedMinutes: 3600, sentenceDate: d("2026-01-05"))
    let worked = (0..<5).map { BalanceEntry.outcome(.ATTC, on: d("2026-01-10").adding(days: 7 * $0), credited: 420) }
    let failed = OrderBalance.compute(
      terms: terms, entries: worked + [.outcome(.UACP, on: d("2026-02-14"))], asOf: d("2026-03-01"))
    #expect(failed.workNeededMinutes == failed.remainingMinutes)
    let off = OrderBalance.compute(
      terms: terms, entries: worked, asOf: d("2026-03-01"), policy: LedgerPolicy(earnedReduction: false))
    #expect(off.remainingMinutes == 1500 && off.workNeededMinutes == 1500)
  }

  /// Property: working exactly the minutes needed finishes the order, one minute fewer does not.
  @Test func workingWhatIsNeededFinishesTheOrderAndNoLess() {
    var rng = SplitMix64(seed: 12)
    for _ in 0..<300 {
      let ordered = 2400 + Int(rng.next() % 15601)
      let terms = OrderTerms(orderedMinutes: ordered, sentenceDate: d("2026-01-05"))
      var entries: [BalanceEntry] = []
      var owed = ordered
      for k in 0..<Int(rng.next() % 30) {
        let m = min(owed, 60 + Int(rng.next() % 420))
        if m == 0 { break }
        entries.append(.outcome(.ATTC, on: d("2026-01-10").adding(days: k), credited: m))
        owed = OrderBalance.compute(terms: terms, entries: entries, asOf: d("2026-06-01")).remainingMinutes
      }
      let b = OrderBalance.compute(terms: terms, entries: entries, asOf: d("2026-06-01"))
      let w = b.workNeededMinutes
      #expect(w <= b.remainingMinutes)
      func left(_ more: Int) -> Int {
        OrderBalance.compute(
          terms: terms, entries: entries + [.outcome(.ATTC, on: d("2026-05-01"), credited: more)], asOf: d("2026-06-01")
        ).remainingMinutes
      }
      #expect(left(w) == 0, "\(ordered) ordered, \(w) needed")
      if w > 0 { #expect(left(w - 1) > 0, "\(ordered) ordered, \(w) needed") }
    }
  }

  /// The week built from the ledger carries the hours of work needed, and its pace target with them.
  @Test func weekInstanceCarriesTheWorkStillNeeded() throws {
    let (l, _) = try makeLedger(now: "2026-06-01T12:00:00Z")
    try ScenarioData.load(into: l)
    for w in 0..<5 {
      let monday = d("2026-01-05").adding(days: 7 * w)
      _ = try ScenarioData.publish(l, week: monday.description, [("G\(w + 1)", ["A1"])])
      try l.logOutcome(
        OutcomeInput(
          person: "A1", session: "G\(w + 1)", code: .ATTC, start: t("09:00"), finish: t("16:00"), recordedBy: "s"))
    }
    let b = try l.balance(person: "A1", asOf: d("2026-02-08")).balance
    #expect(b.remainingMinutes == 900 && b.workNeededMinutes == 600)
    let week = try l.weekInstance(weekStart: d("2026-02-09"))
    let a1 = try #require(week.people.first { $0.id == "A1" })
    #expect(a1.hoursRemaining == 10, "15 h owed, 10 h of work")
    // The pace target is spread from the work: 600 minutes over the 48 weeks to 2027-01-04.
    #expect(b.neededMinutesPerWeek == 13)
    // The ledger's own week read back is still a no-op.
    let summary = try l.importBatch(Ledger.batch(from: week), by: "t", source: "week.json")
    #expect(summary.added["order"] == nil && summary.added["opening"] == nil, "\(summary)")
  }

  /// Flagged: an instance saying "no ETE left" was read as 30% of the order worked as ETE before
  /// the ledger, so everyone imported earned reduction from the first hour. An instance knows
  /// what is left; the import invents no work: the order carries its own ETE allowance.
  @Test func importInventsNoWorkForAnInstanceWithoutETE() throws {
    var week = try Instance.load(from: "\(repoRoot)/instances/tiny.json")
    week.people = [week.people[0]]
    week.people[0].hoursRemaining = 100
    week.people[0].eteHoursRemaining = 0
    week.pins = []
    week.people[0].keepApart = []
    let batch = Ledger.batch(from: week)
    #expect(batch.openings.isEmpty, "no work before the ledger is invented")
    let (l, _) = try makeLedger(now: "2026-11-20T12:00:00Z")
    try l.importBatch(batch, by: "t", source: "tiny")
    let b = try l.balance(person: week.people[0].id, asOf: week.weekStart.adding(days: -1)).balance
    #expect(!b.earnedReduction.thresholdReached)
    #expect(b.workNeededMinutes == 6000 && b.eteLeftMinutes == 0)
  }
}
