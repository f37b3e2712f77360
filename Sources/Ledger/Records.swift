import Foundation
import PaybackCore

/// Someone with an unpaid work requirement: who they are and when and where they can work.
/// The same vocabulary as the instance format's Person, without the hours (those come from
/// the order and the history).
public struct PersonRecord: Sendable, Codable, Equatable {
  public var id: String
  public var name: String?
  public var sex: String
  public var risk: String
  public var available: [String]
  public var unavailableDates: [String]
  public var areas: [String]
  public var skills: [String]
  public var unsuitableFor: [String]
  public var keepApart: [String]
  public var minHoursPerWeek: Double?
  public var maxHoursPerWeek: Double?

  public init(
    id: String, name: String? = nil, sex: Sex = .male, risk: Risk, available: [Weekday],
    unavailableDates: [CalendarDate] = [],
    areas: [String], skills: [String] = [], unsuitableFor: [String] = [], keepApart: [String] = [],
    minHoursPerWeek: Double? = nil, maxHoursPerWeek: Double? = nil
  ) {
    self.id = id
    self.name = name
    self.sex = sex.rawValue
    self.risk = risk.rawValue
    self.available = available.map(\.rawValue)
    self.unavailableDates = unavailableDates.map(\.description)
    self.areas = areas
    self.skills = skills
    self.unsuitableFor = unsuitableFor
    self.keepApart = keepApart
    self.minHoursPerWeek = minHoursPerWeek
    self.maxHoursPerWeek = maxHoursPerWeek
  }
}

/// A court order's unpaid work requirement. One order per person: a further order is recorded
/// as a new version (hours added together, at most 300).
public struct OrderRecord: Sendable, Codable, Equatable {
  public var person: String
  public var orderedMinutes: Int
  public var sentenceDate: CalendarDate
  public var type: OrderType
  /// Last day work may be done; nil: no limit (Sentencing Act 2026 s.36).
  public var deadline: CalendarDate?
  public var travelEligible: Bool
  /// First day they may work, when later than the sentence date.
  public var startDate: CalendarDate?
  /// A suspended sentence order's operational period ends after this day: hours outstanding then
  /// are lost, and nothing is credited after it (FACTS.md). Nil: the deadline, if any, serves.
  public var operationalPeriodEnd: CalendarDate?
  /// The order's own ETE allowance in minutes, when not the policy's share (an imported
  /// instance's `ete_hours_remaining`); nil: `etePercent` of the ordered minutes.
  public var eteAllowanceMinutes: Int?

  public init(
    person: String, orderedMinutes: Int, sentenceDate: CalendarDate, type: OrderType = .communityOrder,
    deadline: CalendarDate? = nil, travelEligible: Bool = false, startDate: CalendarDate? = nil,
    operationalPeriodEnd: CalendarDate? = nil, eteAllowanceMinutes: Int? = nil
  ) {
    self.operationalPeriodEnd = operationalPeriodEnd
    self.eteAllowanceMinutes = eteAllowanceMinutes
    self.person = person
    self.orderedMinutes = orderedMinutes
    self.sentenceDate = sentenceDate
    self.type = type
    self.deadline = deadline
    self.travelEligible = travelEligible
    self.startDate = startDate
  }

  public var terms: OrderTerms {
    OrderTerms(
      orderedMinutes: orderedMinutes, sentenceDate: sentenceDate, type: type, deadline: deadline,
      travelEligible: travelEligible, operationalPeriodEnd: endOfOperationalPeriod,
      eteAllowanceMinutes: eteAllowanceMinutes)
  }

  /// The last day of a suspended sentence order's operational period (its own, or its deadline);
  /// nil for community orders.
  public var endOfOperationalPeriod: CalendarDate? {
    type == .suspendedSentenceOrder ? (operationalPeriodEnd ?? deadline) : nil
  }
}

/// A change to an order, recorded with a reason (`payback amend`); nil fields stay as they are.
public struct OrderAmendment: Sendable, Equatable {
  public var orderedMinutes: Int?
  public var sentenceDate: CalendarDate?
  public var type: OrderType?
  public var deadline: CalendarDate?
  /// Removes the deadline (the order has no time limit).
  public var removeDeadline: Bool
  public var travelEligible: Bool?
  public var startDate: CalendarDate?
  public var operationalPeriodEnd: CalendarDate?

  public init(
    orderedMinutes: Int? = nil, sentenceDate: CalendarDate? = nil, type: OrderType? = nil,
    deadline: CalendarDate? = nil, removeDeadline: Bool = false, travelEligible: Bool? = nil,
    startDate: CalendarDate? = nil, operationalPeriodEnd: CalendarDate? = nil
  ) {
    self.orderedMinutes = orderedMinutes
    self.sentenceDate = sentenceDate
    self.type = type
    self.deadline = deadline
    self.removeDeadline = removeDeadline
    self.travelEligible = travelEligible
    self.startDate = startDate
    self.operationalPeriodEnd = operationalPeriodEnd
  }

  public var isEmpty: Bool { self == OrderAmendment() }

  /// The order with this change applied.
  public func applied(to o: OrderRecord) -> OrderRecord {
    var n = o
    if let v = orderedMinutes { n.orderedMinutes = v }
    if let v = sentenceDate { n.sentenceDate = v }
    if let v = type { n.type = v }
    if removeDeadline { n.deadline = nil }
    if let v = deadline { n.deadline = v }
    if let v = travelEligible { n.travelEligible = v }
    if let v = startDate { n.startDate = v }
    if let v = operationalPeriodEnd { n.operationalPeriodEnd = v }
    return n
  }
}

/// A place where work is done (the instance format's Project, without sessions).
public struct ProjectRecord: Sendable, Codable, Equatable {
  public var id: String
  public var name: String?
  public var kind: String
  public var area: String
  public var involves: [String]
  public var requiresSkills: [String]
  public var supervisorRequires: [String]
  public var womenOnly: Bool
  public var peoplePerSupervisor: Int?
  public var minAttendance: Int?

  public init(
    id: String, name: String? = nil, kind: ProjectKind, area: String, involves: [String] = [],
    requiresSkills: [String] = [], supervisorRequires: [String] = [], womenOnly: Bool = false,
    peoplePerSupervisor: Int? = nil, minAttendance: Int? = nil
  ) {
    self.id = id
    self.name = name
    self.kind = kind.rawValue
    self.area = area
    self.involves = involves
    self.requiresSkills = requiresSkills
    self.supervisorRequires = supervisorRequires
    self.womenOnly = womenOnly
    self.peoplePerSupervisor = peoplePerSupervisor
    self.minAttendance = minAttendance
  }

  public var projectKind: ProjectKind { ProjectKind(rawValue: kind) ?? .group }
}

/// One day's work at a project. Times are minutes after midnight.
public struct SessionRecord: Sendable, Codable, Equatable {
  public var id: String
  public var project: String
  public var date: CalendarDate
  public var start: Int?
  public var end: Int?
  /// Minutes credited for attending the whole session (the instance's `hours` × 60).
  public var minutes: Int
  public var capacity: Int

  public init(
    id: String, project: String, date: CalendarDate, start: Int? = nil, end: Int? = nil, minutes: Int, capacity: Int
  ) {
    self.id = id
    self.project = project
    self.date = date
    self.start = start
    self.end = end
    self.minutes = minutes
    self.capacity = capacity
  }
}

/// Staff who run group sessions.
public struct SupervisorRecord: Sendable, Codable, Equatable {
  public var id: String
  public var name: String?
  public var areas: [String]
  public var available: [String]
  public var unavailableDates: [String]
  /// Most sessions a week.
  public var maxSessions: Int
  public var qualifications: [String]

  public init(
    id: String, name: String? = nil, areas: [String], available: [Weekday], unavailableDates: [CalendarDate] = [],
    maxSessions: Int, qualifications: [String] = []
  ) {
    self.id = id
    self.name = name
    self.areas = areas
    self.available = available.map(\.rawValue)
    self.unavailableDates = unavailableDates.map(\.description)
    self.maxSessions = maxSessions
    self.qualifications = qualifications
  }
}

/// Scheduler defaults kept with the ledger (an imported instance's `defaults`).
public struct SchedulingDefaults: Sendable, Codable, Equatable {
  public var minHoursPerWeek: Double
  public var maxHoursPerWeek: Double
  public var peoplePerSupervisor: Int
  public var minAttendance: Int
  public var paceWeight: Double

  public init(_ d: Defaults = Defaults()) {
    minHoursPerWeek = d.minHoursPerWeek
    maxHoursPerWeek = d.maxHoursPerWeek
    peoplePerSupervisor = d.peoplePerSupervisor
    minAttendance = d.minAttendance
    paceWeight = d.paceWeight
  }

  public var defaults: Defaults {
    Defaults(
      minHoursPerWeek: minHoursPerWeek, maxHoursPerWeek: maxHoursPerWeek, peoplePerSupervisor: peoplePerSupervisor,
      minAttendance: minAttendance, paceWeight: paceWeight)
  }
}

/// Totals carried over from before the ledger (migration from another system, or an imported
/// instance's hours_remaining / ete_hours_remaining).
public struct OpeningBalance: Sendable, Equatable {
  public var person: String
  public var creditedMinutes: Int
  public var eteMinutes: Int
  public var date: CalendarDate
  /// The stored code of an opening after which no reduction is earned.
  public static let reductionEndedCode = "reduction_ended"
  /// Eligibility for earned reduction ended before the ledger (stored as code `reduction_ended`).
  public var endsEarnedReduction: Bool

  public init(
    person: String, creditedMinutes: Int, eteMinutes: Int, date: CalendarDate, endsEarnedReduction: Bool = false
  ) {
    self.endsEarnedReduction = endsEarnedReduction
    self.person = person
    self.creditedMinutes = creditedMinutes
    self.eteMinutes = eteMinutes
    self.date = date
  }
}

/// Reference data to import in one transaction.
public struct ImportBatch: Sendable {
  public var people: [PersonRecord] = []
  public var orders: [OrderRecord] = []
  public var projects: [ProjectRecord] = []
  public var sessions: [SessionRecord] = []
  public var supervisors: [SupervisorRecord] = []
  public var openings: [OpeningBalance] = []
  public var settings: SchedulingDefaults?
  /// Hand-made bookings (an instance's pins): (person, session).
  public var bookings: [(person: String, session: String)] = []
  /// For people read from an instance: the figures the week gave, so that importing a week into
  /// a ledger that already holds their order checks them instead of rewriting the order.
  public var instanceFigures: [String: InstanceFigures] = [:]
  /// Where each record came from, keyed `people:<id>`, `sessions:<id>`..., for error messages
  /// (`people.csv: row 4`).
  public var origins: [String: String] = [:]

  public init() {}

  public var isEmpty: Bool {
    people.isEmpty && orders.isEmpty && projects.isEmpty && sessions.isEmpty && supervisors.isEmpty
      && openings.isEmpty && settings == nil && bookings.isEmpty
  }
}

/// What an instance said about one person (minutes), and where.
public struct InstanceFigures: Sendable, Equatable {
  /// Index in the instance's `people`.
  public var index: Int
  public var remainingMinutes: Int
  public var eteLeftMinutes: Int
  public var weekStart: CalendarDate
}

/// What an import changed.
public struct ImportSummary: Sendable, Equatable, CustomStringConvertible {
  /// New entries by kind (`person`, `order`, ...).
  public var added: [String: Int] = [:]
  /// Records identical to what the ledger already holds (not written again).
  public var unchanged = 0

  public var description: String {
    let parts = added.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
    return (parts.isEmpty ? "nothing new" : "recorded " + parts.joined(separator: ", "))
      + (unchanged > 0 ? "; \(unchanged) unchanged" : "")
  }
}

/// An outcome to record for a person's appointment on a session.
public struct OutcomeInput: Sendable {
  public var person: String
  public var session: String
  public var code: OutcomeCode
  /// Actual start and finish, minutes after midnight (required for attended outcomes).
  public var start: Int?
  public var finish: Int?
  public var penaltyMinutes: Int
  public var workQuality: WorkGrade?
  public var behaviour: WorkGrade?
  public var notes: String?
  public var recordedBy: String
  /// The same key sent twice is recorded once.
  public var idempotencyKey: String?
  /// The entry this one corrects (it must say why, in `reason`).
  public var corrects: Int64?
  public var reason: String?
  /// For a reschedule (RSSR, RSOF): the session of the replacement appointment, booked in the
  /// same transaction under the hand-booking rules.
  public var rebookOn: String?

  public init(
    person: String, session: String, code: OutcomeCode, start: Int? = nil, finish: Int? = nil, penaltyMinutes: Int = 0,
    workQuality: WorkGrade? = nil, behaviour: WorkGrade? = nil, notes: String? = nil, recordedBy: String,
    idempotencyKey: String? = nil, corrects: Int64? = nil, reason: String? = nil, rebookOn: String? = nil
  ) {
    self.rebookOn = rebookOn
    self.person = person
    self.session = session
    self.code = code
    self.start = start
    self.finish = finish
    self.penaltyMinutes = penaltyMinutes
    self.workQuality = workQuality
    self.behaviour = behaviour
    self.notes = notes
    self.recordedBy = recordedBy
    self.idempotencyKey = idempotencyKey
    self.corrects = corrects
    self.reason = reason
  }
}

/// A travel-time adjustment or an ETE credit to record.
public struct AdjustmentInput: Sendable {
  public enum Kind: String, Sendable { case travel, ete }
  public var kind: Kind
  public var person: String
  public var date: CalendarDate
  public var minutes: Int
  public var notes: String?
  public var recordedBy: String
  public var idempotencyKey: String?
  public var corrects: Int64?
  public var reason: String?

  public init(
    kind: Kind, person: String, date: CalendarDate, minutes: Int, notes: String? = nil, recordedBy: String,
    idempotencyKey: String? = nil, corrects: Int64? = nil, reason: String? = nil
  ) {
    self.kind = kind
    self.person = person
    self.date = date
    self.minutes = minutes
    self.notes = notes
    self.recordedBy = recordedBy
    self.idempotencyKey = idempotencyKey
    self.corrects = corrects
    self.reason = reason
  }
}

/// The result of a write: where it went and the balance after it.
public struct Receipt: Sendable {
  public var seq: Int64
  /// The idempotency key had been seen: nothing new was written, `seq` is the earlier entry.
  public var duplicate: Bool
  public var creditedMinutes: Int
  public var balance: PersonBalance
}

/// A person's position: their order, the balance computed from the history, and open appointments.
public struct PersonBalance: Sendable {
  public var person: PersonRecord
  public var order: OrderRecord
  public var balance: OrderBalance
  /// Appointments that have ended with no outcome recorded.
  public var overdue: [Appointment]
  /// Appointments not yet started.
  public var upcoming: [Appointment]
  /// Appointments rescheduled at the person's own request (RSOF) so far.
  public var personRequestedReschedules: Int = 0
}

/// A person booked on a session.
public struct Appointment: Sendable, Equatable {
  public var seq: Int64
  public var person: String
  public var session: String
  public var date: CalendarDate
  public var start: Int?
  public var end: Int?
  public var minutes: Int
  public var ete: Bool
  /// `roster:<week>`, `hand`, `pin`, ...
  public var source: String
  /// The effective outcome, when recorded.
  public var outcome: RecordedOutcome?
}

/// An outcome as recorded.
public struct RecordedOutcome: Sendable, Equatable {
  public var seq: Int64
  public var code: OutcomeCode
  public var start: Int?
  public var finish: Int?
  public var penaltyMinutes: Int
  public var creditedMinutes: Int
  public var workQuality: WorkGrade?
  public var behaviour: WorkGrade?
  public var notes: String?
  public var recordedBy: String
}

/// A session a supervisor runs, with the people booked on it.
public struct SupervisorSession: Sendable {
  public var session: SessionRecord
  public var project: ProjectRecord?
  public var supervisors: [String]
  public var appointments: [Appointment]
}

/// How a person's history is ordered.
public enum HistoryOrder: String, Sendable, CaseIterable {
  /// By the day (and time) each entry concerns: appointments and outcomes in the order they
  /// happened, however late they were recorded.
  case appointment
  /// In the order the entries were written.
  case recording
}

/// One line of a person's history.
public struct HistoryLine: Sendable {
  public var entry: StoredEntry
  /// The later entry that replaced this one, if any.
  public var supersededBy: Int64?
  /// Plain-language summary.
  public var summary: String
}
