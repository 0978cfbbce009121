import Foundation

/// Gaussian expectations of activations, E[φ(u)φ(v)] and E[φ′(u)φ′(v)] for (u, v) ~ N(0, [[a, c], [c, b]]),
/// the "dual" kernels of the mean-field and NTK recursions (`ntk_limit`, `fisher_theory`), with θ the angle
/// of the covariance (cos θ = ρ = c/√(ab)). Closed forms where they exist:
/// - identity: c and 1;
/// - ReLU: the arc-cosine kernels of degree 1 and 0 (Cho & Saul 2009):
///   E[φφ] = √(ab)/(2π) (sin θ + (π − θ) cos θ), E[φ′φ′] = (π − θ)/(2π);
/// - leaky ReLU with slope α: φ = r(x) − α r(−x) gives (1 + α²) k₁(ρ) − 2α k₁(−ρ) and
///   (1 + α²)(π − θ)/(2π) + α θ/π;
/// - erf(s·x) (Williams 1997; `.erf` is s = 1): E[φφ] = (2/π) asin(2s²c/√((1+2s²a)(1+2s²b))),
///   E[φ′φ′] = (4s²/π)/√((1+2s²a)(1+2s²b) − 4s⁴c²);
/// - sin: E[sin u sin v] = e^{−(a+b)/2} sinh c, E[cos u cos v] = e^{−(a+b)/2} cosh c;
/// - GELU x Φ(x) (the orthant moments of a 4-D Gaussian, as in neural-tangents' `stax.Gelu`): see `gelu`.
/// Every other elementwise activation (tanh, sigmoid, softplus): nested adaptive Gauss–Kronrod quadrature
/// (`adaptive`), good to 1e-10 relative at any variance up to 1e4 and any correlation.
enum GaussianDual {
  static func expectations(_ act: Activation, _ a: Double, _ b: Double, _ c: Double) -> (phi: Double, dphi: Double) {
    // A diverged recursion (NaN) stays NaN instead of being clamped into a number.
    if a.isNaN || b.isNaN || c.isNaN { return (.nan, .nan) }
    let a = max(0, a)
    let b = max(0, b)
    let sab = (a * b).squareRoot()
    // A covariance has |c| ≤ √(ab); round-off in the recursions can step just past it.
    let c = min(sab, max(-sab, c))
    switch act {
    case .identity: return (c, 1)
    case .relu:
      let o = Orthant(sab: sab, c: c)
      return (sab * o.m12, o.p)
    case .leakyRelu(let s):
      let o = Orthant(sab: sab, c: c)
      let flipped = Orthant(sab: sab, c: -c)
      return (sab * ((1 + s * s) * o.m12 - 2 * s * flipped.m12), (1 + s * s) * o.p + 2 * s * flipped.p)
    case .erf: return scaledErf(1, a, b, c)
    case .scaledErf(let scale): return scaledErf(scale, a, b, c)
    case .sin: return sine(a, b, c)
    case .gelu: return gelu(a, b, c)
    case .tanh, .sigmoid, .softplus: return adaptive(act, a, b, c)
    // Not elementwise: the kernel recursions refuse them before they get here; the scalar map stands in.
    case .softmax, .polarTanh, .modrelu, .zrelu, .cardioid, .idempotentTanh: return adaptive(act, a, b, c)
    }
  }

  /// Whether `expectations` integrates numerically (no closed form).
  static func needsQuadrature(_ act: Activation) -> Bool {
    switch act {
    case .identity, .relu, .leakyRelu, .erf, .scaledErf, .sin, .gelu: return false
    case .tanh, .sigmoid, .softplus, .softmax, .polarTanh, .modrelu, .zrelu, .cardioid, .idempotentTanh: return true
    }
  }

  /// The orthant integrals of a centred bivariate normal (W₁, W₂) with variances of product sab² and
  /// covariance c, through ε = π − θ (the angle to −ρ, computed as atan2 so it keeps its relative accuracy
  /// as ρ → −1, where the terms below cancel to O(ε³)):
  /// p = P(W > 0) = ε/(2π); for unit variances m11 = E[W₁² 1{W > 0}] = (ε + ρ sin θ)/(2π) and
  /// m12 = E[W₁W₂ 1{W > 0}] = (sin θ + ε ρ)/(2π), the degree-1 arc-cosine kernel.
  struct Orthant {
    var p: Double
    var m11: Double
    var m12: Double

    init(sab: Double, c: Double) {
      guard sab > 0 else {
        (p, m11, m12) = (0.25, 0.25, 1 / (2 * Double.pi))
        return
      }
      let rho = c / sab
      let sine = ((sab - c) * (sab + c)).squareRoot() / sab
      let eps = atan2(sine, -rho)
      p = eps / (2 * Double.pi)
      if rho < 0 && eps < 0.1 {
        // ε − sin ε cos ε = (x − sin x)/2 with x = 2ε, and sin ε − ε cos ε, by their Taylor series.
        let x = 2 * eps
        m11 = 0.5 * Self.series(x, [1.0 / 6, -1.0 / 120, 1.0 / 5040, -1.0 / 362_880, 1.0 / 39_916_800]) / (2 * .pi)
        m12 = Self.series(eps, [1.0 / 3, -1.0 / 30, 1.0 / 840, -1.0 / 45360, 1.0 / 3_991_680]) / (2 * .pi)
      } else {
        m11 = (eps + rho * sine) / (2 * Double.pi)
        m12 = (sine + eps * rho) / (2 * Double.pi)
      }
    }

    /// x³ (c₀ + c₁x² + c₂x⁴ + …).
    static func series(_ x: Double, _ coefficients: [Double]) -> Double {
      let x2 = x * x
      return x * x2 * coefficients.reversed().reduce(0) { $0 * x2 + $1 }
    }
  }

  /// E[erf(su) erf(sv)] and E[φ′(u)φ′(v)] with φ′(x) = (2s/√π) e^{−s²x²} (Williams 1997), through
  /// (1 + 2s²a)(1 + 2s²b) − 4s⁴c² = 1 + 2s²(a + b) + 4s⁴(ab − c²) so ρ → ±1 loses nothing to cancellation.
  static func scaledErf(_ s: Double, _ a: Double, _ b: Double, _ c: Double) -> (phi: Double, dphi: Double) {
    let s2 = s * s
    let sab = (a * b).squareRoot()
    let det = 1 + 2 * s2 * (a + b) + 4 * s2 * s2 * (sab - c) * (sab + c)
    return (2 / Double.pi * atan2(2 * s2 * c, det.squareRoot()), 4 * s2 / Double.pi / det.squareRoot())
  }

  /// E[sin u sin v] = e^{−(a+b)/2} sinh c and E[cos u cos v] = e^{−(a+b)/2} cosh c, as differences of
  /// exponentials of non-positive numbers (|c| ≤ (a+b)/2) so neither factor overflows.
  static func sine(_ a: Double, _ b: Double, _ c: Double) -> (phi: Double, dphi: Double) {
    let m = 0.5 * (a + b)
    if abs(c) < 1 {
      let e = exp(-m)
      return (e * sinh(c), e * cosh(c))
    }
    let plus = exp(abs(c) - m)
    let minus = exp(-abs(c) - m)
    return ((c < 0 ? -0.5 : 0.5) * (plus - minus), 0.5 * (plus + minus))
  }

  /// GELU φ(x) = x Φ(x), φ′(x) = Φ(x) + x ϕ(x). With X₁, X₂ standard normals independent of (u, v),
  /// Φ(u)Φ(v) = P(A ≥ 0, B ≥ 0 | u, v) for A = u − X₁, B = v − X₂, whose covariance is S = Σ + I with
  /// det S = Δ = (1 + a)(1 + b) − c². Conditioning (u, v) on (A, B) gives E[uv | A, B] = c/Δ + (pᵀW)(rᵀW)
  /// with p = (a + D, c)/Δ, r = (c, b + D)/Δ, D = ab − c², so
  ///   E[φφ] = (c/Δ) P + pᵀ M r,   M = E[W Wᵀ 1{W ≥ 0}] for W = (A, B) (`Orthant`, correlation c/√((1+a)(1+b)));
  ///   E[φ′φ′] = P + c/(2π√Δ) (1/(1 + a) + 1/(1 + b)) + c/(2π Δ^{3/2}),
  /// the three correction terms being E[Φ(u) vϕ(v)], E[uϕ(u) Φ(v)] and E[uϕ(u) vϕ(v)] by Gaussian reweighting.
  static func gelu(_ a: Double, _ b: Double, _ c: Double) -> (phi: Double, dphi: Double) {
    let sab = (a * b).squareRoot()
    let d = (sab - c) * (sab + c)
    let delta = a + b + 1 + d
    let s1s2 = ((1 + a) * (1 + b)).squareRoot()
    let o = Orthant(sab: s1s2, c: c)
    let p1 = a + d
    let r2 = b + d
    let num =
      c * delta * o.p + c * (p1 * (1 + a) + r2 * (1 + b)) * o.m11 + (p1 * r2 + c * c) * s1s2 * o.m12
    let phi = num / (delta * delta)
    let root = delta.squareRoot()
    let dphi = o.p + c / (2 * Double.pi * root) * (1 / (1 + a) + 1 / (1 + b) + 1 / delta)
    return (phi, dphi)
  }
}

extension GaussianDual {
  /// Standard normals are integrated over [−L, L]: the tail mass beyond 8.5 is 1e-17, below the
  /// tolerances even for integrands growing like z² (softplus, gelu: ~1e-15 relative).
  static let halfWidth = 8.5
  /// Target of the adaptive rule, relative, with a floor relative to ∫|integrand| (which is below the
  /// Cauchy–Schwarz scale √(E[φ(u)²] E[φ(v)²])) where the value cancels to ~0 (E[tanh u tanh v] at ρ = 0).
  /// 10× below the promised 1e-10: QUADPACK's estimate is pessimistic for these analytic integrands (its
  /// Kronrod values are typically far better than estimated), and the inner integrals add at most
  /// their own tolerance (an inner error δ·E|φ(v)| moves the outer integral by ≤ δ·E[|φ(u)φ(v)|]).
  static let relativeTolerance = 1e-11
  static let innerRelativeTolerance = 1e-12
  static let floorTolerance = 1e-13

  @inline(__always) static func density(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }

  /// Breakpoints on [lo, L] for a standard-normal integrand whose activation argument crosses 0 at z =
  /// `center` and bends on lengths 1/σ (σ = the factor of z in the argument): the centre, center ± {1, 4,
  /// 16}/σ where those are narrower than the density's own panels (every 3 from 0, which one 21-point panel
  /// resolves), so a feature of width 1/σ is never narrower than the panels that hold it. Narrow features at
  /// large variance are exactly what a fixed Gauss–Hermite rule misses.
  static func breakpoints(_ center: Double, _ scales: [Double], from lo: Double = -halfWidth) -> [Double] {
    var points = [lo, halfWidth, -6, -3, 0, 3, 6]
    for s in scales where s > 0 && s.isFinite {
      points.append(center)
      for t in [1.0, 4, 16] where t / s < 3 {
        points.append(center + t / s)
        points.append(center - t / s)
      }
    }
    return Array(Set(points.filter { $0 >= lo && $0 <= halfWidth })).sorted()
  }

  /// (φ(x), φ′(x)).
  @inline(__always) static func both(_ act: Activation, _ x: Double) -> SIMD2<Double> {
    let f = act.apply(x)
    return SIMD2(f, act.derivative(x, f))
  }

  /// (φ, φ′) at a batch of arguments, scaled by `weights`: tanh through its eight-lane kernel (the same
  /// bits as `Activation.apply`, ~4 ns a point instead of ~15), the others point by point.
  static func both(
    _ act: Activation, _ x: UnsafeBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<SIMD2<Double>>,
    weights: (Int) -> SIMD2<Double>
  ) {
    guard act == .tanh else {
      for i in 0..<x.count { out[i] = weights(i) * both(act, x[i]) }
      return
    }
    withUnsafeTemporaryAllocation(of: Double.self, capacity: x.count) { t in
      Activation.tanh(x, t)
      for i in 0..<x.count { out[i] = weights(i) * SIMD2(t[i], 1 - t[i] * t[i]) }
    }
  }

  /// (E[φ(u)²], E[φ′(u)²]) for u ~ N(0, q), adaptively.
  static func squares(_ act: Activation, _ q: Double) -> SIMD2<Double> {
    let s = q.squareRoot()
    return GaussKronrod.integrate(
      { z in
        let f = both(act, s * z)
        return density(z) * f * f
      }, breakpoints: breakpoints(0, [s]), relative: innerRelativeTolerance, floor: floorTolerance
    ).value
  }

  /// E[f(u)] for u ~ N(0, q) by adaptive Gauss–Kronrod (f bending near u = 0 on lengths ~1), to 1e-12
  /// relative or 1e-13 of E|f(u)|. `GaussianDual.mean(of: { $0 * $0 }, variance: 4)` is 4.
  static func mean(of f: (Double) -> Double, variance q: Double) -> Double {
    let s = max(0, q).squareRoot()
    return GaussKronrod.integrate(
      { z in SIMD2(density(z) * f(s * z), 0) }, breakpoints: breakpoints(0, [s]), relative: innerRelativeTolerance,
      floor: floorTolerance
    ).value.x
  }

  /// Nested adaptive quadrature over the Cholesky factor: with u = √a z₁ and v = l₂₁z₁ + l₂₂z₂,
  ///   E[φ(u)φ(v)] = E_{z₁}[φ(√a z₁) g(l₂₁z₁)],  g(m) = E_{z₂}[φ(m + l₂₂z₂)],
  /// and the same for φ′; both integrals adaptive Gauss–Kronrod on panels placed where the arguments
  /// cross 0 (`breakpoints`). |ρ| = 1 (l₂₂ = 0) is the 1-D limit g = φ. For odd φ (tanh) the outer
  /// integrands are even, so only z₁ ≥ 0 is integrated.
  static func adaptive(_ act: Activation, _ a: Double, _ b: Double, _ c: Double) -> (phi: Double, dphi: Double) {
    // An infinite variance has no panels to place; its expectation is reported as NaN, not approximated.
    guard a.isFinite, b.isFinite, c.isFinite else { return (.nan, .nan) }
    let sa = a.squareRoot()
    let sab = (a * b).squareRoot()
    let l21 = sa > 0 ? c / sa : 0
    let l22 = sa > 0 ? ((sab - c) * (sab + c) / a).squareRoot() : b.squareRoot()
    // An inner error δ moves the outer integral by ≤ δ·E|φ(u)|: δ ≤ 1e-13·√E[φ(v)²] keeps it below
    // 1e-13 of the Cauchy–Schwarz scale, without chasing relative accuracy where g is negligible.
    let innerFloor = floorTolerance * squares(act, b).squareRoot()
    let inner: (Double) -> SIMD2<Double> = { z1 in
      let m = l21 * z1
      guard l22 > 0 else { return both(act, m) }
      return GaussKronrod.integrate(
        batch: { z2, out in
          withUnsafeTemporaryAllocation(of: Double.self, capacity: z2.count) { v in
            for i in 0..<z2.count { v[i] = m + l22 * z2[i] }
            both(act, UnsafeBufferPointer(v), out) { SIMD2(repeating: density(z2[$0])) }
          }
        }, breakpoints: breakpoints(-m / l22, [l22]), relative: innerRelativeTolerance, floor: floorTolerance,
        absolute: innerFloor
      ).value
    }
    if c == 0 {
      // Independent: a product of 1-D integrals.
      let sb = b.squareRoot()
      let mean: (Double) -> SIMD2<Double> = { s in
        GaussKronrod.integrate(
          { z in density(z) * both(act, s * z) }, breakpoints: breakpoints(0, [s]), relative: innerRelativeTolerance,
          floor: floorTolerance
        ).value
      }
      let p = mean(sa) * mean(sb)
      return (p.x, p.y)
    }
    let odd = act == .tanh
    let outerScale = abs(l21) / max(1, l22)
    let result = GaussKronrod.integrate(
      batch: { z1, out in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: z1.count) { u in
          for i in 0..<z1.count { u[i] = sa * z1[i] }
          both(act, UnsafeBufferPointer(u), out) { density(z1[$0]) * inner(z1[$0]) }
        }
      },
      breakpoints: breakpoints(0, [sa, outerScale], from: odd ? 0 : -halfWidth),
      relative: relativeTolerance, floor: floorTolerance
    ).value
    let total = odd ? 2 * result : result
    return (total.x, total.y)
  }
}
