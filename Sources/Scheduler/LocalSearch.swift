import PaybackCore

/// Improving moves after the greedy: every accepted move keeps the roster valid and
/// strictly raises the objective, so the search ends and never makes things worse.
///
/// For each person who could still gain, and each session they could attend:
/// - add them if the session has room (room may have appeared since the greedy);
/// - trade their booking that day for a longer one;
/// - take a place in a full session from someone who gains less there, moving that person
///   to another running session with room when one exists.
enum LocalSearch {
  static func improve(_ state: inout RosterState, attempts budget: Int) {
    let data = state.data
    var improved = true
    var sweeps = 0
    var attempts = 0
    while improved, sweeps < 6, attempts < budget {
      improved = false
      sweeps += 1
      for q in data.people.indices where state.personHours[q] < data.people[q].remaining - 1e-9 {
        if attempts >= budget { return }
        for s in data.options[q] where !state.booked[s].contains(q) {
          attempts += 1 + state.booked[s].count
          if tryMove(&state, q, s) {
            improved = true
            break
          }
        }
      }
    }
  }

  /// Tries to book `q` on `s` by the best valid move; true when the objective rose.
  static func tryMove(_ state: inout RosterState, _ q: Int, _ s: Int) -> Bool {
    let data = state.data
    let info = data.sessions[s]
    // A group session not running stays closed: opening one is the supervisors' business.
    if info.isGroup, state.booked[s].isEmpty { return false }
    let before = state.value(q)
    // Free q's day first if needed (trading a shorter session for this one).
    var released: Int?
    if state.personDays[q] & (1 << info.day) != 0 {
      guard let t = state.personSessions[q].first(where: { data.sessions[$0].day == info.day }),
        !state.isPinned(q, t), canLeave(state, q, t)
      else { return false }
      state.remove(q, t)
      released = t
    }
    func undoRelease() { if let t = released { state.add(q, t) } }

    if state.canAdd(q, s), lawfulAfterAdding(state, q, s) {
      let gain = state.value(q, plus: s) - before
      if gain > 1e-9 {
        state.add(q, s)
        return true
      }
      undoRelease()
      return false
    }
    guard state.room(s) <= 0 else {
      undoRelease()
      return false
    }
    // Full: find the member whose place is worth least to the roster.
    let gainQ = state.value(q, plus: s) - before
    guard gainQ > 1e-9 else {
      undoRelease()
      return false
    }
    var best: (delta: Double, p: Int, to: Int?)?
    for p in state.booked[s] where !state.isPinned(p, s) {
      let valueP = state.value(p)
      state.remove(p, s)
      defer { state.add(p, s) }
      guard state.canAdd(q, s), lawfulAfterSwap(state, adding: q, s) else { continue }
      let loss = valueP - state.value(p)
      var bestMove: (gain: Double, to: Int)?
      for t in data.options[p] where t != s && state.canAdd(p, t) && lawfulAfterAdding(state, p, t) {
        if data.sessions[t].isGroup, state.booked[t].count < data.sessions[t].minAttendance { continue }
        let g = state.value(p, plus: t) - state.value(p)
        if g > (bestMove?.gain ?? 1e-9) { bestMove = (g, t) }
      }
      let delta = gainQ - loss + (bestMove?.gain ?? 0)
      if delta > (best?.delta ?? 1e-9) { best = (delta, p, bestMove?.to) }
    }
    guard let best else {
      undoRelease()
      return false
    }
    state.remove(best.p, s)
    state.add(q, s)
    if let t = best.to { state.add(best.p, t) }
    return true
  }

  /// Whether `q` may leave `t` without breaking H8's minimum or H11 there.
  static func canLeave(_ state: RosterState, _ q: Int, _ t: Int) -> Bool {
    let info = state.data.sessions[t]
    guard info.isGroup else { return true }
    let n = state.booked[t].count - 1
    if n < info.minAttendance { return false }
    if info.womenOnly { return true }
    let women = state.women[t] - (state.data.people[q].isFemale ? 1 : 0)
    return !(women == 1 && n > 1)
  }

  /// Whether adding `p` to a running session keeps H11 (the caller checked the rest).
  static func lawfulAfterAdding(_ state: RosterState, _ p: Int, _ s: Int) -> Bool {
    let info = state.data.sessions[s]
    guard info.isGroup, !info.womenOnly else { return true }
    let women = state.women[s] + (state.data.people[p].isFemale ? 1 : 0)
    let n = state.booked[s].count + 1
    if n < info.minAttendance { return false }
    return !(women == 1 && n > 1)
  }

  /// Whether adding `q` to `s` after someone left keeps H8's minimum and H11.
  static func lawfulAfterSwap(_ state: RosterState, adding q: Int, _ s: Int) -> Bool {
    lawfulAfterAdding(state, q, s)
  }
}

extension RosterState {
  /// Person `p`'s share of the objective now.
  func value(_ p: Int) -> Double { data.value(person: p, hours: personHours[p]) }

  /// Person `p`'s share if also booked on `s`.
  func value(_ p: Int, plus s: Int) -> Double { data.value(person: p, hours: personHours[p] + data.sessions[s].hours) }
}
