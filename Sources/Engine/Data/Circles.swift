import Foundation

extension Datasets {
  /// Two concentric circles, as scikit-learn's `make_circles` (shuffle = true): ⌊n/2⌋ points evenly spaced
  /// on the unit circle (label 0) and the remaining n − ⌊n/2⌋ on the circle of radius `factor` (label 1),
  /// angles 2πk/m with the endpoint excluded; then N(0, noise²) is added to each coordinate and the samples
  /// are shuffled.
  ///
  ///     var rng = RandomSource(seed: 0)
  ///     let d = try Datasets.circles(n: 100, noise: 0.05, factor: 0.5, rng: &rng)
  public static func circles(
    n: Int = 100, noise: Double = 0, factor: Double = 0.8, rng: inout RandomSource
  ) throws -> Dataset {
    try checkCount(n, min: 2)
    try checkNonNegative(noise, "noise")
    guard factor >= 0 && factor < 1 else {
      throw DataError.badParameter(name: "factor", value: "\(factor)", expected: "a number in [0, 1)")
    }
    let nOut = n / 2
    let nIn = n - nOut
    var xs: [[Double]] = []
    var labels: [Int] = []
    for (count, radius, label) in [(nOut, 1.0, 0), (nIn, factor, 1)] {
      for k in 0..<count {
        let t = 2 * Double.pi * Double(k) / Double(count)
        xs.append([radius * cos(t), radius * sin(t)])
        labels.append(label)
      }
    }
    (xs, labels) = shuffled(xs, labels, rng: &rng)
    jitter(&xs, std: noise, rng: &rng)
    return labelled("circles", xs, labels, classes: ["0", "1"])
  }
}
