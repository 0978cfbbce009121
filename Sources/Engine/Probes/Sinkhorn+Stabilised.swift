import Dispatch
import Foundation

/// Sinkhorn in scaling form with log-domain absorption (Schmitzer 2019, Algorithm 2): the iterations run
/// on u, v with the kernel K̃_ij = exp((f_i + g_j − C_ij)/ε), v ← b/K̃ᵀu, u ← a/K̃v — two matrix–vector
/// products (OpenBLAS) instead of two log-sum-exps per iteration — and whenever a scaling leaves
/// [1/τ, τ] (τ = 1e3, POT's `sinkhorn_stabilized`) or a stage ends, it is absorbed into the potentials
/// (f += ε log u, g += ε log v, u = v = 1) and K̃ is rebuilt. P = diag(u) K̃ diag(v) is the log-domain
/// iterate exactly (up to rounding), with the same ε-scaling stages and stopping rule, so small ε stays
/// safe: K̃'s entries are P_ij/(u_i v_j), bounded by τ². Returns nil when a kernel row or column
/// underflows to 0 anyway (then `logDomainSinkhorn` solves the problem).
func stabilisedSinkhorn(
  cost c: Matrix, a: [Double], b: [Double], eps: Double, tolerance: Double, maxIterations: Int
) -> SinkhornRun? {
  let (n, m) = (c.rows, c.cols)
  let tau = 1e3
  var f = [Double](repeating: 0, count: n)
  var g = [Double](repeating: 0, count: m)
  var kernel = Matrix(rows: n, cols: m)
  var u = Matrix(rows: n, cols: 1, repeating: 1)
  var v = Matrix(rows: m, cols: 1, repeating: 1)
  var ktu = Matrix(rows: m, cols: 1)
  var kv = Matrix(rows: n, cols: 1)
  var errors: [(iteration: Int, error: Double)] = []
  var iterations = 0
  var error = Double.infinity
  var stageEps = eps

  func absorb() {
    for i in 0..<n { f[i] += stageEps * Foundation.log(u.data[i]) }
    for j in 0..<m { g[j] += stageEps * Foundation.log(v.data[j]) }
    u.data = [Double](repeating: 1, count: n)
    v.data = [Double](repeating: 1, count: m)
    fillKernel(&kernel, cost: c, f: f, g: g, inv: 1 / stageEps)
  }
  func columnError() -> Double {
    BLAS.gemm(kernel, transA: true, u, into: &ktu)
    var sq = 0.0
    for j in 0..<m {
      let d = v.data[j] * ktu.data[j] - b[j]
      sq += d * d
    }
    return sq.squareRoot()
  }

  for s in Sinkhorn.schedule(maxCost: c.data.max() ?? 0, eps: eps) {
    stageEps = s
    absorb()
    let final = s == eps
    let stageTolerance = final ? tolerance : max(tolerance, Sinkhorn.stageTolerance)
    var stageIterations = 0
    errors = []
    while iterations < maxIterations && (final || stageIterations < Sinkhorn.stageIterations) {
      BLAS.gemm(kernel, transA: true, u, into: &ktu)
      for j in 0..<m { v.data[j] = b[j] / ktu.data[j] }
      BLAS.gemm(kernel, v, into: &kv)
      for i in 0..<n { u.data[i] = a[i] / kv.data[i] }
      iterations += 1
      stageIterations += 1
      guard u.data.allSatisfy({ $0.isFinite && $0 > 0 }), v.data.allSatisfy({ $0.isFinite && $0 > 0 }) else {
        return nil
      }
      if u.data.contains(where: { $0 > tau || $0 < 1 / tau }) || v.data.contains(where: { $0 > tau || $0 < 1 / tau }) {
        absorb()
      }
      if stageIterations % Sinkhorn.checkEvery == 0 || iterations == maxIterations {
        let e = columnError()
        errors.append((iterations, e))
        if final { error = e }
        if e < stageTolerance || !e.isFinite { break }
      }
    }
  }
  if error == .infinity { error = columnError() }
  var plan = kernel
  for i in 0..<n {
    for j in 0..<m { plan.data[i * m + j] *= u.data[i] * v.data[j] }
  }
  for i in 0..<n { f[i] += eps * Foundation.log(u.data[i]) }
  for j in 0..<m { g[j] += eps * Foundation.log(v.data[j]) }
  return SinkhornRun(f: f, g: g, plan: plan, iterations: iterations, error: error, errors: errors)
}

/// K̃_ij = exp((f_i + g_j − C_ij)·inv), rows split across the cores, eight lanes at a time.
private func fillKernel(_ k: inout Matrix, cost c: Matrix, f: [Double], g: [Double], inv: Double) {
  let (rows, cols) = (c.rows, c.cols)
  let chunks = rows * cols >= 40_000 ? ProcessInfo.processInfo.activeProcessorCount : 1
  k.data.withUnsafeMutableBufferPointer { kp in
    let kBox = UnsafeSendable(kp)
    c.data.withUnsafeBufferPointer { cp in
      let cBox = UnsafeSendable(cp)
      g.withUnsafeBufferPointer { gp in
        let gBox = UnsafeSendable(gp)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
          typealias Lanes = SIMD8<Double>
          let g = gBox.value.baseAddress!
          let scale = Lanes(repeating: inv)
          for r in (rows * chunk / chunks)..<(rows * (chunk + 1) / chunks) {
            let crow = cBox.value.baseAddress! + r * cols
            let krow = kBox.value.baseAddress! + r * cols
            let fr = Lanes(repeating: f[r])
            var s = 0
            while s + 8 <= cols {
              let gv = UnsafeRawPointer(g + s).loadUnaligned(as: Lanes.self)
              let cv = UnsafeRawPointer(crow + s).loadUnaligned(as: Lanes.self)
              UnsafeMutableRawPointer(krow + s).storeBytes(of: expNonPositive8((fr + gv - cv) * scale), as: Lanes.self)
              s += 8
            }
            if s < cols {
              var t = Lanes(repeating: -Double.infinity)
              for q in s..<cols { t[q - s] = (f[r] + g[q] - crow[q]) * inv }
              let e = expNonPositive8(t)
              for q in s..<cols { krow[q] = e[q - s] }
            }
          }
        }
      }
    }
  }
}
