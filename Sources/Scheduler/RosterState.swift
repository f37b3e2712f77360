import PaybackCore

/// A roster under construction, with the running totals every rule check needs.
///
/// All mutation goes through `add`/`remove`, which keep the totals exact; `canAdd` checks
/// every hard rule a single extra booking could break, so a state built only through
/// `canAdd`-approved steps can break only the group rules that need a whole session
/// (H8's minimum attendance and H11), which `repair` settles.
struct RosterState {
  let data: WeekData
  var booked: [[Int]]
  var staffed: [[Int]]
  var personSessions: [[Int]]
  var personDays: [UInt8]
  var personHours: [Double]
  var personEte: [Double]
  var supervisorDays: [UInt8]
  var supervisorLoad: [Int]
  var women: [Int]
  var highRiskStaff: [Int]
  var pinned: Set<Int64>

  init(_ data: WeekData) {
    self.data = data
    let ns = data.sessions.count
    let np = data.people.count
    let nk = data.instance.supervisors.count
    booked = Array(repeating: [], count: ns)
    staffed = Array(repeating: [], count: ns)
    personSessions = Array(repeating: [], count: np)
    personDays = Array(repeating: 0, count: np)
    personHours = Array(repeating: 0, count: np)
    personEte = Array(repeating: 0, count: np)
    supervisorDays = Array(repeating: 0, count: nk)
    supervisorLoad = Array(repeating: 0, count: nk)
    women = Array(repeating: 0, count: ns)
    highRiskStaff = Array(repeating: 0, count: ns)
    pinned = Set(data.pins.map { Self.key($0.person, $0.session) })
  }

  static func key(_ p: Int, _ s: Int) -> Int64 { Int64(p) << 32 | Int64(s) }

  func isPinned(_ p: Int, _ s: Int) -> Bool { pinned.contains(Self.key(p, s)) }

  /// People the session may hold with its current supervisors.
  func room(_ s: Int) -> Int {
    let info = data.sessions[s]
    guard info.isGroup else { return info.capacity - booked[s].count }
    return min(info.capacity, info.peoplePerSupervisor * staffed[s].count) - booked[s].count
  }

  /// The objective gain of booking `p` on `s` (0 when it adds nothing).
  func gain(_ p: Int, _ s: Int) -> Double {
    data.value(person: p, hours: personHours[p] + data.sessions[s].hours) - data.value(person: p, hours: personHours[p])
  }

  /// Whether `p` can be booked on `s` without breaking any per-booking rule.
  /// - Parameter ignoreRoom: skip the capacity and staffing test (used when planning supervisors).
  func canAdd(_ p: Int, _ s: Int, ignoreRoom: Bool = false) -> Bool {
    let info = data.sessions[s]
    let person = data.people[p]
    if personDays[p] & (1 << info.day) != 0 { return false }
    if personHours[p] + info.hours > person.maxHours { return false }
    if info.kind == .ete, personEte[p] + info.hours > person.ete { return false }
    if !ignoreRoom, room(s) <= 0 { return false }
    if info.isGroup, person.isHighRisk, highRiskStaff[s] == 0, !ignoreRoom { return false }
    if !data.apart[p].isEmpty, booked[s].contains(where: { data.apart[p].contains($0) }) { return false }
    return data.needlessBookingFree(person: p, sessions: personSessions[p], adding: s)
  }

  mutating func add(_ p: Int, _ s: Int) {
    let info = data.sessions[s]
    booked[s].append(p)
    personSessions[p].append(s)
    personDays[p] |= 1 << info.day
    personHours[p] += info.hours
    if info.kind == .ete { personEte[p] += info.hours }
    if data.people[p].isFemale { women[s] += 1 }
  }

  mutating func remove(_ p: Int, _ s: Int) {
    let info = data.sessions[s]
    booked[s].removeAll { $0 == p }
    personSessions[p].removeAll { $0 == s }
    personDays[p] &= ~(1 << info.day)
    personHours[p] -= info.hours
    if info.kind == .ete { personEte[p] -= info.hours }
    if data.people[p].isFemale { women[s] -= 1 }
  }

  func canStaff(_ k: Int, _ s: Int) -> Bool {
    supervisorDays[k] & (1 << data.sessions[s].day) == 0 && supervisorLoad[k] < data.supervisorMaxSessions[k]
  }

  mutating func addSupervisor(_ k: Int, _ s: Int) {
    staffed[s].append(k)
    supervisorDays[k] |= 1 << data.sessions[s].day
    supervisorLoad[k] += 1
    if data.supervisorHighRisk[k] { highRiskStaff[s] += 1 }
  }

  mutating func removeSupervisor(_ k: Int, _ s: Int) {
    staffed[s].removeAll { $0 == k }
    supervisorDays[k] &= ~(1 << data.sessions[s].day)
    supervisorLoad[k] -= 1
    if data.supervisorHighRisk[k] { highRiskStaff[s] -= 1 }
  }

  /// Supervisors a group session needs for its people (H8: at least one).
  func supervisorsNeeded(_ s: Int) -> Int {
    let n = booked[s].count
    return n == 0 ? 0 : max(1, (n + data.sessions[s].peoplePerSupervisor - 1) / data.sessions[s].peoplePerSupervisor)
  }

  /// Whether a group session's people satisfy H11 (no lone woman).
  func loneWoman(_ s: Int) -> Bool {
    let info = data.sessions[s]
    return info.isGroup && !info.womenOnly && women[s] == 1 && booked[s].count > 1
  }

  var objective: Double {
    data.people.indices.reduce(0) { $0 + data.value(person: $1, hours: personHours[$1]) }
  }
}
