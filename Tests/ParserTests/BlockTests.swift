import Diagnostics
import Lexer
import Testing

@testable import Parser

@Suite struct BlockTests {
  @Test func netLinesWithArgumentsLabelsAndBodies() {
    #expect(
      ast(
        """
        net m over complex {
          dense 12, tanh, fixed
          bias off
          batchnorm
          init even(std: 0.5)
          residual span: 2 {
            dense 4
          }
        }
        """) == """
          (program
            (net m @1:1
              (over
                (name complex @1:12))
              (line dense @2:3
                (number 12 @2:9)
                (name tanh @2:13)
                (name fixed @2:19))
              (line bias @3:3
                (name off @3:8))
              (line batchnorm @4:3)
              (line init @5:3
                (call @5:8
                  (name even @5:8)
                  (label std @5:13
                    (number 0.5 @5:18))))
              (line residual @6:3
                (label span @6:12
                  (number 2 @6:18))
                (body
                  (line dense @7:5
                    (number 4 @7:11))))))

          """)
  }

  @Test func netOnOneLineWithSemicolons() {
    let result = parse("net m { input 10; dense w, relu; dense 1 }")
    #expect(result.diagnostics.isEmpty)
    guard case .net(let net) = result.program.statements.first else {
      Issue.record("not a net")
      return
    }
    #expect(net.lines.map(\.keyword.name) == ["input", "dense", "dense"])
    #expect(net.lines[1].arguments.count == 2)
    #expect(net.algebra == nil)
    #expect(net.lines.allSatisfy { $0.body == nil })
  }

  @Test func emptyBlocksAndBodyOnSameLine() {
    #expect(parse("net m {}").diagnostics.isEmpty)
    #expect(parse("net m {\n}\ntrain m on d {}").diagnostics.isEmpty)
    #expect(parse("net m { residual { dense 1 } }").diagnostics.isEmpty)
  }

  @Test func trainLines() {
    #expect(
      ast(
        """
        train cnet on train {
          loss mse
          optimizer sgd(lr: 0.1)
          batch full
          escape singularities(tol: 1e-3)
          every 500: loss(cnet, train), acc: accuracy(cnet, test)
          stop when loss(cnet, train) < 1e-4
        }
        """) == """
          (program
            (train cnet @1:1
              (on
                (name train @1:15))
              (setting loss @2:3
                (name mse @2:8))
              (setting optimizer @3:3
                (call @3:13
                  (name sgd @3:13)
                  (label lr @3:17
                    (number 0.1 @3:21))))
              (setting batch @4:3
                (name full @4:9))
              (setting escape @5:3
                (call @5:10
                  (name singularities @5:10)
                  (label tol @5:24
                    (number 0.001 @5:29))))
              (every @6:3
                (number 500 @6:9)
                (call @6:14
                  (name loss @6:14)
                  (name cnet @6:19)
                  (name train @6:25))
                (label acc @6:33
                  (call @6:38
                    (name accuracy @6:38)
                    (name cnet @6:47)
                    (name test @6:53))))
              (stop-when @7:3
                (binary < @7:13
                  (call @7:13
                    (name loss @7:13)
                    (name cnet @7:18)
                    (name train @7:24))
                  (number 0.0001 @7:33)))))

          """)
  }

  @Test func settingWithoutArguments() {
    let result = parse("train m on d { shuffle; stop }")
    #expect(result.diagnostics.isEmpty)
    guard case .train(let t) = result.program.statements.first else {
      Issue.record("not train")
      return
    }
    #expect(t.lines.count == 2)
    guard case .setting(let k, let args, _) = t.lines[1] else {
      Issue.record("not a setting")
      return
    }
    #expect(k.name == "stop" && args.isEmpty)
  }

  @Test func blockErrorsRecoverPerLine() {
    let text = """
      net m {
        input 2
        dense ,
        dense 3 3
        dropout 0.1
      }
      train m on d {
        every 5 loss(m)
        epochs 10
      }
      print 1
      """
    let result = parse(text)
    #expect(
      result.diagnostics.map(\.message) == [
        "expected expression, found ','",
        "expected end of line or ';' after a net line, found '3'",
        "expected ':' after the interval of 'every', found 'loss'",
      ])
    #expect(result.program.statements.count == 3)
    guard case .net(let net) = result.program.statements[0] else {
      Issue.record("net lost")
      return
    }
    #expect(net.lines.map(\.keyword.name) == ["input", "dense", "dropout"])
  }

  @Test func missingCloseBracePointsBackAtTheOpener() {
    let result = parse("let a = 1\nnet m {\n  input 2\n")
    #expect(result.diagnostics.count == 1)
    #expect(result.diagnostics[0].message == "expected '}' to close '{' at line 2, found end of file")
    #expect(result.diagnostics[0].notes.first?.span?.line == 2)
    #expect(result.isIncomplete)
  }

  @Test func netHeaderErrors() {
    #expect(messages("net m over { input 1 }\nprint 1") == ["expected expression, found '{'"])
    #expect(messages("net m input 1") == ["expected '{', 'over' or '=' after 'net m', found 'input'"])
    #expect(messages("train m d { }") == ["expected 'on' and the training data after 'train m', found 'd'"])
  }
}
