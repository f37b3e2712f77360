import Foundation
import PaybackCore

/// What a court decided after a breach, to record (`payback court`).
public struct CourtOutcomeInput: Sendable {
  public var person: String
  /// The day of the hearing.
  public var date: CalendarDate
  public var decision: CourtDecision
  /// For `hoursAdded`: the minutes added to the order.
  public var addedMinutes: Int?
  /// For `periodExtended`: the new last day for the work.
  public var extendedTo: CalendarDate?
  /// For `fine`: the amount, in pence.
  public var finePence: Int?
  public var notes: String?
  public var recordedBy: String
  public var idempotencyKey: String?
  /// An earlier court outcome this one corrects (with a reason).
  public var corrects: Int64?
  public var reason: String?

  public init(
    person: String, date: CalendarDate, decision: CourtDecision, addedMinutes: Int? = nil,
    extendedTo: CalendarDate? = nil, finePence: Int? = nil, notes: String? = nil, recordedBy: String,
    idempotencyKey: String? = nil, corrects: Int64? = nil, reason: String? = nil
  ) {
    self.person = person
    self.date = date
    self.decision = decision
    self.addedMinutes = addedMinutes
    self.extendedTo = extendedTo
    self.finePence = finePence
    self.notes = notes
    self.recordedBy = recordedBy
    self.idempotencyKey = idempotencyKey
    self.corrects = corrects
    self.reason = reason
  }
}

/// The details of a court outcome kept in the entry's `data`.
struct CourtDetails: Codable, Equatable {
  var until: CalendarDate?
  var finePence: Int?
}

extension Ledger {
  /// Records what a court decided after a breach, after checking it against the history.
  ///
  /// Refused, naming the field, when: there is no breach due for the person on that day (a court
  /// outcome follows a breach); the date is in the future, before the sentence, or after the
  /// order ended; hours added take the order past 300 hours; an extension is not later than the
  /// last day now in force, or the order has no time limit, or it would run a suspended sentence
  /// order past its operational period; a fine is not a positive amount; a detail is given that
  /// the decision does not take; a revocation comes before credit already recorded. A revocation
  /// cancels the bookings after it (without an outcome) in the same transaction.
  @discardableResult
  public func recordCourtOutcome(_ input: CourtOutcomeInput) throws -> Receipt {
    try store.write { tx in try self.recordCourtOutcome(input, tx) }
  }

  @discardableResult
  public func recordCourtOutcome(_ input: CourtOutcomeInput) async throws -> Receipt {
    try await store.write { tx in try self.recordCourtOutcome(input, tx) }
  }

  func recordCourtOutcome(_ input: CourtOutcomeInput, _ tx: any LedgerWriteTransaction) throws -> Receipt {
    let src = "court outcome for \(input.person)"
    func fail(_ field: String, _ message: String) -> InputError {
      InputError(source: src, path: field, message: message)
    }
    let details = CourtDetails(until: input.extendedTo, finePence: input.finePence)
    let data = details == CourtDetails() ? nil : Self.encode(details)
    if let key = input.idempotencyKey,
      let dup = try duplicate(
        tx, key: key, kind: .court, person: input.person, src,
        same: { old in
          old.code == input.decision.rawValue && old.date == input.date.dayNumber && old.minutes == input.addedMinutes
            && old.data == data && old.notes == input.notes && old.supersedes == input.corrects
        })
    {
      return dup
    }
    let now = self.now
    let s = try state(tx, person: input.person, source: src)
    if let c = input.corrects {
      guard let target = try tx.entry(seq: c), target.personId == input.person, target.kind == .court else {
        throw fail("corrects", "entry \(c) is not a court outcome of \(input.person)")
      }
      if let by = s.supersededBy[c] { throw fail("corrects", "entry \(c) has already been replaced by entry \(by)") }
      try requireReason(input.reason, src)
    }
    // Judged on the history without the outcome being corrected.
    var without = s
    if let c = input.corrects {
      without = PersonState(entries: s.entries.filter { $0.seq != c })
    }
    let order = without.order(on: input.date) ?? s.order!
    if input.date > now.date { throw fail("date", "\(input.date) is in the future (today is \(now.date))") }
    if input.date < order.sentenceDate {
      throw fail("date", "\(input.date) is before the sentence date \(order.sentenceDate)")
    }
    if let (end, why) = without.lastDay, input.date > end {
      throw fail("date", "\(input.date) is after \(why) (\(end))")
    }
    // Each decision takes only its own detail.
    let given: [(String, Bool, CourtDecision)] = [
      ("hours", input.addedMinutes != nil, .hoursAdded), ("until", input.extendedTo != nil, .periodExtended),
      ("amount", input.finePence != nil, .fine),
    ]
    for (field, present, owner) in given {
      if present && input.decision != owner {
        throw fail(field, "only \(owner) takes --\(field), not \(input.decision)")
      }
      if !present && input.decision == owner { throw fail(field, "\(owner) needs --\(field)") }
    }
    let asOf = LocalMoment(date: input.date, minute: 1439)
    let before = balance(of: without, at: asOf).balance
    guard before.enforcement.status == .breachDue else {
      throw fail(
        "decision",
        "\(input.person) has no breach due on \(input.date) (enforcement: \(before.enforcement.status.rawValue)); "
          + "a court outcome follows a breach (change an order otherwise with `payback amend`)")
    }
    switch input.decision {
    case .hoursAdded:
      let added = input.addedMinutes ?? 0
      if added <= 0 { throw fail("hours", "\(hoursText(added)) is not a positive number of hours") }
      if order.orderedMinutes + added > order.type.band.upperBound {
        throw fail(
          "hours",
          "\(hoursText(added)) added to \(hoursText(order.orderedMinutes)) is \(hoursText(order.orderedMinutes + added)), "
            + "more than the \(order.type.band.upperBound / 60) hours an order may be")
      }
    case .periodExtended:
      let until = input.extendedTo!
      guard let deadline = order.deadline else {
        throw fail("until", "the order has no time limit to extend")
      }
      if until <= deadline { throw fail("until", "\(until) is not after the last day now in force, \(deadline)") }
      if until <= input.date { throw fail("until", "\(until) is not after the hearing on \(input.date)") }
      if order.type == .suspendedSentenceOrder, let end = order.endOfOperationalPeriod, until > end {
        throw fail("until", "\(until) is after the end of the suspended sentence order's operational period \(end)")
      }
    case .fine:
      if (input.finePence ?? 0) <= 0 { throw fail("amount", "the fine must be a positive amount") }
    case .revoked:
      let credited = without.effective.filter {
        [.outcome, .travel, .eteCredit].contains($0.kind) && ($0.date ?? 0) > input.date.dayNumber
      }
      if let first = credited.first {
        throw fail(
          "date",
          "\(input.date) is before entry \(first.seq) on \(first.calendarDate?.description ?? "?"), already recorded; "
            + "the order cannot be revoked before it")
      }
    case .continued: break
    }
    var e = StoredEntry(kind: .court, recordedBy: input.recordedBy, recordedAt: epochSeconds)
    e.personId = input.person
    e.date = input.date.dayNumber
    e.code = input.decision.rawValue
    e.minutes = input.addedMinutes
    e.data = data
    e.notes = input.notes
    e.idempotencyKey = input.idempotencyKey
    e.supersedes = input.corrects
    e.reason = input.reason
    let seq = try tx.append(e)
    if input.decision == .revoked {
      // Nothing is booked on a revoked order: later bookings without an outcome are cancelled.
      for a in s.appointments() where a.date > input.date && a.outcome == nil {
        var c = StoredEntry(kind: .appointmentCancel, recordedBy: input.recordedBy, recordedAt: epochSeconds)
        c.personId = input.person
        c.sessionId = a.session
        c.date = a.date.dayNumber
        c.supersedes = a.seq
        c.reason = "the court revoked the order on \(input.date) (entry \(seq))"
        _ = try tx.append(c)
      }
    }
    logger.info("court outcome for \(input.person) on \(input.date): \(input.decision) (entry \(seq))")
    let after = balance(of: try state(tx, person: input.person, source: src), at: now)
    return Receipt(seq: seq, duplicate: false, creditedMinutes: 0, balance: after)
  }

  /// One court entry in plain words (history).
  static func courtSummary(_ e: StoredEntry) -> String {
    let details = decode(CourtDetails.self, e.data)
    switch CourtDecision(rawValue: e.code ?? "") {
    case .continued?: return "order continued"
    case .hoursAdded?: return "\(hoursText(e.minutes ?? 0)) added to the order"
    case .periodExtended?: return "period for the work extended to \(details?.until?.description ?? "?")"
    case .fine?:
      let p = details?.finePence ?? 0
      return "fined £\(p / 100).\(String(format: "%02d", p % 100)); order continued"
    case .revoked?: return "order revoked and re-sentenced"
    case nil: return "unknown decision \(e.code ?? "none")"
    }
  }
}
