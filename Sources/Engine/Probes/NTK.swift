/// The empirical neural tangent kernel Θ = J Jᵀ of a net on inputs (Jacot, Gabriel & Hongler 2018),
/// (N·C)×(N·C) with row n·C + o, accumulated layer by layer by `ntkGram` (never the N·C×P Jacobian).
public struct NTKSummary: Sendable {
  public var matrix: Matrix
  /// Eigenvalues, descending.
  public var eigenvalues: [Double]
  /// Power-law exponent α of λ_r ∝ r^(−α): least squares of log λ_r on log r over the top half of the
  /// ranks (r = 1…⌈R/2⌉, positive eigenvalues only) — the bottom half is dominated by round-off and by
  /// the rank deficiency of small data sets. 0 when fewer than two eigenvalues qualify.
  public var decay: Double
  public var trace: Double

  public init(matrix: Matrix) {
    self.matrix = matrix
    eigenvalues = Self.eigenvalues(of: matrix)
    decay = Self.powerLawDecay(eigenvalues)
    trace = matrix.trace
  }

  /// The eigenvalues of a kernel matrix, descending (`dsyevd`).
  public static func eigenvalues(of matrix: Matrix) -> [Double] {
    (BLAS.symmetricEigen(matrix)?.values ?? []).sorted(by: >)
  }

  /// The fitted exponent α of λ_r ∝ r^(−α) over the top half of the ranks (see `decay`).
  public static func powerLawDecay(_ values: [Double]) -> Double {
    let top = values.prefix((values.count + 1) / 2)
    var xs: [Double] = []
    var ys: [Double] = []
    for (r, v) in top.enumerated() where v > 0 {
      xs.append(_log(Double(r + 1)))
      ys.append(_log(v))
    }
    guard xs.count >= 2 else { return 0 }
    let n = Double(xs.count)
    let mx = xs.reduce(0, +) / n
    let my = ys.reduce(0, +) / n
    var sxy = 0.0
    var sxx = 0.0
    for (x, y) in zip(xs, ys) {
      sxy += (x - mx) * (y - my)
      sxx += (x - mx) * (x - mx)
    }
    return sxx > 0 ? -sxy / sxx : 0
  }
}

/// The empirical NTK summary of `net` on inputs `x`.
public func ntkSummary(_ net: Network, x: Matrix) -> NTKSummary {
  NTKSummary(matrix: ntkGram(net, x))
}

/// Relative Frobenius change ‖Θ_b − Θ_a‖_F / ‖Θ_a‖_F between two kernels of the same shape (lazy training:
/// → 0 as width → ∞, Jacot et al. 2018; Lee et al. 2019). Throws on a shape mismatch.
public func ntkChange(_ a: Matrix, _ b: Matrix) throws -> Double {
  guard a.rows == b.rows, a.cols == b.cols else {
    throw EngineError.shapeMismatch("NTK matrices of different shapes: \(a.rows)×\(a.cols) and \(b.rows)×\(b.cols)")
  }
  let na = a.norm
  return na > 0 ? (b - a).norm / na : (b.norm > 0 ? .infinity : 0)
}
