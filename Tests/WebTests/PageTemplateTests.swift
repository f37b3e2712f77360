import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PaybackWeb

/// Every page is rendered over a real HTTP server, and every name each template uses is checked
/// against the stored properties of the typed values it was rendered with: a misspelt name on
/// either side fails here instead of rendering blank.
@Suite struct PageTemplateTests {
  /// The names a template reads (`{{name}}`, `{{#name}}`, `{{^name}}`), not blocks, partials or
  /// closing tags; a dotted name gives each of its parts.
  static func names(in template: String) -> Set<String> {
    var out: Set<String> = []
    var rest = template[...]
    while let open = rest.range(of: "{{") {
      guard let close = rest[open.upperBound...].range(of: "}}") else { break }
      var tag = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
      rest = rest[close.upperBound...]
      if let first = tag.first, "#^".contains(first) { tag.removeFirst() }
      guard let first = tag.first, first.isLetter else { continue }
      for part in tag.split(separator: ".") { out.insert(String(part)) }
    }
    return out
  }

  /// Every property name in a value, through optionals, arrays and nested structs.
  static func labels(of value: Any, depth: Int = 0) -> Set<String> {
    guard depth < 12 else { return [] }
    var out: Set<String> = []
    for child in Mirror(reflecting: value).children {
      if let label = child.label { out.insert(label) }
      out.formUnion(labels(of: child.value, depth: depth + 1))
    }
    return out
  }

  /// What the server rendered: each template's property names, and errors with no place beside
  /// their field.
  final class Renders: @unchecked Sendable {
    private let lock = NSLock()
    private var byTemplate: [String: Set<String>] = [:]
    private var misplaced: [String] = []

    func record(_ template: String, _ values: Any) {
      let names = PageTemplateTests.labels(of: values)
      // Each error in the summary must also stand beside its field (a `<field>Error` on the page).
      var unplaced: [String] = []
      let root = Mirror(reflecting: values)
      let page = root.children.first { $0.label == "page" }?.value
      let summary = root.children.first { $0.label == "errorSummary" }?.value as? [Any] ?? []
      for link in summary {
        guard let field = Mirror(reflecting: link).children.first(where: { $0.label == "field" })?.value as? String,
          let page
        else { continue }
        let key = field + "Error"
        let placed = Mirror(reflecting: page).children.contains { child in
          child.label == key && "\(child.value)" != "nil"
        }
        if !placed { unplaced.append("\(template): \(field)") }
      }
      lock.withLock {
        byTemplate[template, default: []].formUnion(names)
        misplaced += unplaced
      }
    }

    var templates: [String: Set<String>] { lock.withLock { byTemplate } }
    var unplacedErrors: [String] { lock.withLock { misplaced } }
  }

  static var templatesDirectory: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Sources/PaybackWeb/Templates").path
  }

  @Test func aMisspeltNameIsFound() {
    let used = Self.names(in: "{{<layout}}{{$main}}{{#page}}<p>{{projcet}} {{#people}}{{name}}{{/people}}</p>")
    #expect(used == ["page", "projcet", "people", "name"])
    #expect(used.subtracting(["page", "project", "people", "name"]) == ["projcet"])
  }

  @Test func everyPageRendersWithEveryNameItsTemplateUses() async throws {
    let f = Fixture()
    try await f.seed()
    let renders = Renders()
    var configuration = f.configuration
    configuration.renderObserver = { template, values in renders.record(template, values) }
    let app = try await buildApplication(configuration: configuration, logger: testLogger)
    try await app.test(.live) { client in
      try await Self.visitEveryPage(client)
    }
    // A roster's progress page shows only while a solve runs, which on the small test week may
    // end before the page is asked for: rendered here with every figure, as a running solve has.
    let views = try await Views.bundled(observer: configuration.renderObserver)
    let job = JobPage(
      id: "j1", week: "2026-11-30", date: "Monday 30 November 2026", method: "ip", startedBy: "cora",
      history: ["After 1 s: best 12"], running: true, failed: "The solver stopped", elapsedText: "3 seconds",
      phase: "branch and cut", objective: "12", bound: "14", gap: "14.3%", percent: 5)
    let html = views.html(job, title: "Generating the roster", csrf: "token", user: nil)
    #expect(html.contains("No roster can score more than <strong data-field=\"bound\">14</strong>"))

    let directory = Self.templatesDirectory
    let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") }
    let rendered = renders.templates
    let everything = rendered.values.reduce(into: Set<String>()) { $0.formUnion($1) }
    #expect(files.count >= 18)
    for file in files.sorted() {
      let name = String(file.dropLast(".mustache".count))
      let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
      let used = Self.names(in: text)
      if name == "layout" {
        #expect(used.subtracting(everything).isEmpty, "layout uses \(used.subtracting(everything).sorted())")
        continue
      }
      guard let known = rendered[name] else {
        Issue.record("the page \(name) was never rendered")
        continue
      }
      let unknown = used.subtracting(known)
      #expect(unknown.isEmpty, "\(file) uses names its values do not have: \(unknown.sorted())")
    }
    #expect(renders.unplacedErrors.isEmpty, "errors with no place beside their field: \(renders.unplacedErrors)")
  }

  /// Every page of every role, with the errors each form can show.
  static func visitEveryPage(_ client: some TestClientProtocol) async throws {
    let anonymous = Browser(client: client)
    let signIn = try await anonymous.get("/sign-in")
    #expect(signIn.status == .ok)
    let refused = try await anonymous.post("/sign-in", [("username", ""), ("password", "")], csrf: signIn.csrf)
    #expect(refused.status == .badRequest)

    let cora = Browser(client: client)
    try await cora.signIn("cora")
    let week = CoordinatorTests.week
    #expect(try await cora.get("/coordinator").status == .ok)
    #expect(try await cora.get("/coordinator/week?start=31/02/2026").status == .badRequest)
    let weekPage = try await cora.get(week)
    #expect(weekPage.status == .ok)
    #expect(try await cora.post(week + "/plan", [("method", "magic")], csrf: weekPage.csrf).status == .badRequest)
    #expect(try await cora.post(week + "/publish", [], csrf: weekPage.csrf).status == .badRequest)
    // A job's page while it runs (an integer program takes a moment), then its roster.
    let started = try await cora.post(week + "/plan", [("method", "ip")], csrf: weekPage.csrf)
    let job = try #require(started.location)
    _ = try await cora.get(job)
    _ = try await cora.get(job + "/progress")
    for _ in 0..<400 {
      let progress = try await cora.get(job)
      if progress.status == .seeOther { break }
      try await Task.sleep(for: .milliseconds(50))
    }
    let planned = try await cora.get(week + "?day=2026-12-05")
    #expect(planned.body.contains("Roster by"))
    _ = try await cora.post(
      week + "/pin", [("person", "P01"), ("session", "PARK-sat"), ("action", "pin")], csrf: planned.csrf)
    _ = try await cora.post(
      week + "/stand-down", [("session", "PARK-sun"), ("action", "stand-down"), ("confirm", "yes")],
      csrf: planned.csrf)
    #expect(try await cora.get(week + "?area=Basildon").status == .ok)
    #expect(try await cora.get(week + "/sessions/PARK-sat?done=pinned").body.contains("booking was pinned"))
    #expect(
      try await cora.post(week + "/stand-down", [("session", "PARK-sat")], csrf: planned.csrf).body.contains(
        "Are you sure"))
    #expect(try await cora.post(week + "/publish", [], csrf: planned.csrf).body.contains("Are you sure"))
    #expect(try await cora.get(week + "/unbooked").status == .ok)
    #expect(try await cora.get(week + "/print").status == .ok)
    #expect(try await cora.get("/coordinator/risk").status == .ok)
    #expect(try await cora.get("/coordinator/audit").status == .ok)
    #expect(try await cora.get("/coordinator/weeks/2026-12-01").status == .notFound)
    let password = try await cora.get("/account/password?done=1")
    #expect(password.status == .ok)
    #expect(
      try await cora.post("/account/password", [("current", ""), ("new", "a"), ("confirm", "b")], csrf: password.csrf)
        .status == .badRequest)
    #expect(try await cora.get("/planner").status == .ok)
    #expect(try await cora.get("/planner/report").status == .ok)

    let bilal = Browser(client: client)
    try await bilal.signIn("bilal")
    #expect(try await bilal.get("/supervisor").status == .ok)
    #expect(try await bilal.get("/supervisor/today").status == .ok)
    // Each question with its error, then the check page, then the session with a recorded outcome.
    let path = SupervisorTests.base
    let first = try await bilal.get(path)
    var page = try await bilal.post(path, [("step", "attendance")], csrf: first.csrf)
    #expect(page.status == .badRequest)
    page = try await bilal.post(path, [("step", "attendance"), ("attended", "yes")], csrf: first.csrf)
    page = try await bilal.post(
      path, SupervisorTests.hiddenFields(page) + [("step", "times"), ("start", "25:00"), ("finish", "")],
      csrf: first.csrf)
    #expect(page.status == .badRequest)
    page = try await bilal.post(
      path, SupervisorTests.hiddenFields(page) + [("step", "times"), ("start", "09:00"), ("finish", "16:30")],
      csrf: first.csrf)
    page = try await bilal.post(path, SupervisorTests.hiddenFields(page) + [("step", "outcome")], csrf: first.csrf)
    #expect(page.status == .badRequest)
    page = try await bilal.post(
      path, SupervisorTests.hiddenFields(page) + [("step", "outcome"), ("outcome", "ATTC")], csrf: first.csrf)
    page = try await bilal.post(path, SupervisorTests.hiddenFields(page) + [("step", "conduct")], csrf: first.csrf)
    #expect(page.status == .badRequest)
    page = try await bilal.post(
      path, SupervisorTests.hiddenFields(page) + [("step", "conduct"), ("quality", "GOOD"), ("behaviour", "GOOD")],
      csrf: first.csrf)
    page = try await bilal.post(
      path, SupervisorTests.hiddenFields(page) + [("step", "notes"), ("notes", "<b>bold</b>")], csrf: first.csrf)
    #expect(page.status == .badRequest)
    page = try await bilal.post(
      path, SupervisorTests.hiddenFields(page) + [("step", "notes"), ("notes", "Fine")], csrf: first.csrf)
    #expect(page.body.contains("Check your answers"))
    let done = try await bilal.post(
      path, SupervisorTests.hiddenFields(page) + [("step", "check"), ("confirm", "yes")], csrf: first.csrf)
    #expect(done.status == .seeOther)
    #expect(try await bilal.get(try #require(done.location)).body.contains("Recorded ATTC"))
    // An absence, to its enforceable warning.
    let other = "/supervisor/sessions/PARK-sat/people/P02"
    let start = try await bilal.get(other)
    page = try await bilal.post(other, [("step", "attendance"), ("attended", "no")], csrf: start.csrf)
    page = try await bilal.post(
      other, SupervisorTests.hiddenFields(page) + [("step", "outcome"), ("outcome", "UACP")], csrf: start.csrf)
    page = try await bilal.post(
      other, SupervisorTests.hiddenFields(page) + [("step", "notes"), ("notes", "")], csrf: start.csrf)
    #expect(page.body.contains("enforceable-warning"))
    #expect(try await bilal.get("/supervisor/sessions/PARK-sat").status == .ok)
    // Correcting or withdrawing P01's outcome, with its error.
    let change = try await bilal.get(path + "/change")
    #expect(change.status == .ok)
    #expect(try await bilal.post(path + "/change", [("choice", "withdraw")], csrf: change.csrf).status == .badRequest)
    // Everyone arrived, with its errors, then its check page.
    let group = "/supervisor/sessions/PARK-sat/everyone"
    let everyone = try await bilal.get(group)
    #expect(everyone.status == .ok)
    #expect(try await bilal.post(group, [("start", "x")], csrf: everyone.csrf).status == .badRequest)
    let check = try await bilal.post(
      group,
      [("person", "P05"), ("start", "09:00"), ("finish", "16:30"), ("quality", "GOOD"), ("behaviour", "GOOD")],
      csrf: everyone.csrf)
    #expect(check.body.contains("Check before recording"))
  }
}
