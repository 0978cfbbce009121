import Foundation

/// Least squares on the trigonometric basis of a box [lo, hi]^d with period L = hi − lo per coordinate:
/// with u = (x − lo)/L, the constant and cos(2π κ·u), sin(2π κ·u) for every integer frequency vector
/// κ ∈ {−k, …, k}^d up to sign — (2k + 1)^d functions in all. The coefficients are LAPACK's minimum-norm
/// least-squares solution (`dgelsd`), so more functions than points interpolate with the smallest
/// coefficients. A linear estimator: Imaizumi & Fukumizu (2019) show its rate suffers on targets with jumps.
///
///     let m = try FourierRegression(x: x, y: y, k: 3, domain: (0, 1))
public struct FourierRegression: Regressor {
  public let k: Int
  public let lo: Double
  public let period: Double
  public let frequencies: [[Int]]
  public let coefficients: Matrix
  public var inputFeatures: Int { dimension }
  public var outputs: Int { coefficients.cols }
  let dimension: Int

  /// Basis functions for order k in d coordinates (as a Double, so absurd sizes do not overflow).
  public static func basisCount(k: Int, dimension d: Int) -> Double { Foundation.pow(Double(2 * k + 1), Double(d)) }
  /// Bytes of the design matrix and LAPACK's workspace for N points and P functions (about 3·8·N·P).
  public static func bytesNeeded(points n: Int, functions p: Double) -> Double { 3 * 8 * Double(n) * p }

  public init(x: Matrix, y: Matrix, k: Int, domain: (lo: Double, hi: Double)) throws {
    guard x.rows == y.rows, x.rows > 0 else { throw EngineError.invalid("fourier needs data") }
    guard k >= 0 else { throw EngineError.invalid("k must be ≥ 0") }
    guard domain.hi > domain.lo else { throw EngineError.invalid("the domain needs lo < hi") }
    let p = Self.basisCount(k: k, dimension: x.cols)
    let need = Self.bytesNeeded(points: x.rows, functions: p)
    guard need <= Sinkhorn.memoryLimit, p <= 1e7 else {
      throw EngineError.invalid(
        "k \(k) in \(x.cols) dimensions gives (2k+1)^d = \(String(format: "%.4g", p)) basis functions: about "
          + "\(Sinkhorn.formatBytes(need)) for \(x.rows) points (limit \(Sinkhorn.formatBytes(Sinkhorn.memoryLimit))); "
          + "use a smaller k")
    }
    self.k = k
    self.lo = domain.lo
    self.period = domain.hi - domain.lo
    self.dimension = x.cols
    self.frequencies = Self.halfFrequencies(k: k, dimension: x.cols)
    let phi = Self.design(x, frequencies: frequencies, lo: lo, period: period)
    guard let c = BLAS.leastSquares(phi, y) else { throw EngineError.invalid("the Fourier least squares failed") }
    self.coefficients = c
  }

  public func predict(_ x: Matrix) throws -> Matrix {
    BLAS.matmul(Self.design(x, frequencies: frequencies, lo: lo, period: period), coefficients)
  }

  public var summary: String {
    "fourier: k \(k), \(2 * frequencies.count + 1) basis functions, period \(shortNumber(period))"
  }

  /// The nonzero κ ∈ {−k…k}^d whose first nonzero coordinate is positive (one of each ± pair).
  static func halfFrequencies(k: Int, dimension d: Int) -> [[Int]] {
    var out: [[Int]] = []
    var kappa = [Int](repeating: -k, count: d)
    let total = Int(basisCount(k: k, dimension: d))
    for _ in 0..<total {
      if let first = kappa.first(where: { $0 != 0 }), first > 0 { out.append(kappa) }
      var c = d - 1
      while c >= 0 {
        kappa[c] += 1
        if kappa[c] <= k { break }
        kappa[c] = -k
        c -= 1
      }
    }
    return out
  }

  /// Φ: the constant, then cos and sin of 2π κ·(x − lo)/L for each κ.
  static func design(_ x: Matrix, frequencies: [[Int]], lo: Double, period: Double) -> Matrix {
    var phi = Matrix(rows: x.rows, cols: 1 + 2 * frequencies.count)
    for i in 0..<x.rows {
      phi[i, 0] = 1
      for (f, kappa) in frequencies.enumerated() {
        var t = 0.0
        for c in 0..<x.cols where kappa[c] != 0 { t += Double(kappa[c]) * (x[i, c] - lo) / period }
        phi[i, 1 + 2 * f] = Foundation.cos(2 * Double.pi * t)
        phi[i, 2 + 2 * f] = Foundation.sin(2 * Double.pi * t)
      }
    }
    return phi
  }
}
