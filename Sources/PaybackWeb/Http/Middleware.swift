import Foundation
import Hummingbird
import Logging

/// Name of the session cookie.
let sessionCookieName = "payback_session"
/// Name of the sign-in form's CSRF cookie (before there is a session).
let csrfCookieName = "payback_csrf"

/// The middleware every page goes through, outermost first.
///
/// Security headers wrap everything, error pages included. Error pages are made twice: inside the
/// session (so a 403 or 404 keeps the signed-in menu) and outside it (should loading the session
/// itself fail).
func addPageMiddleware(to router: Router<WebContext>, views: Views, store: WebStore?, tls: Bool) {
  router.add(middleware: SecurityHeadersMiddleware(hsts: tls))
  router.add(middleware: ErrorPageMiddleware(views: views))
  if let store { router.add(middleware: SessionMiddleware(store: store, alwaysSecure: tls)) }
  router.add(middleware: ErrorPageMiddleware(views: views))
  router.add(middleware: CSRFMiddleware())
}

/// Turns every error into a plain page: 404, 403, 429, 400, and 500 without any detail of the failure.
struct ErrorPageMiddleware: RouterMiddleware {
  typealias Context = WebContext
  let views: Views

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    do {
      return try await next(request, context)
    } catch let error as WebError {
      switch error {
      case .signInRequired:
        let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        let next = request.method == .get ? "?next=" + percentEncode(target) : ""
        return Response.redirect(to: "/sign-in" + next)
      case .forbidden(let message):
        return page(.forbidden, title: "You cannot do that", message: message, context: context)
      case .notFound(let message):
        return page(.notFound, title: "Page not found", message: message, context: context)
      case .badCSRF:
        return page(
          .forbidden, title: "This form has expired",
          message: "For your security the form could not be sent. Go back, reload the page and try again.",
          context: context)
      case .tooManyAttempts:
        return page(
          .tooManyRequests, title: "Too many attempts",
          message: "Too many failed sign-ins for this account. Wait 15 minutes and try again.", context: context)
      case .badRequest(let message):
        return page(.badRequest, title: "Something is wrong with the request", message: message, context: context)
      }
    } catch let error as HTTPError {
      switch error.status {
      case .notFound:
        return page(
          .notFound, title: "Page not found",
          message: "If you typed the web address, check it is correct. If you pasted it, check you copied all of it.",
          context: context)
      case .contentTooLarge:
        return page(.contentTooLarge, title: "Too much data", message: "The form sent was too large.", context: context)
      case .methodNotAllowed:
        return page(
          .methodNotAllowed, title: "Page not found", message: "This page cannot be used like that.", context: context)
      default:
        if error.status.code < 500 {
          return page(
            error.status, title: "Something is wrong with the request", message: error.body ?? "", context: context)
        }
        context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
        return serverError(context: context)
      }
    } catch {
      // The detail goes to the log only: a page never shows internals.
      context.logger.error(
        "request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
      return serverError(context: context)
    }
  }

  func serverError(context: Context) -> Response {
    page(
      .internalServerError, title: "Sorry, there is a problem with the service",
      message: "Try again later. Nothing you entered on the last page was saved unless you saw a confirmation.",
      context: context)
  }

  func page(_ status: HTTPResponse.Status, title: String, message: String, context: Context) -> Response {
    views.render(ErrorPage(heading: title, message: message), title: title, context: context, status: status)
  }
}

/// Security headers on every response: no framing, no sniffing, scripts and styles only from here.
struct SecurityHeadersMiddleware: RouterMiddleware {
  typealias Context = WebContext
  /// Strict-Transport-Security too (only when the app is served over TLS: `--tls`).
  var hsts = false
  static let policy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    var response = try await next(request, context)
    if response.headers[.contentSecurityPolicy] == nil {
      response.headers[.contentSecurityPolicy] = Self.policy
    }
    response.headers[.xContentTypeOptions] = "nosniff"
    response.headers[.init("Referrer-Policy")!] = "same-origin"
    if response.headers[.cacheControl] == nil {
      response.headers[.cacheControl] = "no-store"
    }
    if hsts { response.headers[.init("Strict-Transport-Security")!] = "max-age=31536000; includeSubDomains" }
    return response
  }
}

/// Loads the browser session named by the cookie, and notes whether the request came over TLS.
struct SessionMiddleware: RouterMiddleware {
  typealias Context = WebContext
  let store: WebStore
  let alwaysSecure: Bool

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    var context = context
    context.isSecure = alwaysSecure || request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
    if let id = request.cookies[sessionCookieName]?.value, !id.isEmpty {
      context.session = try await store.session(id: id)
    }
    if context.session == nil, let token = request.cookies[csrfCookieName]?.value, token.utf8.count == 43 {
      context.anonymousCSRF = token
    }
    return try await next(request, context)
  }
}

/// Reads every POST body as a form and refuses it unless it carries the session's CSRF token.
struct CSRFMiddleware: RouterMiddleware {
  typealias Context = WebContext

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    guard request.method == .post else { return try await next(request, context) }
    var request = request
    var context = context
    let contentType = request.headers[.contentType]?.lowercased() ?? ""
    guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
      throw WebError.badRequest("Forms must be sent as application/x-www-form-urlencoded.")
    }
    let body: ByteBuffer
    do {
      body = try await request.collectBody(upTo: context.maxUploadSize)
    } catch {
      throw HTTPError(.contentTooLarge)
    }
    let form = FormData(urlEncoded: String(buffer: body))
    // With a session, its token; before sign-in, the token of the form's own cookie.
    guard let expected = context.csrfToken, let token = form["csrf"], constantTimeEqual(token, expected)
    else { throw WebError.badCSRF }
    context.form = form
    return try await next(request, context)
  }
}

/// Only accounts of the given roles get past; anonymous visitors are sent to sign in.
struct RoleMiddleware: RouterMiddleware {
  typealias Context = WebContext
  let roles: Set<WebRole>

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    let user = try context.requireUser()
    guard roles.contains(user.role) else {
      throw WebError.forbidden("Your account (\(user.role.rawValue)) cannot use this page.")
    }
    return try await next(request, context)
  }
}

/// Compares secrets without stopping at the first difference.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
  let x = Array(a.utf8)
  let y = Array(b.utf8)
  guard x.count == y.count else { return false }
  var diff: UInt8 = 0
  for i in 0..<x.count { diff |= x[i] ^ y[i] }
  return diff == 0
}

func percentEncode(_ s: String) -> String {
  var allowed = CharacterSet.alphanumerics
  allowed.insert(charactersIn: "-._~/")
  return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
}

extension Response {
  /// 303 See Other: after a POST the browser fetches the next page with GET.
  static func redirect(to location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
  }
}
