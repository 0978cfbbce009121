/// Natural-gradient directions (F + λI)⁻¹ g for `OptimizerSpec.natural`, with F the generalised
/// Gauss–Newton matrix of the minibatch (see `OptimizerSpec`).

/// Λ of the natural-gradient optimizer: the Hessian of the per-sample loss in the outputs.
func gaussNewtonWeight(_ loss: Loss) -> (ArraySlice<Double>) -> Matrix {
  if loss == .mse {
    return { f in 2 / Double(f.count) * Matrix.identity(f.count) }
  }
  return loss.fisherWeight
}

/// (ĴᵀĴ + λI)⁻¹ g for Ĵ (R×P), through the P×P system or, when R < P, Woodbury's identity
/// (1/λ)(g − Ĵᵀ(λI + ĴĴᵀ)⁻¹ Ĵ g).
func dampedSolve(_ jh: Matrix, _ g: [Double], damping: Double) throws -> [Double] {
  let p = jh.cols
  let gm = Matrix(rows: p, cols: 1, data: g)
  if p <= jh.rows {
    var f = BLAS.matmul(jh, transA: true, jh)
    for i in 0..<p { f[i, i] += damping }
    guard let d = BLAS.solveSPD(f, gm) else {
      throw EngineError.invalid("natural gradient: the damped Fisher matrix is not positive definite; increase damping")
    }
    return d.data
  }
  var k = BLAS.matmul(jh, jh, transB: true)
  for i in 0..<k.rows { k[i, i] += damping }
  guard let s = BLAS.solveSPD(k, BLAS.matmul(jh, gm)) else {
    throw EngineError.invalid("natural gradient: the damped Gram matrix is not positive definite; increase damping")
  }
  let back = BLAS.matmul(jh, transA: true, s)
  return (0..<p).map { (g[$0] - back.data[$0]) / damping }
}

func naturalDirection(
  _ net: Network, x: Matrix, loss: Loss, gradient g: [Double], damping: Double, kind: FisherKind
) throws -> [Double] {
  let c = net.spec.outputFeatures
  let (j, head) = net.sensitivityPass(x, loss: loss, kind: .jacobian, capture: kind == .kfac)
  let roots = fisherRoots(head: head, samples: x.rows, weight: gaussNewtonWeight(loss))
  let jh = weightRows(j, roots: roots, c: c, factor: 1 / Double(max(1, x.rows)).squareRoot())
  if kind == .exact { return try dampedSolve(jh, g, damping: damping) }
  var d = [Double](repeating: 0, count: g.count)
  var kfacDone = Set<Int>()
  if kind == .kfac, let caps = net.sink.captures {
    for cap in caps where cap.layer.isPlainReal {
      kfacDone.insert(cap.offset)
      let block = kfacDirection(
        cap.layer, input: cap.input, delta: cap.delta, roots: roots, c: c, g: g, offset: cap.offset, damping: damping)
      for (e, v) in block.enumerated() { d[cap.offset + e] = v }
    }
  }
  net.sink.captures = nil
  for (offset, count) in parameterBlocks(net) where !kfacDone.contains(offset) && count > 0 {
    let sub = jh.columns(offset..<(offset + count))
    let block = try dampedSolve(sub, Array(g[offset..<(offset + count)]), damping: damping)
    for e in 0..<count { d[offset + e] = block[e] }
  }
  return d
}

/// (offset, count) of each parametrised layer, residual bodies included.
func parameterBlocks(_ net: Network) -> [(Int, Int)] {
  var blocks: [(Int, Int)] = []
  func visit(_ layer: Layer, _ offset: Int) {
    if let r = layer as? ResidualBlock {
      for (l, inner) in r.body.enumerated() { visit(inner, offset + r.offsets[l]) }
    } else if layer.parameterCount > 0 {
      blocks.append((offset, layer.parameterCount))
    }
  }
  for (l, layer) in net.layers.enumerated() { visit(layer, net.offsets[l]) }
  return blocks
}

/// K-FAC block of a real dense layer (Martens & Grosse 2015): F ≈ A ⊗ G with A = E[ã ãᵀ], ã = (s·x, 1),
/// G = (1/N) Σ_n Δ_nᵀ Λ_n Δ_n; the damped inverse is factored as (A + √λ I)⁻¹ Γ (G + √λ I)⁻¹ on the
/// gradient Γ arranged as an (n+1)×m matrix (weights, then the bias row).
private func kfacDirection(
  _ layer: Dense, input x: Matrix, delta: Matrix, roots: [Matrix]?, c: Int, g: [Double], offset: Int, damping: Double
) -> [Double] {
  let n = layer.n
  let m = layer.m
  let rows = x.rows
  let aw = n + (layer.hasBias ? 1 : 0)
  var a = Matrix(rows: aw, cols: aw)
  for r in 0..<rows {
    for u in 0..<aw {
      let xu = u < n ? layer.scale * x.data[r * n + u] : 1
      for v in 0..<aw { a[u, v] += xu * (v < n ? layer.scale * x.data[r * n + v] : 1) / Double(rows) }
    }
  }
  let samples = rows / max(1, c)
  let dh = weightRows(delta, roots: roots, c: c, factor: 1 / Double(max(1, samples)).squareRoot())
  var gm = BLAS.matmul(dh, transA: true, dh)
  let root = damping.squareRoot()
  for i in 0..<aw { a[i, i] += root }
  for i in 0..<m { gm[i, i] += root }
  var gamma = Matrix(rows: aw, cols: m)
  for u in 0..<n { for o in 0..<m { gamma[u, o] = g[offset + u * m + o] } }
  if layer.hasBias { for o in 0..<m { gamma[n, o] = g[offset + layer.biasOffset + o] } }
  guard let left = BLAS.solveSPD(a, gamma), let both = BLAS.solveSPD(gm, left.transposed) else {
    return [Double](repeating: 0, count: layer.parameterCount)
  }
  var out = [Double](repeating: 0, count: layer.parameterCount)
  for u in 0..<n { for o in 0..<m { out[u * m + o] = both[o, u] } }
  if layer.hasBias { for o in 0..<m { out[layer.biasOffset + o] = both[o, n] } }
  return out
}
