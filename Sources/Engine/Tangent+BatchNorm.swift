/// The R-operator of batch normalisation in evaluation mode, y = γ x̂ + β with x̂ = (x − μ)/√(σ² + ε) from
/// the RUNNING statistics μ, σ² — the map `lossAndGradient(training: false)` differentiates, under which
/// each sample's output depends on that sample alone. It is affine in x for fixed (γ, β), so
///
///     ẏ = γ̇ x̂ + γ x̂̇ + β̇,  x̂̇ = ẋ/√(σ² + ε)
///     g_x = γ g/√(σ² + ε),  R{g_x} = (γ̇ g + γ ġ)/√(σ² + ε)
///     ∂γ = Σ g x̂, R{∂γ} = Σ (ġ x̂ + g x̂̇);  ∂β = Σ g, R{∂β} = Σ ġ.
///
/// The Hessian of the training-mode loss (batch statistics, which couple the samples) is not computed.
extension BatchNorm: TangentLayer {
  /// The running mean and 1/√(σ² + ε) from the running variance, per feature.
  private func runningStatistics() -> (mean: [Double], invStd: [Double]) {
    var s = [Double](repeating: 0, count: 2 * features)
    s.withUnsafeMutableBufferPointer { readState($0.baseAddress!) }
    let mean = Array(s[0..<features])
    let inv = (0..<features).map { 1 / (s[features + $0] + epsilon).squareRoot() }
    return (mean, inv)
  }

  func forwardTangent(
    _ x: TangentPair, _ p: UnsafePointer<Double>, _ v: UnsafePointer<Double>, tape: TangentTape
  ) -> TangentPair {
    let (mean, inv) = runningStatistics()
    let fc = features
    var xhat = x
    var y = x
    for r in 0..<x.value.rows {
      for f in 0..<fc {
        let e = r * fc + f
        let h = (x.value.data[e] - mean[f]) * inv[f]
        let dh = x.tangent.data[e] * inv[f]
        xhat.value.data[e] = h
        xhat.tangent.data[e] = dh
        y.value.data[e] = p[f] * h + p[fc + f]
        y.tangent.data[e] = v[f] * h + p[f] * dh + v[fc + f]
      }
    }
    tape.pre = xhat
    return y
  }

  func backwardTangent(
    _ g: TangentPair, input x: TangentPair, _ p: UnsafePointer<Double>, _ v: UnsafePointer<Double>,
    tape: TangentTape, into acc: TangentAccumulator, needInput: Bool
  ) -> TangentPair {
    let inv = runningStatistics().invStd
    let fc = features
    let xhat = tape.pre
    var gx = g
    for r in 0..<g.value.rows {
      for f in 0..<fc {
        let e = r * fc + f
        let gv = g.value.data[e]
        let gt = g.tangent.data[e]
        acc.gradient[f] += gv * xhat.value.data[e]
        acc.hessianVector[f] += gt * xhat.value.data[e] + gv * xhat.tangent.data[e]
        acc.gradient[fc + f] += gv
        acc.hessianVector[fc + f] += gt
        gx.value.data[e] = p[f] * inv[f] * gv
        gx.tangent.data[e] = inv[f] * (v[f] * gv + p[f] * gt)
      }
    }
    return gx
  }
}
