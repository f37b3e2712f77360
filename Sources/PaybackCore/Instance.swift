/// One week's planning problem, `payback-instance/1` (see `docs/contract.md`).
///
/// Values here are already validated: ids are unique, references resolve, dates lie
/// inside the week and defaults are applied, so solvers need not re-check them.
public struct Instance: Sendable {
  public static let formatTag = "payback-instance/1"

  public var name: String
  /// The Monday that starts the week.
  public var weekStart: CalendarDate
  public var defaults: Defaults
  public var projects: [Project]
  public var supervisors: [Supervisor]
  public var people: [Person]
  public var pins: [Pin]

  public init(
    name: String, weekStart: CalendarDate, defaults: Defaults = Defaults(), projects: [Project],
    supervisors: [Supervisor], people: [Person], pins: [Pin] = []
  ) {
    self.name = name
    self.weekStart = weekStart
    self.defaults = defaults
    self.projects = projects
    self.supervisors = supervisors
    self.people = people
    self.pins = pins
  }

  /// The seven dates of the week.
  public var dates: [CalendarDate] { (0..<7).map { weekStart.adding(days: $0) } }

  /// Every session with its project, in project order.
  public var sessions: [(project: Project, session: Session)] {
    projects.flatMap { p in p.sessions.map { (p, $0) } }
  }
}

/// Instance-wide defaults; each may be overridden per project or per person.
public struct Defaults: Sendable, Equatable {
  public var minHoursPerWeek: Double = 7
  public var maxHoursPerWeek: Double = 21
  public var peoplePerSupervisor: Int = 8
  public var minAttendance: Int = 2
  public var paceWeight: Double = 10

  public init(
    minHoursPerWeek: Double = 7, maxHoursPerWeek: Double = 21, peoplePerSupervisor: Int = 8,
    minAttendance: Int = 2, paceWeight: Double = 10
  ) {
    self.minHoursPerWeek = minHoursPerWeek
    self.maxHoursPerWeek = maxHoursPerWeek
    self.peoplePerSupervisor = peoplePerSupervisor
    self.minAttendance = minAttendance
    self.paceWeight = paceWeight
  }
}

/// What kind of work a project is.
public enum ProjectKind: String, Sendable, CaseIterable {
  /// A team on site under supervisors from the pool.
  case group
  /// A placement supervised by the host organisation (low risk only).
  case individual
  /// Education, training or employment that counts towards the order.
  case ete
}

/// A place where work is done, with its sessions this week.
public struct Project: Sendable {
  public var id: String
  public var name: String?
  public var kind: ProjectKind
  public var area: String
  public var involves: [String]
  public var requiresSkills: [String]
  public var supervisorRequires: [String]
  public var womenOnly: Bool
  /// Resolved: the project's own value or the instance default.
  public var peoplePerSupervisor: Int
  /// Resolved: the project's own value or the instance default.
  public var minAttendance: Int
  public var sessions: [Session]

  public init(
    id: String, name: String? = nil, kind: ProjectKind, area: String, involves: [String] = [],
    requiresSkills: [String] = [], supervisorRequires: [String] = [], womenOnly: Bool = false,
    peoplePerSupervisor: Int = 8, minAttendance: Int = 2, sessions: [Session]
  ) {
    self.id = id
    self.name = name
    self.kind = kind
    self.area = area
    self.involves = involves
    self.requiresSkills = requiresSkills
    self.supervisorRequires = supervisorRequires
    self.womenOnly = womenOnly
    self.peoplePerSupervisor = peoplePerSupervisor
    self.minAttendance = minAttendance
    self.sessions = sessions
  }

  /// The name to show: the project's name, or its id.
  public var displayName: String { name ?? id }
}

/// One day's work at a project.
public struct Session: Sendable {
  public var id: String
  public var date: CalendarDate
  public var start: ClockTime?
  public var end: ClockTime?
  /// Hours credited for the whole session; a positive multiple of 0.25.
  public var hours: Double
  public var capacity: Int

  public init(
    id: String, date: CalendarDate, start: ClockTime? = nil, end: ClockTime? = nil, hours: Double, capacity: Int
  ) {
    self.id = id
    self.date = date
    self.start = start
    self.end = end
    self.hours = hours
    self.capacity = capacity
  }
}

/// Staff who run group sessions.
public struct Supervisor: Sendable {
  public var id: String
  public var name: String?
  public var areas: [String]
  public var available: Set<Weekday>
  public var unavailableDates: Set<CalendarDate>
  public var maxSessions: Int
  public var qualifications: [String]

  public init(
    id: String, name: String? = nil, areas: [String], available: Set<Weekday>, unavailableDates: Set<CalendarDate> = [],
    maxSessions: Int, qualifications: [String] = []
  ) {
    self.id = id
    self.name = name
    self.areas = areas
    self.available = available
    self.unavailableDates = unavailableDates
    self.maxSessions = maxSessions
    self.qualifications = qualifications
  }

  /// Whether the supervisor can work on `date` at all (H9's day rules).
  public func works(on date: CalendarDate) -> Bool {
    available.contains(date.weekday) && !unavailableDates.contains(date)
  }
}

public enum Sex: String, Sendable, CaseIterable {
  case female, male
}

/// Risk of serious harm level.
public enum Risk: String, Sendable, CaseIterable, Comparable {
  case low, medium, high

  public static func < (a: Risk, b: Risk) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}

/// Someone with an unpaid work requirement.
public struct Person: Sendable {
  public var id: String
  public var name: String?
  public var sex: Sex
  public var risk: Risk
  public var hoursRemaining: Double
  public var eteHoursRemaining: Double
  /// Last day work may be done; nil when the order has no time limit.
  public var deadline: CalendarDate?
  public var startDate: CalendarDate?
  public var available: Set<Weekday>
  public var unavailableDates: Set<CalendarDate>
  public var areas: [String]
  public var skills: [String]
  public var unsuitableFor: [String]
  public var keepApart: [String]
  /// Resolved: the person's own value or the instance default.
  public var minHoursPerWeek: Double
  /// Resolved: the person's own value or the instance default.
  public var maxHoursPerWeek: Double

  public init(
    id: String, name: String? = nil, sex: Sex = .male, risk: Risk, hoursRemaining: Double,
    eteHoursRemaining: Double = 0,
    deadline: CalendarDate? = nil, startDate: CalendarDate? = nil, available: Set<Weekday>,
    unavailableDates: Set<CalendarDate> = [], areas: [String], skills: [String] = [], unsuitableFor: [String] = [],
    keepApart: [String] = [], minHoursPerWeek: Double = 7, maxHoursPerWeek: Double = 21
  ) {
    self.id = id
    self.name = name
    self.sex = sex
    self.risk = risk
    self.hoursRemaining = hoursRemaining
    self.eteHoursRemaining = eteHoursRemaining
    self.deadline = deadline
    self.startDate = startDate
    self.available = available
    self.unavailableDates = unavailableDates
    self.areas = areas
    self.skills = skills
    self.unsuitableFor = unsuitableFor
    self.keepApart = keepApart
    self.minHoursPerWeek = minHoursPerWeek
    self.maxHoursPerWeek = maxHoursPerWeek
  }

  /// The name to show: the person's name, or their id.
  public var displayName: String { name ?? id }

  /// Whether the person may work on `date` (H3).
  public func canWork(on date: CalendarDate) -> Bool {
    available.contains(date.weekday) && !unavailableDates.contains(date)
      && (startDate.map { date >= $0 } ?? true) && (deadline.map { date <= $0 } ?? true)
  }
}

/// A booking the coordinator has fixed by hand (H13).
public struct Pin: Sendable, Hashable {
  public var person: String
  public var session: String

  public init(person: String, session: String) {
    self.person = person
    self.session = session
  }
}
