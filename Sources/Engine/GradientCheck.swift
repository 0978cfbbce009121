/// Largest discrepancy between backpropagation and central finite differences over all trainable
/// parameters: max_i |a_i − d_i| / max(|a_i|, |d_i|, 10⁻³), d_i = (L(θ + h e_i) − L(θ − h e_i)) / 2h, h = 10⁻⁵.
///
/// Why these numbers: the central difference has truncation error ~h²|L'''|/6 ≈ 10⁻¹¹ and round-off
/// ~ε|L|/h ≈ 10⁻¹¹ for |L| ~ 1, so agreement to ~10⁻⁹ absolute is expected; the floor 10⁻³ turns the
/// relative error into an absolute one for tiny gradient entries, where relative error is meaningless.
/// A correct backward pass gives ≲ 10⁻⁷ away from kinks (ReLU at 0, hinge at the margin).
///
/// With `training: true` each evaluation replays the same random stream (`seed`), so dropout masks and
/// stochastic-depth draws are identical and batch-norm uses batch statistics.
public func gradientCheck(
  _ net: Network, x: Matrix, y: Matrix, loss: Loss, training: Bool = false, seed: UInt64 = 7
) -> Double {
  let h = 1e-5
  var rng = RandomSource(seed: seed)
  let analytic = net.lossAndGradient(x, y, loss: loss, training: training, rng: &rng).gradient
  let saved = net.storage
  let savedState = net.state
  defer {
    net.storage = saved
    net.state = savedState
  }
  func lossAt(_ i: Int, _ delta: Double) -> Double {
    net.storage[i] = saved[i] + delta
    var r = RandomSource(seed: seed)
    let v = net.computeGradient(x, y, loss: loss, training: training, rng: &r)
    net.storage[i] = saved[i]
    return v
  }
  var worst = 0.0
  for i in 0..<net.parameterCount where net.trainable[i] != 0 {
    let d = (lossAt(i, h) - lossAt(i, -h)) / (2 * h)
    let a = analytic[i]
    worst = max(worst, abs(a - d) / max(abs(a), abs(d), 1e-3))
  }
  return worst
}
