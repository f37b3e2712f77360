import Foundation
import PaybackCore

extension Ledger {
  /// Changes an order: a new version that supersedes the old one and says who, when and why.
  ///
  /// Refused (naming the field, nothing written) when the reason is empty, nothing changes, the
  /// result breaks a legal rule (40 to 300 hours, deadline and operational period not before the
  /// sentence date, an operational period only for a suspended sentence order), or it contradicts
  /// the history: an outcome or adjustment before the new sentence date, credit after a new
  /// deadline or operational period end, more credited than the new hours, travel credited on an
  /// order made not eligible for it.
  @discardableResult
  public func amendOrder(
    person: String, _ change: OrderAmendment, reason: String, by: String, idempotencyKey: String? = nil
  ) throws -> Int64 {
    try store.write { tx in
      try self.amendOrder(tx, person: person, change, reason: reason, by: by, idempotencyKey: idempotencyKey)
    }
  }

  @discardableResult
  public func amendOrder(
    person: String, _ change: OrderAmendment, reason: String, by: String, idempotencyKey: String? = nil
  ) async throws -> Int64 {
    try await store.write { tx in
      try self.amendOrder(tx, person: person, change, reason: reason, by: by, idempotencyKey: idempotencyKey)
    }
  }

  func amendOrder(
    _ tx: any LedgerWriteTransaction, person: String, _ change: OrderAmendment, reason: String, by: String,
    idempotencyKey: String?
  ) throws -> Int64 {
    let src = "amending the order of \(person)"
    func fail(_ field: String, _ message: String) -> InputError {
      InputError(source: src, path: field, message: message)
    }
    let s = try state(tx, person: person, source: src)
    guard let current = s.effective.last(where: { $0.kind == .order }), let old = s.baseOrder else {
      throw fail("person", "\(person) has no order")
    }
    let new = change.applied(to: old)
    if let key = idempotencyKey, let prior = try tx.entry(idempotencyKey: key) {
      guard prior.kind == .order, prior.personId == person, prior.reason == reason,
        Self.decode(OrderRecord.self, prior.data) == new || prior.seq == current.seq
      else {
        throw fail("idempotency_key", "\"\(key)\" was already used for a different entry (\(prior.seq))")
      }
      return prior.seq
    }
    try requireReason(reason, src)
    if new == old { throw fail("order", "the amendment changes nothing") }
    for (field, message) in Self.orderProblems(new) { throw fail(field, message) }
    let added = (s.order?.orderedMinutes ?? old.orderedMinutes) - old.orderedMinutes
    if added > 0, new.orderedMinutes + added > new.type.band.upperBound {
      throw fail(
        "hours_ordered",
        "\(hoursText(new.orderedMinutes)) with the \(hoursText(added)) the court added is more than "
          + "\(new.type.band.upperBound / 60) hours")
    }
    let entries = s.balanceEntries().filter { $0.kind != .opening }
    if let first = entries.map(\.when.date).min(), first < new.sentenceDate {
      throw fail(
        "sentence_date", "\(new.sentenceDate) is after an outcome or adjustment already recorded on \(first)")
    }
    let creditedDates = entries.filter { $0.creditedMinutes > 0 }.map(\.when.date)
    if let dl = new.deadline, let last = creditedDates.max(), last > dl {
      throw fail("deadline", "\(dl) is before credit already recorded on \(last)")
    }
    if let end = new.endOfOperationalPeriod, let last = creditedDates.max(), last > end {
      throw fail("operational_period_end", "\(end) is before credit already recorded on \(last)")
    }
    let b = OrderBalance.compute(terms: old.terms, entries: s.balanceEntries(), asOf: now.date, policy: policy)
    if b.creditedMinutes + b.travelMinutes > new.orderedMinutes {
      throw fail(
        "hours_ordered",
        "\(hoursText(new.orderedMinutes)) is less than the \(hoursText(b.creditedMinutes + b.travelMinutes)) "
          + "already credited")
    }
    if !new.travelEligible && b.travelMinutes > 0 {
      throw fail("travel_eligible", "\(hoursText(b.travelMinutes)) of travel time is already credited on this order")
    }
    var e = StoredEntry(kind: .order, recordedBy: by, recordedAt: epochSeconds)
    e.subject = person
    e.personId = person
    e.data = Self.encode(new)
    e.source = "amend"
    e.supersedes = current.seq
    e.reason = reason
    e.idempotencyKey = idempotencyKey
    let seq = try tx.append(e)
    logger.info("amended the order of \(person) (entry \(seq)): \(reason)")
    return seq
  }

  /// The legal rules an order itself must meet, as (field, message) pairs named as in the CSV.
  static func orderProblems(_ o: OrderRecord) -> [(String, String)] {
    var out: [(String, String)] = []
    if !o.type.band.contains(o.orderedMinutes) {
      out.append(
        ("hours_ordered", "\(hoursText(o.orderedMinutes)) \(OrderBands.problem(o.orderedMinutes, band: o.type.band))"))
    }
    if let d = o.deadline, d < o.sentenceDate {
      out.append(("deadline", "\(d) is before the sentence date \(o.sentenceDate)"))
    }
    if let e = o.operationalPeriodEnd {
      if o.type != .suspendedSentenceOrder {
        out.append(("operational_period_end", "only a suspended sentence order has an operational period"))
      } else if e < o.sentenceDate {
        out.append(("operational_period_end", "\(e) is before the sentence date \(o.sentenceDate)"))
      }
    }
    return out
  }

  /// The first field (CSV name) where two versions of an order differ, with both values.
  static func firstDifference(_ a: OrderRecord, _ b: OrderRecord) -> (String, String, String) {
    func show<T>(_ v: T?) -> String { v.map { "\($0)" } ?? "none" }
    if a.orderedMinutes != b.orderedMinutes {
      return ("hours_ordered", hoursText(a.orderedMinutes), hoursText(b.orderedMinutes))
    }
    if a.sentenceDate != b.sentenceDate { return ("sentence_date", "\(a.sentenceDate)", "\(b.sentenceDate)") }
    if a.type != b.type { return ("order_type", a.type.rawValue, b.type.rawValue) }
    if a.deadline != b.deadline { return ("deadline", show(a.deadline), show(b.deadline)) }
    if a.travelEligible != b.travelEligible {
      return ("travel_eligible", a.travelEligible ? "yes" : "no", b.travelEligible ? "yes" : "no")
    }
    if a.startDate != b.startDate { return ("start_date", show(a.startDate), show(b.startDate)) }
    if a.operationalPeriodEnd != b.operationalPeriodEnd {
      return ("operational_period_end", show(a.operationalPeriodEnd), show(b.operationalPeriodEnd))
    }
    return ("hours_ordered", "ETE allowance \(show(a.eteAllowanceMinutes))", show(b.eteAllowanceMinutes))
  }
}
