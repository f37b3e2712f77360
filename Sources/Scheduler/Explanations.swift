import PaybackCore

/// Why people were left below their weekly target, in words a coordinator can act on.
enum Explanations {
  static func shortfalls(_ state: RosterState) -> [Shortfall] {
    let data = state.data
    let instance = data.instance
    let staffable = data.staffable
    var out: [Shortfall] = []
    for (p, person) in instance.people.enumerated() {
      let info = data.people[p]
      guard state.personHours[p] < info.target - 1e-9 else { continue }
      var reasons: [String] = []
      if data.options[p].isEmpty {
        reasons = noOptionReasons(person, instance: instance, staffable: staffable)
      } else {
        var why: [String: [String]] = [:]
        for s in data.options[p] where !state.booked[s].contains(p) {
          why[blocker(state, p, s), default: []].append(data.sessionIDs[s])
        }
        reasons = why.sorted { ($0.value.count, $0.key) > ($1.value.count, $1.key) }.map { reason, sessions in
          let list = sessions.prefix(4).joined(separator: ", ") + (sessions.count > 4 ? ", ..." : "")
          return "\(reason): \(list)"
        }
        if reasons.isEmpty { reasons = ["every session they can attend is booked for them"] }
      }
      out.append(
        Shortfall(person: person.id, bookedHours: state.personHours[p], targetHours: info.target, reasons: reasons))
    }
    return out
  }

  /// Why a person cannot take one of their possible sessions in this roster.
  static func blocker(_ state: RosterState, _ p: Int, _ s: Int) -> String {
    let data = state.data
    let info = data.sessions[s]
    let person = data.people[p]
    if state.personDays[p] & (1 << info.day) != 0 { return "booked elsewhere that day" }
    if state.personHours[p] + info.hours > person.maxHours { return "weekly maximum reached" }
    if info.kind == .ete, state.personEte[p] + info.hours > person.ete { return "ETE allowance used" }
    if !data.needlessBookingFree(person: p, sessions: state.personSessions[p], adding: s) {
      return "order finishes before that session"
    }
    if data.apart[p].contains(where: { state.booked[s].contains($0) }) { return "kept apart from someone booked there" }
    if info.isGroup {
      if state.staffed[s].isEmpty {
        return state.data.staff[s].contains(where: { state.canStaff($0, s) })
          ? "session not run (too few people to reach its minimum)" : "no supervisor available"
      }
      if person.isHighRisk, state.highRiskStaff[s] == 0 { return "no high-risk supervisor on the session" }
      if state.room(s) <= 0 {
        return state.booked[s].count >= info.capacity ? "sessions full" : "session full for its supervisors"
      }
      if !info.womenOnly, person.isFemale, state.women[s] == 0 { return "would be the only woman in the group" }
    } else if state.room(s) <= 0 {
      return "sessions full"
    }
    return "others had a stronger claim"
  }

  /// Why a person has no session at all they could attend.
  static func noOptionReasons(_ person: Person, instance: Instance, staffable: [String: (any: Bool, highRisk: Bool)])
    -> [String]
  {
    if !(person.hoursRemaining > 0) { return ["no hours remaining"] }
    let inArea = instance.sessions.filter { person.areas.contains($0.project.area) }
    if inArea.isEmpty { return ["no sessions in their areas (\(person.areas.joined(separator: ", ")))"] }
    var counts: [String: Int] = [:]
    for (project, session) in inArea {
      let reasons = instance.ineligibility(
        of: person, for: session, of: project, staffable: staffable[session.id] ?? (true, true))
      for r in Set(reasons.map { "\($0) (\($0.rule))" }) { counts[r, default: 0] += 1 }
    }
    if inArea.allSatisfy({ !person.canWork(on: $0.session.date) }) {
      return ["no available day: no session in their areas falls on a day they can work"]
        + counts.sorted { $0.value > $1.value }.prefix(2).map {
          "\($0.key) for \($0.value) of \(inArea.count) sessions"
        }
    }
    return counts.sorted { ($0.value, $0.key) > ($1.value, $1.key) }.prefix(4).map {
      "\($0.key) for \($0.value) of \(inArea.count) sessions"
    }
  }
}
