import Foundation
import Hummingbird
import Ledger
import PaybackCore

/// Planner pages: people and capacity figures, read-only, and the scenario report when there is one.
struct PlannerController: Sendable {
  let services: WebServices

  func add(to router: Router<WebContext>) {
    let group = router.group("planner").add(middleware: RoleMiddleware(roles: [.planner, .coordinator]))
    group.get("", use: home)
    group.get("report", use: report)
  }

  @Sendable func home(_ request: Request, context: WebContext) async throws -> Response {
    let now = try services.today()
    let ledger = services.ledger.ledger
    let (balances, sessions, supervisors) = try await offloadedThrowing {
      (
        try ledger.balances(), try ledger.sessions(from: now.date, to: now.date.adding(days: 27)),
        try ledger.supervisors()
      )
    }
    let owed = balances.reduce(0) { $0 + $1.balance.remainingMinutes }
    let atRisk = balances.filter { [.atRisk, .pastDeadline].contains($0.balance.pace) }.count
    let needed = balances.reduce(0) { $0 + $1.balance.neededMinutesPerWeek }
    let places = sessions.reduce(0) { $0 + $1.capacity * $1.minutes }
    let people = balances.sorted { $0.person.id < $1.person.id }.map { b in
      PlannerHomePage.Person(
        id: b.person.id, name: b.person.name ?? b.person.id,
        ordered: Format.duration(minutes: b.balance.orderedMinutes),
        remaining: Format.duration(minutes: b.balance.remainingMinutes),
        deadline: b.order.deadline.map(Format.longDate) ?? "None",
        pace: Self.paceLabel(b.balance.pace), tag: Self.paceTag(b.balance.pace))
    }
    let report = latestReport()
    let page = PlannerHomePage(
      peopleCount: balances.count, owed: Format.duration(minutes: owed), atRisk: atRisk,
      needed: Format.duration(minutes: needed), sessions: sessions.count,
      places: Format.duration(minutes: places), supervisors: supervisors.count,
      from: Format.longDate(now.date), to: Format.longDate(now.date.adding(days: 27)),
      people: people, hasPeople: !people.isEmpty, hasReport: report != nil,
      reportName: report.map { ($0 as NSString).lastPathComponent } ?? "")
    return services.views.render(page, title: "People and capacity", context: context)
  }

  static func paceLabel(_ p: PaceStatus) -> String {
    switch p {
    case .complete: "Complete"
    case .onPace: "On pace"
    case .atRisk: "At risk"
    case .pastDeadline: "Past deadline"
    }
  }

  static func paceTag(_ p: PaceStatus) -> String {
    switch p {
    case .complete: "tag--grey"
    case .onPace: "tag--green"
    case .atRisk: "tag--yellow"
    case .pastDeadline: "tag--red"
    }
  }

  /// The newest `.html` file in the report folder.
  func latestReport() -> String? {
    guard let dir = services.configuration.reportDirectory,
      let names = try? FileManager.default.contentsOfDirectory(atPath: dir)
    else { return nil }
    let files = names.filter { $0.hasSuffix(".html") }.map { (dir as NSString).appendingPathComponent($0) }
    return files.max { a, b in
      let da = (try? FileManager.default.attributesOfItem(atPath: a)[.modificationDate] as? Date) ?? .distantPast
      let db = (try? FileManager.default.attributesOfItem(atPath: b)[.modificationDate] as? Date) ?? .distantPast
      return (da, a) < (db, b)
    }
  }

  @Sendable func report(_ request: Request, context: WebContext) async throws -> Response {
    guard let path = latestReport(), let data = FileManager.default.contents(atPath: path) else {
      return services.views.render(NoReportPage(), title: "No report yet", context: context)
    }
    // The report is the planner's own self-contained page: its inline styles are allowed, nothing else.
    return Response(
      status: .ok,
      headers: [
        .contentType: "text/html; charset=utf-8",
        .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
      ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }
}
