import Foundation
import Hummingbird
import Mustache

/// Renders the Mustache templates in `Templates/` inside the shared layout.
///
/// Every value reaches the page through `{{name}}`, which HTML-escapes it; templates never use
/// triple braces for anything a user typed.
public struct Views: Sendable {
  let library: MustacheLibrary
  /// The stylesheet and other files from `Static/`, by name, held in memory (they are tiny).
  let staticFiles: [String: (type: String, bytes: [UInt8])]
  /// Sees each page's template name and values as it is rendered (tests check the names with it).
  let observer: RenderObserver?

  /// Called with a template's name and the values it is rendered with.
  public typealias RenderObserver = @Sendable (_ template: String, _ values: Any) -> Void

  /// Loads the templates and static files bundled with the module.
  public static func bundled(observer: RenderObserver? = nil) async throws -> Views {
    guard let templates = Bundle.module.url(forResource: "Templates", withExtension: nil),
      let statics = Bundle.module.url(forResource: "Static", withExtension: nil)
    else { throw WebError.notFound("the web app's templates are missing from the bundle") }
    let library = try await MustacheLibrary(directory: templates.path)
    var files: [String: (String, [UInt8])] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: statics.path) {
      let data = try Data(contentsOf: statics.appendingPathComponent(name))
      let type =
        switch (name as NSString).pathExtension {
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "webmanifest": "application/manifest+json"
        default: "application/octet-stream"
        }
      files[name] = (type, Array(data))
    }
    return Views(library: library, staticFiles: files, observer: observer)
  }

  /// The page inside the layout, as a response (200 unless `status` says otherwise).
  ///
  /// `errors` become the error summary at the top (each field's own message is on the page model,
  /// beside its field); `notice` is the banner after a change.
  func render<Page: PageModel>(
    _ page: Page, title: String, context: WebContext, errors: FieldErrors = FieldErrors(), notice: String? = nil,
    status: HTTPResponse.Status = .ok
  ) -> Response {
    Response(
      status: status, headers: [.contentType: "text/html; charset=utf-8"],
      body: .init(
        byteBuffer: ByteBuffer(string: html(page, title: title, context: context, errors: errors, notice: notice))))
  }

  /// The page as text (for tests and for the print view).
  func html<Page: PageModel>(
    _ page: Page, title: String, context: WebContext, errors: FieldErrors = FieldErrors(), notice: String? = nil
  ) -> String {
    html(page, title: title, csrf: context.csrfToken ?? "", user: context.user, errors: errors, notice: notice)
  }

  /// The page as text, for whoever is signed in (nobody when `user` is nil).
  func html<Page: PageModel>(
    _ page: Page, title: String, csrf: String, user: WebUser?, errors: FieldErrors = FieldErrors(),
    notice: String? = nil
  ) -> String {
    let menu = user.map { user in
      SignedInMenu(
        username: user.username, role: user.role.rawValue, home: user.role.homePath,
        isCoordinator: user.role == .coordinator, isSupervisor: user.role == .supervisor,
        isPlanner: user.role == .planner)
    }
    let layout = Layout(
      pageTitle: title, csrf: csrf, signedIn: menu, offlineCapable: user?.role == .supervisor,
      hasErrors: !errors.isEmpty, errorSummary: errors.list.map { ErrorLink(field: $0.field, message: $0.message) },
      notice: notice, page: page)
    observer?(Page.template, layout)
    return library.render(layout, withTemplate: Page.template) ?? "template \(Page.template) is missing"
  }

  /// A file from `Static/`, cached by the browser for a day.
  func staticFile(_ name: String) -> Response? {
    guard let file = staticFiles[name] else { return nil }
    return Response(
      status: .ok, headers: [.contentType: file.type, .cacheControl: "public, max-age=86400"],
      body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
  }
}
