import Foundation
import GLPK
import PaybackCore
import PropertyBased
import RosterCheck
import Testing

@testable import Scheduler

/// The bundled examples with their proven optima (docs/contract.md, "The bundled example weeks").
let examples: [(file: String, optimum: Double)] = [
  ("tiny.json", 597.8333333333), ("small.json", 3646.5), ("medium.json", 25830.1730769231),
]

func instancePath(_ name: String) -> String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("instances").appendingPathComponent(name).path
}

func loadExample(_ name: String) throws -> Instance { try Instance.load(from: instancePath(name)) }

@Suite(.timeLimit(.minutes(20))) struct ExactOptimaTests {
  /// Every example's optimum, proven. (The release build proves medium in about 20 s; the limit is
  /// generous because a debug build on a loaded CI machine is several times slower, and the solve
  /// stops as soon as it has the proof.)
  @Test(arguments: examples)
  func integerProgramReachesTheProvenOptimum(file: String, optimum: Double) async throws {
    let instance = try loadExample(file)
    let result = try await WeekScheduler().solve(instance, options: SolveOptions(method: .ip, timeLimit: 600))
    #expect(result.roster.status == "optimal")
    #expect(abs(result.roster.objective - optimum) <= 1e-6 * optimum)
    #expect(result.check.isValid)
    #expect(abs(result.check.objective - result.roster.objective) <= 1e-6 * optimum)
    let bound = try #require(result.roster.bound)
    #expect(abs(bound - optimum) <= 1e-6 * optimum)
  }

  @Test(arguments: examples)
  func greedyIsValidAndBelowTheOptimum(file: String, optimum: Double) async throws {
    let instance = try loadExample(file)
    let result = try await WeekScheduler().solve(instance, options: SolveOptions(method: .greedy))
    #expect(result.check.isValid, "\(result.check.violations)")
    #expect(result.roster.objective <= optimum + 1e-6)
    #expect(result.roster.objective >= 0.95 * optimum, "greedy \(result.roster.objective) vs optimum \(optimum)")
  }

  @Test func greedyIsDeterministic() async throws {
    let instance = try loadExample("medium.json")
    let a = GreedyScheduler.roster(for: instance)
    let b = GreedyScheduler.roster(for: instance)
    #expect(a.objective == b.objective)
    #expect(a.assignments == b.assignments)
  }
}

@Suite(.timeLimit(.minutes(15))) struct RosterPropertyTests {
  /// Every roster either method returns passes the checker; IP >= greedy; IP <= its bound.
  @Test func everyRosterPassesTheChecker() async {
    await propertyCheck(count: 60, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      let instance = RandomWeek.make(seed: seed)
      do {
        let greedy = try await WeekScheduler().solve(instance, options: SolveOptions(method: .greedy))
        let ip = try await WeekScheduler().solve(instance, options: SolveOptions(method: .ip, timeLimit: 20))
        #expect(greedy.check.isValid, "seed \(seed): \(greedy.check.violations)")
        #expect(ip.check.isValid, "seed \(seed): \(ip.check.violations)")
        #expect(ip.roster.objective >= greedy.roster.objective - 1e-6, "seed \(seed)")
        let bound = try #require(ip.roster.bound, "seed \(seed): no bound")
        #expect(ip.roster.objective <= bound + 1e-6, "seed \(seed)")
        #expect(!ip.status.isFallback, "seed \(seed): \(ip.roster.status)")
      } catch {
        Issue.record("seed \(seed): \(error)")
      }
    }
  }

  /// The greedy's own objective is the one the independent checker recomputes, on valid rosters.
  @Test func greedyObjectiveMatchesTheChecker() async {
    await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      let instance = RandomWeek.make(seed: seed, people: 20)
      let roster = GreedyScheduler.roster(for: instance)
      let check = RosterChecker.check(roster, against: instance)
      #expect(check.isValid, "seed \(seed): \(check.violations)")
      #expect(abs(check.objective - roster.objective) < 1e-6, "seed \(seed)")
    }
  }
}

@Suite(.timeLimit(.minutes(5))) struct FallbackTests {
  @Test func aTinyTimeLimitStillGivesAValidRoster() async throws {
    let instance = try loadExample("medium.json")
    let result = try await WeekScheduler().solve(instance, options: SolveOptions(method: .ip, timeLimit: 0.01))
    #expect(result.check.isValid)
    #expect(result.roster.objective > 0)
  }

  @Test func shortfallsExplainEveryoneBelowTarget() async throws {
    let instance = try loadExample("tiny.json")
    let result = try await WeekScheduler().solve(instance, options: SolveOptions(method: .ip))
    // Hughes (P08) owes nothing, so is never short; everyone short has a reason.
    #expect(!result.roster.shortfalls.contains { $0.person == "P08" })
    for s in result.roster.shortfalls { #expect(!s.reasons.isEmpty, "\(s.person) has no reason") }
  }
}
