import Diagnostics
import Lexer
import Testing

@testable import Parser

@Suite struct StatementTests {
  @Test func seedLetAlgebra() {
    #expect(
      ast("seed 42\nlet w = 8\nalgebra oct = cayley_dickson(3)") == """
        (program
          (seed @1:1
            (number 42 @1:6))
          (let w @2:1
            (number 8 @2:9))
          (algebra oct @3:1
            (call @3:15
              (name cayley_dickson @3:15)
              (number 3 @3:30))))

        """)
  }

  @Test func dataWithOneOrMoreNames() {
    let result = parse("data s = two_spirals()\ndata train, test = split(s, 0.8)")
    #expect(result.diagnostics.isEmpty)
    guard case .data(let names, _, let span) = result.program.statements[1] else {
      Issue.record("not data")
      return
    }
    #expect(names.map(\.name) == ["train", "test"])
    #expect(span.line == 2 && span.column == 1 && span.end == result.program.statements[1].span.end)
  }

  @Test func netAssign() {
    #expect(
      ast("net again = load(\"cnet.json\")\nnet r = realify(cnet)") == """
        (program
          (net-assign again @1:1
            (call @1:13
              (name load @1:13)
              (string "cnet.json" @1:18)))
          (net-assign r @2:1
            (call @2:9
              (name realify @2:9)
              (name cnet @2:17))))

        """)
  }

  @Test func printWithLabels() {
    #expect(
      ast("print width: w, lmax: f(m).max, 3") == """
        (program
          (print @1:1
            (label width @1:7
              (name w @1:14))
            (label lmax @1:17
              (member max @1:23
                (call @1:23
                  (name f @1:23)
                  (name m @1:25))))
            (number 3 @1:33)))

        """)
  }

  @Test func plotSaveAssert() {
    #expect(
      ast("plot history(c), log: true to \"l.svg\"\nsave c to \"c.json\"\nassert a >= 0.95, \"msg\"\nassert ok")
        == """
        (program
          (plot @1:1
            (call @1:6
              (name history @1:6)
              (name c @1:14))
            (label log @1:18
              (true @1:23))
            (to
              (string "l.svg" @1:31)))
          (save @2:1
            (name c @2:6)
            (to
              (string "c.json" @2:11)))
          (assert @3:1
            (binary >= @3:8
              (name a @3:8)
              (number 0.95 @3:13))
            (message
              (string "msg" @3:19)))
          (assert @4:1
            (name ok @4:8)))

        """)
  }

  @Test func sweepWithSeveralVariables() {
    #expect(
      ast("sweep w in [16, 64], s in 1..3 {\n  seed s\n  print w\n}") == """
        (program
          (sweep @1:1
            (in w @1:7
              (list @1:12
                (number 16 @1:13)
                (number 64 @1:17)))
            (in s @1:22
              (range @1:27
                (number 1 @1:27)
                (number 3 @1:30)))
            (body
              (seed @2:3
                (name s @2:8))
              (print @3:3
                (name w @3:9)))))

        """)
  }

  @Test func expressionStatementsForTheREPL() {
    #expect(
      ast("train\ndata.n\nnet") == """
        (program
          (expression @1:1
            (name train @1:1))
          (expression @2:1
            (member n @2:1
              (name data @2:1)))
          (expression @3:1
            (name net @3:1)))

        """)
  }

  @Test func semicolonsSeparateStatements() {
    let result = parse("seed 1; let a = 2;; print a;")
    #expect(result.diagnostics.isEmpty)
    #expect(result.program.statements.count == 3)
  }

  @Test func keywordsForCompletion() {
    #expect(
      Keywords.statements == [
        "seed", "let", "algebra", "data", "net", "train", "sweep", "print", "plot", "save", "assert",
      ])
    #expect(Set(Keywords.all).isSuperset(of: ["over", "on", "to", "in", "when", "and", "or", "not", "true"]))
  }

  @Test func statementErrors() {
    #expect(messages("let = 3") == ["expected a name after 'let', found '='"])
    #expect(messages("let x 3") == ["expected '=' after 'let x', found '3'"])
    #expect(messages("data a, = f()") == ["expected a name after ',', found '='"])
    #expect(messages("sweep w [1] { }") == ["expected 'in' after the sweep variable 'w', found '['"])
    #expect(messages("plot x") == ["expected 'to' and a file name after what to plot at end of file"])
    #expect(messages("save x \"f\"") == ["expected 'to' and a file name after what to save, found '\"f\"'"])
    #expect(messages("}") == ["unexpected '}' with no '{' to close"])
    #expect(messages("print }") == ["expected expression, found '}'"])
  }

  @Test func spansCoverTheWholeStatement() {
    let file = SourceFile(path: "s.nns", text: "print a,\n  b\nlet x = f(1)")
    let result = Parser.parse(file)
    #expect(result.diagnostics.map(\.message) == ["expected expression, found end of line"])
    let letSpan = result.program.statements.last!.span
    #expect(file.text(of: letSpan) == "let x = f(1)")
  }
}
