import Foundation
import Hummingbird
import Logging

/// Sign in and sign out.
struct SignInController: Sendable {
  let services: WebServices

  func add(to router: Router<WebContext>) {
    router.get("/sign-in", use: show)
    router.post("/sign-in", use: signIn)
    router.post("/sign-out", use: signOut)
  }

  /// The sign-in form; a visitor without a session gets an anonymous one so the form has a CSRF token.
  @Sendable func show(_ request: Request, context: WebContext) async throws -> Response {
    if let user = context.user { return .redirect(to: user.role.homePath) }
    let next = safeNext(request.uri.queryParameters["next"].map(String.init))
    return try await page(context: context, values: ["next": next ?? ""])
  }

  func page(context: WebContext, values: [String: Any], status: HTTPResponse.Status = .ok) async throws -> Response {
    var context = context
    var fresh: WebSession?
    if context.session == nil {
      fresh = try await services.store.createSession(user: nil)
      context.session = fresh
    }
    var response = services.views.render("sign-in", values, title: "Sign in", context: context)
    response.status = status
    if let fresh { response.setCookie(sessionCookie(fresh, secure: context.isSecure)) }
    return response
  }

  @Sendable func signIn(_ request: Request, context: WebContext) async throws -> Response {
    let form = context.form ?? FormData(fields: [])
    let username = form.text("username")
    let password = form["password"] ?? ""
    let next = safeNext(form["next"])
    var errors = FieldErrors()
    if username.isEmpty { errors.add("username", "Enter your username") }
    if password.isEmpty { errors.add("password", "Enter your password") }
    if !errors.isEmpty {
      return try await page(
        context: context, values: errors.values(["username": username, "next": next ?? ""]), status: .badRequest)
    }
    // Limit by name and address together, so one attacker cannot lock everybody out.
    let address = clientAddress(request, context: context)
    let key = username.lowercased() + "|" + address
    let store = services.store
    if try await store.recentFailures(key: key, window: services.configuration.signInWindow)
      >= services.configuration.signInLimit
    {
      services.logger.warning(
        "sign-in rate limit reached", metadata: ["username": "\(username)", "address": "\(address)"])
      throw WebError.tooManyAttempts
    }
    guard let user = try await store.verify(username: username, password: password) else {
      try await store.recordFailure(key: key)
      errors.add("password", "The username or password is not right")
      return try await page(
        context: context, values: errors.values(["username": username, "next": next ?? ""]), status: .unauthorized)
    }
    try await store.clearFailures(key: key)
    // A new session id at sign-in, so a session planted before sign-in is worth nothing.
    if let old = context.session { try await store.deleteSession(id: old.id) }
    let session = try await store.createSession(user: user)
    var response = Response.redirect(to: next ?? user.role.homePath)
    response.setCookie(sessionCookie(session, secure: context.isSecure))
    services.logger.info("signed in", metadata: ["username": "\(user.username)"])
    return response
  }

  @Sendable func signOut(_ request: Request, context: WebContext) async throws -> Response {
    if let session = context.session { try await services.store.deleteSession(id: session.id) }
    var response = Response.redirect(to: "/sign-in")
    response.setCookie(
      Cookie(
        name: sessionCookieName, value: "", maxAge: 0, path: "/", secure: context.isSecure, httpOnly: true,
        sameSite: .lax))
    return response
  }

  /// Only a local path may follow sign-in (never another site).
  func safeNext(_ next: String?) -> String? {
    guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count < 500 else {
      return nil
    }
    return next
  }

  func clientAddress(_ request: Request, context: WebContext) -> String {
    // Behind a proxy on this machine the proxy's own address says nothing: use the address it forwards.
    if context.peerAddress.isEmpty || context.peerAddress == "127.0.0.1" || context.peerAddress == "::1",
      let forwarded = request.headers[.init("X-Forwarded-For")!]?.split(separator: ",").last
    {
      return forwarded.trimmingCharacters(in: .whitespaces)
    }
    return context.peerAddress
  }
}

/// The session cookie: HttpOnly, SameSite=Lax, Secure over TLS.
func sessionCookie(_ session: WebSession, secure: Bool) -> Cookie {
  Cookie(
    name: sessionCookieName, value: session.id, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
}

/// Messages to show beside fields, and the error summary at the top of the page.
struct FieldErrors {
  private(set) var list: [(field: String, message: String)] = []

  var isEmpty: Bool { list.isEmpty }

  mutating func add(_ field: String, _ message: String) {
    if !list.contains(where: { $0.field == field }) { list.append((field, message)) }
  }

  func message(_ field: String) -> String? { list.first { $0.field == field }?.message }

  /// `values` plus `errorSummary` (a list with links) and `<field>Error` for each field.
  func values(_ values: [String: Any]) -> [String: Any] {
    var all = values
    guard !list.isEmpty else { return all }
    all["hasErrors"] = true
    all["errorSummary"] = list.map { ["field": $0.field, "message": $0.message] }
    for e in list { all[Self.key(e.field)] = e.message }
    return all
  }

  /// `start-time` -> `startTimeError`.
  static func key(_ field: String) -> String {
    let parts = field.split(separator: "-")
    return (parts.first.map(String.init) ?? "")
      + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }
      .joined() + "Error"
  }
}
