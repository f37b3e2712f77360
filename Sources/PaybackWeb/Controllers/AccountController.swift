import Foundation
import Hummingbird

/// A signed-in person's own account: changing the password.
struct AccountController: Sendable {
  let services: WebServices

  func add(to router: Router<WebContext>) {
    let group = router.group("account").add(middleware: RoleMiddleware(roles: Set(WebRole.allCases)))
    group.get("password", use: show)
    group.post("password", use: change)
  }

  @Sendable func show(_ request: Request, context: WebContext) async throws -> Response {
    let notice = request.uri.queryParameters["done"] == "1" ? "Your password was changed." : nil
    return services.views.render(PasswordPage(), title: "Change your password", context: context, notice: notice)
  }

  @Sendable func change(_ request: Request, context: WebContext) async throws -> Response {
    let user = try context.requireUser()
    let form = context.form ?? FormData(fields: [])
    let current = form["current"] ?? ""
    let new = form["new"] ?? ""
    let confirm = form["confirm"] ?? ""
    var errors = FieldErrors()
    if current.isEmpty { errors.add("current", "Enter your current password") }
    if new.isEmpty { errors.add("new", "Enter a new password") }
    if !new.isEmpty, new != confirm { errors.add("confirm", "The two new passwords are not the same") }
    if errors.isEmpty {
      do {
        try await services.store.changePassword(user, current: current, new: new, keeping: context.session?.id)
        services.logger.info("password changed", metadata: ["username": "\(user.username)"])
        return .redirect(to: "/account/password?done=1")
      } catch let error as AccountError {
        errors.add(error.field, WebStore.sentence(error.message))
      }
    }
    return services.views.render(
      PasswordPage(errors: errors), title: "Change your password", context: context, errors: errors,
      status: .badRequest)
  }
}

extension WebStore {
  /// "must be at least..." -> "Must be at least...".
  static func sentence(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
}
