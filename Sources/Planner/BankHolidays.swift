import PaybackCore

/// Bank holidays in England and Wales: no Community Payback sessions run on them.
///
/// The table: GOV.UK's published dates (https://www.gov.uk/bank-holidays) to 2027, and for
/// 2028-2030 the same rules (New Year's Day, Good Friday, Easter Monday, the first and last
/// Mondays of May, the last Monday of August, Christmas Day and Boxing Day, each moved to the
/// next weekday when it falls at a weekend). One-off holidays (a coronation, a jubilee) are added
/// here when announced. Outside the table's years no day is a bank holiday, and the planner says so.
public enum BankHolidays {
  /// The first and last years the table covers.
  public static let years = 2024...2030

  static let table = """
    2024-01-01 2024-03-29 2024-04-01 2024-05-06 2024-05-27 2024-08-26 2024-12-25 2024-12-26
    2025-01-01 2025-04-18 2025-04-21 2025-05-05 2025-05-26 2025-08-25 2025-12-25 2025-12-26
    2026-01-01 2026-04-03 2026-04-06 2026-05-04 2026-05-25 2026-08-31 2026-12-25 2026-12-28
    2027-01-01 2027-03-26 2027-03-29 2027-05-03 2027-05-31 2027-08-30 2027-12-27 2027-12-28
    2028-01-03 2028-04-14 2028-04-17 2028-05-01 2028-05-29 2028-08-28 2028-12-25 2028-12-26
    2029-01-01 2029-03-30 2029-04-02 2029-05-07 2029-05-28 2029-08-27 2029-12-25 2029-12-26
    2030-01-01 2030-04-19 2030-04-22 2030-05-06 2030-05-27 2030-08-26 2030-12-25 2030-12-26
    """

  /// Every bank holiday in the table.
  public static let dates: Set<CalendarDate> = Set(
    table.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { CalendarDate(String($0)) })

  public static func contains(_ date: CalendarDate) -> Bool { dates.contains(date) }

  /// Whether the table covers `date`'s year.
  public static func covers(_ date: CalendarDate) -> Bool { years.contains(date.parts.year) }
}
