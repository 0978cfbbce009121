import CReadline
import Runtime
import Semantics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// GNU readline on a terminal: line editing, Tab completion, and a persistent history file bounded to
/// `historyLimit` entries. The only file that imports `CReadline`.
///
/// Readline runs in its callback mode under `poll`, so a Ctrl-C at the prompt interrupts the wait
/// (`EINTR`) in Swift code, where the half-typed line can be dropped cleanly — readline's own signal
/// handling would leave the line in place.
public struct ReadlineReader: LineReader {
  public static let historyLimit: Int32 = 1000
  let historyPath: String
  var lastHistory: String?
  var interrupted = false

  /// Completion asks `ReadlineState.completer`, which the REPL sets once it exists.
  public init(historyPath: String) {
    self.historyPath = historyPath
    nns_rl_set_readline_name("nns")
    nns_rl_set_catch_signals(0)
    nns_rl_set_basic_word_break(ReadlineState.wordBreaks)
    nns_rl_set_completion(ReadlineState.attemptCompletion)
    stifle_history(Self.historyLimit)
    read_history(historyPath)
  }

  /// `~/.nns_history`, or `$NNS_HISTORY` when set.
  public static var defaultHistoryPath: String {
    if let path = getenv("NNS_HISTORY").map({ String(cString: $0) }), !path.isEmpty { return path }
    let home = getenv("HOME").map { String(cString: $0) } ?? "."
    return home + "/.nns_history"
  }

  public mutating func readLine(prompt: String) -> String? {
    ReadlineState.finished = false
    ReadlineState.line = nil
    REPLInterrupts.atPromptPressed.store(false, ordering: .releasing)
    REPLInterrupts.atPrompt.store(true, ordering: .releasing)
    defer { REPLInterrupts.atPrompt.store(false, ordering: .releasing) }
    rl_callback_handler_install(prompt, ReadlineState.lineHandler)
    while !ReadlineState.finished {
      if REPLInterrupts.atPromptPressed.load(ordering: .acquiring) { return dropLine() }
      var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
      if poll(&descriptor, 1, -1) < 0 {
        guard errno == EINTR else { break }
        continue
      }
      rl_callback_read_char()
    }
    rl_callback_handler_remove()
    guard let line = ReadlineState.line else {
      writeOut("\n")
      return nil
    }
    return line
  }

  /// Ctrl-C: forget the line being edited, restore the terminal, and return an empty line.
  mutating func dropLine() -> String {
    rl_end_of_line(1, 0)  // so the ^C goes after the text, not over it
    rl_redisplay()
    writeOut("^C")
    rl_free_line_state()
    rl_callback_sigcleanup()
    rl_cleanup_after_signal()
    rl_callback_handler_remove()
    writeOut("\n")
    interrupted = true
    return ""
  }

  /// Straight to the terminal, after whatever readline still buffers.
  func writeOut(_ text: String) {
    fflush(nil)
    _ = text.withCString { write(1, $0, strlen($0)) }
  }

  public mutating func takeInterrupt() -> Bool {
    defer { interrupted = false }
    return interrupted
  }

  public mutating func addHistory(_ line: String) {
    guard !line.isEmpty, line != lastHistory else { return }
    lastHistory = line
    add_history(line)
    if access(historyPath, F_OK) != 0 {
      write_history(historyPath)
    } else {
      append_history(1, historyPath)
      history_truncate_file(historyPath, Self.historyLimit)
    }
  }
}

/// Readline calls back through C function pointers, which cannot capture: their state lives here.
enum ReadlineState {
  /// Where a word to complete starts (the same set as `Completer.wordBreaks`).
  nonisolated(unsafe) static let wordBreaks: UnsafePointer<CChar> = UnsafePointer(strdup(Completer.wordBreaks)!)
  /// The words that may replace the word before the cursor, given the line up to the cursor; nil asks for
  /// file names.
  nonisolated(unsafe) static var completer: (String) -> [String]? = { _ in [] }
  nonisolated(unsafe) static var finished = false
  nonisolated(unsafe) static var line: String?
  nonisolated(unsafe) static var matches: [String] = []
  nonisolated(unsafe) static var nextMatch = 0

  static let lineHandler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { text in
    ReadlineState.finished = true
    ReadlineState.line = text.map { String(cString: $0) }
    free(text)
    rl_callback_handler_remove()
  }

  static let attemptCompletion:
    @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = {
      text, _, _ in
      let buffer = nns_rl_line_buffer().map { Array(UnsafeBufferPointer(start: $0, count: strlen($0))) } ?? []
      let point = min(Int(nns_rl_point()), buffer.count)
      let prefix = String(decoding: buffer[..<point].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      guard let words = ReadlineState.completer(prefix) else {
        nns_rl_set_attempted_over(0)  // readline completes file names
        return nil
      }
      nns_rl_set_attempted_over(1)
      guard !words.isEmpty, let text else { return nil }
      // A unique function name is followed by its '(' (typed next), not by readline's space.
      nns_rl_set_completion_append(words.count == 1 && Builtins.callable(words[0]) != nil ? 0 : 32)
      ReadlineState.matches = words
      return rl_completion_matches(text, ReadlineState.nextCompletion)
    }

  static let nextCompletion: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = {
    _, state in
    if state == 0 { ReadlineState.nextMatch = 0 }
    guard ReadlineState.nextMatch < ReadlineState.matches.count else { return nil }
    defer { ReadlineState.nextMatch += 1 }
    return strdup(ReadlineState.matches[ReadlineState.nextMatch])
  }
}
