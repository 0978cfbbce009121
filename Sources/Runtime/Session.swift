import Diagnostics
import Engine
import Foundation
import Lexer
import Parser
import Report
import Semantics

/// The pipeline in one place: parse → check → run, with one persistent scope. `nns run` makes one
/// session per script; the REPL keeps one alive and feeds it entry after entry.
public final class Session {
  public let interpreter: Interpreter
  var checker: Checker
  /// Every source seen, for rendering diagnostics with their lines.
  public private(set) var sources: [SourceFile] = []

  /// `cancellation` stops its trains and sweeps (the REPL keeps one token across `:reset`).
  public init(
    overrides: [String: Value] = [:], seed: UInt64? = nil, cancellation: CancellationToken = CancellationToken(),
    output: @escaping (String) -> Void
  ) {
    interpreter = Interpreter(cancellation: cancellation, output: output)
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
      for name in StatementEffects(statement).declares { definitions[name] = statement }
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
      return diagnostics + [Diagnostic(.internalError("\(error)"), at: .none)]
    }
    return diagnostics
  }

  /// The diagnostics as text, at most `errorLimit` errors (0: all); `limitHint` says how to see more.
  public func render(
    _ diagnostics: [Diagnostic], color: Bool = false, errorLimit: Int = DiagnosticRenderer.defaultErrorLimit,
    limitHint: String = "use --error-limit N to see more, 0 for all"
  ) -> String {
    DiagnosticRenderer(sources: sources, color: color, errorLimit: errorLimit, limitHint: limitHint)
      .render(diagnostics)
  }
}

/// The largest script `readSource` reads (16 MiB): larger files, and endless ones like `/dev/zero`,
/// are refused before any of their text is scanned.
public let maxScriptBytes = 16 << 20

/// Reads a script file as a `SourceFile`, or a diagnostic naming the path: a directory, an unreadable
/// file, one over `maxScriptBytes`, or binary data (a NUL byte or mostly control bytes near the start:
/// "this does not look like an NNS script", located at the first such byte) are refused before any
/// of it is lexed. A leading UTF-8 byte-order mark is dropped.
public func readSource(_ path: String) -> Result<SourceFile, Diagnostic> {
  func refuse(_ entry: Catalogue) -> Result<SourceFile, Diagnostic> { .failure(Diagnostic(entry, at: .none)) }
  // A device such as /dev/zero is refused as "not a regular file" once it passes the limit.
  let data: Data
  switch FileReading.read(path, limit: maxScriptBytes) {
  case .success(let d): data = d
  case .failure(.missing): return refuse(.noSuchScript(path))
  case .failure(.directory): return refuse(.scriptIsDirectory(path))
  case .failure(.unreadable(_, let why)): return refuse(.scriptUnreadable(path, reason: why))
  case .failure(.tooLarge): return refuse(.scriptTooLarge(path, mebibytes: maxScriptBytes >> 20))
  case .failure(.notRegular): return refuse(.scriptNotRegular(path, mebibytes: maxScriptBytes >> 20))
  }
  var bytes = [UInt8](data)
  if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
  if let offset = binaryOffset(bytes) {
    let file = SourceFile(path: path, text: String(decoding: bytes[..<offset], as: UTF8.self))
    let (line, column) = file.location(of: offset)
    let span = SourceSpan(file: path, start: offset, end: offset + 1, line: line, column: column)
    return .failure(
      Diagnostic(
        .binaryInput(byte: String(bytes[offset], radix: 16), offset: offset), at: span,
        fixIt: "nns reads .nns text files"))
  }
  return .success(SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self)))
}

/// Where binary data starts: the first NUL byte, or, when more than a tenth of the first 4 KiB are
/// control bytes other than tab, newline, carriage return and form feed, the first of those.
func binaryOffset(_ bytes: [UInt8]) -> Int? {
  if let nul = bytes.firstIndex(of: 0) { return nul }
  let head = bytes.prefix(4096)
  let controls = head.indices.filter { i in
    let b = head[i]
    return (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C) || b == 0x7F
  }
  return controls.count * 10 > max(head.count, 1) ? controls.first : nil
}
