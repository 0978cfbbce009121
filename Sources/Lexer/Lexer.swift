import Diagnostics

/// Turns a `SourceFile` into tokens. Never fails: malformed text becomes a diagnostic plus a token the
/// parser can step over (a string without its closing quote is still a `.string`, a bad number is a
/// `.number` with value NaN, a stray character is `.invalid`).
///
///     let (tokens, diagnostics) = Lexer.tokenize(SourceFile(path: "a.nns", text: "print 1..3"))
public enum Lexer {
  /// All tokens of `file`, the last one `.eof`, and a diagnostic for each lexical error.
  /// Runs of blank lines and comments yield a single `.newline`; none is emitted at the start of the file.
  public static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
    var scanner = Scanner(file: file)
    scanner.run()
    return (scanner.tokens, scanner.diagnostics)
  }
}

private struct Scanner {
  let file: SourceFile
  let bytes: [UInt8]
  var pos = 0
  var tokens: [Token] = []
  var diagnostics: [Diagnostic] = []

  init(file: SourceFile) {
    self.file = file
    self.bytes = file.bytes
  }

  mutating func run() {
    while pos < bytes.count {
      let before = pos
      scanOne()
      precondition(pos > before, "lexer made no progress")
    }
    emit(.eof, from: bytes.count)
  }

  func peek(_ ahead: Int = 0) -> UInt8? {
    pos + ahead < bytes.count ? bytes[pos + ahead] : nil
  }

  /// The last offset located, with its line and column: tokens come in order, so most locations are
  /// found by counting forward over ASCII instead of re-decoding the line (quadratic on long lines).
  var located = (offset: 0, line: 1, column: 1)

  mutating func span(_ start: Int, _ end: Int) -> SourceSpan {
    let (line, column) = location(of: start)
    return SourceSpan(file: file.path, start: start, end: end, line: line, column: column)
  }

  /// Agrees with `SourceFile.location(of:)`; falls back to it whenever non-ASCII text is involved,
  /// since characters there may span several bytes or merge into one.
  mutating func location(of offset: Int) -> (line: Int, column: Int) {
    let from = located.offset
    var fast = from <= offset && (from == 0 || bytes[from - 1] < 0x80)
    var line = located.line
    var column = located.column
    if fast {
      for b in bytes[from..<offset] {
        if b >= 0x80 {
          fast = false
          break
        }
        if b == UInt8(ascii: "\n") {
          line += 1
          column = 1
        } else {
          column += 1
        }
      }
    }
    if !fast, from <= offset, !joins(at: from) {
      // Non-ASCII since the last token: count the characters of just that stretch (decoding each
      // line's prefix again made long lines of such text quadratic).
      let stretch = bytes[from..<offset]
      if let newline = stretch.lastIndex(of: UInt8(ascii: "\n")) {
        line = located.line + stretch.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        column = 1 + String(decoding: bytes[(newline + 1)..<offset], as: UTF8.self).count
      } else {
        line = located.line
        column = located.column + String(decoding: stretch, as: UTF8.self).count
      }
      fast = true
    }
    if !fast { (line, column) = file.location(of: offset) }
    located = (offset, line, column)
    return (line, column)
  }

  /// Whether the characters on either side of `offset` merge into one (a combining mark after a
  /// letter, `\r\n`, an emoji sequence): then counting from `offset` would miscount the column.
  func joins(at offset: Int) -> Bool {
    guard offset > 0, offset < bytes.count else { return false }
    var lo = max(0, offset - 32)
    while lo < offset, bytes[lo] & 0xC0 == 0x80 { lo += 1 }
    var hi = min(bytes.count, offset + 32)
    while hi > offset, hi < bytes.count, bytes[hi] & 0xC0 == 0x80 { hi -= 1 }
    let before = String(decoding: bytes[lo..<offset], as: UTF8.self)
    let after = String(decoding: bytes[offset..<hi], as: UTF8.self)
    return (before + after).count != before.count + after.count
  }

  func text(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }

  mutating func emit(_ kind: TokenKind, from start: Int, number: Double? = nil, string: String? = nil) {
    tokens.append(
      Token(kind: kind, text: text(start, pos), span: span(start, pos), number: number, string: string))
  }

  mutating func error(_ entry: Catalogue, _ start: Int, _ end: Int, fixIt: String? = nil) {
    diagnostics.append(.error(entry, at: span(start, end), fixIt: fixIt))
  }

  mutating func scanOne() {
    let start = pos
    let c = bytes[pos]
    switch c {
    case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
      pos += 1
    case UInt8(ascii: "\n"):
      pos += 1
      if let last = tokens.last, last.kind != .newline { emit(.newline, from: start) }
    case UInt8(ascii: "#"):
      while let b = peek(), b != UInt8(ascii: "\n") { pos += 1 }
    case UInt8(ascii: "\""):
      scanString()
    case UInt8(ascii: "'"):
      scanSingleQuoted()
    case _ where isDigit(c):
      scanNumber()
    case _ where isIdentifierStart(c):
      while let b = peek(), isIdentifierContinue(b) { pos += 1 }
      emit(TokenKind.reservedWords[text(start, pos)] ?? .identifier, from: start)
    default:
      if let kind = scanPunctuation(c) {
        emit(kind, from: start)
      } else {
        scanStray()
      }
    }
  }

  /// Operators and delimiters, longest match first (`..` before `.`, `<=` before `<`).
  mutating func scanPunctuation(_ c: UInt8) -> TokenKind? {
    let next = peek(1)
    let two: TokenKind? =
      switch (c, next) {
      case (UInt8(ascii: "."), UInt8(ascii: ".")): .dotDot
      case (UInt8(ascii: "="), UInt8(ascii: "=")): .equalEqual
      case (UInt8(ascii: "!"), UInt8(ascii: "=")): .bangEqual
      case (UInt8(ascii: "<"), UInt8(ascii: "=")): .lessEqual
      case (UInt8(ascii: ">"), UInt8(ascii: "=")): .greaterEqual
      default: nil
      }
    if let two {
      pos += 2
      return two
    }
    let one: TokenKind? =
      switch c {
      case UInt8(ascii: ";"): .semicolon
      case UInt8(ascii: "("): .leftParen
      case UInt8(ascii: ")"): .rightParen
      case UInt8(ascii: "["): .leftBracket
      case UInt8(ascii: "]"): .rightBracket
      case UInt8(ascii: "{"): .leftBrace
      case UInt8(ascii: "}"): .rightBrace
      case UInt8(ascii: "+"): .plus
      case UInt8(ascii: "-"): .minus
      case UInt8(ascii: "*"): .star
      case UInt8(ascii: "/"): .slash
      case UInt8(ascii: "^"): .caret
      case UInt8(ascii: "<"): .less
      case UInt8(ascii: ">"): .greater
      case UInt8(ascii: "="): .equal
      case UInt8(ascii: ":"): .colon
      case UInt8(ascii: ","): .comma
      case UInt8(ascii: "."): .dot
      default: nil
      }
    if one != nil { pos += 1 }
    return one
  }

  /// A run of characters that start no token becomes one `.invalid` token and one diagnostic.
  mutating func scanStray() {
    let start = pos
    var count = 0
    repeat {
      pos += utf8Length(bytes[pos])
      pos = min(pos, bytes.count)
      count += 1
    } while pos < bytes.count && isStray(bytes[pos])
    let shown = text(start, pos).unicodeScalars.map(describe).joined()
    var fix: String? = nil
    if bytes[start] == UInt8(ascii: "!") { fix = "use 'not' for negation and '!=' for inequality" }
    error(.unexpectedCharacters(shown, count: count), start, pos, fixIt: fix)
    emit(.invalid, from: start)
  }

  func isStray(_ b: UInt8) -> Bool {
    if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n") {
      return false
    }
    if b == UInt8(ascii: "#") || b == UInt8(ascii: "\"") || isDigit(b) || isIdentifierStart(b) { return false }
    return !"()[]{};+-*/^<>=:,.".utf8.contains(b)
  }

  /// `\u{0}` for control characters and the replacement character (what invalid UTF-8 decodes to).
  func describe(_ u: Unicode.Scalar) -> String {
    if u.value < 0x20 || u.value == 0x7F || u.value == 0xFFFD { return "\\u{\(String(u.value, radix: 16))}" }
    return String(u)
  }

  /// `"…"` on one line, escapes `\" \\ \n \t`. An unterminated string is reported at its opening quote.
  mutating func scanString() {
    let start = pos
    pos += 1
    var value: [UInt8] = []
    while true {
      guard let b = peek(), b != UInt8(ascii: "\n") else {
        error(.unterminatedString, start, start + 1, fixIt: "add a closing '\"'")
        break
      }
      pos += 1
      if b == UInt8(ascii: "\"") { break }
      if b != UInt8(ascii: "\\") {
        value.append(b)
        continue
      }
      guard let e = peek(), e != UInt8(ascii: "\n") else { continue }
      pos += 1
      switch e {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): value.append(e)
      case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
      case UInt8(ascii: "t"): value.append(UInt8(ascii: "\t"))
      default:
        let end = min(bytes.count, pos - 1 + utf8Length(e))
        error(.unknownEscape(text(pos - 1, end)), pos - 2, end, fixIt: "use \\\" \\\\ \\n or \\t")
        value.append(contentsOf: bytes[(pos - 1)..<end])
        pos = end
      }
    }
    emit(.string, from: start, string: String(decoding: value, as: UTF8.self))
  }

  /// `'…'` is a common slip: one diagnostic and a `.string` token, so the parser carries on.
  mutating func scanSingleQuoted() {
    let start = pos
    pos += 1
    while let b = peek(), b != UInt8(ascii: "\n"), b != UInt8(ascii: "'") { pos += 1 }
    let inner = text(start + 1, pos)
    if peek() == UInt8(ascii: "'") { pos += 1 }
    error(.singleQuotedString, start, pos, fixIt: "write \(quoted(inner))")
    emit(.string, from: start, string: inner)
  }

  /// Integers, decimals and exponents. `1..3` is `1`, `..`, `3`. Malformed literals (`1e`, `1.2.3`,
  /// `12abc`) are one `.number` token with value NaN and a diagnostic.
  mutating func scanNumber() {
    let start = pos
    var bad = false
    skipDigits()
    if peek() == UInt8(ascii: "."), let d = peek(1), isDigit(d) {
      pos += 1
      skipDigits()
      while peek() == UInt8(ascii: "."), let d = peek(1), isDigit(d) {
        bad = true
        pos += 1
        skipDigits()
      }
    }
    if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
      pos += 1
      if let s = peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { pos += 1 }
      if let d = peek(), isDigit(d) { skipDigits() } else { bad = true }
    }
    if let c = peek(), isIdentifierContinue(c) {
      bad = true
      while let c = peek(), isIdentifierContinue(c) || c == UInt8(ascii: ".") && peek(1).map(isDigit) == true {
        pos += 1
      }
    }
    let literal = text(start, pos)
    if bad {
      error(.invalidNumber(literal), start, pos)
      emit(.number, from: start, number: .nan)
      return
    }
    let value = Double(literal) ?? .nan
    if !value.isFinite {
      error(.numberTooLarge(literal), start, pos)
    }
    emit(.number, from: start, number: value)
  }

  mutating func skipDigits() {
    while let b = peek(), isDigit(b) { pos += 1 }
  }
}

private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

private func isIdentifierStart(_ b: UInt8) -> Bool {
  (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    || b == UInt8(ascii: "_")
}

private func isIdentifierContinue(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }

/// The length of the UTF-8 sequence a lead byte starts (1 for stray continuation bytes).
private func utf8Length(_ lead: UInt8) -> Int {
  switch lead {
  case 0xF0...0xF7: 4
  case 0xE0...0xEF: 3
  case 0xC0...0xDF: 2
  default: 1
  }
}
