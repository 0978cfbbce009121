import Foundation
import Testing

@testable import Engine
@testable import Runtime
@testable import Semantics

/// Issue #9's user-facing edges: each pinned against an explicit computation.
struct ExactScienceTests {
  /// On a logit head (identity under logistic) and on a hinge head the class is the sign of f, not f > 0.5:
  /// the count is checked against predict's outputs computed by hand.
  @Test(arguments: ["logistic", "hinge"]) func accuracyOfALogitHeadIsTheSign(loss: String) {
    let r = runScript(
      """
      seed 5
      data d = moons(n: 80, noise: 0.3)
      net m { input 2; dense 6, tanh; dense 1 }
      train m on d { loss \(loss); optimizer adam(lr: 0.02); epochs 40 }
      let f = predict(m, d)
      let s = 2 * d.y - 1
      # 1 where f and the ±1 label agree in sign, 0 where not (f·s ≠ 0 here).
      let signs = sum((f * s + abs(f * s)) / (2 * abs(f * s))) / len(d)
      let halves = sum(((f - 0.5) * s + abs((f - 0.5) * s)) / (2 * abs((f - 0.5) * s))) / len(d)
      print acc: accuracy(m, d), signs: signs, halves: halves
      assert accuracy(m, d) == signs
      assert halves != signs, "the test must tell the two rules apart"
      """)
    #expect(r.errors == "", "\(r.errors)")
  }

  @Test func accuracyUnderMSEFollowsTheLabelConvention() throws {
    // ±1 labels under mse: the threshold is 0, not 0.5.
    let out = Matrix(rows: 4, cols: 1, data: [0.3, -0.2, 0.7, -0.9])
    let pm = Matrix(rows: 4, cols: 1, data: [1, -1, 1, 1])
    let t = Metrics.threshold(head: .identity, loss: .mse, labels: pm)
    #expect(t == 0)
    let x = Matrix(rows: 4, cols: 1)
    #expect(try Metrics.accuracy(out, Dataset(name: "pm", x: x, y: pm), threshold: t, at: .none) == 0.75)
    let zeroOne = Matrix(rows: 4, cols: 1, data: [1, 0, 1, 1])
    #expect(Metrics.threshold(head: .identity, loss: .mse, labels: zeroOne) == 0.5)
    #expect(try Metrics.accuracy(out, Dataset(name: "01", x: x, y: zeroOne), threshold: 0.5, at: .none) == 0.5)
    #expect(Metrics.threshold(head: .sigmoid, loss: .logistic, labels: zeroOne) == 0.5)
    #expect(Metrics.threshold(head: .identity, loss: .hinge, labels: pm) == 0)
  }

  /// predict gives the same columns before and after accuracy: the default readout is fixed by the first
  /// data the net meets, and never changes after.
  @Test func readoutIsFixedByTheFirstData() {
    let r = runScript(
      """
      data d = xor()
      net a over complex { input 1; dense 4, tanh; dense 1, sigmoid }
      let before = predict(a, d)
      print acc: accuracy(a, d)
      let after = predict(a, d)
      assert before.cols == after.cols
      assert before.cols == 1
      """)
    #expect(r.errors == "", "\(r.errors)")
    // Data with two targets per point fixes the readout to all components; it stays so when data with one
    // target per point comes later (accuracy then reads the two outputs as two classes).
    let s = runScript(
      """
      net t { input 2; dense 2 }
      data g = teacher(t, n: 5)
      data d = xor()
      net a over complex { input 1; dense 4, tanh; dense 1 }
      assert predict(a, g).cols == 2
      print acc: accuracy(a, d)
      assert predict(a, d).cols == 2
      """)
    #expect(s.errors == "", "\(s.errors)")
  }

  /// Loss.swift documents cross_entropy on one output as binary cross-entropy: it trains on 0/1 labels,
  /// equals logistic to the last bit, and fuses a sigmoid head.
  @Test func crossEntropyOnOneOutputIsBinary() {
    let r = runScript(
      """
      seed 3
      data d = moons(n: 60, noise: 0.2)
      net a { input 2; dense 5, tanh; dense 1, sigmoid }
      net b = a
      train a on d { loss cross_entropy; optimizer adam(lr: 0.05); epochs 50 }
      train b on d { loss logistic; optimizer adam(lr: 0.05); epochs 50 }
      assert loss(a, d) == loss(b, d)
      assert accuracy(a, d) > 0.8
      """)
    #expect(r.errors == "", "\(r.errors)")
    let bad = runScript(
      """
      data d = gaussians(n: 30, centers: 3)
      net a { input 2; dense 1, sigmoid }
      train a on d { loss cross_entropy; epochs 1 }
      """)
    #expect(bad.errors.contains("one output is binary"), "\(bad.errors)")
  }

  @Test func nearZeroNeedsTheData() {
    let r = runScript(
      """
      net m { input 2; dense 3, tanh; dense 1 }
      print singularities(m).near_zero
      """)
    #expect(r.errors.contains("near_zero") && r.errors.contains("singularities(net, data)"), "\(r.errors)")
    #expect(!r.out.contains("nan"))
  }

  @Test func loglogHistoryHasALogarithmicEpochAxis() throws {
    let dir = try temporaryDirectory("loglog")
    let path = dir.appendingPathComponent("h.svg").path
    let r = runScript(
      """
      data d = xor()
      net m { input 2; dense 4, tanh; dense 1 }
      train m on d { epochs 200 }
      plot history(m), kind: "loglog" to "\(path)"
      """)
    #expect(r.errors == "", "\(r.errors)")
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    // Decade ticks on x: 1, 10, 100 appear as axis labels.
    #expect(svg.contains(">10<") && svg.contains(">100<"), "\(svg.prefix(2000))")
  }

  /// `kind: "semilogy"` with `x:`: the values' axis has decade ticks (1e-8 … 1) and the x axis is linear in
  /// the given x values (0 … 20, not the indices 0 … 4); lengths that differ and x: on a histogram are
  /// located errors.
  @Test func semilogyPlotsListsAgainstGivenX() throws {
    let dir = try temporaryDirectory("semilogy")
    let path = dir.appendingPathComponent("e.svg").path
    let r = runScript(
      """
      plot e: [1, 0.01, 0.0001, 0.000001, 0.00000001], x: [0, 5, 10, 15, 20], kind: "semilogy" to "\(path)"
      """)
    #expect(r.errors == "", "\(r.errors)")
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    #expect(svg.contains(">1e-8<") && svg.contains(">0.01<") && svg.contains(">1<"), "\(svg.prefix(2000))")
    #expect(svg.contains(">15<") && svg.contains(">20<"), "\(svg.prefix(2000))")
    for (line, message) in [
      ("plot e: [1, 0.1, 0.01], x: [1, 2], kind: \"semilogy\"", "t.nns:1:9: error: x: has 2 values but 'e' has 3"),
      ("plot h: [1, 2, 3], x: [1, 2, 3], kind: \"histogram\"", "a histogram has no x values"),
      ("plot e: [1, 2], kind: \"semilog\"", "did you mean 'semilogy'"),
    ] {
      let bad = runScript("\(line) to \"\(path)\"")
      #expect(bad.errors.contains(message), "\(bad.errors)")
    }
  }
}
