/// The R-operator of a residual block y = x + c · body(x) in evaluation mode, where stochastic depth
/// scales the branch by its survival probability c = 1 − p (Huang et al. 2016): ẏ = ẋ + c · body'(x)[ẋ],
/// and backward the branch receives (c g, c ġ) and its input sensitivities add to the skip path's.
extension ResidualBlock: TangentLayer {
  private var evaluationScale: Double { 1 - dropProbability }

  func forwardTangent(
    _ x: TangentPair, _ p: UnsafePointer<Double>, _ v: UnsafePointer<Double>, tape: TangentTape
  ) -> TangentPair {
    let (current, records) = chain.forwardTangent(x, p, v)
    tape.body = records
    let c = evaluationScale
    var y = x
    for e in 0..<y.value.count {
      y.value.data[e] += c * current.value.data[e]
      y.tangent.data[e] += c * current.tangent.data[e]
    }
    return y
  }

  func backwardTangent(
    _ g: TangentPair, input x: TangentPair, _ p: UnsafePointer<Double>, _ v: UnsafePointer<Double>,
    tape: TangentTape, into acc: TangentAccumulator, needInput: Bool
  ) -> TangentPair {
    let c = evaluationScale
    let branch = chain.backwardTangent(
      TangentPair(value: c * g.value, tangent: c * g.tangent), records: tape.body, p, v, into: acc, needInput: true)
    return TangentPair(value: g.value + branch.value, tangent: g.tangent + branch.tangent)
  }
}
