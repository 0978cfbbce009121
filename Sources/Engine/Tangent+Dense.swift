/// The R-operator of a dense layer z = s · x M(θ) + b, a = σ(z), over any algebra. M(θ) = Σ_i A_i ⊗ W_i
/// (+ the conjugated V of `augmented`) is linear in the weights, so R{M} = M(v) and
///
///     ż = s (ẋ M + x M(v)) + v_b,                       ȧ = σ'(z)[ż]
///     R{g_z} = σ'(z)ᵀ R{g_a} + (σ''(z)[ż])ᵀ g_a
///     R{∂W}  = fold(s (ẋᵀ g_z + xᵀ R{g_z})),           R{∂b} = Σ_rows R{g_z}
///     R{g_x} = s (R{g_z} Mᵀ + g_z M(v)ᵀ)
///
/// every product a GEMM of the forward pass's shapes over the whole batch (Pearlmutter 1994, §3).
extension Dense: TangentLayer {
  func forwardTangent(
    _ x: TangentPair, _ p: UnsafePointer<Double>, _ v: UnsafePointer<Double>, tape: TangentTape
  ) -> TangentPair {
    if !isPlainReal { tape.blocks = [tangentBlock(p), tangentBlock(v)] }
    let outF = outFeatures
    var z = Matrix(rows: x.value.rows, cols: outF)
    var dz = z
    withTangentBlocks(tape, p, v) { mb, vb in
      Self.gemm(x.value, mb, transB: false, n: outF, ldb: outF, alpha: scale, beta: 0, into: &z)
      Self.gemm(x.tangent, mb, transB: false, n: outF, ldb: outF, alpha: scale, beta: 0, into: &dz)
      Self.gemm(x.value, vb, transB: false, n: outF, ldb: outF, alpha: scale, beta: 1, into: &dz)
    }
    if hasBias {
      for r in 0..<z.rows {
        for c in 0..<outF {
          z.data[r * outF + c] += p[biasOffset + c]
          dz.data[r * outF + c] += v[biasOffset + c]
        }
      }
    }
    let pre = TangentPair(value: z, tangent: dz)
    let post = activation.tangentForward(pre, k: activationGroup)
    tape.pre = pre
    tape.post = post
    return post
  }

  func backwardTangent(
    _ g: TangentPair, input x: TangentPair, _ p: UnsafePointer<Double>, _ v: UnsafePointer<Double>,
    tape: TangentTape, into acc: TangentAccumulator, needInput: Bool
  ) -> TangentPair {
    let gz = tape.fusedHead ? g : activation.tangentBackward(tape.pre, tape.post, g, k: activationGroup)
    if !frozen { accumulateTangent(gz, input: x, into: acc) }
    guard needInput else { return .constant(Matrix(rows: 0, cols: 0)) }
    let inF = inFeatures
    let outF = outFeatures
    var gx = Matrix(rows: gz.value.rows, cols: inF)
    var rgx = gx
    withTangentBlocks(tape, p, v) { mb, vb in
      Self.gemm(gz.value, mb, transB: true, n: inF, ldb: outF, alpha: scale, beta: 0, into: &gx)
      Self.gemm(gz.tangent, mb, transB: true, n: inF, ldb: outF, alpha: scale, beta: 0, into: &rgx)
      Self.gemm(gz.value, vb, transB: true, n: inF, ldb: outF, alpha: scale, beta: 1, into: &rgx)
    }
    return TangentPair(value: gx, tangent: rgx)
  }

  /// M(θ) and M(v) as row-major in×out buffers: on ℝ without augmentation W itself, read in place from the
  /// parameters and the direction (no copies per H·v), else the blocks `forwardTangent` built on the tape.
  private func withTangentBlocks(
    _ tape: TangentTape, _ p: UnsafePointer<Double>, _ v: UnsafePointer<Double>,
    _ body: (UnsafePointer<Double>, UnsafePointer<Double>) -> Void
  ) {
    if isPlainReal { return body(p, v) }
    tape.blocks[0].data.withUnsafeBufferPointer { mb in
      tape.blocks[1].data.withUnsafeBufferPointer { vb in body(mb.baseAddress!, vb.baseAddress!) }
    }
  }

  /// C = alpha · A · op(B) + beta · C with B a raw row-major buffer (leading dimension `ldb`, n columns of
  /// op(B)): the same `cblas_dgemm` call as `BLAS.gemm` of matrices, so the same bits.
  private static func gemm(
    _ a: Matrix, _ b: UnsafePointer<Double>, transB: Bool, n: Int, ldb: Int, alpha: Double, beta: Double,
    into c: inout Matrix
  ) {
    precondition(c.rows == a.rows && c.cols == n, "gemm shape mismatch")
    a.data.withUnsafeBufferPointer { pa in
      c.data.withUnsafeMutableBufferPointer { pc in
        BLAS.gemm(
          transA: false, transB: transB, m: a.rows, n: n, k: a.cols, alpha: alpha, a: pa.baseAddress!, lda: a.cols,
          b: b, ldb: ldb, beta: beta, c: pc.baseAddress!, ldc: n)
      }
    }
  }

  /// ∂L/∂θ = fold(s xᵀ g_z), Σ g_z and their R{·}.
  private func accumulateTangent(_ gz: TangentPair, input x: TangentPair, into acc: TangentAccumulator) {
    var hb = Matrix(rows: inFeatures, cols: outFeatures)
    if acc.wantsGradient {
      var gb = hb
      BLAS.gemm(x.value, transA: true, gz.value, alpha: scale, into: &gb)
      foldTangentBlock(gb, into: acc.gradient)
    }
    BLAS.gemm(x.tangent, transA: true, gz.value, alpha: scale, into: &hb)
    BLAS.gemm(x.value, transA: true, gz.tangent, alpha: scale, beta: 1, into: &hb)
    foldTangentBlock(hb, into: acc.hessianVector)
    guard hasBias else { return }
    let outF = outFeatures
    for r in 0..<gz.value.rows {
      for c in 0..<outF {
        if acc.wantsGradient { acc.gradient[biasOffset + c] += gz.value.data[r * outF + c] }
        acc.hessianVector[biasOffset + c] += gz.tangent.data[r * outF + c]
      }
    }
  }

  /// The real-equivalent block matrix M of the weights at `p` (W, then V when augmented), in a fresh
  /// matrix so the tangent pass shares no buffer with training.
  func tangentBlock(_ p: UnsafePointer<Double>) -> Matrix {
    // On ℝ without augmentation M is W itself: a copy instead of zeroing and the product-table loop.
    if isPlainReal { return Matrix(rows: n, cols: m, data: Array(UnsafeBufferPointer(start: p, count: n * m))) }
    var b = Matrix(rows: inFeatures, cols: outFeatures)
    fillBlock(p, into: &b)
    return b
  }

  /// The adjoint of `tangentBlock`: ∂/∂w_{uo,i} += Σ_j C_ijc B[u·k+j, o·k+c] (and the conjugated sum for V).
  func foldTangentBlock(_ gb: Matrix, into grad: UnsafeMutablePointer<Double>) {
    gb.data.withUnsafeBufferPointer { b in
      if isPlainReal {
        for e in 0..<b.count { grad[e] += b[e] }
      } else {
        foldBlockGradient(b.baseAddress!, into: grad)
      }
    }
  }
}
