import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaybackWeb
import Testing

@Suite struct AuthTests {
  /// An app over a fresh database with one account of each role (password "correct horse").
  static func app(_ dir: TempDir, signInLimit: Int = 5) async throws -> some ApplicationProtocol {
    let store = try WebStore(path: dir.database, bcryptCost: 4)
    try await store.addUser(username: "cora", role: .coordinator, password: "correct horse")
    try await store.addUser(username: "sam", role: .supervisor, supervisorID: "S01", password: "correct horse")
    try await store.addUser(username: "pat", role: .planner, password: "correct horse")
    return try await buildApplication(
      configuration: WebConfiguration(databasePath: dir.database, bcryptCost: 4, signInLimit: signInLimit),
      logger: testLogger)
  }

  @Test func anonymousVisitorsAreSentToSignIn() async throws {
    let dir = TempDir()
    try await Self.app(dir).test(.router) { client in
      let b = Browser(client: client)
      for path in ["/", "/coordinator", "/supervisor", "/planner"] {
        let page = try await b.get(path)
        #expect(page.status == .seeOther, "\(path)")
        #expect(page.location?.hasPrefix("/sign-in") == true, "\(path)")
      }
      let page = try await b.get("/coordinator")
      #expect(page.location == "/sign-in?next=/coordinator")
    }
  }

  @Test func signInPageHasLabelsTokenAndSafeCookie() async throws {
    let dir = TempDir()
    try await Self.app(dir).test(.router) { client in
      let response = try await client.executeRequest(uri: "/sign-in", method: .get, headers: [:], body: nil)
      #expect(response.status == .ok)
      let body = String(buffer: response.body)
      #expect(body.contains("<label class=\"label\" for=\"username\">"))
      #expect(body.contains("<label class=\"label\" for=\"password\">"))
      #expect(body.contains("name=\"csrf\""))
      #expect(body.contains("Skip to main content"))
      #expect(!body.contains("http://") && !body.contains("https://"), "no external resources")
      let cookie = response.headers[.setCookie] ?? ""
      #expect(cookie.contains("HttpOnly"))
      #expect(cookie.contains("SameSite=Lax"))
      #expect(!cookie.contains("Secure"))
      let headers = response.headers
      #expect(headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
    }
  }

  @Test func signInRedirectsByRoleAndSignOutEnds() async throws {
    let dir = TempDir()
    try await Self.app(dir).test(.router) { client in
      for (name, home) in [("cora", "/coordinator"), ("sam", "/supervisor"), ("pat", "/planner")] {
        let b = Browser(client: client)
        let form = try await b.get("/sign-in")
        let before = b.jar.session
        let page = try await b.post("/sign-in", [("username", name), ("password", "correct horse")], csrf: form.csrf)
        #expect(page.status == .seeOther)
        #expect(page.location == home)
        #expect(b.jar.session != before, "a new session id at sign-in")
        let root = try await b.get("/")
        #expect(root.location == home)
        let signedIn = try await b.get(home)
        let out = try await b.post("/sign-out", [], csrf: signedIn.csrf)
        #expect(out.status == .seeOther)
        let after = try await b.get(home)
        #expect(after.location?.hasPrefix("/sign-in") == true)
      }
    }
  }

  @Test func wrongPasswordShowsMessageBesideTheField() async throws {
    let dir = TempDir()
    try await Self.app(dir).test(.router) { client in
      let b = Browser(client: client)
      let form = try await b.get("/sign-in")
      let page = try await b.post("/sign-in", [("username", "cora"), ("password", "wrong")], csrf: form.csrf)
      #expect(page.status == .unauthorized)
      #expect(page.body.contains("id=\"password-error\""))
      #expect(page.body.contains("There is a problem"))
      #expect(page.body.contains("value=\"cora\""))
      let empty = try await b.post("/sign-in", [("username", ""), ("password", "")], csrf: form.csrf)
      #expect(empty.status == .badRequest)
      #expect(empty.body.contains("Enter your username"))
      #expect(empty.body.contains("Enter your password"))
    }
  }

  @Test func formWithoutValidTokenIsRefused() async throws {
    let dir = TempDir()
    try await Self.app(dir).test(.router) { client in
      let b = Browser(client: client)
      _ = try await b.get("/sign-in")
      let none = try await b.post("/sign-in", [("username", "cora"), ("password", "correct horse")])
      #expect(none.status == .forbidden)
      let wrong = try await b.post(
        "/sign-in", [("username", "cora"), ("password", "correct horse")], csrf: String(repeating: "x", count: 43))
      #expect(wrong.status == .forbidden)
      #expect(b.jar.session == nil, "no session row before sign-in: the token is in its own cookie")
      // Another browser's token is no good either.
      let other = Browser(client: client)
      let theirs = try await other.get("/sign-in").csrf
      let stolen = try await b.post("/sign-in", [("username", "cora"), ("password", "correct horse")], csrf: theirs)
      #expect(stolen.status == .forbidden)
      #expect(stolen.body.contains("This form has expired"))
    }
  }

  @Test func signInAttemptsAreRateLimited() async throws {
    let dir = TempDir()
    try await Self.app(dir, signInLimit: 3).test(.router) { client in
      let b = Browser(client: client)
      let form = try await b.get("/sign-in")
      for _ in 0..<3 {
        let page = try await b.post("/sign-in", [("username", "sam"), ("password", "nope nope")], csrf: form.csrf)
        #expect(page.status == .unauthorized)
      }
      // Even the right password is refused now.
      let locked = try await b.post("/sign-in", [("username", "sam"), ("password", "correct horse")], csrf: form.csrf)
      #expect(locked.status == .tooManyRequests)
      // Other accounts are not affected.
      let cora = try await b.post("/sign-in", [("username", "cora"), ("password", "correct horse")], csrf: form.csrf)
      #expect(cora.status == .seeOther)
    }
  }

  @Test func nextOnlyFollowsLocalPaths() async throws {
    let dir = TempDir()
    try await Self.app(dir).test(.router) { client in
      let b = Browser(client: client)
      let form = try await b.get("/sign-in?next=//evil.example/")
      #expect(!form.body.contains("evil"))
      let page = try await b.post(
        "/sign-in", [("username", "pat"), ("password", "correct horse"), ("next", "https://evil.example/")],
        csrf: form.csrf)
      #expect(page.location == "/planner")
    }
  }

  @Test func friendlyErrorPages() async throws {
    let dir = TempDir()
    try await Self.app(dir).test(.router) { client in
      let b = Browser(client: client)
      let missing = try await b.get("/no/such/page")
      #expect(missing.status == .notFound)
      #expect(missing.body.contains("Page not found"))
      #expect(missing.body.contains("<html lang=\"en-GB\">"))
    }
  }

  @Test func secureCookiesBehindTLS() async throws {
    let dir = TempDir()
    try await Self.app(dir).test(.router) { client in
      let response = try await client.executeRequest(
        uri: "/sign-in", method: .get, headers: [.init("X-Forwarded-Proto")!: "https"], body: nil)
      #expect(response.headers[.setCookie]?.contains("Secure") == true)
    }
  }

  @Test func staticStylesheetIsServedLocally() async throws {
    let dir = TempDir()
    try await Self.app(dir).test(.router) { client in
      let response = try await client.executeRequest(uri: "/static/app.css", method: .get, headers: [:], body: nil)
      #expect(response.status == .ok)
      #expect(response.headers[.contentType]?.hasPrefix("text/css") == true)
      #expect(!String(buffer: response.body).contains("url(http"))
    }
  }

  @Test func accountsAreValidated() async throws {
    let dir = TempDir()
    let store = try WebStore(path: dir.database, bcryptCost: 4)
    await #expect(throws: AccountError.self) {
      try await store.addUser(username: "x", role: .supervisor, password: "long enough")
    }
    await #expect(throws: AccountError.self) {
      try await store.addUser(username: "y", role: .planner, password: "short")
    }
    try await store.addUser(username: "z", role: .planner, password: "long enough words")
    await #expect(throws: AccountError.self) {
      try await store.addUser(username: "Z", role: .planner, password: "long enough words")
    }
  }
}
