import Testing

@testable import Engine

/// Second differences of the loss, h = 10⁻⁴: truncation ~h²‖∇⁴L‖ and round-off ~ε|L|/h² ≈ 10⁻⁸.
private func finiteDifferenceHessian(_ net: Network, _ x: Matrix, _ y: Matrix, _ loss: Loss) -> Matrix {
  let h = 1e-4
  let theta = net.parameters
  let p = theta.count
  func l(_ i: Int, _ a: Double, _ j: Int, _ b: Double) -> Double {
    var t = theta
    t[i] += a
    t[j] += b
    net.parameters = t
    return net.loss(x, y, loss: loss)
  }
  var hm = Matrix(rows: p, cols: p)
  for i in 0..<p {
    for j in 0..<p {
      hm[i, j] = (l(i, h, j, h) - l(i, h, j, -h) - l(i, -h, j, h) + l(i, -h, j, -h)) / (4 * h * h)
    }
  }
  net.parameters = theta
  return hm
}

@Test func hessianMatchesFiniteDifferences() throws {
  let net = try ProbeFixture.net(2, [ProbeFixture.dense(3, .tanh), ProbeFixture.dense(2, .identity)], seed: 21)
  let x = ProbeFixture.gaussian(6, 2, seed: 22)
  let y = ProbeFixture.gaussian(6, 2, seed: 23)
  let exact = HessianOperator(net: net, x: x, y: y, loss: .mse).matrix()
  let fd = finiteDifferenceHessian(net, x, y, .mse)
  #expect(ProbeFixture.relativeError(exact.data, fd.data) < 1e-5)
}

@Test func hessianOfLinearNetUnderMSEIsTwoXTX() throws {
  let net = try ProbeFixture.net(3, [ProbeFixture.dense(1, .identity)], seed: 24)
  let x = ProbeFixture.gaussian(10, 3, seed: 25)
  let y = ProbeFixture.gaussian(10, 1, seed: 26)
  var xt = Matrix(rows: 10, cols: 4)
  for n in 0..<10 {
    for j in 0..<3 { xt[n, j] = x[n, j] }
    xt[n, 3] = 1
  }
  let expected = (2.0 / 10) * BLAS.matmul(xt, transA: true, xt)
  let h = HessianOperator(net: net, x: x, y: y, loss: .mse).matrix()
  // The loss is quadratic: central differences are exact up to round-off ε‖∇L‖/h ≈ 1e-10.
  #expect(ProbeFixture.relativeError(h.data, expected.data) < 1e-8)
  var rng = RandomSource(seed: 1)
  let s = hessianSummary(HessianOperator(net: net, x: x, y: y, loss: .mse), k: 2, rng: &rng)
  #expect(s.kind == .minimum && s.exact && abs(s.trace - expected.trace) < 1e-8 * expected.trace)
}

@Test func lanczosAndHutchinsonAgreeWithTheFullSpectrum() throws {
  let net = try ProbeFixture.net(3, [ProbeFixture.dense(5, .tanh), ProbeFixture.dense(1, .identity)], seed: 27)
  let x = ProbeFixture.gaussian(12, 3, seed: 28)
  let y = ProbeFixture.gaussian(12, 1, seed: 29)
  let op = HessianOperator(net: net, x: x, y: y, loss: .mse)
  var rng = RandomSource(seed: 2)
  let full = hessianSummary(op, k: 3, rng: &rng)
  let iterative = hessianSummary(op, k: 3, exactLimit: 0, probes: 3000, rng: &rng)
  // P = 26 ≤ 40 Lanczos steps: the Krylov space is the whole space, Ritz values are eigenvalues.
  #expect(ProbeFixture.relativeError(iterative.top, full.top) < 1e-6)
  #expect(abs(iterative.min - full.min) < 1e-6 * full.top[0])
  // Hutchinson with 3000 Rademacher probes: std ≈ √(2‖H‖_F²/3000) ≈ 3 % of ‖H‖_F here; 4σ.
  let frob = op.matrix().norm
  #expect(abs(iterative.trace - full.trace) < 4 * (2 * frob * frob / 3000).squareRoot())
  #expect(curvatureKind(1, -1, 1e-6) == .saddle && curvatureKind(-1, -2, 1e-6) == .maximum)
  #expect(curvatureKind(1, 0, 1e-6) == .degenerate)
}
