import ArgumentParser
import Foundation
import Ledger
import PaybackCore

/// `payback log-batch`: many entries through one process, each acknowledged once durable.
struct LogBatchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "log-batch",
    abstract: "Record outcomes and adjustments read as JSON Lines from standard input.",
    discussion: """
      One JSON object a line: {"person": "P1", "session": "S1", "code": "ATTC", "start": "09:00", \
      "finish": "16:00", "penalty_minutes": 0, "work_quality": "GOOD", "behaviour": "GOOD", "notes": "...", \
      "key": "tablet-7-0001"} for an outcome, or {"kind": "travel"|"ete", "person": "P1", "date": \
      "2026-12-01", "minutes": 60, "key": "..."} for an adjustment; "corrects" and "reason" as for log. \
      Each line is its own transaction: "ok LINE ENTRY" is printed only after it is durable \
      ("duplicate LINE ENTRY" when its key was already recorded), "error LINE: message" when refused \
      (nothing written for that line). Exit status 2 when any line was refused.
      """)
  @OptionGroup var global: GlobalOptions
  @OptionGroup var ledger: LedgerOptions

  func run() async throws {
    try await reportingInputErrors {
      let l = try ledger.open(global)
      var n = 0
      var refused = 0
      let out = FileHandle.standardOutput
      while let line = readLine() {
        n += 1
        if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
        do {
          let r = try record(line, number: n, ledger: l)
          out.write(Data("\(r.duplicate ? "duplicate" : "ok") \(n) \(r.seq)\n".utf8))
        } catch let e as InputError {
          refused += 1
          out.write(Data("error \(n): \(e.description.replacingOccurrences(of: "\n", with: "; "))\n".utf8))
        }
      }
      if refused > 0 { throw ExitCode(ExitStatus.badInput.rawValue) }
    }
  }

  func record(_ line: String, number: Int, ledger l: Ledger) throws -> Receipt {
    let src = "line \(number)"
    let json = try JSONValue.parse(Data(line.utf8), source: src)
    let r = FieldReader()
    guard let o = r.object(json, "") else { throw InputError(source: src, problems: r.problems) }
    let kind = r.string(o["kind"], "kind", required: false) ?? "outcome"
    let person = r.identifier(o["person"], "person")
    let key = r.string(o["key"], "key", required: false)
    // Whole numbers within range: Int(1e30) would abort the process.
    let corrects = r.integer(o["corrects"], "corrects", required: false).map { Int64($0) }
    let reason = r.string(o["reason"], "reason", required: false)
    let notes = r.string(o["notes"], "notes", required: false)
    func clock(_ f: String) -> Int? {
      guard let s = r.string(o[f], f, required: false) else { return nil }
      guard let t = ClockTime(s) else {
        r.fail(f, "\"\(s)\" is not a time (HH:MM)")
        return nil
      }
      return t.minutes
    }
    func grade(_ f: String) -> WorkGrade? {
      guard let s = r.string(o[f], f, required: false) else { return nil }
      guard let g = WorkGrade(grade: s) else {
        r.fail(f, "\"\(s)\" is not a grade")
        return nil
      }
      return g
    }
    switch kind {
    case "outcome":
      let session = r.identifier(o["session"], "session")
      let codeText = r.string(o["code"], "code")
      let code = codeText.flatMap { OutcomeCode(code: $0) }
      if let c = codeText, code == nil { r.fail("code", "\"\(c)\" is not an outcome code") }
      let start = clock("start")
      let finish = clock("finish")
      let penalty = r.integer(o["penalty_minutes"], "penalty_minutes", required: false) ?? 0
      let q = grade("work_quality")
      let b = grade("behaviour")
      guard r.problems.isEmpty, let person, let session, let code else {
        throw InputError(source: src, problems: r.problems)
      }
      return try l.logOutcome(
        OutcomeInput(
          person: person, session: session, code: code, start: start, finish: finish, penaltyMinutes: penalty,
          workQuality: q, behaviour: b, notes: notes, recordedBy: ledger.recorder, idempotencyKey: key,
          corrects: corrects, reason: reason))
    case "travel", "ete":
      let date = r.date(o["date"], "date", required: false)
      let minutes = r.integer(o["minutes"], "minutes")
      guard r.problems.isEmpty, let person, let minutes else { throw InputError(source: src, problems: r.problems) }
      return try l.logAdjustment(
        AdjustmentInput(
          kind: kind == "travel" ? .travel : .ete, person: person, date: date ?? l.now.date, minutes: minutes,
          notes: notes, recordedBy: ledger.recorder, idempotencyKey: key, corrects: corrects, reason: reason))
    default:
      throw InputError(source: src, path: "kind", message: "\"\(kind)\" is not outcome, travel or ete")
    }
  }
}
