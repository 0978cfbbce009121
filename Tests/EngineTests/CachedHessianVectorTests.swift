import Foundation
import Testing

@testable import Engine

/// The cached and block Hessian-vector products against the per-call R-operator (`hessianVectorProduct`).
/// Both do the same BLAS calls and elementwise operations in the same order (the cached one skips only
/// products with ȧ_{−1} = 0), so they agree to the rounding of a reordered GEMM sum at worst: far below
/// `agreement` = 10⁻¹² relative to max|Hv|, while a missing or doubled term (σ'' g_a, ȧᵀ g_z, g_z Vᵀ, a
/// bias row sum, the frozen mask) is O(1) relative.
private let agreement = 1e-12

enum CachedFixture {
  struct Config: CustomTestStringConvertible, Sendable {
    var name: String
    var inputs: Int
    var layers: [LayerSpec]
    var loss: Loss
    var outputs: Int
    var rows: Int
    var parametrization = Parametrization.standard
    var testDescription: String { name }
  }

  static let configs: [Config] = [
    Config(
      name: "tanh mse", inputs: 3, layers: [dense(5, .tanh), dense(4, .tanh), dense(1, .identity)],
      loss: .mse, outputs: 1, rows: 7),
    Config(
      name: "relu mse, 2 outputs, ntk", inputs: 2, layers: [dense(4, .relu), dense(2, .identity)],
      loss: .mse, outputs: 2, rows: 6, parametrization: .ntk),
    Config(
      name: "sigmoid and softplus, logistic fused", inputs: 2,
      layers: [dense(3, .sigmoid), dense(3, .softplus), dense(1, .sigmoid)], loss: .logistic, outputs: 1, rows: 9),
    Config(
      name: "softmax cross-entropy fused, mean field", inputs: 3,
      layers: [dense(4, .gelu), dense(3, .softmax)], loss: .crossEntropy, outputs: 3, rows: 8,
      parametrization: .meanField),
    Config(
      name: "binary cross-entropy fused", inputs: 2, layers: [dense(3, .erf), dense(1, .sigmoid)],
      loss: .crossEntropy, outputs: 1, rows: 5),
    Config(
      name: "cross-entropy unfused", inputs: 2, layers: [dense(3, .tanh), dense(3, .identity)],
      loss: .crossEntropy, outputs: 3, rows: 6),
    Config(
      name: "logistic unfused, leaky relu", inputs: 2, layers: [dense(3, .leakyRelu(0.1)), dense(2, .tanh)],
      loss: .logistic, outputs: 2, rows: 6),
    Config(
      name: "hinge, sin", inputs: 2, layers: [dense(3, .sin), dense(1, .tanh)], loss: .hinge, outputs: 1,
      rows: 6),
    Config(
      name: "frozen middle layer", inputs: 2,
      layers: [dense(3, .tanh), dense(3, .tanh, fixed: true), dense(1, .identity)], loss: .mse, outputs: 1, rows: 5),
    Config(
      name: "frozen first and last", inputs: 2,
      layers: [dense(3, .tanh, fixed: true), dense(2, .softplus), dense(1, .identity, fixed: true)], loss: .mse,
      outputs: 1, rows: 5),
    Config(
      name: "width 1", inputs: 1, layers: [dense(1, .tanh), dense(1, .tanh), dense(1, .identity)],
      loss: .mse, outputs: 1, rows: 4),
    Config(
      name: "one sample", inputs: 3, layers: [dense(4, .tanh), dense(2, .identity)], loss: .mse, outputs: 2,
      rows: 1),
    Config(
      name: "no bias, dropout", inputs: 2,
      layers: [dense(3, .tanh, bias: false), .dropout(0.3), dense(1, .identity, bias: false)], loss: .mse,
      outputs: 1, rows: 5),
  ]

  static func setUp(_ c: Config, seed: UInt64) throws -> (Network, Matrix, Matrix) {
    var rng = RandomSource(seed: seed)
    let spec = NetworkSpec(inputUnits: c.inputs, layers: c.layers, parametrization: c.parametrization)
    let net = try Network(spec: spec, rng: &rng)
    let (x, y) = sampleData(rows: c.rows, features: c.inputs, outputs: c.outputs, loss: c.loss, seed: seed + 1)
    return (net, x, y)
  }

  static func directions(_ p: Int, count: Int, seed: UInt64) -> [[Double]] {
    var rng = RandomSource(seed: seed)
    return (0..<count).map { _ in (0..<p).map { _ in rng.normal() } }
  }

  /// max |a − b| / max(‖b‖∞, 10⁻³⁰⁰).
  static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    let scale = max(b.map(abs).max() ?? 0, 1e-300)
    return (zip(a, b).map { abs($0 - $1) }.max() ?? 0) / scale
  }
}

@Suite("Cached and block Hessian-vector products") struct CachedHessianVectorTests {
  @Test(arguments: CachedFixture.configs)
  func cachedProductsEqualThePerCallPath(_ c: CachedFixture.Config) throws {
    let (net, x, y) = try CachedFixture.setUp(c, seed: 31)
    let cached = try #require(CachedHessianVector(net, x: x, y: y, loss: c.loss))
    let p = net.parameterCount
    var vs = CachedFixture.directions(p, count: 3, seed: 32)
    let first = try #require(net.trainableMask.firstIndex(of: true))
    vs.append((0..<p).map { $0 == first ? 1 : 0 })
    for v in vs {
      let expected = hessianVectorProduct(net, x: x, y: y, loss: c.loss, v: v)
      #expect(expected.contains { $0 != 0 })
      let hv = cached.apply([v])[0]
      #expect(CachedFixture.relativeError(hv, expected) <= agreement, "\(c.name)")
      // Frozen parameters: zero rows.
      for e in 0..<p where !net.trainableMask[e] { #expect(hv[e] == 0) }
    }
  }

  @Test(arguments: CachedFixture.configs)
  func blockProductsEqualSingleProducts(_ c: CachedFixture.Config) throws {
    let (net, x, y) = try CachedFixture.setUp(c, seed: 41)
    let p = net.parameterCount
    let vs = CachedFixture.directions(p, count: 5, seed: 42)
    // One pass of five, and passes of two, two and one (a workspace of two directions).
    let whole = try #require(CachedHessianVector(net, x: x, y: y, loss: c.loss))
    var units = 0
    for layer in c.layers {
      if case .dense(let m, _, _, _, _, _) = layer { units += m }
    }
    let perDirection = 2 * c.rows * units
    let pairs = try #require(
      CachedHessianVector(net, x: x, y: y, loss: c.loss, workspaceLimit: 2 * perDirection + perDirection / 2))
    #expect(whole.capacity >= 5 && pairs.capacity == 2)
    let singles = vs.map { whole.apply([$0])[0] }
    for (hv, single) in zip(whole.apply(vs), singles) {
      #expect(CachedFixture.relativeError(hv, single) <= agreement, "\(c.name)")
    }
    for (hv, single) in zip(pairs.apply(vs), singles) {
      #expect(CachedFixture.relativeError(hv, single) <= agreement, "\(c.name), pairs")
    }
    #expect(whole.apply(vs) == whole.apply(vs))
  }

  /// Columns H e_j of the cached operator: the Hessian of the per-call path, symmetric before
  /// `matrix()` symmetrises it.
  @Test(arguments: CachedFixture.configs)
  func explicitHessianIsSymmetricAndAgrees(_ c: CachedFixture.Config) throws {
    let (net, x, y) = try CachedFixture.setUp(c, seed: 51)
    let p = net.parameterCount
    let op = HessianOperator(net: net, x: x, y: y, loss: c.loss)
    let units = (0..<p).map { j in (0..<p).map { $0 == j ? 1.0 : 0 } }
    let columns = op.apply(block: units)
    let scale = columns.flatMap { $0 }.map(abs).max() ?? 0
    #expect(scale > 0)
    var asymmetry = 0.0
    for i in 0..<p {
      for j in 0..<p { asymmetry = max(asymmetry, abs(columns[j][i] - columns[i][j])) }
    }
    #expect(asymmetry <= 1e-12 * scale, "\(c.name): \(asymmetry / scale)")
    let cached = op.matrix()
    let perCall = HessianOperator(net: net, x: x, y: y, loss: c.loss, cached: false).matrix()
    #expect(CachedFixture.relativeError(cached.data, perCall.data) <= agreement, "\(c.name)")
  }

  /// Lanczos's top eigenvalues and Hutchinson's trace (one block pass of 30 probes) through the cached
  /// operator against the per-call one from the same stream; and the same values run to run.
  @Test func hessianSummaryAgreesWithThePerCallPath() throws {
    let c = CachedFixture.Config(
      name: "summary", inputs: 4, layers: [dense(6, .tanh), dense(5, .tanh), dense(1, .identity)], loss: .mse,
      outputs: 1, rows: 20)
    let (net, x, y) = try CachedFixture.setUp(c, seed: 61)
    func summary(_ cached: Bool) -> HessianSummary {
      var rng = RandomSource(seed: 62)
      let op = HessianOperator(net: net, x: x, y: y, loss: .mse, cached: cached)
      return hessianSummary(op, k: 5, exactLimit: 0, rng: &rng)
    }
    #expect(HessianOperator(net: net, x: x, y: y, loss: .mse).blockSize >= hutchinsonProbes)
    let old = summary(false)
    let new = summary(true)
    #expect(!new.exact && new.top.count == 5 && new.trace.isFinite)
    #expect(CachedFixture.relativeError(new.top, old.top) <= agreement)
    #expect(abs(new.min - old.min) <= agreement * abs(old.top[0]))
    #expect(abs(new.trace - old.trace) <= agreement * abs(old.trace))
    let again = summary(true)
    #expect(again.top == new.top && again.trace == new.trace)
  }

  /// A trace with more probes than one block pass takes: the same vectors in the same order.
  @Test func hutchinsonTraceInSeveralBlocksAgrees() throws {
    let c = CachedFixture.Config(
      name: "blocks", inputs: 3, layers: [dense(48, .tanh), dense(48, .tanh), dense(1, .identity)], loss: .mse,
      outputs: 1, rows: 1000)
    let (net, x, y) = try CachedFixture.setUp(c, seed: 71)
    let op = HessianOperator(net: net, x: x, y: y, loss: c.loss)
    // 2 · 1000 · 97 doubles of workspace per direction: 21 directions a pass.
    #expect(op.blockSize == CachedHessianVector.workspaceLimit / (2 * 1000 * 97))
    let probes = 2 * op.blockSize + 3
    var r1 = RandomSource(seed: 72)
    var r2 = r1
    let blocked = hutchinsonTrace(op, probes: probes, rng: &r1)
    let perCall = HessianOperator(net: net, x: x, y: y, loss: c.loss, cached: false)
    let expected = hutchinsonTrace(perCall, probes: probes, rng: &r2)
    #expect(abs(blocked - expected) <= agreement * abs(expected))
    #expect(r1.uniform() == r2.uniform())
  }

  /// The operator follows the net: after the parameters change, products are those at the new θ.
  @Test func cacheIsRebuiltWhenTheParametersChange() throws {
    let c = CachedFixture.configs[0]
    let (net, x, y) = try CachedFixture.setUp(c, seed: 81)
    let op = HessianOperator(net: net, x: x, y: y, loss: c.loss)
    let v = CachedFixture.directions(net.parameterCount, count: 1, seed: 82)[0]
    let before = op.apply(v)
    var theta = net.parameters
    theta[0] += 0.5
    net.parameters = theta
    let after = op.apply(v)
    let expected = hessianVectorProduct(net, x: x, y: y, loss: c.loss, v: v)
    #expect(CachedFixture.relativeError(after, expected) <= agreement)
    #expect(CachedFixture.relativeError(before, expected) > 1e-6)
  }

  /// Nets the cached operator does not cover: nil, and `HessianOperator` gives the per-call products.
  @Test func otherNetsTakeThePerCallPath() throws {
    let others: [(NetworkSpec, Loss)] = [
      (NetworkSpec(inputUnits: 2, layers: [dense(2, .tanh), .batchnorm, dense(1, .identity)]), .mse),
      (
        NetworkSpec(
          inputUnits: 2, layers: [dense(2, .tanh), .residual(span: 1, body: [dense(2, .tanh)], dropProbability: 0)]),
        .mse
      ),
      (NetworkSpec(inputUnits: 2, layers: [dense(3, .softmax), dense(1, .identity)]), .mse),
      (NetworkSpec(inputUnits: 1, algebra: .complex, layers: [dense(2, .tanh), dense(1, .identity)]), .mse),
      (
        NetworkSpec(
          inputUnits: 1, algebra: .complex, layers: [dense(2, .tanh), dense(1, .identity)], readout: .real), .mse
      ),
      (
        NetworkSpec(inputUnits: 1, algebra: .complex, layers: [dense(2, .tanh, augmented: true), dense(1, .identity)]),
        .mse
      ),
    ]
    for (i, (spec, loss)) in others.enumerated() {
      var rng = RandomSource(seed: UInt64(90 + i))
      let net = try Network(spec: spec, rng: &rng)
      let (x, y) = sampleData(
        rows: 4, features: spec.inputFeatures, outputs: spec.outputFeatures, loss: loss, seed: UInt64(100 + i))
      #expect(CachedHessianVector(net, x: x, y: y, loss: loss) == nil, "\(i)")
      let v = CachedFixture.directions(net.parameterCount, count: 1, seed: 110)[0]
      let op = HessianOperator(net: net, x: x, y: y, loss: loss)
      #expect(op.apply(v) == hessianVectorProduct(net, x: x, y: y, loss: loss, v: v), "\(i)")
      #expect(op.blockSize == 1)
    }
  }

  /// The shared loss curvature: `Loss.hessianVector` for each loss, entrywise against the formulas.
  @Test func lossCurvatureMatchesItsFormulas() {
    let f = Matrix(rows: 2, cols: 3, data: [0.3, -1.2, 2.0, 0.0, 0.7, -0.4])
    let d = Matrix(rows: 2, cols: 3, data: [1.0, 0.5, -2.0, 0.25, -1.0, 3.0])
    let y = Matrix(rows: 2, cols: 3)
    let mse = Loss.mse.hessianVector(f, d, y)
    for e in 0..<6 { #expect(abs(mse.data[e] - 2 * d.data[e] / 6) <= 1e-15) }
    let logistic = Loss.logistic.hessianVector(f, d, y)
    for e in 0..<6 {
      let s = 1 / (1 + exp(-f.data[e]))
      #expect(abs(logistic.data[e] - s * (1 - s) * d.data[e] / 6) <= 1e-15)
    }
    #expect(Loss.hinge.hessianVector(f, d, y).data.allSatisfy { $0 == 0 })
    let ce = Loss.crossEntropy.hessianVector(f, d, y)
    for r in 0..<2 {
      let p = Softmax.row(f.data[(3 * r)..<(3 * r + 3)])
      let dot = (0..<3).reduce(0.0) { $0 + p[$1] * d.data[3 * r + $1] }
      for j in 0..<3 { #expect(abs(ce.data[3 * r + j] - p[j] * (d.data[3 * r + j] - dot) / 2) <= 1e-15) }
    }
  }
}
