import Testing

@testable import Engine

@Suite("Optimizers") struct OptimizerTests {
  /// On a linear model under mse, natural gradient with the exact (Gauss–Newton) matrix, lr 1 and tiny
  /// damping is the Gauss–Newton step, which lands on the least-squares solution in one step.
  @Test func exactNaturalGradientIsTheGaussNewtonStep() throws {
    var rng = RandomSource(seed: 1)
    let spec = NetworkSpec(inputUnits: 3, layers: [dense(2, .identity)])
    let net = try Network(spec: spec, rng: &rng)
    let (x, y) = sampleData(rows: 12, features: 3, outputs: 2, loss: .mse, seed: 9)
    // Least squares with an intercept column: θ* = (XᵀX)⁻¹ Xᵀ Y.
    var xa = Matrix(rows: 12, cols: 4)
    for r in 0..<12 {
      for c in 0..<3 { xa[r, c] = x[r, c] }
      xa[r, 3] = 1
    }
    let best = BLAS.solveSPD(BLAS.matmul(xa, transA: true, xa), BLAS.matmul(xa, transA: true, y))!
    let config = TrainConfig(loss: .mse, optimizer: .natural(lr: 1, damping: 1e-10, fisher: .exact), epochs: 1)
    _ = try train(net, x: x, y: y, config: config, rng: &rng) { _, _ in true }
    let p = net.parameters  // W (3×2) then b (2)
    var worst = 0.0
    for u in 0..<3 { for o in 0..<2 { worst = max(worst, abs(p[u * 2 + o] - best[u, o])) } }
    for o in 0..<2 { worst = max(worst, abs(p[6 + o] - best[3, o])) }
    #expect(worst < 1e-7)  // damping 1e-10 perturbs the solution by ~1e-10·‖θ‖/λmin
  }

  @Test func everyOptimizerReducesTheLoss() throws {
    let optimizers: [OptimizerSpec] = [
      .gd(lr: 0.1), .sgd(lr: 0.1, momentum: 0.9, nesterov: false), .sgd(lr: 0.1, momentum: 0.9, nesterov: true),
      .adam(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8), .natural(lr: 0.5, damping: 1e-3, fisher: .exact),
      .natural(lr: 0.5, damping: 1e-3, fisher: .blockDiagonal), .natural(lr: 0.5, damping: 1e-3, fisher: .kfac),
      .langevin(lr: 0.1, temperature: 1e-6), .averagedSGD(lr: 0.1),
    ]
    for opt in optimizers {
      for schedule in [Schedule.constant, .cosine, .step(every: 10, factor: 0.5), .inverseTime(0.01)] {
        var rng = RandomSource(seed: 4)
        let net = try Network(spec: .mlp([2, 6, 1], activation: .tanh), rng: &rng)
        let (x, y) = sampleData(rows: 16, features: 2, outputs: 1, loss: .mse, seed: 3)
        let before = net.loss(x, y, loss: .mse)
        let config = TrainConfig(loss: .mse, optimizer: opt, batchSize: 8, epochs: 40, schedule: schedule)
        let h = try train(net, x: x, y: y, config: config, rng: &rng) { _, _ in true }
        #expect(h.count == 40)
        #expect(net.loss(x, y, loss: .mse) < before, "\(opt) \(schedule)")
      }
    }
  }

  @Test func autoLearningRateFromFisher() throws {
    var rng = RandomSource(seed: 5)
    let net = try Network(spec: .mlp([2, 8, 1], activation: .tanh), rng: &rng)
    let (x, y) = sampleData(rows: 20, features: 2, outputs: 1, loss: .mse, seed: 3)
    let lmax = fisherMaxEigenvalue(net, x: x, loss: .mse)
    #expect(lmax > 0)
    let config = TrainConfig(optimizer: OptimizerSpec.gd(lr: 1).withLearningRate(1 / lmax), epochs: 50)
    let h = try train(net, x: x, y: y, config: config, rng: &rng) { _, _ in true }
    #expect(h.last! < h.first!)
  }

  @Test func invalidHyperParametersThrow() throws {
    var rng = RandomSource(seed: 5)
    let net = try Network(spec: .mlp([2, 2, 1], activation: .tanh), rng: &rng)
    let (x, y) = sampleData(rows: 4, features: 2, outputs: 1, loss: .mse, seed: 3)
    for opt in [OptimizerSpec.gd(lr: -1), .gd(lr: .nan), .sgd(lr: 0.1, momentum: 2, nesterov: false)] {
      #expect(throws: EngineError.self) {
        _ = try train(net, x: x, y: y, config: TrainConfig(optimizer: opt, epochs: 1), rng: &rng) { _, _ in true }
      }
    }
    #expect(throws: EngineError.self) {
      _ = try train(net, x: x, y: y, config: TrainConfig(optimizer: .gd(lr: 0.1), batchSize: 0, epochs: 1), rng: &rng) {
        _, _ in true
      }
    }
  }
}

@Suite("Initializers") struct InitializerTests {
  @Test func everyInitializerOverEveryAlgebraBuilds() throws {
    let inits: [Initializer] = [
      .zeros, .constant(0.3), .gaussian(std: 0.5), .uniform(0.2), .glorot(uniform: false), .glorot(uniform: true),
      .he(uniform: false, fanOut: false), .he(uniform: true, fanOut: true), .lecun, .orthogonal, .even(std: nil),
      .even(std: 0.1),
    ]
    for algebra in testAlgebras {
      for i in inits {
        var rng = RandomSource(seed: 3)
        let spec = NetworkSpec(
          inputUnits: 3, algebra: algebra, layers: [dense(5, .tanh), dense(1, .identity)], initializer: i)
        let net = try Network(spec: spec, rng: &rng)
        #expect(net.parameters.allSatisfy { $0.isFinite })
      }
    }
  }

  /// Algebra-aware variance keeps E‖Wx‖² = E‖x‖² under `lecun` (σ² = 1/n per unit), for every algebra:
  /// 200 layers of 64 → 64 units averaged, so the Monte-Carlo error is a few percent.
  @Test(arguments: testAlgebras) func algebraAwareVariancePreservesNorm(_ algebra: Algebra) throws {
    var rng = RandomSource(seed: 12)
    var ratio = 0.0
    let n = 64
    let k = algebra.dimension
    let trials = 30
    for _ in 0..<trials {
      let w = try Initializer.lecun.weights(n: n, m: n, algebra: algebra, rng: &rng)
      let x = (0..<(n * k)).map { _ in rng.normal() }
      var y = [Double](repeating: 0, count: n * k)
      for u in 0..<n {
        for o in 0..<n {
          let prod = algebra.multiply(
            Array(w[((u * n + o) * k)..<((u * n + o + 1) * k)]), Array(x[(u * k)..<((u + 1) * k)]))
          for c in 0..<k { y[o * k + c] += prod[c] }
        }
      }
      ratio += y.reduce(0) { $0 + $1 * $1 } / x.reduce(0) { $0 + $1 * $1 }
    }
    ratio /= Double(trials)
    // Dual numbers: Σ C² differs per input component, so only the average over components is preserved.
    #expect(abs(ratio - 1) < (algebra.name == "dual" ? 0.5 : 0.15), "\(algebra.name): \(ratio)")
  }

  @Test func evenInitializationIsExactlySymmetric() throws {
    var rng = RandomSource(seed: 1)
    let w = try Initializer.even(std: 1).weights(n: 7, m: 5, algebra: .real, rng: &rng)
    #expect(w.sorted() == w.map { -$0 }.sorted())
  }
}
