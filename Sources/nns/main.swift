import ArgumentParser
import Diagnostics
import Engine
import Foundation
import Lexer
import Parser
import REPL
import Report
import Runtime
import Semantics

#if canImport(Glibc)
  import Glibc
#endif

/// `nns` — run, check and explore NNS scripts. Exit codes: 0 ok, 1 script error, 2 usage error, 3 a bug in NNS
/// (an internal error), 130 a run
/// ended by Ctrl-C (after writing what completed).
struct NNS: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nns",
    abstract: "A declarative language for experiments in the theory of deep learning.",
    version: nnsVersion,
    subcommands: [Run.self, Check.self, IR.self, Repl.self, Weave.self, Bench.self, Merge.self, Slurm.self],
    defaultSubcommand: Repl.self)
}

/// Whether stderr is a terminal (colour diagnostics, progress bars).
func stderrIsTerminal() -> Bool { isatty(2) != 0 }

func printError(_ text: String) {
  FileHandle.standardError.write(text.data(using: .utf8)!)
}

/// Loads a script or reports why not (exit 1).
func loadScript(_ path: String) throws -> SourceFile {
  switch readSource(path) {
  case .success(let f): return f
  case .failure(let d):
    printError(DiagnosticRenderer(sources: [], color: stderrIsTerminal()).render(d))
    throw ExitCode(1)
  }
}

/// `--error-limit N`: how many errors a command shows before it says how many more there were.
struct ErrorLimit: ParsableArguments {
  @Option(help: "Show at most this many errors (0 shows all).")
  var errorLimit: Int = DiagnosticRenderer.defaultErrorLimit

  func validate() throws {
    guard errorLimit >= 0 else { throw ValidationError("--error-limit must be 0 or more, found \(errorLimit)") }
  }
}

struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Run a script: train, probe, print tables, write plots.")

  @ArgumentParser.Argument(help: "The .nns script to run.") var file: String
  @Option(
    parsing: .unconditional, help: "Override the master seed (the script's own 'seed' statements still apply).")
  var seed: UInt64?
  @Option(name: .customLong("set"), help: "Override a 'let' constant: --set width=64 (repeatable).")
  var assignments: [String] = []
  @Option(help: "Also write a Markdown report of the script's tables and figures.") var report: String?
  @Flag(help: "Do not print a 'wrote …' line for each file the script writes.") var quiet = false

  @Option(help: "Run only shard K of N (0-based) of the sweep iterations, e.g. 2/7; needs --results.")
  var shard: String?
  @Option(help: "Directory for the per-iteration results of --shard (then 'nns merge DIR').") var results: String?
  @OptionGroup var limits: ErrorLimit

  func run() throws {
    try runCommand(
      file: file, seed: seed, assignments: assignments, report: report, quiet: quiet, shard: shard, results: results,
      errorLimit: limits.errorLimit)
  }
}

/// `nns run FILE …`.
func runCommand(
  file: String, seed: UInt64?, assignments: [String], report: String?, quiet: Bool, shard: String?,
  results: String?, errorLimit: Int
) throws {
  let source = try loadScript(file)
  let overrides = try parseOverrides(assignments)
  if let shard {
    guard let results else { throw ValidationError("--shard needs --results DIR") }
    guard report == nil else { throw ValidationError("--report goes with 'nns merge', not with --shard") }
    let (k, n) = try parseShard(shard)
    let manifest = ShardManifest(
      script: file, text: source.text, seed: seed, assignments: assignments, quiet: quiet, shards: n)
    return try runShard(source, manifest, shard: k, results: results, overrides: overrides)
  }
  try runScript(source, overrides: overrides, seed: seed, report: report, quiet: quiet, errorLimit: errorLimit)
}

// The bodies of `check` and `ir` are functions of their parsed values, shared by the ArgumentParser
// commands and the hand-written parser of the common command lines (FastPath.swift).

/// `nns check FILE`.
func checkCommand(file: String, errorLimit: Int) throws {
  let source = try loadScript(file)
  let session = Session { _ in }
  let (_, diagnostics) = session.check(source)
  if !diagnostics.isEmpty {
    printError(session.render(diagnostics, color: stderrIsTerminal(), errorLimit: errorLimit))
  }
  if diagnostics.hasErrors { throw ExitCode(1) }
}

/// `nns ir FILE [--tokens | --ast]`.
func irCommand(file: String, tokens: Bool, ast: Bool, errorLimit: Int) throws {
  let source = try loadScript(file)
  if tokens {
    print(dumpTokens(Lexer.tokenize(source).tokens), terminator: "")
    return
  }
  if ast {
    let parsed = Parser.parse(source)
    print(dumpAST(parsed.program), terminator: "")
    if !parsed.diagnostics.isEmpty {
      let renderer = DiagnosticRenderer(sources: [source], color: stderrIsTerminal(), errorLimit: errorLimit)
      printError(renderer.render(parsed.diagnostics))
      throw ExitCode(1)
    }
    return
  }
  let session = Session { _ in }
  let (program, diagnostics) = session.check(source)
  if !diagnostics.isEmpty {
    printError(session.render(diagnostics, color: stderrIsTerminal(), errorLimit: errorLimit))
  }
  guard let program else { throw ExitCode(1) }
  print(IRDump.dump(program), terminator: "")
}

/// `nns repl` (and `nns` alone).
func replCommand(seed: UInt64?, machineProtocol: String?) throws {
  // One token for the whole process: the REPL's `:reset` keeps it, and the handler reaches it.
  let token = CancellationToken()
  installInterruptHandler(token)
  if machineProtocol != nil { throw ExitCode(runProtocol(seed: seed, cancellation: token)) }
  let code = runREPL(seed: seed, cancellation: token)
  if code != 0 { throw ExitCode(code) }
}

/// `--set name=value` arguments as constants (numbers, true/false, otherwise strings).
func parseOverrides(_ assignments: [String]) throws -> [String: Value] {
  var overrides: [String: Value] = [:]
  for a in assignments {
    guard let eq = a.firstIndex(of: "="), eq != a.startIndex else {
      throw ValidationError("--set needs name=value, found '\(a)'")
    }
    let name = String(a[..<eq])
    let text = String(a[a.index(after: eq)...])
    if let x = Double(text) {
      overrides[name] = .number(x)
    } else if text == "true" || text == "false" {
      overrides[name] = .boolean(text == "true")
    } else {
      overrides[name] = .string(text)
    }
  }
  return overrides
}

/// Runs a script to stdout, with a Markdown report if asked (`nns run`; `nns merge` with `sharding`).
func runScript(
  _ source: SourceFile, overrides: [String: Value], seed: UInt64?, report: String?, quiet: Bool,
  errorLimit: Int = DiagnosticRenderer.defaultErrorLimit, sharding: Sharding? = nil
) throws {
  let session = Session(overrides: overrides, seed: seed) { text in
    FileHandle.standardOutput.write(text.data(using: .utf8)!)
  }
  session.interpreter.progress = stderrIsTerminal()
  session.interpreter.quiet = quiet
  session.interpreter.sharding = sharding
  if report != nil {
    var r = MarkdownReport(title: "nns run \(source.path)")
    r.addCode(source.text)
    session.interpreter.report = r
  }
  // Ctrl-C stops what runs after its epoch and ends the script there, with exit code 130 once what was
  // complete (output, files, the report) is written.
  session.interpreter.endsOnInterrupt = true
  installInterruptHandler(session.interpreter.cancellation)
  let diagnostics = session.run(source)
  if !diagnostics.isEmpty {
    printError(session.render(diagnostics, color: stderrIsTerminal(), errorLimit: errorLimit))
  }
  if let path = report, let r = session.interpreter.report {
    do {
      try FileWriter.writeAtomically(r.render(at: path), to: path)
    } catch {
      printError("nns: error: report: \(error)\n")
      throw ExitCode(1)
    }
  }
  if diagnostics.contains(where: { $0.kind == .internal }) { throw ExitCode(3) }
  if diagnostics.hasErrors { throw ExitCode(1) }
  if session.interpreter.stoppedByInterrupt { throw ExitCode(130) }
}

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Parse and validate a script without running it.")
  @ArgumentParser.Argument(help: "The .nns script to check.") var file: String
  @OptionGroup var limits: ErrorLimit

  func run() throws { try checkCommand(file: file, errorLimit: limits.errorLimit) }
}

struct IR: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ir", abstract: "Print the checked intermediate representation (or --tokens / --ast).")
  @ArgumentParser.Argument(help: "The .nns script.") var file: String
  @Flag(help: "Print the tokens instead.") var tokens = false
  @Flag(help: "Print the syntax tree instead.") var ast = false
  @OptionGroup var limits: ErrorLimit

  func run() throws { try irCommand(file: file, tokens: tokens, ast: ast, errorLimit: limits.errorLimit) }
}

struct Repl: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Interactive session (the default with no arguments).")
  @Option(help: "Master seed of the session.") var seed: UInt64?
  @Option(
    name: .customLong("protocol"),
    help: "Serve a program instead of a person: 'jsonl' reads one JSON request a line (the Jupyter kernel's).")
  var machineProtocol: String?

  func validate() throws {
    if let machineProtocol, machineProtocol != "jsonl" {
      throw ValidationError("unknown protocol '\(machineProtocol)'; the one there is: jsonl")
    }
  }

  func run() throws { try replCommand(seed: seed, machineProtocol: machineProtocol) }
}

struct Weave: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run the ```nns blocks of a Markdown file and insert their output after each block.")
  @ArgumentParser.Argument(help: "The Markdown file.") var file: String
  @Option(name: .shortAndLong, help: "Where to write the woven file (default: stdout).") var output: String?

  func run() throws {
    // Read as a script is: bounded, and refused when it is a directory, a device or binary data.
    let source = try loadScript(file)
    let result = Weaver.weave(source.text, path: file, output: output)
    if !result.diagnostics.isEmpty { printError(result.diagnostics) }
    if let output {
      do {
        try FileWriter.writeAtomically(result.text, to: output)
      } catch {
        printError("nns: error: \(error)\n")
        throw ExitCode(1)
      }
    } else {
      print(result.text, terminator: "")
    }
    if result.failed { throw ExitCode(1) }
  }
}

/// Ctrl-C: the first press asks the trains and sweeps running under `token` to stop after their current
/// epoch; outside them (or on a second press) the process ends as usual.
/// SIGINT and SIGTERM that end the process first remove the temporary files being written. Both are
/// unblocked first: a blocked mask is inherited across exec, and a parent that blocks them (a test
/// runner, some shells' job control) would leave Ctrl-C pending forever.
func installInterruptHandler(_ token: CancellationToken) {
  token.receiveSignals()
  var signals = sigset_t()
  sigemptyset(&signals)
  sigaddset(&signals, SIGINT)
  sigaddset(&signals, SIGTERM)
  pthread_sigmask(SIG_UNBLOCK, &signals, nil)
  signal(SIGTERM) { _ in
    FileWriter.removeTemporaries()
    signal(SIGTERM, SIG_DFL)
    raise(SIGTERM)
  }
  signal(SIGINT) { _ in
    guard let token = CancellationToken.signalled, token.isInterruptible, !token.isCancelled else {
      FileWriter.removeTemporaries()
      signal(SIGINT, SIG_DFL)
      raise(SIGINT)
      return
    }
    token.cancel()
  }
}

// OpenBLAS's kernels are chosen when it loads, on the first BLAS call: pin them now, while the process
// has one thread (BLASCoreType.swift).
BLASCoreType.pin()
HeapPolicy.keepLargeBuffers()

/// Ends the process for an error a command threw: its own exit code, or 2 for a usage error (ArgumentParser's
/// default is 64) with ArgumentParser's message; help and version requests print and exit 0.
func exit(for error: Error) -> Never {
  if let code = error as? ExitCode { exit(code.rawValue) }
  let code = NNS.exitCode(for: error)
  if code == .success {
    print(NNS.fullMessage(for: error))
    exit(0)
  }
  printError("nns: error: " + NNS.fullMessage(for: error).replacingOccurrences(of: "Error: ", with: "") + "\n")
  printError("see 'nns --help'\n")
  exit(2)
}

// The common command lines skip ArgumentParser (FastPath.swift); NNS_ARGUMENT_PARSER=1 turns that off
// (the tests compare both paths).
if getenv("NNS_ARGUMENT_PARSER") == nil, let fast = FastPath.parse(Array(CommandLine.arguments.dropFirst())) {
  do {
    try fast.run()
    exit(0)
  } catch {
    exit(for: error)
  }
}

// A first word that is no subcommand would otherwise be taken as an argument of the default one
// (`nns bogus` printed the usage of `nns repl`).
let commandNames = NNS.configuration.subcommands.map { $0._commandName }
if let first = CommandLine.arguments.dropFirst().first, !first.hasPrefix("-"), !commandNames.contains(first),
  first != "help"
{
  let hint = Suggest.didYouMean(first, in: commandNames).map { "; \($0)" } ?? ""
  printError("nns: error: unknown command '\(first)'\(hint)\nsee 'nns --help'\n")
  exit(2)
}
do {
  var command = try NNS.parseAsRoot()
  try command.run()
} catch {
  exit(for: error)
}
