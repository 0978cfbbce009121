/// A dense layer over an algebra of dimension k: n input units → m output units,
/// y_o = σ(s · Σ_u w_{uo} x_u + b_o) with the algebra product w x, i.e. (w x)_c = Σ_ij C_ijc w_i x_j.
///
/// Forward is ONE real GEMM with the real-equivalent block matrix M = Σ_i A_i ⊗ W_i (A_i the
/// left-multiplication matrix of e_i; row u·k+j, column o·k+c of M is Σ_i C_ijc w_{uo,i}); the gradient
/// of M folds back to ∂L/∂w_{uo,i} = Σ_j C_ijc (Xᵀ G)_{u·k+j, o·k+c} — valid for non-associative algebras
/// too since only the bilinear product is used (SPEC §4.1). On ℝ without augmentation M is the weight
/// matrix itself, so the real path is plain GEMM with no copies.
///
/// `augmented` is the widely linear layer y = W z + V z̄ with z̄ the standard conjugate (Nitta, seed 000;
/// Mandic & Goh, *Complex Valued Nonlinear Adaptive Filters*, 2009): on ℂ it is every real-linear map.
///
/// Parameter layout (flat, in this order): W as w[(u·m + o)·k + i], then V (augmented only) in the same
/// layout, then the bias b[o·k + c] (if present).
final class Dense: Layer {
  let n: Int
  let m: Int
  let k: Int
  let activation: Activation
  let hasBias: Bool
  let frozen: Bool
  let augmented: Bool
  /// Forward multiplier s of the parametrization.
  let scale: Double
  let initializer: Initializer
  let algebra: Algebra
  /// When set (by the network for a fused loss) backward starts from ∂L/∂z instead of ∂L/∂a.
  var skipActivation = false
  /// Real features per unit seen by unit-wise activations: k, except in a realified net (see `realify`).
  var activationGroup: Int

  private let productIndex: [Int]
  private let productSign: [Double]

  var inFeatures: Int { n * k }
  var outFeatures: Int { m * k }
  var weightCount: Int { n * m * k }
  var parameterCount: Int { weightCount * (augmented ? 2 : 1) + (hasBias ? m * k : 0) }
  var biasOffset: Int { weightCount * (augmented ? 2 : 1) }
  var isPlainReal: Bool { k == 1 && !augmented }

  private(set) var z = Matrix(rows: 0, cols: 0)
  private(set) var output = Matrix(rows: 0, cols: 0)
  private(set) var gradInput = Matrix(rows: 0, cols: 0)
  private var dz = Matrix(rows: 0, cols: 0)
  private var block = Matrix(rows: 0, cols: 0)
  private var gBlock = Matrix(rows: 0, cols: 0)

  init(
    n: Int, m: Int, algebra: Algebra, activation: Activation, bias: Bool, fixed: Bool, augmented: Bool, scale: Double,
    initializer: Initializer
  ) {
    self.n = n
    self.m = m
    self.k = algebra.dimension
    self.activationGroup = algebra.dimension
    self.algebra = algebra
    self.activation = activation
    self.hasBias = bias
    self.frozen = fixed
    self.augmented = augmented
    self.scale = scale
    self.initializer = initializer
    productIndex = algebra.table.flatMap { $0.map(\.index) }
    productSign = algebra.table.flatMap { $0.map { Double($0.sign) } }
  }

  func initialize(_ p: UnsafeMutablePointer<Double>, rng: inout RandomSource) throws {
    let divisor = initializer.describesEffectiveWeights ? scale : 1
    let w = try initializer.weights(n: n, m: m, algebra: algebra, rng: &rng)
    for e in 0..<weightCount { p[e] = w[e] / divisor }
    if augmented {
      // V starts at zero-mean with the same law; a widely linear layer then starts as a random real-linear map.
      var r2 = rng.fork("augmented")
      let v = try initializer.weights(n: n, m: m, algebra: algebra, rng: &r2)
      for e in 0..<weightCount { p[weightCount + e] = v[e] / divisor }
    }
    if hasBias { for c in 0..<(m * k) { p[biasOffset + c] = initializer.biasValue } }
  }

  /// Fills the real-equivalent block matrix M (n·k × m·k) from W (and V).
  private func buildBlock(_ p: UnsafePointer<Double>) {
    block.reshape(inFeatures, outFeatures)
    fillBlock(p, into: &block)
  }

  /// Writes M (n·k × m·k) of the weights at `p` into `b` (already inF × outF): row u·k+j, column o·k+c
  /// holds Σ_i C_ijc (w_{uo,i} ± v_{uo,i}), the sign that of the conjugate on j. Shared by training and
  /// the tangent pass (which passes its own matrices, so no buffer is shared).
  func fillBlock(_ p: UnsafePointer<Double>, into b: inout Matrix) {
    let outF = outFeatures
    b.data.withUnsafeMutableBufferPointer { b in
      for e in 0..<b.count { b[e] = 0 }
      for u in 0..<n {
        for o in 0..<m {
          for i in 0..<k {
            let w = p[(u * m + o) * k + i]
            let v = augmented ? p[weightCount + (u * m + o) * k + i] : 0
            for j in 0..<k {
              let s = productSign[i * k + j]
              if s == 0 { continue }
              let conj: Double = j == 0 ? 1 : -1
              b[(u * k + j) * outF + o * k + productIndex[i * k + j]] += s * (w + conj * v)
            }
          }
        }
      }
    }
  }

  /// The real-equivalent block matrix for the current parameters (used by `realify`).
  func realMatrix(_ p: UnsafePointer<Double>) -> Matrix {
    if isPlainReal { return Matrix(rows: n, cols: m, data: Array(UnsafeBufferPointer(start: p, count: n * m))) }
    buildBlock(p)
    return block
  }

  func forward(_ x: Matrix, _ p: UnsafePointer<Double>, training: Bool, rng: inout RandomSource) {
    let rows = x.rows
    let inF = inFeatures
    let outF = outFeatures
    z.reshape(rows, outF)
    output.reshape(rows, outF)
    if !isPlainReal { buildBlock(p) }
    // The bias rows go into z first and GEMM adds x·M onto them (beta = 1): no separate pass over z and
    // no zeroing of C inside OpenBLAS, which together were ~10% of a small net's training step.
    let beta: Double = hasBias ? 1 : 0
    x.data.withUnsafeBufferPointer { xp in
      z.data.withUnsafeMutableBufferPointer { zp in
        if hasBias && rows > 0 {
          // One row from the bias, then doubling copies: log₂(rows) memcpy calls instead of one per row.
          let zb = zp.baseAddress!
          zb.update(from: p + biasOffset, count: outF)
          var filled = 1
          while filled < rows {
            let n = min(filled, rows - filled)
            (zb + filled * outF).update(from: zb, count: n * outF)
            filled += n
          }
        }
        if isPlainReal {
          BLAS.gemm(
            transA: false, transB: false, m: rows, n: outF, k: inF, alpha: scale, a: xp.baseAddress!, lda: inF, b: p,
            ldb: outF, beta: beta, c: zp.baseAddress!, ldc: outF)
        } else {
          block.data.withUnsafeBufferPointer { bp in
            BLAS.gemm(
              transA: false, transB: false, m: rows, n: outF, k: inF, alpha: scale, a: xp.baseAddress!, lda: inF,
              b: bp.baseAddress!, ldb: outF, beta: beta, c: zp.baseAddress!, ldc: outF)
          }
        }
      }
    }
    z.data.withUnsafeBufferPointer { zp in
      output.data.withUnsafeMutableBufferPointer { ap in
        activation.forward(zp, ap, rows: rows, cols: outF, k: activationGroup)
      }
    }
  }

  func backward(
    _ g: Matrix, input x: Matrix, _ p: UnsafePointer<Double>, offset: Int, sink: GradientSink, needInput: Bool
  ) {
    let rows = x.rows
    let outF = outFeatures
    let inF = inFeatures
    dz.reshape(rows, outF)
    g.data.withUnsafeBufferPointer { gp in
      dz.data.withUnsafeMutableBufferPointer { dp in
        if skipActivation {
          for e in 0..<gp.count { dp[e] = gp[e] }
        } else {
          z.data.withUnsafeBufferPointer { zp in
            output.data.withUnsafeBufferPointer { ap in
              activation.backward(zp, ap, gp, dp, rows: rows, cols: outF, k: activationGroup)
            }
          }
        }
      }
    }
    if !frozen {
      if sink.captures != nil { sink.captures!.append((offset, self, x, dz)) }
      switch sink.kind {
      case .sum: accumulateSum(x, offset: offset, sink: sink)
      case .jacobian: accumulateJacobian(x, offset: offset, sink: sink)
      case .gram: accumulateGram(x, sink: sink)
      }
    }
    guard needInput else { return }
    gradInput.reshape(rows, inF)
    if !isPlainReal { buildBlock(p) }
    dz.data.withUnsafeBufferPointer { dp in
      gradInput.data.withUnsafeMutableBufferPointer { gi in
        if isPlainReal {
          BLAS.gemm(
            transA: false, transB: true, m: rows, n: inF, k: outF, alpha: scale, a: dp.baseAddress!, lda: outF, b: p,
            ldb: outF, beta: 0, c: gi.baseAddress!, ldc: inF)
        } else {
          block.data.withUnsafeBufferPointer { bp in
            BLAS.gemm(
              transA: false, transB: true, m: rows, n: inF, k: outF, alpha: scale, a: dp.baseAddress!, lda: outF,
              b: bp.baseAddress!, ldb: outF, beta: 0, c: gi.baseAddress!, ldc: inF)
          }
        }
      }
    }
  }

  /// grad += ∂L/∂θ summed over the batch.
  private func accumulateSum(_ x: Matrix, offset: Int, sink: GradientSink) {
    let rows = x.rows
    let outF = outFeatures
    let inF = inFeatures
    sink.grad.withUnsafeMutableBufferPointer { gradBuf in
      let grad = gradBuf.baseAddress! + offset
      x.data.withUnsafeBufferPointer { xp in
        dz.data.withUnsafeBufferPointer { dp in
          if isPlainReal {
            BLAS.gemm(
              transA: true, transB: false, m: inF, n: outF, k: rows, alpha: scale, a: xp.baseAddress!, lda: inF,
              b: dp.baseAddress!, ldb: outF, beta: 1, c: grad, ldc: outF)
          } else {
            gBlock.reshape(inF, outF)
            gBlock.data.withUnsafeMutableBufferPointer { gb in
              BLAS.gemm(
                transA: true, transB: false, m: inF, n: outF, k: rows, alpha: scale, a: xp.baseAddress!, lda: inF,
                b: dp.baseAddress!, ldb: outF, beta: 0, c: gb.baseAddress!, ldc: outF)
              foldBlockGradient(UnsafePointer(gb.baseAddress!), into: grad)
            }
          }
          if hasBias { Self.addColumnSums(dp.baseAddress!, rows: rows, cols: outF, into: grad + biasOffset) }
        }
      }
    }
  }

  /// s[c] += Σ_r d[r, c] (rows `stride` apart, `cols` by default), each column summed in row order (the
  /// order of a row-by-row loop, so the bits match it) but many columns at a time in registers, for the
  /// training step's and the Hessian products' bias gradients. Each column's sum is a chain of dependent
  /// additions, so a pass over the rows costs rows × the addition's latency whatever it carries: a pass
  /// takes 32 columns (four chains of eight), and the last fewer than 32 go eight, four, two and one at a
  /// time — 12 columns in two passes, not five (the row-by-row loop through memory was 12% of a small
  /// net's training step, the one-column tail loop 6% of W0's).
  static func addColumnSums(
    _ d: UnsafePointer<Double>, rows: Int, cols: Int, stride: Int? = nil, into s: UnsafeMutablePointer<Double>
  ) {
    let stride = stride ?? cols
    typealias V8 = SIMD8<Double>
    func load8(_ p: UnsafePointer<Double>) -> V8 { UnsafeRawPointer(p).loadUnaligned(as: V8.self) }
    func store8(_ v: V8, _ p: UnsafeMutablePointer<Double>) {
      UnsafeMutableRawPointer(p).storeBytes(of: v, as: V8.self)
    }
    var c = 0
    while c + 32 <= cols {
      var (a0, a1, a2, a3) = (load8(s + c), load8(s + c + 8), load8(s + c + 16), load8(s + c + 24))
      for r in 0..<rows {
        let row = d + r * stride + c
        a0 += load8(row)
        a1 += load8(row + 8)
        a2 += load8(row + 16)
        a3 += load8(row + 24)
      }
      store8(a0, s + c)
      store8(a1, s + c + 8)
      store8(a2, s + c + 16)
      store8(a3, s + c + 24)
      c += 32
    }
    while c + 8 <= cols {
      var a = load8(s + c)
      for r in 0..<rows { a += load8(d + r * stride + c) }
      store8(a, s + c)
      c += 8
    }
    let rest = cols - c
    guard rest > 0 else { return }
    // Fewer than eight columns: four, two and one of them side by side in one pass.
    let (c4, c2, c1) = (c, c + (rest & 4), c + (rest & 6))
    var a4 = SIMD4<Double>(repeating: 0)
    var a2 = SIMD2<Double>(repeating: 0)
    var a1 = 0.0
    if rest & 4 != 0 { a4 = UnsafeRawPointer(s + c4).loadUnaligned(as: SIMD4<Double>.self) }
    if rest & 2 != 0 { a2 = UnsafeRawPointer(s + c2).loadUnaligned(as: SIMD2<Double>.self) }
    if rest & 1 != 0 { a1 = s[c1] }
    for r in 0..<rows {
      let row = d + r * stride
      if rest & 4 != 0 { a4 += UnsafeRawPointer(row + c4).loadUnaligned(as: SIMD4<Double>.self) }
      if rest & 2 != 0 { a2 += UnsafeRawPointer(row + c2).loadUnaligned(as: SIMD2<Double>.self) }
      if rest & 1 != 0 { a1 += row[c1] }
    }
    if rest & 4 != 0 { UnsafeMutableRawPointer(s + c4).storeBytes(of: a4, as: SIMD4<Double>.self) }
    if rest & 2 != 0 { UnsafeMutableRawPointer(s + c2).storeBytes(of: a2, as: SIMD2<Double>.self) }
    if rest & 1 != 0 { s[c1] = a1 }
  }

  /// ∂L/∂w_{uo,i} += Σ_j C_ijc G[u·k+j, o·k+c] (and the conjugated sum for V).
  func foldBlockGradient(_ gb: UnsafePointer<Double>, into grad: UnsafeMutablePointer<Double>) {
    let outF = outFeatures
    for u in 0..<n {
      for o in 0..<m {
        for i in 0..<k {
          var sw = 0.0
          var sv = 0.0
          for j in 0..<k {
            let s = productSign[i * k + j]
            if s == 0 { continue }
            let v = s * gb[(u * k + j) * outF + o * k + productIndex[i * k + j]]
            sw += v
            sv += j == 0 ? v : -v
          }
          grad[(u * m + o) * k + i] += sw
          if augmented { grad[weightCount + (u * m + o) * k + i] += sv }
        }
      }
    }
  }

  /// Row r of the Jacobian: the parameter gradient of row r alone.
  private func accumulateJacobian(_ x: Matrix, offset: Int, sink: GradientSink) {
    let rows = x.rows
    let outF = outFeatures
    let inF = inFeatures
    let pc = sink.matrix.cols
    sink.matrix.data.withUnsafeMutableBufferPointer { jb in
      x.data.withUnsafeBufferPointer { xp in
        dz.data.withUnsafeBufferPointer { dp in
          for r in 0..<rows {
            let jr = jb.baseAddress! + r * pc + offset
            let xr = xp.baseAddress! + r * inF
            let dr = dp.baseAddress! + r * outF
            for u in 0..<n {
              for o in 0..<m {
                for i in 0..<k {
                  var sw = 0.0
                  var sv = 0.0
                  for j in 0..<k {
                    let s = productSign[i * k + j]
                    if s == 0 { continue }
                    let v = s * xr[u * k + j] * dr[o * k + productIndex[i * k + j]]
                    sw += v
                    sv += j == 0 ? v : -v
                  }
                  jr[(u * m + o) * k + i] += scale * sw
                  if augmented { jr[weightCount + (u * m + o) * k + i] += scale * sv }
                }
              }
            }
            if hasBias { for c in 0..<outF { jr[biasOffset + c] += dr[c] } }
          }
        }
      }
    }
  }

  /// K += Σ_i Σ_jj' C_ij C_ij' (X_j X_j'ᵀ) ∘ (D_c D_c'ᵀ) · s² (+ the V term) + Σ_c D_c D_cᵀ (bias), where X_j
  /// (R×n) and D_c (R×m) are the component-j inputs and component-c output sensitivities of the rows.
  private func accumulateGram(_ x: Matrix, sink: GradientSink) {
    let rows = x.rows
    if k == 1 { return accumulateRealGram(x, sink: sink) }
    let xc = (0..<k).map { j in componentSlice(x, j, units: n) }
    let dc = (0..<k).map { c in componentSlice(dz, c, units: m) }
    var dg = [Matrix?](repeating: nil, count: k * k)
    func dGram(_ c: Int, _ c2: Int) -> Matrix {
      if let d = dg[c * k + c2] { return d }
      let d = c == c2 ? BLAS.gram(dc[c]) : BLAS.matmul(dc[c], dc[c2], transB: true)
      dg[c * k + c2] = d
      return d
    }
    let s2 = scale * scale
    sink.matrix.data.withUnsafeMutableBufferPointer { kb in
      for j in 0..<k {
        for j2 in 0..<k {
          let conjFactor = augmented ? 1 + (j == 0 ? 1.0 : -1.0) * (j2 == 0 ? 1.0 : -1.0) : 1
          if conjFactor == 0 { continue }
          var xg: Matrix? = nil
          for i in 0..<k {
            let s = productSign[i * k + j] * productSign[i * k + j2]
            if s == 0 { continue }
            if xg == nil { xg = j == j2 ? BLAS.gram(xc[j]) : BLAS.matmul(xc[j], xc[j2], transB: true) }
            let d = dGram(productIndex[i * k + j], productIndex[i * k + j2])
            let f = s * s2 * conjFactor
            xg!.data.withUnsafeBufferPointer { xp in
              d.data.withUnsafeBufferPointer { dp in
                for e in 0..<(rows * rows) { kb[e] += f * xp[e] * dp[e] }
              }
            }
          }
        }
      }
      if hasBias {
        for c in 0..<k {
          let d = dGram(c, c)
          for e in 0..<(rows * rows) { kb[e] += d.data[e] }
        }
      }
    }
  }

  /// `accumulateGram` on a one-dimensional algebra: K += f (X Xᵀ) ∘ (D Dᵀ) (+ D Dᵀ for the bias) in one pass,
  /// the two Grams in the sink's reused workspaces. f and the order of the additions are the general
  /// path's (the product term, then the bias term), so the bits are the same.
  private func accumulateRealGram(_ x: Matrix, sink: GradientSink) {
    let s = productSign[0] * productSign[0]
    let conjFactor: Double = augmented ? 2 : 1
    if s == 0 && !hasBias { return }
    let f = s * (scale * scale) * conjFactor
    let upper = sink.gramUpperOnly
    BLAS.gram(dz, into: &sink.gramSensitivities, upperOnly: upper)
    if s != 0 { BLAS.gram(x, into: &sink.gramInputs, upperOnly: upper) }
    let n = x.rows
    let bias = hasBias
    sink.matrix.data.withUnsafeMutableBufferPointer { kb in
      sink.gramSensitivities.data.withUnsafeBufferPointer { dp in
        // Row i's entries from column i on (upper) or from column 0.
        for i in 0..<n {
          let entries = (i * n + (upper ? i : 0))..<(i * n + n)
          if s == 0 {
            for e in entries { kb[e] += dp[e] }
            continue
          }
          sink.gramInputs.data.withUnsafeBufferPointer { xp in
            if bias {
              for e in entries { kb[e] = (kb[e] + f * xp[e] * dp[e]) + dp[e] }
            } else {
              for e in entries { kb[e] += f * xp[e] * dp[e] }
            }
          }
        }
      }
    }
  }

  /// The R×units matrix of component c of each unit.
  private func componentSlice(_ a: Matrix, _ c: Int, units: Int) -> Matrix {
    if k == 1 { return a }
    var s = Matrix(rows: a.rows, cols: units)
    for r in 0..<a.rows {
      for u in 0..<units { s.data[r * units + u] = a.data[r * units * k + u * k + c] }
    }
    return s
  }
}

// MARK: The row-parallel training step (`Network.computeGradient`)

/// A dense layer's buffers for one phase of a row-parallel step, as raw pointers valid inside
/// `Dense.withRowBuffers`, so that the two halves of the rows can fill them at the same time (no array
/// is resized or copied in between: `Dense.prepareRows` shapes them first).
struct DenseRows: @unchecked Sendable {
  let z: UnsafeMutablePointer<Double>
  let a: UnsafeMutablePointer<Double>
  let dz: UnsafeMutablePointer<Double>
  /// nil when the layer's input gradient is not needed (the first layer).
  let gradInput: UnsafeMutablePointer<Double>?
  /// The block matrix M of a non-real layer (built once, before the halves run), nil on ℝ.
  let block: UnsafePointer<Double>?
}

extension Dense {
  /// Shapes z, a, ∂L/∂z and (when `needInput`) ∂L/∂x for `rows` rows and builds M once, before the
  /// halves run.
  func prepareRows(rows: Int, needInput: Bool, _ p: UnsafePointer<Double>) {
    z.reshape(rows, outFeatures)
    output.reshape(rows, outFeatures)
    dz.reshape(rows, outFeatures)
    if needInput { gradInput.reshape(rows, inFeatures) }
    if !isPlainReal { buildBlock(p) }
  }

  /// Calls body with the addresses of the buffers `prepareRows` shaped, valid for the call.
  func withRowBuffers<R>(needInput: Bool, _ body: (DenseRows) -> R) -> R {
    z.data.withUnsafeMutableBufferPointer { z in
      output.data.withUnsafeMutableBufferPointer { a in
        dz.data.withUnsafeMutableBufferPointer { dz in
          gradInput.data.withUnsafeMutableBufferPointer { gi in
            block.data.withUnsafeBufferPointer { m in
              body(
                DenseRows(
                  z: z.baseAddress!, a: a.baseAddress!, dz: dz.baseAddress!,
                  gradInput: needInput ? gi.baseAddress : nil,
                  block: isPlainReal ? nil : m.baseAddress))
            }
          }
        }
      }
    }
  }

  /// Rows r of `forward`: z = bias rows + s·x·M, a = σ(z), with `forward`'s operations (a GEMM over a
  /// row range gives each row the bits of the whole product; σ is row-local).
  func forwardRows(_ x: UnsafePointer<Double>, _ p: UnsafePointer<Double>, _ b: DenseRows, _ r: Range<Int>) {
    let (inF, outF) = (inFeatures, outFeatures)
    let z = b.z + r.lowerBound * outF
    if hasBias {
      for row in 0..<r.count { (z + row * outF).update(from: p + biasOffset, count: outF) }
    }
    BLAS.gemm(
      transA: false, transB: false, m: r.count, n: outF, k: inF, alpha: scale, a: x + r.lowerBound * inF, lda: inF,
      b: b.block ?? p, ldb: outF, beta: hasBias ? 1 : 0, c: z, ldc: outF, split: false)
    let part = r.count * outF
    activation.forward(
      UnsafeBufferPointer(start: z, count: part),
      UnsafeMutableBufferPointer(start: b.a + r.lowerBound * outF, count: part), rows: r.count, cols: outF,
      k: activationGroup)
  }

  /// Rows r of `backward`'s row-local part: ∂L/∂z from g (the rows of ∂L/∂a, or of ∂L/∂z when the loss
  /// is fused), then those rows of ∂L/∂x. The parameter gradient, a sum over all rows, is
  /// `accumulateSum`'s, after both halves.
  func backwardRows(_ g: UnsafePointer<Double>, _ p: UnsafePointer<Double>, _ b: DenseRows, _ r: Range<Int>) {
    let (inF, outF) = (inFeatures, outFeatures)
    let start = r.lowerBound * outF
    let part = r.count * outF
    let dz = b.dz + start
    if skipActivation {
      for e in 0..<part { dz[e] = g[start + e] }
    } else {
      activation.backward(
        UnsafeBufferPointer(start: b.z + start, count: part), UnsafeBufferPointer(start: b.a + start, count: part),
        UnsafeBufferPointer(start: g + start, count: part), UnsafeMutableBufferPointer(start: dz, count: part),
        rows: r.count, cols: outF, k: activationGroup)
    }
    guard let gradInput = b.gradInput else { return }
    BLAS.gemm(
      transA: false, transB: true, m: r.count, n: inF, k: outF, alpha: scale, a: dz, lda: outF, b: b.block ?? p,
      ldb: outF, beta: 0, c: gradInput + r.lowerBound * inF, ldc: inF, split: false)
  }

  /// `backward`'s parameter gradient from the ∂L/∂z that `backwardRows` left (frozen layers add nothing).
  func accumulateRows(_ x: Matrix, offset: Int, sink: GradientSink) {
    if !frozen { accumulateSum(x, offset: offset, sink: sink) }
  }
}
