/// Why a person cannot be booked on a session, whatever else the roster holds.
///
/// These are the per-booking parts of the hard rules (H3, H4, H6, H7, and H8-H10 where
/// no supervisor could ever staff the session); solvers use them to prune and the
/// explanations use them to tell a coordinator why someone was not booked.
public enum Ineligibility: Sendable, Hashable, CustomStringConvertible {
  case notAvailableThatWeekday
  case unavailableDate
  case beforeStartDate
  case afterDeadline
  case nothingOwed
  case outsideArea
  case missingSkill(String)
  case unsuitable(String)
  case womenOnly
  case individualNeedsLowRisk
  case longerThanWeeklyCap
  case eteAllowance
  case noSupervisorCanStaff
  case noHighRiskSupervisor

  /// The hard rule this comes from.
  public var rule: String {
    switch self {
    case .notAvailableThatWeekday, .unavailableDate, .beforeStartDate, .afterDeadline: "H3"
    case .outsideArea, .missingSkill, .unsuitable, .womenOnly, .individualNeedsLowRisk: "H4"
    case .longerThanWeeklyCap, .eteAllowance: "H6"
    case .nothingOwed: "H7"
    case .noSupervisorCanStaff: "H8/H9"
    case .noHighRiskSupervisor: "H10"
    }
  }

  public var description: String {
    switch self {
    case .notAvailableThatWeekday: "not available that weekday"
    case .unavailableDate: "unavailable that date"
    case .beforeStartDate: "before their start date"
    case .afterDeadline: "after their deadline"
    case .nothingOwed: "no hours remaining"
    case .outsideArea: "outside their areas"
    case .missingSkill(let s): "lacks the skill \"\(s)\""
    case .unsuitable(let s): "unsuitable for work involving \(s)"
    case .womenOnly: "women-only project"
    case .individualNeedsLowRisk: "individual placements take low-risk people only"
    case .longerThanWeeklyCap: "session longer than their weekly maximum"
    case .eteAllowance: "not enough ETE allowance left"
    case .noSupervisorCanStaff: "no supervisor can staff the session"
    case .noHighRiskSupervisor: "no high-risk-qualified supervisor can staff the session"
    }
  }
}

/// The qualification H10 asks of a supervisor at a session with a high-risk person.
public let highRiskQualification = "high_risk"

extension Supervisor {
  /// Whether the supervisor may be assigned to `session` of `project` (H9's per-session part).
  public func canStaff(_ session: Session, of project: Project) -> Bool {
    project.kind == .group && areas.contains(project.area) && works(on: session.date) && maxSessions > 0
      && project.supervisorRequires.allSatisfy { qualifications.contains($0) }
  }
}

extension Instance {
  /// Every reason `person` can never be booked on `session`; empty when the booking is possible.
  ///
  /// - Parameter staffable: for group sessions, whether some supervisor can staff it, and
  ///   whether some high-risk-qualified one can; computed once by the caller.
  public func ineligibility(
    of person: Person, for session: Session, of project: Project, staffable: (any: Bool, highRisk: Bool) = (true, true)
  ) -> [Ineligibility] {
    var out: [Ineligibility] = []
    let d = session.date
    if !person.available.contains(d.weekday) { out.append(.notAvailableThatWeekday) }
    if person.unavailableDates.contains(d) { out.append(.unavailableDate) }
    if let s = person.startDate, d < s { out.append(.beforeStartDate) }
    if let dl = person.deadline, d > dl { out.append(.afterDeadline) }
    if !(person.hoursRemaining > 0) { out.append(.nothingOwed) }
    if !person.areas.contains(project.area) { out.append(.outsideArea) }
    for s in project.requiresSkills where !person.skills.contains(s) { out.append(.missingSkill(s)) }
    for i in project.involves where person.unsuitableFor.contains(i) { out.append(.unsuitable(i)) }
    if project.womenOnly, person.sex != .female { out.append(.womenOnly) }
    if project.kind == .individual, person.risk != .low { out.append(.individualNeedsLowRisk) }
    if session.hours > person.maxHoursPerWeek { out.append(.longerThanWeeklyCap) }
    if project.kind == .ete, session.hours > person.eteHoursRemaining { out.append(.eteAllowance) }
    if project.kind == .group {
      if !staffable.any {
        out.append(.noSupervisorCanStaff)
      } else if person.risk == .high, !staffable.highRisk {
        out.append(.noHighRiskSupervisor)
      }
    }
    return out
  }

  /// For each group session id: can any supervisor staff it, and can any high-risk-qualified one.
  ///
  /// - Parameter sessionIDs: only these sessions (all when nil); the work is sessions x supervisors.
  public func staffability(only sessionIDs: Set<String>? = nil) -> [String: (any: Bool, highRisk: Bool)] {
    var out: [String: (any: Bool, highRisk: Bool)] = [:]
    for project in projects where project.kind == .group {
      for session in project.sessions where sessionIDs?.contains(session.id) ?? true {
        let able = supervisors.filter { $0.canStaff(session, of: project) }
        out[session.id] = (!able.isEmpty, able.contains { $0.qualifications.contains(highRiskQualification) })
      }
    }
    return out
  }
}
