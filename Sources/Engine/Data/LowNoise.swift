extension Datasets {
  /// A strongly low-noise binary problem (Nitanda & Suzuki, "Stochastic gradient descent with exponential
  /// convergence rates of expected classification errors", AISTATS 2019; seed 004): x uniform on
  /// [−1, 1]^dim conditioned on |⟨w*, x⟩| ≥ `margin` (points inside the margin are rejected and redrawn),
  /// with w* = (1, …, 1)/√dim; label 1 if ⟨w*, x⟩ > 0 else 0; then each label is flipped independently with
  /// probability `flip`. So P(Y = 1 | x) ∈ {flip, 1 − flip}, bounded away from ½ when flip < ½ — the
  /// low-noise condition under which SGD's expected classification error decays exponentially.
  ///
  ///     var rng = RandomSource(seed: 0)
  ///     let d = try Datasets.lowNoise(dim: 5, margin: 0.1, flip: 0.05, n: 1000, rng: &rng)
  public static func lowNoise(
    dim: Int = 2, margin: Double = 0.1, flip: Double = 0, n: Int = 1000, rng: inout RandomSource
  ) throws -> Dataset {
    try checkDim(dim)
    try checkCount(n)
    let maxMargin = 0.5 * Double(dim).squareRoot()
    guard margin.isFinite && margin >= 0 && margin < maxMargin else {
      throw DataError.badParameter(
        name: "margin", value: "\(margin)", expected: "a number in [0, \(maxMargin)) (half of √dim) for dim \(dim)")
    }
    guard flip.isFinite && flip >= 0 && flip < 0.5 else {
      throw DataError.badParameter(name: "flip", value: "\(flip)", expected: "a probability in [0, 0.5)")
    }
    let w = 1 / Double(dim).squareRoot()
    var x = Matrix(rows: n, cols: dim)
    var y = Matrix(rows: n, cols: 1)
    var p = [Double](repeating: 0, count: dim)
    for i in 0..<n {
      var s = 0.0
      repeat {
        for j in 0..<dim { p[j] = rng.uniform(-1, 1) }
        s = p.reduce(0, +) * w
      } while abs(s) < margin
      for j in 0..<dim { x[i, j] = p[j] }
      let label = s > 0 ? 1.0 : 0.0
      y[i, 0] = flip > 0 && rng.uniform() < flip ? 1 - label : label
    }
    return Dataset(name: "low_noise", x: x, y: y, classes: ["0", "1"])
  }
}
