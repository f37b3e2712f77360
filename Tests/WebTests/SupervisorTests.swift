import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import PaybackWeb
import Testing

@Suite struct SupervisorTests {
  static let base = "/supervisor/sessions/PARK-sat/people/P01"

  /// Walks the pages of the recording flow, returning the check page.
  static func answer(
    _ b: Browser, _ path: String = base, attended: Bool = true, outcome: String = "ATTC",
    notes: String = "Worked well"
  ) async throws -> Browser.Page {
    let first = try await b.get(path)
    #expect(first.status == .ok)
    #expect(first.body.contains("arrive?"))
    var fields: [(String, String)] = [("step", "attendance"), ("attended", attended ? "yes" : "no")]
    var page = try await b.post(path, fields, csrf: first.csrf)
    if attended {
      #expect(page.body.contains("start and finish"))
      fields = hiddenFields(page) + [("step", "times"), ("start", "09:00"), ("finish", "16:30")]
      page = try await b.post(path, fields, csrf: page.csrf)
    }
    #expect(page.body.contains("What was the outcome"))
    fields = hiddenFields(page) + [("step", "outcome"), ("outcome", outcome)]
    page = try await b.post(path, fields, csrf: page.csrf)
    if attended {
      #expect(page.body.contains("work and behave"))
      fields = hiddenFields(page) + [("step", "conduct"), ("quality", "GOOD"), ("behaviour", "EXCELLENT")]
      page = try await b.post(path, fields, csrf: page.csrf)
    }
    #expect(page.body.contains("Notes about"))
    fields = hiddenFields(page) + [("step", "notes"), ("notes", notes)]
    page = try await b.post(path, fields, csrf: page.csrf)
    return page
  }

  /// The hidden answers a page carries (not csrf or step, which the caller sets).
  static func hiddenFields(_ page: Browser.Page) -> [(String, String)] {
    var out: [(String, String)] = []
    var rest = page.body[...]
    while let r = rest.range(of: "<input type=\"hidden\" name=\"") {
      let after = rest[r.upperBound...]
      guard let q = after.firstIndex(of: "\"") else { break }
      let name = String(after[..<q])
      let valueStart = after.range(of: "value=\"")!.upperBound
      let valueEnd = after[valueStart...].firstIndex(of: "\"")!
      let value = String(after[valueStart..<valueEnd])
        .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
        .replacingOccurrences(of: "&amp;", with: "&")
      if name != "csrf" && name != "step" { out.append((name, value)) }
      rest = after[valueEnd...]
    }
    return out
  }

  @Test func mySessionsShowsTodaysSession() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let home = try await b.get("/supervisor")
      #expect(home.status == .ok)
      #expect(home.body.contains("Central Park litter"))
      #expect(home.body.contains("0 of 3 recorded"))
      #expect(!home.body.contains("churchyard"), "Anne's session is not Bilal's")
    }
  }

  @Test func recordingAnOutcomeUpdatesTheBalanceAtOnce() async throws {
    let f = Fixture()
    try await f.seed()
    let before = try await f.ledger().balance(person: "P01").balance.remainingMinutes
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let check = try await Self.answer(b)
      #expect(check.body.contains("Check your answers"))
      #expect(check.body.contains("09:00 to 16:30"))
      #expect(!check.body.contains("enforceable-warning"))
      let done = try await b.post(
        Self.base, Self.hiddenFields(check) + [("step", "check"), ("confirm", "yes")], csrf: check.csrf)
      #expect(done.status == .seeOther)
      #expect(done.location == "/supervisor/sessions/PARK-sat?recorded=P01")
      let session = try await b.get(done.location!)
      #expect(session.body.contains("Recorded ATTC for Adams"))
      #expect(session.body.contains("Worked well"))
      let remaining = try await f.ledger().balance(person: "P01").balance.remainingMinutes
      #expect(session.body.contains("data-person=\"P01\">\(remaining / 60) hours"))
    }
    let after = try await f.ledger().balance(person: "P01").balance.remainingMinutes
    // 7.5 hours credited, plus whatever earned reduction that unlocks.
    #expect(before - after >= 450)
  }

  @Test func sendingTheConfirmationTwiceRecordsOnce() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let check = try await Self.answer(b)
      let fields = Self.hiddenFields(check) + [("step", "check"), ("confirm", "yes")]
      let count = try f.entryCount()
      _ = try await b.post(Self.base, fields, csrf: check.csrf)
      let again = try await b.post(Self.base, fields, csrf: check.csrf)
      #expect(again.status == .seeOther)
      #expect(try f.entryCount() == count + 1)
    }
  }

  @Test func enforceableOutcomeShowsAWarning() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let check = try await Self.answer(b, attended: false, outcome: "UACP", notes: "")
      #expect(check.body.contains("enforceable-warning"))
      #expect(check.body.contains("UACP is an enforceable outcome"))
      #expect(!check.body.contains("Work quality"))
    }
  }

  @Test func anotherSupervisorsSessionIsForbiddenAndUnchanged() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("anne")
      let read = try await b.get("/supervisor/sessions/PARK-sat")
      #expect(read.status == .forbidden)
      let form = try await b.get("/supervisor/sessions/PARK-sat/people/P01")
      #expect(form.status == .forbidden)
      let own = try await b.get("/supervisor")
      let count = try f.entryCount()
      let write = try await b.post(
        Self.base,
        [
          ("step", "check"), ("confirm", "yes"), ("attended", "yes"), ("start", "09:00"), ("finish", "16:30"),
          ("outcome", "ATTC"), ("quality", "GOOD"), ("behaviour", "GOOD"), ("notes", ""), ("key", "k1"),
        ], csrf: own.csrf)
      #expect(write.status == .forbidden)
      #expect(try f.entryCount() == count)
      #expect(try f.ledger().session("PARK-sat")?.appointments.allSatisfy { $0.outcome == nil } == true)
    }
  }

  @Test func otherRolesCannotUseSupervisorPages() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("pat")
      #expect(try await b.get("/supervisor").status == .forbidden)
    }
  }

  @Test(arguments: [
    ("times", [("start", "25:00"), ("finish", "16:30")], "start-error", "Enter a real start time"),
    ("times", [("start", "09:00"), ("finish", "08:00")], "finish-error", "must be after the start time"),
    ("times", [("start", ""), ("finish", "16:30")], "start-error", "Enter the start time"),
    ("times", [("start", "9am"), ("finish", "12:60")], "finish-error", "Enter a real finish time"),
    ("outcome", [("outcome", "AAME")], "outcome-error", "Select an outcome"),
    ("outcome", [("outcome", "BOGUS")], "outcome-error", "Select an outcome"),
    ("conduct", [("quality", "GREAT"), ("behaviour", "GOOD")], "quality-error", "Select the quality"),
    ("notes", [("notes", String(repeating: "x", count: 501))], "notes-error", "500 characters or fewer"),
    ("notes", [("notes", "<script>alert(1)</script>")], "notes-error", "must not contain HTML"),
    ("attendance", [("attended", "maybe")], "attended-error", "Select whether they arrived"),
  ])
  func badInputIsRejectedBesideTheFieldAndNothingWritten(
    step: String, fields: [(String, String)], id: String, message: String
  )
    async throws
  {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let form = try await b.get(Self.base)
      let count = try f.entryCount()
      let answered: [(String, String)] = [
        ("attended", "yes"), ("start", "09:00"), ("finish", "16:30"), ("outcome", "ATTC"), ("quality", "GOOD"),
        ("behaviour", "GOOD"), ("notes", ""), ("key", "k-\(step)"),
      ].filter { a in !fields.contains { $0.0 == a.0 } }
      let page = try await b.post(Self.base, answered + fields + [("step", step)], csrf: form.csrf)
      #expect(page.status == .badRequest)
      #expect(page.body.contains("id=\"\(id)\""), "message beside the field")
      #expect(page.body.contains(message))
      #expect(page.body.contains("There is a problem"))
      #expect(!page.body.contains("<script>alert"), "typed text is escaped")
      #expect(try f.entryCount() == count)
    }
  }

  @Test func confirmingWithBadAnswersWritesNothing() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let form = try await b.get(Self.base)
      let count = try f.entryCount()
      // Straight to "confirm" with a bad time smuggled in the hidden fields: sent back to that question.
      let page = try await b.post(
        Self.base,
        [
          ("step", "check"), ("confirm", "yes"), ("attended", "yes"), ("start", "25:00"), ("finish", "16:30"),
          ("outcome", "ATTC"), ("quality", "GOOD"), ("behaviour", "GOOD"), ("notes", ""), ("key", "k"),
        ], csrf: form.csrf)
      #expect(page.body.contains("start and finish"))
      #expect(try f.entryCount() == count)
    }
  }

  @Test func unknownIdsAreNotFound() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      #expect(try await b.get("/supervisor/sessions/NOPE").status == .notFound)
      #expect(try await b.get("/supervisor/sessions/PARK-sat/people/P99").status == .notFound)
      let form = try await b.get(Self.base)
      let count = try f.entryCount()
      let post = try await b.post("/supervisor/sessions/PARK-sat/people/P99", [("step", "attendance")], csrf: form.csrf)
      #expect(post.status == .notFound)
      #expect(try f.entryCount() == count)
    }
  }

  @Test func notesAreEscapedOnOutput() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let check = try await Self.answer(b, notes: "Late by < 10 min & \"tired\"")
      #expect(check.body.contains("Late by &lt; 10 min &amp; &quot;tired&quot;"))
      _ = try await b.post(
        Self.base, Self.hiddenFields(check) + [("step", "check"), ("confirm", "yes")], csrf: check.csrf)
      let session = try await b.get("/supervisor/sessions/PARK-sat")
      #expect(session.body.contains("Late by &lt; 10 min &amp; &quot;tired&quot;"))
      #expect(!session.body.contains("< 10 min"))
    }
    #expect(
      try f.ledger().session("PARK-sat")?.appointments.first { $0.person == "P01" }?.outcome?.notes
        == "Late by < 10 min & \"tired\"")
  }

  @Test func withoutCSRFTokenNothingIsRecorded() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let check = try await Self.answer(b)
      let count = try f.entryCount()
      let page = try await b.post(
        Self.base, Self.hiddenFields(check) + [("step", "check"), ("confirm", "yes"), ("csrf", "forged")])
      #expect(page.status == .forbidden)
      #expect(try f.entryCount() == count)
    }
  }

  @Test func homeShowsTomorrowAndOlderSessionsStillToRecord() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("anne")
      let home = try await b.get("/supervisor")
      #expect(home.status == .ok)
      #expect(home.body.contains("Tomorrow"))
      // Anne's Wednesday session ended days ago with nothing recorded.
      #expect(home.body.contains("Older sessions still to record"))
      #expect(home.body.contains("href=\"/supervisor/sessions/CHURCH-wed\""))
      let bilal = Browser(client: client)
      try await bilal.signIn("bilal")
      #expect(!(try await bilal.get("/supervisor").body.contains("CHURCH-wed")), "not Bilal's session")
    }
  }
}
