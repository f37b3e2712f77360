import GLPK
import PaybackCore

/// Rosters rounded from LP relaxations: a starting point for GLPK far better than the greedy
/// alone, at the cost of one LP solve each.
///
/// The LP says, for a fixed session plan, how people would ideally spread over the places;
/// bookings are made in falling order of their LP value wherever every rule still allows, then
/// the greedy fills what is left, repairs and improves as usual. Every result is a lawful roster
/// (it is built through `RosterState`'s checks), so a poor LP only costs time.
enum LPRounding {
  /// Rounds the LP of `model` with the session plan of `plan` fixed.
  static func round(_ model: IPModel, plan: RosterState, timeLimit: Double) -> RosterState? {
    guard let fixed = try? model.withPlan(of: plan),
      let lp = try? GLPKSolver.solveRelaxation(fixed, timeLimit: timeLimit), lp.status == .optimal
    else { return nil }
    let data = model.data
    var state = RosterState(data)
    for s in data.sessions.indices { for k in plan.staffed[s] { state.addSupervisor(k, s) } }
    for pin in data.pins { state.add(pin.person, pin.session) }
    let ranked = model.xPairs.filter { lp.values[$0.column] > 0.01 }
      .sorted { (lp.values[$0.column], -$0.p, -$0.s) > (lp.values[$1.column], -$1.p, -$1.s) }
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
}
