import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import PaybackWeb
import Testing

/// The supervisor's page for no signal, the endpoint its queue sends to, and live roster progress.
@Suite struct OfflineTests {
  static let fields: [(String, String)] = [
    ("session", "PARK-sat"), ("person", "P01"), ("attended", "yes"), ("start", "0915"), ("finish", "16.00"),
    ("outcome", "ATTC"), ("quality", "GOOD"), ("behaviour", "GOOD"), ("notes", "no signal"),
    ("key", "0123456789abcdef0123"),
  ]

  @Test func todaysPageCarriesEverythingTheQueueNeeds() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let page = try await b.get("/supervisor/today")
      #expect(page.status == .ok)
      #expect(page.body.contains("id=\"o-PARK-sat-P01-save\""))
      #expect(page.body.contains("data-csrf=\""))
      #expect(page.body.contains("id=\"queue-status\" role=\"status\" aria-live=\"polite\""))
      #expect(page.body.contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\">"))
      #expect(page.body.contains("data-offline-capable"))
      #expect(!page.body.contains("churchyard"), "only Bilal's sessions")
      let worker = try await b.get("/service-worker.js")
      #expect(worker.status == .ok)
      #expect(worker.headers[.contentType]?.hasPrefix("text/javascript") == true)
      #expect(worker.body.contains("/supervisor/today"))
      let manifest = try await b.get("/manifest.webmanifest")
      #expect(manifest.headers[.contentType] == "application/manifest+json")
      #expect(manifest.body.contains("\"start_url\": \"/supervisor/today\""))
    }
  }

  @Test func aQueuedOutcomeSentTwiceIsRecordedOnce() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let page = try await b.get("/supervisor/today")
      let first = try await b.post("/supervisor/outcomes", Self.fields, csrf: page.csrf)
      #expect(first.status == .ok, "\(first.body)")
      #expect(first.body.contains("\"status\":\"recorded\""))
      let again = try await b.post("/supervisor/outcomes", Self.fields, csrf: page.csrf)
      #expect(again.status == .ok)
      #expect(again.body.contains("already recorded"))
    }
    let outcomes = try f.ledger().history(person: "P01").filter { $0.entry.kind == .outcome }
    #expect(outcomes.count == 1)
    #expect(outcomes.first?.entry.startMinute == 9 * 60 + 15)
  }

  @Test func aQueuedOutcomeWithBadAnswersIsRefusedWithTheReason() async throws {
    let f = Fixture()
    try await f.seed()
    let count = try f.entryCount()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let page = try await b.get("/supervisor/today")
      var bad = Self.fields.filter { $0.0 != "start" && $0.0 != "key" }
      bad += [("start", "05:00"), ("key", "fedcba9876543210fedc")]
      let refused = try await b.post("/supervisor/outcomes", bad, csrf: page.csrf)
      #expect(refused.status == .unprocessableContent)
      #expect(refused.body.contains("\"field\":\"start\""))
      let noKey = try await b.post("/supervisor/outcomes", Self.fields.filter { $0.0 != "key" }, csrf: page.csrf)
      #expect(noKey.status == .unprocessableContent)
      let other = Browser(client: client)
      try await other.signIn("anne")
      let anne = try await other.get("/supervisor/today")
      let notHers = try await other.post("/supervisor/outcomes", Self.fields, csrf: anne.csrf)
      #expect(notHers.status == .unprocessableContent)
    }
    #expect(try f.entryCount() == count)
  }

  @Test func progressIsServedAsJSONForThePageToUpdateInPlace() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("cora")
      let week = try await b.get(CoordinatorTests.week)
      let started = try await b.post(CoordinatorTests.week + "/plan", [("method", "greedy")], csrf: week.csrf)
      let job = try #require(started.location)
      let page = try await b.get(job)
      if page.status == .ok {
        #expect(page.body.contains("data-progress-url=\"\(job)/progress\""))
        #expect(page.body.contains("aria-live=\"polite\""))
        #expect(!page.body.contains("<meta http-equiv=\"refresh\" content=\"1\">"), "no full-page refresh")
      }
      var last = ""
      for _ in 0..<100 {
        let json = try await b.get(job + "/progress")
        #expect(json.status == .ok)
        #expect(json.headers[.contentType] == "application/json")
        last = json.body
        if last.contains("\"redirect\"") { break }
        try await Task.sleep(for: .milliseconds(50))
      }
      #expect(last.contains("\"redirect\":\"/coordinator/weeks/2026-11-30?done=generated\""), "\(last)")
    }
  }
}
