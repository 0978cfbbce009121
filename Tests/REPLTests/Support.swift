import Foundation

@testable import REPL

/// The REPL test sources, the golden transcripts beside them, and the repository root (for `:load`).
enum Paths {
  static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let transcripts = tests.appendingPathComponent("transcripts")
  static let root = tests.deletingLastPathComponent().deletingLastPathComponent()
}

/// Everything the REPL printed, and the lines it read echoed after their prompts, in order.
final class Transcript {
  var text = ""
}

/// Feeds scripted lines like a terminal user: each is echoed after its prompt into the transcript. The
/// line `<Ctrl-C>` stands for Ctrl-C pressed while typing.
struct ScriptedReader: LineReader {
  var lines: [String]
  let transcript: Transcript
  var interrupted = false
  var history: [String] = []

  init(_ text: String, transcript: Transcript) {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    self.lines = lines
    self.transcript = transcript
  }

  mutating func readLine(prompt: String) -> String? {
    guard !lines.isEmpty else { return nil }
    let line = lines.removeFirst()
    if line == "<Ctrl-C>" {
      transcript.text += prompt + "^C\n"
      interrupted = true
      return ""
    }
    transcript.text += prompt + line + "\n"
    return line
  }

  mutating func addHistory(_ line: String) { history.append(line) }

  mutating func takeInterrupt() -> Bool {
    defer { interrupted = false }
    return interrupted
  }
}

/// Runs `input` through a REPL whose output and diagnostics go to one transcript.
func runTranscript(_ input: String) -> String {
  let transcript = Transcript()
  let repl = REPL(
    reader: ScriptedReader(input, transcript: transcript), baseDirectory: Paths.root.path,
    output: { transcript.text += $0 })
  repl.run()
  return transcript.text
}
