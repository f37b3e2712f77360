import Foundation

/// The values one page's template shows, as a typed struct: a misspelt name is a compile error in
/// Swift, and `PageTemplateTests` renders every page to check each name a template uses against
/// the stored properties of its model.
///
/// Mustache reads stored properties by reflection (`Mirror`), so computed properties are not seen.
/// A page template wraps its blocks in `{{#page}}`, so names not found on the page (`csrf`, the
/// menu) are found on the layout around it.
protocol PageModel: Sendable {
  /// The template's file name in `Templates/`, without `.mustache`.
  static var template: String { get }
}

/// What every page carries around its own values: the title, the CSRF token, the menu, the error
/// summary and a banner.
struct Layout<Page: PageModel>: Sendable {
  var pageTitle: String
  var csrf: String
  var signedIn: SignedInMenu?
  /// Supervisor pages register the service worker that keeps today's sessions on the phone.
  var offlineCapable: Bool
  var hasErrors: Bool
  var errorSummary: [ErrorLink]
  var notice: String?
  var page: Page
}

struct SignedInMenu: Sendable {
  var username: String
  var role: String
  var home: String
  var isCoordinator: Bool
  var isSupervisor: Bool
  var isPlanner: Bool
}

/// One line of the error summary, linking to its field.
struct ErrorLink: Sendable {
  var field: String
  var message: String
}

/// A hidden form field.
struct HiddenField: Sendable {
  var name: String
  var value: String
}

// MARK: Shared pages

struct ErrorPage: PageModel {
  static let template = "error"
  var heading: String
  var message: String
}

struct SignInPage: PageModel {
  static let template = "sign-in"
  var next: String
  var username: String = ""
  var usernameError: String?
  var passwordError: String?

  init(next: String, username: String = "", errors: FieldErrors = FieldErrors()) {
    self.next = next
    self.username = username
    usernameError = errors.message("username")
    passwordError = errors.message("password")
  }
}

struct PasswordPage: PageModel {
  static let template = "account-password"
  var currentError: String?
  var newError: String?
  var confirmError: String?

  init(errors: FieldErrors = FieldErrors()) {
    currentError = errors.message("current")
    newError = errors.message("new")
    confirmError = errors.message("confirm")
  }
}

// MARK: Planner

struct PlannerHomePage: PageModel {
  static let template = "planner-home"
  struct Person: Sendable {
    var id: String
    var name: String
    var ordered: String
    var remaining: String
    var deadline: String
    var pace: String
    var tag: String
  }
  var peopleCount: Int
  var owed: String
  var atRisk: Int
  var needed: String
  var sessions: Int
  var places: String
  var supervisors: Int
  var from: String
  var to: String
  var people: [Person]
  var hasPeople: Bool
  var hasReport: Bool
  var reportName: String
}

struct NoReportPage: PageModel {
  static let template = "planner-no-report"
}
