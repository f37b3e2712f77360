import Foundation
import PaybackCore

/// Turns plan results into a terminal table, CSV files, SVG charts and one self-contained HTML page.
public enum PlanReport {
  // MARK: Numbers

  /// `v` with thousands separators and `decimals` places: 12,345.6.
  static func grouped(_ v: Double, decimals: Int) -> String {
    guard v.isFinite else { return "-" }
    let text = String(format: "%.\(decimals)f", abs(v))
    let parts = text.split(separator: ".", maxSplits: 1)
    var whole = Array(parts[0])
    var out: [Character] = []
    while whole.count > 3 {
      out.insert(contentsOf: [Character(",")] + Array(whole.suffix(3)), at: 0)
      whole.removeLast(3)
    }
    out.insert(contentsOf: whole, at: 0)
    var result = String(out)
    if parts.count > 1 { result += "." + parts[1] }
    // No "-0": a figure that rounds to zero has no sign.
    let isZero = result.allSatisfy { $0 == "0" || $0 == "." || $0 == "," }
    return v < 0 && !isZero ? "-" + result : result
  }

  /// A figure as the tables show it: whole numbers from 100, one decimal from 10, else two.
  static func number(_ v: Double) -> String {
    if abs(v) >= 100 { return grouped(v, decimals: 0) }
    if abs(v) >= 10 { return grouped(v, decimals: 1) }
    return grouped(v, decimals: 2)
  }

  static func percent(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }

  static func show(_ v: Double, _ format: RunSummary.Format) -> String {
    switch format {
    case .share: return percent(v)
    case .days: return grouped(v, decimals: abs(v) >= 10 || v == v.rounded() ? 0 : 1)
    case .money: return "£" + (abs(v) >= 100 ? grouped(v, decimals: 0) : grouped(v, decimals: 2))
    case .count, .hours: return number(v)
    }
  }

  /// The same with a sign: +1,150, -3.2, 0.
  static func signed(_ v: Double, _ format: RunSummary.Format) -> String {
    let text = show(v, format)
    if format == .share {
      // Rounded first, so that a tiny negative never shows as "-0.0".
      let points = (v * 1000).rounded() / 10
      return (points > 0 ? "+" : "") + String(format: "%.1f", points == 0 ? 0 : points) + " pts"
    }
    return v > 0 && text.contains(where: { $0 != "0" && $0 != "." && $0 != "," && $0 != "£" }) ? "+" + text : text
  }

  /// "mean ± sd", or just the mean with one replication (a spread of one run means nothing).
  static func cell(_ s: Spread, _ format: RunSummary.Format) -> String {
    s.count > 1
      ? "\(show(s.mean, format)) ± \(format == .share ? percent(s.sd) : show(s.sd, format))" : show(s.mean, format)
  }

  /// A paired difference as text: "+1,150 (+900 to +1,400)", with a word when it means nothing.
  static func differenceCell(_ d: PairedDifference, _ format: RunSummary.Format, words: Bool = true) -> String {
    if d.isZero { return words ? "0 (no difference)" : "0" }
    var text = signed(d.mean, format)
    if let low = d.low, let high = d.high {
      text += " (\(signed(low, format)) to \(signed(high, format)))"
      if d.withinNoise, words { text += " noise" }
    }
    return text
  }

  static func plural(_ n: Int, _ word: String) -> String {
    n == 1 ? "1 \(word)" : "\(grouped(Double(n), decimals: 0)) \(word)s"
  }

  /// The paired difference of `metric` between `s` and `base` (for the caseload or one town).
  public static func difference(
    _ s: ScenarioResult, from base: ScenarioResult, _ metric: RunSummary.Metric, area: String? = nil
  ) -> PairedDifference {
    PairedDifference(scenario: s.values(metric, area: area), baseline: base.values(metric, area: area))
  }

  // MARK: Terminal

  /// The run-level figures (one row per measure, one column per scenario, mean ± sd) and, with
  /// more than one scenario, each one's paired difference from the first (the baseline).
  public static func table(_ results: PlanResults) -> String {
    let scenarios = results.scenarios
    let metrics = RunSummary.shown(costs: results.hasCosts)
    var rows: [[String]] = [[""] + scenarios.map(\.scenario.name)]
    for metric in metrics {
      rows.append(
        [metric.label]
          + scenarios.map { s in
            metric.isCost && s.scenario.costs.isEmpty ? "-" : cell(Spread(s.values(metric)), metric.format)
          })
    }
    var lines = layout(rows)
    let o = results.options
    if let base = results.baseline, scenarios.count > 1 {
      lines.append("")
      lines.append(
        "Difference from \(base.scenario.name), paired by replication: mean"
          + (o.replications > 1 ? " (95% confidence interval)" : ""))
      var diff: [[String]] = [[""] + scenarios.dropFirst().map(\.scenario.name)]
      for metric in metrics {
        diff.append(
          [metric.label]
            + scenarios.dropFirst().map { s in
              metric.isCost && (s.scenario.costs.isEmpty || base.scenario.costs.isEmpty)
                ? "-" : differenceCell(difference(s, from: base, metric), metric.format)
            })
      }
      lines += layout(diff)
    }
    lines.append("")
    var footer =
      "\(plural(o.weeks, "week")) from \(results.weekStart), \(plural(o.replications, "replication")), seed \(o.seed); "
    footer +=
      o.replications > 1
      ? "mean ± standard deviation over replications; \"noise\": the interval contains 0"
      : "one replication: no spread or interval (run --replications 5 or more)"
    lines.append(footer + "; \(String(format: "%.1f", results.seconds)) s.")
    return lines.joined(separator: "\n")
  }

  static func layout(_ rows: [[String]]) -> [String] {
    var table = TextTable(rows[0], alignments: [.left] + rows[0].dropFirst().map { _ in .right })
    table.rows = Array(rows.dropFirst())
    return table.render().components(separatedBy: "\n")
  }

  // MARK: CSV

  /// Every scenario, replication, week and town (`all` for the whole caseload):
  /// `scenario,replication,week,week_start,area,<metrics>`.
  public static func resultsCSV(_ results: PlanResults) -> String {
    var out =
      "scenario,replication,week,week_start,area," + WeekMetrics.columns.map(\.name).joined(separator: ",") + "\n"
    for s in results.scenarios {
      for (r, run) in s.runs.enumerated() {
        let series = [("all", run.weeks)] + s.areaNames.map { ($0, run.areas[$0] ?? []) }
        for (area, weeks) in series {
          for (w, m) in weeks.enumerated() {
            let start = results.weekStart.adding(days: 7 * w)
            out += "\(csv(s.scenario.name)),\(r + 1),\(w + 1),\(start),\(csv(area)),"
            out += WeekMetrics.columns.map { csvNumber($0.value(m)) }.joined(separator: ",") + "\n"
          }
        }
      }
    }
    return out
  }

  /// The run-level figures, for the whole caseload (`all`) and each town:
  /// `scenario,area,metric,mean,sd,ci_low,ci_high,min,max,replications`.
  public static func summaryCSV(_ results: PlanResults) -> String {
    var out = "scenario,area,metric,mean,sd,ci_low,ci_high,min,max,replications\n"
    let metrics = RunSummary.shown(costs: results.hasCosts)
    for s in results.scenarios {
      for area in [nil] + s.areaNames.map(Optional.some) {
        for m in metrics where !(m.isCost && s.scenario.costs.isEmpty) {
          let v = Spread(s.values(m, area: area))
          let h = v.halfWidth95
          out += "\(csv(s.scenario.name)),\(csv(area ?? "all")),\(m.name),\(csvNumber(v.mean)),\(csvNumber(v.sd)),"
          out += "\(h.map { csvNumber(v.mean - $0) } ?? ""),\(h.map { csvNumber(v.mean + $0) } ?? ""),"
          out += "\(csvNumber(v.min)),\(csvNumber(v.max)),\(v.count)\n"
        }
      }
    }
    return out
  }

  /// Each scenario's paired difference from the baseline (the first scenario), for the caseload
  /// and each town: `scenario,baseline,area,metric,mean,ci_low,ci_high,replications,within_noise`.
  public static func differencesCSV(_ results: PlanResults) -> String {
    var out = "scenario,baseline,area,metric,mean,ci_low,ci_high,replications,within_noise\n"
    guard let base = results.baseline else { return out }
    let metrics = RunSummary.shown(costs: results.hasCosts)
    for s in results.scenarios.dropFirst() {
      for area in [nil] + results.areaNames.map(Optional.some) {
        for m in metrics where !(m.isCost && (s.scenario.costs.isEmpty || base.scenario.costs.isEmpty)) {
          let d = difference(s, from: base, m, area: area)
          out += "\(csv(s.scenario.name)),\(csv(base.scenario.name)),\(csv(area ?? "all")),\(m.name),"
          out += "\(csvNumber(d.mean)),\(d.low.map(csvNumber) ?? ""),\(d.high.map(csvNumber) ?? ""),\(d.count),"
          out += d.low == nil ? "\n" : "\(d.withinNoise)\n"
        }
      }
    }
    return out
  }

  /// Every sweep's points: `sweep,setting,label,value,scenario,metric,mean,ci_low,ci_high,replications`.
  public static func sweepCSV(_ results: PlanResults) -> String {
    var out = "sweep,setting,label,value,scenario,metric,mean,ci_low,ci_high,replications\n"
    let metrics = RunSummary.shown(costs: results.hasCosts)
    for sweep in sweeps(results) {
      for s in sweep.points {
        guard let p = s.scenario.sweep else { continue }
        for m in metrics where !(m.isCost && s.scenario.costs.isEmpty) {
          let v = Spread(s.values(m))
          let h = v.halfWidth95
          out += "\(csv(sweep.name)),\(csv(p.setting)),\(csv(p.label)),\(csv(p.display)),\(csv(s.scenario.name)),"
          out += "\(m.name),\(csvNumber(v.mean)),\(h.map { csvNumber(v.mean - $0) } ?? ""),"
          out += "\(h.map { csvNumber(v.mean + $0) } ?? ""),\(v.count)\n"
        }
      }
    }
    return out
  }

  static func csv(_ text: String) -> String {
    text.contains(where: { ",\"\n\r".contains($0) })
      ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }

  static func csvNumber(_ v: Double) -> String {
    guard v.isFinite else { return "" }
    return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(format: "%.6g", v)
  }

  // MARK: Sweeps

  /// The points of one sweep, in order.
  public struct Sweep: Sendable {
    public var name: String
    public var label: String
    public var points: [ScenarioResult]
  }

  /// The sweeps among the results, in the order their first point appears.
  public static func sweeps(_ results: PlanResults) -> [Sweep] {
    var out: [Sweep] = []
    for s in results.scenarios {
      guard let p = s.scenario.sweep else { continue }
      let key = p.group + "\u{1}" + s.scenario.source
      if let i = out.firstIndex(where: { $0.name + "\u{1}" + ($0.points.first?.scenario.source ?? "") == key }) {
        out[i].points.append(s)
      } else {
        out.append(Sweep(name: p.group, label: p.label, points: [s]))
      }
    }
    return out.map { sweep in
      var sweep = sweep
      sweep.points.sort { ($0.scenario.sweep?.index ?? 0) < ($1.scenario.sweep?.index ?? 0) }
      return sweep
    }
  }

  // MARK: Charts

  /// Colours that stay apart for the colour-blind (Okabe-Ito).
  static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
  /// Dash patterns, so that lines that coincide still show as different strokes.
  static let dashes = ["", "8 4", "2 3", "10 3 2 3", "4 4", "12 4 2 4 2 4", "1 5", "6 2"]

  /// A marker of `kind` (circle, square, triangle, diamond...) at (x, y).
  static func marker(_ kind: Int, x: Double, y: Double, color: String, size: Double = 4) -> String {
    func f(_ v: Double) -> String { String(format: "%.1f", v) }
    switch kind % 5 {
    case 0:
      return
        "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(size))\" fill=\"white\" stroke=\"\(color)\" stroke-width=\"1.5\"/>"
    case 1:
      return
        "<rect x=\"\(f(x - size))\" y=\"\(f(y - size))\" width=\"\(f(2 * size))\" height=\"\(f(2 * size))\" fill=\"\(color)\"/>"
    case 2:
      return
        "<polygon points=\"\(f(x)),\(f(y - size - 1)) \(f(x + size + 1)),\(f(y + size)) \(f(x - size - 1)),\(f(y + size))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"/>"
    case 3:
      return
        "<polygon points=\"\(f(x)),\(f(y - size - 1)) \(f(x + size + 1)),\(f(y)) \(f(x)),\(f(y + size + 1)) \(f(x - size - 1)),\(f(y))\" fill=\"\(color)\"/>"
    default:
      return
        "<path d=\"M\(f(x - size)),\(f(y - size)) L\(f(x + size)),\(f(y + size)) M\(f(x - size)),\(f(y + size)) L\(f(x + size)),\(f(y - size))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
    }
  }

  static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  /// "30 Nov", or "4 Jan 2027" when the year changes.
  static func shortDate(_ d: CalendarDate, withYear: Bool) -> String {
    let p = d.parts
    return "\(p.day) \(monthNames[p.month - 1])" + (withYear ? " \(p.year)" : "")
  }

  /// A line chart of one weekly metric, every scenario on the same axes: the line is the mean
  /// over replications (each scenario with its own colour, dash pattern and markers), the shaded
  /// band runs from the lowest to the highest replication. The x axis is the week's Monday.
  public static func chart(
    _ results: PlanResults, title: String, yLabel: String, area: String? = nil, width: Double = 820,
    height: Double = 440, legend: Bool = true, metric: (WeekMetrics) -> Double
  ) -> String {
    let series = results.scenarios.map { ($0.scenario.name, $0.weekly(area: area, metric)) }
    let small = width < 500
    let left = small ? 56.0 : 78.0
    let right = 20.0
    let top = small ? 30.0 : 44.0
    let axisRoom = small ? 40.0 : 64.0
    let legendRows = legend ? Double((series.count + 1) / 2) : 0
    let bottom = axisRoom + 20.0 * legendRows
    let plotW = width - left - right
    let plotH = height - top - axisRoom
    let totalH = height - axisRoom + bottom
    let weeks = series.map(\.1.count).max() ?? 0
    let yMax = max(1e-9, series.flatMap { $0.1.map(\.max) }.max() ?? 1)
    let ticks = niceTicks(max: yMax)
    let yTop = ticks.last ?? yMax
    func x(_ w: Int) -> Double { left + (weeks <= 1 ? plotW / 2 : plotW * Double(w) / Double(weeks - 1)) }
    func y(_ v: Double) -> Double { top + plotH * (1 - v / yTop) }
    func f(_ v: Double) -> String { String(format: "%.1f", v) }

    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(totalH))" \
      viewBox="0 0 \(Int(width)) \(Int(totalH))" font-family="sans-serif" font-size="\(small ? 10 : 12)" role="img" \
      aria-label="\(xml(title))">
      <title>\(xml(title))</title>
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(f(width / 2))" y="\(small ? 16 : 22)" text-anchor="middle" font-size="\(small ? 12 : 16)" font-weight="bold">\(xml(title))</text>

      """
    for t in ticks {
      svg +=
        "<line x1=\"\(f(left))\" y1=\"\(f(y(t)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(t)))\" stroke=\"#e4e4e4\"/>\n"
      svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(t) + 4))\" text-anchor=\"end\">\(axisNumber(t))</text>\n"
    }
    svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>\n"
    svg +=
      "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>\n"
    // X ticks: the week's Monday, about eight labels (four on a small chart).
    let step = max(1, Int((Double(weeks) / (small ? 4 : 8)).rounded(.up)))
    var lastYear: Int?
    for w in stride(from: 0, to: weeks, by: step) {
      let date = results.weekStart.adding(days: 7 * w)
      let year = date.parts.year
      svg +=
        "<line x1=\"\(f(x(w)))\" y1=\"\(f(top + plotH))\" x2=\"\(f(x(w)))\" y2=\"\(f(top + plotH + 5))\" stroke=\"#333\"/>\n"
      svg += "<text x=\"\(f(x(w)))\" y=\"\(f(top + plotH + 17))\" text-anchor=\"middle\">"
      svg += "\(shortDate(date, withYear: !small && year != lastYear))</text>\n"
      lastYear = year
    }
    if !small {
      svg +=
        "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(top + plotH + 38))\" text-anchor=\"middle\">Week starting</text>\n"
      svg +=
        "<text transform=\"translate(16 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(xml(yLabel))</text>\n"
    }
    // Bands first, so that every line stays visible above them.
    for (i, (_, points)) in series.enumerated() where points.count > 1 && results.options.replications > 1 {
      let color = palette[i % palette.count]
      let upper = points.enumerated().map { "\(f(x($0))),\(f(y($1.max)))" }
      let lower = points.enumerated().reversed().map { "\(f(x($0))),\(f(y($1.min)))" }
      svg +=
        "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.12\" stroke=\"none\"/>\n"
    }
    // Lines of equal width with their own dash pattern and markers: where two coincide, the
    // dashes and markers of each still show.
    let markerStep = max(1, weeks / (small ? 6 : 13))
    for (i, (name, points)) in series.enumerated() where !points.isEmpty {
      let color = palette[i % palette.count]
      let dash = dashes[i % dashes.count]
      let line = points.enumerated().map { "\(f(x($0))),\(f(y($1.mean)))" }.joined(separator: " ")
      svg += "<g><title>\(xml(name))</title>"
      svg += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\""
      svg += " stroke-linejoin=\"round\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
      // Markers staggered by scenario, so that coinciding lines show every scenario's marks.
      for w in stride(
        from: (i * max(1, markerStep / max(1, series.count))) % markerStep, to: points.count, by: markerStep)
      {
        svg += marker(i, x: x(w), y: y(points[w].mean), color: color, size: small ? 3 : 4)
      }
      svg += "</g>\n"
    }
    if legend {
      let legendTop = top + plotH + axisRoom - 6
      for (i, (name, _)) in series.enumerated() {
        let color = palette[i % palette.count]
        let dash = dashes[i % dashes.count]
        let lx = left + Double(i % 2) * (plotW / 2)
        let ly = legendTop + 20 * Double(i / 2)
        svg +=
          "<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 34))\" y2=\"\(f(ly - 4))\" stroke=\"\(color)\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
        svg += marker(i, x: lx + 17, y: ly - 4, color: color)
        svg += "<text x=\"\(f(lx + 42))\" y=\"\(f(ly))\">\(xml(name))</text>\n"
      }
      svg += "<text x=\"\(f(left + plotW))\" y=\"\(f(top - 8))\" text-anchor=\"end\" fill=\"#555\">"
      svg +=
        results.options.replications > 1
        ? "line: mean of \(plural(results.options.replications, "replication")); band: lowest to highest</text>\n"
        : "one replication</text>\n"
    }
    svg += "</svg>\n"
    return svg
  }

  /// Round tick values from 0 to at least `max`.
  static func niceTicks(max: Double) -> [Double] {
    let raw = max / 5
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
    var ticks: [Double] = []
    var t = 0.0
    while t < max - 1e-9 * step {
      ticks.append(t)
      t += step
    }
    ticks.append(t)
    return ticks
  }

  static func axisNumber(_ v: Double) -> String {
    if abs(v) >= 1_000_000 { return number(v / 1_000_000) + "M" }
    if abs(v) >= 10_000 {
      return grouped(v / 1000, decimals: v.truncatingRemainder(dividingBy: 1000) == 0 ? 0 : 1) + "k"
    }
    return v == v.rounded() ? grouped(v, decimals: 0) : String(format: "%.2g", v)
  }

  static func xml(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  public static func backlogChart(_ results: PlanResults) -> String {
    chart(results, title: "Hours outstanding (backlog) at the end of each week", yLabel: "Hours outstanding") {
      $0.backlog
    }
  }

  public static func deliveredChart(_ results: PlanResults) -> String {
    chart(results, title: "Hours delivered each week", yLabel: "Hours delivered") { $0.hoursDelivered }
  }

  /// Small multiples: one small chart per town of a weekly measure, every scenario on each,
  /// with the legend once below.
  public static func townsChart(
    _ results: PlanResults, title: String, metric: @escaping (WeekMetrics) -> Double
  ) -> String {
    let areas = results.areaNames
    let columns = 3
    let cellW = 300.0
    let cellH = 210.0
    let rows = (areas.count + columns - 1) / columns
    let legendH = 24.0 * Double((results.scenarios.count + 1) / 2) + 10
    let width = cellW * Double(min(columns, max(1, areas.count)))
    let height = 34 + cellH * Double(rows) + legendH
    func f(_ v: Double) -> String { String(format: "%.1f", v) }
    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
      viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12" role="img" \
      aria-label="\(xml(title))">
      <title>\(xml(title))</title>
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(f(width / 2))" y="22" text-anchor="middle" font-size="16" font-weight="bold">\(xml(title))</text>

      """
    for (i, area) in areas.enumerated() {
      let inner = chart(
        results, title: area, yLabel: "", area: area, width: cellW, height: cellH, legend: false, metric: metric)
      // Nest each small chart as its own SVG, placed in the grid.
      let body = inner.replacingOccurrences(of: "<svg xmlns=\"http://www.w3.org/2000/svg\" ", with: "<svg ")
      svg += "<g transform=\"translate(\(f(cellW * Double(i % columns))) \(f(34 + cellH * Double(i / columns))))\">"
      svg += body + "</g>\n"
    }
    let legendTop = 34 + cellH * Double(rows) + 16
    for (i, s) in results.scenarios.enumerated() {
      let color = palette[i % palette.count]
      let dash = dashes[i % dashes.count]
      let lx = 20 + Double(i % 2) * (width / 2)
      let ly = legendTop + 24 * Double(i / 2)
      svg +=
        "<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 34))\" y2=\"\(f(ly - 4))\" stroke=\"\(color)\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
      svg += marker(i, x: lx + 17, y: ly - 4, color: color)
      svg += "<text x=\"\(f(lx + 42))\" y=\"\(f(ly))\">\(xml(s.scenario.name))</text>\n"
    }
    svg += "</svg>\n"
    return svg
  }

  /// The measures a sweep chart shows.
  static let sweepMeasures = ["hours_delivered", "backlog_hours_end", "completions", "waiting_days_median"]

  /// A sweep: each measure against the setting, the mean with its 95% confidence interval as an
  /// error bar, one small chart per measure.
  public static func sweepChart(_ sweep: Sweep, replications: Int) -> String {
    let metrics = sweepMeasures.compactMap { name in RunSummary.metrics.first { $0.name == name } }
    let cellW = 380.0
    let cellH = 260.0
    let columns = 2
    let width = cellW * Double(columns)
    let rows = (metrics.count + columns - 1) / columns
    let height = 60 + cellH * Double(rows)
    let numeric = sweep.points.allSatisfy { $0.scenario.sweep?.value != nil }
    let xs: [Double] = sweep.points.enumerated().map { i, s in
      numeric ? s.scenario.sweep?.value ?? Double(i) : Double(i)
    }
    let xMin = xs.min() ?? 0
    let xMax = xs.max() ?? 1
    func f(_ v: Double) -> String { String(format: "%.1f", v) }
    let title = "\(sweep.name): measures against \(sweep.label)"
    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
      viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="11" role="img" \
      aria-label="\(xml(title))">
      <title>\(xml(title))</title>
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(f(width / 2))" y="22" text-anchor="middle" font-size="15" font-weight="bold">\(xml(title))</text>
      <text x="\(f(width / 2))" y="40" text-anchor="middle" fill="#555">\
      \(replications > 1 ? "mean of \(plural(replications, "replication")); bars: 95% confidence interval of the mean" : "one replication: no interval")</text>

      """
    for (mi, metric) in metrics.enumerated() {
      let ox = cellW * Double(mi % columns)
      let oy = 50 + cellH * Double(mi / columns)
      let left = ox + 64
      let plotW = cellW - 64 - 20
      let top = oy + 28
      let plotH = cellH - 28 - 50
      let spreads = sweep.points.map { Spread($0.values(metric)) }
      let highs = spreads.map { $0.mean + ($0.halfWidth95 ?? 0) }
      let lows = spreads.map { $0.mean - ($0.halfWidth95 ?? 0) }
      let yMax = max(1e-9, highs.max() ?? 1)
      let yMin = min(0, lows.min() ?? 0)
      let ticks = niceTicks(max: yMax - yMin).map { $0 + yMin }
      let yTop = ticks.last ?? yMax
      func x(_ v: Double) -> Double { left + (xMax == xMin ? plotW / 2 : plotW * (v - xMin) / (xMax - xMin)) }
      func y(_ v: Double) -> Double { top + plotH * (1 - (v - yMin) / max(1e-9, yTop - yMin)) }
      svg += "<text x=\"\(f(ox + cellW / 2))\" y=\"\(f(oy + 18))\" text-anchor=\"middle\" font-weight=\"bold\">"
      svg += "\(xml(metric.label))</text>\n"
      for t in ticks {
        svg +=
          "<line x1=\"\(f(left))\" y1=\"\(f(y(t)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(t)))\" stroke=\"#e4e4e4\"/>"
        svg += "<text x=\"\(f(left - 5))\" y=\"\(f(y(t) + 4))\" text-anchor=\"end\">\(axisNumber(t))</text>\n"
      }
      svg +=
        "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>\n"
      for (i, s) in sweep.points.enumerated() {
        let px = x(xs[i])
        svg += "<text x=\"\(f(px))\" y=\"\(f(top + plotH + 15))\" text-anchor=\"middle\">"
        svg += "\(xml(s.scenario.sweep?.display ?? ""))</text>\n"
      }
      svg += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(top + plotH + 33))\" text-anchor=\"middle\">"
      svg += "\(xml(sweep.label))</text>\n"
      let line = spreads.enumerated().map { "\(f(x(xs[$0]))),\(f(y($1.mean)))" }.joined(separator: " ")
      svg += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"\(palette[0])\" stroke-width=\"2\"/>\n"
      for (i, sp) in spreads.enumerated() {
        let px = x(xs[i])
        if let h = sp.halfWidth95, h > 0 {
          svg +=
            "<line x1=\"\(f(px))\" y1=\"\(f(y(sp.mean - h)))\" x2=\"\(f(px))\" y2=\"\(f(y(sp.mean + h)))\" stroke=\"#333\"/>"
          svg +=
            "<line x1=\"\(f(px - 4))\" y1=\"\(f(y(sp.mean - h)))\" x2=\"\(f(px + 4))\" y2=\"\(f(y(sp.mean - h)))\" stroke=\"#333\"/>"
          svg +=
            "<line x1=\"\(f(px - 4))\" y1=\"\(f(y(sp.mean + h)))\" x2=\"\(f(px + 4))\" y2=\"\(f(y(sp.mean + h)))\" stroke=\"#333\"/>"
        }
        svg += "<g><title>\(xml(sweep.points[i].scenario.name)): \(show(sp.mean, metric.format))</title>"
        svg += marker(0, x: px, y: y(sp.mean), color: palette[0]) + "</g>\n"
      }
    }
    svg += "</svg>\n"
    return svg
  }

  // MARK: HTML

  /// One page with the tables and the charts inline: opens in a browser with no network.
  public static func html(_ results: PlanResults) -> String {
    let o = results.options
    let metrics = RunSummary.shown(costs: results.hasCosts)
    var h = """
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Payback capacity plan</title>
      <style>
      body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #222; }
      table { border-collapse: collapse; margin: 1rem 0; }
      th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; }
      th { background: #f3f3f3; text-align: left; }
      .spread, .noise { color: #666; font-size: 0.9em; }
      .noise { font-style: italic; }
      figure { margin: 1.5rem 0; }
      svg { max-width: 100%; height: auto; }
      .note { color: #555; }
      </style>
      </head>
      <body>
      <h1>Payback capacity plan</h1>
      <p>\(plural(o.weeks, "week")) from \(results.weekStart), \(plural(o.replications, "replication")) per scenario, \
      seed \(o.seed). \
      Every scenario runs with the same random draws (common random numbers), so the differences come from \
      what the scenarios change. \
      \(o.replications > 1 ? "Figures are the mean over replications with the standard deviation (± sd); each difference from the baseline is paired replication by replication, with its 95% confidence interval." : "One replication: figures have no spread and differences no interval; run more replications before quoting them.")</p>

      """
    h += "<h2>Scenarios</h2>\n<table>\n<tr><th>Scenario</th><th>File</th><th>Description</th></tr>\n"
    for s in results.scenarios {
      h +=
        "<tr><td>\(xml(s.scenario.name))</td><td>\(xml(URL(fileURLWithPath: s.scenario.source).lastPathComponent))</td>"
      h += "<td>\(xml(s.scenario.description))"
      for n in s.notes { h += "<br><span class=\"note\">Note: \(xml(n))</span>" }
      h += "</td></tr>\n"
    }
    h += "</table>\n<h2>Summary over the run</h2>\n<table>\n<tr><th>Measure</th>"
    for s in results.scenarios { h += "<th>\(xml(s.scenario.name))</th>" }
    h += "</tr>\n"
    for metric in metrics {
      h += "<tr><th>\(xml(metric.label))</th>"
      for s in results.scenarios {
        if metric.isCost && s.scenario.costs.isEmpty {
          h += "<td class=\"num\">-</td>"
          continue
        }
        let v = Spread(s.values(metric))
        h += "<td class=\"num\">\(show(v.mean, metric.format))"
        if v.count > 1 {
          h += " <span class=\"spread\">± \(metric.format == .share ? percent(v.sd) : show(v.sd, metric.format))</span>"
        }
        h += "</td>"
      }
      h += "</tr>\n"
    }
    h += "</table>\n"
    if let base = results.baseline, results.scenarios.count > 1 {
      h += "<h2>Difference from \(xml(base.scenario.name))</h2>\n"
      h +=
        "<p class=\"note\">Each scenario's figure minus the baseline's, replication by replication (the same draws), "
      h +=
        o.replications > 1
        ? "as the mean and its 95% confidence interval. <i>Within the noise</i>: the interval contains 0, so the difference could be luck.</p>\n"
        : "from one replication: no interval.</p>\n"
      h += "<table>\n<tr><th>Measure</th>"
      for s in results.scenarios.dropFirst() { h += "<th>\(xml(s.scenario.name))</th>" }
      h += "</tr>\n"
      for metric in metrics {
        h += "<tr><th>\(xml(metric.label))</th>"
        for s in results.scenarios.dropFirst() {
          if metric.isCost && (s.scenario.costs.isEmpty || base.scenario.costs.isEmpty) {
            h += "<td class=\"num\">-</td>"
            continue
          }
          let d = difference(s, from: base, metric)
          h += "<td class=\"num\">\(xml(differenceCell(d, metric.format, words: false)))"
          if d.isZero {
            h += " <span class=\"noise\">no difference</span>"
          } else if d.withinNoise {
            h += " <span class=\"noise\">within the noise</span>"
          }
          h += "</td>"
        }
        h += "</tr>\n"
      }
      h += "</table>\n"
      if results.hasCosts { h += incrementalCosts(results, base: base) }
    }
    h += "<figure>\n\(backlogChart(results))</figure>\n<figure>\n\(deliveredChart(results))</figure>\n"
    for sweep in sweeps(results) {
      h += "<h2>Sweep: \(xml(sweep.name))</h2>\n<figure>\n\(sweepChart(sweep, replications: o.replications))</figure>\n"
    }
    if results.areaNames.count > 1 {
      h += "<h2>By town</h2>\n"
      h += "<p class=\"note\">Hours by the project's town; backlog and orders by the person's (their first area).</p>\n"
      h +=
        "<figure>\n\(townsChart(results, title: "Hours delivered each week, by town") { $0.hoursDelivered })</figure>\n"
      h +=
        "<figure>\n\(townsChart(results, title: "Backlog at the end of each week, by town") { $0.backlog })</figure>\n"
      h += "<table>\n<tr><th>Town</th><th>Measure</th>"
      for s in results.scenarios { h += "<th>\(xml(s.scenario.name))</th>" }
      h += "</tr>\n"
      let townMetrics = metrics.filter {
        ["hours_delivered", "group_hours", "backlog_hours_end", "completions", "waiting_days_median"].contains($0.name)
      }
      for area in results.areaNames {
        for (k, metric) in townMetrics.enumerated() {
          h += "<tr>" + (k == 0 ? "<th rowspan=\"\(townMetrics.count)\">\(xml(area))</th>" : "")
          h += "<td>\(xml(metric.label))</td>"
          for s in results.scenarios {
            h += "<td class=\"num\">\(cell(Spread(s.values(metric, area: area)), metric.format))</td>"
          }
          h += "</tr>\n"
        }
      }
      h += "</table>\n"
    }
    h += "<h2>Week by week (means)</h2>\n"
    let weekly: [(String, (WeekMetrics) -> Double, Bool)] = [
      ("Hours delivered", { $0.hoursDelivered }, false), ("Backlog (hours)", { $0.backlog }, false),
      ("Completions", { Double($0.completions) }, false), ("Orders expired", { Double($0.expired) }, false),
      ("Hours lost", { $0.hoursLost }, false), ("Orders breached", { Double($0.ordersBreached) }, false),
      ("Waiting >7 days", { Double($0.waitingOver7Days) }, false),
      ("Supervisor use", { $0.supervisorUtilisation }, true),
      ("Sessions lost to bank holidays", { Double($0.holidaySessions) }, false),
    ]
    for s in results.scenarios {
      h += "<details><summary>\(xml(s.scenario.name))</summary>\n<table>\n<tr><th>Week starting</th>"
      for (label, _, _) in weekly { h += "<th>\(xml(label))</th>" }
      h += "</tr>\n"
      let columns = weekly.map { s.weekly($0.1) }
      for w in 0..<(columns.first?.count ?? 0) {
        h += "<tr><td class=\"num\">\(results.weekStart.adding(days: 7 * w))</td>"
        for (c, column) in columns.enumerated() {
          h += "<td class=\"num\">\(weekly[c].2 ? percent(column[w].mean) : number(column[w].mean))</td>"
        }
        h += "</tr>\n"
      }
      h += "</table>\n</details>\n"
    }
    h += """
      <h2>What the measures mean</h2>
      <ul>
      <li><b>Hours delivered</b>: hours credited for work done (attended sessions, capped by what was owed and the ETE allowance); <b>group hours</b> those at group projects.</li>
      <li><b>Hours earned off</b>: hours taken off orders by earned reduction (when the law has it).</li>
      <li><b>Backlog</b>: hours still owed on open orders at the end of the week.</li>
      <li><b>Orders expired / hours lost</b>: orders that passed their last day with hours outstanding, and those hours.</li>
      <li><b>Orders breached</b>: orders with a further enforceable failure within 12 months of a warning, each counted once; <b>breach events</b> count every breach. The court then continues the order, adds hours or revokes it (the shares are the scenario's <code>enforcement.court</code>).</li>
      <li><b>Days to first session</b>: from sentence to the first session the person attended (a booked session they missed does not count); those still waiting count with their wait so far. <b>Waited over 7 days</b>: the share of those orders whose wait was over 7 days.</li>
      <li><b>Supervisor use</b>: supervisor-sessions at group projects rostered over those the supervisors could have run.</li>
      <li><b>Cost</b> (with unit costs): supervisor-sessions, van-days (group sessions run), projects opened and placement hours at their unit costs; per hour delivered and per order completed.</li>
      </ul>
      <p class="note">Raw figures: results.csv (every scenario, replication, week and town), summary.csv, differences.csv\(sweeps(results).isEmpty ? "" : " and sweep.csv").</p>
      </body>
      </html>

      """
    return h
  }

  /// What each scenario's extra hours cost: the difference in cost over the difference in hours
  /// delivered (means), when the hours differ beyond the noise.
  static func incrementalCosts(_ results: PlanResults, base: ScenarioResult) -> String {
    guard let cost = RunSummary.metrics.first(where: { $0.name == "cost" }),
      let hours = RunSummary.metrics.first(where: { $0.name == "hours_delivered" }),
      let done = RunSummary.metrics.first(where: { $0.name == "completions" })
    else { return "" }
    var h = "<table>\n<tr><th>Scenario</th><th>Extra cost</th><th>Extra hours delivered</th>"
    h += "<th>Cost per extra hour</th><th>Cost per extra order completed</th></tr>\n"
    for s in results.scenarios.dropFirst() where !s.scenario.costs.isEmpty && !base.scenario.costs.isEmpty {
      let dc = difference(s, from: base, cost)
      let dh = difference(s, from: base, hours)
      let dn = difference(s, from: base, done)
      func per(_ d: PairedDifference) -> String {
        d.withinNoise || d.mean <= 0 ? "-" : show(dc.mean / d.mean, .money)
      }
      h += "<tr><td>\(xml(s.scenario.name))</td><td class=\"num\">\(xml(differenceCell(dc, .money, words: false)))</td>"
      h += "<td class=\"num\">\(xml(differenceCell(dh, .hours, words: false)))</td>"
      h += "<td class=\"num\">\(per(dh))</td><td class=\"num\">\(per(dn))</td></tr>\n"
    }
    return h + "</table>\n"
  }

  /// Checks, without writing anything, that `directory` can take the report: an existing folder
  /// that can be written to, or a path whose nearest existing parent is one.
  ///
  /// - Throws: ``InputError`` naming `--report`.
  public static func checkFolder(_ directory: String) throws {
    let fm = FileManager.default
    func fail(_ message: String) -> InputError { InputError(source: "--report", path: "", message: message) }
    var isFolder: ObjCBool = false
    if fm.fileExists(atPath: directory, isDirectory: &isFolder) {
      guard isFolder.boolValue else { throw fail("\(directory) is a file, not a folder") }
      guard fm.isWritableFile(atPath: directory) else { throw fail("cannot write to the folder \(directory)") }
      return
    }
    var parent = URL(fileURLWithPath: directory).standardizedFileURL
    while true {
      parent = parent.deletingLastPathComponent()
      if fm.fileExists(atPath: parent.path, isDirectory: &isFolder) { break }
      if parent.path == "/" { break }
    }
    guard isFolder.boolValue else {
      throw fail("cannot create \(directory): \(parent.path) is a file, not a folder")
    }
    guard fm.isWritableFile(atPath: parent.path) else {
      throw fail("cannot create \(directory): cannot write to \(parent.path)")
    }
  }

  /// The files of a report, by name.
  public static func files(_ results: PlanResults) -> [(name: String, text: String)] {
    var files: [(name: String, text: String)] = [
      ("results.csv", resultsCSV(results)), ("summary.csv", summaryCSV(results)),
      ("differences.csv", differencesCSV(results)),
      ("backlog.svg", backlogChart(results)), ("delivered.svg", deliveredChart(results)),
    ]
    if results.areaNames.count > 1 {
      files.append(
        ("towns.svg", townsChart(results, title: "Hours delivered each week, by town") { $0.hoursDelivered }))
    }
    let sweeps = sweeps(results)
    if !sweeps.isEmpty {
      files.append(("sweep.csv", sweepCSV(results)))
      for (i, s) in sweeps.enumerated() {
        files.append(("sweep-\(i + 1).svg", sweepChart(s, replications: results.options.replications)))
      }
    }
    files.append(("index.html", html(results)))
    return files
  }

  /// Writes the report's files (``files(_:)``: the CSV files, the SVG charts and index.html)
  /// into `directory`. Each file is written whole or not at all.
  public static func write(_ results: PlanResults, to directory: String) throws {
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw InputError(source: directory, path: "", message: "cannot create the folder (\(error.localizedDescription))")
    }
    let folder = URL(fileURLWithPath: directory)
    for (name, text) in files(results) { try writeAtomically(text, to: folder.appendingPathComponent(name).path) }
  }
}
