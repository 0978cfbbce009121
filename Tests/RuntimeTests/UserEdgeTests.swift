import Foundation
import Testing

@testable import Report
@testable import Runtime
@testable import Semantics

/// What a new user tripped over (issue #9): each made right and pinned here.
struct UserEdgeTests {
  @Test func stringsJoinWithNumbersInTheTablesFormat() throws {
    let dir = try temporaryDirectory("concat")
    let r = runScript(
      """
      let w = 64
      print "net_" + w + ".json"
      print "lr " + 0.123456 + ", " + 3 + "x"
      sweep k in [2, 4] {
        net m { input 1; dense k }
        save m to "\(dir.path)/net_" + k + ".json"
      }
      """)
    #expect(r.errors == "", "\(r.errors)")
    #expect(r.out.contains("net_64.json\n") && r.out.contains("lr 0.1235, 3x\n"), "\(r.out)")
    for k in [2, 4] { #expect(FileManager.default.fileExists(atPath: dir.path + "/net_\(k).json")) }
    let bad = runScript("print \"a\" + [1, 2]\n")
    #expect(bad.errors.contains("'+' joins a string with strings or numbers"), "\(bad.errors)")
  }

  /// `step: k * 200` shows the sweep variable k: rows group by k and merge over the seed s only, and the
  /// note says which columns are means.
  @Test func sweepRowsGroupByTheSweepVariablesWhateverIsPrinted() {
    let r = runScript(
      """
      sweep k in 1..3, s in 1..2 {
        print step: k * 200, err: k + s / 10
      }
      """)
    #expect(r.errors == "", "\(r.errors)")
    let lines = r.out.split(separator: "\n")
    #expect(lines.count == 6, "header, rule, 3 rows, note:\n\(r.out)")
    #expect(r.out.contains(" 400  2.150 ± 0.071"), "\(r.out)")
    #expect(r.out.contains("err: mean ± std over 2 runs per row"), "\(r.out)")
  }

  /// A constant column (`net: "a"`) keys its print's rows: two prints in one sweep stay two rows.
  @Test func constantColumnsKeepPrintsApart() {
    let r = runScript(
      """
      sweep k in 1..2, s in 1..3 {
        print net: "a", k: k, v: k + s
        print net: "b", k: k, v: 10 * (k + s)
      }
      """)
    #expect(r.errors == "", "\(r.errors)")
    let rows = r.out.split(separator: "\n").filter { $0.hasPrefix("a ") || $0.hasPrefix("b ") }
    #expect(rows == ["a    1  3.0 ± 1.0", "b    1    30 ± 10", "a    2  4.0 ± 1.0", "b    2    40 ± 10"], "\(r.out)")
  }

  @Test func writesAreAnnouncedUnlessQuiet() throws {
    let dir = try temporaryDirectory("wrote")
    let script = "data d = xor()\nnet m { input 2; dense 1 }\nsave m to \"\(dir.path)/m.json\"\n"
    let r = runScript(script)
    #expect(r.out == "wrote \(dir.path)/m.json\n", "\(r.out)")
    var out = ""
    let session = Session { out += $0 }
    session.interpreter.quiet = true
    _ = session.run(.init(path: "t.nns", text: script))
    #expect(out == "")
  }

  /// Relative paths start at the script's folder: a script in a/ reads a/data.csv and writes a/out/….
  @Test func pathsResolveFromTheScriptsFolder() throws {
    let dir = try temporaryDirectory("relative")
    try "x,y\n1,2\n2,4\n3,6\n".write(toFile: dir.path + "/data.csv", atomically: true, encoding: .utf8)
    var out = ""
    let session = Session { out += $0 }
    let script = """
      data d = csv("data.csv", target: "y")
      net m { input 1; dense 1 }
      save m to "out/m.json"
      net again = load("out/m.json")
      plot history(m) to "out/h.svg"
      print len(d)
      """
    let diagnostics = session.run(.init(path: dir.path + "/s.nns", text: script))
    #expect(session.render(diagnostics) == "")
    #expect(FileManager.default.fileExists(atPath: dir.path + "/out/m.json"))
    #expect(FileManager.default.fileExists(atPath: dir.path + "/out/h.svg"))
    #expect(out.contains("len(d) = 3"), "\(out)")
  }

  @Test func reportLinksFiguresRelativeToTheReport() {
    var report = MarkdownReport()
    report.addFigure(path: "out/loss.svg", caption: "loss")
    #expect(report.render(at: "docs/report.md").contains("![loss](../out/loss.svg)"))
    #expect(report.render(at: "report.md").contains("![loss](out/loss.svg)"))
    #expect(RelativePath.of("/a/b/c.svg", from: "/a/d/e") == "../../b/c.svg")
  }

  /// weave inserts the figures a block plotted, linked relative to the woven file, and re-weaving
  /// replaces them instead of adding copies.
  @Test func weaveEmbedsFiguresIdempotently() throws {
    let dir = try temporaryDirectory("weavefig")
    let notes = """
      # Notes

      ```nns
      data d = xor()
      net m { input 2; dense 3, tanh; dense 1 }
      train m on d { epochs 20 }
      plot history(m), title: "xor loss" to "fig/loss.svg"
      ```

      The end.
      """
    let once = Weaver.weave(notes, path: dir.path + "/notes.md", output: dir.path + "/woven/notes.md")
    #expect(!once.failed, "\(once.diagnostics)")
    #expect(once.text.contains("![xor loss](../fig/loss.svg) \(Weaver.figureMarker)"), "\(once.text)")
    #expect(FileManager.default.fileExists(atPath: dir.path + "/fig/loss.svg"))
    let twice = Weaver.weave(once.text, path: dir.path + "/notes.md", output: dir.path + "/woven/notes.md")
    #expect(twice.text == once.text)
    #expect(once.text.hasSuffix("The end.\n"))
  }

  @Test func regressionFormulasUseTheActivationsFunctions() {
    let r = runScript(
      """
      data d = regression(f: tanh(2 * x1) + sigmoid(x1) + relu(x1) + erf(x1) + softplus(x1) + gelu(x1), n: 20)
      assert len(d) == 20
      assert abs(tanh(0.5) - 0.46211715726000974) < 1e-15
      assert sign(-3) == -1 and floor(2.7) == 2
      """)
    #expect(r.errors == "", "\(r.errors)")
  }

  /// loss(net, data, loss: X) evaluates any loss; gd(lr: 0) trains without moving (an evaluation run).
  @Test func anyLossCanBeEvaluatedAndZeroRateTrains() {
    let r = runScript(
      """
      seed 1
      data d = moons(n: 40)
      net m { input 2; dense 4, tanh; dense 1, sigmoid }
      train m on d { loss logistic; optimizer gd(lr: 0); epochs 3; every 1: loss(m, d) }
      let before = loss(m, d, loss: mse)
      let p = predict(m, d)
      assert abs(before - mean((p - d.y) * (p - d.y))) < 1e-12
      assert loss(m, d) == loss(m, d, loss: logistic)
      """)
    #expect(r.errors == "", "\(r.errors)")
    let bad = runScript("data d = xor()\nnet m { input 2; dense 1 }\nprint loss(m, d, loss: mae)\n")
    #expect(bad.errors.contains("'loss' is one of"), "\(bad.errors)")
  }
}

/// A printed net spells its initializer and activations as a script does, so they can be pasted back:
/// each case writes a spelling and expects the same spelling printed.
struct PrintedNetTests {
  @Test(arguments: [
    ("he(uniform, fan_out)", "leaky_relu(0.2)"), ("he(mode: fan_out)", "polar_tanh"),
    ("glorot(uniform)", "modrelu(-0.3)"),
    ("even(std: 0.2)", "tanh"), ("constant(0.5)", "idempotent_tanh"),
  ])
  func spellingRoundTrips(initializer: String, activation: String) {
    let algebra = activation == "idempotent_tanh" ? "hyperbolic" : "complex"
    let script = "net m over \(algebra) { input 1; dense 3, \(activation); dense 1; init \(initializer) }\nprint m\n"
    let r = runScript(script)
    #expect(r.errors == "", "\(r.errors)")
    #expect(r.out.contains("init \(initializer), param standard"), "\(r.out)")
    #expect(r.out.contains(" \(activation)"), "\(r.out)")
  }
}
