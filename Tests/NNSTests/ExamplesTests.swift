import Foundation
import Testing

/// End to end: the built `nns` binary (`make test` builds it first) runs every example script in
/// `examples/`; each ends with `assert`s about the science it shows, so exit 0 means they held.
struct ExamplesTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static var examples: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("examples").path)) ?? [])
      .filter { $0.hasSuffix(".nns") }.sorted()
  }

  /// Runs `nns args…` from the repository root, with `environment` added to this process's and `unset`
  /// removed from it; returns exit code, stdout and stderr.
  static func nns(
    _ args: [String], stdin: String? = nil, in directory: URL? = nil, environment: [String: String] = [:],
    unset: [String] = []
  ) throws -> (
    code: Int32, out: String, err: String
  ) {
    let binary = root.appendingPathComponent(".build/debug/nns")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
      Issue.record("build the nns binary first: swift build --product nns (make test does)")
      return (-1, "", "")
    }
    let p = Process()
    p.executableURL = binary
    p.arguments = args
    p.currentDirectoryURL = directory ?? root
    if !environment.isEmpty || !unset.isEmpty {
      var e = ProcessInfo.processInfo.environment.merging(environment) { $1 }
      for name in unset { e[name] = nil }
      p.environment = e
    }
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input
    try p.run()
    // stderr is drained on its own thread: a child that fills one pipe while we wait on the other
    // would otherwise never finish.
    let errors = DataBox()
    let drained = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      errors.data = err.fileHandleForReading.readDataToEndOfFile()
      drained.signal()
    }
    if let stdin { input.fileHandleForWriting.write(stdin.data(using: .utf8)!) }
    try input.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    drained.wait()
    let e = errors.data
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
  }

  @Test(arguments: examples)
  func exampleRunsAndItsAssertionsHold(_ name: String) throws {
    let r = try Self.nns(["run", "examples/\(name)"])
    #expect(r.code == 0, "\(name) failed:\n\(r.err)")
  }

  /// Every example's checked IR is golden (`Tests/NNSTests/golden/ir/NAME.ir`; `NNS_UPDATE_GOLDEN=1`
  /// rewrites them): a change to how the checker binds a built-in shows as a diff here.
  @Test(arguments: examples)
  func irOfEveryExampleIsGolden(_ name: String) throws {
    let r = try Self.nns(["ir", "examples/\(name)"])
    #expect(r.code == 0, "\(r.err)")
    let golden = Self.root.appendingPathComponent("Tests/NNSTests/golden/ir")
      .appendingPathComponent(name.replacingOccurrences(of: ".nns", with: ".ir"))
    if ProcessInfo.processInfo.environment["NNS_UPDATE_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(
        at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
      try r.out.write(to: golden, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    #expect(r.out == expected, "the IR of \(name) changed: NNS_UPDATE_GOLDEN=1 swift test rewrites it")
  }

  @Test func xorReachesFullAccuracy() throws {
    let r = try Self.nns(["run", "examples/xor.nns"])
    #expect(r.out.contains("accuracy(m, points) = 1\n"))
  }

  @Test func exitCodes() throws {
    #expect(try Self.nns(["check", "examples/xor.nns"]).code == 0)
    let missing = try Self.nns(["run", "no/such/file.nns"])
    #expect(missing.code == 1)
    #expect(missing.err.contains("no such file 'no/such/file.nns'"))
    #expect(try Self.nns(["run"]).code == 2)
    #expect(try Self.nns(["frobnicate"]).code == 2)
    #expect(try Self.nns(["run", "examples/xor.nns", "--seed", "x"]).code == 2)
    let version = try Self.nns(["--version"])
    #expect(version.code == 0 && !version.out.isEmpty)
  }

  @Test func checkReportsAllErrorsWithCarets() throws {
    let r = try Self.nns(["check", "Tests/RuntimeTests/golden/check/three_mistakes.nns"])
    #expect(r.code == 1)
    let errors = r.err.components(separatedBy: "\n").filter { $0.contains(": error: ") }
    #expect(errors.count == 3)
    #expect(
      r.err.components(separatedBy: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("^") }.count == 3)
  }

  @Test func setOverridesALetAndUnknownSetIsAnError() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nns-set-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let script = dir.appendingPathComponent("s.nns")
    try "let width = 3\nprint width * 2\n".write(to: script, atomically: true, encoding: .utf8)
    let r = try Self.nns(["run", script.path, "--set", "width=5"])
    #expect(r.code == 0 && r.out == "width * 2 = 10\n", "\(r.out)\(r.err)")
    let bad = try Self.nns(["run", script.path, "--set", "widht=5"])
    #expect(bad.code == 1 && bad.err.contains("did you mean 'width'?"))
  }

  @Test func garbageInputNeverCrashes() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nns-garbage-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let cases: [String] = [
      String(repeating: "(", count: 5000), "net m { input 2; dense 1e12 }\n", "print 1e999\n",
      "data d = xor()\nnet m { input 2; dense 100000, relu; dense 100000 }\nprint loss(m, d)\n",
      "\u{0}\u{1}\u{FFFD}garbage\n", "sweep a in 1..1000000000 { print a }\n", "let x = [1, 2][5]\nprint x\n",
      "print 1 / 0\n", "seed -1\n", "data d = gaussian(dim: 0)\n",
    ]
    for (k, text) in cases.enumerated() {
      let script = dir.appendingPathComponent("g\(k).nns")
      try text.write(to: script, atomically: true, encoding: .utf8)
      let r = try Self.nns(["run", script.path])
      #expect(r.code == 0 || r.code == 1, "case \(k) exited with \(r.code): \(r.err)")
      if r.code == 1 { #expect(r.err.contains("error:"), "case \(k): \(r.err)") }
    }
  }
}

/// Holds what a reader thread collected.
final class DataBox: @unchecked Sendable {
  var data = Data()
}

/// SPEC §3's sketch is a contract: scripts in that form must run. A copy of it (the golden parse test's
/// input, kept equal to the SPEC's text) runs whole from a scratch directory with `examples/` linked in:
/// it trains, sweeps, asserts the complex net fits the spirals, and saves and loads the net. Relative
/// paths start at the script's folder, so fim.svg, loss.svg and cnet.json land next to it.
struct SpecSketchTests {
  @Test func theSpecSketchRunsWhole() throws {
    let root = ExamplesTests.root
    let sketch = try String(
      contentsOf: root.appendingPathComponent("Tests/ParserTests/golden/spec_example.nns"), encoding: .utf8)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nns-sketch-\(getpid())")
    try? FileManager.default.removeItem(at: dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      at: dir.appendingPathComponent("examples"), withDestinationURL: root.appendingPathComponent("examples"))
    let whole = dir.appendingPathComponent("sketch.nns")
    try sketch.write(to: whole, atomically: true, encoding: .utf8)
    // Run from elsewhere (the repository root): paths still resolve from the script's folder.
    let r = try ExamplesTests.nns(["run", whole.path])
    #expect(r.code == 0, "\(r.err)")
    #expect(r.out.contains("± "), "the sweep table merges seeds")
    for file in ["fim.svg", "loss.svg", "cnet.json"] {
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path), "\(file)")
      #expect(r.out.contains("wrote \(dir.appendingPathComponent(file).path)"), "\(r.out)")
    }
  }

  /// The copy is the SPEC's own text (when the shared SPEC is beside the repository, as in CI).
  @Test func theCopyIsTheSpecText() throws {
    let spec = ExamplesTests.root.deletingLastPathComponent().appendingPathComponent("shared/SPEC.md")
    guard let text = try? String(contentsOf: spec, encoding: .utf8) else { return }
    guard let start = text.range(of: "```nns\n"),
      let end = text.range(of: "```", range: start.upperBound..<text.endIndex)
    else {
      Issue.record("SPEC.md has no nns block")
      return
    }
    let copy = try String(
      contentsOf: ExamplesTests.root.appendingPathComponent("Tests/ParserTests/golden/spec_example.nns"),
      encoding: .utf8)
    #expect(copy == String(text[start.upperBound..<end.lowerBound]))
  }
}

/// The script at the top of the README is the first thing a user copies: it must run as shown.
struct ReadmeExampleTests {
  @Test func readmeScriptRuns() throws {
    let readme = try String(contentsOf: ExamplesTests.root.appendingPathComponent("README.md"), encoding: .utf8)
    guard let start = readme.range(of: "```nns\n"),
      let end = readme.range(of: "```", range: start.upperBound..<readme.endIndex)
    else {
      Issue.record("README has no nns block")
      return
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nns-readme-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let script = dir.appendingPathComponent("readme.nns")
    try String(readme[start.upperBound..<end.lowerBound]).write(to: script, atomically: true, encoding: .utf8)
    let r = try ExamplesTests.nns(["run", script.path], in: dir)
    #expect(r.code == 0, "\(r.err)")
  }
}

/// docs/gallery.md is `nns weave docs/gallery.src.md -o docs/gallery.md`: woven again in a scratch folder,
/// the text and every figure must come out byte for byte as committed (the gallery is deterministic).
/// After changing the source: `nns weave docs/gallery.src.md -o docs/gallery.md` and commit both.
struct GalleryTests {
  @Test func galleryReweavesIdentically() throws {
    let docs = ExamplesTests.root.appendingPathComponent("docs")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nns-gallery-\(getpid())")
    try? FileManager.default.removeItem(at: dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: docs.appendingPathComponent("gallery.src.md"), to: dir.appendingPathComponent("gallery.src.md"))
    let r = try ExamplesTests.nns(
      ["weave", dir.appendingPathComponent("gallery.src.md").path, "-o", dir.appendingPathComponent("gallery.md").path])
    #expect(r.code == 0, "\(r.err)")
    let woven = try String(contentsOf: dir.appendingPathComponent("gallery.md"), encoding: .utf8)
    let committed = try String(contentsOf: docs.appendingPathComponent("gallery.md"), encoding: .utf8)
    #expect(woven == committed, "docs/gallery.md is stale: re-weave it")
    let figures = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("gallery").path)
    #expect(!figures.isEmpty)
    for f in figures {
      let made = try Data(contentsOf: dir.appendingPathComponent("gallery/\(f)"))
      let kept = try? Data(contentsOf: docs.appendingPathComponent("gallery/\(f)"))
      #expect(made == kept, "docs/gallery/\(f) is stale or missing")
    }
  }
}
