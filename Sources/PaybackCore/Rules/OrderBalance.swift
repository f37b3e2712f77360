/// What a court ordered, as far as the hours arithmetic needs it.
public struct OrderTerms: Sendable, Equatable {
  public var orderedMinutes: Int
  public var sentenceDate: CalendarDate
  public var type: OrderType
  /// Last day work may be done; nil when the order has no time limit (Sentencing Act 2026 s.36).
  public var deadline: CalendarDate?
  public var travelEligible: Bool
  /// A suspended sentence order's last operational day: hours outstanding after it are lost.
  public var operationalPeriodEnd: CalendarDate?
  /// The order's own ETE allowance in minutes; nil: the policy's share of the ordered minutes.
  public var eteAllowanceMinutes: Int?

  public init(
    orderedMinutes: Int, sentenceDate: CalendarDate, type: OrderType = .communityOrder, deadline: CalendarDate? = nil,
    travelEligible: Bool = false, operationalPeriodEnd: CalendarDate? = nil, eteAllowanceMinutes: Int? = nil
  ) {
    self.operationalPeriodEnd = operationalPeriodEnd
    self.eteAllowanceMinutes = eteAllowanceMinutes
    self.orderedMinutes = orderedMinutes
    self.sentenceDate = sentenceDate
    self.type = type
    self.deadline = deadline
    self.travelEligible = travelEligible
  }
}

/// One effective (not superseded) ledger entry, as the balance arithmetic sees it.
public struct BalanceEntry: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// An appointment's outcome; credits only when attended.
    case outcome(OutcomeCode)
    /// A travel-time adjustment (not work: it does not count towards earned reduction).
    case travel
    /// ETE activity credited outside the sessions.
    case eteCredit
    /// Totals carried over from before this ledger (another system, or an imported instance):
    /// `creditedMinutes` already done, of which `openingEteMinutes` were ETE. Carried minutes
    /// count towards the earned-reduction threshold but earn nothing themselves (see
    /// ``EarnedReduction``).
    case opening
    /// A court's decision after a breach: it deals with the breaches due (enforcement starts
    /// afresh), and a revocation ends the order. Hours added and extensions reach the balance
    /// through the order's terms.
    case court(CourtDecision)
  }

  public var kind: Kind
  /// When it happened: the appointment's start for outcomes, the day (minute 0) for adjustments.
  public var when: LocalMoment
  public var creditedMinutes: Int
  /// The outcome was at an ETE project: its credit also uses the ETE allowance.
  public var isETE: Bool
  /// Recording order; breaks ties between entries at the same moment.
  public var sequence: Int
  /// For `.opening`: the part of `creditedMinutes` that was ETE.
  public var openingEteMinutes: Int
  /// For `.opening`: eligibility for earned reduction had already ended before the ledger (an
  /// imported week needing more work than any eligible order could).
  public var endsEarnedReduction = false

  public init(
    kind: Kind, when: LocalMoment, creditedMinutes: Int = 0, isETE: Bool = false, sequence: Int = 0,
    openingEteMinutes: Int = 0
  ) {
    self.openingEteMinutes = openingEteMinutes
    self.kind = kind
    self.when = when
    self.creditedMinutes = creditedMinutes
    self.isETE = isETE
    self.sequence = sequence
  }

  public static func outcome(
    _ code: OutcomeCode, on date: CalendarDate, at minute: Int = 0, credited: Int = 0, ete: Bool = false,
    sequence: Int = 0
  ) -> BalanceEntry {
    BalanceEntry(
      kind: .outcome(code), when: LocalMoment(date: date, minute: minute), creditedMinutes: credited, isETE: ete,
      sequence: sequence)
  }

  public static func travel(_ minutes: Int, on date: CalendarDate, sequence: Int = 0) -> BalanceEntry {
    BalanceEntry(kind: .travel, when: LocalMoment(date: date, minute: 0), creditedMinutes: minutes, sequence: sequence)
  }

  public static func court(_ decision: CourtDecision, on date: CalendarDate, sequence: Int = 0) -> BalanceEntry {
    BalanceEntry(kind: .court(decision), when: LocalMoment(date: date, minute: 1439), sequence: sequence)
  }

  public static func ete(_ minutes: Int, on date: CalendarDate, sequence: Int = 0) -> BalanceEntry {
    BalanceEntry(
      kind: .eteCredit, when: LocalMoment(date: date, minute: 0), creditedMinutes: minutes, isETE: true,
      sequence: sequence)
  }

  public static func opening(
    credited: Int, ete: Int = 0, on date: CalendarDate, sequence: Int = 0, endsEarnedReduction: Bool = false
  ) -> BalanceEntry {
    var e = BalanceEntry(
      kind: .opening, when: LocalMoment(date: date, minute: 0), creditedMinutes: credited, sequence: sequence,
      openingEteMinutes: ete)
    e.endsEarnedReduction = endsEarnedReduction
    return e
  }

  /// Time that counts as hours worked on the order (attended outcomes, ETE, carried-over work; not travel).
  public var workedMinutes: Int {
    switch kind {
    case .outcome(let code): code.isAttended ? creditedMinutes : 0
    case .eteCredit, .opening: creditedMinutes
    case .travel, .court: 0
    }
  }

  public var isEnforceable: Bool {
    if case .outcome(let code) = kind { return code.isEnforceable }
    return false
  }
}

/// Earned reduction under the Sentencing Act 2026, s.37, as this ledger reads it.
///
/// docs/domain.md: "once 25% of the hours have been worked with no enforceable outcome, each further
/// hour worked takes 30 minutes off what is owed, so at most 25% of the order can be taken off.
/// Any enforceable outcome ends the eligibility." Precisely, with O the ordered minutes:
///
/// - **Hours worked** (W) are credited minutes of attended outcomes and ETE credits, in the order the
///   appointments happened. Travel adjustments are not work and do not count. Earned reduction
///   itself is not work either (it never feeds itself).
/// - **Threshold** T = ceil(O / 4). Minutes worked up to T earn nothing: only the *further*
///   minutes, W − T, do, at one minute off per two worked, rounded down: floor((W − T) / 2).
///   Minutes carried over from before the ledger (an opening balance, C) count towards reaching
///   T but earn nothing themselves, because the system they came from already settled them:
///   floor((W − max(T, C)) / 2), with W including C.
/// - **Cap**: floor(O / 4), and never more than still owed, so remaining never goes below zero.
///   (The cap is also what an order worked to the end without failure reaches: T + 1.5·h = O
///   gives h = O/2 further hours and O/4 off.)
/// - **End**: the first enforceable outcome (AFTC, ATSH, ATFI, UACP), by appointment time, ends
///   eligibility. Reduction earned before it is **kept**; minutes worked at that appointment and
///   after it earn no more. A correction that replaces the enforceable outcome with a
///   non-enforceable one restores eligibility, because balances are recomputed from the
///   effective history.
/// - Applies to community orders and suspended sentence orders; off everywhere when the
///   `earnedReduction` setting is off.
public struct EarnedReduction: Sendable, Equatable {
  /// Whether the order can earn reduction at all (setting on, order type qualifies).
  public var applies: Bool
  /// Minutes worked that counted (before any enforceable outcome).
  public var eligibleWorkedMinutes: Int
  public var thresholdMinutes: Int
  public var capMinutes: Int
  /// Minutes taken off what is owed.
  public var minutes: Int
  /// The date of the first enforceable outcome, which ended eligibility.
  public var endedOn: CalendarDate?
  /// Minutes carried over from before the ledger (they count towards the threshold, earn nothing).
  public var carriedMinutes: Int = 0

  /// Whether the 25% threshold has been reached by eligible work.
  public var thresholdReached: Bool { applies && eligibleWorkedMinutes >= thresholdMinutes }

  /// Computes the reduction from effective entries (any order; they are sorted here).
  /// `ceiling` bounds it by what is still owed before reduction.
  public static func compute(
    orderedMinutes: Int, type: OrderType, entries: [BalanceEntry], ceiling: Int, policy: LedgerPolicy = .standard
  ) -> EarnedReduction {
    let applies = policy.earnedReduction && type.earnedReductionApplies
    let threshold = (orderedMinutes + 3) / 4
    let cap = orderedMinutes / 4
    var worked = 0
    var carried = 0
    var ended: CalendarDate?
    for e in entries.sorted(by: { ($0.when, $0.sequence) < ($1.when, $1.sequence) }) {
      if e.kind == .opening {
        carried += e.creditedMinutes
        worked += e.creditedMinutes
        if e.endsEarnedReduction {
          ended = e.when.date
          break
        }
        continue
      }
      if e.isEnforceable {
        ended = e.when.date
        break
      }
      worked += e.workedMinutes
    }
    let earned = applies ? min(cap, max(0, worked - max(threshold, carried)) / 2, max(0, ceiling)) : 0
    return EarnedReduction(
      applies: applies, eligibleWorkedMinutes: worked, thresholdMinutes: threshold, capMinutes: cap, minutes: earned,
      endedOn: ended, carriedMinutes: carried)
  }

  /// The fewest further minutes of work that clear `owed`, worked after everything so far and
  /// with no enforceable outcome: each minute past max(threshold, carried) also takes half a
  /// minute off (rounded down over the whole), until the cap. Without reduction to earn (not
  /// applicable, ended, or at the cap) it is `owed` itself.
  ///
  /// Example (issue #12): a 40-hour order owing 5 h 30 m after 1,580 minutes worked (490 earned)
  /// is finished by 220 minutes (3 h 40 m): 220 + (600 − 490) = 330.
  public func workNeeded(owed: Int) -> Int {
    guard owed > 0 else { return 0 }
    guard applies, endedOn == nil, minutes < capMinutes else { return owed }
    let base = max(thresholdMinutes, carriedMinutes)
    func clears(_ w: Int) -> Bool {
      w + min(capMinutes, max(0, eligibleWorkedMinutes + w - base) / 2) - minutes >= owed
    }
    // clears(owed) always holds, and clears is monotone in w.
    var low = 0
    var high = owed
    while low < high {
      let mid = (low + high) / 2
      if clears(mid) { high = mid } else { low = mid + 1 }
    }
    return low
  }
}

/// Warnings and breach (docs/domain.md, Enforcement).
///
/// Failures (enforceable outcomes) are taken in date order. A failure with no live warning earns
/// a warning, which stays live for `warningMonths` (12): a further failure on a date strictly
/// before the same calendar day 12 months later is a breach, due to go back to court. A failure
/// on or after that day starts afresh with a new warning. A court outcome deals with every breach
/// due at its date (failures on the day of the hearing included): the breach is no longer due,
/// and the count starts afresh, so the next failure earns a warning. Without one a breach stays
/// due (a correction of the failure also clears it).
public struct EnforcementState: Sendable, Equatable {
  public enum Status: String, Sendable, Equatable, CaseIterable {
    /// No live warning, no breach.
    case clear
    /// A warning is live: a further failure before `warningLiveUntil` is a breach.
    case warned
    /// A further failure came within 12 months of a warning: breach proceedings are due.
    case breachDue = "breach_due"
  }

  public var status: Status
  /// Every enforceable outcome's date, in order.
  public var failures: [CalendarDate]
  /// The failures that earned a warning.
  public var warnings: [CalendarDate]
  /// The failures that made a breach due.
  public var breaches: [CalendarDate]
  /// The first day the latest warning no longer counts, when one is live on the day asked about.
  public var warningLiveUntil: CalendarDate?
  /// Warnings given in the 12 months up to the day asked about.
  public var warningsInLast12Months: Int
  /// The court outcomes that dealt with breaches, by date.
  public var courtOutcomes: [CalendarDate] = []

  public static func compute(
    failureDates: [CalendarDate], courtDates: [CalendarDate] = [], asOf: CalendarDate,
    policy: LedgerPolicy = .standard
  ) -> EnforcementState {
    let failures = failureDates.sorted()
    var courts = courtDates.sorted()[...]
    var warnings: [CalendarDate] = []
    var breaches: [CalendarDate] = []
    var dealtWith: [CalendarDate] = []
    var live: CalendarDate?
    var pending = false
    func hearings(before day: CalendarDate?) {
      while let c = courts.first, day.map({ c < $0 }) ?? true {
        courts.removeFirst()
        if pending {
          dealtWith.append(c)
          pending = false
          live = nil
        }
      }
    }
    for f in failures {
      hearings(before: f)
      if let w = live, f < w.adding(months: policy.warningMonths) {
        breaches.append(f)
        pending = true
      } else {
        warnings.append(f)
        live = f
      }
    }
    hearings(before: nil)
    let until = live.map { $0.adding(months: policy.warningMonths) }
    let liveNow = until.map { asOf < $0 } ?? false
    let status: Status = pending ? .breachDue : liveNow ? .warned : .clear
    let windowStart = asOf.adding(months: -policy.warningMonths)
    return EnforcementState(
      status: status, failures: failures, warnings: warnings, breaches: breaches,
      warningLiveUntil: liveNow ? until : nil,
      warningsInLast12Months: warnings.filter { $0 > windowStart && $0 <= asOf }.count, courtOutcomes: dealtWith)
  }
}

/// Whether an order will be finished in time.
public enum PaceStatus: String, Sendable, Equatable, CaseIterable {
  /// Nothing left to do.
  case complete
  /// No deadline, or the hours needed a week are within the expected pace.
  case onPace = "on_pace"
  /// More than `atRiskMinutesPerWeek` a week is needed to finish by the deadline.
  case atRisk = "at_risk"
  /// The deadline has passed with hours still owed.
  case pastDeadline = "past_deadline"
}

/// An order's position, computed from its effective history. All figures in minutes.
///
/// remaining = max(0, ordered − credited − travel − earned reduction), where credited is every
/// attended outcome's credit plus ETE credits.
public struct OrderBalance: Sendable, Equatable {
  public var orderedMinutes: Int
  /// Attended outcomes (work and ETE sessions) and ETE credits.
  public var creditedMinutes: Int
  /// Travel-time adjustments.
  public var travelMinutes: Int
  public var earnedReduction: EarnedReduction
  public var remainingMinutes: Int
  /// ETE used: credit from ETE sessions plus ETE credits.
  public var eteUsedMinutes: Int
  public var eteAllowanceMinutes: Int
  public var eteLeftMinutes: Int
  public var enforcement: EnforcementState
  public var pace: PaceStatus
  /// Minutes a week needed to finish by the deadline (0 without a deadline or when complete).
  public var neededMinutesPerWeek: Int
  /// The day the figures were computed for.
  public var asOf: CalendarDate
  /// The day the order ended with hours outstanding (a suspended sentence order's operational
  /// period), when that day has passed.
  public var endedOn: CalendarDate? = nil
  /// Minutes lost when the order ended with hours outstanding (then `remainingMinutes` is 0).
  public var lostMinutes: Int = 0
  /// Minutes of further work that finish the order (``EarnedReduction/workNeeded(owed:)``):
  /// what is owed, less the reduction that work itself earns while eligible.
  public var workNeededMinutes: Int = 0
  /// How the order ended (completed, revoked, expired), once it has.
  public var termination: OrderTermination? = nil

  /// Computes the balance of an order from its effective entries (superseded ones removed).
  public static func compute(
    terms: OrderTerms, entries: [BalanceEntry], asOf: CalendarDate, policy: LedgerPolicy = .standard
  ) -> OrderBalance {
    var credited = 0
    var travel = 0
    var ete = 0
    var failures: [CalendarDate] = []
    var courts: [CalendarDate] = []
    var revokedOn: CalendarDate?
    var lastCredit: CalendarDate?
    for e in entries {
      if e.creditedMinutes > 0, e.kind != .opening { lastCredit = max(lastCredit ?? e.when.date, e.when.date) }
      switch e.kind {
      case .court(let decision):
        courts.append(e.when.date)
        if decision == .revoked { revokedOn = min(revokedOn ?? e.when.date, e.when.date) }
      case .outcome(let code):
        if code.isAttended {
          credited += e.creditedMinutes
          if e.isETE { ete += e.creditedMinutes }
        }
        if code.isEnforceable { failures.append(e.when.date) }
      case .travel: travel += e.creditedMinutes
      case .eteCredit:
        credited += e.creditedMinutes
        ete += e.creditedMinutes
      case .opening:
        credited += e.creditedMinutes
        ete += e.openingEteMinutes
      }
    }
    let beforeReduction = terms.orderedMinutes - credited - travel
    let reduction = EarnedReduction.compute(
      orderedMinutes: terms.orderedMinutes, type: terms.type, entries: entries, ceiling: beforeReduction,
      policy: policy)
    var remaining = max(0, beforeReduction - reduction.minutes)
    var lost = 0
    var ended: CalendarDate?
    var termination: OrderTermination?
    if let r = revokedOn {
      // Revoked and re-sentenced: nothing more is owed on this order.
      ended = r
      lost = remaining
      remaining = 0
      termination = OrderTermination(kind: .revoked, on: r, outstandingMinutes: lost)
    } else if let end = terms.operationalPeriodEnd, asOf > end, remaining > 0 {
      // FACTS.md: hours outstanding when the operational period ends are lost.
      ended = end
      lost = remaining
      remaining = 0
      termination = OrderTermination(kind: .expired, on: end, outstandingMinutes: lost)
    } else if remaining == 0 {
      termination = OrderTermination(kind: .completed, on: lastCredit ?? terms.sentenceDate)
    }
    let allowance =
      terms.eteAllowanceMinutes ?? LedgerRules.eteAllowance(orderedMinutes: terms.orderedMinutes, policy: policy)
    let work = reduction.workNeeded(owed: remaining)
    // The pace is of work to do: past the threshold an hour worked clears an hour and a half.
    let (pace, needed) = Self.pace(remaining: work, deadline: terms.deadline, asOf: asOf, policy: policy)
    return OrderBalance(
      orderedMinutes: terms.orderedMinutes, creditedMinutes: credited, travelMinutes: travel,
      earnedReduction: reduction, remainingMinutes: remaining, eteUsedMinutes: ete, eteAllowanceMinutes: allowance,
      eteLeftMinutes: max(0, allowance - ete),
      enforcement: EnforcementState.compute(failureDates: failures, courtDates: courts, asOf: asOf, policy: policy),
      pace: pace,
      neededMinutesPerWeek: needed, asOf: asOf, endedOn: ended, lostMinutes: lost, workNeededMinutes: work,
      termination: termination)
  }

  /// Pace as the roster objective counts weeks: weeks_left = max(1, 1 + floor(days to deadline / 7)).
  public static func pace(
    remaining: Int, deadline: CalendarDate?, asOf: CalendarDate, policy: LedgerPolicy = .standard
  ) -> (PaceStatus, Int) {
    if remaining == 0 { return (.complete, 0) }
    guard let deadline else { return (.onPace, 0) }
    if asOf > deadline { return (.pastDeadline, remaining) }
    let weeksLeft = max(1, 1 + asOf.days(to: deadline) / 7)
    let needed = (remaining + weeksLeft - 1) / weeksLeft
    return (needed > policy.atRiskMinutesPerWeek ? .atRisk : .onPace, needed)
  }

  /// Hours still owed (minutes / 60).
  public var hoursRemaining: Double { Double(remainingMinutes) / 60 }
  /// Hours of work still needed, as the scheduler's `hours_remaining` (minutes / 60): the
  /// roster plans work, not debt, so nobody is booked beyond the end of their order.
  public var hoursOfWorkNeeded: Double { Double(workNeededMinutes) / 60 }
  /// ETE allowance left in hours, as the scheduler's `ete_hours_remaining` (the scheduler's own
  /// rules stop ETE bookings beyond `hours_remaining`).
  public var eteHoursRemaining: Double { Double(eteLeftMinutes) / 60 }
}
