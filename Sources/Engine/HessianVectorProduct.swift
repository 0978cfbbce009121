/// Hessian-vector product H v of the loss (evaluation mode) at the current parameters.
///
/// Computed by a fourth-order central difference of backpropagated gradients along v,
/// H v ≈ [8(g(θ + h v̂) − g(θ − h v̂)) − (g(θ + 2h v̂) − g(θ − 2h v̂))] / (12 h) · ‖v‖ with v̂ = v/‖v‖ and
/// h = 10⁻³: truncation O(h⁴ ‖∇⁵L‖) ≈ 10⁻¹², round-off ≈ ε‖g‖/h ≈ 10⁻¹³, so agreement with the exact product
/// is ~10⁻¹⁰ relative for smooth activations. It is NOT an exact R-op (Pearlmutter 1994): at ReLU-type kinks
/// within 2h of a pre-activation the difference straddles the kink. Frozen parameters get zero entries.
public func hessianVectorProduct(_ net: Network, x: Matrix, y: Matrix, loss: Loss, v: [Double]) -> [Double] {
  let p = net.parameterCount
  guard v.count == p else { return [Double](repeating: .nan, count: p) }
  let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
  if norm == 0 { return [Double](repeating: 0, count: p) }
  let h = 1e-3
  let saved = net.storage
  defer { net.storage = saved }
  func gradient(at t: Double) -> [Double] {
    for e in 0..<p { net.storage[e] = saved[e] + t * v[e] / norm * net.trainable[e] }
    var rng = RandomSource(seed: 0)
    _ = net.computeGradient(x, y, loss: loss, training: false, rng: &rng)
    return Array(net.sink.grad[0..<p])
  }
  let (g1p, g1m, g2p, g2m) = (gradient(at: h), gradient(at: -h), gradient(at: 2 * h), gradient(at: -2 * h))
  return (0..<p).map { e in (8 * (g1p[e] - g1m[e]) - (g2p[e] - g2m[e])) / (12 * h) * norm * net.trainable[e] }
}
