import Foundation
import Testing

@testable import Engine

/// Mean-field signal propagation (Poole et al. 2016; Schoenholz et al. 2017) against closed forms, an
/// independent quadrature and Monte-Carlo over random nets.
struct ProbePropagationTests {
  /// E[f(√q z)] by the trapezoid rule on z ∈ [−12, 12] with 24 001 nodes: for these smooth integrands the
  /// rule converges spectrally (the Gaussian tail beyond 12 is below 1e-31), an independent check of the
  /// Gauss–Hermite rule the probe uses.
  func trapezoid(_ q: Double, _ f: (Double) -> Double) -> Double {
    let n = 24_000
    let h = 24.0 / Double(n)
    var s = 0.0
    for i in 0...n {
      let z = -12 + h * Double(i)
      let w = (i == 0 || i == n) ? 0.5 : 1
      s += w * f(q.squareRoot() * z) * Foundation.exp(-z * z / 2)
    }
    return s * h / (2 * Double.pi).squareRoot()
  }

  func deepNet(_ act: Activation, init initializer: Initializer, width: Int = 64) throws -> Network {
    try ProbeFixture.net(
      8, [ProbeFixture.dense(width, act), ProbeFixture.dense(width, act), ProbeFixture.dense(1, .identity)],
      init: initializer)
  }

  /// ReLU: E[relu′²] = ½ at every q, so χ₁ = σ_w²/2 exactly — he (σ_w² = 2) is critical, lecun (1) ordered.
  @Test func reluChiIsHalfTheWeightVariance() throws {
    var rng = RandomSource(seed: 1)
    let he = try propagation(
      try deepNet(.relu, init: .he(uniform: false, fanOut: false)), q0: 1, c0: 0.3, samples: 0, rng: &rng)
    #expect(he.sigmaW2 == 2 && he.chi1 == 1 && he.phase == .critical)
    let lecun = try propagation(try deepNet(.relu, init: .lecun), q0: 1, c0: 0.3, samples: 0, rng: &rng)
    #expect(lecun.chi1 == 0.5 && lecun.phase == .ordered && lecun.qStar == 0)
    #expect(abs(lecun.depthScale - 1 / Foundation.log(2)) < 1e-12)
  }

  /// tanh in the chaotic phase (σ_w² = 2.5 via gaussian init on θ): q* and χ₁ against the trapezoid rule.
  @Test(arguments: [(Activation.tanh, 2.5), (.erf, 2.0), (.sin, 1.7)])
  func fixedPointAndChiAgainstAnIndependentQuadrature(act: Activation, sigmaW2: Double) throws {
    let width = 64
    let std = (sigmaW2 / Double(width)).squareRoot()
    let net = try ProbeFixture.net(
      width, [ProbeFixture.dense(width, act), ProbeFixture.dense(width, act), ProbeFixture.dense(1, .identity)],
      init: .gaussian(std: std))
    var rng = RandomSource(seed: 2)
    let p = try propagation(net, q0: 1, c0: 0.5, samples: 0, rng: &rng)
    #expect(abs(p.sigmaW2 - sigmaW2) < 1e-12)
    // The fixed point by iterating the trapezoid map independently.
    var q = 1.0
    for _ in 0..<500 { q = sigmaW2 * trapezoid(q) { act.apply($0) * act.apply($0) } }
    let chi =
      sigmaW2
      * trapezoid(q) { x in
        let d = act.derivative(x, act.apply(x)); return d * d
      }
    // The adaptive rule promises 1e-10 relative; the fixed point amplifies an error by 1/(1 − slope of the
    // q-map) (≈ 10 here) and the trapezoid reference is good to ~1e-13: 1e-8 leaves margin.
    #expect(abs(p.qStar - q) < 1e-8 * q, "q* \(p.qStar) vs \(q)")
    #expect(abs(p.chi1 - chi) < 1e-8 * chi, "χ₁ \(p.chi1) vs \(chi)")
    #expect(p.phase == (chi > 1 ? .chaotic : .ordered))
    if p.phase == .chaotic { #expect(p.cStar < 1) }
  }

  /// The closed forms (erf: (2/π) asin(2q/(1 + 2q)) and (4/π)/√(1 + 4q); ReLU: q/2 and ½) against the
  /// trapezoid rule, over q from 0.01 to 100 (ReLU's kink costs the rule its spectral accuracy: 1e-7).
  @Test(arguments: [0.01, 0.7, 4.0, 100.0]) func closedFormsAgainstQuadrature(q: Double) {
    let erf = Activation.erf
    #expect(abs(PropagationIntegrals.meanSquare(erf, q) - trapezoid(q) { erf.apply($0) * erf.apply($0) }) < 1e-12)
    let d = trapezoid(q) { x in
      let g = erf.derivative(x, erf.apply(x)); return g * g
    }
    #expect(abs(PropagationIntegrals.meanSquareDerivative(erf, q) - d) < 1e-12 * max(1, d))
    let relu = Activation.relu
    #expect(abs(PropagationIntegrals.meanSquare(relu, q) - trapezoid(q) { relu.apply($0) * relu.apply($0) }) < 1e-7 * q)
  }

  /// The Monte-Carlo estimate over wide random nets agrees with the per-layer theory within its error
  /// bars: 4 standard errors plus the O(1/width) finite-width bias (width 1000 → 3e-3 relative).
  @Test func monteCarloAgreesWithTheory() throws {
    let net = try deepNet(.tanh, init: .he(uniform: false, fanOut: false), width: 1000)
    var rng = RandomSource(seed: 3)
    let p = try propagation(net, q0: 1.3, c0: 0.4, samples: 12, rng: &rng)
    for l in 0..<(p.q.count - 1) {  // the last layer has one unit: its sample is a single number
      #expect(abs(p.qSampled[l] - p.q[l]) <= 4 * p.qSampledError[l] + 3e-3 * p.q[l], "q layer \(l): \(p)")
      #expect(abs(p.cSampled[l] - p.c[l]) <= 4 * p.cSampledError[l] + 3e-3, "c layer \(l)")
    }
  }

  @Test func phaseDiagramSeparatesOrderFromChaos() {
    let d = phaseDiagram(.tanh, sigmaW2: [0.5, 1.5, 4], sigmaB2: [0, 0.3])
    #expect(d.chi[0][0] < 1 && d.chi[0][1] > 1 && d.chi[0][2] > 1)
    // A bias variance moves the critical line to larger σ_w² (Poole et al., Fig. 1).
    #expect(d.chi[1][1] < d.chi[0][1])
    let relu = phaseDiagram(.relu, sigmaW2: [1, 3], sigmaB2: [0, 0.2])
    #expect(relu.chi[0] == [0.5, 1.5] && relu.chi[1] == [0.5, 1.5])
  }

  @Test func unsupportedNetsAreRefused() throws {
    var rng = RandomSource(seed: 1)
    let shallow = try ProbeFixture.net(2, [ProbeFixture.dense(1, .identity)])
    #expect(throws: EngineError.self) { try propagation(shallow, q0: 1, c0: 0.5, samples: 0, rng: &rng) }
    let complex = try ProbeFixture.net(
      1, [ProbeFixture.dense(4, .tanh), ProbeFixture.dense(1, .identity)], algebra: Algebra.complex)
    #expect(throws: EngineError.self) { try propagation(complex, q0: 1, c0: 0.5, samples: 0, rng: &rng) }
    let net = try deepNet(.tanh, init: .lecun)
    #expect(throws: EngineError.self) { try propagation(net, q0: -1, c0: 0.5, samples: 0, rng: &rng) }
    #expect(throws: EngineError.self) { try propagation(net, q0: 1, c0: .nan, samples: 0, rng: &rng) }
  }
}
