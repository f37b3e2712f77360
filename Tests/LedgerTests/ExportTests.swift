import Foundation
import Ledger
import PaybackCore
import Testing

@Suite("Exports people use: statement, history CSV, H:MM balances")
struct ExportTests {
  static func ledger() throws -> Ledger {
    let (ledger, _) = try makeLedger(now: "2026-06-01T12:00:00Z")
    try ScenarioData.load(into: ledger)
    _ = try ScenarioData.publish(ledger, week: "2026-01-05", [("G1", ["A1", "B2"])])
    _ = try ScenarioData.publish(ledger, week: "2026-01-12", [("G2", ["A1"])])
    try ledger.logOutcome(
      OutcomeInput(
        person: "A1", session: "G2", code: .ATTC, start: t("09:00"), finish: t("16:00"), penaltyMinutes: 30,
        recordedBy: "s"))
    // G1's outcome recorded after G2's: the statement and history still read in date order.
    try ledger.logOutcome(OutcomeInput(person: "A1", session: "G1", code: .AAME, recordedBy: "s"))
    return ledger
  }

  @Test func hoursAndMinutes() {
    #expect(hoursMinutes(3210) == "53:30")
    #expect(hoursMinutes(45) == "0:45")
    #expect(hoursMinutes(0) == "0:00")
    #expect(hoursMinutes(-65) == "-1:05")
  }

  @Test func statementReadsInDateOrderWithHoursAndMinutes() throws {
    let l = try Self.ledger()
    let text = try l.statement(person: "A1")
    let g1 = try #require(text.range(of: "G1"))
    let g2 = try #require(text.range(of: "G2"))
    #expect(g1.lowerBound < g2.lowerBound)
    #expect(text.contains("AAME"))
    #expect(text.contains("6:30"))
    #expect(text.contains("remaining         53:30"))
    let january = try l.statement(person: "A1", from: d("2026-01-11"), to: d("2026-01-31"))
    #expect(!january.contains("G1 "))
    #expect(january.contains("G2"))
  }

  @Test func historyCSVAndBalances() throws {
    let l = try Self.ledger()
    let csv = try l.exportHistoryCSV(person: "A1")
    let rows = csv.split(separator: "\n")
    #expect(rows.first?.hasPrefix("entry,recorded_at") == true)
    #expect(rows.contains { $0.contains("ATTC") && $0.contains(",6:30,") })
    let ranged = try l.exportHistoryCSV(from: d("2026-01-17"), to: d("2026-01-17"))
    #expect(!ranged.contains("AAME"))
    let balances = try l.exportBalancesCSV()
    #expect(balances.contains("A1,60.00,6.50") && balances.contains(",53:30,"))
  }

  @Test func aRescheduleRebooksInTheSameTransaction() throws {
    let l = try Self.ledger()
    // A1 asks to move G3 (not booked yet: book it, then reschedule onto G4).
    _ = try l.book(person: "A1", session: "G3", by: "c")
    let r = try l.logOutcome(
      OutcomeInput(person: "A1", session: "G3", code: .RSOF, recordedBy: "s", rebookOn: "G4"))
    #expect(r.balance.personRequestedReschedules == 1)
    #expect(try l.session("G4")?.appointments.map(\.person) == ["A1"])
    // A replacement the rules refuse (B2 cannot work Tuesdays) writes nothing at all.
    _ = try l.book(person: "B2", session: "G3", by: "c")
    let before = try l.entryCount()
    #expect(throws: InputError.self) {
      try l.logOutcome(OutcomeInput(person: "B2", session: "G3", code: .RSSR, recordedBy: "s", rebookOn: "E1"))
    }
    #expect(try l.entryCount() == before)
  }

  @Test func historyIsInAppointmentOrderByDefault() throws {
    let l = try Self.ledger()
    let happened = try l.history(person: "A1").filter { $0.entry.kind == .outcome }.map(\.entry.sessionId)
    #expect(happened == ["G1", "G2"])
    let recorded = try l.history(person: "A1", order: .recording).filter { $0.entry.kind == .outcome }
      .map(\.entry.sessionId)
    #expect(recorded == ["G2", "G1"])
  }
}
