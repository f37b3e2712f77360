import Foundation
import Ledger
import PaybackCore
import Testing

/// Every refused write names its place and leaves the ledger exactly as it was.
@Suite("Bad input is refused and nothing is written")
struct BadInputTests {
  /// A scenario ledger with A1 booked on G1..G3 (past) and G-FUT (future), B2 on G1.
  static func ledger() throws -> Ledger {
    let (ledger, _) = try makeLedger(now: "2026-06-01T12:00:00Z")
    try ScenarioData.load(into: ledger)
    _ = try ScenarioData.publish(ledger, week: "2026-01-05", [("G1", ["A1", "B2"])])
    _ = try ScenarioData.publish(ledger, week: "2026-01-12", [("G2", ["A1"])])
    _ = try ScenarioData.publish(ledger, week: "2026-01-19", [("G3", ["A1"])])
    _ = try ledger.book(person: "A1", session: "G-FUT", by: "c")
    _ = try ledger.book(person: "A1", session: "E1", by: "c")
    return ledger
  }

  /// Runs `body`, expects an error naming `fragments`, and checks the entry count did not move.
  static func refused(
    _ ledger: Ledger, _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
  ) throws {
    let before = try ledger.entryCount()
    do {
      try body()
      Issue.record("expected an error mentioning \(fragments)", sourceLocation: sourceLocation)
    } catch let e as InputError {
      for f in fragments where !e.description.contains(f) {
        Issue.record("\"\(e.description)\" does not mention \"\(f)\"", sourceLocation: sourceLocation)
      }
    }
    #expect(try ledger.entryCount() == before, "the ledger changed", sourceLocation: sourceLocation)
  }

  static func outcome(
    _ s: String, _ c: OutcomeCode, _ a: String? = nil, _ b: String? = nil, penalty: Int = 0, person: String = "A1"
  ) -> OutcomeInput {
    OutcomeInput(
      person: person, session: s, code: c, start: a.map(t), finish: b.map(t), penaltyMinutes: penalty,
      recordedBy: "s")
  }

  @Test func everyOutcomeRule() throws {
    let l = try Self.ledger()
    // Credit only for attended outcomes: an absence may not carry a penalty.
    try Self.refused(l, "penalty_minutes", "not an attended outcome") {
      try l.logOutcome(Self.outcome("G1", .UACP, penalty: 30))
    }
    // Attended outcomes need times; finish after start.
    try Self.refused(l, "start", "required") { try l.logOutcome(Self.outcome("G1", .ATTC, nil, "16:00")) }
    try Self.refused(l, "finish", "not after the start") {
      try l.logOutcome(Self.outcome("G1", .ATTC, "16:00", "09:00"))
    }
    try Self.refused(l, "finish", "not after the start") {
      try l.logOutcome(Self.outcome("G1", .ATTC, "09:00", "09:00"))
    }
    try Self.refused(l, "start", "not a time of day") {
      try l.logOutcome(OutcomeInput(person: "A1", session: "G1", code: .ATTC, start: -5, finish: 600, recordedBy: "s"))
    }
    // A penalty never exceeds the appointment (09:00-16:00 = 420 minutes).
    try Self.refused(l, "penalty_minutes", "more than the appointment") {
      try l.logOutcome(Self.outcome("G1", .ATTC, "08:00", "17:00", penalty: 421))
    }
    try Self.refused(l, "penalty_minutes", "negative") {
      try l.logOutcome(Self.outcome("G1", .ATTC, "09:00", "16:00", penalty: -1))
    }
    // A future appointment only takes an acceptable absence or a reschedule.
    try Self.refused(l, "outcome", "has not started yet") { try l.logOutcome(Self.outcome("G-FUT", .UACP)) }
    try Self.refused(l, "outcome", "has not started yet") {
      try l.logOutcome(Self.outcome("G-FUT", .ATTC, "09:00", "16:00"))
    }
    // Unknown person, unknown session, no appointment.
    try Self.refused(l, "person", "unknown person \"ZZ\"") { try l.logOutcome(Self.outcome("G1", .ATTC, person: "ZZ")) }
    try Self.refused(l, "session", "unknown session \"NOPE\"") { try l.logOutcome(Self.outcome("NOPE", .ATTC)) }
    try Self.refused(l, "session", "no appointment on G5") { try l.logOutcome(Self.outcome("G5", .AAME)) }
    // A second outcome for the same appointment must be a correction, with a reason.
    let first = try l.logOutcome(Self.outcome("G1", .ATTC, "09:00", "16:00"))
    try Self.refused(l, "already has an outcome") { try l.logOutcome(Self.outcome("G1", .AAME)) }
    try Self.refused(l, "reason", "must say why") {
      var i = Self.outcome("G1", .AAME)
      i.corrects = first.seq
      try l.logOutcome(i)
    }
    try Self.refused(l, "corrects", "another appointment") {
      var i = Self.outcome("G2", .AAME)
      i.corrects = first.seq
      i.reason = "x"
      try l.logOutcome(i)
    }
    // The same idempotency key for a different kind of entry.
    var keyed = Self.outcome("G2", .AAME)
    keyed.idempotencyKey = "k1"
    try l.logOutcome(keyed)
    try Self.refused(l, "idempotency_key", "already used") {
      try l.logAdjustment(
        AdjustmentInput(
          kind: .travel, person: "A1", date: d("2026-02-01"), minutes: 30, recordedBy: "s",
          idempotencyKey: "k1"))
    }
  }

  @Test func creditNeverExceedsWhatIsOwed() throws {
    // P9 owes 40 h of which 35 h were done before the ledger (an opening balance): 5 h left.
    let l = try Self.ledger()
    var batch = ImportBatch()
    batch.people = [PersonRecord(id: "P9", risk: .low, available: [.sat], areas: ["north"])]
    batch.orders = [OrderRecord(person: "P9", orderedMinutes: 2400, sentenceDate: d("2026-01-05"))]
    batch.openings = [OpeningBalance(person: "P9", creditedMinutes: 2100, eteMinutes: 0, date: d("2026-01-05"))]
    try l.importBatch(batch, by: "c")
    _ = try l.book(person: "P9", session: "G1", by: "c")
    try Self.refused(l, "finish", "only 5h is still owed") {
      try l.logOutcome(Self.outcome("G1", .ATTC, "09:00", "16:00", person: "P9"))
    }
    try l.logOutcome(Self.outcome("G1", .ATTC, "09:00", "14:00", person: "P9"))
    #expect(try l.balance(person: "P9").balance.remainingMinutes == 0)
  }

  @Test func noOutcomeBeforeTheSentenceDate() throws {
    // Nothing can be booked before the sentence date, so no outcome can be recorded before it.
    let l = try Self.ledger()
    var batch = ImportBatch()
    batch.people = [PersonRecord(id: "P8", risk: .low, available: [.sat], areas: ["north"])]
    batch.orders = [OrderRecord(person: "P8", orderedMinutes: 3600, sentenceDate: d("2026-01-15"))]
    try l.importBatch(batch, by: "c")
    try Self.refused(l, "session", "before the sentence date 2026-01-15") {
      _ = try l.book(person: "P8", session: "G1", by: "c")
    }
  }

  @Test func eteCapAndTravelRules() throws {
    let l = try Self.ledger()
    // A1: 60 h, ETE allowance 18 h = 1080 minutes.
    try Self.refused(l, "minutes", "ETE allowance left (18h)") {
      try l.logAdjustment(
        AdjustmentInput(kind: .ete, person: "A1", date: d("2026-02-01"), minutes: 1081, recordedBy: "s"))
    }
    try l.logAdjustment(
      AdjustmentInput(kind: .ete, person: "A1", date: d("2026-02-01"), minutes: 1000, recordedBy: "s"))
    // 80 minutes of ETE allowance left: the 3-hour ETE session cannot be credited in full.
    try Self.refused(l, "finish", "of ETE allowance is left") {
      try l.logOutcome(Self.outcome("E1", .ATTC, "10:00", "13:00"))
    }
    try l.logOutcome(Self.outcome("E1", .ATTC, "10:00", "11:20"))
    // Travel: at most 180 minutes, eligible people only, not in the future, positive.
    try Self.refused(l, "minutes", "180") {
      try l.logAdjustment(
        AdjustmentInput(kind: .travel, person: "A1", date: d("2026-02-01"), minutes: 181, recordedBy: "s"))
    }
    try Self.refused(l, "minutes", "not eligible") {
      try l.logAdjustment(
        AdjustmentInput(kind: .travel, person: "B2", date: d("2026-02-01"), minutes: 60, recordedBy: "s"))
    }
    try Self.refused(l, "minutes", "more than 0") {
      try l.logAdjustment(
        AdjustmentInput(kind: .travel, person: "A1", date: d("2026-02-01"), minutes: 0, recordedBy: "s"))
    }
    try Self.refused(l, "date", "future") {
      try l.logAdjustment(
        AdjustmentInput(kind: .travel, person: "A1", date: d("2026-07-01"), minutes: 60, recordedBy: "s"))
    }
    try Self.refused(l, "date", "before the sentence date") {
      try l.logAdjustment(
        AdjustmentInput(kind: .travel, person: "A1", date: d("2025-12-01"), minutes: 60, recordedBy: "s"))
    }
    #expect(try l.verify().isValid)
  }

  // MARK: - CSV

  static let goodPeople = ScenarioData.people

  @Test(arguments: [
    (
      "id,risk,available,areas,hours_ordered,sentence_date\nP1,low,mon,north,-3,2026-01-01",
      "row 2, field hours_ordered", "\"-3\" is negative"
    ),
    (
      "id,risk,available,areas,hours_ordered,sentence_date\nP1,low,mon,north,lots,2026-01-01",
      "row 2, field hours_ordered", "not a number"
    ),
    (
      "id,risk,available,areas,hours_ordered,sentence_date\nP1,low,mon,north,301,2026-01-01",
      "row 2, field hours_ordered", "more than 300"
    ),
    (
      "id,risk,available,areas,hours_ordered,sentence_date\nP1,low,mon,north,40,2026-02-30",
      "row 2, field sentence_date", "not a date"
    ),
    (
      "id,risk,available,areas,hours_ordered,sentence_date\nP1,extreme,mon,north,40,2026-01-01", "row 2, field risk",
      "not one of"
    ),
    (
      "id,risk,available,areas,hours_ordered,sentence_date\nP1,low,mnday,north,40,2026-01-01", "row 2, field available",
      "not a weekday"
    ),
    (
      "id,risk,available,areas,hours_ordered,sentence_date\nP1,low,mon,,10,2026-01-01", "row 2, field areas", "is empty"
    ),
    (
      "id,risk,available,areas,hours_ordered,sentence_date,order_type\nP1,low,mon,north,40,2026-01-01,juvenile",
      "row 2, field order_type", "juvenile"
    ),
    (
      "id,risk,available,areas,hours_ordered,sentence_date,deadline\nP1,low,mon,north,40,2026-01-01,2025-01-01",
      "row 2, field deadline", "before the sentence date"
    ),
    (
      "id,risk,available,areas,hours_ordered,sentence_date,travel_eligible\nP1,low,mon,north,40,2026-01-01,maybe",
      "row 2, field travel_eligible", "not yes or no"
    ),
    (
      "id,risk,available,areas,hours_ordered,sentence_date\nP1,low,mon,north,40,2026-01-01\nP1,low,mon,north,40,2026-01-01",
      "row 3, field id", "already used on row 2"
    ),
    ("id,risk,available,areas,hours_ordered,sentence_date\nP1,low,mon,north,40", "row 2", "has 5 fields"),
    ("id,risk,available,areas,hours_ordered\nP1,low,mon,north,40", "row 1", "\"sentence_date\" is missing"),
    (
      "id,risk,available,areas,hours_ordered,sentence_date,shoe_size\nP1,low,mon,north,40,2026-01-01,9",
      "row 1, column 7", "unknown people column \"shoe_size\""
    ),
    ("id,project,date,hours,capacity\nS1,PARK,2026-01-10,7.1,8", "row 2, field hours", "multiple of 0.25"),
    (
      "id,project,date,start,end,hours,capacity\nS1,PARK,2026-01-10,10:00,09:00,7,8", "row 2, field end",
      "not after the start"
    ),
    (
      "id,project,date,start,end,hours,capacity\nS1,PARK,2026-01-10,25:00,26:00,7,8", "row 2, field start", "not a time"
    ),
    ("id,project,date,hours,capacity\nS1,PARK,2026-01-10,7,-1", "row 2, field capacity", "less than 0"),
    ("id,kind,area\nX,garden,north", "row 2, field kind", "not one of"),
    ("id,areas,available,max_sessions\nS9,north,sat,many", "row 2, field max_sessions", "not a whole number"),
    ("name,colour\nx,y", "row 1", "does not match"),
  ])
  func malformedCSVIsRefusedNamingRowAndField(csv: String, place: String, message: String) throws {
    let l = try Self.ledger()
    try Self.refused(l, "bad.csv", place, message) {
      var batch = ImportBatch()
      try Ledger.parseCSV(csv, source: "bad.csv", into: &batch)
      try l.importBatch(batch, by: "c")
    }
  }

  @Test func unknownReferencesRejectTheWholeImport() throws {
    let l = try Self.ledger()
    let sessions = "id,project,date,hours,capacity\nOK1,PARK,2026-02-01,7,8\nBAD,NOPROJECT,2026-02-01,7,8"
    let people = "id,risk,available,areas,hours_ordered,sentence_date,keep_apart\nP7,low,mon,north,40,2026-01-01,GHOST"
    try Self.refused(l, "sessions.csv: row 3, field project", "unknown project \"NOPROJECT\"") {
      var batch = ImportBatch()
      try Ledger.parseCSV(sessions, source: "sessions.csv", into: &batch)
      try l.importBatch(batch, by: "c")
    }
    try Self.refused(l, "people.csv: row 2, field keep_apart", "unknown person \"GHOST\"") {
      var batch = ImportBatch()
      try Ledger.parseCSV(people, source: "people.csv", into: &batch)
      try l.importBatch(batch, by: "c")
    }
    #expect(try l.sessions(from: d("2026-02-01"), to: d("2026-02-01")).isEmpty)
  }

  @Test func badInstanceFileIsRefused() throws {
    let dir = scratchDirectory()
    let path = dir + "/week.json"
    try
      #"{"format": "payback-instance/1", "name": "x", "week_start": "2026-12-01", "projects": [], "supervisors": [], "people": []}"#
      .write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: InputError.self) { _ = try Ledger.readFiles([path]) }
    #expect(throws: InputError.self) { _ = try Ledger.readFiles([dir + "/missing.csv"]) }
  }
}
