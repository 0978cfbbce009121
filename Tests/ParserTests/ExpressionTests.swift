import Diagnostics
import Lexer
import Testing

@testable import Parser

@Suite struct ExpressionTests {
  @Test func literals() {
    #expect(expr("42") == "42")
    #expect(expr("2.5e-1") == "0.25")
    #expect(expr(#""a\tb""#) == #""a\tb""#)
    #expect(expr("true") == "true")
    #expect(expr("false") == "false")
    #expect(expr("width") == "width")
  }

  @Test func arithmeticPrecedence() {
    #expect(expr("1 + 2 * 3") == "(+ 1 (* 2 3))")
    #expect(expr("1 - 2 - 3") == "(- (- 1 2) 3)")
    #expect(expr("8 / 4 / 2") == "(/ (/ 8 4) 2)")
    #expect(expr("(1 + 2) * 3") == "(* (+ 1 2) 3)")
  }

  @Test func powerIsRightAssociativeAndBindsTighterThanUnaryMinus() {
    #expect(expr("2 ^ 3 ^ 2") == "(^ 2 (^ 3 2))")
    #expect(expr("-2^2") == "(neg (^ 2 2))")
    #expect(expr("2^-1") == "(^ 2 (neg 1))")
    #expect(expr("-x * +y") == "(* (neg x) (+ y))")
    #expect(expr("- -x") == "(neg (neg x))")
  }

  @Test func logicAndComparison() {
    #expect(expr("a or b and c") == "(or a (and b c))")
    #expect(expr("not a == b") == "(not (== a b))")
    #expect(expr("not not a") == "(not (not a))")
    #expect(expr("a < b and c >= d or e != f") == "(or (and (< a b) (>= c d)) (!= e f))")
    #expect(expr("a <= b") == "(<= a b)")
    #expect(expr("a > b") == "(> a b)")
  }

  @Test func comparisonsDoNotChain() {
    #expect(messages("a < b < c") == ["comparison operators cannot be chained"])
    #expect(messages("1..2..3") == ["ranges cannot be chained"])
  }

  @Test func ranges() {
    #expect(expr("1..3") == "(.. 1 3)")
    #expect(expr("1..n + 1") == "(.. 1 (+ n 1))")
    #expect(expr("1..3 == r") == "(== (.. 1 3) r)")
  }

  @Test func callsWithPositionalAndNamedArguments() {
    #expect(expr("f()") == "(call f)")
    #expect(expr("sgd(lr: 0.1, momentum: 0.9)") == "(call sgd lr: 0.1 momentum: 0.9)")
    #expect(expr("csv(\"a.csv\", target: \"y\")") == #"(call csv "a.csv" target: "y")"#)
    #expect(expr("f(a,\n  b,\n)") == "(call f a b)")
    #expect(expr("f(g(x))(y)") == "(call (call f (call g x)) y)")
  }

  @Test func namedBeforePositionalIsADiagnostic() {
    let result = parse("f(k: 1, 2)")
    #expect(result.diagnostics.map(\.message) == ["positional argument after named argument"])
    #expect(result.diagnostics[0].notes.count == 1)
    #expect(result.program.statements.count == 1)
  }

  @Test func memberAndIndex() {
    #expect(expr("fisher(m, x).max") == "(. (call fisher m x) max)")
    #expect(expr("a.b.c") == "(. (. a b) c)")
    #expect(expr("x[0]") == "(idx x 0)")
    #expect(expr("x[i, j + 1]") == "(idx x i (+ j 1))")
    #expect(expr("h.spectrum[0] * 2") == "(* (idx (. h spectrum) 0) 2)")
    #expect(expr("-x[0]^2") == "(neg (^ (idx x 0) 2))")
  }

  @Test func lists() {
    #expect(expr("[]") == "[]")
    #expect(expr("[16, 64, 256]") == "[16 64 256]")
    #expect(expr("[1, 2,]") == "[1 2]")
    #expect(expr("[\n  1,\n  2\n]") == "[1 2]")
    #expect(expr("[[1, 2], [3]]") == "[[1 2] [3]]")
  }

  @Test func statementWordsAreIdentifiersInsideExpressions() {
    #expect(expr("accuracy(cnet, test)") == "(call accuracy cnet test)")
    #expect(expr("split(data, 0.8)") == "(call split data 0.8)")
    #expect(expr("train") == "train")
    #expect(expr("net.layers") == "(. net layers)")
    #expect(expr("data + 1") == "(+ data 1)")
    #expect(expr("f(over, on, to, in, when)") == "(call f over on to in when)")
  }

  @Test func errorsNameWhatWasFound() {
    #expect(messages("print )") == ["expected expression, found ')'"])
    #expect(messages("print 1 +") == ["expected expression at end of file"])
    #expect(messages("print f(1") == ["expected ')' to close '(' at line 1, found end of file"])
    #expect(messages("x.1") == ["expected a member name after '.', found '1'"])
    #expect(messages("print 1 2") == ["expected end of line or ';' after statement, found '2'"])
  }

  @Test func deepNestingIsADiagnosticNotACrash() {
    for (open, close) in [("(", ")"), ("[", "]"), ("-", ""), ("not ", ""), ("f(", ")")] {
      let text = "print " + String(repeating: open, count: 10_000) + "1" + String(repeating: close, count: 10_000)
      let result = parse(text)
      #expect(result.diagnostics.count == 1, "\(open)")
      #expect(result.diagnostics.first?.message == "expression nested too deeply (more than 100 levels)")
    }
    #expect(parse("print " + String(repeating: "2^", count: 5000) + "2").diagnostics.count == 1)
    #expect(parse(String(repeating: "(", count: 90) + "1" + String(repeating: ")", count: 90)).diagnostics.isEmpty)
  }
}

@Suite struct ExpressionSpanTests {
  @Test func parenthesesWidenTheSpan() {
    let file = SourceFile(path: "p.nns", text: "(1 + 2) * f(x)[0]")
    guard case .expression(let e, _) = Parser.parse(file).program.statements.first,
      case .binary(.multiply, let left, let right, let span) = e
    else {
      Issue.record("not a product")
      return
    }
    #expect(file.text(of: left.span) == "(1 + 2)")
    #expect(file.text(of: right.span) == "f(x)[0]")
    #expect(file.text(of: span) == "(1 + 2) * f(x)[0]")
  }
}
