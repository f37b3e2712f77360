import Foundation

/// Threads of one solve's own, on which all its work runs (its phases, the search beside the
/// Lagrangian bound, the parts and windows solved at once).
///
/// Why: a solve is blocking work (GLPK and the Lagrangian's loops hold their thread for seconds).
/// On Swift's cooperative pool, which has one thread per core, a solve would hold every thread:
/// the web server's requests and the progress page would wait for it, and two solves at once
/// (two coordinators, tests in parallel) would starve each other's second worker, so a phase
/// could overrun its share of the time. On threads of its own the system shares the cores
/// fairly and every deadline is kept.
final class SolverThreads: TaskExecutor, @unchecked Sendable {
  private let condition = NSCondition()
  private var queue: [UnownedJob] = []
  private var head = 0
  private var finished = false

  /// Starts `count` threads (at least one).
  init(count: Int) {
    for i in 0..<max(1, count) {
      let thread = Thread { [self] in self.work() }
      thread.name = "payback-solver-\(i)"
      // GLPK's branch-and-cut recurses; the default secondary-thread stack is small.
      thread.stackSize = 16 << 20
      thread.start()
    }
  }

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    condition.lock()
    defer { condition.unlock() }
    if finished {
      // A job after the solve returned (none is expected): run it rather than lose it.
      Thread { [self] in job.runSynchronously(on: self.asUnownedTaskExecutor()) }.start()
      return
    }
    queue.append(job)
    condition.signal()
  }

  /// Lets the threads end once the queue is empty.
  func finish() {
    condition.lock()
    finished = true
    condition.broadcast()
    condition.unlock()
  }

  private func work() {
    while true {
      condition.lock()
      while head == queue.count, !finished { condition.wait() }
      guard head < queue.count else {
        condition.unlock()
        return
      }
      let job = queue[head]
      head += 1
      if head > 1024, head * 2 > queue.count {
        queue.removeFirst(head)
        head = 0
      }
      condition.unlock()
      job.runSynchronously(on: asUnownedTaskExecutor())
    }
  }

  /// Runs `operation` (and every child task it makes) on threads of its own, then lets them go.
  static func run<T>(
    threads: Int = max(2, ProcessInfo.processInfo.activeProcessorCount),
    _ operation: () async throws -> T
  ) async throws -> T {
    let executor = SolverThreads(count: threads)
    defer { executor.finish() }
    return try await withTaskExecutorPreference(executor, operation: operation)
  }
}
