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
    let n = out.rows
    let c = out.cols
    var r = Matrix(rows: n, cols: c)
    guard n > 0, c > 0 else { return r }
    if self == .crossEntropy && c > 1 {
      for row in 0..<n {
        let base = row * c
        let p = Softmax.row(out.data[base..<(base + c)])
        var dot = 0.0
        for j in 0..<c { dot += p[j] * dOut.data[base + j] }
        for j in 0..<c { r.data[base + j] = p[j] * (dOut.data[base + j] - dot) / Double(n) }
      }
      return r
    }
    let denom = Double(n * c)
    for e in 0..<(n * c) {
      let curvature: Double
      switch self {
      case .mse: curvature = 2
      case .logistic, .crossEntropy:
        let s = 1 / (1 + exp(-out.data[e]))
        curvature = s * (1 - s)
      case .hinge: curvature = 0
      }
      r.data[e] = curvature * dOut.data[e] / denom
    }
    return r
  }
}
