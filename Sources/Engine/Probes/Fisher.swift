/// Summary statistics of the Fisher information F = (1/N) Σ_n J_nᵀ Λ_n J_n (SPEC §4.7), in the convention
/// of Karakida, Akaho & Amari (AISTATS 2019): for mse, Λ = I, i.e. F = (1/N) Σ_n Σ_k ∇f_k(x_n) ∇f_k(x_n)ᵀ —
/// the Gauss–Newton matrix of the loss (1/2N) Σ‖f − y‖²; the Hessian of the engine's mse (mean over
/// samples and outputs) at a zero-residual point is 2F/C. For cross-entropy Λ_n = diag(p_n) − p_n p_nᵀ
/// (softmax covariance, Jacobian of the logits). mean = trace/P and second_moment = Σλ²/P over all P
/// eigenvalues (Karakida's m_λ and s_λ).
public struct FisherSummary: Sendable {
  /// The eigenvalues computed, descending: all P of them, or the N·C of the Gram form (never negative).
  public var eigenvalues: [Double]
  /// The zero eigenvalues the Gram form lacks (P − N·C, else 0): kept as a count, not as a list of P
  /// numbers (4.3 million at width 2 048).
  public var zeros: Int
  /// All P eigenvalues, descending: `eigenvalues`, then `zeros` zeros — built when asked for.
  public var spectrum: [Double] { eigenvalues + repeatElement(0, count: zeros) }
  public var mean: Double
  public var secondMoment: Double
  public var max: Double
  public var trace: Double
  /// Eigenvalues above `tolerance`·λmax.
  public var rank: Int
  /// λmax / smallest eigenvalue counted in `rank` (1 for rank ≤ 1; 0 for a zero matrix).
  public var condition: Double

  public init(spectrum: [Double], tolerance: Double) {
    self.init(eigenvalues: spectrum, zeros: 0, tolerance: tolerance)
  }

  /// From computed eigenvalues (sorted here) and the count of zeros that complete the spectrum. The sums
  /// run over the computed values only: the zeros would add +0, which changes no sum (every partial sum
  /// of nonnegative values is +0 or positive), so the figures are those of the padded spectrum.
  public init(eigenvalues: [Double], zeros: Int, tolerance: Double) {
    precondition(zeros == 0 || eigenvalues.allSatisfy { $0 >= 0 }, "padding zeros follow nonnegative values")
    let s = eigenvalues.sorted(by: >)
    self.eigenvalues = s
    self.zeros = zeros
    let p = Double(Swift.max(1, s.count + zeros))
    trace = s.reduce(0, +)
    mean = trace / p
    secondMoment = s.reduce(0) { $0 + $1 * $1 } / p
    max = s.first ?? 0
    let kept = s.filter { $0 > tolerance * (s.first ?? 0) && $0 > 0 }
    rank = kept.count
    condition = kept.isEmpty ? 0 : kept[0] / kept[kept.count - 1]
  }

  /// How many of the P eigenvalues are at most `bound` (the padding zeros included).
  public func count(atMost bound: Double) -> Int {
    eigenvalues.filter { $0 <= bound }.count + (0 <= bound ? zeros : 0)
  }
}

/// The Fisher information summary of `net` on inputs `x` under `loss`. The eigenvalues come from the
/// smaller of the P×P matrix and the (N·C)² Gram form (1/N) Λ^{1/2} J Jᵀ Λ^{1/2} built layer by layer
/// (`fisherSpectrum`), so a wide net on few samples never forms its Jacobian.
///
/// ```swift
/// let f = fisherSummary(net, x: d.x, loss: .mse)   // f.max, f.mean, f.spectrum
/// ```
public func fisherSummary(_ net: Network, x: Matrix, loss: Loss, tolerance: Double = 1e-10) -> FisherSummary {
  let (values, zeros) = fisherEigenvalues(net, x: x, loss: loss)
  return FisherSummary(eigenvalues: values, zeros: zeros, tolerance: tolerance)
}
