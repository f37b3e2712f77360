import Foundation
import Hummingbird

/// The request context every route sees: the browser session, the parsed form and the transport.
public struct WebContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// Loaded by `SessionMiddleware`; nil when the browser sent no live session cookie.
  public var session: WebSession?
  /// Before sign-in: the CSRF token from the sign-in form's own cookie (there is no session row).
  public var anonymousCSRF: String?
  /// A POST body, already parsed and checked for its CSRF token by `CSRFMiddleware`.
  public var form: FormData?
  /// Whether the browser reached us over TLS (directly or via a proxy saying so).
  public var isSecure = false
  /// The peer's IP address, for the sign-in rate limit ("" when unknown).
  public var peerAddress: String

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    peerAddress = source.channel.remoteAddress?.ipAddress ?? ""
  }

  /// Forms are small; anything larger is refused before it is read.
  public var maxUploadSize: Int { 64 * 1024 }

  /// The token forms on this page must carry.
  public var csrfToken: String? { session?.csrfToken ?? anonymousCSRF }

  /// The signed-in account.
  public var user: WebUser? { session?.user }

  /// The signed-in account, or an error that sends the browser to the sign-in page.
  public func requireUser() throws -> WebUser {
    guard let user else { throw WebError.signInRequired }
    return user
  }
}

/// Form fields from an `application/x-www-form-urlencoded` body, in order.
public struct FormData: Sendable {
  public var fields: [(String, String)]

  public init(fields: [(String, String)]) { self.fields = fields }

  /// Parses a urlencoded body; `+` is a space, `%XX` a byte; malformed escapes are kept as typed.
  public init(urlEncoded text: String) {
    fields = text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decode(_ s: Substring) -> String {
        let spaced = s.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
      }
      return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
    }
  }

  /// The first value of `name`, or nil.
  public subscript(_ name: String) -> String? { fields.first { $0.0 == name }?.1 }

  /// The first value of `name`, trimmed, or "".
  public func text(_ name: String) -> String { (self[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// Errors that become friendly pages.
public enum WebError: Error, Sendable {
  /// Not signed in: redirect to the sign-in page.
  case signInRequired
  /// Signed in but not allowed (403).
  case forbidden(String)
  /// No such thing (404).
  case notFound(String)
  /// The form's CSRF token is missing or wrong (403).
  case badCSRF
  /// Too many failed sign-ins (429).
  case tooManyAttempts
  /// The request itself is malformed (400).
  case badRequest(String)
}
