/// The contract's objective (higher is better), computed from booked hours.
///
/// Hours that keep an order on pace are worth `pace_weight + 1`; further hours
/// worth 1; hours beyond what is owed are worth nothing.
public enum Objective {
  /// The weekly pace target of a person in the week starting `weekStart`.
  public static func target(of person: Person, weekStart: CalendarDate) -> Double {
    let r = person.hoursRemaining
    var pace = 0.0
    if let deadline = person.deadline {
      let days = weekStart.days(to: deadline)
      let weeksLeft = max(1, 1 + Int((Double(days) / 7).rounded(.down)))
      pace = r / Double(weeksLeft)
    }
    return min(r, person.maxHoursPerWeek, max(person.minHoursPerWeek, pace))
  }

  /// Hours credited for `booked` hours: no more than what is still owed.
  public static func credited(booked: Double, remaining: Double) -> Double { min(booked, remaining) }

  /// One person's share of the objective.
  public static func value(credited: Double, target: Double, paceWeight: Double) -> Double {
    paceWeight * min(credited, target) + credited
  }

  /// The objective of a person who is booked for `booked` hours this week.
  public static func value(of person: Person, booked: Double, weekStart: CalendarDate, paceWeight: Double) -> Double {
    let c = credited(booked: booked, remaining: person.hoursRemaining)
    return value(credited: c, target: target(of: person, weekStart: weekStart), paceWeight: paceWeight)
  }

  /// The objective of a whole roster (no validity check: see RosterCheck).
  public static func value(of roster: Roster, in instance: Instance) -> Double {
    var hoursOfSession: [String: Double] = [:]
    for (_, s) in instance.sessions { hoursOfSession[s.id] = s.hours }
    var booked: [String: Double] = [:]
    for a in roster.assignments {
      for p in a.people { booked[p, default: 0] += hoursOfSession[a.session] ?? 0 }
    }
    var total = 0.0
    for person in instance.people {
      total += value(
        of: person, booked: booked[person.id] ?? 0, weekStart: instance.weekStart,
        paceWeight: instance.defaults.paceWeight)
    }
    return total
  }
}
