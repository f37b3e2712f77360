/// Named kinds of generated week, each stressing one thing a scheduler must get right.
///
/// Every family but `disjoint` is connected: its towns sit on a ring and share people and
/// supervisors with their neighbours, so the whole region is one problem. instances/README.md
/// says what each family is for and which parameters it changes; `payback generate --family`.
public enum WeekFamily: String, Sendable, CaseIterable {
  /// The default: a realistic connected region (``GeneratorParameters``' defaults).
  case connected
  /// The generator's weeks before issue 11: independent clusters of 1-3 towns, nobody crossing
  /// between clusters. `instances/example-week.json` and `region-1000.json` are of this family.
  case disjoint
  /// Places very short: capacity-hours 0.6 times demand, so many people must be left out.
  case shortOfPlaces = "short-of-places"
  /// Places to spare: capacity-hours 1.4 times demand, so the choice is where, not whom.
  case placesToSpare = "places-to-spare"
  /// Staff short: 0.8 supervisor-sessions per van-session (1.2 by default), fewer of them
  /// high-risk qualified or minibus drivers, so sessions compete for supervisors.
  case shortOfSupervisors = "short-of-supervisors"
  /// Many people assessed high risk (30%, against 8%), each needing a qualified supervisor.
  case highRisk = "high-risk"
  /// Many women (40%, against 15%): no lone woman in a group (H11) binds in most groups.
  case manyWomen = "many-women"
  /// Most group work and most people at weekends: 85% of group sessions on Saturday or Sunday
  /// (against 65%) and 60% of people in work (against 40%).
  case weekendHeavy = "weekend-heavy"
  /// Essex's literal figure: capacity-hours 0.15 times demand (about an hour a week per person).
  case essexLiteral = "essex-literal"

  /// The parameters of this family's week of `people` people.
  public func parameters(people: Int, seed: UInt64 = 1) -> GeneratorParameters {
    var p = GeneratorParameters(people: people, seed: seed)
    switch self {
    case .connected:
      break
    case .disjoint:
      p.geography = .clusters
      p.supervisorSecondAreaShare = 0.3
    case .shortOfPlaces:
      p.capacityRatio = 0.6
    case .placesToSpare:
      p.capacityRatio = 1.4
    case .shortOfSupervisors:
      p.supervisorSlack = 0.8
      p.highRiskSupervisorShare = 0.2
      p.minibusSupervisorShare = 0.3
    case .highRisk:
      p.highRiskShare = 0.3
      p.mediumRiskShare = 0.4
    case .manyWomen:
      p.womenShare = 0.4
    case .weekendHeavy:
      p.weekendGroupShare = 0.85
      p.employedShare = 0.6
    case .essexLiteral:
      p.capacityRatio = 0.15
    }
    return p
  }

  /// One line on what the family is, for `--help` and reports.
  public var summary: String {
    switch self {
    case .connected: "a realistic region whose towns share people (0.3) and supervisors (0.35) with neighbours"
    case .disjoint: "independent clusters of 1-3 towns, nobody crossing between clusters (the old default)"
    case .shortOfPlaces: "connected; capacity 0.6 x demand"
    case .placesToSpare: "connected; capacity 1.4 x demand"
    case .shortOfSupervisors: "connected; 0.8 supervisor-sessions per van-session, fewer qualified staff"
    case .highRisk: "connected; 30% of people high risk"
    case .manyWomen: "connected; 40% women"
    case .weekendHeavy: "connected; 85% of group sessions at weekends, 60% of people in work"
    case .essexLiteral: "connected; Essex's literal capacity, 0.15 x demand"
    }
  }

  /// Whether the family's regions are one connected problem.
  public var isConnected: Bool { self != .disjoint }
}
