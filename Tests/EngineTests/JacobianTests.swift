import Testing

@testable import Engine

@Suite("Jacobian, NTK, Fisher, realify") struct JacobianTests {
  /// Jacobian rows against central differences of the outputs (h = 1e-6; errors ~1e-9 for O(1) outputs).
  @Test func jacobianMatchesFiniteDifferences() throws {
    var rng = RandomSource(seed: 2)
    let spec = NetworkSpec(
      inputUnits: 2, algebra: Algebra.complex,
      layers: [dense(3, .tanh), .residual(span: 1, body: [dense(3, .sin)], dropProbability: 0.2), dense(2, .identity)])
    let net = try Network(spec: spec, rng: &rng)
    let (x, _) = sampleData(rows: 3, features: 4, outputs: 4, loss: .mse, seed: 5)
    let j = jacobian(net, x)
    #expect(j.rows == 3 * 4 && j.cols == net.parameterCount)
    let p0 = net.parameters
    var worst = 0.0
    for i in 0..<net.parameterCount {
      var p = p0
      p[i] += 1e-6
      net.parameters = p
      let up = net.predict(x)
      p[i] -= 2e-6
      net.parameters = p
      let down = net.predict(x)
      for r in 0..<j.rows { worst = max(worst, abs((up.data[r] - down.data[r]) / 2e-6 - j[r, i])) }
    }
    net.parameters = p0
    #expect(worst < 1e-7)
  }

  /// Layer-wise Gram equals J Jᵀ for every algebra and layer kind (1e-10: both are sums of the same
  /// O(1) products in a different order).
  @Test(arguments: testAlgebras) func ntkGramEqualsJacobianContraction(_ algebra: Algebra) throws {
    var rng = RandomSource(seed: 8)
    for augmented in algebra.dimension > 1 ? [false, true] : [false] {
      let spec = NetworkSpec(
        inputUnits: 2, algebra: algebra,
        layers: [
          dense(3, .tanh, augmented: augmented), .batchnorm,
          .residual(span: 2, body: [dense(2, .sin), dense(3, .polarTanh)], dropProbability: 0),
          dense(2, .identity, fixed: true), dense(1, .sigmoid, bias: false),
        ], parametrization: .ntk)
      let net = try Network(spec: spec, rng: &rng)
      let (x, _) = sampleData(rows: 4, features: spec.inputFeatures, outputs: 1, loss: .mse, seed: 1)
      let j = jacobian(net, x)
      let direct = BLAS.matmul(j, j, transB: true)
      let k = ntkGram(net, x)
      let diff = zip(direct.data, k.data).map { abs($0 - $1) }.max()!
      #expect(diff < 1e-10 * max(1, direct.norm), "\(algebra.name) augmented \(augmented): \(diff)")
    }
  }

  /// On nets of one-dimensional dense layers (and dropout) the Gram pass adds to the upper triangle only
  /// and mirrors it at the end: the bits of the full pass, which the general layers take, and J Jᵀ.
  @Test func upperTriangleGramPassHasTheFullPassBits() throws {
    var rng = RandomSource(seed: 12)
    let specs = [
      NetworkSpec(
        inputUnits: 3, algebra: .real,
        layers: [dense(5, .tanh), .dropout(0.3), dense(4, .relu, fixed: true), dense(3, .identity, bias: false)],
        parametrization: .ntk),
      NetworkSpec(
        inputUnits: 2, algebra: .dual, layers: [dense(4, .tanh, augmented: false), dense(1, .identity)]),
    ]
    for spec in specs {
      let net = try Network(spec: spec, rng: &rng)
      let (x, _) = sampleData(rows: 7, features: spec.inputFeatures, outputs: 1, loss: .mse, seed: 2)
      let upper = ntkGram(net, x)
      net.gramUpperEnabled = false
      let full = ntkGram(net, x)
      #expect(upper.rows == full.rows && upper.rows == 7 * spec.outputFeatures)
      #expect(zip(upper.data, full.data).allSatisfy { $0.bitPattern == $1.bitPattern })
      let j = jacobian(net, x)
      let direct = BLAS.matmul(j, j, transB: true)
      let diff = zip(direct.data, upper.data).map { abs($0 - $1) }.max()!
      #expect(diff < 1e-10 * max(1, direct.norm), "\(diff)")
    }
  }

  /// The Λ = I shortcut of the Fisher spectrum's Gram form gives the bits of the two weighting passes it
  /// replaces, signed zeros included (an asymmetric matrix, so a missed transposition would show).
  @Test func scaledTwiceEqualsTheTwoWeightingPasses() {
    var rng = RandomSource(seed: 11)
    var k = Matrix(rows: 6, cols: 6)
    for e in 0..<k.data.count { k.data[e] = rng.normal() * 1e3 }
    k.data[3] = -0.0
    k.data[7] = 0
    k.data[8] = -.leastNonzeroMagnitude
    let f = 1 / Double(7).squareRoot()
    let reference = weightRows(weightRows(k, roots: nil, c: 1, factor: f).transposed, roots: nil, c: 1, factor: f)
    let fast = scaledTwice(k, f)
    #expect(fast.rows == reference.rows && fast.cols == reference.cols)
    #expect(zip(fast.data, reference.data).allSatisfy { $0.bitPattern == $1.bitPattern })
  }

  @Test func fisherSpectrumAgreesInBothForms() throws {
    var rng = RandomSource(seed: 3)
    let spec = NetworkSpec(inputUnits: 3, layers: [dense(4, .tanh), dense(3, .identity)])
    let net = try Network(spec: spec, rng: &rng)
    for loss in [Loss.mse, .crossEntropy, .logistic] {
      // N·C = 6 < P = 31 uses the Gram form; compare with the explicit P×P matrix.
      let (x, _) = sampleData(rows: 2, features: 3, outputs: 3, loss: .mse, seed: 4)
      let spectrum = fisherSpectrum(net, x: x, loss: loss)
      let explicit = BLAS.symmetricEigen(fisherMatrix(net, x: x, loss: loss))!.values.sorted(by: >)
      #expect(spectrum.count == net.parameterCount)
      #expect(zip(spectrum, explicit).allSatisfy { abs($0 - $1) < 1e-10 })
      #expect(abs(fisherMaxEigenvalue(net, x: x, loss: loss) - explicit[0]) < 1e-10)
    }
  }

  @Test(arguments: testAlgebras) func realifyGivesTheSameOutputs(_ algebra: Algebra) throws {
    var rng = RandomSource(seed: 6)
    let k = algebra.dimension
    let variants: [([LayerSpec], Readout, Parametrization)] = [
      ([dense(3, .tanh), dense(2, .sigmoid)], .all, .standard),
      ([dense(3, .cardioid, augmented: k > 1), .batchnorm, dense(2, .identity)], .real, .ntk),
      (
        [
          dense(3, .modrelu(0.1)), .residual(span: 1, body: [dense(3, .zrelu)], dropProbability: 0.5), .dropout(0.2),
          dense(2, .softmax),
        ], .all, .meanField
      ),
    ]
    for (layers, readout, param) in variants {
      let spec = NetworkSpec(inputUnits: 2, algebra: algebra, layers: layers, parametrization: param, readout: readout)
      let net = try Network(spec: spec, rng: &rng)
      let (x, _) = sampleData(rows: 5, features: spec.inputFeatures, outputs: 1, loss: .mse, seed: 2)
      // Give batch norm non-trivial running statistics first.
      _ = net.lossAndGradient(x, Matrix(rows: 5, cols: spec.outputFeatures), loss: .mse, training: true, rng: &rng)
      let real = try realify(net)
      #expect(real.spec.algebra == .real && real.spec.inputFeatures == spec.inputFeatures)
      let a = net.predict(x)
      let b = real.predict(x)
      #expect(a.rows == b.rows && a.cols == b.cols)
      let diff = zip(a.data, b.data).map { abs($0 - $1) }.max() ?? 0
      #expect(diff < 1e-12, "\(algebra.name) \(layers.count) layers: \(diff)")
    }
  }
}

@Suite("Hessian-vector products") struct HessianTests {
  /// For a linear net under mse the Hessian is exactly (2/(N·C)) (XᵀX ⊗ I) on the weights (plus bias
  /// terms); compare H v with the explicit matrix-vector product.
  @Test func linearNetHessianIsTwoOverNXtX() throws {
    var rng = RandomSource(seed: 1)
    let net = try Network(spec: NetworkSpec(inputUnits: 3, layers: [dense(1, .identity, bias: false)]), rng: &rng)
    let (x, y) = sampleData(rows: 10, features: 3, outputs: 1, loss: .mse, seed: 2)
    let v: [Double] = [0.3, -1, 2]
    let hv = hessianVectorProduct(net, x: x, y: y, loss: .mse, v: v)
    let xtx = BLAS.matmul(x, transA: true, x)
    for i in 0..<3 {
      let expected = (0..<3).reduce(0.0) { $0 + 2 / 10 * xtx[i, $1] * v[$1] }
      #expect(abs(hv[i] - expected) < 1e-9)  // quadratic loss: differences are exact up to round-off
    }
  }

  /// Against a finite-difference Hessian built column by column from gradients (h = 1e-5, error ~1e-6).
  @Test func matchesFiniteDifferenceHessianOnATanhNet() throws {
    var rng = RandomSource(seed: 3)
    let net = try Network(spec: .mlp([2, 3, 1], activation: .tanh), rng: &rng)
    let (x, y) = sampleData(rows: 6, features: 2, outputs: 1, loss: .mse, seed: 4)
    let p = net.parameterCount
    let v = (0..<p).map { _ in rng.normal() }
    let hv = hessianVectorProduct(net, x: x, y: y, loss: .mse, v: v)
    let p0 = net.parameters
    var fd = [Double](repeating: 0, count: p)
    for j in 0..<p {
      var q = p0
      q[j] += 1e-5
      net.parameters = q
      let gp = net.lossAndGradient(x, y, loss: .mse, training: false, rng: &rng).gradient
      q[j] -= 2e-5
      net.parameters = q
      let gm = net.lossAndGradient(x, y, loss: .mse, training: false, rng: &rng).gradient
      for i in 0..<p { fd[i] += (gp[i] - gm[i]) / 2e-5 * v[j] }
    }
    net.parameters = p0
    #expect(zip(hv, fd).allSatisfy { abs($0 - $1) < 1e-6 * max(1, abs($1)) })
  }
}
