import Foundation

extension Datasets {
  /// Wieland's two-spirals benchmark (Lang & Witbrock 1988; CMU benchmark collection), exactly: for
  /// i = 0…96, φ = iπ/16, r = 6.5·(104 − i)/104, the point (r sin φ, r cos φ) has label 1 and its negation
  /// (−r sin φ, −r cos φ) label 0. Points are interleaved as in the original generator: spiral-1 point i,
  /// then its mirror. The default `points: 194` gives those 194 points; seed 000 uses them.
  ///
  /// Other even `points` = 2m keep the same three-turn curves and sample m points per spiral at the
  /// evenly spaced parameters i_k = 96·k/(m − 1), k = 0…m−1 (m = 97 reproduces Wieland). `noise` > 0
  /// adds N(0, noise²) to each coordinate.
  ///
  ///     var rng = RandomSource(seed: 0)
  ///     let d = try Datasets.twoSpirals(rng: &rng)  // d.x.row(0) == [0, 6.5], label 1
  public static func twoSpirals(points: Int = 194, noise: Double = 0, rng: inout RandomSource) throws -> Dataset {
    try checkCount(points, "points", min: 2)
    guard points % 2 == 0 else {
      throw DataError.badParameter(name: "points", value: "\(points)", expected: "an even number (two spirals)")
    }
    try checkNonNegative(noise, "noise")
    let m = points / 2
    var xs: [[Double]] = []
    var labels: [Int] = []
    xs.reserveCapacity(points)
    labels.reserveCapacity(points)
    for k in 0..<m {
      let i = m == 97 ? Double(k) : (m == 1 ? 0 : 96 * Double(k) / Double(m - 1))
      let phi = i * Double.pi / 16
      let r = 6.5 * (104 - i) / 104
      let p = [r * sin(phi), r * cos(phi)]
      xs.append(p)
      labels.append(1)
      xs.append([-p[0], -p[1]])
      labels.append(0)
    }
    jitter(&xs, std: noise, rng: &rng)
    return labelled("two_spirals", xs, labels, classes: ["0", "1"])
  }
}
