import Foundation
import PaybackCore
import Testing

// Reading instances: every bad input is rejected with the JSON path of the mistake.

private let repoRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func example(_ name: String) -> String { repoRoot.appendingPathComponent("instances/\(name).json").path }

private func exampleJSON(_ name: String) throws -> JSONValue {
  try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: example(name))), source: name)
}

// MARK: - Editing a JSON tree by path

private enum Step {
  case key(String)
  case index(Int)
}

/// `people[2].available[1]` as steps.
private func steps(_ path: String) -> [Step] {
  var out: [Step] = []
  for part in path.split(separator: ".") {
    var rest = Substring(part)
    if let open = rest.firstIndex(of: "[") {
      out.append(.key(String(rest[..<open])))
      rest = rest[open...]
      while let o = rest.firstIndex(of: "["), let c = rest.firstIndex(of: "]") {
        out.append(.index(Int(rest[rest.index(after: o)..<c])!))
        rest = rest[rest.index(after: c)...]
      }
    } else {
      out.append(.key(String(rest)))
    }
  }
  return out
}

extension JSONValue {
  /// The tree with the value at `path` replaced (nil: removed; one past a list's end: appended).
  fileprivate func setting(_ path: String, to value: JSONValue?) -> JSONValue {
    set(steps(path)[...], value) ?? .null
  }

  private func set(_ steps: ArraySlice<Step>, _ value: JSONValue?) -> JSONValue? {
    guard let step = steps.first else { return value }
    switch (self, step) {
    case (.object(var members), .key(let key)):
      if let i = members.firstIndex(where: { $0.0 == key }) {
        if let v = members[i].1.set(steps.dropFirst(), value) { members[i].1 = v } else { members.remove(at: i) }
      } else if steps.count == 1, let value {
        members.append((key, value))
      } else {
        preconditionFailure("no \(key) in the test's instance")
      }
      return .object(members)
    case (.array(var items), .index(let i)):
      if i == items.count, steps.count == 1, let value {
        items.append(value)
      } else if let v = items[i].set(steps.dropFirst(), value) {
        items[i] = v
      } else {
        items.remove(at: i)
      }
      return .array(items)
    default:
      preconditionFailure("the test's path does not fit the instance")
    }
  }
}

/// One mistake made in tiny.json, and where the reader must say it is.
struct BadInstance: Sendable, CustomTestStringConvertible {
  let name: String
  /// JSON path and new value as JSON text; nil removes the field.
  let edits: [(path: String, json: String?)]
  let path: String
  /// Text the message at `path` must contain.
  let says: [String]

  init(_ name: String, _ edits: [(String, String?)], at path: String, says: String...) {
    self.name = name
    self.edits = edits.map { (path: $0.0, json: $0.1) }
    self.path = path
    self.says = says
  }

  init(_ name: String, set path: String, to json: String?, says: String...) {
    self.name = name
    self.edits = [(path: path, json: json)]
    self.path = path
    self.says = says
  }

  var testDescription: String { name }
}

private func pin(_ person: String, _ session: String) -> String {
  #"{"person": "\#(person)", "session": "\#(session)"}"#
}

// tiny.json: projects PARK (sessions PARK-sat, PARK-sun), CHURCH, SCHOOLPAINT, SHOP (SHOP-tue,
// SHOP-thu), CSCS; supervisors S-ANNE, S-BILAL; people P01..P09; pins[0] = P01 on SHOP-tue.
private let badInstances: [BadInstance] = [
  // The document.
  BadInstance(
    "wrong format tag", set: "format", to: #""payback-instance/2""#, says: #""payback-instance/2" is not supported"#),
  BadInstance("a roster given as an instance", set: "format", to: #""payback-roster/1""#, says: "not supported"),
  BadInstance("format missing", set: "format", to: nil, says: "is missing"),
  BadInstance(
    "week_start not a Monday", set: "week_start", to: #""2026-12-01""#, says: "2026-12-01 is a Tuesday, not a Monday"),
  BadInstance(
    "week_start not a date", set: "week_start", to: #""30/11/2026""#, says: #""30/11/2026" is not a date (YYYY-MM-DD)"#),
  BadInstance("week_start missing", set: "week_start", to: nil, says: "is missing"),
  BadInstance("name missing", set: "name", to: nil, says: "is missing"),
  BadInstance("name a number", set: "name", to: "5", says: "expected a string, found a number"),
  BadInstance("defaults not an object", set: "defaults", to: "7", says: "expected an object, found a number"),
  BadInstance("negative default maximum", set: "defaults.max_hours_per_week", to: "-1", says: "must be at least 0"),
  BadInstance("default ratio 0", set: "defaults.people_per_supervisor", to: "0", says: "must be at least 1"),
  BadInstance("default attendance fractional", set: "defaults.min_attendance", to: "1.5", says: "whole number"),
  BadInstance("projects missing", set: "projects", to: nil, says: "is missing (expected a list)"),
  BadInstance("people an object", set: "people", to: "{}", says: "expected a list, found an object"),
  BadInstance("supervisors a string", set: "supervisors", to: #""S-ANNE""#, says: "expected a list, found a string"),
  BadInstance("pins an object", set: "pins", to: "{}", says: "expected a list"),
  BadInstance("a person that is a string", set: "people[0]", to: #""P01""#, says: "expected an object, found a string"),

  // Duplicate ids.
  BadInstance(
    "duplicate project id", set: "projects[1].id", to: #""PARK""#,
    says: #"duplicate project id "PARK" (also projects[0])"#),
  BadInstance(
    "duplicate session id in a project", set: "projects[0].sessions[1].id", to: #""PARK-sat""#,
    says: #"duplicate session id "PARK-sat" (also projects[0].sessions[0])"#),
  BadInstance(
    "duplicate session id across projects", set: "projects[4].sessions[0].id", to: #""PARK-sat""#,
    says: "duplicate session id"),
  BadInstance("duplicate supervisor id", set: "supervisors[1].id", to: #""S-ANNE""#, says: "duplicate supervisor id"),
  BadInstance(
    "duplicate person id", set: "people[8].id", to: #""P01""#, says: #"duplicate person id "P01" (also people[0])"#),
  BadInstance("empty id", set: "people[8].id", to: #""""#, says: "must not be empty"),
  BadInstance("id with a trailing space", set: "supervisors[0].id", to: #""S-ANNE ""#, says: "spaces"),

  // Projects and sessions.
  BadInstance(
    "bad kind", set: "projects[0].kind", to: #""team""#, says: #""team" is not one of "group", "individual", "ete""#),
  BadInstance("kind missing", set: "projects[0].kind", to: nil, says: "is missing"),
  BadInstance("area missing", set: "projects[0].area", to: nil, says: "is missing"),
  BadInstance("women_only a string", set: "projects[1].women_only", to: #""yes""#, says: "expected true or false"),
  BadInstance("involves a string", set: "projects[0].involves", to: #""public""#, says: "expected a list"),
  BadInstance(
    "a skill that is a number", [("projects[0].requires_skills", "[1]")], at: "projects[0].requires_skills[0]",
    says: "expected a string, found a number"),
  BadInstance("project ratio 0", set: "projects[0].people_per_supervisor", to: "0", says: "must be at least 1"),
  BadInstance("project attendance 0", set: "projects[2].min_attendance", to: "0", says: "must be at least 1"),
  BadInstance("sessions missing", set: "projects[0].sessions", to: nil, says: "is missing"),
  BadInstance(
    "session date after the week", set: "projects[0].sessions[0].date", to: #""2026-12-07""#,
    says: "outside the week 2026-11-30 to 2026-12-06"),
  BadInstance(
    "session date before the week", set: "projects[4].sessions[0].date", to: #""2026-11-29""#, says: "outside the week"),
  BadInstance(
    "session date impossible", set: "projects[0].sessions[0].date", to: #""2026-02-30""#, says: "is not a date"),
  BadInstance("session date missing", set: "projects[0].sessions[0].date", to: nil, says: "is missing"),
  BadInstance(
    "start 25:00", set: "projects[0].sessions[0].start", to: #""25:00""#, says: #""25:00" is not a time of day"#),
  BadInstance("end 12:60", set: "projects[0].sessions[0].end", to: #""12:60""#, says: #""12:60" is not a time of day"#),
  BadInstance("start with a sign", set: "projects[0].sessions[0].start", to: #""+9:00""#, says: "is not a time of day"),
  BadInstance(
    "end with a minus sign", set: "projects[0].sessions[0].end", to: #""-0:30""#, says: "is not a time of day"),
  BadInstance(
    "start with seconds", set: "projects[0].sessions[0].start", to: #""09:00:00""#, says: "is not a time of day"),
  BadInstance("start not a time", set: "projects[0].sessions[0].start", to: #""nine""#, says: "is not a time of day"),
  BadInstance(
    "end before start", set: "projects[0].sessions[0].end", to: #""08:00""#,
    says: "ends at 08:00, not after its start 09:00"),
  BadInstance("end equal to start", set: "projects[0].sessions[0].end", to: #""09:00""#, says: "not after its start"),
  BadInstance("hours 0", set: "projects[0].sessions[0].hours", to: "0", says: "must be greater than 0, found 0"),
  BadInstance("hours -1", set: "projects[0].sessions[0].hours", to: "-1", says: "must be greater than 0, found -1"),
  BadInstance("hours 6.1", set: "projects[0].sessions[0].hours", to: "6.1", says: "6.1 is not a multiple of 0.25"),
  BadInstance(
    "hours a string", set: "projects[0].sessions[0].hours", to: #""7""#, says: "expected a number, found a string"),
  BadInstance("hours missing", set: "projects[0].sessions[0].hours", to: nil, says: "is missing (expected a number)"),
  BadInstance("capacity -1", set: "projects[0].sessions[0].capacity", to: "-1", says: "must be at least 0, found -1"),
  BadInstance(
    "capacity 2.5", set: "projects[0].sessions[0].capacity", to: "2.5", says: "expected a whole number, found 2.5"),
  BadInstance("capacity a string", set: "projects[0].sessions[0].capacity", to: #""6""#, says: "expected a number"),
  BadInstance("capacity missing", set: "projects[0].sessions[0].capacity", to: nil, says: "is missing"),
  BadInstance("session id missing", set: "projects[0].sessions[0].id", to: nil, says: "is missing"),

  // Supervisors.
  BadInstance(
    "supervisor weekday", set: "supervisors[0].available[1]", to: #""Sat""#, says: #""Sat" is not a weekday (mon..sun)"#
  ),
  BadInstance("supervisor areas a string", set: "supervisors[0].areas", to: #""Chelmsford""#, says: "expected a list"),
  BadInstance("supervisor areas missing", set: "supervisors[0].areas", to: nil, says: "is missing"),
  BadInstance("max_sessions missing", set: "supervisors[0].max_sessions", to: nil, says: "is missing"),
  BadInstance("max_sessions -1", set: "supervisors[0].max_sessions", to: "-1", says: "must be at least 0"),
  BadInstance(
    "supervisor unavailable date", [("supervisors[0].unavailable_dates", #"["next week"]"#)],
    at: "supervisors[0].unavailable_dates[0]", says: #""next week" is not a date"#),

  // People.
  BadInstance(
    "bad weekday mnday", set: "people[2].available[1]", to: #""mnday""#, says: #""mnday" is not a weekday (mon..sun)"#),
  BadInstance("available a string", set: "people[0].available", to: #""sat""#, says: "expected a list, found a string"),
  BadInstance("available missing", set: "people[0].available", to: nil, says: "is missing (expected a list)"),
  BadInstance("areas missing", set: "people[0].areas", to: nil, says: "is missing"),
  BadInstance(
    "an area that is a number", set: "people[0].areas[0]", to: "5", says: "expected a string, found a number"),
  BadInstance(
    "bad risk", set: "people[0].risk", to: #""extreme""#, says: #""extreme" is not one of "low", "medium", "high""#),
  BadInstance("risk missing", set: "people[0].risk", to: nil, says: "is missing"),
  BadInstance("bad sex", set: "people[0].sex", to: #""m""#, says: #""m" is not one of "female", "male""#),
  BadInstance("hours_remaining -1", set: "people[0].hours_remaining", to: "-1", says: "must be at least 0, found -1"),
  BadInstance(
    "hours_remaining true", set: "people[0].hours_remaining", to: "true", says: "expected a number, found a boolean"),
  BadInstance("hours_remaining missing", set: "people[0].hours_remaining", to: nil, says: "is missing"),
  BadInstance("ete hours -1", set: "people[2].ete_hours_remaining", to: "-1", says: "must be at least 0"),
  BadInstance("deadline a number", set: "people[0].deadline", to: "5", says: "expected a string, found a number"),
  BadInstance("deadline not a date", set: "people[0].deadline", to: #""soon""#, says: "is not a date"),
  BadInstance("start_date not a date", set: "people[6].start_date", to: #""2026-13-01""#, says: "is not a date"),
  BadInstance("weekly maximum -1", set: "people[0].max_hours_per_week", to: "-1", says: "must be at least 0"),
  BadInstance("weekly minimum a string", set: "people[0].min_hours_per_week", to: #""7""#, says: "expected a number"),
  BadInstance("keep_apart unknown", set: "people[5].keep_apart[0]", to: #""P99""#, says: #"unknown person "P99""#),
  BadInstance("keep_apart self", set: "people[5].keep_apart[0]", to: #""P06""#, says: "kept apart from themselves"),
  BadInstance("keep_apart a string", set: "people[5].keep_apart", to: #""P07""#, says: "expected a list"),

  // Pins: references.
  BadInstance("pin of an unknown person", set: "pins[0].person", to: #""P99""#, says: #"unknown person "P99""#),
  BadInstance(
    "pin on an unknown session", set: "pins[0].session", to: #""SHOP-fri""#, says: #"unknown session "SHOP-fri""#),
  BadInstance("pin without a session", set: "pins[0].session", to: nil, says: "is missing"),
  BadInstance("the same pin twice", set: "pins[1]", to: pin("P01", "SHOP-tue"), says: "the same pin as pins[0]"),

  // Pins a person cannot have, named by rule.
  BadInstance(
    "pin outside the person's area", set: "pins[1]", to: pin("P06", "PARK-sat"), says: "outside their areas (H4)"),
  BadInstance(
    "pin on a wrong weekday", set: "pins[0]", to: pin("P03", "SHOP-tue"), says: "not available that weekday (H3)"),
  BadInstance(
    "pin before the start date", set: "pins[0]", to: pin("P07", "SHOP-tue"), says: "before their start date (H3)"),
  BadInstance(
    "pin on an unavailable date", set: "pins[1]", to: pin("P09", "PARK-sun"), says: "unavailable that date (H3)"),
  BadInstance(
    "pin of medium risk on an individual placement", set: "pins[1]", to: pin("P02", "SHOP-thu"), says: "low-risk",
    "(H4)"),
  BadInstance(
    "pin of a man on women-only work", set: "pins[1]", to: pin("P09", "CHURCH-wed"), says: "women-only project (H4)"),
  BadInstance(
    "pin unsuitable for children", set: "pins[1]", to: pin("P05", "SCHOOLPAINT-sat"), says: "unsuitable", "(H4)"),
  BadInstance("pin with nothing owed", set: "pins[1]", to: pin("P08", "PARK-sat"), says: "(H7)"),
  BadInstance(
    "two pins on one day", [("pins[1]", pin("P02", "PARK-sat")), ("pins[2]", pin("P02", "SCHOOLPAINT-sat"))],
    at: "pins[2]",
    says: "P02 is also pinned on 2026-12-05 by pins[1] (H2"),
  BadInstance(
    "pins over capacity", [("pins[1]", pin("P07", "SHOP-thu")), ("pins[2]", pin("P09", "SHOP-thu"))], at: "pins[2]",
    says: "2 people are pinned on SHOP-thu, over its capacity of 1 (H5)"),
  BadInstance(
    "pins over the weekly maximum", [("pins[1]", pin("P01", "PARK-sat")), ("pins[2]", pin("P01", "PARK-sun"))],
    at: "pins[2]",
    says: "20 hours", "(H6)"),
  BadInstance(
    "pins of a kept-apart pair",
    [("pins[1]", pin("P06", "SCHOOLPAINT-sat")), ("pins[2]", pin("P07", "SCHOOLPAINT-sat"))],
    at: "pins[1]", says: "(H12)"),
]

@Test(arguments: badInstances)
func badInstanceNamesThePlace(_ c: BadInstance) throws {
  var json = try exampleJSON("tiny")
  for edit in c.edits {
    let value = try edit.json.map { try JSONValue.parse(Data($0.utf8), source: "edit") }
    json = json.setting(edit.path, to: value)
  }
  let error = #expect(throws: InputError.self) { try Instance.parse(json, source: "tiny.json") }
  guard let error else { return }
  #expect(error.source == "tiny.json")
  let here = error.problems.filter { $0.path == c.path }
  #expect(!here.isEmpty, "no problem at \(c.path): \(error.problems)")
  for text in c.says {
    #expect(here.contains { $0.message.contains(text) }, "\"\(text)\" not in \(here.map(\.message))")
  }
  // The same mistake, written to a file and read back: the file name leads every line.
  let text = json.serialized()
  #expect(throws: InputError.self) { try Instance.parse(Data(text.utf8), source: "tiny.json") }
}

/// Text that is not JSON, and the line and column the reader must name.
struct NotJSON: Sendable, CustomTestStringConvertible {
  let text: String
  let place: String
  let says: String
  var testDescription: String { "\(place): \(says)" }
}

private let notJSON: [NotJSON] = [
  NotJSON(text: "", place: "line 1, column 1", says: "ends too early"),
  NotJSON(text: "nope", place: "line 1, column 1", says: "unknown word"),
  NotJSON(text: #"{"format": }"#, place: "line 1, column 12", says: "unexpected character '}'"),
  NotJSON(
    text: "{\n  \"format\": \"payback-instance/1\",\n  oops\n}\n", place: "line 3, column 3",
    says: "expected a quoted key"),
  NotJSON(text: "{\"a\": 1,}", place: "line 1, column 9", says: "expected a quoted key"),
  NotJSON(text: "{\"a\": 1, \"a\": 2}", place: "line 1, column 16", says: "appears twice"),
  NotJSON(text: "[1, 2", place: "line 1, column 6", says: "ends inside a list"),
  NotJSON(text: "{\"a\": \"tab\there\"}", place: "line 1, column 11", says: "control character"),
  NotJSON(text: "{} {}", place: "line 1, column 4", says: "after the end"),
]

@Test(arguments: notJSON)
func notJSONNamesLineAndColumn(_ c: NotJSON) {
  let error = #expect(throws: InputError.self) { try Instance.parse(Data(c.text.utf8), source: "week.json") }
  guard let problem = error?.problems.first else { return }
  #expect(error?.problems.count == 1)
  #expect(problem.path == c.place)
  #expect(problem.message.hasPrefix("not valid JSON: "))
  #expect(problem.message.contains(c.says), "\(problem.message)")
}

@Test func documentThatIsNotAnObject() {
  let error = #expect(throws: InputError.self) { try Instance.parse(Data("[]".utf8), source: "week.json") }
  #expect(error?.description == "week.json: expected an object, found a list")
}

@Test func truncatedFile() throws {
  let text = try String(contentsOfFile: example("tiny"), encoding: .utf8)
  let cut = String(text.prefix(text.count / 2))
  let error = #expect(throws: InputError.self) { try Instance.parse(Data(cut.utf8), source: "tiny.json") }
  #expect(error?.problems.first?.message.contains("ends") == true)
}

@Test func specExampleMessageForm() throws {
  // The spec's own example: people[12].available[1]: "mnday" is not a weekday (mon..sun)
  let json = try exampleJSON("small").setting("people[12].available[1]", to: .string("mnday"))
  let error = #expect(throws: InputError.self) { try Instance.parse(json, source: "small.json") }
  #expect(error?.problems.map(\.description) == [#"people[12].available[1]: "mnday" is not a weekday (mon..sun)"#])
  #expect(error?.description == #"small.json: people[12].available[1]: "mnday" is not a weekday (mon..sun)"#)
}

@Test func everyProblemIsReportedAtOnce() throws {
  let json = try exampleJSON("tiny")
    .setting("people[0].risk", to: .string("extreme"))
    .setting("projects[0].sessions[0].hours", to: .number(6.1))
    .setting("supervisors[1].available[0]", to: .string("Sat"))
  let error = #expect(throws: InputError.self) { try Instance.parse(json, source: "tiny.json") }
  #expect(
    Set(error?.problems.map(\.path) ?? []) == [
      "people[0].risk", "projects[0].sessions[0].hours", "supervisors[1].available[0]",
    ])
  #expect(error?.description.split(separator: "\n").count == 3)
}

@Test func missingFile() {
  let error = #expect(throws: InputError.self) { try Instance.load(from: "/nonexistent/week.json") }
  #expect(error?.description.hasPrefix("/nonexistent/week.json: cannot read the file") == true)
}

@Test(arguments: [("tiny", 9, 7, 2, 1), ("small", 80, 25, 3, 0), ("medium", 400, 87, 10, 0)])
func examplesParse(_ name: String, people: Int, sessions: Int, supervisors: Int, pins: Int) throws {
  let instance = try Instance.load(from: example(name))
  #expect(instance.name == name)
  #expect(instance.people.count == people)
  #expect(instance.sessions.count == sessions)
  #expect(instance.supervisors.count == supervisors)
  #expect(instance.pins.count == pins)
  #expect(instance.weekStart == CalendarDate("2026-11-30"))
}

@Test func tinyDefaultsAndOverridesAreResolved() throws {
  let tiny = try Instance.load(from: example("tiny"))
  #expect(
    tiny.defaults
      == Defaults(minHoursPerWeek: 7, maxHoursPerWeek: 21, peoplePerSupervisor: 4, minAttendance: 2, paceWeight: 10))
  let school = try #require(tiny.projects.first { $0.id == "SCHOOLPAINT" })
  #expect(school.minAttendance == 3)
  #expect(school.peoplePerSupervisor == 4)
  let p01 = try #require(tiny.people.first { $0.id == "P01" })
  #expect(p01.maxHoursPerWeek == 14)
  #expect(p01.minHoursPerWeek == 7)
  let p04 = try #require(tiny.people.first { $0.id == "P04" })
  #expect(p04.deadline == nil)
  #expect(p04.sex == .female)
  let p03 = try #require(tiny.people.first { $0.id == "P03" })
  #expect(p03.eteHoursRemaining == 18)
  let p09 = try #require(tiny.people.first { $0.id == "P09" })
  #expect(p09.unavailableDates == [CalendarDate("2026-12-06")!])
  let park = try #require(tiny.projects.first { $0.id == "PARK" })
  #expect(park.sessions[0].start == ClockTime("09:00"))
  #expect(park.sessions[0].end == ClockTime("16:30"))
}

@Test(arguments: ["tiny", "small", "medium"])
func roundTrip(_ name: String) throws {
  let instance = try Instance.load(from: example(name))
  let written = instance.json.serialized()
  let again = try Instance.parse(Data(written.utf8), source: "round trip")
  #expect(again.json == instance.json)
  #expect(again.json.serialized() == written)
  // Spot checks beyond the JSON: the values themselves.
  #expect(again.name == instance.name)
  #expect(again.weekStart == instance.weekStart)
  #expect(again.defaults == instance.defaults)
  #expect(again.pins == instance.pins)
  for (a, b) in zip(again.people, instance.people) {
    #expect(a.id == b.id && a.hoursRemaining == b.hoursRemaining && a.deadline == b.deadline)
    #expect(a.available == b.available && a.keepApart == b.keepApart && a.maxHoursPerWeek == b.maxHoursPerWeek)
  }
  for (a, b) in zip(again.sessions, instance.sessions) {
    #expect(a.session.id == b.session.id && a.session.hours == b.session.hours && a.session.date == b.session.date)
    #expect(a.project.kind == b.project.kind && a.project.minAttendance == b.project.minAttendance)
  }
}

@Test func roundTripKeepsEveryOptionalField() throws {
  let json = try exampleJSON("tiny")
    .setting("people[0].skills", to: .array([.string("first_aid")]))
    .setting("people[0].min_hours_per_week", to: .number(3.5))
    .setting("people[1].name", to: nil)
    .setting("people[1].sex", to: nil)
    .setting("projects[0].requires_skills", to: .array([.string("first_aid")]))
    .setting("projects[0].name", to: nil)
    .setting("projects[0].people_per_supervisor", to: .number(3))
    .setting("supervisors[0].unavailable_dates", to: .array([.string("2026-12-02")]))
    .setting("supervisors[0].name", to: nil)
    .setting("defaults", to: nil)
  let instance = try Instance.parse(json)
  let again = try Instance.parse(Data(instance.json.serialized().utf8))
  #expect(again.json == instance.json)
  let p01 = try #require(again.people.first { $0.id == "P01" })
  #expect(p01.skills == ["first_aid"])
  #expect(p01.minHoursPerWeek == 3.5)
  let p02 = try #require(again.people.first { $0.id == "P02" })
  #expect(p02.name == nil)
  #expect(p02.sex == .male)
  let park = try #require(again.projects.first { $0.id == "PARK" })
  #expect(park.name == nil)
  #expect(park.requiresSkills == ["first_aid"])
  #expect(park.peoplePerSupervisor == 3)
  // Without defaults, the spec's own defaults apply (8 per supervisor, attendance 2).
  #expect(again.defaults == Defaults())
  let church = try #require(again.projects.first { $0.id == "CHURCH" })
  #expect(church.peoplePerSupervisor == 8)
  #expect(church.minAttendance == 2)
  let anne = try #require(again.supervisors.first { $0.id == "S-ANNE" })
  #expect(anne.unavailableDates == [CalendarDate("2026-12-02")!])
  #expect(anne.name == nil)
}
