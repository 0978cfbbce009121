import Foundation

/// The four classification generators of the TensorFlow Playground (Smilkov & Carter 2016,
/// playground.tensorflow.org, `src/dataset.ts`), reproduced rule for rule. Playground labels +1/−1 are
/// stored as class 1 ("1") and class 0 ("-1"). `noise` is the Playground's slider value divided by 100,
/// i.e. 0…0.5; each generator documents what it does. The Playground's default sample count is 500. As in
/// the source, the two-class generators loop `i < n/2` per class, so an odd n yields n + 1 points.
extension Datasets {
  static let playgroundClasses = ["-1", "1"]

  /// `classifySpiralData`: for each class, i = 0..<n/2 with m = n/2: r = 5i/m, t = 1.75·2π·i/m + Δ,
  /// point (r sin t + U(−1,1)·noise, r cos t + U(−1,1)·noise); Δ = 0 → +1, Δ = π → −1.
  ///
  ///     var rng = RandomSource(seed: 0)
  ///     let d = try Datasets.playgroundSpiral(n: 500, noise: 0, rng: &rng)
  public static func playgroundSpiral(n: Int = 500, noise: Double = 0, rng: inout RandomSource) throws -> Dataset {
    try checkCount(n, min: 2)
    try checkNonNegative(noise, "noise")
    let m = Double(n) / 2
    var xs: [[Double]] = []
    var labels: [Int] = []
    for (deltaT, label) in [(0.0, 1), (Double.pi, 0)] {
      var i = 0
      while Double(i) < m {
        let r = Double(i) / m * 5
        let t = 1.75 * Double(i) / m * 2 * Double.pi + deltaT
        let px = r * sin(t) + rng.uniform(-1, 1) * noise
        let py = r * cos(t) + rng.uniform(-1, 1) * noise
        xs.append([px, py])
        labels.append(label)
        i += 1
      }
    }
    return labelled("playground_spiral", xs, labels, classes: playgroundClasses)
  }

  /// `classifyCircleData` (radius 5): n/2 points with r ~ U(0, 2.5) and n/2 with r ~ U(3.5, 5), angle
  /// ~ U(0, 2π), point (r sin a, r cos a). Noise does not move the point: the label is +1 iff the point
  /// displaced by (U(−5,5)·noise, U(−5,5)·noise) lies within distance 2.5 of the origin, else −1 — so
  /// noise flips labels near the gap.
  public static func playgroundCircle(n: Int = 500, noise: Double = 0, rng: inout RandomSource) throws -> Dataset {
    try checkCount(n, min: 2)
    try checkNonNegative(noise, "noise")
    let radius = 5.0
    var xs: [[Double]] = []
    var labels: [Int] = []
    for (lo, hi) in [(0.0, radius * 0.5), (radius * 0.7, radius)] {
      var i = 0
      while Double(i) < Double(n) / 2 {
        let r = rng.uniform(lo, hi)
        let angle = rng.uniform(0, 2 * Double.pi)
        let px = r * sin(angle)
        let py = r * cos(angle)
        let nx = rng.uniform(-radius, radius) * noise
        let ny = rng.uniform(-radius, radius) * noise
        xs.append([px, py])
        labels.append(((px + nx) * (px + nx) + (py + ny) * (py + ny)).squareRoot() < radius * 0.5 ? 1 : 0)
        i += 1
      }
    }
    return labelled("playground_circle", xs, labels, classes: playgroundClasses)
  }

  /// `classifyXORData`: n points with x, y ~ U(−5, 5) each pushed 0.3 away from its axis (x += ±0.3 by
  /// sign); the label is +1 iff (x + U(−5,5)·noise)(y + U(−5,5)·noise) ≥ 0 — the point itself is not moved.
  public static func playgroundXOR(n: Int = 500, noise: Double = 0, rng: inout RandomSource) throws -> Dataset {
    try checkCount(n)
    try checkNonNegative(noise, "noise")
    let padding = 0.3
    var xs: [[Double]] = []
    var labels: [Int] = []
    for _ in 0..<n {
      var px = rng.uniform(-5, 5)
      px += px > 0 ? padding : -padding
      var py = rng.uniform(-5, 5)
      py += py > 0 ? padding : -padding
      let nx = rng.uniform(-5, 5) * noise
      let ny = rng.uniform(-5, 5) * noise
      xs.append([px, py])
      labels.append((px + nx) * (py + ny) >= 0 ? 1 : 0)
    }
    return labelled("playground_xor", xs, labels, classes: playgroundClasses)
  }

  /// `classifyTwoGaussData`: n/2 points from N((2, 2), σ²I) labelled +1 and n/2 from N((−2, −2), σ²I)
  /// labelled −1, where the variance σ² = 0.5 + 7·noise (the Playground's linear map of noise 0…0.5 onto
  /// variance 0.5…4).
  public static func playgroundGauss(n: Int = 500, noise: Double = 0, rng: inout RandomSource) throws -> Dataset {
    try checkCount(n, min: 2)
    try checkNonNegative(noise, "noise")
    let std = (0.5 + noise / 0.5 * 3.5).squareRoot()
    var xs: [[Double]] = []
    var labels: [Int] = []
    for (c, label) in [(2.0, 1), (-2.0, 0)] {
      var i = 0
      while Double(i) < Double(n) / 2 {
        xs.append([c + std * rng.normal(), c + std * rng.normal()])
        labels.append(label)
        i += 1
      }
    }
    return labelled("playground_gauss", xs, labels, classes: playgroundClasses)
  }
}
