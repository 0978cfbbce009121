import Diagnostics
import Foundation
import Lexer
import Parser
import Report
import Runtime
import Semantics

/// The interactive session: reads entries, runs them in one persistent `Session`, prints values and
/// diagnostics, and never stops on an error. An entry that leaves a block, bracket or statement open
/// continues on the next line; a line starting with `:` is a meta-command (`:help`, `:load`, `:ir`,
/// `:names`, `:reset`, `:quit`).
///
///     let repl = REPL(reader: PlainReader(), output: { print($0, terminator: "") })
///     repl.run()
public final class REPL {
  public static var version: String { nnsVersion }
  public static let prompt = "nns> "
  public static let continuationPrompt = "...> "

  var reader: any LineReader
  let output: (String) -> Void
  let errorOutput: (String) -> Void
  let seed: UInt64?
  let color: Bool
  let progress: Bool
  /// Where relative `:load` paths start (the process's working directory when nil).
  let baseDirectory: String?
  private(set) var session: Session
  /// Stops the running entry's trains and sweeps (Ctrl-C); kept by `:reset`, so a signal handler that
  /// reaches it keeps reaching the session's.
  public let cancellation: CancellationToken
  /// The lines of the entry being typed.
  var pending: [String] = []
  /// Entries run so far: entry N is named `<repl:N>` in diagnostics.
  var entries = 0
  /// Whether any entry reported an error (the exit code of a piped session).
  public private(set) var hadErrors = false
  /// Takes diagnostics as data instead of rendering them to `errorOutput` (the JSON-lines protocol).
  var onDiagnostics: (([Diagnostic]) -> Void)?

  /// `color` paints diagnostics; `progress` shows training progress bars on stderr.
  public init(
    reader: any LineReader, seed: UInt64? = nil, color: Bool = false, progress: Bool = false,
    baseDirectory: String? = nil, cancellation: CancellationToken = CancellationToken(),
    output: @escaping (String) -> Void, errorOutput: ((String) -> Void)? = nil
  ) {
    self.reader = reader
    self.output = output
    self.errorOutput = errorOutput ?? output
    self.seed = seed
    self.color = color
    self.progress = progress
    self.baseDirectory = baseDirectory
    self.cancellation = cancellation
    session = Self.makeSession(seed: seed, progress: progress, cancellation: cancellation, output: output)
  }

  static func makeSession(
    seed: UInt64?, progress: Bool, cancellation: CancellationToken, output: @escaping (String) -> Void
  ) -> Session {
    let session = Session(seed: seed, cancellation: cancellation, output: output)
    session.interpreter.progress = progress
    return session
  }

  /// Reads and runs entries until the input ends or `:quit`.
  public func run() {
    while let line = reader.readLine(prompt: pending.isEmpty ? Self.prompt : Self.continuationPrompt) {
      if reader.takeInterrupt() {
        pending = []
        continue
      }
      if !handle(line) { return }
    }
    // The input ended inside an entry: run it so the diagnostic says what is missing.
    if !pending.isEmpty { submit() }
  }

  /// One line: a meta-command, or (part of) an entry. Returns false to quit.
  func handle(_ line: String) -> Bool {
    if !line.allSatisfy(\.isWhitespace) { reader.addHistory(line) }
    if pending.isEmpty {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty { return true }
      if trimmed.hasPrefix(":") { return meta(trimmed) }
    }
    pending.append(line)
    if Parser.parse(entryFile).isIncomplete { return true }
    submit()
    return true
  }

  /// The entry typed so far as the source it will run as.
  var entryFile: SourceFile {
    SourceFile(path: "<repl:\(entries + 1)>", text: pending.joined(separator: "\n") + "\n")
  }

  func submit() {
    let file = entryFile
    pending = []
    entries += 1
    cancellation.reset()
    report(session.run(file))
  }

  func report(_ diagnostics: [Diagnostic]) {
    guard !diagnostics.isEmpty else { return }
    if diagnostics.hasErrors { hadErrors = true }
    if let onDiagnostics { return onDiagnostics(diagnostics) }
    errorOutput(session.render(diagnostics, color: color, limitHint: ""))
  }

  /// An error that belongs to no source line (`nns: error: …`).
  func fail(_ entry: Catalogue) {
    report([Diagnostic(entry, at: .none)])
  }

  /// Completions of the word before the cursor in `line` (the current line up to the cursor), with the
  /// earlier lines of the entry as context; nil asks for file names.
  public func completions(line: String) -> [String]? {
    let entry = pending.isEmpty ? "" : pending.joined(separator: "\n") + "\n"
    return Completer(names: session.names).complete(entry: entry, line: line)
  }
}

// MARK: - Meta-commands

extension REPL {
  func meta(_ line: String) -> Bool {
    let (command, name, argument) = MetaCommand.parse(line)
    switch command {
    case .quit, .q: return false
    case .help: help(argument)
    case .load: load(argument)
    case .ir: ir(argument)
    case .names: output(namesTable())
    case .reset:
      session = Self.makeSession(seed: seed, progress: progress, cancellation: cancellation, output: output)
      output("session reset\n")
    case nil:
      let hint = Suggest.closest(to: name, in: MetaCommand.words).map { "; did you mean ':\($0)'?" }
      fail(.unknownCommand(name, hint: hint ?? "; :help lists the commands"))
    }
    return true
  }

  func help(_ word: String) {
    if word.isEmpty { return output(Help.index) }
    if let text = Help.text(for: word) { return output(text) }
    let hint = Suggest.didYouMean(word, in: Help.words).map { "; \($0)" } ?? "; :help lists the topics"
    fail(.noHelp(word, hint: hint))
  }

  func load(_ argument: String) {
    let path = argument.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    guard !path.isEmpty else { return fail(.commandUsage(":load file.nns")) }
    let resolved = path.hasPrefix("/") || baseDirectory == nil ? path : baseDirectory! + "/" + path
    let file: SourceFile
    switch readSource(resolved) {
    case .success(let f): file = SourceFile(path: path, text: f.text)
    case .failure(var d):
      d.message = d.message.replacingOccurrences(of: resolved, with: path)
      return report([d])
    }
    cancellation.reset()
    report(session.run(file))
  }

  func ir(_ name: String) {
    guard !name.isEmpty else { return fail(.commandUsage(":ir name")) }
    guard let statement = session.definitions[name] else {
      let hint = Suggest.didYouMean(name, in: session.definitions.keys).map { "; \($0)" } ?? ""
      return fail(.noDefinition(name, hint: hint))
    }
    output(IRDump.dump(irProgram([statement])))
  }

  func irProgram(_ statements: [IRStatement]) -> IRProgram { IRProgram(statements: statements) }

  /// The names in scope, one a line with its kind.
  func namesTable() -> String {
    let names = session.names.sorted { $0.key < $1.key }
    guard !names.isEmpty else { return "no names defined\n" }
    let width = names.map(\.key.count).max() ?? 0
    return names.map { "\($0.key.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.value.rawValue)\n" }
      .joined()
  }
}

// MARK: - The process's REPL

/// Runs the interactive session on the terminal (readline, banner, colour) or, when stdin is not a
/// terminal, reads entries from it and prints only outputs and diagnostics. Returns the exit code:
/// 0, or 1 when a piped session had an error.
public func runREPL(seed: UInt64?, cancellation: CancellationToken) -> Int32 {
  REPLInterrupts.install(cancellation)
  let stdout = FileHandle.standardOutput
  let stderr = FileHandle.standardError
  let output: (String) -> Void = { stdout.write(Data($0.utf8)) }
  let errorOutput: (String) -> Void = { stderr.write(Data($0.utf8)) }
  guard isatty(0) != 0 else {
    let repl = REPL(
      reader: PlainReader(), seed: seed, cancellation: cancellation, output: output, errorOutput: errorOutput)
    repl.run()
    return repl.hadErrors ? 1 : 0
  }
  let terminal = isatty(2) != 0
  let repl = REPL(
    reader: ReadlineReader(historyPath: ReadlineReader.defaultHistoryPath), seed: seed, color: terminal,
    progress: terminal, cancellation: cancellation, output: output, errorOutput: errorOutput)
  ReadlineState.completer = { [unowned repl] line in repl.completions(line: line) }
  output("NNS \(REPL.version) — type :help for help, :quit or Ctrl-D to leave\n")
  repl.run()
  return 0
}
