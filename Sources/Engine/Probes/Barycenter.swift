/// A free-support Wasserstein barycenter of weighted point clouds under the entropic (Sinkhorn) plans
/// (Cuturi & Doucet 2014, Algorithm 2, with Sinkhorn in place of exact OT): K support points X with uniform
/// weights 1/K, started at the first cloud's points (its first K, or all of them), move to the weighted
/// barycentric projections of their plans,
///
///   X ← Σ_j λ_j · K · P_j Y_j    (P_j the K×N_j Sinkhorn plan from X to cloud j, rows summing to 1/K),
///
/// until no point moves by more than `tolerance` (relative to the clouds' spread) or `maxIterations`
/// outer steps pass. `cost` = Σ_j λ_j ⟨P_j, C_j⟩ at the final support. Entropic plans blur: at large ε the
/// projection pulls the support towards the clouds' means, so ε should be small against the spread.
public struct BarycenterResult: Sendable {
  public var points: Matrix
  public var cost: Double
  public var iterations: Int
  public var converged: Bool
}

public func sinkhornBarycenter(
  _ clouds: [Matrix], weights lambda: [Double], points k: Int, epsilon: Double, tolerance: Double = 1e-6,
  maxIterations: Int = 100, sinkhornTolerance: Double = 1e-5, sinkhornIterations: Int = 10_000
) throws -> BarycenterResult {
  guard let first = clouds.first, k >= 1 else { throw EngineError.invalid("a barycenter needs clouds and points") }
  guard clouds.allSatisfy({ $0.cols == first.cols }) else {
    throw EngineError.shapeMismatch(
      "the clouds have different numbers of coordinates: \(clouds.map { String($0.cols) }.joined(separator: ", "))")
  }
  var x = first.rows(Array(0..<min(k, first.rows)))
  if x.rows < k {
    // More points than the first cloud has: repeat it (the points separate after one step if the plans differ).
    x = first.rows((0..<k).map { $0 % first.rows })
  }
  let spread = max(1e-300, clouds.map { $0.data.map(abs).max() ?? 0 }.max() ?? 1)
  var iterations = 0
  var moved = Double.infinity
  var cost = 0.0
  while iterations < maxIterations && moved > tolerance {
    var next = Matrix(rows: k, cols: first.cols)
    cost = 0
    for (cloud, l) in zip(clouds, lambda) {
      let r = try sinkhorn(
        x: x, y: cloud, epsilon: epsilon, tolerance: sinkhornTolerance, maxIterations: sinkhornIterations)
      cost += l * r.cost
      BLAS.gemm(r.plan, cloud, alpha: l * Double(k), beta: 1, into: &next)
    }
    moved = 0
    for e in 0..<next.data.count { moved = max(moved, abs(next.data[e] - x.data[e]) / spread) }
    x = next
    iterations += 1
  }
  return BarycenterResult(points: x, cost: cost, iterations: iterations, converged: moved <= tolerance)
}
