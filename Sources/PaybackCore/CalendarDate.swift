/// A calendar date with no time zone, as written in the files (`YYYY-MM-DD`).
///
/// Stored as a day number so that week arithmetic is exact and fast.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Days since 1970-01-01.
  public let dayNumber: Int

  public init(dayNumber: Int) { self.dayNumber = dayNumber }

  /// A date from its parts, or nil when there is no such day (2026-02-30) or the year is not
  /// 1 to 9999. Computing with dates (``adding(months:)``) never fails; reading one a user typed
  /// goes through ``parse(_:)``, which also applies ``plausibleYears``.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
      day <= CalendarDate.daysIn(month: month, year: year)
    else { return nil }
    dayNumber = CalendarDate.dayNumber(year: year, month: month, day: day)
  }

  /// Howard Hinnant's days_from_civil, for any year (month 1...12, day already clamped).
  static func dayNumber(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era &* 146097 &+ doe &- 719468
  }

  /// Parses exactly `YYYY-MM-DD`, a real day in ``plausibleYears`` (nil otherwise; ``parse(_:)``
  /// says which).
  public init?(_ text: String) {
    guard case .success(let d) = CalendarDate.parse(text) else { return nil }
    self = d
  }

  /// Parses exactly `YYYY-MM-DD` as any real day of years 1 to 9999, plausible or not.
  static func parseFormat(_ text: String) -> CalendarDate? {
    let u = Array(text.utf8)
    guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
    func num(_ r: Range<Int>) -> Int? {
      var v = 0
      for i in r {
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(u[i]) else { return nil }
        v = v * 10 + Int(u[i] - UInt8(ascii: "0"))
      }
      return v
    }
    guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
    return CalendarDate(year: y, month: m, day: d)
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// (year, month, day), by Hinnant's civil_from_days.
  public var parts: (year: Int, month: Int, day: Int) {
    let z = dayNumber &+ 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  public var weekday: Weekday {
    // 1970-01-01 was a Thursday.
    Weekday.allCases[((dayNumber % 7) + 7 + 3) % 7]
  }

  /// The day `days` later (earlier when negative). Wraps rather than traps on absurd day numbers.
  public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber &+ days) }

  /// The same day `months` later (earlier when negative), clamped to the month's last day
  /// (2026-01-31 + 1 month = 2026-02-28). Never fails, whatever the year.
  public func adding(months: Int) -> CalendarDate {
    let p = parts
    let total = p.year &* 12 &+ (p.month - 1) &+ months
    let y = total >= 0 ? total / 12 : (total - 11) / 12
    let m = total - y &* 12 + 1
    return CalendarDate(
      dayNumber: CalendarDate.dayNumber(year: y, month: m, day: min(p.day, CalendarDate.daysIn(month: m, year: y))))
  }

  /// Whole days from `self` to `other` (positive when `other` is later).
  public func days(to other: CalendarDate) -> Int { other.dayNumber - dayNumber }

  public var description: String {
    let p = parts
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(p.year)-\(two(p.month))-\(two(p.day))"
  }

  public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.dayNumber < b.dayNumber }
}

// MARK: - The plausible-date rule

extension CalendarDate {
  /// The years a date a user types or imports may fall in: 2000 to 2100.
  ///
  /// The one plausibility rule for every date that comes in (instance files, CSV imports, command
  /// options, web forms). No Community Payback record predates 2000 and no order runs past 2100,
  /// so `0001-01-08`, `1582-10-15` or `9999-12-31` are typos, refused as bad input that names
  /// the field instead of being computed with.
  public static let plausibleYears: ClosedRange<Int> = 2000...2100

  /// The first and last plausible days (2000-01-01 and 2100-12-31).
  public static let plausibleRange: ClosedRange<CalendarDate> =
    CalendarDate(year: plausibleYears.lowerBound, month: 1, day: 1)!...CalendarDate(
      year: plausibleYears.upperBound, month: 12, day: 31)!

  /// Whether the date lies in ``plausibleYears``.
  public var isPlausible: Bool { CalendarDate.plausibleRange.contains(self) }

  /// Why a text is not a date a user may give.
  public enum ParseProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not `YYYY-MM-DD`, or no such day (`2026-02-30`).
    case notADate(String)
    /// A real day outside ``CalendarDate/plausibleYears``.
    case implausible(String)

    public var description: String {
      switch self {
      case .notADate(let t): "\"\(t)\" is not a date (YYYY-MM-DD)"
      case .implausible(let t):
        "\(t) is outside the dates this system accepts (\(CalendarDate.plausibleYears.lowerBound) to "
          + "\(CalendarDate.plausibleYears.upperBound))"
      }
    }
  }

  /// Reads a date a user gave: exactly `YYYY-MM-DD`, a real day, in ``plausibleYears``.
  public static func parse(_ text: String) -> Result<CalendarDate, ParseProblem> {
    guard let d = parseFormat(text) else { return .failure(.notADate(text)) }
    guard d.isPlausible else { return .failure(.implausible(text)) }
    return .success(d)
  }

  /// Reads a date a user gave, or throws ``InputError`` naming `field` (and `source`).
  public static func parse(_ text: String, field: String, source: String = "") throws -> CalendarDate {
    switch parse(text) {
    case .success(let d): return d
    case .failure(let p): throw InputError(source: source, path: field, message: p.description)
    }
  }
}

/// A day of the week, written `mon` to `sun`.
public enum Weekday: String, Sendable, CaseIterable, Hashable, Comparable {
  case mon, tue, wed, thu, fri, sat, sun

  /// 0 for Monday up to 6 for Sunday.
  public var index: Int { Weekday.allCases.firstIndex(of: self)! }

  public var fullName: String {
    switch self {
    case .mon: "Monday"
    case .tue: "Tuesday"
    case .wed: "Wednesday"
    case .thu: "Thursday"
    case .fri: "Friday"
    case .sat: "Saturday"
    case .sun: "Sunday"
    }
  }

  public static func < (a: Weekday, b: Weekday) -> Bool { a.index < b.index }
}

/// A time of day, `HH:MM` from 00:00 to 23:59, held as minutes after midnight.
public struct ClockTime: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let minutes: Int

  public init?(minutes: Int) {
    guard (0..<24 * 60).contains(minutes) else { return nil }
    self.minutes = minutes
  }

  /// Parses exactly `HH:MM` (also `H:MM`); "25:00" and "12:60" are not times.
  public init?(_ text: String) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
      // Digits only: Int("+9") would also read "+9:00" and "-0:00" as times.
      (parts[0] + parts[1]).allSatisfy({ ("0"..."9").contains($0) }),
      let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
    else { return nil }
    minutes = h * 60 + m
  }

  public var description: String {
    let h = minutes / 60
    let m = minutes % 60
    return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
  }

  public static func < (a: ClockTime, b: ClockTime) -> Bool { a.minutes < b.minutes }
}
