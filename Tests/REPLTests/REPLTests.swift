import Runtime
import Semantics
import Testing

@testable import REPL

@Suite(.serialized) struct REPLBehaviourTests {
  @Test func entriesAreNamedByNumberInDiagnostics() {
    let out = runTranscript("let a = 1\nprint nope\n")
    #expect(out.contains("<repl:2>:1:7: error: unknown name 'nope'"))
  }

  @Test func openBlocksContinueWithTheContinuationPrompt() {
    let out = runTranscript("net m {\n  input 2\n  dense 1\n}\n:names\n")
    #expect(out.contains("...>   input 2\n"))
    #expect(out.contains("m  net"))
  }

  @Test func quitStopsReading() {
    let out = runTranscript(":quit\nprint 1\n")
    #expect(!out.contains("print 1"))
    #expect(runTranscript(":q\nprint 1\n") == "nns> :q\n")
  }

  @Test func historyGetsEveryNonEmptyLine() {
    let transcript = Transcript()
    let repl = REPL(reader: ScriptedReader("let a = 1\n\n:names\n", transcript: transcript), output: { _ in })
    repl.run()
    #expect((repl.reader as? ScriptedReader)?.history == ["let a = 1", ":names"])
  }

  @Test func errorsAreRememberedForThePipeExitCode() {
    let transcript = Transcript()
    let ok = REPL(reader: ScriptedReader("print 1\n", transcript: transcript), output: { _ in })
    ok.run()
    #expect(!ok.hadErrors)
    let bad = REPL(reader: ScriptedReader("print nope\nprint 1\n", transcript: transcript), output: { _ in })
    bad.run()
    #expect(bad.hadErrors)
  }

  @Test func completionSeesNamesInScope() {
    let transcript = Transcript()
    let repl = REPL(reader: ScriptedReader("let learning_rate = 0.1\n", transcript: transcript), output: { _ in })
    repl.run()
    #expect(repl.completions(line: "print learn") == ["learning_rate"])
  }

  @Test func helpCoversEveryRegistryEntry() {
    for entry in Builtins.all {
      #expect(Help.text(for: entry.name)?.contains(entry.doc) == true, "\(entry.name)")
    }
  }
}

@Suite struct HelpTests {
  @Test func topicsListTheirEntries() throws {
    for topic in Help.topics {
      let text = try #require(Help.text(for: topic.word))
      for entry in Builtins.all.filter({ $0.category == topic.category }) {
        let signature = entry.signature
        #expect(text.contains(signature), "\(entry.name)")
      }
    }
  }

  @Test func indexNamesEveryTopicAndCommand() {
    for topic in Help.topics { #expect(Help.index.contains(topic.word)) }
    for command in MetaCommand.allCases { #expect(Help.index.contains(":\(command.rawValue)")) }
  }
}
