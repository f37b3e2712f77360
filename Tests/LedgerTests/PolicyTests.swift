import Foundation
import Ledger
import PaybackCore
import Testing

/// Issue #12, "Policies as ledger settings": stored in the ledger with their history, shown by a
/// command, and used by every reader of the same ledger.
@Suite("Issue 12: policies as ledger settings")
struct PolicyTests {
  /// The scenario ledger with A1 attending G1..G5 (7 h each; 60-hour order): 2,100 worked, 600
  /// earned (floor((2100 − 900) / 2)), 900 owed.
  static func worked() throws -> (Ledger, String) {
    let (l, path) = try makeLedger(now: "2026-06-01T12:00:00Z")
    try ScenarioData.load(into: l)
    for w in 0..<5 {
      _ = try ScenarioData.publish(l, week: d("2026-01-05").adding(days: 7 * w).description, [("G\(w + 1)", ["A1"])])
      try l.logOutcome(DefectTests.attended("A1", "G\(w + 1)"))
    }
    return (l, path)
  }

  @Test func aPolicyChangeIsRecordedWithItsHistoryAndUsedByEveryReader() throws {
    let (l, path) = try Self.worked()
    #expect(l.policy == .standard)
    #expect(try l.balance(person: "A1").balance.remainingMinutes == 900)
    let change = PolicyChange(earnedReduction: false)
    try l.setPolicy(change, reason: "pilot without s.37 (board minute 12)", by: "lead")
    #expect(!l.policy.earnedReduction)
    #expect(try l.balance(person: "A1").balance.remainingMinutes == 1500)
    // Another reader of the same file (the web app, the planner, a later command) sees it too.
    let other = try Ledger(path: path, create: false, timeZone: TimeZone(identifier: "UTC")!)
    #expect(!other.policy.earnedReduction && other.policy.etePercent == 30)
    try l.setPolicy(PolicyChange(etePercent: 25, attendanceToleranceMinutes: 30), reason: "regional policy", by: "lead")
    let history = try other.policyHistory()
    #expect(history.map(\.reason) == ["pilot without s.37 (board minute 12)", "regional policy"])
    #expect(history.map(\.recordedBy) == ["lead", "lead"])
    #expect(history.last?.policy.etePercent == 25 && history.last?.policy.earnedReduction == false)
    #expect(history.last?.changes == ["ete_percent 30 -> 25", "attendance_tolerance_minutes 60 -> 30"])
    #expect(try other.currentPolicy().attendanceToleranceMinutes == 30)
    #expect(try l.verify().problems == [])
  }

  /// A change that the recorded history contradicts is refused naming the setting, and writes nothing.
  @Test func aChangeTheHistoryContradictsIsRefused() throws {
    let (l, _) = try Self.worked()
    try l.book(person: "A1", session: "E1", by: "c")
    try l.logOutcome(
      OutcomeInput(person: "A1", session: "E1", code: .ATTC, start: t("10:00"), finish: t("13:00"), recordedBy: "s"))
    let bad: [(PolicyChange, String, String)] = [
      (PolicyChange(etePercent: 2), "ete_percent", "A1"),
      (PolicyChange(etePercent: 101), "ete_percent", "0 to 100"),
      (PolicyChange(maxTravelMinutes: 0), "max_travel_minutes", "1 to"),
      (PolicyChange(warningMonths: 0), "warning_months", "1 to"),
      (PolicyChange(attendanceToleranceMinutes: -1), "attendance_tolerance_minutes", "0 to"),
      (PolicyChange(), "policy", "changes nothing"),
      (PolicyChange(earnedReduction: true), "policy", "changes nothing"),
    ]
    for (change, field, words) in bad {
      try DefectTests.refused(l, field, words) { try l.setPolicy(change, reason: "test", by: "lead") }
    }
    try DefectTests.refused(l, "reason") { try l.setPolicy(PolicyChange(etePercent: 20), reason: " ", by: "lead") }
    #expect(l.policy == .standard)
  }

  @Test func thePolicyCommand() throws {
    let dir = try DefectCommandTests.scenarioDirectory()
    var r = try payback(["policy", "show"], in: dir)
    #expect(r.0 == 0 && r.1.contains("earned_reduction") && r.1.contains("on") && r.1.contains("standard"), "\(r)")
    let history = try payback(["export", "history"], in: dir).1
    let bad: [([String], String)] = [
      (["policy", "set", "--ete-percent", "abc", "--reason", "x"], "--ete-percent"),
      (["policy", "set", "--ete-percent", "-5", "--reason", "x"], "--ete-percent"),
      (["policy", "set", "--earned-reduction", "maybe", "--reason", "x"], "--earned-reduction"),
      (["policy", "set", "--travel-cap", "1e3", "--reason", "x"], "--travel-cap"),
      (["policy", "set", "--ete-percent", "20"], "--reason"),
      (["policy", "set", "--reason", "nothing"], "setting"),
      (["policy", "set", "--attendance-tolerance", "9999", "--reason", "x"], "attendance_tolerance_minutes"),
    ]
    for (args, field) in bad {
      r = try payback(args, in: dir)
      #expect(r.0 == 2, "\(args): \(r.2)")
      #expect(r.2.contains(field), "\(args): \(r.2)")
    }
    #expect(try payback(["export", "history"], in: dir).1 == history, "the ledger changed")
    r = try payback(
      ["policy", "set", "--earned-reduction", "off", "--travel-cap", "120", "--reason", "pilot"], in: dir)
    #expect(r.0 == 0, "\(r.2)")
    r = try payback(["policy", "show", "--json"], in: dir)
    #expect(r.1.contains("\"earned_reduction\":false") && r.1.contains("\"max_travel_minutes\":120"), "\(r.1)")
    #expect(r.1.contains("\"reason\":\"pilot\"") && r.1.contains("\"recorded_by\":\"tester\""), "\(r.1)")
    // The command line uses it: travel above the new cap is refused.
    _ = try payback(["book", "A1", "G1", "-q"], in: dir, environment: ["PAYBACK_NOW": "2026-01-05T00:00:00Z"])
    let now = ["PAYBACK_NOW": "2026-06-01T12:00:00Z"]
    r = try payback(
      ["log", "A1", "G1", "ATTC", "--start", "09:00", "--finish", "16:00", "-q"], in: dir, environment: now)
    #expect(r.0 == 0, "\(r.2)")
    r = try payback(["adjust", "travel", "A1", "150", "--date", "2026-01-10"], in: dir, environment: now)
    #expect(r.0 == 2 && r.2.contains("120"), "\(r.2)")
    r = try payback(["balance", "A1", "--json"], in: dir, environment: now)
    #expect(r.1.contains("\"earned_reduction_minutes\":0"), "\(r.1)")
    #expect(try payback(["verify"], in: dir, environment: now).0 == 0)
  }

  /// The new entry kinds under concurrent writers: six processes changing the policy and a
  /// court outcome at once all queue (no lock error), every version chains to the one before, and
  /// `verify` is clean.
  @Test func concurrentPolicyChangesAndCourtOutcomesQueue() throws {
    let dir = try DefectCommandTests.scenarioDirectory()
    let now = ["PAYBACK_NOW": "2026-06-01T12:00:00Z"]
    for session in ["G1", "G2"] {
      _ = try payback(["book", "A1", session, "-q"], in: dir, environment: ["PAYBACK_NOW": "2026-01-05T00:00:00Z"])
      _ = try payback(["log", "A1", session, "UACP", "-q"], in: dir, environment: now)
    }
    let acks = Acks()
    DispatchQueue.concurrentPerform(iterations: 7) { i in
      do {
        let args =
          i == 6
          ? ["court", "A1", "hours_added", "--date", "2026-02-02", "--hours", "10", "-q"]
          : ["policy", "set", "--travel-cap", "\(100 + i)", "--reason", "writer \(i)", "-q"]
        let r = try payback(args, in: dir, environment: now)
        acks.addStderr(r.2)
        if r.0 != 0 { acks.fail("\(args) exit \(r.0): \(r.2)") }
      } catch {
        acks.fail("\(error)")
      }
    }
    #expect(acks.failureList.isEmpty, "\(acks.failureList.prefix(2))")
    #expect(!acks.errors.contains("locked"))
    let l = try Ledger(path: dir + "/payback.sqlite", create: false)
    let history = try l.policyHistory()
    #expect(history.count == 6 && Set(history.map(\.reason)).count == 6)
    #expect((100...105).contains(l.policy.maxTravelMinutes))
    #expect(try l.balance(person: "A1").balance.orderedMinutes == 4200)
    #expect(try payback(["verify"], in: dir, environment: now).0 == 0)
  }
}
