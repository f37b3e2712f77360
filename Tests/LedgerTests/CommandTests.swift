import Foundation
import PaybackCore
import PaybackTestSupport
import Testing

/// Runs the built binary with `arguments` in `dir`; returns (status, stdout, stderr).
func payback(
  _ arguments: [String], in dir: String, stdin: String? = nil, environment extra: [String: String] = [:]
) throws -> (Int32, String, String) {
  guard paybackBinary() != nil else { throw InputError(source: "", path: "", message: "payback is not built") }
  var environment: [String: String?] = ["PAYBACK_DB": nil, "USER": "tester", "PAYBACK_NOW": nil]
  for (k, v) in extra { environment[k] = v }
  let r = runPayback(arguments, stdin: stdin, environment: environment, in: dir)
  return (r.status, r.stdout, r.stderr)
}

@Suite("Ledger commands, as a user runs them", .serialized)
struct CommandTests {
  @Test func importLogBalanceHistoryVerify() throws {
    let dir = scratchDirectory("cli")
    for (name, text) in [
      ("people.csv", ScenarioData.people), ("projects.csv", ScenarioData.projects),
      ("supervisors.csv", ScenarioData.supervisors), ("sessions.csv", ScenarioData.sessions),
    ] {
      try text.write(toFile: "\(dir)/\(name)", atomically: true, encoding: .utf8)
    }
    var r = try payback(["import", "people.csv", "projects.csv", "supervisors.csv", "sessions.csv", "-q"], in: dir)
    #expect(r.0 == 0, "\(r.2)")
    #expect(r.1.contains("2 person"))
    #expect(FileManager.default.fileExists(atPath: "\(dir)/payback.sqlite"))

    // The week's instance, a roster for it by hand, published twice.
    r = try payback(["week-instance", "--week", "2026-01-05", "-o", "week.json"], in: dir)
    #expect(r.0 == 0, "\(r.2)")
    let week = try Instance.load(from: "\(dir)/week.json")
    #expect(week.people.map(\.id) == ["A1", "B2"])
    var roster = Roster(
      instance: week.name, weekStart: week.weekStart, method: "hand", status: "test", objective: 0,
      assignments: [Assignment(session: "G1", supervisors: ["S1"], people: ["A1", "B2"])])
    roster.objective = Objective.value(of: roster, in: week)
    try writeAtomically(roster.json.serialized(), to: "\(dir)/roster.json")
    // Published before the week starts, as a coordinator does (publishing leaves started sessions alone).
    let monday = ["PAYBACK_NOW": "2026-01-05T00:00:00Z"]
    r = try payback(["publish", "roster.json", "-q"], in: dir, environment: monday)
    #expect(r.0 == 0, "\(r.2)")
    #expect(r.1.contains("2 booked"))
    r = try payback(["publish", "roster.json", "-q"], in: dir, environment: monday)
    #expect(r.1.contains("0 booked, 2 already booked"))

    r = try payback(
      ["log", "A1", "G1", "ATTC", "--start", "09:00", "--finish", "16:00", "--penalty", "30", "--key", "k1"], in: dir)
    #expect(r.0 == 0, "\(r.2)")
    #expect(r.1.contains("credited 6h 30m"))
    r = try payback(
      ["log", "A1", "G1", "ATTC", "--start", "09:00", "--finish", "16:00", "--penalty", "30", "--key", "k1"], in: dir)
    #expect(r.1.contains("already recorded"))
    r = try payback(["log", "B2", "G1", "uacp", "--json"], in: dir)
    #expect(r.0 == 0, "\(r.2)")
    #expect(r.1.contains("\"credited_minutes\":0"))

    // Refused: a penalty on an absence (exit 2, names the field), nothing written.
    r = try payback(["log", "B2", "G1", "UACP", "--penalty", "5"], in: dir)
    #expect(r.0 == 2)
    #expect(r.2.contains("penalty_minutes") || r.2.contains("already has an outcome"))
    r = try payback(["log", "A1", "G2", "XXXX"], in: dir)
    #expect(r.0 == 2)
    #expect(r.2.contains("code"))

    r = try payback(["balance", "A1", "--json"], in: dir)
    #expect(r.0 == 0)
    let json = try JSONValue.parse(Data(r.1.utf8), source: "balance")
    #expect(json["remaining_minutes"] == .number(3600 - 390))
    r = try payback(["balance", "A1"], in: dir)
    #expect(r.1.contains("remaining") && r.1.contains("53h 30m"))
    r = try payback(["balance", "B2"], in: dir)
    #expect(r.1.contains("warned"))
    r = try payback(["history", "A1"], in: dir)
    #expect(r.0 == 0 && r.1.contains("booked on G1") && r.1.contains("tester"))
    r = try payback(["overdue"], in: dir)
    #expect(r.0 == 0)
    r = try payback(["export", "history", "-o", "h.jsonl"], in: dir)
    #expect(r.0 == 0)
    let lines = try String(contentsOfFile: "\(dir)/h.jsonl", encoding: .utf8).split(separator: "\n")
    #expect(lines.count > 10)
    r = try payback(["verify"], in: dir)
    #expect(r.0 == 0, "\(r.1)")
    #expect(r.1.contains(": ok"))

    // A bad CSV names the file, row and field, and changes nothing.
    try "id,risk,available,areas,hours_ordered,sentence_date\nC3,low,mon,north,-3,2026-01-01\n".write(
      toFile: "\(dir)/more.csv", atomically: true, encoding: .utf8)
    r = try payback(["import", "more.csv"], in: dir)
    #expect(r.0 == 2)
    #expect(r.2.contains("more.csv: row 2, field hours_ordered: \"-3\" is negative"))
    r = try payback(["balance", "C3"], in: dir)
    #expect(r.0 == 2 && r.2.contains("unknown person"))

    // log-batch: acknowledged per line; a refused line is reported and the rest recorded.
    let batch = """
      {"kind":"travel","person":"A1","date":"2026-01-10","minutes":60,"key":"t1"}
      {"kind":"travel","person":"B2","date":"2026-01-10","minutes":60,"key":"t2"}
      {"kind":"ete","person":"A1","date":"2026-01-11","minutes":120,"key":"e1"}
      """
    r = try payback(["log-batch", "-q"], in: dir, stdin: batch)
    #expect(r.0 == 2)
    #expect(r.1.contains("ok 1 ") && r.1.contains("error 2: ") && r.1.contains("not eligible") && r.1.contains("ok 3 "))
  }

  /// Acceptance: `payback roster --ledger` on a ledger built from a bundled instance reproduces
  /// that instance's roster problem, so it reaches the same optimum; publishing twice books once.
  @Test(.timeLimit(.minutes(3)))
  func rosterFromTheLedgerReachesTheSameOptimum() throws {
    let dir = scratchDirectory("cli-roster")
    let tiny = "\(repoRoot)/instances/tiny.json"
    var r = try payback(["import", tiny, "--db", "l.sqlite", "-q"], in: dir)
    #expect(r.0 == 0, "\(r.2)")
    func objective(_ text: String) throws -> Double? {
      let json = try JSONValue.parse(Data(text.utf8), source: "roster")
      if case .number(let v)? = json["objective"] { return v }
      return nil
    }
    r = try payback(["roster", tiny, "--json", "-q"], in: dir)
    #expect(r.0 == 0, "\(r.2)")
    let direct = try objective(r.1)
    r = try payback(
      [
        "roster", "--ledger", "l.sqlite", "--week", "2026-11-30", "--write-instance", "week.json", "--json",
        "--publish",
        "-q",
      ], in: dir)
    #expect(r.0 == 0, "\(r.2)")
    let viaLedger = try objective(r.1)
    #expect(direct != nil && viaLedger != nil)
    #expect(abs((direct ?? 0) - 597.833333) < 1e-4)
    #expect(abs((viaLedger ?? 0) - (direct ?? 1)) < 1e-6)
    #expect(FileManager.default.fileExists(atPath: "\(dir)/week.json"))
    #expect(r.2.contains("published:"))
    r = try payback(["roster", "--ledger", "l.sqlite", "--week", "2026-11-30", "--json", "--publish", "-q"], in: dir)
    #expect(r.0 == 0, "\(r.2)")
    #expect(r.2.contains("published: 0 booked"))
    r = try payback(["verify", "--db", "l.sqlite"], in: dir)
    #expect(r.0 == 0, "\(r.1)")
  }
}
