/// Where the REPL's lines come from: GNU readline on a terminal, plain `readLine()` in a pipe (readline
/// would echo its prompts into the pipe), a scripted list in tests.
public protocol LineReader {
  /// The next line without its newline, or nil at end of input (Ctrl-D).
  mutating func readLine(prompt: String) -> String?
  /// Remembers an entered line for Up-arrow recall (and the history file).
  mutating func addHistory(_ line: String)
  /// True once after a `readLine` that Ctrl-C cut short: the entry being typed is dropped.
  mutating func takeInterrupt() -> Bool
}

extension LineReader {
  public mutating func addHistory(_ line: String) {}
  public mutating func takeInterrupt() -> Bool { false }
}

/// Reads standard input with Swift's `readLine()` and prints no prompt, so piped sessions show only
/// outputs and diagnostics.
public struct PlainReader: LineReader {
  public init() {}
  public mutating func readLine(prompt: String) -> String? { Swift.readLine(strippingNewline: true) }
}
