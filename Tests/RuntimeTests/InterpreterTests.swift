import Diagnostics
import Foundation
import Lexer
import Testing

@testable import Report
@testable import Runtime
@testable import Semantics

/// Runs a script in-process; returns its output and diagnostics rendered.
func runScript(_ text: String, parallel: Bool = true, seed: UInt64? = nil) -> (out: String, errors: String) {
  var out = ""
  let session = Session(seed: seed) { out += $0 }
  session.interpreter.parallelSweeps = parallel
  let diagnostics = session.run(SourceFile(path: "t.nns", text: text))
  return (out, session.render(diagnostics))
}

func temporaryDirectory(_ name: String) throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "nns-\(name)-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir
}

struct InterpreterTests {
  @Test func arithmeticIsElementwiseAndReductionsReduce() {
    let r = runScript(
      """
      print [1, 2, 3] * 2 + 1
      print sum([1, 2, 3]), mean(1..4), max(3, 7, 5), len([1, 2])
      print 2 ^ 3 ^ 2, -2 ^ 2
      print [1, 2][1] + [[1, 2], [3, 4]][1, 0]
      """)
    #expect(r.errors == "")
    #expect(r.out.contains("[3, 5, 7]"))
    #expect(r.out.contains("sum([1, 2, 3])  mean(1..4)") && r.out.contains(" 2.5 "))
    #expect(r.out.contains("512"))
    #expect(r.out.contains("-4"))
    #expect(r.out.contains("= 5"))
  }

  @Test func sweepMergesSeedsIntoMeanAndStd() {
    let r = runScript(
      """
      sweep w in [1, 2], s in 1..3 {
        print w: w, v: w * 10 + s
      }
      """)
    #expect(r.errors == "")
    // w = 1: values 11, 12, 13 → 12 ± 1; w = 2: 21, 22, 23 → 22 ± 1.
    #expect(r.out.contains("1  12.0 ± 1.0") || r.out.contains("12 ± 1"), "\(r.out)")
    let lines = r.out.split(separator: "\n")
    #expect(lines.count == 5, "header, rule, one row per w and the note:\n\(r.out)")
    #expect(r.out.contains("v: mean ± std over 3 runs per row"), "\(r.out)")
  }

  @Test func parallelSweepEqualsSequentialSweep() {
    let script = """
      sweep w in [3, 5], s in 1..2 {
        seed s
        data d = moons(n: 60, noise: 0.1)
        net m { input 2; dense w, tanh; dense 1, sigmoid }
        train m on d { optimizer adam(lr: 0.05); epochs 30; every 10: loss(m, d) }
        print w: w, loss: loss(m, d), acc: accuracy(m, d)
      }
      """
    let parallel = runScript(script, parallel: true)
    let sequential = runScript(script, parallel: false)
    #expect(parallel.errors == "" && sequential.errors == "")
    #expect(parallel.out == sequential.out)
    #expect(parallel.out.contains("±"))
  }

  @Test func sameSeedSameNumbersDifferentSeedDifferentNumbers() {
    let script = """
      data d = two_spirals()
      net m { input 2; dense 8, tanh; dense 1, sigmoid }
      train m on d { optimizer sgd(lr: 0.1, momentum: 0.5); batch 16; epochs 20 }
      print loss(m, d)
      """
    let a = runScript(script, seed: 1)
    let b = runScript(script, seed: 1)
    let c = runScript(script, seed: 2)
    #expect(a.out == b.out && a.errors == "")
    #expect(a.out != c.out)
  }

  @Test func savedNetLoadsBitForBit() throws {
    let dir = try temporaryDirectory("save")
    let path = dir.appendingPathComponent("m.json").path
    let r = runScript(
      """
      data d = gaussian(dim: 3, n: 20)
      net m over complex { input 1; dense 4, tanh; batchnorm; dense 1 }
      net plain { input 3; residual span: 2 { dense 3, relu; dense 3, relu }; dense 2, softmax }
      save m to "\(path)"
      net again = load("\(path)")
      data c = gaussian(dim: 2, n: 20)
      assert predict(again, c) == predict(m, c)
      save plain to "\(path).2.json"
      net plain2 = load("\(path).2.json")
      assert predict(plain2, d) == predict(plain, d)
      """)
    #expect(r.errors == "")
    let json = try String(contentsOfFile: path, encoding: .utf8)
    #expect(json.contains("\"format\" : \"nns-net\"") && json.contains("\"version\" : 1"))
  }

  @Test func resultsSaveAsCSVAndJSON() throws {
    let dir = try temporaryDirectory("results")
    let r = runScript(
      """
      data d = xor()
      save predict(load("/no/such.json"), d) to "\(dir.path)/never.csv"
      """)
    #expect(r.errors.contains("cannot read '/no/such.json': no such file"))
    let ok = runScript(
      """
      data d = xor()
      net m { input 2; dense 1 }
      train m on d { epochs 3 }
      save predict(m, d) to "\(dir.path)/p.csv"
      save history(m) to "\(dir.path)/h.json"
      """)
    #expect(ok.errors == "")
    let csv = try String(contentsOfFile: dir.path + "/p.csv", encoding: .utf8)
    #expect(csv.split(separator: "\r\n").count == 5)
    let json = try JSONValue.parse(String(contentsOfFile: dir.path + "/h.json", encoding: .utf8))
    #expect(json["loss"]?.arrayValue?.count == 3)
  }

  @Test func divergenceNamesTheEpochAndSuggestsARate() {
    let r = runScript(
      """
      data d = gaussian(dim: 4, n: 50)
      data t = teacher(d2net, n: 50)
      """)
    #expect(r.errors.contains("unknown name 'd2net'"))
    let diverge = runScript(
      """
      data d = regression(f: 100 * x, n: 50)
      net m { input 1; dense 16, relu; dense 1 }
      train m on d { optimizer gd(lr: 1000); epochs 1000 }
      """)
    #expect(diverge.errors.contains("diverged at epoch"), "\(diverge.errors)")
    #expect(diverge.errors.contains("try a smaller learning rate"))
    #expect(diverge.errors.contains("t.nns:3:1: error:"))
  }

  @Test func runtimeErrorsAreLocatedDiagnostics() {
    let missing = runScript("data d = csv(\"no/such.csv\")\n")
    #expect(missing.errors.contains("t.nns:1:10: error:") && missing.errors.contains("no/such.csv"))
    let shape = runScript(
      """
      let n = 3
      data d = xor()
      net m { input n; dense 1 }
      print loss(m, d)
      """)
    #expect(shape.errors.contains("takes 3 real input features") && shape.errors.contains("has 2"), "\(shape.errors)")
    let targets = runScript(
      """
      data d = xor()
      net m { input 2; dense 3 }
      train m on d { epochs 1 }
      """)
    #expect(targets.errors.contains("3 outputs") && targets.errors.contains("1 targets"), "\(targets.errors)")
    let index = runScript("print [1, 2][2]\n")
    #expect(index.errors.contains("index 2 is out of range 0..<2"))
  }

  @Test func assertFailureShowsBothSides() {
    let r = runScript("let a = 2\nassert a * 3 > 7, \"six is not more than seven\"\n")
    #expect(r.errors.contains("assertion failed: six is not more than seven"))
    #expect(r.errors.contains("a * 3 = 6"))
  }

  @Test func lrAutoUsesTheFisherMaximum() {
    let r = runScript(
      """
      data d = gaussian(dim: 3, n: 40)
      net teacher_net { input 3; dense 4, tanh; dense 1 }
      data t = teacher(teacher_net, n: 40)
      net m { input 3; dense 8, tanh; dense 1 }
      let bound = lr_bound(m, t)
      train m on t { optimizer gd(lr: auto); epochs 5 }
      """)
    #expect(r.errors == "")
    #expect(r.out.contains("lr auto = "))
  }

  @Test func reportCollectsTablesAndFigures() throws {
    let dir = try temporaryDirectory("report")
    var out = ""
    let session = Session { out += $0 }
    session.interpreter.report = MarkdownReport(title: "t")
    let diagnostics = session.run(
      SourceFile(
        path: "t.nns",
        text: """
          data d = xor()
          net m { input 2; dense 4, tanh; dense 1, sigmoid }
          train m on d { epochs 10 }
          print accuracy: accuracy(m, d)
          plot history(m) to "\(dir.path)/h.svg"
          """))
    #expect(diagnostics.isEmpty)
    let md = session.interpreter.report!.render()
    #expect(md.contains("| accuracy |"))
    #expect(md.contains("h.svg"))
    #expect(FileManager.default.fileExists(atPath: dir.path + "/h.svg"))
  }
}

struct NetAssignmentTests {
  @Test func assigningANetCopiesIt() {
    let r = runScript(
      """
      data d = xor()
      net a { input 2; dense 4, tanh; dense 1, sigmoid }
      net b = a
      let before = predict(a, d)
      train b on d { optimizer adam(lr: 0.1); epochs 50 }
      assert predict(a, d) == before, "training b leaves a as it was"
      assert loss(b, d) < loss(a, d)
      """)
    #expect(r.errors == "", "\(r.errors)")
  }
}
