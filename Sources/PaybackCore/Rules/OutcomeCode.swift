import Foundation

/// An attendance outcome, with the codes the national case system uses (docs/domain.md).
///
/// The raw value is the code as written in files and commands (`ATTC`, `UACP`, ...).
public enum OutcomeCode: String, Sendable, CaseIterable, Hashable, Codable, CustomStringConvertible {
  /// Attended, complied.
  case ATTC
  /// Attended, concurrent hours.
  case ATCH
  /// Attended, failed to comply, deemed acceptable.
  case AFDA
  /// Attended, failed to comply.
  case AFTC
  /// Attended, sent home (behaviour).
  case ATSH
  /// Attended, sent home (service issues).
  case ATSS
  /// Failed to comply with another instruction.
  case ATFI
  /// Unacceptable absence.
  case UACP
  /// Acceptable absence: medical.
  case AAME
  /// Acceptable absence: stood down (by the service).
  case AASD
  /// Acceptable absence: employment.
  case AAEM
  /// Acceptable absence: family or childcare.
  case AAFC
  /// Acceptable absence: court or legal.
  case AACL
  /// Acceptable absence: RIC.
  case AARC
  /// Acceptable absence: professional judgement.
  case CO05
  /// Rescheduled at the service's request.
  case RSSR
  /// Rescheduled at the person's request.
  case RSOF

  public var code: String { rawValue }
  public var description: String { rawValue }

  /// Parses a code, ignoring case and surrounding spaces (`"attc"` is `ATTC`).
  public init?(code: String) {
    self.init(rawValue: code.trimmingCharacters(in: .whitespaces).uppercased())
  }

  /// What the code means, in plain words.
  public var meaning: String {
    switch self {
    case .ATTC: "attended, complied"
    case .ATCH: "attended, concurrent hours"
    case .AFDA: "attended, failed to comply, deemed acceptable"
    case .AFTC: "attended, failed to comply"
    case .ATSH: "attended, sent home (behaviour)"
    case .ATSS: "attended, sent home (service issues)"
    case .ATFI: "failed to comply with another instruction"
    case .UACP: "unacceptable absence"
    case .AAME: "acceptable absence: medical"
    case .AASD: "acceptable absence: stood down"
    case .AAEM: "acceptable absence: employment"
    case .AAFC: "acceptable absence: family/childcare"
    case .AACL: "acceptable absence: court/legal"
    case .AARC: "acceptable absence: RIC"
    case .CO05: "acceptable absence: professional judgement"
    case .RSSR: "rescheduled at the service's request"
    case .RSOF: "rescheduled at the person's request"
    }
  }

  /// The person turned up: only these outcomes may credit time.
  public var isAttended: Bool {
    switch self {
    case .ATTC, .ATCH, .AFDA, .AFTC, .ATSH, .ATSS: true
    default: false
    }
  }

  /// A failure that counts towards warnings and breach, and ends earned reduction.
  public var isEnforceable: Bool {
    switch self {
    case .AFTC, .ATSH, .ATFI, .UACP: true
    default: false
    }
  }

  /// One of the acceptable absences (AA.., CO05).
  public var isAcceptableAbsence: Bool {
    switch self {
    case .AAME, .AASD, .AAEM, .AAFC, .AACL, .AARC, .CO05: true
    default: false
    }
  }

  /// Rescheduled, at either side's request.
  public var isReschedule: Bool { self == .RSSR || self == .RSOF }

  /// Whether the outcome may be recorded before the appointment has started (docs/domain.md: a future
  /// appointment can only receive an acceptable absence or a reschedule).
  public var allowedInAdvance: Bool { isAcceptableAbsence || isReschedule }

  /// Whether a supervisor on site may record it; the others need a case manager's decision.
  ///
  /// Our reading of practice: a supervisor sees who came, how they worked and whether the
  /// session was stood down; judging that an absence was acceptable (medical, employment,
  /// family, court, RIC, professional judgement), other instructions (ATFI), concurrent hours
  /// (ATCH), "deemed acceptable" (AFDA) and reschedules are for the case manager.
  public var supervisorMayRecord: Bool {
    switch self {
    case .ATTC, .AFTC, .ATSH, .ATSS, .UACP, .AASD: true
    default: false
    }
  }

  /// The codes a supervisor may record, in table order.
  public static var supervisorCodes: [OutcomeCode] { allCases.filter(\.supervisorMayRecord) }
}

/// The name the issue uses for outcome codes.
public typealias Outcome = OutcomeCode

/// How well someone worked or behaved at a session (docs/domain.md).
public enum WorkGrade: String, Sendable, CaseIterable, Hashable, Codable, CustomStringConvertible {
  case EXCELLENT, GOOD, SATISFACTORY, UNSATISFACTORY, POOR, NOT_APPLICABLE

  public var description: String { rawValue }

  /// Parses a grade, ignoring case, surrounding spaces, and `-`/space for `_`.
  public init?(grade: String) {
    let s = grade.trimmingCharacters(in: .whitespaces).uppercased()
      .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
    self.init(rawValue: s == "N/A" || s == "NA" ? "NOT_APPLICABLE" : s)
  }
}

/// The kind of order an unpaid work requirement belongs to.
public enum OrderType: String, Sendable, CaseIterable, Hashable, Codable, CustomStringConvertible {
  case communityOrder = "community_order"
  case suspendedSentenceOrder = "suspended_sentence_order"
  /// A youth rehabilitation order with an unpaid work requirement (ages 16-17): 40 to 240 hours.
  case youthRehabilitationOrder = "youth_rehabilitation_order"

  public var description: String { rawValue }

  /// Parses `community_order` / `suspended_sentence_order`, also `CO` and `SSO`.
  public init?(text: String) {
    switch text.trimmingCharacters(in: .whitespaces).lowercased() {
    case "community_order", "community order", "co": self = .communityOrder
    case "suspended_sentence_order", "suspended sentence order", "sso": self = .suspendedSentenceOrder
    case "youth_rehabilitation_order", "youth rehabilitation order", "yro", "youth": self = .youthRehabilitationOrder
    default: return nil
    }
  }

  /// Earned reduction (s.37) applies to community orders and suspended sentence orders only.
  public var earnedReductionApplies: Bool { self != .youthRehabilitationOrder }

  /// The legal size of an order of this type, in minutes (youth orders 40 to 240 hours).
  public var band: ClosedRange<Int> { self == .youthRehabilitationOrder ? OrderBands.youth : OrderBands.adult }

  /// The names the CSV and the command line accept, for error messages.
  public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
