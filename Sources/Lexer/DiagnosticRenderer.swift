/// Renders diagnostics as `path:line:col: error: message`, the source line, a caret line under the
/// span, notes and the suggestion. Colour only when asked (the CLI asks when stderr is a terminal).
public struct DiagnosticRenderer: Sendable {
  public var sources: [String: SourceFile]
  public var color: Bool

  public init(sources: [SourceFile], color: Bool = false) {
    var map: [String: SourceFile] = [:]
    for s in sources { map[s.path] = s }
    self.sources = map
    self.color = color
  }

  /// Renders all diagnostics in source order, errors of a file together.
  public func render(_ diagnostics: [Diagnostic]) -> String {
    let sorted = diagnostics.enumerated().sorted { a, b in
      let (x, y) = (a.element.span, b.element.span)
      if x.file != y.file { return a.offset < b.offset }
      if x.start != y.start { return x.start < y.start }
      return a.offset < b.offset
    }.map(\.element)
    return sorted.map(render).joined()
  }

  public func render(_ d: Diagnostic) -> String {
    var out = ""
    let label = d.severity.rawValue
    let coloredLabel =
      color ? paint(label + ":", d.severity == .error ? "31" : d.severity == .warning ? "35" : "36") : label + ":"
    if d.span.line > 0 {
      out += "\(d.span.file):\(d.span.line):\(d.span.column): \(coloredLabel) \(d.message)\n"
      out += excerpt(d.span)
    } else {
      out += "nns: \(coloredLabel) \(d.message)\n"
    }
    for note in d.notes {
      if let s = note.span, s.line > 0 {
        out += "\(s.file):\(s.line):\(s.column): note: \(note.message)\n"
        out += excerpt(s)
      } else {
        out += "note: \(note.message)\n"
      }
    }
    if let fix = d.fixIt { out += "  = help: \(fix)\n" }
    return out
  }

  private func excerpt(_ span: SourceSpan) -> String {
    guard let file = sources[span.file] else { return "" }
    let line = file.lineText(span.line)
    // Columns count characters; tabs in the prefix are kept so the caret lines up.
    let prefix = Array(line.prefix(max(0, span.column - 1)))
    let pad = String(prefix.map { $0 == "\t" ? "\t" : " " })
    let spanText = file.text(of: span)
    let firstLine = spanText.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
    let width = max(1, min(firstLine.count, max(1, line.count - prefix.count)))
    var caret = "^" + String(repeating: "~", count: width - 1)
    if color { caret = paint(caret, "32") }
    return "  \(line)\n  \(pad)\(caret)\n"
  }

  private func paint(_ s: String, _ code: String) -> String { "\u{1B}[1;\(code)m\(s)\u{1B}[0m" }
}
