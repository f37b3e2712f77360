import Foundation
import PaybackCore

/// Minutes as `H:MM` (`53:30`, `0:45`, `-1:05`), the form coordinators read balances in.
public func hoursMinutes(_ minutes: Int) -> String {
  let m = abs(minutes)
  return (minutes < 0 ? "-" : "") + "\(m / 60):" + (m % 60 < 10 ? "0" : "") + "\(m % 60)"
}

extension Ledger {
  /// A person's statement: their order, every appointment in date order with its outcome and
  /// credit, adjustments, and the balance, all in hours and minutes (`H:MM`). Entries dated
  /// outside `from...to` (when given) are left out of the lists; the balance is as of `to`.
  public func statement(person id: String, from: CalendarDate? = nil, to: CalendarDate? = nil) throws -> String {
    let b = try balance(person: id, asOf: to)
    let lines = try history(person: id, order: .appointment)
    func inRange(_ d: CalendarDate?) -> Bool {
      guard let d else { return true }
      return (from.map { d >= $0 } ?? true) && (to.map { d <= $0 } ?? true)
    }
    var out: [String] = []
    let o = b.order
    out.append("Statement for \(b.person.id)\(b.person.name.map { " (\($0))" } ?? "")")
    out.append(
      "Order: \(hoursMinutes(o.orderedMinutes)) hours, \(o.type.rawValue), sentenced \(o.sentenceDate), "
        + (o.deadline.map { "deadline \($0)" } ?? "no deadline") + (o.travelEligible ? ", travel eligible" : ""))
    if let from {
      out.append("From \(from)" + (to.map { " to \($0)" } ?? ""))
    } else if let to {
      out.append("Up to \(to)")
    }
    out.append("")
    out.append("date        session      outcome  times        credit")
    let appointments = try balanceAppointments(id).filter { inRange($0.date) }.sorted {
      ($0.date, $0.start ?? 0, $0.seq) < ($1.date, $1.start ?? 0, $1.seq)
    }
    func clock(_ m: Int?) -> String { m.flatMap { ClockTime(minutes: $0)?.description } ?? "--:--" }
    for a in appointments {
      let code = a.outcome?.code.rawValue ?? "(none)"
      let times = a.outcome.map { "\(clock($0.start))-\(clock($0.finish))" } ?? ""
      let credit = a.outcome.map { hoursMinutes($0.creditedMinutes) } ?? ""
      out.append(
        [
          a.date.description.padding(toLength: 11, withPad: " ", startingAt: 0),
          a.session.padding(toLength: 12, withPad: " ", startingAt: 0),
          code.padding(toLength: 8, withPad: " ", startingAt: 0),
          times.padding(toLength: 12, withPad: " ", startingAt: 0), credit,
        ].joined(separator: " "))
    }
    let adjustments = lines.filter {
      $0.supersededBy == nil && [.travel, .eteCredit, .opening].contains($0.entry.kind)
        && inRange($0.entry.calendarDate)
    }
    if !adjustments.isEmpty {
      out.append("")
      out.append("Adjustments")
      for l in adjustments { out.append("  " + l.summary) }
    }
    let x = b.balance
    out.append("")
    out.append("Balance as of \(x.asOf)")
    out.append("  ordered           \(hoursMinutes(x.orderedMinutes))")
    out.append("  credited          \(hoursMinutes(x.creditedMinutes))")
    out.append("  travel            \(hoursMinutes(x.travelMinutes))")
    out.append("  earned reduction  \(hoursMinutes(x.earnedReduction.minutes))")
    out.append("  remaining         \(hoursMinutes(x.remainingMinutes))")
    out.append("  work needed       \(hoursMinutes(x.workNeededMinutes))")
    if let ended = x.endedOn { out.append("  ended \(ended) with \(hoursMinutes(x.lostMinutes)) lost") }
    out.append("  ETE used / left   \(hoursMinutes(x.eteUsedMinutes)) / \(hoursMinutes(x.eteLeftMinutes))")
    out.append("  enforcement       \(x.enforcement.status.rawValue)")
    return out.joined(separator: "\n") + "\n"
  }

  func balanceAppointments(_ id: String) throws -> [Appointment] {
    try store.read { tx in PersonState(entries: try tx.entries(person: id)).appointments() }
  }

  /// The whole history (or one person's) as CSV, one entry a row in recording order, with
  /// credit and minutes as `H:MM`; `from`/`to` keep entries whose day is in range (reference
  /// entries, which have no day, are always kept).
  public func exportHistoryCSV(person: String? = nil, from: CalendarDate? = nil, to: CalendarDate? = nil) throws
    -> String
  {
    var rows = [
      "entry,recorded_at,recorded_by,kind,person,session,date,code,start,finish,penalty_minutes,credited,minutes,"
        + "supersedes,reason,summary"
    ]
    func q(_ s: String?) -> String {
      guard let s else { return "" }
      return s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    let iso = ISO8601DateFormatter()
    func clock(_ m: Int?) -> String { m.flatMap { ClockTime(minutes: $0)?.description } ?? "" }
    let all: [StoredEntry] = try store.read { tx in
      if let person { return try tx.entries(person: person) }
      var out: [StoredEntry] = []
      var after: Int64 = 0
      while true {
        let page = try tx.entries(after: after, limit: 10_000)
        guard let last = page.last else { break }
        out += page
        after = last.seq
      }
      return out
    }
    if let person, all.isEmpty { throw InputError(source: "", path: "person", message: "unknown person \"\(person)\"") }
    for e in all {
      if let d = e.calendarDate {
        if let from, d < from { continue }
        if let to, d > to { continue }
      }
      rows.append(
        [
          "\(e.seq)", iso.string(from: Date(timeIntervalSince1970: TimeInterval(e.recordedAt))), q(e.recordedBy),
          e.kind.rawValue, q(e.personId), q(e.sessionId), e.calendarDate?.description ?? "", q(e.code),
          clock(e.startMinute), clock(e.finishMinute), e.penaltyMinutes.map { "\($0)" } ?? "",
          e.creditedMinutes.map(hoursMinutes) ?? "", e.minutes.map(hoursMinutes) ?? "",
          e.supersedes.map { "\($0)" } ?? "", q(e.reason), q(Self.summary(e)),
        ].joined(separator: ","))
    }
    return rows.joined(separator: "\n") + "\n"
  }
}
