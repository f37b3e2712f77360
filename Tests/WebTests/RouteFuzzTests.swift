import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import PaybackWeb

/// Random paths, dates, ids and form bodies for every route and every role: no request may bring
/// the server down or end in a 500. Bounded (a few hundred requests, seconds) so that it runs in CI;
/// the seed is printed so a failure can be replayed with `PAYBACK_FUZZ_SEED`.
@Suite struct RouteFuzzTests {
  /// Every route, with `{week}`, `{session}`, `{person}`, `{job}`, `{name}` filled in at random.
  static let routes: [(HTTPRequest.Method, String)] = [
    (.get, "/"), (.get, "/health"), (.get, "/static/{name}"), (.get, "/sign-in"), (.post, "/sign-in"),
    (.post, "/sign-out"), (.get, "/account/password"), (.post, "/account/password"),
    (.get, "/coordinator"), (.get, "/coordinator/week"), (.get, "/coordinator/weeks/{week}"),
    (.post, "/coordinator/weeks/{week}/plan"), (.get, "/coordinator/jobs/{job}"),
    (.get, "/coordinator/jobs/{job}/progress"),
    (.post, "/coordinator/weeks/{week}/pin"), (.post, "/coordinator/weeks/{week}/stand-down"),
    (.post, "/coordinator/weeks/{week}/publish"), (.get, "/coordinator/weeks/{week}/roster.csv"),
    (.get, "/coordinator/weeks/{week}/print"), (.get, "/coordinator/weeks/{week}/sessions/{session}"),
    (.get, "/coordinator/weeks/{week}/unbooked"), (.get, "/coordinator/risk"), (.get, "/coordinator/audit"),
    (.get, "/supervisor"), (.get, "/supervisor/offline"), (.get, "/supervisor/sessions/{session}"),
    (.get, "/supervisor/sessions/{session}/people/{person}"),
    (.post, "/supervisor/sessions/{session}/people/{person}"), (.post, "/supervisor/outcomes"),
    (.get, "/supervisor/today.json"), (.get, "/supervisor/today"),
    (.get, "/supervisor/sessions/{session}/people/{person}/change"),
    (.post, "/supervisor/sessions/{session}/people/{person}/change"),
    (.get, "/supervisor/sessions/{session}/everyone"), (.post, "/supervisor/sessions/{session}/everyone"),
    (.get, "/planner"), (.get, "/planner/report"),
    (.get, "/manifest.webmanifest"), (.get, "/service-worker.js"),
  ]

  static let fieldNames = [
    "step", "attended", "start", "finish", "outcome", "quality", "behaviour", "notes", "key", "confirm", "change",
    "review", "method", "person", "session", "action", "username", "password", "next", "current", "new", "penalty",
    "reason", "arrived", "people", "choice", "back", "edit", "corrects", "keep", "change_cost",
  ]

  /// SplitMix64: small, seeded, the same everywhere.
  struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
      range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
  }

  static func date(_ r: inout Random) -> String {
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    let year = r.pick([r.int(0...9999), r.int(1990...2100), 2026, 1, 9999, 1582, 2027])
    let y = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
    let m = r.int(0...13)
    let d = r.int(0...32)
    return r.pick([
      "\(y)-\(two(m))-\(two(d))", "\(two(d))/\(two(m))/\(y)", "2026-11-30", "2026-12-05", "0001-01-08",
      "\(y)-\(two(m))", "+\(y)-01-01", "-0001-01-01", "\(year)",
    ])
  }

  static func text(_ r: inout Random) -> String {
    r.pick([
      "", " ", "PARK-sat", "CHURCH-wed", "P01", "P03", "S-BILAL", "..", "../..", "%00", "\u{0000}", "<script>",
      "' OR 1=1 --", String(repeating: "x", count: r.int(1...3000)), "e" + String(repeating: "\u{0301}", count: 200),
      "😀", "09:00", "0915", "9.15", "25:99", "-1", "99999999999999999999", "NaN", "1e308", "ATTC", "UAA", "yes",
      "no", "GOOD", "greedy", "ip2", "unpin", "restore", "check", "times", "notes", date(&r), "/\t/evil", "//evil",
    ])
  }

  static func fill(_ template: String, _ r: inout Random) -> String {
    var path = template
    for name in ["{week}", "{session}", "{person}", "{job}", "{name}"] where path.contains(name) {
      let value: String =
        switch name {
        case "{week}": r.chance(70) ? date(&r) : text(&r)
        case "{name}": r.pick(["app.css", "app.js", "nope.css", "..%2fapp.css", text(&r)])
        default: text(&r)
        }
      path = path.replacingOccurrences(of: name, with: formEncode(value).replacingOccurrences(of: "+", with: "%20"))
    }
    if r.chance(30) {
      path +=
        "?"
        + (0..<r.int(1...3)).map { _ in
          "\(r.pick(["day", "area", "start", "next", "recorded", "x"]))=\(formEncode(text(&r)))"
        }
        .joined(separator: "&")
    }
    return path
  }

  @Test func noRequestBringsTheServerDown() async throws {
    let seed =
      ProcessInfo.processInfo.environment["PAYBACK_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 0...UInt64.max)
    print("route fuzz seed: \(seed) (replay with PAYBACK_FUZZ_SEED=\(seed))")
    let f = Fixture()
    try await f.seed()
    try await f.app().test(.router) { client in
      var r = Random(state: seed)
      for user in [nil, "cora", "bilal", "pat", "anne"] as [String?] {
        let b = Browser(client: client)
        if let user { try await b.signIn(user) }
        var csrf = try await b.get(user.map { Self.homes[$0]! } ?? "/sign-in").csrf
        for _ in 0..<120 {
          let (method, template) = r.pick(Self.routes)
          let path = Self.fill(template, &r)
          let page: Browser.Page
          if method == .post {
            var fields = (0..<r.int(0...8)).map { _ in (r.pick(Self.fieldNames), Self.text(&r)) }
            // Mostly a good token, so the request gets past the CSRF check to the route itself.
            if r.chance(85), let csrf { fields.append(("csrf", csrf)) }
            // Never start an integer-program solve from the fuzzer (greedy ones are quick).
            fields.removeAll { $0.0 == "method" && $0.1 == "ip" }
            page = try await b.post(path, fields)
          } else {
            page = try await b.get(path)
          }
          #expect(page.status.code < 500, "\(method) \(path) as \(user ?? "nobody"): \(page.status) (seed \(seed))")
          if page.status == .seeOther, page.location == "/sign-in" { break }  // signed out by the fuzzer
          if let token = page.csrf { csrf = token }
        }
      }
      let health = try await Browser(client: client).get("/health")
      #expect(health.body == "ok", "the server still answers")
    }
  }

  static let homes = ["cora": "/coordinator", "bilal": "/supervisor", "pat": "/planner", "anne": "/supervisor"]
}
