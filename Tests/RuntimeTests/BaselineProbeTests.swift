import Testing

@testable import Runtime
@testable import Semantics

/// Baselines, rates and optimal transport as scripts use them: models where nets go, and diagnostics.
struct BaselineProbeTests {
  @Test func fittedModelsAnswerPredictLossAndAccuracyLikeNets() {
    let r = runScript(
      """
      seed 1
      data d = regression(f: sin(3 * x1), n: 50)
      let m = kernel_ridge(d, gamma: 5, alpha: 1e-6)
      # Nearly interpolating: predictions on the training points equal the targets; mse is their mean square.
      assert max(abs(predict(m, d) - d.y)) < 1e-3
      assert abs(loss(m, d) - mean((predict(m, d) - d.y) ^ 2)) < 1e-15
      assert loss(m, d, loss: mse) == loss(m, d)
      data c = xor()
      assert accuracy(kernel_ridge(c, gamma: 1, alpha: 1e-9), c) == 1
      assert loss(fourier(d, k: 3, domain: [-1, 1]), d) < 0.01
      assert loss(random_features(d, m: 100, activation: tanh), d) < 0.01
      # The NTK of a zero-bias ReLU net on 1-D inputs has rank 4 (relu(wx) is linear on each side of 0),
      # so the NTK kernel is tried on 3-D inputs, where it is full rank and interpolates.
      data d3 = regression(f: sin(3 * x1), dim: 3, n: 50)
      net n { input 3; dense 16, relu; dense 1 }
      assert loss(kernel_ridge(d3, kernel: ntk, net: n, alpha: 1e-6), d3) < 1e-8
      print ok: 1
      """)
    #expect(r.errors == "", "\(r.errors)")
    #expect(r.out.contains("ok"))
  }

  @Test func rateAndSinkhornRecords() {
    let r = runScript(
      """
      let f = rate([10, 100, 1000], [1, 0.1, 0.01])
      assert abs(f.slope + 1) < 1e-12 and f.stderr < 1e-12
      let s = sinkhorn([[0], [1]], [[0], [1]], eps: 0.01)
      assert s.converged and s.cost < 1e-12 and abs(sum(s.plan) - 1) < 1e-12
      let w = sinkhorn([[0], [1]], [[2], [3]], weights: [[1, 1], [1, 3]], eps: 0.01)
      assert abs(sum(w.plan[1]) - 0.5) < 1e-12
      print ok: 1
      """)
    #expect(r.errors == "", "\(r.errors)")
  }

  @Test func wrongKindsAreCheckerErrors() {
    let r = runScript(
      """
      data d = xor()
      print predict(3, d)
      print kernel_ridge(d, kernel: poly)
      print rate(1, [1, 2, 3])
      """)
    #expect(r.errors.contains("'net' of predict needs a net or a fitted model, found a number"), "\(r.errors)")
    #expect(r.errors.contains("'kernel' is one of: rbf, laplacian, ntk"), "\(r.errors)")
    #expect(r.errors.contains("'n' of rate needs a list"), "\(r.errors)")
  }

  @Test func runtimeDiagnostics() {
    let cases: [(String, String)] = [
      (
        "data d = xor()\nnet n { input 3; dense 1 }\nprint sinkhorn(n, d)",
        "sinkhorn needs a dataset, a matrix or a list"
      ),
      ("data d = xor()\nprint kernel_ridge(d, kernel: ntk)", "kernel: ntk needs the net"),
      (
        "data d = gaussian(dim: 3, n: 5)\ndata e = xor()\nprint predict(kernel_ridge(d), e)",
        "fitted on 3 input features"
      ),
      (
        "data d = gaussian(dim: 10, n: 10)\nprint fourier(d, k: 20)",
        "(2k+1)^d = 1.342e+16 basis functions"
      ),
      ("data d = gaussian(dim: 1, n: 20000)\nprint sinkhorn(d, d)", "needs about 9.6 GB"),
      ("print rate([1, 2], [1, 2])", "at least 3 points"),
      (
        "data a = gaussian(dim: 2, n: 30)\ndata b = gaussian(dim: 2, n: 20)\nprint sinkhorn(a, b, eps: 0.001, max_iter: 30)",
        "did not converge in 30 iterations"
      ),
    ]
    for (script, message) in cases {
      let r = runScript(script)
      #expect(r.errors.contains(message), "\(script)\n→ \(r.errors)")
    }
    let r = runScript(
      "data a = gaussian(dim: 2, n: 30)\ndata b = gaussian(dim: 2, n: 20)\nprint sinkhorn(a, b, eps: 0.001, max_iter: 30)"
    )
    #expect(r.errors.contains("help: write eps: "), "\(r.errors)")
    let lax = runScript(
      "data a = gaussian(dim: 2, n: 30)\nprint sinkhorn(a, a, eps: 0.001, max_iter: 30, strict: false).converged")
    #expect(lax.errors == "" && lax.out.contains("false"), "\(lax.errors)")
  }
}
