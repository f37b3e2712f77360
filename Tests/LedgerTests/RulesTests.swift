import PaybackCore
import Testing

@Suite("Outcome codes")
struct OutcomeCodeTests {
  @Test func everyCodeOfFactsIsPresent() {
    #expect(OutcomeCode.allCases.count == 17)
    #expect(OutcomeCode.allCases.filter(\.isAttended) == [.ATTC, .ATCH, .AFDA, .AFTC, .ATSH, .ATSS])
    #expect(OutcomeCode.allCases.filter(\.isEnforceable) == [.AFTC, .ATSH, .ATFI, .UACP])
    #expect(
      OutcomeCode.allCases.filter(\.isAcceptableAbsence) == [.AAME, .AASD, .AAEM, .AAFC, .AACL, .AARC, .CO05])
    #expect(OutcomeCode.allCases.filter(\.isReschedule) == [.RSSR, .RSOF])
  }

  @Test(arguments: OutcomeCode.allCases)
  func classesAreConsistent(code: OutcomeCode) {
    // Every code is exactly one of: attended, unacceptable failure to attend, acceptable absence, reschedule.
    let classes = [
      code.isAttended, !code.isAttended && code.isEnforceable, code.isAcceptableAbsence, code.isReschedule,
    ]
    #expect(classes.filter { $0 }.count == 1)
    #expect(code.allowedInAdvance == (code.isAcceptableAbsence || code.isReschedule))
    #expect(OutcomeCode(code: code.rawValue.lowercased()) == code)
    #expect(!code.meaning.isEmpty)
  }

  @Test func parsingGradesAndTypes() {
    #expect(WorkGrade(grade: "good") == .GOOD)
    #expect(WorkGrade(grade: "not applicable") == .NOT_APPLICABLE)
    #expect(WorkGrade(grade: "n/a") == .NOT_APPLICABLE)
    #expect(WorkGrade(grade: "great") == nil)
    #expect(OrderType(text: "SSO") == .suspendedSentenceOrder)
    #expect(OrderType(text: "community_order") == .communityOrder)
    #expect(
      OrderType(text: "youth") == .youthRehabilitationOrder && OrderType(text: "YRO") == .youthRehabilitationOrder)
    #expect(OrderType(text: "juvenile") == nil)
    #expect(OutcomeCode(code: "XXXX") == nil)
  }

  @Test func supervisorCodes() {
    #expect(OutcomeCode.supervisorCodes == [.ATTC, .AFTC, .ATSH, .ATSS, .UACP, .AASD])
  }
}

@Suite("Credit arithmetic")
struct CreditTests {
  @Test func attendedCreditsFinishMinusStartMinusPenalty() throws {
    // 09:00 to 16:30 is 450 minutes, less a 30 minute penalty: 420 (7 hours).
    #expect(
      try LedgerRules.creditedMinutes(
        code: .ATTC, start: 540, finish: 990, penaltyMinutes: 30, appointmentMinutes: 450) == 420)
    // Sent home at 11:15 after starting at 09:00: 135 minutes.
    #expect(
      try LedgerRules.creditedMinutes(code: .ATSH, start: 540, finish: 675, penaltyMinutes: 0, appointmentMinutes: 450)
        == 135)
  }

  @Test func absencesCreditNothing() throws {
    #expect(
      try LedgerRules.creditedMinutes(code: .UACP, start: nil, finish: nil, penaltyMinutes: 0, appointmentMinutes: 450)
        == 0)
    // Times given with an absence are kept but credit nothing.
    #expect(
      try LedgerRules.creditedMinutes(code: .AAME, start: 540, finish: 990, penaltyMinutes: 0, appointmentMinutes: 450)
        == 0)
  }

  @Test(arguments: [
    (OutcomeCode.ATTC, Int?(540), Int?(540), 0, "finish"),  // finish not after start
    (.ATTC, 600, 540, 0, "finish"),
    (.ATTC, nil, 990, 0, "start"),  // attended needs times
    (.ATTC, 540, nil, 0, "finish"),
    (.ATTC, 540, 990, -5, "penalty_minutes"),
    (.ATTC, 540, 990, 451, "penalty_minutes"),  // more than the 450 minute appointment
    (.ATTC, 540, 600, 61, "penalty_minutes"),  // more than the 60 minutes worked
    (.UACP, nil, nil, 10, "penalty_minutes"),  // no penalty without attendance
    (.ATTC, 1500, 1600, 0, "start"),
    (.ATTC, 540, 1440, 0, "finish"),
  ])
  func badArithmeticIsRefused(code: OutcomeCode, start: Int?, finish: Int?, penalty: Int, field: String) {
    #expect(throws: RuleViolation.self) {
      _ = try LedgerRules.creditedMinutes(
        code: code, start: start, finish: finish, penaltyMinutes: penalty, appointmentMinutes: 450)
    }
    do {
      _ = try LedgerRules.creditedMinutes(
        code: code, start: start, finish: finish, penaltyMinutes: penalty, appointmentMinutes: 450)
    } catch {
      #expect((error as? RuleViolation)?.field == field)
    }
  }

  @Test func outcomeChecks() throws {
    let now = LocalMoment(date: d("2026-12-02"), minute: 12 * 60)
    let sentence = d("2026-11-01")
    func check(
      _ code: OutcomeCode, at: LocalMoment, credit: Int = 0, ete: Bool = false, remaining: Int = 6000,
      eteLeft: Int = 1800
    ) throws {
      try LedgerRules.checkOutcome(
        code: code, creditedMinutes: credit, isETE: ete, appointmentStart: at, now: now, sentenceDate: sentence,
        remainingMinutes: remaining, eteLeftMinutes: eteLeft)
    }
    let later = LocalMoment(date: d("2026-12-02"), minute: 13 * 60)
    let earlier = LocalMoment(date: d("2026-12-02"), minute: 9 * 60)
    // Future appointment: only acceptable absence or reschedule.
    try check(.AAME, at: later)
    try check(.RSOF, at: later)
    do {
      try check(.UACP, at: later)
      Issue.record("UACP in advance was accepted")
    } catch {
      #expect((error as? RuleViolation)?.field == "outcome")
    }
    #expect(throws: RuleViolation.self) { try check(.ATTC, at: later, credit: 60) }
    try check(.ATTC, at: earlier, credit: 420)
    // Before the sentence date.
    #expect(throws: RuleViolation.self) { try check(.AAME, at: LocalMoment(date: d("2026-10-31"), minute: 540)) }
    // Credit beyond what is owed, ETE beyond the allowance left.
    try check(.ATTC, at: earlier, credit: 420, remaining: 420)
    #expect(throws: RuleViolation.self) { try check(.ATTC, at: earlier, credit: 421, remaining: 420) }
    try check(.ATTC, at: earlier, credit: 300, ete: true, eteLeft: 300)
    #expect(throws: RuleViolation.self) { try check(.ATTC, at: earlier, credit: 301, ete: true, eteLeft: 300) }
  }

  @Test func travelAndEteChecks() throws {
    let s = d("2026-01-01")
    try LedgerRules.checkTravel(minutes: 180, eligible: true, remainingMinutes: 600, date: s, sentenceDate: s)
    #expect(throws: RuleViolation.self) {
      try LedgerRules.checkTravel(minutes: 181, eligible: true, remainingMinutes: 600, date: s, sentenceDate: s)
    }
    #expect(throws: RuleViolation.self) {
      try LedgerRules.checkTravel(minutes: 60, eligible: false, remainingMinutes: 600, date: s, sentenceDate: s)
    }
    #expect(throws: RuleViolation.self) {
      try LedgerRules.checkTravel(minutes: 0, eligible: true, remainingMinutes: 600, date: s, sentenceDate: s)
    }
    #expect(throws: RuleViolation.self) {
      try LedgerRules.checkTravel(minutes: 90, eligible: true, remainingMinutes: 60, date: s, sentenceDate: s)
    }
    // 100 hours: ETE allowance is 30 hours = 1800 minutes.
    #expect(LedgerRules.eteAllowance(orderedMinutes: 6000) == 1800)
    try LedgerRules.checkEteCredit(
      minutes: 1800, remainingMinutes: 6000, eteLeftMinutes: 1800, date: s, sentenceDate: s)
    #expect(throws: RuleViolation.self) {
      try LedgerRules.checkEteCredit(
        minutes: 1801, remainingMinutes: 6000, eteLeftMinutes: 1800, date: s, sentenceDate: s)
    }
  }

  @Test func hoursAreShownAsHoursAndMinutes() {
    #expect(hoursText(750) == "12h 30m")
    #expect(hoursText(420) == "7h")
    #expect(hoursText(45) == "45m")
    #expect(hoursText(0) == "0h")
  }

  @Test func addingMonthsClampsToTheMonthEnd() {
    #expect(d("2026-01-31").adding(months: 1) == d("2026-02-28"))
    #expect(d("2026-03-15").adding(months: 12) == d("2027-03-15"))
    #expect(d("2026-03-15").adding(months: -12) == d("2025-03-15"))
    #expect(d("2024-02-29").adding(months: 12) == d("2025-02-28"))
  }
}

@Suite("Earned reduction (s.37)")
struct EarnedReductionTests {
  let start = d("2026-01-05")

  /// n sessions of 7 hours (420 minutes), one a week from `start`, all complied.
  func sessions(_ n: Int, from first: Int = 0) -> [BalanceEntry] {
    (first..<first + n).map { .outcome(.ATTC, on: start.adding(days: 7 * $0), at: 540, credited: 420, sequence: $0) }
  }

  @Test func nothingBeforeTheThreshold() {
    // 100 hours = 6000 minutes; threshold 1500 minutes. 3 sessions = 1260 minutes: no reduction.
    let terms = OrderTerms(orderedMinutes: 6000, sentenceDate: start)
    let b = OrderBalance.compute(terms: terms, entries: sessions(3), asOf: d("2026-02-01"))
    #expect(b.earnedReduction.minutes == 0)
    #expect(!b.earnedReduction.thresholdReached)
    #expect(b.remainingMinutes == 6000 - 1260)
  }

  @Test func halfOfEachMinuteBeyondTheThreshold() {
    // 6 sessions = 2520 minutes worked; beyond the 1500 threshold: 1020; half: 510 off.
    // remaining = 6000 - 2520 - 510 = 2970.
    let terms = OrderTerms(orderedMinutes: 6000, sentenceDate: start)
    let b = OrderBalance.compute(terms: terms, entries: sessions(6), asOf: d("2026-03-01"))
    #expect(b.earnedReduction.minutes == 510)
    #expect(b.earnedReduction.thresholdReached)
    #expect(b.creditedMinutes == 2520)
    #expect(b.remainingMinutes == 2970)
  }

  @Test func cappedAtAQuarterAndFinishesTheOrder() {
    // Working straight through, 1500 + 1.5h = 6000 gives h = 3000: 4500 minutes worked finishes it,
    // with 1500 (25%) taken off.
    let terms = OrderTerms(orderedMinutes: 6000, sentenceDate: start)
    var entries = sessions(10)  // 4200
    entries.append(.outcome(.ATTC, on: start.adding(days: 70), at: 540, credited: 300, sequence: 10))  // 4500
    let b = OrderBalance.compute(terms: terms, entries: entries, asOf: d("2026-04-01"))
    #expect(b.earnedReduction.minutes == 1500)
    #expect(b.remainingMinutes == 0)
    #expect(b.pace == .complete)
  }

  @Test func reductionNeverTakesRemainingBelowZero() {
    // 60 hours = 3600; threshold 900; cap 900. Worked 2640 (beyond: 1740 -> 870 off) plus 90 travel:
    // owed before reduction 3600 - 2640 - 90 = 870, so reduction is 870 and remaining 0.
    let terms = OrderTerms(orderedMinutes: 3600, sentenceDate: start, travelEligible: true)
    var entries = [BalanceEntry.outcome(.ATTC, on: start, at: 540, credited: 2640)]
    entries.append(.travel(90, on: start.adding(days: 1), sequence: 1))
    let b = OrderBalance.compute(terms: terms, entries: entries, asOf: d("2026-02-01"))
    #expect(b.earnedReduction.minutes == 870)
    #expect(b.remainingMinutes == 0)
  }

  @Test func firstEnforceableOutcomeEndsItButKeepsWhatWasEarned() {
    // 6000 ordered. 5 sessions (2100) then UACP, then 3 more sessions (1260).
    // Eligible worked = 2100: (2100 - 1500) / 2 = 300 off, kept; nothing more after the UACP.
    // remaining = 6000 - 3360 - 300 = 2340.
    let terms = OrderTerms(orderedMinutes: 6000, sentenceDate: start)
    var entries = sessions(5)
    entries.append(.outcome(.UACP, on: start.adding(days: 35), at: 540, sequence: 5))
    entries += sessions(3, from: 6)
    let b = OrderBalance.compute(terms: terms, entries: entries, asOf: d("2026-03-15"))
    #expect(b.earnedReduction.minutes == 300)
    #expect(b.earnedReduction.endedOn == start.adding(days: 35))
    #expect(b.earnedReduction.eligibleWorkedMinutes == 2100)
    #expect(b.remainingMinutes == 2340)
  }

  @Test func timeOfAppointmentNotRecordingOrderDecides() {
    // The UACP is recorded first (sequence 0) but happened after the sessions: they still count.
    let terms = OrderTerms(orderedMinutes: 6000, sentenceDate: start)
    var entries = [BalanceEntry.outcome(.UACP, on: start.adding(days: 100), at: 540, sequence: 0)]
    entries += sessions(6).map {
      var e = $0; e.sequence += 1; return e
    }
    let b = OrderBalance.compute(terms: terms, entries: entries, asOf: d("2026-05-01"))
    #expect(b.earnedReduction.minutes == 510)
  }

  @Test func enforceableSessionsOwnCreditDoesNotCount() {
    // Sent home (ATSH) after 120 minutes, as the first thing: it ends eligibility; its 120 count as credit.
    let terms = OrderTerms(orderedMinutes: 6000, sentenceDate: start)
    var entries = [BalanceEntry.outcome(.ATSH, on: start, at: 540, credited: 120)]
    entries += sessions(6, from: 1)
    let b = OrderBalance.compute(terms: terms, entries: entries, asOf: d("2026-05-01"))
    #expect(b.earnedReduction.minutes == 0)
    #expect(b.earnedReduction.eligibleWorkedMinutes == 0)
    #expect(b.creditedMinutes == 120 + 2520)
    #expect(b.remainingMinutes == 6000 - 2640)
  }

  @Test func settingOff() {
    let terms = OrderTerms(orderedMinutes: 6000, sentenceDate: start, type: .suspendedSentenceOrder)
    let off = OrderBalance.compute(
      terms: terms, entries: sessions(6), asOf: d("2026-03-01"), policy: LedgerPolicy(earnedReduction: false))
    #expect(off.earnedReduction.minutes == 0)
    #expect(off.remainingMinutes == 6000 - 2520)
    let on = OrderBalance.compute(terms: terms, entries: sessions(6), asOf: d("2026-03-01"))
    #expect(on.earnedReduction.minutes == 510)
  }

  @Test func eteCountsAsWorkTravelDoesNot() {
    // 6000 ordered: 1200 ETE credit + 3 sessions (1260) = 2460 worked; 180 travel not work.
    // (2460 - 1500) / 2 = 480 off. remaining = 6000 - 2460 - 180 - 480 = 2880.
    let terms = OrderTerms(orderedMinutes: 6000, sentenceDate: start, travelEligible: true)
    var entries = sessions(3)
    entries.append(.ete(1200, on: start.adding(days: 1), sequence: 10))
    entries.append(.travel(180, on: start.adding(days: 2), sequence: 11))
    let b = OrderBalance.compute(terms: terms, entries: entries, asOf: d("2026-02-01"))
    #expect(b.earnedReduction.minutes == 480)
    #expect(b.eteUsedMinutes == 1200)
    #expect(b.eteLeftMinutes == 600)
    #expect(b.travelMinutes == 180)
    #expect(b.remainingMinutes == 2880)
  }
}

@Suite("Enforcement")
struct EnforcementTests {
  @Test func firstFailureWarnsSecondWithinTwelveMonthsBreaches() {
    let e = EnforcementState.compute(failureDates: [d("2026-02-01")], asOf: d("2026-03-01"))
    #expect(e.status == .warned)
    #expect(e.warningLiveUntil == d("2027-02-01"))
    #expect(e.warningsInLast12Months == 1)
    let b = EnforcementState.compute(failureDates: [d("2026-02-01"), d("2027-01-31")], asOf: d("2027-02-01"))
    #expect(b.status == .breachDue)
    #expect(b.breaches == [d("2027-01-31")])
  }

  @Test func warningLapsesAfterTwelveMonths() {
    let e = EnforcementState.compute(failureDates: [d("2026-02-01")], asOf: d("2027-02-01"))
    #expect(e.status == .clear)
    #expect(e.warningsInLast12Months == 0)
    // A failure on the anniversary is a fresh warning, not a breach.
    let f = EnforcementState.compute(failureDates: [d("2027-02-01"), d("2026-02-01")], asOf: d("2027-02-02"))
    #expect(f.status == .warned)
    #expect(f.warnings == [d("2026-02-01"), d("2027-02-01")])
    #expect(f.warningsInLast12Months == 1)
  }

  @Test func nothingIsClear() {
    #expect(EnforcementState.compute(failureDates: [], asOf: d("2026-01-01")).status == .clear)
  }
}

@Suite("Pace")
struct PaceTests {
  @Test func paceFollowsTheObjectivesWeeks() {
    let asOf = d("2026-11-30")
    // 14 days to deadline: weeks_left = 1 + 2 = 3; 1200 / 3 = 400 a week <= 420: on pace.
    #expect(OrderBalance.pace(remaining: 1200, deadline: d("2026-12-14"), asOf: asOf) == (.onPace, 400))
    // 1300 / 3 = 434 (rounded up) > 420: at risk.
    #expect(OrderBalance.pace(remaining: 1300, deadline: d("2026-12-14"), asOf: asOf) == (.atRisk, 434))
    #expect(OrderBalance.pace(remaining: 60, deadline: d("2026-11-29"), asOf: asOf) == (.pastDeadline, 60))
    #expect(OrderBalance.pace(remaining: 60, deadline: nil, asOf: asOf) == (.onPace, 0))
    #expect(OrderBalance.pace(remaining: 0, deadline: d("2026-11-29"), asOf: asOf) == (.complete, 0))
  }

  @Test func balanceExportsSchedulerHours() {
    let terms = OrderTerms(orderedMinutes: 600, sentenceDate: d("2026-01-01"))
    let b = OrderBalance.compute(
      terms: terms, entries: [.outcome(.ATTC, on: d("2026-01-05"), at: 540, credited: 90, ete: true)],
      asOf: d("2026-02-01"), policy: LedgerPolicy(earnedReduction: false))
    // 600 - 90 = 510 owed (8.5 h); ETE allowance 180, used 90: 1.5 h left.
    #expect(b.hoursRemaining == 8.5)
    #expect(b.eteHoursRemaining == 1.5)
  }
}

@Suite("Opening balances")
struct OpeningTests {
  @Test func carriedMinutesReachTheThresholdButEarnNothing() {
    // 6000 ordered, 2000 carried over (above the 1500 threshold): nothing off at first.
    let s = d("2026-01-05")
    let terms = OrderTerms(orderedMinutes: 6000, sentenceDate: s)
    let open = BalanceEntry.opening(credited: 2000, ete: 600, on: s)
    let b0 = OrderBalance.compute(terms: terms, entries: [open], asOf: s)
    #expect(b0.earnedReduction.minutes == 0)
    #expect(b0.remainingMinutes == 4000)
    #expect(b0.eteLeftMinutes == 1200)
    // Then one 420 minute session: all beyond max(1500, 2000), so 210 off. 6000 - 2420 - 210 = 3370.
    let b1 = OrderBalance.compute(
      terms: terms, entries: [open, .outcome(.ATTC, on: s.adding(days: 1), at: 540, credited: 420, sequence: 1)],
      asOf: s)
    #expect(b1.earnedReduction.minutes == 210)
    #expect(b1.remainingMinutes == 3370)
  }
}
