/// A plain text table with aligned columns, for terminals.
public struct TextTable: Sendable {
  public enum Alignment: Sendable { case left, right }

  public var headers: [String]
  public var alignments: [Alignment]
  public var rows: [[String]] = []

  public init(_ headers: [String], alignments: [Alignment]? = nil) {
    self.headers = headers
    self.alignments = alignments ?? headers.map { _ in .left }
  }

  public mutating func add(_ row: [String]) { rows.append(row) }

  /// The table, with a rule under the header.
  public func render(indent: String = "") -> String {
    var widths = headers.map(\.count)
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
    }
    func line(_ cells: [String]) -> String {
      let padded = cells.enumerated().map { i, cell -> String in
        let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
        if i == cells.count - 1, alignments[i] == .left { return cell }
        return alignments[i] == .right ? pad + cell : cell + pad
      }
      return indent + padded.joined(separator: "  ")
    }
    var out = [line(headers), indent + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
    out += rows.map(line)
    return out.joined(separator: "\n")
  }

  /// Labelled values, one a line, the values aligned after the widest label (no header).
  public static func pairs(_ rows: [(String, String)], indent: String = "") -> String {
    let width = rows.map(\.0.count).max() ?? 0
    return rows.map { indent + $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1 }
      .joined(separator: "\n")
  }
}

/// Hours for people to read: `7`, `6.5`, `3.25`.
public func formatHours(_ h: Double) -> String {
  let r = (h * 100).rounded() / 100
  return r == r.rounded() ? String(Int(r)) : String(r)
}
