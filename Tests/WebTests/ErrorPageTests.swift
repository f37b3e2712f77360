import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PaybackWeb

@Suite struct ErrorPageTests {
  struct SecretFailure: Error, CustomStringConvertible {
    var description: String { "stack: secret internal detail at Foo.swift:42" }
  }

  @Test func serverErrorsShowAPlainPageWithoutDetail() async throws {
    let views = try await Views.bundled()
    let router = Router(context: WebContext.self)
    router.add(middleware: ErrorPageMiddleware(views: views))
    router.add(middleware: SecurityHeadersMiddleware())
    router.get("/boom") { _, _ -> String in throw SecretFailure() }
    router.get("/forbidden") { _, _ -> String in throw WebError.forbidden("Not yours.") }
    let app = Application(router: router, logger: testLogger)
    try await app.test(.router) { client in
      let boom = try await client.executeRequest(uri: "/boom", method: .get, headers: [:], body: nil)
      #expect(boom.status == .internalServerError)
      let body = String(buffer: boom.body)
      #expect(body.contains("Sorry, there is a problem with the service"))
      #expect(!body.contains("secret"))
      #expect(!body.contains("Foo.swift"))
      let forbidden = try await client.executeRequest(uri: "/forbidden", method: .get, headers: [:], body: nil)
      #expect(forbidden.status == .forbidden)
      #expect(String(buffer: forbidden.body).contains("Not yours."))
      let missing = try await client.executeRequest(uri: "/nothing", method: .get, headers: [:], body: nil)
      #expect(missing.status == .notFound)
    }
  }

  @Test func oversizedFormsAreRefused() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      let form = try await b.get("/sign-in")
      let page = try await b.post(
        "/sign-in", [("username", String(repeating: "a", count: 70_000)), ("password", "x")], csrf: form.csrf)
      #expect(page.status == .contentTooLarge)
      #expect(page.body.contains("Too much data"))
    }
  }

  @Test func layoutIsAccessible() async throws {
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      let b = Browser(client: client)
      try await b.signIn("bilal")
      for path in ["/supervisor", "/supervisor/sessions/PARK-sat", SupervisorTests.base] {
        let page = try await b.get(path)
        #expect(page.body.contains("<a href=\"#main\" class=\"skip-link\">"), "\(path)")
        #expect(page.body.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(page.body.contains("<main id=\"main\""))
        // Every text input and textarea has a label naming it.
        for id in ids(of: "input", in: page.body) + ids(of: "textarea", in: page.body) {
          #expect(page.body.contains("for=\"\(id)\""), "\(path): #\(id) has no label")
        }
      }
    }
  }

  /// Ids of visible fields of a kind (not hidden inputs).
  func ids(of tag: String, in html: String) -> [String] {
    var out: [String] = []
    var rest = html[...]
    while let r = rest.range(of: "<\(tag) ") {
      let end = rest[r.upperBound...].firstIndex(of: ">") ?? rest.endIndex
      let element = rest[r.upperBound..<end]
      if !element.contains("type=\"hidden\""), let idr = element.range(of: "id=\"") {
        out.append(String(element[idr.upperBound...].prefix { $0 != "\"" }))
      }
      rest = rest[end...]
    }
    return out
  }
}
