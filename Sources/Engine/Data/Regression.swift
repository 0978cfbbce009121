extension Datasets {
  /// Regression on a user's function: x uniform on [lo, hi]^dim, y = f(x) + noise·ε, ε ~ N(0, 1). The Runtime
  /// passes `f` compiled from an expression in x1…xd; an error it throws is passed on, and a non-finite
  /// value is reported with the input that produced it.
  ///
  ///     var rng = RandomSource(seed: 0)
  ///     let d = try Datasets.regression(f: { sin($0[0]) }, dim: 1, n: 200, noise: 0.1, domain: (-3, 3), rng: &rng)
  public static func regression(
    f: ([Double]) throws -> Double, dim: Int = 1, n: Int = 200, noise: Double = 0,
    domain: (lo: Double, hi: Double) = (-1, 1), rng: inout RandomSource
  ) throws -> Dataset {
    try checkDim(dim)
    try checkCount(n)
    try checkNonNegative(noise, "noise")
    guard domain.lo.isFinite, domain.hi.isFinite, domain.lo < domain.hi else {
      throw DataError.badParameter(
        name: "domain", value: "(\(domain.lo), \(domain.hi))", expected: "finite bounds with lo < hi")
    }
    var x = Matrix(rows: n, cols: dim)
    var y = Matrix(rows: n, cols: 1)
    for i in 0..<n {
      var p = [Double](repeating: 0, count: dim)
      for j in 0..<dim { p[j] = rng.uniform(domain.lo, domain.hi) }
      let v = try f(p)
      guard v.isFinite else { throw DataError.nonFinite(what: "f(\(p.map { "\($0)" }.joined(separator: ", ")))") }
      for j in 0..<dim { x[i, j] = p[j] }
      y[i, 0] = v + (noise > 0 ? noise * rng.normal() : 0)
    }
    return Dataset(name: "regression", x: x, y: y)
  }
}
