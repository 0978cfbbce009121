import Runtime
import Semantics
import Testing

@testable import REPL

@Suite struct CompleterTests {
  let completer = Completer(names: ["m": .net, "points": .data, "width": .number, "cplx": .algebra])

  @Test func builtinsAndKeywordsAtTheStartOfALine() {
    #expect(completer.complete(line: "acc") == ["accuracy"])
    #expect(completer.complete(line: "pr") == ["predict", "print", "propagation"])
    #expect(completer.complete(line: "wi") == ["width"])
  }

  @Test func namedArgumentsOfTheCallee() throws {
    let words = try #require(completer.complete(entry: "train m on points {\n", line: "  optimizer sgd("))
    #expect(words.contains("lr:") && words.contains("momentum:") && words.contains("nesterov:"))
    #expect(completer.complete(line: "optimizer sgd(") == ["lr:", "momentum:", "nesterov:"])
    #expect(completer.complete(line: "optimizer sgd(lr: 0.1, mo") == ["momentum:"])
    #expect(completer.complete(line: "print split(points, fr") == ["fraction:"])
  }

  @Test func blockWords() {
    #expect(completer.complete(entry: "net a {\n", line: "  de") == ["dense"])
    #expect(completer.complete(entry: "net a {\n  input 2\n", line: "  dense 4, ta") == ["tanh"])
    #expect(completer.complete(entry: "net a {\n", line: "  init h") == ["he"])
    #expect(completer.complete(entry: "train m on points {\n", line: "  ep") == ["epochs"])
    #expect(completer.complete(entry: "train m on points {\n", line: "  loss m") == ["mse"])
    #expect(completer.complete(entry: "train m on points {\n", line: "  optimizer s") == ["sgd"])
  }

  @Test func namesOfTheRightKind() throws {
    #expect(completer.complete(line: "train ") == ["m"])
    #expect(completer.complete(line: "train m o") == ["on"])
    let data = try #require(completer.complete(line: "train m on "))
    #expect(data.contains("points") && data.contains("xor") && !data.contains("m"))
    #expect(completer.complete(line: "net b over cp") == ["cplx"])
  }

  @Test func metaCommands() throws {
    #expect(completer.complete(line: ":he") == ["help"])
    #expect(completer.complete(line: ":") == MetaCommand.words.sorted())
    #expect(completer.complete(line: ":help den") == ["dense"])
    #expect(completer.complete(line: ":help lay") == ["layers"])
    #expect(completer.complete(line: ":ir po") == ["points"])
    #expect(completer.complete(line: ":load ex") == nil)
  }

  @Test func fileNamesInsideStrings() {
    #expect(completer.complete(line: "plot history(m) to \"fi") == nil)
    #expect(completer.complete(line: "print \"a\" + wi") == ["width"])
  }

  @Test func commentsAreSkipped() {
    #expect(completer.complete(entry: "net a { # train {\n", line: "  de") == ["dense"])
  }
}
