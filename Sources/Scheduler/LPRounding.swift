import GLPK
import PaybackCore

/// Rosters rounded from the LP relaxation: a starting point for GLPK far better than the greedy alone.
///
/// The LP says how people would ideally spread over the places;
/// bookings are made in falling order of their LP value wherever every rule still allows, then
/// the greedy fills what is left, repairs and improves as usual. Every result is a lawful roster
/// (it is built through `RosterState`'s checks), so a poor LP only costs time.
enum LPRounding {
  /// Rounds `lp`, a solution of `model`'s relaxation, within the session plan of `plan`.
  static func round(_ model: IPModel, lp: LPResult, plan: RosterState) -> RosterState? {
    guard lp.status == .optimal else { return nil }
    return round(model, values: lp.values, plan: plan)
  }

  /// Rounds `values` (a solution of the relaxation, or an estimate of one) within the session plan of `plan`.
  static func round(_ model: IPModel, values: [Double], plan: RosterState) -> RosterState? {
    guard values.count == model.program.columnCount else { return nil }
    let data = model.data
    var state = RosterState(data)
    for s in data.sessions.indices { for k in plan.staffed[s] { state.addSupervisor(k, s) } }
    for pin in data.pins { state.add(pin.person, pin.session) }
    let ranked = model.xPairs.filter { values[$0.column] > 0.01 }
      .sorted { (values[$0.column], -$0.p, -$0.s) > (values[$1.column], -$1.p, -$1.s) }
    for pair in ranked where !state.booked[pair.s].contains(pair.p) {
      if state.canAdd(pair.p, pair.s), state.gain(pair.p, pair.s) > 1e-9 { state.add(pair.p, pair.s) }
    }
    Greedy.bookPeople(&state, upToTarget: true)
    Greedy.bookPeople(&state, upToTarget: false)
    Greedy.repair(&state)
    LocalSearch.improve(&state, attempts: 400_000)
    Greedy.releaseSurplusSupervisors(&state)
    return state
  }

  /// The session plan `lp` points at: each group session staffed with the LP's supervisor count,
  /// rounded (down where rounding to nearest cannot be staffed), with a high-risk-qualified
  /// supervisor where the LP wants one and the supervisors allow it. Nil when nothing is staffed.
  static func plan(_ model: IPModel, lp: LPResult) -> RosterState? {
    guard lp.status == .optimal else { return nil }
    return plan(model, values: lp.values)
  }

  /// The session plan `values` point at (see ``plan(_:lp:)``).
  static func plan(_ model: IPModel, values: [Double]) -> RosterState? {
    guard values.count == model.program.columnCount else { return nil }
    func counts(roundingDown: Bool) -> [Int: Int] {
      var out: [Int: Int] = [:]
      for (s, col) in model.n {
        let v = values[col]
        let c = Int(roundingDown ? (v + 1e-6).rounded(.down) : v.rounded())
        if c > 0 { out[s] = c }
      }
      return out
    }
    for counts in [counts(roundingDown: false), counts(roundingDown: true)] {
      let wanted = Set(model.h.filter { counts[$0.key] != nil && values[$0.value] > 0.5 }.map(\.key))
      for highRisk in [wanted, []] {
        guard let assignment = try? model.assignSupervisors(counts: counts, highRisk: highRisk) else { continue }
        var state = RosterState(model.data)
        for (k, s) in assignment { state.addSupervisor(k, s) }
        return state
      }
    }
    return nil
  }
}
