import ArgumentParser
import Diagnostics
import Foundation
import Lexer
import Runtime
import Semantics

/// `K/N` of `--shard`: shard K of N, 0 ≤ K < N (the `SLURM_ARRAY_TASK_ID` of `--array=0-(N-1)`).
func parseShard(_ text: String) throws -> (Int, Int) {
  let parts = text.split(separator: "/", omittingEmptySubsequences: false)
  guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
    throw ValidationError("--shard needs K/N, e.g. 0/4, found '\(text)'")
  }
  guard n >= 1, n <= 100_000, k >= 0, k < n else {
    throw ValidationError(
      "--shard K/N needs 1 ≤ N ≤ 100000 and 0 ≤ K < N (shards are numbered from 0), found '\(text)'")
  }
  return (k, n)
}

/// `nns run --shard K/N --results DIR`: this shard's iterations, one record each (Shard.swift).
func runShard(
  _ source: SourceFile, _ manifest: ShardManifest, shard k: Int, results: String, overrides: [String: Value]
) throws {
  let store = ResultStore(directory: results)
  do {
    try store.prepare(manifest)
  } catch {
    printError("nns: error: \(error)\n")
    throw ExitCode(1)
  }
  // What a shard would print is printed once, by the merge.
  let session = Session(overrides: overrides, seed: manifest.seed) { _ in }
  let sharding = Sharding(role: .shard(index: k, count: manifest.shards), store: store, manifest: manifest)
  session.interpreter.sharding = sharding
  session.interpreter.quiet = manifest.quiet
  // A Slurm task given one CPU runs its iterations one after another instead of crowding it with threads.
  if ProcessInfo.processInfo.environment["SLURM_CPUS_PER_TASK"] == "1" { session.interpreter.parallelSweeps = false }
  // Ctrl-C stops the iterations under way; those that finished keep their records,
  // and running the shard again resumes.
  session.interpreter.endsOnInterrupt = true
  installInterruptHandler(session.interpreter.cancellation)
  let diagnostics = session.run(source)
  if !diagnostics.isEmpty { printError(session.render(diagnostics, color: stderrIsTerminal())) }
  let interrupted = session.interpreter.stoppedByInterrupt
  print(
    "shard \(k)/\(manifest.shards): ran \(sharding.ran) iteration\(sharding.ran == 1 ? "" : "s"), "
      + "\(sharding.skipped) already done" + (diagnostics.hasErrors ? ", stopped by an error" : "")
      + (interrupted ? ", interrupted (those stopped are run again next time)" : "") + "; results in \(results)")
  if diagnostics.hasErrors { throw ExitCode(1) }
  if interrupted { throw ExitCode(130) }
}

struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print (and write) what 'nns run' would, from the results of 'nns run --shard K/N --results DIR'.")

  @ArgumentParser.Argument(help: "The results directory the shards wrote.") var directory: String
  @Option(help: "Also write a Markdown report of the script's tables and figures.") var report: String?

  func run() throws {
    let store = ResultStore(directory: directory)
    let manifest: ShardManifest
    do {
      guard let m = try store.readManifestIfPresent() else {
        printError("nns: error: '\(directory)' holds no sharded results (no manifest.json)\n")
        throw ExitCode(1)
      }
      manifest = m
    } catch let e as ExitCode {
      throw e
    } catch {
      printError("nns: error: \(error)\n")
      throw ExitCode(1)
    }
    if let problem = missingResults(store, manifest) {
      printError(problem)
      throw ExitCode(1)
    }
    let source = SourceFile(path: manifest.script, text: manifest.text)
    let sharding = Sharding(role: .merge, store: store, manifest: manifest)
    try runScript(
      source, overrides: try parseOverrides(manifest.assignments), seed: manifest.seed, report: report,
      quiet: manifest.quiet,
      sharding: sharding)
  }

  /// What is missing before the merge can reproduce the local run, and how to rerun just that; nil
  /// when nothing is. Iterations after the first one that failed are not needed: a local run stops there.
  func missingResults(_ store: ResultStore, _ m: ShardManifest) -> String? {
    let records = store.records(hash: m.hash)
    let tags = store.iterationTags(hash: m.hash, shards: m.shards)
    let needed: Int
    if let failed = records.filter(\.value).keys.min() {
      needed = failed + 1
    } else if let tags {
      needed = tags.count
    } else {
      let all = Array(0..<m.shards)
      return "nns: error: no shard of '\(directory)' has finished, so its sweep iterations are not known yet\n"
        + rerun(all, m, what: "run the shards (each skips what it has finished)")
    }
    let missing = (0..<needed).filter { records[$0] == nil }
    if missing.isEmpty { return nil }
    var text = "nns: error: \(missing.count) of \(needed) sweep iterations have no result in '\(directory)':\n"
    for i in missing.prefix(20) {
      let tag = tags.map { $0.count > i ? "  " + ResultStore.sweepValues($0[i]) : "" } ?? ""
      text += "  iteration \(i)\(tag)  (shard \(i % m.shards)/\(m.shards))\n"
    }
    if missing.count > 20 { text += "  … and \(missing.count - 20) more\n" }
    let shards = Array(Set(missing.map { $0 % m.shards })).sorted()
    return text + rerun(shards, m, what: "rerun just " + (shards.count == 1 ? "that shard" : "those shards"))
  }

  /// The commands that rerun just `shards` (each skips what it already finished), then merge.
  func rerun(_ shards: [Int], _ m: ShardManifest, what: String) -> String {
    let options = m.optionArguments.map(shellQuoted).joined(separator: " ")
    var text = "\(what), then 'nns merge \(directory)':\n"
    for k in shards {
      text +=
        "  nns run \(shellQuoted(m.script)) --shard \(k)/\(m.shards) --results \(shellQuoted(directory))"
        + (options.isEmpty ? "" : " " + options) + "\n"
    }
    let batch = directory + "/" + SlurmFiles.arrayFile
    if FileManager.default.fileExists(atPath: batch) {
      text += "or on Slurm:\n  sbatch --array=\(shards.map(String.init).joined(separator: ",")) \(shellQuoted(batch))\n"
    }
    return text
  }
}

/// A word for a POSIX shell: as is when it is safe, otherwise in single quotes.
func shellQuoted(_ s: String) -> String {
  let safe = !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-=,:+@%".contains($0)) }
  return safe ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
