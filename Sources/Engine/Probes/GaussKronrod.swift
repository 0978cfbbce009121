import Foundation

/// Globally adaptive Gauss–Kronrod quadrature of a pair of integrands at once (the 10-point Gauss rule and
/// its 21-point Kronrod extension with QUADPACK's error estimate; Piessens, de Doncker-Kapenga, Überhuber &
/// Kahaner, *QUADPACK*, 1983, routine qk21).
///
/// The interval is first split at the caller's breakpoints (where the integrand bends or narrows), then the
/// panel whose error estimate is worst relative to the tolerance is bisected until, for each component,
/// the summed error estimate is at most max(relative·|∫f|, floor·∫|f|, absolute). The floor is what can be asked of a
/// value that cancels to ~0 (E[tanh u tanh v] at ρ = 0): it must stay above the round-off floor of the
/// estimate, 50 ulps of ∫|f| ≈ 1.1e-14 ∫|f|. The order of work depends on the inputs only, so the same
/// inputs give the same bits.
/// `GaussKronrod.integrate({ x in SIMD2(x * x, 1) }, breakpoints: [0, 1], relative: 1e-12,
/// floor: 1e-13).value` is (1/3, 1).
enum GaussKronrod {
  /// Abscissae on [−1, 1], largest first; odd indices are the 10-point Gauss nodes, the last is 0.
  static let nodes: [Double] = [
    0.995657163025808080735527280689003, 0.973906528517171720077964012084452, 0.930157491355708226001207180059508,
    0.865063366688984510732096688423493, 0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
    0.562757134668604683339000099272694, 0.433395394129247190799265943165784, 0.294392862701460198131126603103866,
    0.148874338981631210884826001129720, 0,
  ]
  static let kronrodWeights: [Double] = [
    0.011694638867371874278064396062192, 0.032558162307964727478818972459390, 0.054755896574351996031381300244580,
    0.075039674810919952767043140916190, 0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
    0.123491976262065851077958109831074, 0.134709217311473325928054001771707, 0.142775938577060080797094273138717,
    0.147739104901338491374841515972068, 0.149445554002916905664936468389821,
  ]
  /// Weights of the Gauss nodes nodes[1], nodes[3], …, nodes[9].
  static let gaussWeights: [Double] = [
    0.066671344308688137593568809893332, 0.149451349150580593145776339657697, 0.219086362515982043995534934228163,
    0.269266719309996355091226921569469, 0.295524224714752870173892994651338,
  ]

  /// Bisections allowed beyond the initial panels: a bound on the work for integrands the rule cannot
  /// resolve (the estimate then stays above the tolerance and is returned as is).
  static let maxBisections = 200

  struct Panel {
    var lo: Double
    var hi: Double
    var value: SIMD2<Double>
    var error: SIMD2<Double>
    /// ∫|f| on the panel by the Kronrod rule.
    var absolute: SIMD2<Double>
  }

  /// A batch integrand: the values at the 21 abscissae of a panel, written to the second buffer.
  typealias Batch = (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<SIMD2<Double>>) -> Void

  /// ∫ f over [breakpoints.first, breakpoints.last] and its error estimate, f evaluated point by point.
  static func integrate(
    _ f: (Double) -> SIMD2<Double>, breakpoints: [Double], relative: Double, floor: Double,
    absolute floorValue: SIMD2<Double> = .zero
  ) -> (value: SIMD2<Double>, error: SIMD2<Double>) {
    integrate(
      batch: { x, out in for i in 0..<x.count { out[i] = f(x[i]) } }, breakpoints: breakpoints, relative: relative,
      floor: floor, absolute: floorValue)
  }

  /// ∫ f over [breakpoints.first, breakpoints.last] and its error estimate, f evaluated a panel at a time
  /// (so an activation's vector kernel can take all 21 points at once).
  static func integrate(
    batch f: Batch, breakpoints: [Double], relative: Double, floor: Double, absolute floorValue: SIMD2<Double> = .zero
  ) -> (value: SIMD2<Double>, error: SIMD2<Double>) {
    var panels: [Panel] = []
    panels.reserveCapacity(breakpoints.count + 16)
    var value = SIMD2<Double>.zero
    var error = SIMD2<Double>.zero
    var absolute = SIMD2<Double>.zero
    for i in 1..<breakpoints.count where breakpoints[i] > breakpoints[i - 1] {
      let p = panel(f, breakpoints[i - 1], breakpoints[i])
      panels.append(p)
      value += p.value
      error += p.error
      absolute += p.absolute
    }
    var bisections = 0
    while bisections < maxBisections {
      let tol = pointwiseMax(pointwiseMax(floor * absolute, floorValue), relative * magnitude(value))
      if all(error .<= tol) { break }
      // The worst panel relative to the tolerance of the component it fails.
      let scale = SIMD2<Double>(1, 1) / pointwiseMax(tol, SIMD2(repeating: .leastNormalMagnitude))
      var worst = 0
      var worstBadness = -1.0
      for (k, p) in panels.enumerated() {
        let badness = (p.error * scale).max()
        if badness > worstBadness {
          worst = k
          worstBadness = badness
        }
      }
      let p = panels[worst]
      let mid = 0.5 * (p.lo + p.hi)
      // A panel too narrow to split in Double: the estimate is as good as it gets.
      guard mid > p.lo, mid < p.hi else { break }
      let left = panel(f, p.lo, mid)
      let right = panel(f, mid, p.hi)
      value += left.value + right.value - p.value
      error += left.error + right.error - p.error
      absolute += left.absolute + right.absolute - p.absolute
      panels[worst] = left
      panels.append(right)
      bisections += 1
    }
    // Re-sum so the value does not carry the round-off of the running updates.
    value = panels.reduce(SIMD2<Double>.zero) { $0 + $1.value }
    return (value, error)
  }

  /// The 21-point Kronrod value on [lo, hi] and QUADPACK's error estimate: the Kronrod–Gauss difference,
  /// scaled by resasc·min(1, (200·|K − G|/resasc)^1.5) (resasc ≈ ∫|f − mean|; the power reflects that K is
  /// far more accurate than G once they agree), and never below 50 ulps of ∫|f| (round-off).
  static func panel(_ f: Batch, _ lo: Double, _ hi: Double) -> Panel {
    let center = 0.5 * (lo + hi)
    let half = 0.5 * (hi - lo)
    return withUnsafeTemporaryAllocation(of: SIMD2<Double>.self, capacity: 21) { fx in
      withUnsafeTemporaryAllocation(of: Double.self, capacity: 21) { x in
        x[10] = center
        for j in 0..<10 {
          x[j] = center - half * nodes[j]
          x[20 - j] = center + half * nodes[j]
        }
        f(UnsafeBufferPointer(x), fx)
      }
      var kronrod = kronrodWeights[10] * fx[10]
      var gauss = SIMD2<Double>.zero
      var absK = kronrodWeights[10] * magnitude(fx[10])
      for j in 0..<10 {
        kronrod += kronrodWeights[j] * (fx[j] + fx[20 - j])
        absK += kronrodWeights[j] * (magnitude(fx[j]) + magnitude(fx[20 - j]))
        if j % 2 == 1 { gauss += gaussWeights[j / 2] * (fx[j] + fx[20 - j]) }
      }
      let mean = 0.5 * kronrod
      var asc = kronrodWeights[10] * magnitude(fx[10] - mean)
      for j in 0..<10 { asc += kronrodWeights[j] * (magnitude(fx[j] - mean) + magnitude(fx[20 - j] - mean)) }
      var error = magnitude((kronrod - gauss) * half)
      asc *= half
      for i in 0..<2 where asc[i] > 0 && error[i] > 0 {
        error[i] = asc[i] * min(1, pow(200 * error[i] / asc[i], 1.5))
      }
      error = pointwiseMax(error, 50 * Double.ulpOfOne * half * absK)
      return Panel(lo: lo, hi: hi, value: kronrod * half, error: error, absolute: absK * half)
    }
  }

  @inline(__always) static func magnitude(_ v: SIMD2<Double>) -> SIMD2<Double> { SIMD2(abs(v.x), abs(v.y)) }
}
