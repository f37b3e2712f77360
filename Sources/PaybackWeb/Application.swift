import Foundation
import GRDB
import Hummingbird
import Ledger
import Logging
import PaybackCore

/// How to run the web app.
public struct WebConfiguration: Sendable {
  /// The SQLite ledger file (the same one the CLI uses).
  public var databasePath: String
  public var host: String
  public var port: Int
  /// Mark cookies Secure on every response (the server sits behind TLS). Without it, cookies are
  /// still Secure on requests a proxy marks `X-Forwarded-Proto: https`.
  public var tls: Bool
  /// Where the planner's scenario report (`*.html`) is written, if anywhere.
  public var reportDirectory: String?
  /// bcrypt cost for passwords set through the web app.
  public var bcryptCost: UInt8
  /// Failed sign-ins allowed per username and address within `signInWindow` seconds.
  public var signInLimit: Int
  /// Failed sign-ins allowed per username from all addresses together within `signInWindow`.
  public var accountSignInLimit: Int
  /// Addresses of the proxies whose `X-Forwarded-For` is believed (none by default).
  public var trustedProxies: [String]
  public var signInWindow: TimeInterval
  /// Time limit for an integer-program roster, in seconds.
  public var solveTimeLimit: Double
  /// In a re-plan of a published week, what moving one person must gain (objective points, about
  /// hours) before it is done; the coordinator can change it on the page.
  public var replanChangeCost: Double = 2
  /// The clock (tests fix it) and the time zone local dates and times are read in.
  public var now: @Sendable () -> Date
  public var timeZone: TimeZone
  /// Sees every page as it is rendered (tests use it to check templates against their models).
  public var renderObserver: Views.RenderObserver?

  public init(
    databasePath: String, host: String = "127.0.0.1", port: Int = 8080, tls: Bool = false,
    reportDirectory: String? = nil, bcryptCost: UInt8 = 12, signInLimit: Int = 5, accountSignInLimit: Int = 20,
    trustedProxies: [String] = [],
    signInWindow: TimeInterval = 900,
    solveTimeLimit: Double = 60, now: @escaping @Sendable () -> Date = { Date() },
    timeZone: TimeZone = .current, renderObserver: Views.RenderObserver? = nil
  ) {
    self.databasePath = databasePath
    self.host = host
    self.port = port
    self.tls = tls
    self.reportDirectory = reportDirectory
    self.bcryptCost = bcryptCost
    self.signInLimit = signInLimit
    self.accountSignInLimit = accountSignInLimit
    self.trustedProxies = trustedProxies
    self.signInWindow = signInWindow
    self.solveTimeLimit = solveTimeLimit
    self.now = now
    self.timeZone = timeZone
    self.renderObserver = renderObserver
  }
}

/// Everything the controllers share.
struct WebServices: Sendable {
  let configuration: WebConfiguration
  let store: WebStore
  let views: Views
  let logger: Logger
  let ledger: LedgerLink
  let jobs: PlanJobs

  /// The local date and minute now, by the ledger's clock.
  func today() throws -> LocalMoment { ledger.ledger.now }
}

/// Builds the web app: routes, middleware, templates and the database (migrated on open).
///
/// Tests call this directly with `app.test(.router)`; `payback serve` runs it with `runService()`.
public func buildApplication(configuration: WebConfiguration, logger: Logger = Logger(label: "payback.web"))
  async throws
  -> some ApplicationProtocol
{
  let router = try await buildRouter(configuration: configuration, logger: logger)
  return Application(
    router: router,
    configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
    logger: logger)
}

/// The router alone (also what `buildApplication` serves).
public func buildRouter(configuration: WebConfiguration, logger: Logger) async throws -> Router<WebContext> {
  // One connection pool for the ledger's tables and the web app's own.
  let ledgerStore = try SQLiteLedgerStore(path: configuration.databasePath)
  let store = try WebStore(writer: ledgerStore.dbWriter, bcryptCost: configuration.bcryptCost, now: configuration.now)
  let ledger = Ledger(store: ledgerStore, logger: logger, timeZone: configuration.timeZone, now: configuration.now)
  let views = try await Views.bundled(observer: configuration.renderObserver)
  let services = WebServices(
    configuration: configuration, store: store, views: views, logger: logger, ledger: LedgerLink(ledger: ledger),
    jobs: PlanJobs(now: configuration.now))

  let router = Router(context: WebContext.self)
  addPageMiddleware(to: router, views: views, store: store, tls: configuration.tls)

  router.get("/static/:name") { _, context -> Response in
    let name = try context.parameters.require("name")
    guard let response = views.staticFile(name) else { throw WebError.notFound("No such file.") }
    return response
  }
  router.get("/health") { _, _ in "ok" }
  // The service worker and the manifest sit at the root so that they may look after /supervisor/.
  router.get("/service-worker.js") { _, _ -> Response in
    guard var response = views.staticFile("service-worker.js") else { throw WebError.notFound("No such file.") }
    // Always fetched afresh, so a new version reaches the phones.
    response.headers[.cacheControl] = "no-cache"
    return response
  }
  router.get("/manifest.webmanifest") { _, _ -> Response in
    guard let response = views.staticFile("manifest.webmanifest") else { throw WebError.notFound("No such file.") }
    return response
  }
  router.get("/") { _, context -> Response in
    let user = try context.requireUser()
    return .redirect(to: user.role.homePath)
  }
  SignInController(services: services).add(to: router)
  CoordinatorController(services: services).add(to: router)
  SupervisorController(services: services).add(to: router)
  PlannerController(services: services).add(to: router)
  AccountController(services: services).add(to: router)
  return router
}
