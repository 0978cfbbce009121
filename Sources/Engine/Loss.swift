import Foundation

/// Training losses, each the mean over samples (SPEC §4.6). `f` is the net's output, `y` the target.
/// - `mse`: mean over samples AND outputs of (f − y)², as PyTorch's `MSELoss`.
/// - `crossEntropy`: softmax + negative log-likelihood, f are logits. Targets are either class indices
///   (y is N×1 with integers 0…C−1) or rows of class probabilities / one-hot (y is N×C). With a single
///   output it is the binary cross-entropy of `logistic`.
/// - `logistic`: log-loss softplus(f) − t f on each output taken as a logit, t ∈ [0, 1] (labels −1 count as 0).
/// - `hinge`: max(0, 1 − t f) per output with t = +1 for labels > 0 and −1 otherwise (so 0/1 and ±1 both work).
///
/// When the net's last dense layer ends in `softmax` (with `crossEntropy`) or `sigmoid` (with
/// `logistic`), `Network` hands the loss that layer's pre-activation instead of the probabilities: the
/// same loss, computed stably.
public enum Loss: String, Sendable, Codable, Hashable {
  case mse, crossEntropy, logistic, hinge

  /// The output activation whose composition with this loss is fused (see above): softmax for
  /// cross-entropy over several outputs, sigmoid for logistic and for cross-entropy on one output (binary).
  func fusedActivation(outputs: Int) -> Activation? {
    switch self {
    case .crossEntropy: return outputs == 1 ? .sigmoid : .softmax
    case .logistic: return .sigmoid
    default: return nil
    }
  }

  /// Checks that targets `y` fit `outputs` real outputs; the message names both numbers.
  public func validate(outputs: Int, targets y: Matrix) throws {
    if self == .crossEntropy && outputs == 1 {
      for v in y.data where !(v >= 0 && v <= 1) {
        throw EngineError.shapeMismatch(
          "cross_entropy on one output is binary: it needs labels 0/1 (or probabilities in [0, 1]), found \(v)")
      }
    }
    if self == .crossEntropy && outputs > 1 && y.cols == 1 {
      for v in y.data where v.rounded() != v || v < 0 || v >= Double(outputs) {
        throw EngineError.shapeMismatch(
          "cross_entropy needs class labels 0…\(outputs - 1) for a net with \(outputs) outputs, found \(v)")
      }
      return
    }
    guard y.cols == outputs else {
      throw EngineError.shapeMismatch(
        "the net has \(outputs) output\(outputs == 1 ? "" : "s") but the targets have \(y.cols) column\(y.cols == 1 ? "" : "s")"
      )
    }
  }

  /// The loss of outputs `out` (N×C) against targets `y`.
  public func value(_ out: Matrix, _ y: Matrix) -> Double {
    var g = Matrix(rows: 0, cols: 0)
    return evaluate(out, y, gradient: &g, wantGradient: false)
  }

  /// ∂loss/∂out.
  public func gradient(_ out: Matrix, _ y: Matrix) -> Matrix {
    var g = Matrix(rows: 0, cols: 0)
    _ = evaluate(out, y, gradient: &g, wantGradient: true)
    return g
  }

  /// Value, and (if asked) the gradient written into `g` (reshaped to out's shape).
  func evaluate(_ out: Matrix, _ y: Matrix, gradient g: inout Matrix, wantGradient: Bool) -> Double {
    let n = out.rows
    let c = out.cols
    if wantGradient { g.reshape(n, c) }
    guard n > 0, c > 0 else { return 0 }
    if self == .crossEntropy && c > 1 { return crossEntropy(out, y, &g, wantGradient) }
    let denom = Double(n * c)
    var total = 0.0
    out.data.withUnsafeBufferPointer { f in
      y.data.withUnsafeBufferPointer { t in
        g.data.withUnsafeMutableBufferPointer { gp in
          for e in 0..<(n * c) {
            let (v, d) = pointwise(f[e], t[e])
            total += v
            if wantGradient { gp[e] = d / denom }
          }
        }
      }
    }
    return total / denom
  }

  /// Per-entry loss and derivative for the entrywise losses (binary cross-entropy is logistic).
  @inline(__always) private func pointwise(_ f: Double, _ y: Double) -> (Double, Double) {
    switch self {
    case .mse:
      let d = f - y
      return (d * d, 2 * d)
    case .logistic, .crossEntropy:
      let t = max(0, y)
      let sp = f > 0 ? f + log1p(exp(-f)) : log1p(exp(f))
      return (sp - t * f, 1 / (1 + exp(-f)) - t)
    case .hinge:
      let t: Double = y > 0 ? 1 : -1
      let margin = 1 - t * f
      return margin > 0 ? (margin, -t) : (0, 0)
    }
  }

  private func crossEntropy(_ out: Matrix, _ y: Matrix, _ g: inout Matrix, _ wantGradient: Bool) -> Double {
    let n = out.rows
    let c = out.cols
    let indexLabels = y.cols == 1
    var total = 0.0
    var p = [Double](repeating: 0, count: c)
    for r in 0..<n {
      let (m, s) = out.data.withUnsafeBufferPointer { o in
        p.withUnsafeMutableBufferPointer { Softmax.row(o.baseAddress! + r * c, $0.baseAddress!, count: c) }
      }
      let logS = log(s) + m
      for j in 0..<c {
        let t = indexLabels ? (WholeNumber.exact(y.data[r]) == j ? 1.0 : 0.0) : y.data[r * c + j]
        if t != 0 { total -= t * (out.data[r * c + j] - logS) }
        if wantGradient { g.data[r * c + j] = (p[j] - t) / Double(n) }
      }
    }
    return total / Double(n)
  }

  /// Λ of the Fisher information for one sample's output f (C values): I for mse and hinge,
  /// diag(p) − ppᵀ (softmax covariance) for cross-entropy, diag(σ(1 − σ)) for logistic (SPEC §4.7).
  func fisherWeight(_ f: ArraySlice<Double>) -> Matrix {
    let c = f.count
    let v = Array(f)
    switch self {
    case .mse, .hinge: return Matrix.identity(c)
    case .logistic: return diagonalSigmoid(v)
    case .crossEntropy:
      if c == 1 { return diagonalSigmoid(v) }
      let p = Softmax.row(v)
      var l = Matrix(rows: c, cols: c)
      for i in 0..<c { for j in 0..<c { l[i, j] = (i == j ? p[i] : 0) - p[i] * p[j] } }
      return l
    }
  }

  private func diagonalSigmoid(_ v: [Double]) -> Matrix {
    var l = Matrix(rows: v.count, cols: v.count)
    for i in 0..<v.count {
      let s = 1 / (1 + exp(-v[i]))
      l[i, i] = s * (1 - s)
    }
    return l
  }
}
