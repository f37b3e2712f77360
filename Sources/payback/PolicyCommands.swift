import ArgumentParser
import Foundation
import Ledger
import PaybackCore

/// `payback policy show|set`: the ledger's policies and their history.
struct PolicyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "policy",
    abstract:
      "Show or change the ledger's policies (earned reduction, ETE share, travel cap, warning window, time window).",
    subcommands: [PolicyShowCommand.self, PolicySetCommand.self], defaultSubcommand: PolicyShowCommand.self)
}

struct PolicyShowCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "The policies in force, and every change with who, when and why.")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Flag(help: "Print as JSON.") var json = false

  func run() async throws {
    try await reportingInputErrors {
      let l = try ledger.open(global)
      let p = try l.currentPolicy()
      let history = try l.policyHistory()
      if json {
        var settings: [(String, JSONValue)] = []
        for s in Ledger.policySettings(p) {
          settings.append((s.name, s.range == nil ? .bool(p.earnedReduction) : .number(Double(Int(s.value) ?? 0))))
        }
        let changes: [JSONValue] = history.map { h in
          .object([
            ("entry", .number(Double(h.seq))), ("recorded_at", .string(Self.time(h.recordedAt))),
            ("recorded_by", .string(h.recordedBy)), ("reason", .string(h.reason)),
            ("changes", .array(h.changes.map { .string($0) })),
          ])
        }
        print(compactJSON(.object([("policy", .object(settings)), ("history", .array(changes))])))
        return
      }
      print(history.isEmpty ? "policies (standard: none set in this ledger)" : "policies")
      for s in Ledger.policySettings(p) {
        print("  \(s.name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(s.value)")
      }
      for h in history {
        print(
          "entry \(h.seq), \(Self.time(h.recordedAt)) by \(h.recordedBy): \(h.changes.joined(separator: ", ")) (\(h.reason))"
        )
      }
    }
  }

  static func time(_ seconds: Int64) -> String {
    ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }
}

struct PolicySetCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "set",
    abstract: "Change policies, recorded with who, when and why; every balance then uses them.",
    discussion: """
      Refused, with nothing written, when a value is out of range or the history contradicts it (ETE \
      already used above a new share, travel above a new cap, attendance outside a new time window).
      """)
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions
  @Option(help: "Earned reduction (s.37): on or off.") var earnedReduction: String?
  @Option(parsing: .unconditional, help: "Share of an order that may be ETE, percent (0-100).") var etePercent: String?
  @Option(parsing: .unconditional, help: "Most travel minutes per attended appointment (1-1440).") var travelCap:
    String?
  @Option(parsing: .unconditional, help: "Months a warning stays live (1-120).") var warningMonths: String?
  @Option(parsing: .unconditional, help: "Weekly hours of work needed above which a person is at risk.")
  var atRiskHours: String?
  @Option(parsing: .unconditional, help: "Minutes either side of a session that attendance may lie (0-720).")
  var attendanceTolerance: String?
  @Option(help: "Why (required).") var reason: String?
  @Option(help: "Idempotency key.") var key: String?

  func validate() throws {
    let given = [earnedReduction, etePercent, travelCap, warningMonths, atRiskHours, attendanceTolerance]
    if given.allSatisfy({ $0 == nil }) {
      throw ValidationError(
        "give at least one setting: --earned-reduction, --ete-percent, --travel-cap, --warning-months, "
          + "--at-risk-hours, --attendance-tolerance")
    }
    if (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
      throw ValidationError("--reason: a policy change must say why")
    }
    if let e = earnedReduction, !["on", "off", "yes", "no", "true", "false"].contains(e.lowercased()) {
      throw ValidationError("--earned-reduction: \"\(e)\" is not on or off")
    }
  }

  func run() async throws {
    try await reportingInputErrors {
      var change = PolicyChange()
      change.earnedReduction = earnedReduction.map { ["on", "yes", "true"].contains($0.lowercased()) }
      change.etePercent = try etePercent.map { try Self.natural($0, "--ete-percent") }
      change.maxTravelMinutes = try travelCap.map { try Self.natural($0, "--travel-cap") }
      change.warningMonths = try warningMonths.map { try Self.natural($0, "--warning-months") }
      change.atRiskMinutesPerWeek = try atRiskHours.map { try parseHours($0, "--at-risk-hours") }
      change.attendanceToleranceMinutes = try attendanceTolerance.map { try Self.natural($0, "--attendance-tolerance") }
      let r = try ledger.open(global).setPolicy(change, reason: reason ?? "", by: ledger.recorder, idempotencyKey: key)
      print("recorded entry \(r.seq): \(r.changes.joined(separator: ", "))")
    }
  }

  /// A whole number not below 0, or bad input naming the option.
  static func natural(_ text: String, _ field: String) throws -> Int {
    let v = try parseWhole(text, field)
    if v < 0 { throw InputError(source: "", path: field, message: "\(v) is negative") }
    return v
  }
}
