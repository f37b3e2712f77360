import ArgumentParser
import Foundation
import Ledger
import PaybackCore
import RosterCheck

/// The ledger commands.
enum LedgerCommands {
  static let all: [ParsableCommand.Type] = [
    ImportCommand.self, LogCommand.self, AdjustCommand.self, WithdrawCommand.self, BookCommand.self,
    BalanceCommand.self, HistoryCommand.self, OverdueCommand.self, AtRiskCommand.self, ExportCommand.self,
    VerifyCommand.self, WeekInstanceCommand.self, PublishCommand.self, LogBatchCommand.self, LedgerBenchCommand.self,
  ]
}

/// Where the ledger is and who is writing.
struct LedgerOptions: ParsableArguments {
  @Option(help: "The ledger file (default: $PAYBACK_DB, or payback.sqlite here). Created on first use.")
  var db: String?

  @Option(help: "Who records the entries (default: $USER).")
  var by: String?

  var path: String { db ?? ProcessInfo.processInfo.environment["PAYBACK_DB"] ?? "payback.sqlite" }
  var recorder: String { by ?? ProcessInfo.processInfo.environment["USER"] ?? "cli" }

  func open(_ global: GlobalOptions) throws -> Ledger {
    try Ledger(path: path, logger: global.logger("payback.ledger"))
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
      let l = try ledger.open(global)
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
  @Option(help: "Penalty minutes.") var penalty: Int = 0
  @Option(help: "Work quality: EXCELLENT GOOD SATISFACTORY UNSATISFACTORY POOR NOT_APPLICABLE.") var quality: String?
  @Option(help: "Behaviour, same grades.") var behaviour: String?
  @Option(help: "Notes.") var notes: String?
  @Option(help: "Idempotency key: the same key twice is recorded once.") var key: String?
  @Option(help: "The entry this corrects.") var corrects: Int64?
  @Option(help: "Why (required with --corrects).") var reason: String?
  @Flag(help: "Print the receipt as JSON.") var json = false

  func run() async throws {
    try await reportingInputErrors {
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
        finish: try parseClock(finish, "finish"), penaltyMinutes: penalty, workQuality: try grade(quality, "quality"),
        behaviour: try grade(behaviour, "behaviour"), notes: notes, recordedBy: ledger.recorder, idempotencyKey: key,
        corrects: corrects, reason: reason)
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
  @Argument(help: "Minutes.") var minutes: Int
  @Option(help: "The day it concerns, YYYY-MM-DD (default: today).") var date: String?
  @Option(help: "Notes.") var notes: String?
  @Option(help: "Idempotency key.") var key: String?
  @Option(help: "The entry this corrects.") var corrects: Int64?
  @Option(help: "Why (required with --corrects).") var reason: String?
  @Flag(help: "Print the receipt as JSON.") var json = false

  func run() async throws {
    try await reportingInputErrors {
      let l = try ledger.open(global)
      let input = AdjustmentInput(
        kind: kind == .travel ? .travel : .ete, person: person, date: try parseDate(date, "date") ?? l.now.date,
        minutes: minutes, notes: notes, recordedBy: ledger.recorder, idempotencyKey: key, corrects: corrects,
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
  @Argument(help: "Entry number.") var entry: Int64
  @Option(help: "Why.") var reason: String
  @Option(help: "Idempotency key.") var key: String?

  func run() async throws {
    try await reportingInputErrors {
      let seq = try ledger.open(global).retract(entry: entry, reason: reason, by: ledger.recorder, idempotencyKey: key)
      print("recorded entry \(seq): withdrew entry \(entry)")
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
      let b = try ledger.open(global).balance(person: person, asOf: try parseDate(asOf, "as-of"))
      print(json ? compactJSON(balanceJSON(b)) : balanceText(b))
    }
  }
}

struct HistoryCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history", abstract: "Show a person's full history, corrections included, in order.")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Argument(help: "Person id.") var person: String
  @Flag(help: "JSON Lines for scripts.") var json = false

  func run() async throws {
    try await reportingInputErrors {
      let lines = try ledger.open(global).history(person: person)
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
      let list = try ledger.open(global).atRisk(asOf: try parseDate(asOf, "as-of"))
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
    abstract: "Export the whole history (JSON Lines) or every balance (CSV).")
  enum What: String, ExpressibleByArgument { case history, balances }
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Argument(help: "history (JSON Lines) or balances (CSV).") var what: What = .history
  @Option(name: .shortAndLong, help: "Write to a file (atomically) instead of standard output.") var output: String?

  func run() async throws {
    try await reportingInputErrors {
      let l = try ledger.open(global)
      var text = ""
      switch what {
      case .history: try l.exportHistory { text += $0 + "\n" }
      case .balances: text = try l.exportBalancesCSV()
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
      if !r.isValid { throw ExitCode(1) }
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
      let w = try parseDate(week, "week")!
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
  var widths = header.map(\.count)
  for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
  func line(_ cells: [String]) -> String {
    cells.enumerated().map { i, c in
      i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
    }
    .joined(separator: "  ")
  }
  return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(
    separator: "\n")
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
    ("ete_used_minutes", .number(Double(b.eteUsedMinutes))),
    ("ete_left_minutes", .number(Double(b.eteLeftMinutes))),
    ("enforcement", .string(e.status.rawValue)),
    ("warnings", .array(e.warnings.map { .string($0.description) })),
    ("breaches", .array(e.breaches.map { .string($0.description) })),
    ("warnings_in_last_12_months", .number(Double(e.warningsInLast12Months))),
    ("pace", .string(b.pace.rawValue)),
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
  var enforcement = e.status.rawValue
  if let until = e.warningLiveUntil { enforcement += ", warning live until \(until)" }
  if !e.breaches.isEmpty { enforcement += ", breach on \(e.breaches.map(\.description).joined(separator: ", "))" }
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
    ["remaining", hoursText(b.remainingMinutes)],
    ["ETE used / left", "\(hoursText(b.eteUsedMinutes)) / \(hoursText(b.eteLeftMinutes))"],
    ["enforcement", enforcement],
    [
      "pace",
      b.pace.rawValue + (b.neededMinutesPerWeek > 0 ? " (needs \(hoursText(b.neededMinutesPerWeek)) a week)" : ""),
    ],
    [
      "overdue outcomes",
      p.overdue.isEmpty ? "none" : p.overdue.map { "\($0.session) \($0.date)" }.joined(separator: ", "),
    ],
  ]
  let w = rows.map { $0[0].count }.max() ?? 0
  return rows.map { $0[0].padding(toLength: w, withPad: " ", startingAt: 0) + "  " + $0[1] }.joined(separator: "\n")
}
