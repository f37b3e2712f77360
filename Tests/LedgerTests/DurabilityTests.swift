import Foundation
import Ledger
import PaybackCore
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A ledger with `people` people booked on `sessions` past Saturday sessions, and one logging
/// command (a JSON line for `payback log-batch`) per appointment.
struct LoggingFixture {
  let path: String
  /// (idempotency key, JSON line, expected credited minutes)
  let commands: [(key: String, line: String, credited: Int)]

  init(people: Int, sessions: Int) throws {
    let dir = scratchDirectory("durability")
    path = dir + "/ledger.sqlite"
    // Set up (and published) before the first session, as publishing never touches a started one.
    let setupTime = ISO8601DateFormatter().date(from: "2025-12-01T00:00:00Z")!
    let ledger = try Ledger(path: path, now: { setupTime })
    var batch = ImportBatch()
    batch.projects = [ProjectRecord(id: "PARK", kind: .group, area: "north")]
    let ids = (0..<people).map { String(format: "P%03d", $0) }
    for id in ids {
      batch.people.append(PersonRecord(id: id, risk: .low, available: [.sat], areas: ["north"]))
      batch.orders.append(
        OrderRecord(person: id, orderedMinutes: 300 * 60, sentenceDate: d("2026-01-01"), travelEligible: true))
    }
    let firstSaturday = d("2026-01-03")
    for j in 0..<sessions {
      batch.sessions.append(
        SessionRecord(
          id: "S\(j)", project: "PARK", date: firstSaturday.adding(days: 7 * j), start: t("09:00"), end: t("16:00"),
          minutes: 420, capacity: people))
    }
    try ledger.importBatch(batch, by: "setup")
    for j in 0..<sessions {
      let monday = firstSaturday.adding(days: 7 * j - 5)
      let instance = Instance(name: "w", weekStart: monday, projects: [], supervisors: [], people: [])
      let roster = Roster(
        instance: "w", weekStart: monday, method: "test", status: "test", objective: 0,
        assignments: [Assignment(session: "S\(j)", supervisors: [], people: ids)])
      try ledger.publish(roster, for: instance, by: "setup")
    }
    var cmds: [(String, String, Int)] = []
    for j in 0..<sessions {
      for (i, id) in ids.enumerated() {
        let key = "k-\(id)-S\(j)"
        switch (i + j) % 5 {
        case 0:
          cmds.append((key, #"{"person":"\#(id)","session":"S\#(j)","code":"AAME","key":"\#(key)"}"#, 0))
        case 1:
          cmds.append(
            (
              key,
              #"{"person":"\#(id)","session":"S\#(j)","code":"ATTC","start":"09:00","finish":"16:00","penalty_minutes":30,"work_quality":"GOOD","key":"\#(key)"}"#,
              390
            ))
        default:
          cmds.append(
            (
              key,
              #"{"person":"\#(id)","session":"S\#(j)","code":"ATTC","start":"09:00","finish":"16:00","behaviour":"GOOD","key":"\#(key)"}"#,
              420
            ))
        }
      }
    }
    commands = cmds
  }
}

/// Results shared between worker threads.
final class Acks: @unchecked Sendable {
  private let lock = NSLock()
  private var keys = Set<String>()
  private var stderrText = ""
  private var kills = 0
  private var failures: [String] = []

  func add(_ k: [String]) { lock.withLock { keys.formUnion(k) } }
  func addStderr(_ s: String) { lock.withLock { stderrText += s } }
  func killed() { lock.withLock { kills += 1 } }
  func fail(_ s: String) { lock.withLock { failures.append(s) } }
  var acknowledged: Set<String> { lock.withLock { keys } }
  var errors: String { lock.withLock { stderrText } }
  var killCount: Int { lock.withLock { kills } }
  var failureList: [String] { lock.withLock { failures } }
}

/// Runs `payback log-batch` on `lines`; optionally SIGKILLs it after `killAfter` seconds.
/// Returns the indices (into `lines`) it acknowledged, and its exit status (nil when killed).
func runLogBatch(
  binary: String, db: String, lines: [String], killAfter: Double?
) throws -> (acked: [Int], status: Int32?, stderr: String) {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: binary)
  p.arguments = ["log-batch", "--db", db, "--quiet", "--by", "test"]
  let input = Pipe()
  let output = Pipe()
  let errors = Pipe()
  p.standardInput = input
  p.standardOutput = output
  p.standardError = errors
  try p.run()
  input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
  try input.fileHandleForWriting.close()
  var killed = false
  if let killAfter {
    usleep(UInt32(killAfter * 1_000_000))
    if p.isRunning {
      kill(p.processIdentifier, SIGKILL)
      killed = true
    }
  }
  let out = output.fileHandleForReading.readDataToEndOfFile()
  let err = errors.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  let text = String(decoding: out, as: UTF8.self)
  // Only complete lines count: a line cut by the kill was never acknowledged.
  var acked: [Int] = []
  for line in text.split(separator: "\n", omittingEmptySubsequences: true) where text.contains(line + "\n") {
    let parts = line.split(separator: " ")
    if parts.count == 3, parts[0] == "ok" || parts[0] == "duplicate", let n = Int(parts[1]) { acked.append(n - 1) }
  }
  let wasKilled = killed && p.terminationReason == .uncaughtSignal
  return (acked, wasKilled ? nil : p.terminationStatus, String(decoding: err, as: UTF8.self))
}

@Suite("Durability and concurrency (real processes, real SQLite)", .serialized)
struct DurabilityTests {
  // A thousand processes: minutes on a loaded 2-core machine, so the limit only catches a hang.
  @Test(.timeLimit(.minutes(8)))
  func thousandLoggingCommandsSurviveSIGKILL() throws {
    guard let binary = paybackBinary() else {
      Issue.record("the payback binary is not built (swift build --product payback)")
      return
    }
    let fixture = try LoggingFixture(people: 50, sessions: 20)
    #expect(fixture.commands.count == 1000)
    let acks = Acks()
    var pending = Array(fixture.commands.indices)
    var rounds = 0
    var generator = SystemRandomNumberGenerator()
    while !pending.isEmpty && rounds < 200 {
      rounds += 1
      // Three writers at once, each on its own slice, most of them killed at a random moment.
      let slices = stride(from: 0, to: min(pending.count, 300), by: 100).map {
        Array(pending[$0..<min($0 + 100, pending.count)])
      }
      let kills: [Double?] = slices.map { _ in
        Double.random(in: 0...1, using: &generator) < 0.7 ? Double.random(in: 0.05...0.6, using: &generator) : nil
      }
      DispatchQueue.concurrentPerform(iterations: slices.count) { w in
        let slice = slices[w]
        do {
          let r = try runLogBatch(
            binary: binary, db: fixture.path, lines: slice.map { fixture.commands[$0].line }, killAfter: kills[w])
          acks.add(r.acked.map { fixture.commands[slice[$0]].key })
          acks.addStderr(r.stderr)
          if r.status == nil { acks.killed() } else if r.status != 0 { acks.fail("exit \(r.status!): \(r.stderr)") }
        } catch {
          acks.fail("\(error)")
        }
      }
      let done = acks.acknowledged
      pending = pending.filter { !done.contains(fixture.commands[$0].key) }
    }
    #expect(pending.isEmpty, "\(pending.count) commands never acknowledged")
    #expect(acks.failureList.isEmpty, "\(acks.failureList.prefix(3))")
    #expect(!acks.errors.contains("locked"), "\(acks.errors.prefix(500))")
    #expect(acks.killCount > 0)

    // Every acknowledged entry is present, whole, exactly once; the integrity check passes.
    let ledger = try Ledger(path: fixture.path)
    let missing = try ledger.store.read { tx in
      try fixture.commands.filter { c in
        guard let e = try tx.entry(idempotencyKey: c.key) else { return true }
        return e.kind != .outcome || e.creditedMinutes != c.credited || e.recordedBy != "test" || e.code == nil
      }.map(\.key)
    }
    #expect(missing.isEmpty, "\(missing.prefix(5))")
    let outcomes = try ledger.store.read { tx in
      try tx.entries(after: 0, limit: 100_000).filter { $0.kind == .outcome }.count
    }
    #expect(outcomes == 1000)
    let report = try ledger.verify()
    #expect(report.isValid, "\(report.problems.prefix(5))")
    // P000 had 20 sessions: 4 AAME, 4 with a 30-minute penalty, 12 complied = 4 * 390 + 12 * 420 = 6600.
    #expect(try ledger.balance(person: "P000").balance.creditedMinutes == 6600)
    print("durability: \(rounds) rounds, \(acks.killCount) processes killed")
  }

  @Test(.timeLimit(.minutes(2)))
  func severalWritersAtOnceLoseNothing() throws {
    guard let binary = paybackBinary() else {
      Issue.record("the payback binary is not built (swift build --product payback)")
      return
    }
    let fixture = try LoggingFixture(people: 20, sessions: 10)
    let writers = 8
    let slices = (0..<writers).map { w in Array(stride(from: w, to: fixture.commands.count, by: writers)) }
    let acks = Acks()
    DispatchQueue.concurrentPerform(iterations: writers) { w in
      do {
        let r = try runLogBatch(
          binary: binary, db: fixture.path, lines: slices[w].map { fixture.commands[$0].line }, killAfter: nil)
        acks.add(r.acked.map { fixture.commands[slices[w][$0]].key })
        acks.addStderr(r.stderr)
        if r.status != 0 { acks.fail("exit \(r.status.map(String.init) ?? "killed"): \(r.stderr)") }
      } catch {
        acks.fail("\(error)")
      }
    }
    #expect(acks.failureList.isEmpty, "\(acks.failureList.prefix(3))")
    #expect(!acks.errors.contains("locked"), "\(acks.errors.prefix(500))")
    #expect(acks.acknowledged.count == fixture.commands.count)
    let ledger = try Ledger(path: fixture.path)
    let present = try ledger.store.read { tx in
      try fixture.commands.filter { try tx.entry(idempotencyKey: $0.key) != nil }.count
    }
    #expect(present == fixture.commands.count)
    #expect(try ledger.verify().isValid)
  }

  @Test func processesOpeningANewLedgerAtOnceImportOnce() throws {
    let dir = scratchDirectory("first-use")
    let acks = Acks()
    DispatchQueue.concurrentPerform(iterations: 6) { _ in
      do {
        let r = try payback(["import", "\(repoRoot)/instances/tiny.json", "--db", "new.sqlite", "-q"], in: dir)
        acks.add([r.1.trimmingCharacters(in: .whitespacesAndNewlines)])
        acks.addStderr(r.2)
        if r.0 != 0 { acks.fail("exit \(r.0): \(r.2)") }
      } catch {
        acks.fail("\(error)")
      }
    }
    #expect(acks.failureList.isEmpty, "\(acks.failureList.prefix(2))")
    #expect(!acks.errors.contains("locked"))
    #expect(acks.acknowledged.filter { $0.hasPrefix("recorded") }.count == 1)
    // 9 people and orders, 5 projects, 7 sessions, 2 supervisors, 2 openings (P02 and P08 have
    // less work left than a fresh 40-hour order needs), 1 pin, the settings: 36.
    #expect(acks.acknowledged.contains("nothing new; 36 unchanged"))
  }
}
