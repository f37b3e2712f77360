import Foundation
import PaybackCore

/// A change to the ledger's policies (`payback policy set`); nil fields stay as they are.
public struct PolicyChange: Sendable, Equatable {
  public var earnedReduction: Bool?
  public var etePercent: Int?
  public var maxTravelMinutes: Int?
  public var warningMonths: Int?
  public var atRiskMinutesPerWeek: Int?
  public var attendanceToleranceMinutes: Int?

  public init(
    earnedReduction: Bool? = nil, etePercent: Int? = nil, maxTravelMinutes: Int? = nil, warningMonths: Int? = nil,
    atRiskMinutesPerWeek: Int? = nil, attendanceToleranceMinutes: Int? = nil
  ) {
    self.earnedReduction = earnedReduction
    self.etePercent = etePercent
    self.maxTravelMinutes = maxTravelMinutes
    self.warningMonths = warningMonths
    self.atRiskMinutesPerWeek = atRiskMinutesPerWeek
    self.attendanceToleranceMinutes = attendanceToleranceMinutes
  }

  /// The policy with this change applied.
  public func applied(to p: LedgerPolicy) -> LedgerPolicy {
    var n = p
    if let v = earnedReduction { n.earnedReduction = v }
    if let v = etePercent { n.etePercent = v }
    if let v = maxTravelMinutes { n.maxTravelMinutes = v }
    if let v = warningMonths { n.warningMonths = v }
    if let v = atRiskMinutesPerWeek { n.atRiskMinutesPerWeek = v }
    if let v = attendanceToleranceMinutes { n.attendanceToleranceMinutes = v }
    return n
  }
}

/// One recorded version of the policies: who set it, when and why, and what it changed.
public struct PolicyRecord: Sendable {
  public var seq: Int64
  /// Seconds since 1970 (UTC).
  public var recordedAt: Int64
  public var recordedBy: String
  public var reason: String
  public var policy: LedgerPolicy
  /// `setting old -> new`, in the order of ``Ledger/policySettings``.
  public var changes: [String]
}

/// The stored form of ``LedgerPolicy`` (JSON in the entry's `data`, snake_case keys).
struct StoredPolicy: Codable, Equatable {
  var earnedReduction: Bool
  var etePercent: Int
  var maxTravelMinutes: Int
  var warningMonths: Int
  var atRiskMinutesPerWeek: Int
  var attendanceToleranceMinutes: Int

  init(_ p: LedgerPolicy) {
    earnedReduction = p.earnedReduction
    etePercent = p.etePercent
    maxTravelMinutes = p.maxTravelMinutes
    warningMonths = p.warningMonths
    atRiskMinutesPerWeek = p.atRiskMinutesPerWeek
    attendanceToleranceMinutes = p.attendanceToleranceMinutes
  }

  var policy: LedgerPolicy {
    LedgerPolicy(
      earnedReduction: earnedReduction, etePercent: etePercent, maxTravelMinutes: maxTravelMinutes,
      warningMonths: warningMonths, atRiskMinutesPerWeek: atRiskMinutesPerWeek,
      attendanceToleranceMinutes: attendanceToleranceMinutes)
  }
}

extension Ledger {
  /// The settings, as (name, value as text, allowed range) in display order; names as stored.
  public static func policySettings(_ p: LedgerPolicy) -> [(name: String, value: String, range: ClosedRange<Int>?)] {
    [
      ("earned_reduction", p.earnedReduction ? "on" : "off", nil),
      ("ete_percent", "\(p.etePercent)", 0...100),
      ("max_travel_minutes", "\(p.maxTravelMinutes)", 1...1440),
      ("warning_months", "\(p.warningMonths)", 1...120),
      ("at_risk_minutes_per_week", "\(p.atRiskMinutesPerWeek)", 1...10080),
      ("attendance_tolerance_minutes", "\(p.attendanceToleranceMinutes)", 0...720),
    ]
  }

  /// The policy stored in the ledger, if one has been set.
  static func storedPolicy(_ tx: any LedgerReadTransaction) throws -> LedgerPolicy? {
    try tx.current(.policy, id: "ledger").flatMap { decode(StoredPolicy.self, $0.data) }?.policy
  }

  /// The policy in force, read from the ledger now (and kept as ``policy``): the last one set, or
  /// the one this ledger was opened with when none has been.
  @discardableResult
  public func currentPolicy() throws -> LedgerPolicy {
    let p = try store.read { tx in try Self.storedPolicy(tx) } ?? defaultPolicy
    policyState.withLock { $0 = p }
    return p
  }

  /// Every policy version set, oldest first.
  public func policyHistory() throws -> [PolicyRecord] {
    try store.read { tx in
      var previous = self.defaultPolicy
      var out: [PolicyRecord] = []
      var seq = try tx.current(.policy, id: "ledger")?.seq
      var chain: [StoredEntry] = []
      while let s = seq, let e = try tx.entry(seq: s) {
        chain.append(e)
        seq = e.supersedes
      }
      for e in chain.reversed() {
        guard let p = Self.decode(StoredPolicy.self, e.data)?.policy else { continue }
        out.append(
          PolicyRecord(
            seq: e.seq, recordedAt: e.recordedAt, recordedBy: e.recordedBy, reason: e.reason ?? "", policy: p,
            changes: Self.changes(from: previous, to: p)))
        previous = p
      }
      return out
    }
  }

  static func changes(from a: LedgerPolicy, to b: LedgerPolicy) -> [String] {
    zip(policySettings(a), policySettings(b)).compactMap { x, y in
      x.value == y.value ? nil : "\(x.name) \(x.value) -> \(y.value)"
    }
  }

  /// Changes the policies, recorded with who, when and why; every balance is then computed with
  /// them (CLI, web app and planner alike read them from the ledger).
  ///
  /// Refused, naming the setting and writing nothing, when a value is out of its range, nothing
  /// changes, there is no reason, or the recorded history contradicts it: ETE already used above
  /// the new share, travel already credited above the new cap, attendance already credited
  /// outside the new time window.
  @discardableResult
  public func setPolicy(_ change: PolicyChange, reason: String, by: String, idempotencyKey: String? = nil) throws
    -> PolicyRecord
  {
    let seq = try store.write { tx in try self.setPolicy(change, reason: reason, by: by, idempotencyKey, tx) }
    try currentPolicy()
    return try policyHistory().first { $0.seq == seq } ?? policyHistory().last!
  }

  func setPolicy(
    _ change: PolicyChange, reason: String, by: String, _ key: String?, _ tx: any LedgerWriteTransaction
  ) throws -> Int64 {
    let src = "policy"
    func fail(_ field: String, _ message: String) -> InputError {
      InputError(source: src, path: field, message: message)
    }
    let current = try Self.storedPolicy(tx) ?? defaultPolicy
    let new = change.applied(to: current)
    let data = Self.encode(StoredPolicy(new))
    if let key, let prior = try tx.entry(idempotencyKey: key) {
      guard prior.kind == .policy, prior.data == data, prior.reason == reason else {
        throw fail("idempotency_key", "\"\(key)\" was already used for a different entry (\(prior.seq))")
      }
      return prior.seq
    }
    for s in Self.policySettings(new) {
      if let range = s.range, let v = Int(s.value), !range.contains(v) {
        throw fail(s.name, "\(v) is outside \(range.lowerBound) to \(range.upperBound)")
      }
    }
    if reason.trimmingCharacters(in: .whitespaces).isEmpty {
      throw fail("reason", "a policy change must say why (--reason)")
    }
    if new == current { throw fail("policy", "the change changes nothing") }
    if let (field, message) = try contradiction(tx, new) { throw fail(field, message) }
    var e = StoredEntry(kind: .policy, recordedBy: by, recordedAt: epochSeconds)
    e.subject = "ledger"
    e.data = data
    e.reason = reason
    e.idempotencyKey = key
    e.supersedes = try tx.current(.policy, id: "ledger")?.seq
    let seq = try tx.append(e)
    logger.info(
      "policy changed (entry \(seq)): \(Self.changes(from: current, to: new).joined(separator: ", ")): \(reason)")
    return seq
  }

  /// The first thing recorded that `new` would make wrong, as (setting, message).
  func contradiction(_ tx: any LedgerReadTransaction, _ new: LedgerPolicy) throws -> (String, String)? {
    let at = now
    let farFuture = LocalMoment(date: CalendarDate.plausibleRange.upperBound, minute: 1439)
    for p in try tx.currentAll(.person) {
      guard let id = p.subject else { continue }
      let s = PersonState(entries: try tx.entries(person: id))
      guard s.order != nil else { continue }
      let b = balance(of: s, at: at, policy: new).balance
      if b.eteUsedMinutes > b.eteAllowanceMinutes {
        return (
          "ete_percent",
          "\(id) has already used \(hoursText(b.eteUsedMinutes)) of ETE, more than the "
            + "\(hoursText(b.eteAllowanceMinutes)) a \(new.etePercent)% share allows"
        )
      }
      var travelByDay: [Int: Int] = [:]
      for e in s.effective where e.kind == .travel { travelByDay[e.date ?? 0, default: 0] += e.minutes ?? 0 }
      let appointments = s.appointments()
      for (day, minutes) in travelByDay {
        let attended = appointments.filter { $0.date.dayNumber == day && $0.outcome?.code.isAttended == true }.count
        if minutes > new.maxTravelMinutes * max(1, attended) {
          return (
            "max_travel_minutes",
            "\(id) already has \(minutes) minutes of travel credited on \(CalendarDate(dayNumber: day)), more than "
              + "\(new.maxTravelMinutes) per attended appointment"
          )
        }
      }
      for a in appointments {
        guard let o = a.outcome, o.code.isAttended, let st = o.start, let fi = o.finish else { continue }
        do {
          try AttendanceWindow.check(
            start: st, finish: fi, date: a.date, scheduledStart: a.start, scheduledEnd: a.end,
            sessionMinutes: a.minutes, toleranceMinutes: new.attendanceToleranceMinutes, now: farFuture)
        } catch let v as RuleViolation {
          return (
            "attendance_tolerance_minutes",
            "\(id)'s attendance on \(a.session) (entry \(o.seq)) would be outside the window: \(v.message)"
          )
        }
      }
    }
    return nil
  }
}
