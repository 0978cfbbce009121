/// Dropout is the identity in evaluation mode, so its R-operator is too: the Hessian the engine computes
/// is that of the deterministic evaluation-mode loss (the one `lossAndGradient(training: false)` and
/// `loss(_:_:loss:)` define), not an expectation over dropout masks.
extension Dropout: TangentLayer {
  func forwardTangent(
    _ x: TangentPair, _ p: UnsafePointer<Double>, _ v: UnsafePointer<Double>, tape: TangentTape
  ) -> TangentPair {
    x
  }

  func backwardTangent(
    _ g: TangentPair, input x: TangentPair, _ p: UnsafePointer<Double>, _ v: UnsafePointer<Double>,
    tape: TangentTape, into acc: TangentAccumulator, needInput: Bool
  ) -> TangentPair {
    g
  }
}
