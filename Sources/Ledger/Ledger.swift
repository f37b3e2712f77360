import Foundation
import Logging
import PaybackCore
import Synchronization

/// The hours ledger: the durable, append-only record of orders, appointments and outcomes, and
/// the balances computed from it.
///
/// Every write checks the rules of docs/domain.md (``LedgerRules``) inside one store transaction and
/// either appends everything or nothing. Nothing is ever updated or deleted: a correction is a
/// new entry that supersedes an earlier one and says why. The type is Sendable; each method has
/// a synchronous form (CLI) and, where a web page needs it, an `async` form.
public final class Ledger: Sendable {
  public let store: any LedgerStore
  /// The policy when the ledger stores none (`policy` at init).
  public let defaultPolicy: LedgerPolicy
  let policyState: Mutex<LedgerPolicy>
  public let logger: Logger
  let clock: @Sendable () -> Date
  let timeZone: TimeZone

  /// - Parameters:
  ///   - policy: the policy when the ledger has none set (`payback policy set`); one stored in
  ///     the ledger is read on opening and wins.
  ///   - now: the clock (tests fix it); local dates and times are read in `timeZone`.
  public init(
    store: any LedgerStore, policy: LedgerPolicy = .standard, logger: Logger = Logger(label: "payback.ledger"),
    timeZone: TimeZone = .current, now: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.store = store
    self.defaultPolicy = policy
    let stored = (try? store.read { tx in try Ledger.storedPolicy(tx) }) ?? nil
    self.policyState = Mutex(stored ?? policy)
    self.logger = logger
    self.clock = now
    self.timeZone = timeZone
  }

  /// Opens the SQLite ledger at `path`, creating it on first use when `create` (the default);
  /// otherwise a missing file is bad input, so that a typo never starts an empty ledger.
  public convenience init(
    path: String, create: Bool = true, policy: LedgerPolicy = .standard,
    logger: Logger = Logger(label: "payback.ledger"), timeZone: TimeZone = .current,
    now: @escaping @Sendable () -> Date = { Date() }
  ) throws {
    if !create && !FileManager.default.fileExists(atPath: path) {
      throw InputError(
        source: path, path: "", message: "there is no ledger here; create one with `payback init` or `payback import`")
    }
    self.init(
      store: try SQLiteLedgerStore(path: path), policy: policy, logger: logger, timeZone: timeZone, now: now)
  }

  /// The policy in force: the ledger's own (`payback policy set`), read when it was opened and
  /// after each change through it; ``currentPolicy()`` reads it again (a server that runs for
  /// long calls it to see changes made elsewhere).
  public var policy: LedgerPolicy { policyState.withLock { $0 } }

  /// The local date and minute now.
  public var now: LocalMoment { moment(clock()) }

  func moment(_ date: Date) -> LocalMoment {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = timeZone
    let c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    return LocalMoment(
      date: CalendarDate(year: c.year!, month: c.month!, day: c.day!)!, minute: c.hour! * 60 + c.minute!)
  }

  var epochSeconds: Int64 { Int64(clock().timeIntervalSince1970) }

  // MARK: - Coding reference data

  /// Reference data as the ledger stores it (also used by the ledger benchmark to build histories in bulk).
  package static func encode<T: Encodable>(_ value: T) -> String {
    let e = JSONEncoder()
    e.keyEncodingStrategy = .convertToSnakeCase
    e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try! e.encode(value), as: UTF8.self)
  }

  static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
    guard let text else { return nil }
    let d = JSONDecoder()
    d.keyDecodingStrategy = .convertFromSnakeCase
    return try? d.decode(type, from: Data(text.utf8))
  }

  // MARK: - Reading a person

  /// Everything about one person, reduced to what is in force.
  struct PersonState {
    var entries: [StoredEntry]
    var supersededBy: [Int64: Int64]
    var person: PersonRecord?
    /// The order as recorded (imported or amended).
    var baseOrder: OrderRecord?
    /// The order in force: the recorded one with the court's decisions applied (hours added,
    /// period extended).
    var order: OrderRecord?
    var effective: [StoredEntry]

    init(entries: [StoredEntry]) {
      self.entries = entries
      var by: [Int64: Int64] = [:]
      for e in entries { if let s = e.supersedes { by[s] = e.seq } }
      supersededBy = by
      effective = entries.filter { by[$0.seq] == nil }
      person = effective.last { $0.kind == .person }.flatMap { Ledger.decode(PersonRecord.self, $0.data) }
      baseOrder = effective.last { $0.kind == .order }.flatMap { Ledger.decode(OrderRecord.self, $0.data) }
      order = baseOrder.map { Ledger.applyingCourt(effective, to: $0, upTo: nil) }
    }

    /// The order in force on `day` (court decisions dated after it not yet made).
    func order(on day: CalendarDate) -> OrderRecord? {
      baseOrder.map { Ledger.applyingCourt(effective, to: $0, upTo: day) }
    }

    /// The court's revocation in force, if any: the order ends that day.
    var revokedOn: CalendarDate? {
      effective.filter { $0.kind == .court && $0.code == CourtDecision.revoked.rawValue }.compactMap(\.calendarDate)
        .min()
    }

    /// The last day anything may be booked, logged or credited, and why: a suspended sentence
    /// order's operational period, or a revocation.
    var lastDay: (day: CalendarDate, why: String)? {
      let ends = [
        order?.endOfOperationalPeriod.map { ($0, "the end of the order's operational period") },
        revokedOn.map { ($0, "the day the court revoked the order") },
      ].compactMap { $0 }
      return ends.min { $0.0 < $1.0 }
    }

    func balanceEntries(excluding: Int64? = nil) -> [BalanceEntry] {
      effective.compactMap { e -> BalanceEntry? in
        if e.seq == excluding { return nil }
        let day = CalendarDate(dayNumber: e.date ?? 0)
        switch e.kind {
        case .outcome:
          guard let code = OutcomeCode(rawValue: e.code ?? "") else { return nil }
          return .outcome(
            code, on: day, at: e.slotStart ?? 0, credited: e.creditedMinutes ?? 0, ete: e.ete, sequence: Int(e.seq))
        case .travel: return .travel(e.minutes ?? 0, on: day, sequence: Int(e.seq))
        case .eteCredit: return .ete(e.minutes ?? 0, on: day, sequence: Int(e.seq))
        case .court:
          guard let d = CourtDecision(rawValue: e.code ?? "") else { return nil }
          return .court(d, on: day, sequence: Int(e.seq))
        case .opening:
          return .opening(
            credited: e.creditedMinutes ?? 0, ete: e.minutes ?? 0, on: day, sequence: Int(e.seq),
            endsEarnedReduction: e.code == OpeningBalance.reductionEndedCode)
        default: return nil
        }
      }
    }

    /// Effective appointments with their effective outcomes.
    func appointments() -> [Appointment] {
      var outcomes: [Int64: RecordedOutcome] = [:]
      for e in effective where e.kind == .outcome {
        if let a = e.appointmentSeq, let o = Ledger.recordedOutcome(e) { outcomes[a] = o }
      }
      return effective.filter { $0.kind == .appointment }.map { Ledger.appointment($0, outcome: outcomes[$0.seq]) }
    }
  }

  static func recordedOutcome(_ e: StoredEntry) -> RecordedOutcome? {
    guard let code = OutcomeCode(rawValue: e.code ?? "") else { return nil }
    return RecordedOutcome(
      seq: e.seq, code: code, start: e.startMinute, finish: e.finishMinute, penaltyMinutes: e.penaltyMinutes ?? 0,
      creditedMinutes: e.creditedMinutes ?? 0, workQuality: e.quality.flatMap(WorkGrade.init(rawValue:)),
      behaviour: e.behaviour.flatMap(WorkGrade.init(rawValue:)), notes: e.notes, recordedBy: e.recordedBy)
  }

  static func appointment(_ e: StoredEntry, outcome: RecordedOutcome?) -> Appointment {
    Appointment(
      seq: e.seq, person: e.personId ?? "", session: e.sessionId ?? "", date: CalendarDate(dayNumber: e.date ?? 0),
      start: e.slotStart, end: e.slotEnd, minutes: e.minutes ?? 0, ete: e.ete, source: e.source ?? "",
      outcome: outcome)
  }

  func state(_ tx: any LedgerReadTransaction, person id: String, source: String = "") throws -> PersonState {
    let s = PersonState(entries: try tx.entries(person: id))
    if s.person == nil {
      throw InputError(source: source, path: "person", message: "unknown person \"\(id)\"")
    }
    if s.order == nil {
      throw InputError(source: source, path: "person", message: "\"\(id)\" has no order in the ledger")
    }
    return s
  }

  /// `order` with the court's effective decisions dated up to `day` (all, when nil) applied.
  static func applyingCourt(_ effective: [StoredEntry], to order: OrderRecord, upTo day: CalendarDate?) -> OrderRecord {
    var o = order
    for e in effective where e.kind == .court {
      guard let d = e.calendarDate, day.map({ d <= $0 }) ?? true else { continue }
      switch CourtDecision(rawValue: e.code ?? "") {
      case .hoursAdded?: o.orderedMinutes += e.minutes ?? 0
      case .periodExtended?:
        if let until = decode(CourtDetails.self, e.data)?.until { o.deadline = until }
      default: break
      }
    }
    return o
  }

  func balance(
    of s: PersonState, excluding: Int64? = nil, at now: LocalMoment, policy given: LedgerPolicy? = nil
  ) -> PersonBalance {
    let policy = given ?? self.policy
    let order = s.order(on: now.date) ?? s.order!
    // As of a day: only what had happened by then counts (`--as-of`).
    // An opening balance is what was done before the ledger, whatever its date.
    let entries = s.balanceEntries(excluding: excluding).filter { $0.kind == .opening || $0.when.date <= now.date }
    let b = OrderBalance.compute(terms: order.terms, entries: entries, asOf: now.date, policy: policy)
    var overdue: [Appointment] = []
    var upcoming: [Appointment] = []
    for a in s.appointments() where a.outcome == nil {
      let end = LocalMoment(date: a.date, minute: a.end ?? 1439)
      let start = LocalMoment(date: a.date, minute: a.start ?? 0)
      if LedgerRules.outcomeDue(appointmentEnd: end, now: now) {
        overdue.append(a)
      } else if start > now {
        upcoming.append(a)
      }
    }
    let rsof = s.appointments().filter { $0.outcome?.code == .RSOF && $0.date <= now.date }.count
    return PersonBalance(
      person: s.person!, order: order, balance: b, overdue: overdue, upcoming: upcoming,
      personRequestedReschedules: rsof)
  }

  // MARK: - Balances and history

  /// A person's balance now (or as of `asOf`, a date), computed from the whole history.
  public func balance(person id: String, asOf: CalendarDate? = nil) throws -> PersonBalance {
    let at = asOf.map { LocalMoment(date: $0, minute: 1439) } ?? now
    return try store.read { tx in try self.balance(of: self.state(tx, person: id), at: at) }
  }

  public func balance(person id: String, asOf: CalendarDate? = nil) async throws -> PersonBalance {
    let at = asOf.map { LocalMoment(date: $0, minute: 1439) } ?? now
    return try await store.read { tx in try self.balance(of: self.state(tx, person: id), at: at) }
  }

  /// A person's full history, superseded entries included and marked: by default in the order
  /// things happened (reference data first, then by the day and time each entry concerns), or
  /// in the order it was written (`.recording`).
  public func history(person id: String, order: HistoryOrder = .appointment) throws -> [HistoryLine] {
    try store.read { tx in
      let s = PersonState(entries: try tx.entries(person: id))
      if s.entries.isEmpty { throw InputError(source: "", path: "person", message: "unknown person \"\(id)\"") }
      var entries = s.entries
      if order == .appointment {
        entries.sort {
          ($0.date ?? Int.min, $0.slotStart ?? -1, $0.seq) < ($1.date ?? Int.min, $1.slotStart ?? -1, $1.seq)
        }
      }
      return entries.map { HistoryLine(entry: $0, supersededBy: s.supersededBy[$0.seq], summary: Self.summary($0)) }
    }
  }

  static func summary(_ e: StoredEntry) -> String {
    let day = e.calendarDate.map { "\($0) " } ?? ""
    func t(_ m: Int?) -> String { m.flatMap { ClockTime(minutes: $0)?.description } ?? "--:--" }
    var s: String
    switch e.kind {
    case .person: s = "person details"
    case .order:
      if let o = decode(OrderRecord.self, e.data) {
        s =
          "order: \(hoursText(o.orderedMinutes)) \(o.type), sentenced \(o.sentenceDate)"
          + (o.deadline.map { ", deadline \($0)" } ?? ", no deadline") + (o.travelEligible ? ", travel eligible" : "")
      } else {
        s = "order"
      }
    case .appointment: s = "\(day)booked on \(e.sessionId ?? "?") \(t(e.slotStart))-\(t(e.slotEnd)) (\(e.source ?? ""))"
    case .appointmentCancel: s = "\(day)booking on \(e.sessionId ?? "?") cancelled"
    case .outcome:
      let code = OutcomeCode(rawValue: e.code ?? "")
      s = "\(day)\(e.sessionId ?? "?"): \(e.code ?? "?") \(code?.meaning ?? "")"
      if code?.isAttended == true {
        s += ", \(t(e.startMinute))-\(t(e.finishMinute))"
        if let p = e.penaltyMinutes, p > 0 { s += " less \(p)m penalty" }
        s += ", credited \(hoursText(e.creditedMinutes ?? 0))"
      }
    case .travel: s = "\(day)travel time \(hoursText(e.minutes ?? 0))"
    case .eteCredit: s = "\(day)ETE credit \(hoursText(e.minutes ?? 0))"
    case .opening:
      s = "opening balance: \(hoursText(e.creditedMinutes ?? 0)) already done (ETE \(hoursText(e.minutes ?? 0)))"
      if e.code == OpeningBalance.reductionEndedCode { s += "; earned reduction had already ended" }
    case .retraction: s = "withdrew entry \(e.supersedes ?? 0)"
    case .court: s = "\(day)court: " + courtSummary(e)
    default: s = e.kind.rawValue
    }
    if let sup = e.supersedes, e.kind != .retraction, e.kind != .appointmentCancel {
      s += " [replaces \(sup)]"
    }
    if let r = e.reason { s += " (\(r))" }
    return s
  }

  // MARK: - Recording outcomes

  /// Records an outcome for a person's appointment on a session, after checking every rule.
  ///
  /// The same idempotency key sent again returns the first entry and writes nothing. A correction
  /// (`corrects`) replaces an earlier effective outcome of the same appointment and needs a reason.
  @discardableResult
  public func logOutcome(_ input: OutcomeInput) throws -> Receipt {
    try store.write { tx in try self.logOutcome(input, tx) }
  }

  @discardableResult
  public func logOutcome(_ input: OutcomeInput) async throws -> Receipt {
    try await store.write { tx in try self.logOutcome(input, tx) }
  }

  func logOutcome(_ input: OutcomeInput, _ tx: any LedgerWriteTransaction) throws -> Receipt {
    let now = self.now
    let src = "outcome for \(input.person) on \(input.session)"
    func fail(_ field: String, _ message: String) -> InputError {
      InputError(source: src, path: field, message: message)
    }
    if let key = input.idempotencyKey,
      let dup = try duplicate(
        tx, key: key, kind: .outcome, person: input.person, src,
        same: { old in
          old.sessionId == input.session && old.code == input.code.rawValue && old.startMinute == input.start
            && old.finishMinute == input.finish && (old.penaltyMinutes ?? 0) == input.penaltyMinutes
            && old.quality == input.workQuality?.rawValue && old.behaviour == input.behaviour?.rawValue
            && old.notes == input.notes && old.supersedes == input.corrects
        })
    {
      return dup
    }
    let s = try state(tx, person: input.person, source: src)
    let open = s.appointments().filter { $0.session == input.session }
    guard let appt = open.last else {
      if try tx.current(.session, id: input.session) == nil {
        throw fail("session", "unknown session \"\(input.session)\"")
      }
      throw fail("session", "\(input.person) has no appointment on \(input.session)")
    }
    if let (end, why) = s.lastDay, appt.date > end {
      throw fail(
        "date",
        "the appointment on \(appt.date) is after \(why) (\(end)); nothing more is credited on it")
    }
    var replacing: Int64?
    if let c = input.corrects {
      guard let target = try tx.entry(seq: c), target.personId == input.person, target.kind == .outcome else {
        throw fail("corrects", "entry \(c) is not an outcome of \(input.person)")
      }
      if s.supersededBy[c] != nil {
        throw fail("corrects", "entry \(c) has already been replaced by entry \(s.supersededBy[c]!)")
      }
      if target.appointmentSeq != appt.seq {
        throw fail("corrects", "entry \(c) is for another appointment (\(target.sessionId ?? "?"))")
      }
      try requireReason(input.reason, src)
      replacing = c
    } else if let existing = appt.outcome {
      throw fail(
        "session",
        "the appointment on \(input.session) already has an outcome (entry \(existing.seq), \(existing.code)); "
          + "correct it with --corrects \(existing.seq) and a --reason")
    }
    let length = appt.start.flatMap { a in appt.end.map { $0 - a } } ?? appt.minutes
    let credited: Int
    do {
      credited = try LedgerRules.creditedMinutes(
        code: input.code, start: input.start, finish: input.finish, penaltyMinutes: input.penaltyMinutes,
        appointmentMinutes: length)
      let before = balance(of: s, excluding: replacing, at: now).balance
      try LedgerRules.checkOutcome(
        code: input.code, creditedMinutes: credited, isETE: appt.ete,
        appointmentStart: LocalMoment(date: appt.date, minute: appt.start ?? 0), now: now,
        sentenceDate: s.order!.sentenceDate, remainingMinutes: before.remainingMinutes + before.lostMinutes,
        eteLeftMinutes: before.eteLeftMinutes)
      // Checked after the rules above, whose messages say more (an appointment not started yet).
      if input.code.isAttended, let start = input.start, let finish = input.finish {
        try AttendanceWindow.check(
          start: start, finish: finish, date: appt.date, scheduledStart: appt.start, scheduledEnd: appt.end,
          sessionMinutes: appt.minutes, toleranceMinutes: policy.attendanceToleranceMinutes, now: now)
      }
    } catch let v as RuleViolation {
      throw fail(v.field, v.message)
    }
    var e = StoredEntry(kind: .outcome, recordedBy: input.recordedBy, recordedAt: epochSeconds)
    e.personId = input.person
    e.sessionId = input.session
    e.appointmentSeq = appt.seq
    e.code = input.code.rawValue
    e.slotStart = appt.start
    e.slotEnd = appt.end
    e.startMinute = input.start
    e.finishMinute = input.finish
    e.penaltyMinutes = input.penaltyMinutes
    e.creditedMinutes = credited
    e.ete = appt.ete
    e.quality = input.workQuality?.rawValue
    e.behaviour = input.behaviour?.rawValue
    e.notes = input.notes
    e.date = appt.date.dayNumber
    e.minutes = appt.minutes
    e.idempotencyKey = input.idempotencyKey
    e.supersedes = replacing
    e.reason = input.reason
    if input.rebookOn != nil && !input.code.isReschedule {
      throw fail("rebook", "only a reschedule (RSSR, RSOF) books a replacement, not \(input.code)")
    }
    let seq = try tx.append(e)
    if let replacement = input.rebookOn {
      // The replacement appointment, in the same transaction: both or neither.
      _ = try book(tx, person: input.person, session: replacement, by: input.recordedBy, source: "hand", origin: src)
    }
    let after = balance(of: try state(tx, person: input.person, source: src), at: now)
    return Receipt(seq: seq, duplicate: false, creditedMinutes: credited, balance: after)
  }

  func requireReason(_ reason: String?, _ src: String) throws {
    if (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
      throw InputError(source: src, path: "reason", message: "a correction must say why (--reason)")
    }
  }

  /// The earlier entry recorded with `key`, when it is the same entry sent again; a key already
  /// used for anything else (another kind, person or content) is refused: answering "already
  /// recorded" would silently lose the new entry.
  func duplicate(
    _ tx: any LedgerReadTransaction, key: String, kind: EntryKind, person: String, _ src: String,
    same: (StoredEntry) -> Bool
  ) throws -> Receipt? {
    guard let old = try tx.entry(idempotencyKey: key) else { return nil }
    guard old.kind == kind, old.personId == person else {
      throw InputError(
        source: src, path: "idempotency_key",
        message: "\"\(key)\" was already used for a different entry (\(old.seq), \(old.kind.rawValue))")
    }
    guard same(old) else {
      throw InputError(
        source: src, path: "idempotency_key",
        message:
          "\"\(key)\" was already used for entry \(old.seq) with different content; send it again unchanged, "
          + "or use a new key for a new entry")
    }
    let s = try state(tx, person: person, source: src)
    return Receipt(
      seq: old.seq, duplicate: true, creditedMinutes: old.creditedMinutes ?? old.minutes ?? 0,
      balance: balance(of: s, at: now))
  }

  // MARK: - Adjustments

  /// Records a travel-time adjustment or an ETE credit, after checking its caps.
  @discardableResult
  public func logAdjustment(_ input: AdjustmentInput) throws -> Receipt {
    try store.write { tx in try self.logAdjustment(input, tx) }
  }

  @discardableResult
  public func logAdjustment(_ input: AdjustmentInput) async throws -> Receipt {
    try await store.write { tx in try self.logAdjustment(input, tx) }
  }

  func logAdjustment(_ input: AdjustmentInput, _ tx: any LedgerWriteTransaction) throws -> Receipt {
    let kind: EntryKind = input.kind == .travel ? .travel : .eteCredit
    let src = "\(input.kind == .travel ? "travel time" : "ETE credit") for \(input.person)"
    if let key = input.idempotencyKey,
      let dup = try duplicate(
        tx, key: key, kind: kind, person: input.person, src,
        same: { old in
          old.date == input.date.dayNumber && old.minutes == input.minutes && old.notes == input.notes
            && old.supersedes == input.corrects
        })
    {
      return dup
    }
    let now = self.now
    let s = try state(tx, person: input.person, source: src)
    if let c = input.corrects {
      guard let target = try tx.entry(seq: c), target.personId == input.person, target.kind == kind else {
        throw InputError(
          source: src, path: "corrects", message: "entry \(c) is not a \(kind.rawValue) entry of \(input.person)")
      }
      if let by = s.supersededBy[c] {
        throw InputError(source: src, path: "corrects", message: "entry \(c) has already been replaced by entry \(by)")
      }
      try requireReason(input.reason, src)
    }
    // What is owed before the order ended (an outcome recorded late is judged as of then).
    let before = balance(of: s, excluding: input.corrects, at: now).balance
    do {
      if input.kind == .travel {
        try LedgerRules.checkTravel(
          minutes: input.minutes, eligible: s.order!.travelEligible,
          remainingMinutes: before.remainingMinutes + before.lostMinutes,
          date: input.date, sentenceDate: s.order!.sentenceDate, policy: policy)
      } else {
        try LedgerRules.checkEteCredit(
          minutes: input.minutes, remainingMinutes: before.remainingMinutes + before.lostMinutes,
          eteLeftMinutes: before.eteLeftMinutes,
          date: input.date, sentenceDate: s.order!.sentenceDate)
      }
      if input.date > now.date {
        throw RuleViolation(field: "date", message: "\(input.date) is in the future")
      }
      if let (end, why) = s.lastDay, input.date > end {
        throw RuleViolation(field: "date", message: "\(input.date) is after \(why) (\(end)); nothing more is credited")
      }
      if input.kind == .travel {
        try checkTravelAttendance(s, input)
      }
    } catch let v as RuleViolation {
      throw InputError(source: src, path: v.field, message: v.message)
    }
    var e = StoredEntry(kind: kind, recordedBy: input.recordedBy, recordedAt: epochSeconds)
    e.personId = input.person
    e.date = input.date.dayNumber
    e.minutes = input.minutes
    e.ete = input.kind == .ete
    e.notes = input.notes
    e.idempotencyKey = input.idempotencyKey
    e.supersedes = input.corrects
    e.reason = input.reason
    let seq = try tx.append(e)
    let after = balance(of: try state(tx, person: input.person, source: src), at: now)
    return Receipt(seq: seq, duplicate: false, creditedMinutes: input.minutes, balance: after)
  }

  /// Travel is credited for attending: at most `maxTravelMinutes` per attended appointment that day.
  func checkTravelAttendance(_ s: PersonState, _ input: AdjustmentInput) throws {
    let attended = s.appointments().filter { $0.date == input.date && $0.outcome?.code.isAttended == true }.count
    if attended == 0 {
      throw RuleViolation(
        field: "date",
        message: "\(input.person) has no attended appointment on \(input.date); travel time is credited for attending")
    }
    let already = s.effective.filter {
      $0.kind == .travel && $0.date == input.date.dayNumber && $0.seq != input.corrects
    }.reduce(0) { $0 + ($1.minutes ?? 0) }
    let cap = policy.maxTravelMinutes * attended
    if already + input.minutes > cap {
      throw RuleViolation(
        field: "minutes",
        message:
          "at most \(policy.maxTravelMinutes) minutes of travel per attended appointment (\(attended) on "
          + "\(input.date)); \(already) minutes are already credited that day")
    }
  }

  /// Withdraws an outcome, adjustment or appointment recorded in error (it stays in the history,
  /// marked as replaced). An appointment with an outcome cannot be withdrawn: correct the outcome.
  @discardableResult
  public func retract(
    entry seq: Int64, reason: String, by: String, idempotencyKey: String? = nil
  ) throws -> Int64 {
    try store.write { tx in try self.retract(tx, entry: seq, reason: reason, by: by, idempotencyKey: idempotencyKey) }
  }

  @discardableResult
  public func retract(
    entry seq: Int64, reason: String, by: String, idempotencyKey: String? = nil
  ) async throws -> Int64 {
    try await store.write { tx in
      try self.retract(tx, entry: seq, reason: reason, by: by, idempotencyKey: idempotencyKey)
    }
  }

  func retract(
    _ tx: any LedgerWriteTransaction, entry seq: Int64, reason: String, by: String, idempotencyKey: String?
  ) throws -> Int64 {
    do {
      let src = "withdrawing entry \(seq)"
      if let key = idempotencyKey, let old = try tx.entry(idempotencyKey: key) {
        guard old.supersedes == seq, [.retraction, .appointmentCancel].contains(old.kind) else {
          throw InputError(
            source: src, path: "idempotency_key",
            message: "\"\(key)\" was already used for a different entry (\(old.seq), \(old.kind.rawValue))")
        }
        return old.seq
      }
      guard let target = try tx.entry(seq: seq) else {
        throw InputError(source: src, path: "entry", message: "there is no entry \(seq)")
      }
      guard let person = target.personId, [.outcome, .travel, .eteCredit, .appointment, .court].contains(target.kind)
      else {
        throw InputError(
          source: src, path: "entry",
          message: "entry \(seq) is not an outcome, adjustment, appointment or court outcome")
      }
      if try tx.isSuperseded(seq) {
        throw InputError(source: src, path: "entry", message: "entry \(seq) has already been replaced or withdrawn")
      }
      try self.requireReason(reason, src)
      if target.kind == .appointment, try !tx.effectiveFollowUps(appointment: seq).isEmpty {
        throw InputError(
          source: src, path: "entry", message: "appointment \(seq) has an outcome; correct the outcome instead")
      }
      var e = StoredEntry(
        kind: target.kind == .appointment ? .appointmentCancel : .retraction, recordedBy: by,
        recordedAt: self.epochSeconds)
      e.personId = person
      e.sessionId = target.sessionId
      e.date = target.date
      e.supersedes = seq
      e.reason = reason
      e.idempotencyKey = idempotencyKey
      return try tx.append(e)
    }
  }

  // MARK: - Appointments

  /// Books a person on a session by hand (idempotent: an existing booking is returned).
  @discardableResult
  public func book(person: String, session: String, by: String, source: String = "hand") throws -> Appointment {
    try store.write { tx in try self.book(tx, person: person, session: session, by: by, source: source).0 }
  }

  @discardableResult
  public func book(person: String, session: String, by: String, source: String = "hand") async throws -> Appointment {
    try await store.write { tx in try self.book(tx, person: person, session: session, by: by, source: source).0 }
  }

  /// Returns the appointment and whether it was new.
  func book(
    _ tx: any LedgerWriteTransaction, person: String, session: String, by: String, source: String,
    origin: String = ""
  ) throws -> (Appointment, Bool) {
    let src = origin.isEmpty ? "booking \(person) on \(session)" : origin
    let s = try state(tx, person: person, source: src)
    if let a = s.appointments().first(where: { $0.session == session }) { return (a, false) }
    guard let se = try tx.current(.session, id: session), let rec = Self.decode(SessionRecord.self, se.data) else {
      throw InputError(source: src, path: "session", message: "unknown session \"\(session)\"")
    }
    let project = try tx.current(.project, id: rec.project).flatMap { Self.decode(ProjectRecord.self, $0.data) }
    if source == "hand" {
      try checkHandBooking(tx, s, rec, project, src)
    }
    var e = StoredEntry(kind: .appointment, recordedBy: by, recordedAt: epochSeconds)
    e.personId = person
    e.sessionId = session
    e.date = rec.date.dayNumber
    e.slotStart = rec.start
    e.slotEnd = rec.end
    e.minutes = rec.minutes
    e.ete = project?.projectKind == .ete
    e.source = source
    e.seq = try tx.append(e)
    return (Self.appointment(e, outcome: nil), true)
  }

  /// A booking by hand passes the rules a rostered one does (ROSTER-PROBLEM.md H2-H7, H12), each
  /// failure naming its rule; supervisors (H8-H10) are the roster's to find.
  func checkHandBooking(
    _ tx: any LedgerReadTransaction, _ s: PersonState, _ rec: SessionRecord, _ project: ProjectRecord?, _ src: String
  ) throws {
    func fail(_ m: String) -> InputError { InputError(source: src, path: "session", message: m) }
    let order = s.order!
    let p = s.person!
    if rec.date < order.sentenceDate {
      throw fail("the session on \(rec.date) is before the sentence date \(order.sentenceDate) (H3)")
    }
    if let st = order.startDate, rec.date < st {
      throw fail("the session on \(rec.date) is before the start date \(st) (H3)")
    }
    if let dl = order.deadline, rec.date > dl {
      throw fail("the session on \(rec.date) is after the deadline \(dl) (H3)")
    }
    if let (end, why) = s.lastDay, rec.date > end {
      throw fail("the session on \(rec.date) is after \(why) \(end) (H3)")
    }
    guard let project else { throw fail("the session's project \"\(rec.project)\" is unknown") }
    let before = LocalMoment(date: rec.date.adding(days: -1), minute: 1439)
    let b = balance(of: s, at: before).balance
    let defaults =
      try tx.current(.settings, id: "defaults").flatMap { Self.decode(SchedulingDefaults.self, $0.data) }?.defaults
      ?? Defaults()
    let person = Person(
      id: p.id, name: p.name, sex: Sex(rawValue: p.sex) ?? .male, risk: Risk(rawValue: p.risk) ?? .high,
      hoursRemaining: b.hoursOfWorkNeeded, eteHoursRemaining: b.eteHoursRemaining, deadline: order.deadline,
      startDate: order.startDate, available: Set(p.available.compactMap(Weekday.init(rawValue:))),
      unavailableDates: Set(p.unavailableDates.compactMap(CalendarDate.init)), areas: p.areas, skills: p.skills,
      unsuitableFor: p.unsuitableFor, keepApart: p.keepApart,
      minHoursPerWeek: p.minHoursPerWeek ?? defaults.minHoursPerWeek,
      maxHoursPerWeek: p.maxHoursPerWeek ?? defaults.maxHoursPerWeek)
    let session = Session(
      id: rec.id, date: rec.date, start: rec.start.flatMap(ClockTime.init(minutes:)),
      end: rec.end.flatMap(ClockTime.init(minutes:)), hours: Double(rec.minutes) / 60, capacity: rec.capacity)
    let proj = Project(
      id: project.id, name: project.name, kind: project.projectKind, area: project.area, involves: project.involves,
      requiresSkills: project.requiresSkills, supervisorRequires: project.supervisorRequires,
      womenOnly: project.womenOnly, peoplePerSupervisor: project.peoplePerSupervisor ?? defaults.peoplePerSupervisor,
      minAttendance: project.minAttendance ?? defaults.minAttendance, sessions: [session])
    let week = Instance(
      name: "booking", weekStart: rec.date.adding(days: -rec.date.weekday.index), defaults: defaults, projects: [proj],
      supervisors: [], people: [person], pins: [])
    if let r = week.ineligibility(of: person, for: session, of: proj).first {
      throw fail("\(p.id) cannot be booked on \(rec.id): \(r) (\(r.rule))")
    }
    let booked = try tx.effective(.appointment, session: rec.id)
    if booked.count >= rec.capacity {
      throw fail("\(rec.id) is full: \(booked.count) booked, capacity \(rec.capacity) (H5)")
    }
    for other in booked {
      guard let o = other.personId else { continue }
      let theirs = try tx.current(.person, id: o).flatMap { Self.decode(PersonRecord.self, $0.data) }
      if p.keepApart.contains(o) || (theirs?.keepApart.contains(p.id) ?? false) {
        throw fail("\(p.id) and \(o) must be kept apart, and \(o) is booked on \(rec.id) (H12)")
      }
    }
    let mine = s.appointments()
    if let same = mine.first(where: { $0.date == rec.date }) {
      throw fail("\(p.id) is already booked on \(same.session) that day (H2)")
    }
    let weekStart = week.weekStart
    let inWeek = mine.filter { $0.date >= weekStart && $0.date <= weekStart.adding(days: 6) }
    let weekMinutes = inWeek.reduce(0) { $0 + $1.minutes } + rec.minutes
    if Double(weekMinutes) / 60 > person.maxHoursPerWeek + 1e-9 {
      throw fail(
        "\(p.id) would be booked for \(hoursText(weekMinutes)) that week, over their weekly maximum of "
          + "\(JSONValue.format(person.maxHoursPerWeek)) hours (H6)")
    }
    if project.projectKind == .ete {
      let ete = inWeek.filter(\.ete).reduce(0) { $0 + $1.minutes } + rec.minutes
      if ete > b.eteLeftMinutes {
        throw fail("\(p.id)'s ETE bookings that week (\(hoursText(ete))) are over the ETE allowance left (H6)")
      }
    }
  }

  // MARK: - Lists

  /// Appointments that have ended with no outcome recorded, oldest first.
  public func overdue() throws -> [Appointment] {
    let now = self.now
    return try store.read { tx in try self.overdue(tx, now: now) }
  }

  public func overdue() async throws -> [Appointment] {
    let now = self.now
    return try await store.read { tx in try self.overdue(tx, now: now) }
  }

  func overdue(_ tx: any LedgerReadTransaction, now: LocalMoment) throws -> [Appointment] {
    try tx.appointmentsWithoutOutcome(upTo: now.date.dayNumber).map { Self.appointment($0, outcome: nil) }.filter {
      LedgerRules.outcomeDue(appointmentEnd: LocalMoment(date: $0.date, minute: $0.end ?? 1439), now: now)
    }
  }

  /// Everyone with an order and hours owed, with their balances.
  public func balances(asOf: CalendarDate? = nil) throws -> [PersonBalance] {
    let at = asOf.map { LocalMoment(date: $0, minute: 1439) } ?? now
    return try store.read { tx in try self.balances(tx, at: at) }
  }

  /// - Parameter areas: when given, only people reaching one of them (a cheap text test on the
  ///   stored JSON skips decoding everyone else; `filter` then decides).
  func balances(
    _ tx: any LedgerReadTransaction, at: LocalMoment, areas: Set<String>? = nil,
    people filter: ((PersonRecord) -> Bool)? = nil
  ) throws -> [PersonBalance] {
    var out: [PersonBalance] = []
    for p in try tx.currentAll(.person) {
      guard let id = p.subject else { continue }
      if let areas, let data = p.data, let listed = Self.quickAreas(data), listed.isDisjoint(with: areas) { continue }
      if let filter, let rec = Self.decode(PersonRecord.self, p.data), !filter(rec) { continue }
      let s = PersonState(entries: try tx.entries(person: id))
      guard s.person != nil, s.order != nil else { continue }
      out.append(balance(of: s, at: at))
    }
    return out
  }

  /// The `areas` of a person's stored JSON without decoding it all (nil when it cannot tell).
  static func quickAreas(_ json: String) -> Set<String>? {
    let u = Array(json.utf8)
    let key = Array("\"areas\":[".utf8)
    guard u.count > key.count else { return nil }
    var i = 0
    while i + key.count <= u.count {
      if u[i] == key[0] && Array(u[i..<i + key.count]) == key {
        var j = i + key.count
        var out = Set<String>()
        var current: [UInt8] = []
        var inString = false
        while j < u.count {
          let c = u[j]
          if inString {
            if c == UInt8(ascii: "\\") { return nil }  // escapes: let the full decoder decide
            if c == UInt8(ascii: "\"") {
              out.insert(String(decoding: current, as: UTF8.self))
              current = []
              inString = false
            } else {
              current.append(c)
            }
          } else if c == UInt8(ascii: "\"") {
            inString = true
          } else if c == UInt8(ascii: "]") {
            return out
          }
          j += 1
        }
        return nil
      }
      i += 1
    }
    return nil
  }

  /// People whose order is at risk: behind the pace needed for the deadline, past the deadline,
  /// or with a breach due.
  public func atRisk(asOf: CalendarDate? = nil) throws -> [PersonBalance] {
    try balances(asOf: asOf).filter(Self.isAtRisk)
  }

  public func atRisk(asOf: CalendarDate? = nil) async throws -> [PersonBalance] {
    let at = asOf.map { LocalMoment(date: $0, minute: 1439) } ?? now
    return try await store.read { tx in try self.balances(tx, at: at).filter(Self.isAtRisk) }
  }

  static func isAtRisk(_ b: PersonBalance) -> Bool {
    b.balance.pace == .atRisk || b.balance.pace == .pastDeadline || b.balance.enforcement.status == .breachDue
  }

  /// The sessions a supervisor runs on a date (from published rosters), with the people booked.
  public func sessions(supervisor: String, on date: CalendarDate) throws -> [SupervisorSession] {
    try store.read { tx in try self.sessions(tx, supervisor: supervisor, on: date) }
  }

  public func sessions(supervisor: String, on date: CalendarDate) async throws -> [SupervisorSession] {
    try await store.read { tx in try self.sessions(tx, supervisor: supervisor, on: date) }
  }

  func sessions(_ tx: any LedgerReadTransaction, supervisor: String, on date: CalendarDate) throws
    -> [SupervisorSession]
  {
    var out: [SupervisorSession] = []
    for st in try tx.effective(.staffing, dates: date.dayNumber...date.dayNumber) {
      let sups = Self.decode([String].self, st.data) ?? []
      guard sups.contains(supervisor), let id = st.subject,
        let se = try tx.current(.session, id: id), let rec = Self.decode(SessionRecord.self, se.data)
      else { continue }
      out.append(try supervisorSession(tx, rec, supervisors: sups))
    }
    return out.sorted { ($0.session.start ?? 0, $0.session.id) < ($1.session.start ?? 0, $1.session.id) }
  }

  /// One session with its project, supervisors and appointments.
  public func session(_ id: String) throws -> SupervisorSession? {
    try store.read { tx in
      guard let se = try tx.current(.session, id: id), let rec = Self.decode(SessionRecord.self, se.data) else {
        return nil
      }
      let sups = try tx.current(.staffing, id: id).flatMap { Self.decode([String].self, $0.data) } ?? []
      return try self.supervisorSession(tx, rec, supervisors: sups)
    }
  }

  func supervisorSession(_ tx: any LedgerReadTransaction, _ rec: SessionRecord, supervisors: [String]) throws
    -> SupervisorSession
  {
    let project = try tx.current(.project, id: rec.project).flatMap { Self.decode(ProjectRecord.self, $0.data) }
    var appts: [Appointment] = []
    for a in try tx.effective(.appointment, session: rec.id) {
      let outcome = try tx.effectiveFollowUps(appointment: a.seq).last { $0.kind == .outcome }
        .flatMap(Self.recordedOutcome)
      appts.append(Self.appointment(a, outcome: outcome))
    }
    return SupervisorSession(session: rec, project: project, supervisors: supervisors, appointments: appts)
  }

  // MARK: - Reference data

  /// Current people, orders, projects, sessions and supervisors.
  public func people() throws -> [PersonRecord] {
    try store.read { tx in try tx.currentAll(.person).compactMap { Self.decode(PersonRecord.self, $0.data) } }
  }

  public func projects() throws -> [ProjectRecord] {
    try store.read { tx in try tx.currentAll(.project).compactMap { Self.decode(ProjectRecord.self, $0.data) } }
  }

  public func supervisors() throws -> [SupervisorRecord] {
    try store.read { tx in try tx.currentAll(.supervisor).compactMap { Self.decode(SupervisorRecord.self, $0.data) } }
  }

  public func sessions(from: CalendarDate, to: CalendarDate) throws -> [SessionRecord] {
    try store.read { tx in
      try tx.effective(.session, dates: from.dayNumber...to.dayNumber).compactMap {
        Self.decode(SessionRecord.self, $0.data)
      }
    }
  }

  public func entryCount() throws -> Int { try store.read { try $0.entryCount() } }
}
