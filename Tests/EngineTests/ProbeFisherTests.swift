import Testing

@testable import Engine

/// Independent Fisher matrix from the explicit output Jacobian J_f (softmax probabilities for
/// cross-entropy): mse F = (1/N) Σ J_nᵀ J_n; cross-entropy F = (1/N) Σ J_{p,n}ᵀ diag(1/p_n) J_{p,n}, which
/// equals J_zᵀ (diag p − ppᵀ) J_z since J_p = (diag p − ppᵀ) J_z.
private func explicitFisher(_ net: Network, _ x: Matrix, _ loss: Loss) -> Matrix {
  let j = jacobian(net, x)
  let c = net.spec.outputFeatures
  let out = net.predict(x)
  var w = j
  for n in 0..<x.rows {
    for o in 0..<c {
      let s = loss == .crossEntropy ? 1 / out[n, o].squareRoot() : 1
      for q in 0..<j.cols { w[n * c + o, q] = j[n * c + o, q] * s / Double(x.rows).squareRoot() }
    }
  }
  return BLAS.matmul(w, transA: true, w)
}

private func checkSpectrum(_ net: Network, _ x: Matrix, _ loss: Loss) {
  let f = fisherSummary(net, x: x, loss: loss)
  let explicit = (BLAS.symmetricEigen(explicitFisher(net, x, loss))?.values ?? []).sorted(by: >)
  #expect(f.spectrum.count == net.parameterCount)
  // Both are dense LAPACK eigen-solves of matrices equal to round-off (ε·‖F‖·P ≲ 1e-12 relative).
  #expect(ProbeFixture.relativeError(f.spectrum, explicit) < 1e-9)
  let trace = explicitFisher(net, x, loss).trace
  #expect(abs(f.trace - trace) <= 1e-9 * trace)
  #expect(abs(f.mean - trace / Double(net.parameterCount)) <= 1e-9 * f.mean)
}

@Test func fisherSpectrumMatchesExplicitMatrixMSEGramForm() throws {
  // N·C = 8 < P = 61: the Gram form.
  let net = try ProbeFixture.net(
    3, [ProbeFixture.dense(6, .tanh), ProbeFixture.dense(4, .relu), ProbeFixture.dense(2, .identity)])
  checkSpectrum(net, ProbeFixture.gaussian(4, 3, seed: 2), .mse)
}

@Test func fisherSpectrumMatchesExplicitMatrixMSEParameterForm() throws {
  // N·C = 60 > P = 17: the P×P form.
  let net = try ProbeFixture.net(2, [ProbeFixture.dense(3, .tanh), ProbeFixture.dense(2, .identity)])
  checkSpectrum(net, ProbeFixture.gaussian(30, 2, seed: 3), .mse)
}

@Test func fisherSpectrumMatchesExplicitMatrixCrossEntropy() throws {
  let net = try ProbeFixture.net(3, [ProbeFixture.dense(5, .tanh), ProbeFixture.dense(3, .softmax)])
  checkSpectrum(net, ProbeFixture.gaussian(5, 3, seed: 4), .crossEntropy)
  checkSpectrum(net, ProbeFixture.gaussian(40, 3, seed: 5), .crossEntropy)
}

@Test func fisherSpectrumMatchesExplicitMatrixComplexNet() throws {
  let complex = Algebra.complex
  let net = try ProbeFixture.net(
    2, [ProbeFixture.dense(3, .tanh), ProbeFixture.dense(1, .identity)], algebra: complex, seed: 6)
  checkSpectrum(net, ProbeFixture.gaussian(3, 4, seed: 7), .mse)
  checkSpectrum(net, ProbeFixture.gaussian(20, 4, seed: 8), .mse)
}

@Test func fisherSummaryStatistics() {
  let f = FisherSummary(spectrum: [0, 4, 1, 0], tolerance: 1e-10)
  #expect(f.spectrum == [4, 1, 0, 0])
  #expect(f.mean == 5.0 / 4 && f.secondMoment == 17.0 / 4 && f.max == 4 && f.rank == 2 && f.condition == 4)
}

/// The Gram form's zeros kept as a count give the padded spectrum's figures bit for bit, and the same
/// spectrum when it is asked for.
@Test func fisherSummaryWithCountedZerosEqualsThePaddedOne() throws {
  let net = try ProbeFixture.net(3, [ProbeFixture.dense(16, .tanh), ProbeFixture.dense(2, .identity)], seed: 4)
  let x = ProbeFixture.gaussian(5, 3, seed: 9)
  for loss in [Loss.mse, .crossEntropy] {
    let (values, zeros) = fisherEigenvalues(net, x: x, loss: loss)
    #expect(values.count == 10 && zeros == net.parameterCount - 10)
    let counted = fisherSummary(net, x: x, loss: loss)
    let padded = FisherSummary(spectrum: fisherSpectrum(net, x: x, loss: loss), tolerance: 1e-10)
    #expect(counted.spectrum == padded.spectrum && counted.spectrum.count == net.parameterCount)
    #expect(counted.mean.bitPattern == padded.mean.bitPattern)
    #expect(counted.secondMoment.bitPattern == padded.secondMoment.bitPattern)
    #expect(counted.trace.bitPattern == padded.trace.bitPattern && counted.max == padded.max)
    #expect(counted.rank == padded.rank && counted.condition == padded.condition)
    for bound in [0.0, 1e-12, counted.max / 2, -1] {
      #expect(counted.count(atMost: bound) == padded.spectrum.filter { $0 <= bound }.count)
    }
  }
}
