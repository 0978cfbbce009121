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
    try enter("block")
    defer { depth -= 1 }
    var lines: [NetLine] = []
    while true {
      skipSeparators()
      let before = pos
      if match(.rightBrace) != nil { return lines }
      if check(.eof) { throw fail(expected: "'}'", opener: opener) }
      do {
        lines.append(try netLine())
        do { try endOfLine("a net line") } catch { synchronize() }
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
