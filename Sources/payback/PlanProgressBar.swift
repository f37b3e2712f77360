import Foundation
import Logging
import Planner

/// Shows a plan run's progress on standard error: a bar redrawn in place on a terminal,
/// otherwise a log line every tenth of the way (so logs and CI output stay readable).
final class PlanProgressBar: @unchecked Sendable {
  private let lock = NSLock()
  private let isTerminal = isatty(STDERR_FILENO) != 0
  private let quiet: Bool
  private let logger: Logger
  private var lastTenth = -1
  private var lastDraw = 0.0
  private var drawn = false

  init(quiet: Bool, logger: Logger) {
    self.quiet = quiet
    self.logger = logger
  }

  func update(_ p: PlanProgress) {
    guard !quiet else { return }
    lock.lock()
    defer { lock.unlock() }
    if isTerminal {
      // Redrawing more than ten times a second only costs time.
      guard p.weeksDone == p.weeksTotal || p.elapsed - lastDraw >= 0.1 else { return }
      lastDraw = p.elapsed
      let width = 30
      let filled = Int(p.fraction * Double(width))
      let eta = p.weeksDone > 0 ? p.elapsed / Double(p.weeksDone) * Double(p.weeksTotal - p.weeksDone) : 0
      let line =
        "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
        + String(
          format: "%3.0f%%  %d/%d weeks  %.0fs elapsed, about %.0fs left ", p.fraction * 100, p.weeksDone,
          p.weeksTotal, p.elapsed, eta)
      FileHandle.standardError.write(Data(line.utf8))
      drawn = true
    } else {
      let tenth = Int(p.fraction * 10)
      guard tenth > lastTenth else { return }
      lastTenth = tenth
      logger.info("plan: \(tenth * 10)% (\(p.weeksDone)/\(p.weeksTotal) weeks, \(String(format: "%.0f", p.elapsed))s)")
    }
  }

  /// Ends the bar's line so that what follows starts on a fresh one.
  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
  }
}
