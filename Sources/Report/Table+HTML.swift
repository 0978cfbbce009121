extension Table {
  /// An HTML table for notebooks: the title as its caption (one line), a header row, numeric columns right-aligned
  /// (as in ``render()``); cells are escaped, so any text shows as typed.
  ///
  ///     Table(columns: ["n"], rows: [[.integer(3)]]).renderHTML()
  ///     // <table class="nns-table">\n<thead><tr><th style="text-align:right">n</th></tr></thead>\n…
  public func renderHTML() -> String {
    let align = rightAligned.map { $0 ? " style=\"text-align:right\"" : " style=\"text-align:left\"" }
    var lines = ["<table class=\"nns-table\">"]
    // A title often outgrows the table: one line, left-aligned, rather than a narrow centred column.
    if let title {
      lines.append("<caption style=\"text-align:left;white-space:nowrap\">\(Self.escapeHTML(title))</caption>")
    }
    let header = columns.indices.map { "<th\(align[$0])>\(Self.escapeHTML(columns[$0]))</th>" }
    lines.append("<thead><tr>" + header.joined() + "</tr></thead>")
    lines.append("<tbody>")
    for row in normalizedRows {
      lines.append(
        "<tr>" + row.indices.map { "<td\(align[$0])>\(Self.escapeHTML(row[$0].rendered))</td>" }.joined() + "</tr>")
    }
    lines.append("</tbody>")
    lines.append("</table>")
    return lines.joined(separator: "\n") + "\n"
  }

  /// `&`, `<`, `>` and `"` as entities.
  package static func escapeHTML(_ text: String) -> String {
    var out = ""
    for c in text {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(c)
      }
    }
    return out
  }
}
