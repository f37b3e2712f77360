import Foundation
import GRDB
import PaybackCore

/// What the integrity check found.
public struct VerifyReport: Sendable {
  public var entries = 0
  public var people = 0
  /// Every balance recomputed from the history.
  public var balances = 0
  public var problems: [String] = []
  public var isValid: Bool { problems.isEmpty }
}

extension Ledger {
  /// The integrity check: the store's own check, then every entry and every balance recomputed
  /// from the history.
  ///
  /// Entries: each correction replaces an earlier entry of the same kind (or withdraws one); each
  /// outcome belongs to an appointment of the same person and its credit equals finish − start −
  /// penalty; codes and grades are known; travel adjustments are within the cap.
  /// Balances: each person's is recomputed; nothing owed below zero, ETE within the allowance,
  /// at most one outcome in force per appointment.
  public func verify() throws -> VerifyReport {
    var report = VerifyReport()
    if let sqlite = store as? SQLiteLedgerStore {
      let result = try sqlite.dbWriter.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
      if result != ["ok"] { report.problems += result.map { "sqlite: \($0)" } }
    }
    let at = now
    try store.read { tx in
      var kinds: [Int64: EntryKind] = [:]
      var people = Set<String>()
      var after: Int64 = 0
      while true {
        let page = try tx.entries(after: after, limit: 10_000)
        if page.isEmpty { break }
        for e in page {
          report.entries += 1
          kinds[e.seq] = e.kind
          if let p = e.personId { people.insert(p) }
          check(e, kinds: kinds, tx, into: &report.problems)
        }
        after = page.last!.seq
      }
      for id in people.sorted() {
        let s = PersonState(entries: try tx.entries(person: id))
        guard s.person != nil else {
          report.problems.append("person \(id): entries but no person record")
          continue
        }
        report.people += 1
        guard s.order != nil else { continue }
        let b = balance(of: s, at: at).balance
        report.balances += 1
        if b.orderedMinutes - b.creditedMinutes - b.travelMinutes - b.earnedReduction.minutes < 0 {
          report.problems.append(
            "person \(id): credited \(hoursText(b.creditedMinutes)) + travel \(hoursText(b.travelMinutes)) "
              + "is more than the \(hoursText(b.orderedMinutes)) ordered")
        }
        if b.eteUsedMinutes > b.eteAllowanceMinutes {
          report.problems.append(
            "person \(id): ETE \(hoursText(b.eteUsedMinutes)) is more than the allowance \(hoursText(b.eteAllowanceMinutes))"
          )
        }
        // The week plans work, not debt: the work needed must be no more than owed, and doing
        // exactly it (and not a minute less) must clear the order.
        if b.workNeededMinutes > b.remainingMinutes || !Self.workNeededClears(s, b, at: at, policy: policy) {
          report.problems.append(
            "person \(id): \(hoursText(b.workNeededMinutes)) of work needed does not clear the "
              + "\(hoursText(b.remainingMinutes)) owed exactly")
        }
        // Every court outcome follows a breach it dealt with (and hours added keep the order
        // within 300 hours: the order in force is checked against the bands below).
        let courts = s.effective.filter { $0.kind == .court && ($0.date ?? 0) <= at.date.dayNumber }
        if courts.count != b.enforcement.courtOutcomes.count {
          report.problems.append(
            "person \(id): \(courts.count) court outcomes but only \(b.enforcement.courtOutcomes.count) "
              + "followed a breach due")
        }
        for (field, message) in Self.orderProblems(s.order!) {
          report.problems.append("person \(id): order \(field) \(message)")
        }
        let appointments = Dictionary(s.appointments().map { ($0.seq, $0) }, uniquingKeysWith: { a, _ in a })
        let farFuture = LocalMoment(date: CalendarDate.plausibleRange.upperBound, minute: 1439)
        var attendedByDay: [Int: Int] = [:]
        for e in s.effective where e.kind == .outcome {
          guard let code = OutcomeCode(rawValue: e.code ?? ""), code.isAttended,
            let a = e.appointmentSeq.flatMap({ appointments[$0] })
          else { continue }
          attendedByDay[a.date.dayNumber, default: 0] += 1
          if let st = e.startMinute, let fi = e.finishMinute {
            do {
              try AttendanceWindow.check(
                start: st, finish: fi, date: a.date, scheduledStart: a.start, scheduledEnd: a.end,
                sessionMinutes: a.minutes, toleranceMinutes: policy.attendanceToleranceMinutes, now: farFuture)
            } catch let v as RuleViolation {
              report.problems.append("person \(id): entry \(e.seq) credits times outside the session: \(v)")
            }
          }
          if let (end, why) = s.lastDay, a.date > end {
            report.problems.append("person \(id): entry \(e.seq) is after \(why) (\(end))")
          }
        }
        var travelByDay: [Int: Int] = [:]
        for e in s.effective where e.kind == .travel { travelByDay[e.date ?? 0, default: 0] += e.minutes ?? 0 }
        for (day, minutes) in travelByDay where minutes > policy.maxTravelMinutes * (attendedByDay[day] ?? 0) {
          report.problems.append(
            "person \(id): \(minutes) minutes of travel on \(CalendarDate(dayNumber: day)) for "
              + "\(attendedByDay[day] ?? 0) attended appointments")
        }
        var perAppointment: [Int64: Int] = [:]
        for e in s.effective where e.kind == .outcome { perAppointment[e.appointmentSeq ?? 0, default: 0] += 1 }
        for (a, n) in perAppointment where n > 1 {
          report.problems.append("person \(id): appointment \(a) has \(n) outcomes in force")
        }
      }
    }
    return report
  }

  /// Whether crediting exactly the work needed leaves nothing owed, and a minute less does not.
  static func workNeededClears(_ s: PersonState, _ b: OrderBalance, at: LocalMoment, policy: LedgerPolicy) -> Bool {
    guard b.remainingMinutes > 0 else { return b.workNeededMinutes == 0 }
    let entries = s.balanceEntries().filter { $0.kind == .opening || $0.when.date <= at.date }
    func left(_ more: Int) -> Int {
      let later = LocalMoment(date: at.date, minute: 1439)
      let work = BalanceEntry(kind: .outcome(.ATTC), when: later, creditedMinutes: more, sequence: Int.max)
      return OrderBalance.compute(
        terms: s.order!.terms, entries: entries + [work], asOf: at.date, policy: policy
      ).remainingMinutes
    }
    return left(b.workNeededMinutes) == 0 && (b.workNeededMinutes == 0 || left(b.workNeededMinutes - 1) > 0)
  }

  func check(
    _ e: StoredEntry, kinds: [Int64: EntryKind], _ tx: any LedgerReadTransaction, into problems: inout [String]
  ) {
    func bad(_ m: String) { problems.append("entry \(e.seq) (\(e.kind.rawValue)): \(m)") }
    if let s = e.supersedes {
      guard let k = kinds[s] else { return bad("replaces entry \(s), which is not earlier in the history") }
      switch e.kind {
      case .retraction:
        if ![.outcome, .travel, .eteCredit, .court].contains(k) { bad("withdraws a \(k.rawValue) entry") }
      case .appointmentCancel: if k != .appointment { bad("cancels a \(k.rawValue) entry") }
      default: if k != e.kind { bad("replaces a \(k.rawValue) entry") }
      }
    }
    switch e.kind {
    case .outcome:
      guard let code = OutcomeCode(rawValue: e.code ?? "") else { return bad("unknown code \(e.code ?? "none")") }
      if let q = e.quality, WorkGrade(rawValue: q) == nil { bad("unknown work quality \(q)") }
      if let q = e.behaviour, WorkGrade(rawValue: q) == nil { bad("unknown behaviour grade \(q)") }
      guard let a = e.appointmentSeq, kinds[a] == .appointment else { return bad("is not for an earlier appointment") }
      if let appt = try? tx.entry(seq: a), appt.personId != e.personId { bad("is for another person's appointment") }
      let length = e.slotStart.flatMap { s in e.slotEnd.map { $0 - s } } ?? (e.minutes ?? 0)
      do {
        let c = try LedgerRules.creditedMinutes(
          code: code, start: e.startMinute, finish: e.finishMinute, penaltyMinutes: e.penaltyMinutes ?? 0,
          appointmentMinutes: length)
        if c != e.creditedMinutes { bad("credited \(e.creditedMinutes ?? 0) but its times give \(c)") }
      } catch { bad("\(error)") }
    case .travel:
      if let m = e.minutes, m <= 0 || m > policy.maxTravelMinutes {
        bad("\(m) minutes is outside 1...\(policy.maxTravelMinutes)")
      }
    case .eteCredit:
      if (e.minutes ?? 0) <= 0 { bad("no minutes") }
    case .opening:
      if let c = e.code, c != OpeningBalance.reductionEndedCode { bad("unknown code \(c)") }
    case .court:
      guard let d = CourtDecision(rawValue: e.code ?? "") else { return bad("unknown decision \(e.code ?? "none")") }
      if d == .hoursAdded && (e.minutes ?? 0) <= 0 { bad("adds no hours") }
      if e.personId == nil || e.date == nil { bad("has no person or date") }
    case .policy:
      if Self.decode(StoredPolicy.self, e.data) == nil { bad("is not a policy") }
      if (e.reason ?? "").isEmpty { bad("says not why") }
    case .person, .order, .project, .session, .supervisor, .settings, .staffing:
      if e.data == nil || e.subject == nil { bad("has no data") }
    default: break
    }
  }

  // MARK: - Export

  /// Writes the whole history as JSON Lines, one entry a line in history order, to `write`.
  public func exportHistory(_ write: (String) throws -> Void) throws {
    try store.read { tx in
      var after: Int64 = 0
      while true {
        let page = try tx.entries(after: after, limit: 10_000)
        if page.isEmpty { break }
        for e in page { try write(Self.json(e)) }
        after = page.last!.seq
      }
    }
  }

  /// One entry as a line of JSON (the export format).
  public static func entryJSON(_ e: StoredEntry) -> String { json(e) }

  static func json(_ e: StoredEntry) -> String {
    var members: [(String, JSONValue)] = [("seq", .number(Double(e.seq))), ("kind", .string(e.kind.rawValue))]
    func s(_ k: String, _ v: String?) { if let v { members.append((k, .string(v))) } }
    func n(_ k: String, _ v: Int?) { if let v { members.append((k, .number(Double(v)))) } }
    s("subject", e.subject)
    s("person", e.personId)
    s("session", e.sessionId)
    n("appointment", e.appointmentSeq.map(Int.init))
    s("code", e.code)
    n("slot_start", e.slotStart)
    n("slot_end", e.slotEnd)
    n("start_minute", e.startMinute)
    n("finish_minute", e.finishMinute)
    n("penalty_minutes", e.penaltyMinutes)
    n("credited_minutes", e.creditedMinutes)
    if e.ete { members.append(("ete", .bool(true))) }
    s("work_quality", e.quality)
    s("behaviour", e.behaviour)
    s("notes", e.notes)
    s("date", e.calendarDate?.description)
    n("minutes", e.minutes)
    s("source", e.source)
    if let d = e.data, let v = try? JSONValue.parse(Data(d.utf8), source: "") { members.append(("data", v)) }
    s("recorded_by", e.recordedBy)
    n("recorded_at", Int(e.recordedAt))
    s("idempotency_key", e.idempotencyKey)
    n("supersedes", e.supersedes.map(Int.init))
    s("reason", e.reason)
    return compactJSON(.object(members))
  }

  /// Every balance as CSV, with a header.
  public func exportBalancesCSV(asOf: CalendarDate? = nil) throws -> String {
    var lines = [
      "person,ordered_hours,credited_hours,travel_hours,earned_reduction_hours,remaining_hours,ete_used_hours,"
        + "ete_left_hours,enforcement,pace,deadline,ordered,credited,travel,earned_reduction,remaining,lost,ended_on,"
        + "work_needed"
    ]
    func h(_ m: Int) -> String { String(format: "%.2f", Double(m) / 60) }
    for b in try balances(asOf: asOf) {
      let x = b.balance
      lines.append(
        [
          b.person.id, h(x.orderedMinutes), h(x.creditedMinutes), h(x.travelMinutes), h(x.earnedReduction.minutes),
          h(x.remainingMinutes), h(x.eteUsedMinutes), h(x.eteLeftMinutes), x.enforcement.status.rawValue,
          x.pace.rawValue, b.order.deadline?.description ?? "", hoursMinutes(x.orderedMinutes),
          hoursMinutes(x.creditedMinutes), hoursMinutes(x.travelMinutes), hoursMinutes(x.earnedReduction.minutes),
          hoursMinutes(x.remainingMinutes), hoursMinutes(x.lostMinutes), x.endedOn?.description ?? "",
          hoursMinutes(x.workNeededMinutes),
        ].joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// JSON on one line (for JSON Lines output and `--json`).
public func compactJSON(_ v: JSONValue) -> String { v.compactText }
