import Foundation
import InstanceGenerator
import PaybackCore
import RosterCheck
import Testing

/// The generator's promises: valid weeks, the same week for the same seed, and the documented
/// shape (capacity against demand, weekend share, areas, people's mix) at every size.
@Suite(.timeLimit(.minutes(10))) struct GeneratorTests {
  /// Generates, serialises and reads back through the contract's own parser.
  private static func roundTrip(_ parameters: GeneratorParameters) throws -> (Instance, String, Instance) {
    let week = InstanceGenerator.week(parameters)
    let text = week.json.serialized()
    let back = try Instance.parse(Data(text.utf8), source: "generated")
    return (week, text, back)
  }

  @Test(arguments: [1, 2, 5, 20, 100, 333, 1000, 2500], [UInt64(1), 7, 20_261_130])
  func generatedWeeksParseBackValid(people: Int, seed: UInt64) throws {
    let (week, text, back) = try Self.roundTrip(GeneratorParameters(people: people, seed: seed))
    #expect(back.people.count == people)
    #expect(back.projects.count == week.projects.count)
    #expect(back.sessions.count == week.sessions.count)
    #expect(back.supervisors.count == week.supervisors.count)
    #expect(back.pins == week.pins)
    // Reading back and writing again gives the same text: nothing is lost in the file.
    #expect(back.json.serialized() == text)
  }

  @Test(arguments: [3, 150, 1200])
  func sameSeedGivesTheSameWeek(people: Int) {
    let a = InstanceGenerator.week(GeneratorParameters(people: people, seed: 42)).json.serialized()
    let b = InstanceGenerator.week(GeneratorParameters(people: people, seed: 42)).json.serialized()
    let c = InstanceGenerator.week(GeneratorParameters(people: people, seed: 43)).json.serialized()
    #expect(a == b)
    #expect(a != c)
  }

  /// A valid roster always exists: the one that books exactly the pins (H13) and nothing else.
  @Test(arguments: [100, 1000])
  func bookingThePinsIsAValidRoster(people: Int) throws {
    let week = InstanceGenerator.week(GeneratorParameters(people: people, seed: 5))
    #expect(!week.pins.isEmpty)
    var roster = Roster(
      instance: week.name, weekStart: week.weekStart, method: "pins", status: "heuristic", objective: 0,
      assignments: week.pins.map { Assignment(session: $0.session, supervisors: [], people: [$0.person]) })
    roster.objective = Objective.value(of: roster, in: week)
    let report = RosterChecker.check(roster, against: week)
    #expect(report.violations.isEmpty, "\(report.violations)")
  }

  /// Capacity is a bit short of demand in every sizeable week, as documented (ratio 0.9).
  @Test(arguments: [100, 400, 1000, 4000], [UInt64(1), 2])
  func capacityIsABitShortOfDemand(people: Int, seed: UInt64) {
    let figures = InstanceGenerator.figures(of: InstanceGenerator.week(GeneratorParameters(people: people, seed: seed)))
    #expect(figures.capacityToDemand > 0.85 && figures.capacityToDemand < 1.0, "\(figures)")
    // docs/domain.md: half to three quarters of group sessions at weekends.
    #expect(figures.weekendGroupShare >= 0.5 && figures.weekendGroupShare <= 0.75, "\(figures)")
    // Demand per person sits near the 7-hour weekly minimum: people owe real hours.
    let perPerson = figures.demandHours / Double(people)
    #expect(perPerson > 5.5 && perPerson < 9, "\(figures)")
  }

  @Test func capacityFollowsTheRatioParameter() {
    var parameters = GeneratorParameters(people: 2000, seed: 3)
    parameters.capacityRatio = 0.5
    let half = InstanceGenerator.figures(of: InstanceGenerator.week(parameters))
    #expect(abs(half.capacityToDemand - 0.5) < 0.03, "\(half)")
  }

  /// Areas scale with people (250 each, at least 3). In the disjoint family they come in
  /// clusters of two towns, each cluster an independent component unless people are let cross
  /// between clusters; by default (the connected family) the region is one component.
  @Test(arguments: [(100, 3, 2), (1000, 4, 2), (4000, 16, 8), (8000, 32, 16)])
  func areasAndComponentsScale(people: Int, areas: Int, components: Int) {
    let disjoint = InstanceGenerator.figures(
      of: InstanceGenerator.week(WeekFamily.disjoint.parameters(people: people)))
    #expect(disjoint.areas == areas)
    #expect(disjoint.components == components)
    let connected = InstanceGenerator.figures(of: InstanceGenerator.week(GeneratorParameters(people: people)))
    #expect(connected.areas == areas)
    #expect(connected.components == 1)
  }

  @Test func crossClusterReachJoinsComponents() {
    var parameters = WeekFamily.disjoint.parameters(people: 4000)
    parameters.crossClusterShare = 0.05
    #expect(InstanceGenerator.figures(of: InstanceGenerator.week(parameters)).components == 1)
  }

  // MARK: Families

  /// Every family's weeks follow the contract (the parser validates them) at small and large
  /// sizes, and booking exactly the pins is a valid roster, so a valid roster always exists.
  @Test(arguments: WeekFamily.allCases, [(12, UInt64(1)), (150, 2), (1000, 3), (2500, 4)])
  func everyFamilyMakesValidWeeks(family: WeekFamily, size: (people: Int, seed: UInt64)) throws {
    let (week, text, back) = try Self.roundTrip(family.parameters(people: size.people, seed: size.seed))
    #expect(back.people.count == size.people)
    #expect(back.json.serialized() == text)
    var roster = Roster(
      instance: week.name, weekStart: week.weekStart, method: "pins", status: "heuristic", objective: 0,
      assignments: week.pins.map { Assignment(session: $0.session, supervisors: [], people: [$0.person]) })
    roster.objective = Objective.value(of: roster, in: week)
    let report = RosterChecker.check(roster, against: week)
    #expect(report.violations.isEmpty, "\(family): \(report.violations)")
    let staffable = week.staffability()
    for p in week.projects where p.kind == .group {
      for s in p.sessions {
        #expect(staffable[s.id]?.any == true && staffable[s.id]?.highRisk == true, "\(family) \(s.id)")
      }
    }
  }

  /// Every family but `disjoint` is one connected problem at regional sizes.
  @Test(arguments: WeekFamily.allCases.filter(\.isConnected), [1000, 4000])
  func connectedFamiliesAreOneComponent(family: WeekFamily, people: Int) {
    let figures = InstanceGenerator.figures(of: InstanceGenerator.week(family.parameters(people: people, seed: 2)))
    #expect(figures.components == 1, "\(family): \(figures)")
    #expect(figures.areas == (people == 1000 ? 4 : 16))
  }

  @Test(arguments: [1000, 8000], [UInt64(1), 5])
  func connectedWeeksStayConnectedThroughPeopleAndThroughSupervisors(people: Int, seed: UInt64) {
    var week = InstanceGenerator.week(GeneratorParameters(people: people, seed: seed))
    let supervisors = week.supervisors
    week.supervisors = []
    #expect(WeekFigures.components(week) == 1, "people alone join the towns")
    week.supervisors = supervisors
    week.people = []
    #expect(WeekFigures.components(week) == 1, "supervisors alone join the towns")
  }

  /// The shares a family changes land near their parameters in a large week.
  @Test(arguments: WeekFamily.allCases)
  func familySharesLandNearTheirParameters(family: WeekFamily) {
    let parameters = family.parameters(people: 4000, seed: 8)
    let week = InstanceGenerator.week(parameters)
    let figures = InstanceGenerator.figures(of: week)
    let n = Double(figures.people)
    /// Within three standard deviations of a share drawn `count` times (and a little slack).
    func near(_ count: Int, of total: Double, _ p: Double) -> Bool {
      abs(Double(count) / total - p) <= 3 * (p * (1 - p) / total).squareRoot() + 0.01
    }
    // People reaching a neighbouring town, supervisors covering one.
    #expect(near(figures.peopleInSeveralAreas, of: n, parameters.secondAreaShare), "\(figures)")
    #expect(
      near(figures.supervisorsInSeveralAreas, of: Double(figures.supervisors), parameters.supervisorSecondAreaShare),
      "\(family): \(figures)")
    #expect(
      abs(figures.capacityToDemand - parameters.capacityRatio) < 0.02 + 0.03 * parameters.capacityRatio, "\(figures)")
    #expect(near(figures.women, of: n, parameters.womenShare), "\(figures)")
    #expect(near(figures.highRisk, of: n, parameters.highRiskShare), "\(figures)")
    if family != .essexLiteral {
      // Essex's few sessions per town are too few to steer the weekend share.
      #expect(abs(figures.weekendGroupShare - parameters.weekendGroupShare) < 0.06, "\(figures)")
    }
    let employed = Double(week.people.filter { $0.available.isSubset(of: [.sat, .sun]) }.count) / n
    #expect(employed > 0.5 * parameters.employedShare && employed < parameters.employedShare, "\(family) \(employed)")
  }

  @Test func familiesDifferWhereTheySay() {
    func figures(_ family: WeekFamily) -> WeekFigures {
      InstanceGenerator.figures(of: InstanceGenerator.week(family.parameters(people: 2000, seed: 3)))
    }
    let base = figures(.connected)
    #expect(figures(.shortOfPlaces).capacityToDemand < base.capacityToDemand - 0.2)
    #expect(figures(.placesToSpare).capacityToDemand > base.capacityToDemand + 0.3)
    #expect(figures(.essexLiteral).capacityToDemand < 0.2)
    #expect(figures(.shortOfSupervisors).supervisors < base.supervisors)
    #expect(figures(.highRisk).highRisk > 3 * base.highRisk)
    #expect(figures(.manyWomen).women > 2 * base.women)
    #expect(figures(.manyWomen).womenOnlyProjects >= base.womenOnlyProjects)
    #expect(figures(.weekendHeavy).weekendGroupShare > base.weekendGroupShare + 0.1)
  }

  /// The same family, people and seed always give the same bytes; another seed another week.
  @Test(arguments: WeekFamily.allCases)
  func familiesAreDeterministic(family: WeekFamily) {
    let a = InstanceGenerator.week(family.parameters(people: 600, seed: 42)).json.serialized()
    let b = InstanceGenerator.week(family.parameters(people: 600, seed: 42)).json.serialized()
    let c = InstanceGenerator.week(family.parameters(people: 600, seed: 43)).json.serialized()
    #expect(a == b)
    #expect(a != c)
  }

  /// `disjoint` is exactly the generator's old default, and `connected` its new one.
  @Test func disjointIsTheOldDefaultAndConnectedTheNew() {
    var old = GeneratorParameters(people: 300, seed: 6)
    old.geography = .clusters
    old.supervisorSecondAreaShare = 0.3
    #expect(
      InstanceGenerator.week(old).json.serialized()
        == InstanceGenerator.week(WeekFamily.disjoint.parameters(people: 300, seed: 6)).json.serialized())
    #expect(
      InstanceGenerator.week(GeneratorParameters(people: 300, seed: 6)).json.serialized()
        == InstanceGenerator.week(WeekFamily.connected.parameters(people: 300, seed: 6)).json.serialized())
  }

  /// The people's mix lands on the documented shares in a large week.
  @Test func peopleMatchTheDocumentedMix() {
    let week = InstanceGenerator.week(GeneratorParameters(people: 4000, seed: 11))
    let n = Double(week.people.count)
    func share(_ p: (Person) -> Bool) -> Double { Double(week.people.filter(p).count) / n }
    #expect(abs(share { $0.sex == .female } - 0.15) < 0.03)
    #expect(abs(share { $0.risk == .high } - 0.08) < 0.02)
    #expect(abs(share { $0.deadline != nil } - 0.4) < 0.04)
    #expect(abs(share { $0.maxHoursPerWeek == 28 } - 0.6 * 0.3) < 0.03)
    #expect(share { $0.available == [.sat, .sun] } > 0.2)
    #expect(share { $0.eteHoursRemaining > 0 } > 0.1)
    #expect(share { !$0.keepApart.isEmpty } > 0.005)
    // Orders sit in the sentencing bands (at most 300 hours) and are partly worked.
    #expect(week.people.allSatisfy { $0.hoursRemaining <= 300 })
    #expect(share { $0.hoursRemaining >= 150 } > 0.05)
    // Deadlines are 12 months after sentence (at most a few days after the week starts), and none has passed.
    #expect(
      week.people.allSatisfy { p in
        p.deadline.map { week.weekStart.days(to: $0) >= 2 && week.weekStart.days(to: $0) <= 7 + 366 } ?? true
      })
    // ETE allowance never passes 30% of the largest order.
    #expect(week.people.allSatisfy { $0.eteHoursRemaining <= 90 })
  }

  /// Projects look like the facts: groups of 6-10 per supervisor, minimum attendance 2 or 3,
  /// individual placements, women-only projects, and staff who can run every group day.
  @Test func projectsAndSupervisorsMatchTheFacts() {
    let week = InstanceGenerator.week(GeneratorParameters(people: 1000, seed: 9))
    let groups = week.projects.filter { $0.kind == .group }
    #expect(groups.allSatisfy { (3...10).contains($0.peoplePerSupervisor) && [2, 3].contains($0.minAttendance) })
    #expect(groups.contains { $0.womenOnly })
    #expect(groups.contains { $0.supervisorRequires == ["minibus"] })
    #expect(week.projects.contains { $0.kind == .individual })
    #expect(week.projects.contains { $0.kind == .ete })
    #expect(week.supervisors.contains { $0.qualifications.contains(highRiskQualification) })
  }

  /// Every group session can be staffed, and by a high-risk-qualified supervisor.
  @Test(arguments: [20, 100, 1000, 4000], [UInt64(1), 9])
  func everyGroupSessionCanBeStaffed(people: Int, seed: UInt64) {
    let week = InstanceGenerator.week(GeneratorParameters(people: people, seed: seed))
    let staffable = week.staffability()
    for p in week.projects where p.kind == .group {
      for s in p.sessions {
        #expect(staffable[s.id]?.any == true && staffable[s.id]?.highRisk == true, "\(s.id)")
      }
    }
  }

  @Test func namesCanBeLeftOut() throws {
    var parameters = GeneratorParameters(people: 50)
    parameters.names = false
    let (week, _, _) = try Self.roundTrip(parameters)
    #expect(week.people.allSatisfy { $0.name == nil })
    #expect(week.projects.allSatisfy { $0.name == nil })
  }

  @Test func weekStartIsHonoured() throws {
    var parameters = GeneratorParameters(people: 200, seed: 4)
    parameters.weekStart = CalendarDate("2027-03-01")!
    let (week, _, back) = try Self.roundTrip(parameters)
    #expect(back.weekStart == CalendarDate("2027-03-01")!)
    #expect(
      week.sessions.allSatisfy {
        week.weekStart.days(to: $0.session.date) >= 0 && week.weekStart.days(to: $0.session.date) < 7
      })
  }

  /// The property tests' small connected weeks follow the contract and are one problem each.
  @Test func randomConnectedWeeksAreValidAndConnected() throws {
    for seed in UInt64(0)..<200 {
      let week = RandomWeek.makeConnected(seed: seed)
      let back = try Instance.parse(Data(week.json.serialized().utf8), source: "random connected \(seed)")
      #expect((15...40).contains(back.people.count))
      #expect(WeekFigures.components(back) == 1, "seed \(seed)")
      #expect((3...4).contains(Set(back.projects.map(\.area)).count))
    }
    #expect(RandomWeek.makeConnected(seed: 9, people: 25, towns: 3).people.count == 25)
    #expect(
      RandomWeek.makeConnected(seed: 9).json.serialized() == RandomWeek.makeConnected(seed: 9).json.serialized())
  }

  /// The committed example weeks are what the generator makes today, in the disjoint family
  /// (regenerate them with the commands in instances/README.md when the generator changes on
  /// purpose).
  @Test(arguments: [
    ("example-week.json", 100, UInt64(5), "example-week"), ("region-1000.json", 1000, 1, "region-1000"),
  ])
  func committedWeeksAreUpToDate(file: String, people: Int, seed: UInt64, name: String) throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("instances/\(file)").path
    var parameters = WeekFamily.disjoint.parameters(people: people, seed: seed)
    parameters.name = name
    let expected = InstanceGenerator.week(parameters).json.serialized()
    // Compared as read back, so a change in how instances are written does not trip this test.
    let committed = try Instance.load(from: path).json.serialized()
    #expect(committed == expected, "instances/\(file) is out of date: see instances/README.md")
  }
}
