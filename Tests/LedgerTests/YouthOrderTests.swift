import Foundation
import Ledger
import PaybackCore
import Testing

/// Issue #12: youth orders are 40 to 240 hours, and earn no reduction (s.37 is for community
/// and suspended sentence orders only).
@Suite("Issue 12: youth orders")
struct YouthOrderTests {
  static let header = "id,name,sex,risk,available,areas,hours_ordered,sentence_date,order_type,deadline,travel_eligible"

  @Test func youthOrdersAre40To240HoursAndEarnNoReduction() throws {
    let (l, _) = try makeLedger(now: "2026-06-01T12:00:00Z")
    try ScenarioData.load(into: l)
    // 250 hours is a legal adult order but not a youth one: refused naming the row and field.
    try DefectTests.refused(l, "people.csv: row 2, field hours_ordered", "240") {
      try DefectTests.importCSV(l, Self.header + "\nY1,Yan,male,low,sat,north,250,2026-01-05,youth,,no")
    }
    try DefectTests.importCSV(l, Self.header + "\nY1,Yan,male,low,sat,north,40,2026-01-05,YRO,,no")
    for w in 0..<5 {
      _ = try ScenarioData.publish(l, week: d("2026-01-05").adding(days: 7 * w).description, [("G\(w + 1)", ["Y1"])])
      try l.logOutcome(DefectTests.attended("Y1", "G\(w + 1)"))
    }
    // 5 × 420 = 2,100 of 2,400 worked: past the 25% threshold, yet nothing taken off.
    let b = try l.balance(person: "Y1")
    #expect(b.order.type == .youthRehabilitationOrder)
    #expect(!b.balance.earnedReduction.applies && b.balance.earnedReduction.minutes == 0)
    #expect(b.balance.remainingMinutes == 300 && b.balance.workNeededMinutes == 300)
    // An amendment past 240 hours is refused.
    try DefectTests.refused(l, "hours_ordered", "240") {
      _ = try l.amendOrder(person: "Y1", OrderAmendment(orderedMinutes: 245 * 60), reason: "x", by: "c")
    }
    #expect(try l.verify().problems == [])
  }
}
