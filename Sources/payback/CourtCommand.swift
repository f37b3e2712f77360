import ArgumentParser
import Foundation
import Ledger
import PaybackCore

/// `payback court`: what the court decided after a breach.
struct CourtCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "court",
    abstract: "Record what a court decided after a breach.",
    discussion: """
      DECISION is one of: \(CourtDecision.names). hours_added needs --hours (the order stays within \
      300 hours), period_extended needs --until (a later last day), fine needs --amount (pounds). \
      Every decision deals with the breaches due: the enforcement count starts afresh. revoked ends \
      the order that day and cancels later bookings. Refused, with nothing written, when no breach is \
      due on --date. To change a decision recorded in error: --corrects ENTRY --reason TEXT, or \
      `payback withdraw ENTRY`.
      """)
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Argument(help: "Person id.") var person: String
  @Argument(help: "The decision: \(CourtDecision.names).") var decision: String
  @Option(help: "The day of the hearing, YYYY-MM-DD.") var date: String
  @Option(parsing: .unconditional, help: "hours_added: hours added to the order.") var hours: String?
  @Option(help: "period_extended: the new last day for the work, YYYY-MM-DD.") var until: String?
  @Option(parsing: .unconditional, help: "fine: the amount in pounds (e.g. 150 or 85.50).") var amount: String?
  @Option(help: "Notes.") var notes: String?
  @Option(help: "Idempotency key: the same key twice is recorded once.") var key: String?
  @Option(parsing: .unconditional, help: "The court outcome this corrects.") var corrects: String?
  @Option(help: "Why (required with --corrects).") var reason: String?
  @Flag(help: "Print the receipt as JSON.") var json = false

  func validate() throws {
    guard let d = CourtDecision(text: decision) else {
      throw ValidationError("decision: \"\(decision)\" is not one of \(CourtDecision.names)")
    }
    let needs: [(CourtDecision, String, String?)] = [
      (.hoursAdded, "--hours", hours), (.periodExtended, "--until", until), (.fine, "--amount", amount),
    ]
    for (owner, name, value) in needs {
      if d == owner && value == nil { throw ValidationError("\(name): \(owner) needs \(name)") }
      if d != owner && value != nil { throw ValidationError("\(name): only \(owner) takes \(name), not \(d)") }
    }
  }

  /// Pounds and pence as typed ("150", "85.50") in pence, or bad input naming --amount.
  static func pence(_ text: String) throws -> Int {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count),
      parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      parts.count == 1 || parts[1].count <= 2, parts[0].count <= 9, let pounds = Int(parts[0])
    else {
      throw InputError(source: "", path: "--amount", message: "\"\(text)\" is not an amount in pounds (e.g. 85.50)")
    }
    let p = parts.count == 2 ? Int(parts[1].padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0 : 0
    return pounds * 100 + p
  }

  func run() async throws {
    try await reportingInputErrors {
      let d = CourtDecision(text: decision)!
      let input = CourtOutcomeInput(
        person: person, date: try CalendarDate.parse(date, field: "--date"), decision: d,
        addedMinutes: try hours.map { try parseHours($0, "--hours") }, extendedTo: try parseDate(until, "--until"),
        finePence: try amount.map(Self.pence), notes: notes, recordedBy: ledger.recorder, idempotencyKey: key,
        corrects: try corrects.map { Int64(try parseWhole($0, "--corrects")) }, reason: reason)
      let r = try ledger.open(global).recordCourtOutcome(input)
      printReceipt(r, json: json, what: "court outcome \(d) for \(person) on \(input.date)")
    }
  }
}
