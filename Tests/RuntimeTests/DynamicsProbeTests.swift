import Foundation
import Testing

@testable import Report
@testable import Runtime
@testable import Semantics

/// propagation, landscape, decision_boundary and ntk_predict through the language: records, figures and
/// their diagnostics.
struct DynamicsProbeTests {
  @Test func recordsPrintAndPlot() throws {
    let dir = try temporaryDirectory("dynamics")
    let r = runScript(
      """
      seed 1
      data d = two_spirals()
      net s { input 2; dense 12, tanh; dense 1, sigmoid }
      train s on d { optimizer adam(lr: 0.02); epochs 50 }
      let b = decision_boundary(s, d, resolution: 50)
      assert b.classes.rows == 50 and b.classes.cols == 50 and len(b.x) == 50
      plot b to "\(dir.path)/db.svg"
      let l = landscape(s, d, steps: 9)
      assert len(l.loss) == 9 and abs(l.loss[4] - l.center) < 1e-12 and abs(l.center - loss(s, d)) < 1e-12
      plot l to "\(dir.path)/l.svg"
      plot landscape(s, d, dims: 2, steps: 5) to "\(dir.path)/l2.svg"
      net deep { input 2; dense 64, relu; dense 64, relu; dense 1; init he }
      let p = propagation(deep, samples: 3)
      assert p.phase == "critical" and p.chi == 1
      plot p to "\(dir.path)/phase.svg"
      let k = ntk_predict(s, d, d, lr: 0.1, time: 10, points: 5)
      assert len(k.time) == 5 and k.train_loss[4] < k.train_loss[0]
      plot k to "\(dir.path)/ntk.svg"
      """)
    #expect(r.errors == "", "\(r.errors)")
    for f in ["db", "l", "l2", "phase", "ntk"] {
      let svg = try String(contentsOfFile: dir.path + "/\(f).svg", encoding: .utf8)
      #expect(svg.hasPrefix("<?xml") || svg.hasPrefix("<svg"), "\(f)")
    }
  }

  @Test func diagnostics() {
    let cases: [(String, String)] = [
      (
        "data g = gaussian(dim: 3, n: 10)\nnet m { input 3; dense 2, tanh; dense 1 }\nprint decision_boundary(m, g)\n",
        "decision_boundary needs 2-D data"
      ),
      ("data d = xor()\nnet m { input 2; dense 1 }\nprint propagation(m)\n", "at least one hidden layer"),
      (
        "data d = xor()\nnet m over complex { input 1; dense 2, tanh; dense 1 }\nprint propagation(m)\n",
        "real nets only"
      ),
      (
        "data d = xor()\nnet m { input 2; dense 3, tanh; dense 1 }\nprint landscape(m, d, range: -1)\n",
        "'range' of landscape must be a finite number > 0"
      ),
      ("data d = xor()\nnet m { input 2; dense 3, tanh; dense 1 }\nprint landscape(m, d, dims: 3)\n", "dims"),
      ("data d = xor()\nnet m { input 2; dense 3, tanh; dense 1 }\nprint landscape(m, d, dirs: sideways)\n", "one of"),
      ("data d = xor()\nnet m { input 2; dense 3, tanh; dense 1 }\nprint ntk_predict(m, d, d, lr: -1)\n", "≥ 0"),
      (
        "data d = xor()\nnet m { input 2; dense 3, tanh; dense 1 }\nprint decision_boundary(m, d, resolution: 1e9)\n",
        "resolution"
      ),
    ]
    for (script, message) in cases {
      let r = runScript(script)
      #expect(r.errors.contains(message), "\(script)\n→ \(r.errors)")
      #expect(r.errors.contains("t.nns:3:"), "located: \(r.errors)")
    }
  }
}

/// ntk_predict estimates its two Jacobians and kernels before allocating them.
@Test func ntkPredictRefusesWhatExceedsTheMemoryBudget() {
  let r = runScript(
    "data d = gaussian(dim: 2, n: 200000)\nnet m { input 2; dense 4096, tanh; dense 1 }\nprint ntk_predict(m, d, d)\n")
  #expect(
    r.errors.contains("ntk_predict(m, …)") && r.errors.contains("B of memory, more than the budget"), "\(r.errors)")
  #expect(r.errors.contains("t.nns:3:7"))
}

/// A probe whose net and data sizes are constants is refused by the checker, before anything runs.
@Test func probeMemoryIsCheckedStatically() {
  var out = ""
  let session = Session { out += $0 }
  let (program, diagnostics) = session.check(
    .init(
      path: "t.nns", text: "net m { input 3; dense 64, relu; dense 1 }\nprint ntk(m, gaussian(dim: 3, n: 1000000))\n"))
  #expect(program == nil)
  let text = session.render(diagnostics)
  #expect(
    text.contains("t.nns:2:7: error: ntk(m, …) on 1e6 points needs about") && text.contains("of memory"), "\(text)")
  // Sizes that fit pass the check.
  let (ok, none) = session.check(
    .init(path: "u.nns", text: "net k { input 3; dense 8, relu; dense 1 }\nprint ntk(k, gaussian(dim: 3, n: 100))\n"))
  #expect(ok != nil && none.isEmpty)
}
