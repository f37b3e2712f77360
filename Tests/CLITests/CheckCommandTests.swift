import Foundation
import PaybackTestSupport
import Testing

// `payback check` and bad input, run as a subprocess.

/// tiny's optimal roster, worked out by hand (see Tests/SchedulerTests/CheckerTests.swift).
private let tinyRoster = """
  {
    "format": "payback-roster/1", "instance": "tiny", "week_start": "2026-11-30",
    "method": "hand", "status": "optimal", "objective": 597.833333333,
    "sessions": [
      { "session": "CSCS-mon", "supervisors": [], "people": ["P03"] },
      { "session": "SHOP-tue", "supervisors": [], "people": ["P01"] },
      { "session": "CHURCH-wed", "supervisors": ["S-ANNE"], "people": ["P03", "P04"] },
      { "session": "SHOP-thu", "supervisors": [], "people": ["P07"] },
      { "session": "PARK-sat", "supervisors": ["S-ANNE", "S-BILAL"], "people": ["P03", "P04", "P05", "P07", "P09"] },
      { "session": "PARK-sun", "supervisors": ["S-BILAL"], "people": ["P01", "P02", "P05"] }
    ]
  }
  """

private let tiny = repositoryPath("instances/tiny.json")

@Test func checkValidRoster() {
  let r = runPayback(["check", tiny, temporaryFile(tinyRoster, name: "roster.json")])
  #expect(r.status == 0, "\(r)")
  #expect(r.stdout == "valid: objective 597.833333 (stated 597.833333)\n")
  #expect(r.stderr == "")
}

@Test func checkInvalidRoster() {
  // P04 becomes the only woman on PARK-sun (H11) and SHOP-thu takes two (H5).
  let broken =
    tinyRoster
    .replacingOccurrences(of: #""people": ["P01", "P02", "P05"]"#, with: #""people": ["P01", "P02", "P05", "P04"]"#)
    .replacingOccurrences(of: #""people": ["P07"]"#, with: #""people": ["P07", "P09"]"#)
  let r = runPayback(["check", tiny, temporaryFile(broken, name: "roster.json")])
  #expect(r.status == 1, "\(r)")
  let lines = r.stdout.split(separator: "\n").map(String.init)
  #expect(lines.contains("H5: session SHOP-thu books 2 people, capacity 1"), "\(lines)")
  #expect(lines.contains { $0.hasPrefix("H11: ") && $0.contains("P04") && $0.contains("PARK-sun") }, "\(lines)")
  #expect(lines.contains { $0.hasPrefix("OBJ: ") }, "\(lines)")
  #expect(lines.allSatisfy { $0.range(of: #"^(H\d+|OBJ|BOUND|INSTANCE|WEEK): "#, options: .regularExpression) != nil })
  #expect(r.stderr.contains("invalid"))
}

@Test func checkJSON() throws {
  let valid = runPayback(["check", "--json", tiny, temporaryFile(tinyRoster, name: "roster.json")])
  #expect(valid.status == 0, "\(valid)")
  let object = try JSONSerialization.jsonObject(with: Data(valid.stdout.utf8)) as? [String: Any]
  #expect(object?["valid"] as? Bool == true)
  #expect(abs((object?["objective"] as? Double ?? 0) - 3587.0 / 6) < 1e-9)
  #expect((object?["violations"] as? [Any])?.isEmpty == true)

  let broken = tinyRoster.replacingOccurrences(of: #""people": ["P07"]"#, with: #""people": ["P07", "P09"]"#)
  let invalid = runPayback(["check", "--json", tiny, temporaryFile(broken, name: "roster.json")])
  #expect(invalid.status == 1, "\(invalid)")
  let report = try JSONSerialization.jsonObject(with: Data(invalid.stdout.utf8)) as? [String: Any]
  #expect(report?["valid"] as? Bool == false)
  let rules = (report?["violations"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []
  #expect(rules.contains("H5"))
}

@Test func checkAnotherInstancesRoster() {
  let r = runPayback(["check", repositoryPath("instances/small.json"), temporaryFile(tinyRoster, name: "roster.json")])
  #expect(r.status == 1, "\(r)")
  #expect(r.stdout.contains("INSTANCE: the roster is for instance \"tiny\", not \"small\""))
}

@Test func malformedInstanceIsExitTwoWithPath() throws {
  var text = try String(contentsOfFile: tiny, encoding: .utf8)
  text = text.replacingOccurrences(
    of: #""available": ["tue", "sat", "sun"]"#, with: #""available": ["tue", "mnday", "sun"]"#)
  let instance = temporaryFile(text, name: "week.json")
  let r = runPayback(["check", instance, temporaryFile(tinyRoster, name: "roster.json")])
  #expect(r.status == 2, "\(r)")
  #expect(r.stdout == "")
  #expect(
    r.stderr.contains("\(instance): people[0].available[1]: \"mnday\" is not a weekday (mon..sun)"), "\(r.stderr)")
}

@Test func instanceThatIsNotJSON() {
  let instance = temporaryFile("{\n  \"format\": \"payback-instance/1\",\n  oops\n}\n", name: "week.json")
  let r = runPayback(["check", instance, temporaryFile(tinyRoster, name: "roster.json")])
  #expect(r.status == 2, "\(r)")
  #expect(r.stdout == "")
  #expect(r.stderr.contains("\(instance): line 3, column 3: not valid JSON"), "\(r.stderr)")
}

@Test func malformedRosterIsExitTwoWithPath() {
  let broken = tinyRoster.replacingOccurrences(of: #""objective": 597.833333333"#, with: #""objective": "high""#)
  let roster = temporaryFile(broken, name: "roster.json")
  let r = runPayback(["check", tiny, roster])
  #expect(r.status == 2, "\(r)")
  #expect(r.stdout == "")
  #expect(r.stderr.contains("\(roster): objective: expected a number, found a string"), "\(r.stderr)")
}

@Test func missingFileIsExitTwo() {
  let missing = "/nonexistent/payback/week.json"
  let r = runPayback(["check", missing, temporaryFile(tinyRoster, name: "roster.json")])
  #expect(r.status == 2, "\(r)")
  #expect(r.stdout == "")
  #expect(r.stderr.hasPrefix("\(missing): cannot read the file"), "\(r.stderr)")
  #expect(r.stderr.split(separator: "\n").count == 1)
}

@Test func missingArgumentsIsAUsageError() {
  let r = runPayback(["check", tiny])
  #expect(r.status == 2, "\(r)")
  #expect(r.stdout == "")
  #expect(r.stderr.contains("Missing expected argument"), "\(r.stderr)")
}

@Test func checkAnotherWeeksRoster() {
  let other = tinyRoster.replacingOccurrences(of: #""week_start": "2026-11-30""#, with: #""week_start": "2026-12-07""#)
  let r = runPayback(["check", tiny, temporaryFile(other, name: "roster.json")])
  #expect(r.status == 1, "\(r)")
  #expect(r.stdout == "WEEK: the roster is for the week starting 2026-12-07, not 2026-11-30\n")
}

@Test func badInputWithJSONFlagPrintsNothing() {
  let roster = temporaryFile("{ \"format\": \"payback-roster/1\", ", name: "roster.json")
  let r = runPayback(["check", "--json", tiny, roster])
  #expect(r.status == 2, "\(r)")
  #expect(r.stdout == "")
  #expect(r.stderr.contains("\(roster): line 1, column 33: not valid JSON"), "\(r.stderr)")
}

@Test func rosterOfTheWrongFormat() throws {
  // An instance given where the roster belongs: its format tag says so.
  let r = runPayback(["check", tiny, tiny])
  #expect(r.status == 2, "\(r)")
  #expect(r.stdout == "")
  #expect(
    r.stderr.contains(#"\#(tiny): format: "payback-instance/1" is not supported (expected "payback-roster/1")"#),
    "\(r.stderr)")
}
