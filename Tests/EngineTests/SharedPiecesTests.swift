import Foundation
import Testing

@testable import Engine

/// The Engine's shared pieces (`Softmax`, `RealReadout`, `Initializer.scalingVariance`), each against an
/// independent computation.
///
/// Softmax tolerance: the reference is the unshifted formula exp(x_j)/Σ exp(x_k) in Float80 (64-bit
/// significand, range to 10^4932, so exp(±2000) neither overflows nor underflows). The Double version
/// rounds x_j − m (exact here: the logits are integers or within a factor 2 of each other), one exp
/// (< 1 ulp), C additions (≤ C ε relative, all terms positive) and one division, so ≤ (C + 3) ε relative;
/// `softmaxTolerance` = 32 ε covers C ≤ 8 with margin while a wrong shift or normalisation is off by O(1).
private let softmaxTolerance = 32 * Double.ulpOfOne

private func referenceSoftmax(_ x: [Double]) -> [Double] {
  let e = x.map { expl(Float80($0)) }
  let s = e.reduce(0, +)
  return e.map { Double($0 / s) }
}

@Suite struct SoftmaxTests {
  @Test func matchesTheDirectFormulaInExtendedPrecision() {
    let rows: [[Double]] = [
      [0, 1, 2, 3], [-1, 0.5, 0.25, 2, -3, 0.125], [1000, 999, 998, 1000], [-1000, -1001, -999.5],
      [1000, -1000, 0, 500], [3],
    ]
    for x in rows {
      let p = Softmax.row(x)
      let q = referenceSoftmax(x)
      for j in 0..<x.count {
        #expect(Swift.abs(p[j] - q[j]) <= softmaxTolerance * q[j] || (q[j] < 1e-300 && p[j] < 1e-300), "\(x)[\(j)]")
      }
      #expect(Swift.abs(p.reduce(0, +) - 1) <= Double(x.count + 3) * Double.ulpOfOne)
    }
  }

  @Test func returnsTheLogSumExp() {
    let x: [Double] = [1000, 999, -3, 998.5]
    var out = [Double](repeating: 0, count: x.count)
    let (m, s) = x.withUnsafeBufferPointer { xb in
      out.withUnsafeMutableBufferPointer { Softmax.row(xb.baseAddress!, $0.baseAddress!, count: x.count) }
    }
    let lse = Double(logl(x.map { expl(Float80($0)) }.reduce(0, +)))
    #expect(m == 1000)
    // log s + m: log s ≈ 0.47 rounds to ≤ ε·0.5 absolute, the sum to ε·1000.
    #expect(Swift.abs((Foundation.log(s) + m) - lse) <= 2 * Double.ulpOfOne * lse)
  }

  @Test func negativeInfinityGetsProbabilityZero() {
    let p = Softmax.row([-Double.infinity, 0, Foundation.log(3), -Double.infinity])
    #expect(p[0] == 0 && p[3] == 0)
    #expect(Swift.abs(p[1] - 0.25) <= 2 * Double.ulpOfOne && Swift.abs(p[2] - 0.75) <= 2 * Double.ulpOfOne)
  }

  /// Every user of the shared row gets the same bits: the activation, cross-entropy's gradient, its
  /// Fisher weight and its Hessian-vector product.
  @Test func everyUserSeesTheSameRow() {
    let logits = Matrix([[0.3, -1.2, 2.5], [40, 41, -7]])
    let y = Matrix([[2], [0]])
    var a = Matrix(rows: 2, cols: 3)
    logits.data.withUnsafeBufferPointer { z in
      a.data.withUnsafeMutableBufferPointer { Activation.softmax.forward(z, $0, rows: 2, cols: 3, k: 1) }
    }
    let grad = Loss.crossEntropy.gradient(logits, y)
    for r in 0..<2 {
      let p = Softmax.row(logits.data[(r * 3)..<(r * 3 + 3)])
      let fisher = Loss.crossEntropy.fisherWeight(logits.data[(r * 3)..<(r * 3 + 3)])
      for j in 0..<3 {
        #expect(a[r, j] == p[j])
        let t: Double = Int(y[r, 0]) == j ? 1 : 0
        #expect(grad[r, j] == (p[j] - t) / 2)
        #expect(fisher[j, j] == p[j] - p[j] * p[j])
      }
    }
    var unit = Matrix(rows: 2, cols: 3)
    unit[1, 2] = 1
    let hv = Loss.crossEntropy.hessianVector(logits, unit, y)
    let p1 = Softmax.row(logits.data[3..<6])
    for j in 0..<3 { #expect(hv[1, j] == p1[j] * ((j == 2 ? 1 : 0) - p1[2]) / 2) }
  }
}

@Suite struct RealReadoutTests {
  /// R as an explicit units×features selection matrix E (E[u, u·k] = 1): R y = y Eᵀ and Rᵀ g = g E, exact
  /// (each entry is one product by 1 plus exact zeros), and the adjoint identity ⟨R y, x⟩ = ⟨y, Rᵀ x⟩ to
  /// the rounding of two sums of the same products (≤ 2·P ε relative, P = 12 terms).
  @Test func isTheSelectionMatrixAndItsTranspose() {
    var rng = RandomSource(seed: 7)
    for k in [2, 4] {
      let units = 3
      let features = units * k
      var y = Matrix(rows: 4, cols: features)
      for e in 0..<y.count { y.data[e] = rng.normal() }
      var x = Matrix(rows: 4, cols: units)
      for e in 0..<x.count { x.data[e] = rng.normal() }
      var select = Matrix(rows: units, cols: features)
      for u in 0..<units { select[u, u * k] = 1 }
      let readout = RealReadout(k: k)
      let ry = readout.read(y)
      let rtx = readout.spread(x, features: features)
      #expect(ry == BLAS.matmul(y, select, transB: true))
      #expect(rtx == BLAS.matmul(x, select))
      let lhs = zip(ry.data, x.data).reduce(0.0) { $0 + $1.0 * $1.1 }
      let rhs = zip(y.data, rtx.data).reduce(0.0) { $0 + $1.0 * $1.1 }
      let scale = zip(ry.data, x.data).reduce(0.0) { $0 + Swift.abs($1.0 * $1.1) }
      #expect(Swift.abs(lhs - rhs) <= 24 * Double.ulpOfOne * scale)
    }
  }

  /// `spread` overwrites a reused buffer: the imaginary components come back zero.
  @Test func spreadClearsAReusedBuffer() {
    var out = Matrix([[9, 9, 9, 9]])
    RealReadout(k: 2).spread(Matrix([[1, 2]]), features: 4, into: &out)
    #expect(out == Matrix([[1, 0, 2, 0]]))
  }
}

@Suite struct InitializerVarianceTests {
  /// The papers' closed forms for an n = 3 → m = 5 layer.
  @Test func closedForms() {
    #expect(Initializer.glorot(uniform: true).scalingVariance(n: 3, m: 5) == 2.0 / 8)
    #expect(Initializer.even(std: nil).scalingVariance(n: 3, m: 5) == 2.0 / 8)
    #expect(Initializer.he(uniform: false, fanOut: false).scalingVariance(n: 3, m: 5) == 2.0 / 3)
    #expect(Initializer.he(uniform: false, fanOut: true).scalingVariance(n: 3, m: 5) == 2.0 / 5)
    #expect(Initializer.lecun.scalingVariance(n: 3, m: 5) == 1.0 / 3)
    #expect(Initializer.orthogonal.scalingVariance(n: 3, m: 5) == 1.0 / 5)
    #expect(Initializer.gaussian(std: 0.5).scalingVariance(n: 3, m: 5) == nil)
    #expect(Initializer.gaussian(std: 0.5).effectiveVariance(n: 3, m: 5, scale: 0.5) == 0.25 * 0.25)
    #expect(Initializer.uniform(0.3).effectiveVariance(n: 3, m: 5, scale: 1) == 0.3 * 0.3 / 3)
    #expect(Initializer.constant(1).effectiveVariance(n: 3, m: 5, scale: 1) == nil)
  }

  /// The weights `weights` draws have the variance the table states. Orthogonal: a tall n×m matrix with
  /// orthonormal columns has Σw² = m exactly, so the mean square is 1/n to rounding (≤ nm ε). Random
  /// rules: the sample variance of N = 40 000 draws has relative standard deviation √(2/N) ≈ 0.7% for a
  /// normal (√(0.8/N) for a uniform); 5σ = 3.5% never fails by chance, a wrong fan (2/n vs 2/(n+m) here is
  /// a factor 2) always does.
  @Test func drawnWeightsHaveTheStatedVariance() throws {
    var rng = RandomSource(seed: 3)
    let ortho = try Initializer.orthogonal.weights(n: 30, m: 20, algebra: .real, rng: &rng)
    let ms = ortho.reduce(0) { $0 + $1 * $1 } / Double(ortho.count)
    #expect(Swift.abs(ms - Initializer.orthogonal.scalingVariance(n: 30, m: 20)!) <= 600 * Double.ulpOfOne)
    let rules: [Initializer] = [
      .glorot(uniform: false), .glorot(uniform: true), .he(uniform: false, fanOut: false), .lecun, .even(std: nil),
    ]
    for rule in rules {
      let w = try rule.weights(n: 100, m: 400, algebra: .real, rng: &rng)
      let mean = w.reduce(0, +) / Double(w.count)
      let variance = w.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(w.count - 1)
      let stated = rule.scalingVariance(n: 100, m: 400)!
      #expect(Swift.abs(variance / stated - 1) < 0.035, "\(rule): \(variance) vs \(stated)")
    }
  }
}

@Suite struct LayerChainTests {
  /// A linear two-layer chain is the explicit affine map x W₁ + b₁ ↦ (·) W₂ + b₂ (W stored u·m + o, then
  /// the bias): forward against matmuls, backward's input gradient g (W₁W₂)ᵀ and bias gradients (column
  /// sums of the upstream g) against the same matrices. Each entry is a sum of ≤ 4 O(1) products, so
  /// 1e-14 absolute is ~50 ε; a wrong offset or a skipped layer is off by O(1).
  @Test func linearChainIsTheExplicitAffineMap() {
    var rng = RandomSource(seed: 11)
    let net = try! Network(spec: .mlp([2, 3, 2], activation: .identity), rng: &rng)
    let chain = net.chain
    #expect(chain.offsets == [0, 9] && chain.parameterCount == 17 && net.parameterCount == 17)
    let theta = net.parameters
    var w1 = Matrix(rows: 2, cols: 3)
    for e in 0..<6 { w1.data[e] = theta[e] }
    let b1 = Matrix([Array(theta[6..<9])])
    var w2 = Matrix(rows: 3, cols: 2)
    for e in 0..<6 { w2.data[e] = theta[9 + e] }
    let b2 = Matrix([Array(theta[15..<17])])
    let x = Matrix([[0.5, -1], [2, 0.25], [-0.75, 1.5]])
    var ones = Matrix(rows: 3, cols: 1)
    for e in 0..<3 { ones.data[e] = 1 }
    let hidden = BLAS.matmul(x, w1) + BLAS.matmul(ones, b1)
    let expected = BLAS.matmul(hidden, w2) + BLAS.matmul(ones, b2)
    let y = net.predict(x)
    for e in 0..<y.count { #expect(Swift.abs(y.data[e] - expected.data[e]) <= 1e-14) }

    let g = Matrix([[1, -2], [0.5, 3], [-1, 0.25]])
    let sink = GradientSink()
    sink.grad = [Double](repeating: 0, count: 18)
    net.storage.withUnsafeBufferPointer { p in
      chain.backward(g, input: x, p.baseAddress!, offset: 0, sink: sink, needInput: true)
    }
    let gx = BLAS.matmul(g, BLAS.matmul(w1, w2), transB: true)
    for e in 0..<gx.count { #expect(Swift.abs(chain.layers[0].gradInput.data[e] - gx.data[e]) <= 1e-14) }
    for o in 0..<2 {
      let colSum = (0..<3).reduce(0.0) { $0 + g[$1, o] }
      #expect(Swift.abs(sink.grad[15 + o] - colSum) <= 1e-14)
    }
  }
}
