import Foundation

/// A net read as a soft committee machine (Saad & Solla 1995, Phys. Rev. E 52, 4225; seed 001): N real
/// inputs, K hidden units g(w_i·ξ) with g = erf(s·x) and no biases, and one linear output Σ_i v_i g(w_i·ξ)
/// without bias (Saad & Solla: v_i = 1, `dense 1, identity, fixed, init: constant(1)` under `bias off`).
/// `weights` and `readout` are the effective weights (the parametrization's multiplier applied), so
/// the pre-activations are x_i = weights[i]·ξ whatever `param` says.
public struct SoftCommitteeMachine: Sendable {
  /// K×N: row i is w_i.
  public var weights: Matrix
  public var readout: [Double]
  public var scale: Double
  public var readoutFixed: Bool
  /// Multiplier of the first layer: a step on θ moves w = s₁θ by s₁² times as much.
  public var firstLayerScale: Double

  public init(weights: Matrix, readout: [Double], scale: Double, readoutFixed: Bool = true, firstLayerScale: Double = 1)
  {
    self.weights = weights
    self.readout = readout
    self.scale = scale
    self.readoutFixed = readoutFixed
    self.firstLayerScale = firstLayerScale
  }

  public var inputs: Int { weights.cols }
  public var units: Int { weights.rows }

  /// Saad & Solla's η for `sgd(lr:)` on `loss mse` with batch 1 and one output: the mse gradient of
  /// (f − y)² is 2(f − y)∂f, so Δw_i = 2·lr·s₁²·v_i g′(x_i)(y − f) ξ, which is their update
  /// (η/N) v_i g′(x_i)(τ − σ) ξ with η = 2·N·lr·s₁² (docs/conventions.md, "Soft committee machines").
  public func saadSollaRate(sgd lr: Double) -> Double { 2 * Double(inputs) * lr * firstLayerScale * firstLayerScale }
}

/// Why a net is not a soft committee machine (or the theory cannot run): a sentence for the diagnostic.
public struct SoftCommitteeError: Error, CustomStringConvertible {
  public var description: String
  init(_ d: String) { description = d }
}

extension SoftCommitteeMachine {
  /// The first dense layer's effective weights (K×N), for `overlaps`: any real net whose first layer is dense.
  public static func firstLayer(_ net: Network) throws -> Matrix {
    guard net.spec.algebra.dimension == 1 else {
      throw SoftCommitteeError("order parameters are defined for real nets; this one is over \(net.spec.algebra.name)")
    }
    guard let d = net.layers.first as? Dense, !d.augmented else {
      throw SoftCommitteeError("the first layer must be a dense layer (its weights define the order parameters)")
    }
    let theta = net.parameters
    var w = Matrix(rows: d.m, cols: d.n)
    for u in 0..<d.n {
      for o in 0..<d.m { w[o, u] = d.scale * theta[u * d.m + o] }
    }
    return w
  }

  /// Reads `net` as a soft committee machine, or says what stands in the way.
  public init(_ net: Network) throws {
    let weights = try Self.firstLayer(net)
    guard net.layers.count == 2, let hidden = net.layers[0] as? Dense, let out = net.layers[1] as? Dense else {
      throw SoftCommitteeError(
        "a soft committee machine has one hidden dense layer and a dense readout (input N; dense K, erf(s); "
          + "dense 1, identity, fixed, init: constant(1)), found \(net.layers.count) layers")
    }
    switch hidden.activation {
    case .erf: scale = 1
    case .scaledErf(let s): scale = s
    default:
      throw SoftCommitteeError(
        "the hidden units must be erf or erf(s) (the theory's closed forms), found \(hidden.activation)")
    }
    let theta = net.parameters
    if hidden.hasBias {
      throw SoftCommitteeError("the hidden layer must have no biases (add 'bias off' to the net)")
    }
    guard out.m == 1, out.activation == .identity, !out.augmented else {
      throw SoftCommitteeError("the readout must be 'dense 1, identity' (one linear output)")
    }
    let off = net.offsets[1]
    if out.hasBias, theta[off + out.biasOffset] != 0 || !out.frozen {
      throw SoftCommitteeError("the readout must have no bias (add 'bias off' to the net)")
    }
    self.weights = weights
    readout = (0..<out.n).map { out.scale * theta[off + $0] }
    readoutFixed = out.frozen
    firstLayerScale = hidden.scale
  }
}

/// The order parameters of a student and a teacher (Saad & Solla 1995): the covariances of the first-layer
/// pre-activations x_i = w_i·ξ, y_n = b_n·ξ under standard Gaussian inputs ξ ~ N(0, I_N), i.e. plain inner
/// products, not divided by N: Q = W Wᵀ (K×K), R = W Bᵀ (K×M), T = B Bᵀ (M×M).
public struct OrderParameters: Sendable {
  public var q: Matrix
  public var r: Matrix
  public var t: Matrix

  /// The largest matrix of order parameters computed: 10⁷ entries (80 MB).
  public static let maxEntries = 10_000_000

  public init(student w: Matrix, teacher b: Matrix) throws {
    guard w.cols == b.cols else {
      throw SoftCommitteeError("student and teacher must take the same inputs, found N = \(w.cols) and \(b.cols)")
    }
    let largest = Double(max(w.rows, b.rows)) * Double(max(w.rows, b.rows))
    guard largest <= Double(Self.maxEntries) else {
      throw SoftCommitteeError(
        "K = \(w.rows) and M = \(b.rows) hidden units give order-parameter matrices of \(String(format: "%.3g", largest)) "
          + "entries (\(SoftCommitteeODE.megabytes(largest * 8))); the limit is \(Self.maxEntries) entries")
    }
    q = BLAS.matmul(w, w, transB: true)
    r = BLAS.matmul(w, b, transB: true)
    t = BLAS.matmul(b, b, transB: true)
  }
}

/// The Saad–Solla ODE solution: the error E[(f − y)²] (= 2ε_g of Saad & Solla, the units of `loss(…, mse)`)
/// and Q, R at the times α (= steps / N) of a regular grid from 0.
public struct SoftCommitteeTheory: Sendable {
  public var time: [Double]
  public var error: [Double]
  public var q: [Matrix]
  public var r: [Matrix]
  /// Saad & Solla's η used.
  public var eta: Double
  public var steps: Int
  public var evaluations: Int
}

/// Online learning of a soft committee machine in the limit N → ∞ (Saad & Solla 1995; Biehl & Schwarze 1995),
/// generalised to fixed readouts v (student) and u (teacher) as in Goldt et al. 2019: with units
/// u_p = (x_1…x_K, y_1…y_M), covariance C = [[Q, R], [Rᵀ, T]] and a = (v, −u), so f − y = Σ_p a_p g(u_p),
///
///   dR_in/dα = −η v_i Σ_p a_p I₃(i, K+n, p),
///   dQ_ik/dα = −η (v_i Σ_p a_p I₃(i, k, p) + v_k Σ_p a_p I₃(k, i, p)) + η² v_i v_k Σ_pq a_p a_q I₄(i, k, p, q),
///   error    = Σ_pq a_p a_q I₂(p, q),
///
/// I₂ = E[g(u_a)g(u_b)], I₃ = E[g′(u_a) u_b g(u_c)], I₄ = E[g′g′gg]. For g = erf(s·x) = ĝ(√2 s x) with
/// ĝ(x) = erf(x/√2) they are Saad & Solla's closed forms (their eqs. for I₂, I₃, I₄) at C̃ = 2s²C, with
/// I₄ multiplied by 2s² (the chain rule on both g′); I₂ and I₃ need no factor.
public struct SoftCommitteeODE: Sendable {
  public let k: Int
  public let m: Int
  public let v: [Double]
  public let u: [Double]
  public let scale: Double
  public let eta: Double
  public let t: Matrix

  /// The largest K·(K+1)/2·(K+M)² (I₄ integrals per evaluation) accepted: ≈ 0.1 s per evaluation.
  public static let maxWork = 4_000_000

  public init(student: SoftCommitteeMachine, teacher: SoftCommitteeMachine, t: Matrix, eta: Double) throws {
    try Self.checkSize(student.units, teacher.units)
    k = student.units
    m = teacher.units
    guard student.scale == teacher.scale else {
      throw SoftCommitteeError(
        "student and teacher must use the same g: erf(\(student.scale)·x) and erf(\(teacher.scale)·x)")
    }
    guard eta.isFinite, eta > 0 else { throw SoftCommitteeError("the learning rate must be positive, found \(eta)") }
    v = student.readout
    u = teacher.readout
    scale = student.scale
    self.eta = eta
    self.t = t
  }

  /// Refuses committees whose flow is too costly, naming the work and the memory, before anything is allocated.
  public static func checkSize(_ k: Int, _ m: Int) throws {
    let work = Double(k) * Double(k + 1) / 2 * Double(k + m) * Double(k + m)
    guard work <= Double(Self.maxWork) else {
      let bytes = Double(k + m) * Double(k + m) * 8
      throw SoftCommitteeError(
        "K = \(k) student and M = \(m) teacher units need \(String(format: "%.3g", work)) four-unit integrals per "
          + "evaluation "
          + "(limit \(Self.maxWork), e.g. K = M = 30) and \(Self.megabytes(bytes)) per covariance matrix")
    }
  }

  static func megabytes(_ b: Double) -> String {
    b >= 1e9 ? String(format: "%.3g GB", b / 1e9) : String(format: "%.3g MB", b / 1e6)
  }

  /// Number of state variables: Q (K×K, stored whole) then R (K×M), row-major.
  public var dimension: Int { k * k + k * m }

  /// The scaled covariance C̃ = 2s²C of all K + M units from the state.
  func covariance(_ y: [Double]) -> [Double] {
    let p = k + m
    let f = 2 * scale * scale
    var c = [Double](repeating: 0, count: p * p)
    for i in 0..<k {
      for j in 0..<k { c[i * p + j] = f * y[i * k + j] }
      for n in 0..<m {
        let r = f * y[k * k + i * m + n]
        c[i * p + k + n] = r
        c[(k + n) * p + i] = r
      }
    }
    for a in 0..<m { for b in 0..<m { c[(k + a) * p + k + b] = f * t[a, b] } }
    return c
  }

  var weightsA: [Double] { v + u.map { -$0 } }

  /// E[(f − y)²] at the state y.
  public func error(_ y: [Double]) -> Double {
    let p = k + m
    let c = covariance(y)
    let a = weightsA
    var e = 0.0
    for i in 0..<p {
      for j in 0..<p {
        let x = c[i * p + j] / ((1 + c[i * p + i]) * (1 + c[j * p + j])).squareRoot()
        e += a[i] * a[j] * 2 / Double.pi * asin(clamp(x))
      }
    }
    return e
  }

  /// dy/dα.
  public func derivative(_ y: [Double]) -> [Double] {
    let p = k + m
    let c = covariance(y)
    let a = weightsA
    // d[i][b] = Σ_p a_p I₃(i, b, p).
    var d = [Double](repeating: 0, count: k * p)
    for i in 0..<k {
      let cii = 1 + c[i * p + i]
      for q in 0..<p {
        let l3 = cii * (1 + c[q * p + q]) - c[i * p + q] * c[i * p + q]
        let w = a[q] * 2 / Double.pi / (max(l3, 1e-300).squareRoot() * cii)
        for b in 0..<p { d[i * p + b] += w * (c[b * p + q] * cii - c[i * p + b] * c[i * p + q]) }
      }
    }
    var dy = [Double](repeating: 0, count: dimension)
    for i in 0..<k {
      for n in 0..<m { dy[k * k + i * m + n] = -eta * v[i] * d[i * p + k + n] }
      for j in i..<k {
        var s = -eta * (v[i] * d[i * p + j] + v[j] * d[j * p + i])
        if v[i] != 0 && v[j] != 0 { s += eta * eta * v[i] * v[j] * 2 * scale * scale * i4Sum(c, a, i, j) }
        dy[i * k + j] = s
        dy[j * k + i] = s
      }
    }
    return dy
  }

  /// Σ_pq a_p a_q I₄(i, j, p, q) at C̃ (Saad & Solla's I₄ with Λ₀, Λ₁, Λ₂, Λ₄).
  func i4Sum(_ c: [Double], _ a: [Double], _ i: Int, _ j: Int) -> Double {
    let p = k + m
    let c11 = 1 + c[i * p + i]
    let c22 = 1 + c[j * p + j]
    let c12 = c[i * p + j]
    let l4 = c11 * c22 - c12 * c12
    // Λ₁ (Λ₂) of unit q: Λ₄(1 + C_qq) − C_jq²(1 + C_ii) − C_iq²(1 + C_jj) + 2 C_ij C_iq C_jq.
    var lam = [Double](repeating: 0, count: p)
    for q in 0..<p {
      let (c1q, c2q) = (c[i * p + q], c[j * p + q])
      lam[q] = l4 * (1 + c[q * p + q]) - c2q * c2q * c11 - c1q * c1q * c22 + 2 * c12 * c1q * c2q
    }
    var s = 0.0
    for q in 0..<p where a[q] != 0 {
      let (c13, c23) = (c[i * p + q], c[j * p + q])
      for r in q..<p where a[r] != 0 {
        let (c14, c24) = (c[i * p + r], c[j * p + r])
        let l0 = l4 * c[q * p + r] - c23 * c24 * c11 - c13 * c14 * c22 + c12 * c13 * c24 + c12 * c14 * c23
        let term = a[q] * a[r] * asin(clamp(l0 / max(lam[q] * lam[r], 1e-300).squareRoot()))
        s += q == r ? term : 2 * term
      }
    }
    return 4 / (Double.pi * Double.pi) / max(l4, 1e-300).squareRoot() * s
  }

  @inline(__always) func clamp(_ x: Double) -> Double { x.isNaN ? x : Swift.min(1, Swift.max(-1, x)) }
}

/// Integrates the Saad–Solla ODEs from the order parameters (Q, R) of the current nets to α = `time`,
/// reporting `points` + 1 equally spaced times, by the Dormand–Prince 5(4) pair with error control
/// (the RK45 of `scipy.integrate.solve_ivp`: error norm RMS of (y₅ − y₄)/(atol + rtol·max|y|), step
/// factor 0.9·err^(−1/5) within [0.2, 10]). At most `maxSteps` steps; the run stops with an error when the
/// flow diverges (lr beyond the stable range) or the step size underflows.
public func softCommitteeTheory(
  _ ode: SoftCommitteeODE, q: Matrix, r: Matrix, time: Double, points: Int = 400, rtol: Double = 1e-8,
  atol: Double = 1e-10, maxSteps: Int = 200_000
) throws -> SoftCommitteeTheory {
  guard time.isFinite, time > 0 else { throw SoftCommitteeError("time must be a positive number, found \(time)") }
  var y = q.data + r.data
  var out = SoftCommitteeTheory(time: [], error: [], q: [], r: [], eta: ode.eta, steps: 0, evaluations: 0)
  func record(_ a: Double) {
    out.time.append(a)
    out.error.append(ode.error(y))
    out.q.append(Matrix(rows: ode.k, cols: ode.k, data: Array(y[0..<(ode.k * ode.k)])))
    out.r.append(Matrix(rows: ode.k, cols: ode.m, data: Array(y[(ode.k * ode.k)...])))
  }
  record(0)
  let stepper = DormandPrince(f: { ode.derivative($0) }, rtol: rtol, atol: atol)
  var a = 0.0
  var f0 = stepper.f(y)
  out.evaluations += 1
  var h = stepper.initialStep(y, f0, span: time, evaluations: &out.evaluations)
  for j in 1...points {
    let target = time * Double(j) / Double(points)
    while a < target {
      guard out.steps < maxSteps else {
        throw SoftCommitteeError(
          "the integration needed more than \(maxSteps) steps to reach α = \(time) (stopped at α = \(a))")
      }
      let last = target - a <= h * 1.000001
      let step = last ? target - a : h
      let (next, fNext, err) = stepper.step(y, f0, step)
      out.evaluations += 6
      if err <= 1 {
        guard next.allSatisfy({ $0.isFinite && Swift.abs($0) < 1e12 }) else {
          throw SoftCommitteeError(
            "the order parameters diverge at α ≈ \(String(format: "%.4g", a)): the learning rate (η = "
              + "\(String(format: "%.4g", ode.eta))) is beyond the stable range")
        }
        a = last ? target : a + step
        y = next
        f0 = fNext
        out.steps += 1
      }
      let factor = err == 0 ? 10 : Swift.min(10, Swift.max(0.2, 0.9 * Foundation.pow(err, -0.2)))
      guard err.isFinite else {
        throw SoftCommitteeError(
          "the order parameters left the range of the theory at α ≈ \(String(format: "%.4g", a))")
      }
      if !(last && err <= 1) { h = step * factor } else { h = Swift.max(h, step * factor) }
      guard h > 1e-14 * Swift.max(1, a) else {
        throw SoftCommitteeError("the step size underflowed at α = \(a)")
      }
    }
    record(target)
  }
  return out
}
