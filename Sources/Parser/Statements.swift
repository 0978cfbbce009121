import Diagnostics
import Lexer

/// The statement words, for REPL completion and for deciding what a line is.
/// The words that start a statement, one case each. `statement()` switches over them without a
/// `default:`, so a new keyword does not compile until the parser knows what it starts.
public enum StatementKeyword: String, CaseIterable, Sendable {
  case seed
  case let_ = "let"
  case algebra, data, net, train, sweep, print, plot, save, assert
}

public enum Keywords {
  /// Words that start a statement: `seed let algebra data net train sweep print plot save assert`.
  public static let statements = StatementKeyword.allCases.map(\.rawValue)
  /// Statement words that are declarations only when a name follows (`net m {…}`); alone or before
  /// anything else they are identifiers, so variables may be called `train`, `test` or `data`.
  static let declarations: Set<String> = ["data", "net", "train"]
  /// Contextual words with a meaning at one place in the grammar (identifiers everywhere else).
  public static let contextual = ["over", "on", "to", "in", "when", "every", "stop"]
  /// Reserved operator words and literals.
  public static let reserved = ["and", "or", "not", "true", "false"]
  /// Everything above, for completion.
  public static let all = statements + contextual + reserved
}

// Rules `program`, `statement` and the statement forms of grammar.md.
extension ParserCore {
  /// program = { separator } { statement separator } EOF
  func program() -> Program {
    var statements: [Statement] = []
    while true {
      skipSeparators()
      let before = pos
      if check(.eof) { break }
      if check(.rightBrace) {
        report(.unmatchedCloseBrace, at: peek())
        advance()
      } else if let s = statementLine() {
        statements.append(s)
      }
      ensureProgress(since: before)
    }
    return Program(statements: statements)
  }

  /// A statement and the end of its line; on error, records it and skips to the next line.
  func statementLine() -> Statement? {
    do {
      let s = try statement()
      do { try endOfLine("statement") } catch { synchronize() }
      return s
    } catch {
      synchronize()
      return nil
    }
  }

  /// The statements of a `{ … }` block up to its `}` (consumed), for `sweep`.
  func statementBlock(opener: Token) throws(ParseAbort) -> [Statement] {
    try enter("block")
    defer {
      depth -= 1
      height -= 1
    }
    var statements: [Statement] = []
    while true {
      skipSeparators()
      let before = pos
      if match(.rightBrace) != nil { return statements }
      if check(.eof) { throw fail(expected: "'}'", opener: opener) }
      if let s = statementLine() { statements.append(s) }
      ensureProgress(since: before)
    }
  }

  /// statement = seedStatement | letStatement | algebraStatement | dataStatement | netStatement
  ///           | trainStatement | sweepStatement | printStatement | plotStatement | saveStatement
  ///           | assertStatement | expressionStatement
  func statement() throws(ParseAbort) -> Statement {
    let t = peek()
    if startsStatement(at: pos), let keyword = StatementKeyword(rawValue: t.text) {
      switch keyword {
      case .seed: return try seedStatement()
      case .let_: return try letStatement()
      case .algebra: return try algebraStatement()
      case .data: return try dataStatement()
      case .net: return try netStatement()
      case .train: return try trainStatement()
      case .sweep: return try sweepStatement()
      case .print: return try printStatement()
      case .plot: return try plotStatement()
      case .save: return try saveStatement()
      case .assert: return try assertStatement()
      }
    }
    return try expressionStatement()
  }

  /// seedStatement = "seed" expression
  func seedStatement() throws(ParseAbort) -> Statement {
    let start = advance().span
    let value = try expression()
    return .seed(value, span: span(from: start))
  }

  /// letStatement = "let" name "=" expression
  func letStatement() throws(ParseAbort) -> Statement {
    let start = advance().span
    let name = try expectName("a name after 'let'")
    try expect(.equal, "'=' after 'let \(name.name)'")
    let value = try expression()
    return .let_(name, value, span: span(from: start))
  }

  /// algebraStatement = "algebra" name "=" expression
  func algebraStatement() throws(ParseAbort) -> Statement {
    let start = advance().span
    let name = try expectName("a name after 'algebra'")
    try expect(.equal, "'=' after 'algebra \(name.name)'")
    let value = try expression()
    return .algebra(name, value, span: span(from: start))
  }

  /// dataStatement = "data" name { "," name } "=" expression
  func dataStatement() throws(ParseAbort) -> Statement {
    let start = advance().span
    var names = [try expectName("a name after 'data'")]
    while match(.comma) != nil {
      names.append(try expectName("a name after ','"))
    }
    try expect(.equal, "'=' after the data names")
    let value = try expression()
    return .data(names, value, span: span(from: start))
  }

  /// sweepStatement = "sweep" sweepVariable { "," sweepVariable } "{" { statement } "}"
  func sweepStatement() throws(ParseAbort) -> Statement {
    let start = advance().span
    var variables = [try sweepVariable()]
    while match(.comma) != nil {
      variables.append(try sweepVariable())
    }
    let opener = try expect(.leftBrace, "'{' to start the sweep body")
    let body = try statementBlock(opener: opener)
    return .sweep(variables, body, span: span(from: start))
  }

  /// sweepVariable = name "in" expression
  func sweepVariable() throws(ParseAbort) -> SweepVariable {
    let name = try expectName("a sweep variable name")
    try expectWord("in", "after the sweep variable '\(name.name)'")
    return SweepVariable(name: name, values: try expression())
  }

  /// printStatement = "print" argument { "," argument }
  func printStatement() throws(ParseAbort) -> Statement {
    let start = advance().span
    let arguments = try argumentList()
    return .print(arguments, span: span(from: start))
  }

  /// plotStatement = "plot" argument { "," argument } "to" expression
  func plotStatement() throws(ParseAbort) -> Statement {
    let start = advance().span
    let arguments = try argumentList()
    try expectWord("to", "and a file name after what to plot")
    let target = try expression()
    return .plot(arguments, to: target, span: span(from: start))
  }

  /// saveStatement = "save" expression "to" expression
  func saveStatement() throws(ParseAbort) -> Statement {
    let start = advance().span
    let value = try expression()
    try expectWord("to", "and a file name after what to save")
    let target = try expression()
    return .save(value, to: target, span: span(from: start))
  }

  /// assertStatement = "assert" expression [ "," expression ]
  func assertStatement() throws(ParseAbort) -> Statement {
    let start = advance().span
    let condition = try expression()
    let message = match(.comma) != nil ? try expression() : nil
    return .assert(condition, message: message, span: span(from: start))
  }

  /// expressionStatement = expression
  func expressionStatement() throws(ParseAbort) -> Statement {
    let value = try expression()
    return .expression(value, span: value.span)
  }

  /// argumentList = argument { "," argument }   (print, plot, net and train lines)
  func argumentList() throws(ParseAbort) -> [Argument] {
    var arguments = [try argument()]
    while match(.comma) != nil {
      arguments.append(try argument())
    }
    return arguments
  }

  /// argument = [ name ":" ] expression
  func argument() throws(ParseAbort) -> Argument {
    var label: Identifier? = nil
    if check(.identifier) && peekSecond().kind == .colon {
      let t = advance()
      label = Identifier(t.text, span: t.span)
      advance()
    }
    return Argument(label: label, value: try expression())
  }
}
