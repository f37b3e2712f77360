import ArgumentParser
import Foundation
import Ledger
import Logging
import PaybackCore

/// Figures from ``LedgerBenchmark/run(directory:people:weeks:logs:logger:)``.
struct LedgerBenchmarkResult: Sendable, CustomStringConvertible {
  var people = 0
  var entries = 0
  /// Seconds to build the history with one bulk transaction.
  var buildSeconds = 0.0
  /// Durable single-entry writes (one transaction, synchronous=FULL, each) per second.
  var loggingPerSecond = 0.0
  var logs = 0
  /// Median and worst seconds to compute one person's balance from their history.
  var balanceMedianSeconds = 0.0
  var balanceMaxSeconds = 0.0
  /// Seconds to build one region's week instance, and its size.
  var regionWeekSeconds = 0.0
  var regionPeople = 0
  var regionSessions = 0
  /// Seconds to serialise that instance as JSON.
  var regionJSONSeconds = 0.0
  var databaseBytes: Int64 = 0
  var bytesPerMillionEntries: Double { entries == 0 ? 0 : Double(databaseBytes) / Double(entries) * 1e6 }

  var description: String {
    func f(_ v: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", v) }
    return """
      people                         \(people)
      entries                        \(entries)
      bulk build                     \(f(buildSeconds, 1)) s (one transaction)
      logging, durable               \(f(loggingPerSecond, 1)) entries/s (\(logs) single-entry transactions)
      balance of one person          median \(f(balanceMedianSeconds * 1000, 2)) ms, worst \(f(balanceMaxSeconds * 1000, 2)) ms
      region week instance           \(f(regionWeekSeconds, 2)) s (\(regionPeople) people, \(regionSessions) sessions) + JSON \(f(regionJSONSeconds, 2)) s
      database size                  \(databaseBytes / 1_000_000) MB, \(f(bytesPerMillionEntries / 1_000_000, 1)) MB per million entries
      """
  }
}

/// The ledger's benchmarks: a national-scale history built in bulk, then the operations users wait on.
///
/// The history: `people` people in 120 areas (12 regions of 10), each booked on one group session a
/// week (a half day) for `weeks` weeks with an outcome for each (two entries a week: appointment and outcome),
/// plus reference data. 50,000 people over 50 weeks gives about 5.3 million entries.
enum LedgerBenchmark {
  static func run(
    directory: String, people: Int = 50_000, weeks: Int = 50, logs: Int = 500,
    logger: Logger = Logger(label: "payback.ledger.bench")
  ) throws -> LedgerBenchmarkResult {
    var result = LedgerBenchmarkResult()
    result.people = people
    let path = directory + "/ledger-bench.sqlite"
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    let firstMonday = CalendarDate("2025-12-01")!
    let benchNow = firstMonday.adding(days: 7 * weeks + 2)  // Wednesday of the week after the history
    let nowDate = Date(timeIntervalSince1970: Double(benchNow.dayNumber) * 86400 + 12 * 3600)
    let store = try SQLiteLedgerStore(path: path)
    let ledger = Ledger(
      store: store, logger: logger, timeZone: TimeZone(identifier: "UTC")!, now: { nowDate })

    let areas = (0..<120).map { "area\($0)" }
    func area(of i: Int) -> Int { i % 120 }
    let perArea = (people + 119) / 120
    let sessionsPerArea = (perArea + 7) / 8
    let start = Date()
    try store.write { tx in
      var stamp = StoredEntry(kind: .person, recordedBy: "bench", recordedAt: Int64(Date().timeIntervalSince1970))
      func put(_ kind: EntryKind, _ id: String, _ data: String, person: String? = nil, date: Int? = nil) throws {
        stamp.kind = kind
        stamp.subject = id
        stamp.personId = person
        stamp.data = data
        stamp.date = date
        _ = try tx.append(stamp)
      }
      for (a, name) in areas.enumerated() {
        try put(.project, "PRJ\(a)", Ledger.encode(ProjectRecord(id: "PRJ\(a)", kind: .group, area: name)))
        try put(
          .supervisor, "SUP\(a)",
          Ledger.encode(
            SupervisorRecord(id: "SUP\(a)", areas: [name], available: Weekday.allCases, maxSessions: 7)))
      }
      // Sessions: every area, every week of the history and the week after it, on Saturdays.
      for w in 0...weeks {
        let day = firstMonday.adding(days: 7 * w + 5)
        for a in 0..<120 {
          for k in 0..<sessionsPerArea {
            let id = "S\(a)-\(w)-\(k)"
            try put(
              .session, id,
              Ledger.encode(
                SessionRecord(
                  id: id, project: "PRJ\(a)", date: day, start: 540, end: 750, minutes: 210, capacity: 8)),
              date: day.dayNumber)
          }
        }
      }
      for i in 0..<people {
        let id = "P\(i)"
        try put(
          .person, id,
          Ledger.encode(PersonRecord(id: id, risk: .low, available: [.sat, .sun], areas: [areas[area(of: i)]])),
          person: id)
        try put(
          .order, id,
          Ledger.encode(
            OrderRecord(
              person: id, orderedMinutes: 300 * 60, sentenceDate: firstMonday.adding(days: -7),
              deadline: firstMonday.adding(days: 700))),
          person: id)
      }
      // Appointments and outcomes, week by week: mostly complied, some absences and penalties.
      var e = StoredEntry(kind: .appointment, recordedBy: "bench", recordedAt: stamp.recordedAt)
      for w in 0..<weeks {
        let day = firstMonday.adding(days: 7 * w + 5)
        for i in 0..<people {
          let a = area(of: i)
          let session = "S\(a)-\(w)-\((i / 120) / 8)"
          e = StoredEntry(kind: .appointment, recordedBy: "bench", recordedAt: stamp.recordedAt)
          e.personId = "P\(i)"
          e.sessionId = session
          e.date = day.dayNumber
          e.slotStart = 540
          e.slotEnd = 750
          e.minutes = 210
          e.source = "roster:\(firstMonday.adding(days: 7 * w))"
          let appt = try tx.append(e)
          var o = StoredEntry(kind: .outcome, recordedBy: "bench", recordedAt: stamp.recordedAt)
          o.personId = e.personId
          o.sessionId = session
          o.appointmentSeq = appt
          o.date = e.date
          o.slotStart = 540
          o.slotEnd = 750
          o.minutes = 210
          // Half days (3.5 h) keep a 300-hour order open over 50 weeks, earned reduction included.
          let roll = (i &* 31 &+ w &* 17) % 20
          if roll == 0 {
            o.code = OutcomeCode.AAME.rawValue
            o.creditedMinutes = 0
            o.penaltyMinutes = 0
          } else {
            o.code = OutcomeCode.ATTC.rawValue
            o.startMinute = 540
            o.finishMinute = 750
            o.penaltyMinutes = roll == 1 ? 30 : 0
            o.creditedMinutes = 210 - (o.penaltyMinutes ?? 0)
            o.quality = WorkGrade.GOOD.rawValue
            o.behaviour = WorkGrade.GOOD.rawValue
          }
          _ = try tx.append(o)
        }
        logger.info("bench: built week \(w + 1) of \(weeks)")
      }
    }
    result.buildSeconds = Date().timeIntervalSince(start)
    result.entries = try store.read { try $0.entryCount() }
    logger.info("bench: \(result.entries) entries in \(result.buildSeconds) s")

    // Balance of one person: 200 people spread over the population.
    var times: [Double] = []
    for k in 0..<200 {
      let id = "P\((k * 7919) % people)"
      let t0 = Date()
      _ = try ledger.balance(person: id)
      times.append(Date().timeIntervalSince(t0))
    }
    times.sort()
    result.balanceMedianSeconds = times[times.count / 2]
    result.balanceMaxSeconds = times.last ?? 0

    // A region's week: 10 areas of 120, the week after the history.
    let region = Set(areas[0..<10])
    let t1 = Date()
    let week = try ledger.weekInstance(weekStart: firstMonday.adding(days: 7 * weeks), areas: region)
    result.regionWeekSeconds = Date().timeIntervalSince(t1)
    result.regionPeople = week.people.count
    result.regionSessions = week.sessions.count
    let t2 = Date()
    _ = week.json.serialized()
    result.regionJSONSeconds = Date().timeIntervalSince(t2)

    // Durable logging: book and log `logs` outcomes for the week after the history, one
    // transaction per outcome (each acknowledged after fsync).
    for i in 0..<logs {
      _ = try ledger.book(person: "P\(i)", session: "S\(area(of: i))-\(weeks)-\((i / 120) / 8)", by: "bench")
    }
    let t3 = Date()
    for i in 0..<logs {
      try ledger.logOutcome(
        OutcomeInput(
          person: "P\(i)", session: "S\(area(of: i))-\(weeks)-\((i / 120) / 8)", code: .AAME, recordedBy: "bench",
          idempotencyKey: "bench-\(i)"))
    }
    result.logs = logs
    result.loggingPerSecond = Double(logs) / Date().timeIntervalSince(t3)

    // The file and its write-ahead log together: what the history takes on disk before a checkpoint.
    result.databaseBytes = ["", "-wal"].reduce(0) { total, suffix in
      let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix)
      return total + ((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
    }
    return result
  }
}

/// `payback-bench ledger`: the ledger's benchmarks (see benchmarks/ledger/RESULTS.md).
struct LedgerBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ledger",
    abstract: "Measure the ledger at national scale: bulk build, durable logging, balances, a region's week.")
  @Option(help: "Directory for the benchmark database (it is replaced).") var directory: String = "."
  @Option(help: "People.") var people: Int = 50_000
  @Option(help: "Weeks of history (two entries a person a week).") var weeks: Int = 50
  @Option(help: "Durable single-entry writes to time.") var logs: Int = 500

  func validate() throws {
    guard people >= 120, weeks >= 1, logs >= 0, logs <= people else {
      throw ValidationError("--people at least 120, --weeks at least 1, --logs from 0 to --people")
    }
  }

  func run() throws {
    var logger = Logger(label: "payback.ledger.bench") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = .info
    print(try LedgerBenchmark.run(directory: directory, people: people, weeks: weeks, logs: logs, logger: logger))
  }
}
