/// Jacobian primitives the probes stand on (SPEC §4.7). Rows are (sample, output) pairs, row n·C + o for
/// sample n and output o of C = `outputFeatures`; columns are the P parameters in `Network.parameters`
/// order (frozen parameters give zero columns and are left out of Gram matrices). Everything runs in
/// evaluation mode, where each sample's output depends on that sample only.
extension Network {
  /// Evaluates each sample once per output and backpropagates a unit sensitivity from that output, handing
  /// per-row parameter gradients to the sink in mode `kind`. Returns the sink's matrix and the head
  /// outputs (R×C; logits when `loss` fuses with the last activation).
  func sensitivityPass(_ x: Matrix, loss: Loss?, kind: GradientSink.Kind, capture: Bool = false) -> (
    result: Matrix, head: Matrix
  ) {
    let c = spec.outputFeatures
    let r = x.rows * c
    var xr = Matrix(rows: r, cols: x.cols)
    for n in 0..<x.rows {
      for o in 0..<c {
        for j in 0..<x.cols { xr.data[(n * c + o) * x.cols + j] = x.data[n * x.cols + j] }
      }
    }
    var rng = RandomSource(seed: 0)
    runForward(xr, training: false, rng: &rng)
    let fused = loss.flatMap { fusedLayer($0) }
    let head = headOutput(fused: fused)
    var g = Matrix(rows: r, cols: c)
    for row in 0..<r { g.data[row * c + row % c] = 1 }
    sink.kind = kind
    sink.matrix = Matrix(rows: r, cols: kind == .gram ? r : parameterCount)
    sink.captures = capture ? [] : nil
    sink.gramUpperOnly =
      kind == .gram && gramUpperEnabled && layers.allSatisfy { ($0 as? Dense)?.k == 1 || $0 is Dropout }
    runBackward(xr, g, fused: fused)
    if sink.gramUpperOnly && r > 0 {
      sink.matrix.data.withUnsafeMutableBufferPointer { BLAS.mirrorUpper($0.baseAddress!, r) }
    }
    let result = sink.matrix
    sink.matrix = Matrix(rows: 0, cols: 0)
    sink.gramInputs = Matrix(rows: 0, cols: 0)
    sink.gramSensitivities = Matrix(rows: 0, cols: 0)
    return (result, head)
  }
}

/// The Jacobian ∂f/∂θ of the net's outputs: (N·C)×P, row n·C + o.
public func jacobian(_ net: Network, _ x: Matrix) -> Matrix {
  net.sensitivityPass(x, loss: nil, kind: .jacobian).result
}

/// The empirical NTK Gram matrix J Jᵀ ((N·C)×(N·C)), accumulated layer by layer without forming J: for a
/// real dense layer (A Aᵀ + 1) ∘ (Δ Δᵀ) with A its inputs and Δ the backpropagated sensitivities of its
/// pre-activations (Jacot et al. 2018; the layer-wise contraction of Novak et al. 2022), generalised to
/// algebras through their structure constants (see `Dense`), to residual branches and to batch norm.
public func ntkGram(_ net: Network, _ x: Matrix) -> Matrix {
  net.sensitivityPass(x, loss: nil, kind: .gram).result
}

/// Λ_n^{1/2}-weighted rows: returns, for each sample, the C×C matrix L with Λ = L Lᵀ (nil when Λ = I).
func fisherRoots(head: Matrix, samples: Int, weight: (ArraySlice<Double>) -> Matrix) -> [Matrix]? {
  let c = head.cols
  var roots: [Matrix] = []
  var allIdentity = true
  for n in 0..<samples {
    let row = n * c
    let lam = weight(head.data[(row * c)..<(row * c + c)])
    if lam != Matrix.identity(c) { allIdentity = false }
    guard let e = BLAS.symmetricEigen(lam, vectors: true), let u = e.vectors else {
      roots.append(Matrix(rows: c, cols: c))
      continue
    }
    var l = Matrix(rows: c, cols: c)
    for i in 0..<c { for j in 0..<c { l[i, j] = u[i, j] * max(0, e.values[j]).squareRoot() } }
    roots.append(l)
  }
  return allIdentity ? nil : roots
}

/// Rows of M (R×·) replaced per sample by Lᵀ M_n, scaled by `factor`.
func weightRows(_ m: Matrix, roots: [Matrix]?, c: Int, factor: Double) -> Matrix {
  var out = Matrix(rows: m.rows, cols: m.cols)
  let cols = m.cols
  for n in 0..<(m.rows / max(1, c)) {
    for a in 0..<c {
      for o in 0..<c {
        let w = roots.map { $0[n][o, a] } ?? (o == a ? 1 : 0)
        if w == 0 { continue }
        for j in 0..<cols { out.data[(n * c + a) * cols + j] += factor * w * m.data[(n * c + o) * cols + j] }
      }
    }
  }
  return out
}

/// What `weightRows(weightRows(k, nil).transposed, nil)` computes when Λ = I, in one pass and one matrix:
/// entry (i, j) is 0 + f·(0 + f·k_ji), the same operations (so the same bits, signed zeros included).
func scaledTwice(_ k: Matrix, _ f: Double) -> Matrix {
  var out = Matrix(rows: k.cols, cols: k.rows)
  let rows = k.rows
  let cols = k.cols
  k.data.withUnsafeBufferPointer { kp in
    out.data.withUnsafeMutableBufferPointer { op in
      for i in 0..<cols {
        for j in 0..<rows { op[i * rows + j] = 0 + f * (0 + f * kp[j * cols + i]) }
      }
    }
  }
  return out
}

/// The Fisher information (1/N) Σ_n J_nᵀ Λ_n J_n (P×P), Λ from the loss: I for mse and hinge, the softmax
/// covariance for cross-entropy, σ(1 − σ) for logistic (Karakida, Akaho & Amari 2019).
public func fisherMatrix(_ net: Network, x: Matrix, loss: Loss) -> Matrix {
  let (j, head) = net.sensitivityPass(x, loss: loss, kind: .jacobian)
  let c = net.spec.outputFeatures
  let roots = fisherRoots(head: head, samples: x.rows, weight: loss.fisherWeight)
  let jh = weightRows(j, roots: roots, c: c, factor: 1 / Double(max(1, x.rows)).squareRoot())
  return BLAS.matmul(jh, transA: true, jh)
}

/// All P eigenvalues of the Fisher information, descending: `fisherEigenvalues` padded with its zeros.
public func fisherSpectrum(_ net: Network, x: Matrix, loss: Loss) -> [Double] {
  let (values, zeros) = fisherEigenvalues(net, x: x, loss: loss)
  return values + [Double](repeating: 0, count: zeros)
}

/// The eigenvalues of the Fisher information (descending, clamped at 0) computed from the smaller of the
/// P×P matrix and the (N·C)×(N·C) Gram form (1/N) L̂ᵀ J Jᵀ L̂ (the latter from the layer-wise `ntkGram`,
/// never forming J), and how many zeros the Gram form lacks to make P.
public func fisherEigenvalues(_ net: Network, x: Matrix, loss: Loss) -> (values: [Double], zeros: Int) {
  let p = net.parameterCount
  let c = net.spec.outputFeatures
  let r = x.rows * c
  var values: [Double]
  if r < p {
    let (k, head) = net.sensitivityPass(x, loss: loss, kind: .gram)
    let roots = fisherRoots(head: head, samples: x.rows, weight: loss.fisherWeight)
    // K̂ = (1/N) Lᵀ K L: weight the rows, then (by symmetry) the columns.
    let factor = 1 / Double(max(1, x.rows)).squareRoot()
    let kh: Matrix
    if roots == nil {
      kh = scaledTwice(k, factor)
    } else {
      let half = weightRows(k, roots: roots, c: c, factor: factor)
      kh = weightRows(half.transposed, roots: roots, c: c, factor: factor)
    }
    values = BLAS.symmetricEigen(kh)?.values ?? []
  } else {
    values = BLAS.symmetricEigen(fisherMatrix(net, x: x, loss: loss))?.values ?? []
  }
  values = values.map { max(0, $0) }.sorted(by: >)
  return (values, max(0, p - values.count))
}

/// λmax of the Fisher information on inputs x (for `lr: auto` = 1/λmax, below the 2/λmax stability bound).
public func fisherMaxEigenvalue(_ net: Network, x: Matrix, loss: Loss) -> Double {
  fisherEigenvalues(net, x: x, loss: loss).values.first ?? 0
}
