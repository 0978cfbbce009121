import Diagnostics
import Dispatch
import Foundation
import Lexer
import Report
import Semantics

/// Sweeps beyond one machine (`nns run --shard K/N --results DIR`, `nns merge DIR`; docs/cluster.md).
///
/// The iterations of all top-level sweeps of a script, in program order and each sweep's own order
/// (the last variable fastest), get global indices 0, 1, 2, …; iteration `i` belongs to shard
/// `i mod N`, shards numbered 0…N−1 like `SLURM_ARRAY_TASK_ID` of `--array=0-(N-1)`. Round robin
/// spreads the costly end of a width sweep over every shard. An iteration's random streams are named
/// by its sweep values (`Sweep.swift`), so its record does not depend on which shard ran it.
///
/// A shard runs every statement up to the last top-level sweep with its output thrown away — even a
/// `print` may draw from a named stream (`hessian(…)`), and skipping it would shift the numbers of a
/// later draw from the same stream — runs its own iterations and writes one record each; it skips
/// what comes after the last sweep, which no iteration can depend on. The merge runs the whole script once more with
/// every iteration replaced by its record, so everything outside sweeps — prints, plots, saves,
/// trainings after the sweeps — runs exactly once, there, and its output interleaves with the
/// sweep tables exactly as in a local run.
public final class Sharding {
  public enum Role: Sendable, Equatable {
    /// Shard `index` of `count` (0-based).
    case shard(index: Int, count: Int)
    case merge
  }

  public let role: Role
  public let store: ResultStore
  let hash: String
  /// Global index of the next top-level sweep iteration, and the tags of those seen so far.
  var next = 0
  var tags: [String] = []
  /// Iterations this shard ran, and those it found already done (resume).
  public private(set) var ran = 0
  public private(set) var skipped = 0

  public init(role: Role, store: ResultStore, manifest: ShardManifest) {
    self.role = role
    self.store = store
    self.hash = manifest.hash
  }

  func counted(ran r: Int, skipped s: Int) {
    ran += r
    skipped += s
  }
}

extension Interpreter {
  /// Writes an output file (save, plot); inside a shard's iteration also records it for the merge.
  func writeFile(_ text: String, to path: String) throws {
    try FileWriter.writeAtomically(text, to: path)
    recordedFiles?.append((path, text))
  }

  /// A shard's walk through the program (see `Sharding`).
  func runShard(_ program: IRProgram, _ s: Sharding, shard: Int) throws {
    let statements = program.statements
    for case .sweep(let vars, let body, _) in statements { try checkShardable(vars.map(\.name), body) }
    if let last = statements.lastIndex(where: { if case .sweep = $0 { true } else { false } }) {
      for statement in statements[...last] {
        try execute(statement)
        // Interrupted: the records written so far stay (a rerun resumes from them); the shard is not done.
        if stoppedByInterrupt { return }
      }
    }
    try s.store.writeDone(shard, tags: s.tags, hash: s.hash)
  }

  /// A sweep whose body trains a net declared outside it carries that net from one iteration to the
  /// next: its iterations are not independent, so splitting them over processes would change results.
  func checkShardable(_ sweepVariables: [String], _ body: [IRStatement]) throws {
    guard let t = StatementEffects.trainedFromOutside(body, sweepVariables: sweepVariables) else { return }
    throw RuntimeError(
      .notShardable(net: t.net), at: t.netSpan,
      fixIt: "declare the net inside the sweep, or train a copy: net m = \(t.net)")
  }

  /// A top-level sweep under `--shard` (run this shard's iterations, write their records) or under
  /// `nns merge` (replay every iteration's record in order). Returns how many iterations it ran or replayed.
  func runSharded(_ iterations: [SweepIteration], _ body: [IRStatement], _ s: Sharding, _ span: SourceSpan) throws
    -> Int
  {
    let base = s.next
    s.next += iterations.count
    s.tags += iterations.map(\.tag)
    switch s.role {
    case .merge:
      for (k, it) in iterations.enumerated() {
        guard let r = s.store.read(base + k, tag: it.tag, hash: s.hash) else {
          throw RuntimeError(.shardResultMissing(base + k, tag: it.tag, directory: s.store.directory), at: span)
        }
        for f in r.outcome.files {
          do {
            try FileWriter.writeAtomically(f.text, to: f.path)
          } catch {
            throw RuntimeError(.cannotWrite(f.path, reason: "\(error)"), at: span)
          }
        }
        try replay(r.outcome)
      }
      return iterations.count
    case .shard(let shard, let count):
      let owned = iterations.indices.filter { (base + $0) % count == shard }
      let mine = owned.filter { k in
        // A recorded error runs again: a script error recurs identically, and a failure of the
        // machine (a full disk) gets its retry.
        guard let r = s.store.read(base + k, tag: iterations[k].tag, hash: s.hash) else { return true }
        return r.outcome.error != nil
      }
      let started = try runShardIterations(mine.map { (base + $0, iterations[$0]) }, body, s, span)
      s.counted(ran: started, skipped: owned.count - mine.count)
      return started
    }
  }

  /// Runs a shard's iterations (on all cores when they are independent) and writes each record as
  /// soon as it is done; then throws the first iteration's error, if any, as a local run would. After a
  /// cancel no further iteration starts, and one the cancel stopped is not recorded: `--shard` run again
  /// runs it again. Returns how many iterations started.
  func runShardIterations(
    _ jobs: [(index: Int, it: SweepIteration)], _ body: [IRStatement], _ s: Sharding, _ span: SourceSpan
  ) throws -> Int {
    let visible = visibleValues()
    let token = cancellation
    if parallelSweeps && jobs.count > 1 && ProcessInfo.processInfo.activeProcessorCount > 1
      && StatementEffects.parallelizable(
        body, sweepVariables: jobs[0].it.scope.keys.sorted(), netOutside: isNetOutside)
    {
      let errors = ShardErrors(count: jobs.count)
      let parent = UncheckedBox(self)
      let work = UncheckedBox(jobs)
      let (store, hash) = (s.store, s.hash)
      DispatchQueue.concurrentPerform(iterations: jobs.count) { k in
        guard !token.isCancelled else { return }
        errors.set(k, parent.value.runShardJob(work.value[k], body, visible: visible, store, hash, span))
      }
      if let e = errors.first { throw e }
      return errors.started
    }
    for (k, job) in jobs.enumerated() {
      if let e = runShardJob(job, body, visible: visible, s.store, s.hash, span) { throw e }
      if token.isCancelled { return k + 1 }
    }
    return jobs.count
  }

  func runShardJob(
    _ job: (index: Int, it: SweepIteration), _ body: [IRStatement], visible: [String: Value], _ store: ResultStore,
    _ hash: String, _ span: SourceSpan
  ) -> Error? {
    let o = runDetached(job.it, body, visible: visible, recording: true)
    if o.interrupted { return o.error }
    do {
      try store.write(o, index: job.index, tag: job.it.tag, hash: hash)
    } catch {
      return RuntimeError(.cannotWriteShardResult(job.index, tag: job.it.tag, reason: "\(error)"), at: span)
    }
    return o.error
  }
}

/// Errors of a shard's parallel iterations, by position; the first in order is the one reported.
final class ShardErrors: @unchecked Sendable {
  private var errors: [Error?]
  private let lock = NSLock()
  private var count = 0

  init(count: Int) { errors = Array(repeating: nil, count: count) }

  func set(_ k: Int, _ e: Error?) {
    lock.lock()
    errors[k] = e
    count += 1
    lock.unlock()
  }

  /// How many iterations ran (each sets its entry, error or not).
  var started: Int {
    lock.lock()
    defer { lock.unlock() }
    return count
  }

  var first: Error? {
    lock.lock()
    defer { lock.unlock() }
    return errors.compactMap { $0 }.first
  }
}
