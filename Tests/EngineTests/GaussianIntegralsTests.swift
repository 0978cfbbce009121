import Foundation
import Testing

@testable import Engine

/// The activations of the reference table (`GaussianReference.swift`) by their script names.
private let referenceActivations: [String: Activation] = [
  "tanh": .tanh, "sigmoid": .sigmoid, "softplus": .softplus, "gelu": .gelu, "erf": .erf, "sin": .sin, "relu": .relu,
]

/// The Cauchy–Schwarz scale √(E[φ(u)²] E[φ(v)²]) of each expectation: it bounds the value and the integral of
/// its absolute integrand, so errors are measured against it where the value itself is ~0.
private func scale(_ act: Activation, _ a: Double, _ b: Double) -> SIMD2<Double> {
  (GaussianDual.squares(act, a) * GaussianDual.squares(act, b)).squareRoot()
}

/// Tolerance: 1e-10 relative, or 1e-12 of the Cauchy–Schwarz scale where the value is near 0 (odd φ at ρ = 0
/// has E[φφ] = 0; sin at large variance has e^{−q(1−|ρ|)} ≈ 0). The reference is good to 1e-14 of the scale
/// (its 24- and 48-point rules agree to that; its 1-D entries to 30 digits) and the adaptive rule targets
/// 1e-11 relative (estimated) and 1e-13 of ∫|integrand|; measured, every entry away from 0 agrees to 1e-12
/// relative, and the worst error relative to max(|value|, 1e-2·scale) is 1.4e-14.
private func close(_ got: Double, _ want: Double, scale: Double) -> Bool {
  abs(got - want) <= 1e-10 * abs(want) + 1e-12 * scale
}

@Test func gaussianExpectationsMatchTheHighPrecisionReference() throws {
  var worst = 0.0
  for (name, a, b, rho, e1, e2, _) in gaussianReference {
    let act = try #require(referenceActivations[name])
    let c = rho * (a * b).squareRoot()
    let got = GaussianDual.expectations(act, a, b, c)
    let s = scale(act, a, b)
    #expect(close(got.phi, e1, scale: s.x), "\(name) a=\(a) b=\(b) ρ=\(rho): E[φφ] \(got.phi) vs \(e1)")
    #expect(close(got.dphi, e2, scale: s.y), "\(name) a=\(a) b=\(b) ρ=\(rho): E[φ′φ′] \(got.dphi) vs \(e2)")
    worst = max(worst, abs(got.phi - e1) / max(abs(e1), 1e-2 * s.x), abs(got.dphi - e2) / max(abs(e2), 1e-2 * s.y))
  }
  #expect(worst < 1e-10)
}

/// Every closed form against the adaptive quadrature of the same activation, over the reference grid.
@Test func closedFormsMatchTheAdaptiveQuadrature() {
  let qs = [0.01, 0.1, 1, 2.25, 4, 9, 25, 100, 1e3, 1e4]
  let rhos = [-1, -0.9, -0.3, 0, 0.5, 0.99, 1]
  for act in [Activation.erf, .relu, .leakyRelu(0.2), .gelu, .identity, .sin] {
    for q in qs where act != .sin || q <= 25 {
      for rho in rhos {
        let (a, b) = (q, 0.7 * q)
        let c = rho * (a * b).squareRoot()
        let closed = GaussianDual.expectations(act, a, b, c)
        let quad = GaussianDual.adaptive(act, a, b, c)
        let s = scale(act, a, b)
        #expect(close(closed.phi, quad.phi, scale: s.x), "\(act) q=\(q) ρ=\(rho): \(closed.phi) vs \(quad.phi)")
        #expect(close(closed.dphi, quad.dphi, scale: s.y), "\(act) q=\(q) ρ=\(rho): \(closed.dphi) vs \(quad.dphi)")
      }
    }
  }
}

/// erf(s·x) has the kernel of erf at variances scaled by s², its derivative kernel s² times that of erf.
@Test func scaledErfIsErfAtScaledVariances() {
  for s in [0.3, 1, 2.5] {
    for (a, b, rho) in [(1.0, 2.0, 0.4), (9.0, 4.0, -0.95), (100.0, 100.0, 0.999)] {
      let c = rho * (a * b).squareRoot()
      let scaled = GaussianDual.scaledErf(s, a, b, c)
      let quad = GaussianDual.adaptive(.erf, s * s * a, s * s * b, s * s * c)
      #expect(abs(scaled.phi - quad.phi) <= 1e-10 * abs(quad.phi))
      #expect(abs(scaled.dphi - s * s * quad.dphi) <= 1e-10 * s * s * quad.dphi)
    }
  }
}

@Test func adaptiveExpectationsAreDeterministic() {
  let first = GaussianDual.expectations(.tanh, 37.5, 12.25, 9.1)
  let second = GaussianDual.expectations(.tanh, 37.5, 12.25, 9.1)
  #expect(first.phi.bitPattern == second.phi.bitPattern && first.dphi.bitPattern == second.dphi.bitPattern)
  #expect(GaussianDual.expectations(.tanh, .nan, 1, 0).phi.isNaN)
  #expect(GaussianDual.expectations(.sigmoid, .infinity, 1, 0.5).dphi.isNaN)
}

@Test func gaussKronrodIntegratesPolynomialsAndGaussianMeans() {
  let r = GaussKronrod.integrate({ x in SIMD2(x * x, 1) }, breakpoints: [0, 1], relative: 1e-12, floor: 1e-13)
  #expect(abs(r.value.x - 1.0 / 3) < 1e-15 && abs(r.value.y - 1) < 1e-15)
  #expect(abs(GaussianDual.mean(of: { $0 * $0 }, variance: 4) - 4) < 1e-13)
  // E[tanh(u)²] at q = 1e4 ≈ 1 − 2·E|sech²| … checked against the 1-D reference (ρ = 1 entry).
  #expect(abs(GaussianDual.mean(of: { tanh($0) * tanh($0) }, variance: 1e4) - 0.992_021_482_480_513_04) < 1e-13)
}
