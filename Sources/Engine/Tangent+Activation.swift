import Foundation

/// Second-order rules of the activations for the R-operator (Pearlmutter 1994): with J(z) the Jacobian of
/// a = σ(z), forward ȧ = J ż and backward R{g_z} = Jᵀ R{g_a} + (DJ[ż])ᵀ g_a, DJ[ż] the derivative of J
/// along ż. Elementwise activations have DJ[ż] = diag(σ''(z) ż); softmax and the unit-wise activations
/// have closed forms below, each O(features) per sample.
extension Activation {
  /// σ''(z) of an elementwise activation from its input z and output a = σ(z) (0 for the piecewise-linear
  /// ones, which is their second derivative away from the kink; other activations return 0).
  ///
  /// `Activation.tanh.secondDerivative(0.5, Foundation.tanh(0.5))` is −2 tanh(½)(1 − tanh²(½)).
  public func secondDerivative(_ z: Double, _ a: Double) -> Double {
    switch self {
    case .tanh: return -2 * a * (1 - a * a)
    case .sigmoid: return a * (1 - a) * (1 - 2 * a)
    case .softplus:
      let s = 1 / (1 + Foundation.exp(-z))
      return s * (1 - s)
    case .erf: return -2 * z * derivative(z, a)
    case .scaledErf(let s): return -2 * s * s * z * derivative(z, a)
    case .gelu: return (2 - z * z) * Foundation.exp(-z * z / 2) / (2 * Double.pi).squareRoot()
    case .sin: return -Foundation.sin(z)
    default: return 0
    }
  }

  /// (a, ȧ) from (z, ż); `k` is the unit size of unit-wise activations.
  func tangentForward(_ z: TangentPair, k: Int) -> TangentPair {
    var a = z
    let cols = z.value.cols
    switch self {
    case .softmax:
      for r in 0..<z.value.rows {
        let base = r * cols
        z.value.data.withUnsafeBufferPointer { zp in
          a.value.data.withUnsafeMutableBufferPointer { ap in
            _ = Softmax.row(zp.baseAddress! + base, ap.baseAddress! + base, count: cols)
          }
        }
        var dot = 0.0
        for c in 0..<cols { dot += a.value.data[base + c] * z.tangent.data[base + c] }
        // ṡ = s ∘ (ż − ⟨s, ż⟩)
        for c in 0..<cols { a.tangent.data[base + c] = a.value.data[base + c] * (z.tangent.data[base + c] - dot) }
      }
    case .polarTanh, .modrelu, .zrelu, .cardioid, .idempotentTanh:
      for q in stride(from: 0, to: z.value.count, by: k) { unitTangentForward(z, &a, at: q, k: k) }
    case .tanh:
      // The batch kernel, eight lanes at a time: `apply` would run `tanh8` on a splatted vector per
      // element (8× the work; 17% of a 10-64-64-1 Hessian's time); the same bits, lane by lane.
      z.value.data.withUnsafeBufferPointer { zp in
        a.value.data.withUnsafeMutableBufferPointer { ap in Self.tanh(zp, ap) }
      }
      a.value.data.withUnsafeBufferPointer { ap in
        z.tangent.data.withUnsafeBufferPointer { dz in
          a.tangent.data.withUnsafeMutableBufferPointer { da in
            for e in 0..<ap.count { da[e] = (1 - ap[e] * ap[e]) * dz[e] }
          }
        }
      }
    default:
      for e in 0..<z.value.count {
        let x = z.value.data[e]
        let y = apply(x)
        a.value.data[e] = y
        a.tangent.data[e] = derivative(x, y) * z.tangent.data[e]
      }
    }
    return a
  }

  /// (g_z, R{g_z}) from the forward pairs (z, ż), (a, ȧ) and (g_a, R{g_a}).
  func tangentBackward(_ z: TangentPair, _ a: TangentPair, _ g: TangentPair, k: Int) -> TangentPair {
    var out = g
    let cols = z.value.cols
    switch self {
    case .softmax:
      // g_z = s ∘ (g − ⟨g, s⟩); R{g_z} = ṡ ∘ (g − ⟨g, s⟩) + s ∘ (ġ − ⟨ġ, s⟩ − ⟨g, ṡ⟩).
      for r in 0..<z.value.rows {
        let base = r * cols
        var gs = 0.0
        var rgs = 0.0
        var gds = 0.0
        for c in 0..<cols {
          gs += g.value.data[base + c] * a.value.data[base + c]
          rgs += g.tangent.data[base + c] * a.value.data[base + c]
          gds += g.value.data[base + c] * a.tangent.data[base + c]
        }
        for c in 0..<cols {
          let s = a.value.data[base + c]
          let ds = a.tangent.data[base + c]
          let gc = g.value.data[base + c]
          out.value.data[base + c] = s * (gc - gs)
          out.tangent.data[base + c] = ds * (gc - gs) + s * (g.tangent.data[base + c] - rgs - gds)
        }
      }
    case .polarTanh, .modrelu, .zrelu, .cardioid, .idempotentTanh:
      for q in stride(from: 0, to: z.value.count, by: k) { unitTangentBackward(z, g, &out, at: q, k: k) }
    case .tanh:
      // `derivative` and `secondDerivative` of tanh written out over raw buffers (no switch per element),
      // the same operations in the same order as the generic loop below, so the same bits.
      a.value.data.withUnsafeBufferPointer { ap in
        z.tangent.data.withUnsafeBufferPointer { dz in
          g.value.data.withUnsafeBufferPointer { gv in
            g.tangent.data.withUnsafeBufferPointer { gt in
              out.value.data.withUnsafeMutableBufferPointer { ov in
                out.tangent.data.withUnsafeMutableBufferPointer { ot in
                  for e in 0..<ap.count {
                    let y = ap[e]
                    let d1 = 1 - y * y
                    let d2 = -2 * y * (1 - y * y)
                    ov[e] = d1 * gv[e]
                    ot[e] = d1 * gt[e] + d2 * dz[e] * gv[e]
                  }
                }
              }
            }
          }
        }
      }
    default:
      for e in 0..<z.value.count {
        let x = z.value.data[e]
        let y = a.value.data[e]
        let d1 = derivative(x, y)
        out.value.data[e] = d1 * g.value.data[e]
        out.tangent.data[e] = d1 * g.tangent.data[e] + secondDerivative(x, y) * z.tangent.data[e] * g.value.data[e]
      }
    }
    return out
  }

  private static func unitNorm(_ m: Matrix, _ q: Int, _ k: Int) -> Double {
    var s = 0.0
    for c in 0..<k { s += m.data[q + c] * m.data[q + c] }
    return s.squareRoot()
  }

  private static func unitDot(_ a: Matrix, _ b: Matrix, _ q: Int, _ k: Int) -> Double {
    var s = 0.0
    for c in 0..<k { s += a.data[q + c] * b.data[q + c] }
    return s
  }

  /// zReLU passes a unit when every component is positive (a piecewise-linear map: DJ = 0 a.e.).
  private static func zreluPasses(_ z: Matrix, _ q: Int, _ k: Int) -> Bool {
    for c in 0..<k where z.data[q + c] <= 0 { return false }
    return true
  }

  private func unitTangentForward(_ z: TangentPair, _ a: inout TangentPair, at q: Int, k: Int) {
    let zv = z.value
    let zt = z.tangent
    switch self {
    case .idempotentTanh:
      // a = ½ Pᵀ T(Pq), ȧ = ½ Pᵀ (T′(Pq) · P ż) (a complex product per pair for k = 4).
      let t = IdempotentParts(Self.idempotentSplit(k) { zv.data[q + $0] })
      let du = Self.idempotentSplit(k) { zt.data[q + $0] }
      Self.idempotentJoin(t.value) { a.value.data[q + $0] = $1 }
      Self.idempotentJoin(t.times(t.first, du, conjugate: false)) { a.tangent.data[q + $0] = $1 }
    case .zrelu:
      let pass = Self.zreluPasses(zv, q, k)
      for c in 0..<k {
        a.value.data[q + c] = pass ? zv.data[q + c] : 0
        a.tangent.data[q + c] = pass ? zt.data[q + c] : 0
      }
    case .cardioid:
      // f = φ q with φ = ½(1 + q₀/r): ȧ = φ ż + q ⟨∇φ, ż⟩, ∇φ = ½(e₀/r − q₀ q/r³).
      let r = Self.unitNorm(zv, q, k)
      guard r > 0 else {
        for c in 0..<k {
          a.value.data[q + c] = 0
          a.tangent.data[q + c] = 0.5 * zt.data[q + c]
        }
        return
      }
      let phi = 0.5 * (1 + zv.data[q] / r)
      let dphi = 0.5 * (zt.data[q] / r - zv.data[q] * Self.unitDot(zv, zt, q, k) / (r * r * r))
      for c in 0..<k {
        a.value.data[q + c] = phi * zv.data[q + c]
        a.tangent.data[q + c] = phi * zt.data[q + c] + dphi * zv.data[q + c]
      }
    default:
      let r = Self.unitNorm(zv, q, k)
      let profile = ModulusProfile(self, r)
      let (h, kappa) = (profile.h, profile.kappa)
      let qz = Self.unitDot(zv, zt, q, k)
      for c in 0..<k {
        a.value.data[q + c] = h * zv.data[q + c]
        a.tangent.data[q + c] = h * zt.data[q + c] + kappa * qz * zv.data[q + c]
      }
    }
  }

  private func unitTangentBackward(_ z: TangentPair, _ g: TangentPair, _ out: inout TangentPair, at q: Int, k: Int) {
    let zv = z.value
    let zt = z.tangent
    switch self {
    case .idempotentTanh:
      // g_z = ½ Pᵀ (T′* · P g), R{g_z} = ½ Pᵀ (T′* · P ġ + (T″ · P ż)* · P g), u = P q; * conjugates (k = 4).
      let t = IdempotentParts(Self.idempotentSplit(k) { zv.data[q + $0] })
      let du = Self.idempotentSplit(k) { zt.data[q + $0] }
      let pg = Self.idempotentSplit(k) { g.value.data[q + $0] }
      let pdg = Self.idempotentSplit(k) { g.tangent.data[q + $0] }
      Self.idempotentJoin(t.times(t.first, pg, conjugate: true)) { out.value.data[q + $0] = $1 }
      let curvature = t.times(t.times(t.second, du, conjugate: false), pg, conjugate: true)
      let r = zip(t.times(t.first, pdg, conjugate: true), curvature).map { $0 + $1 }
      Self.idempotentJoin(r) { out.tangent.data[q + $0] = $1 }
    case .zrelu:
      let pass = Self.zreluPasses(zv, q, k)
      for c in 0..<k {
        out.value.data[q + c] = pass ? g.value.data[q + c] : 0
        out.tangent.data[q + c] = pass ? g.tangent.data[q + c] : 0
      }
    case .cardioid:
      cardioidTangentBackward(z, g, &out, at: q, k: k)
    default:
      // J symmetric: g_z = J g, R{g_z} = J ġ + DJ[ż] g.
      let r = Self.unitNorm(zv, q, k)
      let profile = ModulusProfile(self, r)
      let (h, kappa, dk) = (profile.h, profile.kappa, profile.dKappaOverR)
      let qg = Self.unitDot(zv, g.value, q, k)
      let qdg = Self.unitDot(zv, g.tangent, q, k)
      let qz = Self.unitDot(zv, zt, q, k)
      let zg = Self.unitDot(zt, g.value, q, k)
      for c in 0..<k {
        let qc = zv.data[q + c]
        out.value.data[q + c] = h * g.value.data[q + c] + kappa * qg * qc
        out.tangent.data[q + c] =
          h * g.tangent.data[q + c] + kappa * qdg * qc + kappa * qz * g.value.data[q + c] + dk * qz * qg * qc
          + kappa * (qg * zt.data[q + c] + zg * qc)
      }
    }
  }

  /// Cardioid f_a = φ q_a, φ = ½(1 + q₀/r): J_ab = φ δ_ab + q_a ∂_bφ, so (Jᵀ g)_b = φ g_b + ⟨q, g⟩ ∂_bφ and
  /// (DJ[ż]ᵀ g)_b = ⟨∇φ, ż⟩ g_b + ⟨ż, g⟩ ∂_bφ + ⟨q, g⟩ Σ_c ∂_c∂_bφ ż_c with
  /// Σ_c ∂_c∂_bφ ż_c = ½(−δ_0b ⟨q, ż⟩/r³ − ż₀ q_b/r³ − q₀ ż_b/r³ + 3 q₀ q_b ⟨q, ż⟩/r⁵). At q = 0 (J = ½ I
  /// by the engine's convention) the curvature term is taken as 0.
  private func cardioidTangentBackward(_ z: TangentPair, _ g: TangentPair, _ out: inout TangentPair, at q: Int, k: Int)
  {
    let zv = z.value
    let zt = z.tangent
    let r = Self.unitNorm(zv, q, k)
    guard r > 0 else {
      for c in 0..<k {
        out.value.data[q + c] = 0.5 * g.value.data[q + c]
        out.tangent.data[q + c] = 0.5 * g.tangent.data[q + c]
      }
      return
    }
    let q0 = zv.data[q]
    let r3 = r * r * r
    let phi = 0.5 * (1 + q0 / r)
    let qg = Self.unitDot(zv, g.value, q, k)
    let qdg = Self.unitDot(zv, g.tangent, q, k)
    let qz = Self.unitDot(zv, zt, q, k)
    let zg = Self.unitDot(zt, g.value, q, k)
    let dphi = 0.5 * (zt.data[q] / r - q0 * qz / r3)
    for c in 0..<k {
      let qc = zv.data[q + c]
      let e0: Double = c == 0 ? 1 : 0
      let gradPhi = 0.5 * (e0 / r - q0 * qc / r3)
      var hess = -e0 * qz / r3 - zt.data[q] * qc / r3 - q0 * zt.data[q + c] / r3 + 3 * q0 * qc * qz / (r3 * r * r)
      hess *= 0.5
      out.value.data[q + c] = phi * g.value.data[q + c] + qg * gradPhi
      out.tangent.data[q + c] =
        phi * g.tangent.data[q + c] + qdg * gradPhi + dphi * g.value.data[q + c] + zg * gradPhi + qg * hess
    }
  }
}
