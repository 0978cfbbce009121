import Foundation
import Testing

@testable import Report

/// Issue 13's reproducers, each through the binary: every one must end with exit code 1 and a located
/// diagnostic (`path:line:col: error: …`), never a signal, and within a few seconds.
@Suite struct RobustnessTests {
  static let dir: URL = {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("nns-robust-\(getpid())")
    try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
  }()

  /// Writes `text` to a fresh script and runs `nns <command> script`.
  static func nns(
    _ command: String, _ text: String, name: String = "s.nns", extra: [String] = [],
    environment: [String: String] = [:]
  ) throws -> (code: Int32, out: String, err: String) {
    let script = dir.appendingPathComponent("\(UUID().uuidString)-\(name)")
    try text.write(to: script, atomically: true, encoding: .utf8)
    return try ExamplesTests.nns([command, script.path] + extra, in: dir, environment: environment)
  }

  /// `check` (when `checked`) and `run` both fail with a located error containing `message`.
  static func expectDiagnosed(
    _ text: String, _ message: String, checked: Bool = true, environment: [String: String] = [:],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    for command in checked ? ["check", "run"] : ["run"] {
      let r = try nns(command, text, environment: environment)
      #expect(r.code == 1, "\(command) exited \(r.code): \(r.err.prefix(2000))", sourceLocation: sourceLocation)
      #expect(r.err.contains(message), "\(command): \(r.err.prefix(2000))", sourceLocation: sourceLocation)
      #expect(
        r.err.contains(".nns:"), "\(command): no location in \(r.err.prefix(500))", sourceLocation: sourceLocation)
    }
  }

  /// Runs a /bin/sh script and returns its stdout once it has ended (stderr discarded).
  static func sh(_ script: String) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", script]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    return text
  }

  static func chain(_ term: String, _ op: String, _ count: Int) -> String {
    Array(repeating: term, count: count).joined(separator: " \(op) ")
  }

  // MARK: class 2 — chains

  @Test(arguments: [("1", "+"), ("2", "*"), ("true", "and"), ("false", "or"), ("1", "-")])
  func longOperatorChainsAreDiagnosed(_ term: String, _ op: String) throws {
    for n in [8_000, 20_000] {
      try Self.expectDiagnosed("let x = \(Self.chain(term, op, n))\nprint x\n", "expression too deep")
    }
  }

  @Test func longPostfixChainsAreDiagnosed() throws {
    try Self.expectDiagnosed(
      "let x = [1]" + String(repeating: "[0]", count: 20_000) + "\n", "expression too deep")
    try Self.expectDiagnosed("let x = a" + String(repeating: ".b", count: 20_000) + "\n", "expression too deep")
    try Self.expectDiagnosed("let x = f" + String(repeating: "(1)", count: 20_000) + "\n", "expression too deep")
  }

  @Test func chainsUpToTheLimitRunEverywhere() throws {
    let text = "let x = \(Self.chain("1", "+", 250))\nprint x\n"
    for command in ["run", "check", "ir"] {
      let r = try Self.nns(command, text)
      #expect(r.code == 0, "\(command): \(r.err)")
    }
    #expect(try Self.nns("run", text).out == "250\n")
    let sweep = "sweep s in 1..4 {\n  print s: s, v: \(Self.chain("s", "+", 200))\n}\n"
    let r = try Self.nns("run", sweep)
    #expect(r.code == 0 && r.out.contains("800"), "\(r.err)")
  }

  @Test func checkIsFastOnLongInput() throws {
    let start = Date()
    let row = "(" + Self.chain("1", "+", 250) + ")"
    let text = "let x = [" + Array(repeating: row, count: 200).joined(separator: ", ") + "]\nprint sum(x)\n"
    let r = try Self.nns("run", text)
    #expect(r.code == 0 && r.out == "sum(x) = 50000\n", "\(r.err.prefix(500))")
    #expect(Date().timeIntervalSince(start) < 20)
  }

  // MARK: class 5 — output bounded by what is shown, not by the input

  @Test func errorLimitStopsAfterTwentyAndSaysHowManyMore() throws {
    let text = (0..<5_000).map { "print q\($0)" }.joined(separator: ";") + "\n"
    let start = Date()
    let r = try Self.nns("check", text)
    #expect(r.code == 1)
    #expect(r.err.components(separatedBy: ": error: ").count - 1 == 20)
    #expect(r.err.contains("4980 more errors not shown (stopped after 20)"), "\(r.err.suffix(300))")
    #expect(r.err.utf8.count < 20_000)
    #expect(Date().timeIntervalSince(start) < 20)
    let all = try Self.nns("check", text, extra: ["--error-limit", "0"])
    #expect(all.err.components(separatedBy: ": error: ").count - 1 == 5_000)
    #expect(try Self.nns("check", text, extra: ["--error-limit", "-1"]).code == 2)
  }

  @Test func longLinesAreShownAsAWindowAroundTheCaret() throws {
    let text =
      "let x = " + String(repeating: "1 + ", count: 100) + "nope + " + String(repeating: "1 + ", count: 100) + "1\n"
    let r = try Self.nns("check", text)
    let lines = r.err.components(separatedBy: "\n")
    #expect(lines.count >= 3 && lines[1].count < 110 && lines[1].hasPrefix("  …"), "\(r.err)")
    let column = try #require(lines[1].firstRange(of: "nope")).lowerBound.utf16Offset(in: lines[1])
    #expect(lines[2].firstIndex(of: "^")?.utf16Offset(in: lines[2]) == column, "\(r.err)")
  }

  @Test func controlCharactersAreEscaped() throws {
    let r = try Self.nns("check", "print \"\u{1B}[31mred\" + zzz\u{7}\n")
    #expect(r.code == 1)
    #expect(!r.err.contains("\u{1B}") && !r.err.contains("\u{7}"), "\(r.err)")
    #expect(r.err.contains("\\u{1b}[31mred"), "\(r.err)")
  }

  @Test func binaryInputIsRefusedEarly() throws {
    let binary = ExamplesTests.root.appendingPathComponent(".build/debug/nns")
    let head = try FileHandle(forReadingFrom: binary).read(upToCount: 262_144) ?? Data()
    let script = Self.dir.appendingPathComponent("elf.nns")
    try head.write(to: script)
    for command in ["run", "check", "ir"] {
      let r = try ExamplesTests.nns([command, script.path])
      #expect(r.code == 1 && r.err.contains("elf.nns:1:"), "\(r.err)")
      #expect(r.err.contains("this does not look like an NNS script") && r.err.utf8.count < 1_000)
    }
    let zero = try ExamplesTests.nns(["run", "/dev/zero"])
    #expect(zero.code == 1 && zero.err.contains("not a regular file"), "\(zero.err)")
    let directory = try ExamplesTests.nns(["run", Self.dir.path])
    #expect(directory.code == 1 && directory.err.contains("is a directory"), "\(directory.err)")
  }

  @Test func aHugeUnknownNameGetsNoSlowSuggestion() throws {
    let start = Date()
    let r = try Self.nns("check", "print " + String(repeating: "a", count: 1_000_000) + "\n")
    #expect(r.code == 1 && r.err.contains("unknown name") && r.err.utf8.count < 2_000, "\(r.err.prefix(500))")
    #expect(Date().timeIntervalSince(start) < 10)
  }

  @Test func aByteOrderMarkIsIgnored() throws {
    let r = try Self.nns("run", "\u{FEFF}print 1\n")
    #expect(r.code == 0 && r.out == "1\n", "\(r.err)")
  }

  // MARK: class 1 — no conversion of user data to Int traps

  static let hugeTargets = "data d = regression(f: 1e30 * x, n: 10)\n"

  @Test func accuracyOnHugeTargetsNamesTheValue() throws {
    try Self.expectDiagnosed(
      Self.hugeTargets + "net m { input 1; dense 1 }\nprint accuracy(m, d)\n", "which is not a class label",
      checked: false)
  }

  @Test func crossEntropyOnHugeTargetsNamesTheValue() throws {
    try Self.expectDiagnosed(
      Self.hugeTargets + "net m { input 1; dense 2 }\ntrain m on d { loss cross_entropy; epochs 1 }\n",
      "cross_entropy needs class labels", checked: false)
    try Self.expectDiagnosed(
      "data d = regression(f: 1e30 * x1, n: 10, dim: 4)\nnet m over quaternion { input 1; dense 2 }\n"
        + "train m on d { loss cross_entropy; epochs 1 }\n", "cross_entropy needs class labels", checked: false)
  }

  @Test func csvTargetsThatAreHugeOrNotFinite() throws {
    let csv = Self.dir.appendingPathComponent("big.csv")
    try "a,y\n1,1e300\n2,0\n3,2.5\n".write(to: csv, atomically: true, encoding: .utf8)
    let r = try Self.nns(
      "run",
      "data d = csv(\"\(csv.path)\", target: \"y\")\nnet m { input 1; dense 1 }\nprint accuracy(m, d)\n"
        + "train m on d { loss cross_entropy; epochs 1 }\n")
    #expect(r.code == 1 && r.err.contains("error:"), "\(r.err)")
    try "a,y\n1,0\n2,1\n3,nan\n".write(to: csv, atomically: true, encoding: .utf8)
    try Self.expectDiagnosed(
      "data d = csv(\"\(csv.path)\", target: \"y\")\nprint d\n", "big.csv:4: column 'y' has 'nan'", checked: false)
  }

  @Test func plotsOfHugeValues() throws {
    try Self.expectDiagnosed(
      "data d = regression(f: 1e30 * x1, n: 10, dim: 2)\nplot d to \"s.svg\"\n", "which is not a class label",
      checked: false)
    let r = try Self.nns("run", "plot [1.7976931348623157e308, -1.7976931348623157e308] to \"p.svg\"\n")
    #expect(r.code == 0 || (r.code == 1 && r.err.contains("error:")), "\(r.err)")
    let h = try Self.nns("run", "plot [1e308, -1e308, 0, 5e-324], kind: \"histogram\" to \"h.svg\"\n")
    #expect(h.code == 0 || (h.code == 1 && h.err.contains("error:")), "\(h.err)")
  }

  // MARK: class 4 — corrupt net files

  /// A saved quaternion net as JSON, for corrupting.
  static func savedNet() throws -> [String: Any] {
    let file = dir.appendingPathComponent("saved-\(UUID().uuidString).json")
    let r = try nns("run", "net m over quaternion { input 1; dense 2, tanh; dense 1 }\nsave m to \"\(file.path)\"\n")
    #expect(r.code == 0, "\(r.err)")
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
    return try #require(object as? [String: Any])
  }

  static func loadCorrupt(_ change: (inout [String: Any]) -> Void, _ message: String) throws {
    var net = try savedNet()
    change(&net)
    let file = dir.appendingPathComponent("corrupt-\(UUID().uuidString).json")
    try JSONSerialization.data(withJSONObject: net).write(to: file)
    try expectDiagnosed(
      "data d = gaussian(dim: 4, n: 5)\nnet a = load(\"\(file.path)\")\nprint predict(a, d)\n", message, checked: false)
  }

  static func changeTable(_ net: inout [String: Any], _ change: (inout [[[String: Any]]]) -> Void) {
    var spec = net["spec"] as! [String: Any]
    var algebra = spec["algebra"] as! [String: Any]
    var table = algebra["table"] as! [[[String: Any]]]
    change(&table)
    algebra["table"] = table
    spec["algebra"] = algebra
    net["spec"] = spec
  }

  @Test func corruptNetFilesAreRefusedWhenLoaded() throws {
    try Self.loadCorrupt({ Self.changeTable(&$0) { $0[1].removeLast() } }, "field 'spec.algebra.table'")
    try Self.loadCorrupt({ Self.changeTable(&$0) { $0[1][1]["index"] = 99 } }, "out of range")
    try Self.loadCorrupt({ Self.changeTable(&$0) { $0[2][3]["sign"] = 7 } }, "out of range")
    try Self.loadCorrupt({ $0["version"] = 0 }, "field 'version' is 0")
    try Self.loadCorrupt({ $0["loss"] = "bogus" }, "field 'loss'")
    try Self.loadCorrupt({ $0["parameters"] = [1, 2] }, "parameters but its net needs")
    try Self.loadCorrupt(
      {
        var spec = $0["spec"] as! [String: Any]
        spec.removeValue(forKey: "layers")
        $0["spec"] = spec
      }, "field 'spec.layers' is missing")
  }

  @Test func loadOfADirectoryOrADeviceSaysWhatIsWrong() throws {
    try Self.expectDiagnosed("net a = load(\"\(Self.dir.path)\")\n", "is a directory", checked: false)
    try Self.expectDiagnosed("net a = load(\"/dev/zero\")\n", "not a regular file", checked: false)
    try Self.expectDiagnosed(
      "data d = csv(\"/dev/zero\", target: \"y\")\n", "cannot read '/dev/zero': it is not a regular file",
      checked: false)
    try Self.expectDiagnosed("net a = load(\"\(Self.dir.path)/none.json\")\n", "no such file", checked: false)
  }

  // MARK: class 3 — memory estimated before it is allocated

  @Test func hugeGeneratorsAreRefusedAtCheckTime() throws {
    try Self.expectDiagnosed(
      "data d = gaussian(dim: 100000, n: 1000000)\n", "needs about 2.4 TB of memory, more than the budget")
    let r = try Self.nns("check", "data d = gaussian(dim: 100000, n: 1000000)\n")
    #expect(r.err.contains("this machine has") && r.err.contains("reduce n: or dim:"), "\(r.err)")
  }

  /// With constant sizes the checker refuses them (`nns check` and `nns run` alike); with sizes only known
  /// at run time (`let n = …` from a sweep, a loaded net) the same estimate refuses them when they run.
  @Test func probesAreRefusedBeforeTheyAllocate() throws {
    try Self.expectDiagnosed(
      "net m { input 3; dense 10 }\nprint ntk(m, gaussian(dim: 3, n: 1000000)).trace\n", "ntk(m, …) on 1e6 points")
    try Self.expectDiagnosed(
      "data d = gaussian(dim: 3, n: 100000)\nnet m { input 3; dense 10, relu; dense 1 }\nprint ntk_limit(m, d).trace\n",
      "ntk_limit(m, …) on 100000 points needs about")
    try Self.expectDiagnosed(
      "data d = gaussian(dim: 3, n: 100)\nnet m { input 3; dense 1000000 }\nprint fisher(m, d).max\n",
      "fisher(m, …) on 100 points needs about")
    try Self.expectDiagnosed(
      "sweep n in [100000] {\n  data d = gaussian(dim: 3, n: n)\n  net m { input 3; dense 10, relu; dense 1 }\n"
        + "  print t: ntk_limit(m, d).trace\n}\n", "ntk_limit(m, d) on 100000 points needs about", checked: false)
    // 9.6 GB for a 20000² kernel: refused under a 1 GB budget, at once.
    let start = Date()
    try Self.expectDiagnosed(
      "data d = gaussian(dim: 3, n: 2000)\nnet m { input 3; dense 64, relu; dense 10 }\nprint ntk(m, d).trace\n",
      "needs about 9.6 GB", checked: false, environment: ["NNS_MEMORY_LIMIT": "1G"])
    #expect(Date().timeIntervalSince(start) < 10)
  }

  @Test func trainingAndNetsAreEstimated() throws {
    try Self.expectDiagnosed(
      "data d = gaussian(dim: 100, n: 10000)\nnet m { input 100; dense 4000, relu; dense 1 }\n"
        + "train m on d { loss mse; batch full; epochs 1 }\n", "training 'm' with batches of 10000 points",
      checked: false,
      environment: ["NNS_MEMORY_LIMIT": "500M"])
    try Self.expectDiagnosed(
      "net m { input 1000; dense 10000; dense 10000; dense 1 }\nprint 1\n", "net 'm' with", checked: false,
      environment: ["NNS_MEMORY_LIMIT": "1G"])
  }

  @Test func gaussiansDrawOnlyTheCentresThatGetPoints() throws {
    let start = Date()
    let r = try Self.nns("run", "data d = gaussians(n: 10, centers: 10000, dim: 100000)\nprint d\n")
    #expect(r.code == 0 && r.out.contains("10 points × 100000 features"), "\(r.err)")
    #expect(Date().timeIntervalSince(start) < 20)
  }

  @Test func singularitiesCountAllPairsButListFew() throws {
    let r = try Self.nns(
      "run",
      "net m { input 4; dense 512, tanh; dense 1; init constant(0.1) }\nlet s = singularities(m)\n"
        + "print s.overlaps, len(s.pairs)\n")
    #expect(r.code == 0, "\(r.err)")
    #expect(r.out.contains("130816") && r.out.contains("1001"), "\(r.out)")
  }

  // MARK: the fuzzer's seeds are regression inputs too

  static var seeds: [String] {
    let dir = ExamplesTests.root.appendingPathComponent("Tests/Fuzz/seeds").path
    return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
  }

  @Test(arguments: seeds)
  func fuzzSeedEndsWithADiagnosticNeverASignal(_ name: String) throws {
    let path = ExamplesTests.root.appendingPathComponent("Tests/Fuzz/seeds/\(name)").path
    for command in ["check", "run"] {
      let r = try ExamplesTests.nns([command, path], in: Self.dir)
      #expect(r.code == 0 || r.code == 1, "\(command) \(name) exited \(r.code): \(r.err.prefix(1000))")
      if r.code == 1 { #expect(r.err.contains("error:"), "\(name): \(r.err.prefix(500))") }
      #expect(r.err.utf8.count < 50_000, "\(name) wrote \(r.err.utf8.count) bytes of diagnostics")
    }
  }

  // MARK: class 6 — constant arguments checked statically, all at once

  @Test func constantArgumentsAreCheckedAllAtOnce() throws {
    let text = """
      data s = two_spirals(points: 0)
      data a, b = split(s, 1.5)
      algebra c = clifford(p: 30)
      algebra o = cayley_dickson(40)
      net m { input 2; dense 1 }
      train m on s { batch 0; epochs 2 }
      print hessian(m, s, k: 0)
      print fisher(m, s, tol: -1)

      """
    let r = try Self.nns("check", text)
    #expect(r.code == 1)
    for message in [
      "'points' of two_spirals must be", "'fraction' of split must be a number strictly between 0 and 1",
      "'p' of clifford must be a whole number from 0 to 8", "'n' of cayley_dickson must be a whole number from 0 to 6",
      "batch must be a whole number", "'k' of hessian must be", "'tol' of fisher must be a finite number ≥ 0",
    ] {
      #expect(r.err.contains(message), "\(message)\n\(r.err)")
    }
  }

  // MARK: class 7 — interrupts and leftovers

  @Test func ctrlCStopsTheWholeSweep() throws {
    let script = Self.dir.appendingPathComponent("long-sweep.nns")
    try """
    sweep i in 1..1000 {
      data d = xor()
      net m { input 2; dense 8, tanh; dense 1 }
      train m on d { loss mse; epochs 100000 }
      print i: i, loss: loss(m, d)
    }
    print "not reached"

    """.write(to: script, atomically: true, encoding: .utf8)
    // As a terminal's Ctrl-C would: SIGINT to the running process, 3 s in; a watchdog ends a run that
    // ignores it. The exit status of nns is printed last.
    let binary = ExamplesTests.root.appendingPathComponent(".build/debug/nns").path
    let shell = """
      '\(binary)' run '\(script.path)' & pid=$!
      sleep 3; kill -INT $pid
      ( i=0; while [ $i -lt 60 ] && kill -0 $pid 2>/dev/null; do sleep 1; i=$((i+1)); done
        kill -KILL $pid 2>/dev/null ) >/dev/null 2>&1 &
      wait $pid; echo "status=$?"
      """
    let text = try Self.sh(shell)
    // 130 as for a process ended by SIGINT, but after the sweep's own end: the message and the table of
    // the runs that started are there, and the statement after the sweep did not run.
    #expect(text.hasSuffix("status=130\n"), "\(text)")
    #expect(text.contains("sweep interrupted:") && text.contains("of 1000 runs completed"), "\(text)")
    #expect(text.split(separator: "\n").contains { $0.hasSuffix("loss") }, "no table: \(text)")
    #expect(!text.contains("not reached"), "\(text)")
  }

  @Test func sigtermLeavesNoTemporaryFiles() throws {
    let dir = Self.dir.appendingPathComponent("sigterm-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let script = dir.appendingPathComponent("big.nns")
    // Each save holds its finished temporary file for 2 s before the rename (the test hook
    // NNS_TEST_PAUSE_BEFORE_RENAME), so the signal certainly lands while a write is under way.
    try (0..<8).map { "save 1..1000 to \"big\($0).json\"" }.joined(separator: "\n")
      .write(to: script, atomically: true, encoding: .utf8)
    let binary = ExamplesTests.root.appendingPathComponent(".build/debug/nns").path
    // SIGTERM as soon as a temporary file exists (a write is under way); "seen" says one was caught.
    let shell = """
      cd '\(dir.path)' || exit 1
      NNS_TEST_PAUSE_BEFORE_RENAME=2000000 '\(binary)' run big.nns & pid=$!
      i=0; while [ $i -lt 1500 ] && ! ls -a | grep -q 'tmp-'; do sleep 0.02; i=$((i+1)); done
      ls -a | grep -q 'tmp-' && echo seen
      kill -TERM $pid; wait $pid
      """
    let seen = try Self.sh(shell)
    #expect(seen.contains("seen"), "no write was caught in progress")
    let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
    #expect(left.isEmpty, "left behind: \(left)")
  }

  @Test func staleTemporaryFilesAreRemovedByTheNextWrite() throws {
    let dead = Process()
    dead.executableURL = URL(fileURLWithPath: "/bin/true")
    try dead.run()
    dead.waitUntilExit()
    let stale = Self.dir.appendingPathComponent(".out.json.tmp-\(dead.processIdentifier)-12345")
    try "partial".write(to: stale, atomically: false, encoding: .utf8)
    let target = Self.dir.appendingPathComponent("out.json")
    let r = try Self.nns("run", "save [1, 2] to \"\(target.path)\"\n")
    #expect(r.code == 0, "\(r.err)")
    #expect(!FileManager.default.fileExists(atPath: stale.path))
    #expect(FileManager.default.fileExists(atPath: target.path))
  }

  // MARK: class 8 — messages

  @Test func messagesSayWhatIsWrong() throws {
    let csv = Self.dir.appendingPathComponent("quote.csv")
    try "a,y\n1,0\n\"2,1\n3,1\n".write(to: csv, atomically: true, encoding: .utf8)
    try Self.expectDiagnosed(
      "data d = csv(\"\(csv.path)\", target: \"y\")\n", "quote.csv:3: malformed CSV: the quoted field", checked: false)
    try Self.expectDiagnosed("sweep i in 1..1e10 { print i }\n", "below 1e9 in magnitude", checked: false)
    let write = try Self.nns("run", "save [1] to \"/proc/nope/x.json\"\n")
    #expect(write.code == 1 && write.err.components(separatedBy: "cannot write").count == 2, "\(write.err)")
    let bogus = try ExamplesTests.nns(["bogus"])
    #expect(bogus.code == 2 && bogus.err.contains("unknown command 'bogus'"), "\(bogus.err)")
    let seed = try ExamplesTests.nns(["run", "examples/xor.nns", "--seed", "-1"])
    #expect(seed.code == 2 && seed.err.contains("'-1' is invalid"), "\(seed.err)")
  }
}
