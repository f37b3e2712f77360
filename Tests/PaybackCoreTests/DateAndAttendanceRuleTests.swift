import Foundation
import PaybackCore
import Testing

/// A small deterministic generator, so a failing case can be replayed.
private struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Suite("Dates: one plausible range, no arithmetic that can abort")
struct PlausibleDateTests {
  @Test(arguments: ["0001-01-08", "1582-10-15", "1999-12-31", "2101-01-01", "9999-12-31"])
  func implausibleDatesAreRefusedWithTheField(_ text: String) {
    #expect(CalendarDate(text) == nil)
    #expect(throws: InputError.self) { try CalendarDate.parse(text, field: "--week") }
    do {
      _ = try CalendarDate.parse(text, field: "--week")
    } catch let e as InputError {
      #expect(e.description.contains("--week"))
      #expect(e.description.contains("2000 to 2100"))
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test(arguments: ["2000-01-01", "2026-11-30", "2100-12-31", "2028-02-29"])
  func plausibleDatesAreRead(_ text: String) throws {
    let d = try CalendarDate.parse(text, field: "date")
    #expect(d.description == text)
    #expect(d.isPlausible)
  }

  @Test(arguments: ["2026-02-30", "2026-13-01", "26-01-01", "2026-1-01", "+026-01-01", "", "2026-01-01x"])
  func malformedDatesSayNotADate(_ text: String) {
    guard case .failure(let p) = CalendarDate.parse(text) else {
      Issue.record("\(text) was read as a date")
      return
    }
    #expect(p == .notADate(text))
  }

  /// The crash of issue #12 defect 11: a month back from year 1 used to unwrap nil.
  @Test func monthArithmeticNeverAborts() {
    let yearOne = CalendarDate(year: 1, month: 1, day: 8)!
    #expect(yearOne.adding(months: -12).parts.year == 0)
    #expect(yearOne.adding(months: -13).parts == (year: -1, month: 12, day: 8))
    #expect(CalendarDate(year: 9999, month: 12, day: 31)!.adding(months: 1).parts == (year: 10000, month: 1, day: 31))
    #expect(CalendarDate("2026-01-31")!.adding(months: 1) == CalendarDate("2026-02-28")!)
    #expect(CalendarDate("2026-03-31")!.adding(months: -1) == CalendarDate("2026-02-28")!)
    #expect(CalendarDate("2024-02-29")!.adding(months: 12) == CalendarDate("2025-02-28")!)
  }

  /// Property: for any day number and any month offset, arithmetic returns (never traps), and
  /// adding then subtracting months from a 1st of the month is the identity.
  @Test func monthArithmeticPropertyOverRandomDays() {
    var rng = SplitMix(state: 12)
    for _ in 0..<20_000 {
      let day = CalendarDate(dayNumber: Int.random(in: -5_000_000...5_000_000, using: &rng))
      let months = Int.random(in: -2_000...2_000, using: &rng)
      let later = day.adding(months: months)
      let p = later.parts
      #expect((1...12).contains(p.month) && p.day >= 1 && p.day <= 31)
      let first = day.adding(days: 1 - day.parts.day)
      #expect(first.adding(months: months).adding(months: -months) == first)
    }
    // Absurd day numbers wrap instead of trapping.
    _ = CalendarDate(dayNumber: Int.max).adding(days: 1).description
    _ = CalendarDate(dayNumber: Int.min).adding(months: -1).description
  }

  /// Property: every text parse either succeeds with a plausible date that prints back the same,
  /// or fails; it never traps.
  @Test func parsingAnyTextNeverAborts() {
    var rng = SplitMix(state: 7)
    let alphabet = Array("0123456789-+ x")
    for _ in 0..<20_000 {
      let n = Int.random(in: 0...12, using: &rng)
      let text = String((0..<n).map { _ in alphabet.randomElement(using: &rng)! })
      if case .success(let d) = CalendarDate.parse(text) {
        #expect(d.isPlausible && d.description == text)
      }
    }
  }
}

@Suite("Attendance times: within the session window, never in the future")
struct AttendanceRuleTests {
  static let day = CalendarDate("2026-01-10")!
  static let now = LocalMoment(date: CalendarDate("2026-06-01")!, minute: 12 * 60)
  static let window = AttendanceWindow(
    date: day, scheduledStart: 9 * 60, scheduledEnd: 16 * 60 + 30, sessionMinutes: 450)

  static func field(_ start: Int, _ finish: Int, window: AttendanceWindow = window, now: LocalMoment = now)
    -> String?
  {
    do {
      try window.check(start: start, finish: finish, now: now)
      return nil
    } catch let v as RuleViolation {
      return v.field
    } catch {
      return "?"
    }
  }

  @Test(arguments: [
    // The issue's cases: 00:00-23:59 and 05:00-23:00 on a 09:00-16:30 session.
    (0, 1439, "start"), (300, 1380, "start"), (540, 1380, "finish"),
    // Inside the window widened by 60 minutes: fine.
    (480, 1050, ""), (540, 990, ""), (600, 700, ""),
    // Just outside.
    (479, 990, "start"), (540, 1051, "finish"),
    // Finish not after start.
    (600, 600, "finish"), (700, 600, "finish"),
  ])
  func windowOfASession(_ start: Int, _ finish: Int, _ expected: String) {
    #expect(Self.field(start, finish) == (expected.isEmpty ? nil : expected))
  }

  @Test func toleranceIsASetting() {
    let strict = AttendanceWindow(
      date: Self.day, scheduledStart: 540, scheduledEnd: 990, sessionMinutes: 450, toleranceMinutes: 0)
    #expect(Self.field(539, 990, window: strict) == "start")
    #expect(Self.field(540, 990, window: strict) == nil)
    #expect(LedgerPolicy.standard.attendanceToleranceMinutes == 60)
  }

  @Test func neverInTheFuture() {
    let today = LocalMoment(date: Self.day, minute: 12 * 60)
    #expect(Self.field(540, 720, now: today) == nil)
    #expect(Self.field(540, 721, now: today) == "finish")
    #expect(Self.field(721, 800, now: today) == "start")
  }

  @Test func sessionsWithoutTimesAreBoundedByTheirLength() {
    let untimed = AttendanceWindow(date: Self.day, scheduledStart: nil, scheduledEnd: nil, sessionMinutes: 420)
    #expect(Self.field(0, 1439, window: untimed) == "finish")
    #expect(Self.field(480, 480 + 540, window: untimed) == nil)
    #expect(Self.field(480, 480 + 541, window: untimed) == "finish")
    let startOnly = AttendanceWindow(date: Self.day, scheduledStart: 540, scheduledEnd: nil, sessionMinutes: 420)
    #expect(Self.field(540, 960 + 61, window: startOnly) == "finish")
  }
}
