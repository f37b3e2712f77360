import Foundation

struct ChooseWeekPage: PageModel {
  static let template = "coordinator-home"
  struct Week: Sendable {
    var week: String
    var date: String
    var sessions: Int
    var current: Bool
    var status: String
    var tag: String
  }
  var weeks: [Week]
  var typed: String
  var startError: String?
}

/// How a roster was made, and by whom.
struct RosterSummary: Sendable {
  var method: String
  var status: String
  var objective: String
  var bookings: Int
  var updatedBy: String
  var updatedAt: String
}

struct WeekPage: PageModel {
  static let template = "coordinator-week"
  struct Day: Sendable {
    var label: String
    var day: String
    var week: String
    var current: Bool
    var sessions: Int
    var places: Int
    var booked: Int
    var free: Int
    var stoodDown: Int?
  }
  struct Town: Sendable {
    var area: String
    var week: String
    var current: Bool
    var sessions: Int
    var places: Int
    var booked: Int
    var free: Int
    var stoodDown: Int?
  }
  struct SessionRow: Sendable {
    var id: String
    var project: String
    var area: String
    var date: String
    var times: String
    var booked: Int
    var capacity: Int
    var stoodDown: Bool
    /// How many bookings are pinned, when any are.
    var pinned: Int?
    var supervisors: Int
    var week: String
  }
  struct DayOption: Sendable {
    var day: String
    var label: String
    var selected: Bool
  }
  struct AreaOption: Sendable {
    var area: String
    var selected: Bool
  }
  var week: String
  var date: String
  var name: String
  var byDay: [Day]
  var byTown: [Town]
  var sessionRows: [SessionRow]
  var hasSessionRows: Bool
  var shownCount: Int
  var totalCount: Int
  var filtered: Bool
  var days: [DayOption]
  var areas: [AreaOption]
  var hasRoster: Bool
  var published: Bool
  var unbookedCount: Int
  var pinCount: Int?
  var stoodDownCount: Int?
  var roster: RosterSummary?
  var runningJob: String?
  /// The week is published: a re-plan can keep what people have been told.
  var canKeep: Bool
  var changeCost: String
  /// What the draft changes against what was published, when both exist.
  var changes: ChangesView?
  var changeCostError: String?
  var methodError: String?
  var generateError: String?
}

/// What a re-planned draft changes in the published week, and whom to tell.
struct ChangesView: Sendable {
  struct Moved: Sendable {
    var id: String
    var name: String
    var from: String
    var to: String
  }
  struct Added: Sendable {
    var id: String
    var name: String
    var session: String
  }
  var kept: Int
  var changed: Int
  var moved: [Moved]
  var hasMoved: Bool
  var added: [Added]
  var hasAdded: Bool
  var none: Bool
  /// Names of everyone whose week changed.
  var tell: String
  var tellCount: Int
}

/// A session's card: its bookings with pin buttons.
struct SessionDetail: Sendable {
  struct Person: Sendable {
    var id: String
    var name: String
    var risk: String
    var pinned: Bool
    var session: String
    var week: String
  }
  var id: String
  var anchor: String
  var project: String
  var kind: String
  var area: String
  var date: String
  var times: String
  var hours: String
  var capacity: Int
  var booked: Int
  var stoodDown: Bool
  var week: String
  var hasPeople: Bool
  var supervisors: String
  var people: [Person]
}

struct CoordinatorSessionPage: PageModel {
  static let template = "coordinator-session"
  var session: SessionDetail
  var weekDate: String
  var hasRoster: Bool
}

struct PrintPage: PageModel {
  static let template = "coordinator-print"
  struct Day: Sendable {
    var date: String
    var sessions: [SessionDetail]
  }
  var week: String
  var date: String
  var name: String
  var days: [Day]
  var roster: RosterSummary?
}

struct UnbookedPage: PageModel {
  static let template = "coordinator-unbooked"
  struct Row: Sendable {
    var id: String
    var name: String
    var booked: String
    var target: String
    var reasons: String
  }
  var week: String
  var date: String
  var unbooked: [Row]
  var hasUnbooked: Bool
  var hasRoster: Bool
}

/// The figures of a roster being generated (the page, and the JSON it polls).
struct JobProgress: Sendable {
  var elapsedText: String
  var phase: String?
  var objective: String?
  var bound: String?
  var gap: String?
  var percent: Int?
}

struct JobPage: PageModel {
  static let template = "coordinator-job"
  var id: String
  var week: String
  var date: String
  var method: String
  var startedBy: String
  var history: [String]
  var running: Bool
  var failed: String?
  // The progress figures, flattened so the template names them directly.
  var elapsedText: String
  var phase: String?
  var objective: String?
  var bound: String?
  var gap: String?
  var percent: Int?
}

struct ConfirmPage: PageModel {
  static let template = "coordinator-confirm"
  var heading: String
  var detail: String
  var action: String
  var button: String
  var back: String
  var hidden: [HiddenField]
}

struct RiskPage: PageModel {
  static let template = "coordinator-risk"
  struct AtRisk: Sendable {
    var id: String
    var name: String
    var remaining: String
    var deadline: String
    var needed: String
    var status: String
    var tag: String
  }
  struct Overdue: Sendable {
    var date: String
    var session: String
    var project: String
    var person: String
    var name: String
  }
  var atRisk: [AtRisk]
  var hasAtRisk: Bool
  var overdue: [Overdue]
  var hasOverdue: Bool
  var today: String
}

struct AuditPage: PageModel {
  static let template = "coordinator-audit"
  struct Entry: Sendable {
    var at: String
    var username: String
    var action: String
    var detail: String
  }
  var entries: [Entry]
  var hasEntries: Bool
}
