import Diagnostics
import Lexer

// Rules `netStatement`, `netBlock` and `netLine` of grammar.md.
extension ParserCore {
  /// netStatement = "net" name ( "=" expression | [ "over" expression ] netBlock )
  func netStatement() throws(ParseAbort) -> Statement {
    let start = advance().span
    let name = try expectName("a net name after 'net'")
    if match(.equal) != nil {
      let value = try expression()
      return .netAssign(name, value, span: span(from: start))
    }
    var algebra: Expression? = nil
    if checkWord("over") {
      advance()
      algebra = try expression()
    }
    let what = algebra == nil ? "'{', 'over' or '=' after 'net \(name.name)'" : "'{' to start the net body"
    let opener = try expect(.leftBrace, what)
    let lines = try netBlock(opener: opener)
    return .net(NetDeclaration(name: name, algebra: algebra, lines: lines, span: span(from: start)))
  }

  /// netBlock = "{" { netLine separator } "}"   (the "{" already consumed as `opener`)
  func netBlock(opener: Token) throws(ParseAbort) -> [NetLine] {
    try blockLines(opener: opener, what: "a net line") { () throws(ParseAbort) in try netLine() }
  }

  /// The lines of a `{ … }` block up to its "}" (the "{" already consumed as `opener`): each line is
  /// parsed by `parseLine` and must end with a separator; an error skips to the next line, so one run
  /// reports every bad line of the block.
  func blockLines<Line>(opener: Token, what: String, _ parseLine: () throws(ParseAbort) -> Line) throws(ParseAbort)
    -> [Line]
  {
    try enter("block")
    defer {
      depth -= 1
      height -= 1
    }
    var lines: [Line] = []
    while true {
      skipSeparators()
      let before = pos
      if match(.rightBrace) != nil { return lines }
      if check(.eof) { throw fail(expected: "'}'", opener: opener) }
      do {
        lines.append(try parseLine())
        do { try endOfLine(what) } catch { synchronize() }
      } catch {
        synchronize()
      }
      ensureProgress(since: before)
    }
  }

  /// netLine = name [ argumentList ] [ netBlock ]
  func netLine() throws(ParseAbort) -> NetLine {
    let keyword = try expectName("a layer or option name")
    var arguments: [Argument] = []
    switch peek().kind {
    case .newline, .semicolon, .rightBrace, .leftBrace, .eof: break
    default: arguments = try argumentList()
    }
    var body: [NetLine]? = nil
    if let opener = match(.leftBrace) {
      body = try netBlock(opener: opener)
    }
    return NetLine(keyword: keyword, arguments: arguments, body: body, span: span(from: keyword.span))
  }
}
