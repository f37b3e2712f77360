import ArgumentParser
import Foundation
import Ledger
import PaybackCore
import RosterCheck

/// The ledger commands.
enum LedgerCommands {
  static let all: [ParsableCommand.Type] = [
    InitCommand.self, ImportCommand.self, AmendCommand.self, CourtCommand.self, PolicyCommand.self, LogCommand.self,
    AdjustCommand.self,
    WithdrawCommand.self,
    BookCommand.self,
    BalanceCommand.self, HistoryCommand.self, OverdueCommand.self, AtRiskCommand.self, ExportCommand.self,
    VerifyCommand.self, WeekInstanceCommand.self, PublishCommand.self, LogBatchCommand.self,
  ]
}

/// Where the ledger is and who is writing.
struct LedgerOptions: ParsableArguments {
  @Option(
    help:
      "The ledger file (default: $PAYBACK_DB, or payback.sqlite here). `init` and `import` create it; every other command needs it to exist."
  )
  var db: String?

  @Option(help: "Who records the entries (default: $USER).")
  var by: String?

  var path: String { db ?? ProcessInfo.processInfo.environment["PAYBACK_DB"] ?? "payback.sqlite" }
  var recorder: String { by ?? ProcessInfo.processInfo.environment["USER"] ?? "cli" }

  /// Opens the ledger; unless `create`, a file that does not exist is bad input (a typo in
  /// `--db` must not silently start an empty ledger).
  ///
  /// `$PAYBACK_NOW` (ISO 8601, e.g. `2026-01-05T08:00:00Z`) sets the ledger's clock, for tests
  /// and training ledgers that replay a past week; it is never needed in use.
  func open(_ global: GlobalOptions, create: Bool = false) throws -> Ledger {
    if !create && !FileManager.default.fileExists(atPath: path) {
      throw InputError(
        source: path, path: "--db",
        message: "there is no ledger here; create one with `payback init` or `payback import`")
    }
    var clock: @Sendable () -> Date = { Date() }
    if let text = ProcessInfo.processInfo.environment["PAYBACK_NOW"], !text.isEmpty {
      guard let fixed = ISO8601DateFormatter().date(from: text) else {
        throw InputError(source: "PAYBACK_NOW", path: "", message: "\"\(text)\" is not an ISO 8601 time")
      }
      clock = { fixed }
    }
    return try Ledger(path: path, logger: global.logger("payback.ledger"), now: clock)
  }
}

/// A whole number the user typed, or bad input naming the field ("--penalty: "abc" is not...").
func parseWhole(_ text: String, _ field: String) throws -> Int {
  let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
  guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(text) else {
    throw InputError(source: "", path: field, message: "\"\(text)\" is not a whole number")
  }
  return v
}

func parseHours(_ text: String, _ field: String) throws -> Int {
  let parts = text.split(separator: ".", omittingEmptySubsequences: false)
  guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
    let h = Double(text), h.isFinite, h <= 100_000
  else {
    throw InputError(source: "", path: field, message: "\"\(text)\" is not a number of hours")
  }
  let m = h * 60
  guard abs(m - m.rounded()) < 1e-6 else {
    throw InputError(source: "", path: field, message: "\"\(text)\" is not a whole number of minutes")
  }
  return Int(m.rounded())
}

struct InitCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init", abstract: "Create an empty ledger (every other command but import needs one).")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions

  func run() async throws {
    try await reportingInputErrors {
      let existed = FileManager.default.fileExists(atPath: ledger.path)
      _ = try ledger.open(global, create: true)
      print(existed ? "\(ledger.path) is already a ledger" : "created \(ledger.path)")
    }
  }
}

struct AmendCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "amend",
    abstract: "Change a person's order (a court's variation), recorded with who, when and why.",
    discussion: """
      Only the options given change. Refused, with nothing written, when it contradicts the history \
      (outcomes before a new sentence date, more credited than the new hours, travel already \
      credited on an order made not eligible) or breaks a legal rule (40 to 300 hours).
      """)
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Argument(help: "Person id.") var person: String
  @Option(help: "Hours ordered.") var hours: String?
  @Option(help: "Sentence date, YYYY-MM-DD.") var sentenceDate: String?
  @Option(help: "community_order, suspended_sentence_order or youth_rehabilitation_order.") var type: String?
  @Option(help: "Last day work may be done, YYYY-MM-DD.") var deadline: String?
  @Flag(help: "The order has no time limit.") var noDeadline = false
  @Option(help: "yes or no.") var travelEligible: String?
  @Option(help: "First day they may work, YYYY-MM-DD.") var startDate: String?
  @Option(help: "A suspended sentence order's last operational day, YYYY-MM-DD.") var operationalPeriodEnd: String?
  @Option(help: "Why (required).") var reason: String
  @Option(help: "Idempotency key.") var key: String?

  func run() async throws {
    try await reportingInputErrors {
      var change = OrderAmendment()
      change.orderedMinutes = try hours.map { try parseHours($0, "--hours") }
      change.sentenceDate = try parseDate(sentenceDate, "--sentence-date")
      if let type {
        guard let t = OrderType(text: type) else {
          throw InputError(
            source: "", path: "--type", message: "\"\(type)\" is not one of \(OrderType.names)")
        }
        change.type = t
      }
      change.deadline = try parseDate(deadline, "--deadline")
      change.removeDeadline = noDeadline
      if noDeadline && deadline != nil {
        throw InputError(source: "", path: "--deadline", message: "give --deadline or --no-deadline, not both")
      }
      if let travelEligible {
        switch travelEligible.lowercased() {
        case "yes", "y", "true": change.travelEligible = true
        case "no", "n", "false": change.travelEligible = false
        default:
          throw InputError(source: "", path: "--travel-eligible", message: "\"\(travelEligible)\" is not yes or no")
        }
      }
      change.startDate = try parseDate(startDate, "--start-date")
      change.operationalPeriodEnd = try parseDate(operationalPeriodEnd, "--operational-period-end")
      let seq = try ledger.open(global).amendOrder(
        person: person, change, reason: reason, by: ledger.recorder, idempotencyKey: key)
      print("recorded entry \(seq): amended the order of \(person)")
    }
  }
}

func parseClock(_ text: String?, _ field: String) throws -> Int? {
  guard let text else { return nil }
  guard let t = ClockTime(text) else {
    throw InputError(source: "", path: field, message: "\"\(text)\" is not a time (HH:MM)")
  }
  return t.minutes
}

func parseDate(_ text: String?, _ field: String) throws -> CalendarDate? {
  guard let text else { return nil }
  return try CalendarDate.parse(text, field: field)
}

struct ImportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import people and orders, projects, sessions and supervisors (CSV) or an instance (JSON).",
    discussion: """
      All files go in one transaction: any problem (reported with file, row and field) and nothing \
      is written. CSV headers are described in docs/ledger.md; a .json file is read as a \
      payback-instance/1 week. Records identical to the ledger's are skipped, changed ones recorded \
      as new versions.
      """)
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Argument(help: "CSV or instance JSON files.") var files: [String]

  func run() async throws {
    try await reportingInputErrors {
      let batch = try Ledger.readFiles(files)
      let l = try ledger.open(global, create: true)
      let summary = try l.importBatch(batch, by: ledger.recorder, source: files.joined(separator: " "))
      print(summary)
    }
  }
}

struct LogCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "log",
    abstract: "Record the outcome of a person's appointment on a session.",
    discussion: """
      CODE is one of: \(OutcomeCode.allCases.map(\.rawValue).joined(separator: " ")). Attended outcomes \
      need --start and --finish; credit = finish - start - penalty. A future appointment only takes an \
      acceptable absence or a reschedule. To change an outcome, log the right one with --corrects ENTRY \
      --reason TEXT. The same --key twice is recorded once.
      """)
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Argument(help: "Person id.") var person: String
  @Argument(help: "Session id.") var session: String
  @Argument(help: "Outcome code.") var code: String
  @Option(help: "Start time, HH:MM.") var start: String?
  @Option(help: "Finish time, HH:MM.") var finish: String?
  @Option(parsing: .unconditional, help: "Penalty minutes.") var penalty: String = "0"
  @Option(help: "Work quality: EXCELLENT GOOD SATISFACTORY UNSATISFACTORY POOR NOT_APPLICABLE.") var quality: String?
  @Option(help: "Behaviour, same grades.") var behaviour: String?
  @Option(help: "Notes.") var notes: String?
  @Option(help: "Idempotency key: the same key twice is recorded once.") var key: String?
  @Option(parsing: .unconditional, help: "The entry this corrects.") var corrects: String?
  @Option(help: "Why (required with --corrects).") var reason: String?
  @Option(help: "With RSSR or RSOF: the session of the replacement appointment, booked at once.") var rebook: String?
  @Flag(help: "Print the receipt as JSON.") var json = false

  func run() async throws {
    try await reportingInputErrors {
      let penaltyMinutes = try parseWhole(penalty, "--penalty")
      let correctsEntry = try corrects.map { Int64(try parseWhole($0, "--corrects")) }
      guard let c = OutcomeCode(code: code) else {
        throw InputError(
          source: "", path: "code",
          message: "\"\(code)\" is not an outcome code (\(OutcomeCode.allCases.map(\.rawValue).joined(separator: " ")))"
        )
      }
      func grade(_ s: String?, _ f: String) throws -> WorkGrade? {
        guard let s else { return nil }
        guard let g = WorkGrade(grade: s) else {
          throw InputError(
            source: "", path: f,
            message: "\"\(s)\" is not a grade (\(WorkGrade.allCases.map(\.rawValue).joined(separator: " ")))")
        }
        return g
      }
      let input = OutcomeInput(
        person: person, session: session, code: c, start: try parseClock(start, "start"),
        finish: try parseClock(finish, "finish"), penaltyMinutes: penaltyMinutes,
        workQuality: try grade(quality, "quality"), behaviour: try grade(behaviour, "behaviour"), notes: notes,
        recordedBy: ledger.recorder, idempotencyKey: key, corrects: correctsEntry, reason: reason, rebookOn: rebook)
      let r = try ledger.open(global).logOutcome(input)
      printReceipt(r, json: json, what: "\(c) for \(person) on \(session)")
    }
  }
}

func printReceipt(_ r: Receipt, json: Bool, what: String) {
  if json {
    print(
      compactJSON(
        .object([
          ("entry", .number(Double(r.seq))), ("duplicate", .bool(r.duplicate)),
          ("credited_minutes", .number(Double(r.creditedMinutes))),
          ("remaining_minutes", .number(Double(r.balance.balance.remainingMinutes))),
        ])))
  } else {
    print(
      (r.duplicate ? "already recorded as entry \(r.seq): " : "recorded entry \(r.seq): ") + what
        + ", credited \(hoursText(r.creditedMinutes)); \(hoursText(r.balance.balance.remainingMinutes)) still owed")
  }
}

struct AdjustCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "adjust",
    abstract: "Record a travel-time adjustment (at most 180 minutes, eligible people only) or an ETE credit.")
  enum Kind: String, ExpressibleByArgument { case travel, ete }
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Argument(help: "travel or ete.") var kind: Kind
  @Argument(help: "Person id.") var person: String
  // Read as text (and unrecognised dashes kept) so that "-30" is refused by the rules, naming
  // the field, rather than taken for an option.
  @Argument(parsing: .allUnrecognized, help: "Minutes.") var minutes: [String] = []
  @Option(help: "The day it concerns, YYYY-MM-DD (default: today).") var date: String?
  @Option(help: "Notes.") var notes: String?
  @Option(help: "Idempotency key.") var key: String?
  @Option(parsing: .unconditional, help: "The entry this corrects.") var corrects: String?
  @Option(help: "Why (required with --corrects).") var reason: String?
  @Flag(help: "Print the receipt as JSON.") var json = false

  func run() async throws {
    try await reportingInputErrors {
      guard minutes.count == 1 else {
        throw InputError(source: "", path: "minutes", message: "give one number of minutes (got \(minutes.count))")
      }
      let m = try parseWhole(minutes[0], "minutes")
      let correctsEntry = try corrects.map { Int64(try parseWhole($0, "--corrects")) }
      let day = try parseDate(date, "--date")
      let l = try ledger.open(global)
      let input = AdjustmentInput(
        kind: kind == .travel ? .travel : .ete, person: person, date: day ?? l.now.date,
        minutes: m, notes: notes, recordedBy: ledger.recorder, idempotencyKey: key, corrects: correctsEntry,
        reason: reason)
      printReceipt(try l.logAdjustment(input), json: json, what: "\(kind.rawValue) for \(person)")
    }
  }
}

struct WithdrawCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "withdraw",
    abstract: "Withdraw an outcome, adjustment or booking recorded in error (it stays in the history).")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Argument(help: "Entry number.") var entry: String
  @Option(help: "Why.") var reason: String
  @Option(help: "Idempotency key.") var key: String?

  func run() async throws {
    try await reportingInputErrors {
      let number = Int64(try parseWhole(entry, "entry"))
      let seq = try ledger.open(global).retract(entry: number, reason: reason, by: ledger.recorder, idempotencyKey: key)
      print("recorded entry \(seq): withdrew entry \(number)")
    }
  }
}

struct BookCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "book", abstract: "Book a person on a session by hand (a pin for the week's roster).")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Argument(help: "Person id.") var person: String
  @Argument(help: "Session id.") var session: String

  func run() async throws {
    try await reportingInputErrors {
      let a = try ledger.open(global).book(person: person, session: session, by: ledger.recorder)
      print("appointment \(a.seq): \(person) on \(session) (\(a.date))")
    }
  }
}

struct BalanceCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "balance", abstract: "Show a person's balance, computed from their history.")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Argument(help: "Person id.") var person: String
  @Option(help: "As of a date, YYYY-MM-DD (default: now).") var asOf: String?
  @Flag(help: "JSON for scripts.") var json = false

  func run() async throws {
    try await reportingInputErrors {
      let b = try ledger.open(global).balance(person: person, asOf: try parseDate(asOf, "--as-of"))
      print(json ? compactJSON(balanceJSON(b)) : balanceText(b))
    }
  }
}

struct HistoryCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history",
    abstract: "Show a person's full history, corrections included, in appointment order (or recording order).")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Argument(help: "Person id.") var person: String
  @Flag(help: "In the order entries were recorded, not the order they happened.") var recordingOrder = false
  @Flag(help: "JSON Lines for scripts.") var json = false

  func run() async throws {
    try await reportingInputErrors {
      let lines = try ledger.open(global).history(
        person: person, order: recordingOrder ? .recording : .appointment)
      if json {
        for l in lines { print(Ledger.entryJSON(l.entry)) }
        return
      }
      let fmt = DateFormatter()
      fmt.dateFormat = "yyyy-MM-dd HH:mm"
      print(
        table(
          ["entry", "recorded", "by", "what", "status"],
          lines.map { l in
            [
              "\(l.entry.seq)", fmt.string(from: Date(timeIntervalSince1970: TimeInterval(l.entry.recordedAt))),
              l.entry.recordedBy, l.summary, l.supersededBy.map { "replaced by \($0)" } ?? "",
            ]
          }))
    }
  }
}

struct OverdueCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "overdue", abstract: "List appointments that have ended with no outcome recorded.")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Flag(help: "JSON for scripts.") var json = false

  func run() async throws {
    try await reportingInputErrors {
      let list = try ledger.open(global).overdue()
      if json {
        print(compactJSON(.array(list.map(appointmentJSON))))
      } else if list.isEmpty {
        print("no outcomes overdue")
      } else {
        print(
          table(
            ["appointment", "date", "time", "person", "session"],
            list.map { ["\($0.seq)", "\($0.date)", slot($0.start, $0.end), $0.person, $0.session] }))
      }
    }
  }
}

struct AtRiskCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "at-risk",
    abstract: "List people behind the pace their deadline needs, past it, or with a breach due.")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Option(help: "As of a date, YYYY-MM-DD (default: now).") var asOf: String?
  @Flag(help: "JSON for scripts.") var json = false

  func run() async throws {
    try await reportingInputErrors {
      let list = try ledger.open(global).atRisk(asOf: try parseDate(asOf, "--as-of"))
      if json {
        print(compactJSON(.array(list.map(balanceJSON))))
      } else if list.isEmpty {
        print("nobody at risk")
      } else {
        print(
          table(
            ["person", "remaining", "deadline", "needs a week", "pace", "enforcement"],
            list.map {
              [
                $0.person.id, hoursText($0.balance.remainingMinutes), $0.order.deadline?.description ?? "none",
                hoursText($0.balance.neededMinutesPerWeek), $0.balance.pace.rawValue,
                $0.balance.enforcement.status.rawValue,
              ]
            }))
      }
    }
  }
}

struct ExportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export the history (JSON Lines or CSV), every balance (CSV, hours and H:MM) or a person's statement."
  )
  enum What: String, ExpressibleByArgument {
    case history, balances, statement
    case historyCSV = "history-csv"
  }
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Argument(help: "history (JSON Lines), history-csv, balances (CSV) or statement (needs --person).")
  var what: What = .history
  @Option(help: "One person (statement, history-csv).") var person: String?
  @Option(help: "From this day, YYYY-MM-DD (statement, history-csv).") var from: String?
  @Option(help: "Up to this day, YYYY-MM-DD (statement, history-csv; balances: as of).") var to: String?
  @Option(name: .shortAndLong, help: "Write to a file (atomically) instead of standard output.") var output: String?

  func run() async throws {
    try await reportingInputErrors {
      let fromDay = try parseDate(from, "--from")
      let toDay = try parseDate(to, "--to")
      if let a = fromDay, let b = toDay, b < a {
        throw InputError(source: "", path: "--to", message: "\(b) is before --from \(a)")
      }
      let l = try ledger.open(global)
      var text = ""
      switch what {
      case .history: try l.exportHistory { text += $0 + "\n" }
      case .historyCSV: text = try l.exportHistoryCSV(person: person, from: fromDay, to: toDay)
      case .balances: text = try l.exportBalancesCSV(asOf: toDay)
      case .statement:
        guard let person else {
          throw InputError(source: "", path: "--person", message: "a statement is for one person (--person ID)")
        }
        text = try l.statement(person: person, from: fromDay, to: toDay)
      }
      if let output { try writeAtomically(text, to: output) } else { print(text, terminator: "") }
    }
  }
}

struct VerifyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Integrity check: the database's own check, every entry, every balance recomputed from the history.")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions

  func run() async throws {
    try await reportingInputErrors {
      let r = try ledger.open(global).verify()
      for p in r.problems.prefix(100) { print(p) }
      print(
        "\(r.entries) entries, \(r.people) people, \(r.balances) balances recomputed: "
          + (r.isValid ? "ok" : "\(r.problems.count) problems"))
      if !r.isValid { throw ExitCode(ExitStatus.problemsFound.rawValue) }
    }
  }
}

struct WeekInstanceCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "week-instance",
    abstract: "Write the week's roster problem (payback-instance/1) built from the ledger.")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Option(help: "The Monday that starts the week, YYYY-MM-DD.") var week: String
  @Option(help: "Only this area (repeat for a region).") var area: [String] = []
  @Option(name: .shortAndLong, help: "Write to a file (atomically) instead of standard output.") var output: String?

  func run() async throws {
    try await reportingInputErrors {
      let w = try CalendarDate.parse(week, field: "--week")
      let i = try ledger.open(global).weekInstance(weekStart: w, areas: area.isEmpty ? nil : Set(area))
      let text = i.json.serialized()
      if let output { try writeAtomically(text, to: output) } else { print(text, terminator: "") }
    }
  }
}

struct PublishCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "publish",
    abstract: "Record a roster file's bookings as appointments (checked against the week built from the ledger).",
    discussion: "One transaction; publishing the same week twice books once.")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Argument(help: "A payback-roster/1 file for a week of this ledger.") var roster: String

  func run() async throws {
    try await reportingInputErrors {
      let r = try Roster.load(from: roster)
      let l = try ledger.open(global)
      let instance = try l.weekInstance(weekStart: r.weekStart)
      let check = RosterChecker.check(r, against: instance)
      if !check.isValid {
        throw InputError(
          source: roster, problems: check.violations.prefix(50).map { .init(path: "", message: "\($0)") })
      }
      print(try l.publish(r, for: instance, by: ledger.recorder))
    }
  }
}

// MARK: - Output

func slot(_ a: Int?, _ b: Int?) -> String {
  func t(_ m: Int?) -> String { m.flatMap { ClockTime(minutes: $0)?.description } ?? "--:--" }
  return "\(t(a))-\(t(b))"
}

/// Columns aligned on the widest cell.
func table(_ header: [String], _ rows: [[String]]) -> String {
  var table = TextTable(header)
  table.rows = rows
  return table.render()
}

func appointmentJSON(_ a: Appointment) -> JSONValue {
  var m: [(String, JSONValue)] = [
    ("appointment", .number(Double(a.seq))), ("person", .string(a.person)), ("session", .string(a.session)),
    ("date", .string(a.date.description)), ("minutes", .number(Double(a.minutes))), ("source", .string(a.source)),
  ]
  if let s = a.start, let t = ClockTime(minutes: s) { m.append(("start", .string(t.description))) }
  if let s = a.end, let t = ClockTime(minutes: s) { m.append(("end", .string(t.description))) }
  return .object(m)
}

func balanceJSON(_ p: PersonBalance) -> JSONValue {
  let b = p.balance
  let e = b.enforcement
  return .object([
    ("person", .string(p.person.id)),
    ("order_type", .string(p.order.type.rawValue)),
    ("sentence_date", .string(p.order.sentenceDate.description)),
    ("deadline", p.order.deadline.map { .string($0.description) } ?? .null),
    ("ordered_minutes", .number(Double(b.orderedMinutes))),
    ("credited_minutes", .number(Double(b.creditedMinutes))),
    ("travel_minutes", .number(Double(b.travelMinutes))),
    ("earned_reduction_minutes", .number(Double(b.earnedReduction.minutes))),
    ("earned_reduction_ended", b.earnedReduction.endedOn.map { .string($0.description) } ?? .null),
    ("remaining_minutes", .number(Double(b.remainingMinutes))),
    ("work_needed_minutes", .number(Double(b.workNeededMinutes))),
    ("ended_on", b.endedOn.map { .string($0.description) } ?? .null),
    ("termination", b.termination.map { .string($0.kind.rawValue) } ?? .null),
    ("court_outcomes", .array(e.courtOutcomes.map { .string($0.description) })),
    ("lost_minutes", .number(Double(b.lostMinutes))),
    ("ete_used_minutes", .number(Double(b.eteUsedMinutes))),
    ("ete_left_minutes", .number(Double(b.eteLeftMinutes))),
    ("enforcement", .string(e.status.rawValue)),
    ("warnings", .array(e.warnings.map { .string($0.description) })),
    ("breaches", .array(e.breaches.map { .string($0.description) })),
    ("warnings_in_last_12_months", .number(Double(e.warningsInLast12Months))),
    ("pace", .string(b.pace.rawValue)),
    ("person_requested_reschedules", .number(Double(p.personRequestedReschedules))),
    ("needed_minutes_per_week", .number(Double(b.neededMinutesPerWeek))),
    ("overdue", .array(p.overdue.map(appointmentJSON))),
    ("as_of", .string(b.asOf.description)),
  ])
}

func balanceText(_ p: PersonBalance) -> String {
  let b = p.balance
  let e = b.enforcement
  var er = hoursText(b.earnedReduction.minutes)
  if let end = b.earnedReduction.endedOn {
    er += " (eligibility ended \(end))"
  } else if !b.earnedReduction.applies {
    er += " (not applied)"
  } else if !b.earnedReduction.thresholdReached {
    er += " (starts after \(hoursText(b.earnedReduction.thresholdMinutes)) worked)"
  }
  var ended = b.endedOn.map { " (order ended \($0), \(hoursText(b.lostMinutes)) lost)" } ?? ""
  if let t = b.termination, t.kind == .revoked {
    ended = " (order revoked \(t.on), \(hoursText(t.outstandingMinutes)) outstanding then)"
  } else if let t = b.termination, t.kind == .completed {
    ended = " (completed \(t.on))"
  }
  var enforcement = e.status.rawValue
  if let until = e.warningLiveUntil { enforcement += ", warning live until \(until)" }
  if !e.breaches.isEmpty { enforcement += ", breach on \(e.breaches.map(\.description).joined(separator: ", "))" }
  if !e.courtOutcomes.isEmpty {
    enforcement += ", dealt with by the court on \(e.courtOutcomes.map(\.description).joined(separator: ", "))"
  }
  let rows: [[String]] = [
    ["person", "\(p.person.id)\(p.person.name.map { " (\($0))" } ?? "")"],
    [
      "order",
      "\(p.order.type.rawValue), sentenced \(p.order.sentenceDate), deadline \(p.order.deadline?.description ?? "none")",
    ],
    ["ordered", hoursText(b.orderedMinutes)],
    ["credited", hoursText(b.creditedMinutes)],
    ["travel", hoursText(b.travelMinutes)],
    ["earned reduction", er],
    ["remaining", hoursText(b.remainingMinutes) + ended],
    [
      "work needed",
      hoursText(b.workNeededMinutes)
        + (b.workNeededMinutes < b.remainingMinutes ? " (with the reduction it earns)" : ""),
    ],
    ["ETE used / left", "\(hoursText(b.eteUsedMinutes)) / \(hoursText(b.eteLeftMinutes))"],
    ["enforcement", enforcement],
    ["reschedules asked for", "\(p.personRequestedReschedules)"],
    [
      "pace",
      b.pace.rawValue + (b.neededMinutesPerWeek > 0 ? " (needs \(hoursText(b.neededMinutesPerWeek)) a week)" : ""),
    ],
    [
      "overdue outcomes",
      p.overdue.isEmpty ? "none" : p.overdue.map { "\($0.session) \($0.date)" }.joined(separator: ", "),
    ],
  ]
  return TextTable.pairs(rows.map { ($0[0], $0[1]) })
}
