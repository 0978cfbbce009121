import Foundation

/// The hypersurface separating the two pieces of `piecewiseSmooth`, for x ∈ [0, 1]^d.
public enum PiecewiseBoundary: String, Sendable, CaseIterable, Codable {
  /// The hyperplane mean(x) = 1/2.
  case linear
  /// The sphere ‖x − c‖ = 0.4·√(d/2) around the centre c = (½, …, ½) (radius 0.4 in 2-D; the scaling keeps
  /// both pieces of comparable volume as d grows).
  case sphere
  /// The graph x_d = ½ + ¼ sin(2π x₁) (for d = 1: x₁ = ½).
  case wave
  /// No boundary: f = g₁ everywhere, the smooth control.
  case none

  /// h(x) with the piece R₁ = {h ≥ 0}; h is smooth (C^∞) in x.
  public func level(_ x: [Double]) -> Double {
    let d = Double(x.count)
    switch self {
    case .linear: return x.reduce(0, +) / d - 0.5
    case .sphere: return 0.4 * (d / 2).squareRoot() - x.reduce(0) { $0 + ($1 - 0.5) * ($1 - 0.5) }.squareRoot()
    case .wave: return x.count == 1 ? x[0] - 0.5 : x[x.count - 1] - 0.5 - 0.25 * sin(2 * Double.pi * x[0])
    case .none: return 1
    }
  }
}

extension Datasets {
  /// Piecewise-smooth regression (Imaizumi & Fukumizu, "Deep neural networks learn non-smooth functions
  /// effectively", AISTATS 2019; seed 003): x uniform on [0, 1]^dim and
  ///
  ///     f(x) = g₁(x)·1{h(x) ≥ 0} + g₀(x)·1{h(x) < 0},
  ///     g₁(x) = 1 + (1/d) Σⱼ |xⱼ − 0.3|^β,   g₀(x) = −(1/d) Σⱼ |xⱼ − 0.7|^β,
  ///
  /// with β = `smoothness` and h the `boundary`'s level function. |t|^β is Hölder-β at t = 0 (for β not an
  /// even integer), so each piece has smoothness exactly β, while f jumps by at least 1 across the
  /// hypersurface h = 0 — the setting in which deep nets reach the minimax rate and linear estimators do
  /// not. y = f(x) + noise·ε, ε ~ N(0, 1).
  ///
  ///     var rng = RandomSource(seed: 0)
  ///     let d = try Datasets.piecewiseSmooth(dim: 2, smoothness: 1.5, boundary: .sphere, n: 1000, rng: &rng)
  public static func piecewiseSmooth(
    dim: Int = 2, smoothness: Double = 2, boundary: PiecewiseBoundary = .sphere, n: Int = 1000,
    noise: Double = 0, rng: inout RandomSource
  ) throws -> Dataset {
    try checkDim(dim)
    try checkCount(n)
    try checkNonNegative(noise, "noise")
    guard smoothness.isFinite && smoothness > 0 else {
      throw DataError.badParameter(name: "smoothness", value: "\(smoothness)", expected: "a finite number > 0")
    }
    var x = Matrix(rows: n, cols: dim)
    var y = Matrix(rows: n, cols: 1)
    for i in 0..<n {
      let p = (0..<dim).map { _ in rng.uniform() }
      for j in 0..<dim { x[i, j] = p[j] }
      y[i, 0] = piecewiseTarget(p, smoothness: smoothness, boundary: boundary) + (noise > 0 ? noise * rng.normal() : 0)
    }
    return Dataset(name: "piecewise_smooth", x: x, y: y)
  }

  /// The noise-free target f(x) of `piecewiseSmooth`.
  public static func piecewiseTarget(_ x: [Double], smoothness beta: Double, boundary: PiecewiseBoundary) -> Double {
    let d = Double(x.count)
    if boundary.level(x) >= 0 {
      return 1 + x.reduce(0) { $0 + pow(abs($1 - 0.3), beta) } / d
    }
    return -x.reduce(0) { $0 + pow(abs($1 - 0.7), beta) } / d
  }
}
