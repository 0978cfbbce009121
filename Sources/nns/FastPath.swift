import Diagnostics
import Lexer
import REPL
import Runtime
import Semantics

/// The command lines typed most — `nns`, `nns --version`, `nns run FILE …`, `nns check FILE …` and
/// `nns ir FILE …` — parsed by hand: ArgumentParser builds its whole command tree by reflection before it
/// looks at the arguments, which was ~40 % of the CPU of `nns run` on a one-line script. The parser takes
/// only what it knows exactly: the positional file and the options of those commands written as separate
/// words (`--seed 3`, not `--seed=3`), each single-valued option at most once, with values that parse and
/// do not start with `-`. Everything else — help, `--opt=value`, unknown, repeated or missing options,
/// bad numbers, `--shard`/`--results`, every other subcommand — returns nil and goes to ArgumentParser,
/// whose messages and exit codes are then those of before. A command the fast path runs calls the same
/// functions as the ArgumentParser command (`runCommand`, `checkCommand`, `irCommand`, `replCommand`).
enum FastPath: Equatable {
  case version
  case repl
  case run(file: String, seed: UInt64?, assignments: [String], report: String?, quiet: Bool, errorLimit: Int)
  case check(file: String, errorLimit: Int)
  case ir(file: String, tokens: Bool, ast: Bool, errorLimit: Int)

  /// The command of `arguments` (without the program name), or nil to leave them to ArgumentParser.
  static func parse(_ arguments: [String]) -> FastPath? {
    guard let command = arguments.first else { return .repl }
    if arguments == ["--version"] { return .version }
    let options: Set<String>
    let flags: Set<String>
    switch command {
    case "run": (options, flags) = (["--seed", "--report", "--error-limit"], ["--quiet"])
    case "check": (options, flags) = (["--error-limit"], [])
    case "ir": (options, flags) = (["--error-limit"], ["--tokens", "--ast"])
    default: return nil
    }
    var file: String?
    var values: [String: String] = [:]
    var assignments: [String] = []
    var seen: Set<String> = []
    var rest = arguments.dropFirst()[...]
    while let word = rest.popFirst() {
      guard !word.isEmpty else { return nil }
      if options.contains(word) || (command == "run" && word == "--set") {
        guard let value = rest.popFirst(), !value.isEmpty, !value.hasPrefix("-") else { return nil }
        if word == "--set" {
          assignments.append(value)
        } else {
          guard values.updateValue(value, forKey: word) == nil else { return nil }
        }
      } else if flags.contains(word) {
        guard seen.insert(word).inserted else { return nil }
      } else if word.hasPrefix("-") || file != nil {
        return nil
      } else {
        file = word
      }
    }
    guard let file else { return nil }
    var errorLimit = DiagnosticRenderer.defaultErrorLimit
    if let text = values["--error-limit"] {
      guard let n = Int(text), n >= 0 else { return nil }
      errorLimit = n
    }
    switch command {
    case "run":
      var seed: UInt64?
      if let text = values["--seed"] {
        guard let s = UInt64(text) else { return nil }
        seed = s
      }
      return .run(
        file: file, seed: seed, assignments: assignments, report: values["--report"], quiet: seen.contains("--quiet"),
        errorLimit: errorLimit)
    case "check": return .check(file: file, errorLimit: errorLimit)
    default:
      return .ir(file: file, tokens: seen.contains("--tokens"), ast: seen.contains("--ast"), errorLimit: errorLimit)
    }
  }

  func run() throws {
    switch self {
    case .version: print(nnsVersion)
    case .repl: try replCommand(seed: nil, machineProtocol: nil)
    case .run(let file, let seed, let assignments, let report, let quiet, let errorLimit):
      try runCommand(
        file: file, seed: seed, assignments: assignments, report: report, quiet: quiet, shard: nil, results: nil,
        errorLimit: errorLimit)
    case .check(let file, let errorLimit): try checkCommand(file: file, errorLimit: errorLimit)
    case .ir(let file, let tokens, let ast, let errorLimit):
      try irCommand(file: file, tokens: tokens, ast: ast, errorLimit: errorLimit)
    }
  }
}
