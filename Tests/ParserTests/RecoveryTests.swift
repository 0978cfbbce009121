import Diagnostics
import Lexer
import Testing

@testable import Parser

@Suite struct RecoveryTests {
  @Test func incompleteInputAsksForMore() {
    #expect(parse("net a {").isIncomplete)
    #expect(parse("print (1 +").isIncomplete)
    #expect(parse("print 1 +").isIncomplete)
    #expect(parse("print 1 +\n").isIncomplete)
    #expect(parse("print [1,\n 2,").isIncomplete)
    #expect(parse("sweep w in [1] {\n print w").isIncomplete)
    #expect(parse("let x =").isIncomplete)
  }

  @Test func completeOrWrongInputIsNotIncomplete() {
    #expect(!parse("print )").isIncomplete)
    #expect(!parse("print 1").isIncomplete)
    #expect(!parse("print 1 +\nprint 2").isIncomplete)
    #expect(!parse("net a { }").isIncomplete)
    #expect(!parse("print \"abc").isIncomplete)
  }

  @Test func oneRunReportsEveryError() {
    let text = """
      seed
      let x = (1 +
      print x
      let y = 2 @ 3
      print ok
      """
    let result = parse(text)
    #expect(result.diagnostics.count == 3, "\(result.diagnostics)")
    #expect(result.diagnostics[0].message == "expected expression, found end of line")
    #expect(result.diagnostics[1].message == "expected expression, found end of line")
    #expect(result.diagnostics[2].message == "unexpected character '@'")
    // `print x` after the unclosed paren survives; so do `let y = 2` before the stray character and `print ok`.
    #expect(result.program.statements.count == 3)
    guard case .print = result.program.statements.last else {
      Issue.record("last print lost")
      return
    }
  }

  @Test func anUnclosedBracketStopsAtTheNextStatement() {
    let result = parse("print f(a,\n  b\nnet m { input 1 }\nprint [1,\n  train, test]")
    #expect(result.diagnostics.map(\.message) == ["expected ')' to close '(' at line 1, found end of line"])
    #expect(result.program.statements.count == 2)
  }

  @Test func diagnosticsAreInSourceOrder() {
    let result = parse("let a = 1e\nprint )\nlet b = \"x")
    #expect(result.diagnostics.map(\.span.line) == [1, 2, 3])
  }
}
