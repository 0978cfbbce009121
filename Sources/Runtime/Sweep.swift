import Diagnostics
import Dispatch
import Engine
import Foundation
import Lexer
import Report
import Semantics

/// `sweep a in […], b in 1..n { … }`: runs the body for every combination (the last variable varies
/// fastest). The prints inside form one table, merged by `Table.merged` on the printed sweep variables.
/// Iterations are independent when the body writes no files and touches no net declared outside it;
/// then they run on all cores, each in its own interpreter with the same random streams a sequential
/// run would use (streams are named, not drawn in order), and their output is replayed in order —
/// so the result is identical to a sequential run. Under `nns run --shard` and `nns merge`, top-level
/// sweeps go through `runSharded` instead (Shard.swift), which relies on the same naming.
extension Interpreter {
  struct SweepIteration {
    var scope: [String: Value]
    var tag: String
  }

  /// What one iteration produced, to be replayed in order.
  struct SweepOutcome {
    var text = ""
    var rows: [[String: Cell]] = []
    var keys: [String] = []
    var columns: [String] = []
    var sections: [MarkdownReport.Section] = []
    /// Files the iteration wrote (recorded only for a shard's results).
    var files: [(path: String, text: String)] = []
    var error: Error?
    /// Not run: Ctrl-C came first.
    var skipped = false
    /// A cancel stopped one of its trains (or an inner sweep): its results are partial.
    var interrupted = false
  }

  func executeSweep(_ vars: [(name: String, values: IRExpr)], _ body: [IRStatement], _ span: SourceSpan) throws {
    var lists: [[Value]] = []
    for v in vars {
      guard case .list(let xs) = try evaluate(v.values) else {
        throw RuntimeError(.sweepNeedsList, at: v.values.span)
      }
      lists.append(xs)
    }
    let total = lists.reduce(1) { $0 * $1.count }
    guard total <= 100_000 else { throw RuntimeError(.sweepTooLarge(total), at: span) }
    var iterations: [SweepIteration] = []
    for k in 0..<total {
      var index = k
      var scope: [String: Value] = [:]
      var tag: [String] = []
      for (v, xs) in zip(vars, lists).reversed() {
        let value = xs[index % xs.count]
        index /= xs.count
        scope[v.name] = value
        tag.append("\(v.name)=\(value.summary)")
      }
      iterations.append(SweepIteration(scope: scope, tag: "sweep[" + tag.joined(separator: ",") + "]/"))
    }

    let topLevel = sweepRows == nil
    if topLevel { (sweepRows, sweepKeys, sweepColumns) = ([], [], []) }
    defer { if topLevel { sweepRows = nil } }
    let bar = progress && topLevel && sharding == nil ? ProgressBar(total: total, label: "sweep") : nil
    // A cancel (Ctrl-C) stops the whole sweep: the runs in progress stop after their current epoch (as
    // a train does), no further run starts, and the table shows the runs that started. A top-level sweep
    // forgets a cancel from before it, as a train does.
    if topLevel { cancellation.reset() }
    let completed = try cancellation.interruptible { () throws -> Int in
      if topLevel, let sharding {
        return try runSharded(iterations, body, sharding, span)
      } else if parallelSweeps && total > 1 && ProcessInfo.processInfo.activeProcessorCount > 1
        && StatementEffects.parallelizable(body, sweepVariables: vars.map(\.name), netOutside: isNetOutside)
      {
        return try runParallel(iterations, body, bar)
      }
      for (k, it) in iterations.enumerated() {
        try runIteration(it, body)
        bar?.update(k + 1)
        if cancellation.isCancelled { return k + 1 }
      }
      return total
    }
    bar?.finish()
    if topLevel && cancellation.isCancelled {
      cancellation.reset()
      stoppedByInterrupt = true
      output("sweep interrupted: \(completed) of \(total) runs completed\n")
    }
    if topLevel, let rows = sweepRows, !rows.isEmpty {
      emit(Table.merged(rows, keys: sweepKeys, columnOrder: sweepColumns))
      lastSweep = (rows, sweepColumns)
    }
  }

  /// One iteration in this interpreter: the sweep variables in a new scope, the seed state restored after.
  func runIteration(_ it: SweepIteration, _ body: [IRStatement]) throws {
    let saved = (rng, seedValue, streamPrefix, streamCounter)
    locals.append(it.scope)
    streamPrefix = saved.2 + it.tag
    defer {
      locals.removeLast()
      (rng, seedValue, streamPrefix, streamCounter) = saved
    }
    for s in body { try execute(s) }
  }

  /// Runs the iterations on all cores; returns how many ran (all, unless Ctrl-C stopped the sweep).
  func runParallel(_ iterations: [SweepIteration], _ body: [IRStatement], _ bar: ProgressBar?) throws -> Int {
    let results = SweepResults(count: iterations.count)
    let visible = visibleValues()
    let parent = UncheckedBox(self)
    let jobs = UncheckedBox(iterations)
    let token = cancellation
    DispatchQueue.concurrentPerform(iterations: iterations.count) { k in
      guard !token.isCancelled else {
        var skipped = SweepOutcome()
        skipped.skipped = true
        results.set(k, skipped)
        return
      }
      let ran = results.set(k, parent.value.runDetached(jobs.value[k], body, visible: visible))
      bar?.update(ran)
    }
    // Cleared before the replay, whose lines would otherwise start after the bar.
    bar?.finish()
    var ran = 0
    for k in 0..<iterations.count {
      let o = results.get(k)
      if o.skipped { continue }
      ran += 1
      try replay(o)
    }
    return ran
  }

  /// Shows what a detached iteration produced, as if it had run here.
  func replay(_ o: SweepOutcome) throws {
    if !o.text.isEmpty { output(o.text) }
    if var r = report { for s in o.sections { r.add(s) }; report = r }
    sweepRows?.append(contentsOf: o.rows)
    for key in o.keys where !sweepKeys.contains(key) { sweepKeys.append(key) }
    for c in o.columns where !sweepColumns.contains(c) { sweepColumns.append(c) }
    if let e = o.error { throw e }
  }

  /// Runs one iteration in a fresh interpreter that sees the same names and random streams;
  /// `recording` keeps its files and report sections too (a shard's record).
  func runDetached(_ it: SweepIteration, _ body: [IRStatement], visible: [String: Value], recording: Bool = false)
    -> SweepOutcome
  {
    var outcome = SweepOutcome()
    let child = Interpreter(cancellation: cancellation) { outcome.text += $0 }
    child.sources = sources
    child.baseDirectory = baseDirectory
    child.quiet = quiet
    child.globals = visible
    (child.rng, child.seedValue, child.streamPrefix, child.streamCounter) = (
      rng, seedValue, streamPrefix, streamCounter
    )
    child.sweepRows = []
    child.report = report == nil && !recording ? nil : MarkdownReport()
    if recording { child.recordedFiles = [] }
    do {
      try child.runIteration(it, body)
    } catch {
      outcome.error = error
    }
    outcome.rows = child.sweepRows ?? []
    outcome.keys = child.sweepKeys
    outcome.columns = child.sweepColumns
    outcome.sections = child.report?.sections ?? []
    outcome.files = child.recordedFiles ?? []
    outcome.interrupted = child.stoppedByInterrupt
    return outcome
  }

  /// Every name visible here, innermost binding first.
  func visibleValues() -> [String: Value] {
    var all = globals
    for scope in locals { all.merge(scope) { _, inner in inner } }
    return all
  }

  /// Whether `name`, read by a sweep body but declared outside it, is a net (StatementEffects).
  func isNetOutside(_ name: String) -> Bool {
    if case .net? = value(of: name) { return true }
    return false
  }
}

/// Results of parallel iterations, filled from several threads.
final class SweepResults: @unchecked Sendable {
  private var outcomes: [Interpreter.SweepOutcome?]
  private let lock = NSLock()
  private var done = 0

  init(count: Int) { outcomes = Array(repeating: nil, count: count) }

  /// Stores an outcome; returns how many iterations have run so far (the skipped ones not counted).
  @discardableResult
  func set(_ k: Int, _ o: Interpreter.SweepOutcome) -> Int {
    lock.lock()
    defer { lock.unlock() }
    outcomes[k] = o
    if !o.skipped { done += 1 }
    return done
  }

  func get(_ k: Int) -> Interpreter.SweepOutcome {
    lock.lock()
    defer { lock.unlock() }
    return outcomes[k] ?? Interpreter.SweepOutcome()
  }
}

/// Hands a non-Sendable value to `concurrentPerform` where only reads happen.
struct UncheckedBox<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}

extension MarkdownReport {
  mutating func add(_ s: Section) {
    switch s {
    case .code(let text, let language): addCode(text, language: language)
    case .output(let text): addOutput(text)
    case .table(let t): addTable(t)
    case .text(let text): addText(text)
    case .figure(let path, let caption): addFigure(path: path, caption: caption)
    }
  }
}
