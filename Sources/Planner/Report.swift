import Foundation
import PaybackCore

/// Turns plan results into a terminal table, CSV files, SVG charts and one self-contained HTML page.
public enum PlanReport {
  // MARK: Terminal

  /// A table of the run-level figures: one row per metric, one column per scenario, mean ± sd.
  public static func table(_ results: PlanResults) -> String {
    let scenarios = results.scenarios
    let summaries = scenarios.map(\.summary)
    var rows: [[String]] = [[""] + scenarios.map(\.scenario.name)]
    for (mi, metric) in RunSummary.metrics.enumerated() {
      rows.append(
        [metric.label]
          + summaries.map { s in
            let v = s[mi].spread
            return metric.name.hasPrefix("supervisor_utilisation")
              ? "\(percent(v.mean)) ± \(percent(v.sd))" : "\(number(v.mean)) ± \(number(v.sd))"
          })
    }
    var table = TextTable(rows[0], alignments: [.left] + scenarios.map { _ in .right })
    table.rows = Array(rows.dropFirst())
    var lines = [table.render()]
    let o = results.options
    lines.append("")
    lines.append(
      "\(plural(o.weeks, "week")) from \(results.weekStart), \(plural(o.replications, "replication")), seed \(o.seed); "
        + "mean ± standard deviation over replications; \(String(format: "%.1f", results.seconds)) s.")
    return lines.joined(separator: "\n")
  }

  static func plural(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }

  static func number(_ v: Double) -> String {
    if abs(v) >= 100 { return String(format: "%.0f", v) }
    if abs(v) >= 10 { return String(format: "%.1f", v) }
    return String(format: "%.2f", v)
  }

  static func percent(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }

  // MARK: CSV

  /// Every scenario, replication and week: `scenario,replication,week,week_start,<metrics>`.
  public static func resultsCSV(_ results: PlanResults) -> String {
    var out = "scenario,replication,week,week_start," + WeekMetrics.columns.map(\.name).joined(separator: ",") + "\n"
    for s in results.scenarios {
      for (r, weeks) in s.replications.enumerated() {
        for (w, m) in weeks.enumerated() {
          let start = results.weekStart.adding(days: 7 * w)
          out += "\(csv(s.scenario.name)),\(r + 1),\(w + 1),\(start),"
          out += WeekMetrics.columns.map { csvNumber($0.value(m)) }.joined(separator: ",") + "\n"
        }
      }
    }
    return out
  }

  /// The run-level figures: `scenario,metric,mean,sd,min,max,replications`.
  public static func summaryCSV(_ results: PlanResults) -> String {
    var out = "scenario,metric,mean,sd,min,max,replications\n"
    for s in results.scenarios {
      for m in s.summary {
        let v = m.spread
        out += "\(csv(s.scenario.name)),\(m.name),\(csvNumber(v.mean)),\(csvNumber(v.sd)),"
        out += "\(csvNumber(v.min)),\(csvNumber(v.max)),\(s.replications.count)\n"
      }
    }
    return out
  }

  static func csv(_ text: String) -> String {
    text.contains(where: { ",\"\n\r".contains($0) })
      ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }

  static func csvNumber(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(format: "%.6g", v)
  }

  // MARK: Charts

  /// Colours that stay apart for the colour-blind (Okabe-Ito).
  static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

  /// A line chart of one weekly metric, every scenario on the same axes: the line is the mean
  /// over replications, the shaded band runs from the lowest to the highest replication.
  public static func chart(
    _ results: PlanResults, title: String, yLabel: String, metric: (WeekMetrics) -> Double
  ) -> String {
    let series = results.scenarios.map { ($0.scenario.name, $0.weekly(metric)) }
    let width = 820.0
    let height = 440.0
    let left = 78.0
    let right = 20.0
    let top = 44.0
    let bottom = 64.0 + 20.0 * Double((series.count + 1) / 2)
    let plotW = width - left - right
    let plotH = height - top - 64
    let weeks = series.map(\.1.count).max() ?? 0
    let yMax = max(1e-9, series.flatMap { $0.1.map(\.max) }.max() ?? 1)
    let ticks = niceTicks(max: yMax)
    let yTop = ticks.last ?? yMax
    func x(_ w: Int) -> Double { left + (weeks <= 1 ? plotW / 2 : plotW * Double(w) / Double(weeks - 1)) }
    func y(_ v: Double) -> Double { top + plotH * (1 - v / yTop) }
    func f(_ v: Double) -> String { String(format: "%.1f", v) }

    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height - 64 + bottom))" \
      viewBox="0 0 \(Int(width)) \(Int(height - 64 + bottom))" font-family="sans-serif" font-size="12" role="img" \
      aria-label="\(xml(title))">
      <title>\(xml(title))</title>
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(f(width / 2))" y="22" text-anchor="middle" font-size="16" font-weight="bold">\(xml(title))</text>

      """
    // Grid and y axis.
    for t in ticks {
      svg +=
        "<line x1=\"\(f(left))\" y1=\"\(f(y(t)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(t)))\" stroke=\"#e4e4e4\"/>\n"
      svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(t) + 4))\" text-anchor=\"end\">\(axisNumber(t))</text>\n"
    }
    svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>\n"
    svg +=
      "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>\n"
    // X ticks: about ten labels.
    let step = max(1, Int((Double(weeks) / 10).rounded(.up)))
    for w in stride(from: 0, to: weeks, by: step) {
      svg +=
        "<line x1=\"\(f(x(w)))\" y1=\"\(f(top + plotH))\" x2=\"\(f(x(w)))\" y2=\"\(f(top + plotH + 5))\" stroke=\"#333\"/>\n"
      svg += "<text x=\"\(f(x(w)))\" y=\"\(f(top + plotH + 19))\" text-anchor=\"middle\">\(w + 1)</text>\n"
    }
    svg += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(top + plotH + 40))\" text-anchor=\"middle\">Week</text>\n"
    svg +=
      "<text transform=\"translate(16 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(xml(yLabel))</text>\n"
    // Bands first, so that every line stays visible above them.
    for (i, (_, points)) in series.enumerated() where points.count > 1 {
      let color = palette[i % palette.count]
      let upper = points.enumerated().map { "\(f(x($0))),\(f(y($1.max)))" }
      let lower = points.enumerated().reversed().map { "\(f(x($0))),\(f(y($1.min)))" }
      svg +=
        "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.15\" stroke=\"none\"/>\n"
    }
    for (i, (name, points)) in series.enumerated() where !points.isEmpty {
      let color = palette[i % palette.count]
      let dash = i >= palette.count ? " stroke-dasharray=\"6 3\"" : ""
      let line = points.enumerated().map { "\(f(x($0))),\(f(y($1.mean)))" }.joined(separator: " ")
      // Earlier scenarios are drawn wider, so a line that coincides with a later one still shows
      // as a border around it.
      let width = 2.0 + 2.0 * Double(series.count - 1 - i)
      svg += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(f(width))\""
      svg += " stroke-linejoin=\"round\"\(dash)>"
      svg += "<title>\(xml(name))</title></polyline>\n"
    }
    // Legend below the axis title, two to a row.
    let legendTop = top + plotH + 58
    for (i, (name, _)) in series.enumerated() {
      let color = palette[i % palette.count]
      let lx = left + Double(i % 2) * (plotW / 2)
      let ly = legendTop + 20 * Double(i / 2)
      svg +=
        "<rect x=\"\(f(lx))\" y=\"\(f(ly - 9))\" width=\"22\" height=\"10\" fill=\"\(color)\" fill-opacity=\"0.25\"/>"
      svg +=
        "<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 22))\" y2=\"\(f(ly - 4))\" stroke=\"\(color)\" stroke-width=\"2.2\"/>"
      svg += "<text x=\"\(f(lx + 28))\" y=\"\(f(ly))\">\(xml(name))</text>\n"
    }
    svg += "<text x=\"\(f(left + plotW))\" y=\"\(f(top - 8))\" text-anchor=\"end\" fill=\"#555\">"
    svg += "line: mean of \(plural(results.options.replications, "replication")); band: lowest to highest</text>\n"
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
    if abs(v) >= 10_000 { return String(format: "%.0fk", v / 1000) }
    return v == v.rounded() ? String(Int(v)) : String(format: "%.2g", v)
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

  // MARK: HTML

  /// One page with the tables and both charts inline: opens in a browser with no network.
  public static func html(_ results: PlanResults) -> String {
    let o = results.options
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
      .spread { color: #666; font-size: 0.9em; }
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
      what the scenarios change. Figures are the mean over replications, with the standard deviation \
      (± sd) and, in the CSV, the lowest and highest replication.</p>

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
    let summaries = results.scenarios.map(\.summary)
    for (mi, metric) in RunSummary.metrics.enumerated() {
      h += "<tr><th>\(xml(metric.label))</th>"
      for s in summaries {
        let v = s[mi].spread
        let pct = metric.name.hasPrefix("supervisor_utilisation")
        h += "<td class=\"num\">\(pct ? percent(v.mean) : number(v.mean)) "
        h += "<span class=\"spread\">± \(pct ? percent(v.sd) : number(v.sd))</span></td>"
      }
      h += "</tr>\n"
    }
    h += "</table>\n"
    h += "<figure>\n\(backlogChart(results))</figure>\n<figure>\n\(deliveredChart(results))</figure>\n"
    h += "<h2>Week by week (means)</h2>\n"
    let weekly: [(String, (WeekMetrics) -> Double, Bool)] = [
      ("Hours delivered", { $0.hoursDelivered }, false), ("Backlog (hours)", { $0.backlog }, false),
      ("Completions", { Double($0.completions) }, false), ("Orders expired", { Double($0.expired) }, false),
      ("Hours lost", { $0.hoursLost }, false), ("Breaches", { Double($0.breaches) }, false),
      ("Waiting >7 days", { Double($0.waitingOver7Days) }, false),
      ("Supervisor use", { $0.supervisorUtilisation }, true),
    ]
    for s in results.scenarios {
      h += "<details><summary>\(xml(s.scenario.name))</summary>\n<table>\n<tr><th>Week</th>"
      for (label, _, _) in weekly { h += "<th>\(xml(label))</th>" }
      h += "</tr>\n"
      let columns = weekly.map { s.weekly($0.1) }
      for w in 0..<(columns.first?.count ?? 0) {
        h += "<tr><td class=\"num\">\(w + 1)</td>"
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
      <li><b>Hours delivered</b>: hours credited for work done (attended sessions, capped by what was owed and the ETE allowance).</li>
      <li><b>Hours earned off</b>: hours taken off orders by earned reduction (when the law has it).</li>
      <li><b>Backlog</b>: hours still owed on open orders at the end of the week.</li>
      <li><b>Orders expired / hours lost</b>: orders that passed their last day with hours outstanding, and those hours.</li>
      <li><b>Breaches</b>: a further enforceable failure within 12 months of a warning.</li>
      <li><b>Waiting &gt;7 days</b>: people sentenced more than 7 days ago who have had no session yet.</li>
      <li><b>Supervisor use</b>: supervisor-sessions rostered over those the supervisors could have run.</li>
      </ul>
      <p class="note">Raw figures: results.csv (every scenario, replication and week) and summary.csv.</p>
      </body>
      </html>

      """
    return h
  }

  /// Writes results.csv, summary.csv, backlog.svg, delivered.svg and index.html into `directory`.
  /// Each file is written whole or not at all.
  public static func write(_ results: PlanResults, to directory: String) throws {
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw InputError(source: directory, path: "", message: "cannot create the folder (\(error.localizedDescription))")
    }
    let files: [(String, String)] = [
      ("results.csv", resultsCSV(results)), ("summary.csv", summaryCSV(results)),
      ("backlog.svg", backlogChart(results)), ("delivered.svg", deliveredChart(results)),
      ("index.html", html(results)),
    ]
    let folder = URL(fileURLWithPath: directory)
    for (name, text) in files { try writeAtomically(text, to: folder.appendingPathComponent(name).path) }
  }
}
