import Foundation

extension Loss {
  /// R{∂L/∂f} = ∇²_f L · ḟ: the loss's Hessian with respect to the outputs f (N×C) applied to the output
  /// tangent ḟ, consistent with `gradient(_:_:)` (the same 1/(N·C) or 1/N normalisation):
  /// - `mse`: 2 ḟ/(N·C);
  /// - `logistic` (and one-output `crossEntropy`): σ(f)(1 − σ(f)) ḟ/(N·C);
  /// - `crossEntropy` with C > 1 (softmax p of the logits): (p ∘ ḟ − p ⟨p, ḟ⟩)/N per sample;
  /// - `hinge`: 0 (piecewise linear; its second derivative vanishes away from the margin).
  ///
  /// `Loss.mse.hessianVector(f, Matrix([[1]]), y)` is [[2]] for one sample and one output.
  func hessianVector(_ out: Matrix, _ dOut: Matrix, _ y: Matrix) -> Matrix {
    var r = Matrix(rows: out.rows, cols: out.cols)
    guard out.rows > 0, out.cols > 0 else { return r }
    let curvature = LossCurvature(self, at: out)
    dOut.data.withUnsafeBufferPointer { d in
      r.data.withUnsafeMutableBufferPointer { curvature.apply(d.baseAddress!, into: $0.baseAddress!) }
    }
    return r
  }
}

/// ∇²_f L at fixed outputs f (N×C), kept to apply to many tangents: `Loss.hessianVector` builds one per
/// call, the cached Hessian-vector operator one per θ. What depends on f alone — σ(f)(1 − σ(f)), 2 or 0
/// per entry, or the softmax rows — is worked out here once; `apply` does the rest in the same
/// operations and order, so the two give the same bits.
struct LossCurvature {
  let rows: Int
  let cols: Int
  /// Softmax cross-entropy over C > 1 logits: `weights` holds the probabilities p, row by row.
  let softmax: Bool
  /// Per entry: the curvature (entrywise losses) or p (softmax), N×C row-major.
  let weights: [Double]

  init(_ loss: Loss, at out: Matrix) {
    rows = out.rows
    cols = out.cols
    softmax = loss == .crossEntropy && out.cols > 1
    if softmax {
      var w: [Double] = []
      w.reserveCapacity(out.count)
      for row in 0..<out.rows {
        let base = row * out.cols
        w += Softmax.row(out.data[base..<(base + out.cols)])
      }
      weights = w
      return
    }
    weights = out.data.map { f in
      switch loss {
      case .mse: return 2
      case .logistic, .crossEntropy:
        let s = 1 / (1 + exp(-f))
        return s * (1 - s)
      case .hinge: return 0
      }
    }
  }

  /// r = ∇²_f L ḟ for the N×C tangent at `d` (row-major); `r` may be `d` (each entry is read before it is
  /// written).
  func apply(_ d: UnsafePointer<Double>, into r: UnsafeMutablePointer<Double>) {
    let n = rows
    let c = cols
    guard n > 0, c > 0 else { return }
    weights.withUnsafeBufferPointer { w in
      if softmax {
        for row in 0..<n {
          let base = row * c
          var dot = 0.0
          for j in 0..<c { dot += w[base + j] * d[base + j] }
          for j in 0..<c { r[base + j] = w[base + j] * (d[base + j] - dot) / Double(n) }
        }
        return
      }
      let denom = Double(n * c)
      for e in 0..<(n * c) { r[e] = w[e] * d[e] / denom }
    }
  }
}
