import Foundation

/// A session in a supervisor's lists.
struct SessionSummary: Sendable {
  var id: String
  var project: String
  var date: String
  var times: String
  var recorded: Int
  var total: Int
  var status: String
  var tag: String
}

struct SupervisorHomePage: PageModel {
  static let template = "supervisor-home"
  struct Day: Sendable {
    var label: String
    var lower: String
    var date: String
    var sessions: [SessionSummary]
    var none: Bool
  }
  var days: [Day]
  var older: [SessionSummary]
  var hasOlder: Bool
}

struct SupervisorSessionPage: PageModel {
  static let template = "supervisor-session"
  struct Person: Sendable {
    var id: String
    var name: String
    var session: String
    var remaining: String
    var pending: Bool
    /// The outcome recorded ("ATTC: attended and completed"), when there is one.
    var outcome: String?
    var credited: String
    var tag: String
    var notes: String
    var hasNotes: Bool
    /// Risk of serious harm: Low, Medium or High.
    var risk: String
    var riskTag: String
    var alerts: [String]
    var hasAlerts: Bool
  }
  var id: String
  var project: String
  var date: String
  var times: String
  var people: [Person]
  var hasPeople: Bool
  /// More than one person still to record: offer "everyone arrived".
  var severalPending: Bool
  var pendingCount: Int
}

/// One question of the recording journey (or the check-your-answers page).
struct RecordPage: PageModel {
  static let template = "supervisor-record"
  struct CodeChoice: Sendable {
    var code: String
    var meaning: String
    var checked: Bool
    var id: String
  }
  struct GradeChoice: Sendable {
    var value: String
    var label: String
    var checked: Bool
    var id: String
  }
  struct CheckRow: Sendable {
    var key: String
    var value: String
    var change: String
  }
  var step: String
  var heading: String
  var name: String
  var person: String
  var session: String
  var project: String
  var date: String
  var action: String
  var hidden: [HiddenField]
  var review: Bool
  var isAttendance = false
  var isTimes = false
  var isOutcome = false
  var isConduct = false
  var isNotes = false
  var isCheck = false
  var attendedYes: Bool
  var attendedNo: Bool
  var start: String
  var finish: String
  var penalty: String
  var notes: String
  var maxNotes: Int
  /// Correcting an outcome already recorded (the reason travels with the answers).
  var correcting: Bool
  /// The first question has no Back button (the link above goes to the session).
  var firstQuestion: Bool
  var codes: [CodeChoice] = []
  var qualities: [GradeChoice] = []
  var behaviours: [GradeChoice] = []
  // The check page.
  var rows: [CheckRow] = []
  var enforceable = false
  var code = ""
  var credit: String?
  var reduction: String?
  var remainingAfter = ""
  var remaining = ""
  // Messages beside the fields.
  var attendedError: String?
  var startError: String?
  var finishError: String?
  var penaltyError: String?
  var outcomeError: String?
  var qualityError: String?
  var behaviourError: String?
  var notesError: String?
  var confirmError: String?

  mutating func show(_ errors: FieldErrors) {
    attendedError = errors.message("attended")
    startError = errors.message("start")
    finishError = errors.message("finish")
    penaltyError = errors.message("penalty")
    outcomeError = errors.message("outcome")
    qualityError = errors.message("quality")
    behaviourError = errors.message("behaviour")
    notesError = errors.message("notes")
    confirmError = errors.message("confirm")
  }
}

/// The page kept on the phone for recording without a signal.
struct SupervisorTodayPage: PageModel {
  static let template = "supervisor-today"
  struct Person: Sendable {
    var id: String
    var name: String
    var session: String
    var rowID: String
    var formID: String
    var start: String
    var finish: String
    var label: String
    var recorded: String?
    /// What to know about them on site, kept on the phone with the rest.
    var risk: String
    var riskTag: String
    var alerts: [String]
    var hasAlerts: Bool
  }
  struct Session: Sendable {
    var id: String
    var project: String
    var date: String
    var times: String
    var people: [Person]
    var hasPeople: Bool
  }
  struct Code: Sendable {
    var code: String
    var meaning: String
    /// Counts towards a warning or a return to court: the form warns when it is chosen.
    var enforceable: Bool
  }
  struct Grade: Sendable {
    var value: String
    var label: String
  }
  var sessions: [Session]
  var hasSessions: Bool
  var attendedCodes: [Code]
  var absentCodes: [Code]
  var grades: [Grade]
}

/// Correcting or withdrawing an outcome: which, and why.
struct ChangeOutcomePage: PageModel {
  static let template = "supervisor-change"
  var name: String
  var person: String
  var session: String
  var project: String
  var date: String
  var action: String
  var outcome: String
  var credited: String
  var key: String
  var correct: Bool
  var withdraw: Bool
  var reason: String
  var maxReason: Int
  var choiceError: String?
  var reasonError: String?
}

/// "Everyone arrived": shared answers for the people ticked, then a check page.
struct GroupPage: PageModel {
  static let template = "supervisor-group"
  struct Person: Sendable {
    var id: String
    var name: String
    var checked: Bool
    var inputID: String
  }
  var session: String
  var project: String
  var date: String
  var action: String
  var key: String
  var isForm: Bool
  var isCheck: Bool
  var people: [Person]
  var hasPeople: Bool
  var chosenNames: [String]
  var chosenCount: Int
  var start: String
  var finish: String
  var penalty: String
  var takenOff: String
  var quality: String
  var behaviour: String
  var qualityLabel: String
  var behaviourLabel: String
  var qualities: [RecordPage.GradeChoice]
  var behaviours: [RecordPage.GradeChoice]
  /// What each person is credited (before any earned reduction).
  var credit: String
  var peopleError: String?
  var startError: String?
  var finishError: String?
  var penaltyError: String?
  var qualityError: String?
  var behaviourError: String?
  var confirmError: String?
}
