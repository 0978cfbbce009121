import Foundation
import Testing

@testable import Engine

/// The SIMD8 tanh kernel (`Activation.tanh8`) against glibc's `tanh` and against `tanhl` (x87 extended
/// precision, 64-bit significand: its own error, a few units of 2⁻⁶⁴, is ~2000× below a double's ulp, so
/// it serves as the exact value here). Bound: relative error ≤ 1e-15 (≈ 4.5 ε, ε = 2⁻⁵²) against tanhl.
/// Why that bound: each branch ends in one division of a numerator and denominator evaluated to a few
/// roundings each (Cephes' rational below 0.625, the exp rational above, whose e ∓ d subtraction loses
/// up to ~1 bit near 0.625); the measured maximum over the sweep below is 3.2e-16 (2.4 ulp, at
/// x ≈ −0.626) in both the portable and the FMA build, so 1e-15 leaves 3× headroom while still failing
/// for a wrong coefficient (≥ 1e-12) or a lost bit or two. Against glibc (itself within ~2 ulp; measured
/// 5.6e-16) the bound is 1.5e-15.
struct Tanh8Tests {
  static let bound = 1e-15
  static let glibcBound = 1.5e-15

  /// tanh8 of one value in every lane.
  func kernel(_ x: Double) -> Double { Activation.tanh8(SIMD8(repeating: x))[0] }

  /// Relative error of y against the extended-precision tanh of x (absolute below the smallest normal,
  /// scaled by it, so subnormal outputs are judged in units of the subnormal spacing).
  func relativeError(_ y: Double, _ x: Double) -> Double {
    let exact = tanh(Float80(x))
    let scale = Swift.max(abs(exact), Float80(Double.leastNormalMagnitude))
    return Double(abs(Float80(y) - exact) / scale)
  }

  @Test func signedZeroInfinityAndNaN() {
    let zero = kernel(0)
    #expect(zero == 0 && zero.sign == .plus)
    let negativeZero = kernel(-0.0)
    #expect(negativeZero == 0 && negativeZero.sign == .minus)
    #expect(kernel(.infinity) == 1)
    #expect(kernel(-.infinity) == -1)
    #expect(kernel(.nan).isNaN)
    #expect(kernel(-.nan).isNaN)
    #expect(kernel(.signalingNaN).isNaN)
  }

  @Test func subnormalsAndTinyValuesReturnThemselves() {
    // |x| < 2⁻²⁷: tanh x = x − x³/3 rounds to x; for subnormals the kernel's a·q/q may round once in the
    // subnormal range, so one subnormal spacing is allowed there.
    let tiny: [Double] = [
      .leastNonzeroMagnitude, 2 * .leastNonzeroMagnitude, Double.leastNormalMagnitude.nextDown,
      Double.leastNormalMagnitude / 3, .leastNormalMagnitude, Double.leastNormalMagnitude.nextUp, 1e-300, 1e-200,
      1e-20, 0x1p-28,
    ]
    for x in tiny {
      for v in [x, -x] {
        let y = kernel(v)
        #expect(y.sign == v.sign, "tanh(\(v)) = \(y)")
        if abs(v) < Double.leastNormalMagnitude {
          #expect(abs(y - v) <= Double.leastNonzeroMagnitude, "tanh(\(v)) = \(y)")
        } else {
          #expect(y == v, "tanh(\(v)) = \(y)")
        }
      }
    }
  }

  @Test func branchBoundaryAndItsNeighbours() {
    // The small/large switch is at |x| = 0.625: both branches must meet the bound right at it, and the
    // kernel must not step down across it by more than the bound. (It is not monotone at the last bit:
    // just above 0.625 the large branch's e ∓ d rounding makes neighbours step down by one ulp.)
    var xs: [Double] = []
    var x = 0.625
    for _ in 0..<16 { x = x.nextDown }
    for _ in 0..<33 {
      xs.append(x)
      x = x.nextUp
    }
    var previous = -Double.infinity
    for v in xs {
      let y = kernel(v)
      #expect(relativeError(y, v) <= Self.bound, "tanh(\(v)) = \(y)")
      #expect(abs(y - Foundation.tanh(v)) <= Self.glibcBound * abs(y), "tanh(\(v)) = \(y)")
      #expect(y >= previous - Self.bound * abs(y), "steps down at \(v)")
      #expect(kernel(-v) == -y, "odd symmetry at \(v)")
      previous = y
    }
  }

  @Test func saturatesToExactlyOne() {
    // tanh x rounds to 1 for x > ~19.06 (1 − tanh x ≈ 2e^{−2x} < ε/4); the kernel caps 2|x| at 40.
    for x in [19.1, 20.0.nextDown, 20, 20.0.nextUp, 21, 40, 710, 1e3, 1e100, 1e308, .greatestFiniteMagnitude] {
      #expect(kernel(x) == 1, "tanh(\(x)) = \(kernel(x))")
      #expect(kernel(-x) == -1, "tanh(-\(x)) = \(kernel(-x))")
    }
    // Below saturation the result is still within the bound (and < 1).
    for x in [5.0, 10, 15, 18, 18.5, 19] {
      #expect(relativeError(kernel(x), x) <= Self.bound, "tanh(\(x))")
      #expect(kernel(x) <= 1)
    }
  }

  @Test func denseSweepMeetsTheBound() {
    // 2¹⁸ log-spaced magnitudes over [1e-9, 25] and 2¹⁶ uniform points in [−1, 1], both signs.
    var xs: [Double] = []
    let count = 1 << 18
    let lo = Foundation.log(1e-9)
    let hi = Foundation.log(25.0)
    for i in 0..<count { xs.append(Foundation.exp(lo + (hi - lo) * Double(i) / Double(count - 1))) }
    for i in 0..<(1 << 16) { xs.append(-1 + 2 * Double(i) / Double((1 << 16) - 1)) }
    xs += xs.map { -$0 }
    var worst = 0.0
    var worstX = 0.0
    var worstGlibc = 0.0
    var out = [Double](repeating: 0, count: xs.count)
    xs.withUnsafeBufferPointer { z in out.withUnsafeMutableBufferPointer { a in Activation.tanh(z, a) } }
    for (x, y) in zip(xs, out) {
      let e = relativeError(y, x)
      if e > worst {
        worst = e
        worstX = x
      }
      let g = Foundation.tanh(x)
      if g != 0 { worstGlibc = Swift.max(worstGlibc, abs(y - g) / abs(g)) }
    }
    #expect(worst <= Self.bound, "max relative error \(worst) at x = \(worstX)")
    #expect(worstGlibc <= Self.glibcBound, "max relative difference from glibc \(worstGlibc)")
    // The sweep is not vacuous: the kernel is not simply exact.
    #expect(worst > 0)
  }

  @Test func laneResultsDoNotDependOnTheirNeighbours() {
    // A batch mixing small and large lanes takes both branches and selects per lane: each lane must have
    // the bits it has when all eight lanes hold the same value (so results do not depend on batch layout).
    let values: [Double] = [0.1, 3, -0.624, 0.625, -7, 1e-5, 19.5, -0.3]
    var lanes = SIMD8<Double>()
    for (i, v) in values.enumerated() { lanes[i] = v }
    let mixed = Activation.tanh8(lanes)
    for (i, v) in values.enumerated() {
      #expect(mixed[i].bitPattern == kernel(v).bitPattern, "lane \(i) (\(v))")
    }
    // The tail of a buffer whose length is not a multiple of 8 gets the same bits as a full block.
    let xs = (0..<13).map { Double($0) * 0.37 - 2 }
    var out = [Double](repeating: 0, count: xs.count)
    xs.withUnsafeBufferPointer { z in out.withUnsafeMutableBufferPointer { a in Activation.tanh(z, a) } }
    for (x, y) in zip(xs, out) { #expect(y.bitPattern == kernel(x).bitPattern, "x = \(x)") }
  }
}
