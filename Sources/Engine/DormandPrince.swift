import Foundation

/// The Dormand–Prince 5(4) embedded pair (Dormand & Prince 1980; Hairer, Nørsett & Wanner, table 5.2),
/// first same as last: the derivative at the new point is the seventh stage.
struct DormandPrince {
  let f: ([Double]) -> [Double]
  let rtol: Double
  let atol: Double

  static let c: [Double] = [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1]
  static let a: [[Double]] = [
    [],
    [1.0 / 5],
    [3.0 / 40, 9.0 / 40],
    [44.0 / 45, -56.0 / 15, 32.0 / 9],
    [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
    [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
    [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
  ]
  /// b₅ − b₄: the error estimate's weights.
  static let e: [Double] = [
    71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40,
  ]

  /// One step of size h from (y, f(y)): the 5th-order solution, its derivative and the scaled error norm.
  func step(_ y: [Double], _ f0: [Double], _ h: Double) -> ([Double], [Double], Double) {
    var k = [f0]
    var yNew = y
    for s in 1..<7 {
      var ys = y
      for (j, aj) in Self.a[s].enumerated() where aj != 0 {
        for e in ys.indices { ys[e] += h * aj * k[j][e] }
      }
      if s == 6 { yNew = ys }
      k.append(f(ys))
    }
    var sum = 0.0
    for e in y.indices {
      var d = 0.0
      for s in 0..<7 { d += Self.e[s] * k[s][e] }
      let sc = atol + rtol * Swift.max(Swift.abs(y[e]), Swift.abs(yNew[e]))
      let r = h * d / sc
      sum += r * r
    }
    return (yNew, k[6], (sum / Double(max(1, y.count))).squareRoot())
  }

  /// Hairer's starting step (as scipy's `select_initial_step`).
  func initialStep(_ y: [Double], _ f0: [Double], span: Double, evaluations: inout Int) -> Double {
    func norm(_ x: [Double]) -> Double {
      var s = 0.0
      for e in x.indices {
        let r = x[e] / (atol + rtol * Swift.abs(y[e]))
        s += r * r
      }
      return (s / Double(max(1, x.count))).squareRoot()
    }
    let d0 = norm(y)
    let d1 = norm(f0)
    var h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1
    h0 = Swift.min(h0, span)
    var y1 = y
    for e in y.indices { y1[e] += h0 * f0[e] }
    let f1 = f(y1)
    evaluations += 1
    let d2 = norm(zip(f1, f0).map { $0 - $1 }) / h0
    let h1 = Swift.max(d1, d2) <= 1e-15 ? Swift.max(1e-6, h0 * 1e-3) : Foundation.pow(0.01 / Swift.max(d1, d2), 0.2)
    return Swift.min(100 * h0, h1, span)
  }
}
