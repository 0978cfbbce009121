import Foundation

/// The softmax of one row of logits, the one implementation behind the `softmax` activation (forward and
/// tangent), cross-entropy's value and gradient, its Hessian-vector product and its Fisher weight:
/// out_j = exp(x_j − m)/s with m = max_j x_j and s = Σ_j exp(x_j − m), summed in order j = 0…C−1 (every
/// caller's bits depend on that order). Subtracting m keeps every exponent ≤ 0, so logits of any size
/// neither overflow nor all underflow (s ≥ 1); a −∞ logit gets probability 0 as long as one is finite.
/// Returns m and s, so that the log-sum-exp is log s + m. `out` may alias `x`.
///
/// `Softmax.row([0, log 3])` is [0.25, 0.75].
enum Softmax {
  @discardableResult
  static func row(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) -> (
    max: Double, sum: Double
  ) {
    var m = -Double.infinity
    for j in 0..<count { m = Swift.max(m, x[j]) }
    var s = 0.0
    for j in 0..<count {
      let e = Foundation.exp(x[j] - m)
      out[j] = e
      s += e
    }
    for j in 0..<count { out[j] /= s }
    return (m, s)
  }

  /// The softmax of a whole row as a new array.
  static func row<C: Collection>(_ x: C) -> [Double] where C.Element == Double {
    let v = Array(x)
    var p = v
    v.withUnsafeBufferPointer { xb in
      p.withUnsafeMutableBufferPointer { pb in
        guard let xp = xb.baseAddress, let op = pb.baseAddress else { return }
        row(xp, op, count: v.count)
      }
    }
    return p
  }
}
