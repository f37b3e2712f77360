import Foundation
import Logging
import PaybackCore
import Scheduler

/// Roster solves running in the background, one `Task` each, so a page can show live progress.
///
/// The table lives in memory: a job lost to a restart is simply started again by the coordinator,
/// and nothing reaches the database until a solve has finished.
final class PlanJobs: @unchecked Sendable {
  enum State: Sendable {
    case running
    case finished(objective: Double, status: String)
    case failed(String)
  }

  struct Job: Sendable {
    var id: String
    var week: CalendarDate
    var method: SolveOptions.Method
    var startedBy: String
    var startedAt: Date
    var state: State
    var progress: SolveProgress?
    /// Each time the best roster or the bound improved: when, and the two figures.
    var history: [Improvement] = []

    var isRunning: Bool {
      if case .running = state { return true }
      return false
    }
  }

  struct Improvement: Sendable {
    var elapsed: Double
    var objective: Double
    var bound: Double?
  }

  private let lock = NSLock()
  /// The web app's clock (the same one the pages read), for start times and forgetting old jobs.
  let now: @Sendable () -> Date

  init(now: @escaping @Sendable () -> Date = { Date() }) { self.now = now }
  private var jobs: [String: Job] = [:]

  func job(_ id: String) -> Job? { lock.withLock { jobs[id] } }

  /// The running job for a week, if any (only one solve per week at a time).
  func running(week: CalendarDate) -> Job? {
    lock.withLock {
      jobs.values.first { $0.isRunning && $0.week == week }
    }
  }

  /// Starts solving `instance` in the background; `save` stores the roster when it is done.
  ///
  /// With `keep` (the bookings people have been told, and what a change must gain), the week is
  /// re-planned with least disruption: three solves, each with a third of the time.
  func start(
    instance: Instance, method: SolveOptions.Method, timeLimit: Double, user: WebUser, logger: Logger,
    keep: (published: [Pin], changeCost: Double)? = nil,
    save: @escaping @Sendable (Roster) async throws -> Void
  ) -> String {
    let id = randomToken().prefix(16).description
    let job = Job(
      id: id, week: instance.weekStart, method: method, startedBy: user.username, startedAt: now(), state: .running)
    lock.withLock {
      // Forget finished jobs after an hour so the table stays small.
      let cutoff = now().addingTimeInterval(-3600)
      jobs = jobs.filter { $0.value.startedAt > cutoff || $0.value.isRunning }
      jobs[id] = job
    }
    Task.detached { [self] in
      do {
        let progress: @Sendable (SolveProgress) -> Void = { [self] p in
          lock.withLock {
            jobs[id]?.progress = p
            guard let objective = p.objective, objective.isFinite else { return }
            let bound = p.bound.flatMap { $0.isFinite ? $0 : nil }
            if let last = jobs[id]?.history.last, last.objective == objective, last.bound == bound { return }
            jobs[id]?.history.append(Improvement(elapsed: p.elapsed, objective: objective, bound: bound))
            // A long solve keeps the latest improvements only.
            if (jobs[id]?.history.count ?? 0) > 50 { jobs[id]?.history.removeFirst() }
          }
        }
        let scheduler = WeekScheduler(logger: logger)
        let roster: Roster
        if let keep {
          let share = max(1, timeLimit / 3)
          roster = try await LeastDisruption.replan(instance, published: keep.published, changeCost: keep.changeCost) {
            try await scheduler.solve($0, options: SolveOptions(method: method, timeLimit: share), progress: progress)
              .roster
          }.best.roster
        } else {
          roster = try await scheduler.solve(
            instance, options: SolveOptions(method: method, timeLimit: timeLimit), progress: progress
          ).roster
        }
        try await save(roster)
        lock.withLock { jobs[id]?.state = .finished(objective: roster.objective, status: roster.status) }
      } catch {
        logger.error("roster solve failed", metadata: ["week": "\(instance.weekStart)", "error": "\(error)"])
        let message =
          (error as? InputError)?.problems.map(\.description).joined(separator: "; ")
          ?? "The roster could not be generated. Try the greedy method, or remove some pins."
        lock.withLock { jobs[id]?.state = .failed(message) }
      }
    }
    return id
  }
}
