import Foundation

/// The radial profile of the modulus-based activations f(q) = g(|q|)·q/|q| (polar_tanh: g = tanh r;
/// modReLU with bias b: g = max(0, r + b)), in the terms every derivative of f is written in:
/// h = g(r)/r, g′(r), κ = h′(r)/r and κ′(r)/r. The Jacobian is J = h I + κ q qᵀ, so training needs h
/// and g′, and the R-operator (Hessian–vector products) needs κ and κ′/r as well. One function computes
/// all of them, so the training forward and the R-operator see the same h to the bit. The R-operator's
/// DJ[ż] = κ⟨q, ż⟩ I + (κ′/r)⟨q, ż⟩ q qᵀ + κ (ż qᵀ + q żᵀ). Polar tanh uses the Taylor series of
/// tanh(r)/r below r = 10⁻²: the closed forms cancel as ε/r² and ε/r⁴ there, the series' first omitted
/// terms are O(r⁸) and O(r⁶) ≤ 10⁻¹².
struct ModulusProfile {
  /// g(r).
  var g: Double
  /// h = g(r)/r (its limit at r → 0 where it has one).
  var h: Double
  /// g′(r).
  var dg: Double
  /// κ = h′(r)/r.
  var kappa: Double
  /// κ′(r)/r.
  var dKappaOverR: Double

  /// The profile of `activation` at modulus r; the identity's (h = 1, κ = 0) for any other activation.
  init(_ activation: Activation, _ r: Double) {
    switch activation {
    case .polarTanh:
      let t = Foundation.tanh(r)
      let d1 = 1 - t * t
      g = t
      h = r < 1e-8 ? 1 - r * r / 3 : t / r
      dg = d1
      if r < 1e-2 {
        // Series of κ and κ′/r about 0 (tanh r / r = 1 − r²/3 + 2r⁴/15 − 17r⁶/315 + 62r⁸/2835 − …).
        let r2 = r * r
        kappa = -2.0 / 3 + r2 * (8.0 / 15 + r2 * (-34.0 / 105 + r2 * 496.0 / 2835))
        dKappaOverR = 16.0 / 15 + r2 * (-136.0 / 105 + r2 * 2976.0 / 2835)
      } else {
        let d2 = -2 * t * d1
        kappa = (d1 - h) / (r * r)
        dKappaOverR = (d2 - kappa * r) / (r * r * r) - 2 * kappa / (r * r)
      }
    case .modrelu(let b):
      g = Swift.max(0, r + b)
      h = r > 0 ? g / r : 0
      dg = r + b > 0 ? 1 : 0
      if r > 0, r + b > 0 {
        kappa = -b / (r * r * r)
        dKappaOverR = 3 * b / (r * r * r * r * r)
      } else {
        (kappa, dKappaOverR) = (0, 0)
      }
    default:
      (g, h, dg, kappa, dKappaOverR) = (r, 1, 1, 0, 0)
    }
  }
}
