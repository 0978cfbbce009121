/// The exact Hessian-vector product H v of the evaluation-mode loss at the current parameters — the loss
/// `lossAndGradient(training: false)` differentiates: dropout off, stochastic-depth branches scaled by
/// their survival probability, batch norm with its running statistics.
///
/// Pearlmutter's R-operator (1994, "Fast exact multiplication by the Hessian"), forward over reverse: one
/// forward pass carries each activation with its directional derivative along v, one backward pass
/// carries each gradient with its directional derivative, and R{∂L/∂θ} = H v comes out exact up to
/// rounding for every layer, algebra, activation and loss (see `Tangent.swift` and the `Tangent+*.swift`
/// rules). At the kinks of ReLU-type activations, modReLU, zReLU and hinge the second derivative is taken
/// as 0 (its value almost everywhere). Frozen (`fixed`) parameters have zero rows and columns. The cost
/// is about three gradients; nothing is computed per sample.
///
/// ```swift
/// let hv = hessianVectorProduct(net, x: x, y: y, loss: .mse, v: direction)  // P values
/// ```
/// A `v` whose length is not `net.parameterCount` gives NaNs.
public func hessianVectorProduct(_ net: Network, x: Matrix, y: Matrix, loss: Loss, v: [Double]) -> [Double] {
  net.lossGradientAndHessianVector(x, y, loss: loss, direction: v, gradient: false)?.hessianVector
    ?? [Double](repeating: .nan, count: net.parameterCount)
}
