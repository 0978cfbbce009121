import Foundation

/// Mean-field signal propagation through a random deep net (Poole et al., "Exponential expressivity in deep
/// neural networks through transient chaos", NeurIPS 2016; Schoenholz et al., "Deep information
/// propagation", ICLR 2017).
///
/// Layer l computes z^l = W^l φ(z^{l−1}) + b^l with weights of variance σ_w²/n and biases of variance σ_b².
/// The pre-activation variance q and the correlation c of two inputs evolve as
///
///   q^l = σ_w² E[φ(√q^{l−1} u)²] + σ_b²,   c^l = (σ_w² E[φ(u₁)φ(u₂)] + σ_b²) / q^l,
///
/// (u₁, u₂) with variances q^{l−1} and correlation c^{l−1}; the first layer sees the inputs' q⁰ = ‖x‖²/d
/// and their correlation. At the fixed point q* the slope of the correlation map at c = 1 is
/// χ₁ = σ_w² E[φ′(√q* u)²]: χ₁ < 1 is the ordered phase (c* = 1, correlations converge), χ₁ > 1 the
/// chaotic one (c* < 1), χ₁ = 1 the critical line. The depth scale of correlations is
/// ξ_c = −1/ln χ_c with χ_c = σ_w² E[φ′(u₁)φ′(u₂)] at c*.
///
/// q* = 0 and q* = ∞ are reported as such (see `PropagationIntegrals.fixedQ`); χ₁ is then its limit.
/// NNS's biases start at a constant, so σ_b² = 0 for a net as initialised; σ_w² = n·Var(s·θ) from the
/// initialiser (he: 2, lecun: 1, glorot: 2n/(n + m)). The fixed points and the phase diagram use the first
/// hidden layer's (φ, σ_w²); the per-layer q, c follow the net's actual layers.
public struct Propagation: Sendable {
  /// Per dense layer: pre-activation variance and correlation of the two inputs.
  public var q: [Double]
  public var c: [Double]
  /// The first hidden layer's activation, whose map the fixed points and `phaseDiagram` describe.
  public var activation: Activation
  public var sigmaW2: Double
  public var sigmaB2: Double
  public var qStar: Double
  public var cStar: Double
  public var chi1: Double
  public var chiC: Double
  /// ξ_c = −1/ln χ_c (∞ at χ_c = 1).
  public var depthScale: Double
  public var phase: Phase
  /// Monte-Carlo over random nets of the same shape: per-layer means and standard errors (empty when no samples).
  public var qSampled: [Double] = []
  public var qSampledError: [Double] = []
  public var cSampled: [Double] = []
  public var cSampledError: [Double] = []

  public enum Phase: String, Sendable {
    case ordered, critical, chaotic
  }
}

/// The phase diagram: χ₁ over a grid of (σ_w², σ_b²) for one activation.
public struct PhaseDiagram: Sendable {
  public var sigmaW2: [Double]
  public var sigmaB2: [Double]
  /// chi[i][j] = χ₁ at (sigmaW2[j], sigmaB2[i]).
  public var chi: [[Double]]
}

/// Gaussian expectations for the propagation maps: E[φ(√q z)²] and E[φ′(√q z)²], in closed form for
/// ReLU (q/2, ½), leaky ReLU ((1 + a²)q/2, (1 + a²)/2), erf and erf(s·x) (Williams' forms, `GaussianDual`) and
/// the identity (q, 1), by adaptive quadrature otherwise.
enum PropagationIntegrals {
  /// E[f(√q z)], z ~ N(0, 1), by the adaptive rule of `GaussianDual` (docs/conventions.md).
  static func expect(_ q: Double, _ f: (Double) -> Double) -> Double {
    GaussianDual.mean(of: f, variance: max(0, q))
  }

  static func meanSquare(_ phi: Activation, _ q: Double) -> Double {
    switch phi {
    case .identity: return q
    case .relu: return q / 2
    case .leakyRelu(let a): return (1 + a * a) * q / 2
    case .erf: return 2 / Double.pi * asin(2 * q / (1 + 2 * q))
    default:
      return expect(q) {
        let a = phi.apply($0); return a * a
      }
    }
  }

  static func meanSquareDerivative(_ phi: Activation, _ q: Double) -> Double {
    switch phi {
    case .identity: return 1
    case .relu: return 0.5
    case .leakyRelu(let a): return (1 + a * a) / 2
    case .erf, .scaledErf: return GaussianDual.expectations(phi, q, q, q).dphi
    default:
      return expect(q) { x in
        let d = phi.derivative(x, phi.apply(x)); return d * d
      }
    }
  }

  /// The fixed point q* of q ↦ σ_w² E[φ(√q z)²] + σ_b², iterated from `start` (at most 5000 steps, relative
  /// change 1e-13). With σ_b² = 0 and φ(0) = 0, q = 0 is a fixed point, and the attracting one when the map's
  /// slope there, σ_w² E[φ′(√q z)²] as q → 0⁺, is at most 1 (tanh, erf, sin for σ_w² ≤ 1; ReLU for
  /// σ_w² ≤ 2): then q* = 0 — the iteration alone would creep towards it like 1/l at slope 1. A map that
  /// grows without bound (ReLU, σ_w² > 2) gives q* = ∞.
  static func fixedQ(_ phi: Activation, sigmaW2: Double, sigmaB2: Double, start: Double = 1) -> Double {
    if sigmaB2 == 0, phi.apply(0) == 0, chi1(phi, sigmaW2: sigmaW2, q: tiny) <= 1 + 1e-12 { return 0 }
    var q = start
    for _ in 0..<5000 {
      let next = sigmaW2 * meanSquare(phi, q) + sigmaB2
      if !next.isFinite || next > 1e300 { return .infinity }
      if abs(next - q) <= 1e-13 * max(1, abs(q)) { return next }
      q = next
    }
    return q
  }

  /// The variance at which χ₁ is evaluated for q* = 0 (the limit q → 0⁺; ReLU-like maps are scale-free).
  static let tiny = 1e-12

  /// χ₁ at q (q = 0 or ∞ stand for their limits: `tiny`, and 1 for the scale-free maps that diverge).
  static func chi1(atFixedPoint phi: Activation, sigmaW2: Double, q: Double) -> Double {
    chi1(phi, sigmaW2: sigmaW2, q: q == 0 ? tiny : q.isFinite ? q : 1)
  }

  static func chi1(_ phi: Activation, sigmaW2: Double, q: Double) -> Double {
    sigmaW2 * meanSquareDerivative(phi, q)
  }
}

/// `Propagation` of `net`'s dense layers for two inputs with variance `q0` per component and correlation
/// `c0`; with `samples` > 0 also the Monte-Carlo estimate over that many random nets of the same shape
/// (weights redrawn from `rng`, inputs fixed).
public func propagation(
  _ net: Network, q0: Double, c0: Double, samples: Int, rng: inout RandomSource
) throws -> Propagation {
  let layers = try propagationLayers(net)
  guard q0.isFinite, q0 > 0 else { throw EngineError.invalid("the input variance must be positive, found \(q0)") }
  guard c0.isFinite, c0 >= -1, c0 <= 1 else {
    throw EngineError.invalid("the input correlation must be in [−1, 1], found \(c0)")
  }
  var q: [Double] = []
  var c: [Double] = []
  var (prevQ, prevC) = (q0, c0)
  for (l, layer) in layers.enumerated() {
    let sw = layer.sigmaW2
    let (nq, nc): (Double, Double)
    if l == 0 {
      (nq, nc) = (sw * q0, c0)  // z¹ = W¹x: variance σ_w²·‖x‖²/d, correlation that of the inputs
    } else {
      let phi = layers[l - 1].activation
      let cross = GaussianDual.expectations(phi, prevQ, prevQ, prevC * prevQ).phi
      nq = sw * expectSquare(phi, prevQ)
      nc = nq > 0 ? min(1, sw * cross / nq) : 1
    }
    q.append(nq)
    c.append(nc)
    (prevQ, prevC) = (nq, nc)
  }
  let first = layers[0]
  let phi = first.activation
  let qStar = PropagationIntegrals.fixedQ(phi, sigmaW2: first.sigmaW2, sigmaB2: 0, start: q0)
  let chi1 = PropagationIntegrals.chi1(atFixedPoint: phi, sigmaW2: first.sigmaW2, q: qStar)
  var cStar = 1.0
  if chi1 > 1, qStar.isFinite, qStar > 0 {
    // The chaotic phase: c = 1 is unstable; iterate the correlation map from below.
    var cc = min(c0, 0.5)
    for _ in 0..<5000 {
      let next = first.sigmaW2 * GaussianDual.expectations(phi, qStar, qStar, cc * qStar).phi / qStar
      if abs(next - cc) < 1e-13 { break }
      cc = min(1, next)
    }
    cStar = cc
  }
  let chiC =
    cStar >= 1 ? chi1 : first.sigmaW2 * GaussianDual.expectations(phi, qStar, qStar, cStar * qStar).dphi
  let phase: Propagation.Phase = abs(chi1 - 1) <= 1e-9 ? .critical : chi1 < 1 ? .ordered : .chaotic
  var result = Propagation(
    q: q, c: c, activation: phi, sigmaW2: first.sigmaW2, sigmaB2: 0, qStar: qStar, cStar: cStar, chi1: chi1, chiC: chiC,
    depthScale: phase == .critical || chiC == 1 ? .infinity : -1 / Foundation.log(chiC), phase: phase)
  if samples > 0 { try sampleMeanField(net, q0: q0, c0: c0, samples: samples, rng: &rng, into: &result) }
  return result
}

/// E[φ(√q z)²].
private func expectSquare(_ phi: Activation, _ q: Double) -> Double { PropagationIntegrals.meanSquare(phi, q) }

/// χ₁ over a grid of (σ_w², σ_b²) for activation φ.
public func phaseDiagram(_ phi: Activation, sigmaW2: [Double], sigmaB2: [Double]) -> PhaseDiagram {
  let chi = sigmaB2.map { b in
    sigmaW2.map { w in
      let q = PropagationIntegrals.fixedQ(phi, sigmaW2: w, sigmaB2: b)
      return PropagationIntegrals.chi1(atFixedPoint: phi, sigmaW2: w, q: q)
    }
  }
  return PhaseDiagram(sigmaW2: sigmaW2, sigmaB2: sigmaB2, chi: chi)
}

struct PropagationLayer {
  var sigmaW2: Double
  var activation: Activation
  var dense: Dense
}

/// The dense layers of a real net with elementwise activations and random initial weights.
func propagationLayers(_ net: Network) throws -> [PropagationLayer] {
  var out: [PropagationLayer] = []
  for layer in net.layers {
    if layer is Dropout { continue }
    guard let d = layer as? Dense else {
      throw EngineError.invalid("signal propagation covers dense layers only (not residual or batch-norm layers)")
    }
    guard d.k == 1, !d.augmented else {
      throw EngineError.invalid("signal propagation covers real nets only (this one is over \(d.algebra.name))")
    }
    guard d.activation.isElementwise else {
      throw EngineError.invalid("signal propagation needs elementwise activations, not \(d.activation)")
    }
    out.append(PropagationLayer(sigmaW2: Double(d.n) * (try effectiveVariance(d)), activation: d.activation, dense: d))
  }
  guard out.count >= 2 else {
    throw EngineError.invalid("signal propagation needs at least one hidden layer (two dense layers)")
  }
  return out
}

/// Empirical q and c of each layer's pre-activations for two inputs, over `samples` fresh random nets.
private func sampleMeanField(
  _ net: Network, q0: Double, c0: Double, samples: Int, rng: inout RandomSource, into result: inout Propagation
) throws {
  let d = net.spec.inputFeatures
  // Two inputs with ‖x‖²/d = q0 and correlation c0, from two orthonormal directions scaled by √d.
  var u = (0..<d).map { _ in rng.normal() }
  var v = (0..<d).map { _ in rng.normal() }
  func normalise(_ w: inout [Double]) {
    let n = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
    w = w.map { $0 / n }
  }
  normalise(&u)
  let proj = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
  v = zip(v, u).map { $0 - proj * $1 }
  normalise(&v)
  let scale = (q0 * Double(d)).squareRoot()
  let s = (1 - c0 * c0).squareRoot()
  var x = Matrix(rows: 2, cols: d)
  for j in 0..<d {
    x[0, j] = scale * u[j]
    x[1, j] = scale * (c0 * u[j] + (d > 1 ? s * v[j] : 0))
  }
  let layerCount = result.q.count
  var qs = [[Double]](repeating: [], count: layerCount)
  var cs = [[Double]](repeating: [], count: layerCount)
  for k in 0..<samples {
    var r = rng.fork("propagation sample #\(k)")
    let fresh = try Network(spec: net.spec, rng: &r)
    _ = fresh.predict(x)
    let dense = try propagationLayers(fresh).map(\.dense)
    for (l, layer) in dense.enumerated() {
      let z = layer.z
      var (s11, s22, s12) = (0.0, 0.0, 0.0)
      for j in 0..<z.cols {
        s11 += z[0, j] * z[0, j]
        s22 += z[1, j] * z[1, j]
        s12 += z[0, j] * z[1, j]
      }
      qs[l].append(s11 / Double(z.cols))
      cs[l].append(s12 / max(1e-300, (s11 * s22).squareRoot()))
    }
  }
  func meanAndError(_ xs: [Double]) -> (Double, Double) {
    let n = Double(xs.count)
    let m = xs.reduce(0, +) / n
    guard xs.count > 1 else { return (m, .nan) }
    let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
    return (m, (v / n).squareRoot())
  }
  for l in 0..<layerCount {
    let (mq, eq) = meanAndError(qs[l])
    let (mc, ec) = meanAndError(cs[l])
    result.qSampled.append(mq)
    result.qSampledError.append(eq)
    result.cSampled.append(mc)
    result.cSampledError.append(ec)
  }
}
