/// Weight statistics of a net (SPEC §4.7 `weights`).
public struct WeightSummary: Sendable {
  /// Euclidean norm of each layer's parameters (weights and biases), layers in declaration order.
  public var layerNorms: [Double]
  public var norm: Double
  public var values: [Double]
  /// Evenness: the Kolmogorov–Smirnov distance sup_t |F(t) − G(t)| between the empirical distribution F of
  /// the weights (biases excluded) and G of their negatives — 0 for an exactly even (symmetric)
  /// distribution such as Nitta's even initialisation, up to 1 for all-positive weights.
  public var evenness: Double
}

public func weightSummary(_ net: Network) -> WeightSummary {
  let theta = net.parameters
  var norms: [Double] = []
  var weights: [Double] = []
  for (l, layer) in net.layers.enumerated() {
    let off = net.offsets[l]
    let slice = theta[off..<(off + layer.parameterCount)]
    norms.append(slice.reduce(0) { $0 + $1 * $1 }.squareRoot())
    if let d = layer as? Dense { weights += theta[off..<(off + d.biasOffset)] } else { weights += slice }
  }
  return WeightSummary(
    layerNorms: norms, norm: theta.reduce(0) { $0 + $1 * $1 }.squareRoot(), values: theta,
    evenness: ksDistance(weights, weights.map { -$0 }))
}

/// sup_t |F_a(t) − F_b(t)| of two samples' empirical distribution functions.
func ksDistance(_ a: [Double], _ b: [Double]) -> Double {
  guard !a.isEmpty, !b.isEmpty else { return 0 }
  let sa = a.sorted()
  let sb = b.sorted()
  var i = 0
  var j = 0
  var worst = 0.0
  while i < sa.count || j < sb.count {
    let t = min(i < sa.count ? sa[i] : .infinity, j < sb.count ? sb[j] : .infinity)
    while i < sa.count && sa[i] <= t { i += 1 }
    while j < sb.count && sb[j] <= t { j += 1 }
    worst = max(worst, abs(Double(i) / Double(sa.count) - Double(j) / Double(sb.count)))
  }
  return worst
}
