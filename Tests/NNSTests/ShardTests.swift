import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `nns run --shard K/N --results DIR` and `nns merge DIR` (docs/cluster.md): N shards and a merge
/// give the local run's output byte for byte, a killed shard leaves only whole records and a rerun
/// completes it, and a merge with missing results names them and the commands that rerun them.
struct ShardTests {
  static let root = ExamplesTests.root
  static let sweep = "Tests/NNSTests/shard/sweep.nns"

  static func temporaryDirectory(_ name: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nns-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  /// Runs all N shards into a fresh directory; returns it.
  static func runShards(_ script: String, _ n: Int, in directory: URL? = nil) throws -> String {
    let results = try temporaryDirectory("results").path
    for k in 0..<n {
      let r = try ExamplesTests.nns(["run", script, "--shard", "\(k)/\(n)", "--results", results], in: directory)
      #expect(r.out.hasPrefix("shard \(k)/\(n): ran "), "\(r.out)\(r.err)")
    }
    return results
  }

  @Test(arguments: [1, 3, 7])
  func shardsAndMergeGiveTheLocalOutputByteForByte(_ n: Int) throws {
    let local = try ExamplesTests.nns(["run", Self.sweep])
    #expect(local.code == 0, "\(local.err)")
    let results = try Self.runShards(Self.sweep, n)
    let merged = try ExamplesTests.nns(["merge", results])
    #expect(merged.code == 0, "\(merged.err)")
    #expect(merged.out == local.out)
    #expect(merged.err == local.err)
  }

  /// A top-level print drawing from the stream a later `let` draws from: shards must run it too.
  @Test func aPrintBeforeASweepKeepsTheNumbersOfLaterDrawsFromItsStream() throws {
    let script = "Tests/NNSTests/shard/streams.nns"
    let results = try Self.runShards(script, 2)
    #expect(try ExamplesTests.nns(["merge", results]).out == ExamplesTests.nns(["run", script]).out)
  }

  /// Files, printed text, nested sweeps, the report and a failing iteration: the same bytes everywhere.
  @Test func mergeRewritesFilesAndReportAndStopsAtTheSameError() throws {
    // Relative paths start at the script's folder: each run gets its own copy of the script.
    let original = Self.root.appendingPathComponent("Tests/NNSTests/shard/files.nns")
    let script = "files.nns"
    let localDir = try Self.temporaryDirectory("local")
    let shardDir = try Self.temporaryDirectory("sharded")
    for dir in [localDir, shardDir] {
      try FileManager.default.copyItem(at: original, to: dir.appendingPathComponent(script))
    }
    let local = try ExamplesTests.nns(["run", script, "--report", "out/report.md"], in: localDir)
    #expect(local.code == 1)
    #expect(local.err.contains("assertion failed: e stays below 2"))
    let results = try Self.runShards(script, 3, in: shardDir)
    let merged = try ExamplesTests.nns(["merge", results, "--report", "out/report.md"], in: shardDir)
    #expect(merged.code == 1)
    #expect(merged.out == local.out)
    #expect(merged.err == local.err)
    for file in ["out/loss.svg", "out/m.json", "out/base.svg", "out/report.md"] {
      let a = FileManager.default.contents(atPath: localDir.appendingPathComponent(file).path)
      let b = FileManager.default.contents(atPath: shardDir.appendingPathComponent(file).path)
      #expect(a != nil && a == b, "\(file) differs")
    }
  }

  /// `--quiet` leaves out the "wrote …" lines, inside iterations too: the shards record it for the merge.
  @Test func quietGoesFromTheShardsToTheMerge() throws {
    let dir = try Self.temporaryDirectory("quiet")
    try FileManager.default.copyItem(
      at: Self.root.appendingPathComponent("Tests/NNSTests/shard/files.nns"),
      to: dir.appendingPathComponent("files.nns"))
    let loud = try ExamplesTests.nns(["run", "files.nns"], in: dir)
    let local = try ExamplesTests.nns(["run", "files.nns", "--quiet"], in: dir)
    #expect(loud.out.contains("wrote out/loss.svg\n") && !local.out.contains("wrote"))
    let results = dir.appendingPathComponent("results").path
    for k in 0..<2 {
      _ = try ExamplesTests.nns(["run", "files.nns", "--quiet", "--shard", "\(k)/2", "--results", results], in: dir)
    }
    #expect(try ExamplesTests.nns(["merge", results], in: dir).out == local.out)
  }

  @Test func mergeNamesMissingIterationsAndTheCommandsThatRerunThem() throws {
    let results = try Self.runShards(Self.sweep, 3)
    let records = try FileManager.default.contentsOfDirectory(atPath: results).filter { $0.hasPrefix("000004-") }
    #expect(records.count == 1)
    try FileManager.default.removeItem(atPath: results + "/" + records[0])
    let merged = try ExamplesTests.nns(["merge", results])
    #expect(merged.code == 1)
    #expect(merged.out.isEmpty)
    #expect(merged.err.contains("1 of 15 sweep iterations have no result"))
    #expect(merged.err.contains("iteration 4  s=1,width=4  (shard 1/3)"))
    let rerun = "nns run \(Self.sweep) --shard 1/3 --results \(results)"
    #expect(merged.err.contains(rerun), "\(merged.err)")
    let again = try ExamplesTests.nns(["run", Self.sweep, "--shard", "1/3", "--results", results])
    #expect(again.out.hasPrefix("shard 1/3: ran 1 iteration, 4 already done"), "\(again.out)")
    #expect(try ExamplesTests.nns(["merge", results]).out == ExamplesTests.nns(["run", Self.sweep]).out)
  }

  /// `--set` (and `--seed`) given to the shards are recorded in the manifest and used by the merge.
  @Test func optionsOfTheShardsReachTheMerge() throws {
    let script = "Tests/NNSTests/shard/slow.nns"
    let options = ["--set", "epochs=30", "--seed", "5"]
    let local = try ExamplesTests.nns(["run", script] + options)
    #expect(local.code == 0, "\(local.err)")
    #expect(local.out != (try ExamplesTests.nns(["run", script, "--set", "epochs=31"])).out)
    let results = try Self.temporaryDirectory("options").path
    for k in 0..<3 {
      let r = try ExamplesTests.nns(["run", script, "--shard", "\(k)/3", "--results", results] + options)
      #expect(r.code == 0, "\(r.err)")
    }
    #expect(try ExamplesTests.nns(["merge", results]).out == local.out)
  }

  @Test func aDirectoryOfAnotherRunIsRefused() throws {
    let results = try Self.runShards(Self.sweep, 2)
    let seed = try ExamplesTests.nns(["run", Self.sweep, "--seed", "3", "--shard", "0/2", "--results", results])
    #expect(seed.code == 1)
    #expect(seed.err.contains("holds results of another script or other options"))
    let count = try ExamplesTests.nns(["run", Self.sweep, "--shard", "0/3", "--results", results])
    #expect(count.code == 1)
    #expect(count.err.contains("was started with 2 shards"))
    #expect(try ExamplesTests.nns(["run", Self.sweep, "--shard", "2/2", "--results", results]).code == 2)
    #expect(try ExamplesTests.nns(["run", Self.sweep, "--shard", "0/2"]).code == 2)
  }

  /// kill -9 at random moments: only whole records are left (atomic writes), and rerunning the
  /// shard completes the sweep with the local run's table. Each kill comes a random 0–150 ms after
  /// the shard's next record appears, so every kill lands in the middle of the run, whatever the load.
  @Test func aShardKilledAtRandomMomentsLeavesWholeRecordsAndARerunCompletesIt() throws {
    let script = "Tests/NNSTests/shard/slow.nns"
    let results = try Self.temporaryDirectory("killed").path
    let binary = Self.root.appendingPathComponent(".build/debug/nns")
    var rng = SystemRandomNumberGenerator()
    func records() -> Int {
      ((try? FileManager.default.contentsOfDirectory(atPath: results)) ?? []).filter { $0.first?.isNumber == true }
        .count
    }
    var killed = 0
    for _ in 0..<4 {
      let before = records()
      let p = Process()
      p.executableURL = binary
      p.arguments = ["run", script, "--shard", "0/1", "--results", results]
      p.currentDirectoryURL = Self.root
      p.standardOutput = FileHandle.nullDevice
      p.standardError = FileHandle.nullDevice
      try p.run()
      for _ in 0..<3000 where p.isRunning && records() == before { usleep(10_000) }
      guard p.isRunning else { break }
      usleep(UInt32.random(in: 0...150_000, using: &rng))
      kill(p.processIdentifier, SIGKILL)
      p.waitUntilExit()
      if p.terminationReason == .uncaughtSignal { killed += 1 }
      for name in try FileManager.default.contentsOfDirectory(atPath: results) where !name.hasPrefix(".") {
        let text = try String(contentsOfFile: results + "/" + name, encoding: .utf8)
        #expect(name.hasSuffix(".nns") || text.hasSuffix("}\n"), "\(name) is not whole")
      }
    }
    #expect(killed > 0)
    let rerun = try ExamplesTests.nns(["run", script, "--shard", "0/1", "--results", results])
    #expect(rerun.code == 0, "\(rerun.err)")
    #expect(!rerun.out.contains(", 0 already done"), "\(rerun.out)")
    let merged = try ExamplesTests.nns(["merge", results])
    #expect(merged.code == 0, "\(merged.err)")
    #expect(merged.out == (try ExamplesTests.nns(["run", script])).out)
  }

  @Test func aSweepThatTrainsANetFromOutsideIsNotSharded() throws {
    let dir = try Self.temporaryDirectory("outer")
    let script = dir.appendingPathComponent("outer.nns").path
    try """
    data d = xor()
    net m { input 2; dense 4, tanh; dense 1, sigmoid }
    sweep e in 1..3 {
      train m on d { epochs 5 }
      print e: e, l: loss(m, d)
    }
    """.write(toFile: script, atomically: true, encoding: .utf8)
    let r = try ExamplesTests.nns(["run", script, "--shard", "0/2", "--results", dir.appendingPathComponent("r").path])
    #expect(r.code == 1)
    #expect(r.err.contains("this sweep trains net 'm', declared outside it"), "\(r.err)")
  }
}
