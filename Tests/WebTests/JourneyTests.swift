import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import PaybackCore
import Testing

@testable import PaybackWeb

/// The rest of the supervisor's journey (issue 13): Back keeps answers, minutes taken off,
/// "everyone arrived", correcting and withdrawing with a reason, and what to know about each person.
@Suite struct JourneyTests {
  static let base = SupervisorTests.base

  /// Posts one step with the page's hidden answers plus `fields`.
  static func next(_ b: Browser, _ page: Browser.Page, _ fields: [(String, String)], path: String = base)
    async throws -> Browser.Page
  {
    try await b.post(path, SupervisorTests.hiddenFields(page) + fields, csrf: page.csrf)
  }

  @Test func backReturnsToThePreviousQuestionWithTheAnswersKept() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.live) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let first = try await b.get(Self.base)
      #expect(!first.body.contains("id=\"previous\""), "the first question has no Back button")
      var page = try await b.post(Self.base, [("step", "attendance"), ("attended", "yes")], csrf: first.csrf)
      page = try await Self.next(
        b, page, [("step", "times"), ("start", "0915"), ("finish", "16.00"), ("penalty", "30")])
      #expect(page.body.contains("What was the outcome"))
      // Back from the outcome (with one chosen): the times as typed, then whether they arrived.
      let outcome = try await Self.next(b, page, [("step", "outcome"), ("outcome", "ATTC"), ("back", "1")])
      #expect(outcome.body.contains("start and finish"))
      #expect(outcome.body.contains("value=\"09:15\""))
      #expect(outcome.body.contains("value=\"16:00\""))
      #expect(
        outcome.body.contains(
          "id=\"penalty\" name=\"penalty\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" value=\"30\""))
      // A browser sends the fields on the page too: the times as shown.
      let attendance = try await Self.next(
        b, outcome, [("step", "times"), ("start", "09:15"), ("finish", "16:00"), ("penalty", "30"), ("back", "1")])
      #expect(attendance.body.contains("arrive?"))
      #expect(attendance.body.contains("value=\"yes\" checked"))
      // Forward again: every answer is still there, the outcome too.
      page = try await Self.next(b, attendance, [("step", "attendance"), ("attended", "yes")])
      #expect(page.body.contains("value=\"09:15\""))
      page = try await Self.next(
        b, page, [("step", "times"), ("start", "09:15"), ("finish", "16:00"), ("penalty", "30")])
      #expect(page.body.contains("value=\"ATTC\" checked"))
    }
  }

  @Test func minutesTakenOffAreCheckedShownAndNotCredited() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.live) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let first = try await b.get(Self.base)
      var page = try await b.post(Self.base, [("step", "attendance"), ("attended", "yes")], csrf: first.csrf)
      for (typed, message) in [
        ("half an hour", "whole number"), ("-5", "whole number"), ("450", "fewer than the time between"),
      ] {
        let bad = try await Self.next(
          b, page, [("step", "times"), ("start", "09:00"), ("finish", "16:30"), ("penalty", typed)])
        #expect(bad.status == .badRequest, "\(typed)")
        #expect(bad.body.contains("id=\"penalty-error\""), "\(typed)")
        #expect(bad.body.contains(message), "\(typed)")
      }
      page = try await Self.next(
        b, page, [("step", "times"), ("start", "09:00"), ("finish", "16:30"), ("penalty", "30")])
      page = try await Self.next(b, page, [("step", "outcome"), ("outcome", "ATTC")])
      page = try await Self.next(b, page, [("step", "conduct"), ("quality", "GOOD"), ("behaviour", "GOOD")])
      page = try await Self.next(b, page, [("step", "notes"), ("notes", "")])
      #expect(page.body.contains("Taken off"))
      #expect(page.body.contains("30 minutes"))
      #expect(page.body.contains("This will credit <strong>7 hours</strong>"))
      let done = try await Self.next(b, page, [("step", "check"), ("confirm", "yes")])
      #expect(done.status == .seeOther)
    }
    let outcome = try #require(try f.ledger().session("PARK-sat")?.appointments.first { $0.person == "P01" }?.outcome)
    #expect(outcome.penaltyMinutes == 30)
    #expect(outcome.creditedMinutes == 420)
  }

  @Test func everyoneArrivedRecordsTheTickedPeopleOnceEach() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.live) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let session = try await b.get("/supervisor/sessions/PARK-sat")
      #expect(session.body.contains("id=\"everyone\""))
      let path = "/supervisor/sessions/PARK-sat/everyone"
      let form = try await b.get(path)
      #expect(form.status == .ok)
      for name in ["Adams", "Baker", "Evans"] { #expect(form.body.contains(name)) }
      #expect(form.body.contains("value=\"09:00\""))
      let key = try #require(SupervisorTests.hiddenFields(form).first { $0.0 == "key" }?.1)
      // Nobody ticked, and no grades: both said beside their fields, nothing written.
      let count = try f.entryCount()
      let bad = try await b.post(path, [("key", key), ("start", "09:00"), ("finish", "16:30")], csrf: form.csrf)
      #expect(bad.status == .badRequest)
      #expect(bad.body.contains("id=\"people-error\""))
      #expect(bad.body.contains("id=\"quality-error\""))
      let answers: [(String, String)] = [
        ("key", key), ("person", "P01"), ("person", "P05"), ("start", "0900"), ("finish", "16:30"), ("penalty", "0"),
        ("quality", "GOOD"), ("behaviour", "GOOD"),
      ]
      let check = try await b.post(path, answers, csrf: form.csrf)
      #expect(check.body.contains("Check before recording everyone"))
      #expect(check.body.contains("<li>Adams</li>") && check.body.contains("<li>Evans</li>"))
      #expect(!check.body.contains("<li>Baker</li>"))
      #expect(check.body.contains("Record 2 outcomes"))
      let fields = SupervisorTests.hiddenFields(check) + [("step", "check"), ("confirm", "yes")]
      let done = try await b.post(path, fields, csrf: check.csrf)
      #expect(done.status == .seeOther, "\(done.body.components(separatedBy: "confirm-error").last?.prefix(300) ?? "")")
      #expect(done.location == "/supervisor/sessions/PARK-sat?recorded=everyone")
      #expect(try f.entryCount() == count + 2)
      // Sent twice (a double tap, a retry): nothing more.
      _ = try await b.post(path, fields, csrf: check.csrf)
      #expect(try f.entryCount() == count + 2)
      let after = try await b.get(try #require(done.location))
      #expect(after.body.contains("Recorded ATTC for everyone who arrived"))
      #expect(!after.body.contains("id=\"everyone\""), "one person left is recorded on their own")
    }
    let people = try #require(try f.ledger().session("PARK-sat")).appointments
    #expect(people.first { $0.person == "P01" }?.outcome?.code == .ATTC)
    #expect(people.first { $0.person == "P05" }?.outcome?.code == .ATTC)
    #expect(people.first { $0.person == "P02" }?.outcome == nil)
  }

  @Test func anOutcomeIsCorrectedThenWithdrawnEachWithAReasonAndAudited() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.live) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let check = try await SupervisorTests.answer(b)
      _ = try await Self.next(b, check, [("step", "check"), ("confirm", "yes")])
      let session = try await b.get("/supervisor/sessions/PARK-sat")
      #expect(session.body.contains("id=\"change-P01\""))
      let changePath = Self.base + "/change"
      let change = try await b.get(changePath)
      #expect(change.status == .ok)
      #expect(change.body.contains("ATTC"))
      let key = try #require(SupervisorTests.hiddenFields(change).first { $0.0 == "key" }?.1)
      let count = try f.entryCount()
      let noReason = try await b.post(changePath, [("key", key), ("choice", "correct")], csrf: change.csrf)
      #expect(noReason.status == .badRequest)
      #expect(noReason.body.contains("id=\"reason-error\""))
      #expect(try f.entryCount() == count)

      // Correct: the recorded answers on the check page; change the times; record the correction.
      let review = try await b.post(
        changePath, [("key", key), ("choice", "correct"), ("reason", "He arrived an hour late")], csrf: change.csrf)
      #expect(review.body.contains("id=\"correcting\""))
      #expect(review.body.contains("09:00 to 16:30"))
      var page = try await Self.next(b, review, [("step", "check"), ("change", "times")])
      page = try await Self.next(
        b, page, [("step", "times"), ("start", "10:00"), ("finish", "16:30"), ("penalty", "0")])
      #expect(page.body.contains("10:00 to 16:30"))
      let corrected = try await Self.next(b, page, [("step", "check"), ("confirm", "yes")])
      #expect(corrected.status == .seeOther)
      #expect(corrected.location?.contains("corrected=1") == true)
      #expect(try await b.get(try #require(corrected.location)).body.contains("Corrected the outcome for Adams"))
      #expect(try f.entryCount() == count + 1)
      let outcome = try #require(try f.ledger().session("PARK-sat")?.appointments.first { $0.person == "P01" }?.outcome)
      #expect(outcome.start == 600)
      #expect(outcome.creditedMinutes == 390)

      // Withdraw: the appointment is open again, to be recorded anew.
      let again = try await b.get(changePath)
      let key2 = try #require(SupervisorTests.hiddenFields(again).first { $0.0 == "key" }?.1)
      let withdrawn = try await b.post(
        changePath, [("key", key2), ("choice", "withdraw"), ("reason", "Recorded for the wrong person")],
        csrf: again.csrf)
      #expect(withdrawn.status == .seeOther)
      let open = try await b.get(try #require(withdrawn.location))
      #expect(open.body.contains("Withdrew the outcome for Adams"))
      #expect(open.body.contains("Record attendance<span class=\"visually-hidden\"> for Adams"))
      #expect(try f.ledger().session("PARK-sat")?.appointments.first { $0.person == "P01" }?.outcome == nil)
      // Another supervisor may do neither.
      let anne = Browser(client: client)
      try await anne.signIn("anne")
      #expect(try await anne.get(changePath).status == .forbidden)
    }
    let history = try f.ledger().history(person: "P01")
    #expect(history.contains { $0.entry.kind == .outcome && $0.supersededBy != nil && $0.entry.startMinute == 540 })
    #expect(history.contains { $0.entry.kind == .retraction && $0.entry.reason == "Recorded for the wrong person" })
    let audit = try await WebStore(writer: (f.ledger().store as! SQLiteLedgerStore).dbWriter, bcryptCost: 4)
      .auditEntries(limit: 20)
    #expect(audit.contains { $0.action == "outcome corrected" && $0.detail.contains("He arrived an hour late") })
    #expect(audit.contains { $0.action == "outcome withdrawn" && $0.detail.contains("wrong person") })
  }

  @Test func aCorrectionMadeByHandWithoutAReasonIsRefused() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.live) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let check = try await SupervisorTests.answer(b)
      _ = try await Self.next(b, check, [("step", "check"), ("confirm", "yes")])
      let seq = try #require(
        try f.ledger().session("PARK-sat")?.appointments.first { $0.person == "P01" }?.outcome?.seq)
      let count = try f.entryCount()
      for reason in ["", "<script>x</script>"] {
        let forged = try await b.post(
          Self.base,
          [
            ("step", "check"), ("confirm", "yes"), ("attended", "no"), ("outcome", "UACP"), ("key", "k\(reason.count)"),
            ("corrects", "\(seq)"), ("reason", reason),
          ], csrf: check.csrf)
        #expect(forged.status == .badRequest, "reason \(reason)")
        #expect(forged.body.contains("id=\"confirm-error\""))
      }
      #expect(try f.entryCount() == count)
    }
  }

  @Test func theSessionSaysEachPersonsRiskAndAlerts() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.live) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let page = try await b.get("/supervisor/sessions/PARK-sat")
      #expect(page.body.components(separatedBy: "Risk of serious harm:").count == 4)
      #expect(page.body.contains("tag--red\">High"))
      #expect(page.body.contains("tag--yellow\">Medium"))
      #expect(page.body.contains("<li>High risk of serious harm</li>"))
    }
  }

  @Test func alertsNameWhatTheSiteInvolvesAndWhoToKeepApart() {
    let evans = PersonRecord(
      id: "P05", name: "Evans", risk: .low, available: [.sat], areas: ["A"], unsuitableFor: ["children"])
    let foster = PersonRecord(
      id: "P06", name: "Foster", risk: .medium, available: [.sat], areas: ["A"], keepApart: ["P07"])
    let green = PersonRecord(id: "P07", name: "Green", risk: .high, available: [.sat], areas: ["A"])
    let school = ProjectRecord(id: "SCHOOL", kind: .group, area: "A", involves: ["children"])
    let park = ProjectRecord(id: "PARK", kind: .group, area: "A", involves: ["public"])
    let on = ["P05": evans, "P06": foster, "P07": green]
    #expect(
      SupervisorController.alerts(for: evans, project: school, onSession: on) == [
        "Unsuitable for work involving children, which this site involves"
      ])
    #expect(SupervisorController.alerts(for: evans, project: park, onSession: on).isEmpty)
    #expect(
      SupervisorController.alerts(for: foster, project: park, onSession: on) == [
        "Must be kept apart from Green, who is also on this session"
      ])
    // Read both ways: Green's record does not name Foster, Foster's names Green.
    #expect(
      SupervisorController.alerts(for: green, project: park, onSession: on) == [
        "High risk of serious harm", "Must be kept apart from Foster, who is also on this session",
      ])
    #expect(SupervisorController.alerts(for: foster, project: park, onSession: ["P06": foster]).isEmpty)
  }

  @Test func theOfflinePageWarnsOfEnforceableOutcomes() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.live) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let page = try await b.get("/supervisor/today")
      #expect(page.body.contains("<option value=\"UACP\" data-enforceable>"))
      #expect(page.body.contains("<option value=\"ATTC\">"))
      #expect(page.body.contains("data-enforceable-warning hidden"))
      #expect(page.body.contains("name=\"penalty\""))
      // What to know about each person is kept on the phone too.
      #expect(page.body.components(separatedBy: "Risk of serious harm:").count == 4)
      #expect(page.body.contains("<li>High risk of serious harm</li>"))
    }
  }
}
