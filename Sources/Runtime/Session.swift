import Engine
import Foundation
import Lexer
import Parser

/// The pipeline in one place: parse → check → run, with one persistent scope. `nns run` makes one
/// session per script; the REPL keeps one alive and feeds it entry after entry.
public final class Session {
  public let interpreter: Interpreter
  var checker: Checker
  /// Every source seen, for rendering diagnostics with their lines.
  public private(set) var sources: [SourceFile] = []

  public init(overrides: [String: Value] = [:], seed: UInt64? = nil, output: @escaping (String) -> Void) {
    interpreter = Interpreter(output: output)
    checker = Checker(overrides: overrides)
    if let seed { interpreter.setSeed(seed) }
  }

  /// The IR statement that last defined each name (`:ir name` in the REPL).
  public private(set) var definitions: [String: IRStatement] = [:]

  /// Names in scope with their kinds (REPL completion and `:names`).
  public var names: [String: ValueKind] { checker.declaredNames }

  /// Parses and checks a source; nothing runs. Returns the IR when there are no errors.
  public func check(_ file: SourceFile) -> (program: IRProgram?, diagnostics: [Diagnostic]) {
    sources.append(file)
    interpreter.sources[file.path] = file
    let parsed = Parser.parse(file)
    var trial = checker
    let (ir, checkDiagnostics) = trial.check(parsed.program)
    let all = parsed.diagnostics + checkDiagnostics
    if all.hasErrors { return (nil, all) }
    checker = trial
    for statement in ir.statements {
      switch statement {
      case .let_(let n, _, _), .algebra(let n, _, _), .netAssign(let n, _, _): definitions[n] = statement
      case .data(let ns, _, _): for n in ns { definitions[n] = statement }
      case .net(let net): definitions[net.name] = statement
      default: break
      }
    }
    return (ir, all)
  }

  /// Parses, checks and runs a source. Returns every diagnostic (all check errors, or the first
  /// runtime error). Statements before a runtime error keep their effects.
  @discardableResult
  public func run(_ file: SourceFile) -> [Diagnostic] {
    let (ir, diagnostics) = check(file)
    guard let ir else { return diagnostics }
    // Relative paths in a script file start at its folder; REPL entries (`<repl:N>`) at the working directory.
    let savedBase = interpreter.baseDirectory
    if !file.path.hasPrefix("<") { interpreter.baseDirectory = RelativePath.directory(of: file.path) }
    defer { interpreter.baseDirectory = savedBase }
    do {
      try interpreter.run(ir)
    } catch let e as RuntimeError {
      return diagnostics + [e.diagnostic]
    } catch {
      return diagnostics + [Diagnostic(.error, kind: .internal, span: .none, message: "internal error: \(error)")]
    }
    return diagnostics
  }

  public func render(_ diagnostics: [Diagnostic], color: Bool = false) -> String {
    DiagnosticRenderer(sources: sources, color: color).render(diagnostics)
  }
}

/// Reads a script file as a `SourceFile`, or a diagnostic naming the path.
public func readSource(_ path: String) -> Result<SourceFile, Diagnostic> {
  guard let data = FileManager.default.contents(atPath: path) else {
    let exists = FileManager.default.fileExists(atPath: path)
    return .failure(
      Diagnostic(.error, span: .none, message: exists ? "cannot read '\(path)'" : "no such file '\(path)'"))
  }
  return .success(SourceFile(path: path, text: String(decoding: data, as: UTF8.self)))
}
