import PaybackCore
import PropertyBased
import RosterCheck
import Testing

@testable import Scheduler

/// The Lagrangian bound must be a bound: at any prices, at least the optimum (weak duality).
@Suite struct LagrangianTests {
  /// The exact optimum of a small week, proven by the whole-model phases.
  static func optimum(of week: Instance) async throws -> Double {
    var options = SolveOptions(method: .ip, timeLimit: 60)
    options.largestWholeModel = .max
    let exact = try await WeekScheduler().solve(week, options: options)
    try #require(exact.status == .optimal, "\(week.name) not proven: \(exact.roster.status)")
    return exact.roster.objective
  }

  /// Random prices, and the subgradient's best prices, on random small weeks solved exactly.
  @Test(.timeLimit(.minutes(5))) func everyPriceVectorBoundsTheOptimum() async {
    await propertyCheck(count: 30, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      let week = RandomWeek.make(seed: seed)
      do {
        let optimum = try await Self.optimum(of: week)
        let lagrangian = LagrangianBound(IPModel(WeekData(week)))
        var rng = RandomWeek.Rng(state: seed ^ 0x5EED)
        for _ in 0..<4 {
          lagrangian.prices = lagrangian.prices.map { _ in Double(rng.int(0...80)) / 4 }
          let bound = try lagrangian.evaluate()
          #expect(bound >= optimum - 1e-6, "seed \(seed): bound \(bound) below the optimum \(optimum)")
        }
        lagrangian.prices = lagrangian.prices.map { _ in 0 }
        let best = try lagrangian.improve(target: { 0 }, until: 2, clock: Stopwatch())
        #expect(best >= optimum - 1e-6, "seed \(seed): bound \(best) below the optimum \(optimum)")
      } catch {
        Issue.record("seed \(seed): \(error)")
      }
    }
  }

  /// The large-week phases (bound and window search) on small weeks: the roster is valid and never
  /// above the optimum, the bound never below it.
  @Test(.timeLimit(.minutes(5))) func largeWeekPhasesBracketTheOptimum() async {
    await propertyCheck(count: 20, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      let week = RandomWeek.make(seed: seed)
      do {
        let optimum = try await Self.optimum(of: week)
        var options = SolveOptions(method: .ip, timeLimit: 3)
        options.largestWholeModel = 0
        let large = try await WeekScheduler().solve(week, options: options)
        #expect(large.check.isValid, "seed \(seed): \(large.check.violations)")
        #expect(large.roster.objective <= optimum + 1e-6, "seed \(seed)")
        let bound = try #require(large.roster.bound, "seed \(seed): no bound")
        #expect(bound >= optimum - 1e-6, "seed \(seed): bound \(bound) below the optimum \(optimum)")
        #expect(!large.status.isFallback, "seed \(seed): \(large.roster.status)")
      } catch {
        Issue.record("seed \(seed): \(error)")
      }
    }
  }

  /// On the medium example the bound comes within 1% of the optimum, with the exact LP within reach.
  @Test(.timeLimit(.minutes(5))) func theBoundOnMediumIsTight() async throws {
    let week = try loadExample("medium.json")
    let lagrangian = LagrangianBound(IPModel(WeekData(week)))
    let optimum = 25830.1730769231
    let bound = try lagrangian.improve(target: { optimum * 0.99 }, until: 30, clock: Stopwatch())
    #expect(bound >= optimum - 1e-6)
    #expect(bound <= optimum * 1.01, "bound \(bound) more than 1% above the optimum \(optimum)")
  }
}
