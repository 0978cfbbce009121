extension Datasets {
  /// Isotropic Gaussian blobs, as scikit-learn's `make_blobs` (shuffle = true): `centers` centres drawn
  /// uniformly from the box [−10, 10]^dim, then n samples split as evenly as possible (the first n mod K
  /// blobs get one extra), blob k drawn from N(c_k, std²·I) with label k.
  ///
  ///     var rng = RandomSource(seed: 0)
  ///     let d = try Datasets.gaussians(n: 300, centers: 3, std: 1, rng: &rng)
  public static func gaussians(
    n: Int = 100, centers: Int = 3, std: Double = 1, dim: Int = 2, rng: inout RandomSource
  ) throws -> Dataset {
    try checkCount(centers, "centers")
    try checkDim(dim)
    var centerRng = rng.fork("centers")
    // Centre c gets a point only when c < n: the rest are never drawn (they would come later in the
    // same stream, so the centres that are drawn do not change), but they still count as classes.
    let points = (0..<min(centers, n)).map { _ in (0..<dim).map { _ in centerRng.uniform(-10, 10) } }
    var ds = try gaussians(n: n, centers: points, std: std, classes: centers, rng: &rng)
    ds.name = "gaussians"
    return ds
  }

  /// Gaussian blobs around the given centres (all of one dimension), label k for centre k.
  public static func gaussians(
    n: Int, centers: [[Double]], std: Double = 1, classes: Int? = nil, rng: inout RandomSource
  ) throws -> Dataset {
    try checkCount(n)
    try checkNonNegative(std, "std")
    guard let dim = centers.first?.count, dim > 0, centers.allSatisfy({ $0.count == dim }) else {
      throw DataError.badParameter(
        name: "centers", value: "\(centers)", expected: "a non-empty list of points of one dimension")
    }
    guard centers.joined().allSatisfy(\.isFinite) else { throw DataError.nonFinite(what: "a centre coordinate") }
    let k = max(centers.count, classes ?? 0)
    var xs: [[Double]] = []
    var labels: [Int] = []
    for (c, center) in centers.enumerated() {
      let count = n / k + (c < n % k ? 1 : 0)
      for _ in 0..<count {
        xs.append(center.map { $0 + std * rng.normal() })
        labels.append(c)
      }
    }
    (xs, labels) = shuffled(xs, labels, rng: &rng)
    return labelled("gaussians", xs, labels, classes: (0..<k).map(String.init))
  }
}
