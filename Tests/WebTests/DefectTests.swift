import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import PaybackCore
import Testing

@testable import PaybackWeb

/// Issue 13's defects, each reproduced as a user or an attacker found it.
@Suite struct DefectTests {
  // MARK: 1. One GET kills the server

  @Test(arguments: [
    "/coordinator/weeks/0001-01-08", "/coordinator/weeks/9999-12-27", "/coordinator/weeks/1582-10-18",
    "/coordinator/weeks/0001-01-08/print", "/coordinator/weeks/0001-01-08/roster.csv",
    "/coordinator/week?start=0001-01-08", "/coordinator/week?start=08/01/0001",
    "/coordinator/weeks/2026-11-30?day=0001-01-01",
  ])
  func datesFarOutOfRangeAreRefusedAndTheServerLives(path: String) async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("cora")
      let page = try await b.get(path)
      #expect(page.status.code < 500, "\(path): \(page.status)")
      if !path.contains("?day=") {
        #expect(page.status == .notFound || page.status == .badRequest, "\(path): \(page.status)")
        #expect(page.body.contains("between \(WebDates.years.lowerBound) and \(WebDates.years.upperBound)"), "\(path)")
      }
      #expect(try await b.get("/health").body == "ok")
    }
  }

  // MARK: 2. Impossible times are credited

  @Test func timesOutsideTheSessionWindowAreRefusedBesideTheField() async throws {
    let f = Fixture()
    try await f.seed()
    let count = try f.entryCount()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let path = SupervisorTests.base
      let first = try await b.get(path)
      let times = try await b.post(path, [("step", "attendance"), ("attended", "yes")], csrf: first.csrf)
      let bad = try await b.post(
        path, SupervisorTests.hiddenFields(times) + [("step", "times"), ("start", "05:00"), ("finish", "23:00")],
        csrf: times.csrf)
      #expect(bad.status == .badRequest)
      #expect(bad.body.contains("id=\"start-error\""))
      #expect(bad.body.contains("id=\"finish-error\""))
      // The message says why, in the ledger's own words: the session's times and the tolerance.
      #expect(bad.body.contains("09:00-16:30"))
      #expect(bad.body.contains("60 minutes either side"))
      // Straight to the confirmation with the same times: still refused, nothing written.
      let confirm = try await b.post(
        path,
        [
          ("step", "check"), ("confirm", "yes"), ("attended", "yes"), ("start", "05:00"), ("finish", "23:00"),
          ("outcome", "ATTC"), ("quality", "GOOD"), ("behaviour", "GOOD"), ("notes", ""), ("key", "k-window"),
        ], csrf: bad.csrf)
      #expect(confirm.status != .seeOther)
      // A finish later than now (17:00 on the fixture's clock) is refused too.
      let future = try await b.post(
        path, SupervisorTests.hiddenFields(times) + [("step", "times"), ("start", "09:00"), ("finish", "17:20")],
        csrf: times.csrf)
      #expect(future.status == .badRequest)
      #expect(future.body.contains("id=\"finish-error\""))
    }
    #expect(try f.entryCount() == count)
  }

  // MARK: 3. The credit sentence after earned reduction

  /// P01 past the 25% threshold: 40 hours carried over from before the ledger (importing a week
  /// no longer invents that history, issue #12).
  static func carryOver(_ f: Fixture) async throws {
    var batch = ImportBatch()
    let week = try Fixture.tiny.weekStart
    batch.openings = [OpeningBalance(person: "P01", creditedMinutes: 2400, eteMinutes: 0, date: week)]
    try await f.ledger().importBatch(batch, by: "test")
  }

  @Test func checkPageSaysWhatEarnedReductionTakesOff() async throws {
    let f = Fixture()
    try await f.seed()
    try await Self.carryOver(f)
    let before = try await f.ledger().balance(person: "P01").balance
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let check = try await SupervisorTests.answer(b)
      #expect(check.body.contains("Check your answers"))
      #expect(check.body.contains("This will credit <strong>7 hours 30 minutes</strong>"))
      let fields = SupervisorTests.hiddenFields(check) + [("step", "check"), ("confirm", "yes")]
      let done = try await b.post(SupervisorTests.base, fields, csrf: check.csrf)
      #expect(done.status == .seeOther)
    }
    let after = try await f.ledger().balance(person: "P01").balance
    let off = after.earnedReduction.minutes - before.earnedReduction.minutes
    #expect(off > 0, "P01 is past the earned-reduction threshold in the fixture")
    #expect(before.remainingMinutes - after.remainingMinutes == 450 + off)
    // Run again on a fresh fixture to read the check page against the figures now known.
    let g = Fixture()
    try await g.seed()
    try await Self.carryOver(g)
    try await g.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let check = try await SupervisorTests.answer(b)
      #expect(check.body.contains("Earned reduction takes <strong>\(Format.duration(minutes: off))</strong> off"))
      #expect(
        check.body.contains(
          "That leaves <strong>\(Format.duration(minutes: after.remainingMinutes))</strong> still to do"))
      #expect(!check.body.contains("against the"))
    }
  }

  // MARK: 4. The sign-in rate limit

  @Test func aNewForwardedForOnEachTryDoesNotBypassTheLimit() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      var last: Browser.Page?
      for i in 0..<7 {
        let form = try await b.get("/sign-in")
        let body = "username=cora&password=wrong+password&csrf=\(form.csrf ?? "")"
        last = try await b.send(
          "/sign-in", method: .post,
          headers: [.contentType: "application/x-www-form-urlencoded", .init("X-Forwarded-For")!: "10.0.0.\(i)"],
          body: ByteBuffer(string: body))
      }
      #expect(last?.status == .tooManyRequests)
    }
  }

  @Test func forwardedAddressesAreTrustedOnlyFromNamedProxies() {
    #expect(SignInController.clientAddress(peer: "127.0.0.1", forwarded: "10.0.0.9", trusted: []) == "127.0.0.1")
    #expect(SignInController.clientAddress(peer: "", forwarded: "10.0.0.9", trusted: []) == "")
    #expect(
      SignInController.clientAddress(peer: "127.0.0.1", forwarded: "6.6.6.6, 10.0.0.9", trusted: ["127.0.0.1"])
        == "10.0.0.9")
    #expect(SignInController.clientAddress(peer: "8.8.8.8", forwarded: "10.0.0.9", trusted: ["127.0.0.1"]) == "8.8.8.8")
  }

  @Test func oneAccountIsLimitedAcrossAllAddresses() async throws {
    let f = Fixture()
    try await f.seed()
    var config = f.configuration
    config.signInLimit = 100
    config.accountSignInLimit = 3
    try await buildApplication(configuration: config, logger: testLogger).test(.router) { client in
      let b = Browser(client: client)
      var statuses: [HTTPResponse.Status] = []
      for _ in 0..<4 {
        let form = try await b.get("/sign-in")
        statuses.append(
          try await b.post("/sign-in", [("username", "cora"), ("password", "wrong password")], csrf: form.csrf).status)
      }
      #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
    }
  }

  // MARK: 5. Usernames told apart by timing

  @Test func anUnknownNameCostsAsMuchAsAKnownOne() async throws {
    let f = Fixture()
    try await f.seed()
    let store = try WebStore(path: f.database, bcryptCost: 4)
    func median(_ name: String) async throws -> Double {
      var times: [Double] = []
      for _ in 0..<5 {
        let start = Date()
        _ = try await store.verify(username: name, password: "wrong password")
        times.append(Date().timeIntervalSince(start))
      }
      return times.sorted()[2]
    }
    _ = try await median("nobody")  // warm up the dummy hash
    let known = try await median("cora")
    let unknown = try await median("nobody-at-all")
    // Accounts in the fixture use bcrypt cost 4 (about a millisecond); cost 12 would take ~250 ms.
    #expect(unknown < known * 4 + 0.02, "known \(known) s, unknown \(unknown) s")
    #expect(WebStore.cost(ofHash: WebStore.dummyHash(cost: 4)) == 4)
  }

  // MARK: 6. Open redirect after sign-in

  @Test(arguments: [
    "/\t/127.0.0.1:18099/x", "//evil.example/x", "/\\evil.example", "https://evil.example/", "/\n/evil.example",
    " /x", "/%09/evil.example", "/\u{0000}/x", "javascript:alert(1)",
  ])
  func onlySameSitePathsFollowSignIn(next: String) async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      let form = try await b.get("/sign-in?next=" + formEncode(next))
      #expect(!form.body.contains("evil.example"))
      let page = try await b.post(
        "/sign-in", [("username", "cora"), ("password", Fixture.password), ("next", next)], csrf: form.csrf)
      #expect(page.status == .seeOther)
      #expect(page.location == "/coordinator", "next=\(next.debugDescription) gave \(page.location ?? "nil")")
    }
  }

  @Test func aSameSitePathIsFollowed() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      let form = try await b.get("/sign-in")
      let page = try await b.post(
        "/sign-in", [("username", "cora"), ("password", Fixture.password), ("next", "/coordinator/risk?x=1")],
        csrf: form.csrf)
      #expect(page.location == "/coordinator/risk?x=1")
    }
  }

  // MARK: 7. Error pages keep the security headers and the menu

  static func expectSecurityHeaders(_ page: Browser.Page, _ what: String) {
    #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true, "\(what)")
    #expect(page.headers[.xContentTypeOptions] == "nosniff", "\(what)")
    #expect(page.headers[.init("Referrer-Policy")!] == "same-origin", "\(what)")
    #expect(page.headers[.cacheControl] == "no-store", "\(what)")
  }

  @Test func errorPagesKeepTheSecurityHeadersAndTheMenu() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      let missing = try await b.get("/no-such-page")
      #expect(missing.status == .notFound)
      Self.expectSecurityHeaders(missing, "404")
      #expect(missing.body.contains("Sign out"), "404 keeps the signed-in menu")
      let forbidden = try await b.get("/coordinator")
      #expect(forbidden.status == .forbidden)
      Self.expectSecurityHeaders(forbidden, "403")
      #expect(forbidden.body.contains("Sign out"), "403 keeps the signed-in menu")
      let form = try await b.get("/supervisor")
      let big = try await b.post(
        "/supervisor/sessions/PARK-sat/people/P01", [("notes", String(repeating: "a", count: 70_000))],
        csrf: form.csrf)
      #expect(big.status == .contentTooLarge)
      Self.expectSecurityHeaders(big, "413")
    }
    var config = f.configuration
    config.signInLimit = 1
    try await buildApplication(configuration: config, logger: testLogger).test(.router) { client in
      let b = Browser(client: client)
      for _ in 0..<2 {
        let form = try await b.get("/sign-in")
        let page = try await b.post(
          "/sign-in", [("username", "cora"), ("password", "wrong password")], csrf: form.csrf)
        if page.status == .tooManyRequests { Self.expectSecurityHeaders(page, "429") }
      }
    }
  }

  @Test func serverErrorsKeepTheSecurityHeaders() async throws {
    let views = try await Views.bundled()
    let router = Router(context: WebContext.self)
    addPageMiddleware(to: router, views: views, store: nil, tls: true)
    router.get("/boom") { _, _ -> String in throw CancellationError() }
    try await Application(router: router, logger: testLogger).test(.router) { client in
      let b = Browser(client: client)
      let boom = try await b.get("/boom")
      #expect(boom.status == .internalServerError)
      Self.expectSecurityHeaders(boom, "500")
      #expect(boom.headers[.init("Strict-Transport-Security")!]?.contains("max-age=") == true)
    }
  }

  @Test func hstsOnlyWithTLS() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let page = try await Browser(client: client).get("/sign-in")
      #expect(page.headers[.init("Strict-Transport-Security")!] == nil)
    }
    var config = f.configuration
    config.tls = true
    try await buildApplication(configuration: config, logger: testLogger).test(.router) { client in
      let page = try await Browser(client: client).get("/sign-in")
      #expect(page.headers[.init("Strict-Transport-Security")!]?.hasPrefix("max-age=") == true)
    }
  }

  // MARK: 8. Notes limited in bytes as well as characters

  @Test func oneHugeCharacterIsNotAShortNote() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      // One grapheme cluster of about 16 KB: a letter with 8,000 combining accents.
      let huge = "e" + String(repeating: "\u{0301}", count: 8000)
      #expect(huge.count == 1)
      let form = try await b.get(SupervisorTests.base)
      let page = try await b.post(
        SupervisorTests.base,
        [
          ("step", "notes"), ("attended", "no"), ("outcome", "UAA"), ("notes", huge), ("key", "k-huge"),
        ], csrf: form.csrf)
      #expect(page.status == .badRequest)
      #expect(page.body.contains("id=\"notes-error\""))
    }
  }

  // MARK: 9. Accounts

  @Test(arguments: ["password", "12345678", "short pass", "passwordpassword", "123456789012", "aaaaaaaaaaaaaaa"])
  func weakPasswordsAreRefused(password: String) {
    #expect(throws: AccountError.self) { try WebStore.checkPassword(password) }
  }

  @Test(arguments: ["otter basin lantern", "correct horse", "a long password"])
  func passphrasesPass(password: String) throws {
    try WebStore.checkPassword(password)
  }

  @Test func anonymousVisitsCreateNoSessionRows() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      for path in ["/sign-in", "/supervisor", "/", "/sign-in?next=/coordinator", "/no-such-page"] {
        _ = try await Browser(client: client).get(path)
      }
      // Signing in still works (the form's token travels in its own cookie).
      try await Browser(client: client).signIn("cora")
    }
    let rows = try await DatabaseQueue(path: f.database).read { db in
      try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM web_session WHERE user_id IS NULL") ?? -1
    }
    #expect(rows == 0)
  }

  @Test func aSignInFormWithoutItsCookieIsRefused() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let form = try await Browser(client: client).get("/sign-in")
      // Another browser (no cookie) replays the token.
      let page = try await Browser(client: client).post(
        "/sign-in", [("username", "cora"), ("password", Fixture.password)], csrf: form.csrf)
      #expect(page.status == .forbidden)
    }
  }

  @Test func passwordsCanBeChangedAndAccountsDisabled() async throws {
    let f = Fixture()
    try await f.seed()
    let store = try WebStore(path: f.database, bcryptCost: 4)
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("pat")
      let form = try await b.get("/account/password")
      #expect(form.status == .ok)
      let wrong = try await b.post(
        "/account/password",
        [("current", "not it at all"), ("new", "otter basin lantern"), ("confirm", "otter basin lantern")],
        csrf: form.csrf)
      #expect(wrong.status == .badRequest)
      #expect(wrong.body.contains("id=\"current-error\""))
      let weak = try await b.post(
        "/account/password", [("current", Fixture.password), ("new", "password"), ("confirm", "password")],
        csrf: form.csrf)
      #expect(weak.status == .badRequest)
      #expect(weak.body.contains("id=\"new-error\""))
      let ok = try await b.post(
        "/account/password",
        [("current", Fixture.password), ("new", "otter basin lantern"), ("confirm", "otter basin lantern")],
        csrf: form.csrf)
      #expect(ok.status == .seeOther)
    }
    #expect(try await store.verify(username: "pat", password: "otter basin lantern") != nil)
    #expect(try await store.verify(username: "pat", password: Fixture.password) == nil)
    try await store.setDisabled(username: "pat", true, by: "admin")
    #expect(try await store.verify(username: "pat", password: "otter basin lantern") == nil)
    let audit = try await store.auditEntries()
    #expect(audit.contains { $0.action == "password changed" && $0.username == "pat" })
    #expect(audit.contains { $0.action == "account disabled" })
  }

  // MARK: 10. The coordinator's week

  @Test func progressSentenceHasNoEmptyBoundAndSingularSeconds() {
    let values = CoordinatorController.progressValues(
      elapsed: 1.2, limit: 60, phase: "solving", objective: 12.5, bound: .infinity)
    #expect(values.elapsedText == "1 second")
    #expect(values.bound == nil)
    #expect(values.objective == "12.5")
    let later = CoordinatorController.progressValues(
      elapsed: 30, limit: 60, phase: "solving", objective: 12.5, bound: 14)
    #expect(later.elapsedText == "30 seconds")
    #expect(later.bound == "14")
  }

  @Test func aWeekPublishedOutsideTheWebAppIsListedAsPublished() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("cora")
      let home = try await b.get("/coordinator")
      let row = try #require(home.body.range(of: "Monday 30 November 2026"))
      let rest = home.body[row.upperBound...].prefix(400)
      #expect(rest.contains("Published"), "\(rest)")
    }
  }

  @Test(arguments: ["30/11/2026", "30/11/26", " 2026-11-30 ", "2026-12-02", "2/12/2026"])
  func theWeekChooserTakesDatesAsPeopleWriteThem(typed: String) async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("cora")
      let go = try await b.get("/coordinator/week?start=" + formEncode(typed))
      #expect(go.status == .seeOther, "\(typed): \(go.body.prefix(200))")
      #expect(go.location == "/coordinator/weeks/2026-11-30")
    }
  }

  @Test func publishingAndStandingDownAskFirstAndSayWhatHappened() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("cora")
      _ = try await CoordinatorTests.generate(b)
      let week = try await b.get(CoordinatorTests.week)
      let ask = try await b.post(CoordinatorTests.week + "/stand-down", [("session", "PARK-sat")], csrf: week.csrf)
      #expect(ask.status == .ok)
      #expect(ask.body.contains("Are you sure"))
      let store = try WebStore(path: f.database, bcryptCost: 4)
      #expect(try await store.draft(week: CalendarDate("2026-11-30")!).stoodDown.isEmpty, "nothing changed yet")
      let done = try await b.post(
        CoordinatorTests.week + "/stand-down", [("session", "PARK-sat"), ("confirm", "yes")], csrf: week.csrf)
      #expect(done.status == .seeOther)
      let banner = try await b.get(try #require(done.location))
      #expect(banner.body.contains("class=\"notice\""))
      #expect(banner.body.contains("stood down"))
      let askPublish = try await b.post(CoordinatorTests.week + "/publish", [], csrf: week.csrf)
      #expect(askPublish.status == .ok)
      #expect(askPublish.body.contains("Are you sure"))
      let published = try await b.post(CoordinatorTests.week + "/publish", [("confirm", "yes")], csrf: week.csrf)
      #expect(published.status == .seeOther)
      let after = try await b.get(try #require(published.location))
      #expect(after.body.contains("class=\"notice\""))
      #expect(after.body.contains("published"))
    }
  }

  @Test func overdueOutcomesShowNamesAndProjects() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("cora")
      let page = try await b.get("/coordinator/risk")
      #expect(page.body.contains("Adams"), "a person's name, not only P01")
      #expect(page.body.contains("Central Park litter"))
    }
  }

  @Test func theWeekPageIsASummaryWithFiltersAndTheDetailIsOnItsOwnPages() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("cora")
      _ = try await CoordinatorTests.generate(b)
      let week = try await b.get(CoordinatorTests.week)
      #expect(week.status == .ok)
      // No form per person: pinning happens on a session's own page.
      #expect(!week.body.contains("/pin\""))
      #expect(week.body.contains("By day"))
      #expect(week.body.contains("By town"))
      #expect(week.body.contains("href=\"/coordinator/weeks/2026-11-30/sessions/PARK-sat\""))
      #expect(week.body.contains("href=\"/coordinator/weeks/2026-11-30/unbooked\""))
      let town = try await b.get(CoordinatorTests.week + "?area=" + formEncode("Basildon"))
      #expect(town.status == .ok)
      let session = try await b.get(CoordinatorTests.week + "/sessions/PARK-sat")
      #expect(session.status == .ok)
      #expect(session.body.contains("/pin\""))
      let unbooked = try await b.get(CoordinatorTests.week + "/unbooked")
      #expect(unbooked.status == .ok)
      #expect(unbooked.body.contains("People not booked"))
      #expect(try await b.get(CoordinatorTests.week + "/sessions/NOPE").status == .notFound)
    }
  }
}
