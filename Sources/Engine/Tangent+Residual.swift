/// The R-operator of a residual block y = x + c · body(x) in evaluation mode, where stochastic depth
/// scales the branch by its survival probability c = 1 − p (Huang et al. 2016): ẏ = ẋ + c · body'(x)[ẋ],
/// and backward the branch receives (c g, c ġ) and its input sensitivities add to the skip path's.
extension ResidualBlock: TangentLayer {
  private var evaluationScale: Double { 1 - dropProbability }

  func forwardTangent(
    _ x: TangentPair, _ p: UnsafePointer<Double>, _ v: UnsafePointer<Double>, tape: TangentTape
  ) -> TangentPair {
    var current = x
    tape.body = []
    for (l, layer) in body.enumerated() {
      let inner = TangentTape()
      tape.body.append((current, inner))
      // `lossGradientAndHessianVector` checks that every body layer is a TangentLayer before the pass.
      guard let t = layer as? TangentLayer else { continue }
      current = t.forwardTangent(current, p + offsets[l], v + offsets[l], tape: inner)
    }
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
    var branch = TangentPair(value: c * g.value, tangent: c * g.tangent)
    for l in stride(from: body.count - 1, through: 0, by: -1) {
      guard let t = body[l] as? TangentLayer else { continue }
      let (input, inner) = tape.body[l]
      branch = t.backwardTangent(
        branch, input: input, p + offsets[l], v + offsets[l], tape: inner, into: acc.shifted(offsets[l]),
        needInput: true)
    }
    return TangentPair(value: g.value + branch.value, tangent: g.tangent + branch.tangent)
  }
}
