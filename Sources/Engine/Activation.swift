import Foundation

/// A nonlinearity. Real activations act **split-wise** on hypercomplex algebras (to each real component);
/// `softmax` normalises over all real output features of a sample; the unit-wise activations
/// (`polarTanh`, `modrelu`, `zrelu`, `cardioid`) act on each algebra unit q = (q_0 … q_{k−1}) through its
/// modulus |q| and are defined for every algebra (on ℝ they reduce to odd/ReLU-like scalar maps):
/// - `polarTanh`: tanh(|q|)·q/|q| (Hirose, *Complex-Valued Neural Networks*, 2012);
/// - `modrelu(b)`: ReLU(|q| + b)·q/|q| (Arjovsky, Shah & Bengio 2016);
/// - `zrelu`: q if every component is > 0 (for ℂ: 0 < arg z < π/2), else 0 (Guberman 2016);
/// - `cardioid`: ½(1 + q_0/|q|)·q, for ℂ ½(1 + cos arg z)·z (Virtue, Yu & Lustig 2017).
///
/// `idempotentTanh` is tanh extended to hyperbolic numbers and commutative quaternions through their
/// idempotent split (SPEC §4.2; Nitta, seed 000): with e± = (1 ± u)/2 (u = the hyperbolic unit, or j of
/// Segre's quaternions), x + yu = (x + y)e₊ + (x − y)e₋, and f(x + yu) = f(x + y)e₊ + f(x − y)e₋ — the
/// analytic extension of f, since e₊e₋ = 0 and e±² = e±. A commutative quaternion z₁ + z₂j (z₁, z₂ ∈ ℂ)
/// splits as (z₁ + z₂)e₊ + (z₁ − z₂)e₋ and tanh acts split-wise on each complex idempotent component.
/// In coordinates a = P⁻¹ tanh(P q) with P Pᵀ = 2I; defined only for those two algebras.
/// `Activation.leakyRelu(0.01).apply(-2)` is −0.02.
public enum Activation: Sendable, Codable, Hashable {
  case identity, tanh, sigmoid, relu
  case leakyRelu(Double)
  case softplus, erf, gelu, sin, softmax
  case polarTanh
  case modrelu(Double)
  case zrelu, cardioid
  case idempotentTanh
  /// erf(s·x) for a scale s ≠ 1 (`erf(s)` in a script; `erf` and `erf(1)` are `.erf`): Saad & Solla's soft
  /// committee machine uses g(x) = erf(x/√2), i.e. s = 1/√2 (Phys. Rev. E 52, 4225, 1995).
  case scaledErf(Double)

  /// Script names (`leaky_relu(a)` and `modrelu(b)` take one number).
  public static let names = [
    "identity", "tanh", "sigmoid", "relu", "leaky_relu", "softplus", "erf", "gelu", "sin", "softmax",
    "polar_tanh", "modrelu", "zrelu", "cardioid", "idempotent_tanh",
  ]

  /// True for activations that act on each real feature on its own.
  public var isElementwise: Bool {
    switch self {
    case .softmax, .polarTanh, .modrelu, .zrelu, .cardioid, .idempotentTanh: return false
    default: return true
    }
  }

  /// The scalar function (elementwise activations only; others return x).
  @inline(__always) public func apply(_ x: Double) -> Double {
    switch self {
    case .identity: return x
    case .tanh: return Self.tanh8(SIMD8(repeating: x))[0]
    case .sigmoid: return 1 / (1 + Foundation.exp(-x))
    case .relu: return x > 0 ? x : 0
    case .leakyRelu(let a): return x > 0 ? x : a * x
    case .softplus: return x > 30 ? x : Foundation.log1p(Foundation.exp(x))
    case .erf: return Foundation.erf(x)
    case .scaledErf(let s): return Foundation.erf(s * x)
    case .gelu: return 0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot()))
    case .sin: return Foundation.sin(x)
    default: return x
    }
  }

  /// The derivative of an elementwise activation from its input z and output a.
  @inline(__always) public func derivative(_ z: Double, _ a: Double) -> Double {
    switch self {
    case .identity: return 1
    case .tanh: return 1 - a * a
    case .sigmoid: return a * (1 - a)
    case .relu: return z > 0 ? 1 : 0
    case .leakyRelu(let s): return z > 0 ? 1 : s
    case .softplus: return 1 / (1 + Foundation.exp(-z))
    case .erf: return 2 / Double.pi.squareRoot() * Foundation.exp(-z * z)
    case .scaledErf(let s): return 2 * s / Double.pi.squareRoot() * Foundation.exp(-s * s * z * z)
    case .gelu:
      return 0.5 * (1 + Foundation.erf(z / 2.0.squareRoot())) + z * Foundation.exp(-z * z / 2)
        / (2 * Double.pi).squareRoot()
    case .sin: return Foundation.cos(z)
    default: return 1
    }
  }

  /// a = f(z) for a batch: z and a are N×(units·k) row-major, `k` the algebra dimension.
  func forward(_ z: UnsafeBufferPointer<Double>, _ a: UnsafeMutableBufferPointer<Double>, rows: Int, cols: Int, k: Int)
  {
    switch self {
    case .identity:
      for i in 0..<z.count { a[i] = z[i] }
    case .tanh:
      Self.tanh(z, a)
    case .relu:
      for i in 0..<z.count { a[i] = z[i] > 0 ? z[i] : 0 }
    case .softmax:
      guard let zp = z.baseAddress, let ap = a.baseAddress else { return }
      for r in 0..<rows { Softmax.row(zp + r * cols, ap + r * cols, count: cols) }
    case .polarTanh, .modrelu, .zrelu, .cardioid, .idempotentTanh:
      var q = 0
      while q < z.count {
        unitForward(z, a, at: q, k: k)
        q += k
      }
    default:
      for i in 0..<z.count { a[i] = apply(z[i]) }
    }
  }

  /// dz = ∂L/∂z from dA = ∂L/∂a (in place allowed: dz may alias dA only for elementwise activations).
  func backward(
    _ z: UnsafeBufferPointer<Double>, _ a: UnsafeBufferPointer<Double>, _ da: UnsafeBufferPointer<Double>,
    _ dz: UnsafeMutableBufferPointer<Double>, rows: Int, cols: Int, k: Int
  ) {
    switch self {
    case .identity:
      for i in 0..<z.count { dz[i] = da[i] }
    case .tanh:
      for i in 0..<z.count { dz[i] = da[i] * (1 - a[i] * a[i]) }
    case .relu:
      for i in 0..<z.count { dz[i] = da[i] * (z[i] > 0 ? 1 : 0) }
    case .softmax:
      // Jacobian diag(s) − s sᵀ: dz = s ∘ (da − ⟨da, s⟩).
      for r in 0..<rows {
        let base = r * cols
        var dot = 0.0
        for c in 0..<cols { dot += da[base + c] * a[base + c] }
        for c in 0..<cols { dz[base + c] = a[base + c] * (da[base + c] - dot) }
      }
    case .polarTanh, .modrelu, .zrelu, .cardioid, .idempotentTanh:
      var q = 0
      while q < z.count {
        unitBackward(z, da, dz, at: q, k: k)
        q += k
      }
    default:
      for i in 0..<z.count { dz[i] = da[i] * derivative(z[i], a[i]) }
    }
  }

  /// P of the idempotent split (rows = coordinates in the idempotent basis, P Pᵀ = 2I): for k = 2
  /// (hyperbolic) (x, y) ↦ (x + y, x − y); for k = 4 (commutative quaternions q₀ + q₁i + q₂j + q₃k =
  /// z₁ + z₂j) the real and imaginary parts of z₁ + z₂ and z₁ − z₂. Other unit sizes are refused when
  /// the net is built; the identity stands in so no code path can index out of range.
  static func idempotent(_ k: Int) -> [[Double]] {
    switch k {
    case 2: return [[1, 1], [1, -1]]
    case 4: return [[1, 0, 1, 0], [0, 1, 0, 1], [1, 0, -1, 0], [0, 1, 0, -1]]
    default: return (0..<k).map { i in (0..<k).map { $0 == i ? 2.0.squareRoot() : 0 } }
    }
  }

  /// Coordinates P x of one unit in the idempotent basis (`x(c)` reads component c).
  static func idempotentSplit(_ k: Int, _ x: (Int) -> Double) -> [Double] {
    let p = idempotent(k)
    return (0..<k).map { i in (0..<k).reduce(0.0) { $0 + p[i][$1] * x($1) } }
  }

  /// Back from idempotent coordinates: x = ½ Pᵀ u (P Pᵀ = 2I), handed to `store(c, x_c)`.
  static func idempotentJoin(_ u: [Double], _ store: (Int, Double) -> Void) {
    let k = u.count
    let p = idempotent(k)
    for c in 0..<k { store(c, 0.5 * (0..<k).reduce(0.0) { $0 + p[$1][c] * u[$1] }) }
  }

  private func norm(_ z: UnsafeBufferPointer<Double>, _ at: Int, _ k: Int) -> Double {
    var s = 0.0
    for c in 0..<k { s += z[at + c] * z[at + c] }
    return s.squareRoot()
  }

  private func unitForward(_ z: UnsafeBufferPointer<Double>, _ a: UnsafeMutableBufferPointer<Double>, at q: Int, k: Int)
  {
    switch self {
    case .idempotentTanh:
      let t = IdempotentParts(Self.idempotentSplit(k) { z[q + $0] })
      Self.idempotentJoin(t.value) { a[q + $0] = $1 }
    case .zrelu:
      var pass = true
      for c in 0..<k where z[q + c] <= 0 { pass = false }
      for c in 0..<k { a[q + c] = pass ? z[q + c] : 0 }
    case .cardioid:
      let r = norm(z, q, k)
      let f = r > 0 ? 0.5 * (1 + z[q] / r) : 0.5
      for c in 0..<k { a[q + c] = f * z[q + c] }
    default:
      let gr = ModulusProfile(self, norm(z, q, k)).h
      for c in 0..<k { a[q + c] = gr * z[q + c] }
    }
  }

  /// Backward through the k×k real Jacobian of one unit.
  private func unitBackward(
    _ z: UnsafeBufferPointer<Double>, _ da: UnsafeBufferPointer<Double>, _ dz: UnsafeMutableBufferPointer<Double>,
    at q: Int, k: Int
  ) {
    switch self {
    case .idempotentTanh:
      // J = ½ Pᵀ T′ P with T′ multiplication by tanh′ = 1 − t² (complex for k = 4): dz = Jᵀ da = ½ Pᵀ (T′* ∘ P da).
      let t = IdempotentParts(Self.idempotentSplit(k) { z[q + $0] })
      let g = Self.idempotentSplit(k) { da[q + $0] }
      Self.idempotentJoin(t.times(t.first, g, conjugate: true)) { dz[q + $0] = $1 }
    case .zrelu:
      var pass = true
      for c in 0..<k where z[q + c] <= 0 { pass = false }
      for c in 0..<k { dz[q + c] = pass ? da[q + c] : 0 }
    case .cardioid:
      // f = ½(1 + q0/r) q; ∂f_a/∂q_b = ½(1 + q0/r) δ_ab + ½ q_a (δ_0b / r − q0 q_b / r³).
      let r = norm(z, q, k)
      guard r > 0 else {
        for c in 0..<k { dz[q + c] = 0.5 * da[q + c] }
        return
      }
      var dot = 0.0
      for c in 0..<k { dot += z[q + c] * da[q + c] }
      let f = 0.5 * (1 + z[q] / r)
      let q0 = z[q]
      for c in 0..<k {
        var v = f * da[q + c] - 0.5 * dot * q0 * z[q + c] / (r * r * r)
        if c == 0 { v += 0.5 * dot / r }
        dz[q + c] = v
      }
    default:
      // f = (g/r) q; J = (g/r) I + (g' − g/r) u uᵀ with u = q/r (symmetric, so Jᵀ da = J da).
      let r = norm(z, q, k)
      let profile = ModulusProfile(self, r)
      let (gr, dg) = (profile.h, profile.dg)
      var dot = 0.0
      if r > 0 { for c in 0..<k { dot += z[q + c] * da[q + c] } }
      let coef = r > 0 ? (dg - gr) * dot / (r * r) : 0
      for c in 0..<k { dz[q + c] = gr * da[q + c] + coef * z[q + c] }
    }
  }
}

/// tanh of the idempotent coordinates u = P q of one unit and its first two derivatives: each coordinate
/// is real for k = 2 (hyperbolic numbers), each pair (u₀, u₁), (u₂, u₃) a complex number for k = 4
/// (commutative quaternions), where tanh is the complex analytic function. The derivatives act as
/// multiplications (complex for k = 4), so a real Jacobian is "multiply by tanh′(u)" and its transpose
/// "multiply by the conjugate".
struct IdempotentParts {
  let complex: Bool
  /// tanh(u), tanh′(u) = 1 − tanh², tanh″(u) = −2 tanh · tanh′, in the layout of u.
  let value: [Double]
  let first: [Double]
  let second: [Double]

  init(_ u: [Double]) {
    complex = u.count == 4
    guard complex else {
      value = u.map { Foundation.tanh($0) }
      first = value.map { 1 - $0 * $0 }
      second = zip(value, first).map { -2 * $0 * $1 }
      return
    }
    var t = [Double](repeating: 0, count: 4)
    for p in [0, 2] {
      let w = Self.complexTanh(u[p], u[p + 1])
      t[p] = w.re
      t[p + 1] = w.im
    }
    value = t
    let t2 = Self.multiply(t, t, conjugate: false)
    first = [1 - t2[0], -t2[1], 1 - t2[2], -t2[3]]
    second = Self.multiply(t, first, conjugate: false).map { -2 * $0 }
  }

  /// a·b per coordinate (complex per pair when k = 4), with a conjugated when asked.
  func times(_ a: [Double], _ b: [Double], conjugate: Bool) -> [Double] {
    complex ? Self.multiply(a, b, conjugate: conjugate) : zip(a, b).map { $0 * $1 }
  }

  static func multiply(_ a: [Double], _ b: [Double], conjugate: Bool) -> [Double] {
    var out = [Double](repeating: 0, count: 4)
    for p in [0, 2] {
      let (ar, ai) = (a[p], conjugate ? -a[p + 1] : a[p + 1])
      out[p] = ar * b[p] - ai * b[p + 1]
      out[p + 1] = ar * b[p + 1] + ai * b[p]
    }
    return out
  }

  /// tanh(x + iy) in Kahan's form (as FreeBSD's ctanh): with t = tan y, β = 1 + t², s = sinh x,
  /// ρ = √(1 + s²): (βρs + i t)/(1 + βs²); for |x| ≥ 22 it is ±1 + 4i sin y cos y e^{−2|x|} to the last bit.
  static func complexTanh(_ x: Double, _ y: Double) -> (re: Double, im: Double) {
    if Swift.abs(x) >= 22 {
      let e = Foundation.exp(-Swift.abs(x))
      return (x > 0 ? 1 : -1, 4 * Foundation.sin(y) * Foundation.cos(y) * e * e)
    }
    let t = Foundation.tan(y)
    let beta = 1 + t * t
    let s = Foundation.sinh(x)
    let rho = (1 + s * s).squareRoot()
    let denominator = 1 + beta * s * s
    return (beta * rho * s / denominator, t / denominator)
  }
}

extension Activation {
  typealias Lanes = SIMD8<Double>

  /// a = tanh(z) over a buffer, eight lanes at a time; the tail goes through the same kernel in a padded
  /// vector, so every element gets the same bits wherever it sits in the batch.
  static func tanh(_ z: UnsafeBufferPointer<Double>, _ a: UnsafeMutableBufferPointer<Double>) {
    guard let zb = z.baseAddress, let ab = a.baseAddress else { return }
    let n = z.count
    var i = 0
    while i + 8 <= n {
      let v = UnsafeRawPointer(zb + i).loadUnaligned(as: Lanes.self)
      UnsafeMutableRawPointer(ab + i).storeBytes(of: tanh8(v), as: Lanes.self)
      i += 8
    }
    if i < n {
      var v = Lanes(repeating: 0)
      for j in i..<n { v[j - i] = zb[j] }
      let t = tanh8(v)
      for j in i..<n { ab[j] = t[j - i] }
    }
  }

  @inline(__always) private static func lanes(_ d: Double) -> Lanes { Lanes(repeating: d) }

  /// tanh of eight lanes in plain SIMD arithmetic (SSE2 on x86-64, no libm calls), relative error below
  /// 1e-15 against glibc (max 5.4e-16 over 2^20 samples spanning 1e-6…25), exact at ±0, ±1 beyond |x| = 20,
  /// NaN propagated. |x| < 0.625: Cephes' rational x + x s P(s)/Q(s), s = x² (Moshier, *Methods and
  /// Programs for Mathematical Functions*, 1989). Otherwise tanh|x| = (e − 1)/(e + 1) with e = exp(2|x|) =
  /// 2^k (2 + 2r − c)/(2 − c), r = 2|x| − k ln 2 and c fdlibm's Remez polynomial in r² (Sun's e_exp.c), so
  /// both branches end in one division of a selected numerator and denominator. glibc's scalar tanh
  /// (~26 ns) was 60% of a small tanh net's training step; this kernel takes ~4 ns per element.
  @inline(__always) static func tanh8(_ x: Lanes) -> Lanes {
    let signBit = SIMD8<UInt64>(repeating: 0x8000_0000_0000_0000)
    let bits = unsafeBitCast(x, to: SIMD8<UInt64>.self)
    let a = unsafeBitCast(bits & ~signBit, to: Lanes.self)
    // Each lane's bits do not depend on the path: the branches only skip work no lane needs.
    let small = a .< lanes(0.625)
    var fraction: (numerator: Lanes, denominator: Lanes)
    if all(small) {
      fraction = tanhSmall(a)
    } else if !any(small) {
      fraction = tanhLarge(a)
    } else {
      let s = tanhSmall(a)
      fraction = tanhLarge(a)
      fraction.numerator.replace(with: s.numerator, where: small)
      fraction.denominator.replace(with: s.denominator, where: small)
    }
    let y: Lanes = fraction.numerator / fraction.denominator
    // NaN reaches here through the large branch as NaN; the sign goes back on with an OR.
    return unsafeBitCast(unsafeBitCast(y, to: SIMD8<UInt64>.self) | (bits & signBit), to: Lanes.self)
  }

  /// tanh a = a + a s P(s)/Q(s), s = a² (Cephes tanh.c), as a fraction.
  @inline(__always) private static func tanhSmall(_ a: Lanes) -> (numerator: Lanes, denominator: Lanes) {
    let s: Lanes = a * a
    // The host-CPU build (`-D NNS_FMA`, Package.swift) evaluates the polynomials with fused multiply-adds
    // (one rounding each, so its last bits differ from the portable build's; both meet Tanh8Tests' bound);
    // the portable build keeps the separate multiplies and adds.
    #if NNS_FMA
      var p: Lanes = lanes(-9.92877231001918586564e1).addingProduct(s, lanes(-9.64399179425052238628e-1))
      p = lanes(-1.61468768441708447952e3).addingProduct(p, s)
      var q: Lanes = s + lanes(1.12811678491632931402e2)
      q = lanes(2.23548839060100448583e3).addingProduct(q, s)
      q = lanes(4.84406305325125486048e3).addingProduct(q, s)
      return ((a * q).addingProduct(a * s, p), q)
    #else
      var p: Lanes = s * lanes(-9.64399179425052238628e-1) + lanes(-9.92877231001918586564e1)
      p = p * s + lanes(-1.61468768441708447952e3)
      var q: Lanes = s + lanes(1.12811678491632931402e2)
      q = q * s + lanes(2.23548839060100448583e3)
      q = q * s + lanes(4.84406305325125486048e3)
      return (a * q + a * s * p, q)
    #endif
  }

  /// tanh a = (e − 1)/(e + 1), e = exp(2a) = 2^k (2 + 2r − c)/(2 − c) with 2a = k ln 2 + r (Cody–Waite, k by
  /// the round-to-nearest shift 1.5·2^52) and fdlibm's c(r); 2a is capped at 40, where tanh rounds to 1.
  @inline(__always) private static func tanhLarge(_ a: Lanes) -> (numerator: Lanes, denominator: Lanes) {
    var u: Lanes = a + a
    u.replace(with: 40, where: a .> lanes(20))
    let shift = lanes(0x1.8p52)
    let t: Lanes = u * lanes(1.44269504088896338700e+00) + shift
    let k: Lanes = t - shift
    let r: Lanes = (u - k * lanes(6.93147180369123816490e-01)) - k * lanes(1.90821492927058770002e-10)
    let rr: Lanes = r * r
    #if NNS_FMA
      var c: Lanes = lanes(-1.65339022054652515390e-06).addingProduct(rr, lanes(4.13813679705723846039e-08))
      c = lanes(6.61375632143793436117e-05).addingProduct(c, rr)
      c = lanes(-2.77777777770155933842e-03).addingProduct(c, rr)
      c = lanes(1.66666666666666019037e-01).addingProduct(c, rr)
      c = r.addingProduct(-rr, c)
    #else
      var c: Lanes = rr * lanes(4.13813679705723846039e-08) + lanes(-1.65339022054652515390e-06)
      c = c * rr + lanes(6.61375632143793436117e-05)
      c = c * rr + lanes(-2.77777777770155933842e-03)
      c = c * rr + lanes(1.66666666666666019037e-01)
      c = r - rr * c
    #endif
    let exponent = unsafeBitCast(t, to: SIMD8<Int64>.self) &- SIMD8<Int64>(repeating: 0x4338_0000_0000_0000)
    let twoK = unsafeBitCast((exponent &+ 1023) &<< 52, to: Lanes.self)
    let e: Lanes = twoK * (lanes(2) + r + r - c)
    let d: Lanes = lanes(2) - c
    return (e - d, e + d)
  }

}
