import Engine
import Foundation

/// SCM: `scm_theory` for K = M = 10 (Saad & Solla 1995), the Dormand–Prince integration of the ODEs from a
/// fixed asymmetric start to α = 300 with η = 0.5, rtol 1e-8, atol 1e-10 and only the final point reported,
/// exactly as `bench/scm_peer.py` does with `scipy.integrate.solve_ivp(method="RK45")`. Median of 3 runs.
extension Bench {
  static func scmTheory() throws -> [String: Any] {
    let (k, m) = (10, 10)
    let ((q, r), t) = (scmStart(k, m), identity(m))
    let student = SoftCommitteeMachine(
      weights: Matrix(rows: k, cols: 1), readout: [Double](repeating: 1, count: k), scale: 1 / 2.0.squareRoot())
    let teacher = SoftCommitteeMachine(
      weights: Matrix(rows: m, cols: 1), readout: [Double](repeating: 1, count: m), scale: 1 / 2.0.squareRoot())
    let ode = try SoftCommitteeODE(student: student, teacher: teacher, t: t, eta: 0.5)
    var times: [Double] = []
    var last: SoftCommitteeTheory?
    for _ in 0..<3 {
      let start = DispatchTime.now().uptimeNanoseconds
      last = try softCommitteeTheory(ode, q: q, r: r, time: 300, points: 1, rtol: 1e-8, atol: 1e-10)
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    return [
      "workload": "SCM", "seconds": median(times), "final_error": last?.error.last ?? 0,
      "steps": Double(last?.steps ?? 0),
    ]
  }

  /// Q = ¼I, R_in = 0.01 sin(1 + i + 3n): off the symmetric subspace, so the student specialises.
  static func scmStart(_ k: Int, _ m: Int) -> (Matrix, Matrix) {
    var q = Matrix(rows: k, cols: k)
    for i in 0..<k { q[i, i] = 0.25 }
    var r = Matrix(rows: k, cols: m)
    for i in 0..<k { for n in 0..<m { r[i, n] = 0.01 * sin(Double(1 + i + 3 * n)) } }
    return (q, r)
  }

  static func identity(_ n: Int) -> Matrix {
    var t = Matrix(rows: n, cols: n)
    for i in 0..<n { t[i, i] = 1 }
    return t
  }
}
