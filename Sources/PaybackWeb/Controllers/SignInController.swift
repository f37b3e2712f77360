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

  /// The sign-in form. A visitor without a session gets no session row: the form's CSRF token
  /// travels in its own cookie (double submit), so anonymous visits write nothing.
  @Sendable func show(_ request: Request, context: WebContext) async throws -> Response {
    if let user = context.user { return .redirect(to: user.role.homePath) }
    let next = Self.safeNext(request.uri.queryParameters["next"].map(String.init))
    return page(context: context, SignInPage(next: next ?? ""))
  }

  func page(
    context: WebContext, _ page: SignInPage, errors: FieldErrors = FieldErrors(), status: HTTPResponse.Status = .ok
  ) -> Response {
    var context = context
    var fresh: String?
    if context.session == nil, context.anonymousCSRF == nil {
      fresh = randomToken()
      context.anonymousCSRF = fresh
    }
    var response = services.views.render(page, title: "Sign in", context: context, errors: errors, status: status)
    if let fresh { response.setCookie(csrfCookie(fresh, secure: context.isSecure)) }
    return response
  }

  @Sendable func signIn(_ request: Request, context: WebContext) async throws -> Response {
    let form = context.form ?? FormData(fields: [])
    let username = form.text("username")
    let password = form["password"] ?? ""
    let next = Self.safeNext(form["next"])
    var errors = FieldErrors()
    if username.isEmpty { errors.add("username", "Enter your username") }
    if password.isEmpty { errors.add("password", "Enter your password") }
    if !errors.isEmpty {
      return page(
        context: context, SignInPage(next: next ?? "", username: username, errors: errors), errors: errors,
        status: .badRequest)
    }
    // Limited by name and address together (so one attacker cannot lock everybody out), and by
    // name alone across every address (so rotating addresses does not help a guesser).
    let configuration = services.configuration
    let address = Self.clientAddress(
      peer: context.peerAddress, forwarded: request.headers[.init("X-Forwarded-For")!],
      trusted: configuration.trustedProxies)
    let name = username.lowercased()
    let pairKey = name + "|" + address
    let accountKey = "account|" + name
    let store = services.store
    let pairFailures = try await store.recentFailures(key: pairKey, window: configuration.signInWindow)
    let accountFailures = try await store.recentFailures(key: accountKey, window: configuration.signInWindow)
    if pairFailures >= configuration.signInLimit || accountFailures >= configuration.accountSignInLimit {
      services.logger.warning(
        "sign-in rate limit reached", metadata: ["username": "\(username)", "address": "\(address)"])
      throw WebError.tooManyAttempts
    }
    guard let user = try await store.verify(username: username, password: password) else {
      try await store.recordFailure(key: pairKey)
      try await store.recordFailure(key: accountKey)
      errors.add("password", "The username or password is not right")
      return page(
        context: context, SignInPage(next: next ?? "", username: username, errors: errors), errors: errors,
        status: .unauthorized)
    }
    try await store.clearFailures(key: pairKey)
    try await store.clearFailures(key: accountKey)
    // A new session id at sign-in, so a session planted before sign-in is worth nothing.
    if let old = context.session { try await store.deleteSession(id: old.id) }
    let session = try await store.createSession(user: user)
    var response = Response.redirect(to: next ?? user.role.homePath)
    response.setCookie(sessionCookie(session, secure: context.isSecure))
    response.setCookie(csrfCookie("", secure: context.isSecure, maxAge: 0))
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

  /// The first path segments that may follow sign-in.
  static let nextRoots: Set<String> = ["coordinator", "supervisor", "planner", "account"]

  /// Only a path of this site may follow sign-in, never another site: printable ASCII with no
  /// backslash (browsers drop tabs and newlines and read `\` as `/`, so `/\t/host` would become
  /// `//host`), and a first segment that is one of the app's own.
  static func safeNext(_ next: String?) -> String? {
    guard let next, next.utf8.count < 500, next.hasPrefix("/"), !next.hasPrefix("//"),
      next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" })
    else { return nil }
    let path = next.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
    let first = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? ""
    guard nextRoots.contains(first) else { return nil }
    return next
  }

  /// The address a sign-in came from: the peer's, or the last address a named proxy forwarded.
  ///
  /// `X-Forwarded-For` is anyone's to write, so it counts only when the peer is one of the proxies
  /// named by `--trusted-proxy`; the last entry is the one that proxy added itself.
  static func clientAddress(peer: String, forwarded: String?, trusted: [String]) -> String {
    guard !peer.isEmpty, trusted.contains(peer), let forwarded,
      let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
    else { return peer }
    return last
  }
}

/// The sign-in form's CSRF cookie (before there is a session): HttpOnly, SameSite=Lax.
func csrfCookie(_ token: String, secure: Bool, maxAge: Int? = nil) -> Cookie {
  Cookie(
    name: csrfCookieName, value: token, maxAge: maxAge, path: "/sign-in", secure: secure, httpOnly: true,
    sameSite: .lax)
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

  /// `start-time` -> `startTimeError`: the name of the page model's property holding the
  /// field's message (the page-template test checks each error reaches its field).
  static func key(_ field: String) -> String {
    let parts = field.split(separator: "-")
    return (parts.first.map(String.init) ?? "")
      + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }
      .joined() + "Error"
  }
}
