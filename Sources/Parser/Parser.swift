import Diagnostics
import Lexer

/// What `Parser.parse` returns: the program (with every statement that parsed), all lexical and syntax
/// diagnostics in source order, and whether the text simply stopped too early.
public struct ParseResult: Sendable {
  public var program: Program
  public var diagnostics: [Diagnostic]
  /// True when the input ended while a `{`, `(` or `[` was open or in the middle of a statement: the
  /// REPL then asks for another line instead of reporting the error.
  public var isIncomplete: Bool

  public init(program: Program, diagnostics: [Diagnostic], isIncomplete: Bool) {
    self.program = program
    self.diagnostics = diagnostics
    self.isIncomplete = isIncomplete
  }
}

/// Recursive-descent parser for the grammar in `grammar.md`; one function per grammar rule.
///
///     let result = Parser.parse(SourceFile(path: "a.nns", text: "let w = 8\nprint w * 2"))
///     // result.program.statements.count == 2, result.diagnostics.isEmpty
public enum Parser {
  /// Parses a whole file. Never traps: every syntax error becomes a diagnostic, and parsing resumes at
  /// the next statement (or net/train line) so one run reports every error.
  public static func parse(_ file: SourceFile) -> ParseResult {
    let (tokens, lexical) = Lexer.tokenize(file)
    let core = ParserCore(tokens: tokens)
    let program = core.program()
    let diagnostics = (lexical + core.diagnostics).enumerated().sorted { a, b in
      a.element.span.start != b.element.span.start
        ? a.element.span.start < b.element.span.start : a.offset < b.offset
    }.map(\.element)
    return ParseResult(program: program, diagnostics: diagnostics, isIncomplete: core.isIncomplete)
  }
}

/// Thrown after a syntax error has been recorded, to unwind to the nearest recovery point.
struct ParseAbort: Error {}

/// The parser's state: the token stream, the cursor and what it has reported. Grammar rules live in
/// extensions by area (`Statements.swift`, `NetBlocks.swift`, `TrainBlocks.swift`, `Expressions.swift`).
final class ParserCore {
  /// How deep expressions and blocks may nest before the parser refuses (keeps the stack bounded).
  static let maxDepth = 100
  /// How deep an expression tree may grow, counting every bracket level and every operator, call,
  /// member or index of a chain (`1 + 1 + … + 1` is as deep as it is long). The checker, evaluator
  /// and dumps walk trees recursively, so this one limit bounds their stacks and their time.
  public static let maxExpressionDepth = 256

  let tokens: [Token]
  var pos = 0
  var diagnostics: [Diagnostic] = []
  var isIncomplete = false
  /// The last token consumed; node spans end at it.
  var previous: Token
  /// Greater than zero inside `(…)` and `[…]`, where newlines do not end anything.
  var newlinesIgnored = 0
  var depth = 0
  /// Tree levels open around the cursor: `depth`'s levels plus the operators of chains being parsed.
  var height = 0
  /// Index of the token the last error was reported at, so recovery does not report it twice.
  var lastErrorAt = -1

  init(tokens: [Token]) {
    self.tokens = tokens
    self.previous = tokens[0]
  }

  // MARK: - Cursor

  /// The current token; inside brackets newlines are stepped over, unless the next line starts a
  /// statement: then an unclosed `(` or `[` is reported at the end of its line and the next statement
  /// still parses.
  func peek() -> Token {
    if newlinesIgnored > 0 {
      while tokens[pos].kind == .newline && !startsStatement(at: pos + 1) { pos += 1 }
    }
    return tokens[pos]
  }

  /// Whether the token at `index` begins a statement other than an expression: a statement word, where
  /// `data`, `net` and `train` count only when a name follows (otherwise they are plain identifiers).
  func startsStatement(at index: Int) -> Bool {
    guard index + 1 < tokens.count, tokens[index].kind == .identifier else { return false }
    let word = tokens[index].text
    if Keywords.declarations.contains(word) { return tokens[index + 1].kind == .identifier }
    return Keywords.statements.contains(word)
  }

  /// The token after the current one (raw, for two-token decisions like `label:`).
  func peekSecond() -> Token {
    _ = peek()
    return tokens[min(pos + 1, tokens.count - 1)]
  }

  func check(_ kind: TokenKind) -> Bool { peek().kind == kind }

  /// Whether the current token is the identifier `word` (contextual words such as `over`, `to`, `in`).
  func checkWord(_ word: String) -> Bool {
    let t = peek()
    return t.kind == .identifier && t.text == word
  }

  @discardableResult
  func advance() -> Token {
    let t = peek()
    if t.kind != .eof { pos += 1 }
    previous = t
    return t
  }

  func match(_ kind: TokenKind) -> Token? { check(kind) ? advance() : nil }

  /// Consumes a token of `kind` or reports `expected <what>`; `opener` adds "to close '(' at line N".
  @discardableResult
  func expect(_ kind: TokenKind, _ what: String, opener: Token? = nil) throws(ParseAbort) -> Token {
    if let t = match(kind) { return t }
    throw fail(expected: what, opener: opener)
  }

  func expectWord(_ word: String, _ context: String) throws(ParseAbort) {
    guard checkWord(word) else { throw fail(expected: "'\(word)' \(context)") }
    advance()
  }

  func expectName(_ what: String) throws(ParseAbort) -> Identifier {
    guard check(.identifier) else { throw fail(expected: what) }
    let t = advance()
    return Identifier(t.text, span: t.span)
  }

  /// The span from `start` to the end of the last consumed token.
  func span(from start: SourceSpan) -> SourceSpan { start.to(previous.span) }

  // MARK: - Errors and recovery

  /// Records `expected <what>, found <token>` at the current token and returns the abort to throw.
  func fail(expected what: String, opener: Token? = nil) -> ParseAbort {
    let found = peek()
    var notes: [Diagnostic.Note] = []
    if let opener { notes.append(.init(span: opener.span, message: "'\(opener.text)' opened here")) }
    let entry = Catalogue.expected(
      what, opener: opener?.text, line: opener?.span.line ?? 0, found: found.kind == .eof ? nil : found.described)
    report(entry, at: found, notes: notes)
    return ParseAbort()
  }

  /// Where to point for `token`: itself, or for the end of file the spot just after the last real token
  /// (so "found end of file" points at the line that stopped, not at an empty line after it).
  func location(of token: Token) -> SourceSpan {
    guard token.kind == .eof else { return token.span }
    guard let last = tokens.last(where: { $0.kind != .newline && $0.kind != .eof }) else { return token.span }
    return SourceSpan(
      file: last.span.file, start: last.span.end, end: last.span.end, line: last.span.line,
      column: last.span.column + last.text.count)
  }

  /// Records an error at `token` unless the lexer already did (`.invalid`) or it was just reported.
  func report(_ entry: Catalogue, at token: Token, notes: [Diagnostic.Note] = [], fixIt: String? = nil) {
    if endsInput(token) { isIncomplete = true }
    if token.kind == .invalid || lastErrorAt == pos { return }
    lastErrorAt = pos
    diagnostics.append(
      Diagnostic(entry, at: location(of: token), notes: notes, fixIt: fixIt))
  }

  /// An error that leaves the parse on track (chained comparison, named-before-positional).
  func warnInPlace(_ entry: Catalogue, at span: SourceSpan, notes: [Diagnostic.Note] = [], fixIt: String? = nil) {
    diagnostics.append(Diagnostic(entry, at: span, notes: notes, fixIt: fixIt))
  }

  /// End of file, or the final newline before it: the text stopped rather than went wrong.
  private func endsInput(_ token: Token) -> Bool {
    token.kind == .eof || (token.kind == .newline && tokens[min(pos + 1, tokens.count - 1)].kind == .eof)
  }

  /// Panic-mode recovery: skip to just after the next newline or `;` at this block level (skipping
  /// whole `{…}` blocks on the way), or stop before the `}` that closes the enclosing block.
  func synchronize() {
    newlinesIgnored = 0
    var braces = 0
    while true {
      switch tokens[pos].kind {
      case .eof: return
      case .newline where braces == 0, .semicolon where braces == 0:
        pos += 1
        return
      case .leftBrace: braces += 1
      case .rightBrace:
        if braces == 0 { return }
        braces -= 1
      default: break
      }
      pos += 1
    }
  }

  /// Skips statement separators (newlines and `;`).
  func skipSeparators() {
    while tokens[pos].kind == .newline || tokens[pos].kind == .semicolon { pos += 1 }
  }

  /// A statement or line ends at a newline, `;`, a closing `}` or the end of the file.
  func endOfLine(_ what: String) throws(ParseAbort) {
    switch peek().kind {
    case .newline, .semicolon: advance()
    case .rightBrace, .eof: break
    default: throw fail(expected: "end of line or ';' after \(what)")
    }
  }

  /// Every parser loop calls this with the cursor from the top of its iteration: it must have moved.
  func ensureProgress(since before: Int) {
    assert(pos > before || tokens[pos].kind == .eof, "parser made no progress at token \(pos)")
    if pos == before && tokens[pos].kind != .eof { pos += 1 }
  }

  /// Counts one level of nesting; past `maxDepth` reports and aborts instead of growing the stack.
  /// Pair with `defer { depth -= 1; height -= 1 }`.
  func enter(_ what: String = "expression") throws(ParseAbort) {
    guard depth < Self.maxDepth else {
      report(.nestedTooDeeply(what, limit: Self.maxDepth), at: peek())
      throw ParseAbort()
    }
    try grow()
    depth += 1
  }

  /// Counts one more level of expression tree (an operator, call, member or index in a chain); past
  /// `maxExpressionDepth` reports at the operator (`at`, by default the token just consumed) and
  /// aborts. Pair with `defer { height -= n }` for the levels the chain added.
  func grow(at token: Token? = nil) throws(ParseAbort) {
    guard height < Self.maxExpressionDepth else {
      report(
        .expressionTooDeep(limit: Self.maxExpressionDepth), at: token ?? previous,
        fixIt: "split it into steps with 'let', or use sum(...) over a list")
      throw ParseAbort()
    }
    height += 1
  }
}

/// Foundation also declares a type named `Expression`; a file importing both modules can write
/// `Parser.Expression` (the module name itself is shadowed by the `Parser` enum).
public typealias ASTExpression = Expression

extension Parser {
  public typealias Expression = ASTExpression
}
