/// Renders diagnostics as `path:line:col: error: message`, the source line, a caret line under the
/// span, notes and the suggestion. Colour only when asked (the CLI asks when stderr is a terminal).
///
/// Output stays proportional to the number of diagnostics shown, never to the input: at most
/// `errorLimit` errors are rendered (then one line says how many more there were), a source line is
/// shown as a window of about `lineWindow` characters around the caret, and control characters in
/// source lines and messages are escaped (`\u{1b}`), so a terminal never receives raw escapes.
public struct DiagnosticRenderer: Sendable {
  /// The default number of errors shown, as clang's `-ferror-limit` (0 means no limit).
  public static let defaultErrorLimit = 20
  /// Characters of a source line shown before the caret, and in all.
  public static let windowBefore = 40
  public static let lineWindow = 100
  /// Messages longer than this many characters are shortened in the middle.
  public static let maxMessageLength = 400

  public var sources: [String: SourceFile]
  public var color: Bool
  /// At most this many errors are rendered; nil or 0 renders all.
  public var errorLimit: Int?
  /// Said after the count of errors not shown (how to see them).
  public var limitHint: String

  public init(
    sources: [SourceFile], color: Bool = false, errorLimit: Int? = nil,
    limitHint: String = "use --error-limit N to see more, 0 for all"
  ) {
    var map: [String: SourceFile] = [:]
    for s in sources { map[s.path] = s }
    self.sources = map
    self.color = color
    self.errorLimit = errorLimit
    self.limitHint = limitHint
  }

  /// Renders all diagnostics in source order, errors of a file together, up to the error limit.
  public func render(_ diagnostics: [Diagnostic]) -> String {
    let sorted = diagnostics.enumerated().sorted { a, b in
      let (x, y) = (a.element.span, b.element.span)
      if x.file != y.file { return a.offset < b.offset }
      if x.start != y.start { return x.start < y.start }
      return a.offset < b.offset
    }.map(\.element)
    let limit = errorLimit ?? 0
    var out = ""
    var shown = 0
    var hidden = 0
    for d in sorted {
      if limit > 0 && shown >= limit {
        if d.severity == .error { hidden += 1 }
        continue
      }
      out += render(d)
      if d.severity == .error { shown += 1 }
    }
    if hidden > 0 {
      let noun = hidden == 1 ? "error" : "errors"
      out += "nns: note: \(hidden) more \(noun) not shown (stopped after \(limit))"
      out += limitHint.isEmpty ? "\n" : "; \(limitHint)\n"
    }
    return out
  }

  public func render(_ d: Diagnostic) -> String {
    var out = ""
    let label = d.severity.rawValue
    let coloredLabel =
      color ? paint(label + ":", d.severity == .error ? "31" : d.severity == .warning ? "35" : "36") : label + ":"
    let message = Self.clean(d.message)
    if d.span.line > 0 {
      out += "\(d.span.file):\(d.span.line):\(d.span.column): \(coloredLabel) \(message)\n"
      out += excerpt(d.span)
    } else {
      out += "nns: \(coloredLabel) \(message)\n"
    }
    for note in d.notes {
      if let s = note.span, s.line > 0 {
        out += "\(s.file):\(s.line):\(s.column): note: \(Self.clean(note.message))\n"
        out += excerpt(s)
      } else {
        out += "note: \(Self.clean(note.message))\n"
      }
    }
    if let fix = d.fixIt { out += "  = help: \(Self.clean(fix))\n" }
    return out
  }

  /// A message with control characters escaped, shortened in the middle when very long.
  static func clean(_ message: String) -> String {
    var text = message
    if text.count > maxMessageLength {
      let omitted = text.count - 300
      text = "\(text.prefix(200))… (\(omitted) characters) …\(text.suffix(100))"
    }
    return text.unicodeScalars.contains(where: isControl) ? text.map(escape).joined() : text
  }

  /// The source line around the span: bytes from `windowBefore` characters before the span's start to
  /// `lineWindow` characters in all, `…` where the line goes on, and a caret line that lines up.
  private func excerpt(_ span: SourceSpan) -> String {
    guard let file = sources[span.file], span.line >= 1, span.line <= file.lineStarts.count else { return "" }
    let bytes = file.bytes
    let lineStart = file.lineStarts[span.line - 1]
    var lineEnd = span.line < file.lineStarts.count ? file.lineStarts[span.line] - 1 : bytes.count
    if lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
    let caretAt = max(lineStart, min(span.start, lineEnd))
    // At most 4 bytes a character: these byte bounds hold the character window.
    var from = max(lineStart, caretAt - 4 * Self.windowBefore)
    while from < caretAt, bytes[from] & 0xC0 == 0x80 { from += 1 }
    var to = min(lineEnd, caretAt + 4 * Self.lineWindow)
    while to > caretAt, to < lineEnd, bytes[to] & 0xC0 == 0x80 { to -= 1 }
    var before = Array(String(decoding: bytes[from..<caretAt], as: UTF8.self))
    var after = Array(String(decoding: bytes[caretAt..<to], as: UTF8.self))
    var leftCut = from > lineStart
    if before.count > Self.windowBefore {
      before.removeFirst(before.count - Self.windowBefore)
      leftCut = true
    }
    let room = Self.lineWindow - before.count
    var rightCut = to < lineEnd
    if after.count > room {
      after.removeLast(after.count - room)
      rightCut = true
    }
    let spanEnd = max(caretAt, min(span.end, lineEnd))
    let spanChars = String(decoding: bytes[caretAt..<spanEnd], as: UTF8.self).count
    let shownBefore = before.map(Self.escape)
    let shownAfter = after.map(Self.escape)
    let lead = leftCut ? "…" : ""
    let text = lead + shownBefore.joined() + shownAfter.joined() + (rightCut ? "…" : "")
    // Tabs in the prefix are kept so the caret lines up; an escape takes its printed width.
    let pad =
      String(repeating: " ", count: lead.count)
      + shownBefore.map { $0 == "\t" ? "\t" : String(repeating: " ", count: $0.count) }.joined()
    let width = max(1, shownAfter.prefix(spanChars).map(\.count).reduce(0, +))
    var caret = "^" + String(repeating: "~", count: width - 1)
    if color { caret = paint(caret, "32") }
    return "  \(text)\n  \(pad)\(caret)\n"
  }

  private static func isControl(_ u: Unicode.Scalar) -> Bool {
    (u.value < 0x20 && u != "\t") || (0x7F...0x9F).contains(u.value)
  }

  /// A character as shown: control characters (ESC included) as `\u{1b}`, the rest as is.
  private static func escape(_ c: Character) -> String {
    guard c.unicodeScalars.contains(where: isControl) else { return String(c) }
    return c.unicodeScalars.map { isControl($0) ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
  }

  private func paint(_ s: String, _ code: String) -> String { "\u{1B}[1;\(code)m\(s)\u{1B}[0m" }
}
