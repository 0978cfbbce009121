import Foundation
import Testing

@testable import Engine

/// Tolerances for the exact (R-operator) Hessian-vector products.
///
/// - Against central differences of backprop gradients along v (‖v‖ = 1, h = 10⁻⁵): truncation
///   h²‖∇⁴L‖/6 ≈ 10⁻¹¹ and round-off ε‖∇L‖/h ≈ 10⁻¹¹ absolute for these O(1) nets, i.e. ≲ 10⁻⁸ relative to
///   ‖Hv‖_∞ ≳ 10⁻³; `fdTolerance` = 10⁻⁶ leaves a wide margin while a missing second-order term (σ'' g,
///   the xᵀR{g} or ẋᵀg half of R{∂W}, the Ṁ term of R{g_x}) shows up at 10⁻² or worse.
/// - Symmetry of H assembled from P products: exact arithmetic gives H = Hᵀ; rounding in a few GEMMs of
///   size ≤ 100 gives ~10⁻¹⁵ relative, so `symmetryTolerance` = 10⁻¹⁰ (relative to max|H|). Central
///   differences cannot reach this (their error is ~10⁻⁸).
/// - Kinks (ReLU, leaky ReLU, zReLU, modReLU, hinge, cardioid on ℝ): the data keep pre-activations and
///   margins O(1) away from them, far beyond h = 10⁻⁵, so differences never straddle a kink.
private let fdTolerance = 1e-6
private let symmetryTolerance = 1e-10

private enum TangentFixture {
  static func net(_ spec: NetworkSpec, seed: UInt64) throws -> Network {
    var rng = RandomSource(seed: seed)
    return try Network(spec: spec, rng: &rng)
  }

  static func direction(_ p: Int, seed: UInt64) -> [Double] {
    var rng = RandomSource(seed: seed)
    let v = (0..<p).map { _ in rng.normal() }
    let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return v.map { $0 / max(norm, 1e-300) }
  }

  /// (∇L(θ + h v) − ∇L(θ − h v)) / 2h with frozen entries of v zeroed (their columns of H are zero).
  static func finiteDifference(_ net: Network, _ x: Matrix, _ y: Matrix, _ loss: Loss, _ v: [Double]) -> [Double] {
    let h = 1e-5
    let theta = net.parameters
    let mask = net.trainableMask
    defer { net.parameters = theta }
    var rng = RandomSource(seed: 0)
    func gradient(_ t: Double) -> [Double] {
      net.parameters = (0..<theta.count).map { theta[$0] + (mask[$0] ? t * v[$0] : 0) }
      return net.lossAndGradient(x, y, loss: loss, training: false, rng: &rng).gradient
    }
    return zip(gradient(h), gradient(-h)).map { ($0 - $1) / (2 * h) }
  }

  /// max |a − b| / max(‖a‖∞, ‖b‖∞, 10⁻³).
  static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    let scale = max(a.map(abs).max() ?? 0, b.map(abs).max() ?? 0, 1e-3)
    return (zip(a, b).map { abs($0 - $1) }.max() ?? 0) / scale
  }

  /// The P×P Hessian, column j = H e_j (not symmetrised).
  static func hessian(_ net: Network, _ x: Matrix, _ y: Matrix, _ loss: Loss) -> Matrix {
    let p = net.parameterCount
    var h = Matrix(rows: p, cols: p)
    var e = [Double](repeating: 0, count: p)
    for j in 0..<p {
      e[j] = 1
      let col = hessianVectorProduct(net, x: x, y: y, loss: loss, v: e)
      e[j] = 0
      for i in 0..<p { h[i, j] = col[i] }
    }
    return h
  }

  /// max |H − Hᵀ| / max(max|H|, 10⁻³).
  static func asymmetry(_ h: Matrix) -> Double {
    var worst = 0.0
    for i in 0..<h.rows { for j in 0..<i { worst = max(worst, abs(h[i, j] - h[j, i])) } }
    return worst / max(h.data.map(abs).max() ?? 0, 1e-3)
  }

  /// Checks one configuration: H v against differences, the pass's gradient against backprop, and (when
  /// `symmetry`) the assembled H. Returns (fd error, gradient error, asymmetry).
  static func check(
    _ spec: NetworkSpec, _ loss: Loss, seed: UInt64, rows: Int = 5, symmetry: Bool = true,
    prepare: (Network) -> Void = { _ in }
  ) throws -> (fd: Double, gradient: Double, asymmetry: Double) {
    let net = try net(spec, seed: seed)
    prepare(net)
    let (x, y) = sampleData(
      rows: rows, features: spec.inputFeatures, outputs: spec.outputFeatures, loss: loss, seed: seed + 100)
    let v = direction(net.parameterCount, seed: seed + 200)
    let exact = net.lossGradientAndHessianVector(x, y, loss: loss, direction: v)!
    var rng = RandomSource(seed: 0)
    let backprop = net.lossAndGradient(x, y, loss: loss, training: false, rng: &rng)
    let fd = relativeError(exact.hessianVector, finiteDifference(net, x, y, loss, v))
    let g = relativeError(exact.gradient, backprop.gradient) + abs(exact.loss - backprop.loss)
    let a = symmetry ? asymmetry(hessian(net, x, y, loss)) : 0
    return (fd, g, a)
  }

  static func expectGood(_ r: (fd: Double, gradient: Double, asymmetry: Double), _ label: String) {
    #expect(r.fd < fdTolerance, "\(label): H v vs differences \(r.fd)")
    #expect(r.gradient < 1e-12, "\(label): gradient vs backprop \(r.gradient)")
    #expect(r.asymmetry < symmetryTolerance, "\(label): asymmetry \(r.asymmetry)")
  }

  /// Random running statistics for every batch-norm layer (mean ~ N(0, ½²), variance in [0.5, 2]), so
  /// evaluation-mode batch norm is a non-trivial affine map.
  static func randomizeState(_ net: Network, seed: UInt64) {
    var rng = RandomSource(seed: seed)
    let s = net.stateCount
    guard s > 0 else { return }
    // Layer by layer (residual bodies inline), each batch norm's F running means then F variances.
    var state = net.state
    var o = 0
    func visit(_ layers: [Layer]) {
      for l in layers {
        if let b = l as? BatchNorm {
          for f in 0..<b.features {
            state[o + f] = 0.5 * rng.normal()
            state[o + b.features + f] = 0.5 + 1.5 * rng.uniform()
          }
          o += 2 * b.features
        } else if let r = l as? ResidualBlock {
          visit(r.body)
        }
      }
    }
    visit(net.layers)
    net.state = state
  }
}

@Suite("Exact Hessian-vector products (R-operator)") struct TangentTests {
  @Test(arguments: testAlgebras)
  func everyActivationOverEveryAlgebra(_ algebra: Algebra) throws {
    for (i, act) in allActivations.enumerated() {
      let spec = NetworkSpec(inputUnits: 2, algebra: algebra, layers: [dense(2, act), dense(1, .identity)])
      let r = try TangentFixture.check(spec, .mse, seed: UInt64(10 + i))
      TangentFixture.expectGood(r, "\(algebra.name) \(act)")
    }
  }

  @Test(arguments: testAlgebras)
  func everyLossOverEveryAlgebra(_ algebra: Algebra) throws {
    var seed: UInt64 = 40
    for loss in [Loss.mse, .crossEntropy, .logistic, .hinge] {
      for out in [Activation.identity, .sigmoid, .softmax, .tanh] {
        for readout in [Readout.all, .real] {
          let spec = NetworkSpec(
            inputUnits: 1, algebra: algebra, layers: [dense(2, .tanh), dense(2, out)], readout: readout)
          seed += 1
          let r = try TangentFixture.check(spec, loss, seed: seed, symmetry: algebra.dimension <= 4)
          TangentFixture.expectGood(r, "\(algebra.name) \(loss) \(out) \(readout)")
        }
      }
    }
  }

  @Test(arguments: testAlgebras)
  func everyLayerKindOverEveryAlgebra(_ algebra: Algebra) throws {
    let k = algebra.dimension
    var variants: [(String, [LayerSpec])] = [
      ("bias off", [dense(2, .tanh, bias: false), dense(1, .identity, bias: false)]),
      ("fixed", [dense(2, .tanh), dense(1, .sigmoid, fixed: true)]),
      (
        "residual 1",
        [dense(2, .tanh), .residual(span: 1, body: [dense(2, .tanh), dense(2, .sin)], dropProbability: 0)]
      ),
      ("residual 2", [.residual(span: 2, body: [dense(3, .gelu), dense(1, .tanh)], dropProbability: 0)]),
      (
        "stochastic depth",
        [dense(2, .tanh), .residual(span: 1, body: [dense(2, .softplus)], dropProbability: 0.3), dense(1, .identity)]
      ),
      ("dropout", [dense(2, .tanh), .dropout(0.3), dense(1, .identity)]),
      ("batchnorm", [dense(2, .identity), .batchnorm, dense(2, .tanh), dense(1, .identity)]),
      (
        "residual with batchnorm",
        [dense(2, .erf), .residual(span: 1, body: [.batchnorm, dense(2, .tanh)], dropProbability: 0.2)]
      ),
    ]
    if k > 1 {
      variants.append(("augmented", [dense(2, .polarTanh, augmented: true), dense(1, .cardioid, augmented: true)]))
    }
    var seed: UInt64 = 80
    for (name, layers) in variants {
      for param in [Parametrization.standard, .ntk, .meanField] {
        let spec = NetworkSpec(inputUnits: 1, algebra: algebra, layers: layers, parametrization: param)
        seed += 1
        let r = try TangentFixture.check(
          spec, .mse, seed: seed, symmetry: k <= 4 || param == .standard,
          prepare: { TangentFixture.randomizeState($0, seed: seed) })
        TangentFixture.expectGood(r, "\(algebra.name) \(name) \(param)")
      }
    }
  }

  /// A deeper net mixing every layer kind, unit-wise activations and a fused softmax head.
  @Test(arguments: [Algebra.complex, Algebra.quaternion])
  func mixedNetWithFusedSoftmax(_ algebra: Algebra) throws {
    let layers: [LayerSpec] = [
      dense(2, .modrelu(0.2), augmented: true), .batchnorm,
      .residual(span: 1, body: [dense(2, .polarTanh), .dropout(0.2)], dropProbability: 0.1), dense(2, .zrelu),
      dense(2, .softmax),
    ]
    let spec = NetworkSpec(inputUnits: 2, algebra: algebra, layers: layers, parametrization: .ntk)
    let r = try TangentFixture.check(
      spec, .crossEntropy, seed: 5, rows: 6, prepare: { TangentFixture.randomizeState($0, seed: 6) })
    TangentFixture.expectGood(r, "\(algebra.name) mixed")
  }

  /// mse is the mean over N samples and C outputs, so for y = x W + b the Hessian is
  /// (2/(N·C)) X̃ᵀX̃ ⊗ I_C with X̃ = [X 1] in the layout w[u·C + o], b[o]. Quadratic loss: the R-operator
  /// is exact up to the rounding of a few length-N dot products, ~10⁻¹⁵ relative.
  @Test(arguments: [1, 2])
  func linearNetUnderMSEIsTwoOverNXtX(_ outputs: Int) throws {
    let n = 10
    let d = 3
    let net = try TangentFixture.net(.mlp([d, outputs], activation: .identity), seed: 3)
    let (x, y) = sampleData(rows: n, features: d, outputs: outputs, loss: .mse, seed: 4)
    var xt = Matrix(rows: n, cols: d + 1, repeating: 1)
    for r in 0..<n { for j in 0..<d { xt[r, j] = x[r, j] } }
    let xtx = BLAS.matmul(xt, transA: true, xt)
    let p = net.parameterCount
    var expected = Matrix(rows: p, cols: p)
    func index(_ u: Int, _ o: Int) -> Int { u < d ? u * outputs + o : d * outputs + o }
    for u in 0...d {
      for u2 in 0...d {
        for o in 0..<outputs { expected[index(u, o), index(u2, o)] = 2 / Double(n * outputs) * xtx[u, u2] }
      }
    }
    let h = TangentFixture.hessian(net, x, y, .mse)
    let err = zip(h.data, expected.data).map { abs($0 - $1) }.max()! / expected.data.map(abs).max()!
    #expect(err < 1e-12, "C = \(outputs): \(err)")
  }

  @Test func frozenParametersHaveZeroRowsAndColumns() throws {
    let spec = NetworkSpec(
      inputUnits: 2, layers: [dense(3, .tanh, fixed: true), dense(2, .tanh), dense(1, .identity, fixed: true)])
    let net = try TangentFixture.net(spec, seed: 9)
    let (x, y) = sampleData(rows: 4, features: 2, outputs: 1, loss: .mse, seed: 10)
    let h = TangentFixture.hessian(net, x, y, .mse)
    let mask = net.trainableMask
    for i in 0..<h.rows {
      for j in 0..<h.cols where !mask[i] || !mask[j] { #expect(h[i, j] == 0) }
    }
    #expect(h.data.contains { $0 != 0 })
  }

  @Test func wrongDirectionLengthGivesNaN() throws {
    let net = try TangentFixture.net(.mlp([2, 2, 1], activation: .tanh), seed: 1)
    let (x, y) = sampleData(rows: 3, features: 2, outputs: 1, loss: .mse, seed: 2)
    let hv = hessianVectorProduct(net, x: x, y: y, loss: .mse, v: [1, 2])
    #expect(hv.count == net.parameterCount && hv.allSatisfy(\.isNaN))
  }

  /// The unit-wise second-order rules near |q| = 0, across the series/closed-form switch of polar tanh at
  /// r = 10⁻²: R{g_z} against central differences of the first-order rule along ż.
  @Test(arguments: [1e-4, 0.009, 0.011, 0.5, 3.0])
  func unitWiseRulesNearTheOrigin(_ radius: Double) {
    let k = 4
    var rng = RandomSource(seed: 12)
    let dir = (0..<k).map { _ in rng.normal() }
    let norm = dir.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let z = Matrix(rows: 1, cols: k, data: dir.map { radius * $0 / norm })
    let dz = Matrix(rows: 1, cols: k, data: (0..<k).map { _ in rng.normal() })
    let g = Matrix(rows: 1, cols: k, data: (0..<k).map { _ in rng.normal() })
    for act in [Activation.polarTanh, .modrelu(0.3), .cardioid] {
      func firstOrder(_ t: Double) -> [Double] {
        let zt = TangentPair.constant(Matrix(rows: 1, cols: k, data: (0..<k).map { z.data[$0] + t * dz.data[$0] }))
        let a = act.tangentForward(zt, k: k)
        return act.tangentBackward(zt, a, .constant(g), k: k).value.data
      }
      let pre = TangentPair(value: z, tangent: dz)
      let exact = act.tangentBackward(pre, act.tangentForward(pre, k: k), .constant(g), k: k).tangent.data
      // modReLU and cardioid: derivatives grow like 1/r per order near 0, so h = 10⁻⁴ min(r, 1) gives
      // truncation (h/r)² ≈ 10⁻⁸ relative and round-off ε‖J g‖/h ≲ 10⁻⁸ relative to ‖DJ g‖ ~ 1/r.
      // Polar tanh is analytic with bounded derivatives but ‖DJ g‖ ~ r: h = 10⁻⁵ gives truncation
      // ~10⁻¹¹ and round-off ~10⁻¹⁰ absolute, ≤ 10⁻⁶ relative down to r = 10⁻⁴.
      let h = act == .polarTanh ? 1e-5 : 1e-4 * min(radius, 1)
      let fd = zip(firstOrder(h), firstOrder(-h)).map { ($0 - $1) / (2 * h) }
      let scale = exact.map(abs).max()!
      let err = zip(exact, fd).map { abs($0 - $1) }.max()! / scale
      #expect(err < 1e-6, "\(act) r = \(radius): \(err)")
    }
  }
}

/// tanh's batch tangent rules (the SIMD kernel over the whole buffer, the fused backward loop) give the
/// same bits as the generic per-element rule they replace: `apply`, `derivative` and `secondDerivative`
/// element by element. 21 entries: two full 8-lane groups and a padded tail, both tanh branches
/// (|z| below and above 0.625) and the saturated range.
@Test func tanhBatchTangentRulesEqualTheElementwiseRule() {
  let n = 21
  let t: [Double] = (0..<n).map { Double($0) }
  let zs: [Double] = t.map { (s: Double) -> Double in (s - 10) * 0.37 + 0.01 * s.truncatingRemainder(dividingBy: 3) }
  let z = Matrix(rows: 3, cols: 7, data: zs)
  let dz = Matrix(rows: 3, cols: 7, data: t.map { (s: Double) -> Double in sin(s + 0.5) })
  let gv: [Double] = t.map { (s: Double) -> Double in cos(1.3 * s) }
  let gt: [Double] = t.map { (s: Double) -> Double in 0.2 * s - 1.7 }
  let g = TangentPair(value: Matrix(rows: 3, cols: 7, data: gv), tangent: Matrix(rows: 3, cols: 7, data: gt))
  let act = Activation.tanh
  let pre = TangentPair(value: z, tangent: dz)
  let post = act.tangentForward(pre, k: 1)
  let back = act.tangentBackward(pre, post, g, k: 1)
  for e in 0..<n {
    let a = act.apply(z.data[e])
    let d1 = act.derivative(z.data[e], a)
    #expect(post.value.data[e].bitPattern == a.bitPattern)
    #expect(post.tangent.data[e].bitPattern == (d1 * dz.data[e]).bitPattern)
    #expect(back.value.data[e].bitPattern == (d1 * g.value.data[e]).bitPattern)
    let rg = d1 * g.tangent.data[e] + act.secondDerivative(z.data[e], a) * dz.data[e] * g.value.data[e]
    #expect(back.tangent.data[e].bitPattern == rg.bitPattern)
  }
}
