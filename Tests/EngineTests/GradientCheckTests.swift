import Testing

@testable import Engine

/// Tolerance: `gradientCheck` returns max |a − d| / max(|a|, |d|, 1e-3) with h = 1e-5 central differences;
/// truncation and round-off are ~1e-10 absolute for these O(1) losses, so 1e-6 leaves a wide margin while
/// any wrong backward formula (a missing term, a wrong sign) shows up at 1e-2 or worse.
let gradTolerance = 1e-6

let testAlgebras: [Algebra] = [
  .real, Algebra.complex, Algebra.hyperbolic, Algebra.dual,
  Algebra.quaternion, Algebra.commutativeQuaternion, try! Algebra.clifford(p: 1, q: 1, r: 0),
  try! Algebra.cayleyDickson(3),
]

let allActivations: [Activation] = [
  .identity, .tanh, .sigmoid, .relu, .leakyRelu(0.1), .softplus, .erf, .scaledErf(0.7071067811865476), .gelu, .sin,
  .softmax, .polarTanh,
  .modrelu(-0.1), .zrelu, .cardioid,
]

func dense(_ units: Int, _ act: Activation, bias: Bool = true, fixed: Bool = false, augmented: Bool = false)
  -> LayerSpec
{
  .dense(units: units, activation: act, bias: bias, fixed: fixed, augmented: augmented)
}

/// Random inputs (N × features) and targets suited to `loss` for C outputs.
func sampleData(rows: Int, features: Int, outputs c: Int, loss: Loss, seed: UInt64) -> (Matrix, Matrix) {
  var rng = RandomSource(seed: seed)
  var x = Matrix(rows: rows, cols: features)
  for e in 0..<x.count { x.data[e] = rng.normal() }
  switch loss {
  case .crossEntropy where c > 1:
    return (x, Matrix(rows: rows, cols: 1, data: (0..<rows).map { Double($0 % c) }))
  case .mse:
    return (x, Matrix(rows: rows, cols: c, data: (0..<(rows * c)).map { _ in rng.normal() }))
  case .hinge:
    // ±1 labels; outputs of these small nets stay well inside the margin, away from the kink.
    return (x, Matrix(rows: rows, cols: c, data: (0..<(rows * c)).map { _ in rng.uniform() < 0.5 ? -1 : 1 }))
  default:
    return (x, Matrix(rows: rows, cols: c, data: (0..<(rows * c)).map { _ in rng.uniform() < 0.5 ? 0 : 1 }))
  }
}

func check(_ spec: NetworkSpec, _ loss: Loss, training: Bool = false, seed: UInt64 = 1) throws -> Double {
  var rng = RandomSource(seed: seed)
  let net = try Network(spec: spec, rng: &rng)
  let (x, y) = sampleData(
    rows: 5, features: spec.inputFeatures, outputs: spec.outputFeatures, loss: loss, seed: seed + 100)
  return gradientCheck(net, x: x, y: y, loss: loss, training: training)
}

@Suite("Gradient checks") struct GradientCheckTests {
  @Test(arguments: testAlgebras)
  func everyActivationOverEveryAlgebra(_ algebra: Algebra) throws {
    for act in allActivations {
      let spec = NetworkSpec(inputUnits: 2, algebra: algebra, layers: [dense(3, act), dense(1, .identity)])
      let err = try check(spec, .mse)
      #expect(err < gradTolerance, "\(algebra.name) \(act): \(err)")
    }
  }

  @Test(arguments: testAlgebras)
  func everyLossOverEveryAlgebra(_ algebra: Algebra) throws {
    for loss in [Loss.mse, .crossEntropy, .logistic, .hinge] {
      for out in [Activation.identity, .sigmoid, .softmax, .tanh] {
        for readout in [Readout.all, .real] {
          let spec = NetworkSpec(
            inputUnits: 2, algebra: algebra, layers: [dense(3, .tanh), dense(2, out)], readout: readout)
          let err = try check(spec, loss)
          #expect(err < gradTolerance, "\(algebra.name) \(loss) \(out) \(readout): \(err)")
        }
      }
    }
  }

  @Test(arguments: testAlgebras)
  func everyLayerKindOverEveryAlgebra(_ algebra: Algebra) throws {
    let k = algebra.dimension
    var variants: [(String, [LayerSpec], Bool)] = [
      ("bias off", [dense(3, .tanh, bias: false), dense(1, .identity, bias: false)], false),
      ("fixed", [dense(3, .tanh), dense(1, .identity, fixed: true)], false),
      (
        "residual 1",
        [
          dense(3, .tanh), .residual(span: 1, body: [dense(3, .tanh), dense(3, .sin)], dropProbability: 0),
          dense(1, .identity),
        ], false
      ),
      (
        "residual 2",
        [
          dense(3, .tanh), .residual(span: 2, body: [dense(4, .tanh), dense(3, .tanh)], dropProbability: 0),
          dense(1, .identity),
        ], false
      ),
      (
        "stochastic depth eval",
        [dense(3, .tanh), .residual(span: 1, body: [dense(3, .tanh)], dropProbability: 0.3), dense(1, .identity)], false
      ),
      (
        "stochastic depth train",
        [
          dense(3, .tanh), .residual(span: 1, body: [dense(3, .tanh)], dropProbability: 0.5),
          .residual(span: 1, body: [dense(3, .tanh)], dropProbability: 0.5), dense(1, .identity),
        ], true
      ),
      ("dropout train", [dense(4, .tanh), .dropout(0.3), dense(1, .identity)], true),
      ("dropout eval", [dense(4, .tanh), .dropout(0.3), dense(1, .identity)], false),
      ("batchnorm train", [dense(3, .identity), .batchnorm, dense(3, .tanh), dense(1, .identity)], true),
      ("batchnorm eval", [dense(3, .identity), .batchnorm, dense(3, .tanh), dense(1, .identity)], false),
      (
        "residual with batchnorm",
        [
          dense(3, .tanh), .residual(span: 1, body: [.batchnorm, dense(3, .tanh)], dropProbability: 0),
          dense(1, .identity),
        ], true
      ),
    ]
    if k > 1 {
      variants.append(("augmented", [dense(3, .tanh, augmented: true), dense(1, .identity, augmented: true)], false))
    }
    for (name, layers, training) in variants {
      for param in [Parametrization.standard, .ntk, .meanField] {
        let spec = NetworkSpec(inputUnits: 2, algebra: algebra, layers: layers, parametrization: param)
        let err = try check(spec, .mse, training: training)
        #expect(err < gradTolerance, "\(algebra.name) \(name) \(param): \(err)")
      }
    }
  }

  @Test func frozenLayerGetsZeroGradient() throws {
    var rng = RandomSource(seed: 4)
    let spec = NetworkSpec(inputUnits: 2, layers: [dense(3, .tanh), dense(1, .identity, fixed: true)])
    let net = try Network(spec: spec, rng: &rng)
    let (x, y) = sampleData(rows: 4, features: 2, outputs: 1, loss: .mse, seed: 3)
    let g = net.lossAndGradient(x, y, loss: .mse, training: true, rng: &rng).gradient
    #expect(g[(2 * 3 + 3)...].allSatisfy { $0 == 0 })
    #expect(g[..<(2 * 3 + 3)].contains { $0 != 0 })
    #expect(net.trainableMask.filter { !$0 }.count == 3 + 1)
  }
}
