import PaybackCore

/// What a generated week looks like. Every default comes from the domain facts in `docs/domain.md`
/// (quoted as FACTS) or, where the facts say nothing, is a stated judgement (JUDGEMENT);
/// instances/README.md repeats this list for people who do not read Swift.
///
/// Shares are probabilities in 0...1 drawn independently per person, project or supervisor,
/// so small weeks wander around them and large weeks land close.
public struct GeneratorParameters: Sendable {
  // MARK: Size and identity

  /// People with an unpaid work requirement to place this week. Everything else scales from it.
  public var people: Int
  /// The same seed and parameters always give the same week, byte for byte.
  public var seed: UInt64 = 1
  /// The Monday the week starts (another day is taken back to its Monday). Default 2026-11-30,
  /// the week of the spec's examples.
  public var weekStart: CalendarDate = CalendarDate(year: 2026, month: 11, day: 30)!
  /// The instance's name; nil gives `generated-<people>-seed<seed>`.
  public var name: String? = nil
  /// Give people, supervisors and projects names (fictional); false writes ids only.
  public var names: Bool = true

  // MARK: Areas

  /// People per area when `areaCount` is nil. FACTS: Essex supervised 4,171 people a year over
  /// its 14 districts (about 300 each); JUDGEMENT: 250, so 1,000 people span 4 areas,
  /// 4,000 span 16 and 8,000 span 32 (Essex, then the rest of the East of England).
  public var peoplePerArea: Int = 250
  /// Number of areas; nil: `people / peoplePerArea` rounded, at least 3, at most the 51 named.
  public var areaCount: Int? = nil
  /// Which towns count as neighbours, that people and supervisors cross between.
  public enum Geography: String, Sendable, CaseIterable {
    /// Towns on a ring in the order they are taken (neighbouring clusters next to each other),
    /// each the neighbour of the towns up to ``GeneratorParameters/ringReach`` steps either
    /// side: a region is one connected problem, as real probation regions are.
    case ring
    /// Towns neighbour only the other towns of their own cluster of 1-3 (Chelmsford, Braintree,
    /// Maldon...): each cluster is an independent component unless ``crossClusterShare`` joins
    /// them. The generator's only geography before issue 11; the `disjoint` family.
    case clusters
  }

  /// Which towns neighbour which. JUDGEMENT: `.ring`, so that a region's towns share people
  /// and supervisors across their borders (FACTS says nothing; real regions are connected).
  public var geography: Geography = .ring
  /// On the ring, towns this many steps apart or fewer are neighbours. JUDGEMENT: 2, so a town
  /// has up to four neighbours (the next town and the one after, either way round), about what
  /// a town of Essex has on the map.
  public var ringReach: Int = 2
  /// Share of people who also reach a neighbouring town.
  /// JUDGEMENT: 0.3 (a bus ride to the next town; FACTS says nothing).
  public var secondAreaShare: Double = 0.3
  /// Share of people who reach a third town (a second neighbour). JUDGEMENT: 0.05.
  public var thirdAreaShare: Double = 0.05
  /// Share of supervisors who also work in a neighbouring town. JUDGEMENT: 0.35 (staff cover
  /// the next town's vans when it is short); the `disjoint` family keeps its old 0.3.
  public var supervisorSecondAreaShare: Double = 0.35
  /// Share of people who also reach a town of the NEXT cluster (with `.clusters` geography
  /// only), which joins clusters into one connected problem. JUDGEMENT: 0; raise it to tie
  /// the `disjoint` family's components together.
  public var crossClusterShare: Double = 0

  // MARK: People

  /// FACTS: "Women should not be the only woman in a group of men; some projects are
  /// women-only." Share of women: JUDGEMENT 0.15, the share the project brief gives (women
  /// are a small minority of people on unpaid work).
  public var womenShare: Double = 0.15
  /// Risk of serious harm: share assessed high. JUDGEMENT from FACTS' "mostly low/medium":
  /// 0.08 (5-10% asked for).
  public var highRiskShare: Double = 0.08
  /// Share assessed medium; the rest are low. JUDGEMENT: 0.37 (so low is 0.55).
  public var mediumRiskShare: Double = 0.37
  /// FACTS sentencing bands: low 40-80 hours, medium 80-150, high 150-300. Share of orders in
  /// each band (low, medium, high). JUDGEMENT: 0.45, 0.35, 0.20 (most orders are short).
  public var bandShares: [Double] = [0.45, 0.35, 0.20]
  /// Share of people in work. FACTS: work must not clash with employment, so they are
  /// available at weekends (sometimes one weekday off). JUDGEMENT: 0.4.
  public var employedShare: Double = 0.4
  /// Share of the people NOT in work who work intensively. FACTS: "Unemployed people may work
  /// intensively: up to 28 hours a week over 4 days": available 4 weekdays (and maybe a
  /// weekend day) with `max_hours_per_week` 28. JUDGEMENT: 0.3.
  public var intensiveShare: Double = 0.3
  /// Share of people with one or two dates they cannot come (appointments, court, illness).
  /// JUDGEMENT: 0.1.
  public var unavailableDateShare: Double = 0.1
  /// Share of people sentenced in the last few days, whose `start_date` falls inside the week
  /// (FACTS: first session within 7 days of sentence), with nothing worked yet. JUDGEMENT: 0.03.
  public var newStarterShare: Double = 0.03
  /// Share of orders with a deadline 12 months after sentence (FACTS: the Sentencing Act 2026
  /// removes the limit for community orders, but a suspended sentence order cannot run past
  /// its operational period). The rest have `deadline: null`. JUDGEMENT: 0.4, the share of
  /// unpaid work imposed by suspended sentence orders.
  public var deadlineShare: Double = 0.4
  /// Share of people whose deadline is 2-20 days away with 10-60 hours still owed: the orders
  /// coordinators fight for. JUDGEMENT: 0.02.
  public var closeDeadlineShare: Double = 0.02
  /// Share of people who have finished (`hours_remaining` 0) but are still on the list.
  /// JUDGEMENT: 0.005.
  public var finishedShare: Double = 0.005
  /// Share of people with an ETE allowance. FACTS: "Up to 30% of the hours may be spent on
  /// education, training or employment activity": `ete_hours_remaining` is 30% of the order
  /// less some ETE hours already used. JUDGEMENT: 0.2.
  public var eteShare: Double = 0.2
  /// Share unsuitable for work involving children (FACTS: closed to people assessed as a risk
  /// to them). JUDGEMENT: 0.08; twice as likely at medium and high risk.
  public var unsuitableChildrenShare: Double = 0.08
  /// Share unsuitable for work involving vulnerable adults. JUDGEMENT: 0.05.
  public var unsuitableVulnerableAdultsShare: Double = 0.05
  /// Share unsuitable for public-facing work (FACTS: they go to workshops or enclosed sites).
  /// JUDGEMENT: 0.03.
  public var unsuitablePublicShare: Double = 0.03
  /// Share of people holding a construction site card (`cscs`); a few holding `food_hygiene`
  /// (half this share). JUDGEMENT: 0.1.
  public var skillShare: Double = 0.1
  /// Keep-apart pairs per person (co-defendants, known conflicts), within an area.
  /// JUDGEMENT: 0.01.
  public var keepApartRate: Double = 0.01
  /// Pins (bookings a coordinator fixed by hand) per person, on individual placements and ETE
  /// courses only, so a valid roster always exists; at least one in a week of 20+ people.
  /// JUDGEMENT: 0.005.
  public var pinRate: Double = 0.005

  // MARK: Work on offer

  /// Session capacity-hours (capacity times hours, summed over sessions) as a share of demand
  /// (the sum of people's weekly pace targets, the objective's `target`). FACTS: Essex
  /// delivered about 4,100 hours a week for about 4,000 people a year, far below what their
  /// orders ask; places are short, so coordinators fight for them. JUDGEMENT: 0.9, a bit short
  /// of demand in every area (see instances/README.md for why not the raw Essex ratio).
  public var capacityRatio: Double = 0.9
  /// Shares of an area's capacity-hours on (group, individual, ete) projects. JUDGEMENT:
  /// group work dominates; individual placements suit low-risk people only; ETE is capped.
  public var kindShares: [Double] = [0.82, 0.12, 0.06]
  /// FACTS: "Most group work happens at weekends (half to three quarters of sessions)".
  /// Share of group sessions on Saturday or Sunday: 0.65.
  public var weekendGroupShare: Double = 0.65
  /// Share of weekday group projects that are evening workshops (18:00-21:00, 3 hours).
  /// FACTS: "evening workshops are shorter". JUDGEMENT: 0.15.
  public var eveningShare: Double = 0.15
  /// FACTS: "Group projects: usually 6-10 people with one supervisor (one van)". A project's
  /// group size, which is its `people_per_supervisor` and, with one van, its capacity.
  public var groupSize: ClosedRange<Int> = 6...10
  /// Share of group projects big enough for two vans (capacity twice the group size, two
  /// supervisors when more than one group is booked). JUDGEMENT: 0.15.
  public var twoVanShare: Double = 0.15
  /// FACTS: "a project should occupy at least 2 people for the day": `min_attendance` 2,
  /// raised to 3 at this share of group projects. JUDGEMENT: 0.1.
  public var minAttendance3Share: Double = 0.1
  /// How often a group project needs a supervisor who drives the minibus
  /// (`supervisor_requires: ["minibus"]`): three times this at remote sites (woods, reserves,
  /// towpaths), half of it elsewhere, never for evening workshops. JUDGEMENT: 0.15.
  public var minibusProjectShare: Double = 0.15
  /// A women-only group project in each area with at least this many women. JUDGEMENT: 5.
  public var womenOnlyMinWomen: Int = 5

  // MARK: Supervisors

  /// Supervisor-sessions on offer per van-session needed, day by day and area by area.
  /// JUDGEMENT: 1.2 (staff are short too: FACTS, about 5% of sessions are stood down for
  /// staff sickness, weather or vehicles).
  public var supervisorSlack: Double = 1.2
  /// Share of supervisors qualified `high_risk`; every area-day with group work gets at least
  /// one. JUDGEMENT: 0.35.
  public var highRiskSupervisorShare: Double = 0.35
  /// Share of supervisors who drive the minibus; every area-day with a minibus project gets at
  /// least one. JUDGEMENT: 0.5.
  public var minibusSupervisorShare: Double = 0.5
  /// Share of weekend-only sessional supervisors among those hired for a weekend day
  /// (`max_sessions` 2). JUDGEMENT: 0.4.
  public var sessionalShare: Double = 0.4
  /// Share of supervisors with a day of leave or training this week. JUDGEMENT: 0.1.
  public var supervisorLeaveShare: Double = 0.1

  /// Parameters for `people` people, every other value at its documented default.
  public init(people: Int, seed: UInt64 = 1) {
    self.people = people
    self.seed = seed
  }
}
