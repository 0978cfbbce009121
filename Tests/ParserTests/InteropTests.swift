import Diagnostics
import Foundation
import Lexer
import Testing

@testable import Parser

@Suite struct InteropTests {
  /// With Foundation imported, `Expression` is ambiguous; `Parser.Expression` names the AST node.
  @Test func parserExpressionNamesTheASTNodeNextToFoundation() {
    let result = Parser.parse(SourceFile(path: "i.nns", text: "1 + 2"))
    guard case .expression(let e, _) = result.program.statements.first else {
      Issue.record("not an expression")
      return
    }
    let value: Parser.Expression = e
    guard case .binary(.add, _, _, let span) = value else {
      Issue.record("not an addition")
      return
    }
    #expect(span.start == 0 && span.end == 5)
  }
}
