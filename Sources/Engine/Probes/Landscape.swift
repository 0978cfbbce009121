/// Loss slices about the current parameters θ: L(θ + α d₁) on a line or L(θ + α d₁ + β d₂) on a plane
/// (Li, Xu, Taylor, Studer & Goldstein, "Visualizing the loss landscape of neural nets", NeurIPS 2018).
///
/// Directions are either random and *filter-normalised* — a Gaussian direction rescaled, filter by
/// filter, to the norm of the weights it perturbs (a filter = the incoming weights of one output unit of
/// a dense layer, all k components and the conjugate weights of an augmented layer; biases and batch-norm
/// parameters get direction 0, as in the paper) — or the top eigenvectors of the Hessian, of unit norm,
/// so that L(θ + α v) − L(θ) = ½ λ α² + O(α³) along an eigenvector v with eigenvalue λ.
public struct LandscapeSlice: Sendable {
  public var alphas: [Double]
  /// Empty for a 1-D slice.
  public var betas: [Double]
  /// loss[i][j] = L(θ + α_j d₁ + β_i d₂) (one row for a 1-D slice), evaluated in evaluation mode.
  public var loss: [[Double]]
  /// L(θ).
  public var center: Double
}

/// `dims` (1 or 2) random filter-normalised directions drawn from `rng`.
public func filterNormalizedDirections(_ net: Network, dims: Int, rng: inout RandomSource) -> [[Double]] {
  let theta = net.parameters
  return (0..<dims).map { _ in
    var d = (0..<theta.count).map { _ in rng.normal() }
    normalizeFilters(net.layers, offset: 0, theta: theta, direction: &d)
    return d
  }
}

/// Rescales each filter of `direction` to the norm of the same filter of θ; zeroes biases and non-dense
/// parameters.
private func normalizeFilters(_ layers: [Layer], offset: Int, theta: [Double], direction d: inout [Double]) {
  var o = offset
  for layer in layers {
    if let dense = layer as? Dense {
      let copies = dense.augmented ? 2 : 1
      for unit in 0..<dense.m {
        var indices: [Int] = []
        for copy in 0..<copies {
          for u in 0..<dense.n {
            for i in 0..<dense.k { indices.append(o + copy * dense.weightCount + (u * dense.m + unit) * dense.k + i) }
          }
        }
        let tn = indices.reduce(0) { $0 + theta[$1] * theta[$1] }.squareRoot()
        let dn = indices.reduce(0) { $0 + d[$1] * d[$1] }.squareRoot()
        for e in indices { d[e] = dn > 0 ? d[e] * tn / dn : 0 }
      }
      for e in (o + dense.biasOffset)..<(o + dense.parameterCount) { d[e] = 0 }
    } else if let block = layer as? ResidualBlock {
      normalizeFilters(block.body, offset: o, theta: theta, direction: &d)
    } else {
      for e in o..<(o + layer.parameterCount) { d[e] = 0 }
    }
    o += layer.parameterCount
  }
}

/// The `count` eigenvectors of the Hessian with the largest eigenvalues (unit norm): from the explicit
/// matrix when P ≤ 2000, else Ritz vectors of 40 (or more) Lanczos steps on exact Hessian-vector products.
public func hessianDirections(
  _ net: Network, x: Matrix, y: Matrix, loss: Loss, count: Int, rng: inout RandomSource
) -> [(value: Double, vector: [Double])] {
  let op = HessianOperator(net: net, x: x, y: y, loss: loss)
  let p = op.dimension
  if p <= 2000 {
    guard let e = BLAS.symmetricEigen(op.matrix(), vectors: true), let v = e.vectors else { return [] }
    return (0..<min(count, p)).map { r in
      let col = p - 1 - r  // ascending order
      return (e.values[col], (0..<p).map { v[$0, col] })
    }
  }
  return Array(lanczosEigenpairs(op.apply, dimension: p, steps: max(40, 4 * count), rng: &rng).prefix(count))
}

/// Evaluates the loss on the grid: `directions` has 1 or 2 entries, `steps` points per axis on [−range, range].
public func landscape(
  _ net: Network, x: Matrix, y: Matrix, loss: Loss, directions: [[Double]], steps: Int, range: Double
) -> LandscapeSlice {
  let probe = net.copy()
  let theta = net.parameters
  let grid = (0..<steps).map { steps == 1 ? 0 : -range + 2 * range * Double($0) / Double(steps - 1) }
  let betas = directions.count > 1 ? grid : []
  func value(_ a: Double, _ b: Double) -> Double {
    var point = theta
    for e in 0..<point.count {
      point[e] += a * directions[0][e] + (directions.count > 1 ? b * directions[1][e] : 0)
    }
    probe.parameters = point
    return probe.loss(x, y, loss: loss)
  }
  let rows = (betas.isEmpty ? [0.0] : betas).map { b in grid.map { a in value(a, b) } }
  probe.parameters = theta
  return LandscapeSlice(alphas: grid, betas: betas, loss: rows, center: probe.loss(x, y, loss: loss))
}
