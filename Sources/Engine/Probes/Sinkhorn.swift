import Dispatch
import Foundation

/// Entropy-regularised optimal transport between two weighted point clouds (Cuturi 2013), with the
/// squared Euclidean cost C_ij = ‖x_i − y_j‖², solved by Sinkhorn's iterations in the log domain
/// (Peyré & Cuturi 2019, §4.4) so that a small ε never underflows exp(−C/ε):
///
///   f_i ← ε log a_i − ε LSE_j((g_j − C_ij)/ε),   g_j ← ε log b_j − ε LSE_i((f_i − C_ij)/ε),
///   P_ij = exp((f_i + g_j − C_ij)/ε).
///
/// Each iteration updates g and then f (so P's row sums equal a exactly), as POT's `sinkhorn` updates v
/// then u. Every `checkEvery` iterations the marginal error ‖P ᵀ1 − b‖₂ is measured, as POT's
/// `stopThr` does, and the iterations stop once it is below `tolerance`. `cost` = ⟨P, C⟩ without the
/// entropy term, as POT's `sinkhorn2` reports it.
///
///     let r = try sinkhorn(x: a, y: b, epsilon: 0.05)  // r.cost ≈ W₂² as ε → 0
public struct SinkhornResult: Sendable {
  public var cost: Double
  public var plan: Matrix
  public var iterations: Int
  public var converged: Bool
  /// ‖Pᵀ1 − b‖₂ at the last check.
  public var marginalError: Double
  /// The dual potentials f (N) and g (M).
  public var f: [Double]
  public var g: [Double]
}

public enum Sinkhorn {
  /// The bytes the solver needs for an N×M problem: the cost, its transpose and the plan (8 bytes each).
  public static func bytesNeeded(_ n: Int, _ m: Int) -> Double { 3 * 8 * Double(n) * Double(m) }
  /// The most memory one call may ask for (2 GiB): larger problems are refused before allocating.
  public static let memoryLimit = 2.0 * 1024 * 1024 * 1024
  /// How often (in iterations) the marginal error is measured, as POT does.
  public static let checkEvery = 10
  /// ε-scaling (Schmitzer 2019, §3.2; Feydy et al. 2019): the potentials are warm-started through
  /// ε_s = 2^s·ε from the largest cost C_max down to ε, each coarser stage run until its marginal error is
  /// below `stageTolerance` or for `stageIterations` iterations. The answer is the same fixed point at ε
  /// (the potentials only start nearer); the iterations an auction-like first phase needs, ~C_max/ε
  /// without it, drop to a few per halving. All iterations count towards `.iterations` and `max_iter`.
  public static let stageTolerance = 1e-3
  public static let stageIterations = 50

  /// Below this C_max/ε the plain iterations' first phase (~C_max/ε iterations) is shorter than the stages.
  public static let scalingThreshold = 100.0

  /// The ε of each stage: 2^s·ε for s = S, …, 1, 0 with 2^S·ε the first at or above C_max (at most 40
  /// stages); just [ε] when C_max/ε ≤ `scalingThreshold`.
  static func schedule(maxCost: Double, eps: Double) -> [Double] {
    var stages = [eps]
    if maxCost / eps <= scalingThreshold { return stages }
    while stages.count < 40, stages[stages.count - 1] < maxCost { stages.append(2 * stages[stages.count - 1]) }
    return stages.reversed()
  }

  /// A memory size for messages: `1.5 GB`.
  public static func formatBytes(_ b: Double) -> String {
    if b >= 1e9 { return String(format: "%.3g GB", b / 1e9) }
    if b >= 1e6 { return String(format: "%.3g MB", b / 1e6) }
    return String(format: "%.3g kB", b / 1e3)
  }
}

/// Why a Sinkhorn run stopped without meeting its tolerance, with what to try instead.
public struct SinkhornNotConverged: Error, Sendable, CustomStringConvertible {
  public var iterations: Int
  public var marginalError: Double
  public var tolerance: Double
  public var epsilon: Double
  /// An ε at which `iterations` should suffice, from the observed geometric decay of the marginal error
  /// (Sinkhorn's iteration count grows roughly like 1/ε).
  public var suggestedEpsilon: Double
  public var result: SinkhornResult

  public var description: String {
    "sinkhorn did not converge in \(iterations) iterations (marginal error \(String(format: "%.3g", marginalError)) "
      + "> tol \(String(format: "%.3g", tolerance)) at eps \(String(format: "%.3g", epsilon))); try "
      + "eps: \(String(format: "%.2g", suggestedEpsilon)) or a larger max_iter"
  }
}

/// Pairwise squared distances ‖x_i − y_j‖² = ‖x_i‖² + ‖y_j‖² − 2 x_i·y_j, the cross term by one GEMM.
public func squaredDistances(_ x: Matrix, _ y: Matrix) -> Matrix {
  precondition(x.cols == y.cols, "squaredDistances: feature counts differ")
  var c = Matrix(rows: x.rows, cols: y.rows)
  BLAS.gemm(x, y, transB: true, alpha: -2, into: &c)
  let xn = (0..<x.rows).map { i in (0..<x.cols).reduce(0) { $0 + x[i, $1] * x[i, $1] } }
  let yn = (0..<y.rows).map { j in (0..<y.cols).reduce(0) { $0 + y[j, $1] * y[j, $1] } }
  for i in 0..<x.rows {
    for j in 0..<y.rows { c[i, j] = max(0, c[i, j] + xn[i] + yn[j]) }
  }
  return c
}

/// Sinkhorn between clouds `x` (N×d) and `y` (M×d) with weights `a`, `b` (each summing to 1; uniform when
/// nil). Throws `SinkhornNotConverged` when `maxIterations` pass without the marginal error falling below
/// `tolerance`, and `EngineError.invalid` for sizes over `Sinkhorn.memoryLimit` (checked before allocating).
public func sinkhorn(
  x: Matrix, y: Matrix, a: [Double]? = nil, b: [Double]? = nil, epsilon: Double, tolerance: Double = 1e-9,
  maxIterations: Int = 1000
) throws -> SinkhornResult {
  guard x.cols == y.cols else {
    throw EngineError.shapeMismatch("the clouds have \(x.cols) and \(y.cols) coordinates per point")
  }
  guard x.rows > 0, y.rows > 0 else { throw EngineError.invalid("sinkhorn needs two non-empty clouds") }
  let need = Sinkhorn.bytesNeeded(x.rows, y.rows)
  guard need <= Sinkhorn.memoryLimit else {
    throw EngineError.invalid(
      "a \(x.rows)×\(y.rows) transport problem needs about \(Sinkhorn.formatBytes(need)) "
        + "(limit \(Sinkhorn.formatBytes(Sinkhorn.memoryLimit))); subsample the clouds")
  }
  return try sinkhorn(
    cost: squaredDistances(x, y), a: a, b: b, epsilon: epsilon, tolerance: tolerance,
    maxIterations: maxIterations)
}

/// Sinkhorn on an explicit N×M cost matrix (see `sinkhorn(x:y:…)`).
public func sinkhorn(
  cost c: Matrix, a: [Double]? = nil, b: [Double]? = nil, epsilon eps: Double, tolerance: Double = 1e-9,
  maxIterations: Int = 1000
) throws -> SinkhornResult {
  let (n, m) = (c.rows, c.cols)
  let a = a ?? [Double](repeating: 1 / Double(n), count: n)
  let b = b ?? [Double](repeating: 1 / Double(m), count: m)
  guard a.count == n, b.count == m else {
    throw EngineError.shapeMismatch("weights of lengths \(a.count) and \(b.count) for clouds of \(n) and \(m) points")
  }
  guard eps > 0, eps.isFinite else { throw EngineError.invalid("eps must be positive and finite") }
  let run =
    stabilisedSinkhorn(cost: c, a: a, b: b, eps: eps, tolerance: tolerance, maxIterations: maxIterations)
    ?? logDomainSinkhorn(cost: c, a: a, b: b, eps: eps, tolerance: tolerance, maxIterations: maxIterations)
  var total = 0.0
  for e in 0..<(n * m) { total += run.plan.data[e] * c.data[e] }
  let result = SinkhornResult(
    cost: total, plan: run.plan, iterations: run.iterations, converged: run.error < tolerance,
    marginalError: run.error, f: run.f, g: run.g)
  guard result.converged else {
    throw SinkhornNotConverged(
      iterations: run.iterations, marginalError: run.error, tolerance: tolerance, epsilon: eps,
      suggestedEpsilon: suggestEpsilon(run.errors, tolerance: tolerance, eps: eps, maxIterations: maxIterations),
      result: result)
  }
  return result
}

/// What one solver run ends with: potentials, plan, iteration count, the final stage's error and its history.
struct SinkhornRun {
  var f: [Double]
  var g: [Double]
  var plan: Matrix
  var iterations: Int
  var error: Double
  var errors: [(iteration: Int, error: Double)]
}

/// The pure log-domain iterations (the fallback of `stabilisedSinkhorn`): every update a log-sum-exp.
func logDomainSinkhorn(
  cost c: Matrix, a: [Double], b: [Double], eps: Double, tolerance: Double, maxIterations: Int
) -> SinkhornRun {
  let (n, m) = (c.rows, c.cols)
  let logA = a.map { Foundation.log($0) }
  let logB = b.map { Foundation.log($0) }
  let ct = c.transposed
  var f = [Double](repeating: 0, count: n)
  var g = [Double](repeating: 0, count: m)
  var errors: [(iteration: Int, error: Double)] = []
  var iterations = 0
  var error = Double.infinity
  for stageEps in Sinkhorn.schedule(maxCost: c.data.max() ?? 0, eps: eps) {
    let final = stageEps == eps
    let stageTolerance = final ? tolerance : max(tolerance, Sinkhorn.stageTolerance)
    var stageIterations = 0
    errors = []
    while iterations < maxIterations && (final || stageIterations < Sinkhorn.stageIterations) {
      softMinUpdate(&g, cost: ct, other: f, logWeights: logB, eps: stageEps)
      softMinUpdate(&f, cost: c, other: g, logWeights: logA, eps: stageEps)
      iterations += 1
      stageIterations += 1
      if stageIterations % Sinkhorn.checkEvery == 0 || iterations == maxIterations {
        let e = marginalError(cost: ct, f: f, g: g, b: b, eps: stageEps)
        errors.append((iterations, e))
        // Only the last stage's error is the answer's: a coarse stage may meet any tolerance.
        if final { error = e }
        if e < stageTolerance || !e.isFinite { break }
      }
    }
  }
  if error == .infinity { error = marginalError(cost: ct, f: f, g: g, b: b, eps: eps) }
  return SinkhornRun(
    f: f, g: g, plan: transportPlan(cost: c, f: f, g: g, eps: eps), iterations: iterations, error: error,
    errors: errors)
}

/// One half-iteration: h_r ← ε log w_r − ε LSE_s((o_s − C_rs)/ε) for each row r of `cost`. Rows are
/// independent, so they are split across the cores (the result does not depend on the split).
private func softMinUpdate(_ h: inout [Double], cost: Matrix, other: [Double], logWeights: [Double], eps: Double) {
  let cols = cost.cols
  let rows = cost.rows
  let chunks = rows * cols >= 40_000 ? ProcessInfo.processInfo.activeProcessorCount : 1
  h.withUnsafeMutableBufferPointer { out in
    let outBox = UnsafeSendable(out)
    cost.data.withUnsafeBufferPointer { cp in
      let cBox = UnsafeSendable(cp)
      other.withUnsafeBufferPointer { op in
        let oBox = UnsafeSendable(op)
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
          let lo = rows * k / chunks
          let hi = rows * (k + 1) / chunks
          let inv = 1 / eps
          let o = oBox.value.baseAddress!
          for r in lo..<hi {
            let c = cBox.value.baseAddress! + r * cols
            var top = -Double.infinity
            for s in 0..<cols { top = max(top, o[s] - c[s]) }
            top *= inv
            outBox.value[r] = eps * (logWeights[r] - top - Foundation.log(sumExp(o, c, cols, inv, top)))
          }
        }
      }
    }
  }
}

/// Σ_s exp((o_s − c_s)·inv − top), eight lanes at a time (`expNonPositive8`); the tail goes through the
/// same kernel in a padded vector, so each term has the same bits wherever it sits.
@inline(__always) private func sumExp(
  _ o: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ n: Int, _ inv: Double, _ top: Double
) -> Double {
  typealias Lanes = SIMD8<Double>
  var acc = Lanes(repeating: 0)
  let scale = Lanes(repeating: inv)
  let shift = Lanes(repeating: top)
  var s = 0
  while s + 8 <= n {
    let ov = UnsafeRawPointer(o + s).loadUnaligned(as: Lanes.self)
    let cv = UnsafeRawPointer(c + s).loadUnaligned(as: Lanes.self)
    acc += expNonPositive8((ov - cv) * scale - shift)
    s += 8
  }
  if s < n {
    var v = Lanes(repeating: -Double.infinity)
    for k in s..<n { v[k - s] = (o[k] - c[k]) * inv - top }
    acc += expNonPositive8(v)
  }
  return acc.sum()
}

/// exp(x) for x ≤ 709 in eight SIMD lanes (no libm calls; the log-sum-exp's arguments are ≤ 0, the
/// stabilised kernel's ≤ 2 log τ), 0 below −708 (where e^x is subnormal or 0 and no longer counts): fdlibm's e_exp.c as in
/// `Activation.tanh8` — x = k ln 2 + r (Cody–Waite, k by the 1.5·2^52 shift), e^r = (2 + 2r − c)/(2 − c) with
/// c Remez's polynomial in r², then ·2^k. Relative error below 1e-15 against glibc's exp.
@inline(__always) func expNonPositive8(_ x: SIMD8<Double>) -> SIMD8<Double> {
  typealias Lanes = SIMD8<Double>
  var u = x
  let tiny = u .< Lanes(repeating: -708)
  u.replace(with: -708, where: tiny)
  let shift = Lanes(repeating: 0x1.8p52)
  let t: Lanes = u * Lanes(repeating: 1.44269504088896338700e+00) + shift
  let k: Lanes = t - shift
  let r: Lanes =
    (u - k * Lanes(repeating: 6.93147180369123816490e-01)) - k * Lanes(repeating: 1.90821492927058770002e-10)
  let rr: Lanes = r * r
  var c: Lanes = rr * Lanes(repeating: 4.13813679705723846039e-08) + Lanes(repeating: -1.65339022054652515390e-06)
  c = c * rr + Lanes(repeating: 6.61375632143793436117e-05)
  c = c * rr + Lanes(repeating: -2.77777777770155933842e-03)
  c = c * rr + Lanes(repeating: 1.66666666666666019037e-01)
  c = r - rr * c
  let exponent = unsafeBitCast(t, to: SIMD8<Int64>.self) &- SIMD8<Int64>(repeating: 0x4338_0000_0000_0000)
  let twoK = unsafeBitCast((exponent &+ 1023) &<< 52, to: Lanes.self)
  var e: Lanes = twoK * ((Lanes(repeating: 2) + r + r - c) / (Lanes(repeating: 2) - c))
  e.replace(with: 0, where: tiny)
  return e
}

/// ‖Pᵀ1 − b‖₂ with P from the current potentials (the column sums; `ct` is Cᵀ, one row per column of P).
private func marginalError(cost ct: Matrix, f: [Double], g: [Double], b: [Double], eps: Double) -> Double {
  var sq = 0.0
  for j in 0..<ct.rows {
    var s = 0.0
    for i in 0..<ct.cols { s += Foundation.exp((f[i] + g[j] - ct[j, i]) / eps) }
    sq += (s - b[j]) * (s - b[j])
  }
  return sq.squareRoot()
}

private func transportPlan(cost c: Matrix, f: [Double], g: [Double], eps: Double) -> Matrix {
  var p = Matrix(rows: c.rows, cols: c.cols)
  for i in 0..<c.rows {
    for j in 0..<c.cols { p[i, j] = Foundation.exp((f[i] + g[j] - c[i, j]) / eps) }
  }
  return p
}

/// From the last two checks' errors, the geometric rate per iteration; the iterations still needed at that
/// rate give the total a run would take, and since Sinkhorn's iteration count grows about like 1/ε, the ε at
/// which `maxIterations` would do. Without a usable rate, twice ε.
func suggestEpsilon(
  _ errors: [(iteration: Int, error: Double)], tolerance: Double, eps: Double, maxIterations: Int
) -> Double {
  guard errors.count >= 2 else { return 2 * eps }
  let (i0, e0) = errors[errors.count - 2]
  let (i1, e1) = errors[errors.count - 1]
  guard e0 > 0, e1 > 0, e1 < e0, e1.isFinite, i1 > i0 else { return 2 * eps }
  let rate = Foundation.log(e1 / e0) / Double(i1 - i0)
  let needed = Double(i1) + Foundation.log(tolerance / e1) / rate
  return eps * max(2, needed / Double(maxIterations))
}

/// Hands a buffer pointer to `concurrentPerform`'s threads, each of which touches its own rows only.
struct UnsafeSendable<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
