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

  /// Loads the templates and static files bundled with the module.
  public static func bundled() async throws -> Views {
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
    return Views(library: library, staticFiles: files)
  }

  /// The page `template` with `values`, inside the layout, as a 200 response.
  func render(_ template: String, _ values: [String: Any], title: String, context: WebContext) -> Response {
    Response(
      status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(string: html(template, values, title: title, context: context))))
  }

  /// The page as text (for tests and for the print view).
  func html(_ template: String, _ values: [String: Any], title: String, context: WebContext) -> String {
    var all = values
    all["pageTitle"] = title
    all["csrf"] = context.csrfToken ?? ""
    if let user = context.user {
      all["signedIn"] =
        [
          "username": user.username, "role": user.role.rawValue, "home": user.role.homePath,
          "isCoordinator": user.role == .coordinator, "isSupervisor": user.role == .supervisor,
          "isPlanner": user.role == .planner,
        ] as [String: Any]
      // Supervisor pages register the service worker that keeps today's sessions on the phone.
      if user.role == .supervisor { all["offlineCapable"] = true }
    }
    return library.render(all, withTemplate: template) ?? "template \(template) is missing"
  }

  /// A file from `Static/`, cached by the browser for a day.
  func staticFile(_ name: String) -> Response? {
    guard let file = staticFiles[name] else { return nil }
    return Response(
      status: .ok, headers: [.contentType: file.type, .cacheControl: "public, max-age=86400"],
      body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
  }
}
