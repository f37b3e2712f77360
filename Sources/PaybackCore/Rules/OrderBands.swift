/// The legal size of an unpaid work requirement (FACTS.md, Orders), in minutes.
public enum OrderBands {
  /// 40 to 300 hours; several orders added together may not pass 300.
  public static let adult: ClosedRange<Int> = 40 * 60...300 * 60
  /// Youth orders: 40 to 240 hours.
  public static let youth: ClosedRange<Int> = 40 * 60...240 * 60

  /// Why `minutes` is outside the adult band, for an error message ("is less than the 40 hours...").
  public static func problem(_ minutes: Int, band: ClosedRange<Int> = adult) -> String {
    let range = "\(band.lowerBound / 60) to \(band.upperBound / 60) hours"
    return minutes < band.lowerBound
      ? "is less than \(band.lowerBound / 60) hours, the least an order may be (\(range))"
      : "is more than \(band.upperBound / 60) hours, the most an order may be (\(range))"
  }
}
