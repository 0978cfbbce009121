import Foundation
import Testing

@testable import Engine

/// Loss slices (Li et al. 2018) and the linearised-training prediction (Lee et al. 2019) against exact
/// computations.
struct ProbeLandscapeTests {
  /// A linear net under mse at its least-squares minimum: the loss is an exact quadratic, so along a unit
  /// Hessian eigenvector v, L(θ* + αv) − L(θ*) = ½ λ α² for every α (round-off only: 1e-12 relative).
  @Test func linearNetSliceIsTheHessianParabola() throws {
    let x = ProbeFixture.gaussian(30, 3, seed: 4)
    let yTrue = ProbeFixture.gaussian(30, 1, seed: 5)
    let net = try ProbeFixture.net(3, [ProbeFixture.dense(1, .identity)])
    // The minimum by the normal equations on [x, 1].
    var a = Matrix(rows: 30, cols: 4)
    for r in 0..<30 {
      for j in 0..<3 { a[r, j] = x[r, j] }
      a[r, 3] = 1
    }
    let w = try #require(BLAS.solve(BLAS.matmul(a, transA: true, a), BLAS.matmul(a, transA: true, yTrue)))
    net.parameters = w.data  // W (3×1) then the bias
    var rng = RandomSource(seed: 6)
    let top = hessianDirections(net, x: x, y: yTrue, loss: .mse, count: 1, rng: &rng)[0]
    let s = landscape(net, x: x, y: yTrue, loss: .mse, directions: [top.vector], steps: 11, range: 2)
    for (alpha, l) in zip(s.alphas, s.loss[0]) {
      #expect(abs(l - s.center - 0.5 * top.value * alpha * alpha) < 1e-12 * max(1, l), "α = \(alpha)")
    }
    // And the eigenvalue is the Hessian's largest: (2/N)·λmax(ÃᵀÃ) for mse with one output.
    let exact = try #require(BLAS.symmetricEigen(BLAS.matmul(a, transA: true, a))?.values.max())
    #expect(abs(top.value - 2 * exact / 30) < 1e-10 * top.value)
  }

  /// Filter normalisation: each output unit's incoming direction has the norm of its weights; biases get 0.
  @Test func randomDirectionsAreFilterNormalised() throws {
    let net = try ProbeFixture.net(4, [ProbeFixture.dense(5, .tanh), ProbeFixture.dense(2, .identity)])
    var rng = RandomSource(seed: 1)
    let d = filterNormalizedDirections(net, dims: 1, rng: &rng)[0]
    let theta = net.parameters
    // Layer 1: w[u·5 + o] for u < 4, o < 5, then 5 biases.
    for o in 0..<5 {
      let idx = (0..<4).map { $0 * 5 + o }
      let tn = idx.reduce(0) { $0 + theta[$1] * theta[$1] }.squareRoot()
      let dn = idx.reduce(0) { $0 + d[$1] * d[$1] }.squareRoot()
      #expect(abs(tn - dn) < 1e-12 * tn)
    }
    for b in 20..<25 { #expect(d[b] == 0) }
  }

  /// e^{−ηkΘt} by scaling and squaring of its Taylor series — an explicit matrix exponential, independent
  /// of the eigendecomposition ntk_predict uses.
  func expm(_ m: Matrix) -> Matrix {
    let norm = m.data.map(abs).max() ?? 0
    let squarings = max(0, Int(Foundation.log2(max(1, norm * Double(m.rows)))) + 4)
    var a = m
    for e in 0..<a.count { a.data[e] /= Double(1 << squarings) }
    var result = Matrix.identity(m.rows)
    var term = Matrix.identity(m.rows)
    for k in 1...30 {
      term = BLAS.matmul(term, a)
      for e in 0..<term.count { term.data[e] /= Double(k) }
      for e in 0..<result.count { result.data[e] += term.data[e] }
    }
    for _ in 0..<squarings { result = BLAS.matmul(result, result) }
    return result
  }

  @Test func ntkPredictionIsTheMatrixExponential() throws {
    let x = ProbeFixture.gaussian(8, 2, seed: 7)
    let xt = ProbeFixture.gaussian(5, 2, seed: 8)
    let y = ProbeFixture.gaussian(8, 2, seed: 9)
    let yt = ProbeFixture.gaussian(5, 2, seed: 10)
    let net = try ProbeFixture.net(2, [ProbeFixture.dense(16, .tanh), ProbeFixture.dense(2, .identity)])
    let (lr, time) = (0.3, 40.0)
    let p = try ntkPredict(net, train: (x, y), test: (xt, yt), lr: lr, time: time, points: 3)
    let j = jacobian(net, x)
    let theta = BLAS.matmul(j, j, transB: true)
    let k = 2.0 / 16  // 2/(N·C)
    var minus = theta
    for e in 0..<minus.count { minus.data[e] *= -lr * k * time }
    let decay = expm(minus)
    let f0 = net.predict(x)
    let r0 = Matrix(rows: 16, cols: 1, data: zip(f0.data, y.data).map { $0 - $1 })
    let expected = BLAS.matmul(decay, r0).data.enumerated().map { $0.element + y.data[$0.offset] }
    #expect(ProbeFixture.relativeError(p.trainOutput.data, expected) < 1e-10)
    // Test outputs: f₀(x*) − Θ(x*, X) Θ⁻¹ (I − e^{−ηkΘt}) r₀, with Θ invertible here (16 ≤ P).
    let cross = BLAS.matmul(jacobian(net, xt), j, transB: true)
    var iMinus = decay
    for e in 0..<iMinus.count { iMinus.data[e] = (e % 17 == 0 ? 1 : 0) - decay.data[e] }
    let solved = try #require(BLAS.solve(theta, BLAS.matmul(iMinus, r0)))
    let shift = BLAS.matmul(cross, solved).data
    let testExpected = zip(net.predict(xt).data, shift).map { $0 - $1 }
    #expect(ProbeFixture.relativeError(p.testOutput.data, testExpected) < 1e-7)
    #expect(p.times == [0, 20, 40] && abs(p.trainLoss[0] - Loss.mse.value(f0, y)) < 1e-15)
  }

  /// A wide net in the NTK parametrisation trained by full-batch gradient descent follows the prediction:
  /// at width 2048 the kernel moves by O(1/√width) and the steps (ηkλmax ≈ 0.06) track the flow, so the
  /// training loss agrees within 5 % over the run.
  @Test func wideNetTrainingApproachesThePrediction() throws {
    let x = ProbeFixture.gaussian(10, 2, seed: 11)
    let y = ProbeFixture.gaussian(10, 1, seed: 12)
    let net = try ProbeFixture.net(
      2, [ProbeFixture.dense(2048, .tanh), ProbeFixture.dense(1, .identity)], init: .lecun, parametrization: .ntk)
    let (lr, epochs) = (0.5, 200)
    let p = try ntkPredict(net, train: (x, y), test: (x, y), lr: lr, time: Double(epochs), points: epochs + 1)
    var rng = RandomSource(seed: 13)
    var history: [Double] = []
    _ = try train(net, x: x, y: y, config: TrainConfig(optimizer: .gd(lr: lr), epochs: epochs), rng: &rng) { _, l in
      history.append(l)
      return true
    }
    // history[e] is the loss before step e + 1, i.e. at time e.
    for e in stride(from: 0, to: epochs, by: 20) {
      #expect(
        abs(history[e] - p.trainLoss[e]) < 0.05 * p.trainLoss[e], "epoch \(e): \(history[e]) vs \(p.trainLoss[e])")
    }
    #expect(p.trainLoss[epochs] < 0.5 * p.trainLoss[0])
  }
}
