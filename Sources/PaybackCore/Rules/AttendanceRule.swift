/// The one rule for the actual start and finish of an attended appointment.
///
/// A supervisor records when a person really started and finished. Those times decide the
/// credit, so they must be possible: inside the session's scheduled window widened by a
/// tolerance (``LedgerPolicy/attendanceToleranceMinutes``, 60 minutes either side by default),
/// finishing after starting, and never later than now. The ledger (CLI and `log-batch`), the web
/// app's outcome forms and the planner all call ``check(start:finish:window:now:)``, so they can
/// never disagree on what may be credited.
public struct AttendanceWindow: Sendable, Equatable {
  /// Minutes either side of the scheduled times allowed by default: people arrive a little early
  /// or are kept a little late, never hours outside the session.
  public static let defaultToleranceMinutes = 60

  /// The day of the session.
  public var date: CalendarDate
  /// Scheduled start and end, minutes after midnight (nil when the session has none).
  public var scheduledStart: Int?
  public var scheduledEnd: Int?
  /// The session's length in minutes (its `hours` × 60): bounds the window when times are missing.
  public var sessionMinutes: Int
  /// Minutes either side of the scheduled times an actual time may lie.
  public var toleranceMinutes: Int

  public init(
    date: CalendarDate, scheduledStart: Int?, scheduledEnd: Int?, sessionMinutes: Int,
    toleranceMinutes: Int = AttendanceWindow.defaultToleranceMinutes
  ) {
    self.date = date
    self.scheduledStart = scheduledStart
    self.scheduledEnd = scheduledEnd
    self.sessionMinutes = sessionMinutes
    self.toleranceMinutes = max(0, toleranceMinutes)
  }

  /// The scheduled start and end, completing a missing one from the session's length.
  var scheduled: (start: Int, end: Int)? {
    switch (scheduledStart, scheduledEnd) {
    case (let s?, let e?): (s, e)
    case (let s?, nil): (s, s + sessionMinutes)
    case (nil, let e?): (e - sessionMinutes, e)
    case (nil, nil): nil
    }
  }

  /// Earliest actual start allowed (minutes after midnight), when the session has times.
  public var earliestStart: Int? { scheduled.map { max(0, $0.start - toleranceMinutes) } }
  /// Latest actual finish allowed (minutes after midnight), when the session has times.
  public var latestFinish: Int? { scheduled.map { min(1439, $0.end + toleranceMinutes) } }
  /// Longest time that may be recorded as worked: the session widened by the tolerance both sides.
  public var longestMinutes: Int { sessionMinutes + 2 * toleranceMinutes }

  /// Checks actual times (minutes after midnight) against the window and `now`.
  ///
  /// Refuses, naming the field (`start` or `finish`): a time that is not a time of day; a
  /// finish not after the start; a start before ``earliestStart``; a finish after
  /// ``latestFinish``; more time than ``longestMinutes`` (sessions without times); a start or
  /// finish later than `now`.
  public func check(start: Int, finish: Int, now: LocalMoment) throws {
    func clock(_ m: Int) -> String { ClockTime(minutes: m)?.description ?? "\(m)" }
    if !(0..<1440).contains(start) {
      throw RuleViolation(field: "start", message: "\(start) is not a time of day (00:00 to 23:59)")
    }
    if !(0..<1440).contains(finish) {
      throw RuleViolation(field: "finish", message: "\(finish) is not a time of day (00:00 to 23:59)")
    }
    if finish <= start {
      throw RuleViolation(field: "finish", message: "\(clock(finish)) is not after the start \(clock(start))")
    }
    if let s = scheduled {
      let window =
        "the session runs \(clock(max(0, s.start)))-\(clock(min(1439, s.end))); times up to "
        + "\(toleranceMinutes) minutes either side are accepted"
      if let earliest = earliestStart, start < earliest {
        throw RuleViolation(field: "start", message: "\(clock(start)) is too early: \(window)")
      }
      if let latest = latestFinish, finish > latest {
        throw RuleViolation(field: "finish", message: "\(clock(finish)) is too late: \(window)")
      }
    }
    if finish - start > longestMinutes {
      throw RuleViolation(
        field: "finish",
        message:
          "\(clock(start))-\(clock(finish)) is \(hoursText(finish - start)), more than the session's "
          + "\(hoursText(sessionMinutes)) and \(toleranceMinutes) minutes either side")
    }
    if LocalMoment(date: date, minute: start) > now {
      throw RuleViolation(field: "start", message: "\(date) \(clock(start)) is in the future (now \(now))")
    }
    if LocalMoment(date: date, minute: finish) > now {
      throw RuleViolation(field: "finish", message: "\(date) \(clock(finish)) is in the future (now \(now))")
    }
  }

  /// Convenience: builds the window and checks, in one call.
  public static func check(
    start: Int, finish: Int, date: CalendarDate, scheduledStart: Int?, scheduledEnd: Int?, sessionMinutes: Int,
    toleranceMinutes: Int = AttendanceWindow.defaultToleranceMinutes, now: LocalMoment
  ) throws {
    try AttendanceWindow(
      date: date, scheduledStart: scheduledStart, scheduledEnd: scheduledEnd, sessionMinutes: sessionMinutes,
      toleranceMinutes: toleranceMinutes
    ).check(start: start, finish: finish, now: now)
  }
}
