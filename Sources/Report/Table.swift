import Foundation

/// One entry of a ``Table``.
public enum Cell: Equatable, Sendable {
  case number(Double)
  case integer(Int)
  case text(String)
  /// The merge of several runs: shown as `0.812 ± 0.031` (a single run shows the plain number).
  case meanStd(mean: Double, std: Double, count: Int)
  case empty

  /// Numbers (and mean ± std) are right-aligned; text is left-aligned.
  package var isNumeric: Bool {
    switch self {
    case .number, .integer, .meanStd: return true
    case .text, .empty: return false
    }
  }

  /// The cell as people read it in a table.
  public var rendered: String {
    switch self {
    case .number(let x): return Table.format(x)
    case .integer(let n): return String(n)
    case .text(let s): return s
    case .meanStd(let mean, let std, let count): return Table.formatMeanStd(mean: mean, std: std, count: count)
    case .empty: return ""
    }
  }
}

/// A titled table of cells: what `print` shows, what a sweep merges, what `save … as csv` writes.
///
///     let t = Table(columns: ["width", "lmax"], rows: [[.integer(16), .number(3.14159)]])
///     print(t.render())
///     // width   lmax
///     // -----  -----
///     //    16  3.142
public struct Table: Equatable, Sendable {
  public var columns: [String]
  public var rows: [[Cell]]
  public var title: String?
  /// A line under the rows (a merged sweep says which columns are means over how many runs).
  public var note: String?

  public init(columns: [String], rows: [[Cell]] = [], title: String? = nil, note: String? = nil) {
    self.columns = columns
    self.rows = rows
    self.title = title
    self.note = note
  }

  /// Rows padded (with `.empty`) or cut to the number of columns, so ragged input renders.
  package var normalizedRows: [[Cell]] {
    rows.map { row in
      row.count >= columns.count
        ? Array(row.prefix(columns.count)) : row + Array(repeating: .empty, count: columns.count - row.count)
    }
  }

  /// A column is right-aligned when every non-empty cell in it is numeric (and it has one).
  package var rightAligned: [Bool] {
    let body = normalizedRows
    return columns.indices.map { c in
      let cells = body.map { $0[c] }.filter { $0 != .empty }
      return !cells.isEmpty && cells.allSatisfy(\.isNumeric)
    }
  }

  /// An aligned plain-text table: optional title line, header, a rule of dashes, then the rows;
  /// columns separated by two spaces, numbers right-aligned, text left-aligned, no trailing spaces.
  public func render() -> String {
    let body = normalizedRows.map { $0.map { $0.rendered.replacingNewlines } }
    let header = columns.map(\.replacingNewlines)
    let align = rightAligned
    let widths = header.indices.map { c in
      max(header[c].count, body.map { $0[c].count }.max() ?? 0)
    }
    func line(_ cells: [String]) -> String {
      let padded = cells.indices.map { c in
        let pad = String(repeating: " ", count: widths[c] - cells[c].count)
        return align[c] ? pad + cells[c] : cells[c] + pad
      }
      return String(padded.joined(separator: "  ").trimmingTrailingSpaces)
    }
    var lines: [String] = []
    if let title { lines.append(title) }
    lines.append(line(header))
    lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    lines += body.map(line)
    if let note { lines.append(note.replacingNewlines) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A GitHub pipe table (title, if any, as a bold line above it); `|` in cells is escaped.
  public func renderMarkdown() -> String {
    func escape(_ s: String) -> String {
      s.replacingNewlines.replacingOccurrences(of: "|", with: "\\|")
    }
    var lines: [String] = []
    if let title { lines += ["**\(escape(title))**", ""] }
    guard !columns.isEmpty else { return lines.joined(separator: "\n") + "\n" }
    lines.append("| " + columns.map(escape).joined(separator: " | ") + " |")
    lines.append("|" + rightAligned.map { $0 ? " --: " : " --- " }.joined(separator: "|") + "|")
    for row in normalizedRows {
      lines.append("| " + row.map { escape($0.rendered) }.joined(separator: " | ") + " |")
    }
    if let note { lines += ["", "*\(escape(note))*"] }
    return lines.joined(separator: "\n") + "\n"
  }

  /// RFC 4180 CSV (CRLF line ends, fields with `,` `"` CR or LF quoted, quotes doubled).
  ///
  /// Numbers are written exactly (Swift's shortest round-trip form), not rounded for reading.
  /// A column holding any mean ± std becomes two columns, `name` (the mean) and `name_std`.
  /// The title is not written (CSV has no place for it).
  public func renderCSV() -> String {
    let body = normalizedRows
    let split = columns.indices.map { c in
      body.contains { if case .meanStd = $0[c] { return true } else { return false } }
    }
    var header: [String] = []
    for (c, name) in columns.enumerated() {
      header.append(name)
      if split[c] { header.append(name + "_std") }
    }
    var lines = [header.map(Table.csvField).joined(separator: ",")]
    for row in body {
      var fields: [String] = []
      for (c, cell) in row.enumerated() {
        fields.append(Table.csvValue(cell))
        if split[c] {
          if case .meanStd(_, let std, _) = cell { fields.append(Table.exact(std)) } else { fields.append("") }
        }
      }
      lines.append(fields.map(Table.csvField).joined(separator: ","))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  package static func csvValue(_ cell: Cell) -> String {
    switch cell {
    case .number(let x): return exact(x)
    case .integer(let n): return String(n)
    case .text(let s): return s
    case .meanStd(let mean, _, _): return exact(mean)
    case .empty: return ""
    }
  }

  /// Shortest round-trip text of a Double (`0.1`, `1e-05`, `nan`, `inf`).
  package static func exact(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    return x.description
  }

  package static func csvField(_ field: String) -> String {
    let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
    guard needsQuotes else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

extension String {
  /// Newlines would break a table's alignment: show them as spaces.
  package var replacingNewlines: String {
    String(map { $0.isNewline ? " " : $0 })
  }

  package var trimmingTrailingSpaces: Substring {
    var s = Substring(self)
    while s.hasSuffix(" ") { s = s.dropLast() }
    return s
  }
}
