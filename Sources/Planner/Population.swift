import Foundation
import PaybackCore

/// The state of one person's order when the simulation starts.
public struct StartingOrder: Sendable {
  /// Index of the person in the template week: their availability, areas, skills and so on.
  public var personIndex: Int
  /// Hours the court ordered.
  public var orderHours: Double
  /// Hours still owed.
  public var hoursRemaining: Double
  /// Hours already worked with no enforceable outcome since (they count towards the 25% that
  /// earned reduction needs).
  public var hoursWorked: Double
  /// The part of `hoursWorked` done before the record began (the ledger's opening balance):
  /// it counts towards the 25% but earns no reduction itself, as in the ledger.
  public var hoursCarried: Double
  /// Hours already taken off by earned reduction.
  public var hoursReduced: Double
  /// ETE hours the order may still take.
  public var eteAllowance: Double
  public var sentenceDate: CalendarDate
  public var orderType: OrderType
  /// The deadline under the 12-month rule, as recorded (nil: none).
  public var deadline: CalendarDate?
  /// For a suspended sentence order: when its operational period ends.
  public var operationalPeriodEnd: CalendarDate?
  /// False once an enforceable outcome has been recorded on the order.
  public var earnedReductionEligible: Bool
  /// The date of a warning still in force, if any.
  public var lastWarning: CalendarDate?
  /// The first session that took place, if any.
  public var firstSession: CalendarDate?

  public init(
    personIndex: Int, orderHours: Double, hoursRemaining: Double, hoursWorked: Double = 0, hoursCarried: Double = 0,
    hoursReduced: Double = 0,
    eteAllowance: Double = 0, sentenceDate: CalendarDate, orderType: OrderType = .communityOrder,
    deadline: CalendarDate? = nil, operationalPeriodEnd: CalendarDate? = nil, earnedReductionEligible: Bool = true,
    lastWarning: CalendarDate? = nil, firstSession: CalendarDate? = nil
  ) {
    self.personIndex = personIndex
    self.orderHours = orderHours
    self.hoursRemaining = hoursRemaining
    self.hoursWorked = hoursWorked
    self.hoursCarried = hoursCarried
    self.hoursReduced = hoursReduced
    self.eteAllowance = eteAllowance
    self.sentenceDate = sentenceDate
    self.orderType = orderType
    self.deadline = deadline
    self.operationalPeriodEnd = operationalPeriodEnd
    self.earnedReductionEligible = earnedReductionEligible
    self.lastWarning = lastWarning
    self.firstSession = firstSession
  }
}

/// Where a simulation starts: a template week (projects with their weekly sessions, supervisors,
/// and the people as they are) and the state of each person's order.
///
/// The file is a `payback-instance/1` week; people may carry these optional fields, which the
/// roster contract ignores: `order_hours`, `hours_worked`, `hours_reduced`, `sentence_date`,
/// `order_type` (`community`/`suspended`), `operational_period_end`, `enforceable_outcomes`,
/// `last_warning`, `first_session`. Without them an order is what the ledger would record on
/// importing the person (``Ledger/batch(from:policy:)``): the smallest order that fits the hours
/// and ETE allowance remaining, the difference taken as worked before the record began (it counts
/// towards earned reduction's 25% but earns nothing itself); sentenced a year before its deadline
/// (or four weeks before the week when it has none), and already started. A population read from
/// a file and the ledger it was imported into therefore start alike.
public struct Population: Sendable {
  /// The template week: its sessions repeat every week; its people are the profiles new orders
  /// are drawn from.
  public var template: Instance
  /// One order per person of the template week, in the same order.
  public var orders: [StartingOrder]
  public var source: String

  public init(template: Instance, orders: [StartingOrder], source: String) {
    self.template = template
    self.orders = orders
    self.source = source
  }

  /// A population whose orders are exactly the template week's people, with the defaults above.
  public init(template: Instance, source: String = "") {
    self.template = template
    self.source = source
    self.orders = template.people.indices.map { i in
      Population.defaultOrder(template.people[i], index: i, weekStart: template.weekStart)
    }
  }

  static func defaultOrder(_ p: Person, index: Int, weekStart: CalendarDate) -> StartingOrder {
    let sentence = p.deadline.map { $0.adding(months: -12).adding(days: 1) } ?? weekStart.adding(days: -28)
    let imported = importedOrder(p, weekStart: weekStart)
    let before = Double(imported.openingMinutes) / 60
    return StartingOrder(
      // Owed as the ledger's import records it: an instance's hours_remaining is the work needed.
      personIndex: index, orderHours: Double(imported.orderedMinutes) / 60,
      hoursRemaining: Double(imported.orderedMinutes - imported.openingMinutes) / 60, hoursWorked: before,
      hoursCarried: before,
      eteAllowance: p.eteHoursRemaining, sentenceDate: min(sentence, weekStart), deadline: p.deadline,
      earnedReductionEligible: !imported.reductionEnded, firstSession: min(sentence, weekStart))
  }

  /// Reads a population file (a `payback-instance/1` week with the optional order fields).
  public static func load(from path: String) throws -> Population {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw InputError(source: path, path: "", message: "cannot read the file (\(error.localizedDescription))")
    }
    let json = try JSONValue.parse(data, source: path)
    return try parse(json, source: path)
  }

  public static func parse(_ json: JSONValue, source: String) throws -> Population {
    let template = try Instance.parse(json, source: source)
    let r = FieldReader()
    var orders: [StartingOrder] = []
    let people = r.list(json["people"], "people") ?? []
    for (i, person) in template.people.enumerated() {
      let path = "people[\(i)]"
      var order = defaultOrder(person, index: i, weekStart: template.weekStart)
      let v = people[i]
      let worked = r.number(v["hours_worked"], "\(path).hours_worked", required: false, min: 0)
      let reduced = r.number(v["hours_reduced"], "\(path).hours_reduced", required: false, min: 0)
      if worked != nil || reduced != nil {
        // Work the file records is taken as settled: it counts towards the 25%, and what it
        // earned is in hours_reduced.
        order.hoursWorked = worked ?? 0
        order.hoursCarried = order.hoursWorked
        order.hoursReduced = reduced ?? 0
        // A file that states the past states what is owed.
        order.hoursRemaining = person.hoursRemaining
        order.orderHours = person.hoursRemaining + order.hoursWorked + order.hoursReduced
      }
      if let total = r.number(v["order_hours"], "\(path).order_hours", required: false, positive: true) {
        if total + 1e-9 < order.orderHours {
          r.fail(
            "\(path).order_hours",
            "\(JSONValue.format(total)) is less than the hours remaining, worked and reduced together "
              + "(\(JSONValue.format(order.orderHours)))")
        }
        order.orderHours = total
      }
      if let sentence = r.date(v["sentence_date"], "\(path).sentence_date", required: false) {
        order.sentenceDate = sentence
        order.firstSession = sentence
      }
      if let text = r.string(v["order_type"], "\(path).order_type", required: false) {
        switch text {
        case "community": order.orderType = .communityOrder
        case "suspended": order.orderType = .suspendedSentenceOrder
        default:
          if let type = OrderType(text: text) {
            order.orderType = type
          } else {
            r.fail("\(path).order_type", "\"\(text)\" is not one of \"community_order\", \"suspended_sentence_order\"")
          }
        }
      }
      order.operationalPeriodEnd = r.date(
        v["operational_period_end"], "\(path).operational_period_end", required: false)
      if let n = r.integer(v["enforceable_outcomes"], "\(path).enforceable_outcomes", required: false, min: 0), n > 0 {
        order.earnedReductionEligible = false
      }
      order.lastWarning = r.date(v["last_warning"], "\(path).last_warning", required: false)
      switch v["first_session"] {
      case nil: break
      case .null?: order.firstSession = nil
      case let f?: order.firstSession = r.date(f, "\(path).first_session")
      }
      orders.append(order)
    }
    guard r.problems.isEmpty else { throw InputError(source: source, problems: r.problems) }
    return Population(template: template, orders: orders, source: source)
  }
}
