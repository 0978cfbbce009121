import Foundation
import Testing

@testable import Runtime
@testable import Semantics

/// `lr_bound` is 2/λmax of the loss's own curvature (docs/conventions.md). For a linear net under mse the
/// Hessian is constant, (2/C)·F, so gradient descent is stable exactly below the bound: 0.9 × bound must
/// converge and 1.1 × bound must diverge, whatever the number of outputs C.
struct LearningRateBoundTests {
  func run(outputs c: Int, factor: Double) -> (out: String, errors: String) {
    runScript(
      """
      seed 3
      net t { input 4; dense \(c) }
      data d = teacher(t, n: 40, noise: 0.1)
      net m { input 4; dense \(c) }
      let bound = lr_bound(m, d)
      train m on d { loss mse; optimizer gd(lr: \(factor) * bound); epochs 600 }
      print final: loss(m, d)
      """)
  }

  @Test(arguments: [1, 2, 3]) func belowTheBoundConvergesAboveDiverges(outputs: Int) {
    let below = run(outputs: outputs, factor: 0.9)
    #expect(below.errors == "", "\(below.errors)")
    let final = below.out.split(separator: "\n").last.flatMap { Double($0.split(separator: " ").last ?? "") }
    // The noise floor of a least-squares fit of 40 points with 5 parameters per output: ≈ 0.01·35/40.
    #expect((final ?? 1) < 0.02, "\(below.out)")
    let above = run(outputs: outputs, factor: 1.1)
    #expect(above.errors.contains("diverged at epoch"), "\(above.out)\(above.errors)")
  }

  /// lr: auto is half the bound: it converges where the old 1/λmax(F) sat on the edge of stability for
  /// one output (a linear regression stalled at loss 0.70).
  @Test func autoRateIsHalfTheBound() {
    let r = runScript(
      """
      seed 1
      data d = regression(f: 2 * x1 - 1, n: 50)
      net m { input 1; dense 1 }
      let bound = lr_bound(m, d)
      train m on d { optimizer gd(lr: auto); epochs 200 }
      print final: loss(m, d)
      assert loss(m, d) < 1e-6
      """)
    #expect(r.errors == "", "\(r.errors)")
    #expect(r.out.contains("half the stability bound"), "\(r.out)")
  }

  /// Every optimizer's blow-up is caught, not only NaN: adam at lr 1e6 settles near 1e13 with finite
  /// numbers; the message suggests a rate computed at the weights training started from.
  @Test(arguments: ["adam(lr: 1e6)", "gd(lr: 1e6)", "sgd(lr: 1e3, momentum: 0.9)"])
  func divergenceIsDetectedForEveryOptimizer(optimizer: String) {
    let r = runScript(
      """
      seed 2
      data d = regression(f: x1, n: 30)
      net m { input 1; dense 8, tanh; dense 1 }
      train m on d { optimizer \(optimizer); epochs 300 }
      """)
    #expect(r.errors.contains("diverged at epoch"), "\(r.out)\(r.errors)")
    #expect(r.errors.contains("at the weights training started from"), "\(r.errors)")
    // The suggested rate is a sensible number, not 1e-276 computed at astronomically large weights.
    let suggested = r.errors.range(of: "e.g. lr: ").map { r.errors[$0.upperBound...].prefix { $0 != " " } }
    let rate = suggested.flatMap { Double($0) } ?? 0
    #expect(rate > 1e-4 && rate < 10, "\(r.errors)")
  }

  @Test func hingeHasNoBound() {
    let r = runScript(
      """
      data d = xor()
      net m { input 2; dense 4, tanh; dense 1 }
      train m on d { loss hinge; epochs 1 }
      print lr_bound(m, d)
      """)
    #expect(r.errors.contains("lr_bound needs a loss with curvature"), "\(r.errors)")
  }

  /// The bound for cross-entropy (C > 1) is 2/λmax(F), for logistic 2C/λmax(F): against the FIM itself.
  @Test func boundFollowsEachLossesScale() {
    let r = runScript(
      """
      seed 4
      data d = gaussians(n: 60, centers: 3)
      net m { input 2; dense 6, tanh; dense 3, softmax }
      train m on d { loss cross_entropy; epochs 1 }
      assert abs(lr_bound(m, d) * fisher(m, d).max - 2) < 1e-9
      data b = moons(n: 40)
      net k { input 2; dense 5, tanh; dense 1, sigmoid }
      train k on b { loss logistic; epochs 1 }
      assert abs(lr_bound(k, b) * fisher(k, b).max - 2) < 1e-9
      net r { input 2; dense 5, tanh; dense 1 }
      train r on b { loss mse; epochs 1 }
      assert abs(lr_bound(r, b) * fisher(r, b).max - 1) < 1e-9
      """)
    #expect(r.errors == "", "\(r.errors)")
  }
}
