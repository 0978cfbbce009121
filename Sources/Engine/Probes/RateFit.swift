import Foundation

/// A power law error ≈ C·n^slope fitted by ordinary least squares on (log n, log error), with the slope's
/// standard error √(s² / Σ(log n − mean)²), s² = residual sum of squares / (points − 2). A learning-curve
/// exponent: Imaizumi & Fukumizu (2019) compare DNN and linear estimators' slopes on piecewise-smooth targets.
///
///     let r = try rateFit(n: [100, 200, 400], error: [0.1, 0.05, 0.025])  // r.slope == -1
public struct RateFit: Sendable {
  public var slope: Double
  public var intercept: Double
  public var standardError: Double
  /// Coefficient of determination of the log-log fit.
  public var rSquared: Double
  public var n: [Double]
  public var error: [Double]
  /// exp(intercept)·n^slope at each n.
  public var fitted: [Double]
}

public func rateFit(n: [Double], error: [Double]) throws -> RateFit {
  guard n.count == error.count else {
    throw EngineError.shapeMismatch(
      "rate needs as many errors as sample sizes: \(n.count) sizes, \(error.count) errors")
  }
  guard n.count >= 3 else {
    throw EngineError.invalid("rate needs at least 3 points for a slope and its standard error, found \(n.count)")
  }
  guard n.allSatisfy({ $0 > 0 && $0.isFinite }), error.allSatisfy({ $0 > 0 && $0.isFinite }) else {
    throw EngineError.invalid("rate fits logarithms: every sample size and error must be positive and finite")
  }
  let lx = n.map { Foundation.log($0) }
  let ly = error.map { Foundation.log($0) }
  let k = Double(n.count)
  let mx = lx.reduce(0, +) / k
  let my = ly.reduce(0, +) / k
  let sxx = lx.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
  guard sxx > 0 else { throw EngineError.invalid("rate needs at least two different sample sizes") }
  let sxy = zip(lx, ly).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
  let slope = sxy / sxx
  let intercept = my - slope * mx
  let residuals = zip(lx, ly).map { $0.1 - (intercept + slope * $0.0) }
  let ssr = residuals.reduce(0) { $0 + $1 * $1 }
  let syy = ly.reduce(0) { $0 + ($1 - my) * ($1 - my) }
  return RateFit(
    slope: slope, intercept: intercept, standardError: (ssr / (k - 2) / sxx).squareRoot(),
    rSquared: syy > 0 ? 1 - ssr / syy : 1, n: n, error: error,
    fitted: lx.map { Foundation.exp(intercept + slope * $0) })
}
