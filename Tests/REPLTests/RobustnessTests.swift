import Foundation
import Testing

@testable import REPL

/// Issue 13: every input that used to crash `nns` also ended a REPL session. Each is now a diagnostic,
/// and the session goes on: the entry after it still runs, with the names defined before it.
@Suite(.serialized) struct REPLRobustnessTests {
  static let hostile: [String] = [
    "let x = " + Array(repeating: "1", count: 8_000).joined(separator: " + "),
    "let y = [1]" + String(repeating: "[0]", count: 20_000),
    "let z = a" + String(repeating: ".b", count: 20_000),
    "data d = regression(f: 1e30 * x, n: 10)",
    "net m { input 1; dense 2 }",
    "print accuracy(m, d)",
    "train m on d { loss cross_entropy; epochs 1 }",
    "plot [1.7976931348623157e308, -1.7976931348623157e308] to \"/dev/null/p.svg\"",
    "data big = gaussian(dim: 100000, n: 1000000)",
    "print ntk(m, gaussian(dim: 1, n: 1000000)).trace",
    "net bad = load(\"/dev/zero\")",
    "net dir = load(\"/tmp\")",
    "print \u{1B}[31m" + String(repeating: "q", count: 100_000),
    "print \u{0}\u{1}\u{2}",
  ]

  @Test func theSessionSurvivesEveryHostileEntry() {
    let transcript = Transcript()
    var errors = ""
    let lines = ["let before = 41"] + Self.hostile + ["print before + 1"]
    let repl = REPL(
      reader: ScriptedReader(lines.joined(separator: "\n") + "\n", transcript: transcript),
      output: { transcript.text += $0 }, errorOutput: { errors += $0 })
    repl.run()
    #expect(
      transcript.text.contains("before + 1 = 42") || transcript.text.contains("\n42\n"),
      "\(transcript.text.suffix(500))")
    #expect(repl.hadErrors)
    #expect(errors.components(separatedBy: "error:").count > Self.hostile.count / 2, "\(errors.prefix(3000))")
    #expect(!errors.contains("\u{1B}[31m"), "raw escape in the diagnostics")
    #expect(errors.utf8.count < 100_000)
  }
}
