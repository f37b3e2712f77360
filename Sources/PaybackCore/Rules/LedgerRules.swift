/// A write the ledger refuses, naming the field at fault.
///
/// Rules are checked before anything is written: a violation means nothing was recorded.
public struct RuleViolation: Error, Sendable, Equatable, CustomStringConvertible {
  /// The field at fault (`penalty_minutes`, `finish`, `minutes`, ...).
  public var field: String
  public var message: String

  public init(field: String, message: String) {
    self.field = field
    self.message = message
  }

  public var description: String { "\(field): \(message)" }
}

/// A date and a minute of that day, local time; how the ledger tells past from future.
public struct LocalMoment: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var date: CalendarDate
  /// Minutes after midnight, 0..<1440.
  public var minute: Int

  public init(date: CalendarDate, minute: Int) {
    self.date = date
    self.minute = minute
  }

  public static func < (a: LocalMoment, b: LocalMoment) -> Bool {
    (a.date, a.minute) < (b.date, b.minute)
  }

  public var description: String {
    "\(date) \(ClockTime(minutes: max(0, min(1439, minute)))!.description)"
  }
}

/// Policy values that docs/domain.md marks as settings, with their defaults.
public struct LedgerPolicy: Sendable, Equatable {
  /// Earned reduction (Sentencing Act 2026 s.37) on or off.
  public var earnedReduction: Bool
  /// Share of the order that may be ETE, in percent.
  public var etePercent: Int
  /// Largest single travel-time adjustment, in minutes.
  public var maxTravelMinutes: Int
  /// Months a warning stays live: a further failure within them is a breach.
  public var warningMonths: Int
  /// Weekly minutes needed to meet the deadline above which a person is "at risk" (7 h: the
  /// weekly minimum docs/domain.md says is expected; needing more than that means falling behind).
  public var atRiskMinutesPerWeek: Int
  /// Minutes either side of a session's scheduled times that an actual start or finish may lie
  /// (``AttendanceWindow``).
  public var attendanceToleranceMinutes: Int

  public init(
    earnedReduction: Bool = true, etePercent: Int = 30, maxTravelMinutes: Int = 180, warningMonths: Int = 12,
    atRiskMinutesPerWeek: Int = 420, attendanceToleranceMinutes: Int = AttendanceWindow.defaultToleranceMinutes
  ) {
    self.attendanceToleranceMinutes = attendanceToleranceMinutes
    self.earnedReduction = earnedReduction
    self.etePercent = etePercent
    self.maxTravelMinutes = maxTravelMinutes
    self.warningMonths = warningMonths
    self.atRiskMinutesPerWeek = atRiskMinutesPerWeek
  }

  public static let standard = LedgerPolicy()
}

/// The pure rules of docs/domain.md: what may be written and what it credits. No storage here.
public enum LedgerRules {
  /// Minutes of ETE an order allows: `etePercent` of the ordered minutes, rounded down.
  public static func eteAllowance(orderedMinutes: Int, policy: LedgerPolicy = .standard) -> Int {
    orderedMinutes * policy.etePercent / 100
  }

  /// Credited minutes for an outcome: finish − start − penalty for attended outcomes, 0 otherwise.
  ///
  /// Checks, each failing with the field at fault: times lie within the day and finish is after
  /// start (attended outcomes need both); the penalty is not negative, does not exceed the
  /// appointment (`appointmentMinutes`) and does not exceed the time worked; outcomes that are not
  /// attended carry no penalty (there is nothing to take it from).
  public static func creditedMinutes(
    code: OutcomeCode, start: Int?, finish: Int?, penaltyMinutes: Int, appointmentMinutes: Int
  ) throws -> Int {
    if let start, !(0..<1440).contains(start) {
      throw RuleViolation(field: "start", message: "\(start) is not a time of day (00:00 to 23:59)")
    }
    if let finish, !(0..<1440).contains(finish) {
      throw RuleViolation(field: "finish", message: "\(finish) is not a time of day (00:00 to 23:59)")
    }
    if penaltyMinutes < 0 {
      throw RuleViolation(field: "penalty_minutes", message: "\(penaltyMinutes) is negative")
    }
    if penaltyMinutes > appointmentMinutes {
      throw RuleViolation(
        field: "penalty_minutes",
        message: "\(penaltyMinutes) minutes is more than the appointment (\(appointmentMinutes) minutes)")
    }
    if let start, let finish, finish <= start {
      throw RuleViolation(
        field: "finish",
        message: "\(clock(finish)) is not after the start \(clock(start))")
    }
    guard code.isAttended else {
      if penaltyMinutes > 0 {
        throw RuleViolation(
          field: "penalty_minutes", message: "\(code) is not an attended outcome, so it takes no penalty")
      }
      return 0
    }
    guard let start else {
      throw RuleViolation(field: "start", message: "is required for an attended outcome (\(code))")
    }
    guard let finish else {
      throw RuleViolation(field: "finish", message: "is required for an attended outcome (\(code))")
    }
    let worked = finish - start
    if penaltyMinutes > worked {
      throw RuleViolation(
        field: "penalty_minutes",
        message: "\(penaltyMinutes) minutes is more than the \(worked) minutes worked")
    }
    return worked - penaltyMinutes
  }

  /// Checks that an outcome may be recorded now for an appointment, beyond its arithmetic.
  ///
  /// - An appointment that has not started yet (`appointmentStart` after `now`) may only receive
  ///   an acceptable absence or a reschedule.
  /// - No outcome for an appointment before the sentence date.
  /// - Credit never exceeds what is still owed (`remainingMinutes`), and ETE credit never exceeds
  ///   the ETE allowance left.
  public static func checkOutcome(
    code: OutcomeCode, creditedMinutes: Int, isETE: Bool, appointmentStart: LocalMoment, now: LocalMoment,
    sentenceDate: CalendarDate, remainingMinutes: Int, eteLeftMinutes: Int
  ) throws {
    if appointmentStart.date < sentenceDate {
      throw RuleViolation(
        field: "date",
        message: "the appointment on \(appointmentStart.date) is before the sentence date \(sentenceDate)")
    }
    if appointmentStart > now && !code.allowedInAdvance {
      throw RuleViolation(
        field: "outcome",
        message:
          "the appointment at \(appointmentStart) has not started yet; only an acceptable absence or a "
          + "reschedule may be recorded in advance, not \(code) (\(code.meaning))")
    }
    if creditedMinutes > remainingMinutes {
      throw RuleViolation(
        field: "finish",
        message:
          "credits \(hoursText(creditedMinutes)) but only \(hoursText(remainingMinutes)) is still owed")
    }
    if isETE && creditedMinutes > eteLeftMinutes {
      throw RuleViolation(
        field: "finish",
        message:
          "credits \(hoursText(creditedMinutes)) of ETE but only \(hoursText(eteLeftMinutes)) of ETE allowance is left")
    }
  }

  /// Checks a travel-time adjustment: positive, at most `maxTravelMinutes`, eligible people only,
  /// never more than is still owed.
  public static func checkTravel(
    minutes: Int, eligible: Bool, remainingMinutes: Int, date: CalendarDate, sentenceDate: CalendarDate,
    policy: LedgerPolicy = .standard
  ) throws {
    if !eligible {
      throw RuleViolation(field: "minutes", message: "this order is not eligible for travel time")
    }
    if minutes <= 0 {
      throw RuleViolation(field: "minutes", message: "\(minutes) must be more than 0")
    }
    if minutes > policy.maxTravelMinutes {
      throw RuleViolation(
        field: "minutes", message: "\(minutes) is more than the \(policy.maxTravelMinutes) minutes allowed at a time")
    }
    if minutes > remainingMinutes {
      throw RuleViolation(
        field: "minutes", message: "\(hoursText(minutes)) is more than the \(hoursText(remainingMinutes)) still owed")
    }
    if date < sentenceDate {
      throw RuleViolation(field: "date", message: "\(date) is before the sentence date \(sentenceDate)")
    }
  }

  /// Checks an ETE credit: positive, within the ETE allowance left and what is still owed.
  public static func checkEteCredit(
    minutes: Int, remainingMinutes: Int, eteLeftMinutes: Int, date: CalendarDate, sentenceDate: CalendarDate
  ) throws {
    if minutes <= 0 {
      throw RuleViolation(field: "minutes", message: "\(minutes) must be more than 0")
    }
    if minutes > eteLeftMinutes {
      throw RuleViolation(
        field: "minutes",
        message: "\(hoursText(minutes)) is more than the ETE allowance left (\(hoursText(eteLeftMinutes)))")
    }
    if minutes > remainingMinutes {
      throw RuleViolation(
        field: "minutes", message: "\(hoursText(minutes)) is more than the \(hoursText(remainingMinutes)) still owed")
    }
    if date < sentenceDate {
      throw RuleViolation(field: "date", message: "\(date) is before the sentence date \(sentenceDate)")
    }
  }

  /// Whether an appointment's outcome is due and missing: it has ended (`end` at or before `now`).
  public static func outcomeDue(appointmentEnd: LocalMoment, now: LocalMoment) -> Bool {
    appointmentEnd <= now
  }

  static func clock(_ m: Int) -> String { ClockTime(minutes: m)?.description ?? "\(m)" }
}

/// Minutes shown as hours and minutes: `12h 30m`, `7h`, `45m`, `0h`.
public func hoursText(_ minutes: Int) -> String {
  let sign = minutes < 0 ? "-" : ""
  let m = abs(minutes)
  if m < 60 { return m == 0 ? "0h" : "\(sign)\(m)m" }
  return m % 60 == 0 ? "\(sign)\(m / 60)h" : "\(sign)\(m / 60)h \(m % 60)m"
}
