import Foundation
import Ledger
import PaybackCore
import PaybackTestSupport
import Testing

func d(_ s: String) -> CalendarDate { CalendarDate(s)! }
func t(_ s: String) -> Int { ClockTime(s)!.minutes }

/// A fresh directory under the system temporary directory.
func scratchDirectory(_ name: String = "ledger") -> String {
  let dir = NSTemporaryDirectory() + "payback-\(name)-\(UUID().uuidString)"
  try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  return dir
}

/// A ledger in a new file whose clock reads `now` (UTC).
func makeLedger(now: String = "2026-06-01T12:00:00Z", policy: LedgerPolicy = .standard) throws -> (Ledger, String) {
  let dir = scratchDirectory()
  let path = dir + "/ledger.sqlite"
  let date = ISO8601DateFormatter().date(from: now)!
  let ledger = try Ledger(path: path, policy: policy, timeZone: TimeZone(identifier: "UTC")!, now: { date })
  return (ledger, path)
}

/// The repository root (two levels above this file's folder).
let repoRoot: String = {
  var url = URL(fileURLWithPath: #filePath)
  for _ in 0..<3 { url.deleteLastPathComponent() }
  return url.path
}()

/// The built `payback` binary (found as every test target finds it: PaybackTestSupport).
func paybackBinary() -> String? { PaybackTestSupport.paybackBinary }

/// Expects `body` to throw an InputError whose text contains every one of `fragments`.
func expectInputError(
  _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
  do {
    try body()
    Issue.record("expected an error mentioning \(fragments)", sourceLocation: sourceLocation)
  } catch let e as InputError {
    for f in fragments where !e.description.contains(f) {
      Issue.record("\"\(e.description)\" does not mention \"\(f)\"", sourceLocation: sourceLocation)
    }
  } catch {
    Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
  }
}
