import Testing

@testable import Engine

private let xorX = Matrix([[0, 0], [0, 1], [1, 0], [1, 1]])
private let xorY = Matrix([[0], [1], [1], [0]])

@Test func xorTrainsToFullAccuracyWithSGD() throws {
  var rng = RandomSource(seed: 3)
  let spec = NetworkSpec.mlp([2, 4, 1], activation: .tanh, output: .sigmoid)
  let net = try Network(spec: spec, rng: &rng)
  let config = TrainConfig(loss: .mse, optimizer: .sgd(lr: 0.5, momentum: 0.9, nesterov: false), epochs: 2000)
  let history = try train(net, x: xorX, y: xorY, config: config, rng: &rng) { _, _ in true }
  #expect(history.count == 2000)
  let out = net.predict(xorX)
  let correct = (0..<4).filter { (out[$0, 0] > 0.5) == (xorY[$0, 0] > 0.5) }.count
  #expect(correct == 4)
  #expect(history.last! < 0.01)
}

@Test func xorTrainsWithMinibatchesAndStopsOnRequest() throws {
  var rng = RandomSource(seed: 5)
  let net = try Network(spec: .mlp([2, 4, 1], activation: .tanh, output: .sigmoid), rng: &rng)
  let config = TrainConfig(
    loss: .logistic, optimizer: .sgd(lr: 0.5, momentum: 0.9, nesterov: true), batchSize: 2, epochs: 3000)
  var seen = 0
  let history = try train(net, x: xorX, y: xorY, config: config, rng: &rng) { epoch, loss in
    seen = epoch
    return loss > 0.05
  }
  #expect(history.count == seen && seen < 3000)
  let out = net.predict(xorX)
  #expect((0..<4).allSatisfy { (out[$0, 0] > 0.5) == (xorY[$0, 0] > 0.5) })
}

@Test func realSliceGradientMatchesFiniteDifferences() throws {
  var rng = RandomSource(seed: 11)
  let spec = NetworkSpec.mlp([2, 4, 3, 1], activation: .tanh, output: .sigmoid)
  let net = try Network(spec: spec, rng: &rng)
  #expect(net.parameterCount == 2 * 4 + 4 + 4 * 3 + 3 + 3 + 1)
  for loss in [Loss.mse, .logistic, .hinge] {
    #expect(gradientCheck(net, x: xorX, y: xorY, loss: loss) < 1e-6)
  }
}

@Test func trainingIsBitIdenticalForTheSameSeed() throws {
  func run() throws -> ([Double], [Double]) {
    var rng = RandomSource(seed: 9)
    let net = try Network(spec: .mlp([2, 5, 1], activation: .tanh), rng: &rng)
    let config = TrainConfig(optimizer: .adam(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8), batchSize: 3, epochs: 50)
    let h = try train(net, x: xorX, y: xorY, config: config, rng: &rng) { _, _ in true }
    return (h, net.parameters)
  }
  let (h1, p1) = try run()
  let (h2, p2) = try run()
  #expect(h1 == h2 && p1 == p2)
}

@Test func divergenceThrowsWithTheEpoch() throws {
  var rng = RandomSource(seed: 1)
  let net = try Network(spec: .mlp([2, 8, 1], activation: .identity), rng: &rng)
  let config = TrainConfig(optimizer: .gd(lr: 1e6), epochs: 100)
  #expect(throws: EngineError.self) {
    _ = try train(net, x: xorX, y: xorY, config: config, rng: &rng) { _, _ in true }
  }
  #expect(net.parameters.allSatisfy { $0.isFinite })
}

@Test func absurdSizesThrowInsteadOfTrapping() {
  var rng = RandomSource(seed: 1)
  let huge = LayerSpec.dense(units: 1_000_000_000_000, activation: .tanh, bias: true, fixed: false, augmented: false)
  #expect(throws: EngineError.self) { _ = try Network(spec: NetworkSpec(inputUnits: 2, layers: [huge]), rng: &rng) }
  let zero = LayerSpec.dense(units: 0, activation: .tanh, bias: true, fixed: false, augmented: false)
  #expect(throws: EngineError.self) { _ = try Network(spec: NetworkSpec(inputUnits: 2, layers: [zero]), rng: &rng) }
  #expect(throws: EngineError.self) { _ = try Network(spec: NetworkSpec(inputUnits: 2, layers: []), rng: &rng) }
  #expect(throws: EngineError.self) {
    _ = try Network(spec: NetworkSpec(inputUnits: 2, layers: [.dropout(1.5)]), rng: &rng)
  }
}

@Test func shapeMismatchIsReportedWithBothNumbers() throws {
  var rng = RandomSource(seed: 1)
  let net = try Network(spec: .mlp([3, 2, 1], activation: .tanh), rng: &rng)
  do {
    try net.validate(x: xorX)
    Issue.record("expected a shape error")
  } catch let e as EngineError {
    #expect(e.description.contains("3") && e.description.contains("2"))
  }
}

@Test func parametersRoundTripAndCopyIsIndependent() throws {
  var rng = RandomSource(seed: 2)
  let net = try Network(spec: .mlp([2, 3, 1], activation: .tanh), rng: &rng)
  let c = net.copy()
  #expect(c.parameters == net.parameters)
  var p = net.parameters
  p[0] += 1
  net.parameters = p
  #expect(c.parameters[0] != net.parameters[0])
  #expect(throws: EngineError.self) { try net.setParameters([1, 2]) }
}

/// The polar quaternion initialiser (Parcollet et al. 2019) keeps E|w|² but gives the real component ½ of
/// it and each imaginary component ⅙ (Initializer.swift, docs/conventions.md). 10⁵ quaternions: the sample
/// fraction of a χ²-type mean has relative standard error ≈ √(2/10⁵)·(a few) < 1 %, so 3 % is safe.
@Test func quaternionPolarInitSplitsTheVarianceHalfAndSixths() throws {
  var rng = RandomSource(seed: 5)
  let q = Algebra.quaternion
  let w = try Initializer.glorot(uniform: false).weights(n: 500, m: 200, algebra: q, rng: &rng)
  var component = [Double](repeating: 0, count: 4)
  for (e, v) in w.enumerated() { component[e % 4] += v * v }
  let total = component.reduce(0, +)
  #expect(abs(component[0] / total - 0.5) < 0.015)
  for c in 1..<4 { #expect(abs(component[c] / total - 1.0 / 6) < 0.005) }
}

/// Adam at lr 1e6 settles at a finite but astronomically large loss: that is divergence too.
@Test func divergenceIsCaughtWhenTheLossGrowsWithoutOverflowing() throws {
  var rng = RandomSource(seed: 1)
  let net = try Network(spec: .mlp([2, 8, 1], activation: .tanh), rng: &rng)
  let config = TrainConfig(optimizer: .adam(lr: 1e6, beta1: 0.9, beta2: 0.999, eps: 1e-8), epochs: 200)
  #expect {
    _ = try train(net, x: xorX, y: xorY, config: config, rng: &rng) { _, _ in true }
  } throws: { error in
    guard case EngineError.diverged(_, let loss) = error else { return false }
    return loss.isFinite && loss > Divergence.growth * 0.1
  }
}

/// `Dense.addColumnSums` (the bias gradients of training and of the Hessian's products: many columns per
/// pass over the rows) gives the bits of the row-by-row loop it replaces, on every column count a pass
/// takes differently (0–70: blocks of 32 and 8, and each tail of four, two and one), on 1, 3 and 194
/// rows, packed and 3 wider apart, starting from nonzero sums.
@Test func columnSumsHaveTheRowByRowBits() {
  var rng = RandomSource(seed: 23)
  for rows in [1, 3, 194] {
    for cols in 0...70 {
      for stride in [cols, cols + 3] {
        let d = (0..<(rows * stride)).map { _ in rng.normal() * 1e3 }
        let s0 = (0..<cols).map { _ in rng.normal() }
        var expected = s0
        for r in 0..<rows { for c in 0..<cols { expected[c] += d[r * stride + c] } }
        var got = s0
        d.withUnsafeBufferPointer { dp in
          got.withUnsafeMutableBufferPointer { sp in
            Dense.addColumnSums(dp.baseAddress!, rows: rows, cols: cols, stride: stride, into: sp.baseAddress!)
          }
        }
        #expect(got.map(\.bitPattern) == expected.map(\.bitPattern), "rows \(rows) cols \(cols) stride \(stride)")
      }
    }
  }
}
