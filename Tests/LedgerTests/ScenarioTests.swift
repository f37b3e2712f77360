import Foundation
import GRDB
import Ledger
import PaybackCore
import Testing

/// CSV reference data for the scenario: two people, a group project on Saturdays, an ETE course.
enum ScenarioData {
  static let people = """
    id,name,sex,risk,available,areas,hours_ordered,sentence_date,order_type,deadline,travel_eligible
    A1,Al,male,low,tue;sat,north,60,2026-01-05,community_order,2027-01-04,yes
    B2,Bo,male,medium,sat,north,40,2026-01-05,suspended_sentence_order,,no
    """
  static let projects = """
    id,name,kind,area,women_only,people_per_supervisor,min_attendance
    PARK,Park clearance,group,north,no,8,1
    COURSE,Skills course,ete,north,no,,
    """
  static let supervisors = """
    id,name,areas,available,max_sessions,qualifications
    S1,Sam,north,sat,5,
    """

  /// Saturdays 09:00-16:00 (7 h) from 2026-01-10 for 12 weeks; ETE on Tuesday 2026-02-03
  /// 10:00-13:00; and one Saturday in the future (2026-06-06).
  static var sessions: String {
    var lines = ["id,project,date,start,end,hours,capacity"]
    for w in 0..<12 {
      let day = d("2026-01-10").adding(days: 7 * w)
      lines.append("G\(w + 1),PARK,\(day),09:00,16:00,7,8")
    }
    lines.append("E1,COURSE,2026-02-03,10:00,13:00,3,10")
    lines.append("G-FUT,PARK,2026-06-06,09:00,16:00,7,8")
    return lines.joined(separator: "\n")
  }

  static func load(into ledger: Ledger) throws {
    var batch = ImportBatch()
    try Ledger.parseCSV(people, source: "people.csv", into: &batch)
    try Ledger.parseCSV(projects, source: "projects.csv", into: &batch)
    try Ledger.parseCSV(supervisors, source: "supervisors.csv", into: &batch)
    try Ledger.parseCSV(sessions, source: "sessions.csv", into: &batch)
    try ledger.importBatch(batch, by: "coordinator", source: "scenario")
  }

  /// Publishes one week's roster: the given people on the given session, supervised by S1.
  ///
  /// Published as a coordinator does, before the week starts (the ledger's clock read as the
  /// Monday's first minute): publishing never touches a session that has started.
  static func publish(_ ledger: Ledger, week: String, _ bookings: [(String, [String])]) throws -> PublishSummary {
    let monday = ISO8601DateFormatter().date(from: week + "T00:00:00Z")!
    let ledger = Ledger(
      store: ledger.store, policy: ledger.policy, timeZone: TimeZone(identifier: "UTC")!, now: { monday })
    let instance = try ledger.weekInstance(weekStart: d(week))
    let roster = Roster(
      instance: instance.name, weekStart: d(week), method: "hand", status: "test", objective: 0,
      assignments: bookings.map { Assignment(session: $0.0, supervisors: ["S1"], people: $0.1) })
    return try ledger.publish(roster, for: instance, by: "coordinator")
  }
}

@Suite("Scenario: import, publish, log, correct, balance")
struct ScenarioTests {
  @Test func balancesMatchTheHandCalculation() throws {
    let (ledger, _) = try makeLedger(now: "2026-06-01T12:00:00Z")
    try ScenarioData.load(into: ledger)
    // Weekly rosters (Mondays); A1 every Saturday G1..G11, B2 on G1 and G2; A1 on the ETE course.
    for w in 0..<11 {
      let monday = d("2026-01-05").adding(days: 7 * w).description
      var bookings: [(String, [String])] = [("G\(w + 1)", w < 2 ? ["A1", "B2"] : ["A1"])]
      if w == 4 { bookings.append(("E1", ["A1"])) }
      let s = try ScenarioData.publish(ledger, week: monday, bookings)
      #expect(s.booked == (w < 2 ? 2 : 1) + (w == 4 ? 1 : 0))
    }
    // Publishing a week again books nothing new.
    let again = try ScenarioData.publish(ledger, week: "2026-01-05", [("G1", ["A1", "B2"])])
    #expect(again == PublishSummary(booked: 0, alreadyBooked: 2, cancelled: 0, staffed: 0))
    _ = try ledger.book(person: "A1", session: "G-FUT", by: "coordinator")

    func log(
      _ p: String, _ s: String, _ c: OutcomeCode, _ start: String? = nil, _ finish: String? = nil, penalty: Int = 0,
      corrects: Int64? = nil, reason: String? = nil
    ) throws -> Receipt {
      try ledger.logOutcome(
        OutcomeInput(
          person: p, session: s, code: c, start: start.map(t), finish: finish.map(t), penaltyMinutes: penalty,
          workQuality: c.isAttended ? .GOOD : nil, behaviour: c.isAttended ? .SATISFACTORY : nil,
          recordedBy: "supervisor", corrects: corrects, reason: reason))
    }
    // A1: 60 h = 3600 minutes; ETE allowance 30% = 1080; earned-reduction threshold 900, cap 900.
    _ = try log("A1", "G1", .ATTC, "09:00", "16:00")  // 420
    let pen = try log("A1", "G2", .ATTC, "09:00", "16:00", penalty: 30)  // 390, corrected below to 420
    #expect(pen.creditedMinutes == 390)
    _ = try log("A1", "G3", .AAME)  // acceptable absence: 0
    _ = try log("A1", "G4", .ATTC, "09:00", "16:00")  // 420
    _ = try log("A1", "E1", .ATTC, "10:00", "13:00")  // 180, ETE
    try ledger.logAdjustment(
      AdjustmentInput(kind: .ete, person: "A1", date: d("2026-02-05"), minutes: 240, recordedBy: "case manager"))
    _ = try log("A1", "G5", .ATSS, "09:00", "11:00")  // sent home, service issues: 120
    // Travel for attending G5 (travel is credited only for an attended appointment that day).
    let travel = try ledger.logAdjustment(
      AdjustmentInput(kind: .travel, person: "A1", date: d("2026-02-07"), minutes: 90, recordedBy: "case manager"))
    _ = try log("A1", "G6", .AFDA, "09:00", "16:00", penalty: 60)  // 360
    _ = try log("A1", "G7", .UACP)  // first enforceable: warning, earned reduction ends 2026-02-21
    _ = try log("A1", "G8", .ATTC, "09:00", "16:00")  // 420
    _ = try log("A1", "G9", .ATSH, "09:00", "12:00")  // 180; second failure within 12 months: breach due
    _ = try log("A1", "G10", .RSOF)  // rescheduled at their request: 0
    // G11 (2026-03-21) is left without an outcome: overdue.
    _ = try log("A1", "G-FUT", .AAFC)  // future appointment: acceptable absence in advance is allowed

    // Corrections: the G2 penalty was entered in error; the travel was 120 minutes, not 90.
    let fixed = try log(
      "A1", "G2", .ATTC, "09:00", "16:00", corrects: pen.seq, reason: "penalty entered in error")
    #expect(fixed.creditedMinutes == 420)
    try ledger.logAdjustment(
      AdjustmentInput(
        kind: .travel, person: "A1", date: d("2026-02-07"), minutes: 120, recordedBy: "case manager",
        corrects: travel.seq, reason: "journey was two hours"))

    // B2: suspended sentence order, 40 h = 2400; threshold 600; two full Saturdays.
    _ = try log("B2", "G1", .ATTC, "09:00", "16:00")
    _ = try log("B2", "G2", .ATTC, "09:00", "16:00")

    // Hand calculation for A1 (minutes):
    //   credited = G1 420 + G2 420 (corrected) + G4 420 + E1 180 + ETE credit 240 + G5 120 + G6 360
    //              + G8 420 + G9 180                                                     = 2760
    //   travel   = 120 (the correction replaces the 90)
    //   worked before the first enforceable outcome (UACP on G7, 2026-02-21):
    //              420 + 420 + 420 + 180 + 240 + 120 + 360                                = 2160
    //   earned reduction = min(cap 900, (2160 - 900) / 2 = 630, owed 3600 - 2760 - 120 = 720) = 630
    //   remaining = 3600 - 2760 - 120 - 630                                              = 90
    //   ETE used = 180 + 240 = 420; left = 1080 - 420                                    = 660
    //   enforcement: warning 2026-02-21 (UACP), breach due 2026-03-07 (ATSH within 12 months)
    let a = try ledger.balance(person: "A1")
    #expect(a.balance.orderedMinutes == 3600)
    #expect(a.balance.creditedMinutes == 2760)
    #expect(a.balance.travelMinutes == 120)
    #expect(a.balance.earnedReduction.eligibleWorkedMinutes == 2160)
    #expect(a.balance.earnedReduction.minutes == 630)
    #expect(a.balance.earnedReduction.endedOn == d("2026-02-21"))
    #expect(a.balance.remainingMinutes == 90)
    #expect(a.balance.eteUsedMinutes == 420)
    #expect(a.balance.eteLeftMinutes == 660)
    #expect(a.balance.enforcement.status == .breachDue)
    #expect(a.balance.enforcement.warnings == [d("2026-02-21")])
    #expect(a.balance.enforcement.breaches == [d("2026-03-07")])
    #expect(a.balance.pace == .onPace)
    #expect(a.overdue.map(\.session) == ["G11"])

    // B2: credited 840; (840 - 600) / 2 = 120 off; remaining 2400 - 840 - 120 = 1440; no deadline.
    let b = try ledger.balance(person: "B2")
    #expect(b.balance.creditedMinutes == 840)
    #expect(b.balance.earnedReduction.minutes == 120)
    #expect(b.balance.remainingMinutes == 1440)
    #expect(b.balance.enforcement.status == .clear)
    #expect(b.balance.pace == .onPace)

    // Lists: one overdue outcome; A1 at risk (breach due).
    #expect(try ledger.overdue().map { "\($0.person) \($0.session)" } == ["A1 G11"])
    #expect(try ledger.atRisk().map(\.person.id) == ["A1"])

    // The history reads back in order, with both corrections marked.
    let h = try ledger.history(person: "A1", order: .recording)
    #expect(h.map(\.entry.seq) == h.map(\.entry.seq).sorted())
    // By default, in the order things happened: the G2 correction (recorded last) sits with G2.
    let happened = try ledger.history(person: "A1")
    let days = happened.compactMap(\.entry.date)
    #expect(days == days.sorted())
    #expect(Set(happened.map(\.entry.seq)) == Set(h.map(\.entry.seq)))
    #expect(h.filter { $0.supersededBy != nil }.count == 2)
    #expect(h.contains { $0.entry.reason == "penalty entered in error" })

    // Supervisor's day: S1 runs G1 on 2026-01-10 with A1 and B2, both complied.
    let day = try ledger.sessions(supervisor: "S1", on: d("2026-01-10"))
    #expect(day.map(\.session.id) == ["G1"])
    #expect(day.first?.appointments.compactMap(\.outcome?.code) == [.ATTC, .ATTC])

    // Setting off: no earned reduction, A1 owes 3600 - 2760 - 120 = 720.
    let off = Ledger(store: ledger.store, policy: LedgerPolicy(earnedReduction: false), now: { Date() })
    #expect(try off.balance(person: "A1").balance.remainingMinutes == 720)

    let report = try ledger.verify()
    #expect(report.isValid, "\(report.problems)")
    #expect(report.balances == 2)
  }

  @Test func republishingAWeekCancelsDroppedBookingsWithoutOutcomes() throws {
    let (ledger, _) = try makeLedger()
    try ScenarioData.load(into: ledger)
    _ = try ScenarioData.publish(ledger, week: "2026-01-05", [("G1", ["A1", "B2"])])
    let s = try ScenarioData.publish(ledger, week: "2026-01-05", [("G1", ["A1"])])
    #expect(s == PublishSummary(booked: 0, alreadyBooked: 1, cancelled: 1, staffed: 0))
    #expect(try ledger.session("G1")?.appointments.map(\.person) == ["A1"])
    #expect(try ledger.verify().isValid)
  }

  @Test func sameIdempotencyKeyIsRecordedOnce() throws {
    let (ledger, _) = try makeLedger()
    try ScenarioData.load(into: ledger)
    _ = try ScenarioData.publish(ledger, week: "2026-01-05", [("G1", ["A1"])])
    let input = OutcomeInput(
      person: "A1", session: "G1", code: .ATTC, start: t("09:00"), finish: t("16:00"), recordedBy: "s",
      idempotencyKey: "tablet-42-0001")
    let before = try ledger.entryCount()
    let first = try ledger.logOutcome(input)
    let second = try ledger.logOutcome(input)
    #expect(!first.duplicate)
    #expect(second.duplicate)
    #expect(second.seq == first.seq)
    #expect(try ledger.entryCount() == before + 1)
    #expect(try ledger.balance(person: "A1").balance.creditedMinutes == 420)
  }

  @Test func withdrawingAnOutcomeReopensTheAppointment() throws {
    let (ledger, _) = try makeLedger()
    try ScenarioData.load(into: ledger)
    _ = try ScenarioData.publish(ledger, week: "2026-01-05", [("G1", ["A1"])])
    let r = try ledger.logOutcome(
      OutcomeInput(person: "A1", session: "G1", code: .UACP, recordedBy: "s"))
    #expect(try ledger.balance(person: "A1").balance.enforcement.status == .warned)
    try ledger.retract(entry: r.seq, reason: "logged for the wrong person", by: "cm")
    let b = try ledger.balance(person: "A1")
    #expect(b.balance.enforcement.status == .clear)
    #expect(b.overdue.map(\.session) == ["G1"])
    expectInputError("already been replaced") { try ledger.retract(entry: r.seq, reason: "again", by: "cm") }
    #expect(try ledger.verify().isValid)
  }

  @Test func storeRefusesUpdatesAndDeletes() throws {
    let (ledger, _) = try makeLedger()
    try ScenarioData.load(into: ledger)
    let store = ledger.store as! SQLiteLedgerStore
    #expect(throws: (any Error).self) {
      try store.dbWriter.write { try $0.execute(sql: "UPDATE entry SET notes = 'x'") }
    }
    #expect(throws: (any Error).self) {
      try store.dbWriter.write { try $0.execute(sql: "DELETE FROM entry") }
    }
  }
}
