extension Datasets {
  /// A `cells`×`cells` checkerboard on [−1, 1]²: x uniform on the square, label
  /// (⌊(x₁+1)/2·cells⌋ + ⌊(x₂+1)/2·cells⌋) mod 2 — XOR generalised to many cells (cells = 2 is the
  /// quadrant XOR), a standard test of how many linear pieces a net can place.
  ///
  ///     var rng = RandomSource(seed: 0)
  ///     let d = try Datasets.checkerboard(n: 400, cells: 4, rng: &rng)
  public static func checkerboard(n: Int = 200, cells: Int = 4, rng: inout RandomSource) throws -> Dataset {
    try checkCount(n)
    guard cells >= 1 && cells <= 1000 else {
      throw DataError.badParameter(name: "cells", value: "\(cells)", expected: "an integer in 1…1000")
    }
    var xs: [[Double]] = []
    var labels: [Int] = []
    for _ in 0..<n {
      let p = [rng.uniform(-1, 1), rng.uniform(-1, 1)]
      xs.append(p)
      labels.append((checkerCell(p[0], cells) + checkerCell(p[1], cells)) % 2)
    }
    return labelled("checkerboard", xs, labels, classes: ["0", "1"])
  }

  static func checkerCell(_ v: Double, _ cells: Int) -> Int { min(Int((v + 1) / 2 * Double(cells)), cells - 1) }
}
