import Diagnostics
import Engine
import Foundation
import Lexer
import Parser
import Report
import Semantics

/// Runs IR statements against the Engine. One interpreter holds a session's state (the REPL keeps
/// one alive between lines; `nns run` uses one per script).
public final class Interpreter: CallContext {
  /// Where printed text goes (stdout for `nns run`, a buffer in tests).
  public var output: (String) -> Void
  /// Source files by path, for labelling unlabelled print columns with their source text.
  public var sources: [String: SourceFile] = [:]
  /// Markdown report being collected (`nns run --report`), if any.
  public var report: MarkdownReport?
  /// Shows training progress on stderr (only when stderr is a terminal).
  public var progress: Bool = false
  /// Runs independent sweep iterations on all cores (tests turn it off to compare with a sequential run).
  public var parallelSweeps: Bool = true
  /// Where tables go when set (the JSON-lines protocol sends each as text and HTML); when nil their text
  /// goes to `output`.
  public var tableOutput: ((Table) -> Void)?
  /// Told of every file a script writes (plots, saves) with its path and text, once it is written (the
  /// JSON-lines protocol shows the SVG figures a cell draws).
  public var onFileWritten: ((_ path: String, _ text: String) -> Void)?
  /// The folder relative paths of `csv`, `load`, `save` and `plot` start from: the running script's own
  /// folder ("" = the working directory, as in the REPL). `Session.run` sets it per source.
  public var baseDirectory = ""
  /// Leaves out the "wrote …" line after each file written (`nns run --quiet`).
  public var quiet = false
  /// Every file the script has written, in order, as the path it was written to.
  public private(set) var written: [WrittenFile] = []
  /// Stops this interpreter's trains and sweeps (Ctrl-C); shared with the interpreters of parallel sweep
  /// iterations (Cancellation.swift).
  public let cancellation: CancellationToken
  /// Whether a cancel stopped a `train` or a sweep here (the JSON-lines protocol's status `interrupted`,
  /// `nns run`'s exit code 130). Whoever reads it clears it.
  public var stoppedByInterrupt = false
  /// Ends `run` after the statement a cancel stopped (`nns run`: the rest of a script would run on
  /// what an interrupted training left); the REPL goes on with the entry's next statement.
  public var endsOnInterrupt = false

  /// A file written by `plot` (a figure, with its title) or `save`.
  public struct WrittenFile: Sendable, Equatable {
    public var path: String
    public var figureCaption: String?
  }

  var globals: [String: Value] = [:]
  package var locals: [[String: Value]] = []
  var rng = RandomSource(seed: 0)
  var seedValue: UInt64 = 0
  /// Distinguishes sweep iterations so that unseeded iterations draw different numbers.
  var streamPrefix = ""
  var streamCounter: [String: Int] = [:]
  /// While a sweep runs, its prints become rows of one merged table.
  var sweepRows: [[String: Cell]]?
  var sweepKeys: [String] = []
  var sweepColumns: [String] = []
  /// `nns run --shard` / `nns merge`: which sweep iterations run here, and where results go (Shard.swift).
  public var sharding: Sharding?
  /// Files written by save and plot, kept while a shard's iteration runs.
  var recordedFiles: [(path: String, text: String)]?
  /// The rows the last finished top-level sweep printed, unmerged, and its column order (`sweep_table()`).
  package var lastSweep: (rows: [[String: Cell]], columns: [String])?

  public init(
    cancellation: CancellationToken = CancellationToken(),
    output: @escaping (String) -> Void = { print($0, terminator: "") }
  ) {
    self.cancellation = cancellation
    self.output = output
  }

  /// Sets the master seed (`--seed N` or the `seed` statement).
  public func setSeed(_ n: UInt64) {
    seedValue = n
    rng = RandomSource(seed: n)
    streamCounter = [:]
  }

  /// A script's path as the process opens it (see `baseDirectory`).
  package func resolve(_ path: String) -> String { RelativePath.resolve(path, in: baseDirectory) }

  /// Records a written file: says so (unless quiet), and adds a figure to the report.
  func didWrite(_ path: String, text: String, figureCaption: String? = nil) {
    written.append(WrittenFile(path: path, figureCaption: figureCaption))
    onFileWritten?(path, text)
    if !quiet { output("wrote \(RelativePath.forDisplay(path))\n") }
    if let caption = figureCaption { report?.addFigure(path: path, caption: caption) }
  }

  /// The value bound to a name, if any (REPL and tests).
  public func value(of name: String) -> Value? {
    for scope in locals.reversed() { if let v = scope[name] { return v } }
    return globals[name]
  }

  public var names: [String: ValueKind] { globals.mapValues(\.kind) }

  func bind(_ name: String, _ value: Value) {
    if locals.isEmpty { globals[name] = value } else { locals[locals.count - 1][name] = value }
  }

  /// A fresh random stream for one named draw; independent of statement order.
  package func stream(_ label: String) -> RandomSource {
    let key = streamPrefix + label
    let n = streamCounter[key, default: 0]
    streamCounter[key] = n + 1
    return rng.fork("\(key)#\(n)")
  }

  /// Runs a program; stops at the first runtime error.
  public func run(_ program: IRProgram) throws {
    if let s = sharding, case .shard(let k, _) = s.role { return try runShard(program, s, shard: k) }
    for s in program.statements {
      try execute(s)
      if endsOnInterrupt && stoppedByInterrupt { return }
    }
  }

  func execute(_ s: IRStatement) throws {
    switch s {
    case .seed(let e, let span):
      let x = try number(e)
      guard x >= 0, x < 1.8e19, x == x.rounded() else {
        throw RuntimeError(.seedNotWhole(Table.format(x)), at: span)
      }
      setSeed(UInt64(x))
    case .let_(let name, let e, _):
      bind(name, try evaluate(e))
    case .algebra(let name, let e, _):
      bind(name, try evaluate(e))
    case .data(let names, let e, let span):
      try executeData(names, e, span)
    case .net(let n):
      bind(n.name, .net(try buildNet(n)))
    case .netAssign(let name, let e, let span):
      guard case .net(let h) = try evaluate(e) else { throw RuntimeError(.expectedKind("a net", found: nil), at: span) }
      // A copy: training the new name must not train the net it came from (`net b = a`).
      bind(
        name,
        .net(
          NetHandle(
            name: name, network: h.network.copy(), loss: h.loss, history: h.history, autoReadout: h.autoReadout)))
    case .train(let t):
      try executeTrain(t)
    case .sweep(let vars, let body, let span):
      try executeSweep(vars, body, span)
    case .print(let items, _):
      try executePrint(items)
    case .plot(let items, let to, let span):
      try executePlot(items, to: to, span: span)
    case .save(let e, let to, let span):
      try executeSave(e, to: to, span: span)
    case .assert(let c, let message, let span):
      guard case .boolean(let ok) = try evaluate(c) else {
        throw RuntimeError(.assertionNeedsBoolean, at: c.span)
      }
      if !ok {
        var text = "assertion failed"
        if let m = message { text += ": " + (try evaluate(m)).summary }
        throw RuntimeError(.assertionFailed(text), at: span, fixIt: try explainFailedComparison(c))
      }
    case .expression(let e, _):
      let v = try evaluate(e)
      say(render(v, label: sourceText(e.span)))
    }
  }

  /// For `assert a >= b`: show both sides' values so the failure says by how much.
  func explainFailedComparison(_ c: IRExpr) throws -> String? {
    guard case .binary(let op, let a, let b, _) = c,
      [.less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual].contains(op)
    else { return nil }
    return "\(sourceText(a.span)) = \(try evaluate(a).summary), \(sourceText(b.span)) = \(try evaluate(b).summary)"
  }

  func sourceText(_ span: SourceSpan) -> String {
    guard let f = sources[span.file] else { return "value" }
    return f.text(of: span)
  }

  // MARK: - data

  func executeData(_ names: [String], _ e: IRExpr, _ span: SourceSpan) throws {
    let v = try withDataLabel(names.joined(separator: ",")) { try evaluate(e) }
    if names.count == 1 {
      guard case .data(var d) = v else {
        throw RuntimeError(.expectedKind("a dataset", found: "\(v.kind)"), at: e.span)
      }
      d.name = names[0]
      bind(names[0], .data(d))
      return
    }
    guard case .list(let parts) = v, parts.count == names.count else {
      throw RuntimeError(.expectedDatasets(names.count), at: span)
    }
    for (name, p) in zip(names, parts) {
      guard case .data(var d) = p else {
        throw RuntimeError(.expectedKind("a dataset", found: "\(p.kind)"), at: e.span)
      }
      d.name = name
      bind(name, .data(d))
    }
  }

  /// Data generators draw from a stream named after the data statement.
  package var dataLabel = "data"
  func withDataLabel<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
    let saved = dataLabel
    dataLabel = "data:" + label
    defer { dataLabel = saved }
    return try body()
  }

  // MARK: - print

  func executePrint(_ items: [IRItem]) throws {
    if items.count == 1, items[0].label == nil, sweepRows == nil {
      let v = try evaluate(items[0].expr)
      say(render(v, label: sourceText(items[0].expr.span)))
      return
    }
    var row: [(String, Cell)] = []
    for item in items {
      let label = item.label ?? sourceText(item.expr.span)
      let v = try evaluate(item.expr)
      row.append((label, try cell(v, at: item.expr.span)))
    }
    if sweepRows != nil {
      for (label, _) in row where !sweepColumns.contains(label) { sweepColumns.append(label) }
      // The grouping keys are the sweep variables' own values, kept in hidden cells (Table.merged).
      for (item, (label, shown)) in zip(items, row) {
        let key: String
        let value: Cell
        switch item.sweepKey {
        case .variable(let name)?:
          guard let v = self.value(of: name) else { continue }
          (key, value) = (Table.hiddenKeyPrefix + name, try cell(v, at: item.expr.span))
        case .constant?: (key, value) = (Table.hiddenKeyPrefix + "=" + label, shown)
        case nil: continue
        }
        if !sweepKeys.contains(key) { sweepKeys.append(key) }
        row.append((key, value))
      }
      sweepRows!.append(Dictionary(row, uniquingKeysWith: { a, _ in a }))
    } else {
      emit(Table(columns: row.map(\.0), rows: [row.map(\.1)]))
    }
  }

  func emit(_ table: Table) { say(show(table)) }

  /// A table's text for `output`, or "" when `tableOutput` takes the table itself.
  func show(_ table: Table) -> String {
    report?.addTable(table)
    guard let tableOutput else { return table.render() }
    tableOutput(table)
    return ""
  }

  /// Text to `output`, unless there is none.
  func say(_ text: String) {
    if !text.isEmpty { output(text) }
  }

  /// One value as a table cell (numbers, short texts).
  func cell(_ v: Value, at span: SourceSpan) throws -> Cell {
    switch v {
    case .number(let x): return .number(x)
    case .boolean(let b): return .text(b ? "true" : "false")
    case .string(let s): return .text(s)
    default: return .text(v.summary)
    }
  }
}
