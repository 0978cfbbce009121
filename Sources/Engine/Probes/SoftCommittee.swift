import Foundation

/// A net read as a soft committee machine (Saad & Solla 1995, Phys. Rev. E 52, 4225; seed 001): N real
/// inputs, K hidden units g(w_i·ξ) with g = erf(s·x) and no biases, and L ≥ 1 linear outputs
/// f_l = Σ_i v_il g(w_i·ξ) without bias (Saad & Solla: L = 1, v_i = 1, `dense 1, identity, fixed,
/// init: constant(1)` under `bias off`; Yoshida, Karakida, Okada & Amari 2019, J. Phys. A 52, 184002:
/// L outputs, the readout trained). `weights` and `readouts` are the effective weights (the
/// parametrization's multiplier applied), so the pre-activations are x_i = weights[i]·ξ whatever `param` says.
public struct SoftCommitteeMachine: Sendable {
  /// K×N: row i is w_i.
  public var weights: Matrix
  /// K×L: row i is the readout vector v_i of hidden unit i.
  public var readouts: Matrix
  public var scale: Double
  public var readoutFixed: Bool
  /// Multiplier of the first layer: a step on θ moves w = s₁θ by s₁² times as much.
  public var firstLayerScale: Double
  /// Multiplier s₂ of the readout layer (a step moves v by s₂² times the step on its θ).
  public var readoutScale: Double

  public init(
    weights: Matrix, readouts: Matrix, scale: Double, readoutFixed: Bool = true, firstLayerScale: Double = 1,
    readoutScale: Double = 1
  ) {
    self.weights = weights
    self.readouts = readouts
    self.scale = scale
    self.readoutFixed = readoutFixed
    self.firstLayerScale = firstLayerScale
    self.readoutScale = readoutScale
  }

  /// One output: `readout[i]` is v_i.
  public init(weights: Matrix, readout: [Double], scale: Double, readoutFixed: Bool = true, firstLayerScale: Double = 1)
  {
    self.init(
      weights: weights, readouts: Matrix(rows: readout.count, cols: 1, data: readout), scale: scale,
      readoutFixed: readoutFixed, firstLayerScale: firstLayerScale)
  }

  public var inputs: Int { weights.cols }
  public var units: Int { weights.rows }
  public var outputs: Int { readouts.cols }
  /// The readout of a one-output machine (column 0 of `readouts`).
  public var readout: [Double] { (0..<readouts.rows).map { readouts[$0, 0] } }

  /// Saad & Solla's η for `sgd(lr:)` on `loss mse` with batch 1: mse is the mean over the L outputs of
  /// (f_l − y_l)², whose gradient is (2/L)Σ_l (f_l − y_l)∂f_l, so Δw_i = (2·lr·s₁²/L) g′(x_i) Σ_l v_il (y_l − f_l) ξ,
  /// which is their update (η/N) g′(x_i) Σ_l v_il (y_l − f_l) ξ (for L = 1 exactly theirs) with
  /// η = 2·N·lr·s₁²/L (docs/conventions.md, "Soft committee machines").
  public func saadSollaRate(sgd lr: Double) -> Double {
    2 * Double(inputs) * lr * firstLayerScale * firstLayerScale / Double(outputs)
  }
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
          + "dense L, identity[, fixed]), found \(net.layers.count) layers")
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
    guard out.activation == .identity, !out.augmented else {
      throw SoftCommitteeError("the readout must be 'dense L, identity' (linear outputs)")
    }
    let off = net.offsets[1]
    if out.hasBias, (0..<out.m).contains(where: { theta[off + out.biasOffset + $0] != 0 }) || !out.frozen {
      throw SoftCommitteeError("the readout must have no bias (add 'bias off' to the net)")
    }
    self.weights = weights
    var v = Matrix(rows: out.n, cols: out.m)
    for i in 0..<out.n { for l in 0..<out.m { v[i, l] = out.scale * theta[off + i * out.m + l] } }
    readouts = v
    readoutFixed = out.frozen
    readoutScale = out.scale
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

/// The Saad–Solla ODE solution: the error E[(f − y)²] averaged over the outputs (= 2ε_g of Saad & Solla for
/// one output, the units of `loss(…, mse)`) and Q, R (and the readouts V when they are trained) at the times
/// α (= steps / N) of a regular grid from 0.
public struct SoftCommitteeTheory: Sendable {
  public var time: [Double]
  public var error: [Double]
  public var q: [Matrix]
  public var r: [Matrix]
  /// The student's readouts (K×L) at each time; empty when the readout is fixed.
  public var v: [Matrix] = []
  /// Saad & Solla's η used.
  public var eta: Double
  public var steps: Int
  public var evaluations: Int
}

/// Online learning of a soft committee machine in the limit N → ∞ (Saad & Solla 1995; Biehl & Schwarze 1995),
/// generalised to readouts v (student, K×L) and u (teacher, M×L) as in Goldt et al. 2019, with L outputs
/// and an optionally trained student readout as in Yoshida, Karakida, Okada & Amari 2019 (J. Phys. A 52,
/// 184002). With units u_p = (x_1…x_K, y_1…y_M), covariance C = [[Q, R], [Rᵀ, T]], readout rows
/// a_p = (v_1…v_K, −u_1…−u_M) ∈ ℝ^L (so f − y = Σ_p a_p g(u_p)) and G_pq = ⟨a_p, a_q⟩,
///
///   dR_in/dα = −η Σ_p G_ip I₃(i, K+n, p),
///   dQ_ik/dα = −η (Σ_p G_ip I₃(i, k, p) + Σ_p G_kp I₃(k, i, p)) + η² Σ_pq G_ip G_kq I₄(i, k, p, q),
///   dv_il/dα = −η_v Σ_p a_pl I₂(i, p)            (trained readout only; η_v = η·s₂²/s₁²),
///   error    = (1/L) Σ_pq G_pq I₂(p, q),
///
/// I₂ = E[g(u_a)g(u_b)], I₃ = E[g′(u_a) u_b g(u_c)], I₄ = E[g′g′gg]. η is Saad & Solla's rate for the loss
/// ½Σ_l (f_l − y_l)² (`saadSollaRate`). The readout's own noise is O(η_v²/N) per unit α and vanishes as
/// N → ∞; it enters the first layer only through the current v. For one fixed output G_ip = v_i a_p and
/// these are Saad & Solla's equations. For g = erf(s·x) = ĝ(√2 s x) with ĝ(x) = erf(x/√2) the averages are
/// Saad & Solla's closed forms (their eqs. for I₂, I₃, I₄) at C̃ = 2s²C, with I₄ multiplied by 2s² (the chain
/// rule on both g′); I₂ and I₃ need no factor.
public struct SoftCommitteeODE: Sendable {
  public let k: Int
  public let m: Int
  /// Outputs L.
  public let l: Int
  /// Initial student readouts (K×L) and the teacher's (M×L).
  public let v: Matrix
  public let u: Matrix
  public let scale: Double
  public let eta: Double
  /// The readout's rate η_v, 0 when the readout is fixed.
  public let readoutEta: Double
  public let t: Matrix

  /// The largest K·(K+1)/2·(K+M)² (I₄ integrals per evaluation) accepted: ≈ 0.1 s per evaluation.
  public static let maxWork = 4_000_000
  /// The largest number of outputs: 10⁴ (the Gram matrix of the readouts costs (K+M)²·L per evaluation).
  public static let maxOutputs = 10_000

  public init(student: SoftCommitteeMachine, teacher: SoftCommitteeMachine, t: Matrix, eta: Double) throws {
    try Self.checkSize(student.units, teacher.units)
    k = student.units
    m = teacher.units
    guard student.scale == teacher.scale else {
      throw SoftCommitteeError(
        "student and teacher must use the same g: erf(\(student.scale)·x) and erf(\(teacher.scale)·x)")
    }
    guard student.outputs == teacher.outputs else {
      throw SoftCommitteeError(
        "student and teacher must have the same outputs, found L = \(student.outputs) and \(teacher.outputs)")
    }
    guard student.outputs >= 1, student.outputs <= Self.maxOutputs else {
      throw SoftCommitteeError("the theory takes 1 to \(Self.maxOutputs) outputs, found \(student.outputs)")
    }
    guard eta.isFinite, eta > 0 else { throw SoftCommitteeError("the learning rate must be positive, found \(eta)") }
    l = student.outputs
    v = student.readouts
    u = teacher.readouts
    scale = student.scale
    self.eta = eta
    let ratio = student.readoutScale / student.firstLayerScale
    readoutEta = student.readoutFixed ? 0 : eta * ratio * ratio
    guard readoutEta.isFinite else { throw SoftCommitteeError("the readout's learning rate is not finite") }
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

  public var trainsReadout: Bool { readoutEta > 0 }

  /// Number of state variables: Q (K×K, stored whole), R (K×M), then V (K×L) when the readout is trained,
  /// row-major.
  public var dimension: Int { k * k + k * m + (trainsReadout ? k * l : 0) }

  /// The initial state from the order parameters (and the initial readouts).
  public func state(q: Matrix, r: Matrix) -> [Double] { q.data + r.data + (trainsReadout ? v.data : []) }

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

  /// The readout rows a_p (P×L, row-major) at the state y.
  func readoutRows(_ y: [Double]) -> [Double] {
    var a = [Double](repeating: 0, count: (k + m) * l)
    let base = k * k + k * m
    for i in 0..<k { for o in 0..<l { a[i * l + o] = trainsReadout ? y[base + i * l + o] : v[i, o] } }
    for n in 0..<m { for o in 0..<l { a[(k + n) * l + o] = -u[n, o] } }
    return a
  }

  /// G_pq = ⟨a_p, a_q⟩.
  func gram(_ a: [Double]) -> [Double] {
    let p = k + m
    var g = [Double](repeating: 0, count: p * p)
    for x in 0..<p {
      for y in x..<p {
        var s = 0.0
        for o in 0..<l { s += a[x * l + o] * a[y * l + o] }
        g[x * p + y] = s
        g[y * p + x] = s
      }
    }
    return g
  }

  /// I₂(a, b) at C̃.
  @inline(__always) func i2(_ c: [Double], _ a: Int, _ b: Int) -> Double {
    let p = k + m
    return 2 / Double.pi * asin(clamp(c[a * p + b] / ((1 + c[a * p + a]) * (1 + c[b * p + b])).squareRoot()))
  }

  /// E[(f − y)²] averaged over the outputs, at the state y.
  public func error(_ y: [Double]) -> Double {
    let p = k + m
    let c = covariance(y)
    let g = gram(readoutRows(y))
    var e = 0.0
    for i in 0..<p { for j in 0..<p { e += g[i * p + j] * i2(c, i, j) } }
    return e / Double(l)
  }

  /// dy/dα.
  public func derivative(_ y: [Double]) -> [Double] {
    let p = k + m
    let c = covariance(y)
    let a = readoutRows(y)
    let g = gram(a)
    // d[i][b] = Σ_q G_iq I₃(i, b, q).
    var d = [Double](repeating: 0, count: k * p)
    for i in 0..<k {
      let cii = 1 + c[i * p + i]
      for q in 0..<p where g[i * p + q] != 0 {
        let l3 = cii * (1 + c[q * p + q]) - c[i * p + q] * c[i * p + q]
        let w = g[i * p + q] * 2 / Double.pi / (max(l3, 1e-300).squareRoot() * cii)
        for b in 0..<p { d[i * p + b] += w * (c[b * p + q] * cii - c[i * p + b] * c[i * p + q]) }
      }
    }
    var dy = [Double](repeating: 0, count: dimension)
    for i in 0..<k {
      for n in 0..<m { dy[k * k + i * m + n] = -eta * d[i * p + k + n] }
      for j in i..<k {
        let s = -eta * (d[i * p + j] + d[j * p + i]) + eta * eta * 2 * scale * scale * i4Sum(c, g, i, j)
        dy[i * k + j] = s
        dy[j * k + i] = s
      }
    }
    if trainsReadout {
      let base = k * k + k * m
      for i in 0..<k {
        for q in 0..<p {
          let w = -readoutEta * i2(c, i, q)
          for o in 0..<l { dy[base + i * l + o] += w * a[q * l + o] }
        }
      }
    }
    return dy
  }

  /// Σ_qr G_iq G_jr I₄(i, j, q, r) at C̃ (Saad & Solla's I₄ with Λ₀, Λ₁, Λ₂, Λ₄; I₄ is symmetric in q, r).
  func i4Sum(_ c: [Double], _ g: [Double], _ i: Int, _ j: Int) -> Double {
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
    for q in 0..<p {
      let (c13, c23) = (c[i * p + q], c[j * p + q])
      for r in q..<p {
        let w = q == r ? g[i * p + q] * g[j * p + q] : g[i * p + q] * g[j * p + r] + g[i * p + r] * g[j * p + q]
        if w == 0 { continue }
        let (c14, c24) = (c[i * p + r], c[j * p + r])
        let l0 = l4 * c[q * p + r] - c23 * c24 * c11 - c13 * c14 * c22 + c12 * c13 * c24 + c12 * c14 * c23
        s += w * asin(clamp(l0 / max(lam[q] * lam[r], 1e-300).squareRoot()))
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
  var y = ode.state(q: q, r: r)
  var out = SoftCommitteeTheory(time: [], error: [], q: [], r: [], eta: ode.eta, steps: 0, evaluations: 0)
  func record(_ a: Double) {
    out.time.append(a)
    out.error.append(ode.error(y))
    out.q.append(Matrix(rows: ode.k, cols: ode.k, data: Array(y[0..<(ode.k * ode.k)])))
    let rEnd = ode.k * ode.k + ode.k * ode.m
    out.r.append(Matrix(rows: ode.k, cols: ode.m, data: Array(y[(ode.k * ode.k)..<rEnd])))
    if ode.trainsReadout { out.v.append(Matrix(rows: ode.k, cols: ode.l, data: Array(y[rEnd...]))) }
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
