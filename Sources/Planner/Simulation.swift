import Logging
import PaybackCore
import Scheduler

/// Plays one replication of one scenario forward week by week.
///
/// Each week: build the week's instance from the open orders, roster it, play out every booked
/// session (stand-downs, attendance, sent home), credit hours by the ledger's rules, apply
/// enforcement, retire completed orders, expire orders past their deadline, then take in the
/// week's new orders (they can be booked from the next week).
struct Simulation {
  let scenario: Scenario
  let population: Population
  let pattern: WeekPattern
  let streams: RandomStreams
  let logger: Logger

  /// A person's order while it is open; time in whole minutes, as in the ledger.
  struct OpenOrder {
    var id: String
    var key: UInt64
    /// Index into the template week's people: who they are and when they can work.
    var profile: Int
    var fromTemplate: Bool
    var orderedMinutes: Int
    var creditedMinutes: Int
    /// Minutes worked before the first enforceable outcome (what earned reduction counts).
    var eligibleWorkedMinutes: Int
    /// Of those, minutes done before the record began: they earn no reduction themselves.
    var carriedMinutes: Int
    var orderType: OrderType
    var reducedMinutes: Int
    var eteLeftMinutes: Int
    /// True once an enforceable outcome has ended earned reduction.
    var reductionEnded: Bool
    var failures: [CalendarDate]
    var deadline: CalendarDate?
    var sentence: CalendarDate
    var start: CalendarDate
    /// The first session the person attended.
    var firstSession: CalendarDate?
    var pausedUntil: CalendarDate?
    /// The day the court decides a breach; the person is off the roster until then.
    var courtDate: CalendarDate?
    /// Whether the order has been breached during the run (counted once).
    var breached = false
    /// Revoked by the court: it leaves the caseload this week.
    var revoked = false

    var owedMinutes: Int { max(0, orderedMinutes - creditedMinutes - reducedMinutes) }
    var owedHours: Double { Double(owedMinutes) / 60 }
  }

  /// A session's facts the outcome step needs.
  struct SessionInfo {
    var minutes: Int
    var isETE: Bool
    var key: UInt64
    /// Day of the week, 0 for Monday.
    var dayIndex: Int
    /// The project's town (index into the run's towns).
    var area: Int
    var kind: ProjectKind
  }

  func run(weeks: Int, onWeek: @Sendable () -> Void) async throws -> Replication {
    let template = population.template
    // Towns: session figures go to the project's, order figures to the person's first area.
    let areaNames = Set(pattern.projects.map(\.area) + template.people.map { $0.areas.first ?? "" }).sorted()
    var areaIndex: [String: Int] = [:]
    for (i, a) in areaNames.enumerated() { areaIndex[a] = i }
    let home = template.people.map { areaIndex[$0.areas.first ?? ""] ?? 0 }
    func minutes(_ hours: Double) -> Int { Int((hours * 60).rounded()) }
    var open = population.orders.map { o -> OpenOrder in
      let p = template.people[o.personIndex]
      let ordered = minutes(o.orderHours)
      let reduced = minutes(o.hoursReduced)
      return OpenOrder(
        id: p.id, key: RandomStreams.key(p.id), profile: o.personIndex, fromTemplate: true, orderedMinutes: ordered,
        creditedMinutes: ordered - minutes(o.hoursRemaining) - reduced, eligibleWorkedMinutes: minutes(o.hoursWorked),
        carriedMinutes: minutes(o.hoursCarried), orderType: o.orderType, reducedMinutes: reduced,
        eteLeftMinutes: minutes(o.eteAllowance), reductionEnded: !o.earnedReductionEligible,
        failures: o.lastWarning.map { [$0] } ?? [], deadline: deadline(of: o), sentence: o.sentenceDate,
        start: p.startDate ?? o.sentenceDate, firstSession: o.firstSession, pausedUntil: nil)
    }
    open.removeAll { $0.owedMinutes == 0 }

    var sessionInfo: [String: SessionInfo] = [:]
    for p in pattern.projects {
      for s in p.sessions {
        sessionInfo[s.id] = SessionInfo(
          minutes: Int((s.hours * 60).rounded()), isETE: p.kind == .ete, key: RandomStreams.key(s.id),
          dayIndex: pattern.weekStart.days(to: s.date), area: areaIndex[p.area] ?? 0, kind: p.kind)
      }
    }
    let fullCapacity = pattern.supervisorCapacity
    let fullAreaCapacity = pattern.supervisorCapacity(byArea: pattern.projects)
    var waits: [Wait] = []
    var areaHistory = [[WeekMetrics]](repeating: [], count: areaNames.count)
    let baseIntake = scenario.intake.perWeek ?? Double(template.people.count) / 26
    let intakeRate = max(0, baseIntake * (1 + scenario.intake.growth))
    let scheduler = WeekScheduler(logger: logger)

    var history: [WeekMetrics] = []
    for week in 0..<weeks {
      let weekStart = pattern.weekStart.adding(days: 7 * week)
      let weekEnd = weekStart.adding(days: 6)
      var m = WeekMetrics()
      var am = [WeekMetrics](repeating: WeekMetrics(), count: areaNames.count)
      let (weekProjects, holidaySessions) = pattern.projects(forWeek: week, bankHolidays: scenario.bankHolidays)
      m.holidaySessions = holidaySessions
      // Capacity is counted again only in a week that lost sessions to a bank holiday.
      let capacity = holidaySessions > 0 ? pattern.supervisorCapacity(of: weekProjects) : fullCapacity
      let areaCapacity =
        holidaySessions > 0 ? pattern.supervisorCapacity(byArea: weekProjects) : fullAreaCapacity

      // 0. The court decides the breaches heard this week, before the week is rostered: a revoked
      // order leaves, and one that continues starts afresh before its next session.
      let court = scenario.enforcement.court
      for i in open.indices {
        guard let hearing = open[i].courtDate, hearing <= weekEnd else { continue }
        open[i].courtDate = nil
        var g = streams.stream(.court, open[i].key, UInt64(bitPattern: Int64(hearing.dayNumber)))
        let u = g.uniform()
        let town = home[open[i].profile]
        if u < court.revokeShare {
          m.revoked += 1
          m.hoursRevoked += open[i].owedHours
          am[town].revoked += 1
          am[town].hoursRevoked += open[i].owedHours
          open[i].revoked = true
          if open[i].firstSession == nil {
            waits.append(
              Wait(days: max(0, open[i].sentence.days(to: hearing)), area: areaNames[town], stillWaiting: true))
          }
          continue
        }
        if u < court.revokeShare + court.addHoursShare {
          let most = Int((CourtOutcomes.maximumHours * 60).rounded())
          let added = max(0, min(Int((court.hoursAdded * 60).rounded()), most - open[i].orderedMinutes))
          open[i].orderedMinutes += added
          m.hoursAdded += Double(added) / 60
          am[town].hoursAdded += Double(added) / 60
        }
        // The breach is dealt with: the order starts afresh with no live warning.
        open[i].failures = []
      }
      open.removeAll(where: \.revoked)

      // 1. The week's instance: every open order that may work this week.
      let activeIDs = Set(open.lazy.filter { self.canWork($0, by: weekEnd) }.map(\.id))
      var people: [Person] = []
      people.reserveCapacity(activeIDs.count)
      var indexOf: [String: Int] = [:]
      for (i, o) in open.enumerated() where canWork(o, by: weekEnd) {
        var p = template.people[o.profile]
        p.id = o.id
        p.name = nil
        p.hoursRemaining = o.owedHours
        p.eteHoursRemaining = Double(min(o.owedMinutes, o.eteLeftMinutes)) / 60
        p.deadline = o.deadline
        let first = max(o.start, o.pausedUntil ?? o.start)
        p.startDate = first > weekStart ? first : nil
        p.unavailableDates = []
        p.keepApart = o.fromTemplate ? p.keepApart.filter { activeIDs.contains($0) } : []
        indexOf[o.id] = i
        people.append(p)
      }
      let instance = Instance(
        name: "\(scenario.name) week \(week + 1)", weekStart: weekStart, defaults: pattern.defaults,
        projects: weekProjects, supervisors: pattern.supervisors, people: people)

      // 2. The roster.
      let roster: Roster
      switch scenario.roster.method {
      case .greedy:
        roster = GreedyScheduler.roster(for: instance)
      case .ip:
        roster = try await scheduler.solve(
          instance, options: SolveOptions(method: .ip, timeLimit: scenario.roster.timeLimit)
        ).roster
      }

      // 3. Play out the sessions. Bookings are gathered per person and taken in date order,
      // because what one session credits changes what the next can.
      var bookings = [[(day: Int, minutes: Int, isETE: Bool, stoodDown: Bool, area: Int, kind: ProjectKind)]](
        repeating: [], count: open.count)
      var groupSessions = [Int](repeating: 0, count: areaNames.count)
      for a in roster.assignments where !a.people.isEmpty {
        guard let info = sessionInfo[a.session] else { continue }
        m.supervisorSessions += a.supervisors.count
        am[info.area].supervisorSessions += a.supervisors.count
        if info.kind == .group { groupSessions[info.area] += a.supervisors.count }
        let dayNumber = weekStart.dayNumber + info.dayIndex
        var g = streams.stream(.standDown, info.key, UInt64(bitPattern: Int64(dayNumber)))
        let stoodDown = g.uniform() < scenario.standDownRate
        if stoodDown {
          m.sessionsStoodDown += 1
          am[info.area].sessionsStoodDown += 1
        } else if info.kind == .group {
          m.vanDays += 1
          am[info.area].vanDays += 1
        }
        for id in a.people {
          guard let i = indexOf[id] else { continue }
          bookings[i].append((info.dayIndex, info.minutes, info.isETE, stoodDown, info.area, info.kind))
          m.bookings += 1
          am[info.area].bookings += 1
        }
      }
      m.supervisorUtilisation =
        capacity > 0 ? Double(groupSessions.reduce(0, +)) / Double(capacity) : 0
      for (ai, name) in areaNames.enumerated() {
        let c = areaCapacity[name] ?? 0
        am[ai].supervisorUtilisation = c > 0 ? Double(groupSessions[ai]) / Double(c) : 0
      }

      for (i, list) in bookings.enumerated() where !list.isEmpty {
        for b in list.sorted(by: { $0.day < $1.day }) {
          let date = weekStart.adding(days: b.day)
          if let paused = open[i].pausedUntil, date < paused { break }
          guard open[i].owedMinutes > 0 else { break }
          // A stood-down session is an acceptable absence (AASD): no credit, no enforcement.
          if b.stoodDown { continue }
          var g = streams.stream(.attendance, open[i].key, UInt64(bitPattern: Int64(date.dayNumber)))
          let turnsUp = g.uniform() < scenario.attendance.rate
          let second = g.uniform()
          let code: OutcomeCode
          var worked = 0
          if turnsUp {
            if second < scenario.attendance.sentHomeRate {
              code = .ATSH
              worked = b.minutes / 2  // sent home part way through
            } else {
              code = .ATTC
              worked = b.minutes
            }
          } else {
            code = second < scenario.attendance.acceptableAbsenceShare ? .AAME : .UACP
          }
          // A first session is one attended: a booked no-show is still waiting to start.
          if code.isAttended, open[i].firstSession == nil {
            open[i].firstSession = date
            waits.append(
              Wait(
                days: max(0, open[i].sentence.days(to: date)), area: areaNames[home[open[i].profile]],
                stillWaiting: false))
          }
          let town = home[open[i].profile]
          let enforceable = code.isEnforceable
          let credit = OrderRules.credit(
            code: code, workedMinutes: worked, owedMinutes: open[i].owedMinutes, isETE: b.isETE,
            eteLeftMinutes: open[i].eteLeftMinutes)
          open[i].creditedMinutes += credit
          if b.isETE { open[i].eteLeftMinutes -= credit }
          let hours = Double(credit) / 60
          m.hoursDelivered += hours
          am[b.area].hoursDelivered += hours
          if b.kind == .group {
            m.groupHours += hours
            am[b.area].groupHours += hours
          } else if b.kind == .individual {
            m.placementHours += hours
            am[b.area].placementHours += hours
          }
          // Work before the first enforceable outcome counts towards earned reduction; the
          // outcome itself ends it (the ledger orders an appointment's credit before its outcome).
          if !open[i].reductionEnded, !enforceable { open[i].eligibleWorkedMinutes += credit }
          if scenario.law.earnedReduction, !open[i].reductionEnded {
            let total = OrderRules.earnedReduction(
              orderedMinutes: open[i].orderedMinutes, type: open[i].orderType,
              eligibleWorkedMinutes: open[i].eligibleWorkedMinutes, carriedMinutes: open[i].carriedMinutes,
              ceiling: open[i].orderedMinutes - open[i].creditedMinutes)
            if total > open[i].reducedMinutes {
              m.hoursReduced += Double(total - open[i].reducedMinutes) / 60
              am[town].hoursReduced += Double(total - open[i].reducedMinutes) / 60
              open[i].reducedMinutes = total
            }
          }
          if enforceable {
            open[i].reductionEnded = true
            switch OrderRules.enforcement(on: date, earlierFailures: open[i].failures) {
            case .warning:
              m.warnings += 1
              am[town].warnings += 1
            case .breach:
              // Back to court: off the roster until the court decides, counted once per order.
              m.breachEvents += 1
              am[town].breachEvents += 1
              if !open[i].breached {
                m.ordersBreached += 1
                am[town].ordersBreached += 1
              }
              open[i].breached = true
              let hearing = date.adding(days: 7 * scenario.enforcement.breachPauseWeeks)
              open[i].courtDate = hearing
              open[i].pausedUntil = hearing.adding(days: 1)
            }
            open[i].failures.append(date)
          }
        }
      }

      // 4. Retire completed orders; expire those whose last day has passed.
      let nextWeek = weekStart.adding(days: 7)
      open.removeAll { o in
        let town = home[o.profile]
        var leaves = false
        if o.owedMinutes == 0 {
          m.completions += 1
          am[town].completions += 1
          leaves = true
        }
        if !leaves, let d = o.deadline, d < nextWeek {
          m.expired += 1
          m.hoursLost += o.owedHours
          am[town].expired += 1
          am[town].hoursLost += o.owedHours
          leaves = true
        }
        // An order that leaves without ever starting waited until it left.
        if leaves, o.firstSession == nil {
          waits.append(Wait(days: max(0, o.sentence.days(to: weekEnd)), area: areaNames[town], stillWaiting: true))
        }
        return leaves
      }

      // 5. This week's new orders from the courts.
      var countStream = streams.stream(.intakeCount, UInt64(week))
      let arrivals = countStream.poisson(mean: intakeRate)
      m.newOrders = arrivals
      if !template.people.isEmpty {
        for n in 0..<arrivals {
          let o = newOrder(week: week, number: n, weekStart: weekStart)
          am[home[o.profile]].newOrders += 1
          open.append(o)
        }
      }

      // 6. The week's levels.
      for o in open {
        let town = home[o.profile]
        m.backlog += o.owedHours
        am[town].backlog += o.owedHours
        am[town].openOrders += 1
        if o.firstSession == nil, o.sentence.days(to: weekEnd) > 7 {
          m.waitingOver7Days += 1
          am[town].waitingOver7Days += 1
        }
      }
      m.openOrders = open.count
      history.append(m)
      for ai in areaNames.indices { areaHistory[ai].append(am[ai]) }
      onWeek()
    }
    // Those still waiting at the end have waited at least this long.
    let end = pattern.weekStart.adding(days: 7 * weeks - 1)
    for o in open where o.firstSession == nil {
      waits.append(Wait(days: max(0, o.sentence.days(to: end)), area: areaNames[home[o.profile]], stillWaiting: true))
    }
    var areas: [String: [WeekMetrics]] = [:]
    for (ai, name) in areaNames.enumerated() { areas[name] = areaHistory[ai] }
    return Replication(weeks: history, areas: areas, waits: waits)
  }

  /// Whether an order can be booked in the week ending `weekEnd`.
  private func canWork(_ o: OpenOrder, by weekEnd: CalendarDate) -> Bool {
    o.owedMinutes > 0 && o.start <= weekEnd && (o.pausedUntil.map { $0 <= weekEnd } ?? true)
  }

  /// The last day an existing order may be worked under the scenario's law.
  private func deadline(of o: StartingOrder) -> CalendarDate? {
    switch (o.orderType, scenario.law.timeLimitMonths) {
    case (.communityOrder, nil), (.youthRehabilitationOrder, nil): return nil
    case (.suspendedSentenceOrder, nil): return o.operationalPeriodEnd ?? o.deadline
    case (_, .some): return o.deadline
    }
  }

  /// The `number`th order sentenced in week `week`: its person is drawn from the template week's
  /// people, its hours from the sentencing bands; all from the order's own stream, so the same
  /// order arrives in every scenario.
  private func newOrder(week: Int, number: Int, weekStart: CalendarDate) -> OpenOrder {
    let template = population.template
    var g = streams.stream(.newOrder, UInt64(week), UInt64(number))
    let profile = g.int(in: 0...(template.people.count - 1))
    let bands = scenario.intake.bandShares
    let u = g.uniform()
    let hours: Int
    if u < bands.low {
      hours = g.int(in: 40...80)
    } else if u < bands.low + bands.medium {
      hours = g.int(in: 81...150)
    } else {
      hours = g.int(in: 151...300)
    }
    let sentence = weekStart.adding(days: g.int(in: 0...4))
    let suspended = g.uniform() < scenario.intake.suspendedShare
    let operationalMonths = [12, 18, 24][g.int(in: 0...2)]
    var deadline = scenario.law.timeLimitMonths.map { sentence.adding(months: $0).adding(days: -1) }
    if suspended {
      let end = sentence.adding(months: operationalMonths).adding(days: -1)
      deadline = deadline.map { min($0, end) } ?? end
    }
    let id = "N\(week + 1)-\(number + 1)"
    let ordered = hours * 60
    let ete = template.people[profile].eteHoursRemaining > 0 ? OrderRules.eteAllowance(orderedMinutes: ordered) : 0
    return OpenOrder(
      id: id, key: RandomStreams.key(id), profile: profile, fromTemplate: false, orderedMinutes: ordered,
      creditedMinutes: 0, eligibleWorkedMinutes: 0, carriedMinutes: 0,
      orderType: suspended ? .suspendedSentenceOrder : .communityOrder, reducedMinutes: 0, eteLeftMinutes: ete,
      reductionEnded: false,
      failures: [], deadline: deadline, sentence: sentence, start: sentence.adding(days: 1), firstSession: nil,
      pausedUntil: nil)
  }
}
