import Foundation

/// Which curvature matrix the natural-gradient optimizer inverts.
public enum FisherKind: String, Sendable, Codable, Hashable {
  /// The full matrix (solved in the smaller of the P×P and (N·out)×(N·out) forms).
  case exact
  /// One block per parametrised layer (Karakida & Osawa's block-diagonal natural gradient, seed 001).
  case blockDiagonal
  /// Kronecker-factored blocks A ⊗ G per real dense layer (Martens & Grosse 2015); other layers use
  /// their exact diagonal block.
  case kfac
}

/// An optimizer and its hyper-parameters (SPEC §4.6).
/// - `gd`, `sgd`: θ ← θ − η g, with heavy-ball momentum v ← μ v + g or Nesterov's look-ahead
///   (Sutskever et al. 2013, as PyTorch's SGD);
/// - `adam`: Kingma & Ba 2015 with bias correction;
/// - `natural`: θ ← θ − η (F + λ I)⁻¹ g with F the generalised Gauss–Newton matrix (1/N) Σ J_nᵀ Λ_n J_n of
///   the minibatch, Λ_n the Hessian of the per-sample loss in the outputs: the Fisher information for
///   cross-entropy and logistic (Amari 1998), and (2/C)·I for mse (the Fisher times the constant that makes
///   η = 1 the Gauss–Newton step), I for hinge;
/// - `langevin`: θ ← θ − η g + √(2 η T) ξ, ξ ~ N(0, I) (Welling & Teh 2011; mean-field Langevin, Nitanda);
/// - `averagedSGD`: SGD whose reported net is the Polyak–Ruppert average of all iterates (Polyak &
///   Juditsky 1992; Nitanda & Suzuki on averaged SGD in the NTK regime).
public enum OptimizerSpec: Sendable, Codable, Hashable {
  case gd(lr: Double)
  case sgd(lr: Double, momentum: Double, nesterov: Bool)
  case adam(lr: Double, beta1: Double, beta2: Double, eps: Double)
  case natural(lr: Double, damping: Double, fisher: FisherKind)
  case langevin(lr: Double, temperature: Double)
  case averagedSGD(lr: Double)

  /// The base learning rate.
  public var learningRate: Double {
    switch self {
    case .gd(let lr), .sgd(let lr, _, _), .adam(let lr, _, _, _), .natural(let lr, _, _), .langevin(let lr, _),
      .averagedSGD(let lr):
      return lr
    }
  }

  /// The same optimizer with another base rate (for `lr: auto`).
  public func withLearningRate(_ lr: Double) -> OptimizerSpec {
    switch self {
    case .gd: return .gd(lr: lr)
    case .sgd(_, let m, let n): return .sgd(lr: lr, momentum: m, nesterov: n)
    case .adam(_, let b1, let b2, let e): return .adam(lr: lr, beta1: b1, beta2: b2, eps: e)
    case .natural(_, let d, let f): return .natural(lr: lr, damping: d, fisher: f)
    case .langevin(_, let t): return .langevin(lr: lr, temperature: t)
    case .averagedSGD: return .averagedSGD(lr: lr)
    }
  }

  func validate() throws {
    let lr = learningRate
    guard lr.isFinite, lr >= 0 else {
      throw EngineError.invalid("learning rate must be a finite number ≥ 0, found \(lr)")
    }
    switch self {
    case .sgd(_, let m, _):
      guard m >= 0, m < 1 else { throw EngineError.invalid("momentum must be in [0, 1), found \(m)") }
    case .adam(_, let b1, let b2, let e):
      guard b1 >= 0, b1 < 1, b2 >= 0, b2 < 1, e > 0 else {
        throw EngineError.invalid("adam needs 0 ≤ beta1, beta2 < 1 and eps > 0, found \(b1), \(b2), \(e)")
      }
    case .natural(_, let d, _):
      guard d > 0, d.isFinite else { throw EngineError.invalid("natural gradient damping must be > 0, found \(d)") }
    case .langevin(_, let t):
      guard t >= 0, t.isFinite else { throw EngineError.invalid("langevin temperature must be ≥ 0, found \(t)") }
    default: break
    }
  }
}

/// The mutable state of an optimizer run over one net.
final class OptimizerState {
  let spec: OptimizerSpec
  var velocity: [Double]
  var secondMoment: [Double]
  var steps = 0
  var average: [Double]
  var averaged = 0

  init(spec: OptimizerSpec, parameterCount p: Int) {
    self.spec = spec
    velocity = [Double](repeating: 0, count: p + 1)
    secondMoment = [Double](repeating: 0, count: p + 1)
    average = [Double](repeating: 0, count: p + 1)
  }

  /// One update of `net` from the gradient in `net.sink.grad`, with learning rate `lr`; x, y the minibatch
  /// (natural gradient only).
  func step(_ net: Network, lr: Double, x: Matrix, y: Matrix, loss: Loss, rng: inout RandomSource) throws {
    steps += 1
    let p = net.parameterCount
    switch spec {
    case .gd, .averagedSGD:
      net.storage.withUnsafeMutableBufferPointer { th in
        net.sink.grad.withUnsafeBufferPointer { g in
          for e in 0..<p { th[e] -= lr * g[e] }
        }
      }
      if case .averagedSGD = spec {
        averaged += 1
        let w = 1 / Double(averaged)
        for e in 0..<p { average[e] += w * (net.storage[e] - average[e]) }
      }
    case .sgd(_, let mu, let nesterov):
      net.storage.withUnsafeMutableBufferPointer { th in
        net.sink.grad.withUnsafeBufferPointer { g in
          velocity.withUnsafeMutableBufferPointer { v in
            for e in 0..<p {
              v[e] = mu * v[e] + g[e]
              th[e] -= lr * (nesterov ? g[e] + mu * v[e] : v[e])
            }
          }
        }
      }
    case .adam(_, let b1, let b2, let eps):
      let c1 = 1 - pow(b1, Double(steps))
      let c2 = 1 - pow(b2, Double(steps))
      for e in 0..<p {
        let g = net.sink.grad[e]
        velocity[e] = b1 * velocity[e] + (1 - b1) * g
        secondMoment[e] = b2 * secondMoment[e] + (1 - b2) * g * g
        net.storage[e] -= lr * (velocity[e] / c1) / ((secondMoment[e] / c2).squareRoot() + eps)
      }
    case .langevin(_, let temperature):
      let noise = (2 * lr * temperature).squareRoot()
      for e in 0..<p where net.trainable[e] != 0 {
        net.storage[e] -= lr * net.sink.grad[e] - noise * rng.normal()
      }
    case .natural(_, let damping, let fisher):
      let direction = try naturalDirection(
        net, x: x, loss: loss, gradient: Array(net.sink.grad[0..<p]), damping: damping, kind: fisher)
      for e in 0..<p { net.storage[e] -= lr * direction[e] * net.trainable[e] }
    }
  }

  /// The parameters the net should show to the outside (the Polyak average for averaged SGD).
  var reportsAverage: Bool {
    if case .averagedSGD = spec { return averaged > 0 }
    return false
  }
}
