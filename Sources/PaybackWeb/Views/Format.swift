import Foundation
import PaybackCore

/// Plain-English formats for pages.
enum Format {
  static let months = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
  ]

  /// "Saturday 5 December 2026"
  static func longDate(_ d: CalendarDate) -> String {
    let p = d.parts
    return "\(d.weekday.fullName) \(p.day) \(months[p.month - 1]) \(p.year)"
  }

  /// "Sat 5 Dec"
  static func shortDate(_ d: CalendarDate) -> String {
    let p = d.parts
    return "\(d.weekday.fullName.prefix(3)) \(p.day) \(months[p.month - 1].prefix(3))"
  }

  /// Hours with at most two decimals: 7, 6.5, 3.25.
  static func hours(_ h: Double) -> String { JSONValue.format((h * 100).rounded() / 100) }

  /// Minutes as "12 hours 30 minutes" (or "45 minutes", "7 hours").
  static func duration(minutes m: Int) -> String {
    let sign = m < 0 ? "minus " : ""
    let a = abs(m)
    let h = a / 60
    let r = a % 60
    let hs = h == 1 ? "1 hour" : "\(h) hours"
    let ms = r == 1 ? "1 minute" : "\(r) minutes"
    if h == 0 { return sign + ms }
    return sign + (r == 0 ? hs : "\(hs) \(ms)")
  }

  /// Minutes after midnight as HH:MM.
  static func clock(_ minutes: Int?) -> String {
    guard let minutes, let t = ClockTime(minutes: minutes) else { return "" }
    return t.description
  }

  /// "25 Nov 2026 14:05" in the server's time zone.
  static func timestamp(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = .current
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(c.day!) \(months[c.month! - 1].prefix(3)) \(c.year!) \(two(c.hour!)):\(two(c.minute!))"
  }

  /// A CSV field, quoted when it must be; a leading = + - @ is neutralised so spreadsheets do not run it.
  static func csv(_ s: String) -> String {
    var v = s
    if let f = v.first, "=+-@\t\r".contains(f) { v = "'" + v }
    if v.contains(where: { ",\"\n\r".contains($0) }) {
      return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return v
  }
}
