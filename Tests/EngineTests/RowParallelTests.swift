import Testing

@testable import Engine

/// The row-parallel training step (`Network.rowParallelGradient`: the rows in two halves on two cores)
/// against the one-thread path on the same net: the loss, the gradient and 20 steps of training are
/// the same bits. The nets are above `Network.rowParallelThreshold`, so the step is taken on a machine
/// with two cores (on one, both sides run the one-thread path and the test says nothing more).
struct RowParallelTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var spec: NetworkSpec
    var loss: Loss
    var rows: Int
    var outputs: Int
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "real tanh mse",
      spec: NetworkSpec(inputUnits: 2, layers: [dense(64, .tanh), dense(64, .tanh), dense(1, .identity)]),
      loss: .mse, rows: 301, outputs: 1),
    Case(
      name: "relu, frozen layer, no bias, ntk",
      spec: NetworkSpec(
        inputUnits: 5, layers: [dense(48, .relu, fixed: true), dense(40, .softplus, bias: false), dense(2, .identity)],
        parametrization: .ntk),
      loss: .mse, rows: 517, outputs: 2),
    Case(
      name: "softmax cross-entropy fused",
      spec: NetworkSpec(inputUnits: 3, layers: [dense(64, .gelu), dense(32, .erf), dense(4, .softmax)]),
      loss: .crossEntropy, rows: 500, outputs: 4),
    Case(
      name: "complex split tanh, real readout",
      spec: NetworkSpec(
        inputUnits: 1, algebra: .complex, layers: [dense(32, .tanh), dense(32, .tanh), dense(1, .identity)],
        readout: .real),
      loss: .mse, rows: 300, outputs: 1),
    Case(
      name: "quaternion, unit-wise activation",
      spec: NetworkSpec(
        inputUnits: 1, algebra: .quaternion, layers: [dense(16, .polarTanh), dense(16, .tanh), dense(1, .identity)]
      ),
      loss: .mse, rows: 300, outputs: 4),
  ]

  @Test(arguments: cases)
  func rowParallelStepEqualsTheSerialOne(_ c: Case) throws {
    var rng = RandomSource(seed: 81)
    let parallel = try Network(spec: c.spec, rng: &rng)
    let serial = parallel.copy()
    serial.rowParallelEnabled = false
    let (x, y) = sampleData(rows: c.rows, features: c.spec.inputFeatures, outputs: c.outputs, loss: c.loss, seed: 82)
    #expect(parallel.rowParallel(x) == (BLAS.cores > 1), "\(c.name)")
    #expect(!serial.rowParallel(x))
    var r1 = RandomSource(seed: 0)
    var r2 = RandomSource(seed: 0)
    let a = parallel.lossAndGradient(x, y, loss: c.loss, training: true, rng: &r1)
    let b = serial.lossAndGradient(x, y, loss: c.loss, training: true, rng: &r2)
    #expect(a.loss.bitPattern == b.loss.bitPattern, "\(c.name)")
    #expect(a.gradient.map(\.bitPattern) == b.gradient.map(\.bitPattern), "\(c.name)")
    #expect(a.gradient.contains { $0 != 0 })
    let config = TrainConfig(loss: c.loss, optimizer: .adam(lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8), epochs: 20)
    let h1 = try train(parallel, x: x, y: y, config: config, rng: &r1) { _, _ in true }
    let h2 = try train(serial, x: x, y: y, config: config, rng: &r2) { _, _ in true }
    #expect(h1.map(\.bitPattern) == h2.map(\.bitPattern), "\(c.name)")
    #expect(parallel.parameters.map(\.bitPattern) == serial.parameters.map(\.bitPattern), "\(c.name)")
  }

  /// Below the threshold, or with layers whose training pass draws or reduces over the batch, the
  /// one-thread path runs.
  @Test func smallNetsAndOtherLayersTakeTheSerialPath() throws {
    var rng = RandomSource(seed: 83)
    let small = try Network(spec: .mlp([2, 12, 12, 1], activation: .tanh), rng: &rng)
    #expect(!small.rowParallel(Matrix(rows: 194, cols: 2)))
    let dropout = try Network(
      spec: NetworkSpec(
        inputUnits: 2, layers: [dense(64, .tanh), .dropout(0.2), dense(64, .tanh), dense(1, .identity)]),
      rng: &rng)
    #expect(!dropout.rowParallel(Matrix(rows: 1000, cols: 2)))
    let big = try Network(spec: .mlp([2, 64, 64, 1], activation: .tanh), rng: &rng)
    #expect(big.rowParallel(Matrix(rows: 1000, cols: 2)) == (BLAS.cores > 1))
    #expect(!big.rowParallel(Matrix(rows: 15, cols: 2)))
  }
}

/// The cached Hessian-vector operator's row-parallel pass (`CachedHessianVector.rowParallelPass`) against
/// its one-thread pass on the same operator: single products and a block of directions are the same
/// bits. The nets are above the threshold, so on two cores the pass is taken for both; with N not a
/// multiple of 4 a block of more than one direction keeps the one-thread pass.
struct RowParallelHessianTests {
  /// Each net with the block size its products are checked at.
  struct Case: CustomTestStringConvertible, Sendable {
    var config: CachedFixture.Config
    var block: Int
    var testDescription: String { config.name }
  }

  static let cases: [Case] = [
    Case(
      config: .init(
        name: "tanh mse, N = 500, blocks of 4", inputs: 10,
        layers: [dense(64, .tanh), dense(64, .tanh), dense(1, .identity)], loss: .mse, outputs: 1, rows: 500),
      block: 4),
    Case(
      config: .init(
        name: "softmax cross-entropy fused, frozen layer, N = 203", inputs: 10,
        layers: [dense(96, .gelu, fixed: true), dense(96, .tanh), dense(3, .softmax)], loss: .crossEntropy,
        outputs: 3, rows: 203),
      block: 2),
    Case(
      config: .init(
        name: "relu without bias, dropout, 2 outputs, N = 260, blocks of 3", inputs: 4,
        layers: [dense(80, .relu, bias: false), .dropout(0.2), dense(80, .softplus), dense(2, .identity)],
        loss: .mse, outputs: 2, rows: 260),
      block: 3),
  ]

  @Test(arguments: cases)
  func rowParallelPassEqualsTheSerialOne(_ test: Case) throws {
    let (c, block) = (test.config, test.block)
    let (net, x, y) = try CachedFixture.setUp(c, seed: 91)
    let parallel = try #require(CachedHessianVector(net, x: x, y: y, loss: c.loss))
    let serial = try #require(CachedHessianVector(net, x: x, y: y, loss: c.loss))
    serial.rowParallelEnabled = false
    #expect(parallel.capacity >= block)
    #expect(parallel.rowParallel(1) == (BLAS.cores > 1), "\(c.name)")
    #expect(parallel.rowParallel(block) == (BLAS.cores > 1 && c.rows % 4 == 0), "\(c.name)")
    #expect(!serial.rowParallel(1))
    let vs = CachedFixture.directions(net.parameterCount, count: block, seed: 93)
    for v in vs {
      let (a, b) = (parallel.apply([v])[0], serial.apply([v])[0])
      #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "\(c.name)")
      #expect(a.contains { $0 != 0 })
    }
    let (a, b) = (parallel.apply(vs), serial.apply(vs))
    #expect(a.map { $0.map(\.bitPattern) } == b.map { $0.map(\.bitPattern) }, "\(c.name), block")
  }
}

/// `hessianSummary` runs Lanczos and Hutchinson side by side on two cores (`twoStreams`): the summary and
/// the random stream after it are those of one after the other, bit for bit — including where one
/// stream finishes first and the other's products go back to the row-parallel pass (N = 500, P = 4 929).
struct TwoStreamHessianTests {
  @Test(arguments: RowParallelHessianTests.cases.map(\.config))
  func twoStreamsGiveTheSequentialSummary(_ c: CachedFixture.Config) throws {
    let (net, x, y) = try CachedFixture.setUp(c, seed: 95)
    let streams = HessianOperator(net: net, x: x, y: y, loss: c.loss)
    var sequential = HessianOperator(net: net, x: x, y: y, loss: c.loss)
    sequential.twoStreamsEnabled = false
    var (r1, r2) = (RandomSource(seed: 7), RandomSource(seed: 7))
    let a = hessianSummary(streams, k: 3, exactLimit: 100, probes: 9, rng: &r1)
    let b = hessianSummary(sequential, k: 3, exactLimit: 100, probes: 9, rng: &r2)
    #expect(a.top.map(\.bitPattern) == b.top.map(\.bitPattern), "\(c.name)")
    #expect(a.min.bitPattern == b.min.bitPattern && a.trace.bitPattern == b.trace.bitPattern, "\(c.name)")
    #expect(a.trace.isFinite && a.top.count == 3 && !a.exact)
    #expect(r1.normal().bitPattern == r2.normal().bitPattern, "the random stream goes on alike")
    if BLAS.cores > 1 {
      #expect(twoStreams(streams, steps: 4, probes: 2, rng: &r1) != nil, "\(c.name)")
    }
    #expect(twoStreams(sequential, steps: 4, probes: 2, rng: &r1) == nil)
  }
}
