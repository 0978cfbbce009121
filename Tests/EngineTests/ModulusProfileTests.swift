import Foundation
import Testing

@testable import Engine

/// The one radial profile of polar_tanh and modReLU against its definitions: h = g/r, κ = h′/r and
/// κ′/r by central differences of h and κ.
struct ModulusProfileTests {
  /// Central difference of f at r with step δ: truncation O(δ²·f‴), rounding O(ε·|f|/δ).
  func derivative(_ f: (Double) -> Double, at r: Double, step d: Double = 1e-5) -> Double {
    (f(r + d) - f(r - d)) / (2 * d)
  }

  @Test(arguments: [Activation.polarTanh, .modrelu(-0.3), .modrelu(0.4)])
  func kappaAndItsDerivativeMatchFiniteDifferences(_ a: Activation) {
    for r in [0.05, 0.3, 0.9, 1.7, 3.2] {
      let p = ModulusProfile(a, r)
      if case .modrelu(let b) = a, r + b <= 0 { continue }
      #expect(abs(p.h - p.g / r) <= 1e-15 * max(1, abs(p.h)))
      let dh = derivative({ ModulusProfile(a, $0).h }, at: r)
      let dk = derivative({ ModulusProfile(a, $0).kappa }, at: r)
      let dg = derivative({ ModulusProfile(a, $0).g }, at: r)
      // δ = 1e-5: truncation ~1e-10·|f‴|, rounding ~1e-16/1e-5 = 1e-11; h, κ here have |f‴| ≲ 1e3 at r ≥ 0.05.
      #expect(abs(p.kappa - dh / r) <= 1e-6 * max(1, abs(p.kappa)), "κ at r = \(r)")
      #expect(abs(p.dKappaOverR - dk / r) <= 1e-5 * max(1, abs(p.dKappaOverR)), "κ′/r at r = \(r)")
      #expect(abs(p.dg - dg) <= 1e-8, "g′ at r = \(r)")
    }
  }

  @Test func polarTanhSeriesJoinsTheClosedFormAtTheSwitch() {
    // Below r = 1e-2 the series; just above it the closed form: both approximate the same κ.
    let below = ModulusProfile(.polarTanh, 0.01 * (1 - 1e-12))
    let above = ModulusProfile(.polarTanh, 0.01)
    #expect(abs(below.kappa - above.kappa) <= 1e-9)
    #expect(abs(below.dKappaOverR - above.dKappaOverR) <= 1e-6)
  }

  @Test func modReLUIsZeroWhereItsBiasSwitchesTheUnitOff() {
    let p = ModulusProfile(.modrelu(-1), 0.5)
    #expect(p.g == 0 && p.h == 0 && p.dg == 0 && p.kappa == 0 && p.dKappaOverR == 0)
  }
}
