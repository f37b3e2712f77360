import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PaybackWeb
import Testing

/// A fresh database in a temporary folder, removed when the value goes.
final class TempDir: @unchecked Sendable {
  let path: String

  init() {
    path = NSTemporaryDirectory() + "payback-web-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  var database: String { path + "/ledger.sqlite" }

  deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A pretend browser over a test client: keeps the session cookie, finds CSRF tokens, follows nothing.
struct Browser: Sendable {
  let client: any TestClientProtocol
  /// The session cookie value, shared between requests.
  let jar = CookieJar()

  /// The cookies the app sets (the session, and the sign-in form's CSRF cookie), by name.
  final class CookieJar: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: String] = [:]
    var session: String? {
      get { lock.withLock { values["payback_session"] } }
      set { lock.withLock { values["payback_session"] = newValue } }
    }
    func set(_ name: String, _ value: String?) { lock.withLock { values[name] = value } }
    var header: String? {
      lock.withLock {
        values.isEmpty ? nil : values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
      }
    }
  }

  struct Page: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String
    var location: String? { headers[.location] }

    /// The CSRF token of the first form on the page.
    var csrf: String? {
      guard let r = body.range(of: "name=\"csrf\" value=\"") else { return nil }
      let rest = body[r.upperBound...]
      return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
  }

  func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Page {
    try await send(uri, method: .get, headers: headers, body: nil)
  }

  /// POSTs a form; `csrf` is added unless the fields already carry one.
  func post(_ uri: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> Page {
    var fields = fields
    if !fields.contains(where: { $0.0 == "csrf" }), let csrf { fields.append(("csrf", csrf)) }
    let body = fields.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
    return try await send(
      uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
      body: ByteBuffer(string: body))
  }

  /// A POST with a token taken from the page at `formPage` (the usual way a browser sends a form).
  func submit(_ uri: String, from formPage: String, _ fields: [(String, String)]) async throws -> Page {
    let page = try await get(formPage)
    return try await post(uri, fields, csrf: page.csrf)
  }

  func send(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> Page {
    var headers = headers
    if headers[.cookie] == nil, let cookies = jar.header { headers[.cookie] = cookies }
    let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
    for cookie in response.headers[values: .setCookie] {
      guard let eq = cookie.firstIndex(of: "=") else { continue }
      let name = String(cookie[..<eq])
      let value = cookie[cookie.index(after: eq)...].prefix { $0 != ";" }
      jar.set(name, value.isEmpty ? nil : String(value))
    }
    return Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
  }

  /// Signs in and checks it worked.
  func signIn(_ username: String, _ password: String = "correct horse") async throws {
    let form = try await get("/sign-in")
    let page = try await post("/sign-in", [("username", username), ("password", password)], csrf: form.csrf)
    #expect(page.status == .seeOther, "sign-in as \(username) failed: \(page.body.prefix(300))")
  }
}

func formEncode(_ s: String) -> String {
  var allowed = CharacterSet.alphanumerics
  allowed.insert(charactersIn: "-._~")
  return (s.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(of: "%20", with: "+")
}

/// A quiet logger for tests.
var testLogger: Logger {
  var logger = Logger(label: "test.web")
  logger.logLevel = .critical
  return logger
}
