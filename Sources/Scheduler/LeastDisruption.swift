import Foundation
import PaybackCore

/// Re-planning a week whose roster people have already been told, changing as little as is worth it.
///
/// An optional extension of the week's problem: the published bookings and a `changeCost`, the
/// objective a change must gain to be made. Without it the contract's meaning is unchanged (a
/// plain solve). With it, candidate rosters are compared by `objective - changeCost x changes`,
/// where a change is a published booking the roster no longer has:
///
/// 1. every published booking that can still be kept, pinned (nobody moved without need);
/// 2. a roster from scratch;
/// 3. the bookings the roster from scratch keeps anyway, pinned, the rest planned again.
///
/// So a person is moved only when the roster that moves them scores more than `changeCost` per
/// booking changed than the one that keeps them. The candidates are whole rosters, not every
/// combination of moves: see docs/replan.md for what that costs.
public enum LeastDisruption {
  /// What a re-plan changed against what was published, and whom to tell.
  public struct Changes: Sendable, Equatable {
    /// A person's published booking that the new roster does not have, and where they go instead.
    public struct Move: Sendable, Equatable {
      public var person: String
      public var from: String
      /// The person's new sessions on the same day, if any.
      public var to: [String]
    }
    public var moved: [Move]
    /// New bookings of people who were not booked on that session before.
    public var added: [Pin]
    /// Published bookings kept.
    public var kept: Int

    /// Published bookings the new roster no longer has.
    public var changed: Int { moved.count }
    /// People whose week changed: they must be told.
    public var peopleToTell: [String] { Array(Set(moved.map(\.person) + added.map(\.person))).sorted() }
  }

  /// Compares a roster with the published bookings.
  public static func changes(published: [Pin], roster: Roster, instance: Instance) -> Changes {
    let now = Set(roster.assignments.flatMap { a in a.people.map { Pin(person: $0, session: a.session) } })
    let before = Set(published)
    var dateOf: [String: CalendarDate] = [:]
    for (_, s) in instance.sessions { dateOf[s.id] = s.date }
    let added = now.subtracting(before).sorted { ($0.person, $0.session) < ($1.person, $1.session) }
    let moved = before.subtracting(now).sorted { ($0.person, $0.session) < ($1.person, $1.session) }.map { pin in
      Changes.Move(
        person: pin.person, from: pin.session,
        to: added.filter { $0.person == pin.person && dateOf[$0.session] == dateOf[pin.session] }.map(\.session))
    }
    return Changes(moved: moved, added: added, kept: before.intersection(now).count)
  }

  /// The published bookings that can still be pinned on `instance` (with its own pins): on a
  /// session still open, for a person still in the week, breaking no hard rule together.
  public static func keepable(_ published: [Pin], in instance: Instance) -> [Pin] {
    let open = Set(instance.sessions.filter { $0.session.capacity > 0 }.map(\.session.id))
    let people = Set(instance.people.map(\.id))
    let own = Set(instance.pins)
    var keep = published.filter { open.contains($0.session) && people.contains($0.person) && !own.contains($0) }
    // Drop the bookings named by a broken rule, a few at a time, until the rest can all be kept.
    for _ in 0..<20 {
      var trial = instance
      trial.pins = instance.pins + keep
      let named = Set(
        trial.pinProblems.compactMap { problem -> Int? in
          guard problem.path.hasPrefix("pins["), let end = problem.path.firstIndex(of: "]") else { return nil }
          return Int(problem.path[problem.path.index(problem.path.startIndex, offsetBy: 5)..<end])
        }
      ).map { $0 - instance.pins.count }.filter { $0 >= 0 }
      if named.isEmpty { break }
      keep = keep.enumerated().filter { !named.contains($0.offset) }.map(\.element)
    }
    return keep
  }

  /// Whether `text` names the id `id` as a word (not inside a longer id).
  static func names(_ text: String, _ id: String) -> Bool {
    var rest = text[...]
    while let r = rest.range(of: id) {
      let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
      let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
      func part(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } ?? false }
      if !part(before) && !part(after) { return true }
      rest = text[r.upperBound...]
    }
    return false
  }

  /// One candidate roster and its score.
  public struct Candidate: Sendable {
    public var name: String
    public var roster: Roster
    public var changes: Changes
    public var score: Double
  }

  /// Re-plans `instance` against `published` with `solve` (a solve of one instance), returning the
  /// best-scoring candidate and all of them (for the page and the note).
  public static func replan(
    _ instance: Instance, published: [Pin], changeCost: Double,
    solve: (_ instance: Instance) async throws -> Roster
  ) async throws -> (best: Candidate, candidates: [Candidate]) {
    func candidate(_ name: String, _ roster: Roster) -> Candidate {
      let c = changes(published: published, roster: roster, instance: instance)
      return Candidate(name: name, roster: roster, changes: c, score: roster.objective - changeCost * Double(c.changed))
    }
    // Pins that each pass the rules may still not be staffable together (supervisors are not
    // pinned): the sessions a refusal names lose their pins, and the solve is tried again.
    func solveKeeping(_ name: String, _ wanted: [Pin]) async throws -> Candidate? {
      var keep = wanted
      for _ in 0..<6 {
        var kept = instance
        kept.pins = instance.pins + keep
        do {
          return candidate(name, try await solve(kept))
        } catch let error as InputError {
          let text = error.problems.map(\.message).joined(separator: " ")
          let named = Set(keep.map(\.session).filter { Self.names(text, $0) })
          if named.isEmpty { return nil }
          keep.removeAll { named.contains($0.session) }
        }
      }
      return nil
    }
    var candidates: [Candidate] = []
    let keep = keepable(published, in: instance)
    if let all = try await solveKeeping("keep every booking that can be kept", keep) { candidates.append(all) }
    let scratch = try await solve(instance)
    candidates.append(candidate("from scratch", scratch))
    let scratchKeeps = Set(keep).intersection(
      scratch.assignments.flatMap { a in a.people.map { Pin(person: $0, session: a.session) } })
    if scratchKeeps.count < keep.count,
      let partly = try await solveKeeping(
        "keep what a new roster keeps anyway", keep.filter { scratchKeeps.contains($0) })
    {
      candidates.append(partly)
    }
    // The best score; on a tie, fewer changes (the first candidate keeps the most).
    var best = candidates[0]
    for c in candidates.dropFirst()
    where (c.score, -c.changes.changed) > (best.score, -best.changes.changed) {
      best = c
    }
    return (best, candidates)
  }
}
