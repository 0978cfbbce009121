import ArgumentParser
import Diagnostics
import Foundation
import Lexer
import Report
import Runtime
import Semantics

/// The batch files `nns slurm` writes into the results directory.
enum SlurmFiles {
  static let arrayFile = "slurm/array.sbatch"
  static let mergeFile = "slurm/merge.sbatch"
  /// Where the merge job's stdout — the table a local run prints — goes.
  static let mergedOutput = "merged.txt"

  /// The job array: task `$SLURM_ARRAY_TASK_ID` (0…N−1) runs shard K of N; a rerun skips finished iterations.
  static func array(_ s: Slurm, nns: String, directory: String, results: String) -> String {
    header(s, name: "nns-" + s.jobName, directory: directory)
      + "#SBATCH --array=0-\(s.array - 1)\n"
      + "#SBATCH --output=\(results)/slurm/shard-%a.out\n"
      + (s.cpus.map { "#SBATCH --cpus-per-task=\($0)\n" } ?? "")
      + (s.mem.map { "#SBATCH --mem=\($0)\n" } ?? "")
      + "\nexec \(shellQuoted(nns)) run \(shellQuoted(s.file)) --shard \"$SLURM_ARRAY_TASK_ID/\(s.array)\" "
      + "--results \(shellQuoted(results))\(s.optionText)\n"
  }

  /// The merge job, submitted with `--dependency=afterok:<array job>`: its stdout is the merged table.
  static func merge(_ s: Slurm, nns: String, directory: String, results: String) -> String {
    header(s, name: "nns-" + s.jobName + "-merge", directory: directory)
      + "#SBATCH --output=\(results)/\(mergedOutput)\n"
      + "#SBATCH --error=\(results)/slurm/merge.err\n"
      + "\nexec \(shellQuoted(nns)) merge \(shellQuoted(results))"
      + (s.report.map { " --report " + shellQuoted($0) } ?? "") + "\n"
  }

  static func header(_ s: Slurm, name: String, directory: String) -> String {
    "#!/bin/bash\n# written by nns slurm \(s.file); submit with 'nns slurm --submit' or see docs/cluster.md\n"
      + "#SBATCH --job-name=\(name)\n" + "#SBATCH --chdir=\(directory)\n"
      + (s.partition.map { "#SBATCH --partition=\($0)\n" } ?? "")
      + (s.time.map { "#SBATCH --time=\($0)\n" } ?? "")
  }
}

struct Slurm: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write (and with --submit, submit) a Slurm job array that runs a script's sweeps in N shards, "
      + "plus a merge job that depends on it.")

  @ArgumentParser.Argument(help: "The .nns script.") var file: String
  @Option(help: "Number of array tasks (shards).") var array: Int
  @Option(help: "Slurm partition.") var partition: String?
  @Option(help: "Time limit of each task (Slurm format, e.g. 1:00:00).") var time: String?
  @Option(help: "CPUs per task.") var cpus: Int?
  @Option(help: "Memory per task (Slurm format, e.g. 4G).") var mem: String?
  @Option(help: "Results directory (default: <script name>.results).") var results: String?
  @Option(help: "Markdown report the merge job writes.") var report: String?
  @Option(help: "Override the master seed.") var seed: UInt64?
  @Option(name: .customLong("set"), help: "Override a 'let' constant: --set width=64 (repeatable).")
  var assignments: [String] = []
  @Flag(help: "Do not print a 'wrote …' line for each file the script writes.") var quiet = false
  @Flag(help: "Submit with sbatch and print the job ids.") var submit = false

  var jobName: String { URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent }
  var optionText: String {
    let words =
      (seed.map { ["--seed", "\($0)"] } ?? []) + assignments.flatMap { ["--set", $0] } + (quiet ? ["--quiet"] : [])
    return words.map { " " + shellQuoted($0) }.joined()
  }

  func validate() throws {
    guard array >= 1, array <= 100_000 else { throw ValidationError("--array needs 1 ≤ N ≤ 100000") }
    if let cpus, cpus < 1 { throw ValidationError("--cpus needs at least 1") }
  }

  func run() throws {
    let source = try loadScript(file)
    let session = Session(overrides: try parseOverrides(assignments), seed: seed) { _ in }
    let (_, diagnostics) = session.check(source)
    if !diagnostics.isEmpty { printError(session.render(diagnostics, color: stderrIsTerminal())) }
    if diagnostics.hasErrors { throw ExitCode(1) }

    let results = self.results ?? jobName + ".results"
    let manifest = ShardManifest(
      script: file, text: source.text, seed: seed, assignments: assignments, quiet: quiet, shards: array)
    let cwd = FileManager.default.currentDirectoryPath
    let absolute = results.hasPrefix("/") ? results : cwd + "/" + results
    let nns = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    let arrayPath = results + "/" + SlurmFiles.arrayFile
    let mergePath = results + "/" + SlurmFiles.mergeFile
    do {
      try ResultStore(directory: results).prepare(manifest)
      try FileWriter.writeAtomically(
        SlurmFiles.array(self, nns: nns, directory: cwd, results: absolute), to: arrayPath)
      try FileWriter.writeAtomically(
        SlurmFiles.merge(self, nns: nns, directory: cwd, results: absolute), to: mergePath)
    } catch {
      printError("nns: error: \(error)\n")
      throw ExitCode(1)
    }
    guard submit else {
      print("wrote \(arrayPath) (\(array) tasks) and \(mergePath); submit them with:")
      print("  job=$(sbatch --parsable \(shellQuoted(arrayPath)))")
      print("  sbatch --dependency=afterok:${job%%;*} \(shellQuoted(mergePath))")
      print("then the merged table is in \(results)/\(SlurmFiles.mergedOutput)")
      return
    }
    let arrayJob = try sbatch([arrayPath])
    let mergeJob = try sbatch(["--dependency=afterok:\(arrayJob)", mergePath])
    print("submitted array job \(arrayJob) (\(array) tasks, shards 0-\(array - 1)) and merge job \(mergeJob)")
    print("the merged table will be in \(results)/\(SlurmFiles.mergedOutput)")
  }

  /// Runs `sbatch --parsable …` and returns the job id (the text before any `;cluster`).
  func sbatch(_ arguments: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["sbatch", "--parsable"] + arguments
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    do {
      try p.run()
    } catch {
      printError("nns: error: cannot run sbatch: \(error)\n")
      throw ExitCode(1)
    }
    let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    let id = o.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    guard p.terminationStatus == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
      let reason = p.terminationStatus == 127 ? "sbatch not found (is this a Slurm login node?)" : e + o
      printError("nns: error: sbatch \(arguments.joined(separator: " ")) failed: \(reason)\n")
      throw ExitCode(1)
    }
    return id
  }
}
