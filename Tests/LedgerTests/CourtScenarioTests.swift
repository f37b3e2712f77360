import Foundation
import Ledger
import PaybackCore
import Testing

/// Issue #12's acceptance scenario, as far as one order per person goes (several orders per
/// person are not built yet): a breach with a court outcome (hours added), a second breach and
/// the court's extension, a suspended sentence order that ends with hours lost, and a reschedule
/// at the person's request; every figure is a hand calculation written out here.
@Suite("Issue 12: scenario with court outcomes, an extension and an SSO that ends")
struct CourtScenarioTests {
  @Test func balancesEarnedReductionAndEnforcementMatchTheHandCalculation() throws {
    let (l, _) = try makeLedger(now: "2026-06-01T12:00:00Z")
    try ScenarioData.load(into: l)
    // B2's suspended sentence order: its operational period ends on 2026-03-31.
    _ = try l.amendOrder(
      person: "B2", OrderAmendment(operationalPeriodEnd: d("2026-03-31")), reason: "court record: SSO 2 years",
      by: "c")
    let weeks: [(String, String, [String])] = [
      ("2026-01-05", "G1", ["A1", "B2"]), ("2026-01-12", "G2", ["A1", "B2"]), ("2026-01-26", "G4", ["A1"]),
      ("2026-02-02", "G5", ["A1"]), ("2026-02-09", "G6", ["A1"]), ("2026-02-16", "G7", ["A1"]),
    ]
    for (week, session, people) in weeks { _ = try ScenarioData.publish(l, week: week, [(session, people)]) }
    func log(
      _ p: String, _ s: String, _ code: OutcomeCode, _ from: String? = nil, _ to: String? = nil, penalty: Int = 0,
      rebook: String? = nil
    ) throws {
      try l.logOutcome(
        OutcomeInput(
          person: p, session: s, code: code, start: from.map(t), finish: to.map(t), penaltyMinutes: penalty,
          recordedBy: "s", rebookOn: rebook))
    }
    // A1, a 60-hour community order (3,600), deadline 2027-01-04.
    try log("A1", "G1", .ATTC, "09:00", "16:00")  // 2026-01-10: 420 credited
    try log("A1", "G2", .RSOF, rebook: "G3")  // 2026-01-17: rescheduled at A1's request, to G3
    try log("A1", "G3", .UACP)  // 2026-01-24: first failure, a warning (live to 2027-01-24); ends s.37
    try log("A1", "G4", .UACP)  // 2026-01-31: within the warning: a breach
    #expect(try l.balance(person: "A1").balance.enforcement.status == .breachDue)
    try l.recordCourtOutcome(
      CourtOutcomeInput(person: "A1", date: d("2026-02-05"), decision: .hoursAdded, addedMinutes: 720, recordedBy: "c"))
    try log("A1", "G5", .UACP)  // 2026-02-07: after the court, afresh: a warning (live to 2027-02-07)
    try log("A1", "G6", .UACP)  // 2026-02-14: a second breach
    try l.recordCourtOutcome(
      CourtOutcomeInput(
        person: "A1", date: d("2026-02-16"), decision: .periodExtended, extendedTo: d("2027-06-30"), recordedBy: "c"))
    try log("A1", "G7", .ATTC, "09:00", "15:30", penalty: 30)  // 2026-02-21: 390 − 30 = 360 credited
    // B2: 40 hours (2,400), G1 and G2 attended, 7 h each.
    try log("B2", "G1", .ATTC, "09:00", "16:00")
    try log("B2", "G2", .ATTC, "09:00", "16:00")

    // A1 by hand: ordered 3,600 + 720 = 4,320. Credited 420 + 360 = 780. Earned reduction:
    // eligibility ended on 2026-01-24 with 420 worked, below T = ceil(4320 / 4) = 1,080: 0.
    // Remaining 4,320 − 780 = 3,540, and with nothing to earn the work needed is the same.
    let a = try l.balance(person: "A1")
    #expect(a.balance.orderedMinutes == 4320 && a.balance.creditedMinutes == 780)
    #expect(a.balance.earnedReduction.minutes == 0 && a.balance.earnedReduction.endedOn == d("2026-01-24"))
    #expect(a.balance.remainingMinutes == 3540 && a.balance.workNeededMinutes == 3540)
    // Enforcement: failures 01-24, 01-31, 02-07, 02-14; warnings 01-24 and 02-07; breaches
    // 01-31 and 02-14, dealt with on 02-05 and 02-16. The second hearing started the count afresh
    // (the warning of 02-07 went with the breach it led to): clear, nothing live.
    let e = a.balance.enforcement
    #expect(e.warnings == [d("2026-01-24"), d("2026-02-07")] && e.breaches == [d("2026-01-31"), d("2026-02-14")])
    #expect(e.courtOutcomes == [d("2026-02-05"), d("2026-02-16")])
    #expect(e.status == .clear && e.warningLiveUntil == nil)
    #expect(a.order.deadline == d("2027-06-30") && a.personRequestedReschedules == 1)
    // Pace: 3,540 over the weeks from 2026-06-01 to 2027-06-30: 394 days, 1 + 56 = 57 weeks,
    // ceil(3540 / 57) = 63 minutes a week: on pace.
    #expect(a.balance.neededMinutesPerWeek == 63 && a.balance.pace == .onPace)

    // B2 by hand: credited 840; T = 600, so floor((840 − 600) / 2) = 120 earned; owed
    // 2,400 − 840 − 120 = 1,440 when the operational period ended on 2026-03-31: lost.
    let b = try l.balance(person: "B2").balance
    #expect(b.creditedMinutes == 840 && b.earnedReduction.minutes == 120)
    #expect(b.remainingMinutes == 0 && b.lostMinutes == 1440)
    #expect(b.termination == OrderTermination(kind: .expired, on: d("2026-03-31"), outstandingMinutes: 1440))
    // As of the day before it ended, B2 still owed the 1,440.
    #expect(try l.balance(person: "B2", asOf: d("2026-03-31")).balance.remainingMinutes == 1440)
    #expect(try l.verify().problems == [])
  }
}
