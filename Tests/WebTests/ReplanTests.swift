import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import PaybackCore
import Testing

/// Re-planning a published week: bookings people were told are kept unless moving them gains
/// more than the setting, and the page says what changed and whom to tell (issue 13).
@Suite struct ReplanTests {
  static let week = CoordinatorTests.week

  static func replan(_ b: Browser, _ fields: [(String, String)]) async throws -> Browser.Page {
    let page = try await b.get(week)
    let started = try await b.post(week + "/plan", fields, csrf: page.csrf)
    guard let job = started.location, job.hasPrefix("/coordinator/jobs/") else { return started }
    for _ in 0..<400 {
      let progress = try await b.get(job)
      if progress.status == .seeOther, let to = progress.location { return try await b.get(to) }
      if progress.body.contains("could not be generated") { return progress }
      try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("the re-plan did not finish")
    return page
  }

  @Test func aStandDownMovesOnlyThePeopleOnItAndThePageSaysWhomToTell() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.live) { client in
      let b = Browser(client: client)
      try await b.signIn("cora")
      let page = try await b.get(Self.week)
      #expect(page.body.contains("id=\"keep\""), "a published week offers to keep its bookings")
      _ = try await b.post(
        Self.week + "/stand-down", [("session", "CHURCH-wed"), ("action", "stand-down"), ("confirm", "yes")],
        csrf: page.csrf)
      let bad = try await b.post(
        Self.week + "/plan", [("method", "greedy"), ("keep", "yes"), ("change_cost", "lots")], csrf: page.csrf)
      #expect(bad.status == .badRequest)
      #expect(bad.body.contains("id=\"change-cost-error\""))

      let week = try await Self.replan(b, [("method", "greedy"), ("keep", "yes"), ("change_cost", "1000")])
      #expect(week.body.contains("What changed since publishing"))
      // Clarke and Davies were on the stood-down session; the Saturday park group keeps its day.
      #expect(week.body.contains("bookings kept, 2 changed"))
      #expect(week.body.contains("Clarke (P03)") && week.body.contains("Davies (P04)"))
      #expect(!week.body.contains("Adams (P01)</td><td>Central Park"), "Adams keeps his published booking")
      let session = try await b.get(Self.week + "/sessions/PARK-sat")
      for name in ["Adams", "Baker", "Evans"] { #expect(session.body.contains(name)) }
    }
  }

  @Test func withoutKeepingTheWeekIsPlannedAfreshAndStillComparedWithWhatWasPublished() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.live) { client in
      let b = Browser(client: client)
      try await b.signIn("cora")
      let week = try await Self.replan(b, [("method", "greedy")])
      #expect(week.body.contains("Roster by"))
      #expect(week.body.contains("What changed since publishing"))
    }
  }
}
