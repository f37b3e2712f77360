import Foundation
import PaybackCore

/// Dates and times as people type them into the web app, checked before any arithmetic.
enum WebDates {
  /// Years a date may fall in: the ledger's plausible-date rule (PaybackCore), so that the web app,
  /// the CLI and imports refuse the same dates.
  static let years = CalendarDate.plausibleYears

  /// `text` as `YYYY-MM-DD` within ``years``, or why not.
  static func iso(_ text: String) -> Result<CalendarDate, DateProblem> {
    switch CalendarDate.parse(text) {
    case .success(let date): .success(date)
    case .failure(.implausible): .failure(.outOfRange)
    case .failure: .failure(.notADate)
    }
  }

  static func plausible(_ date: CalendarDate) -> Result<CalendarDate, DateProblem> {
    date.isPlausible ? .success(date) : .failure(.outOfRange)
  }

  /// A date typed by a person: `2026-11-30`, `30/11/2026`, `30/11/26`, `30.11.2026` or `30-11-2026`.
  static func typed(_ raw: String) -> Result<CalendarDate, DateProblem> {
    let text = raw.trimmingCharacters(in: .whitespaces)
    if text.count == 10, text.dropFirst(4).first == "-" { return iso(text) }
    let parts = text.split(whereSeparator: { "/.-".contains($0) }).map(String.init)
    guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) }),
      let d = Int(parts[0]), let m = Int(parts[1]), var y = Int(parts[2]),
      parts.allSatisfy({ $0.allSatisfy(\.isNumber) })
    else { return .failure(.notADate) }
    if parts[2].count == 2 { y += 2000 }
    guard let date = CalendarDate(year: y, month: m, day: d) else {
      return (1...12).contains(m) && (1...31).contains(d) && !years.contains(y)
        ? .failure(.outOfRange) : .failure(.notADate)
    }
    return plausible(date)
  }

  enum DateProblem: Error {
    case notADate, outOfRange

    var message: String {
      switch self {
      case .notADate: "Enter a real date, like 30/11/2026"
      case .outOfRange: "Enter a date between \(WebDates.years.lowerBound) and \(WebDates.years.upperBound)"
      }
    }
  }
}

/// Times of day as supervisors type them: `09:15`, `9:15`, `9.15`, `0915`, `915` or `9`.
enum WebTimes {
  static func parse(_ raw: String) -> ClockTime? {
    let text = raw.trimmingCharacters(in: .whitespaces).lowercased()
    guard !text.isEmpty, text.count <= 5, text.allSatisfy({ $0.isASCII }) else { return nil }
    let separators: Set<Character> = [":", ".", "h"]
    let digits = text.filter(\.isNumber)
    let seps = text.filter { separators.contains($0) }
    guard digits.count + seps.count == text.count, seps.count <= 1 else { return nil }
    let hours: Substring
    let minutes: Substring
    if let i = text.firstIndex(where: { separators.contains($0) }) {
      hours = text[..<i]
      minutes = text[text.index(after: i)...]
      guard (1...2).contains(hours.count), minutes.count == 2 else { return nil }
    } else {
      switch digits.count {
      case 1, 2:
        hours = Substring(digits)
        minutes = "00"
      case 3, 4:
        hours = digits.dropLast(2)
        minutes = digits.suffix(2)
      default: return nil
      }
    }
    guard let h = Int(hours), let m = Int(minutes), (0...23).contains(h), (0...59).contains(m) else { return nil }
    return ClockTime(minutes: h * 60 + m)
  }
}
