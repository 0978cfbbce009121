import Diagnostics
import Lexer

// Rules `trainStatement`, `trainBlock` and `trainLine` of grammar.md.
extension ParserCore {
  /// trainStatement = "train" name "on" expression trainBlock
  func trainStatement() throws(ParseAbort) -> Statement {
    let start = advance().span
    let net = try expectName("a net name after 'train'")
    try expectWord("on", "and the training data after 'train \(net.name)'")
    let data = try expression()
    let opener = try expect(.leftBrace, "'{' to start the train body")
    let lines = try trainBlock(opener: opener)
    return .train(TrainDeclaration(net: net, data: data, lines: lines, span: span(from: start)))
  }

  /// trainBlock = "{" { trainLine separator } "}"   (the "{" already consumed as `opener`)
  func trainBlock(opener: Token) throws(ParseAbort) -> [TrainLine] {
    try blockLines(opener: opener, what: "a train line") { () throws(ParseAbort) in try trainLine() }
  }

  /// trainLine = everyLine | stopLine | name [ argumentList ]
  func trainLine() throws(ParseAbort) -> TrainLine {
    if checkWord("every") { return try everyLine() }
    if checkWord("stop") && peekSecond().kind == .identifier && peekSecond().text == "when" {
      return try stopLine()
    }
    let keyword = try expectName("a training setting name")
    var arguments: [Argument] = []
    switch peek().kind {
    case .newline, .semicolon, .rightBrace, .eof: break
    default: arguments = try argumentList()
    }
    return .setting(keyword: keyword, arguments: arguments, span: span(from: keyword.span))
  }

  /// everyLine = "every" expression ":" argumentList
  func everyLine() throws(ParseAbort) -> TrainLine {
    let start = advance().span
    let interval = try expression()
    try expect(.colon, "':' after the interval of 'every'")
    let probes = try argumentList()
    return .every(interval: interval, probes: probes, span: span(from: start))
  }

  /// stopLine = "stop" "when" expression
  func stopLine() throws(ParseAbort) -> TrainLine {
    let start = advance().span
    advance()
    let condition = try expression()
    return .stopWhen(condition, span: span(from: start))
  }
}
