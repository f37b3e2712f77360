import Foundation
import GLPK
import PaybackCore

// The phases of a week too big for GLPK to relax whole in time (a connected region): a Lagrangian
// bound, rosters rounded from it, and a large-neighbourhood search that solves one window of the
// week at a time exactly with GLPK, on both cores.

enum LargeWeekShares {
  /// The bound may take up to this share of the time (it stops sooner once it settles); the search
  /// runs beside it on the other core, then on both.
  static let lagrangian = 0.45
  /// Seconds GLPK gets for one window, and the people a window starts with (it grows while windows
  /// are proven quickly and shrinks when they are not).
  static let windowSeconds = 4.0
  static let windowPeople = 250
  static let smallestWindow = 60
  static let largestWindow = 900
}

/// The Lagrangian bound (see ``LagrangianBound``), with the neighbourhood search on the other core meanwhile.
struct LagrangianBoundAndSearch: SolvePhase {
  let name = "Lagrangian bound"
  func run(_ context: SolveContext) async throws {
    let model = context.model ?? IPModel(context.data)
    context.model = model
    let deadline = context.budget.deadline(for: LargeWeekShares.lagrangian)
    let search = NeighbourhoodWorker(context: context)
    let done = CancellationFlag()
    async let searching: Void = search.run(until: deadline, workers: 1, stop: done)
    let lagrangian = LagrangianBound(model)
    do {
      try lagrangian.improve(
        target: { context.bestObjective }, until: deadline, clock: context.budget.clock,
        gap: context.options.relativeGap, cancel: context.cancel, progress: { context.offer(bound: $0) })
    } catch {
      context.logger.warning("\(error)")
    }
    done.cancel()
    await searching
    context.stats.lagrangianIterations = lagrangian.iterations
    context.logger.debug(
      "Lagrangian: \(lagrangian.bestBound) after \(lagrangian.iterations) steps over \(lagrangian.dualizedRowCount) rows"
    )
    context.offer(bound: lagrangian.bestBound)
    context.lagrangian = lagrangian
  }
}

/// Rosters rounded from the Lagrangian's averaged solution (an estimate of the LP's), as from a root LP.
struct LagrangianRounding: SolvePhase {
  let name = "Lagrangian rounding"
  func run(_ context: SolveContext) async throws {
    guard let model = context.model, let lagrangian = context.lagrangian, !context.gapClosed else { return }
    let values = lagrangian.average
    let plans = [context.bestState] + [LPRounding.plan(model, values: values)].compactMap { $0 }
    for plan in plans {
      guard !context.budget.isSpent else { return }
      if let state = LPRounding.round(model, values: values, plan: plan) {
        context.offer(state, by: "Lagrangian rounding")
      }
    }
  }
}

/// The neighbourhood search until the time is up, beside the bound while it still improves (on both
/// cores once it has settled).
struct NeighbourhoodSearch: SolvePhase {
  let name = "neighbourhood search"
  func run(_ context: SolveContext) async throws {
    let deadline = context.budget.deadline - WholeModelShares.reserveSeconds
    guard let lagrangian = context.lagrangian, !lagrangian.settled else {
      await NeighbourhoodWorker(context: context).run(until: deadline, workers: 2, stop: nil)
      return
    }
    let done = CancellationFlag()
    async let searching: Void = NeighbourhoodWorker(context: context).run(until: deadline, workers: 1, stop: done)
    do {
      try lagrangian.improve(
        target: { context.bestObjective }, until: deadline, clock: context.budget.clock,
        gap: context.options.relativeGap, cancel: context.cancel, progress: { context.offer(bound: $0) })
    } catch {
      context.logger.warning("\(error)")
    }
    context.stats.lagrangianIterations = lagrangian.iterations
    // The bound has settled (or the gap is closed): the search goes on alone until the deadline.
    await searching
    _ = done
  }
}

/// Solves windows of the week one after another (two at a time when they share nobody) and keeps
/// each that improves the best roster.
final class NeighbourhoodWorker: @unchecked Sendable {
  let context: SolveContext
  private var plan: NeighbourhoodPlan
  private var people = LargeWeekShares.windowPeople
  private var tried = 0
  private var improved = 0
  private var stale = 0

  init(context: SolveContext) {
    self.context = context
    plan = context.neighbourhoodPlan ?? NeighbourhoodPlan(context.data, sessions: Array(context.data.sessions.indices))
  }

  func run(until deadline: Double, workers: Int, stop: CancellationFlag?) async {
    defer {
      context.neighbourhoodPlan = plan
      context.stats.windowsTried += tried
      context.stats.windowsImproved += improved
    }
    let clock = context.budget.clock
    // A full round of windows without a gain: the search has settled.
    while clock.seconds < deadline - 0.3, !(stop?.isCancelled ?? false), !context.isCancelled, !context.gapClosed,
      stale < 2 * plan.count
    {
      var windows: [Neighbourhood] = []
      guard let first = plan.next(context.data, people: people) else { return }
      windows.append(first)
      if workers > 1 {
        for _ in 0..<4 {
          guard let other = plan.next(context.data, people: people) else { break }
          if other.isDisjoint(from: first) {
            windows.append(other)
            break
          }
        }
      }
      let start = context.bestState
      let limit = min(LargeWeekShares.windowSeconds, deadline - clock.seconds)
      guard limit > 0.3 else { return }
      let results = await withTaskGroup(of: (Int, Roster?, Bool).self) { group in
        for (i, window) in windows.enumerated() {
          group.addTask { [context] in
            let (instance, roster) = window.week(around: start)
            let outcome = await WeekScheduler.solveWindow(
              instance, start: roster, timeLimit: limit, cancel: context.cancel, logger: context.logger)
            return (i, outcome?.roster, outcome?.proven ?? false)
          }
        }
        var out: [(Int, Roster?, Bool)] = []
        for await r in group { out.append(r) }
        return out.sorted { $0.0 < $1.0 }
      }
      var current = context.bestState
      var gained = false
      var proven = true
      for (i, roster, wasProven) in results {
        tried += 1
        proven = proven && wasProven
        guard let roster, let next = windows[i].putBack(roster, into: current),
          next.objective > current.objective + 1e-9
        else { continue }
        current = next
        gained = true
        improved += 1
      }
      if gained, context.offer(current, by: "window \(windows.map(\.label).joined(separator: ", "))") {
        stale = 0
      } else {
        stale += windows.count
      }
      // Grow windows that GLPK proves in time; shrink those it cannot.
      people =
        proven
        ? min(LargeWeekShares.largestWindow, people * 5 / 4) : max(LargeWeekShares.smallestWindow, people * 3 / 4)
    }
  }
}
