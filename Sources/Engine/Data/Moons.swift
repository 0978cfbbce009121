import Foundation

extension Datasets {
  /// Two interleaving half-circles, as scikit-learn's `make_moons` (shuffle = true): ⌊n/2⌋ points
  /// (cos t, sin t) with t evenly spaced on [0, π] endpoints included (label 0), and the remaining
  /// n − ⌊n/2⌋ points (1 − cos t, 1 − sin t − 0.5) (label 1); then the samples are shuffled and
  /// N(0, noise²) is added to each coordinate.
  ///
  ///     var rng = RandomSource(seed: 0)
  ///     let d = try Datasets.moons(n: 200, noise: 0.1, rng: &rng)
  public static func moons(n: Int = 100, noise: Double = 0, rng: inout RandomSource) throws -> Dataset {
    try checkCount(n, min: 2)
    try checkNonNegative(noise, "noise")
    let nOut = n / 2
    let nIn = n - nOut
    func t(_ k: Int, _ m: Int) -> Double { m == 1 ? 0 : Double.pi * Double(k) / Double(m - 1) }
    var xs: [[Double]] = []
    var labels: [Int] = []
    for k in 0..<nOut {
      xs.append([cos(t(k, nOut)), sin(t(k, nOut))])
      labels.append(0)
    }
    for k in 0..<nIn {
      xs.append([1 - cos(t(k, nIn)), 1 - sin(t(k, nIn)) - 0.5])
      labels.append(1)
    }
    (xs, labels) = shuffled(xs, labels, rng: &rng)
    jitter(&xs, std: noise, rng: &rng)
    return labelled("moons", xs, labels, classes: ["0", "1"])
  }
}
