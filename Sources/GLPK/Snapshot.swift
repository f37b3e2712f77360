import Synchronization

/// The search state a detached solve can be answered from while GLPK is still busy in a step it does not
/// interrupt (a node LP re-solve or a round of cuts can take many seconds on 100k columns).
/// Written by the solving thread, read by the watcher; a Mutex keeps the two apart.
final class SearchSnapshot: Sendable {
  struct State {
    var incumbent: Double?
    var values: [Double] = []
    var givenIncumbent: [Double]?
    var bound: Double?
    var lpRelaxation: Double?
    var nodes = 0
    var submitted = false
    var accepted = false
  }

  let maximize: Bool
  let state = Mutex(State())

  init(maximize: Bool) {
    self.maximize = maximize
  }

  /// The result as things stand: a solution only if one is known, a bound only if proven.
  func result(reason: String, code: Int32, seconds: Double) -> MIPResult {
    state.withLock { s in
      var bound = s.bound
      if let lp = s.lpRelaxation { bound = bound.map { maximize ? min($0, lp) : max($0, lp) } ?? lp }
      if let b = bound, let incumbent = s.incumbent { bound = maximize ? max(b, incumbent) : min(b, incumbent) }
      return MIPResult(
        status: s.incumbent == nil ? .noIntegerSolutionFound : .feasible, stopReason: reason, objective: s.incumbent,
        bound: bound, values: s.values, nodes: s.nodes, seconds: seconds, lpRelaxation: s.lpRelaxation,
        glpkCode: code, returnedGivenIncumbent: s.givenIncumbent != nil && s.values == s.givenIncumbent!,
        givenIncumbentAccepted: s.submitted ? s.accepted : nil)
    }
  }
}
