/// Pins a coordinator cannot have: each named with the hard rule it breaks.
enum PinCheck {
  static func problems(in instance: Instance) -> [InputError.Problem] {
    var out: [InputError.Problem] = []
    let people = Dictionary(uniqueKeysWithValues: instance.people.map { ($0.id, $0) })
    var sessionOf: [String: (Project, Session)] = [:]
    for (p, s) in instance.sessions { sessionOf[s.id] = (p, s) }
    // Only pinned sessions: staffing every session costs sessions x supervisors, which for a
    // region (3,500 sessions, 1,000 supervisors) dominated reading the instance.
    guard !instance.pins.isEmpty else { return [] }
    let staffable = instance.staffability(only: Set(instance.pins.map(\.session)))

    var byPerson: [String: [(index: Int, project: Project, session: Session)]] = [:]
    var bySession: [String: [Int]] = [:]
    for (i, pin) in instance.pins.enumerated() {
      guard let person = people[pin.person], let (project, session) = sessionOf[pin.session] else { continue }
      let reasons = instance.ineligibility(
        of: person, for: session, of: project, staffable: staffable[session.id] ?? (true, true))
      for r in reasons {
        out.append(
          .init(path: "pins[\(i)]", message: "\(pin.person) cannot be booked on \(pin.session): \(r) (\(r.rule))"))
      }
      byPerson[pin.person, default: []].append((i, project, session))
      bySession[pin.session, default: []].append(i)
    }
    for (personID, pins) in byPerson.sorted(by: { $0.key < $1.key }) {
      let person = people[personID]!
      let sorted = pins.sorted { $0.session.date < $1.session.date }
      var seenDate: [CalendarDate: Int] = [:]
      for p in sorted {
        if let other = seenDate[p.session.date] {
          out.append(
            .init(
              path: "pins[\(p.index)]",
              message: "\(personID) is also pinned on \(p.session.date) by pins[\(other)] (H2: one session a day)"))
        }
        seenDate[p.session.date] = p.index
      }
      let total = pins.reduce(0) { $0 + $1.session.hours }
      if total > person.maxHoursPerWeek {
        out.append(
          .init(
            path: "pins[\(pins.last!.index)]",
            message:
              "\(personID)'s pins add up to \(JSONValue.format(total)) hours, over their weekly maximum of \(JSONValue.format(person.maxHoursPerWeek)) (H6)"
          ))
      }
      let ete = pins.filter { $0.project.kind == .ete }.reduce(0) { $0 + $1.session.hours }
      if ete > person.eteHoursRemaining {
        out.append(
          .init(
            path: "pins[\(pins.last!.index)]",
            message:
              "\(personID)'s ETE pins add up to \(JSONValue.format(ete)) hours, over their ETE allowance of \(JSONValue.format(person.eteHoursRemaining)) (H6)"
          ))
      }
      var before = 0.0
      var lastDate: CalendarDate?
      var dayHours = 0.0
      for p in sorted {
        if p.session.date != lastDate {
          before += dayHours
          dayHours = 0
          lastDate = p.session.date
        }
        if before >= person.hoursRemaining {
          out.append(
            .init(
              path: "pins[\(p.index)]",
              message: "\(personID) has finished their hours before \(p.session.id) (H7: no needless booking)"))
        }
        dayHours = max(dayHours, p.session.hours)
      }
      let apart = Set(person.keepApart)
      for p in pins {
        for q in bySession[p.session.id] ?? [] {
          let other = instance.pins[q].person
          if other != personID, apart.contains(other) || (people[other]?.keepApart.contains(personID) ?? false),
            personID < other
          {
            out.append(
              .init(
                path: "pins[\(p.index)]",
                message: "\(personID) and \(other) are both pinned on \(p.session.id) but must be kept apart (H12)"))
          }
        }
      }
    }
    for (sessionID, idx) in bySession.sorted(by: { $0.key < $1.key }) {
      let (_, session) = sessionOf[sessionID]!
      if idx.count > session.capacity {
        out.append(
          .init(
            path: "pins[\(idx.last!)]",
            message: "\(idx.count) people are pinned on \(sessionID), over its capacity of \(session.capacity) (H5)"))
      }
    }
    return out
  }
}

extension Instance {
  /// What is wrong with the instance's pins, each problem naming `pins[i]` and the hard rule it
  /// breaks (empty when every pin can be kept).
  public var pinProblems: [InputError.Problem] { PinCheck.problems(in: self) }
}
