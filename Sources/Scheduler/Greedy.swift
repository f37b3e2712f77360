import HeapModule
import PaybackCore

/// The greedy scheduler: valid by construction, fast enough for a region in well under a second.
///
/// 1. Pins are booked and staffed first.
/// 2. Supervisors go where the expected demand per added place is highest.
/// 3. People are booked by value: always the booking that gains most per hour next, so hours
///    worth `pace_weight + 1` (up to the pace target) go before hours worth 1; people with the
///    fewest options go first on ties.
/// 4. Repair: sessions below minimum attendance or with a lone woman are filled or closed, a
///    local search trades places, surplus supervisors are released; steps 2-4 repeat while they gain.
enum Greedy {
  static func solve(_ data: WeekData, localSearchMoves: Int = 400_000) -> RosterState {
    var state = RosterState(data)
    for pin in data.pins { state.add(pin.person, pin.session) }
    for s in Set(data.pins.map(\.session)) where data.sessions[s].isGroup {
      staffForPeople(&state, s)
    }
    let flexibility = data.staff.indices.reduce(into: Array(repeating: 0, count: data.instance.supervisors.count)) {
      for k in data.staff[$1] { $0[k] += 1 }
    }
    var best = state
    var bestValue = -1.0
    for _ in 0..<4 {
      planSupervisors(&state, flexibility: flexibility)
      bookPeople(&state, upToTarget: true)
      bookPeople(&state, upToTarget: false)
      repair(&state)
      // A budget of move attempts, not seconds: the same week always gives the same roster.
      LocalSearch.improve(&state, attempts: localSearchMoves)
      releaseSurplusSupervisors(&state)
      let value = state.objective
      if value > bestValue + 1e-9 {
        best = state
        bestValue = value
      } else {
        break
      }
    }
    return best
  }

  /// Adds supervisors so that a session's booked people are staffed (pins, H8, H10).
  static func staffForPeople(_ state: inout RosterState, _ s: Int) {
    let data = state.data
    let needsHighRisk = state.booked[s].contains { data.people[$0].isHighRisk }
    if needsHighRisk, state.highRiskStaff[s] == 0,
      let k = data.staff[s].first(where: { data.supervisorHighRisk[$0] && state.canStaff($0, s) })
    {
      state.addSupervisor(k, s)
    }
    while state.staffed[s].count < state.supervisorsNeeded(s),
      let k = data.staff[s].first(where: { state.canStaff($0, s) })
    {
      state.addSupervisor(k, s)
    }
  }

  /// Gives supervisors, one at a time, to the group session where their places are worth most
  /// now, and books those places at once, so that every choice sees the demand that is left.
  ///
  /// A session's worth can only fall as people are booked and supervisors used, so a lazy
  /// priority queue re-scores only the session at the top.
  static func planSupervisors(_ state: inout RosterState, flexibility: [Int]) {
    let data = state.data
    bookPeople(&state, upToTarget: true)
    var heap = Heap<ScoredSession>()
    for s in data.sessions.indices where data.sessions[s].isGroup && !data.staff[s].isEmpty {
      let offer = bestOffer(state, s, flexibility: flexibility)
      if offer.value > 1e-9 { heap.insert(ScoredSession(value: offer.value, session: s)) }
    }
    while let top = heap.popMax() {
      let offer = bestOffer(state, top.session, flexibility: flexibility)
      guard offer.value > 1e-9, let k = offer.supervisor else { continue }
      if let next = heap.max, next.value > offer.value + 1e-9 {
        heap.insert(ScoredSession(value: offer.value, session: top.session))
        continue
      }
      state.addSupervisor(k, top.session)
      for p in offer.people where state.canAdd(p, top.session) { state.add(p, top.session) }
      let again = bestOffer(state, top.session, flexibility: flexibility)
      if again.value > 1e-9 { heap.insert(ScoredSession(value: again.value, session: top.session)) }
    }
  }

  struct ScoredSession: Comparable {
    var value: Double
    var session: Int
    static func < (a: ScoredSession, b: ScoredSession) -> Bool { (a.value, -a.session) < (b.value, -b.session) }
  }

  /// What one more supervisor on `s` would bring: the supervisor, the people they would
  /// make room for, and the objective those people gain.
  static func bestOffer(_ state: RosterState, _ s: Int, flexibility: [Int]) -> (
    value: Double, supervisor: Int?, people: [Int]
  ) {
    let data = state.data
    let info = data.sessions[s]
    // Room once one more supervisor joins: the people already booked plus these fill it.
    let slots = min(info.capacity, info.peoplePerSupervisor * (state.staffed[s].count + 1)) - state.booked[s].count
    guard slots > 0 else { return (0, nil, []) }
    let able = data.staff[s].filter { state.canStaff($0, s) }
    guard !able.isEmpty else { return (0, nil, []) }
    var offers: [(gain: Double, options: Int, person: Int, highRisk: Bool)] = []
    for p in data.candidates[s] where state.canAdd(p, s, ignoreRoom: true) {
      let g = state.gain(p, s)
      if g > 1e-9 { offers.append((g, data.options[p].count, p, data.people[p].isHighRisk)) }
    }
    offers.sort { ($0.gain, -$0.options, -$0.person) > ($1.gain, -$1.options, -$1.person) }
    // A high-risk-qualified supervisor admits everyone; another admits the others only.
    let highRiskHere = state.highRiskStaff[s] > 0
    func pick(_ allowHighRisk: Bool) -> (Double, [Int]) {
      var chosen: [Int] = []
      var value = 0.0
      for o in offers where chosen.count < slots {
        if o.highRisk, !allowHighRisk { continue }
        chosen.append(o.person)
        value += o.gain
      }
      // A session that cannot reach its minimum is worth nothing yet.
      if state.booked[s].count + chosen.count < info.minAttendance { return (0, []) }
      return (value, chosen)
    }
    let highRiskCandidates = able.filter { data.supervisorHighRisk[$0] }
    let others = able.filter { !data.supervisorHighRisk[$0] }
    let withHR = highRiskCandidates.isEmpty ? (0.0, [Int]()) : pick(true)
    let without = others.isEmpty ? (0.0, [Int]()) : pick(highRiskHere)
    func leastFlexible(_ ks: [Int]) -> Int? { ks.min { (flexibility[$0], $0) < (flexibility[$1], $1) } }
    // Spend a scarce high-risk supervisor only where it admits more.
    if withHR.0 > without.0 + 1e-9 { return (withHR.0, leastFlexible(highRiskCandidates), withHR.1) }
    if !others.isEmpty { return (without.0, leastFlexible(others), without.1) }
    return (withHR.0, leastFlexible(highRiskCandidates), withHR.1)
  }

  /// Books people by value: always the booking that gains most per hour next (people with
  /// fewer options first on ties), so places go to hours worth `pace_weight + 1` before hours
  /// worth 1. A lazy priority queue re-evaluates only the person at the top.
  static func bookPeople(_ state: inout RosterState, upToTarget: Bool) {
    let data = state.data
    func best(_ p: Int) -> (rate: Double, session: Int)? {
      let limit = upToTarget ? data.people[p].target : data.people[p].remaining
      guard state.personHours[p] < limit - 1e-9 else { return nil }
      var found: (rate: Double, session: Int, room: Int)?
      for s in data.options[p] where state.canAdd(p, s) {
        let g = state.gain(p, s)
        guard g > 1e-9 else { continue }
        let rate = g / data.sessions[s].hours
        let room = state.room(s)
        if found == nil || (rate, room, -s) > (found!.rate, found!.room, -found!.session) { found = (rate, s, room) }
      }
      return found.map { ($0.rate, $0.session) }
    }
    var heap = Heap<Candidate>()
    for p in data.people.indices where !data.options[p].isEmpty {
      if let b = best(p) { heap.insert(Candidate(rate: b.rate, options: data.options[p].count, person: p)) }
    }
    while let top = heap.popMax() {
      guard let b = best(top.person) else { continue }
      if b.rate < top.rate - 1e-9 {
        heap.insert(Candidate(rate: b.rate, options: top.options, person: top.person))
        continue
      }
      state.add(top.person, b.session)
      if let next = best(top.person) {
        heap.insert(Candidate(rate: next.rate, options: top.options, person: top.person))
      }
    }
  }

  struct Candidate: Comparable {
    var rate: Double
    var options: Int
    var person: Int
    static func < (a: Candidate, b: Candidate) -> Bool {
      (a.rate, -a.options, -a.person) < (b.rate, -b.options, -b.person)
    }
  }

  /// Fills or closes group sessions that break H8's minimum or H11.
  static func repair(_ state: inout RosterState) {
    let data = state.data
    for s in data.sessions.indices where data.sessions[s].isGroup && !state.booked[s].isEmpty {
      let info = data.sessions[s]
      if state.loneWoman(s) {
        // Another woman makes the group lawful; otherwise the woman moves out.
        if let w = bestAddition(state, s, where: { data.people[$0].isFemale }) {
          state.add(w, s)
        } else if let lone = state.booked[s].first(where: { data.people[$0].isFemale }), !state.isPinned(lone, s) {
          state.remove(lone, s)
          rebook(&state, lone)
        } else {
          // A pinned lone woman: the men who are not pinned leave instead.
          for m in state.booked[s] where !data.people[m].isFemale && !state.isPinned(m, s) { state.remove(m, s) }
        }
      }
      while state.booked[s].count < info.minAttendance,
        let p = bestAddition(state, s, where: { !data.people[$0].isFemale || info.womenOnly || state.women[s] >= 1 })
      {
        state.add(p, s)
      }
      if state.loneWoman(s), let w = bestAddition(state, s, where: { data.people[$0].isFemale }) {
        state.add(w, s)
      }
      if state.booked[s].count < info.minAttendance || state.loneWoman(s) {
        let displaced = state.booked[s].filter { !state.isPinned($0, s) }
        for p in displaced { state.remove(p, s) }
        if state.booked[s].isEmpty {
          for k in state.staffed[s] { state.removeSupervisor(k, s) }
        }
        for p in displaced { rebook(&state, p) }
      }
    }
  }

  /// The candidate whose booking on `s` gains most (ties: the least flexible person).
  static func bestAddition(_ state: RosterState, _ s: Int, where accept: (Int) -> Bool) -> Int? {
    let data = state.data
    var best: Int?
    var bestKey = (0.0, 0)
    for p in data.candidates[s] where accept(p) && state.canAdd(p, s) {
      let g = state.gain(p, s)
      guard g > 1e-9 else { continue }
      let key = (g, -data.options[p].count)
      if best == nil || key > bestKey {
        best = p
        bestKey = key
      }
    }
    return best
  }

  /// Books a displaced person into sessions that stay lawful without them having to be filled.
  static func rebook(_ state: inout RosterState, _ p: Int) {
    let data = state.data
    while state.personHours[p] < data.people[p].remaining {
      let choices = data.options[p].filter { s in
        guard state.canAdd(p, s), state.gain(p, s) > 1e-9 else { return false }
        let info = data.sessions[s]
        guard info.isGroup else { return true }
        // Only sessions already running and lawful after the addition (H8 minimum, H11).
        guard state.booked[s].count >= info.minAttendance else { return false }
        guard !info.womenOnly else { return true }
        let women = state.women[s] + (data.people[p].isFemale ? 1 : 0)
        return women != 1
      }
      guard let s = choices.max(by: { state.gain(p, $0) < state.gain(p, $1) }) else { return }
      state.add(p, s)
    }
  }

  /// Releases supervisors a session does not need, keeping a high-risk one where H10 asks.
  static func releaseSurplusSupervisors(_ state: inout RosterState) {
    let data = state.data
    for s in data.sessions.indices where data.sessions[s].isGroup {
      let needsHighRisk = state.booked[s].contains { data.people[$0].isHighRisk }
      var surplus = state.staffed[s].count - state.supervisorsNeeded(s)
      guard surplus > 0 else { continue }
      for k in state.staffed[s].sorted(by: { data.supervisorHighRisk[$0] && !data.supervisorHighRisk[$1] }).reversed()
      where surplus > 0 {
        if needsHighRisk, data.supervisorHighRisk[k], state.highRiskStaff[s] == 1 { continue }
        state.removeSupervisor(k, s)
        surplus -= 1
      }
    }
  }
}
